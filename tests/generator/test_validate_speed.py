"""The validation shortcuts change no result: schemas that passed the meta-schema check
before are not checked again, and a large spec is validated in a worker process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest
from openapi_spec_validator.validation import keywords

from generator import validate
from generator.diagnostics import GeneratorError
from generator.load import load_document


def _spec(description: str, bad_type: bool = False, padding: int = 0) -> str:
    schema: Dict[str, Any] = {"type": "object", "description": description, "properties": {"name": {"type": "strin" if bad_type else "string"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "description": "x" * padding},
        "paths": {},
        "components": {"schemas": {"Thing": schema, "Other": {"type": "integer", "minimum": 0}}},
    }
    return json.dumps(document, indent=1)


def _validate(tmp_path: Path, text: str) -> Any:
    spec = tmp_path / "spec.json"
    spec.write_text(text)
    return validate.validate_document(load_document(spec))


def test_schemas_that_passed_are_skipped_next_time_and_failures_are_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    checked = []
    stock = keywords.SchemaValidator._validate_schema_meta

    def counting(self: Any, schema: Any, value: Any) -> Any:
        checked.append(json.dumps(value, sort_keys=True))
        return stock(self, schema, value)

    monkeypatch.setattr(keywords.SchemaValidator, "_validate_schema_meta", counting)
    monkeypatch.setattr(validate, "_in_worker", lambda *a: None)  # counted here, not in a worker process
    assert _validate(tmp_path, _spec("first")) == []
    first = len(checked)
    assert first >= 2
    checked.clear()
    assert _validate(tmp_path, _spec("changed")) == []  # one schema changed: only it is checked
    assert len(checked) == 1 and "changed" in checked[0]
    for _ in range(2):  # an invalid schema is never remembered as valid
        with pytest.raises(GeneratorError) as raised:
            _validate(tmp_path, _spec("changed", bad_type=True))
        assert any(d.path[:3] == ("components", "schemas", "Thing") for d in raised.value.diagnostics)


def test_a_spec_is_validated_in_a_worker_with_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    text = _spec("big", bad_type=True, padding=200_000)
    spec = tmp_path / "spec.json"
    spec.write_text(text)
    document = load_document(spec)
    started = []
    real = validate._in_worker
    monkeypatch.setattr(validate, "_in_worker", lambda *a: started.append(1) or real(*a))
    finish = validate.start_validation(document)
    with pytest.raises(GeneratorError) as in_worker:
        finish()
    assert started == [1]
    monkeypatch.setattr(validate, "_in_worker", lambda *a: None)  # as where processes cannot be forked
    with pytest.raises(GeneratorError) as inline:
        validate.validate_document(document)
    assert in_worker.value.diagnostics == inline.value.diagnostics
    assert in_worker.value.diagnostics[0].line is not None
