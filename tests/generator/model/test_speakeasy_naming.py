"""The two naming conventions of DESIGN section 4: Speakeasy's for specs written for it
(x-speakeasy-* extensions), names from the URL paths otherwise, and the config key that
forces either. The official SDKs' own names are checked in tests/wire/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Optional

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.config import load_config
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.resolve import Resolver


def make_api(tmp_path: Path, paths: Dict[str, Any], naming: Optional[str] = None, schemas: Optional[Dict[str, Any]] = None, root: Optional[Dict[str, Any]] = None) -> ir.Api:
    spec = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": schemas or {}}, **(root or {})}
    file = tmp_path / "spec.json"
    file.write_text(json.dumps(spec))
    config = None
    if naming is not None:
        config = tmp_path / "sdk.yaml"
        config.write_text(f"naming: {naming}\n")
    api, _ = build_api(Resolver(load_document(file)), load_config(config, "T"))
    return api


def calls(api: ir.Api) -> Dict[str, str]:
    return {op.operation_id: ".".join(op.group + (op.py_name,)) for op in api.operations}


def arguments(api: ir.Api, operation_id: str) -> Dict[str, bool]:
    op = next(op for op in api.operations if op.operation_id == operation_id)
    return {p.py_name: p.required for p in op.params}


def op(operation_id: str, **extra: Any) -> Dict[str, Any]:
    return {"operationId": operation_id, "responses": {"204": {"description": "ok"}}, **extra}


TAGGED = {
    "/images/generations": {"post": op("createImageGeneration", tags=["images"], **{"x-speakeasy-name-override": "create"})},
    "/engines/{model}/embeddings": {"post": op("createEngineEmbedding", tags=["engine-embeddings", "other"])},
    "/v2/human-review-sets/{id}": {"get": op("GetHumanReviewSet", **{"x-speakeasy-group": "humanReviewSets"})},
    "/health": {"get": op("healthCheck")},
}


def test_speakeasy_convention_groups_by_extension_then_first_tag(tmp_path: Path) -> None:
    api = make_api(tmp_path, {**TAGGED, "/x": {"get": op("x", **{"x-speakeasy-ignore": True})}})
    assert calls(api) == {
        "createImageGeneration": "images.create",
        "createEngineEmbedding": "engine_embeddings.create_engine_embedding",
        "GetHumanReviewSet": "human_review_sets.get_human_review_set",
        "healthCheck": "health_check",  # no group, no tag: a method of the client
    }


def test_without_extensions_names_come_from_the_paths(tmp_path: Path) -> None:
    paths = {path: {verb: {k: v for k, v in node.items() if not k.startswith("x-")} for verb, node in item.items()} for path, item in TAGGED.items()}
    assert calls(make_api(tmp_path, paths)) == {
        "createImageGeneration": "images.generations.create",
        "createEngineEmbedding": "engines.embeddings.create",  # a POST-only plural noun after a parameter: a collection (an action is a verb or a singular leaf)
        "GetHumanReviewSet": "human_review_sets.retrieve",
        "healthCheck": "health.list",
    }
    # an extension anywhere in the document (here: at its root) chooses Speakeasy's names
    assert calls(make_api(tmp_path, paths, root={"x-speakeasy-timeout": 1000}))["createImageGeneration"] == "images.create_image_generation"


@pytest.mark.parametrize("naming, expected", [("speakeasy", "images.create_image_generation"), ("resource", "images.generations.create"), ("auto", "images.generations.create")])
def test_the_config_key_forces_either_convention(tmp_path: Path, naming: str, expected: str) -> None:
    paths = {"/images/generations": {"post": op("createImageGeneration", tags=["images"])}}
    assert calls(make_api(tmp_path, paths, naming))["createImageGeneration"] == expected


def test_an_unknown_convention_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="naming .stainless. must be one of auto, speakeasy, resource"):
        make_api(tmp_path, {}, "stainless")


def _body(schema: Dict[str, Any], required: Optional[bool] = True) -> Dict[str, Any]:
    body: Dict[str, Any] = {"content": {"application/json": {"schema": schema}}}
    if required is not None:
        body["required"] = required
    return body


OBJECT = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "from": {"type": "string"}, "models": {"type": "array", "items": {"type": "string"}}, "match": {"type": "string"}, "dryRun": {"type": "boolean"}}}
UNION = {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
SCHEMAS = {
    "Thing": OBJECT,
    "A": {"type": "object", "properties": {"a": {"type": "string"}}},
    "B": {"type": "object", "properties": {"b": {"type": "string"}}},
    "ResetRequest": {"type": "object"},
    "KnowledgeUpdate": UNION,
    "Notifier": {**OBJECT, "oneOf": [{"required": ["from"]}, {"required": ["models"]}]},
}
ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]


@pytest.mark.parametrize(
    "operation, expected",
    [
        # a required object body: its fields, keywords escaped as Speakeasy escapes them
        (op("create", requestBody=_body({"$ref": "#/components/schemas/Thing"})), {"type_": True, "from_": False, "models": False, "match": False, "dry_run": False}),
        # an optional one is taken whole, unless parameters come with it
        (op("createOptional", requestBody=_body(OBJECT, None)), {"request": False}),
        (op("update", parameters=ID, requestBody=_body(OBJECT, False)), {"id": True, "type_": True, "from_": False, "models": False, "match": False, "dry_run": False}),
        # unions are taken whole: `request`, or beside parameters, the component's name
        (op("parse", requestBody=_body(UNION)), {"request": True}),
        (op("updateKnowledge", parameters=ID, requestBody=_body({"$ref": "#/components/schemas/KnowledgeUpdate"})), {"id": True, "knowledge_update": True}),
        (op("createNotifier", requestBody=_body({"$ref": "#/components/schemas/Notifier"})), {"request": True}),  # properties beside oneOf
        # no properties, or not an object
        (op("reset", parameters=ID, requestBody=_body({"$ref": "#/components/schemas/ResetRequest"})), {"id": True, "reset_request": True}),
        (op("addItems", parameters=ID, requestBody=_body({"type": "array", "items": {"type": "string"}})), {"id": True, "request_body": True}),
        (op("importAll", requestBody=_body({"type": "array", "items": {"type": "string"}})), {"request": True}),
        # x-speakeasy-max-method-params counts the parameters and the body as one
        (op("limited", requestBody=_body(OBJECT), **{"x-speakeasy-max-method-params": 0}), {"request": True}),
        (op("withinLimit", parameters=ID, requestBody=_body(OBJECT), **{"x-speakeasy-max-method-params": 2}), {"id": True, "type_": True, "from_": False, "models": False, "match": False, "dry_run": False}),
    ],
)
def test_the_body_becomes_arguments_as_speakeasy_decides(tmp_path: Path, operation: Dict[str, Any], expected: Dict[str, bool]) -> None:
    path = "/things/{id}" if operation.get("parameters") else "/things"
    api = make_api(tmp_path, {path: {"post": {**operation, "tags": ["things"]}}}, "speakeasy", SCHEMAS)
    assert arguments(api, operation["operationId"]) == expected


def test_the_resource_convention_flattens_every_object_body_and_escapes_more(tmp_path: Path) -> None:
    api = make_api(tmp_path, {"/things": {"post": op("create", requestBody=_body(OBJECT, False))}}, "resource")
    assert arguments(api, "create") == {"type": True, "from_": False, "models_": False, "match_": False, "dry_run": False}


def test_a_body_beside_too_many_parameters_is_reported(tmp_path: Path) -> None:
    operation = op("limited", parameters=ID, requestBody=_body(OBJECT), **{"x-speakeasy-max-method-params": 1})
    api = make_api(tmp_path, {"/things/{id}": {"post": {**operation, "tags": ["things"]}}}, "speakeasy")
    assert arguments(api, "limited") == {"id": True, "request_body": True}
    assert any("x-speakeasy-max-method-params" in w and "'request_body'" in w for w in api.warnings)


def test_a_type_override_to_any_passes_the_value_as_given(tmp_path: Path) -> None:
    config = {"anyOf": [{"type": "object", "properties": {"enabled": {"type": "boolean", "default": True}}}, {"type": "null"}], "x-speakeasy-type-override": "any"}
    body = {"type": "object", "properties": {"config": config, "name": {"type": "string"}}}
    api = make_api(tmp_path, {"/evals": {"patch": op("updateEval", tags=["evals"], requestBody=_body(body))}})
    params = {p.py_name: p for p in api.operations[0].params}
    assert params["config"].type == ir.AnyType() and params["name"].type == ir.Primitive("str")


def test_a_property_renamed_by_name_override_keeps_its_wire_name(tmp_path: Path) -> None:
    schemas = {"Feedback": {"type": "object", "properties": {"property": {"type": "string", "x-speakeasy-name-override": "field"}, "value": {"type": "string"}}}}
    api = make_api(tmp_path, {}, schemas=schemas)
    model = next(d for d in api.definitions if d.name == "Feedback")
    assert isinstance(model, ir.Model)
    assert [(f.py_name, f.wire_name) for f in model.fields] == [("field", "property"), ("value", "value")]
