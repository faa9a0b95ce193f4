"""oss2.exceptions: oss2's exception tree, with its constructors, attributes and choice of class.

Every error derives from :class:`OssError` with ``status``, ``request_id``, ``code``,
``message``, ``ec``, ``details`` (the server's <Error> fields), ``headers`` and ``body``.
A server answer becomes the class registered for its exact (HTTP status, code) pair, else
:class:`ServerError`, as oss2's make_exception chooses. ``status`` is -1 for
:class:`ClientError` (refused before any traffic), -2 for :class:`RequestError` (no HTTP
answer), -3 for :class:`InconsistentError` (CRC-64 mismatch).

The engine keeps an error's code, message, request id and EC, not the raw answer: ``headers``
holds x-oss-request-id (and x-oss-ec), ``body`` the <Error> document rebuilt from those
fields. Errors also carry the engine's ``upload_id`` and ``operation`` (e.g. "UploadPart"),
and the engine's exception as ``__cause__``. A missing or unreadable local file raises the
built-in OSError (FileNotFoundError, ...) as in oss2.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Any, Dict, Mapping, Tuple, Type
from xml.sax.saxutils import escape as _xml_escape

from .. import errors as _engine

OSS_CLIENT_ERROR_STATUS = -1
OSS_REQUEST_ERROR_STATUS = -2
OSS_INCONSISTENT_ERROR_STATUS = -3
OSS_FORMAT_ERROR_STATUS = -4
OSS_SELECT_CLIENT_ERROR_STATUS = -5

_REQUEST_ID = "x-oss-request-id"

_OSS_ERROR_TO_EXCEPTION: Dict[Tuple[int, str], Type["ServerError"]] = {}  # filled at the end


class OssError(Exception):
    def __init__(self, status: int, headers: Mapping[str, str], body: Any,
                 details: Dict[str, Any]) -> None:
        super().__init__(status, details)
        #: HTTP status, or a negative number for failures without an answer
        self.status = status
        #: x-oss-request-id of the failing request ("" when none)
        self.request_id = headers.get(_REQUEST_ID, "")
        self.headers = headers
        #: the error answer's body (rebuilt from its fields, see the module doc)
        self.body = body
        #: the <Error> document's fields, e.g. {'Code': ..., 'Message': ..., 'RequestId': ...}
        self.details = details
        self.code = details.get("Code", "")
        self.message = details.get("Message", "")
        self.ec = details.get("EC", "")
        # What the engine adds: the multipart upload and the operation that failed.
        self.upload_id = ""
        self.operation = ""

    def __str__(self) -> str:
        return str({"status": self.status, _REQUEST_ID: self.request_id,
                    "details": self.details})

    def _str_with_body(self) -> str:
        return str({"status": self.status, _REQUEST_ID: self.request_id,
                    "details": self.body})


class ClientError(OssError):
    """Refused before any traffic: a bad argument or setting."""

    def __init__(self, message: str) -> None:
        OssError.__init__(self, OSS_CLIENT_ERROR_STATUS, {}, "ClientError: " + message, {})

    def __str__(self) -> str:
        return self._str_with_body()


class RequestError(OssError):
    """The request got no HTTP answer (refused, reset, timed out, TLS, DNS); ``exception``
    is the underlying error."""

    def __init__(self, e: BaseException) -> None:
        OssError.__init__(self, OSS_REQUEST_ERROR_STATUS, {}, "RequestError: " + str(e), {})
        self.exception = e

    def __str__(self) -> str:
        return self._str_with_body()


class InconsistentError(OssError):
    """The CRC-64 the server computed differs from the data sent."""

    def __init__(self, message: str, request_id: str = "") -> None:
        OssError.__init__(self, OSS_INCONSISTENT_ERROR_STATUS, {_REQUEST_ID: request_id},
                          "InconsistentError: " + message, {})

    def __str__(self) -> str:
        return self._str_with_body()


class OpenApiFormatError(OssError):
    def __init__(self, message: str) -> None:
        OssError.__init__(self, OSS_FORMAT_ERROR_STATUS, {}, message, {})

    def __str__(self) -> str:
        return self._str_with_body()


class OpenApiServerError(OssError):
    def __init__(self, status: int, request_id: str, message: str, error_code: str) -> None:
        OssError.__init__(self, status, {_REQUEST_ID: request_id}, "",
                          {"Code": error_code, "Message": message})


class ServerError(OssError):
    """The server answered with an error."""


class NotFound(ServerError):
    status = 404
    code = ""


class MalformedXml(ServerError):
    status = 400
    code = "MalformedXML"


class InvalidRequest(ServerError):
    status = 400
    code = "InvalidRequest"


class OperationNotSupported(ServerError):
    status = 400
    code = "OperationNotSupported"


class RestoreAlreadyInProgress(ServerError):
    status = 409
    code = "RestoreAlreadyInProgress"


class InvalidArgument(ServerError):
    status = 400
    code = "InvalidArgument"

    def __init__(self, status, headers, body, details):
        super().__init__(status, headers, body, details)
        self.name = details.get("ArgumentName")
        self.value = details.get("ArgumentValue")


class InvalidDigest(ServerError):
    status = 400
    code = "InvalidDigest"


class InvalidObjectName(ServerError):
    status = 400
    code = "InvalidObjectName"


class NoSuchBucket(NotFound):
    status = 404
    code = "NoSuchBucket"


class NoSuchKey(NotFound):
    status = 404
    code = "NoSuchKey"


class NoSuchUpload(NotFound):
    status = 404
    code = "NoSuchUpload"


class NoSuchWebsite(NotFound):
    status = 404
    code = "NoSuchWebsiteConfiguration"


class NoSuchLifecycle(NotFound):
    status = 404
    code = "NoSuchLifecycle"


class NoSuchCors(NotFound):
    status = 404
    code = "NoSuchCORSConfiguration"


class NoSuchLiveChannel(NotFound):
    status = 404
    code = "NoSuchLiveChannel"


class NoSuchBucketPolicy(NotFound):
    status = 404
    code = "NoSuchBucketPolicy"


class NoSuchServerSideEncryptionRule(NotFound):
    status = 404
    code = "NoSuchServerSideEncryptionRule"


class Conflict(ServerError):
    status = 409
    code = ""


class BucketNotEmpty(Conflict):
    status = 409
    code = "BucketNotEmpty"


class PositionNotEqualToLength(Conflict):
    status = 409
    code = "PositionNotEqualToLength"

    def __init__(self, status, headers, body, details):
        super().__init__(status, headers, body, details)
        position = headers.get("x-oss-next-append-position")
        self.next_position = int(position) if position is not None else None


class ObjectNotAppendable(Conflict):
    status = 409
    code = "ObjectNotAppendable"


class ChannelStillLive(Conflict):
    status = 409
    code = "ChannelStillLive"


class LiveChannelDisabled(Conflict):
    status = 409
    code = "LiveChannelDisabled"


class PreconditionFailed(ServerError):
    status = 412
    code = "PreconditionFailed"


class NotModified(ServerError):
    status = 304
    code = ""


class AccessDenied(ServerError):
    status = 403
    code = "AccessDenied"


class InvalidEncryptionAlgorithmError(ServerError):
    status = 400
    code = "InvalidEncryptionAlgorithmError"


class SignatureDoesNotMatch(ServerError):
    status = 403
    code = "SignatureDoesNotMatch"


class ObjectAlreadyExists(ServerError):
    status = 400
    code = "ObjectAlreadyExists"


def _walk_subclasses(klass):
    for sub in klass.__subclasses__():
        yield sub
        yield from _walk_subclasses(sub)


for _klass in _walk_subclasses(ServerError):
    _status = _klass.__dict__.get("status")
    _code = _klass.__dict__.get("code")
    if _status is not None and _code is not None:
        _OSS_ERROR_TO_EXCEPTION[(_status, _code)] = _klass


def server_error(status: int, headers: Mapping[str, str], body: Any,
                 details: Dict[str, Any]) -> ServerError:
    """The exception oss2 raises for this answer: the class registered for exactly
    (status, details['Code']), else ServerError."""
    klass = _OSS_ERROR_TO_EXCEPTION.get((status, details.get("Code", "")), ServerError)
    return klass(status, headers, body, details)


def make_exception(resp: Any) -> ServerError:
    """oss2's make_exception: an answer object with ``status``, ``headers`` and
    ``read(n)`` becomes its exception."""
    body = resp.read(4096)
    return server_error(resp.status, resp.headers, body, _parse_error_body(body))


def _parse_error_body(body: Any) -> Dict[str, Any]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        details = {}
        if "<Error>" in text and "</Error>" in text:
            for name in ("Code", "Message"):
                m = re.search(f"<{name}>(.*)</{name}>", text)
                if m:
                    details[name] = m.group(1)
        return details
    if root.tag != "Error":
        return {}
    return {child.tag: child.text for child in root}


def _error_body(details: Mapping[str, str]) -> bytes:
    fields = "".join(f"<{k}>{_xml_escape(v)}</{k}>" for k, v in details.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + fields + "</Error>").encode()


def from_engine(e: BaseException) -> BaseException:
    """The oss2 exception for an error of the engine (``ossresume.errors``); errors oss2 has
    no class for (local files, the checkpoint, the library itself) come back unchanged."""
    if not isinstance(e, _engine.OssError):
        return e
    out: OssError
    if isinstance(e, _engine.ServerError):
        details = {"Code": e.code, "Message": e.message, "RequestId": e.request_id}
        if e.ec:
            details["EC"] = e.ec
        details.update(e.details)
        headers = {_REQUEST_ID: e.request_id}
        if e.ec:
            headers["x-oss-ec"] = e.ec
        out = server_error(e.status, headers, _error_body(details), details)
    elif isinstance(e, _engine.InconsistentError):
        out = InconsistentError(e.message or e.code, e.request_id)
    elif isinstance(e, _engine.RequestError):
        out = RequestError(e)
    elif isinstance(e, _engine.ClientError) and not isinstance(e, _engine.LocalFileError):
        out = ClientError(e.message or e.code)
    else:
        return e
    out.upload_id = e.upload_id
    out.operation = e.operation
    out.__cause__ = e
    return out
