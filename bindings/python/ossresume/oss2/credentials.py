"""oss2.credentials: where the access keys come from.

A provider is any object with ``get_credentials()`` returning an object with
``get_access_key_id()``, ``get_access_key_secret()`` and ``get_security_token()``. The Bucket
asks it at the start of each upload, and again when the server answers that the token expired
(or is no longer valid): the upload then continues from its checkpoint with the new
credentials. So an STS refresher of your own plugs in as it does with oss2.
"""

from __future__ import annotations

import os
from typing import Optional

from .exceptions import ClientError

__all__ = ["Credentials", "CredentialsProvider", "StaticCredentialsProvider",
           "EnvironmentVariableCredentialsProvider"]


class Credentials(object):
    """One access key pair and an optional STS security token."""

    def __init__(self, access_key_id: str = "", access_key_secret: str = "",
                 security_token: Optional[str] = "") -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token

    def get_access_key_id(self) -> str:
        return self.access_key_id

    def get_access_key_secret(self) -> str:
        return self.access_key_secret

    def get_security_token(self) -> Optional[str]:
        return self.security_token

    def __repr__(self) -> str:  # never the secret or the token
        token = ", security_token=<set>" if self.security_token else ""
        return f"Credentials(access_key_id={self.access_key_id!r}{token})"


class CredentialsProvider(object):
    """Base of providers: override get_credentials()."""

    def get_credentials(self) -> Optional[Credentials]:
        return None


class StaticCredentialsProvider(CredentialsProvider):
    """Always the same credentials."""

    def __init__(self, access_key_id: str = "", access_key_secret: str = "",
                 security_token: Optional[str] = "") -> None:
        self.credentials = Credentials(access_key_id, access_key_secret, security_token)

    def get_credentials(self) -> Credentials:
        return self.credentials


class EnvironmentVariableCredentialsProvider(CredentialsProvider):
    """OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and (optional) OSS_SESSION_TOKEN, read each
    time credentials are asked for, so a refreshed token in the environment is seen."""

    def __init__(self) -> None:
        self.access_key_id = ""
        self.access_key_secret = ""
        self.security_token = ""

    def get_credentials(self) -> Credentials:
        access_key_id = os.getenv("OSS_ACCESS_KEY_ID")
        access_key_secret = os.getenv("OSS_ACCESS_KEY_SECRET")
        security_token = os.getenv("OSS_SESSION_TOKEN")
        if not access_key_id:
            raise ClientError("Access key id should not be null or empty "
                              "(set OSS_ACCESS_KEY_ID).")
        if not access_key_secret:
            raise ClientError("Secret access key should not be null or empty "
                              "(set OSS_ACCESS_KEY_SECRET).")
        return Credentials(access_key_id, access_key_secret, security_token)
