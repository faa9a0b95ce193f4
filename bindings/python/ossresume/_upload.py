"""Uploads: the Upload handle and the oss2-shaped resumable_upload on top of it.

Every upload runs on the library's own threads (ossr_upload_start); Python only waits for it
in slices of at most 100 ms. That is what lets Ctrl-C through within a second (a ctypes call
defers KeyboardInterrupt until it returns), and it means the progress callback always runs
on the caller's thread: no ctypes callback is ever entered from a foreign thread.
"""

from __future__ import annotations

import asyncio
import ctypes
import hashlib
import os
import threading
import time
from typing import Any, Callable, Iterable, List, Mapping, Optional, Tuple, Union

from . import _lib, errors
from ._bucket import Bucket, PathLike, int_arg
from ._result import Progress, UploadResult, result_from

#: oss2's default: files smaller than this go as one PutObject.
DEFAULT_MULTIPART_THRESHOLD = 10 * 1024 * 1024

ProgressCallback = Callable[[int, int], Any]
HeadersArg = Union[Mapping[str, str], Iterable[Tuple[str, str]], None]
CheckpointArg = Union[bool, PathLike]

_SLICE_MS = 100


class Upload:
    """One upload running in the background. Use as a context manager (leaving it cancels an
    upload still running, keeping its checkpoint) or call :meth:`close`.

    :meth:`progress`, :meth:`cancel` and :meth:`done` may be called from any thread.
    """

    #: The native family whose calls drive the handle: ossr_<family>_progress, _wait, ...
    #: (ossresume.Download is the same class over ossr_download_*).
    _family = "upload"

    def _fn(self, name: str) -> Any:
        return getattr(_lib.lib(), f"ossr_{self._family}_{name}")

    def _result(self, res: Any) -> Any:
        return result_from(res)

    def __init__(self, handle: Any, bucket: Bucket, key: str, filename: PathLike) -> None:
        self._handle = handle
        self._cond = threading.Condition()
        self._busy = 0  # calls in flight on the handle; close() waits for them
        self.bucket = bucket
        self.key = key
        self.filename = filename

    # The handle must not be freed while another thread is inside a call on it.
    def _enter(self) -> Any:
        with self._cond:
            if self._handle is None:
                raise errors.ClientError(code="Closed", message=f"the {type(self).__name__} is closed")
            self._busy += 1
            return self._handle

    def _leave(self) -> None:
        with self._cond:
            self._busy -= 1
            self._cond.notify_all()

    def progress(self) -> Progress:
        """The latest (done, total, finished), without blocking."""
        h = self._enter()
        try:
            done, total, finished = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int()
            rc = self._fn("progress")(h, ctypes.byref(done), ctypes.byref(total),
                                                 ctypes.byref(finished))
            _lib.check_bare(rc)
            return Progress(done.value, total.value, bool(finished.value))
        finally:
            self._leave()

    def done(self) -> bool:
        return self.progress().finished

    def cancel(self) -> None:
        """Asks the upload to stop; returns at once. It then ends with CancelledError, its
        checkpoint kept, normally within 100 ms."""
        h = self._enter()
        try:
            _lib.check_bare(self._fn("cancel")(h))
        finally:
            self._leave()

    def _poll(self, timeout_ms: int) -> Optional[UploadResult]:
        """One wait of at most timeout_ms: the result, None while running, or the error."""
        h = self._enter()
        try:
            lib = _lib.lib()
            res = ctypes.POINTER(_lib.ossr_result)()
            err = ctypes.POINTER(_lib.ossr_error)()
            rc = self._fn("wait")(h, timeout_ms, ctypes.byref(res), ctypes.byref(err))
            if rc == _lib.OSSR_E_TIMEOUT:
                return None
            _lib.check(rc, err)
            try:
                return self._result(res)
            finally:
                lib.ossr_result_free(res)
        finally:
            self._leave()

    def wait(self, timeout: Optional[float] = None) -> UploadResult:
        """Waits for the upload and returns its result, or raises its error. With a timeout
        (seconds) that passes first, raises TimeoutError and the upload keeps running."""
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        while True:
            slice_ms = _SLICE_MS
            if deadline is not None:
                slice_ms = min(slice_ms, max(0, int((deadline - time.monotonic()) * 1000)))
            result = self._poll(slice_ms)
            if result is not None:
                return result
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"{self._family} of {self.key!r} still running after {timeout} s")

    def _next_progress(self, timeout_ms: int) -> Tuple[int, int, bool, bool]:
        """Waits at most timeout_ms for the progress to move or the upload to end:
        (done, total, finished, moved); moved is False when the time ran out first."""
        h = self._enter()
        try:
            done, total, finished = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int()
            rc = self._fn("progress_wait")(h, timeout_ms, ctypes.byref(done),
                                                      ctypes.byref(total),
                                                      ctypes.byref(finished))
            if rc != _lib.OSSR_E_TIMEOUT:
                _lib.check_bare(rc)
            return done.value, total.value, bool(finished.value), rc == _lib.OSSR_OK
        finally:
            self._leave()

    def run(self, progress_callback: Optional[ProgressCallback] = None) -> UploadResult:
        """Waits like :meth:`wait`, calling progress_callback(done, total) on this thread each
        time the upload moves (every chunk the connection takes, and every part's end as a
        value of its own; a slow callback sees the latest value, never a stale one). Values only grow and the
        last call is (total, total) once the object exists. If the callback raises, or
        KeyboardInterrupt arrives, the upload is cancelled (checkpoint kept) and that
        exception propagates."""
        last = 0
        try:
            if progress_callback is None:
                while True:
                    result = self._poll(_SLICE_MS)
                    if result is not None:
                        return result
            while True:
                # Slices of at most 100 ms, so Ctrl-C is seen within that.
                done, total, finished, _ = self._next_progress(_SLICE_MS)
                if finished:
                    result = self._poll(0)  # raises the upload's error
                    if result is None:  # cannot happen once finished; be safe
                        continue
                    if result.total_bytes > last:
                        progress_callback(result.total_bytes, result.total_bytes)
                    return result
                if done > last and total > 0:
                    last = done
                    progress_callback(done, total)
        except BaseException:
            self._stop()
            raise

    async def run_async(self, progress_callback: Optional[ProgressCallback] = None,
                        interval: float = 0.1) -> UploadResult:
        """:meth:`run` for asyncio: polls without blocking the loop; cancelling the task
        cancels the upload."""
        last = 0
        try:
            while True:
                result = self._poll(0)
                if progress_callback is not None:
                    if result is not None:
                        done, total = result.total_bytes, result.total_bytes
                    else:
                        done, total, _ = self.progress()
                    if done > last:
                        last = done
                        progress_callback(done, total)
                if result is not None:
                    return result
                await asyncio.sleep(interval)
        except BaseException:
            self._stop()
            raise

    def _stop(self) -> None:
        """Cancels and waits until the upload has ended, keeping any outcome unread."""
        h = self._enter()
        try:
            self._fn("cancel")(h)
            while self._fn("wait")(h, _SLICE_MS, None, None) == _lib.OSSR_E_TIMEOUT:
                pass
        finally:
            self._leave()

    def close(self) -> None:
        """Frees the handle; an upload still running is cancelled first (checkpoint kept)."""
        with self._cond:
            h, self._handle = self._handle, None
            if h is None:
                return
            if self._busy:
                # Another thread is inside a call (a wait returns within one slice); cancel
                # first so that thread sees CancelledError rather than a closed handle.
                self._fn("cancel")(h)
            while self._busy:
                self._cond.wait()
        self._fn("free")(h)

    def __enter__(self) -> "Upload":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ossresume.Upload {self.key!r} from {os.fspath(self.filename)!r}>"


def _header_lines(headers: HeadersArg) -> List[str]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    lines = []
    for name, value in items:
        if not isinstance(name, str) or not isinstance(value, str):
            raise errors.ClientError(code="InvalidArgument", message=(
                f"headers: names and values must be str, not {name!r}: {value!r}"))
        lines.append(f"{name}: {value}")
    return lines


def _store_dir(store: Any) -> str:
    """A directory for checkpoint records: a path, or an oss2 ResumableStore (its .dir)."""
    if isinstance(store, (str, os.PathLike)):
        return os.fspath(store)
    d = getattr(store, "dir", None)
    if isinstance(d, str):
        return d
    raise errors.ClientError(code="InvalidArgument", message=(
        f"store must be a directory path or an oss2 ResumableStore, not {store!r}"))


def _record_name(bucket: str, key: str, filename: PathLike) -> str:
    """A checkpoint file name in a store directory: one per (bucket, key, absolute file)."""
    def h(s: str) -> str:
        return hashlib.sha256(s.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    path = os.path.normcase(os.path.normpath(os.path.abspath(os.fspath(filename))))
    return f"{h('oss://' + bucket + '/' + key)}-{h(path)}.cp"


def start_upload(bucket: Bucket, key: str, filename: PathLike, *,
                 checkpoint: CheckpointArg = True, store: Any = None,
                 headers: HeadersArg = None, multipart_threshold: Optional[int] = None,
                 part_size: Optional[int] = None, num_threads: Optional[int] = None,
                 retries: Optional[int] = None, part_sha256: bool = False,
                 continue_upload_id: Optional[str] = None,
                 disable_sha256: bool = False) -> Upload:
    """Starts an upload and returns its handle at once; bad arguments raise ClientError here,
    before any traffic. Keywords as :func:`resumable_upload`, and ``continue_upload_id``:
    continue this multipart upload another client started (oss2's record names one) when
    the checkpoint holds no record of it; ``part_size`` must then be the size it used."""
    mode, cp_path = _transfer_args(bucket, key, filename, checkpoint, store, _record_name)
    threshold = DEFAULT_MULTIPART_THRESHOLD if multipart_threshold is None else int_arg(
        "multipart_threshold", multipart_threshold)
    if threshold < 0:
        raise errors.ClientError(code="InvalidArgument", message=(
            f"multipart_threshold must be >= 0, not {threshold}"))
    retries_c = _retries_arg(retries)
    header_arr = _lib.string_array(_header_lines(headers))
    opts = _lib.ossr_upload_options(
        bucket=_lib.cstr(bucket.bucket_name), key=_lib.cstr(key),
        file_path=_lib.cpath(filename),
        part_size=0 if part_size is None else int_arg("part_size", part_size),
        threads=0 if num_threads is None else int_arg("num_threads", num_threads),
        checkpoint=mode, checkpoint_path=_lib.cpath(cp_path),
        headers=header_arr[0] if header_arr else None,
        part_sha256=int(bool(part_sha256)), disable_sha256=int(bool(disable_sha256)),
        retries=retries_c,
        multipart_threshold=threshold, continue_upload_id=_lib.cstr(continue_upload_id))
    lib = _lib.lib()
    handle = ctypes.POINTER(_lib.ossr_upload)()
    err = ctypes.POINTER(_lib.ossr_error)()
    _lib.check(lib.ossr_upload_start(bucket.handle, ctypes.byref(opts), ctypes.byref(handle),
                                     ctypes.byref(err)), err)
    return Upload(handle, bucket, key, filename)


def resumable_upload(bucket: Bucket, key: str, filename: PathLike, *,
                     store: Any = None, headers: HeadersArg = None,
                     multipart_threshold: Optional[int] = None,
                     part_size: Optional[int] = None,
                     progress_callback: Optional[ProgressCallback] = None,
                     num_threads: Optional[int] = None, checkpoint: CheckpointArg = True,
                     retries: Optional[int] = None, part_sha256: bool = False,
                     disable_sha256: bool = False) -> UploadResult:
    """Uploads filename to key, resuming an earlier interrupted upload of the same file.

    The keywords are oss2's (``store``, ``headers``, ``multipart_threshold``, ``part_size``,
    ``progress_callback``, ``num_threads``); ``ossresume.oss2.resumable_upload`` is oss2's
    call itself, with oss2's defaults and result. Here:

    - ``checkpoint``: True (default) keeps the record at ``<filename>.cp``, or in ``store``
      (a directory, or an oss2 ResumableStore) when given; a path puts it there; False makes
      the upload not resumable (a failure aborts it on the server).
    - ``multipart_threshold``: files smaller go as one PutObject (default 10 MiB, as oss2).
    - ``part_size``: bytes per part (default 8 MiB; 100 KiB..5 GiB; a resumed upload keeps
      its own). ``num_threads``: parts in flight (default 4).
    - ``progress_callback(consumed_bytes, total_bytes)``: called on this thread each time
      the upload moves (at least once per part), with values that only grow and end at the
      total. If it raises, the upload is cancelled (checkpoint kept) and the exception
      propagates.
    - ``part_sha256``: also keep each part's SHA-256 in the checkpoint record, a
      cryptographic fingerprint (about twice the CPU). Default False: each part's CRC-64,
      which OSS verifies, is checked, recorded and re-checked on resume.
      (``disable_sha256`` is the older spelling of the default; it still turns it off.)

    Ctrl-C cancels within a second, keeps the checkpoint, and raises KeyboardInterrupt.
    Returns an UploadResult; raises an OssError subclass (ServerError with status, code and
    request_id; RequestError; InconsistentError; ClientError for bad arguments, before any
    traffic) or, for the local file, an OSError subclass (FileNotFound, ...).
    """
    if progress_callback is not None and not callable(progress_callback):
        raise errors.ClientError(code="InvalidArgument", message=(
            f"progress_callback must be callable, not {progress_callback!r}"))
    with start_upload(bucket, key, filename, checkpoint=checkpoint, store=store,
                      headers=headers, multipart_threshold=multipart_threshold,
                      part_size=part_size, num_threads=num_threads, retries=retries,
                      part_sha256=part_sha256, disable_sha256=disable_sha256) as up:
        return up.run(progress_callback)


async def resumable_upload_async(bucket: Bucket, key: str, filename: PathLike, *,
                                 progress_callback: Optional[ProgressCallback] = None,
                                 **kwargs: Any) -> UploadResult:
    """:func:`resumable_upload` for asyncio; cancelling the task cancels the upload."""
    if progress_callback is not None and not callable(progress_callback):
        raise errors.ClientError(code="InvalidArgument", message=(
            f"progress_callback must be callable, not {progress_callback!r}"))
    with start_upload(bucket, key, filename, **kwargs) as up:
        return await up.run_async(progress_callback)


def _transfer_args(bucket: Any, key: Any, filename: Any, checkpoint: Any, store: Any,
                   record_name: Callable[[str, str, PathLike], str]) -> Tuple[int, Optional[str]]:
    """The checks an upload and a download share, before any traffic: bucket, key and filename
    types, and checkpoint/store as the native checkpoint mode and path (record_name names a
    record kept in store's directory)."""
    if not isinstance(bucket, Bucket):
        raise errors.ClientError(code="InvalidArgument",
                                 message=f"bucket must be an ossresume.Bucket, not {bucket!r}")
    if not isinstance(key, str):
        raise errors.ClientError(code="InvalidArgument", message=f"key must be a str, not {key!r}")
    if not isinstance(filename, (str, os.PathLike)):
        raise errors.ClientError(code="InvalidArgument",
                                 message=f"filename must be a path, not {filename!r}")
    mode, cp_path = _lib.OSSR_CHECKPOINT_DEFAULT, None
    if checkpoint is False:
        if store is not None:
            raise errors.ClientError(code="InvalidArgument",
                                     message="store given with checkpoint=False")
        mode = _lib.OSSR_CHECKPOINT_OFF
    elif checkpoint is True:
        if store is not None:
            d = _store_dir(store)
            os.makedirs(d, exist_ok=True)
            mode, cp_path = _lib.OSSR_CHECKPOINT_PATH, os.path.join(
                d, record_name(bucket.bucket_name, key, filename))
    elif isinstance(checkpoint, (str, os.PathLike)):
        if store is not None:
            raise errors.ClientError(code="InvalidArgument",
                                     message="give either checkpoint=PATH or store, not both")
        mode, cp_path = _lib.OSSR_CHECKPOINT_PATH, os.fspath(checkpoint)
    else:
        raise errors.ClientError(code="InvalidArgument", message=(
            f"checkpoint must be True, False or a path, not {checkpoint!r}"))
    return mode, cp_path


def _retries_arg(retries: Optional[int]) -> int:
    """retries as the native option: None the default (0), 0 or less none (-1)."""
    if retries is None:
        return 0
    n = int_arg("retries", retries)
    return n if n > 0 else -1
