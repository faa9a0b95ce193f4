"""oss2.resumable_upload, ResumableStore and determine_part_size, on the engine's upload;
resumable_download and ResumableDownloadStore on its download (at the end of the file).

oss2's rules are kept: ``size >= multipart_threshold`` goes in parts (else one PutObject),
``part_size`` is ``determine_part_size(size, part_size or defaults.part_size)`` (a resumed
upload keeps its own), ``num_threads`` defaults to ``defaults.multipart_num_threads``, all
read at call time; the checkpoint lives in ``store`` (default ``ResumableStore()``, i.e.
``~/.py-oss-upload``) under the name ``store.make_store_key(bucket, key, abspath)`` plus
``.cp``. The record is the engine's (parts with their CRC-64, written atomically and locked),
not oss2's JSON, so the ``.cp`` suffix keeps it apart from a record oss2 itself left there.
Such a record (an upload oss2 started and did not finish) is continued: its upload id and part
size are taken when the file's size and mtime still match, as oss2 would take them, and the
engine keeps the parts the server lists whose CRC-64 matches the file; the oss2 record is
deleted after Complete, as oss2 deletes it.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Callable, Mapping, Optional

from .. import _download, _upload
from .. import errors as _engine
from . import defaults
from .api import Bucket
from .exceptions import ClientError, from_engine
from .models import PutObjectResult, Response

_MAX_PART_COUNT = 10000
_MIN_PART_SIZE = 100 * 1024
_UPLOAD_TEMP_DIR = ".py-oss-upload"

#: Answers after which the provider is asked again and the upload continues from its
#: checkpoint with what it gives (when that differs from what was refused).
_CREDENTIALS_CODES = frozenset({"SecurityTokenExpired", "InvalidSecurityToken",
                                "InvalidAccessKeyId"})
_MAX_CREDENTIAL_REFRESHES = 10


def determine_part_size(total_size: int, preferred_size: Optional[int] = None) -> int:
    """oss2's part size: preferred_size (default defaults.part_size), the whole size when
    smaller, or raised to fit 10,000 parts."""
    if not preferred_size:
        preferred_size = defaults.part_size
    if total_size < preferred_size:
        return total_size
    if preferred_size * _MAX_PART_COUNT < total_size:
        return -(-total_size // _MAX_PART_COUNT)
    return preferred_size


def _md5(s: str) -> str:
    return hashlib.md5(s.encode("utf-8", "surrogateescape")).hexdigest()


class ResumableStore(object):
    """Where checkpoint records live: the directory ``root/dir``, by default
    ``~/.py-oss-upload`` (root: the home directory; dir: '.py-oss-upload'), created here as
    oss2 does. ``get``/``put``/``delete`` read and write JSON records as oss2's store does;
    resumable_upload itself keeps the engine's record in ``dir``."""

    def __init__(self, root: Optional[str] = None, dir: Optional[str] = None) -> None:
        self.dir = os.path.join(root or os.path.expanduser("~"), dir or _UPLOAD_TEMP_DIR)
        os.makedirs(self.dir, exist_ok=True)

    @staticmethod
    def make_store_key(bucket_name: str, key: str, filename: str) -> str:
        filepath = os.path.normpath(os.path.normcase(filename))
        return _md5(f"oss://{bucket_name}/{key}") + "-" + _md5(filepath)

    def _path(self, key: str) -> str:
        return os.path.join(self.dir, key)

    def get(self, key: str) -> Any:
        import json
        try:
            with open(self._path(key)) as f:
                return json.load(f)
        except FileNotFoundError:
            return None
        except ValueError:
            os.remove(self._path(key))
            return None

    def put(self, key: str, value: Any) -> None:
        import json
        with open(self._path(key), "w") as f:
            json.dump(value, f)

    def delete(self, key: str) -> None:
        os.remove(self._path(key))


def make_upload_store(root: Optional[str] = None, dir: Optional[str] = None) -> ResumableStore:
    return ResumableStore(root=root, dir=dir)


def _record_key(store: Any, bucket: Bucket, key: str, filename: str) -> str:
    """The store's key for this upload; ours is at ``store.dir/<key>.cp``, oss2's own record
    at ``store.dir/<key>``."""
    directory = getattr(store, "dir", None)
    make_key = getattr(store, "make_store_key", None)
    if not isinstance(directory, str) or not callable(make_key):
        raise ClientError(f"store must be an oss2 ResumableStore (a .dir and "
                          f".make_store_key), not {store!r}")
    return make_key(bucket.bucket_name, key, os.path.abspath(filename))


def _oss2_record(store: Any, record_key: str, filename: str, size: int) -> Optional[dict]:
    """The record oss2 itself left for this upload, when it is sane and the file is as it
    was (oss2's own tests: types, size, mtime); a stale or broken one is deleted, as oss2
    deletes it. None when there is none."""
    get = getattr(store, "get", None)
    if not callable(get):
        return None
    record = get(record_key)
    if record is None:
        return None
    try:
        sane = (isinstance(record["upload_id"], str) and record["upload_id"]
                and isinstance(record["size"], int) and isinstance(record["part_size"], int)
                and record["part_size"] > 0 and isinstance(record["mtime"], (int, float))
                and isinstance(record["parts"], list))
    except (KeyError, TypeError):
        sane = False
    if sane and record["size"] == size and record["mtime"] == os.path.getmtime(filename):
        return record
    _forget(store, record_key)
    return None


def _forget(store: Any, record_key: str) -> None:
    try:
        store.delete(record_key)
    except OSError:
        pass


def _header_items(headers: Any) -> Optional[Mapping[str, str]]:
    if headers is None:
        return None
    if not isinstance(headers, Mapping):
        raise ClientError(f"headers must be a dict or oss2.CaseInsensitiveDict, "
                          f"not {headers!r}")
    return {str(k): str(v) for k, v in headers.items()}


def _result(r: Any) -> PutObjectResult:
    headers = dict(r.headers)
    # Complete's ETag and CRC are in its body for some servers; the engine has both, checked.
    if not any(k.lower() == "etag" for k in headers):
        headers["ETag"] = f'"{r.etag}"'
    if not any(k.lower() == "x-oss-hash-crc64ecma" for k in headers):
        headers["x-oss-hash-crc64ecma"] = str(r.crc)
    if r.request_id and not any(k.lower() == "x-oss-request-id" for k in headers):
        headers["x-oss-request-id"] = r.request_id
    return PutObjectResult(Response(r.status, headers, r.body))


def resumable_upload(bucket: Bucket, key: str, filename: str, store: Any = None,
                     headers: Any = None, multipart_threshold: Optional[int] = None,
                     part_size: Optional[int] = None,
                     progress_callback: Optional[Callable[[int, int], Any]] = None,
                     num_threads: Optional[int] = None,
                     params: Optional[Mapping[str, Any]] = None) -> PutObjectResult:
    """Uploads filename to key, resuming an interrupted upload of the same file from its
    checkpoint; oss2's signature, defaults and result (see the module doc).

    ``progress_callback(consumed_bytes, total_bytes)`` runs on this thread as bytes are sent
    (at least once per part), with values that only grow, the last being (total, total)
    once the object exists. Ctrl-C cancels within a fraction of a second and keeps the
    checkpoint. Of ``params`` only 'sequential' matters to oss2, and it is refused here (the
    engine does not send it); the others are ignored, as oss2 ignores them.
    """
    if not isinstance(bucket, Bucket):
        raise ClientError(f"bucket must be an oss2.Bucket (ossresume.oss2.Bucket), "
                          f"not {bucket!r}")
    if params and params.get("sequential") is not None:
        raise ClientError("params={'sequential': ...} is not supported by ossresume")
    if progress_callback is not None and not callable(progress_callback):
        raise ClientError(f"progress_callback must be callable, not {progress_callback!r}")
    size = os.path.getsize(filename)  # a missing file raises OSError here, as in oss2
    threshold = defaults.get(multipart_threshold, defaults.multipart_threshold)
    header_map = _header_items(headers)
    continue_id: Optional[str] = None
    if size >= threshold:
        preferred = defaults.get(part_size, defaults.part_size)
        part = max(determine_part_size(size, preferred), _MIN_PART_SIZE)
        threads = defaults.get(num_threads, defaults.multipart_num_threads)
        store = store or ResumableStore()
        record_key = _record_key(store, bucket, key, filename)
        checkpoint: Any = os.path.join(store.dir, record_key + ".cp")
        if not os.path.exists(checkpoint):
            # An upload oss2 itself started and left: continue it (its part size wins, as
            # on any resume); the engine keeps only the listed parts whose CRC-64 matches.
            oss2_record = _oss2_record(store, record_key, filename, size)
            if oss2_record is not None:
                continue_id = oss2_record["upload_id"]
                part = max(oss2_record["part_size"], _MIN_PART_SIZE)
    else:
        part, threads, checkpoint = None, None, False

    # Values only grow across the calls below: a continued upload starts from its parts done.
    last = [0]

    def report(done: int, total: int) -> None:
        if done > last[0]:
            last[0] = done
            progress_callback(done, total)  # type: ignore[misc]

    def run(client: Any) -> PutObjectResult:
        with _upload.start_upload(client, key, filename, checkpoint=checkpoint,
                                  headers=header_map, multipart_threshold=threshold,
                                  part_size=part, num_threads=threads,
                                  continue_upload_id=continue_id) as up:
            return _result(up.run(report if progress_callback is not None else None))

    result = _with_credentials(bucket, run)
    if continue_id is not None:
        _forget(store, record_key)  # oss2 deletes its record after Complete
    return result


def _with_credentials(bucket: Bucket, run: Callable[[Any], Any]) -> Any:
    """run(engine client) with the bucket's current credentials; when the server refuses them
    (an expired token), again with what the provider gives next (the transfer continues from
    its checkpoint), until it gives nothing new. Engine errors come out as oss2's."""
    refused: Optional[tuple] = None
    refused_error: Optional[BaseException] = None
    refreshes = 0
    while True:
        creds = bucket._credentials()
        if refused_error is not None and creds == refused:
            # The provider has nothing newer than what the server refused.
            raise from_engine(refused_error) from refused_error
        try:
            return run(bucket._engine_client(creds))
        except _engine.ServerError as e:
            if (e.status == 403 and e.code in _CREDENTIALS_CODES
                    and refreshes < _MAX_CREDENTIAL_REFRESHES):
                refreshes += 1
                refused, refused_error = creds, e
                continue
            raise from_engine(e) from e
        except _engine.OssError as e:
            raise from_engine(e) from e


# issue 21: download ---------------------------------------------------------------------------

_DOWNLOAD_TEMP_DIR = ".py-oss-download"


class ResumableDownloadStore(ResumableStore):
    """Where download records live: ``root/dir``, by default ``~/.py-oss-download``, created
    here as oss2 does; the same keys and ``get``/``put``/``delete`` as ResumableStore.
    resumable_download keeps the engine's record there as ``<store key>.dcp``."""

    def __init__(self, root: Optional[str] = None, dir: Optional[str] = None) -> None:
        super().__init__(root=root, dir=dir or _DOWNLOAD_TEMP_DIR)


def make_download_store(root: Optional[str] = None,
                        dir: Optional[str] = None) -> ResumableDownloadStore:
    return ResumableDownloadStore(root=root, dir=dir)


def resumable_download(bucket: Bucket, key: str, filename: str,
                       multiget_threshold: Optional[int] = None,
                       part_size: Optional[int] = None,
                       progress_callback: Optional[Callable[[int, int], Any]] = None,
                       num_threads: Optional[int] = None, store: Any = None,
                       params: Optional[Mapping[str, Any]] = None,
                       headers: Any = None) -> None:
    """Downloads key into filename, resuming an interrupted download of it; oss2's signature,
    defaults (``defaults.multiget_part_size``, ``defaults.multiget_num_threads``, read at call
    time) and store (``ResumableDownloadStore()``), returning None as oss2 does.

    The download is the engine's: ranged GETs in parallel into ``filename + '.tmp'``, each
    range's CRC-64 recorded in the store, the whole file checked against the object's CRC-64
    before it is renamed over ``filename``; nothing is written under ``filename`` otherwise.
    Objects below ``multiget_threshold`` take the same path (oss2 fetches them with one GET).
    An object missing raises NotFound (NoSuchKey); one replaced on the server while it was
    being fetched is started afresh (twice at most, then InconsistentError with the
    code 'ObjectChanged'). ``params`` and ``headers`` must be empty: the engine sends neither
    a versionId nor extra headers, and refuses rather than ignores them.
    """
    if not isinstance(bucket, Bucket):
        raise ClientError(f"bucket must be an oss2.Bucket (ossresume.oss2.Bucket), "
                          f"not {bucket!r}")
    for name, value in (("params", params), ("headers", headers)):
        if value:
            raise ClientError(f"{name}={dict(value)!r} is not supported by ossresume's "
                              f"resumable_download")
    if progress_callback is not None and not callable(progress_callback):
        raise ClientError(f"progress_callback must be callable, not {progress_callback!r}")
    threshold = defaults.get(multiget_threshold, defaults.multiget_threshold)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ClientError(f"multiget_threshold must be an int >= 0, not {threshold!r}")
    part = defaults.get(part_size, defaults.multiget_part_size)
    threads = defaults.get(num_threads, defaults.multiget_num_threads)
    store = store or ResumableDownloadStore()
    checkpoint = os.path.join(store.dir, _record_key(store, bucket, key, filename) + ".dcp")

    last = [0]

    def report(done: int, total: int) -> None:
        if done > last[0]:
            last[0] = done
            progress_callback(done, total)  # type: ignore[misc]

    def run(client: Any) -> None:
        with _download.start_download(client, key, filename, checkpoint=checkpoint,
                                      part_size=part, num_threads=threads) as dl:
            dl.run(report if progress_callback is not None else None)

    _with_credentials(bucket, run)
