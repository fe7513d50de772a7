"""Read an API's request body into its input model, turning every malformed request into a 4xx.

BentoML 1.4 parses a request before the API's code runs (`_bentoml_impl/serde.py`), and some
malformed requests escape that parser as a 500 "unexpected error" (measured on this service):

* a file in a form field the API does not have (`-F image=@photo.png`, one letter short of
  `images`): its bytes go through `json.loads` and fail to decode as UTF-8;
* a body that is not a well-formed multipart form, or a multipart upload sent to a JSON API;
* text instead of a file in a file field (`-F images=photo.png`, without the `@`): BentoML takes
  the text for a URL and *fetches it from the server*. DESIGN.md rules server-side fetching out
  unless an operator enables it, so this parser never fetches.

`guard_request_parsing` swaps the API's input model's `from_http_request` (the one hook BentoML
calls with the raw request) for `parse_multipart` or `parse_json` below. The rules clients rely
on stay those of `responses.py`: a problem with one upload is that upload's own error (the others are still
read); a problem with the whole request is the error of a single entry named "request".
"""

from __future__ import annotations

import json
from typing import Any, get_args, get_origin

from pydantic_core import PydanticCustomError, ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

from text_recognizer.preprocessing.images import ImageInputError
from text_recognizer.serving.uploads import UploadedFile

MULTIPART_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
#: Said in a pydantic error, whose messages are templates: no braces but `{route}`, filled in first.
MULTIPART_TO_JSON = ("this endpoint takes a JSON body (Content-Type application/json) whose \"images\" is a list of "
                     "base64 strings or data URLs; to upload image files as a multipart form, use {route}")


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _is_list(annotation: Any) -> bool:
    return get_origin(annotation) is list or any(get_origin(a) is list for a in get_args(annotation))


def _problem(name: str, message: str, status: int = 400) -> UploadedFile:
    return UploadedFile.failed(name, ImageInputError(message, status=status))


def _text_value(value: str | UploadFile) -> Any:
    """A non-file field's value as BentoML reads it: JSON when it parses, else the text."""
    if isinstance(value, UploadFile):
        try:
            value = value.file.read(1 << 20).decode("utf-8")
        except UnicodeDecodeError:  # a file where a number or a word belongs: pydantic says which field
            return f"<the file {value.filename or 'upload'}>"
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


async def parse_multipart(cls: Any, request: Request) -> Any:
    """The input model of a file API (multipart form), from any request sent to it."""
    fields = [f for f in cls.model_fields if f in cls.multipart_fields]
    main = fields[0]
    how = f"send the images as files in the multipart form field '{main}' (curl -F {main}=@photo.jpg)"
    media = _media_type(request)
    if not media and not await request.body():
        return cls.model_validate({})  # an empty POST: "no image in the request"
    if media not in MULTIPART_TYPES:
        sent = f"Content-Type {media}" if media else "no Content-Type"
        return cls.model_validate({main: [_problem("request", f"the request has {sent}; {how}", 415)]})
    try:
        form = await request.form()
    except Exception as exc:  # Starlette's MultiPartException, a cut-off body, too many parts
        return cls.model_validate({main: [_problem("request", f"the request body is not a readable multipart form "
                                                              f"({exc}); {how}")]})
    data: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key in fields:
            upload = value if isinstance(value, UploadFile) else _problem(
                f"{key} (text)", f"the field holds text, not a file: {how}. The server does not fetch URLs")
            data.setdefault(key, []).append(upload)
        elif isinstance(value, UploadFile) and key not in cls.model_fields:
            name = value.filename or key
            data.setdefault(main, []).append(_problem(
                name, f"the file was sent in the form field '{key}'; this endpoint reads images from the field "
                      f"'{main}' (curl -F {main}=@{name})"))
        else:
            data[key] = _text_value(value)
    for key in fields:
        if key in data and not _is_list(cls.model_fields[key].annotation):
            data[key] = data[key][0]
    return cls.model_validate(data)


async def parse_json(cls: Any, request: Request, file_route: str) -> Any:
    """The input model of a JSON API. A multipart upload sent to it is pointed to the file API
    (BentoML's parser would have read the file's bytes as JSON and answered 500) with a 400 in
    the shape of BentoML's other JSON errors; anything else is BentoML's own JSON parsing."""
    if _media_type(request) in MULTIPART_TYPES:
        raise ValidationError.from_exception_data(cls.__name__, [{
            "type": PydanticCustomError("json_expected", MULTIPART_TO_JSON.format(route=file_route)),
            "loc": ("body",), "input": "multipart/form-data"}])
    return cls.model_validate_json(await request.body() or b"{}")


def guard_request_parsing(api: Any, file_route: str | None = None) -> None:
    """Parse `api`'s requests with `parse_multipart` (a file API) or `parse_json` (a JSON API whose
    file-upload twin is at `file_route`) instead of BentoML's parser."""
    spec = api.input_spec
    if spec.multipart_fields:
        async def from_http_request(cls, request: Request, serde: Any) -> Any:
            return await parse_multipart(cls, request)
    else:
        async def from_http_request(cls, request: Request, serde: Any) -> Any:
            return await parse_json(cls, request, file_route or "the file upload endpoint")
    spec.from_http_request = classmethod(from_http_request)
