"""File parts for multipart/form-data request bodies."""

from typing import IO, Any, Optional, Union

from pydantic import PlainSerializer, PlainValidator
from typing_extensions import Annotated, NotRequired, TypedDict

from .basemodel import BaseModel

FileContent = Union[bytes, IO[bytes]]


def _check_content(value: Any) -> Any:
    # pydantic cannot isinstance-check IO[bytes], so accept anything readable.
    if isinstance(value, bytes) or callable(getattr(value, "read", None)):
        return value
    raise ValueError("file content must be bytes or a binary file object")


def _same(value: Any) -> Any:
    return value  # a python-mode dump keeps the bytes / file object itself


class File(BaseModel):
    """A file to upload: its name, its bytes or binary file object, and its type."""

    file_name: str
    content: Annotated[FileContent, PlainValidator(_check_content), PlainSerializer(_same)]
    content_type: Optional[str] = None


class FileTypedDict(TypedDict):
    file_name: str
    content: FileContent
    content_type: NotRequired[Optional[str]]
