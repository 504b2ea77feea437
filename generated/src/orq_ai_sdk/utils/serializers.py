"""Request encoding: JSON, multipart and form bodies, query strings and path parameters."""

import json
import re
from datetime import date, datetime
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import quote

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
    model: "pydantic.BaseModel",
) -> Tuple[List[Tuple[str, str]], List[FilePart]]:
    """Split a model into (form fields, file parts) for a multipart/form-data body.

    File fields are taken from the model itself, so bytes and file objects are
    passed through untouched; every other field is dumped in JSON mode, which
    gives wire values (enum values, ISO dates) and applies UNSET/None rules.
    As Speakeasy sends them: an array of files or of plain values repeats its part
    under `name[]`, and an object (or an array of objects) is one JSON part with
    `Content-Type: application/json`.
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
            files.extend((key, (f.file_name, f.content, f.content_type)) for f in items)
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


def _to_str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _to_str(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


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


def path(template: str, params: Mapping[str, Any]) -> str:
    """Fill `{name}` placeholders with url-quoted values (slashes included)."""

    def fill(match: "re.Match[str]") -> str:
        value = params.get(match.group(1))
        if value is None or isinstance(value, Unset):
            raise ValueError(f"missing path parameter {match.group(1)!r}")
        return quote(_to_str(value), safe="")

    return _PATH_PARAM.sub(fill, template)


def header_value(value: Any) -> str:
    """Simple style: lists comma-joined, booleans lowercase."""
    if isinstance(value, (list, tuple)):
        return ",".join(_to_str(item) for item in value)
    return _to_str(value)


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
