"""HTTPS: ossemu's certificate comes from a CA of its own, trusted through ca_file or ca_path."""

import os
import re
import shutil
import tempfile
import unittest

from base import PART, EmulatorTestCase  # first: puts the package on sys.path
from crc64 import crc64

import emulator
import ossresume
from ossresume import _lib


class TLSTest(EmulatorTestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ossresume-py-tls-")
        cls.ca = os.path.join(cls.tmp, "ossemu-ca.pem")
        cls.emu = emulator.Emulator(ca_out=cls.ca)

    def ca_dir(self, *entries):
        """A fresh directory holding entries: ("link", name) a link to the CA, ("copy", name) a
        copy of it, ("text", name) a file without a certificate."""
        d = tempfile.mkdtemp(dir=self.tmp)
        for kind, name in entries:
            path = os.path.join(d, name)
            if kind == "link":
                os.symlink(self.ca, path)
            elif kind == "copy":
                shutil.copyfile(self.ca, path)
            else:
                with open(path, "w") as f:
                    f.write("not a certificate\n")
        return d

    def upload(self, key, **kw):
        path, data = self.make_file(3 * PART, key.replace("/", "-"))
        r = ossresume.resumable_upload(self.bucket(**kw), key, path, part_size=PART,
                                       multipart_threshold=0, checkpoint=False)
        self.assertEqual((r.status, r.total_bytes), (200, len(data)))
        self.assertEqual(r.crc, crc64(data))
        status, body, _ = self.emu.get_object(key)
        self.assertEqual((status, body), (200, data), "the stored object differs from the file")

    def test_unknown_ca_is_refused(self):
        # What the tests below get through is the CA's doing, not a lax client.
        path, _ = self.make_file(PART)
        with self.assertRaises(ossresume.RequestError) as cm:
            ossresume.resumable_upload(self.bucket(retries=0), "tls/unknown.bin", path,
                                       checkpoint=False)
        self.assertIn("TLS", str(cm.exception))

    def test_ca_file(self):
        self.upload("tls/ca-file.bin", ca_file=self.ca)

    def test_ca_path(self):
        cases = [  # (name, entries, through a link to the directory)
            ("c_rehash link", [("link", "5ed36f99.0"), ("text", "README")], False),
            ("copy", [("copy", "ossemu-ca.pem")], False),
            ("linked directory", [("copy", "ca.crt")], True),
        ]
        for name, entries, linked in cases:
            with self.subTest(name):
                d = self.ca_dir(*entries)
                if linked:
                    alias = d + "-alias"
                    os.symlink(d, alias)
                    d = alias
                self.upload(f"tls/ca-path-{name.replace(' ', '-')}.bin", ca_path=d)

    def test_ca_path_without_a_certificate_is_refused_before_any_traffic(self):
        cases = [
            ("empty directory", self.ca_dir()),
            ("no certificate in any file", self.ca_dir(("text", "README"))),
            ("missing", os.path.join(self.tmp, "missing")),
            ("a file", self.ca),
        ]
        for name, ca_path in cases:
            with self.subTest(name):
                self.emu.clear_log()
                with self.assertRaises(ossresume.ClientError) as cm:
                    self.bucket(ca_path=ca_path)
                self.assertEqual(cm.exception.field, "ca_path")
                self.assertIn("ca_path", str(cm.exception))
                self.assertEqual(self.emu.log(), [])

    def test_client_options_mirror_the_header(self):
        # The struct is handed to C by layout: a field missing or out of order here would shift
        # every field after it.
        header = os.path.join(emulator.REPO, "include", "ossresume.h")
        with open(header) as f:
            text = f.read()
        body = re.search(r"typedef struct ossr_client_options \{(.*?)\} ossr_client_options;",
                         text, re.S).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        names = re.findall(r"(\w+);", body)
        self.assertEqual([n for n, _ in _lib.ossr_client_options._fields_], names)


if __name__ == "__main__":
    unittest.main()
