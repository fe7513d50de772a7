"""Read uploads (multipart files or base64 strings) into decoded images, one outcome per file."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from text_recognizer.preprocessing.images import MAX_IMAGE_BYTES, ImageInputError, decode_image

# BentoML stores each uploaded file as tempfile's "tmp" + 8 random characters + the client's name.
_TEMP_PREFIX = re.compile(r"^tmp[a-z0-9_]{8}")
_DATA_URL = re.compile(r"^data:(?P<type>[\w/+.-]*)(;[\w=.-]+)*;base64,", re.IGNORECASE)


@dataclass
class Upload:
    """One uploaded image: decoded, or the reason it could not be."""

    name: str
    image: Image.Image | None = None
    error: ImageInputError | None = None


def client_filename(path: Path, index: int) -> str:
    name = _TEMP_PREFIX.sub("", path.name)
    return name or f"image {index + 1}"


def read_file_upload(path: Path, index: int) -> Upload:
    name = client_filename(path, index)
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageInputError(f"the file is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,} bytes", status=413)
        return Upload(name, image=decode_image(path.read_bytes()))
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
