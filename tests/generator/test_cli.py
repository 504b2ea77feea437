"""sdkgen's commands as a user runs them: errors with their places, exits, untouched output."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import SPECS, sdkgen, snapshot


def test_validate_reports_every_error_with_pointer_and_line() -> None:
    result = sdkgen("validate", str(SPECS / "invalid.yaml"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        ("invalid.yaml:3:", "#/info:", "'title' is a required property"),
        ("invalid.yaml:10:", "#/paths/~1things/get/responses/200:", "'description' is a required property"),
        ("invalid.yaml:18:", "#/paths/~1things~1{id}/get/parameters/0:", "'required' is a required property"),
        ("invalid.yaml:13:", "#/paths/~1things/get/responses/200/content/application~1json/schema/type:", "'strnig'"),
    ]
    for place, pointer, message in expected:
        assert any(place in line and pointer in line and message in line for line in lines), (place, result.stderr)
    assert "4 error(s)" in result.stderr
    assert "Traceback" not in result.stderr


def _spec_with_schema(tmp_path: Path, schema_lines: str) -> Path:
    head = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n"
    spec = tmp_path / "spec.yaml"
    spec.write_text(head + schema_lines, encoding="utf-8")
    return spec


def test_a_wrong_default_is_placed_at_the_default(tmp_path: Path) -> None:
    spec = _spec_with_schema(tmp_path, "      type: object\n      properties:\n        size:\n          type: string\n          default: 5\n")
    result = sdkgen("validate", str(spec), env={"SDKGEN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert "spec.yaml:11: error: #/components/schemas/Thing/properties/size/default: 5 is not of type 'string'" in result.stderr


def test_of_several_broken_properties_the_first_is_reported_under_any_hash_seed(tmp_path: Path) -> None:
    """The meta-schema check reports one error per schema; which one must not depend on the process."""
    properties = "".join(f"        p{i:02}:\n          type: number\n          exclusiveMinimum: true\n" for i in range(16))
    spec = _spec_with_schema(tmp_path, "      type: object\n      properties:\n" + properties)
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        result = sdkgen("validate", str(spec), env={"SDKGEN_CACHE_DIR": str(tmp_path / f"cache{seed}"), "PYTHONHASHSEED": seed})
        assert result.returncode == 1
        outputs.add(result.stderr)
    assert len(outputs) == 1
    assert "#/components/schemas/Thing/properties/p00/exclusiveMinimum: True is not of type 'number'" in outputs.pop()


def test_valid_spec_validates() -> None:
    result = sdkgen("validate", "spec/openapi.yaml")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_failed_generation_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert sdkgen("generate", str(SPECS / "library.yaml"), "-o", str(out)).returncode == 0
    (out / "NOTES.md").write_text("mine")
    before = snapshot(out)

    result = sdkgen("generate", str(SPECS / "invalid.yaml"), "-o", str(out))

    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging directory left behind


@pytest.mark.parametrize(
    "text, message",
    [
        ("openapi: 3.1.0\ninfo: {title: x\n", "invalid YAML"),
        ("- just\n- a list\n", "the document root must be a mapping"),
        ("openapi: 2.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "unsupported OpenAPI version"),
    ],
)
def test_malformed_documents_get_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert message in result.stderr and str(spec) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_spec_file() -> None:
    result = sdkgen("validate", "no/such/spec.yaml")
    assert result.returncode == 1
    assert "cannot read spec" in result.stderr and "no/such/spec.yaml" in result.stderr


def test_yaml_keeps_openapi_typing(tmp_path: Path) -> None:
    from openapi_sdkgen.spec.load import load_document

    spec = tmp_path / "s.yaml"
    spec.write_text("enum: [on, off, yes, no, true]\ndate: 2024-01-01\nversion: 1.10\n")
    data = load_document(spec).data
    assert data["enum"] == ["on", "off", "yes", "no", True]
    assert data["date"] == "2024-01-01"
