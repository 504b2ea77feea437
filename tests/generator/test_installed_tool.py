"""sdkgen as people install it: the wheel, in a fresh virtualenv, run from a directory
outside the checkout, generates an SDK that imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "specs" / "library.yaml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")  # a copy: building writes build/ into the source tree
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(source)]
    subprocess.run(build, check=True, capture_output=True, text=True)
    (found,) = dist.glob("openapi_sdkgen-*.whl")
    return found


def test_the_wheel_holds_the_package_its_templates_and_licence(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "openapi_sdkgen/cli.py" in names and "openapi_sdkgen/model/ir.py" in names
    assert "openapi_sdkgen/templates/sdk/model_module.py.jinja" in names
    assert "openapi_sdkgen/templates/runtime/client.py" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/LICENSE") for name in names)
    assert not any(name.startswith(("generator/", "tests/", "generated/")) for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "sdkgen = openapi_sdkgen.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_command_generates_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True, text=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "api.yaml").write_bytes(SPEC.read_bytes())
    result = subprocess.run([str(env_dir / "bin" / "sdkgen"), "generate", "api.yaml", "-o", "out"], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    packages = [p for p in (work / "out" / "src").iterdir() if p.is_dir()]
    assert len(packages) == 1
    # the generated SDK imports, with the SDK's own dependencies installed beside it
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "httpx", "pydantic"], check=True, capture_output=True)
    imported = subprocess.run([str(python), "-c", f"import {packages[0].name}"], cwd=work / "out" / "src", capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
