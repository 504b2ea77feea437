"""Emitted modules are laid out the way black lays them out, so the formatter sends black
only the statements with over-long lines (generator/format.py): the output must be
exactly black's, on the Router spec and on the real specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from openapi_sdkgen.output.format import LINE_LENGTH, format_canonical, format_source
from openapi_sdkgen.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[3]
SPECS = ROOT.parent / "shared" / "specs"
CASES = [(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml")] + [(SPECS / f"{n}.yaml", None) for n in ("openai-subset", "orq-subset", "r9s-relay")]
CASES += [pytest.param(SPECS / f"{n}.yaml", None, marks=pytest.mark.fullspec) for n in ("openai-full", "orq-full")]


@pytest.mark.parametrize("spec, config", CASES, ids=lambda c: c.stem if isinstance(c, Path) else "")
def test_every_module_comes_out_exactly_as_black_formats_it(spec: Path, config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not spec.is_file():
        pytest.skip(f"{spec} is absent")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    result = generate_files(spec, config, lenient=True)
    modules = [path for path in result.files if path.endswith(".py")]
    assert any("/models/" in path for path in modules) and any("/resources/" in path for path in modules)
    differing = [path for path in sorted(modules) if format_source(path, result.files[path]) != result.files[path]]
    assert differing == []


def test_only_statements_with_over_long_code_lines_are_reformatted() -> None:
    long_annotation = "Optional[Union[" + ", ".join(f"Choice{i}" for i in range(12)) + "]]"
    docstring = '"""' + "A description that is longer than the line length. " * 3 + '"""'
    source = (
        "# header\n\n\nclass Short(BaseModel):\n    a: int\n    " + docstring + "\n\n\n"
        "class Long(BaseModel):\n    b: " + long_annotation + " = None\n"
    )
    formatted = format_canonical("m.py", source)
    assert formatted == format_source("m.py", source)
    assert "    " + docstring + "\n" in formatted  # docstrings are never wrapped
    assert all(len(line) <= LINE_LENGTH for line in formatted.splitlines() if '"""' not in line)


def test_over_long_parameters_are_split_where_they_stand() -> None:
    annotation = "Optional[Union[" + ", ".join(f"models.Choice{i}" for i in range(6)) + "]]"
    method = (
        "class Resource:\n"
        "    @overload\n"
        "    def create(\n        self,\n        *,\n        choice: " + annotation + " = None,\n    ) -> int: ...\n\n"
        "    def create(\n        self,\n        *,\n        choice: " + annotation + " = None,\n        other: int = 1,\n    ) -> int:\n"
        '        """Docstring."""\n        return 1\n'
    )
    formatted = format_canonical("m.py", method)
    assert formatted == format_source("m.py", method) != method
    assert all(len(line) <= LINE_LENGTH for line in formatted.splitlines())


def test_docstrings_of_classes_under_an_if_go_nowhere_near_black(monkeypatch: pytest.MonkeyPatch) -> None:
    docstring = '"""' + " ".join(["Keyword arguments of a method with a long name, other than `stream`."] * 2) + '"""'
    source = "if TYPE_CHECKING:\n\n    class Params(TypedDict, total=False):\n        " + docstring + "\n\n        a: int\n"
    assert format_source("m.py", source) == source
    monkeypatch.setattr("openapi_sdkgen.output.format.format_source", lambda *args: pytest.fail("black was asked"))
    monkeypatch.setattr("openapi_sdkgen.output.format._FORMATTED", {})
    assert format_canonical("m.py", source) == source


def test_the_models_package_needs_no_black(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every generation writes it: a statement too long there would import black on every run."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr("openapi_sdkgen.pipeline.format_files", lambda files: files)  # the text as emitted
    source = generate_files(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml").files["src/orq_ai_sdk/models/__init__.py"]
    monkeypatch.setattr("openapi_sdkgen.output.format.format_source", lambda *args: pytest.fail("black was asked"))
    monkeypatch.setattr("openapi_sdkgen.output.format._FORMATTED", {})
    assert format_canonical("models/__init__.py", source) == source
