"""The BaseModel every generated model extends; its serializer implements the wire semantics."""

from typing import Any, ClassVar, Dict, Tuple

from pydantic import BaseModel as _PydanticBaseModel
from pydantic import (
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from .types import UNSET


class BaseModel(_PydanticBaseModel):
    """Base of generated models; its serializer implements the wire semantics.

    UNSET fields are omitted; None is omitted for optional non-nullable fields
    (not required, default None) and sent as null otherwise; extras are kept.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        arbitrary_types_allowed=True,
        protected_namespaces=(),
    )

    # (name, alias, drop_none) for every field that may be omitted, i.e. every
    # non-required field; computed once per class.
    __optional_fields__: ClassVar[Tuple[Tuple[str, str, bool], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__optional_fields__ = tuple(
            (name, f.serialization_alias or f.alias or name, f.default is None)
            for name, f in cls.model_fields.items()
            if not f.is_required()
        )

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        values: Dict[str, Any] = self.__dict__
        # by_alias None means "as configured", and we serialize by alias
        by_alias = info.by_alias is not False
        for name, alias, drop_none in self.__optional_fields__:
            value = values.get(name)
            if value is UNSET or (value is None and drop_none):
                data.pop(alias if by_alias else name, None)
        return data
