"""The SDK under test: the one place that names its package, client class and API key variable."""

from __future__ import annotations

from typing import Any

import orq_ai_sdk as package
from orq_ai_sdk import errors, utils
from orq_ai_sdk.utils import Unset

Client = package.Orq
API_KEY_ENV = "ORQ_API_KEY"
SERVER_URL_ENV = "ORQ_SERVER_URL"

__all__ = [
    "API_KEY_ENV",
    "Client",
    "SERVER_URL_ENV",
    "Unset",
    "errors",
    "package",
    "method",
    "utils",
]


def method(client: Any, resource: str, name: str, is_async: bool) -> Any:
    """The bound SDK method `client.<resource>.<name>` (or its `_async` twin)."""
    target = client
    for attribute in resource.split(".") if resource else ():
        target = getattr(target, attribute)
    return getattr(target, f"{name}_async" if is_async else name)
