"""oss2.models: the result of resumable_upload and the part record.

resumable_upload returns a :class:`PutObjectResult`, as oss2 does for both of its paths (one
PutObject, or Complete): ``status``, ``headers``, ``request_id``, ``versionid``,
``delete_marker``, ``etag`` (without quotes), ``crc`` (the object's CRC-64, which the engine
has checked against the file), and ``resp``, the answer (``status``, ``headers``,
``request_id``, ``read()`` for its body).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

from .http import CaseInsensitiveDict


class PartInfo(object):
    """One part of a multipart upload (oss2's list_parts / complete_multipart_upload)."""

    def __init__(self, part_number: int, etag: str, size: Optional[int] = None,
                 last_modified: Optional[int] = None, part_crc: Optional[int] = None) -> None:
        self.part_number = part_number
        self.etag = etag
        self.size = size
        self.last_modified = last_modified
        self.part_crc = part_crc

    def __repr__(self) -> str:
        return f"PartInfo({self.part_number}, {self.etag!r}, size={self.size})"


def _hget(headers: Mapping[str, str], key: str, converter: Callable[[str], Any] = str) -> Any:
    return converter(headers[key]) if key in headers else None


class Response(object):
    """The HTTP answer a result was made from (oss2's http.Response, already read)."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes = b"") -> None:
        self.status = status
        self.headers = CaseInsensitiveDict(headers)
        self.request_id = self.headers.get("x-oss-request-id", "")
        self._body = body
        self._pos = 0

    def read(self, amt: Optional[int] = None) -> bytes:
        end = len(self._body) if amt is None else min(len(self._body), self._pos + amt)
        out, self._pos = self._body[self._pos:end], end
        return out


class RequestResult(object):
    def __init__(self, resp: Response) -> None:
        self.resp = resp
        self.status = resp.status
        self.headers = resp.headers
        self.request_id = resp.request_id
        self.versionid = _hget(self.headers, "x-oss-version-id")
        self.delete_marker = _hget(self.headers, "x-oss-delete-marker", bool)


class PutObjectResult(RequestResult):
    def __init__(self, resp: Response) -> None:
        super().__init__(resp)
        self.etag = _hget(self.headers, "etag", lambda v: v.strip('"'))
        self.crc = _hget(self.headers, "x-oss-hash-crc64ecma", int)
