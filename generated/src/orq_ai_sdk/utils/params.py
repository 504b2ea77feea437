"""Parameter serialization per OpenAPI `style` and `explode` (RFC 6570 expansions).

Path: simple, label, matrix. Query: form, spaceDelimited, pipeDelimited, deepObject.
Header: simple. Cookie: form. Each parameter's style is decided when the SDK is generated
(`Style`, in the operation's `param_styles`); a parameter without one has its location's
default (simple for path and header, form with explode for query and cookie).
"""

from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, List, Mapping, NamedTuple, Optional, Tuple
from urllib.parse import quote

from .types import Unset

# RFC 3986 reserved characters that `allowReserved` lets through unencoded; `#` stays
# encoded in a query, where it would end the URL's query.
_RESERVED = ":/?[]@!$&'()*+,;="


class Style(NamedTuple):
    """How one parameter is serialized (OpenAPI `style`, `explode`, `allowReserved`), or,
    with `content_type`, encoded whole as that media type (a `content` parameter)."""

    style: str
    explode: bool
    allow_reserved: bool = False
    content_type: Optional[str] = None


PATH_DEFAULT = Style("simple", False)
QUERY_DEFAULT = Style("form", True)
HEADER_DEFAULT = Style("simple", False)
COOKIE_DEFAULT = Style("form", True)


def to_str(value: Any) -> str:
    """The text of a primitive value: booleans lower case, enums by value, ISO dates."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return to_str(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def plain(value: Any) -> Any:
    """A model as its wire data (aliases, enum values, defaults left out); anything else as is."""
    dump = getattr(value, "model_dump", None)
    if dump is not None and hasattr(type(value), "model_fields"):
        return dump(mode="json", exclude_defaults=True, context=value)
    return value


def _given(value: Any) -> bool:
    return value is not None and not isinstance(value, Unset)


def _content(value: Any, content_type: str) -> str:
    """A `content` parameter's value, encoded as its media type (JSON, else its text)."""
    bare = content_type.split(";")[0].strip().lower()
    if bare == "application/json" or bare.endswith("+json"):
        import pydantic_core

        return pydantic_core.to_json(plain(value)).decode("utf-8")
    return to_str(value)


def _parts(value: Any) -> Tuple[str, Any]:
    """("list", items), ("dict", pairs) or ("str", text) of a parameter's value."""
    value = plain(value)
    if isinstance(value, (list, tuple)):
        return "list", [to_str(plain(v)) for v in value if _given(v)]
    if isinstance(value, Mapping):
        return "dict", [(to_str(k), to_str(plain(v))) for k, v in value.items() if _given(v)]
    return "str", to_str(value)


def _encoder(allow_reserved: bool, extra_safe: str = "") -> Callable[[str], str]:
    safe = (_RESERVED if allow_reserved else "") + extra_safe

    def encode(text: str) -> str:
        return quote(text, safe=safe)

    return encode


# --- path -------------------------------------------------------------------------------


def path_value(name: str, value: Any, style: Style) -> str:
    """One path parameter expanded per its style: `{color}`, `{.color}` or `{;color}`."""
    enc = _encoder(style.allow_reserved)
    data: Any
    if style.content_type is not None:
        kind, data = "str", _content(value, style.content_type)
    else:
        kind, data = _parts(value)
    if style.style == "label":
        first, sep, named = ".", ".", False
    elif style.style == "matrix":
        first, sep, named = ";", ";", True
    else:
        first, sep, named = "", ",", False
    if kind == "str":
        if named:
            return f"{first}{name}" + (f"={enc(data)}" if data else "")
        return first + enc(data)
    if kind == "list":
        if not data:
            return ""  # an empty list is undefined in RFC 6570: nothing is expanded
        if style.explode:
            if named:
                return first + sep.join(f"{name}={enc(v)}" for v in data)
            return first + sep.join(enc(v) for v in data)
        joined = ",".join(enc(v) for v in data)
        return first + (f"{name}={joined}" if named else joined)
    if not data:
        return ""
    if style.explode:
        return first + sep.join(f"{enc(k)}={enc(v)}" for k, v in data)
    joined = ",".join(f"{enc(k)},{enc(v)}" for k, v in data)
    return first + (f"{name}={joined}" if named else joined)


# --- query --------------------------------------------------------------------------------


def query_pairs(name: str, value: Any, style: Style) -> List[str]:
    """The `name=value` pieces (percent-encoded) of one query parameter, per its style."""
    enc = _encoder(style.allow_reserved)
    key = quote(name, safe="[]")
    if style.content_type is not None:
        return [f"{key}={enc(_content(value, style.content_type))}"]
    kind, data = _parts(value)
    if kind == "str":
        return [f"{key}={enc(data)}"]
    if style.style == "deepObject":
        if kind == "dict":
            return [f"{key}[{enc(k)}]={enc(v)}" for k, v in _deep(plain(value))]
        return [f"{key}[]={enc(v)}" for v in data]
    if kind == "list":
        if style.explode:
            return [f"{key}={enc(v)}" for v in data]
        if not data:
            return []
        return [f"{key}=" + _delimiter(style.style).join(enc(v) for v in data)]
    if style.explode:
        return [f"{enc(k)}={enc(v)}" for k, v in data]
    if not data:
        return []
    return [
        f"{key}="
        + _delimiter(style.style).join(
            f"{enc(k)}{_delimiter(style.style)}{enc(v)}" for k, v in data
        )
    ]


def _delimiter(style: str) -> str:
    if style == "spaceDelimited":
        return "%20"
    if style == "pipeDelimited":
        return "|"
    return ","


def _deep(data: Any, prefix: str = "") -> List[Tuple[str, str]]:
    """deepObject pairs of a (nested) object: `a][b` keys, so `name[a][b]=v`; lists repeat."""
    pairs: List[Tuple[str, str]] = []
    for k, v in data.items():
        if not _given(v):
            continue
        key = f"{prefix}][{to_str(k)}" if prefix else to_str(k)
        v = plain(v)
        if isinstance(v, Mapping):
            pairs.extend(_deep(v, key))
        elif isinstance(v, (list, tuple)):
            pairs.extend((key, to_str(plain(item))) for item in v if _given(item))
        else:
            pairs.append((key, to_str(v)))
    return pairs


def query_string(
    params: Mapping[str, Any], styles: Optional[Mapping[Tuple[str, str], Style]] = None
) -> str:
    """The encoded query of an operation's query parameters (unset ones left out)."""
    pieces: List[str] = []
    for name, value in params.items():
        if _given(value):
            style = styles.get(("query", name), QUERY_DEFAULT) if styles else QUERY_DEFAULT
            pieces.extend(query_pairs(name, value, style))
    return "&".join(pieces)


# --- headers and cookies ------------------------------------------------------------------


def header_value(value: Any, style: Style = HEADER_DEFAULT) -> str:
    """Simple style: lists comma-joined, objects as `k,v` (`k=v` exploded), no encoding."""
    if style.content_type is not None:
        return _content(value, style.content_type)
    kind, data = _parts(value)
    if kind == "str":
        return str(data)
    if kind == "list":
        return ",".join(data)
    if style.explode:
        return ",".join(f"{k}={v}" for k, v in data)
    return ",".join(f"{k},{v}" for k, v in data)


def cookie_header(
    params: Mapping[str, Any], styles: Optional[Mapping[Tuple[str, str], Style]] = None
) -> Optional[str]:
    """The `Cookie` header of an operation's cookie parameters, `name=value` pairs joined by
    `; ` (form style; values percent-encoded, a list exploded into one pair per item)."""
    pieces: List[str] = []
    enc = _encoder(False)
    for name, value in params.items():
        if not _given(value):
            continue
        style = styles.get(("cookie", name), COOKIE_DEFAULT) if styles else COOKIE_DEFAULT
        if style.content_type is not None:
            pieces.append(f"{name}={enc(_content(value, style.content_type))}")
            continue
        kind, data = _parts(value)
        if kind == "str":
            pieces.append(f"{name}={enc(data)}")
        elif kind == "list" and style.explode:
            pieces.extend(f"{name}={enc(v)}" for v in data)
        elif kind == "list":
            pieces.append(f"{name}=" + ",".join(enc(v) for v in data))
        elif style.explode:
            pieces.extend(f"{enc(k)}={enc(v)}" for k, v in data)
        else:
            pieces.append(f"{name}=" + ",".join(f"{enc(k)},{enc(v)}" for k, v in data))
    return "; ".join(pieces) if pieces else None
