"""allOf refinement (DESIGN section 6) and request bodies of any media type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from openapi_sdkgen.config import load_config
from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.resolve import Resolver


def build(tmp_path: Path, schemas: Dict[str, Any], paths: Dict[str, Any] | None = None, lenient: bool = False) -> Tuple[ir.Api, List[Diagnostic]]:
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example.com"}], "paths": paths or {}, "components": {"schemas": schemas}}
    file = tmp_path / "spec.json"
    file.write_text(json.dumps(spec))
    return build_api(Resolver(load_document(file)), load_config(None, "T"), lenient)


def field(api: ir.Api, model: str, wire: str) -> ir.Field:
    found = {d.name: d for d in api.definitions}[model]
    assert isinstance(found, ir.Model)
    return next(f for f in found.fields if f.wire_name == wire)


REF = {"$ref": "#/components/schemas/Item"}
ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


def test_an_inline_object_that_adds_properties_refines_a_free_form_one(tmp_path: Path) -> None:
    api, found = build(tmp_path, {
        "Item": ITEM,
        "Base": {"type": "object", "properties": {"context": {"type": "object", "additionalProperties": {}}, "data": {"type": "array", "items": {"type": "object"}}}},
        "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {
            "context": {"type": "object", "properties": {"conflicts": {"type": "array", "items": REF}}},
            "data": {"type": "array", "items": REF},
        }}]},
    })
    assert field(api, "Child", "data").type == ir.ListType(ir.Ref("Item"))
    context = field(api, "Child", "context").type
    assert isinstance(context, ir.Ref) and context.name != "Item"
    assert not [d for d in found if "allOf" in d.message]


def test_a_subtype_refines_its_base_and_words_alone_change_no_type(tmp_path: Path) -> None:
    api, found = build(tmp_path, {
        "Item": ITEM,
        "Special": {"allOf": [REF, {"type": "object", "properties": {"extra": {"type": "integer"}}}]},
        "Base": {"type": "object", "properties": {"item": {"allOf": [REF, {"description": "the item, described here"}]}}},
        "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"item": {"$ref": "#/components/schemas/Special"}}}]},
    })
    assert field(api, "Base", "item").type == ir.Ref("Item")
    assert field(api, "Child", "item").type == ir.Ref("Special")
    assert found == []


CLASH = {
    "A": {"type": "object", "properties": {"x": {"type": "string"}}},
    "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"x": {"type": "object", "properties": {"y": {"type": "string"}}}}}]},
}


def test_a_true_clash_is_tolerated_by_lenient_with_both_pointers_once(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        build(tmp_path, CLASH)
    (error,) = raised.value.diagnostics
    assert "--lenient tolerates this" in error.message
    api, found = build(tmp_path, CLASH, lenient=True)
    (warning,) = [d for d in found if "allOf" in d.message]
    assert warning.severity == "warning" and warning.pointer == "#/components/schemas/B/allOf/1/properties/x"
    assert "#/components/schemas/A/properties/x" in warning.message and "tolerated" in warning.message
    x = field(api, "B", "x").type
    assert isinstance(x, ir.UnionType) and ir.Primitive("str") in x.members  # the wider type: either


def _upload(media: str, schema: Dict[str, Any] | None) -> Dict[str, Any]:
    content: Dict[str, Any] = {media: {"schema": schema} if schema is not None else {}}
    return {"/upload": {"put": {"operationId": "upload", "requestBody": {"required": True, "content": content}, "responses": {"204": {"description": "ok"}}}}}


@pytest.mark.parametrize(
    ("media", "schema", "sent", "kind"),
    [
        ("image/jpeg", {"type": "string", "format": "base64"}, "image/jpeg", "bytes"),
        ("image/png", {"type": "string", "format": "binary"}, "image/png", "bytes"),
        ("*/*", None, "application/octet-stream", "bytes"),
        ("image/*", {"type": "string"}, "application/octet-stream", "bytes"),
        ("text/csv", {"type": "string"}, "text/csv", "str"),
        ("application/xml", {"type": "string"}, "application/xml", "str"),
    ],
)
def test_a_body_of_any_media_type_is_sent_raw(tmp_path: Path, media: str, schema: Dict[str, Any] | None, sent: str, kind: str) -> None:
    api, _ = build(tmp_path, {}, _upload(media, schema))
    (op,) = api.operations
    assert op.body is not None and op.body.content_type == sent and not op.body.flattened
    assert op.body.type == ir.Primitive(kind)


PET = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}}


@pytest.mark.parametrize(
    ("discriminator", "values"),
    [
        ({"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}, (("cat",), ("dog",))),
        ({"propertyName": "kind", "mapping": {"cat": "Cat", "kitten": "Cat", "dog": "Dog"}}, (("cat", "kitten"), ("dog",))),  # by name, two values for one member
        ({"propertyName": "kind"}, (("Cat",), ("Dog",))),  # the implicit mapping: the schemas' names
    ],
)
def test_a_mapping_decides_members_whose_tag_is_a_plain_string(tmp_path: Path, discriminator: Dict[str, Any], values: Tuple[Tuple[str, ...], ...]) -> None:
    pets = {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": discriminator}
    api, found = build(tmp_path, {"Cat": PET, "Dog": {**PET, "properties": {**PET["properties"], "barks": {"type": "boolean"}}}, "Pet": pets})
    union = {d.name: d for d in api.definitions}["Pet"]
    assert isinstance(union, ir.Alias) and isinstance(union.type, ir.UnionType) and union.type.discriminator == "kind"
    assert (field(api, "Cat", "kind").type, field(api, "Dog", "kind").type) == tuple(ir.LiteralType(v) for v in values)
    assert not [d for d in found if "discriminator" in d.message]


def test_alternatives_that_only_require_properties_make_the_common_ones_required(tmp_path: Path) -> None:
    # ReadMe's docSchemaPost: `oneOf: [{required: [title, category]}, {required: [title, categorySlug]}]`
    properties = {name: {"type": "string"} for name in ("title", "category", "categorySlug", "body")}
    api, _ = build(tmp_path, {
        "DocPost": {"type": "object", "properties": properties, "oneOf": [{"required": ["title", "category"]}, {"required": ["title", "categorySlug"]}]},
        "Batch": {"type": "object", "properties": properties, "anyOf": [{"required": ["category"]}, {"not": {"required": ["body"]}}]},
    })
    definitions = {d.name: d for d in api.definitions}
    doc_post, batch = definitions["DocPost"], definitions["Batch"]
    assert isinstance(doc_post, ir.Model) and isinstance(batch, ir.Model)
    assert [f.wire_name for f in doc_post.fields if f.required] == ["title"]
    assert doc_post.required_options == (("category",), ("categorySlug",))
    assert [f.wire_name for f in batch.fields if f.required] == [] and batch.required_options == ()  # a `not` is no list of requirements


def test_an_example_meets_the_first_required_option_unless_it_meets_one(tmp_path: Path) -> None:
    from openapi_sdkgen.docs.examples import ExampleBuilder

    properties = {name: {"type": "string"} for name in ("title", "category", "categorySlug")}
    api, _ = build(tmp_path, {"DocPost": {"type": "object", "properties": properties, "oneOf": [{"required": ["title", "category"]}, {"required": ["title", "categorySlug"]}]}})
    builder = ExampleBuilder({d.name: d for d in api.definitions})
    assert set(builder.placeholder(ir.Ref("DocPost"))) == {"title", "category"}
    assert set(builder.conform(ir.Ref("DocPost"), {"categorySlug": "guides"})) == {"category_slug", "title"}  # already meets the second (keys as Python names)


def test_a_required_list_beside_one_allof_member_makes_another_object(tmp_path: Path) -> None:
    # DigitalOcean's uptime check create: `allOf: [check_updatable]` with its own `required`
    body = {"type": "object", "allOf": [{"$ref": "#/components/schemas/Updatable"}], "required": ["name", "method"]}
    paths = {"/checks": {"post": {"operationId": "createCheck", "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                                  "responses": {"201": {"description": "created"}}}}}
    api, found = build(tmp_path, {"Updatable": {"type": "object", "properties": {"name": {"type": "string"}, "target": {"type": "string"}}}}, paths)
    (op,) = api.operations
    assert op.body is not None and isinstance(op.body.type, ir.Ref) and op.body.type.name != "Updatable"
    assert field(api, op.body.type.name, "name").required and not field(api, "Updatable", "name").required
    (warning,) = [d for d in found if "which no property declares" in d.message]
    assert warning.message == "`required` names 'method', which no property declares: the SDK has no field to send it"
    assert warning.path == ("paths", "/checks", "post", "requestBody", "content", "application/json", "schema")
