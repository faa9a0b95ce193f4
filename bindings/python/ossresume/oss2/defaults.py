"""oss2.defaults: module-level defaults a program may change, read when oss2 reads them.

``multipart_threshold``, ``part_size`` and ``multipart_num_threads`` are read at each
:func:`resumable_upload` call; ``connect_timeout`` and ``request_retries`` when a
:class:`Bucket` is created. ``connection_pool_size`` is kept for programs that set it; the
engine sizes its own connection pool (one connection per part in flight).
"""

from __future__ import annotations

from typing import Any

#: Seconds to wait for a connection, and for each read or write on it (oss2 gives requests
#: one timeout for both).
connect_timeout = 60

#: Retries of a request that failed for a transient reason.
request_retries = 3

#: Files of at least this many bytes go in parts; smaller ones as one PutObject.
multipart_threshold = 10 * 1024 * 1024

#: Parts uploaded at once by resumable_upload.
multipart_num_threads = 1

#: Preferred part size; determine_part_size raises it to stay within 10,000 parts.
part_size = 10 * 1024 * 1024

#: oss2's connection pool size per session (not used by the engine).
connection_pool_size = 10

#: oss2's resumable download settings, kept so programs that set them still import.
multiget_threshold = 100 * 1024 * 1024
multiget_num_threads = 4
multiget_part_size = 10 * 1024 * 1024


def get(value: Any, default_value: Any) -> Any:
    """value, or default_value when value is None (oss2's helper)."""
    return default_value if value is None else value
