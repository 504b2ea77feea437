"""View data for the package's metadata (pyproject.toml): every value a TOML literal."""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from openapi_sdkgen.emit.pytext import toml_string
from openapi_sdkgen.model import ir

PYTHON_VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")  # the SDK's floor and the releases it is typed for
DEPENDENCIES = ("httpx>=0.27,<1", "pydantic>=2.11,<3", "pydantic-core>=2.33,<3", "typing-extensions>=4.12")  # every package the SDK imports
_BASE_CLASSIFIERS = (
    "Intended Audience :: Developers",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    *(f"Programming Language :: Python :: {v}" for v in PYTHON_VERSIONS),
    "Topic :: Software Development :: Libraries :: Python Modules",
    "Typing :: Typed",
)
_AUTHOR = re.compile(r"^\s*(?P<name>[^<]*?)\s*(<(?P<email>[^>]+)>)?\s*$")


def package_view(config: ir.SdkConfig, comment: str) -> Dict[str, object]:
    return {
        "comment": comment,
        "name": toml_string(config.distribution),
        "version": toml_string(config.version),
        "description": toml_string(config.description),
        "license": toml_string(config.license),
        "license_file": bool(config.license_text),
        "requires_python": toml_string(">=" + PYTHON_VERSIONS[0]),
        "authors": [_author(text) for text in config.authors],
        "dependencies": [toml_string(d) for d in DEPENDENCIES],
        "classifiers": [toml_string(c) for c in dict.fromkeys((*_BASE_CLASSIFIERS, *config.classifiers))],
        "urls": [(toml_string(label), toml_string(url)) for label, url in _urls(config)],
        "package": config.package,
    }


def _author(text: str) -> str:
    """`Name <email>` -> `{ name = "Name", email = "email" }` (either part may be missing)."""
    match = _AUTHOR.match(text)
    name, email = (match.group("name"), match.group("email")) if match else (text, None)
    parts = ([f"name = {toml_string(name)}"] if name else []) + ([f"email = {toml_string(email)}"] if email else [])
    return "{ " + ", ".join(parts) + " }"


def _urls(config: ir.SdkConfig) -> List[Tuple[str, str]]:
    given = dict(config.urls)
    return ([("Repository", config.repository)] if config.repository and "Repository" not in given else []) + list(given.items())
