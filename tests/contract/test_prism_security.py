"""The calls of tests/test_request_security.py against Prism started on that spec: every
scheme the SDK serves gets through Prism's security check (no 401 where credentials were
given), and no exchange has `sl-violations` or breaks the spec (openapi-core checks each
request's security, parameters and body).

`getTokenScheme` (`Authorization: Token <token>`, an http scheme other than basic and bearer)
is not among them: Prism does not support such schemes (it answers with an sl-violations
warning saying so), and openapi-core compares the scheme's name case-sensitively."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import httpx
import pytest

from contract.openapi_check import Report, SpecValidator
from contract.prism import PrismServer, PrismUnavailable, prism_executable
from contract.wire import ObservedRequest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "specs" / "request-security.yaml"
# the servers the spec names for these paths (Prism stands in for each)
OWN_SERVERS = {"/uploads": "https://upload.vault.example.com", "/exports": "https://exports.vault.example.com"}
SPEC_SERVER = "https://eu.vault.example.com/v1"
METHODS = [
    "get_bearer", "get_basic", "get_header_key", "get_query_key", "get_cookie_key",
    "get_client_credentials", "get_authorization_code", "get_open_id", "get_combined", "get_optional", "get_public",
]


class ServerAwareValidator(SpecValidator):
    """Checks each exchange against the server the spec names for its path."""

    def _host(self, observed: ObservedRequest) -> str:
        return next((url for path, url in OWN_SERVERS.items() if observed.path.startswith(path)), SPEC_SERVER)

    def check_request(self, observed: ObservedRequest, host_url: Optional[str] = None) -> Report:
        return super().check_request(observed, self._host(observed))

    def check_response(self, observed: ObservedRequest, status: int, headers: httpx.Headers, body: bytes, host_url: Optional[str] = None) -> Report:
        return super().check_response(observed, status, headers, body, self._host(observed))


@pytest.fixture(scope="module")
def security_on_prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        prism_executable()
    except PrismUnavailable as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("vault_prism")
    config = out.parent / "vault_prism.yaml"
    config.write_text("package: vault_prism_sdk\nsdk_class: Vault\nenv_prefix: VAULT_PRISM\nnaming: speakeasy\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    server = PrismServer(tmp_path_factory.mktemp("prism_security"), ServerAwareValidator(SPEC))
    server.start()
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("vault_prism_sdk"), server
    finally:
        sys.path.remove(str(out / "src"))
        server.stop()


def everything(sdk: Any, prism: PrismServer) -> Any:
    return sdk.models.Security(
        bearer_auth="bearer-tok",
        basic_auth={"username": "Aladdin", "password": "open sesame"},
        token_auth="tt",
        header_key="hk",
        query_key="qk",
        cookie_key="ck",
        oauth_client={"client_id": "id", "client_secret": "secret", "token_url": prism.url + "/oauth/token"},
        oauth_code="code-tok",
        open_id="oidc-tok",
    )


@pytest.mark.parametrize("method", METHODS)
def test_credentials_pass_prisms_security_check(security_on_prism: Any, method: str) -> None:
    sdk, prism = security_on_prism
    client = sdk.Vault(security=everything(sdk, prism), server_url=prism.url, retry_config=None, client=httpx.Client(transport=prism.transport()))
    assert getattr(client, method)() == sdk.models.Who(ok=True)  # a 401 would raise


@pytest.mark.parametrize("method", ["get_bearer", "get_basic", "get_cookie_key", "get_combined", "get_client_credentials"])
def test_credentials_pass_prisms_security_check_async(security_on_prism: Any, method: str) -> None:
    sdk, prism = security_on_prism

    async def run() -> Any:
        client = sdk.Vault(security=everything(sdk, prism), server_url=prism.url, retry_config=None, async_client=httpx.AsyncClient(transport=prism.async_transport()))
        return await getattr(client, method + "_async")()

    assert asyncio.run(run()) == sdk.models.Who(ok=True)


def test_own_servers_and_api_key_on_prism(security_on_prism: Any) -> None:
    sdk, prism = security_on_prism
    client = sdk.Vault(api_key="k", server_url=prism.url, retry_config=None, client=httpx.Client(transport=prism.transport()))
    assert client.upload(name="a.txt", server_url=prism.url) == sdk.models.Who(ok=True)
    assert client.get_export(server_url=prism.url) == sdk.models.Who(ok=True)


def test_prism_answers_401_without_credentials(security_on_prism: Any) -> None:
    """The check above can fail: Prism does refuse a call without its credentials."""
    sdk, prism = security_on_prism
    client = sdk.Vault(server_url=prism.url, retry_config=None, client=httpx.Client(transport=httpx.HTTPTransport()))
    with pytest.raises(sdk.errors.APIError) as raised:
        client.get_header_key()
    assert raised.value.status_code == 401
