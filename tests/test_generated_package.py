"""generated/ is a publishable, typed distribution that needs httpx and pydantic only."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"


def test_generated_sources_pass_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(GENERATED / "src")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_import_has_no_side_effects() -> None:
    code = "import sys, orq_ai_sdk; print(sorted(m for m in sys.modules if m.startswith('orq_ai_sdk.models.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(GENERATED / "src")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"  # models load on first use
    assert result.stderr == ""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(dist), str(GENERATED)], check=True, capture_output=True)
    (found,) = dist.glob("*.whl")
    return found


def test_wheel_metadata_and_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("METADATA"))
    requires = sorted(line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:"))
    runtime = [r for r in requires if "extra ==" not in r]
    assert sorted(r.split(">")[0].split("<")[0] for r in runtime) == ["httpx", "pydantic", "pydantic-core", "typing-extensions"]
    # the package's own tests and CI need the `test` extra: pytest and mypy, nothing at run time
    assert sorted(r.split(">")[0] for r in requires if re.search(r"extra == ['\"]test['\"]", r)) == ["mypy", "pytest"]
    assert {"orq_ai_sdk/py.typed", "orq_ai_sdk/sdk.py", "orq_ai_sdk/utils/client.py", "orq_ai_sdk/models/__init__.py"} <= names
    assert "Name: orq-ai-sdk" in metadata
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert "Classifier: Typing :: Typed" in metadata and "Classifier: Programming Language :: Python :: 3.9" in metadata
    assert any(name.endswith("licenses/LICENSE") for name in names)


def test_every_package_the_sdk_imports_is_declared() -> None:
    """Each third-party module imported anywhere in the package is a declared dependency."""
    import ast

    declared = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}
    pyproject = (GENERATED / "pyproject.toml").read_text(encoding="utf-8")
    assert all(f'"{name.replace("_", "-")}>=' in pyproject for name in declared)
    imported = set()
    for path in (GENERATED / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "orq_ai_sdk"}
    assert third_party == declared


def test_wheel_installs_and_runs_in_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True).stdout
    top_level = {line.split("==")[0].lower().replace("_", "-") for line in installed.split()} - {"pip", "setuptools", "wheel"}
    allowed = {"orq-ai-sdk", "httpx", "pydantic", "pydantic-core", "httpcore", "anyio", "certifi", "h11", "idna", "sniffio", "annotated-types", "typing-extensions", "typing-inspection", "exceptiongroup"}
    assert top_level <= allowed, top_level - allowed
    script = textwrap.dedent(
        """
        import httpx
        from orq_ai_sdk import Orq

        def handler(request):
            assert request.headers["authorization"] == "Bearer k"
            return httpx.Response(200, json={"created": 1, "data": [{"url": "https://x/y.png"}]})

        with Orq(api_key="k", client=httpx.Client(transport=httpx.MockTransport(handler))) as orq:
            res = orq.router.images.generations.create(prompt="a fox", model="openai/dall-e-3")
        print(res.data[0].url)
        """
    )
    result = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://x/y.png"
