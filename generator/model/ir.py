"""The intermediate representation: what the SDK is, with every name already decided.

Plain frozen dataclasses. Types refer to named definitions by name (`Ref`), so the IR
has no object cycles even when the schemas are recursive. Templates and docs are
rendered from these objects only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Tuple, Union


# --- the type algebra -------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    """What a scalar schema asks of its values beyond its kind (JSON Schema validation
    keywords). The SDK does not check them; examples in the docs satisfy them."""

    pattern: Optional[str] = None
    format: Optional[str] = None  # "uuid", "email", "uri", ... (date and date-time are kinds)
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    multiple_of: Optional[float] = None


@dataclass(frozen=True)
class Primitive:
    kind: str  # "str" | "int" | "float" | "bool" | "bytes" | "date" | "datetime"
    # Not part of the type: two strings with different patterns are one Python type (equal,
    # same repr), so nothing that compares types (folding, unions) sees them.
    constraints: Optional[Constraints] = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class LiteralType:
    values: Tuple[Union[str, int, float, bool], ...]


@dataclass(frozen=True)
class Ref:
    """A named definition (model, enum or union alias) in `Api.definitions`."""

    name: str


@dataclass(frozen=True)
class ListType:
    item: "TypeRef"


@dataclass(frozen=True)
class MapType:
    value: "TypeRef"


@dataclass(frozen=True)
class UnionType:
    members: Tuple["TypeRef", ...]
    discriminator: Optional[str] = None  # wire name of the tag property


@dataclass(frozen=True)
class FileType:
    pass


@dataclass(frozen=True)
class AnyType:
    pass


@dataclass(frozen=True)
class Nullable:
    inner: "TypeRef"


TypeRef = Union[Primitive, LiteralType, Ref, ListType, MapType, UnionType, FileType, AnyType, Nullable]


# --- named definitions --------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """Human text from the spec; never code."""

    summary: str = ""
    description: str = ""
    deprecated: bool = False
    example: Any = None
    has_example: bool = False


@dataclass(frozen=True)
class Field:
    wire_name: str
    py_name: str
    type: TypeRef  # never Nullable: nullability is the flag below
    required: bool
    nullable: bool
    doc: Doc = Doc()
    default: Any = None  # the spec's default, documented only
    has_default: bool = False
    read_only: bool = False
    write_only: bool = False


@dataclass(frozen=True)
class Model:
    name: str
    fields: Tuple[Field, ...]
    doc: Doc = Doc()
    pointer: str = ""
    open: bool = True  # unknown properties are kept
    extra_value: Optional[TypeRef] = None  # additionalProperties type alongside properties
    # `oneOf`/`anyOf: [{required: [a]}, {required: [b]}]` beside the properties: the wire names
    # each alternative requires besides the required fields (a request must meet one)
    required_options: Tuple[Tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Enum:
    name: str
    values: Tuple[Union[str, int, float, bool], ...]
    doc: Doc = Doc()
    pointer: str = ""


@dataclass(frozen=True)
class Alias:
    """A named union (or other composite) type.

    One whose type is a bare `Ref` is another name for that definition: an inline schema
    identical to it, folded into it (fold.py). No `Ref` names such an alias.
    """

    name: str
    type: TypeRef
    doc: Doc = Doc()
    pointer: str = ""

    @property
    def target(self) -> Optional[str]:
        """The definition this is another name for, if it is one."""
        return self.type.name if isinstance(self.type, Ref) else None


Definition = Union[Model, Enum, Alias]


def target_of(definition: Definition) -> Optional[str]:
    """The definition `definition` is another name for, if it is one (see `Alias`)."""
    return definition.target if isinstance(definition, Alias) else None


# --- operations --------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    py_name: str
    location: str  # "path" | "query" | "header" | "cookie" | "body"
    type: TypeRef
    required: bool
    nullable: bool = False
    doc: Doc = Doc()
    default: Any = None
    has_default: bool = False
    # serialization (OpenAPI `style`, `explode`, `allowReserved`), resolved: "" is the
    # location's default (simple for path and header, form with explode for query and cookie)
    style: str = ""
    explode: Optional[bool] = None
    allow_reserved: bool = False
    content_type: Optional[str] = None  # a `content` parameter: its value encoded as this type
    is_global: bool = False  # an x-speakeasy-globals parameter: the client's value unless given

    @property
    def custom_style(self) -> bool:
        """Serialized otherwise than its location's default."""
        return bool(self.style) or self.allow_reserved or self.content_type is not None


@dataclass(frozen=True)
class RequestBody:
    content_type: str  # "application/json" | "multipart/form-data" | ...
    type: TypeRef  # usually Ref to the body model
    required: bool
    flattened: bool  # body properties become keyword arguments
    doc: Doc = Doc()
    alternatives: Tuple[str, ...] = ()  # other media types a call may send it as (`content_type=`)
    # per property (wire name), from the media type's `encoding`: form fields' (style, explode,
    # allowReserved), and multipart file parts' content types
    form_styles: Tuple[Tuple[str, str, bool, bool], ...] = ()
    part_types: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StreamInfo:
    type: TypeRef  # the type of each event's data, or of the whole event when `envelope`
    sentinel: Optional[str]
    switch: Optional[str]  # py_name of the boolean body parameter that selects streaming, if any
    doc: Doc = Doc()  # carries the media type's example
    envelope: bool = False  # the type is Speakeasy's event envelope {event, data, id, retry}: the payload is its `data`


@dataclass(frozen=True)
class ErrorResponse:
    status: str  # "400", "4XX", "default"
    class_name: str
    type: Optional[TypeRef]  # the body schema, when JSON
    content_type: str
    doc: Doc = Doc()


@dataclass(frozen=True)
class ResponseHeader:
    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    doc: Doc = Doc()


@dataclass(frozen=True)
class Response:
    """One successful outcome: a status and what its body is."""

    status: str  # "200", "2XX", "default"
    content_type: Optional[str]  # None: no body
    type: Optional[TypeRef]  # None: no body; Primitive("bytes") for binary and text bodies
    doc: Doc = Doc()
    headers: Tuple[ResponseHeader, ...] = ()

    @property
    def kind(self) -> str:
        """"json", "binary" (any body handed over as a stream: binary or text) or "none"."""
        if self.type is None:
            return "none"
        return "binary" if self.type == Primitive("bytes") else "json"


@dataclass(frozen=True)
class RetryPolicy:
    initial_interval: int
    max_interval: int
    exponent: float
    max_elapsed_time: int
    status_codes: Tuple[str, ...]
    retry_connection_errors: bool


JsonPath = Tuple[Union[str, int], ...]  # keys and list indexes into a response body (wire names)


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages: the arguments of the next call, and when to stop.

    `kind`: "cursor" (the next cursor from the body), "offset" (offset + the items
    received), "page" (page number + 1), "url" (a next-page URL in the body) or "link"
    (the `Link: <...>; rel="next"` header). Paths are in wire names.
    """

    kind: str
    source: str  # "x-speakeasy-pagination" or "inferred"
    param: str = ""  # py_name of the keyword that takes the cursor, offset or page
    limit: str = ""  # py_name of the page-size keyword, if any
    results: JsonPath = ()  # the items of a page
    next_cursor: JsonPath = ()
    has_more: JsonPath = ()
    total: JsonPath = ()  # total number of items
    pages: JsonPath = ()  # total number of pages
    next_url: JsonPath = ()
    query: Tuple[Tuple[str, str], ...] = ()  # (wire, py_name) of the query parameters a next URL may set


@dataclass(frozen=True)
class Operation:
    operation_id: str
    py_name: str
    group: Tuple[str, ...]
    method: str  # upper case
    path: str
    params: Tuple[Parameter, ...]  # path, query, header; body params when flattened
    body: Optional[RequestBody]
    response: Optional[Response]
    stream: Optional[StreamInfo]
    errors: Tuple[ErrorResponse, ...]
    doc: Doc = Doc()
    pointer: str = ""
    retries: Optional[RetryPolicy] = None
    timeout_ms: Optional[int] = None
    secured: bool = True
    params_class: str = ""  # the TypedDict of the keyword arguments that stream overloads take as **params
    # every successful outcome, by status (`response` is the first of them)
    responses: Tuple[Response, ...] = ()
    accept: str = "application/json"  # the Accept header: what the method can take
    stream_accept: str = "text/event-stream"  # the Accept header when it asks for events
    response_headers: Optional[TypeRef] = None  # the model of the declared response headers
    pagination: Optional[Pagination] = None
    # the alternatives of schemes (names) the operation accepts, when its own `security` differs
    # from the spec's; None: the spec's
    security: Optional[Tuple[Tuple[str, ...], ...]] = None
    server: Optional["Server"] = None  # the path's or operation's own server, if it has one
    idempotency_header: Optional[str] = None  # the header that carries a generated idempotency key

    @property
    def body_params(self) -> Tuple[Parameter, ...]:
        return tuple(p for p in self.params if p.location == "body")


@dataclass(frozen=True)
class Resource:
    path: Tuple[str, ...]  # wire group segments, e.g. ("chat", "completions")
    attr_name: str  # attribute on the parent
    class_name: str
    module_name: str
    operations: Tuple[Operation, ...]
    children: Tuple["Resource", ...] = ()

    def walk(self) -> Tuple["Resource", ...]:
        found: Tuple["Resource", ...] = (self,)
        for child in self.children:
            found += child.walk()
        return found


@dataclass(frozen=True)
class Security:
    """One security scheme the SDK can serve: what the user gives, and where it is sent.

    `kind`: "bearer" (also OAuth2 flows other than client credentials, openIdConnect and other
    HTTP schemes: a token after `prefix` in Authorization), "header", "query", "cookie" (an API
    key), "basic" (username and password, RFC 7617) or "client_credentials" (OAuth2: a token
    fetched from `token_url` with a client id and secret).
    """

    kind: str
    header_name: str  # Authorization, or the apiKey's header, query parameter or cookie
    scheme_name: str
    prefix: str  # "Bearer " for bearer tokens, "" otherwise
    doc: Doc = Doc()
    field: str = "api_key"  # its field on the `Security` model ("" when the model is this one scheme's values)
    token_url: str = ""
    scopes: Tuple[str, ...] = ()
    spec_type: str = "http"  # the scheme's `type` in the spec (docs)

    @property
    def takes_token(self) -> bool:
        """One string is the whole credential."""
        return self.kind in ("bearer", "header", "query", "cookie")


@dataclass(frozen=True)
class ServerVariable:
    name: str  # as in the URL template
    py_name: str  # the client's keyword
    default: str
    enum: Tuple[str, ...] = ()
    doc: Doc = Doc()


@dataclass(frozen=True)
class Server:
    url: str  # a template: `{name}` for each variable
    variables: Tuple[ServerVariable, ...] = ()
    doc: Doc = Doc()

    @property
    def default_url(self) -> str:
        url = self.url
        for v in self.variables:
            url = url.replace("{" + v.name + "}", v.default)
        return url.rstrip("/")


@dataclass(frozen=True)
class Auth:
    """Every scheme the operations name, the spec's own requirement, and the client's keywords."""

    schemes: Tuple[Security, ...] = ()
    requirement: Tuple[Tuple[str, ...], ...] = ()  # the spec's `security`: alternatives of scheme names
    model: str = ""  # the `Security` model of the client's `security=`; "" when it takes `api_key=` only
    primary: Optional[Security] = None  # the scheme `api_key=` gives, if any

    @property
    def simple(self) -> bool:
        """One token scheme in a header: the client's `api_key` alone serves it."""
        return self.model == "" and (self.primary is None or self.primary.kind in ("bearer", "header"))


@dataclass(frozen=True)
class SdkConfig:
    package: str
    distribution: str
    sdk_class: str
    env_prefix: str
    version: str
    description: str = ""
    license: str = "MIT"
    authors: Tuple[str, ...] = ()
    repository: str = ""
    urls: Tuple[Tuple[str, str], ...] = ()  # (label, URL) for the package index
    classifiers: Tuple[str, ...] = ()
    license_text: str = ""  # the LICENSE file the package ships; empty: none
    docs_layout: str = "classic"  # "classic" | "current": the reference pages' layout (Speakeasy's of each generation)
    naming: str = "auto"  # "auto" | "speakeasy" | "resource": the naming convention (DESIGN section 4)
    infer_pagination: bool = True  # infer paginators from the common shapes
    no_pagination: Tuple[str, ...] = ()  # operationIds that never page
    idempotency_header: str = ""  # the header of the idempotency key every POST and PATCH sends; "": none


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    doc: Doc
    server_url: str  # the first server's URL with its variables' defaults; "" when the spec names none
    security: Optional[Security]  # the scheme `api_key=` gives
    definitions: Tuple[Definition, ...]
    root: Resource  # the SDK class itself; its operations are top-level methods
    config: SdkConfig
    retries: Optional[RetryPolicy] = None
    timeout_ms: Optional[int] = None
    warnings: Tuple[str, ...] = field(default=())
    servers: Tuple[Server, ...] = ()
    auth: Auth = Auth()
    globals: Tuple[Parameter, ...] = ()  # x-speakeasy-globals: set once on the client

    @property
    def operations(self) -> Tuple[Operation, ...]:
        return tuple(op for resource in self.root.walk() for op in resource.operations)
