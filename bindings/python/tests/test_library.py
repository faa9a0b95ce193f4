"""Finding the library, a missing one, its version, and the fork guard."""

import os
import signal
import subprocess
import sys
import tempfile
import unittest

import base  # noqa: F401 - first: puts the package on sys.path

import ossresume
from ossresume import _lib

PKG_PARENT = os.path.dirname(base.HERE)


class LibraryTest(unittest.TestCase):

    def test_version(self):
        v = ossresume.version()
        self.assertRegex(v, r"^\d+\.\d+\.\d+")
        major, minor, patch = (int(x) for x in v.split("-")[0].split("."))
        self.assertEqual(_lib.lib().ossr_version_number(), (major << 16) | (minor << 8) | patch)

    def test_search_order(self):
        none = lambda name: None  # noqa: E731
        cases = [  # (name, env, package dir has the file, system finds, want)
            ("env wins alone", "/x/lib.so", True, "/usr/lib/libossresume.so.0", ["/x/lib.so"]),
            ("next to the package", None, True, None, ["PKG"]),
            ("then the system", None, True, "libossresume.so.0", ["PKG", "libossresume.so.0"]),
            ("nothing", None, False, None, []),
        ]
        with tempfile.TemporaryDirectory() as with_lib:
            open(os.path.join(with_lib, _lib.LIBRARY_FILE), "w").close()
            for name, env, local, system, want in cases:
                with self.subTest(name):
                    pkg = with_lib if local else "/nonexistent"
                    got = _lib.candidates(env, pkg, (lambda n: system) if system else none)
                    want = [os.path.join(pkg, _lib.LIBRARY_FILE) if w == "PKG" else w
                            for w in want]
                    self.assertEqual(got, want)

    def test_missing_library_names_the_variable(self):
        cases = [
            ("env points nowhere", "/nonexistent/libossresume.so"),
            ("env points at a non-library", __file__),
        ]
        for name, env in cases:
            with self.subTest(name):
                with self.assertRaises(ossresume.LibraryNotFoundError) as cm:
                    _lib.load(env=env)
                msg = str(cm.exception)
                self.assertIn("OSSRESUME_LIBRARY", msg)
                self.assertIn(env, msg)
                self.assertIn("make lib", msg)
                self.assertIsInstance(cm.exception, ImportError)
        with self.assertRaises(ossresume.LibraryNotFoundError) as cm:
            _lib.load(env="", package_dir="/nonexistent", find=lambda name: None)
        self.assertIn("OSSRESUME_LIBRARY is not set", str(cm.exception))

    def test_import_works_without_the_library(self):
        # In a fresh process: importing succeeds, the first use raises the clear error.
        code = ("import ossresume\n"
                "try:\n"
                "    ossresume.version()\n"
                "except ossresume.LibraryNotFoundError as e:\n"
                "    print('missing:', e)\n")
        env = dict(os.environ, OSSRESUME_LIBRARY="/nonexistent/libossresume.so",
                   PYTHONPATH=PKG_PARENT)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("missing: cannot load the ossresume native library: "
                      "OSSRESUME_LIBRARY='/nonexistent/libossresume.so'", out.stdout)

    @unittest.skipUnless(hasattr(os, "fork"), "needs fork()")
    def test_fork_child_gets_an_error_not_a_hang(self):
        ossresume.version()  # the library (and its Go runtime) is loaded in the parent
        pid = os.fork()
        if pid == 0:  # the child: report through the exit status only
            status = 3
            try:
                signal.alarm(10)  # a hang must not hang the test suite
                ossresume.Bucket("http://127.0.0.1:1", "pybucket", region="r",
                                 access_key_id="a", access_key_secret="b")
                status = 1
            except ossresume.ForkError:
                status = 0
            except BaseException:
                status = 2
            finally:
                os._exit(status)
        _, st = os.waitpid(pid, 0)
        self.assertTrue(os.WIFEXITED(st), f"child died: {st}")
        self.assertEqual(os.WEXITSTATUS(st), 0, "the child must get ForkError (1: no error, "
                                                "2: another exception)")


class RegionTest(unittest.TestCase):

    def test_region_from_an_oss_endpoint(self):
        from ossresume._bucket import region_from_endpoint
        cases = [
            ("https://oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou"),
            ("oss-cn-shanghai-internal.aliyuncs.com", "cn-shanghai"),
            ("http://oss-ap-southeast-1.aliyuncs.com/", "ap-southeast-1"),
            ("http://127.0.0.1:9000", None),
            ("https://files.example.com", None),
        ]
        for endpoint, want in cases:
            with self.subTest(endpoint):
                self.assertEqual(region_from_endpoint(endpoint), want)
        # and a Bucket on such an endpoint is V4-ready without region=
        with ossresume.Bucket("https://oss-cn-hangzhou.aliyuncs.com", "bkt") as b:
            self.assertEqual(b.region, "cn-hangzhou")
