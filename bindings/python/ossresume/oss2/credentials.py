"""oss2.credentials: where the access keys come from.

A provider is any object with ``get_credentials()`` returning an object with
``get_access_key_id()``, ``get_access_key_secret()`` and ``get_security_token()``. The Bucket
asks it at the start of each upload, and again when the server answers that the token expired
(or is no longer valid): the upload then continues from its checkpoint with the new
credentials. So an STS refresher of your own plugs in as it does with oss2.
"""

from __future__ import annotations

import calendar
import json
import os
import threading
import time
import urllib.request
from typing import Optional

from .exceptions import ClientError

__all__ = ["Credentials", "CredentialsProvider", "StaticCredentialsProvider",
           "EnvironmentVariableCredentialsProvider", "EcsRamRoleCredential",
           "EcsRamRoleCredentialsProvider", "EcsRamRoleCredentialsFetcher"]

DEFAULT_ECS_SESSION_TOKEN_DURATION_SECONDS = 3600 * 6
DEFAULT_ECS_SESSION_EXPIRED_FACTOR = 0.85


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


class EcsRamRoleCredential(Credentials):
    """Credentials of an ECS instance's RAM role, with their expiry (Unix seconds)."""

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: str,
                 expiration: float, duration: float,
                 expired_factor: Optional[float] = None) -> None:
        super().__init__(access_key_id, access_key_secret, security_token)
        self.expiration = expiration
        self.duration = duration
        self.expired_factor = expired_factor or DEFAULT_ECS_SESSION_EXPIRED_FACTOR

    def will_soon_expire(self) -> bool:
        """True in the last (1 - expired_factor) of their lifetime, as oss2 decides."""
        return self.duration * (1.0 - self.expired_factor) > self.expiration - int(time.time())


def _unix_time(text: str) -> int:
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


class EcsRamRoleCredentialsFetcher(object):
    """Reads a RAM role's credentials from the ECS metadata service URL auth_host."""

    def __init__(self, auth_host: str) -> None:
        self.auth_host = auth_host

    def fetch(self, retry_times: int = 3, timeout: float = 10) -> EcsRamRoleCredential:
        last: Optional[BaseException] = None
        for _ in range(max(1, retry_times)):
            try:
                with urllib.request.urlopen(self.auth_host, timeout=timeout) as resp:
                    doc = json.loads(resp.read().decode("utf-8"))
                if doc.get("Code") != "Success":
                    raise ClientError("Get credentials from ECS metadata service error, "
                                      f"code: {doc.get('Code')}")
                expiration = _unix_time(doc["Expiration"])
                duration: float = DEFAULT_ECS_SESSION_TOKEN_DURATION_SECONDS
                if doc.get("LastUpdated"):
                    duration = expiration - _unix_time(doc["LastUpdated"])
                return EcsRamRoleCredential(doc["AccessKeyId"], doc["AccessKeySecret"],
                                            doc["SecurityToken"], expiration, duration,
                                            DEFAULT_ECS_SESSION_EXPIRED_FACTOR)
            except Exception as e:  # noqa: BLE001 - every failure is retried, then reported
                last = e
        raise ClientError(f"Failed to get credentials from ECS metadata service. {last}")


class EcsRamRoleCredentialsProvider(CredentialsProvider):
    """The ECS instance's RAM role credentials, fetched again when they near expiry."""

    def __init__(self, auth_host: str, max_retries: int = 3, timeout: float = 10) -> None:
        self.fetcher = EcsRamRoleCredentialsFetcher(auth_host)
        self.max_retries = max_retries
        self.timeout = timeout
        self.credentials: Optional[EcsRamRoleCredential] = None
        self._lock = threading.Lock()

    def get_credentials(self) -> EcsRamRoleCredential:
        if self.credentials is None or self.credentials.will_soon_expire():
            with self._lock:
                if self.credentials is None or self.credentials.will_soon_expire():
                    try:
                        self.credentials = self.fetcher.fetch(self.max_retries, self.timeout)
                    except ClientError:
                        if self.credentials is None:
                            raise
        return self.credentials
