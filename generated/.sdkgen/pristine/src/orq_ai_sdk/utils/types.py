"""UNSET sentinel and nullable aliases (no pydantic import: importing the SDK stays cheap)."""

from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional, TypeVar, Union

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

T = TypeVar("T")


class Unset:
    """Marks an argument or field the caller did not provide (distinct from None = null)."""

    __slots__ = ()
    _instance: ClassVar[Optional["Unset"]] = None

    def __new__(cls) -> "Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"  # pickles by reference, so identity survives copy/pickle

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "CoreSchema":
        from pydantic_core import core_schema

        # Only the singleton validates; if it ever reaches a serializer outside a
        # model field (e.g. inside a list) it is written as null.
        return core_schema.is_instance_schema(
            cls, serialization=core_schema.plain_serializer_function_ser_schema(_null)
        )


def _null(_: Any) -> None:
    return None


UNSET = Unset()

Nullable = Union[T, None]
"""Required or defaulted field that may be sent as JSON null."""
OptionalNullable = Union[T, None, Unset]
"""Optional field that may also be sent as null: UNSET omits it, None sends null."""
