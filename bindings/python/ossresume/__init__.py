"""ossresume: resumable multipart upload (and download) for Alibaba Cloud OSS, on libossresume.

oss2's resumable upload and download are ``ossresume.oss2`` (oss2's names, defaults, results and
exceptions: a program written for oss2 ports by changing its import lines). This module is
the native shape, with oss2's keywords::

    import ossresume

    with ossresume.Bucket("https://oss-cn-hangzhou.aliyuncs.com", "my-bucket",
                          region="cn-hangzhou") as bucket:
        result = ossresume.resumable_upload(bucket, "backups/disk.img", "disk.img",
                                            num_threads=8, progress_callback=print)
        print(result.etag, result.crc)
        ossresume.resumable_download(bucket, "backups/disk.img", "restored.img")

Standard library only: the native library is loaded with ctypes from, in order,
$OSSRESUME_LIBRARY, the package's own directory, or the system library path.
"""

from __future__ import annotations

from . import errors
from ._bucket import Bucket
from ._download import (DEFAULT_MULTIGET_THRESHOLD, Download, DownloadResult,
                        resumable_download, start_download)
from ._lib import ENV_LIBRARY
from ._lib import lib as _load
from ._lib import pystr as _pystr
from ._result import Headers, Progress, UploadResult
from ._upload import (DEFAULT_MULTIPART_THRESHOLD, Upload, resumable_upload,
                      resumable_upload_async, start_upload)
from .errors import *  # noqa: F401,F403 - the exception tree, as oss2.exceptions

__version__ = "0.1.0"


def version() -> str:
    """The native library's version, e.g. "0.1.0"."""
    return _pystr(_load().ossr_version())


__all__ = [
    "Bucket", "Upload", "UploadResult", "Progress", "Headers", "resumable_upload",
    "resumable_upload_async", "start_upload", "version", "errors", "ENV_LIBRARY",
    "DEFAULT_MULTIPART_THRESHOLD", "Download", "DownloadResult", "resumable_download",
    "start_download", "DEFAULT_MULTIGET_THRESHOLD",
] + errors.__all__
