"""The OSS documentation's oss2 resumable-upload samples, verbatim but for their import lines
(and the endpoint and bucket placeholders), run as scripts against ossemu."""

import os
import tempfile
import unittest

from base import EmulatorTestCase
from oss2_helpers import DOC_SAMPLES, IMPORTS, SAMPLES, filled_sample, run_script, sample_env

from crc64 import crc64


class SampleTest(EmulatorTestCase):
    def run_sample(self, name, files):
        """Writes files ({name: bytes}) into a fresh directory, runs the filled sample
        there: (completed process, directory)."""
        work = tempfile.mkdtemp(dir=self.tmp)
        for fname, data in files.items():
            with open(os.path.join(work, fname), "wb") as f:
                f.write(data)
        script = os.path.join(work, "sample.py")
        with open(script, "w") as f:
            f.write(filled_sample(name, self.emu.url))
        proc = run_script(script, work, sample_env(work))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc, work

    def test_samples_are_the_documentations_but_for_imports(self):
        for name, doc in DOC_SAMPLES.items():
            with open(os.path.join(SAMPLES, name)) as f:
                ours = f.read().splitlines()
            with self.subTest(sample=name):
                self.assertEqual(ours, [IMPORTS.get(line, line) for line in doc.splitlines()])

    def test_basic_sample(self):
        # 12 MiB: at oss2's default threshold (10 MiB) it goes in oss2's default 10 MiB parts,
        # one at a time, its checkpoint in ~/.py-oss-upload.
        data = os.urandom(12 * 1024 * 1024)
        proc, home = self.run_sample("oss2_resumable_upload.py",
                                     {"D:\\localpath\\examplefile.txt": data})
        status, body, _ = self.emu.get_object("exampledir/exampleobject.txt")
        self.assertEqual(status, 200)
        self.assertEqual(crc64(body), crc64(data))
        self.assertEqual(body, data)
        parts = sorted(e["partNumber"] for e in self.ops("UploadPart"))
        self.assertEqual(parts, [1, 2])
        self.assertEqual([e["bytes"] for e in sorted(self.ops("UploadPart"),
                                                      key=lambda e: e["partNumber"])],
                         [10 * 1024 * 1024, 2 * 1024 * 1024])
        store = os.path.join(home, ".py-oss-upload")
        self.assertTrue(os.path.isdir(store), "the default ResumableStore is ~/.py-oss-upload")
        self.assertEqual(os.listdir(store), [], "the record is removed after Complete")

    def test_sample_with_options(self):
        data = os.urandom(1024 * 1024 + 12345)
        proc, _ = self.run_sample("oss2_resumable_upload_options.py", {"<yourLocalFile>": data})
        status, body, _ = self.emu.get_object("<yourObjectName>")
        self.assertEqual((status, body), (200, data))
        self.assertEqual(len(self.ops("UploadPart")), 11)  # 100 KiB parts
        self.assertTrue(all(e["bytes"] <= 100 * 1024 for e in self.ops("UploadPart")))
        # percentage() printed as the bytes went (on loopback the whole upload takes a few
        # milliseconds, so values coalesce): rising, to exactly 100%.
        text = proc.stdout.replace("\r", "\n")  # text mode may already have done this
        rates = [int(s.strip().rstrip("%")) for s in text.split("\n") if s.strip()]
        self.assertGreaterEqual(len(rates), 2, proc.stdout)
        self.assertEqual(rates, sorted(rates))
        self.assertEqual(rates[-1], 100)


if __name__ == "__main__":
    unittest.main()
