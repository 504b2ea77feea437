"""Per-operation security on OpenAI's full spec (../shared/specs/openai-full.yaml): the
admin operations (`security: [{AdminApiKeyAuth: []}]`) send the admin key, the others the
normal one, and neither is ever sent in the other's place."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "specs" / "openai-full.yaml"

pytestmark = [
    pytest.mark.fullspec,
    pytest.mark.skipif(not SPEC.is_file(), reason=f"{SPEC} is absent: the real-world specs live beside the repository"),
]


@pytest.fixture(scope="module")
def openai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[Any, Path]]:
    out = tmp_path_factory.mktemp("openai-admin")
    config = out.parent / "openai-admin.yaml"
    config.write_text("package: openai_admin_sdk\nsdk_class: OpenAI\nenv_prefix: OPENAI\n")
    result = subprocess.run(
        [sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config), "--lenient"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    sys.path.insert(0, str(out / "src"))
    try:
        for submodule in ("errors", "models", "utils"):
            importlib.import_module(f"openai_admin_sdk.{submodule}")
        yield importlib.import_module("openai_admin_sdk"), out / "src" / "openai_admin_sdk"
    finally:
        sys.path.remove(str(out / "src"))


def method_of(sdk: Any, src: Path, operation_id: str) -> Tuple[Any, str]:
    """(resource class, method name) of the operation, found in the generated modules."""
    for module_path in sorted((src / "resources").glob("*.py")):
        text = module_path.read_text()
        match = re.search(rf'^(_\w+) = utils\.Operation\(\s*operation_id="{re.escape(operation_id)}"', text, re.M)
        if match is None:
            continue
        module = importlib.import_module(f"{sdk.__name__}.resources.{module_path.stem}")
        for cls in vars(module).values():
            if isinstance(cls, type) and issubclass(cls, sdk.utils.BaseResource) and cls.__module__ == module.__name__:
                for name, member in vars(cls).items():
                    code = getattr(member, "__code__", None)
                    if code is not None and match.group(1) in code.co_names and not name.endswith("_async"):
                        return cls, name
    raise AssertionError(f"no method sends {operation_id}")


def test_admin_operations_send_the_admin_key(openai: Tuple[Any, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    sdk, src = openai
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_API_KEY_AUTH", raising=False)
    sent: List[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={}))  # type: ignore[func-returns-value]

    def client(**credentials: Any) -> Any:
        return sdk.OpenAI(client=httpx.Client(transport=transport), retry_config=None, **credentials)

    admin_cls, admin = method_of(sdk, src, "admin-api-keys-list")
    models_cls, models = method_of(sdk, src, "listModels")
    both = client(api_key="sk-normal", security=sdk.models.Security(admin_api_key_auth="sk-admin"))
    for cls, name, expected in ((admin_cls, admin, "Bearer sk-admin"), (models_cls, models, "Bearer sk-normal")):
        try:
            getattr(cls(both._client), name)()
        except Exception:
            pass  # the body `{}` need not parse: the request is what is checked
        assert sent[-1].headers.get("authorization") == expected, name
    only_normal = client(api_key="sk-normal")
    try:
        getattr(admin_cls(only_normal._client), admin)()
    except Exception:
        pass
    assert "authorization" not in sent[-1].headers  # never the normal key in the admin's place


def test_the_admin_key_from_the_environment(openai: Tuple[Any, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    sdk, src = openai
    monkeypatch.setenv("OPENAI_ADMIN_API_KEY_AUTH", "sk-env-admin")
    sent: List[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={}))  # type: ignore[func-returns-value]
    admin_cls, admin = method_of(sdk, src, "admin-api-keys-list")
    try:
        getattr(admin_cls(sdk.OpenAI(api_key="sk-normal", client=httpx.Client(transport=transport), retry_config=None)._client), admin)()
    except Exception:
        pass
    assert sent[-1].headers["authorization"] == "Bearer sk-env-admin"
