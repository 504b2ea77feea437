"""OpenAPI Overlay 1.0 documents (`--overlay`, the config's `overlays`) and the JSONPath they use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from openapi_sdkgen.cli import main
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.pipeline import build
from openapi_sdkgen.spec.jsonpath import JsonPathError, select

DOC: Dict[str, Any] = {
    "info": {"title": "t"},
    "tags": [{"name": "a"}],
    "paths": {
        "/v1/pets": {"get": {"operationId": "listPets", "parameters": [{"name": "limit", "in": "query"}, {"name": "debug", "in": "query"}, {"name": "debug", "in": "header"}]}},
        "/v1/pets/{id}": {"delete": {"operationId": "deletePet", "x-rank": 3}},
    },
}


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("$.info", ["info"]),
        ("$.paths.*.get", ["get"]),
        ("$.paths['/v1/pets'].get.parameters[0]", [0]),
        ("$.paths[\"/v1/pets\"].get.parameters[-1]", [2]),
        ("$.paths.*.*.parameters[?@.name == 'debug' && @.in == 'query']", [1]),
        ("$.paths.*.*.parameters[?(@.in=='header' || @.name=='limit')]", [0, 2]),
        ("$.paths.*[?@.x-rank > 2]", ["delete"]),
        ("$.paths.*[?!@.parameters]", ["delete"]),
        ("$..operationId", ["operationId", "operationId"]),
        ("$.tags[*].name", ["name"]),
        ("$.paths.nothing", []),
    ],
)
def test_the_jsonpath_subset(query: str, keys: List[Any]) -> None:
    assert [key for _, key, _ in select(query, DOC)] == keys


@pytest.mark.parametrize("query", ["paths", "$.paths[", "$.paths[?@.a ~ 1]", "$.paths[1:2]"])
def test_queries_outside_the_subset_are_errors(query: str) -> None:
    with pytest.raises(JsonPathError):
        select(query, DOC)


SPEC = {
    "openapi": "3.0.3",
    "servers": [{"url": "https://pets.example.com"}],
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/v1/pets": {"get": {"operationId": "listPets", "parameters": [{"name": "debug", "in": "query", "schema": {"type": "boolean"}}], "responses": {"200": {"description": "ok"}}}},
        "/v1/pets/{id}/feed": {"get": {"operationId": "feedPet", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}},
    },
    "components": {"schemas": {"Pet": {"type": "object", "properties": {"age": {"type": "integer", "default": "old"}}}}},
}
OVERLAY = {
    "overlay": "1.0.0",
    "info": {"title": "names", "version": "1.0.0"},
    "actions": [
        {"target": "$.paths['/v1/pets/{id}/feed'].get", "update": {"x-speakeasy-group": "pets", "x-speakeasy-name-override": "feed"}},
        {"target": "$.paths.*.*.parameters[?@.name == 'debug']", "remove": True},
        {"target": "$.components.schemas.Pet.properties.age", "update": {"default": 1}},
    ],
}


def write(tmp_path: Path, overlay: Dict[str, Any]) -> Path:
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    (tmp_path / "overlay.yaml").write_text(yaml.safe_dump(overlay, sort_keys=False))
    return tmp_path / "overlay.yaml"


def test_an_overlay_renames_removes_and_mends_before_validation(tmp_path: Path) -> None:
    overlay = write(tmp_path, OVERLAY)
    with pytest.raises(GeneratorError):  # the broken default fails the strict validation without the overlay
        build(tmp_path / "spec.json", None)
    api, warnings = build(tmp_path / "spec.json", None, overlays=[overlay])
    calls = {op.operation_id: ".".join(op.group + (op.py_name,)) for op in api.operations}
    assert calls == {"listPets": "list_pets", "feedPet": "pets.feed"}  # x-speakeasy-* now present: Speakeasy's convention (operationId, no tag)
    assert all(not op.params for op in api.operations if op.operation_id == "listPets")
    assert warnings == []


def test_the_config_names_overlays_relative_to_itself(tmp_path: Path) -> None:
    write(tmp_path, OVERLAY)
    (tmp_path / "sdk.yaml").write_text("package: pets\noverlays: [overlay.yaml]\n")
    api, _ = build(tmp_path / "spec.json", tmp_path / "sdk.yaml")
    assert {".".join(op.group + (op.py_name,)) for op in api.operations} == {"list_pets", "pets.feed"}


def test_errors_in_an_overlay_are_placed_in_the_overlay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = {**OVERLAY, "actions": [OVERLAY["actions"][0], {"target": "$.paths[", "remove": True}, {"target": "$.nowhere", "update": {"a": 1}}]}
    overlay = write(tmp_path, broken)
    assert main(["validate", str(tmp_path / "spec.json"), "--lenient", "--overlay", str(overlay)]) == 1
    err = capsys.readouterr().err
    assert f"{overlay}:" in err and "#/actions/1/target" in err and "'[' is never closed" in err
    line = int(err.split(f"{overlay}:")[1].split(":")[0])
    assert "$.paths[" in overlay.read_text().splitlines()[line - 1]
    nothing = {**OVERLAY, "actions": [{"target": "$.nowhere", "update": {"a": 1}}]}
    assert main(["validate", str(tmp_path / "spec.json"), "--lenient", "--overlay", str(write(tmp_path, nothing))]) == 0
    assert "#/actions/0/target" in capsys.readouterr().err  # a warning: the action changes nothing


def test_an_overlay_without_its_required_parts_is_refused_with_each_problem(tmp_path: Path) -> None:
    overlay = write(tmp_path, {"overlay": "2.0.0", "actions": [{"update": {}}, {"target": "$.info", "update": {}, "remove": True}]})
    with pytest.raises(GeneratorError) as raised:
        build(tmp_path / "spec.json", None, overlays=[overlay])
    messages = [d.message for d in raised.value.diagnostics]
    assert len(messages) == 4 and all(d.file == str(overlay) for d in raised.value.diagnostics)
