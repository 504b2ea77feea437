"""The BaseModel every generated model extends; its serializer implements the wire semantics."""

from copy import deepcopy
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Mapping, Optional, Type, TypeVar

from pydantic import BaseModel as _PydanticBaseModel
from pydantic import (
    ConfigDict,
    Discriminator,
    ValidationError,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

M = TypeVar("M", bound="BaseModel")
_NOTHING = object()  # no argument is this object
_ARGUMENT_DEFAULTS: Dict[Type["BaseModel"], Dict[str, Any]] = {}


class BaseModel(_PydanticBaseModel):
    """Base of generated models; its serializer implements the wire semantics.

    A field left at its default is not written: UNSET, or None where None is the
    default (optional, not nullable); None in a nullable field is written as null;
    extras are kept. The SDK encodes requests with `exclude_defaults=True`, which
    applies this rule inside pydantic; this serializer applies it to other dumps.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        arbitrary_types_allowed=True,
        protected_namespaces=(),
        # the validator and serializer are built on first use, once, for the model used:
        # a request body inlines the models it holds instead of building each on import
        defer_build=True,
    )

    # The spec's defaults of optional fields, by wire name. A request sends them for a nested
    # model's fields the caller left out, as Speakeasy's SDKs do; not for the body's own
    # fields (the root of a request's dump), which follow "not given, not sent".
    _wire_defaults: ClassVar[Dict[str, Any]] = {}

    # the return type given here spares pydantic reading it from the signature per model
    @model_serializer(mode="wrap", return_type=Any)
    def _serialize(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if info.exclude_defaults:
            defaults = self._wire_defaults
            if defaults and isinstance(data, dict) and info.context is not self:
                for key, value in defaults.items():
                    if key not in data:
                        data[key] = deepcopy(value) if isinstance(value, (dict, list)) else value
            return data
        if not isinstance(data, dict):
            return data
        values: Dict[str, Any] = self.__dict__
        # by_alias None means "as configured", and we serialize by alias
        by_alias = info.by_alias is not False
        for name, field in type(self).model_fields.items():
            if field.is_required():
                continue
            value = values.get(name)
            # the comparison pydantic's exclude_defaults makes
            if value is field.default or value == field.get_default(
                call_default_factory=True, validated_data=values
            ):
                data.pop((field.serialization_alias or name) if by_alias else name, None)
        return data


class UnknownVariant(BaseModel):
    """A member of a response union whose tag the SDK does not know (a server newer than
    its spec): the data is kept as it came, its fields readable as attributes; `raw` is all
    of it."""

    TAG: ClassVar[str] = "<unknown>"

    @property
    def raw(self) -> Dict[str, Any]:
        return dict(self.model_extra or {})

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


def open_discriminator(wire_name: str, field_name: str, *known: str) -> Discriminator:
    """The discriminator of an open union: the tag when it is one of `known`, else
    `UnknownVariant.TAG`; dicts are read by wire name, models by field name."""
    tags = frozenset(known)

    def tag_of(value: Any) -> str:
        tag = value.get(wire_name) if isinstance(value, dict) else getattr(value, field_name, None)
        text = tag if isinstance(tag, str) else str(tag)
        return text if text in tags else UnknownVariant.TAG

    return Discriminator(tag_of)


def validate_arguments(model: Type[M], arguments: Mapping[str, Any]) -> M:
    """`model` from a method's keyword arguments, keyed by wire name: those left at their
    default are not passed, so only what the caller gave is validated."""
    defaults = _argument_defaults(model)
    given = {
        key: value for key, value in arguments.items() if value is not defaults.get(key, _NOTHING)
    }
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        raise _argument_error(model, exc) from None


def _argument_error(model: Type[BaseModel], exc: ValidationError) -> Exception:
    """The SDK's own error for invalid arguments, naming the argument (its keyword)."""
    from .errors import SDKValidationError

    errors = exc.errors(include_url=False)
    keywords = {field.alias or name: name for name, field in model.model_fields.items()}
    names = []
    for error in errors:
        loc = error["loc"]
        name = keywords.get(str(loc[0]), str(loc[0])) if loc else "arguments"
        if name not in names:
            names.append(name)
    first = errors[0] if errors else None
    reason = first["msg"] if first is not None else str(exc)
    message = f"Invalid argument {names[0] if names else 'arguments'!r}: {reason}"
    if len(names) > 1:
        message += f" (also invalid: {', '.join(names[1:])})"
    return SDKValidationError(message, names[0] if names else "arguments", errors)


def validate_request(model: Type[M], request: Any) -> Optional[M]:
    """A body taken whole (`request=`): the model itself, or a dict of its fields validated as it."""
    if request is None or isinstance(request, model):
        return request
    return model.model_validate(request)


def _argument_defaults(model: Type[BaseModel]) -> Dict[str, Any]:
    """Wire name -> default of the fields with a default value, computed once per class."""
    defaults = _ARGUMENT_DEFAULTS.get(model)
    if defaults is None:
        defaults = _ARGUMENT_DEFAULTS[model] = {
            field.alias or name: field.default
            for name, field in model.model_fields.items()
            if not field.is_required() and field.default_factory is None
        }
    return defaults
