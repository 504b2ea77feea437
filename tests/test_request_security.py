"""Security and servers, through an SDK generated from tests/specs/request-security.yaml.

Every scheme type (http bearer, basic, another token scheme; API keys in a header, the
query and a cookie; OAuth2 client credentials and other flows; openIdConnect), alternatives
and combinations, per-operation `security` (`[]` included), and the server forms (a list
with enum-checked variables, path- and operation-level servers, overrides) - byte for byte
over `httpx.MockTransport`, sync and async; OAuth2 client credentials also against a real
token endpoint on 127.0.0.1 (tests/oauth_server.py). The same calls against Prism are in
tests/contract/test_prism_security.py.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).resolve().parent / "specs" / "request-security.yaml"
WHO = {"ok": True}
# everything a credential can travel in, on the wire
CREDENTIAL_HEADERS = ("authorization", "x-api-key", "cookie")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[Any, str]]:
    out = tmp_path_factory.mktemp("vault")
    config = out.parent / "vault.yaml"
    config.write_text("package: vault_sdk\nsdk_class: Vault\nenv_prefix: VAULT\nnaming: speakeasy\n")
    result = subprocess.run(
        [sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out / "src"))
    try:
        for submodule in ("errors", "models", "utils", "utils.security"):
            importlib.import_module(f"vault_sdk.{submodule}")
        yield importlib.import_module("vault_sdk"), result.stderr
    finally:
        sys.path.remove(str(out / "src"))


@pytest.fixture
def vault(generated: Tuple[Any, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    for name in ("API_KEY", "SERVER_URL", "HEADER_KEY", "BASIC_AUTH_USERNAME", "BASIC_AUTH_PASSWORD", "QUERY_KEY", "COOKIE_KEY"):
        monkeypatch.delenv(f"VAULT_{name}", raising=False)
    return generated[0]


class Recorder:
    def __init__(self, answer: Callable[[httpx.Request], httpx.Response] = lambda r: httpx.Response(200, json=WHO)) -> None:
        self.answer = answer
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def client(self, vault: Any, **kwargs: Any) -> Any:
        transport = httpx.MockTransport(self)
        return vault.Vault(client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), retry_config=None, **kwargs)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def call(client: Any, method: str, is_async: bool, **kwargs: Any) -> Any:
    if is_async:
        return asyncio.run(getattr(client, method + "_async")(**kwargs))
    return getattr(client, method)(**kwargs)


def credentials(request: httpx.Request) -> Dict[str, str]:
    """Every credential the request carries: headers, and the key query parameter."""
    found = {name: request.headers[name] for name in CREDENTIAL_HEADERS if name in request.headers}
    if "api_key" in request.url.params:
        found["query api_key"] = request.url.params["api_key"]
    return found


def everything(vault: Any) -> Any:
    """A Security with every scheme's credential set."""
    return vault.models.Security(
        bearer_auth="bearer-tok",
        basic_auth={"username": "Aladdin", "password": "open sesame"},
        token_auth="tt",
        header_key="hk",
        query_key="qk",
        cookie_key="ck",
        oauth_client="cc-token",
        oauth_code="code-tok",
        open_id="oidc-tok",
    )


ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])

# operation -> exactly the credentials it sends when the client holds every one (`everything`)
SENT = {
    "get_bearer": {"authorization": "Bearer bearer-tok"},
    # RFC 7617 section 2's own example
    "get_basic": {"authorization": "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
    "get_token_scheme": {"authorization": "Token tt"},
    "get_header_key": {"x-api-key": "hk"},
    "get_query_key": {"query api_key": "qk"},
    "get_cookie_key": {"cookie": "session=ck"},
    "get_client_credentials": {"authorization": "Bearer cc-token"},
    "get_authorization_code": {"authorization": "Bearer code-tok"},
    "get_open_id": {"authorization": "Bearer oidc-tok"},
    "get_combined": {"x-api-key": "hk", "query api_key": "qk"},
    "get_optional": {"x-api-key": "hk"},
    "get_public": {},
    "get_digest": {},  # the SDK cannot compute it: nothing rather than a wrong header
}


@ASYNC
@pytest.mark.parametrize("method", sorted(SENT))
def test_each_operation_sends_only_its_schemes_credentials(vault: Any, method: str, is_async: bool) -> None:
    rec = Recorder()
    client = rec.client(vault, security=everything(vault))
    assert call(client, method, is_async) == vault.models.Who(ok=True)
    assert credentials(rec.last) == SENT[method]


@ASYNC
def test_api_key_is_the_specs_own_scheme(vault: Any, is_async: bool) -> None:
    rec = Recorder()
    client = rec.client(vault, api_key="k1")
    call(client, "get_bearer", is_async)
    assert rec.last.headers["authorization"] == "Bearer k1"
    for method in ("get_basic", "get_header_key", "get_query_key", "get_cookie_key", "get_public", "get_open_id"):
        call(client, method, is_async)
        assert credentials(rec.last) == {}, method  # never the bearer token in another scheme


@ASYNC
def test_query_key_follows_the_operations_own_query(vault: Any, is_async: bool) -> None:
    rec = Recorder()
    client = rec.client(vault, security={"query_key": "q k&1"})
    call(client, "get_query_key", is_async, limit=5)
    assert rec.last.url.raw_path == b"/v1/query-key?limit=5&api_key=q+k%261"


@ASYNC
def test_alternatives_take_the_first_whose_credentials_are_all_set(vault: Any, is_async: bool) -> None:
    basic = {"username": "u", "password": "p:w"}
    rec = Recorder()
    call(rec.client(vault, security={"header_key": "hk", "basic_auth": basic}), "get_combined", is_async)
    assert credentials(rec.last) == {"authorization": "Basic " + base64.b64encode(b"u:p:w").decode()}
    call(rec.client(vault, security={"header_key": "hk"}), "get_combined", is_async)
    assert credentials(rec.last) == {}  # half of a combination is no alternative
    call(rec.client(vault), "get_optional", is_async)
    assert credentials(rec.last) == {}


@ASYNC
def test_cookie_key_joins_the_cookie_header(vault: Any, is_async: bool) -> None:
    rec = Recorder()
    client = rec.client(vault, security={"cookie_key": "abc"})
    call(client, "get_cookie_key", is_async, http_headers={"X-Trace": "1"})
    assert rec.last.headers.get_list("cookie") == ["session=abc"]


def test_a_token_given_with_its_prefix_is_sent_as_given(vault: Any) -> None:
    rec = Recorder()
    rec.client(vault, security={"token_auth": "Token abc"}).get_token_scheme()
    assert rec.last.headers["authorization"] == "Token abc"


def test_security_from_the_environment(vault: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULT_API_KEY", "env-bearer")
    monkeypatch.setenv("VAULT_HEADER_KEY", "env-hk")
    monkeypatch.setenv("VAULT_BASIC_AUTH_USERNAME", "env-user")
    monkeypatch.setenv("VAULT_BASIC_AUTH_PASSWORD", "env-pw")
    rec = Recorder()
    client = rec.client(vault)
    client.get_bearer()
    assert rec.last.headers["authorization"] == "Bearer env-bearer"
    client.get_header_key()
    assert rec.last.headers["x-api-key"] == "env-hk"
    client.get_basic()
    assert rec.last.headers["authorization"] == "Basic " + base64.b64encode(b"env-user:env-pw").decode()


def test_a_callable_is_asked_on_every_call(vault: Any) -> None:
    keys = iter(["one", "two"])
    rec = Recorder()
    client = rec.client(vault, security=lambda: vault.models.Security(header_key=next(keys)))
    client.get_header_key()
    client.get_header_key()
    assert [r.headers["x-api-key"] for r in rec.requests] == ["one", "two"]
    rec.client(vault, api_key=lambda: "rotated").get_bearer()
    assert rec.last.headers["authorization"] == "Bearer rotated"


def test_oauth2_client_credentials_over_the_mock(vault: Any) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "fetched", "token_type": "bearer", "expires_in": 3600})
        return httpx.Response(200, json=WHO)

    rec = Recorder(answer)
    security = {"oauth_client": {"client_id": "id", "client_secret": "s&cret"}}
    client = rec.client(vault, security=security)
    client.get_client_credentials()
    asyncio.run(client.get_client_credentials_async())
    token, first, second = rec.requests
    assert str(token.url) == "https://auth.vault.example.com/oauth/token"
    assert token.method == "POST" and token.headers["content-type"] == "application/x-www-form-urlencoded"
    assert token.content == b"grant_type=client_credentials&client_id=id&client_secret=s%26cret&scope=read"
    assert first.headers["authorization"] == second.headers["authorization"] == "Bearer fetched"


def test_the_spec_warns_of_what_it_cannot_send(generated: Tuple[Any, str]) -> None:
    warnings = generated[1]
    assert "'digest'" in warnings and "httpx.DigestAuth" in warnings


def test_debug_log_redacts_every_credential(vault: Any) -> None:
    lines: List[str] = []

    class Log:
        def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
            lines.append(msg)

    rec = Recorder()
    client = rec.client(vault, security=everything(vault), debug_logger=Log())
    for method in SENT:
        getattr(client, method)()
    text = "\n".join(lines)
    for secret in ("bearer-tok", "QWxhZGRp", "hk", "qk", "ck", "cc-token"):
        assert secret not in text


def test_redirect_guard_keeps_credentials_on_their_origin(vault: Any) -> None:
    hooks = vault.utils.security.redirect_guard(["X-API-Key", "Cookie", "Authorization"], ["api_key"], False)
    sent: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.host == "api.example.com":
            return httpx.Response(307, headers={"location": "https://elsewhere.example.com/end?api_key=qk&x=1"})
        return httpx.Response(200)

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True, event_hooks=hooks)
    client.get("https://api.example.com/start?api_key=qk", headers={"X-API-Key": "hk", "Cookie": "session=ck", "Authorization": "Bearer t"})
    assert [credentials(r) for r in sent] == [
        {"authorization": "Bearer t", "x-api-key": "hk", "cookie": "session=ck", "query api_key": "qk"},
        {},
    ]
    assert sent[1].url.params["x"] == "1"


# --- servers -----------------------------------------------------------------------------


@ASYNC
def test_servers_variables_and_overrides(vault: Any, is_async: bool) -> None:
    rec = Recorder()
    call(rec.client(vault), "get_public", is_async)
    assert str(rec.last.url) == "https://eu.vault.example.com/v1/public"
    call(rec.client(vault, region="ap", version="v2"), "get_public", is_async)
    assert str(rec.last.url) == "https://ap.vault.example.com/v2/public"
    call(rec.client(vault, server_idx=1), "get_public", is_async)
    assert str(rec.last.url) == "https://sandbox.vault.example.com/v1/public"
    call(rec.client(vault, server_url="http://127.0.0.1:9/base/"), "get_public", is_async)
    assert str(rec.last.url) == "http://127.0.0.1:9/base/public"
    call(rec.client(vault), "get_public", is_async, server_url="https://per-call.example.com")
    assert str(rec.last.url) == "https://per-call.example.com/public"


def test_server_arguments_are_checked(vault: Any) -> None:
    with pytest.raises(vault.errors.SDKValidationError) as raised:
        vault.Vault(region="mars")
    assert raised.value.field == "region" and "'eu', 'us', 'ap'" in str(raised.value)
    with pytest.raises(vault.errors.SDKValidationError) as raised:
        vault.Vault(server_idx=2)
    assert raised.value.field == "server_idx"
    with pytest.raises(vault.errors.SDKValidationError) as raised:
        vault.Vault(server_idx=1, region="us")  # the sandbox has no region
    assert raised.value.field == "region"


def test_server_url_from_the_environment(vault: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULT_SERVER_URL", "https://env.example.com")
    rec = Recorder()
    rec.client(vault).get_public()
    assert str(rec.last.url) == "https://env.example.com/public"
    rec.client(vault, server_idx=1).get_public()  # an explicit choice wins over the environment
    assert rec.last.url.host == "sandbox.vault.example.com"


@ASYNC
def test_path_and_operation_servers(vault: Any, is_async: bool) -> None:
    rec = Recorder()
    client = rec.client(vault, api_key="k", region="us")
    call(client, "upload", is_async, name="a.txt")
    assert str(rec.last.url) == "https://upload.vault.example.com/uploads"
    assert rec.last.headers["authorization"] == "Bearer k"
    call(client, "get_export", is_async)
    assert str(rec.last.url) == "https://exports.vault.example.com/exports"
    call(client, "get_export", is_async, server_url="http://127.0.0.1:9")
    assert str(rec.last.url) == "http://127.0.0.1:9/exports"


NO_SERVERS = """\
openapi: 3.0.3
info: {title: Bare, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      responses: {"204": {description: pong}}
"""


def test_a_spec_without_servers_requires_server_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "bare.yaml"
    spec.write_text(NO_SERVERS)
    out = tmp_path / "out"
    config = tmp_path / "bare-config.yaml"
    config.write_text("package: bare\nsdk_class: Bare\nenv_prefix: BARE\nnaming: speakeasy\n")
    result = subprocess.run(
        [sys.executable, "-m", "openapi_sdkgen", "generate", str(spec), "-o", str(out), "--config", str(config)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("names no servers") == 1
    monkeypatch.delenv("BARE_SERVER_URL", raising=False)
    sys.path.insert(0, str(out / "src"))
    try:
        bare = importlib.import_module("bare")
        importlib.import_module("bare.errors")
        with pytest.raises(bare.errors.SDKValidationError, match="server_url=.*BARE_SERVER_URL"):
            bare.Bare()
        sent: List[httpx.Request] = []
        transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(204))  # type: ignore[func-returns-value]
        bare.Bare(server_url="https://bare.example.com", client=httpx.Client(transport=transport)).ping()
        assert str(sent[0].url) == "https://bare.example.com/ping"
    finally:
        sys.path.remove(str(out / "src"))


# --- OAuth2 client credentials against a token endpoint on 127.0.0.1 ------------------------


@pytest.fixture
def oauth_server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve().parent / "oauth_server.py")],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # the process we started, by its PID
        process.wait(timeout=10)


def stats(url: str) -> Dict[str, int]:
    return dict(json.loads(httpx.get(url + "/stats").text))


def oauth_client(vault: Any, url: str, client_id: str = "id") -> Any:
    credentials = {"client_id": client_id, "client_secret": "secret", "token_url": url + "/token"}
    return vault.Vault(server_url=url, security={"oauth_client": credentials}, retry_config=None)


def test_ten_threads_fetch_one_token(vault: Any, oauth_server: str) -> None:
    client = oauth_client(vault, oauth_server)
    start = threading.Barrier(10)

    def one(_: int) -> Any:
        start.wait()
        return client.get_client_credentials()

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(one, range(10)))
    assert results == [vault.models.Who(ok=True)] * 10
    assert stats(oauth_server) == {"tokens": 1, "calls": 10, "unauthorized": 0}
    client.close()


def test_ten_tasks_fetch_one_token(vault: Any, oauth_server: str) -> None:
    async def run() -> List[Any]:
        async with oauth_client(vault, oauth_server) as client:
            return list(await asyncio.gather(*(client.get_client_credentials_async() for _ in range(10))))

    assert asyncio.run(run()) == [vault.models.Who(ok=True)] * 10
    assert stats(oauth_server) == {"tokens": 1, "calls": 10, "unauthorized": 0}


def test_an_expired_token_is_fetched_again(vault: Any, oauth_server: str) -> None:
    with oauth_client(vault, oauth_server, client_id="short-lived") as client:  # expires_in: 0
        client.get_client_credentials()
        client.get_client_credentials()
    assert stats(oauth_server) == {"tokens": 2, "calls": 2, "unauthorized": 0}


@pytest.mark.parametrize("callers", [1, 10])
def test_a_revoked_token_is_refreshed_once_on_401(vault: Any, oauth_server: str, callers: int) -> None:
    client = oauth_client(vault, oauth_server)
    client.get_client_credentials()
    httpx.post(oauth_server + "/revoke")
    with ThreadPoolExecutor(callers) as pool:
        results = list(pool.map(lambda _: client.get_client_credentials(), range(callers)))
    assert results == [vault.models.Who(ok=True)] * callers
    # every caller was answered 401 once at most; one new token served them all
    assert stats(oauth_server)["tokens"] == 2
    assert 1 <= stats(oauth_server)["unauthorized"] <= callers
    client.close()


@ASYNC
def test_a_401_after_refreshing_is_the_answer(vault: Any, is_async: bool) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": f"t{len(rec.requests)}", "expires_in": 3600})
        return httpx.Response(401, json={"message": "no"})

    rec = Recorder(answer)
    client = rec.client(vault, security={"oauth_client": {"client_id": "id", "client_secret": "s"}})
    with pytest.raises(vault.errors.APIError) as raised:
        call(client, "get_client_credentials", is_async)
    assert raised.value.status_code == 401
    assert [r.url.path for r in rec.requests] == ["/oauth/token", "/v1/client-credentials", "/oauth/token", "/v1/client-credentials"]
    assert rec.requests[3].headers["authorization"] == "Bearer t3"


def test_a_failed_token_request_says_so(vault: Any) -> None:
    rec = Recorder(lambda r: httpx.Response(400, json={"error": "invalid_client"}))
    client = rec.client(vault, security={"oauth_client": {"client_id": "id", "client_secret": "bad"}})
    with pytest.raises(vault.errors.APIError, match="OAuth2 token request"):
        client.get_client_credentials()
    assert len(rec.requests) == 1
