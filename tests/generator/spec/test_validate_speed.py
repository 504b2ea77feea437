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

from openapi_sdkgen.spec import validate, validate_memo
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.load import load_document


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
    shared = validate._shared_meta_validator

    def counting(keyword: Any, schema: Any, value: Any) -> Any:
        checked.append(json.dumps(value, sort_keys=True))
        return shared(keyword, schema, value)

    monkeypatch.setattr(validate, "_shared_meta_validator", counting)
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
    return _unique(validate._cause(error) for error in stock(copy.deepcopy(data)).iter_errors())


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
    monkeypatch.setattr(validate, "_remembered_lookups", contextlib.nullcontext)
    monkeypatch.setattr(validate, "_shared_meta_validator", lambda *a: None)  # the stock check
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


# --- the meta-schema check: one shared validator, each reference resolved once ---

_RICH_SCHEMA: Dict[str, Any] = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z]+$", "format": "uuid"},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1},
        "owner": {"allOf": [{"$ref": "#/components/schemas/Other"}], "description": "who"},
        "choice": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "object", "additionalProperties": {"type": "number"}}]},
        "nested": {"type": "object", "properties": {"deeper": {"type": "object", "properties": {"leaf": {"type": "boolean"}}}}},
    },
    "additionalProperties": False,
}

# Breaks of `_RICH_SCHEMA` at different depths and keywords; each makes it invalid
# under both dialects. Some break two places, so that the error chosen matters.
_META_BREAKS: Dict[str, Callable[[Dict[str, Any]], Any]] = {
    "type": lambda s: s.update({"type": "objekt"}),
    "required": lambda s: s.update({"required": "id"}),
    "property type": lambda s: s["properties"]["id"].update({"type": "strin"}),
    "pattern": lambda s: s["properties"]["id"].update({"pattern": "(unclosed"}),
    "items": lambda s: s["properties"]["tags"].update({"items": {"type": 5}}),
    "minItems": lambda s: s["properties"]["tags"].update({"minItems": -1}),
    "enum": lambda s: s["properties"]["tags"]["items"].update({"enum": "a"}),
    "allOf member": lambda s: s["properties"]["owner"]["allOf"].append({"minimum": "zero"}),
    "oneOf member": lambda s: s["properties"]["choice"]["oneOf"][1].update({"additionalProperties": 5}),
    "deep leaf": lambda s: s["properties"]["nested"]["properties"]["deeper"]["properties"]["leaf"].update({"type": ["boolean", 5]}),
    "two places": lambda s: (s["properties"]["nested"].update({"type": "objekt"}), s["properties"]["id"].update({"maxLength": "ten"})),
    "keyword order": lambda s: s["properties"].update({"id": {"minLength": "x", "type": "strin"}}),  # checked type first
    "description": lambda s: s["properties"]["owner"].update({"description": 5}),
    "additionalProperties": lambda s: s.update({"additionalProperties": "no"}),
}


def _meta_checks(version: str) -> Any:
    """The schema keyword's checker of `version` and its stock, fresh validator per check."""
    from openapi_spec_validator.validation.keywords import OpenAPIV30SchemaValidator, OpenAPIV31SchemaValidator
    from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

    base = OpenAPIV31SchemaValidator if version.startswith("3.1") else OpenAPIV30SchemaValidator
    return validate._locating(base)(KeywordValidatorRegistry({})), base(KeywordValidatorRegistry({}))


def _schema_node(value: Dict[str, Any]) -> Any:
    from jsonschema_path import SchemaPath

    return SchemaPath.from_dict({"components": {"schemas": {"Thing": value, "Other": {"type": "object"}}}}) / "components" / "schemas" / "Thing"


def _stock_outcome(stock: Any, value: Dict[str, Any]) -> Any:
    """Whether the stock check passes, and every error a fresh meta-schema validator finds."""
    node = _schema_node(value)
    passed = stock._validate_schema_meta(node, value) is None
    checker = stock._get_schema_checker(node, value)
    cls = getattr(checker, "func", checker).__self__
    fresh = validate._meta_validator.__wrapped__(cls, getattr(checker, "keywords", {}).get("format_checker", cls.FORMAT_CHECKER))
    return passed, [(err.message, list(err.absolute_path)) for err in fresh.iter_errors(value)]


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_the_shared_meta_check_finds_what_the_stock_check_finds(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid and broken schemas, checked in two orders by one validator with remembered
    lookups: each passes or fails as the stock check decides, and a failure reports the
    error placed first among all a fresh validator finds."""
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    schemas = [copy.deepcopy(_RICH_SCHEMA)]
    for name, apply in _META_BREAKS.items():
        broken = copy.deepcopy(_RICH_SCHEMA)
        apply(broken)
        schemas.append(broken)
    ours, stock = _meta_checks(version)
    expected = [_stock_outcome(stock, value) for value in schemas]
    assert sum(passed for passed, _ in expected) == 1, "only the unbroken schema passes"
    with validate._remembered_lookups():
        for order in (range(len(schemas)), reversed(range(len(schemas)))):
            for i in order:
                error = ours._validate_schema_meta(_schema_node(schemas[i]), schemas[i])
                passed, found = expected[i]
                assert (error is None) == passed, list(_META_BREAKS)[i - 1]
                if error is not None:
                    first = min(found, key=lambda f: validate._document_order(schemas[i], f[1]))
                    assert (error.message, list(error.absolute_path)) == first


def test_a_remembered_lookup_depends_on_base_scope_and_registry() -> None:
    """The same reference from another base, dynamic scope or registry finds what the stock
    lookup finds there, not what it found first."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    def resource(name: str) -> Any:
        return DRAFT202012.create_resource({"$id": f"urn:{name}", "$dynamicAnchor": "meta", "$defs": {"x": {"const": name}}})

    registry = Registry().with_resources([("urn:a", resource("a")), ("urn:b", resource("b"))]).crawl()
    other = Registry().with_resources([("urn:a", resource("c")), ("urn:b", resource("b"))]).crawl()
    from_a, from_b = registry.resolver(base_uri="urn:a"), registry.resolver(base_uri="urn:b")
    b_within_a = from_a.lookup("urn:b").resolver  # urn:b, with urn:a in its dynamic scope
    places = [(from_a, "#/$defs/x"), (from_b, "#/$defs/x"), (from_b, "#meta"), (b_within_a, "#meta"), (other.resolver(base_uri="urn:a"), "#/$defs/x")]
    stock = [resolver.lookup(ref).contents for resolver, ref in places]
    assert stock[0] != stock[1] and stock[2] != stock[3] and stock[0] != stock[4]
    with validate._remembered_lookups():
        for _ in range(2):
            assert [resolver.lookup(ref).contents for resolver, ref in places] == stock


def test_remembered_lookups_are_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    from referencing._core import Resolver

    stock = Resolver.lookup
    with validate._remembered_lookups():
        assert Resolver.lookup is not stock
    assert Resolver.lookup is stock
    monkeypatch.setattr(Resolver, "__slots__", ("_base_uri", "_registry"))  # a resolver the memo cannot key
    with validate._remembered_lookups():
        assert Resolver.lookup is stock
