"""examples/python/upload.py end to end: a real SIGINT stops it within a second with the
checkpoint kept, and running it again resumes and completes."""

import os
import re
import signal
import subprocess
import sys
import time

from base import PART, EmulatorTestCase  # first: puts the package on sys.path
from crc64 import crc64

import emulator

EXAMPLE = os.path.join(emulator.REPO, "examples", "python", "upload.py")


class ExampleTest(EmulatorTestCase):

    def run_example(self, path, key, **popen):
        env = dict(os.environ, OSS_ACCESS_KEY_ID=emulator.KEY_ID,
                   OSS_ACCESS_KEY_SECRET=emulator.KEY_SECRET)
        return subprocess.Popen(
            [sys.executable, EXAMPLE, "--endpoint", self.emu.url, "--bucket", emulator.BUCKET,
             "--region", "cn-test", "--part-size", str(PART), "--threads", "1", path, key],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            # A child inherits an ignored SIGINT (a shell's background job) and Python then
            # installs no KeyboardInterrupt handler: start it as a terminal would.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **popen)

    def test_ctrl_c_then_resume(self):
        path, data = self.make_file(12 * PART)
        self.emu.add_fault("op=UploadPart,delay=200ms")
        proc = self.run_example(path, "example.bin")
        deadline = time.monotonic() + 30
        while not [e for e in self.emu.log() if e["op"] == "UploadPart"]:
            self.assertLess(time.monotonic(), deadline, "no part was ever sent")
            self.assertIsNone(proc.poll(), proc.stderr.read() if proc.poll() is not None else "")
            time.sleep(0.05)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        self.assertLess(time.monotonic() - t0, 1.5, "Ctrl-C must stop the upload within a second")
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn("interrupted", err)
        self.assertIn("%", err, "a progress bar was drawn")
        self.assertTrue(os.path.exists(path + ".cp"))

        self.emu.clear_faults()
        proc = self.run_example(path, "example.bin")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn(f"crc64 {crc64(data)}", out)
        resumed = re.search(r"([\d.]+ \w+) resumed", out)
        self.assertTrue(resumed and not resumed.group(1).startswith("0 "), out)
        self.assertEqual(self.emu.get_object("example.bin")[1], data)
