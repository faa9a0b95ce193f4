"""Shared set-up: the package on sys.path, one ossemu per test class, files to upload."""

import os
import shutil
import signal
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # bindings/python: the package itself

import ossresume  # noqa: E402

import emulator  # noqa: E402

PART = 100 * 1024  # the smallest part OSS (and ossemu) accepts


class EmulatorTestCase(unittest.TestCase):
    """Starts ossemu once for the class; every test starts with no faults and an empty log."""

    emu: emulator.Emulator

    @classmethod
    def setUpClass(cls):
        cls.emu = emulator.Emulator()
        cls.tmp = tempfile.mkdtemp(prefix="ossresume-py-")

    @classmethod
    def tearDownClass(cls):
        cls.emu.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.emu.clear_faults()
        self.emu.clear_log()

    def bucket(self, name=emulator.BUCKET, **kw):
        """A Bucket on the emulator with the test key; keywords override."""
        args = dict(region="cn-test", access_key_id=emulator.KEY_ID,
                    access_key_secret=emulator.KEY_SECRET)
        args.update(kw)
        b = ossresume.Bucket(self.emu.url, name, **args)
        self.addCleanup(b.close)
        return b

    def make_file(self, size, name=None):
        """A file of size random bytes in the class's temporary directory: (path, data)."""
        data = os.urandom(size)
        path = os.path.join(self.tmp, name or f"{self._testMethodName}-{size}.bin")
        with open(path, "wb") as f:
            f.write(data)
        return path, data

    def ops(self, op=None):
        """The request log, optionally only one operation's entries."""
        return [e for e in self.emu.log() if op is None or e["op"] == op]

    def python_handles_sigint(self):
        """Gives this process Python's own SIGINT handler for the test, as an interactive start
        has it: a shell starts background jobs (nohup, &) with SIGINT ignored, and
        _thread.interrupt_main() then does nothing."""
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.addCleanup(signal.signal, signal.SIGINT, previous)
