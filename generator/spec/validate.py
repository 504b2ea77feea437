"""Validate a document with openapi-spec-validator, reporting every error with its place.

The stock validator reports nested schema errors relative to the schema it was checking
and tracks visited schemas in lists (quadratic on large specs). The subclasses below
record where each error happened and use sets. Results are cached by content hash, and
the checks a changed document shares with earlier ones are skipped (validate_memo.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import version
from typing import Any, Callable, ContextManager, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Type

from openapi_sdkgen import __version__
from openapi_sdkgen.spec import bundle, load, validate_memo, validate_worker
from openapi_sdkgen.speed.cache import DiskCache, content_key, source_key
from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError, PathPart
from openapi_sdkgen.spec.load import Document, recursion_room
from openapi_sdkgen.spec.resolve import canonical_path
from openapi_sdkgen.spec.validate_memo import PASSED, remembering_pieces
from openapi_sdkgen.spec.validate_worker import Found

# Cached results stay valid while these modules (the loader decides what the data is), the generator and the validator are unchanged.
_RULES = source_key(__file__, source_key(validate_memo.__file__), source_key(load.__file__), source_key(bundle.__file__), __version__, version("openapi-spec-validator"))


class _IdSet(set):  # type: ignore[type-arg]
    """The validator's visited-id registry, with O(1) membership."""

    append = set.add


def _locating(base: Type[Any]) -> Type[Any]:
    class Locating(base):  # type: ignore[misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()

        def __call__(self, schema: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[Any]:
            from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

            for err in super().__call__(schema, require_properties, meta_checked):
                if not isinstance(err, OpenAPIValidationError):
                    # An error in the schema's default value. Wrapped here as the validator would
                    # wrap it later (and lose the place), placed at the value.
                    err = OpenAPIValidationError.create_from(err)
                    err.sdkgen_at = (*schema.parts, "default")
                elif getattr(err, "sdkgen_at", None) is None:
                    err.sdkgen_at = tuple(schema.parts)
                yield err

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            """The check, skipped for a schema whose very text passed it before."""
            dialect = getattr(self, "_get_schema_dialect_id", None)
            key = PASSED.schema_key(schema_value, dialect(schema, schema_value) if dialect else type(self).__name__)
            if key in PASSED.keys:
                return None
            meta = _shared_meta_validator(self, schema, schema_value)
            if meta is None:  # a checker of another kind: the stock check
                error = super()._validate_schema_meta(schema, schema_value)
            elif next(meta.iter_errors(schema_value), None) is None:
                error = None
            else:
                error = _first_in_document_order(meta, schema_value)
            if error is None:
                PASSED.add(key)
            return error

        def _collect_properties(self, schema: Any) -> Set[str]:
            """Property names reachable through allOf/anyOf/oneOf/items/not, each schema once.

            The stock version recurses without a visited set: a cycle (`A: {allOf: [B]}`,
            `B: {items: A}`) never ends, and shared members are walked exponentially often.
            """
            found: Set[str] = set()
            seen: Set[int] = set()
            pending = [schema]
            while pending:
                current = pending.pop()
                if id(current.read_value()) in seen:
                    continue
                seen.add(id(current.read_value()))
                if "properties" in current:
                    found.update((current / "properties").keys())
                for keyword in ("allOf", "anyOf", "oneOf"):
                    if keyword in current:
                        pending.extend(current / keyword)
                pending.extend(current / keyword for keyword in ("items", "not") if keyword in current)
            return found

    return Locating


def _shared_meta_validator(keyword: Any, schema: Any, schema_value: Any) -> Optional[Any]:
    """The meta-schema validator the keyword's check would build for `schema_value`, built
    once and shared by every check; None when its check is not openapi-schema-validator's
    `check_openapi_schema` (another version or backend) or fails to start (unknown dialect).

    That check builds a validator, with its own reference registry, on every call; one
    validator checks every schema the same way, and lets `_remembered_lookups` answer a
    reference once for all of them.
    """
    from openapi_schema_validator import validators

    try:
        checker = keyword._get_schema_checker(schema, schema_value)
    except ValueError:
        return None
    cls: Any = getattr(getattr(checker, "func", checker), "__self__", None)
    if getattr(getattr(cls, "check_schema", None), "__func__", None) is not validators.check_openapi_schema:
        return None
    return _meta_validator(cls, getattr(checker, "keywords", {}).get("format_checker", cls.FORMAT_CHECKER))


@lru_cache(maxsize=None)
def _meta_validator(cls: Any, format_checker: Any) -> Any:
    """What `check_openapi_schema` builds to check a schema of `cls`."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from openapi_schema_validator._specifications import REGISTRY  # the OpenAPI dialects' meta-schemas

    return validator_for(cls.META_SCHEMA, default=cls)(cls.META_SCHEMA, format_checker=format_checker, registry=REGISTRY)


def _first_in_document_order(meta: Any, schema_value: Any) -> Any:
    """The meta-schema error the check would raise, chosen by place rather than by chance.

    The check raises the first error jsonschema finds, and jsonschema visits a schema's
    extra keys (`properties` of a schema) as a set: which of two broken properties is
    reported depended on the process's hash seed. This is the error placed first in the
    schema's own key order.
    """
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    first = min(meta.iter_errors(schema_value), key=lambda err: _document_order(schema_value, err.absolute_path))
    return OpenAPIValidationError.create_from(first)


def _document_order(value: Any, path: Iterable[PathPart]) -> List[int]:
    """Where `path` is in `value`, as positions in its mappings and lists, in reading order."""
    order: List[int] = []
    for part in path:
        if isinstance(value, dict) and part in value:
            order.append(list(value).index(part))
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            order.append(part)
            value = value[part]
        else:
            break
    return order


def _spec_validator(data: Dict[str, Any], version: str, base_uri: str = "") -> Any:
    """openapi-spec-validator's validator of `data`, locating errors and skipping what passed before."""
    # imported here: the validator takes 0.2 s to import, and runs in a worker process
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords

    base = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    schema_keyword = keywords.OpenAPIV31SchemaValidator if base is OpenAPIV31SpecValidator else keywords.OpenAPIV30SchemaValidator
    members = {
        "keyword_validators": {**base.keyword_validators, "schema": _locating(schema_keyword)},
        "schema_validator": remembering_pieces(_crawled(base), data),
    }
    return type(f"Locating{base.__name__}", (base,), members)(data, base_uri=base_uri)


@lru_cache(maxsize=None)
def _crawled(base: Type[Any]) -> Any:
    """`base`'s meta-schema validator with its reference registry crawled once, up front.

    jsonschema resolves a `$dynamicRef` (OpenAPI 3.1's meta-schema has them) in a registry
    that it crawls again from scratch each time when it was not crawled before: 2,400
    times on OpenAI's spec, 60% of the whole validation. The answers are the same.
    """
    stock = base.schema_validator
    resolver = getattr(stock, "_resolver", None)
    if resolver is None or not hasattr(resolver, "_registry"):
        return stock  # another validator backend, or a jsonschema that no longer works this way
    return stock.evolve(_resolver=resolver._registry.crawl().resolver(base_uri=resolver._base_uri))


@contextmanager
def _direct_steps() -> Iterator[None]:
    """jsonschema-path steps into the document's mappings and lists directly.

    Each step of its keyword walk asks `isinstance(node, Subscriptable)`, a typing
    Protocol, which on Python 3.11 costs a third of the walk. Dicts and lists pass that
    check, so for them the step is the same without it; any other node takes the stock step.
    """
    try:
        from jsonschema_path.nodes import SchemaNode
    except ImportError:  # another jsonschema-path: the stock steps
        yield
        return
    stock_step = SchemaNode._get_subnode
    own = SchemaNode.__dict__.get("_get_subnode")

    def step(cls: Any, node: Any, part: Any) -> Any:
        if type(node) is not dict and type(node) is not list:
            return stock_step(node, part)
        try:
            return node[part]
        except (KeyError, IndexError, TypeError) as exc:
            raise KeyError(part) from exc

    setattr(SchemaNode, "_get_subnode", classmethod(step))
    try:
        yield
    finally:
        if own is None:
            del SchemaNode._get_subnode
        else:
            setattr(SchemaNode, "_get_subnode", own)


@contextmanager
def _remembered_lookups() -> Iterator[None]:
    """Each reference is resolved once per place it is resolved from.

    jsonschema resolves the meta-schema's `$ref`s and `$dynamicRef`s again at every node of
    every schema it checks: 40% of a meta-schema check. What a lookup finds depends only on
    the resolver's base URI, registry and dynamic scope, all immutable, and the reference;
    the memo keys on them and keeps each registry alive, so that its id stays its own.
    """
    try:
        from referencing._core import Resolver
    except ImportError:  # another referencing: every lookup made anew
        yield
        return
    if not {"_base_uri", "_registry", "_previous"} <= set(getattr(Resolver, "__slots__", ())):
        yield  # a resolver that no longer holds what the memo keys on
        return
    stock_lookup = Resolver.lookup
    found: Dict[Tuple[int, str, Any, str], Tuple[Any, Any]] = {}

    def lookup(resolver: Any, ref: str) -> Any:
        key = (id(resolver._registry), resolver._base_uri, resolver._previous, ref)
        hit = found.get(key)
        if hit is None:
            hit = found[key] = (stock_lookup(resolver, ref), resolver._registry)
        return hit[0]

    setattr(Resolver, "lookup", lookup)
    try:
        yield
    finally:
        setattr(Resolver, "lookup", stock_lookup)


_DOCUMENT_KEYS = frozenset({"openapi", "info", "servers", "paths", "webhooks", "components", "security", "tags", "externalDocs", "jsonSchemaDialect"})

# Errors that real specs carry and that do not change the generated code.
# Each maps to a reason shown in the warning.
_HARMLESS: Tuple[Tuple[Callable[[Any], bool], str], ...] = (
    (lambda e: e.instance is None and e.validator in ("type", "oneOf", "anyOf", "enum") and not _structural(e), "default: null on a non-nullable schema"),
    (lambda e: isinstance(e.instance, bool) and "exclusiveM" in str(list(e.path)[-1:]), "boolean exclusiveMinimum/Maximum (OpenAPI 3.0 style)"),
    (lambda e: e.validator == "uniqueItems", "repeated entries in a list"),
    (lambda e: "$recursiveAnchor" in list(e.path), "$recursiveAnchor keyword"),
    (lambda e: isinstance(e.instance, list) and e.validator in ("type", "enum") and not _structural(e), "a list as default of a non-array schema"),
    (lambda e: e.instance is None and e.validator == "type" and list(e.path)[-1:] in (["description"], ["summary"], ["title"]), "a null text (read as no text)"),
    (lambda e: list(e.path)[-1:] == ["default"] or _at(e)[-1:] == ("default",), "a default that does not fit its schema (documented, never sent)"),
    (lambda e: e.validator == "additionalProperties" and "'const'" in e.message and "$ref" not in e.message, "`const` in an OpenAPI 3.0 schema (read as in 3.1)"),
    (lambda e: e.validator == "additionalProperties" and "$ref" not in e.message and not _structural(e), "a key OpenAPI does not define here (ignored)"),
)


def _at(err: Any) -> Tuple[PathPart, ...]:
    return tuple(getattr(err, "sdkgen_at", None) or ())


_KINDS = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer", float: "a number", type(None): "null"}


def _cause(err: Any) -> str:
    """The error's message naming its cause: the stock message of a type or oneOf error
    prints the whole offending node."""
    kind = _KINDS.get(type(err.instance), "a value")
    if err.validator == "type" and isinstance(err.instance, (dict, list)):
        expected = err.validator_value if isinstance(err.validator_value, str) else " or ".join(map(str, err.validator_value))
        ref = err.instance.get("$ref") if isinstance(err.instance, dict) else None
        found = f"a $ref ({ref!r})" if isinstance(ref, str) else kind
        return f"{_one_line(found, 80)} where {expected!r} is expected"
    if err.validator in ("oneOf", "anyOf") and isinstance(err.instance, (dict, list)):
        keys = f" (keys: {', '.join(map(str, list(err.instance)[:8]))})" if isinstance(err.instance, dict) else ""
        return f"{kind}{keys} that matches none of the forms OpenAPI allows here"
    return _one_line(err.message)


def _structural(err: Any) -> bool:
    """An error in the document's own structure (`paths: [...]`), which a default value check never reports."""
    return str(next(iter(err.absolute_path), "")) in _DOCUMENT_KEYS


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
    return start_validation(document, lenient)()


def start_validation(document: Document, lenient: bool = False) -> Callable[[], List[Diagnostic]]:
    """Start validating `document`; the function returned waits for the result and returns
    the warnings, or raises GeneratorError with every error.

    On a cache miss the validation runs in a forked worker process (importing the validator
    alone takes 0.2 s, validating a large document seconds) while the caller goes on with
    the document: building and rendering never wait for it, and the caller must call the
    function before the output changes.
    """
    version = str(document.data.get("openapi", ""))
    if not version.startswith("3."):
        raise GeneratorError([document.diagnostic("error", f"unsupported OpenAPI version {version!r}: 3.0 or 3.1 required", ["openapi"])])
    cache = DiskCache("validate")
    key = content_key(document.text, version, _RULES, *(Path(source).read_text(encoding="utf-8") for source in document.sources))
    hit = cache.get(key)
    if hit is not None:
        validate_worker.dismiss_waiting()  # the answer is known: no worker needed
        found: Found = [(list(p), m, r, line) for p, m, r, line in json.loads(hit)]
        return lambda: _diagnostics(document, found, lenient)
    worker = _in_worker(document, version)
    if worker is None:  # validated here and now, before anything else looks at the document
        located = located_errors(document, version)
        cache.put(key, json.dumps(located))
        return lambda: _diagnostics(document, located, lenient)

    results: List[Found] = []

    def finish() -> List[Diagnostic]:
        if not results:  # the first call waits for the worker; later ones repeat its answer
            results.append(worker())
            cache.put(key, json.dumps(results[0]))
        return _diagnostics(document, results[0], lenient)

    return finish


# (path, message, reason it is harmless or None, line)
def _diagnostics(document: Document, found: Found, lenient: bool) -> List[Diagnostic]:
    diagnostics = []
    for path, message, reason, line in found:
        file, place, line = document.origin_of(path) or (str(document.path), tuple(path), line)
        if lenient and reason:
            diagnostics.append(Diagnostic("warning", f"{message} (tolerated: {reason})", place, file, line))
        else:
            hint = f" (--lenient tolerates this: {reason})" if reason else ""
            diagnostics.append(Diagnostic("error", message + hint, place, file, line))
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise GeneratorError(errors)
    return diagnostics


def located_errors(document: Document, version: str) -> Found:
    with recursion_room(), PASSED.loaded(), _direct_steps(), _remembered_lookups():
        base_uri = document.path.resolve().as_uri()  # relative file references are read beside the document
        return [(path, message, reason, document.line_of(path)) for path, message, reason in _iter_errors(document.data, version, base_uri)]


def _in_worker(document: Document, version: str) -> Optional[Callable[[], Found]]:
    """Validate in a worker process (validate_worker.py); None where processes cannot be forked."""
    return validate_worker.validation(_WORKER_TASK, document, version)


def worker_prestarted() -> ContextManager[None]:
    """Within the block, the first validation takes a worker forked on entry, which has
    imported the validator meanwhile; this module is imported once, before the fork."""
    return validate_worker.prestarted(_WORKER_TASK)


def import_validator() -> None:
    """Import what validating uses (0.2 s): a worker does it while the document loads."""
    import openapi_spec_validator  # noqa: F401


_WORKER_TASK = validate_worker.Task(prepare=import_validator, run=located_errors)


def _iter_errors(data: Dict[str, Any], version: str, base_uri: str = "") -> Iterator[Tuple[List[PathPart], str, Optional[str]]]:
    seen: Set[Tuple[Tuple[PathPart, ...], str]] = set()
    for err in _guarded(_spec_validator(data, version, base_uri).iter_errors()):
        if isinstance(err, Exception) and not hasattr(err, "absolute_path"):
            if not seen:  # else the schema errors already reported say what tripped it
                yield [], f"the document is too malformed to validate ({type(err).__name__}: {_one_line(str(err), 120)})", None
            return
        located: Sequence[PathPart] = getattr(err, "sdkgen_at", None) or ()
        raw_path = [*located, *err.path] if located else list(err.absolute_path)
        path = canonical_path(data, raw_path)
        message = _cause(err)
        if (tuple(path), message) in seen:
            continue
        seen.add((tuple(path), message))
        yield path, message, _harmless_reason(err)


def _guarded(errors: Iterator[Any]) -> Iterator[Any]:
    """The validator's errors, then the exception that stopped it, if any.

    Its structural checks assume the shapes its schema pass has just reported as wrong
    (`paths` a list, `parameters` a mapping) and then fail with a KeyError or TypeError.
    """
    try:
        yield from errors
    except Exception as exc:  # noqa: BLE001 - a third-party validator on untrusted input
        yield exc  # a ValidationError raised instead of yielded is reported like the others


def _one_line(message: str, limit: int = 300) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
