"""Values handed back to the caller: the upload's result and a progress snapshot."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Mapping, NamedTuple, Tuple

from . import _lib


class Headers(Mapping[str, str]):
    """Response headers, looked up without regard to case as HTTP intends."""

    def __init__(self, pairs: List[Tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        self._items: Dict[str, Tuple[str, str]] = {}
        for name, value in pairs:
            low = name.lower()
            if low in self._items:  # repeated header: join as HTTP allows
                value = self._items[low][1] + ", " + value
            self._items[low] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self)!r})"


@dataclass(frozen=True)
class UploadResult:
    """What an upload created. Names follow oss2's PutObjectResult where it has one
    (``status``, ``etag`` without quotes, ``crc``, ``request_id``, ``versionid``)."""

    status: int
    bucket: str
    key: str
    etag: str                 # without the quotes, as oss2 gives it
    crc: int                  # CRC-64/ECMA of the object, verified against the server's
    request_id: str           # of Complete (or PutObject)
    upload_id: str            # "" when sent with one PutObject
    version_id: str           # "" when versioning is off
    bytes_sent: int           # part bytes sent in this call
    bytes_resumed: int        # part bytes carried over from an interrupted call
    total_bytes: int
    part_size: int
    parts: int                # 0 for PutObject
    body: bytes = field(repr=False)  # Complete's (or PutObject's) response body
    headers: Headers = field(repr=False, default_factory=Headers)
    # True when the server's CRC-64 of the object matched (from Complete / PutObject, or a HEAD
    # when a proxy stripped it); False: the object exists but no server CRC proved its bytes.
    verified: bool = False

    @property
    def crc64(self) -> int:
        return self.crc

    @property
    def versionid(self) -> str:
        return self.version_id


class Progress(NamedTuple):
    done: int       # bytes done, parts carried over from an earlier call included
    total: int      # the file's size; 0 until the file has been opened
    finished: bool  # the upload has ended; wait() returns at once


def result_from(res: "ctypes._Pointer[_lib.ossr_result]") -> UploadResult:
    """Copies a library result into Python values (the caller frees the struct)."""
    r = res.contents
    pairs = []
    for line in _lib.read_string_array(r.headers):
        name, _, value = line.partition(":")
        pairs.append((name.strip(), value.strip()))
    body = ctypes.string_at(r.body, r.body_len) if r.body and r.body_len else b""
    return UploadResult(
        status=r.http_status, bucket=_lib.pystr(r.bucket), key=_lib.pystr(r.key),
        etag=_lib.pystr(r.etag).strip('"'), crc=r.crc64,
        request_id=_lib.pystr(r.request_id), upload_id=_lib.pystr(r.upload_id),
        version_id=_lib.pystr(r.version_id), bytes_sent=r.bytes_sent,
        bytes_resumed=r.bytes_resumed, total_bytes=r.total_bytes, part_size=r.part_size,
        parts=r.parts, body=body, headers=Headers(pairs),
        verified=r.size >= _lib.ossr_result.verified.offset + ctypes.sizeof(ctypes.c_int) and bool(r.verified))
