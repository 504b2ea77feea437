"""Hostile specs: valid OpenAPI documents whose every text and name slot holds one kind of trouble.

Each hazard fills the same spec template: free text (titles, summaries, descriptions,
examples, defaults), names (properties, parameters, operation ids, components, tags),
enum values, a path segment and the server URL. Payloads that would run code refer to a
canary file; it must never appear.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Tuple

CANARY = "CANARY_PATH"  # replaced by the canary file's absolute path


@dataclass(frozen=True)
class Hazard:
    slug: str
    text: str
    names: Tuple[str, ...]
    enum: Tuple[Any, ...]
    path: str  # one path segment, no braces (they template parameters)
    server: str
    operation_ids: Tuple[str, str, str]
    components: Tuple[str, ...] = ("Item", "Detail", "Problem")  # must match ^[a-zA-Z0-9._-]+$
    scheme: str = "bearerAuth"  # security scheme key, same pattern
    fmt: str = "yaml"


@dataclass(frozen=True)
class HostileSpec:
    name: str
    package: str
    data: Dict[str, Any]
    fmt: str
    rejected_at: str = ""  # a pointer fragment the error must name; "" when the spec must generate


# Code that would run if spec text reached a module, a template or a shell unescaped.
_CODE = (
    '"""; import os; os.system("touch CANARY_PATH"); """',
    "'''; __import__('os').system('touch CANARY_PATH'); '''",
    '"); import os; os.system("touch CANARY_PATH"); print("',
    "\\\"\"\"; open('CANARY_PATH', 'w'); #",
    "{{ cycler.__init__.__globals__.os.popen('touch CANARY_PATH').read() }}",
    "{% import os %}{{ os.system('touch CANARY_PATH') }}",
    "*/ require('child_process').exec('touch CANARY_PATH') /*",
    "$(touch CANARY_PATH) `touch CANARY_PATH`",
    "<script>fetch('/?c=' + document.cookie)</script>",
)

HAZARDS: Tuple[Hazard, ...] = (
    Hazard(
        "quotes",
        text='Triple """double""" and \'\'\'single\'\'\' quotes, a "quote", \\"escaped\\", '
        "backslashes \\ \\\\ \\n \\t \\x00 \\N{BULLET} \\u0041 and a trailing backslash \\",
        names=('"""', "'''", 'say "hi"', "back\\slash", "trailing\\", '"', "'"),
        enum=('"""', "'''", "\\", 'a"b', "trailing\\"),
        path='q"""uote\'\'\'s',
        server='https://api.example.com/"""/\'\'\'',
        operation_ids=('get"""item', "post'''item\\", 'delete"item'),
    ),
    Hazard(
        "templates",
        text="{{ 7*7 }} {{ config }} {% if true %}yes{% endif %} {# comment #} {%- raw -%} {{ '{{' }} "
        "${HOME} $(id) %s %(x)s {0} */ /* #} %} }}",
        names=("{{x}}", "{%x%}", "{#x#}", "*/", "/*", "${x}", "%s", "{0}"),
        enum=("{{ 7*7 }}", "{% raw %}", "*/", "{#", "%}"),
        path="*/%s$(id)/*",
        server="https://api.example.com/*/$(id)",
        operation_ids=("{{get}}", "{%post%}", "{#delete#}"),
        fmt="json",
    ),
    Hazard(
        "markup",
        text='# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n<script>alert("x")</script>'
        "<img src=x onerror=alert(1)> <!-- comment --> -->\n```python\nimport os\n```\n"
        "[link](javascript:alert(1)) **bold** _it_ `code | pipe` \\| escaped pipe\n---\n~~~\n<br/>|",
        names=("a|b", "<script>", "`x`", "# h", "[x](y)", "-->", "|", "a\\|b"),
        enum=("a|b", "<b>bold</b>", "`tick`", "|", "-->", "\\|"),
        path="md|<b>pipe</b>",
        server="https://api.example.com/<script>|",
        operation_ids=("get|item", "<post>", "`delete`"),
    ),
    Hazard(
        "keywords",
        text="class None: def self(): import models; return True",
        names=(
            "class", "None", "def", "self", "models", "import", "True", "async", "await", "match", "type",
            "print", "utils", "errors", "__init__", "__class__", "model_config", "model_fields", "Optional",
            "Union", "response", "retries", "server_url", "http_headers", "timeout_ms", "api_key", "client",
            "_", "__", "0day", "", " ", "Class", "CLASS", "dict", "json", "copy", "schema", "validate",
            "list", "str", "Any", "Field", "BaseModel", "UNSET", "TypedDict", "stream", "request",
        ),
        enum=("class", "None", "True", "import", "", " "),
        path="class/None/import",
        server="https://api.example.com/def",
        operation_ids=("class", "import", "None"),
        components=("class", "None", "self", "models", "import", "Client", "Response", "BaseModel", "UNSET",
                    "__init__", "0day", "a.b-c", "Model", "True", "str", "List", "File", "Errors"),
        scheme="import",
        fmt="json",
    ),
    Hazard(
        "unicode",
        text="naïve café 日本語 مرحبا עברית \u202eevil\u202c \u2066isolate\u2069 \u200frtl mark\u200b zero width "
        "\ufeff bom 🎉 𝕏 e\u0301 \u2028 line sep \u2029 para sep \x85 NEL ﬁ ligature Ⅻ \U0001f600",
        names=("naïve", "café", "日本語", "مرحبا", "\u202eevil", "e\u0301", "ﬁle", "𝕏", "Ⅻ", "Δ", "🎉", "\u200b"),
        enum=("日本語", "\u202eevil\u202c", "🎉", "e\u0301", "\u2028", "\u2066"),
        path="café/日本語/\u202eevil",
        server="https://api.example.com/パス/\u202e",
        operation_ids=("naïveGet", "日本語", "\u202eevil"),
    ),
    Hazard(
        "controls",
        text="nul\x00 bell\x07 backspace\x08 vt\x0b ff\x0c esc\x1b[31mred\x1b[0m cr\r lf\n crlf\r\n del\x7f c1\x9b end",
        names=("nul\x00", "esc\x1b", "cr\r", "lf\n", "tab\t", "del\x7f", "\x00"),
        enum=("a\x00b", "\x1b[31m", "line\nbreak", "\r", "\x7f"),
        path="controls-free-path",
        server="https://api.example.com/controls-free",
        operation_ids=("get\x00item", "post\nitem", "delete\x1bitem"),
        fmt="json",
    ),
    Hazard(
        "code",
        text="\n".join(_CODE),
        names=tuple(p.replace(CANARY, "PWNED") for p in _CODE[:5]) + ("os.system", "__import__"),
        enum=_CODE[:4],
        path='"""; import os; os.system("touch PWNED"); """',
        server='https://api.example.com/""";import(os);os.system("touch+PWNED");"""',
        operation_ids=(_CODE[0].replace(CANARY, "PWNED"), _CODE[1].replace(CANARY, "PWNED"), _CODE[2].replace(CANARY, "PWNED")),
    ),
)


def hostile_specs(canary: str) -> List[HostileSpec]:
    """Every hazard as a spec that must generate, plus specs that must be refused with a place."""
    specs = [HostileSpec(h.slug, f"hostile_{h.slug}", _spec(h, canary), h.fmt) for h in HAZARDS]
    return specs + _refused(canary)


def _fill(text: str, canary: str) -> str:
    return text.replace(CANARY, canary)


def _spec(h: Hazard, canary: str) -> Dict[str, Any]:
    text = _fill(h.text, canary)
    enum = [_fill(v, canary) if isinstance(v, str) else v for v in h.enum]
    item, detail, problem = h.components[:3]
    properties = {
        name: {"type": "string", "title": text, "description": text, "example": text, "default": text}
        for name in h.names
    }
    properties.update(
        {
            f"{h.names[0]}-enum": {"type": "string", "enum": enum, "description": text, "example": enum[0]},
            f"{h.names[0]}-const": {"const": enum[1], "description": text},
            f"{h.names[0]}-nullable": {"type": ["string", "null"], "description": text},
            f"{h.names[0]}-list": {"type": "array", "items": _ref(detail), "description": text},
            f"{h.names[0]}-map": {"type": "object", "additionalProperties": {"type": "integer"}, "description": text},
            f"{h.names[0]}-union": {"oneOf": [_ref(detail), {"type": "integer"}], "description": text},
            f"{h.names[0]}-nested": {
                "type": "object",
                "description": text,
                "properties": {name: {"type": "integer", "description": text} for name in h.names[:3]},
            },
        }
    )
    extra = {name: {"type": "object", "description": text, "properties": {"value": {"type": "string", "description": text}}} for name in h.components[3:]}
    schemas: Dict[str, Any] = {
        item: {"type": "object", "title": text, "description": text, "required": [h.names[0]], "properties": properties, "example": {h.names[0]: text}},
        detail: {"type": "object", "description": text, "properties": {name: {"type": "string", "description": text} for name in h.names}},
        problem: {"type": "object", "description": text, "required": ["message"], "properties": {"message": {"type": "string", "description": text}}},
        **extra,
    }
    first_id, second_id, third_id = (_fill(o, canary) for o in h.operation_ids)
    query = [
        {"name": name, "in": "query", "description": text, "example": text, "schema": {"type": "string", "default": text}}
        for name in h.names
    ]
    item_path = f"/items/{{item_id}}/{h.path}"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": text,
            "version": text,
            "summary": text,
            "description": text,
            "contact": {"name": text},
            "license": {"name": text},
        },
        "servers": [{"url": _fill(h.server, canary), "description": text}],
        "tags": [{"name": text, "description": text}],
        "security": [{h.scheme: []}],
        "paths": {
            item_path: {
                "summary": text,
                "description": text,
                "parameters": [{"name": "item_id", "in": "path", "required": True, "description": text, "schema": {"type": "string"}}],
                "get": {
                    "operationId": first_id,
                    "summary": text,
                    "description": text,
                    "tags": [text],
                    "parameters": query + [{"name": "X-Trace-Id", "in": "header", "description": text, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": text, "content": _json(_ref(item), {h.names[0]: text})},
                        "404": {"description": text, "content": _json(_ref(problem))},
                    },
                },
                "post": {
                    "operationId": second_id,
                    "summary": text,
                    "description": text,
                    "deprecated": True,
                    "requestBody": {"description": text, "required": True, "content": _json(_ref(item), {h.names[0]: text})},
                    "responses": {"201": {"description": text, "content": _json(_ref(detail))}, "default": {"description": text}},
                },
                "delete": {"operationId": third_id, "summary": text, "responses": {"204": {"description": text}}},
            },
            f"/{h.path}/stream": {
                "post": {
                    "operationId": f"{first_id}-stream",
                    "description": text,
                    "requestBody": {"content": _json({"type": "object", "properties": {"stream": {"type": "boolean"}, h.names[0]: {"type": "string", "description": text}}})},
                    "responses": {
                        "200": {
                            "description": text,
                            "content": {
                                **_json(_ref(detail)),
                                "text/event-stream": {"schema": _ref(detail), "x-speakeasy-sse-sentinel": text},
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {h.scheme: {"type": "http", "scheme": "bearer", "description": text}},
        },
    }


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Dict[str, Any], example: Any = None) -> Dict[str, Any]:
    return {"application/json": {"schema": schema, **({"example": example} if example is not None else {})}}


def _refused(canary: str) -> List[HostileSpec]:
    """Hostile text where the spec's rules or HTTP itself forbid it: a clear error, naming the place."""
    base = _spec(HAZARDS[0], canary)
    cases: List[Tuple[str, Sequence[str], Any, str]] = [
        ("component-name", ("components", "schemas"), {'Item"""; import os': {"type": "object"}}, "components/schemas"),
        ("scheme-name", ("components", "securitySchemes"), {'bearer"""': {"type": "http", "scheme": "bearer"}}, "securitySchemes"),
        ("header-name", ("components", "securitySchemes"), {"bearerAuth": {"type": "apiKey", "in": "header", "name": 'X-Key"""\n: injected'}}, "securitySchemes/bearerAuth"),
        ("server-url", ("servers",), [{"url": "https://api.example.com/\nHost: evil.example"}], "servers/0/url"),
    ]
    specs = []
    for name, where, value, pointer in cases:
        data = _copy(base)
        target = data
        for key in where[:-1]:
            target = target[key]
        if isinstance(value, dict) and isinstance(target.get(where[-1]), dict):
            target[where[-1]] = {**target[where[-1]], **value}
        else:
            target[where[-1]] = value
        specs.append(HostileSpec(f"refused-{name}", f"refused_{name.replace('-', '_')}", data, "yaml", rejected_at=pointer))
    path_data = _copy(base)
    path_data["paths"] = {"/items/ctrl\x00\r\nX-Injected: 1": path_data["paths"][next(iter(path_data["paths"]))]}
    path_data["paths"][next(iter(path_data["paths"]))].pop("parameters")
    specs.append(HostileSpec("refused-path-controls", "refused_path_controls", path_data, "json", rejected_at="paths"))
    return specs


def _copy(data: Any) -> Any:
    return copy.deepcopy(data)
