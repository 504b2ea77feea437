"""What openapi-spec-validator found valid before, so a changed document is checked again
only where it changed.

Two checks are remembered, by content hash, on disk across runs: the meta-schema check of
each schema the keyword walk visits, and the meta-schema validation of each of the
document's large pieces (path items, webhooks, component entries). Each outcome depends
only on the checked text and on the validator's own schemas, never on the rest of the
document; failures are never remembered, so every error is found and reported afresh.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any, Callable, Dict, Iterator, Set

from openapi_sdkgen import __version__
from openapi_sdkgen.speed.cache import DiskCache, content_key

_VALIDATOR_VERSION = version("openapi-spec-validator") + "/" + version("openapi-schema-validator") + "/" + version("jsonschema")

# A jsonschema keyword function: (validator, keyword value, instance, schema) -> errors.
Keyword = Callable[[Any, Any, Any, Any], Iterator[Any]]


class PassedChecks:
    """Keys of checks that passed, kept on disk across runs."""

    _LIMIT = 200_000  # keys kept; past this only the last run's are

    def __init__(self) -> None:
        self.keys: Set[str] = set()
        self._added: Set[str] = set()
        self._entry = content_key("valid-schemas", __version__, _VALIDATOR_VERSION)

    @staticmethod
    def schema_key(schema_value: Any, dialect: str) -> str:
        return content_key(dialect, json.dumps(schema_value, sort_keys=True, default=repr))

    def add(self, key: str) -> None:
        self.keys.add(key)
        self._added.add(key)

    @contextmanager
    def loaded(self) -> Iterator[None]:
        cache = DiskCache("validate")
        self.keys = set((cache.get(self._entry) or "").split())
        self._added = set()
        try:
            yield
        finally:
            if self._added:
                kept = self.keys if len(self.keys) <= self._LIMIT else self._added
                cache.put(self._entry, "\n".join(sorted(kept)))
            self.keys, self._added = set(), set()


PASSED = PassedChecks()


def remembering_pieces(meta_validator: Any, document: Dict[str, Any]) -> Any:
    """`meta_validator` (a jsonschema validator of the OpenAPI meta-schema), skipping the
    pieces of `document` that passed the same check before.

    A piece is checked where the meta-schema reaches it through a `$ref` or `$dynamicRef`
    (`paths: {"^/": {$ref: path-item-or-reference}}`). What that finds depends only on
    the piece's content, the reference and the resolver's base URI and dynamic scope, so
    these make the key; everything around the pieces (root, info, the maps holding them,
    their keys) is validated as a whole every time, and errors come in the same order.
    """
    keywords = getattr(type(meta_validator), "VALIDATORS", None)
    resolver = getattr(meta_validator, "_resolver", None)
    if keywords is None or resolver is None or not hasattr(resolver, "_base_uri"):
        return meta_validator  # another validator backend: validated whole, as before
    from jsonschema import validators  # type: ignore[import-untyped]

    pieces = _Pieces(document)
    remembering = {name: pieces.remembering(keywords[name]) for name in ("$ref", "$dynamicRef") if name in keywords}
    extended = validators.extend(type(meta_validator), remembering)
    return extended(meta_validator.schema, format_checker=meta_validator.format_checker, _resolver=resolver)


class _Pieces:
    def __init__(self, document: Dict[str, Any]) -> None:
        self.ids = {id(piece) for piece in _pieces(document)}
        self._hashes: Dict[int, str] = {}

    def remembering(self, keyword: Keyword) -> Keyword:
        def check(validator: Any, ref: Any, instance: Any, schema: Any) -> Iterator[Any]:
            if id(instance) not in self.ids:
                yield from keyword(validator, ref, instance, schema)
                return
            key = self._key(validator, ref, instance)
            if key in PASSED.keys:
                return
            failed = False
            for error in keyword(validator, ref, instance, schema):
                failed = True
                yield error
            if not failed:  # also never reached when the caller stopped at the first error
                PASSED.add(key)

        return check

    def _key(self, validator: Any, ref: Any, instance: Any) -> str:
        content = self._hashes.get(id(instance))
        if content is None:  # repr, unlike JSON, tells a key 200 from "200" (the meta-schema does too)
            content = self._hashes[id(instance)] = content_key(repr(instance))
        resolver = validator._resolver
        scope = [uri for uri, _ in resolver.dynamic_scope()]
        return content_key("meta-schema piece", content, str(ref), resolver._base_uri, *scope)


def _pieces(document: Dict[str, Any]) -> Iterator[Any]:
    """Path items, webhooks and component entries: most of a document, in pieces the
    meta-schema validates each on its own."""
    maps = [document.get("paths"), document.get("webhooks")]
    components = document.get("components")
    if isinstance(components, dict):
        maps.extend(components.values())
    for entries in maps:
        if isinstance(entries, dict):
            yield from (piece for piece in entries.values() if isinstance(piece, (dict, list)))
