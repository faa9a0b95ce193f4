"""Start build/bin/ossemu for a test and talk to its admin endpoint and its objects.

The tests run against a real server on loopback, never a mock: each test class starts one
ossemu process with the test fixture (tests/ossemu/fixture.json: `ossemu --fixture`), reads
its base URL from the first line of its output, and stops it by pid. Objects are read back
through the admin route GET /_ossemu/object/<bucket>/<key>, never by signing a request.
"""

import atexit
import json
import os
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OSSEMU = os.environ.get("OSSEMU", os.path.join(REPO, "build", "bin", "ossemu"))

with open(os.path.join(REPO, "tests", "ossemu", "fixture.json"), encoding="utf-8") as _f:
    FIXTURE = json.load(_f)

KEY_ID = FIXTURE["accessKeyId"]
KEY_SECRET = FIXTURE["accessKeySecret"]
STS_TOKEN = FIXTURE["stsToken"]
BUCKET = "pybucket"  # created beside the fixture's bucket; the Python tests name it
FIXTURE_BUCKET = FIXTURE["bucket"]


class Emulator:
    """One ossemu process with one bucket and one key pair."""

    def __init__(self, *extra_args, ca_out=None):
        """ca_out: serve HTTPS with a CA of ossemu's own, its certificate written there (PEM);
        the admin calls below then trust it, and only it."""
        if not os.access(OSSEMU, os.X_OK):
            raise RuntimeError(f"{OSSEMU} not found: run `make ossemu` first")
        self._ssl = None
        if ca_out is not None:
            extra_args += ("--tls", "--ca-out", ca_out)
        self.proc = subprocess.Popen(
            [OSSEMU, "--addr", "127.0.0.1:0", "--fixture", "--bucket", BUCKET, *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.close()
            raise RuntimeError(f"ossemu printed {line!r} instead of its URL")
        self.url = line
        if ca_out is not None:  # written before the URL is printed
            self._ssl = ssl.create_default_context(cafile=ca_out)
        atexit.register(self.close)  # also when the run is interrupted before tearDown

    def close(self):
        atexit.unregister(self.close)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()

    def _admin(self, method, path, body=None):
        req = urllib.request.Request(self.url + "/_ossemu/" + path, data=body, method=method)
        with urllib.request.urlopen(req, timeout=10, context=self._ssl) as resp:
            return resp.read()

    def add_fault(self, spec):
        self._admin("POST", "faults", spec.encode())

    def clear_faults(self):
        self._admin("DELETE", "faults")

    def log(self):
        """The request log: a list of dicts with op, partNumber, status, code, ..."""
        return json.loads(self._admin("GET", "log"))

    def clear_log(self):
        self._admin("DELETE", "log")

    def open_uploads(self):
        return json.loads(self._admin("GET", "uploads?bucket=" + BUCKET))

    def get_object(self, key, bucket=BUCKET):
        """The object as stored, through the admin route: (status, body, headers); the headers
        are GetObject's, with the stored CRC-64 in x-oss-hash-crc64ecma."""
        quoted = urllib.parse.quote(key, safe="/")
        req = urllib.request.Request(f"{self.url}/_ossemu/object/{bucket}/{quoted}", method="GET")
        try:
            with urllib.request.urlopen(req, timeout=30, context=self._ssl) as resp:
                return resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers
