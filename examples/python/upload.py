#!/usr/bin/env python3
"""Upload a file to OSS with a progress bar. Ctrl-C stops it and keeps the checkpoint;
run the same command again to resume where it stopped.

    export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...
    python3 examples/python/upload.py --endpoint https://oss-cn-hangzhou.aliyuncs.com \\
        --region cn-hangzhou --bucket my-bucket big.iso backups/big.iso

Needs the native library: OSSRESUME_LIBRARY=build/libossresume.so (after `make lib`), and
the package on the path: PYTHONPATH=bindings/python (or an installed ossresume).
"""

import argparse
import os
import sys
import time

try:
    import ossresume
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "bindings", "python"))
    import ossresume


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024
    return f"{n:.1f} TiB"


class Bar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self):
        self.start = time.monotonic()

    def __call__(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(time.monotonic() - self.start, 1e-6)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                         f"{100 * done / total:5.1f}%  {human(done)} / {human(total)}  "
                         f"{human(rate)}/s ")
        sys.stderr.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file")
    p.add_argument("key")
    p.add_argument("--endpoint", required=True, help="e.g. https://oss-cn-hangzhou.aliyuncs.com")
    p.add_argument("--bucket", required=True)
    p.add_argument("--region", help="e.g. cn-hangzhou (needed by V4 signatures)")
    p.add_argument("--part-size", type=int, help="bytes per part (default 8 MiB)")
    p.add_argument("--threads", type=int, help="parts in flight (default 4)")
    args = p.parse_args()

    with ossresume.Bucket(args.endpoint, args.bucket, region=args.region) as bucket:
        try:
            result = ossresume.resumable_upload(
                bucket, args.key, args.file, part_size=args.part_size,
                num_threads=args.threads, multipart_threshold=0, progress_callback=Bar())
        except KeyboardInterrupt:
            sys.stderr.write(f"\ninterrupted: the checkpoint {args.file}.cp is kept; "
                             "run the same command again to resume\n")
            return 130
        except ossresume.OssError as e:
            sys.stderr.write(f"\nupload failed: {e.code or type(e).__name__}: {e.message}"
                             f" (status {e.status}, request id {e.request_id or '-'})\n")
            return 1
        except OSError as e:
            sys.stderr.write(f"\n{e}\n")
            return 1
    sys.stderr.write("\n")
    print(f"uploaded {args.file} to oss://{args.bucket}/{result.key}: etag {result.etag}, "
          f"crc64 {result.crc}, {result.parts} parts, {human(result.bytes_resumed)} resumed "
          f"from an earlier run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
