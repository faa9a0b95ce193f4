"""Downloads: the Download handle and the oss2-shaped resumable_download on top of it.

The mirror of _upload: a download runs on the library's own threads (ossr_download_start) and
Python waits for it in slices of at most 100 ms, so Ctrl-C gets through and the progress
callback runs on the caller's thread. The handle is Upload's class over ossr_download_*.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from . import _lib, errors
from ._bucket import Bucket, PathLike, int_arg
from ._result import Headers
from ._upload import CheckpointArg, ProgressCallback, Upload, _retries_arg, _transfer_args

#: oss2's default multiget_threshold; accepted and checked here, see resumable_download.
DEFAULT_MULTIGET_THRESHOLD = 100 * 1024 * 1024


@dataclass(frozen=True)
class DownloadResult:
    """What a download wrote. Names follow UploadResult's (and oss2's where it has one)."""

    status: int
    bucket: str
    key: str
    etag: str                 # the object's, without the quotes
    crc: int                  # CRC-64/ECMA of the file, combined from its ranges
    request_id: str           # of the HEAD that identified the object
    version_id: str           # "" when versioning is off
    bytes_fetched: int        # bytes fetched from the server in this call
    bytes_resumed: int        # bytes of ranges carried over from an interrupted call
    total_bytes: int          # the object's size, and the file's
    part_size: int            # bytes per ranged GET
    parts: int                # ranges
    headers: Headers = field(repr=False, default_factory=Headers)  # the HEAD's
    # True when the object's x-oss-hash-crc64ecma matched the file's CRC-64; False: the
    # server sent none, so nothing proved the bytes.
    verified: bool = False

    @property
    def crc64(self) -> int:
        return self.crc

    @property
    def versionid(self) -> str:
        return self.version_id


def download_result_from(res: "ctypes._Pointer[_lib.ossr_result]") -> DownloadResult:
    """Copies a download's library result into Python values (the caller frees the struct)."""
    r = res.contents
    pairs = []
    for line in _lib.read_string_array(r.headers):
        name, _, value = line.partition(":")
        pairs.append((name.strip(), value.strip()))
    return DownloadResult(
        status=r.http_status, bucket=_lib.pystr(r.bucket), key=_lib.pystr(r.key),
        etag=_lib.pystr(r.etag).strip('"'), crc=r.crc64, request_id=_lib.pystr(r.request_id),
        version_id=_lib.pystr(r.version_id), bytes_fetched=r.bytes_sent,
        bytes_resumed=r.bytes_resumed, total_bytes=r.total_bytes, part_size=r.part_size,
        parts=r.parts, headers=Headers(pairs), verified=bool(r.verified))


class Download(Upload):
    """One download running in the background: Upload's handle over ossr_download_* (the same
    progress, wait, run, cancel and close; the result is a DownloadResult). Leaving the
    ``with`` block cancels a download still running, keeping its checkpoint and temporary
    file for the next call."""

    _family = "download"

    def _result(self, res: Any) -> DownloadResult:
        return download_result_from(res)

    def __repr__(self) -> str:
        return f"<ossresume.Download {self.key!r} to {os.fspath(self.filename)!r}>"


def _record_name(bucket: str, key: str, filename: PathLike) -> str:
    """A download record's file name in a store directory: one per (bucket, key, target)."""
    def h(s: str) -> str:
        return hashlib.sha256(s.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    path = os.path.normcase(os.path.normpath(os.path.abspath(os.fspath(filename))))
    return f"{h('oss://' + bucket + '/' + key)}-{h(path)}.dcp"


def _empty_or_refused(name: str, value: Any) -> None:
    """params and headers are oss2's; the engine sends neither, so anything in them is refused
    by name rather than silently dropped (a versionId or a traffic limit the caller relies on)."""
    if value is None:
        return
    if not isinstance(value, Mapping):
        raise errors.ClientError(code="InvalidArgument", message=(
            f"{name} must be a dict, not {value!r}"))
    if value:
        raise errors.ClientError(code="InvalidArgument", message=(
            f"{name}={dict(value)!r}: not supported by ossresume's download (it fetches the "
            f"current version with its own headers)"))


def start_download(bucket: Bucket, key: str, filename: PathLike, *,
                   checkpoint: CheckpointArg = True, store: Any = None,
                   part_size: Optional[int] = None, num_threads: Optional[int] = None,
                   retries: Optional[int] = None) -> Download:
    """Starts a download and returns its handle at once; bad arguments raise ClientError here,
    before any traffic. Keywords as :func:`resumable_download`."""
    mode, cp_path = _transfer_args(bucket, key, filename, checkpoint, store, _record_name)
    retries_c = _retries_arg(retries)
    opts = _lib.ossr_download_options(
        bucket=_lib.cstr(bucket.bucket_name), key=_lib.cstr(key),
        file_path=_lib.cpath(filename),
        part_size=0 if part_size is None else int_arg("part_size", part_size),
        threads=0 if num_threads is None else int_arg("num_threads", num_threads),
        checkpoint=mode, checkpoint_path=_lib.cpath(cp_path), retries=retries_c)
    lib = _lib.lib()
    handle = ctypes.POINTER(_lib.ossr_download)()
    err = ctypes.POINTER(_lib.ossr_error)()
    _lib.check(lib.ossr_download_start(bucket.handle, ctypes.byref(opts), ctypes.byref(handle),
                                       ctypes.byref(err)), err)
    return Download(handle, bucket, key, filename)


def resumable_download(bucket: Bucket, key: str, filename: PathLike,
                       multiget_threshold: Optional[int] = None,
                       part_size: Optional[int] = None,
                       progress_callback: Optional[ProgressCallback] = None,
                       num_threads: Optional[int] = None, store: Any = None,
                       params: Optional[Mapping[str, Any]] = None,
                       headers: Optional[Mapping[str, str]] = None, *,
                       checkpoint: CheckpointArg = True,
                       retries: Optional[int] = None) -> DownloadResult:
    """Downloads key into filename, resuming an earlier interrupted download of it.

    The arguments are oss2's, in oss2's order (``ossresume.oss2.resumable_download`` is oss2's
    call itself, with oss2's defaults, store and exceptions). Here:

    - ``checkpoint``: True (default) records finished ranges at ``<filename>.dcp`` (or in
      ``store``, a directory or an oss2 ResumableDownloadStore) and keeps them in
      ``<filename>.tmp`` until the object is whole and its CRC-64 matched; a path puts the
      record there; False is not resumable (a hidden temporary file, removed on failure).
      Whatever happens, nothing is written under ``filename`` but the verified object.
    - ``part_size``: bytes per ranged GET (default 8 MiB; a resumed download keeps its own).
      ``num_threads``: ranges in flight (default 4).
    - ``multiget_threshold``: checked (an int >= 0) and otherwise without effect: every
      object goes through the same ranged, verified, resumable path (oss2 fetches objects
      below it with one GET and no record).
    - ``params``, ``headers``: None or empty; anything in them is refused before any
      request (the engine sends no versionId and no extra headers).
    - ``progress_callback(consumed_bytes, total_bytes)``: called on this thread as bytes land,
      values that only grow and end at (total, total) once the file is in place. If it
      raises, the download is cancelled (checkpoint kept) and the exception propagates.

    Ctrl-C cancels within a second and keeps the checkpoint. Returns a DownloadResult; raises
    an OssError subclass (ServerError, e.g. NoSuchKey; RequestError; InconsistentError;
    ClientError before any traffic) or, for the target, an OSError subclass
    (FileNotFound for a missing directory, IsADirectory, FilePermissionError, ...).
    """
    if multiget_threshold is not None and int_arg("multiget_threshold", multiget_threshold) < 0:
        raise errors.ClientError(code="InvalidArgument", message=(
            f"multiget_threshold must be >= 0, not {multiget_threshold}"))
    _empty_or_refused("params", params)
    _empty_or_refused("headers", headers)
    if progress_callback is not None and not callable(progress_callback):
        raise errors.ClientError(code="InvalidArgument", message=(
            f"progress_callback must be callable, not {progress_callback!r}"))
    with start_download(bucket, key, filename, checkpoint=checkpoint, store=store,
                        part_size=part_size, num_threads=num_threads, retries=retries) as dl:
        return dl.run(progress_callback)
