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


# The documentation's text (OSS "Resumable upload using OSS SDK for Python 1.0"), as oss2
# users have it: the examples must equal it but for the import lines.
DOC_SAMPLES = {
    "oss2_resumable_upload.py": '''# -*- coding: utf-8 -*-
import oss2
from oss2.credentials import EnvironmentVariableCredentialsProvider

# Get access credentials from environment variables.
auth = oss2.ProviderAuthV4(EnvironmentVariableCredentialsProvider())

# Specify the endpoint for the region of your bucket.
# Example: China (Hangzhou)
endpoint = "https://oss-cn-hangzhou.aliyuncs.com"

# Specify the region. Required for V4 signatures.
region = "cn-hangzhou"

bucket = oss2.Bucket(auth, endpoint, "yourBucketName", region=region)

# Upload a local file to the specified object path.
# The object path (key) must not contain the bucket name.
oss2.resumable_upload(bucket, "exampledir/exampleobject.txt", "D:\\\\localpath\\\\examplefile.txt")
''',
    "oss2_resumable_upload_options.py": '''import sys
import oss2
from oss2.credentials import EnvironmentVariableCredentialsProvider

auth = oss2.ProviderAuthV4(EnvironmentVariableCredentialsProvider())
endpoint = "https://oss-cn-hangzhou.aliyuncs.com"
region = "cn-hangzhou"
bucket = oss2.Bucket(auth, endpoint, "yourBucketName", region=region)

# Define a progress callback.
def percentage(consumed_bytes, total_bytes):
    if total_bytes:
        rate = int(100 * (float(consumed_bytes) / float(total_bytes)))
        print('\\r{0}% '.format(rate), end='')
        sys.stdout.flush()

oss2.resumable_upload(bucket, '<yourObjectName>', '<yourLocalFile>',
                      store=oss2.ResumableStore(root='/tmp'),
                      multipart_threshold=100*1024,
                      part_size=100*1024,
                      progress_callback=percentage,
                      num_threads=4)
''',
}

# The only change a user makes: the import lines.
IMPORTS = {
    "import oss2": "from ossresume import oss2",
    "from oss2.credentials import EnvironmentVariableCredentialsProvider":
        "from ossresume.oss2.credentials import EnvironmentVariableCredentialsProvider",
}
