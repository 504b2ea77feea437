"""Identical inline schemas become one class; every other name stays an alias of it."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.config import load_config
from openapi_sdkgen.changes.diff import compare
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.pipeline import generate
from openapi_sdkgen.spec.resolve import Resolver
from openapi_sdkgen.changes.surface import surface_of

ROOT = Path(__file__).resolve().parents[3]

RETRY = {"type": "object", "description": "Retry policy.", "properties": {
    "count": {"type": "integer", "default": 3, "description": "Attempts."},
    "mode": {"type": "string", "enum": ["fast", "slow"], "description": "Pacing."},
}}
OPTIONS = {"type": "object", "properties": {"retry": RETRY, "tags": {"type": "array", "items": {"type": "string"}}}}


def _post(operation_id: str, options: Dict[str, Any], response: Any = None) -> Dict[str, Any]:
    body = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "options": copy.deepcopy(options)}}
    content = {"application/json": {"schema": response}} if response else None
    ok = {"description": "ok", **({"content": content} if content else {})}
    return {"post": {"operationId": operation_id, "requestBody": {"content": {"application/json": {"schema": body}}}, "responses": {"200": ok}}}


def _spec(paths: Dict[str, Any], schemas: Dict[str, Any] | None = None) -> Dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": schemas or {}}}


def _api(tmp_path: Path, spec: Dict[str, Any]) -> ir.Api:
    file = tmp_path / "spec.json"
    file.write_text(json.dumps(spec))
    api, _ = build_api(Resolver(load_document(file)), load_config(None, "T"))
    return api


def _kinds(api: ir.Api) -> Dict[str, str]:
    """Name -> "model" / "enum" / "alias", or "-> Target" for another name of Target."""
    return {d.name: f"-> {d.target}" if isinstance(d, ir.Alias) and d.target else type(d).__name__.lower() for d in api.definitions}


def _body_field(api: ir.Api, operation_id: str, wire: str) -> ir.TypeRef:
    op = next(op for op in api.operations if op.operation_id == operation_id)
    return next(p.type for p in op.params if p.wire_name == wire)


def test_identical_inline_objects_become_one_model_under_the_first_name(tmp_path: Path) -> None:
    api = _api(tmp_path, _spec({"/b": _post("makeBook", OPTIONS), "/a": _post("makeAlbum", OPTIONS)}))

    kinds = _kinds(api)

    assert {name: kinds[name] for name in kinds if "Options" in name} == {
        "MakeAlbumOptions": "model", "MakeAlbumOptionsRetry": "model", "MakeAlbumOptionsRetryMode": "enum",
        "MakeBookOptions": "-> MakeAlbumOptions", "MakeBookOptionsRetry": "-> MakeAlbumOptionsRetry", "MakeBookOptionsRetryMode": "-> MakeAlbumOptionsRetryMode",
    }
    assert kinds["MakeBookRequestBody"] == "-> MakeAlbumRequestBody"  # whole bodies too
    book = next(op for op in api.operations if op.operation_id == "makeBook")
    assert book.body is not None and book.body.type == ir.Ref("MakeAlbumRequestBody")
    assert _body_field(api, "makeBook", "options") == ir.Ref("MakeAlbumOptions")  # no reference names an alias
    for d in api.definitions:
        if isinstance(d, ir.Model):
            assert all(not kinds[r].startswith("->") for f in d.fields for r in _refs(f.type))


def _refs(t: ir.TypeRef) -> List[str]:
    from openapi_sdkgen.model.refs import referenced_names

    return sorted(referenced_names(t))


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o["properties"]["retry"].update(description="Another policy."),
        lambda o: o["properties"]["retry"]["properties"]["count"].update(default=5),
        lambda o: o["properties"]["retry"].update(required=["count"]),
        lambda o: o["properties"]["retry"]["properties"]["mode"]["enum"].append("never"),
        lambda o: o["properties"]["retry"]["properties"]["count"].update(type="number"),
        lambda o: o["properties"]["retry"].update(additionalProperties=False),
    ],
)
def test_a_difference_anyone_can_see_keeps_both(tmp_path: Path, change: Any) -> None:
    other = copy.deepcopy(OPTIONS)
    change(other)

    kinds = _kinds(_api(tmp_path, _spec({"/a": _post("makeAlbum", OPTIONS), "/b": _post("makeBook", other)})))

    assert kinds["MakeBookOptionsRetry"] == "model" and kinds["MakeBookOptions"] == "model"


def test_what_a_response_reaches_folds_only_with_its_kind(tmp_path: Path) -> None:
    """Response models parse leniently and their enums are open: a request twin stays apart."""
    returned = {"type": "object", "properties": {"retry": RETRY}}
    kinds = _kinds(_api(tmp_path, _spec({"/a": _post("makeAlbum", OPTIONS, returned), "/b": _post("makeBook", OPTIONS, returned)})))

    assert kinds["MakeBookOptionsRetry"] == "-> MakeAlbumOptionsRetry"
    assert kinds["MakeBookResponseBodyRetry"] == "-> MakeAlbumResponseBodyRetry"
    assert kinds["MakeAlbumResponseBodyRetry"] == "model"


def test_component_schemas_keep_their_models(tmp_path: Path) -> None:
    kinds = _kinds(_api(tmp_path, _spec({}, {"Left": copy.deepcopy(OPTIONS), "Right": copy.deepcopy(OPTIONS)})))

    assert (kinds["Left"], kinds["Right"]) == ("model", "model")
    assert kinds["RightRetry"] == "-> LeftRetry"  # their inline parts are inline schemas
    assert kinds["RightRetryMode"] == "-> LeftRetryMode"


def test_an_enum_folds_only_with_the_models_that_use_it(tmp_path: Path) -> None:
    """Alone, a shared enum would cost its own module and imports for a one-line statement."""
    mode = RETRY["properties"]["mode"]
    a = {"type": "object", "properties": {"mode": copy.deepcopy(mode), "a": {"type": "string"}}}
    b = {"type": "object", "properties": {"mode": copy.deepcopy(mode), "b": {"type": "string"}}}

    kinds = _kinds(_api(tmp_path, _spec({"/a": _post("makeAlbum", a), "/b": _post("makeBook", b)})))

    assert (kinds["MakeAlbumOptionsMode"], kinds["MakeBookOptionsMode"]) == ("enum", "enum")


def test_the_kept_model_takes_the_examples_of_its_copies(tmp_path: Path) -> None:
    with_example = copy.deepcopy(OPTIONS)
    with_example["properties"]["retry"]["properties"]["count"]["example"] = 7
    api = _api(tmp_path, _spec({"/a": _post("makeAlbum", OPTIONS), "/b": _post("makeBook", with_example)}))

    kept = {d.name: d for d in api.definitions}["MakeAlbumOptionsRetry"]

    assert isinstance(kept, ir.Model) and kept.fields[0].doc.example == 7


def test_a_schema_in_a_reference_cycle_is_left_alone(tmp_path: Path) -> None:
    def looped(name: str) -> Dict[str, Any]:
        back = {"$ref": f"#/components/schemas/{name}/properties/x"}
        return {"type": "object", "properties": {"x": {"type": "object", "properties": {"back": back}}, "meta": copy.deepcopy(RETRY)}}

    kinds = _kinds(_api(tmp_path, _spec({}, {"A": looped("A"), "B": looped("B")})))

    assert (kinds["AX"], kinds["BX"]) == ("model", "model")  # alike, but each refers to itself
    assert kinds["BMeta"] == "-> AMeta"


def test_the_generated_package_keeps_every_name_and_reports_no_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec({"/a": _post("makeAlbum", OPTIONS), "/b": _post("makeBook", OPTIONS)})))
    out = tmp_path / "out"

    result = generate(spec, out, None)

    models = out / "src" / "t" / "models"
    check = (
        "from t import models as m\n"
        "assert m.MakeBookOptions is m.MakeAlbumOptions and m.MakeBookOptionsTypedDict is m.MakeAlbumOptionsTypedDict\n"
        "assert m.MakeBookOptionsRetryMode is m.MakeAlbumOptionsRetryMode\n"
        "print(m.MakeBookOptions(retry={'count': 1, 'mode': 'fast'}).retry.mode)\n"
    )
    ran = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env={"PYTHONPATH": str(out / "src")})
    assert ran.returncode == 0 and ran.stdout == "fast\n", ran.stderr
    owner = next(path for path in models.glob("*.py") if "class MakeAlbumOptions(" in path.read_text())
    assert "MakeBookOptions = MakeAlbumOptions\nMakeBookOptionsTypedDict = MakeAlbumOptionsTypedDict\n" in owner.read_text()
    assert "class MakeBook" not in "".join(path.read_text() for path in models.glob("*.py"))
    assert (out / "docs" / "models" / "makebookoptions.md").read_text().startswith("# MakeBookOptions\n")

    monkeypatch.setattr("openapi_sdkgen.model.api.fold_identical", lambda d, o, c: (dict(d), o))
    unfolded = surface_of(_api(tmp_path, json.loads(spec.read_text())))
    assert compare(unfolded, result.surface) == [] and compare(result.surface, unfolded) == []
