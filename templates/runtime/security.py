"""Credentials: what the client holds per security scheme, and how each call sends them.

An operation names alternatives of schemes (`security: [{a: [], b: []}, {c: []}]`); the
first alternative whose credentials are all set is sent, each credential in the way its
scheme says (a header, a query parameter, a cookie, HTTP basic, or an OAuth2 token fetched
with client credentials) and in no other. An operation with `security: []` sends none.

The client's credentials come from `api_key=` (the spec's first token scheme),
`security=` (a `models.Security`, a dict of its fields, or a callable returning either,
asked on every call), else from environment variables.
"""

import base64
import os
import threading
import time
import weakref
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncGenerator,
    Callable,
    Dict,
    Generator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)
from urllib.parse import urljoin

import httpx

from .errors import APIError

if TYPE_CHECKING:
    import asyncio

    from .client import Operation

Requirement = Tuple[Tuple[str, ...], ...]
Params = Optional[List[Tuple[str, Any]]]


@dataclass(frozen=True)
class Scheme:
    """One security scheme, as the spec declares it.

    `kind`: "bearer" (a token after `prefix` in Authorization), "header", "query" or "cookie"
    (an API key named `param`), "basic" (username and password, RFC 7617) or
    "client_credentials" (an OAuth2 token fetched from `token_url`).
    """

    name: str
    kind: str
    field: str = ""  # its field on the Security model; "" when the model holds this scheme's values
    param: str = "Authorization"
    prefix: str = ""
    token_url: str = ""
    scopes: Tuple[str, ...] = ()


def _get(holder: Any, name: str) -> Any:
    if holder is None:
        return None
    if isinstance(holder, Mapping):
        return holder.get(name)
    return getattr(holder, name, None)


class Auth:
    """The client's credentials and the spec's schemes; `apply` sends them for one call."""

    def __init__(
        self,
        schemes: Sequence[Scheme],
        requirement: Requirement,
        *,
        security: Any = None,
        api_key: Optional[Union[str, Callable[[], str]]] = None,
        primary: str = "",
        env_prefix: str = "",
    ) -> None:
        self.schemes: Dict[str, Scheme] = {s.name: s for s in schemes}
        self.requirement = requirement
        self.api_key = api_key
        self.primary = primary
        if security is None and env_prefix:
            security = _from_env(schemes, env_prefix)
        self.security = security
        self._flows: Dict[Tuple[str, str, str], "ClientCredentials"] = {}
        self._lock = threading.Lock()
        self.headers = tuple(
            dict.fromkeys(
                "Cookie" if s.kind == "cookie" else s.param for s in schemes if s.kind != "query"
            )
        )
        self.query = tuple(s.param for s in schemes if s.kind == "query")

    def apply(
        self,
        op: "Operation",
        base_url: str,
        headers: Dict[str, str],
        params: Params,
    ) -> Tuple[Params, Optional[httpx.Auth]]:
        """Put the credentials of `op`'s first satisfied alternative into `headers` and
        `params`; an OAuth2 client-credentials scheme comes back as the httpx auth to send with."""
        if not op.secured:
            return params, None
        requirement = self.requirement if op.security is None else op.security
        security = self.security
        if callable(security):  # asked on every call
            security = security()
        for alternative in requirement:
            if not alternative:
                continue  # the anonymous alternative: taken when no other is satisfied
            found: List[Tuple[Scheme, Any]] = []
            for name in alternative:
                scheme = self.schemes.get(name)
                value = None if scheme is None else self._value(scheme, security)
                if scheme is None or value is None:
                    break  # a scheme the SDK cannot send, or a credential not set
                found.append((scheme, value))
            else:
                flow: Optional[httpx.Auth] = None
                for scheme, value in found:
                    if isinstance(value, tuple) and scheme.kind == "client_credentials":
                        flow = self._flow(scheme, value, base_url)
                    else:
                        params = _put(scheme, value, headers, params)
                return params, flow
        return params, None

    def _value(self, scheme: Scheme, security: Any) -> Any:
        """The credential of `scheme` for this call: a str, (username, password) for basic,
        (id, secret, token URL) for client credentials; None when it is not set."""
        if scheme.name == self.primary and self.api_key is not None:
            key = self.api_key() if callable(self.api_key) else self.api_key
            if key:
                return key
        value = _get(security, scheme.field) if scheme.field else security
        if scheme.kind == "basic":
            username = _get(value, "username")
            return None if username is None else (str(username), str(_get(value, "password") or ""))
        if scheme.kind == "client_credentials" and not isinstance(value, str):
            client_id, secret = _get(value, "client_id"), _get(value, "client_secret")
            if client_id is None or secret is None:
                return None
            return (str(client_id), str(secret), str(_get(value, "token_url") or scheme.token_url))
        if not scheme.field and not isinstance(value, str):
            value = _get(value, "token")
        return str(value) if value else None

    def _flow(
        self, scheme: Scheme, value: Tuple[str, str, str], base_url: str
    ) -> "ClientCredentials":
        client_id, secret, token_url = value
        url = urljoin(base_url + "/", token_url)  # a relative tokenUrl is the server's
        key = (url, client_id, secret)
        with self._lock:
            flow = self._flows.get(key)
            if flow is None:
                flow = self._flows[key] = ClientCredentials(url, client_id, secret, scheme.scopes)
        return flow


def _put(scheme: Scheme, value: Any, headers: Dict[str, str], params: Params) -> Params:
    kind = scheme.kind
    if kind == "basic":
        user_pass = f"{value[0]}:{value[1]}".encode("utf-8")
        headers["Authorization"] = "Basic " + base64.b64encode(user_pass).decode("ascii")
    elif kind == "header":
        headers[scheme.param] = value
    elif kind == "query":
        params = (params or []) + [(scheme.param, value)]
    elif kind == "cookie":
        cookie = f"{scheme.param}={value}"
        headers["Cookie"] = f"{headers['Cookie']}; {cookie}" if headers.get("Cookie") else cookie
    else:  # a token after its prefix (given with the prefix, it is sent as given)
        prefix = scheme.prefix or "Bearer "
        given = value[: len(prefix)].lower() == prefix.lower()
        headers["Authorization"] = value if given else prefix + value
    return params


def _from_env(schemes: Sequence[Scheme], prefix: str) -> Optional[Dict[str, Any]]:
    """The credentials in `<PREFIX>_<FIELD>` (and `_USERNAME`, `_PASSWORD`, `_CLIENT_ID`,
    `_CLIENT_SECRET`, `_TOKEN_URL` for schemes of several values) environment variables."""
    found: Dict[str, Any] = {}
    for scheme in schemes:
        stem = f"{prefix}_{scheme.field.upper()}" if scheme.field else prefix
        if scheme.kind == "basic":
            names: Tuple[str, ...] = ("username", "password")
        elif scheme.kind == "client_credentials":
            names = ("client_id", "client_secret", "token_url")
        else:
            names = ("token",) if not scheme.field else ()
            if scheme.field:
                if os.getenv(stem):
                    found[scheme.field] = os.getenv(stem)
                continue
        values = {n: os.getenv(f"{stem}_{n.upper()}") for n in names}
        values = {n: v for n, v in values.items() if v}
        if values:
            if scheme.field:
                found[scheme.field] = values
            else:
                found.update(values)
    return found or None


def redirect_guard(
    headers: Sequence[str], query: Sequence[str], is_async: bool
) -> Dict[str, List[Any]]:
    """Event hooks for a client the SDK creates: credentials stay on their origin.

    httpx drops `Authorization` on a redirect to another origin, but no header of another
    name, and keeps a Cookie header it did not set; this request hook drops the credential
    headers and query parameters in that case.
    """
    headers = [h for h in headers if h.lower() != "authorization"]
    if not headers and not query:
        return {}

    def strip(request: httpx.Request) -> None:
        origin = (request.url.scheme, request.url.host, request.url.port)
        # redirected requests inherit the first request's extensions
        if request.extensions.setdefault("sdk_key_origin", origin) != origin:
            for header in headers:
                request.headers.pop(header, None)
            for name in query:
                if name in request.url.params:
                    request.url = request.url.copy_remove_param(name)

    async def strip_async(request: httpx.Request) -> None:
        strip(request)

    return {"request": [strip_async if is_async else strip]}


class ClientCredentials(httpx.Auth):
    """OAuth2 client credentials (RFC 6749 4.4): a token fetched from the token URL, kept
    until it expires, fetched again once when the API answers 401. Calls that find no
    valid token wait for the one fetch under way (threads and asyncio tasks alike)."""

    requires_request_body = True  # a call answered 401 is sent again

    def __init__(
        self, token_url: str, client_id: str, client_secret: str, scopes: Sequence[str] = ()
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = tuple(scopes)
        self.token: Optional[str] = None
        self.expires = 0.0
        self._lock = threading.Lock()
        self._locks_lock = threading.Lock()
        self._async_locks: "weakref.WeakKeyDictionary[Any, asyncio.Lock]" = (
            weakref.WeakKeyDictionary()
        )

    def _valid(self) -> bool:
        return self.token is not None and time.monotonic() < self.expires

    def _token_request(self) -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        return httpx.Request(
            "POST", self.token_url, data=form, headers={"Accept": "application/json"}
        )

    def _store(self, response: httpx.Response) -> str:
        if response.status_code >= 300:
            raise APIError(f"The OAuth2 token request to {self.token_url} failed", response)
        try:
            body = response.json()
            token = body.get("access_token")
        except (ValueError, AttributeError):
            body, token = {}, None
        if not isinstance(token, str) or not token:
            raise APIError(
                f"The OAuth2 token endpoint {self.token_url} answered no access_token", response
            )
        lifetime = body.get("expires_in")
        if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool):
            # renewed a little early: a token that expires in flight still gets a 401
            self.expires = time.monotonic() + float(lifetime) - min(60.0, float(lifetime) / 10)
        else:
            self.expires = float("inf")  # no lifetime given: kept until the API answers 401
        self.token = token
        return token

    def _authorize(self, request: httpx.Request, token: str) -> httpx.Request:
        request.headers["Authorization"] = "Bearer " + token
        return request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        with self._lock:
            if not self._valid():
                response = yield self._token_request()
                response.read()
                self._store(response)
            token = self.token
        assert token is not None
        response = yield self._authorize(request, token)
        if response.status_code != 401:
            return
        with self._lock:
            if self.token == token:  # not renewed by another call meanwhile
                fresh = yield self._token_request()
                fresh.read()
                self._store(fresh)
            token = self.token
        assert token is not None
        yield self._authorize(request, token)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        lock = self._async_lock()
        async with lock:
            if not self._valid():
                response = yield self._token_request()
                await response.aread()
                self._store(response)
            token = self.token
        assert token is not None
        response = yield self._authorize(request, token)
        if response.status_code != 401:
            return
        async with lock:
            if self.token == token:
                fresh = yield self._token_request()
                await fresh.aread()
                self._store(fresh)
            token = self.token
        assert token is not None
        yield self._authorize(request, token)

    def _async_lock(self) -> "asyncio.Lock":
        import asyncio  # imported on first use: keeps importing the SDK cheap

        loop = asyncio.get_running_loop()
        with self._locks_lock:
            lock = self._async_locks.get(loop)
            if lock is None:
                lock = self._async_locks[loop] = asyncio.Lock()
        return lock
