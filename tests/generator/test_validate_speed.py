"""The validation shortcuts change no result: schemas and document pieces that passed the
meta-schema checks before are not checked again, and a large spec is validated in a
worker process."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List

import pytest
from openapi_spec_validator.validation import keywords

from generator import validate, validate_memo
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


# --- remembered pieces: the meta-schema validation of unchanged path items and components ---


def _pieces_spec(version: str = "3.1.0") -> Dict[str, Any]:
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
    return {
        "openapi": version,
        "info": {"title": "Pieces", "version": "1", "description": "first"},
        "paths": {
            "/things": {"get": {"operationId": "listThings", "responses": ok}},
            "/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"operationId": "getThing", "responses": ok},
            },
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}, "Other": {"type": "integer", "description": "first"}},
            "responses": {"Gone": {"description": "gone"}},
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
        },
    }


def _break(where: str) -> Callable[[Dict[str, Any]], None]:
    """A change that makes one piece of `_pieces_spec` (or what holds the pieces) invalid."""
    breaks: Dict[str, Callable[[Dict[str, Any]], None]] = {
        "path item key": lambda d: d["paths"]["/things"].update({"sideways": 1}),
        "operation": lambda d: d["paths"]["/things/{id}"]["get"].update({"deprecated": "yes"}),
        "parameter": lambda d: d["paths"]["/things/{id}"]["parameters"][0].update({"in": "body"}),
        "schema": lambda d: d["components"]["schemas"]["Thing"]["properties"]["id"].update({"type": "strnig"}),
        "schema not a mapping": lambda d: d["components"]["schemas"].update({"Number": 5}),
        "component response": lambda d: d["components"]["responses"]["Gone"].pop("description"),
        "component parameter": lambda d: d["components"]["parameters"]["Limit"].update({"in": "body"}),
        "component name": lambda d: d["components"]["schemas"].update({"Bad Name": {"type": "strnig"}}),
        "operation ids": lambda d: d["paths"]["/things"]["get"].update({"operationId": "getThing"}),
        "path without slash": lambda d: d["paths"].update({"things": {"get": {"responses": {"200": {"description": "ok"}}}}}),
        "repeated path item": lambda d: d["paths"].update({"/copy": d["paths"]["/things"]}),
        "webhook": lambda d: d.update({"webhooks": {"ping": {"post": {"requestBody": 3}}}}),
        "root": lambda d: d.update({"extra": True}),
        "info": lambda d: d["info"].pop("title"),
    }
    return breaks[where]


def _located(tmp_path: Path, data: Dict[str, Any], name: str) -> Any:
    spec = tmp_path / f"{name}.json"
    spec.write_text(json.dumps(data, indent=1))
    return validate.located_errors(load_document(spec), data["openapi"])


def _unique(messages: Iterable[str]) -> List[str]:
    """Each message once, in order (the stock validator may report one twice at one place)."""
    return list(dict.fromkeys(messages))


def _stock_messages(data: Dict[str, Any]) -> List[str]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    stock = OpenAPIV31SpecValidator if data["openapi"].startswith("3.1") else OpenAPIV30SpecValidator
    return _unique(validate._one_line(error.message) for error in stock(copy.deepcopy(data)).iter_errors())


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
@pytest.mark.parametrize("where", ["path item key", "operation", "parameter", "schema", "schema not a mapping", "component response",
                                   "component parameter", "component name", "operation ids", "path without slash", "repeated path item", "webhook", "root", "info"])
def test_remembered_pieces_change_no_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, where: str) -> None:
    """Cold, warm (descriptions changed since), again, and with no shortcut, the errors are
    the same, in the same order, and the stock validator reports the same messages."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    broken = _pieces_spec(version)
    _break(where)(broken)
    cold = _located(tmp_path, broken, "cold")
    assert cold, "each break makes the document invalid"
    assert _unique(message for _, message, _, _ in cold) == _stock_messages(broken)
    changed = copy.deepcopy(broken)  # on the same lines
    changed["info"]["description"] = changed["components"]["schemas"]["Other"]["description"] = "changed"
    assert _located(tmp_path, changed, "warm") == cold
    assert _located(tmp_path, broken, "again") == cold  # every valid piece remembered
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    monkeypatch.setattr(validate, "remembering_pieces", lambda validator, data: validator)
    monkeypatch.setattr(validate, "_direct_steps", contextlib.nullcontext)
    assert _located(tmp_path, broken, "no shortcut") == cold


def test_only_changed_pieces_are_validated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    validated: List[int] = []
    remembering = validate_memo._Pieces.remembering

    def recording(self: Any, keyword: Any) -> Any:
        def recorded(validator: Any, ref: Any, instance: Any, schema: Any) -> Any:
            validated.append(id(instance))
            return keyword(validator, ref, instance, schema)

        return remembering(self, recorded)

    monkeypatch.setattr(validate_memo._Pieces, "remembering", recording)
    data = _pieces_spec()
    assert _located(tmp_path, data, "first") == []
    data["paths"]["/things"]["get"]["description"] = "changed"
    with validate.PASSED.loaded():
        validated.clear()
        assert list(validate._iter_errors(data, "3.1.0")) == []
    assert id(data["paths"]["/things"]) in validated
    assert id(data["paths"]["/things/{id}"]) not in validated
    assert id(data["components"]["responses"]["Gone"]) not in validated


def test_direct_steps_are_undone() -> None:
    from jsonschema_path.nodes import SchemaNode

    stock = SchemaNode.__dict__.get("_get_subnode")
    with validate._direct_steps():
        assert SchemaNode.__dict__.get("_get_subnode") is not stock
    assert SchemaNode.__dict__.get("_get_subnode") is stock
