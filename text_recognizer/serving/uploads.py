"""Read uploads (multipart files or base64 strings) into decoded images, one outcome per file."""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any

from PIL import Image
from pydantic_core import core_schema

from text_recognizer.preprocessing.images import MAX_IMAGE_BYTES, ImageInputError, decode_image

_DATA_URL = re.compile(r"^data:(?P<type>[\w/+.-]*)(;[\w=.-]+)*;base64,", re.IGNORECASE)


@dataclass
class Upload:
    """One uploaded image: decoded, or the reason it could not be."""

    name: str
    image: Image.Image | None = None
    error: ImageInputError | None = None


class UploadedFile(PurePosixPath):
    """A multipart file upload held in memory: the client's file name as the path, the bytes in `data`.

    BentoML takes a field as a multipart file when its type is a `PurePath`, and for `pathlib.Path`
    writes every upload to a temporary file in a per-request directory, which the service then reads
    back and BentoML deletes: three system calls and a directory per request, for bytes that are
    already in memory (Starlette spools uploads up to 1 MB in RAM). This type takes the bytes straight
    from the parsed form. The OpenAPI schema is the same as for `Path` (a binary file), so Swagger's
    file picker and BentoML's clients work unchanged. Uploads past MAX_IMAGE_BYTES are not read
    whole: `size` records what was announced or read, and the image gets its own 413.
    """

    data: bytes
    size: int
    filename: str
    #: why this part of the request is not an image at all (`serving.forms`: a file sent in the
    #: wrong form field, text where a file belongs); it becomes the upload's own 4xx
    problem: ImageInputError | None = None

    @classmethod
    def from_bytes(cls, data: bytes, filename: str = "", size: int | None = None) -> "UploadedFile":
        upload = cls(filename.replace("\x00", "") or "upload")
        upload.data, upload.filename = data, filename
        upload.size = len(data) if size is None else size
        return upload

    @classmethod
    def failed(cls, name: str, problem: ImageInputError) -> "UploadedFile":
        upload = cls.from_bytes(b"", name)
        upload.problem = problem
        return upload

    @classmethod
    def _validate(cls, value: Any) -> "UploadedFile":
        if isinstance(value, UploadedFile):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return cls.from_bytes(bytes(value))
        if isinstance(value, (PurePath, os.PathLike)):  # in-process callers may pass a local file
            with open(value, "rb") as fh:
                data = fh.read(MAX_IMAGE_BYTES + 1)
            return cls.from_bytes(data, os.path.basename(os.fspath(value)), os.path.getsize(value))
        file = getattr(value, "file", None)  # Starlette's UploadFile
        if file is not None:
            announced = getattr(value, "size", None)
            data = b"" if announced is not None and announced > MAX_IMAGE_BYTES else file.read(MAX_IMAGE_BYTES + 1)
            return cls.from_bytes(data, getattr(value, "filename", None) or "", max(announced or 0, len(data)))
        raise ValueError("expected an uploaded file (multipart/form-data)")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate, serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.data))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        # What BentoML's own file schema says for `Path`: Swagger renders a file picker for it.
        if handler.mode == "validation":
            return {"type": "file", "format": "binary"}
        return {"type": "string", "format": "binary"}


def read_file_upload(upload: UploadedFile, index: int) -> Upload:
    name = upload.filename or f"image {index + 1}"
    if upload.problem is not None:
        return Upload(name, error=upload.problem)
    try:
        if upload.size > MAX_IMAGE_BYTES:
            raise ImageInputError(f"the file is {upload.size:,} bytes; the limit is {MAX_IMAGE_BYTES:,} bytes",
                                  status=413)
        return Upload(name, image=decode_image(upload.data))
    except ImageInputError as exc:
        return Upload(name, error=exc)


def read_base64_upload(data: str, index: int) -> Upload:
    """Base64 text, optionally as a data URL (`data:image/png;base64,...`), as the FSDL recognizer took it."""
    name = f"images[{index}]"
    try:
        payload = _DATA_URL.sub("", data.strip(), count=1)
        if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
            raise ImageInputError(f"the image is larger than {MAX_IMAGE_BYTES:,} bytes", status=413)
        try:
            raw = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            raise ImageInputError("not valid base64; send the file's bytes base64-encoded, or a data URL") from None
        return Upload(name, image=decode_image(raw))
    except ImageInputError as exc:
        return Upload(name, error=exc)
