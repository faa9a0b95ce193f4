"""Every exception type: server errors with status, code and request id, network errors,
inconsistent data, local file errors as OSError, bad arguments before any traffic."""

import errno
import os
import socket
import time
from unittest import mock

from base import PART, EmulatorTestCase  # first: puts the package on sys.path

import emulator
import ossresume


def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerErrorTest(EmulatorTestCase):

    def upload(self, bucket=None, key="err.bin", size=3 * PART, **kw):
        path, _ = self.make_file(size)
        args = dict(part_size=PART, multipart_threshold=0, checkpoint=False)
        args.update(kw)
        return ossresume.resumable_upload(bucket or self.bucket(), key, path, **args)

    def test_server_errors_map_to_the_oss2_tree(self):
        cases = [  # (name, bucket kwargs, fault, class, parents, status, code)
            ("wrong secret", dict(access_key_secret="wrong"), None,
             ossresume.SignatureDoesNotMatch, (ossresume.ServerError,), 403,
             "SignatureDoesNotMatch"),
            ("unknown key id", dict(access_key_id="nobody"), None,
             ossresume.InvalidAccessKeyId, (ossresume.ServerError,), 403, "InvalidAccessKeyId"),
            ("bad STS token", dict(security_token="not-the-token"), None,
             ossresume.InvalidSecurityToken, (ossresume.ServerError,), 403,
             "InvalidSecurityToken"),
            ("no such bucket", dict(name="no-such-bucket"), None,
             ossresume.NoSuchBucket, (ossresume.NotFound,), 404, "NoSuchBucket"),
            ("upload gone", {}, "op=UploadPart,part=2,expire-upload",
             ossresume.NoSuchUpload, (ossresume.NotFound, ossresume.ServerError), 404,
             "NoSuchUpload"),
            ("throttled", {}, "op=Initiate,status=503,code=SlowDown",
             ossresume.ServiceUnavailable, (ossresume.ServerError,), 503, "SlowDown"),
            ("forbidden", {}, "op=Initiate,status=403,code=AccessDenied",
             ossresume.AccessDenied, (ossresume.ServerError,), 403, "AccessDenied"),
        ]
        for name, bucket_kw, fault, cls, parents, status, code in cases:
            with self.subTest(name):
                self.emu.clear_faults()
                if fault:
                    self.emu.add_fault(fault)
                with self.assertRaises(cls) as cm:
                    self.upload(self.bucket(**bucket_kw), retries=0)
                e = cm.exception
                for parent in parents + (ossresume.OssError,):
                    self.assertIsInstance(e, parent)
                self.assertEqual((e.status, e.code), (status, code))
                self.assertTrue(e.request_id, "the request id must be kept")
                self.assertTrue(e.message)
                logged = [x["requestId"] for x in self.emu.log() if x.get("code") == code]
                self.assertIn(e.request_id, logged, "the request id is the server's")
                if code == "NoSuchUpload":
                    self.assertEqual(e.ec, "0017-00000244")
                    self.assertTrue(e.upload_id)

    def test_inconsistent_crc(self):
        self.emu.add_fault("op=Complete,wrong-crc")
        with self.assertRaises(ossresume.InconsistentError) as cm:
            self.upload(retries=0)
        e = cm.exception
        self.assertEqual(e.status, -3)
        self.assertNotEqual(e.local_crc64, e.server_crc64)
        self.assertTrue(e.request_id)

    def test_network_error(self):
        path, _ = self.make_file(PART)
        with ossresume.Bucket(f"http://127.0.0.1:{closed_port()}", "pybucket",
                              region="cn-test", access_key_id="a", access_key_secret="b",
                              connect_timeout=2) as b:
            with self.assertRaises(ossresume.RequestError) as cm:
                ossresume.resumable_upload(b, "net.bin", path, retries=0, checkpoint=False)
        self.assertEqual(cm.exception.status, -2)

    def test_local_file_errors_are_oserrors(self):
        cases = [  # (name, path, class, builtin, errno)
            ("missing", os.path.join(self.tmp, "does-not-exist"), ossresume.FileNotFound,
             FileNotFoundError, errno.ENOENT),
            ("directory", self.tmp, ossresume.IsADirectory, IsADirectoryError, errno.EISDIR),
        ]
        for name, path, cls, builtin, err in cases:
            with self.subTest(name):
                with self.assertRaises(builtin) as cm:
                    ossresume.resumable_upload(self.bucket(), "file.bin", path)
                e = cm.exception
                self.assertIsInstance(e, cls)
                self.assertIsInstance(e, ossresume.OssError)
                self.assertEqual(e.errno, err)
                self.assertEqual(e.filename, path)
        self.assertEqual(self.emu.log(), [], "no traffic for a file that cannot be read")

    def test_bad_arguments_refused_before_any_traffic(self):
        path, _ = self.make_file(PART)
        bucket = self.bucket()
        cases = [  # (name, kwargs, field or None)
            ("part size too small", dict(part_size=1000), "part_size"),
            ("too many threads", dict(num_threads=5000), "threads"),
            ("part size not an int", dict(part_size=1.5), None),
            ("checkpoint of the wrong type", dict(checkpoint=3), None),
            ("store without checkpoint", dict(store=self.tmp, checkpoint=False), None),
            ("negative threshold", dict(multipart_threshold=-1), None),
            ("headers not str", dict(headers={"x-oss-meta-a": 1}), None),
            ("progress not callable", dict(progress_callback=5), None),
        ]
        for name, kw, field in cases:
            with self.subTest(name):
                with self.assertRaises(ossresume.ClientError) as cm:
                    ossresume.resumable_upload(bucket, "arg.bin", path, **kw)
                self.assertIsInstance(cm.exception, ValueError)
                self.assertEqual(cm.exception.status, -1)
                if field:
                    self.assertIn(field.split("_")[0], cm.exception.field + cm.exception.message)
        with self.assertRaises(ossresume.ClientError):
            ossresume.resumable_upload(bucket, "", path)
        self.assertEqual(self.emu.log(), [], "bad arguments must not reach the server")

    def test_bad_bucket_settings(self):
        cases = [
            ("bad signature version", dict(signature_version=3)),
            ("negative timeout", dict(timeout=-1)),
            ("empty endpoint", dict(endpoint="")),
        ]
        for name, kw in cases:
            with self.subTest(name):
                endpoint = kw.pop("endpoint", self.emu.url)
                with self.assertRaises(ossresume.ClientError):
                    ossresume.Bucket(endpoint, "pybucket", region="cn-test", **kw)

    def test_missing_credentials(self):
        # The library reads OSS_ACCESS_KEY_ID / _SECRET with getenv() at each request.
        path, _ = self.make_file(PART)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
        with mock.patch.dict(os.environ, env, clear=True):
            with ossresume.Bucket(self.emu.url, "pybucket", region="cn-test") as b:
                with self.assertRaises(ossresume.CredentialsError) as cm:
                    ossresume.resumable_upload(b, "k", path, checkpoint=False)
        self.assertEqual(cm.exception.status, -1)
        self.assertIsInstance(cm.exception, ossresume.ClientError)
        self.assertEqual(self.emu.log(), [], "no request without credentials")

    def test_closed_bucket(self):
        b = self.bucket()
        b.close()
        path, _ = self.make_file(PART)
        with self.assertRaises(ossresume.ClientError):
            ossresume.resumable_upload(b, "closed.bin", path)

    def test_checkpoint_in_use(self):
        path, _ = self.make_file(3 * PART)
        self.emu.add_fault("op=UploadPart,delay=300ms")
        bucket = self.bucket()
        with bucket.start_upload("busy.bin", path, part_size=PART, multipart_threshold=0,
                                 num_threads=1) as first:
            # The record is locked on the upload's own thread, soon after start returns.
            deadline = time.monotonic() + 10
            while first.progress().done == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            with self.assertRaises(ossresume.CheckpointInUse) as cm:
                with bucket.start_upload("busy.bin", path, part_size=PART,
                                         multipart_threshold=0) as second:
                    second.wait(timeout=30)
            self.assertIsInstance(cm.exception, OSError)
            first.wait(timeout=30)


class BucketNameTest(EmulatorTestCase):

    def test_key_is_the_one_given(self):
        path, data = self.make_file(PART)
        r = ossresume.resumable_upload(self.bucket(), "dir/naïve name.bin", path)
        self.assertEqual(r.key, "dir/naïve name.bin")
        self.assertEqual(self.emu.get_object("dir/naïve name.bin")[1], data)
        self.assertEqual(emulator.BUCKET, r.bucket)
