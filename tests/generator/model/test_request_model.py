"""The request side in the IR: parameter styles, cookies, content parameters, body encodings
and media types, globals and idempotency headers - decided when the SDK is generated."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Tuple

from openapi_sdkgen.config import load_config
from openapi_sdkgen.diagnostics import Diagnostic
from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.model.policies import idempotency_header
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.resolve import Resolver

OK = {"200": {"description": "ok"}}


def build(tmp_path: Path, paths: Dict[str, Any], idempotency: str = "", **root: Any) -> Tuple[ir.Api, List[Diagnostic]]:
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, **root}
    file = tmp_path / "spec.json"
    file.write_text(json.dumps(spec))
    config = replace(load_config(None, "T"), idempotency_header=idempotency)
    return build_api(Resolver(load_document(file)), config, True)


def params(api: ir.Api) -> Dict[str, ir.Parameter]:
    return {p.wire_name: p for p in api.operations[0].params}


def test_styles_are_resolved_and_defaults_cost_nothing(tmp_path: Path) -> None:
    api, found = build(tmp_path, {"/a/{id}": {"get": {"parameters": [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "ids", "in": "query", "style": "pipeDelimited", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "f", "in": "query", "style": "form", "explode": False, "allowReserved": True, "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "m", "in": "path", "required": True, "style": "matrix", "schema": {"type": "string"}},
        {"name": "bad", "in": "header", "style": "form", "schema": {"type": "string"}},
        {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}}},
        {"name": "sid", "in": "cookie", "schema": {"type": "string"}},
    ], "responses": OK}}})
    by_name = params(api)
    assert not by_name["id"].custom_style and not by_name["q"].custom_style  # the common path: nothing to look up
    assert (by_name["ids"].style, by_name["ids"].explode) == ("pipeDelimited", False)
    assert (by_name["f"].style, by_name["f"].explode, by_name["f"].allow_reserved) == ("form", False, True)
    assert (by_name["m"].style, by_name["m"].explode) == ("matrix", False)
    assert by_name["filter"].content_type == "application/json" and isinstance(by_name["filter"].type, ir.Ref)
    assert by_name["sid"].location == "cookie"  # sent, no longer dropped
    assert not by_name["bad"].custom_style
    assert [d.message for d in found if "style 'form' is not defined for header" in d.message]


def test_body_encodings_and_alternatives(tmp_path: Path) -> None:
    thing = {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}, "file": {"type": "string", "format": "binary"}}}
    api, _ = build(tmp_path, {
        "/forms": {"post": {"requestBody": {"content": {
            "application/x-www-form-urlencoded": {"schema": thing, "encoding": {"tags": {"style": "pipeDelimited", "explode": False}}},
        }}, "responses": OK}},
        "/parts": {"put": {"requestBody": {"content": {
            "multipart/form-data": {"schema": thing, "encoding": {"file": {"contentType": "image/png, image/jpeg"}}},
            "application/json": {"schema": thing},
        }}, "responses": OK}},
        "/raw": {"patch": {"requestBody": {"content": {"image/png": {}, "image/*": {}}}, "responses": OK}},
    })
    form, parts, raw = (op.body for op in api.operations)
    assert form is not None and form.form_styles == (("tags", "pipeDelimited", False, False),)
    assert parts is not None and parts.content_type == "application/json" and parts.alternatives == ("multipart/form-data",)
    assert parts.part_types == (("file", "image/png"),)  # the multipart alternative's encoding
    assert raw is not None and raw.content_type == "image/png" and raw.alternatives == ("application/octet-stream",)


def test_globals_make_matching_parameters_optional(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {"/w/{workspace}": {"get": {"parameters": [
            {"name": "workspace", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
        ], "responses": OK}}},
        **{"x-speakeasy-globals": {"parameters": [
            {"name": "workspace", "in": "path", "schema": {"type": "string"}},
            {"name": "client", "in": "header", "schema": {"type": "string"}},
        ]}},
    )
    assert [(g.py_name, g.location, g.is_global) for g in api.globals] == [("workspace", "path", True), ("client2", "header", True)]
    by_name = params(api)
    assert by_name["workspace"].is_global and not by_name["workspace"].required
    assert not by_name["limit"].is_global


def test_an_idempotency_header_only_where_the_spec_or_the_config_asks() -> None:
    key = ir.Parameter("Idempotency-Key", "idempotency_key", "header", ir.Primitive("str"), False)
    other = ir.Parameter("X-Request-Key", "x_request_key", "header", ir.Primitive("str"), False)
    assert idempotency_header((), "POST", "") is None
    assert idempotency_header((key,), "POST", "") == "Idempotency-Key"
    assert idempotency_header((key,), "PUT", "") == "Idempotency-Key"
    assert idempotency_header((), "POST", "X-Request-Key") == "X-Request-Key"
    assert idempotency_header((), "PATCH", "X-Request-Key") == "X-Request-Key"
    assert idempotency_header((), "GET", "X-Request-Key") is None
    assert idempotency_header((other,), "DELETE", "x-request-key") == "X-Request-Key"


def test_the_config_key_reaches_every_write(tmp_path: Path) -> None:
    api, _ = build(tmp_path, {"/a": {"post": {"responses": OK}, "get": {"responses": OK}}}, idempotency="Idempotency-Key")
    assert {op.method: op.idempotency_header for op in api.operations} == {"GET": None, "POST": "Idempotency-Key"}
