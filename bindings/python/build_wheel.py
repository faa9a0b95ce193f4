#!/usr/bin/env python3
"""Builds the ossresume wheel with the standard library alone (no pip, setuptools or wheel
needed, so it works offline): the package's Python files plus the native library, tagged for
the platform the library can run on.

    python3 bindings/python/build_wheel.py --lib build/libossresume.so.0 --out build/dist

The tag is py3-none-<platform>: the Python code is version-independent and the library is
loaded with ctypes, so no CPython ABI is involved. On Linux the platform is
manylinux_<major>_<minor>_<arch> (PEP 600) where <major>.<minor> is the newest GLIBC_
symbol version the library needs (read with objdump -T), provided it needs no library but
glibc's; otherwise linux_<arch>.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import platform
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, "ossresume")
# What a manylinux library may link against (PEP 600 leaves the list to auditwheel's policy;
# these are the glibc libraries every policy allows).
_GLIBC_LIBS = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
               "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def version() -> str:
    with open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8") as f:
        m = re.search(r'^version\s*=\s*"([^"]+)"', f.read(), re.M)
    if not m:
        sys.exit("build_wheel: no version in pyproject.toml")
    return m.group(1)


def platform_tag(lib: str) -> str:
    """manylinux_X_Y_<arch> when the library qualifies, else linux_<arch> (see the doc)."""
    arch = platform.machine().lower().replace("-", "_")
    if sys.platform != "linux":
        sys.exit(f"build_wheel: only Linux wheels are built here, not {sys.platform}")
    try:
        symbols = subprocess.run(["objdump", "-T", lib], check=True, capture_output=True,
                                 text=True).stdout
        dynamic = subprocess.run(["objdump", "-p", lib], check=True, capture_output=True,
                                 text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"build_wheel: objdump (binutils) could not read {lib}: {e}")
    needed = set(re.findall(r"^\s*NEEDED\s+(\S+)", dynamic, re.M))
    versions = {tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_(\d+\.\d+)",
                                                                          symbols)}
    if not versions or not needed <= _GLIBC_LIBS:
        return f"linux_{arch}"
    major, minor = max(versions)
    return f"manylinux_{major}_{minor}_{arch}"


def metadata(ver: str) -> str:
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (f"Metadata-Version: 2.1\nName: ossresume\nVersion: {ver}\n"
            "Summary: Resumable multipart upload to Alibaba Cloud OSS on the libossresume "
            "native library; oss2's resumable_upload as ossresume.oss2\n"
            "Requires-Python: >=3.8\nDescription-Content-Type: text/markdown\n\n" + readme)


def files(lib: str):
    """(path in the wheel, bytes) of the package, the library as ossresume/libossresume.so."""
    for root, dirs, names in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", "py.typed")):
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    yield os.path.relpath(path, HERE).replace(os.sep, "/"), f.read()
    with open(lib, "rb") as f:
        yield "ossresume/libossresume.so", f.read()


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(lib: str, out: str) -> str:
    ver = version()
    tag = f"py3-none-{platform_tag(lib)}"
    os.makedirs(out, exist_ok=True)
    wheel = os.path.join(out, f"ossresume-{ver}-{tag}.whl")
    info = f"ossresume-{ver}.dist-info"
    entries = list(files(lib))
    entries += [
        (f"{info}/METADATA", metadata(ver).encode()),
        (f"{info}/WHEEL", (f"Wheel-Version: 1.0\nGenerator: ossresume build_wheel.py\n"
                           f"Root-Is-Purelib: false\nTag: {tag}\n").encode()),
        (f"{info}/top_level.txt", b"ossresume\n"),
    ]
    record = "\n".join(record_line(n, d) for n, d in entries) + f"\n{info}/RECORD,,\n"
    tmp = wheel + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries + [(f"{info}/RECORD", record.encode())]:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible
            zi.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    os.replace(tmp, wheel)
    return wheel


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lib", required=True, help="the built libossresume.so to bundle")
    p.add_argument("--out", required=True, help="the directory to write the wheel into")
    a = p.parse_args()
    print(build(a.lib, a.out))


if __name__ == "__main__":
    main()
