"""The generation config (`sdk.yaml`): package and class names, version, env prefix."""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from typing import Any, Dict, Optional

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model.ir import SdkConfig
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.model.naming import class_name, snake

_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_VERSION = re.compile(r"^\d+(\.\d+)*([abc]|rc|\.dev|\.post)?\d*$")
_ENV = re.compile(r"^[A-Z][A-Z0-9_]*$")


def load_config(path: Optional[Path], title: str) -> SdkConfig:
    """Read `path`, or derive every setting from the spec's title when there is no file."""
    data: Dict[str, Any] = load_document(path).data if path else {}
    base = snake(title) or "sdk"
    if keyword.iskeyword(base) or base[0].isdigit():
        base = f"sdk_{base}" if base[0].isdigit() else f"{base}_sdk"  # "Import", "3D Printer": still importable
    values = {
        "package": str(data.get("package") or base),
        "distribution": str(data.get("distribution") or base.replace("_", "-")),
        "sdk_class": str(data.get("sdk_class") or class_name(title) or "SDK"),
        "env_prefix": str(data.get("env_prefix") or base.upper()),
        "version": str(data.get("version") or "0.1.0"),
        "description": str(data.get("description") or f"Python client for {title}"),
        "author": str(data.get("author") or ""),
        "license": str(data.get("license") or "MIT"),
    }
    problems = [
        (key, message)
        for key, pattern, message in (
            ("package", _PACKAGE, "must be a lower-case Python identifier"),
            ("distribution", _DISTRIBUTION, "must be a valid distribution name"),
            ("version", _VERSION, "must be a PEP 440 version such as 1.2.3"),
            ("env_prefix", _ENV, "must be upper case letters, digits and underscores"),
        )
        if not pattern.match(values[key])
    ]
    if keyword.iskeyword(values["package"]):
        problems.append(("package", "must not be a Python keyword"))
    if not values["sdk_class"].isidentifier():
        problems.append(("sdk_class", "must be a Python identifier"))
    if problems:
        raise GeneratorError([Diagnostic("error", f"{key} {message}", (key,), str(path or "")) for key, message in problems])
    return SdkConfig(**values)
