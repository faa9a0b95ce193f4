"""resumable_download, in ossresume's shape and oss2's (ossresume.oss2): the file is the object
byte for byte, progress grows to the total, a stopped download resumes with only what is
missing, and bad input is refused by name before any request."""

import os
import time

from base import PART, EmulatorTestCase  # first: puts the package on sys.path
from crc64 import crc64

import ossresume
from ossresume import oss2

import emulator

RANGE = 128 * 1024  # small ranges: several per test object


class Stop(Exception):
    """The test's own exception, raised from a progress callback."""


class DownloadTest(EmulatorTestCase):

    def put(self, key, size):
        """Uploads size random bytes to key; returns them. The log is emptied after."""
        path, data = self.make_file(size, name=f"src-{self._testMethodName}-{key.replace('/', '_')}")
        ossresume.resumable_upload(self.bucket(), key, path, part_size=PART, multipart_threshold=0)
        self.emu.clear_log()
        return data

    def target(self, name="out.bin"):
        d = os.path.join(self.tmp, self._testMethodName)
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, name)

    def ranges(self):
        """The ranged GETs the server answered 206, by their first byte."""
        return sorted(int(e["range"].split("=")[1].split("-")[0])
                      for e in self.ops("GetObject") if e.get("range") and e["status"] == 206)

    def assert_file(self, path, data):
        with open(path, "rb") as f:
            got = f.read()
        self.assertEqual(len(got), len(data))
        self.assertTrue(got == data, "the file differs from the object")

    def test_download_and_progress(self):
        data = self.put("d/file.bin", 5 * RANGE + 777)
        out = self.target()
        calls = []
        res = ossresume.resumable_download(self.bucket(), "d/file.bin", out, part_size=RANGE,
                                           num_threads=3,
                                           progress_callback=lambda d, t: calls.append((d, t)))
        self.assert_file(out, data)
        self.assertIsInstance(res, ossresume.DownloadResult)
        self.assertTrue(res.verified)
        self.assertEqual(res.crc, crc64(data))
        self.assertEqual((res.total_bytes, res.bytes_fetched, res.bytes_resumed),
                         (len(data), len(data), 0))
        self.assertEqual((res.part_size, res.parts), (RANGE, 6))
        self.assertEqual(res.status, 200)
        self.assertTrue(res.etag and '"' not in res.etag)
        self.assertEqual(len(self.ranges()), 6)
        # Progress: values only grow, every call names the total, the last is (total, total).
        self.assertGreaterEqual(len(calls), 2)
        self.assertEqual(calls[-1], (len(data), len(data)))
        self.assertEqual({t for _, t in calls}, {len(data)})
        self.assertEqual([d for d, _ in calls], sorted({d for d, _ in calls}))
        # Record and temporary file gone; only the file is there.
        self.assertEqual(os.listdir(os.path.dirname(out)), ["out.bin"])
        # The Bucket method is the same call.
        os.remove(out)
        self.bucket().resumable_download("d/file.bin", out, checkpoint=False)
        self.assert_file(out, data)

    def test_resume_after_cancel(self):
        """A raising progress callback stops the download, keeping record and temporary file;
        the next call fetches only the ranges not done, and the file is the object."""
        data = self.put("r.bin", 8 * RANGE)
        out = self.target()
        with open(out, "wb") as f:
            f.write(b"old content")  # an existing file stays until the new one is whole
        self.emu.add_fault("op=GetObject,delay=150ms")

        def stop_after_two(done, total):
            if done >= 2 * RANGE:
                raise Stop()

        with self.assertRaises(Stop):
            ossresume.resumable_download(self.bucket(), "r.bin", out, part_size=RANGE,
                                         num_threads=1, progress_callback=stop_after_two)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"old content")
        self.assertTrue(os.path.exists(out + ".dcp") and os.path.exists(out + ".tmp"))
        first = self.ranges()
        self.assertTrue(2 <= len(first) < 8, first)

        self.emu.clear_faults()
        self.emu.clear_log()
        calls = []
        res = ossresume.resumable_download(self.bucket(), "r.bin", out, part_size=RANGE,
                                           num_threads=2,
                                           progress_callback=lambda d, t: calls.append(d))
        self.assert_file(out, data)
        again = self.ranges()
        self.assertEqual(sorted(set(first) | set(again)), [i * RANGE for i in range(8)])
        self.assertLess(len(again), 8, "the rerun fetched everything again")
        self.assertEqual(res.bytes_resumed, (8 - len(again)) * RANGE)
        self.assertEqual(res.bytes_fetched + res.bytes_resumed, len(data))
        self.assertGreaterEqual(calls[0], res.bytes_resumed)  # resumed ranges count at once
        self.assertFalse(os.path.exists(out + ".dcp") or os.path.exists(out + ".tmp"))

    def test_cancel_handle(self):
        """start_download's handle: cancel() ends it with CancelledError, checkpoint kept."""
        self.put("c.bin", 6 * RANGE)
        out = self.target()
        self.emu.add_fault("op=GetObject,delay=300ms")
        with ossresume.start_download(self.bucket(), "c.bin", out, part_size=RANGE,
                                      num_threads=1) as dl:
            self.assertIsInstance(dl, ossresume.Download)
            deadline = time.monotonic() + 30
            while dl.progress().total == 0:  # the object's HEAD answered, its record saved
                self.assertLess(time.monotonic(), deadline, "no HEAD in 30 s")
                time.sleep(0.01)
            dl.cancel()
            with self.assertRaises(ossresume.CancelledError):
                dl.wait(timeout=30)
        self.assertFalse(os.path.exists(out))
        self.assertTrue(os.path.exists(out + ".dcp"))

    def test_missing_object(self):
        out = self.target()
        with self.assertRaises(ossresume.NoSuchKey) as cm:
            ossresume.resumable_download(self.bucket(), "no/such.bin", out)
        self.assertEqual(cm.exception.status, 404)
        self.assertEqual(os.listdir(os.path.dirname(out)), [])
        with self.assertRaises(oss2.exceptions.NotFound):
            oss2.resumable_download(self.oss2_bucket(), "no/such.bin", out,
                                    store=oss2.ResumableDownloadStore(root=self.tmp))
        self.assertEqual(os.listdir(os.path.dirname(out)), [])

    def test_bad_input_before_any_request(self):
        self.put("b.bin", 1000)
        d = os.path.dirname(self.target())
        missing = os.path.join(d, "no", "such", "dir", "f")
        cases = [
            ("key", dict(key=""), ossresume.ClientError, "key"),
            ("key type", dict(key=5), ossresume.ClientError, "key"),
            ("part_size", dict(part_size=-1), ossresume.ClientError, "part"),
            ("part_size type", dict(part_size=1.5), ossresume.ClientError, "part_size"),
            ("num_threads", dict(num_threads=5000), ossresume.ClientError, "thread"),
            ("checkpoint", dict(checkpoint=42), ossresume.ClientError, "checkpoint"),
            ("callback", dict(progress_callback=5), ossresume.ClientError, "progress_callback"),
            ("params", dict(params={"versionId": "v1"}), ossresume.ClientError, "params"),
            ("headers", dict(headers={"x-oss-traffic-limit": "819200"}), ossresume.ClientError,
             "headers"),
            ("threshold", dict(multiget_threshold=-1), ossresume.ClientError,
             "multiget_threshold"),
            ("target a directory", dict(filename=d), IsADirectoryError, d),
            ("directory missing", dict(filename=missing), FileNotFoundError, "no/such/dir"),
            ("filename type", dict(filename=None), ossresume.ClientError, "filename"),
        ]
        for name, kw, exc, mentions in cases:
            with self.subTest(name):
                self.emu.clear_log()
                args = dict(key="b.bin", filename=os.path.join(d, "f"))
                args.update(kw)
                with self.assertRaises(exc) as cm:
                    ossresume.resumable_download(self.bucket(), args.pop("key"),
                                                 args.pop("filename"), **args)
                self.assertIn(mentions, str(cm.exception))
                self.assertEqual(self.emu.log(), [], f"{name}: requests were sent")
        self.assertEqual(os.listdir(d), [])

    # --- ossresume.oss2 ---------------------------------------------------------------------

    def oss2_bucket(self):
        auth = oss2.AuthV4(emulator.KEY_ID, emulator.KEY_SECRET)
        b = oss2.Bucket(auth, self.emu.url, emulator.BUCKET, region="cn-test")
        self.addCleanup(b.close)
        return b

    def test_oss2_resumable_download(self):
        """oss2's call, positional in oss2's order: None returned, the file the object, the
        record in the store while it runs and gone after, progress (consumed, total)."""
        data = self.put("o/f.bin", 3 * RANGE + 5)
        out = self.target()
        store = oss2.ResumableDownloadStore(root=self.tmp, dir="dl-store")
        self.assertEqual(store.dir, os.path.join(self.tmp, "dl-store"))
        calls = []
        ret = oss2.resumable_download(self.oss2_bucket(), "o/f.bin", out, 0, RANGE,
                                      lambda c, t: calls.append((c, t)), 2, store)
        self.assertIsNone(ret)
        self.assert_file(out, data)
        self.assertEqual(len(self.ranges()), 4)
        self.assertEqual(calls[-1], (len(data), len(data)))
        self.assertEqual(os.listdir(store.dir), [])
        # oss2's defaults, read at call time: multiget_part_size sets the range size.
        os.remove(out)
        self.emu.clear_log()
        old = oss2.defaults.multiget_part_size
        oss2.defaults.multiget_part_size = 2 * RANGE
        self.addCleanup(setattr, oss2.defaults, "multiget_part_size", old)
        oss2.resumable_download(self.oss2_bucket(), "o/f.bin", out, store=store)
        self.assert_file(out, data)
        self.assertEqual(len(self.ranges()), 2)

    def test_oss2_resume_in_store(self):
        """A download stopped through oss2's call resumes from the record in its store."""
        data = self.put("o/r.bin", 6 * RANGE)
        out = self.target()
        store = oss2.ResumableDownloadStore(root=self.tmp, dir="dl-resume")
        self.emu.add_fault("op=GetObject,range-start=524288,status=403,code=AccessDenied,times=1")
        with self.assertRaises(oss2.exceptions.AccessDenied):
            oss2.resumable_download(self.oss2_bucket(), "o/r.bin", out, part_size=RANGE,
                                    num_threads=1, store=store)
        records = os.listdir(store.dir)
        self.assertEqual(len(records), 1)
        self.assertTrue(records[0].endswith(".dcp"))
        self.assertFalse(os.path.exists(out))
        self.emu.clear_log()
        oss2.resumable_download(self.oss2_bucket(), "o/r.bin", out, part_size=RANGE,
                                num_threads=1, store=store)
        self.assert_file(out, data)
        self.assertEqual(self.ranges(), [4 * RANGE, 5 * RANGE])
        self.assertEqual(os.listdir(store.dir), [])

    def test_oss2_bad_input(self):
        out = self.target()
        for kw, mentions in [(dict(params={"versionId": "x"}), "params"),
                             (dict(headers={"Range": "bytes=0-1"}), "headers"),
                             (dict(multiget_threshold="big"), "multiget_threshold"),
                             (dict(progress_callback="no"), "progress_callback")]:
            with self.subTest(mentions):
                self.emu.clear_log()
                with self.assertRaises(oss2.exceptions.ClientError) as cm:
                    oss2.resumable_download(self.oss2_bucket(), "k", out,
                                            store=oss2.ResumableDownloadStore(root=self.tmp), **kw)
                self.assertIn(mentions, str(cm.exception))
                self.assertEqual(self.emu.log(), [])
        with self.assertRaises(oss2.exceptions.ClientError):
            oss2.resumable_download(object(), "k", out)
