"""Every naming decision, in one place: identifiers, class names, escaping, collisions.

Names from a spec are data. They become identifiers only through these functions,
which keep letters, digits and underscores, escape keywords and reserved names, and
resolve collisions deterministically (first claim wins, in spec order).
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, List, Sequence, Set, Tuple

_MAX_NAME = 96
VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$")  # v1, v2.1, 2010-04-01: in a path or a dotted name
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")

# Attributes of pydantic.BaseModel, and type names annotations use, that a field must not shadow.
_MODEL_ATTRIBUTES = frozenset(
    """construct copy dict from_orm json model_computed_fields model_config model_construct
    model_copy model_dump model_dump_json model_extra model_fields model_fields_set
    model_json_schema model_parametrized_name model_post_init model_rebuild model_validate
    model_validate_json model_validate_strings parse_file parse_obj parse_raw schema
    schema_json update_forward_refs validate""".split()
) | frozenset(("str", "int", "float", "bool", "bytes", "date", "datetime"))  # a field would shadow the annotation

# Names the generated method bodies use, so a parameter must not shadow them.
_METHOD_NAMES = frozenset({"self", "models", "utils", "errors", "retries", "server_url", "timeout_ms", "http_headers", "extra_query", "extra_body", "response"})

# Names the models package defines or imports itself.
SDK_RESERVED_CLASSES = frozenset(
    """Any Annotated BaseModel Client Dict Field File FileTypedDict List Literal Mapping
    NotRequired Nullable Optional OptionalNullable Response TypedDict UNSET Union Unset
    Models Errors Utils""".split()
)


# Names a resource module imports; a class it defines must not take one.
RESOURCE_RESERVED_CLASSES = frozenset(
    """Any BackoffStrategy BaseResource Callable Dict Hooks List Literal Logger Mapping Optional
    OptionalNullable Required RetryConfig SDKClient SDKConfiguration TYPE_CHECKING TypedDict UNSET
    Union Unpack""".split()
)


def _memoized(name_of: Callable[[str], str]) -> Callable[[str], str]:
    """A name is a pure function of its text, and a spec repeats its property names thousands of times."""
    return lru_cache(maxsize=1 << 16)(name_of)


def ascii_words(text: str) -> List[str]:
    """Words of `text`: camelCase, snake_case, kebab-case and spaces all split; an identifier
    written into a path or an operationId (Box's `securityClassification-6VMVochwUWo`) is
    not a word and is left out, unless it is all there is."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    tokens = [token for token in _SEPARATOR.split(folded) if token]
    words = [_WORD.findall(token) for token in tokens]
    kept = [w for token, w in zip(tokens, words) if not _looks_like_an_id(token, w)]
    return [word for group in (kept or words) for word in group]


_SEPARATOR = re.compile(r"[^A-Za-z0-9]+")
_HEX_ID = re.compile(r"^(?=.*\d)(?=.*[a-fA-F])[0-9a-fA-F]{8,}$")


def _looks_like_an_id(token: str, words: List[str]) -> bool:
    """A hexadecimal string of 8 or more with a digit (`88e12fa4...`), or a token with a digit
    whose camel-case split gives three or more 1-2 letter pieces (`6VMVochwUWo` -> 6 VM Vochw U Wo;
    `OAuth2ConsentRequest` -> O Auth2 Consent Request has one)."""
    if _HEX_ID.match(token):
        return True
    return any(c.isdigit() for c in token) and sum(1 for w in words if w.isalpha() and len(w) <= 2) >= 3


@_memoized
def pascal(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


def snake(text: str) -> str:
    return "_".join(word.lower() for word in ascii_words(text))


def _escape(name: str, reserved: Iterable[str] = ()) -> str:
    if not name:
        name = "value"
    if name[0].isdigit():
        name = "n" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


# A comparison a name ends with (Twilio's `DateSent<`, `DateSent>`), spelled as words.
_COMPARISONS = (("<=", " on or before"), (">=", " on or after"), ("<", " before"), (">", " after"))


def _spelled_comparison(wire_name: str) -> str:
    for sign, words in _COMPARISONS:
        if wire_name.endswith(sign) and wire_name[: -len(sign)].strip():
            return wire_name[: -len(sign)] + words
    return wire_name


@_memoized
def field_name(wire_name: str) -> str:
    """Python attribute for a property; the wire name stays as its alias."""
    if wire_name.isidentifier() and wire_name.isascii() and wire_name == wire_name.lower() and not wire_name.startswith("_"):
        return _escape(wire_name, _MODEL_ATTRIBUTES)
    return _escape(snake(_spelled_comparison(wire_name)), _MODEL_ATTRIBUTES)


@_memoized
def parameter_name(wire_name: str) -> str:
    return _escape(field_name(wire_name).rstrip("_") or "value", _MODEL_ATTRIBUTES | _METHOD_NAMES)


# Attributes every client and resource object has.
_MEMBER_NAMES = frozenset({"close", "aclose", "_client"})


def method_name(text: str) -> str:
    """A method or sub-resource attribute (`client.chat.completions.create`)."""
    return _escape(snake(text), _MEMBER_NAMES)


@_memoized
def class_name(text: str) -> str:
    name = pascal(text) or "Model"
    if name[0].isdigit():
        name = "Model" + name
    return _escape(_shortened(name))  # None, True and False are the capitalized keywords


def module_name(text: str) -> str:
    return _escape(_shortened(snake(text) or "module"))


def _shortened(name: str) -> str:
    """Names become file names (255 bytes at most): a deeply nested inline schema's name
    loses the earlier places of the words it repeats (`NumberAddOnNumberAddOnExtension` ->
    `NumberAddOnExtension`), then, if still too long, words from its middle: its
    first and last words say where it is. Two names cut alike are told apart where they are claimed."""
    if len(name) <= _MAX_NAME:
        return name
    words = re.findall(r"[A-Z]*[a-z0-9]*|_+|.", name)
    seen: Set[str] = set()
    kept: List[str] = []
    for word in reversed(words):  # a repeated word keeps its last place: the leaf's own words stay whole
        if word and (word.lower() not in seen or not word[:1].isalpha()):
            kept.insert(0, word)
            seen.add(word.lower())
    while len("".join(kept)) > _MAX_NAME and len(kept) > 2:
        del kept[len(kept) // 2]
    return "".join(kept)[:_MAX_NAME]


def without_shared_namespace(keys: Sequence[str]) -> Dict[str, str]:
    """The component names classes are made from: a dotted namespace that every one of them
    shares is left out, and so is a versioned one (Twilio's `api.v2010.account` is
    `account`: a version names no type); a spec with one schema keeps its name."""
    dotted = [key.split(".") for key in keys]
    shared = 0
    if len(dotted) > 1:
        while all(len(d) > shared + 1 and d[shared] == dotted[0][shared] for d in dotted):
            shared += 1
    return {key: ".".join(_after_version(d[shared:])) for key, d in zip(keys, dotted)}


def _after_version(parts: List[str]) -> List[str]:
    """The parts after the last version segment, where some follow it."""
    versions = [i for i, part in enumerate(parts[:-1]) if VERSION_SEGMENT.match(part)]
    return parts[versions[-1] + 1 :] if versions else parts


def first_name(names: Iterable[str]) -> str:
    """Of the names of identical definitions, the one their class takes: the first in
    sorted order, whatever order they were met in."""
    return min(names)


class Registry:
    """Hands out unique names; comparisons ignore case (case-insensitive file systems)."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken: Set[str] = {name.lower() for name in reserved}

    def taken(self, name: str) -> bool:
        return name.lower() in self._taken

    def claim(self, candidate: str, suffixes: Iterable[str] = ()) -> str:
        """The candidate itself, or the first free variant; also reserves `name+suffix`."""
        variants = ("", *suffixes)
        name = candidate
        counter = 1
        while self._clashes(name, variants):
            counter += 1
            name = f"{candidate}{counter}"
        for suffix in variants:
            self._taken.add((name + suffix).lower())
        return name

    def _clashes(self, name: str, variants: Tuple[str, ...]) -> bool:
        for suffix in variants:
            if (name + suffix).lower() in self._taken:
                return True
        return False


def unique_in_scope(names: Iterable[str]) -> Dict[str, str]:
    """Map each name to a unique identifier within one scope (e.g. the fields of a class)."""
    registry = Registry()
    return {name: registry.claim(name) for name in names}


def member_hint(hint: str, member: Dict[str, Any], index: int) -> str:
    """A union member's name where it is a new type: by its title where it has one
    (`BookingPaymentSourceCard`, as Speakeasy names it), by the schema it refers to where it
    is that schema with the union's own properties (`AnimalLion`), else by its place (`HitsInfo1`)."""
    ref, title = member.get("$ref"), member.get("title")
    if isinstance(ref, str) and pascal(ref.rsplit("/", 1)[-1]):
        return hint + pascal(ref.rsplit("/", 1)[-1])
    if isinstance(title, str) and pascal(title):
        return hint + pascal(title)
    return f"{hint}{index + 1}"
