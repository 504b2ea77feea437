"""HTTP vocabulary shared by the spec -> IR builders: methods, media types, header names."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict

from openapi_sdkgen.model import ir

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = re.compile(r"^application/(.+\+)?json$")
SSE = "text/event-stream"
HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an HTTP token (RFC 9110)


def is_json(media: str) -> bool:
    return bool(JSON.match(media.split(";")[0].strip()))


def media_doc(owner: Dict[str, Any], media: Any) -> ir.Doc:
    """Description of a request body or response, with its media type's example."""
    media = as_dict(media)
    example, has_example = media.get("example"), "example" in media
    examples = media.get("examples")
    if not has_example and isinstance(examples, dict) and examples:
        first = as_dict(next(iter(examples.values())))
        example, has_example = first.get("value"), "value" in first
    return ir.Doc(description=str(owner.get("description") or ""), example=example, has_example=has_example)


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def as_dict(node: Any) -> Dict[str, Any]:
    return node if isinstance(node, dict) else {}
