"""Uploads that succeed: read back, PutObject below the threshold, resume, progress."""

import asyncio
import ctypes
import os
import threading
from unittest import mock

from base import PART, EmulatorTestCase  # first: puts the package on sys.path
from crc64 import crc64

import emulator
import ossresume
from ossresume import _lib


class UploadTest(EmulatorTestCase):

    def test_upload_and_read_back(self):
        cases = [  # (name, size, part_size, threads)
            ("several parts", 7 * PART + 123, PART, 3),
            ("one part", PART // 2 + 1, PART, 1),
            ("exact parts", 4 * PART, 2 * PART, 2),
        ]
        for name, size, part_size, threads in cases:
            with self.subTest(name):
                path, data = self.make_file(size, name.replace(" ", "-") + ".bin")
                key = f"read-back/{name}.bin"
                r = ossresume.resumable_upload(
                    self.bucket(), key, path, part_size=part_size, num_threads=threads,
                    multipart_threshold=0, checkpoint=False,
                    headers={"Content-Type": "application/x-test", "x-oss-meta-case": "yes"})
                self.assertEqual(r.status, 200)
                self.assertEqual((r.bucket, r.key, r.total_bytes), ("pybucket", key, size))
                self.assertEqual(r.crc, crc64(data), "result CRC vs locally computed CRC-64")
                self.assertEqual(r.parts, -(-size // part_size))
                self.assertEqual(r.bytes_sent, size)
                self.assertTrue(r.etag and '"' not in r.etag, r.etag)
                self.assertTrue(r.request_id and r.upload_id)
                self.assertIn(b"CompleteMultipartUploadResult", r.body)
                self.assertEqual(r.headers["x-oss-request-id"], r.request_id)
                status, body, headers = self.emu.get_object(key)
                self.assertEqual(status, 200)
                self.assertEqual(body, data, "the stored object differs from the file")
                self.assertEqual(headers.get("Content-Type"), "application/x-test")
                self.assertEqual(headers.get("x-oss-meta-case"), "yes")
                self.assertEqual(int(headers["x-oss-hash-crc64ecma"]), crc64(data))

    def test_signature_versions_and_sts_token(self):
        path, data = self.make_file(2 * PART)
        cases = [("V4", {}), ("V1", dict(signature_version=1)),
                 ("V4 with STS token", dict(security_token=emulator.STS_TOKEN)),
                 ("V1 with STS token", dict(signature_version=1,
                                            security_token=emulator.STS_TOKEN))]
        for name, kw in cases:
            with self.subTest(name):
                key = f"sig/{name}.bin"
                r = ossresume.resumable_upload(self.bucket(**kw), key, path, part_size=PART,
                                               multipart_threshold=0, checkpoint=False)
                self.assertEqual(r.crc, crc64(data))
                self.assertEqual(self.emu.get_object(key)[1], data)

    def test_small_file_goes_as_one_put_object(self):
        path, data = self.make_file(3 * PART)
        r = ossresume.resumable_upload(self.bucket(), "small.bin", path,
                                       multipart_threshold=10 * PART)
        self.assertEqual((r.parts, r.upload_id), (0, ""))
        self.assertEqual(r.crc, crc64(data))
        self.assertEqual([e["op"] for e in self.ops()], ["PutObject"])
        self.assertEqual(self.emu.get_object("small.bin")[1], data)

    def test_resume_after_injected_failure_sends_only_the_remaining_parts(self):
        path, data = self.make_file(6 * PART + 7)
        bucket = self.bucket()
        # Part 4 is refused for good (403 is never retried), so the first run stops there.
        self.emu.add_fault("op=UploadPart,part=4,status=403,code=AccessDenied,times=1")
        with self.assertRaises(ossresume.AccessDenied):
            ossresume.resumable_upload(bucket, "resume.bin", path, part_size=PART,
                                       num_threads=1, multipart_threshold=0)
        self.assertTrue(os.path.exists(path + ".cp"), "the checkpoint must be kept")
        first_ok = {e["partNumber"] for e in self.ops("UploadPart") if e["status"] == 200}
        self.assertTrue(first_ok, "some parts should have been sent before the failure")
        self.emu.clear_log()

        r = ossresume.resumable_upload(bucket, "resume.bin", path, part_size=PART,
                                       num_threads=2, multipart_threshold=0)
        second = [e["partNumber"] for e in self.ops("UploadPart")]
        self.assertEqual(sorted(second), sorted(set(range(1, 8)) - first_ok),
                         "the resumed run must send exactly the parts not yet done")
        self.assertEqual(self.ops("InitiateMultipartUpload"), [])
        self.assertEqual(r.bytes_resumed, sum(PART for _ in first_ok))
        self.assertEqual(r.bytes_resumed + r.bytes_sent, len(data))
        self.assertEqual(r.crc, crc64(data))
        self.assertFalse(os.path.exists(path + ".cp"), "the checkpoint goes after Complete")
        self.assertEqual(self.emu.get_object("resume.bin")[1], data)

    def test_record_keeps_crc64_by_default_and_sha256_on_request(self):
        # Each case stops at part 3 (403 is never retried) and reads the record it left.
        path, data = self.make_file(4 * PART)
        bucket = self.bucket()
        for kw, want_sha in (({}, False), ({"part_sha256": True}, True),
                             ({"part_sha256": True, "disable_sha256": True}, False)):
            with self.subTest(**kw):
                self.emu.add_fault("op=UploadPart,part=3,status=403,code=AccessDenied,times=1")
                with self.assertRaises(ossresume.AccessDenied):
                    ossresume.resumable_upload(bucket, "sha.bin", path, part_size=PART,
                                               num_threads=1, multipart_threshold=0, **kw)
                with open(path + ".cp", encoding="utf-8") as f:
                    parts = [line for line in f.read().splitlines() if line.startswith('{"n":')]
                self.assertEqual(len(parts), 2, "parts 1 and 2 recorded")
                for line in parts:
                    self.assertIn('"crc64":', line)
                    self.assertEqual('"sha256":' in line, want_sha, line)
                # The record resumes under the default, whatever it was written with.
                r = ossresume.resumable_upload(bucket, "sha.bin", path, part_size=PART,
                                               num_threads=1, multipart_threshold=0)
                self.assertEqual(r.bytes_resumed, 2 * PART)
                self.assertEqual(self.emu.get_object("sha.bin")[1], data)

    def test_store_directory_holds_the_checkpoint(self):
        class ResumableStore:  # what oss2.ResumableStore offers: the directory as .dir
            dir = os.path.join(self.tmp, "oss2-store")

        cases = [("a directory path", os.path.join(self.tmp, "store"), "store"),
                 ("an oss2 ResumableStore", ResumableStore(), ResumableStore.dir)]
        for name, store, where in cases:
            with self.subTest(name):
                path, data = self.make_file(3 * PART, name.replace(" ", "-"))
                self.emu.add_fault("op=Complete,status=403,code=AccessDenied,times=1")
                with self.assertRaises(ossresume.AccessDenied):
                    ossresume.resumable_upload(self.bucket(), "store.bin", path, store=store,
                                               part_size=PART, multipart_threshold=0)
                where = os.path.join(self.tmp, where)
                self.assertEqual(len(os.listdir(where)), 1)
                self.assertFalse(os.path.exists(path + ".cp"))
                r = ossresume.resumable_upload(self.bucket(), "store.bin", path, store=store,
                                               part_size=PART, multipart_threshold=0)
                self.assertEqual(r.bytes_resumed, len(data))
                self.assertEqual(os.listdir(where), [])

    def test_blocking_native_call_matches_its_declaration(self):
        # The package waits on the start/wait handle; this checks the other shape's ctypes
        # declaration: the callback runs on the calling thread, and non-zero cancels.
        path, data = self.make_file(4 * PART)
        lib = _lib.lib()
        bucket = self.bucket()
        for name, stop_at, want_rc in [("to the end", None, _lib.OSSR_OK),
                                       ("cancelled by the callback", PART, _lib.OSSR_E_CANCELLED)]:
            with self.subTest(name):
                calls = []

                @_lib.ossr_progress_fn
                def progress(done, total, user_data):
                    calls.append((done, total, threading.get_ident(), user_data))
                    return 1 if stop_at is not None and done >= stop_at else 0

                opts = _lib.ossr_upload_options(
                    bucket=b"pybucket", key=b"blocking.bin", file_path=path.encode(),
                    part_size=PART, threads=1, checkpoint=_lib.OSSR_CHECKPOINT_OFF)
                res = ctypes.POINTER(_lib.ossr_result)()
                err = ctypes.POINTER(_lib.ossr_error)()
                if stop_at is not None:
                    self.emu.add_fault("op=UploadPart,delay=100ms")
                rc = lib.ossr_upload_file(bucket.handle, ctypes.byref(opts), progress, 42,
                                          ctypes.byref(res), ctypes.byref(err))
                self.emu.clear_faults()
                self.assertEqual(rc, want_rc)
                self.assertTrue(calls)
                self.assertEqual({c[2] for c in calls}, {threading.get_ident()})
                self.assertEqual({c[3] for c in calls}, {42})
                if rc == _lib.OSSR_OK:
                    self.assertEqual(res.contents.crc64, crc64(data))
                    self.assertEqual(calls[-1][:2], (len(data), len(data)))
                    lib.ossr_result_free(res)
                else:
                    self.assertEqual(err.contents.code, _lib.OSSR_E_CANCELLED)
                    lib.ossr_error_free(err)

    def test_progress_is_monotonic_and_ends_at_total(self):
        path, data = self.make_file(5 * PART)
        self.emu.add_fault("op=UploadPart,delay=150ms")
        seen = []
        ossresume.resumable_upload(self.bucket(), "progress.bin", path, part_size=PART,
                                   num_threads=1, multipart_threshold=0, checkpoint=False,
                                   progress_callback=lambda done, total: seen.append((done, total)))
        self.assertGreaterEqual(len(seen), 3, seen)
        self.assertTrue(all(t == len(data) for _, t in seen), seen)
        dones = [d for d, _ in seen]
        self.assertEqual(dones, sorted(set(dones)), "strictly increasing")
        self.assertEqual(seen[-1], (len(data), len(data)))

    def test_start_upload_handle(self):
        path, data = self.make_file(3 * PART)
        with self.bucket().start_upload("handle.bin", path, part_size=PART,
                                        multipart_threshold=0) as up:
            r = up.wait(timeout=30)
            self.assertTrue(up.done())
            self.assertEqual(up.progress(), ossresume.Progress(len(data), len(data), True))
            self.assertEqual(up.wait(), r, "a finished upload answers the same again")
        with self.assertRaises(ossresume.ClientError):
            up.progress()

    def test_wait_timeout_leaves_the_upload_running(self):
        path, data = self.make_file(2 * PART)
        self.emu.add_fault("op=UploadPart,delay=400ms")
        with self.bucket().start_upload("timeout.bin", path, part_size=PART,
                                        multipart_threshold=0, checkpoint=False) as up:
            with self.assertRaises(TimeoutError):
                up.wait(timeout=0.1)
            self.assertEqual(up.wait().crc, crc64(data))

    def test_uploads_from_several_threads_on_one_bucket(self):
        bucket = self.bucket()
        files = [self.make_file((2 + i) * PART, f"thread-{i}.bin") for i in range(4)]
        results = [None] * len(files)

        def upload(i):
            results[i] = ossresume.resumable_upload(bucket, f"threads/{i}.bin", files[i][0],
                                                    part_size=PART, multipart_threshold=0)

        threads = [threading.Thread(target=upload, args=(i,)) for i in range(len(files))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for (path, data), r in zip(files, results):
            self.assertIsNotNone(r)
            self.assertEqual(r.crc, crc64(data))

    def test_asyncio(self):
        path, data = self.make_file(2 * PART)
        r = asyncio.run(ossresume.resumable_upload_async(
            self.bucket(), "async.bin", path, part_size=PART, multipart_threshold=0))
        self.assertEqual(r.crc, crc64(data))

    def test_credentials_from_the_environment(self):
        # The library reads OSS_ACCESS_KEY_ID / _SECRET with getenv() at each request.
        path, data = self.make_file(PART)
        with mock.patch.dict(os.environ, OSS_ACCESS_KEY_ID=emulator.KEY_ID,
                             OSS_ACCESS_KEY_SECRET=emulator.KEY_SECRET):
            with ossresume.Bucket(self.emu.url, emulator.BUCKET, region="cn-test") as b:
                r = ossresume.resumable_upload(b, "env.bin", path)
        self.assertEqual(r.crc, crc64(data))
