"""ossresume.oss2: oss2's names for resumable upload and download, on the ossresume engine.

A program written for oss2 ports by changing its imports::

    from ossresume import oss2                                  # was: import oss2
    from ossresume.oss2.credentials import EnvironmentVariableCredentialsProvider

    auth = oss2.ProviderAuthV4(EnvironmentVariableCredentialsProvider())
    bucket = oss2.Bucket(auth, endpoint, "yourBucketName", region=region)
    oss2.resumable_upload(bucket, 'exampledir/exampleobject.txt', 'examplefile.txt')

The names, signatures, defaults, results and exceptions are oss2's; the upload is the
engine's (parallel parts, CRC-64 of every part checked, an atomic checkpoint, Ctrl-C that
keeps it). This is a layer over ``ossresume.Bucket`` and ``ossresume.start_upload``, not a
second implementation.
"""

from __future__ import annotations

from . import credentials, defaults, exceptions, models
from .api import Bucket
from .auth import (AUTH_VERSION_1, AUTH_VERSION_2, AUTH_VERSION_4, AnonymousAuth, Auth,
                   AuthBase, AuthV2, AuthV4, ProviderAuth, ProviderAuthV2, ProviderAuthV4,
                   StsAuth, make_auth)
from .credentials import (Credentials, CredentialsProvider, EcsRamRoleCredential,
                          EcsRamRoleCredentialsProvider, EnvironmentVariableCredentialsProvider,
                          StaticCredentialsProvider)
from .http import CaseInsensitiveDict
from .models import PartInfo
from .resumable import (ResumableDownloadStore, ResumableStore, determine_part_size,
                        make_download_store, make_upload_store, resumable_download,
                        resumable_upload)

__all__ = [
    "credentials", "defaults", "exceptions", "models", "Bucket", "AUTH_VERSION_1",
    "AUTH_VERSION_2", "AUTH_VERSION_4", "AnonymousAuth", "Auth", "AuthBase", "AuthV2", "AuthV4",
    "ProviderAuth", "ProviderAuthV2", "ProviderAuthV4", "StsAuth", "make_auth", "Credentials",
    "CredentialsProvider", "EnvironmentVariableCredentialsProvider", "EcsRamRoleCredential",
    "EcsRamRoleCredentialsProvider",
    "StaticCredentialsProvider", "CaseInsensitiveDict", "PartInfo", "ResumableStore",
    "determine_part_size", "make_upload_store", "resumable_upload",
    "ResumableDownloadStore", "make_download_store", "resumable_download",
]
