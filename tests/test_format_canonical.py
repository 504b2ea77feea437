"""Model modules are laid out the way black lays them out, so the formatter may send black
only their statements with over-long lines (generator/format.py): the output must be
exactly black's, on the Router spec and on the real specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.format import LINE_LENGTH, format_canonical, format_source
from generator.pipeline import _model_modules, generate_files

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs"
CASES = [(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml")] + [(SPECS / f"{n}.yaml", None) for n in ("openai-subset", "orq-subset", "r9s-relay")]
CASES += [pytest.param(SPECS / f"{n}.yaml", None, marks=pytest.mark.fullspec) for n in ("openai-full", "orq-full")]


@pytest.mark.parametrize("spec, config", CASES, ids=lambda c: c.stem if isinstance(c, Path) else "")
def test_model_modules_come_out_exactly_as_black_formats_them(spec: Path, config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not spec.is_file():
        pytest.skip(f"{spec} is absent")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    result = generate_files(spec, config, lenient=True)
    modules = _model_modules(result.api, result.files)
    assert modules
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
