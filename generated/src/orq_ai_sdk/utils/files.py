"""File parts for multipart/form-data request bodies, and raw request bodies."""

import os
from typing import IO, Any, Optional, Union

from pydantic import PlainSerializer, PlainValidator, model_validator
from typing_extensions import Annotated, NotRequired, TypedDict

from .basemodel import BaseModel

FileContent = Union[bytes, IO[bytes]]
# What a raw binary request body takes: bytes, an open binary file or a path to a file.
RawContent = Union[bytes, bytearray, IO[bytes], "os.PathLike[str]"]


def _check_content(value: Any) -> Any:
    # pydantic cannot isinstance-check IO[bytes], so accept anything readable.
    if isinstance(value, bytes) or callable(getattr(value, "read", None)):
        return value
    raise ValueError("file content must be bytes or a binary file object")


def _same(value: Any) -> Any:
    return value  # a python-mode dump keeps the bytes / file object itself


def _guess_type(name: str) -> Optional[str]:
    import mimetypes

    return mimetypes.guess_type(name)[0]


class File(BaseModel):
    """A file to upload: its name, its bytes or binary file object, and its type.

    A file field also takes the bytes alone (sent as `upload`), an open binary file or a
    path (`pathlib.Path`): their name is the file's, their type guessed from it.
    """

    file_name: str
    content: Annotated[FileContent, PlainValidator(_check_content), PlainSerializer(_same)]
    content_type: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _from_content(cls, value: Any) -> Any:
        if isinstance(value, (bytes, bytearray, memoryview)):
            return {"file_name": "upload", "content": bytes(value)}
        if isinstance(value, os.PathLike):
            name = os.fspath(value)
            with open(name, "rb") as opened:
                data = opened.read()
            base = os.path.basename(str(name))
            return {"file_name": base, "content": data, "content_type": _guess_type(base)}
        if not isinstance(value, (dict, BaseModel)) and callable(getattr(value, "read", None)):
            base = os.path.basename(str(getattr(value, "name", "") or "upload"))
            return {"file_name": base, "content": value, "content_type": _guess_type(base)}
        return value


class FileTypedDict(TypedDict):
    file_name: str
    content: FileContent
    content_type: NotRequired[Optional[str]]


def raw_content(body: Any) -> Union[bytes, str]:
    """A raw request body (binary or text) as bytes or text: bytes and text as they are, a
    binary or text file read (from where it stands), a path's file read, a `File`'s content."""
    if isinstance(body, (bytes, str)):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, File):
        body = body.content
        if isinstance(body, bytes):
            return body
    if isinstance(body, os.PathLike):
        with open(os.fspath(body), "rb") as opened:
            return opened.read()
    read = getattr(body, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, (bytes, str)):
            return data
    raise TypeError(
        f"a raw body must be bytes, str, a file object or a path, not {type(body).__name__}"
    )
