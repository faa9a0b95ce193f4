"""One bench upload through the Python package (kind ours-py): the flags of bench.Spec.Args,
the resumable_upload call timed alone, and {"wall_s", "vm_hwm_kib"} on stdout as the Go clients
report."""

import json
import os
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bindings", "python"))

import ossresume  # noqa: E402


def parse(argv):
    out = {}
    if len(argv) % 2:
        raise SystemExit(f"odd flags: {argv}")
    for flag, value in zip(argv[::2], argv[1::2]):
        if not flag.startswith("-"):
            raise SystemExit(f"bad flag {flag}")
        out[flag[1:]] = value
    if out.get("kind") != "ours-py" or out.get("files", "1") != "1":
        raise SystemExit(f"not an ours-py one-file spec: {out}")
    return out


def hwm_kib():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    a = parse(sys.argv[1:])
    ca = a.get("ca") or None
    with ossresume.Bucket(a["endpoint"], a["bucket"], access_key_id=a["ak"],
                          access_key_secret=a["sk"], region=a.get("region") or None,
                          ca_file=ca) as bucket:
        start = time.perf_counter()
        ossresume.resumable_upload(bucket, a["key"], a["file"], part_size=int(a["part"]),
                                   num_threads=int(a["threads"]),
                                   checkpoint=os.path.join(a["workdir"], "py.cp"))
        wall = time.perf_counter() - start
    print(json.dumps({"wall_s": wall, "vm_hwm_kib": hwm_kib()}))


if __name__ == "__main__":
    main()
