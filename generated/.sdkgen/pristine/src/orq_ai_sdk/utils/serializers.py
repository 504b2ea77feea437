"""Request encoding: JSON, multipart and form bodies, query strings and path parameters."""

import json
import re
from typing import IO, TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import quote

from .params import PATH_DEFAULT, Style, path_value, query_pairs, QUERY_DEFAULT
from .params import header_value as header_value
from .params import to_str as _to_str
from .types import Unset

if TYPE_CHECKING:  # pydantic is imported on first use: importing the SDK stays cheap
    import pydantic

FilePart = Tuple[str, Tuple[Optional[str], Union[bytes, IO[bytes]], Optional[str]]]

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def json_body(body: Any) -> bytes:
    """JSON bytes of a model (through its wire serializer) or of plain data."""
    import pydantic
    import pydantic_core

    if isinstance(body, pydantic.BaseModel):
        # model_dump_json() as bytes (no str round trip); the defaults left out natively
        # the body itself as the context: its nested models add their defaults, it does not
        return body.__pydantic_serializer__.to_json(body, exclude_defaults=True, context=body)
    return pydantic_core.to_json(body)


def multipart_body(
    model: "pydantic.BaseModel", part_types: Optional[Mapping[str, str]] = None
) -> Tuple[List[Tuple[str, str]], List[FilePart]]:
    """Split a model into (form fields, file parts) for a multipart/form-data body.

    File fields are taken from the model itself, so bytes and file objects are
    passed through untouched; every other field is dumped in JSON mode, which
    gives wire values (enum values, ISO dates) and applies UNSET/None rules.
    As Speakeasy sends them: an array of files or of plain values repeats its part
    under `name[]`, and an object (or an array of objects) is one JSON part with
    `Content-Type: application/json`. `part_types` (by wire name, from the body's
    `encoding`) gives the type of a file part whose `File` names none.
    """
    from .files import File

    files: List[FilePart] = []
    file_fields = set()
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        if items and all(isinstance(item, File) for item in items):
            file_fields.add(name)
            key = field.serialization_alias or field.alias or name
            key = key + "[]" if isinstance(value, list) else key
            wire = field.serialization_alias or field.alias or name
            default_type = part_types.get(wire) if part_types else None
            files.extend(
                (key, (f.file_name, f.content, f.content_type or default_type)) for f in items
            )
    data: List[Tuple[str, str]] = []
    fields = model.model_dump(
        mode="json", exclude=file_fields, exclude_defaults=True, context=model
    )
    for key, value in fields.items():
        if value is None:
            continue  # a form has no null
        if isinstance(value, list) and all(_is_primitive(item) for item in value):
            data.extend((key + "[]", _to_str(item)) for item in value)
        elif isinstance(value, (dict, list)):
            encoded = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            files.append((key, (None, encoded, "application/json")))
        else:
            data.append((key, _to_str(value)))
    return data, files


def _is_primitive(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def query_params(params: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Form style, explode=true: lists repeat the key, objects become key=value pairs."""
    import pydantic

    pairs: List[Tuple[str, str]] = []
    for key, value in params.items():
        if isinstance(value, pydantic.BaseModel):
            value = value.model_dump(mode="json", exclude_defaults=True, context=value)
        if value is None or isinstance(value, Unset):
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend((key, _to_str(item)) for item in value if item is not None)
        elif isinstance(value, dict):
            pairs.extend(
                (k, _to_str(v))
                for k, v in value.items()
                if v is not None and not isinstance(v, Unset)
            )
        else:
            pairs.append((key, _to_str(value)))
    return pairs


def form_body(model: Any) -> List[Tuple[str, str]]:
    """Fields of an application/x-www-form-urlencoded body (same rules as a query)."""
    import pydantic

    if isinstance(model, pydantic.BaseModel):
        model = model.model_dump(mode="json", exclude_defaults=True, context=model)
    return query_params(model)


def form_encoded(model: Any, styles: Optional[Mapping[str, Style]] = None) -> bytes:
    """An application/x-www-form-urlencoded body: each field per its `encoding` (`styles`, by
    wire name; form with explode by default), percent-encoded as a query is, spaces as `+`."""
    import pydantic

    if isinstance(model, pydantic.BaseModel):
        model = model.model_dump(mode="json", exclude_defaults=True, context=model)
    pieces: List[str] = []
    for key, value in model.items():
        if value is not None and not isinstance(value, Unset):
            style = styles.get(key, QUERY_DEFAULT) if styles else QUERY_DEFAULT
            pieces.extend(query_pairs(key, value, style))
    # as the media type writes them (WHATWG URL standard), unlike a query: a space as `+`,
    # and a comma (the delimiter of a form field without explode) percent-encoded
    return "&".join(pieces).replace("%20", "+").replace(",", "%2C").encode("ascii")


def path(
    template: str,
    params: Mapping[str, Any],
    styles: Optional[Mapping[Tuple[str, str], Style]] = None,
) -> str:
    """Fill `{name}` placeholders: a string url-quoted (slashes included), anything else (or
    a parameter with a declared style) expanded per its style (simple by default)."""

    def fill(match: "re.Match[str]") -> str:
        name = match.group(1)
        value = params.get(name)
        if value is None or isinstance(value, Unset):
            raise ValueError(f"missing path parameter {name!r}")
        style = styles.get(("path", name)) if styles else None
        if style is None:
            if isinstance(value, str):
                return quote(value, safe="")
            style = PATH_DEFAULT
        return path_value(name, value, style)

    return _PATH_PARAM.sub(fill, template)


def multipart_without_files(fields: Dict[str, List[str]], boundary: str) -> bytes:
    """Encode text-only multipart/form-data (httpx would send such data url-encoded)."""
    lines = []
    for name, values in fields.items():
        quoted = (
            name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        )
        disposition = f'Content-Disposition: form-data; name="{quoted}"'
        for value in values:
            lines.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n")
    lines.append(f"--{boundary}--\r\n")
    return "".join(lines).encode("utf-8")
