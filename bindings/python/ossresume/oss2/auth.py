"""oss2's auth objects: which signature version to sign with, and where the keys come from.

The engine signs each request itself (V1 or V4, with the STS token when there is one); these
objects only carry the choice. ``AuthV2`` / ``ProviderAuthV2`` (OSS2-HMAC-SHA256) are signed
with V4 instead, the engine having no V2 signer: V4 is at least as strong, and needs the
bucket's region, given as ``region=`` or taken from an ``oss-<region>.aliyuncs.com``
endpoint; without one the Bucket is refused, saying so. ``AnonymousAuth`` is refused: the
engine signs every request.
"""

from __future__ import annotations

from typing import Any, Optional

from .credentials import CredentialsProvider, StaticCredentialsProvider

AUTH_VERSION_1 = "v1"
AUTH_VERSION_2 = "v2"
AUTH_VERSION_4 = "v4"

__all__ = ["AUTH_VERSION_1", "AUTH_VERSION_2", "AUTH_VERSION_4", "AuthBase", "ProviderAuth",
           "ProviderAuthV2", "ProviderAuthV4", "Auth", "AuthV2", "AuthV4", "StsAuth",
           "AnonymousAuth", "make_auth"]


class AuthBase(object):
    """Holds a credentials provider; subclasses fix the signature version."""

    _version = AUTH_VERSION_1

    def __init__(self, credentials_provider: CredentialsProvider) -> None:
        self.credentials_provider = credentials_provider

    def auth_version(self) -> str:
        return self._version


class ProviderAuth(AuthBase):
    """Signature version 1 with keys from a credentials provider."""

    _version = AUTH_VERSION_1


class ProviderAuthV2(AuthBase):
    """Signature version 2 with keys from a provider (signed as V4, see the module doc)."""

    _version = AUTH_VERSION_2


class ProviderAuthV4(AuthBase):
    """Signature version 4 with keys from a provider; the Bucket needs a region."""

    _version = AUTH_VERSION_4


def _static(access_key_id: str, access_key_secret: str,
            security_token: Optional[str] = "") -> StaticCredentialsProvider:
    return StaticCredentialsProvider(access_key_id.strip(), access_key_secret.strip(),
                                     security_token)


class Auth(ProviderAuth):
    """Signature version 1 with a fixed key pair."""

    def __init__(self, access_key_id: str, access_key_secret: str) -> None:
        super().__init__(_static(access_key_id, access_key_secret))
        self.id = access_key_id.strip()
        self.secret = access_key_secret.strip()


class AuthV2(ProviderAuthV2):
    """Signature version 2 with a fixed key pair (signed as V4, see the module doc)."""

    def __init__(self, access_key_id: str, access_key_secret: str) -> None:
        super().__init__(_static(access_key_id, access_key_secret))
        self.id = access_key_id.strip()
        self.secret = access_key_secret.strip()


class AuthV4(ProviderAuthV4):
    """Signature version 4 with a fixed key pair; the Bucket needs a region."""

    def __init__(self, access_key_id: str, access_key_secret: str) -> None:
        super().__init__(_static(access_key_id, access_key_secret))
        self.id = access_key_id.strip()
        self.secret = access_key_secret.strip()


class StsAuth(object):
    """STS temporary credentials: key pair plus security token, signed with auth_version
    (default V1). When they expire, give the Bucket a new StsAuth (``bucket.auth = ...``) or
    use a provider (ProviderAuth*) that fetches fresh ones."""

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: str,
                 auth_version: str = AUTH_VERSION_1) -> None:
        provider = StaticCredentialsProvider(access_key_id, access_key_secret, security_token)
        if auth_version == AUTH_VERSION_2:
            self.__auth: AuthBase = ProviderAuthV2(provider)
        elif auth_version == AUTH_VERSION_4:
            self.__auth = ProviderAuthV4(provider)
        else:
            self.__auth = ProviderAuth(provider)

    @property
    def credentials_provider(self) -> CredentialsProvider:
        return self.__auth.credentials_provider

    def auth_version(self) -> str:
        return self.__auth.auth_version()


class AnonymousAuth(object):
    """Unsigned requests: refused by this engine's Bucket (it signs every request)."""

    credentials_provider = None

    def auth_version(self) -> str:
        return ""


def make_auth(access_key_id: str, access_key_secret: str,
              auth_version: str = AUTH_VERSION_1) -> AuthBase:
    """Auth, AuthV2 or AuthV4 by auth_version ("v1", "v2", "v4")."""
    if auth_version == AUTH_VERSION_2:
        return AuthV2(access_key_id.strip(), access_key_secret.strip())
    if auth_version == AUTH_VERSION_4:
        return AuthV4(access_key_id.strip(), access_key_secret.strip())
    return Auth(access_key_id.strip(), access_key_secret.strip())


def signing_of(auth: Any) -> str:
    """auth's signature version ("v1", "v2", "v4"); ClientError for what cannot sign."""
    from .exceptions import ClientError
    if isinstance(auth, AnonymousAuth):
        raise ClientError("AnonymousAuth is not supported: ossresume signs every request; "
                          "use oss2.Auth / oss2.AuthV4 (or a ProviderAuth) with access keys")
    version = getattr(auth, "auth_version", None)
    provider = getattr(auth, "credentials_provider", None)
    if not callable(version) or provider is None or not callable(
            getattr(provider, "get_credentials", None)):
        raise ClientError(f"auth must be an oss2 auth object (Auth, AuthV4, StsAuth, "
                          f"ProviderAuthV4, ...), not {auth!r}")
    v = version()
    if v not in (AUTH_VERSION_1, AUTH_VERSION_2, AUTH_VERSION_4):
        raise ClientError(f"unknown auth version {v!r}")
    return v
