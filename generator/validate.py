"""Validate a document with openapi-spec-validator, reporting every error with its place.

The stock validator reports nested schema errors relative to the schema it was checking
and tracks visited schemas in lists (quadratic on large specs). The subclasses below
record where each error happened and use sets. Results are cached by content hash.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords

from . import __version__
from .cache import DiskCache, content_key
from .diagnostics import Diagnostic, GeneratorError, PathPart
from .load import Document
from .resolve import canonical_path


class _IdSet(set):  # type: ignore[type-arg]
    """The validator's visited-id registry, with O(1) membership."""

    append = set.add


def _locating(base: Type[Any]) -> Type[Any]:
    class Locating(base):  # type: ignore[misc, valid-type]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()

        def __call__(self, schema: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[Any]:
            for err in super().__call__(schema, require_properties, meta_checked):
                if getattr(err, "sdkgen_at", None) is None:
                    err.sdkgen_at = tuple(schema.parts)
                yield err

    return Locating


def _validator_class(version: str) -> Type[Any]:
    base = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    schema_keyword = keywords.OpenAPIV31SchemaValidator if base is OpenAPIV31SpecValidator else keywords.OpenAPIV30SchemaValidator
    return type(f"Locating{base.__name__}", (base,), {"keyword_validators": {**base.keyword_validators, "schema": _locating(schema_keyword)}})


# Errors that real specs carry and that do not change the generated code.
# Each maps to a reason shown in the warning.
_HARMLESS: Tuple[Tuple[Callable[[Any], bool], str], ...] = (
    (lambda e: e.instance is None and e.validator in ("type", "oneOf", "anyOf", "enum"), "default: null on a non-nullable schema"),
    (lambda e: isinstance(e.instance, bool) and "exclusiveM" in str(list(e.path)[-1:]), "boolean exclusiveMinimum/Maximum (OpenAPI 3.0 style)"),
    (lambda e: e.validator == "uniqueItems", "repeated entries in a list"),
    (lambda e: "$recursiveAnchor" in list(e.path), "$recursiveAnchor keyword"),
    (lambda e: isinstance(e.instance, list) and e.validator in ("type", "enum"), "a list as default of a non-array schema"),
)


def _harmless_reason(err: Any) -> Optional[str]:
    for matches, reason in _HARMLESS:
        try:
            if matches(err):
                return reason
        except (TypeError, IndexError):
            continue
    return None


def validate_document(document: Document, lenient: bool = False) -> List[Diagnostic]:
    """Return warnings; raise GeneratorError with every error when the document is invalid."""
    version = str(document.data.get("openapi", ""))
    if not version.startswith("3."):
        raise GeneratorError([document.diagnostic("error", f"unsupported OpenAPI version {version!r}: 3.0 or 3.1 required", ["openapi"])])
    found = _cached_errors(document, version)
    diagnostics = []
    for path, message, reason in found:
        if lenient and reason:
            diagnostics.append(document.diagnostic("warning", f"{message} (tolerated: {reason})", path))
        else:
            hint = f" (--lenient tolerates this: {reason})" if reason else ""
            diagnostics.append(document.diagnostic("error", message + hint, path))
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise GeneratorError(errors)
    return diagnostics


_Found = List[Tuple[List[PathPart], str, Optional[str]]]


def _cached_errors(document: Document, version: str) -> _Found:
    cache = DiskCache("validate")
    key = content_key(document.text, __version__, version)
    hit = cache.get(key)
    if hit is not None:
        return [(list(p), m, r) for p, m, r in json.loads(hit)]
    found = list(_iter_errors(document.data, version))
    cache.put(key, json.dumps(found))
    return found


def _iter_errors(data: Dict[str, Any], version: str) -> Iterator[Tuple[List[PathPart], str, Optional[str]]]:
    seen = set()
    for err in _validator_class(version)(data).iter_errors():
        located: Sequence[PathPart] = getattr(err, "sdkgen_at", None) or ()
        raw_path = [*located, *err.path] if located else list(err.absolute_path)
        path = canonical_path(data, raw_path)
        message = _one_line(err.message)
        if (tuple(path), message) in seen:
            continue
        seen.add((tuple(path), message))
        yield path, message, _harmless_reason(err)


def _one_line(message: str, limit: int = 300) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
