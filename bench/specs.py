"""Inputs for the generator benchmark: the real specs, synthetic specs of any size, and
the one-field change that a warm regeneration starts from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "specs"
REAL = {
    "router": ROOT / "spec" / "openapi.yaml",
    "openai-subset": SHARED / "openai-subset.yaml",
    "openai-full": SHARED / "openai-full.yaml",
    "orq-full": SHARED / "orq-full.yaml",
}
SCALES = (10, 100, 1_000, 3_000)

# A plain one-line description under components: appending words to it cannot change its YAML meaning.
_PLAIN_DESCRIPTION = re.compile(r"^(\s+description: [A-Za-z][^'\"#:|>{}\[\]&*!%@`]*?)\s*$", re.MULTILINE)


def one_field_change(text: str, revision: int) -> str:
    """`text` with one schema description changed (revision 0 is the original)."""
    if revision == 0:
        return text
    start = max(text.find("\ncomponents:"), 0)
    match = _PLAIN_DESCRIPTION.search(text, start) or _PLAIN_DESCRIPTION.search(text)
    if match is None:
        raise ValueError("no plain one-line description to change")
    return text[: match.end(1)] + f" Revision {revision}." + text[match.end(1) :]


def synthetic(operations: int) -> str:
    """An OpenAPI 3.1 document with `operations` operations, each with its own request and
    response models that share a few common ones: cost should grow linearly with it."""
    shared: Dict[str, Any] = {
        "Owner": _object({"id": {"type": "string"}, "name": {"type": "string", "description": "Display name."}}, ["id"]),
        "Tag": _object({"key": {"type": "string"}, "value": {"type": ["string", "null"]}}, ["key"]),
        "Status": {"type": "string", "enum": ["active", "archived", "deleted"], "description": "Lifecycle state."},
    }
    schemas = dict(shared)
    paths: Dict[str, Any] = {}
    for i in range(operations):
        group = f"group{i // 10}"
        schemas[f"Thing{i}Input"] = _object(
            {
                "name": {"type": "string", "description": f"Name of thing {i}."},
                "count": {"type": "integer", "minimum": 0},
                "ratio": {"type": ["number", "null"]},
                "status": {"$ref": "#/components/schemas/Status"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                "settings": _object({"enabled": {"type": "boolean"}, "limit": {"type": "integer"}}, []),
            },
            ["name"],
        )
        schemas[f"Thing{i}"] = _object(
            {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "created": {"type": "integer", "description": "Unix timestamp."},
                "owner": {"$ref": "#/components/schemas/Owner"},
                "status": {"$ref": "#/components/schemas/Status"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
            },
            ["id", "name"],
        )
        paths[f"/{group}/things{i}/{{thing_id}}"] = {
            "post": {
                "operationId": f"updateThing{i}",
                "summary": f"Update thing {i}",
                "tags": [group],
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "dry_run", "in": "query", "schema": {"type": "boolean"}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}Input"}}}},
                "responses": {"200": {"description": "The thing.", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}},
            }
        }
    document = {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic {operations}", "version": "1.0.0", "description": "A synthetic API for the scaling benchmark."},
        "servers": [{"url": "https://api.example.invalid"}],
        "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": paths,
    }
    return yaml.safe_dump(document, sort_keys=False, width=1000)


def _object(properties: Dict[str, Any], required: list) -> Dict[str, Any]:
    schema: Dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema
