"""oss2.Bucket: a bucket at an endpoint, with an auth object; a thin layer over the engine's
client (``ossresume.Bucket``), which it creates with the credentials the auth's provider
gives and creates again when the provider gives new ones."""

from __future__ import annotations

import threading
import weakref
from typing import Any, List, Mapping, Optional, Tuple

from .. import _bucket
from . import defaults
from .auth import AUTH_VERSION_1, signing_of
from .exceptions import ClientError, from_engine

_Key = Tuple[str, str, str]


def _proxy_for(endpoint: str, proxies: Optional[Mapping[str, str]]) -> Optional[str]:
    """requests-style proxies ({'http': url, 'https': url}) to the one URL the endpoint's
    scheme uses."""
    if not proxies:
        return None
    if not isinstance(proxies, Mapping):
        raise ClientError(f"proxies must be a dict like {{'https': 'http://host:port'}}, "
                          f"not {proxies!r}")
    scheme = "https" if endpoint.strip().lower().startswith("https://") else "http"
    return proxies.get(scheme) or proxies.get("all")


def _close_all(clients: List[Any]) -> None:
    for c in clients:
        c.close()
    clients.clear()


class Bucket(object):
    """oss2.Bucket(auth, endpoint, bucket_name, ...): oss2's signature and defaults.

    The settings are checked here, without traffic (endpoint syntax, a region for V4).
    ``session``, ``connection_pool_size`` and ``is_verify_object_strict`` are accepted and not
    used (the engine has its own connection pool); with ``enable_crc=False`` the CRC-64 is
    still checked (it costs nothing: it is computed while sending).
    """

    def __init__(self, auth: Any, endpoint: str, bucket_name: str, is_cname: bool = False,
                 session: Any = None, connect_timeout: Optional[float] = None,
                 app_name: str = "", enable_crc: bool = True,
                 proxies: Optional[Mapping[str, str]] = None, region: Optional[str] = None,
                 cloudbox_id: Optional[str] = None, is_path_style: bool = False,
                 is_verify_object_strict: bool = True) -> None:
        if not isinstance(endpoint, str) or not endpoint.strip():
            raise ClientError(f"The endpoint you has specified is not valid, endpoint: "
                              f"{endpoint!r}")
        if not isinstance(bucket_name, str) or not bucket_name.strip():
            raise ClientError("The bucket_name is invalid, please check it.")
        self.auth = auth
        self.endpoint = endpoint.strip()
        self.bucket_name = bucket_name.strip()
        self.is_cname = is_cname
        self.session = session
        self.timeout = defaults.get(connect_timeout, defaults.connect_timeout)
        self.app_name = app_name
        self.enable_crc = enable_crc
        self.proxies = proxies
        self.region = region
        self.cloudbox_id = cloudbox_id
        self.product = "oss" if cloudbox_id is None else "oss-cloudbox"
        self.is_path_style = is_path_style
        self.is_verify_object_strict = is_verify_object_strict
        self._retries = defaults.request_retries
        self._proxy = _proxy_for(self.endpoint, proxies)
        self._lock = threading.Lock()
        self._client: Any = None
        self._client_key: Optional[_Key] = None
        self._clients: List[Any] = []  # every engine client made, freed by close()
        self._finalizer = weakref.finalize(self, _close_all, self._clients)
        # Everything but the keys is checked now: a client reading the environment needs none.
        version = signing_of(auth)
        try:
            self._make_client(None, version).close()
        except Exception as e:  # noqa: BLE001 - translated, the engine's error as the cause
            raise from_engine(e) from e

    # -- the engine's client -------------------------------------------------------------

    def _make_client(self, key: Optional[_Key], version: str) -> Any:
        region = self.region
        if version != AUTH_VERSION_1 and region is None and self.cloudbox_id is None:
            region = _bucket.region_from_endpoint(self.endpoint)
            if region is None:
                raise ClientError(
                    "The region should not be None in signature version 4: pass region= to "
                    "Bucket (e.g. region='cn-hangzhou')"
                    + (" (AuthV2 is signed as V4 by ossresume)" if version == "v2" else ""))
        id_, secret, token = key if key is not None else (None, None, None)
        timeout = self.timeout
        return _bucket.Bucket(
            self.endpoint, self.bucket_name, region=region, access_key_id=id_,
            access_key_secret=secret, security_token=token or None,
            signature_version=1 if version == AUTH_VERSION_1 else 4,
            cloudbox_id=self.cloudbox_id, is_cname=bool(self.is_cname),
            path_style=bool(self.is_path_style), connect_timeout=timeout, timeout=timeout,
            retries=self._retries, proxy=self._proxy,
            user_agent=self.app_name or None)

    def _credentials(self) -> _Key:
        """Asks the auth's provider for credentials, as oss2 does before signing."""
        provider = self.auth.credentials_provider
        creds = provider.get_credentials()
        if creds is None:
            raise ClientError(f"the credentials provider {provider!r} returned no credentials")
        get_secret = getattr(creds, "get_access_key_secret", None) or getattr(
            creds, "get_secret_access_key")
        id_, secret = creds.get_access_key_id(), get_secret()
        token = creds.get_security_token() if hasattr(creds, "get_security_token") else ""
        if not id_ or not secret:
            raise ClientError("the credentials provider gave an empty access key id or secret")
        return str(id_), str(secret), str(token or "")

    def _engine_client(self, key: _Key) -> Any:
        """The engine client for these credentials, made when they change. Older clients
        stay open until close(): an upload started with one may still be using it."""
        version = signing_of(self.auth)
        with self._lock:
            if self._client is not None and self._client_key == (key, version):
                return self._client
            client = self._make_client(key, version)
            self._clients.append(client)
            self._client, self._client_key = client, (key, version)
            return client

    def close(self) -> None:
        """Frees the engine's clients (also done when the Bucket is garbage-collected)."""
        with self._lock:
            self._client, self._client_key = None, None
            self._finalizer()

    def __enter__(self) -> "Bucket":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ossresume.oss2.Bucket {self.bucket_name!r} at {self.endpoint!r}>"
