"""Start build/bin/ossemu for a test and talk to its admin endpoint and its objects.

The tests run against a real server on loopback, never a mock: each test class starts one
ossemu process, reads its base URL from the first line of its output, and stops it by pid.
"""

import atexit
import base64
import email.utils
import hashlib
import hmac
import json
import os
import ssl
import subprocess
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OSSEMU = os.environ.get("OSSEMU", os.path.join(REPO, "build", "bin", "ossemu"))

KEY_ID = "test-key-id"
KEY_SECRET = "test-key-secret"
BUCKET = "pybucket"
STS_TOKEN = "test-sts-token"


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
            [OSSEMU, "--addr", "127.0.0.1:0", "--key", f"{KEY_ID}:{KEY_SECRET}",
             "--sts-token", STS_TOKEN, "--bucket", BUCKET, *extra_args],
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

    def get_object(self, key):
        """GET the object with a V1 signature (path-style): (status, body, headers)."""
        date = email.utils.formatdate(usegmt=True)
        quoted = urllib.request.quote(key, safe="/")
        to_sign = f"GET\n\n\n{date}\n/{BUCKET}/{key}"
        sig = base64.b64encode(
            hmac.new(KEY_SECRET.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
        req = urllib.request.Request(f"{self.url}/{BUCKET}/{quoted}", method="GET",
                                     headers={"Date": date,
                                              "Authorization": f"OSS {KEY_ID}:{sig}"})
        try:
            with urllib.request.urlopen(req, timeout=30, context=self._ssl) as resp:
                return resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers
