"""Security schemes and servers in the IR (tests/specs/request-security.yaml), and what
the real specs keep: one bearer scheme behind `api_key=`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Tuple

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
FEATURES = ROOT / "tests" / "specs" / "request-security.yaml"
SHARED = ROOT.parent / "shared" / "specs"


@pytest.fixture(scope="module")
def vault() -> Tuple[ir.Api, List[Any]]:
    api, diagnostics = build(FEATURES, None, lenient=False)
    return api, diagnostics


def test_every_scheme_kind(vault: Tuple[ir.Api, List[Any]]) -> None:
    api, _ = vault
    kinds = {s.scheme_name: (s.kind, s.header_name, s.prefix, s.field) for s in api.auth.schemes}
    assert kinds == {
        "bearerAuth": ("bearer", "Authorization", "Bearer ", "bearer_auth"),
        "basicAuth": ("basic", "Authorization", "Basic ", "basic_auth"),
        "tokenAuth": ("bearer", "Authorization", "Token ", "token_auth"),
        "headerKey": ("header", "X-API-Key", "", "header_key"),
        "queryKey": ("query", "api_key", "", "query_key"),
        "cookieKey": ("cookie", "session", "", "cookie_key"),
        "oauthClient": ("client_credentials", "Authorization", "Bearer ", "oauth_client"),
        "oauthCode": ("bearer", "Authorization", "Bearer ", "oauth_code"),
        "openId": ("bearer", "Authorization", "Bearer ", "open_id"),
    }
    cc = next(s for s in api.auth.schemes if s.kind == "client_credentials")
    # the scopes the requirements ask for, not every scope the flow declares
    assert cc.token_url == "https://auth.vault.example.com/oauth/token" and cc.scopes == ("read",)
    assert api.auth.model == "Security" and api.auth.primary is not None and api.auth.primary.scheme_name == "bearerAuth"
    security = next(d for d in api.definitions if d.name == "Security")
    assert isinstance(security, ir.Model) and [f.py_name for f in security.fields][:3] == ["bearer_auth", "basic_auth", "token_auth"]


def test_the_digest_scheme_is_a_warning_that_says_what_to_do(vault: Tuple[ir.Api, List[Any]]) -> None:
    _, diagnostics = vault
    [digest] = [str(d) for d in diagnostics if "digest" in str(d)]
    assert "httpx.DigestAuth" in digest and "securitySchemes/digestAuth" in digest


def test_operation_security(vault: Tuple[ir.Api, List[Any]]) -> None:
    api, _ = vault
    ops = {op.operation_id: op for op in api.operations}
    assert api.auth.requirement == (("bearerAuth",),)
    assert ops["getBearer"].security is None and ops["getBearer"].secured
    assert ops["getCombined"].security == (("headerKey", "queryKey"), ("basicAuth",))
    assert ops["getOptional"].security == ((), ("headerKey",))
    assert not ops["getPublic"].secured


def test_servers(vault: Tuple[ir.Api, List[Any]]) -> None:
    api, _ = vault
    assert [s.url for s in api.servers] == ["https://{region}.vault.example.com/{version}", "https://sandbox.vault.example.com/v1"]
    region = api.servers[0].variables[0]
    assert (region.name, region.py_name, region.default, region.enum) == ("region", "region", "eu", ("eu", "us", "ap"))
    assert api.server_url == "https://eu.vault.example.com/v1"
    ops = {op.operation_id: op for op in api.operations}
    assert ops["upload"].server is not None and ops["upload"].server.url == "https://upload.vault.example.com"
    assert ops["getExport"].server is not None and ops["getExport"].server.url == "https://exports.vault.example.com"
    assert ops["getBearer"].server is None


@pytest.mark.parametrize("spec", ["orq-subset.yaml", "r9s-relay.yaml", "openai-subset.yaml"])
def test_real_specs_keep_api_key(spec: str) -> None:
    if not (SHARED / spec).is_file():
        pytest.skip(f"{SHARED / spec} is absent: the real-world specs live beside the repository")
    api, _ = build(SHARED / spec, None, lenient=True)
    assert api.auth.simple and api.auth.model == ""
    assert api.security is not None and (api.security.kind, api.security.prefix) == ("bearer", "Bearer ")
    assert all(op.security is None for op in api.operations)


@pytest.mark.parametrize("where", ["header", "cookie"])
def test_a_scheme_with_a_bad_key_name_is_an_error(tmp_path: Path, where: str) -> None:
    from openapi_sdkgen.diagnostics import GeneratorError

    spec = tmp_path / "bad.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\nservers: [{url: 'https://x.example.com'}]\n"
        "security: [{k: []}]\npaths: {}\n"
        f"components: {{securitySchemes: {{k: {{type: apiKey, in: {where}, name: 'X Key'}}}}}}\n"
    )
    with pytest.raises(GeneratorError, match="'X Key'"):
        build(spec, None, lenient=False)
