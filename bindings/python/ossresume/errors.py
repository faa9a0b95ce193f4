"""The exception tree, shaped like oss2's so ``except oss2.exceptions.X`` ports unchanged.

Every error the library reports derives from :class:`OssError` and carries ``status`` (the
HTTP status, or a negative number for failures that never reached a server answer, as in
oss2), ``code``, ``message``, ``request_id`` and ``ec``. Server answers become a
:class:`ServerError` subclass chosen by HTTP status and error code; local file problems are
also :class:`OSError` subclasses (``FileNotFoundError``, ``PermissionError``, ...), and bad
arguments also :class:`ValueError`, so code that catches the built-in types keeps working.
"""

from __future__ import annotations

import errno as _errno
from typing import Dict, Optional, Type

__all__ = [
    "OssError", "ClientError", "CredentialsError", "RequestError", "InconsistentError",
    "CancelledError",
    "ServerError", "NotFound", "NoSuchBucket", "NoSuchKey", "NoSuchUpload", "AccessDenied",
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken",
    "RequestTimeTooSkewed", "InvalidArgument", "InvalidDigest", "InvalidPart",
    "InvalidPartOrder", "EntityTooSmall", "EntityTooLarge", "InvalidObjectName",
    "MalformedXml", "Conflict", "ObjectAlreadyExists", "PreconditionFailed",
    "ServiceUnavailable", "RequestTimeout", "InternalError", "NotImplemented",
    "CallbackFailed", "LocalFileError", "FileNotFound", "FilePermissionError",
    "IsADirectory", "CheckpointError", "CheckpointInUse", "LibraryError",
    "LibraryNotFoundError", "ForkError",
]

# Status values of errors with no HTTP answer, as oss2 numbers them.
CLIENT_ERROR_STATUS = -1
REQUEST_ERROR_STATUS = -2
INCONSISTENT_ERROR_STATUS = -3
CANCELLED_STATUS = -4


class OssError(Exception):
    """Base of every error the library raises."""

    status: int = 0
    code: str = ""

    def __init__(self, status: Optional[int] = None, code: str = "", message: str = "",
                 request_id: str = "", ec: str = "", *, upload_id: str = "",
                 details: Optional[Dict[str, str]] = None) -> None:
        super().__init__(message or code)
        # A subclass's own status and code are the defaults, so NoSuchUpload() alone is whole.
        self.status = type(self).status if status is None else status
        self.code = code or type(self).code
        self.message = message
        self.request_id = request_id
        self.ec = ec
        self.upload_id = upload_id
        self.details = dict(details or {})
        self.field = ""         # ClientError: the argument at fault, e.g. "threads"
        self.operation = ""     # the failing operation, e.g. "UploadPart"
        self.part_number = 0    # InconsistentError for a part
        self.local_crc64 = 0    # InconsistentError: our CRC-64
        self.server_crc64 = 0   # InconsistentError: the server's

    def __str__(self) -> str:
        parts = [f"{{'status': {self.status}"]
        for name in ("code", "message", "request_id", "ec", "upload_id"):
            value = getattr(self, name)
            if value:
                parts.append(f"'{name}': {value!r}")
        return ", ".join(parts) + "}"


class ClientError(OssError, ValueError):
    """Refused before any network traffic: a bad argument or an unusable setting."""

    status = CLIENT_ERROR_STATUS


class CredentialsError(ClientError):
    """No credentials: none given and OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET unset."""


class RequestError(OssError):
    """The request never got an HTTP answer: refused, reset, timed out, TLS, DNS."""

    status = REQUEST_ERROR_STATUS


class InconsistentError(OssError):
    """The server's CRC-64 differs from the data sent, or the file changed while uploading."""

    status = INCONSISTENT_ERROR_STATUS


class CancelledError(OssError):
    """The upload was cancelled (``Upload.cancel()``); its checkpoint is kept."""

    status = CANCELLED_STATUS


class ServerError(OssError):
    """The server answered with an error status."""


class NotFound(ServerError):
    status = 404


class NoSuchBucket(NotFound):
    code = "NoSuchBucket"


class NoSuchKey(NotFound):
    code = "NoSuchKey"


class NoSuchUpload(NotFound):
    code = "NoSuchUpload"


class AccessDenied(ServerError):
    status = 403
    code = "AccessDenied"


class InvalidAccessKeyId(ServerError):
    status = 403
    code = "InvalidAccessKeyId"


class SignatureDoesNotMatch(ServerError):
    status = 403
    code = "SignatureDoesNotMatch"


class InvalidSecurityToken(ServerError):
    status = 403
    code = "InvalidSecurityToken"


class RequestTimeTooSkewed(ServerError):
    status = 403
    code = "RequestTimeTooSkewed"


class InvalidArgument(ServerError):
    status = 400
    code = "InvalidArgument"


class InvalidDigest(ServerError):
    status = 400
    code = "InvalidDigest"


class InvalidPart(ServerError):
    status = 400
    code = "InvalidPart"


class InvalidPartOrder(ServerError):
    status = 400
    code = "InvalidPartOrder"


class EntityTooSmall(ServerError):
    status = 400
    code = "EntityTooSmall"


class EntityTooLarge(ServerError):
    status = 400
    code = "EntityTooLarge"


class InvalidObjectName(ServerError):
    status = 400
    code = "InvalidObjectName"


class MalformedXml(ServerError):
    status = 400
    code = "MalformedXML"


class Conflict(ServerError):
    status = 409


class ObjectAlreadyExists(Conflict):
    """x-oss-forbid-overwrite was set and the object exists."""

    code = "FileAlreadyExists"


class PreconditionFailed(ServerError):
    status = 412
    code = "PreconditionFailed"


class RequestTimeout(ServerError):
    code = "RequestTimeout"


class InternalError(ServerError):
    status = 500
    code = "InternalError"


class NotImplemented(ServerError):  # noqa: A001 - oss2's name
    status = 501
    code = "NotImplemented"


class ServiceUnavailable(ServerError):
    status = 503


class CallbackFailed(ServerError):
    code = "CallbackFailed"


class LocalFileError(OssError, OSError):
    """A local file could not be used; also an ``OSError`` with ``errno`` and ``filename``."""

    status = CLIENT_ERROR_STATUS

    def __init__(self, status: Optional[int] = None, code: str = "", message: str = "",
                 request_id: str = "", ec: str = "", *, errno: int = 0,
                 filename: Optional[str] = None, upload_id: str = "",
                 details: Optional[Dict[str, str]] = None) -> None:
        OssError.__init__(self, status, code, message, request_id, ec, upload_id=upload_id,
                          details=details)
        self.errno = errno or None
        self.strerror = message
        self.filename = filename

    def __str__(self) -> str:
        where = f": {self.filename!r}" if self.filename else ""
        return f"[Errno {self.errno}] {self.message}{where}" if self.errno else self.message + where


class FileNotFound(LocalFileError, FileNotFoundError):
    code = "FileNotFound"


class FilePermissionError(LocalFileError, PermissionError):
    code = "PermissionDenied"


class IsADirectory(LocalFileError, IsADirectoryError):
    code = "IsADirectory"


class CheckpointError(LocalFileError):
    """The checkpoint record cannot be read, written or locked."""

    code = "CheckpointError"


class CheckpointInUse(CheckpointError):
    """Another upload, in this or another process, holds the checkpoint record."""

    code = "CheckpointInUse"


class LibraryError(RuntimeError):
    """The native library is missing, too old, or unusable in this process."""


class LibraryNotFoundError(LibraryError, ImportError):
    """No libossresume was found; the message says where it looked and what to do."""


class ForkError(LibraryError):
    """Called in a child process after fork(): the Go runtime does not survive fork."""


_BY_CODE: Dict[str, Type[ServerError]] = {
    cls.code: cls
    for cls in (NoSuchBucket, NoSuchKey, NoSuchUpload, AccessDenied, InvalidAccessKeyId,
                SignatureDoesNotMatch, InvalidSecurityToken, RequestTimeTooSkewed,
                InvalidArgument, InvalidDigest, InvalidPart, InvalidPartOrder, EntityTooSmall,
                EntityTooLarge, InvalidObjectName, MalformedXml, ObjectAlreadyExists,
                PreconditionFailed, RequestTimeout, InternalError, NotImplemented,
                CallbackFailed)
}
_BY_STATUS: Dict[int, Type[ServerError]] = {
    404: NotFound, 409: Conflict, 412: PreconditionFailed, 500: InternalError,
    501: NotImplemented, 503: ServiceUnavailable,
}
_BY_ERRNO: Dict[int, Type[LocalFileError]] = {
    _errno.ENOENT: FileNotFound, _errno.ENOTDIR: FileNotFound,
    _errno.EACCES: FilePermissionError, _errno.EPERM: FilePermissionError,
    _errno.EISDIR: IsADirectory,
}


def server_error_class(status: int, code: str) -> Type[ServerError]:
    """The ServerError subclass for an HTTP status and OSS error code, as oss2 picks it."""
    return _BY_CODE.get(code) or _BY_STATUS.get(status) or ServerError


def local_file_error_class(err: int) -> Type[LocalFileError]:
    return _BY_ERRNO.get(err, LocalFileError)
