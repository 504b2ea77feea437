"""Input real specs carry: YAML integer keys, harmless errors --lenient tolerates, operations in other files."""

from __future__ import annotations

from pathlib import Path

from openapi_sdkgen.pipeline import build
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.validate import validate_document

SPEC = """openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        200:
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  404: {type: string}
                  true: {type: boolean}
"""


def test_integer_and_boolean_keys_are_read_as_strings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    data = load_document(spec).data
    assert list(data["paths"]["/a"]["get"]["responses"]) == ["200"]
    assert validate_document(load_document(spec)) == []
    api, _ = build(spec, None)
    (op,) = api.operations
    assert op.response is not None


MULTI = """openapi: 3.0.0
info: {title: t, version: "1"}
tags:
  - name: things
    description: {$ref: "texts.yaml#/things"}
paths:
  /things:
    get: {$ref: "ops/list.yaml"}
  /other:
    $ref: "ops/item.yaml"
"""
LIST = """operationId: listThings
responses:
  "200":
    description: ok
    content:
      application/json:
        schema: {$ref: "../models.yaml#/Thing"}
  default: {$ref: "../texts.yaml#/nothing"}
"""


def test_operations_and_path_items_in_other_files_are_brought_in(tmp_path: Path) -> None:
    from openapi_sdkgen.spec.bundle import inline_external_operations

    (tmp_path / "ops").mkdir()
    (tmp_path / "spec.yaml").write_text(MULTI)
    (tmp_path / "texts.yaml").write_text("things: All the things.\nnothing: {description: nothing}\n")
    (tmp_path / "ops" / "list.yaml").write_text(LIST)
    (tmp_path / "models.yaml").write_text("Thing: {type: object, properties: {id: {type: string}}}\n")
    (tmp_path / "ops" / "item.yaml").write_text("delete: {operationId: deleteOther, responses: {'204': {description: gone}}}\n")
    document = inline_external_operations(load_document(tmp_path / "spec.yaml"))
    operation = document.data["paths"]["/things"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "models.yaml#/Thing"}
    assert operation["responses"]["default"] == {"$ref": "texts.yaml#/nothing"}  # a response named `default` is no default value
    assert document.data["tags"][0]["description"] == "All the things."
    api, _ = build(tmp_path / "spec.yaml", None)
    assert sorted((op.method, op.path) for op in api.operations) == [("DELETE", "/other"), ("GET", "/things")]
