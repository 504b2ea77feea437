"""The generation config (`sdk.yaml`): package and class names, version, env prefix, metadata.

Every key is declared once, in KEYS, with what it means and its default: the loader rejects
any other key (with the nearest known one), `sdkgen config` prints the table, and the
README's table is checked against it.
"""

from __future__ import annotations

import difflib
import keyword
import re
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Pattern, Tuple

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model.ir import SdkConfig
from openapi_sdkgen.model.naming import class_name, snake
from openapi_sdkgen.spec.load import load_document


class Key(NamedTuple):
    name: str
    meaning: str
    default: str  # how the default is derived, for people
    rule: Optional[Tuple[Pattern[str], str]] = None  # (pattern, what each value must be)
    kind: str = "text"  # "text", "list" (of texts), "map" (of texts to texts) or "flag" (true/false)


_URL = (re.compile(r"^https?://[^\s]+$"), "an http(s) URL")


KEYS = (
    Key("package", "the import name of the generated package", "the spec's title in snake_case", (re.compile(r"^[a-z_][a-z0-9_]*$"), "a lower-case Python identifier")),
    Key("distribution", "the package's name on the package index", "the spec's title in kebab-case", (re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$"), "a valid distribution name (letters, digits, `.`, `_`, `-`)")),
    Key("sdk_class", "the client class users instantiate", "the spec's title in PascalCase", (re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$"), "a Python identifier")),
    Key("env_prefix", "prefix of the environment variables the client reads (`<PREFIX>_API_KEY`, `<PREFIX>_SERVER_URL`, `<PREFIX>_DEBUG`)", "the spec's title in SCREAMING_SNAKE_CASE", (re.compile(r"^[A-Z][A-Z0-9_]*$"), "upper-case letters, digits and underscores")),
    Key("version", "the package's version; changing it names the changelog's `Unreleased` section", "`0.1.0`", (re.compile(r"^\d+(\.\d+)*([abc]|rc|\.dev|\.post)?\d*$"), "a PEP 440 version such as 1.2.3")),
    Key("description", "the package's one-line summary on the package index", "`Python client for <title>`"),
    Key("authors", "the package's authors, each `Name <email>` or a name", "none", kind="list"),
    Key("license", "the package's SPDX license expression", "`MIT`", (re.compile(r"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$"), "an SPDX license expression such as MIT or Apache-2.0")),
    Key("license_file", "a file (relative to the config) whose text the package ships as LICENSE", "the MIT text for `MIT`, else none", kind="text"),
    Key("repository", "the source repository's URL: the package's Repository link, and absolute links in its long description", "none", _URL),
    Key("urls", "more links for the package index (`Documentation: https://...`)", "none", _URL, kind="map"),
    Key("classifiers", "trove classifiers added to the package's own (Python versions, typed)", "none", kind="list"),
    Key("docs_layout", "the layout of the reference pages: `classic` (a resource page titled by its path, `Router.Images.Generations`; errors fall back to `errors.APIError`) or `current` (titled by its last name with its path below, `# Images` and `(*images*)`; errors fall back to `errors.<sdk_class>DefaultError`), as Speakeasy's docs of each generation", "`classic`", (re.compile(r"^(classic|current)$"), "one of classic, current")),
    Key("naming", "the naming convention (DESIGN section 4): `speakeasy` (groups from `x-speakeasy-group` or the first tag, methods from `x-speakeasy-name-override` or the operationId, bodies as arguments as Speakeasy takes them), `resource` (names from the URL paths), or `auto`", "`auto`: `speakeasy` when the spec uses x-speakeasy-* extensions, else `resource`", (re.compile(r"^(auto|speakeasy|resource)$"), "one of auto, speakeasy, resource")),
    Key("overlays", "OpenAPI Overlay 1.0 documents applied to the spec before validation, in order (paths relative to the config file); `--overlay FILE` adds more after them", "none", kind="list"),
    Key("infer_pagination", "page list operations whose parameters and response have a common pagination shape (cursor, offset, page, next URL, `Link` header); each is reported", "`true`", kind="flag"),
    Key("no_pagination", "operationIds whose methods return a single page even though they are paginated", "none", kind="list"),
    Key("idempotency_header", "the header (e.g. `Idempotency-Key`) of an idempotency key that every POST and PATCH sends, generated once per call and reused by its retries, so that they are retried on every failure the retry rules name (else only where the request was not processed); an operation's own header parameter of that name, or named `Idempotency-Key`, gets it too", "none", (re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$"), "an HTTP header name")),
)
_BY_NAME = {key.name: key for key in KEYS}


def load_config(path: Optional[Path], title: str) -> SdkConfig:
    """Read `path`, or derive every setting from the spec's title when there is no file."""
    document = load_document(path, "config") if path else None
    data: Dict[str, Any] = document.data if document else {}
    problems = _unknown_keys(data) + [problem for key in KEYS if key.name in data for problem in _ill_typed(key, data[key.name])]
    usable = {name: value for name, value in data.items() if name in _BY_NAME and not _ill_typed(_BY_NAME[name], value)}
    values = _values(usable, title)
    problems += [problem for key in KEYS for problem in _invalid(key, values[key.name], key.name in usable)]
    license_text = ""
    if not problems:
        license_text, problems = _license_text(values, path)
    if problems:
        raise GeneratorError([Diagnostic("error", message, (key,), str(path or ""), document.line_of([key]) if document else None) for key, message in problems])
    text = {name: value for name, value in values.items() if isinstance(value, str) and name != "license_file"}
    return SdkConfig(
        **text,
        authors=tuple(values["authors"]),
        urls=tuple(values["urls"].items()),
        classifiers=tuple(values["classifiers"]),
        license_text=license_text,
        infer_pagination=values["infer_pagination"],
        no_pagination=tuple(values["no_pagination"]),
    )


def config_overlays(path: Optional[Path]) -> List[Path]:
    """The overlay files the config names (`overlays`), relative to the config's directory."""
    if path is None:
        return []
    document = load_document(path, "config")
    given = document.data.get("overlays")
    problems = _ill_typed(_BY_NAME["overlays"], given) if "overlays" in document.data else []
    if problems:
        raise GeneratorError([Diagnostic("error", message, (key,), str(path), document.line_of([key])) for key, message in problems])
    return [path.parent / str(name) for name in ([given] if _is_text(given) and given else given or [])]


def describe_keys() -> str:
    """The config's keys as a markdown table: key, meaning, default."""
    rows = [f"| `{key.name}` | {key.meaning} | {key.default} |" for key in KEYS]
    return "\n".join(["| key | meaning | default |", "|---|---|---|", *rows]) + "\n"


def _defaults(title: str) -> List[Any]:
    base = snake(title) or "sdk"
    if keyword.iskeyword(base) or base[0].isdigit():
        base = f"sdk_{base}" if base[0].isdigit() else f"{base}_sdk"  # "Import", "3D Printer": still importable
    return [base, base.replace("_", "-"), class_name(title) or "SDK", base.upper(), "0.1.0", f"Python client for {title}", "", "MIT", "", "", "", "", "classic", "auto", "", True, "", ""]


def _unknown_keys(data: Dict[str, Any]) -> List[Tuple[str, str]]:
    problems = []
    for name in data:
        if str(name) not in _BY_NAME:
            near = difflib.get_close_matches(str(name), list(_BY_NAME), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; the keys are {', '.join(_BY_NAME)}"
            problems.append((str(name), f"unknown config key {str(name)!r}{hint}"))
    return problems


def _ill_typed(key: Key, value: Any) -> List[Tuple[str, str]]:
    if key.kind == "flag":
        return [] if value is None or isinstance(value, bool) else [(key.name, f"{key.name} must be true or false, not {value!r}")]
    if value is None or _is_text(value):
        return []
    if key.kind == "list" and isinstance(value, list) and all(_is_text(item) for item in value):
        return []
    if key.kind == "map" and isinstance(value, dict) and all(_is_text(item) for item in value.values()):
        return []
    expected = {"text": "a text value", "list": "a text or a list of texts", "map": "a mapping of names to texts"}[key.kind]
    return [(key.name, f"{key.name} must be {expected}, not {value!r}")]


def _is_text(value: Any) -> bool:
    """A string, or a number YAML read from one (`version: 1.0`)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _values(data: Dict[str, Any], title: str) -> Dict[str, Any]:
    """Each key's value: the config's, else its default; lists and maps of texts."""
    values: Dict[str, Any] = {}
    for key, default in zip(KEYS, _defaults(title)):
        given = data.get(key.name)
        if key.kind == "list":
            values[key.name] = [str(item) for item in ([given] if _is_text(given) else given or [])]
        elif key.kind == "flag":
            values[key.name] = default if given is None else given
        elif key.kind == "map":
            values[key.name] = {str(name): str(url) for name, url in (given or {}).items()}
        else:
            values[key.name] = str(given) if given not in (None, "") else default
    return values


def _license_text(values: Dict[str, Any], path: Optional[Path]) -> Tuple[str, List[Tuple[str, str]]]:
    """The LICENSE the package ships: the config's file, else the MIT text for MIT, else none."""
    if values["license_file"]:
        source = (path.parent if path else Path.cwd()) / values["license_file"]
        try:
            return source.read_text(encoding="utf-8"), []
        except (OSError, UnicodeDecodeError) as exc:
            return "", [("license_file", f"cannot read license_file {str(source)!r}: {getattr(exc, 'strerror', None) or exc}")]
    if values["license"] == "MIT":
        return _MIT.format(holder=", ".join(values["authors"]) or f"the {values['distribution']} authors"), []
    return "", []


def _invalid(key: Key, value: Any, given: bool) -> List[Tuple[str, str]]:
    if key.kind == "flag":
        return []
    if key.kind != "text":
        items = value.values() if isinstance(value, dict) else value
        return [(key.name, f"{key.name}: {item!r} must be {key.rule[1]}") for item in items if key.rule is not None and not key.rule[0].match(item)]
    origin = f"{key.name} {value!r}" if given else f"{key.name} {value!r} (derived from the spec's title; set it in the config)"
    if key.rule is not None and value and not key.rule[0].match(value):
        return [(key.name, f"{origin} must be {key.rule[1]}")]
    if key.name in ("package", "sdk_class") and keyword.iskeyword(value):
        return [(key.name, f"{origin} must not be a Python keyword")]
    return []


_MIT = """MIT License

Copyright (c) {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
