"""Runtime helpers shared by the generated SDK (copied verbatim as `<pkg>/utils/`)."""

from .client import (
    BaseResource,
    BaseSDK,
    Operation,
    SDKClient,
    SDKConfiguration,
    json_decoder,
    unmarshal_json,
)
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ResponseValidationError,
)
from .eventstream import AsyncEventStream, EventStream, ServerSentEvent
from .files import File, FileTypedDict
from .hooks import HookContext, Hooks
from .logger import Logger
from .retries import BackoffStrategy, RetryConfig
from .types import UNSET, BaseModel, Nullable, OptionalNullable, Unset

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncEventStream",
    "BackoffStrategy",
    "BaseModel",
    "BaseResource",
    "BaseSDK",
    "EventStream",
    "File",
    "FileTypedDict",
    "HookContext",
    "Hooks",
    "Logger",
    "Nullable",
    "Operation",
    "OptionalNullable",
    "ResponseValidationError",
    "RetryConfig",
    "SDKClient",
    "SDKConfiguration",
    "ServerSentEvent",
    "UNSET",
    "Unset",
    "json_decoder",
    "unmarshal_json",
]
