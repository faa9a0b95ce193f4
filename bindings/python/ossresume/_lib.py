"""ctypes declarations of include/ossresume.h, the search for the library, and ``check()``.

The declaration block below mirrors the header one to one, in its order; keep it that way
when the header's CHANGES block grows. Nothing else in the package touches ctypes types of
the library directly.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from ctypes import (POINTER, Structure, c_char_p, c_int, c_int64, c_size_t, c_uint32,
                    c_uint64, c_void_p)
from typing import Callable, List, Optional, Sequence

from . import errors

ENV_LIBRARY = "OSSRESUME_LIBRARY"
_NAMES = {"linux": "libossresume.so", "darwin": "libossresume.dylib", "win32": "ossresume.dll"}
LIBRARY_FILE = _NAMES.get(sys.platform, "libossresume.so")

# --- ossr_code ------------------------------------------------------------------------------
OSSR_OK = 0
OSSR_E_ARG = 1
OSSR_E_FILE = 2
OSSR_E_SERVER = 3
OSSR_E_NETWORK = 4
OSSR_E_INCONSISTENT = 5
OSSR_E_CANCELLED = 6
OSSR_E_CHECKPOINT_IN_USE = 7
OSSR_E_CHECKPOINT = 8
OSSR_E_FORK = 9
OSSR_E_INTERNAL = 10
OSSR_E_TIMEOUT = 11
OSSR_E_CREDENTIALS = 12

OSSR_SIGNATURE_V1 = 1
OSSR_SIGNATURE_V4 = 4

OSSR_CHECKPOINT_OFF = 0
OSSR_CHECKPOINT_DEFAULT = 1
OSSR_CHECKPOINT_PATH = 2

OSSR_DEFAULT_PART_SIZE = 8 * 1024 * 1024
OSSR_MIN_PART_SIZE = 100 * 1024
OSSR_MAX_PART_SIZE = 5 * 1024 * 1024 * 1024
OSSR_DEFAULT_THREADS = 4
OSSR_MAX_THREADS = 1024


class ossr_error(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("code", c_int),
        ("http_status", c_int),
        ("error_code", c_char_p),
        ("message", c_char_p),
        ("request_id", c_char_p),
        ("ec", c_char_p),
        ("sys_errno", c_int),
        ("field", c_char_p),
        ("path", c_char_p),
        ("upload_id", c_char_p),
        ("operation", c_char_p),
        ("part_number", c_int),
        ("local_crc64", c_uint64),
        ("server_crc64", c_uint64),
    ]


class ossr_result(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("http_status", c_int),
        ("bucket", c_char_p),
        ("key", c_char_p),
        ("etag", c_char_p),
        ("crc64", c_uint64),
        ("request_id", c_char_p),
        ("upload_id", c_char_p),
        ("version_id", c_char_p),
        ("bytes_sent", c_int64),
        ("bytes_resumed", c_int64),
        ("total_bytes", c_int64),
        ("part_size", c_int64),
        ("parts", c_int),
        ("body", c_void_p),  # bytes with an explicit length, so not c_char_p
        ("body_len", c_size_t),
        ("headers", POINTER(c_char_p)),
        ("verified", c_int),  # appended: present when size reaches past it
    ]


class ossr_client_options(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("endpoint", c_char_p),
        ("region", c_char_p),
        ("signature_version", c_int),
        ("cloudbox_id", c_char_p),
        ("access_key_id", c_char_p),
        ("access_key_secret", c_char_p),
        ("security_token", c_char_p),
        ("cname", c_int),
        ("path_style", c_int),
        ("connect_timeout_ms", c_int),
        ("read_write_timeout_ms", c_int),
        ("retries", c_int),
        ("ca_file", c_char_p),
        ("tls_skip_verify", c_int),
        ("proxy", c_char_p),
        ("user_agent", c_char_p),
        ("ca_path", c_char_p),
        ("speed_limit", c_int),
        ("speed_time_ms", c_int),
    ]

    def __init__(self, **kw):
        super().__init__(size=ctypes.sizeof(ossr_client_options), **kw)


class ossr_upload_options(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("bucket", c_char_p),
        ("key", c_char_p),
        ("file_path", c_char_p),
        ("part_size", c_int64),
        ("threads", c_int),
        ("checkpoint", c_int),
        ("checkpoint_path", c_char_p),
        ("headers", POINTER(c_char_p)),
        ("disable_sha256", c_int),
        ("retries", c_int),
        ("multipart_threshold", c_int64),
        ("continue_upload_id", c_char_p),
        ("part_sha256", c_int),
    ]

    def __init__(self, **kw):
        super().__init__(size=ctypes.sizeof(ossr_upload_options), **kw)


# issue 21: download
class ossr_download_options(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("bucket", c_char_p),
        ("key", c_char_p),
        ("file_path", c_char_p),
        ("part_size", c_int64),
        ("threads", c_int),
        ("checkpoint", c_int),
        ("checkpoint_path", c_char_p),
        ("retries", c_int),
    ]

    def __init__(self, **kw):
        super().__init__(size=ctypes.sizeof(ossr_download_options), **kw)


class ossr_client(Structure):
    """Opaque."""


class ossr_upload(Structure):
    """Opaque."""


class ossr_download(Structure):
    """Opaque."""


ossr_progress_fn = ctypes.CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)

_P_ERR = POINTER(POINTER(ossr_error))
_P_RES = POINTER(POINTER(ossr_result))

# (name, restype, argtypes), in the header's order.
_DECLARATIONS = [
    ("ossr_error_free", None, [POINTER(ossr_error)]),
    ("ossr_result_free", None, [POINTER(ossr_result)]),
    ("ossr_version", c_char_p, []),
    ("ossr_version_number", c_uint32, []),
    ("ossr_code_name", c_char_p, [c_int]),
    ("ossr_client_new", c_int,
     [POINTER(ossr_client_options), POINTER(POINTER(ossr_client)), _P_ERR]),
    ("ossr_client_free", None, [POINTER(ossr_client)]),
    ("ossr_upload_file", c_int,
     [POINTER(ossr_client), POINTER(ossr_upload_options), ossr_progress_fn, c_void_p, _P_RES,
      _P_ERR]),
    ("ossr_upload_start", c_int,
     [POINTER(ossr_client), POINTER(ossr_upload_options), POINTER(POINTER(ossr_upload)),
      _P_ERR]),
    ("ossr_upload_progress", c_int,
     [POINTER(ossr_upload), POINTER(c_int64), POINTER(c_int64), POINTER(c_int)]),
    ("ossr_upload_progress_wait", c_int,
     [POINTER(ossr_upload), c_int, POINTER(c_int64), POINTER(c_int64), POINTER(c_int)]),
    ("ossr_upload_wait", c_int, [POINTER(ossr_upload), c_int, _P_RES, _P_ERR]),
    ("ossr_upload_cancel", c_int, [POINTER(ossr_upload)]),
    ("ossr_upload_free", None, [POINTER(ossr_upload)]),
    # issue 21: download
    ("ossr_download_file", c_int,
     [POINTER(ossr_client), POINTER(ossr_download_options), ossr_progress_fn, c_void_p, _P_RES,
      _P_ERR]),
    ("ossr_download_start", c_int,
     [POINTER(ossr_client), POINTER(ossr_download_options), POINTER(POINTER(ossr_download)),
      _P_ERR]),
    ("ossr_download_progress", c_int,
     [POINTER(ossr_download), POINTER(c_int64), POINTER(c_int64), POINTER(c_int)]),
    ("ossr_download_progress_wait", c_int,
     [POINTER(ossr_download), c_int, POINTER(c_int64), POINTER(c_int64), POINTER(c_int)]),
    ("ossr_download_wait", c_int, [POINTER(ossr_download), c_int, _P_RES, _P_ERR]),
    ("ossr_download_cancel", c_int, [POINTER(ossr_download)]),
    ("ossr_download_free", None, [POINTER(ossr_download)]),
]


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    for name, restype, argtypes in _DECLARATIONS:
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


# --- finding and loading the library --------------------------------------------------------

def candidates(env: Optional[str], package_dir: str,
               find: Callable[[str], Optional[str]]) -> List[str]:
    """Where to look, in order: $OSSRESUME_LIBRARY alone when set (an explicit choice is never
    second-guessed), else the file next to the package, else the system's search path."""
    if env:
        return [env]
    found: List[str] = []
    local = os.path.join(package_dir, LIBRARY_FILE)
    if os.path.exists(local):
        found.append(local)
    system = find("ossresume")
    if system:
        found.append(system)
    return found


def load(env: Optional[str] = None, package_dir: Optional[str] = None,
         find: Callable[[str], Optional[str]] = ctypes.util.find_library) -> ctypes.CDLL:
    """Loads and declares the library, or raises LibraryNotFoundError saying what to do."""
    if env is None:
        env = os.environ.get(ENV_LIBRARY)
    if package_dir is None:
        package_dir = os.path.dirname(os.path.abspath(__file__))
    tried = candidates(env, package_dir, find)
    problems: List[str] = []
    for path in tried:
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            problems.append(f"{path}: {e}")
            continue
        try:
            return _declare(lib)
        except AttributeError as e:  # an older library without the native API
            problems.append(f"{path}: not a libossresume with the native API ({e})")
    if env:
        where = f"{ENV_LIBRARY}={env!r}"
    else:
        where = (f"{ENV_LIBRARY} is not set, no {LIBRARY_FILE} is next to the package in "
                 f"{package_dir}, and the system library path has no libossresume")
    detail = ("; ".join(problems)) if problems else ""
    raise errors.LibraryNotFoundError(
        f"cannot load the ossresume native library: {where}"
        + (f" ({detail})" if detail else "")
        + f". Build it with `make lib` (it writes build/{LIBRARY_FILE}) and set {ENV_LIBRARY} "
          f"to its path, or install it where the dynamic loader finds it.")


class _Loader:
    """Loads the library once, on first use, so ``import ossresume`` works without it and a
    missing library is reported where it is needed, with what to do about it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lib: Optional[ctypes.CDLL] = None

    def __call__(self) -> ctypes.CDLL:
        lib = self._lib
        if lib is None:
            with self._lock:
                if self._lib is None:
                    self._lib = load()
                lib = self._lib
        return lib


lib = _Loader()


# --- strings in, strings out ----------------------------------------------------------------

def cstr(s: Optional[str]) -> Optional[bytes]:
    return None if s is None else s.encode("utf-8")


def cpath(p: "Optional[os.PathLike[str] | str]") -> Optional[bytes]:
    return None if p is None else os.fsencode(p)


def pystr(b: Optional[bytes]) -> str:
    return "" if b is None else b.decode("utf-8", "replace")


def string_array(items: Sequence[str]):
    """A NULL-terminated ``const char *const *`` (None for an empty list)."""
    if not items:
        return None
    arr = (c_char_p * (len(items) + 1))(*[s.encode("utf-8") for s in items], None)
    return ctypes.cast(arr, POINTER(c_char_p)), arr  # arr keeps the strings alive


def read_string_array(p) -> List[str]:
    out: List[str] = []
    if not p:
        return out
    i = 0
    while p[i] is not None:
        out.append(pystr(p[i]))
        i += 1
    return out


# --- errors ---------------------------------------------------------------------------------

def error_from(err: "ctypes._Pointer[ossr_error]", rc: int) -> BaseException:
    """Builds the exception for a filled ossr_error (or for a bare code when err is NULL)."""
    if not err:
        name = pystr(lib().ossr_code_name(rc))
        return errors.LibraryError(f"ossresume call failed with {name} and no error detail")
    e = err.contents
    code = e.code or rc
    common = dict(status=None, code=pystr(e.error_code), message=pystr(e.message),
                  request_id=pystr(e.request_id), ec=pystr(e.ec), upload_id=pystr(e.upload_id))
    exc: BaseException
    if code == OSSR_E_SERVER:
        common["status"] = e.http_status
        exc = errors.server_error_class(e.http_status, common["code"])(**common)
    elif code == OSSR_E_ARG:
        exc = errors.ClientError(**common)
    elif code == OSSR_E_CREDENTIALS:
        exc = errors.CredentialsError(**common)
    elif code == OSSR_E_FILE:
        exc = errors.local_file_error_class(e.sys_errno)(
            errno=e.sys_errno, filename=pystr(e.path) or None, **common)
    elif code == OSSR_E_CHECKPOINT_IN_USE:
        exc = errors.CheckpointInUse(errno=e.sys_errno, filename=pystr(e.path) or None, **common)
    elif code == OSSR_E_CHECKPOINT:
        exc = errors.CheckpointError(errno=e.sys_errno, filename=pystr(e.path) or None, **common)
    elif code == OSSR_E_NETWORK:
        exc = errors.RequestError(**common)
    elif code == OSSR_E_INCONSISTENT:
        exc = errors.InconsistentError(**common)
    elif code == OSSR_E_CANCELLED:
        exc = errors.CancelledError(**common)
    elif code == OSSR_E_FORK:
        return errors.ForkError(common["message"] or "called in a child process after fork()")
    else:
        return errors.LibraryError(
            f"{pystr(lib().ossr_code_name(code))}: {common['message']}")
    assert isinstance(exc, errors.OssError)
    exc.field = pystr(e.field)
    exc.operation = pystr(e.operation)
    exc.part_number = e.part_number
    exc.local_crc64 = e.local_crc64
    exc.server_crc64 = e.server_crc64
    return exc


def check_bare(rc: int) -> None:
    """check() for the calls that return a code but no error struct."""
    if rc == OSSR_OK:
        return
    if rc == OSSR_E_FORK:
        raise errors.ForkError("ossresume: called in a child process after fork(); the "
                               "library's Go runtime does not survive fork (use fork+exec, "
                               "or the 'spawn'/'forkserver' multiprocessing start methods)")
    raise error_from(None, rc)


def check(rc: int, err: "ctypes._Pointer[ossr_error]") -> None:
    """Turns a failed call's code and error struct into an exception, freeing the struct."""
    if rc == OSSR_OK:
        return
    try:
        exc = error_from(err, rc)
    finally:
        lib().ossr_error_free(err)
    raise exc
