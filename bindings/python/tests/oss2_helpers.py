"""Shared pieces of the oss2 tests: running the documentation samples as scripts."""

import os
import subprocess
import sys

from base import HERE

import emulator

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SAMPLES = os.path.join(REPO, "examples", "python")

# The samples' placeholders a user fills in: the endpoint and the bucket. Nothing else of the
# documentation's text changes (object names and local file names are used as they are).
DOC_ENDPOINT = '"https://oss-cn-hangzhou.aliyuncs.com"'
DOC_BUCKET = '"yourBucketName"'


def filled_sample(name, endpoint, bucket=emulator.BUCKET):
    """The sample's text with its endpoint and bucket placeholders filled in; fails if either
    placeholder is not there exactly once (the sample drifted from the documentation)."""
    with open(os.path.join(SAMPLES, name)) as f:
        text = f.read()
    for placeholder in (DOC_ENDPOINT, DOC_BUCKET):
        if text.count(placeholder) != 1:
            raise AssertionError(f"{name}: {placeholder} appears {text.count(placeholder)} times")
    return text.replace(DOC_ENDPOINT, repr(endpoint)).replace(DOC_BUCKET, repr(bucket))


def run_script(path, cwd, env, timeout=120):
    """Runs a Python script in a child process: CompletedProcess with text output."""
    return subprocess.run([sys.executable, path], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def sample_env(home, extra=None):
    """The environment of a sample run: the emulator's keys in OSS_ACCESS_KEY_*, HOME set
    (the default ResumableStore lives there), the package on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
    env.update(HOME=home, OSS_ACCESS_KEY_ID=emulator.KEY_ID,
               OSS_ACCESS_KEY_SECRET=emulator.KEY_SECRET,
               PYTHONPATH=os.path.join(REPO, "bindings", "python"))
    env.update(extra or {})
    return env
