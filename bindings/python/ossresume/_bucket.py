"""Bucket: a client handle of the native library bound to one bucket."""

from __future__ import annotations

import ctypes
import os
import re
import threading
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _lib, errors

if TYPE_CHECKING:
    from ._result import UploadResult
    from ._upload import Upload
    from ._download import Download, DownloadResult

PathLike = Union[str, "os.PathLike[str]"]


def _seconds_to_ms(name: str, value: Optional[float]) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise errors.ClientError(code="InvalidArgument", message=(
            f"{name} must be a positive number of seconds, not {value!r}"))
    return max(1, int(value * 1000))


_PUBLIC_ENDPOINT = re.compile(
    r"^(?:[a-z]+://)?oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com(?::\d+)?/?$", re.I)


def region_from_endpoint(endpoint: str) -> Optional[str]:
    """"cn-hangzhou" for an OSS public or internal endpoint such as oss2 users pass
    ("https://oss-cn-hangzhou.aliyuncs.com"); None for any other endpoint."""
    m = _PUBLIC_ENDPOINT.match(endpoint.strip()) if isinstance(endpoint, str) else None
    return m.group(1).lower() if m else None


def int_arg(name: str, value: Any) -> int:
    """An integer argument; bool and float are refused rather than silently truncated."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.ClientError(code="InvalidArgument",
                                 message=f"{name} must be an int, not {value!r}")
    return value


class Bucket:
    """One bucket at one endpoint, with credentials and transport settings.

    Credentials not given are read from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and
    OSS_SESSION_TOKEN at each request. The settings are checked here, before any traffic.
    Use as a context manager, or call :meth:`close`; one Bucket may run several uploads at once
    from several threads.
    """

    def __init__(self, endpoint: str, name: str, *, region: Optional[str] = None,
                 access_key_id: Optional[str] = None,
                 access_key_secret: Optional[str] = None,
                 security_token: Optional[str] = None, signature_version: int = 4,
                 cloudbox_id: Optional[str] = None, is_cname: bool = False,
                 path_style: bool = False, connect_timeout: Optional[float] = None,
                 timeout: Optional[float] = None, retries: Optional[int] = None,
                 ca_file: Optional[PathLike] = None, ca_path: Optional[PathLike] = None,
                 verify: bool = True,
                 proxy: Optional[str] = None, user_agent: Optional[str] = None,
                 speed_limit: Optional[int] = None, speed_time: Optional[float] = None) -> None:
        self._handle: Any = None  # set last, so a refused Bucket has nothing to close
        if not isinstance(name, str) or not name:
            raise errors.ClientError(code="InvalidArgument",
                                     message=f"bucket name must be a non-empty str, not {name!r}")
        if region is None:  # V4 needs it; an OSS endpoint names it, as oss2 users expect
            region = region_from_endpoint(endpoint)
        if retries is None:
            retries_c = 0
        else:
            retries_c = int_arg("retries", retries)
            retries_c = retries_c if retries_c > 0 else -1  # the library's "none" is negative
        # The C SDK's speed_limit (bytes/s) and speed_time (s), curl's low-speed limit: None
        # takes 1024 B/s and 15 s; speed_limit=0 turns it off, as in curl.
        if speed_limit is None:
            speed_limit_c = 0
        else:
            speed_limit_c = int_arg("speed_limit", speed_limit)
            speed_limit_c = speed_limit_c if speed_limit_c > 0 else -1
        opts = _lib.ossr_client_options(
            endpoint=_lib.cstr(endpoint), region=_lib.cstr(region),
            signature_version=int_arg("signature_version", signature_version),
            cloudbox_id=_lib.cstr(cloudbox_id), access_key_id=_lib.cstr(access_key_id),
            access_key_secret=_lib.cstr(access_key_secret),
            security_token=_lib.cstr(security_token), cname=int(bool(is_cname)),
            path_style=int(bool(path_style)),
            connect_timeout_ms=_seconds_to_ms("connect_timeout", connect_timeout),
            read_write_timeout_ms=_seconds_to_ms("timeout", timeout), retries=retries_c,
            ca_file=_lib.cpath(ca_file), ca_path=_lib.cpath(ca_path),
            tls_skip_verify=int(not verify),
            proxy=_lib.cstr(proxy), user_agent=_lib.cstr(user_agent),
            speed_limit=speed_limit_c, speed_time_ms=_seconds_to_ms("speed_time", speed_time))
        lib = _lib.lib()
        handle = ctypes.POINTER(_lib.ossr_client)()
        err = ctypes.POINTER(_lib.ossr_error)()
        _lib.check(lib.ossr_client_new(ctypes.byref(opts), ctypes.byref(handle),
                                       ctypes.byref(err)), err)
        self.endpoint = endpoint
        self.bucket_name = name
        self.region = region
        self._lock = threading.Lock()
        self._handle = handle

    @property
    def handle(self) -> Any:
        """The native client handle; ClientError once closed."""
        h = self._handle
        if h is None:
            raise errors.ClientError(code="Closed", message="the Bucket is closed")
        return h

    def close(self) -> None:
        """Frees the native client. Uploads already started keep what they need."""
        with self._lock:
            h, self._handle = self._handle, None
        if h is not None:
            _lib.lib().ossr_client_free(h)

    def __enter__(self) -> "Bucket":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._handle is None else "open"
        return f"<ossresume.Bucket {self.bucket_name!r} at {self.endpoint!r} ({state})>"

    # Convenience methods with the same keywords as the module-level functions.
    def start_upload(self, key: str, filename: PathLike, **kwargs: Any) -> "Upload":
        from ._upload import start_upload
        return start_upload(self, key, filename, **kwargs)

    def resumable_upload(self, key: str, filename: PathLike, **kwargs: Any) -> "UploadResult":
        from ._upload import resumable_upload
        return resumable_upload(self, key, filename, **kwargs)

    def start_download(self, key: str, filename: PathLike, **kwargs: Any) -> "Download":
        from ._download import start_download
        return start_download(self, key, filename, **kwargs)

    def resumable_download(self, key: str, filename: PathLike, **kwargs: Any) -> "DownloadResult":
        from ._download import resumable_download
        return resumable_download(self, key, filename, **kwargs)

