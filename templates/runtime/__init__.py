"""Runtime helpers shared by the generated SDK (copied verbatim as `<pkg>/utils/`).

Each name is imported from its module on first use, so importing the SDK imports
neither pydantic nor the streaming and file helpers until a call needs them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any, Dict, List

if TYPE_CHECKING:
    from .basemodel import BaseModel, UnknownVariant, validate_arguments, validate_request
    from .client import (
        BaseResource,
        BaseSDK,
        Operation,
        SDKClient,
        SDKConfiguration,
        is_event_stream,
        json_decoder,
        unmarshal_json,
        unmarshal_response,
    )
    from .datetimes import parse_datetime
    from .errors import (
        APIConnectionError,
        APIError,
        APITimeoutError,
        ResponseValidationError,
        SDKValidationError,
    )
    from .eventstream import AsyncEventStream, EventStream, ServerSentEvent
    from .files import File, FileTypedDict, RawContent
    from .hooks import HookContext, Hooks
    from .logger import Logger
    from .pagination import AsyncPage, Page, Paging
    from .response import (
        APIResponse,
        AsyncAPIResponse,
        AsyncBinaryResponse,
        BinaryResponse,
        RawResponses,
    )
    from .params import Style
    from .retries import BackoffStrategy, RetryConfig
    from .security import Auth, ClientCredentials, Scheme
    from .servers import Server, ServerVariable, select_server
    from .types import UNSET, Nullable, OptionalNullable, Unset

_MODULES: Dict[str, str] = {
    "APIConnectionError": "errors",
    "APIError": "errors",
    "APIResponse": "response",
    "APITimeoutError": "errors",
    "AsyncAPIResponse": "response",
    "AsyncBinaryResponse": "response",
    "AsyncEventStream": "eventstream",
    "AsyncPage": "pagination",
    "Auth": "security",
    "BackoffStrategy": "retries",
    "BaseModel": "basemodel",
    "BaseResource": "client",
    "BaseSDK": "client",
    "BinaryResponse": "response",
    "ClientCredentials": "security",
    "EventStream": "eventstream",
    "File": "files",
    "FileTypedDict": "files",
    "HookContext": "hooks",
    "Hooks": "hooks",
    "Logger": "logger",
    "Nullable": "types",
    "Operation": "client",
    "OptionalNullable": "types",
    "Page": "pagination",
    "Paging": "pagination",
    "RawContent": "files",
    "RawResponses": "response",
    "ResponseValidationError": "errors",
    "RetryConfig": "retries",
    "SDKClient": "client",
    "SDKConfiguration": "client",
    "SDKValidationError": "errors",
    "Scheme": "security",
    "Server": "servers",
    "ServerSentEvent": "eventstream",
    "ServerVariable": "servers",
    "Style": "params",
    "UNSET": "types",
    "UnknownVariant": "basemodel",
    "Unset": "types",
    "is_event_stream": "client",
    "json_decoder": "client",
    "parse_datetime": "datetimes",
    "select_server": "servers",
    "unmarshal_json": "client",
    "unmarshal_response": "client",
    "validate_arguments": "basemodel",
    "validate_request": "basemodel",
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncAPIResponse",
    "AsyncBinaryResponse",
    "AsyncEventStream",
    "AsyncPage",
    "Auth",
    "BackoffStrategy",
    "BaseModel",
    "BaseResource",
    "BaseSDK",
    "BinaryResponse",
    "ClientCredentials",
    "EventStream",
    "File",
    "FileTypedDict",
    "HookContext",
    "Hooks",
    "Logger",
    "Nullable",
    "Operation",
    "OptionalNullable",
    "Page",
    "Paging",
    "RawContent",
    "RawResponses",
    "ResponseValidationError",
    "RetryConfig",
    "SDKClient",
    "SDKConfiguration",
    "SDKValidationError",
    "Scheme",
    "Server",
    "ServerSentEvent",
    "ServerVariable",
    "Style",
    "UNSET",
    "UnknownVariant",
    "Unset",
    "is_event_stream",
    "json_decoder",
    "parse_datetime",
    "select_server",
    "unmarshal_json",
    "unmarshal_response",
    "validate_arguments",
    "validate_request",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> List[str]:
    return __all__
