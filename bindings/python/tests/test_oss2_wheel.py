"""The wheel: built from the library under test, installed with pip (offline) into a fresh
virtual environment, then the documentation sample runs there with no OSSRESUME_LIBRARY and
no PYTHONPATH: the package finds the library it bundles."""

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from base import EmulatorTestCase
from oss2_helpers import REPO, filled_sample, sample_env


BUILD_WHEEL = os.path.join(REPO, "bindings", "python", "build_wheel.py")


def library_under_test():
    env = os.environ.get("OSSRESUME_LIBRARY")
    return os.path.realpath(env or os.path.join(REPO, "build", "libossresume.so"))


class WheelTest(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = tempfile.mkdtemp(prefix="ossresume-wheel-")
        out = subprocess.run([sys.executable, BUILD_WHEEL, "--lib", library_under_test(),
                              "--out", os.path.join(cls.work, "dist")],
                             capture_output=True, text=True, check=True).stdout
        cls.wheel = out.strip().splitlines()[-1]
        cls.venv = os.path.join(cls.work, "venv")
        subprocess.run([sys.executable, "-m", "venv", cls.venv], check=True,
                       capture_output=True)
        cls.python = os.path.join(cls.venv, "bin", "python")
        subprocess.run([cls.python, "-m", "pip", "install", "--no-index", "--quiet",
                        "--disable-pip-version-check", cls.wheel], check=True,
                       capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def clean_env(self, home):
        env = sample_env(home)
        for name in ("PYTHONPATH", "OSSRESUME_LIBRARY", "PYTHONHOME"):
            env.pop(name, None)
        return env

    def test_tag_is_the_platforms(self):
        name = os.path.basename(self.wheel)
        m = re.fullmatch(r"ossresume-[\d.]+-py3-none-manylinux_(\d+)_(\d+)_(\w+)\.whl", name)
        self.assertIsNotNone(m, name)
        self.assertEqual(m.group(3), platform.machine())
        libc, ver = platform.libc_ver()
        self.assertEqual(libc, "glibc")
        need = (int(m.group(1)), int(m.group(2)))
        self.assertLessEqual(need, tuple(int(x) for x in ver.split(".")[:2]))
        # The tag is the newest GLIBC_ version the library asks for, no newer, no older.
        symbols = subprocess.run(["objdump", "-T", library_under_test()], check=True,
                                 capture_output=True, text=True).stdout
        newest = max(tuple(int(x) for x in v.split("."))
                     for v in re.findall(r"GLIBC_(\d+\.\d+)", symbols))
        self.assertEqual(need, newest)

    def test_sample_runs_from_the_installed_wheel(self):
        home = tempfile.mkdtemp(dir=self.work)
        data = os.urandom(300 * 1024)
        with open(os.path.join(home, "D:\\localpath\\examplefile.txt"), "wb") as f:
            f.write(data)
        script = os.path.join(home, "sample.py")
        with open(script, "w") as f:
            f.write(filled_sample("oss2_resumable_upload.py", self.emu.url))
        env = self.clean_env(home)
        proc = subprocess.run([self.python, script], cwd=home, env=env, capture_output=True,
                              text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        status, body, _ = self.emu.get_object("exampledir/exampleobject.txt")
        self.assertEqual((status, body), (200, data))
        # ... and it was the bundled library that did it.
        where = subprocess.run(
            [self.python, "-c", "import ossresume._lib as l; print(l.lib()._name)"],
            cwd=home, env=env, capture_output=True, text=True, check=True).stdout.strip()
        self.assertTrue(where.startswith(self.venv), where)
        self.assertTrue(where.endswith("/ossresume/libossresume.so"), where)


if __name__ == "__main__":
    unittest.main()
