"""Malformed and abusive inputs: each is a file, what the CLI must answer, and where it must point."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml


@dataclass(frozen=True)
class Malformed:
    name: str
    content: Union[str, bytes]
    suffix: str = ".yaml"
    returncode: int = 1
    message: str = ""  # a fragment of the error (or warning) text
    pointer: Optional[str] = None  # a fragment the error's JSON pointer must contain
    line: bool = False  # whether the error must give a line number
    models: Tuple[str, ...] = ()  # for inputs that generate: class names that must exist


def spec(schemas: Dict[str, Any], paths: Optional[Dict[str, Any]] = None, **extra: Any) -> Dict[str, Any]:
    """A small valid document around `schemas`; the operation returns the first one."""
    first = next(iter(schemas), None)
    schema = {"$ref": f"#/components/schemas/{first}"} if first else {"type": "string"}
    default_paths = {
        "/things": {
            "get": {
                "operationId": "listThings",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
            }
        }
    }
    return {"openapi": "3.1.0", "info": {"title": "Malformed", "version": "1"}, "paths": paths or default_paths, "components": {"schemas": schemas}, **extra}


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def _nested(depth: int, kind: str) -> Dict[str, Any]:
    schema: Dict[str, Any] = {"type": "string"}
    for level in range(depth):
        schema = {
            "properties": {"type": "object", "properties": {f"level{level}": schema}},
            "items": {"type": "array", "items": schema},
            "allOf": {"allOf": [schema, {"type": "object", "properties": {f"own{level}": {"type": "integer"}}}]},
            "oneOf": {"oneOf": [schema, {"type": "object", "properties": {f"alt{level}": {"type": "integer"}}}]},
            "additionalProperties": {"type": "object", "additionalProperties": schema},
        }[kind]
    return schema


def _billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "openapi: 3.1.0\ninfo: {title: Laughs, version: '1'}\npaths: {}\nx-laughs:\n" + "\n".join("  " + line for line in lines) + "\n"


def _diamonds(depth: int) -> Dict[str, Any]:
    """Each level is the allOf of the level below, twice: a walk that does not share visits is 2**depth."""
    schemas: Dict[str, Any] = {"L0": {"type": "object", "properties": {"leaf": {"type": "string"}}}}
    for level in range(1, depth + 1):
        schemas[f"L{level}"] = {"allOf": [_ref(f"L{level - 1}"), _ref(f"L{level - 1}"), {"type": "object", "properties": {f"p{level}": {"type": "string"}}}]}
    return {f"L{depth}": schemas.pop(f"L{depth}"), **schemas}


def ring(size: int) -> Dict[str, Any]:
    """Models that refer to the next one, the last to the first: one cycle through `size` models."""
    return {f"C{i}": {"type": "object", "properties": {"next": _ref(f"C{(i + 1) % size}"), "value": {"type": "string"}}} for i in range(size)}


def _with_operations(paths: Dict[str, Any]) -> str:
    return _yaml(spec({}, paths))


def _op(operation_id: str) -> Dict[str, Any]:
    return {"operationId": operation_id, "responses": {"204": {"description": "done"}}}


def malformed_inputs(remote_url: str) -> List[Malformed]:
    """Every malformed input; `remote_url` is a local server that must never be asked."""
    valid = _yaml(spec({"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}))
    return [
        # --- syntax and encoding ---
        Malformed("invalid-yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'\npaths: [\n", message="invalid YAML", line=True),
        Malformed("invalid-json", '{"openapi": "3.1.0",\n "info": {},\n}', suffix=".json", message="invalid JSON", line=True),
        Malformed("not-utf8", valid.encode("utf-8").replace(b"Malformed", b"Malf\xff\xfeormed"), message="not UTF-8", line=True),
        Malformed("nul-byte", valid.replace("Malformed", "Mal\x00formed"), message="invalid YAML", line=True),
        Malformed("lone-surrogate", json.dumps(spec({"Thing": {"type": "string", "description": "\ud800"}})), suffix=".json", message="lone surrogate", pointer="description"),
        Malformed("yaml-scalar", "just a string\n", message="root must be a mapping"),
        Malformed("yaml-list", "- openapi\n- 3.1.0\n", message="root must be a mapping"),
        Malformed("empty-file", "", message="root must be a mapping"),
        Malformed("python-tag", "openapi: 3.1.0\ninfo: !!python/object/apply:os.system ['touch PWNED']\npaths: {}\n", message="invalid YAML", line=True),
        Malformed("swagger-2", "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n", message="unsupported OpenAPI version", pointer="openapi"),
        # --- abusive structure ---
        Malformed("billion-laughs", _billion_laughs(), message="billion laughs"),
        Malformed("recursive-alias", valid + "x-loop: &loop\n  again: *loop\n", message="recursive structure", pointer="x-loop/again"),
        Malformed("too-deep", _yaml(spec({"Deep": _nested(300, "items")})), message="deeper than 256 levels", pointer="items/items"),
        Malformed("too-deep-json", "[" * 100_000 + "]" * 100_000, suffix=".json", message="deeper than"),
        *(Malformed(f"deep-50-{kind}", _yaml(spec({"Deep": _nested(50, kind)})), returncode=0) for kind in ("properties", "items", "allOf", "oneOf", "additionalProperties")),
        Malformed("allof-diamonds", _yaml(spec(_diamonds(40))), returncode=0, models=("L40",)),
        Malformed("long-ref-chain", _yaml(spec({**{f"C{i}": {"type": "object", "properties": {"next": _ref(f"C{i + 1}")}} for i in range(400)}, "C400": {"type": "string"}})), message="nest more than 256 levels", pointer="components/schemas/C"),
        # --- references ---
        Malformed("ref-self", _yaml(spec({"A": _ref("A")})), message="$ref cycle", pointer="components/schemas/A"),
        Malformed("ref-chain-cycle", _yaml(spec({"A": _ref("B"), "B": _ref("A")})), message="$ref cycle", pointer="components/schemas/"),
        Malformed("ref-cycle-properties", _yaml(spec({"A": {"type": "object", "properties": {"b": _ref("B")}}, "B": {"type": "object", "properties": {"a": _ref("A")}}})), returncode=0, models=("A", "B")),
        Malformed("ref-cycle-allof", _yaml(spec({"A": {"allOf": [_ref("B")], "properties": {"x": {"type": "string"}}}, "B": {"allOf": [_ref("A")], "properties": {"y": {"type": "string"}}}})), returncode=0, models=("A", "B")),
        Malformed("ref-cycle-array", _yaml(spec({"A": {"type": "array", "items": _ref("A")}})), returncode=0, message="recursive schema with no object"),
        Malformed("ref-cycle-array-pair", _yaml(spec({"A": {"type": "array", "items": _ref("B")}, "B": {"type": "array", "items": _ref("A")}})), returncode=0, message="recursive schema with no object"),
        Malformed("ref-cycle-map", _yaml(spec({"A": {"type": "object", "additionalProperties": _ref("A")}})), returncode=0, message="recursive schema with no object"),
        Malformed("ref-cycle-union", _yaml(spec({"Json": {"oneOf": [{"type": "string"}, {"type": "array", "items": _ref("Json")}, {"type": "object", "additionalProperties": _ref("Json")}]}})), returncode=0, message="recursive union"),
        Malformed("ref-cycle-allof-items", _yaml(spec({"A": {"allOf": [_ref("B")]}, "B": {"type": "array", "items": _ref("A")}})), returncode=0),
        Malformed("ref-ring-60", _yaml(spec(ring(60))), returncode=0, models=("C0", "C59")),
        Malformed("ref-missing", _yaml(spec({"A": {"type": "object", "properties": {"b": _ref("Nope")}}})), message="points to nothing", pointer="properties/b"),
        Malformed("ref-not-a-pointer", _yaml(spec({"A": {"$ref": "#components/schemas/A"}})), message="", pointer="components/schemas/A"),
        Malformed("ref-remote", _yaml(spec({"A": {"$ref": f"{remote_url}/schemas.yaml#/A"}})), message="remote $ref", pointer="components/schemas/A"),
        Malformed("ref-missing-file", _yaml(spec({"A": {"$ref": "missing.yaml#/A"}})), message="missing.yaml", pointer="components/schemas/A"),
        # --- operations ---
        Malformed("duplicate-operation-id", _with_operations({"/a": {"get": _op("same")}, "/b": {"get": _op("same")}}), message="'same' for 'get' in '/b' is not unique"),
        Malformed("paths-not-mapping", _yaml({**spec({}), "paths": ["/a", "/b"]}), pointer="paths"),
        Malformed("path-item-not-mapping", _yaml({**spec({}), "paths": {"/a": "get everything"}}), pointer="paths/~1a"),
        Malformed("method-not-mapping", _yaml({**spec({}), "paths": {"/a": {"get": ["not", "an", "operation"]}}}), pointer="paths/~1a/get"),
        Malformed("responses-not-mapping", _with_operations({"/a": {"get": {"operationId": "a", "responses": "none"}}}), pointer="paths/~1a/get/responses"),
        Malformed("parameters-not-list", _with_operations({"/a": {"get": {**_op("a"), "parameters": {"name": "x"}}}}), pointer="paths/~1a/get/parameters"),
        Malformed("header-name-invalid", _with_operations({"/a": {"get": {**_op("a"), "parameters": [{"name": "X-Bad\r\nInjected: 1", "in": "header", "schema": {"type": "string"}}]}}}), message="not a valid HTTP header name", pointer="parameters/0/name"),
        Malformed("bad-extension-values", _with_operations({"/a": {"get": {**_op("a"), "x-speakeasy-retries": {"strategy": "backoff", "backoff": {"initialInterval": "soon", "exponent": [2]}}, "x-speakeasy-timeout": "never"}}}), message="x-speakeasy-retries", pointer="paths/~1a/get/x-speakeasy-retries"),
        Malformed("odd-numbers", _yaml(spec({"N": {"type": "object", "properties": {
            "inf": {"type": "number", "enum": [1.5, float("inf"), 2]}, "nan": {"type": "number", "default": float("nan"), "example": float("-inf")},
            "big": {"type": "integer", "enum": [10**30, -(10**30)]}, "const": {"const": 0.5}, "obj": {"const": {"a": [1]}},
        }}})), returncode=0, models=("N",)),
    ]


def large_spec(resources: int = 250, words: int = 600) -> Dict[str, Any]:
    """About 22 MB of JSON: `resources` x 4 operations, 3 models each, long descriptions everywhere.

    Descriptions make the bulk, as in real specs; every model also refers to a shared
    "parent" model, so references are resolved many times over.
    """
    vocabulary = "the quick brown fox jumps over the lazy dog while the service returns a paginated list of items".split()

    def text(seed: int, count: int) -> str:
        return " ".join(vocabulary[(seed + k) % len(vocabulary)] for k in range(count))

    schemas: Dict[str, Any] = {}
    paths: Dict[str, Any] = {}
    kinds = ["string", "integer", "boolean", "number"]
    for r in range(resources):
        name = f"Resource{r}"
        properties: Dict[str, Any] = {f"field_{k}": {"type": kinds[k % 4], "description": text(r + k, words)} for k in range(24)}
        properties["parent"] = _ref(f"Resource{r // 10 * 10}")
        properties["tags"] = {"type": "array", "items": {"type": "string", "enum": [f"t{j}" for j in range(8)]}}
        schemas[name] = {"type": "object", "description": text(r, 2 * words), "required": ["field_0"], "properties": properties}
        schemas[f"{name}List"] = {"type": "object", "properties": {"items": {"type": "array", "items": _ref(name)}, "next": {"type": ["string", "null"]}}}

        def ok(schema: str, seed: int = r) -> Dict[str, Any]:
            return {"200": {"description": text(seed, 30), "content": {"application/json": {"schema": _ref(schema)}}}}

        paths[f"/v1/group{r % 40}/res{r}"] = {
            "get": {"operationId": f"list{name}", "description": text(r, words // 8), "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}], "responses": ok(f"{name}List")},
            "post": {"operationId": f"create{name}", "description": text(r, words // 8), "requestBody": {"content": {"application/json": {"schema": _ref(name)}}}, "responses": ok(name)},
        }
        paths[f"/v1/group{r % 40}/res{r}/{{id}}"] = {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": f"get{name}", "description": text(r, words // 8), "responses": ok(name)},
            "delete": {"operationId": f"delete{name}", "responses": {"204": {"description": "deleted"}}},
        }
    return {"openapi": "3.1.0", "info": {"title": "Large", "version": "1", "description": text(0, 100)}, "servers": [{"url": "https://large.example.com"}], "paths": paths, "components": {"schemas": schemas}}
