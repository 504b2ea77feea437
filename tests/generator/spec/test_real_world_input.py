"""Input real specs carry: YAML integer keys (specs in several files: test_bundle.py)."""

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
