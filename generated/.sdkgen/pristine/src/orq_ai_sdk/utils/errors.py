"""Exceptions raised by SDK calls. None of them ever carries request headers."""

from typing import Any, ClassVar, Optional, Type, TypeVar

import httpx

E = TypeVar("E", bound="APIError")

_BODY_PREVIEW = 500
# headers that carry the id a server gives each request, most common first
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")
# body fields that carry an error's message: {"message": ...}, {"error": {"message": ...}}
_MESSAGE_KEYS = ("message", "error", "detail", "error_description", "title")


class APIError(Exception):
    """The API answered with an error status (or a body we could not use).

    Generated subclasses set `data_type` to a pydantic model class; `from_response`
    then parses the JSON body into `data` (left None if it does not parse).
    """

    data_type: ClassVar[Any] = None

    def __init__(
        self,
        message: str,
        raw_response: httpx.Response,
        body: Optional[str] = None,
        data: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.raw_response = raw_response
        self.status_code = raw_response.status_code
        self.headers = raw_response.headers
        self.body = _text(raw_response) if body is None else body
        self.data = data
        self.request_id = request_id_of(raw_response)

    @classmethod
    def from_response(cls: Type[E], response: httpx.Response, message: Optional[str] = None) -> E:
        data = None
        if cls.data_type is not None:
            # pydantic's ValidationError is a ValueError; a bad body leaves data None
            try:
                data = cls.data_type.model_validate_json(response.content)
            except (ValueError, httpx.ResponseNotRead):
                pass
        return cls(message or _message_of(response) or "API error occurred", response, data=data)

    def __str__(self) -> str:
        body = self.body[:_BODY_PREVIEW]
        if len(self.body) > _BODY_PREVIEW:
            body += "..."
        content_type = self.headers.get("content-type", "")
        request_id = f" Request id {self.request_id}." if self.request_id else ""
        return (
            f"{self.message}: Status {self.status_code}.{request_id} "
            f"Content-Type {content_type!r}. Body: {body}"
        )


class ResponseValidationError(APIError):
    """A success response whose body does not match its schema; `cause` says why."""

    def __init__(
        self,
        message: str,
        raw_response: httpx.Response,
        cause: Optional[Exception] = None,
        data: Any = None,
        body: Optional[str] = None,
    ) -> None:
        super().__init__(message, raw_response, body, data)
        self.cause = cause

    def __str__(self) -> str:
        return f"{super().__str__()}\n{self.cause}" if self.cause else super().__str__()


class SDKValidationError(ValueError):
    """An argument of an SDK call is invalid; `field` names it (dotted for nested ones),
    `errors` lists every problem found."""

    def __init__(self, message: str, field: str, errors: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or []


class APIConnectionError(Exception):
    """The request never got a response (DNS, connect, TLS, protocol...)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


def connection_error(error: httpx.RequestError) -> APIConnectionError:
    """The SDK error for a transport failure (its message never holds request headers)."""
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out: {error}")
    return APIConnectionError(f"Connection error: {type(error).__name__}: {error}")


def _text(response: httpx.Response) -> str:
    try:
        return response.text
    except httpx.ResponseNotRead:  # a stream nobody read: do not block on it here
        return ""


def request_id_of(response: httpx.Response) -> Optional[str]:
    """The id the server gave the request, from the usual headers."""
    headers = response.headers
    for name in _REQUEST_ID_HEADERS:
        value: Optional[str] = headers.get(name)
        if value:
            return value
    return None


def _message_of(response: httpx.Response) -> Optional[str]:
    """The message a JSON error body carries, if any (e.g. {"message": "No such todo"})."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content or content[:1] not in (b"{", b" ", b"\n", b"\r", b"\t"):
        return None
    import json

    try:
        body = json.loads(content)
    except ValueError:
        return None
    for _ in range(3):  # {"error": {"message": ...}} and the like
        if not isinstance(body, dict):
            return None
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return str(value.strip()[:_BODY_PREVIEW])
            if isinstance(value, dict):
                body = value
                break
        else:
            return None
    return None
