"""Turn per-image outcomes into one HTTP response.

The rules clients rely on:
* every image gets an entry, in upload order, named by its file name;
* if at least one image succeeded the status is 200, and failed images carry `error` and the
  `status` they alone would have had;
* if none succeeded, the status is the failures' own 4xx (400 corrupt or empty, 413 too large,
  415 not an image, 422 blank), with every image's reason in `results`.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from pydantic import BaseModel
from starlette.responses import JSONResponse

NO_IMAGES = ("no image in the request: send one or more files in the multipart form field 'images' "
             "(curl -F images=@digit.png)")
NO_IMAGES_JSON = "no image in the request: send {\"images\": [\"<base64 or data URL>\", ...]}"


def error_response(message: str, status: int = 400, results: Sequence[BaseModel] = ()) -> JSONResponse:
    return JSONResponse({"error": message, "results": [r.model_dump(exclude_none=True) for r in results]},
                        status_code=status)


def results_response(results: Sequence[BaseModel]) -> JSONResponse:
    dumped = [r.model_dump(exclude_none=True) for r in results]
    failed = [r for r in results if getattr(r, "error", None)]
    if results and len(failed) == len(results):
        status = Counter(r.status or 400 for r in failed).most_common(1)[0][0]
        detail = "; ".join(f"{r.file}: {r.error}" for r in failed[:5])
        more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
        return JSONResponse({"error": f"no image could be read. {detail}{more}", "results": dumped}, status_code=status)
    return JSONResponse(dumped)
