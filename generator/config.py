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
    rule: Optional[Tuple[Pattern[str], str]] = None  # (pattern, what the value must be)


KEYS = (
    Key("package", "the import name of the generated package", "the spec's title in snake_case", (re.compile(r"^[a-z_][a-z0-9_]*$"), "a lower-case Python identifier")),
    Key("distribution", "the package's name on the package index", "the spec's title in kebab-case", (re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$"), "a valid distribution name (letters, digits, `.`, `_`, `-`)")),
    Key("sdk_class", "the client class users instantiate", "the spec's title in PascalCase", (re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$"), "a Python identifier")),
    Key("env_prefix", "prefix of the environment variables the client reads (`<PREFIX>_API_KEY`, `<PREFIX>_SERVER_URL`, `<PREFIX>_DEBUG`)", "the spec's title in SCREAMING_SNAKE_CASE", (re.compile(r"^[A-Z][A-Z0-9_]*$"), "upper-case letters, digits and underscores")),
    Key("version", "the package's version; changing it names the changelog's `Unreleased` section", "`0.1.0`", (re.compile(r"^\d+(\.\d+)*([abc]|rc|\.dev|\.post)?\d*$"), "a PEP 440 version such as 1.2.3")),
    Key("description", "the package's one-line summary on the package index", "`Python client for <title>`"),
    Key("author", "the package's author", "none"),
    Key("license", "the package's SPDX license expression", "`MIT`"),
)
_BY_NAME = {key.name: key for key in KEYS}


def load_config(path: Optional[Path], title: str) -> SdkConfig:
    """Read `path`, or derive every setting from the spec's title when there is no file."""
    document = load_document(path, "config") if path else None
    data: Dict[str, Any] = document.data if document else {}
    problems = _unknown_keys(data) + _non_text_values(data)
    values = {key.name: str(data[key.name]) if data.get(key.name) not in (None, "") else default for key, default in zip(KEYS, _defaults(title))}
    problems += [problem for key in KEYS for problem in _invalid(key, values[key.name], key.name in data)]
    if problems:
        raise GeneratorError([Diagnostic("error", message, (key,), str(path or ""), document.line_of([key]) if document else None) for key, message in problems])
    return SdkConfig(**values)


def describe_keys() -> str:
    """The config's keys as a markdown table: key, meaning, default."""
    rows = [f"| `{key.name}` | {key.meaning} | {key.default} |" for key in KEYS]
    return "\n".join(["| key | meaning | default |", "|---|---|---|", *rows]) + "\n"


def _defaults(title: str) -> List[str]:
    base = snake(title) or "sdk"
    if keyword.iskeyword(base) or base[0].isdigit():
        base = f"sdk_{base}" if base[0].isdigit() else f"{base}_sdk"  # "Import", "3D Printer": still importable
    return [base, base.replace("_", "-"), class_name(title) or "SDK", base.upper(), "0.1.0", f"Python client for {title}", "", "MIT"]


def _unknown_keys(data: Dict[str, Any]) -> List[Tuple[str, str]]:
    problems = []
    for name in data:
        if str(name) not in _BY_NAME:
            near = difflib.get_close_matches(str(name), list(_BY_NAME), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; the keys are {', '.join(_BY_NAME)}"
            problems.append((str(name), f"unknown config key {str(name)!r}{hint}"))
    return problems


def _non_text_values(data: Dict[str, Any]) -> List[Tuple[str, str]]:
    return [(str(name), f"{name} must be a text value, not {value!r}") for name, value in data.items() if str(name) in _BY_NAME and not _is_text(value)]


def _is_text(value: Any) -> bool:
    """A string, or a number YAML read from one (`version: 1.0`)."""
    return value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _invalid(key: Key, value: str, given: bool) -> List[Tuple[str, str]]:
    origin = f"{key.name} {value!r}" if given else f"{key.name} {value!r} (derived from the spec's title; set it in the config)"
    if key.rule is not None and not key.rule[0].match(value):
        return [(key.name, f"{origin} must be {key.rule[1]}")]
    if key.name in ("package", "sdk_class") and keyword.iskeyword(value):
        return [(key.name, f"{origin} must not be a Python keyword")]
    return []
