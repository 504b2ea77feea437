"""Spec -> IR: the type mapping of DESIGN section 5 and the naming and grouping rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.config import load_config
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.resolve import Resolver


def make_api(tmp_path: Path, schemas: Dict[str, Any], paths: Dict[str, Any] | None = None) -> ir.Api:
    spec = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths or {}, "components": {"schemas": schemas}}
    file = tmp_path / "spec.json"
    file.write_text(json.dumps(spec))
    api, _ = build_api(Resolver(load_document(file)), load_config(None, "T"))
    return api


def definitions(api: ir.Api) -> Dict[str, ir.Definition]:
    return {d.name: d for d in api.definitions}


def field(api: ir.Api, model: str, wire: str) -> ir.Field:
    found = definitions(api)[model]
    assert isinstance(found, ir.Model)
    return next(f for f in found.fields if f.wire_name == wire)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "nullable": True},
        {"type": ["integer", "null"]},
        {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        {"oneOf": [{"type": "null"}, {"type": "integer"}], "description": "d"},
    ],
)
def test_three_nullable_styles_give_one_type(tmp_path: Path, schema: Dict[str, Any]) -> None:
    api = make_api(tmp_path, {"M": {"type": "object", "properties": {"n": schema}}})
    n = field(api, "M", "n")
    assert (n.type, n.nullable, n.required) == (ir.Primitive("int"), True, False)


def test_enum_const_and_null_in_enum(tmp_path: Path) -> None:
    api = make_api(tmp_path, {"M": {"type": "object", "required": ["kind"], "properties": {
        "kind": {"const": "m"},
        "size": {"type": ["string", "null"], "enum": ["s", "l", None]},
        "one": {"type": "string", "enum": ["only"]},
    }}})
    assert field(api, "M", "kind").type == ir.LiteralType(("m",))
    size = field(api, "M", "size")
    assert size.nullable and definitions(api)["MSize"] == ir.Enum("MSize", ("s", "l"), pointer="#/components/schemas/M/properties/size")
    assert field(api, "M", "one").type == ir.LiteralType(("only",))


def test_discriminator_declared_and_inferred(tmp_path: Path) -> None:
    cat = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string", "enum": ["cat"]}}}
    dog = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"const": "dog"}}}
    api = make_api(tmp_path, {
        "Cat": cat, "Dog": dog,
        "Declared": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "pet_type"}},
        "Inferred": {"anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
        "Ambiguous": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Cat"}, {"type": "string"}]},
    })
    found = definitions(api)
    assert found["Declared"].type == ir.UnionType((ir.Ref("Cat"), ir.Ref("Dog")), "pet_type")  # type: ignore[union-attr]
    assert found["Inferred"].type == ir.UnionType((ir.Ref("Cat"), ir.Ref("Dog")), "pet_type")  # type: ignore[union-attr]
    assert found["Ambiguous"].type == ir.UnionType((ir.Ref("Cat"), ir.Primitive("str")), None)  # type: ignore[union-attr]


def test_discriminator_with_repeated_values_falls_back_to_a_plain_union(tmp_path: Path) -> None:
    a = {"type": "object", "required": ["type"], "properties": {"type": {"const": "x"}, "a": {"type": "string"}}}
    b = {"type": "object", "required": ["type"], "properties": {"type": {"const": "x"}, "b": {"type": "string"}}}
    api = make_api(tmp_path, {"A": a, "B": b, "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}], "discriminator": {"propertyName": "type"}}})
    assert definitions(api)["U"].type.discriminator is None  # type: ignore[union-attr]
    assert any("distinct value" in w for w in api.warnings)


def test_allof_merges_and_narrows(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "n": {"type": ["integer", "null"]}, "status": {"type": "integer"}}},
        "Child": {"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}, "status": {"enum": [502, 503]}, "extra": {"type": "boolean"}}},
        ]},
    })
    child = definitions(api)["Child"]
    assert [f.wire_name for f in child.fields] == ["id", "n", "status", "extra"]  # type: ignore[union-attr]
    n = field(api, "Child", "n")
    assert (n.type, n.nullable, n.required) == (ir.Primitive("int"), False, True)
    assert definitions(api)[field(api, "Child", "status").type.name].values == (502, 503)  # type: ignore[union-attr]


def test_allof_refinement_decides_nullability(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "Base": {"type": "object", "properties": {"top": {"type": "integer"}}},
        "Request": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"top": {"type": "integer", "nullable": True}}}]},
    })
    top = field(api, "Request", "top")
    assert (top.type, top.nullable) == (ir.Primitive("int"), True)


def test_allof_true_conflict_is_an_error_with_both_pointers(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        make_api(tmp_path, {
            "A": {"type": "object", "properties": {"x": {"type": "string"}}},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"x": {"type": "object", "properties": {"y": {"type": "string"}}}}}]},
        })
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.pointer == "#/components/schemas/B/allOf/1/properties/x"
    assert "#/components/schemas/A/properties/x" in diagnostic.message


def test_recursive_schemas_end_at_a_ref(tmp_path: Path) -> None:
    api = make_api(tmp_path, {"Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}})
    assert field(api, "Node", "children").type == ir.ListType(ir.Ref("Node"))


def test_inline_names_never_take_a_component_name(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "Message": {"type": "object", "properties": {"content": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/MessageContent"}}]}}},
        "MessageContent": {"type": "object", "properties": {"text": {"type": "string"}}},
    })
    found = definitions(api)
    assert isinstance(found["MessageContent"], ir.Model)
    assert field(api, "Message", "content").type == ir.Ref("MessageContent2")


def test_keywords_and_odd_property_names_are_escaped(tmp_path: Path) -> None:
    api = make_api(tmp_path, {"M": {"type": "object", "properties": {"class": {"type": "string"}, "created-at": {"type": "string"}, "json": {"type": "string"}, "2fa": {"type": "boolean"}}}})
    names = {f.wire_name: f.py_name for f in definitions(api)["M"].fields}  # type: ignore[union-attr]
    assert names == {"class": "class_", "created-at": "created_at", "json": "json_", "2fa": "n2fa"}


def test_sdk_names_are_never_shadowed(tmp_path: Path) -> None:
    api = make_api(tmp_path, {n: {"type": "object", "properties": {"a": {"type": "string"}}} for n in ("File", "BaseModel", "T", "Optional")})
    assert {"File2", "BaseModel2", "T2", "Optional2"} <= set(definitions(api))


def _op(summary: str) -> Dict[str, Any]:
    return {"operationId": summary, "responses": {"204": {"description": "ok"}}}


def test_grouping_from_paths_and_verbs(tmp_path: Path) -> None:
    paths = {
        "/v1/chat/completions": {"post": _op("createChat"), "get": _op("listChats")},
        "/v1/chat/completions/{id}": {"get": _op("getChat"), "post": _op("updateChat"), "delete": _op("deleteChat")},
        "/v1/batches/{id}/cancel": {"post": _op("cancelBatch")},
        "/v1/threads/{id}/messages": {"get": _op("listMessages"), "post": _op("createMessage")},
        "/v1/completions": {"post": _op("createCompletion")},
        "/models": {"get": _op("listModels")},
    }
    api = make_api(tmp_path, {}, paths)
    calls = {op.operation_id: ".".join(op.group + (op.py_name,)) for op in api.operations}
    assert calls == {
        "createChat": "chat.completions.create", "listChats": "chat.completions.list",
        "getChat": "chat.completions.retrieve", "updateChat": "chat.completions.update", "deleteChat": "chat.completions.delete",
        "cancelBatch": "batches.cancel",
        "listMessages": "threads.messages.list", "createMessage": "threads.messages.create",
        "createCompletion": "completions.create", "listModels": "models.list",
    }
    classes = {".".join(r.path): r.class_name for r in api.root.walk() if r.path}
    assert classes["completions"] == "Completions" and classes["chat.completions"] == "ChatCompletions"


def test_speakeasy_extensions_win_and_ignored_operations_are_reported(tmp_path: Path) -> None:
    paths = {
        "/v2/router/images/generations": {"post": {**_op("createImage"), "x-speakeasy-group": "router.images.generations", "x-speakeasy-name-override": "create"}},
        "/v2/router/chat/completions": {"post": {**_op("createChat"), "x-speakeasy-group": "router", "x-speakeasy-name-override": "chat_completions"}},
        "/internal": {"get": {**_op("internal"), "x-speakeasy-ignore": True}},
    }
    api = make_api(tmp_path, {}, paths)
    assert sorted(".".join(op.group + (op.py_name,)) for op in api.operations) == ["router.chat_completions", "router.images.generations.create"]
    assert any("#/paths/~1internal/get" in w and "x-speakeasy-ignore" in w for w in api.warnings)


def _streaming_op(operation_id: str) -> Dict[str, Any]:
    body = {"type": "object", "properties": {"stream": {"type": "boolean"}, "prompt": {"type": "string"}}}
    events = {"application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": {"type": "object"}}}
    return {"operationId": operation_id, "requestBody": {"content": {"application/json": {"schema": body}}}, "responses": {"200": {"description": "ok", "content": events}}}


def test_an_operation_overloaded_on_stream_names_its_params_class_apart_from_the_resources(tmp_path: Path) -> None:
    paths = {"/complete": {"post": _streaming_op("complete")}, "/complete-params": {"get": _op("listThings")}}
    api = make_api(tmp_path, {}, paths)
    assert "CompleteParams" in {r.class_name for r in api.root.walk()}  # resource classes claim their names first
    assert {op.operation_id: op.params_class for op in api.operations} == {"complete": "CompleteParams2", "listThings": ""}


def test_duplicate_operation_ids_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        make_api(tmp_path, {}, {"/a": {"get": _op("same")}, "/b": {"get": _op("same")}})
    assert "duplicate operationId 'same'" in str(raised.value)


def test_a_referenced_body_keeps_its_component_names(tmp_path: Path) -> None:
    body = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}}
    paths = {"/items": {"post": {"operationId": "createItem", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}}}, "responses": {"204": {"description": "ok"}}}}}
    api = make_api(tmp_path, {"NewItem": body}, paths)
    assert "NewItemKind" in definitions(api) and "CreateItemKind" not in definitions(api)


def test_properties_beside_a_union_join_each_member(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "Batch": {"type": "object", "required": ["ids"], "properties": {"ids": {"type": "array", "items": {"type": "string"}}},
                  "oneOf": [{"type": "object", "properties": {"mode": {"const": "fast"}}}, {"type": "object", "properties": {"mode": {"const": "slow"}, "delay": {"type": "integer"}}}]},
        "Either": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
    })
    found = definitions(api)
    members = found["Batch"].type.members  # type: ignore[union-attr]
    assert [[f.wire_name for f in found[m.name].fields] for m in members] == [["ids", "mode"], ["ids", "mode", "delay"]]  # type: ignore[union-attr]
    assert [f.wire_name for f in found["Either"].fields] == ["a", "b"]  # type: ignore[union-attr]
