"""The text_recognizer BentoML service: image classification and OCR with adaptive batching.

    bentoml serve                      # Swagger UI at http://localhost:3000

Configuration (environment variables):
    TEXT_RECOGNIZER_CLASSIFIER   classifier model in the store, name[:version]   (default: digits)
    TEXT_RECOGNIZER_LINE_MODEL   line recognizer for /ocr, name[:version]; "" disables /ocr (default: text-lines)
    TEXT_RECOGNIZER_WORKERS      worker processes (default: one per core, at most 4; 1 with a GPU);
                                 torch threads = cores / workers
    TEXT_RECOGNIZER_BATCHING     "0" turns adaptive batching off (one forward pass per item), for comparison
    TEXT_RECOGNIZER_OCR_LEXICON  "0" serves plain greedy readings, without the word-list correction of doubtful words
    TEXT_RECOGNIZER_API_KEY      if set, APIs need "Authorization: Bearer <key>"; probes stay open
    TEXT_RECOGNIZER_MAX_REQUEST_BYTES / _MAX_IMAGE_BYTES / _MAX_IMAGE_PIXELS   input limits (413 past them)
"""

from __future__ import annotations

import gc
import os

import bentoml
from pydantic import Field

from text_recognizer.device import available_cores
from text_recognizer.serving.forms import guard_request_parsing
from text_recognizer.serving.middleware import ApiKeyAuth, RequestLimits
from text_recognizer.serving.responses import NO_IMAGES, NO_IMAGES_JSON, error_response
from text_recognizer.serving.schemas import ClassifyResult, ModelsResponse, OcrResult
from text_recognizer.serving.uploads import UploadedFile, read_base64_upload, read_file_upload

CLASSIFIER_TAG = os.environ.get("TEXT_RECOGNIZER_CLASSIFIER", "digits")
LINE_MODEL_TAG = os.environ.get("TEXT_RECOGNIZER_LINE_MODEL", "text-lines")


def _default_workers() -> int:
    """One worker process per core on a CPU, at most 4; one on a GPU machine.

    A worker is one Python process: its event loop, multipart parsing and preprocessing hold one
    GIL, so on a CPU the service scales by processes (2 workers on this project's 2 cores served
    about twice the requests of one; 3 or 4 served fewer again, see BENCHMARKS.md). Each worker
    holds its own models (~0.7 GB resident), hence the cap. On a GPU one process batches for the
    whole card, and more would only split its batches.
    """
    if os.path.exists("/proc/driver/nvidia/version"):
        return 1
    return min(4, available_cores())


WORKERS = int(os.environ.get("TEXT_RECOGNIZER_WORKERS") or _default_workers())
MAX_BATCH = int(os.environ.get("TEXT_RECOGNIZER_MAX_BATCH", "256"))
# Under overload, queue up to just below the 120 s request timeout rather than answer 503.
MAX_LATENCY_MS = int(os.environ.get("TEXT_RECOGNIZER_MAX_LATENCY_MS", "110000"))
BATCHING = os.environ.get("TEXT_RECOGNIZER_BATCHING", "1") not in ("0", "false", "off")
# "greedy": a batch starts when the previous one ends (serving/batching.py says why);
# "cork": BentoML's CorkDispatcher, which may wait for a batch to fill.
BATCH_POLICY = os.environ.get("TEXT_RECOGNIZER_BATCH_POLICY", "greedy")

IMAGES_FIELD = Field(default_factory=list, description="one or more image files (PNG, JPEG, BMP, GIF, TIFF, WebP)")
BASE64_FIELD = Field(default_factory=list, description="images as base64 strings or data URLs (data:image/png;base64,...)")
TOP_K_FIELD = Field(3, description="how many of the most probable classes to return (1 to 100)")


@bentoml.service(
    name="text_recognizer",
    workers=WORKERS,
    resources={"cpu": "2", "memory": "2Gi"},
    traffic={"timeout": 120},
)
class TextRecognizer:
    """Handwritten digit, clothing or custom image classification, and text line / paragraph OCR."""

    classifier_model = bentoml.models.BentoModel(CLASSIFIER_TAG)
    if LINE_MODEL_TAG:
        line_model = bentoml.models.BentoModel(LINE_MODEL_TAG)

    def __init__(self) -> None:
        import numpy as np

        from text_recognizer.device import set_threads
        from text_recognizer.model_store import load_predictor
        from text_recognizer.preprocessing.lines import LINE_HEIGHT
        from text_recognizer.serving.batching import AdaptiveBatcher
        from text_recognizer.serving.endpoints import ClassifyEndpoint, OcrEndpoint, model_info

        set_threads(max(1, available_cores() // WORKERS))
        self.models: list[dict] = []
        clf = load_predictor(self.classifier_model)
        tag = str(self.classifier_model.tag)
        self.classify_endpoint = ClassifyEndpoint(
            clf, tag, AdaptiveBatcher(clf.predict_batch, "classifier", MAX_BATCH, MAX_LATENCY_MS, BATCHING, BATCH_POLICY))
        self.models.append(model_info(tag, self.classifier_model.info.metadata))
        clf.warm_up()

        self.ocr_endpoint = None
        if LINE_MODEL_TAG:
            ocr = load_predictor(self.line_model)
            ocr.recognize([np.zeros((LINE_HEIGHT, 128), np.float32)])  # warm-up: first pass allocates
            tag = str(self.line_model.tag)
            self.ocr_endpoint = OcrEndpoint(ocr, tag, AdaptiveBatcher(ocr.recognize, "line_recognizer", MAX_BATCH, MAX_LATENCY_MS, BATCHING, BATCH_POLICY))
            self.models.append(model_info(tag, self.line_model.info.metadata))

        # Everything allocated so far (torch, BentoML, the models: millions of objects) lives as
        # long as the worker. Freezing it keeps Python's cyclic GC from walking it all again in
        # every full collection, which stalled requests by 100-200 ms (1 % of them at c=1).
        gc.collect()
        gc.freeze()

    @bentoml.api(route="/classify")
    async def classify(self, images: list[UploadedFile] = IMAGES_FIELD, top_k: int = TOP_K_FIELD) -> list[ClassifyResult]:
        """Classify uploaded images (multipart field `images`, repeatable): one result per image, in upload order. A file that cannot be read gets `error` and `status`; if no file can be read, the response is that 4xx."""
        return await self.classify_endpoint(
            lambda: [read_file_upload(p, i) for i, p in enumerate(images)], len(images), sum(p.size for p in images),
            top_k, NO_IMAGES)

    @bentoml.api(route="/classify_base64")
    async def classify_base64(self, images: list[str] = BASE64_FIELD, top_k: int = TOP_K_FIELD) -> list[ClassifyResult]:
        """Classify images sent as base64 or data URLs in JSON: `{"images": ["data:image/png;base64,..."]}`."""
        return await self.classify_endpoint(
            lambda: [read_base64_upload(s, i) for i, s in enumerate(images)], len(images), sum(len(s) for s in images),
            top_k, NO_IMAGES_JSON)

    @bentoml.api(route="/ocr")
    async def ocr(self, images: list[UploadedFile] = IMAGES_FIELD) -> list[OcrResult]:
        """Read the text in uploaded images of a text line or a paragraph (multipart field `images`, repeatable). Per image: `text` (lines joined by newlines), `lines`, each with text, confidence and box, in reading order (top to bottom; on a page in columns, column by column), and `rotation` (90, 180 or 270 when the text was sideways or upside down and was read turned)."""
        return await self._ocr(lambda: [read_file_upload(p, i) for i, p in enumerate(images)], len(images), NO_IMAGES)

    @bentoml.api(route="/ocr_base64")
    async def ocr_base64(self, images: list[str] = BASE64_FIELD) -> list[OcrResult]:
        """OCR for images sent as base64 or data URLs in JSON: `{"images": ["data:image/png;base64,..."]}`."""
        return await self._ocr(lambda: [read_base64_upload(s, i) for i, s in enumerate(images)], len(images), NO_IMAGES_JSON)

    async def _ocr(self, load, count: int, no_images: str):
        if self.ocr_endpoint is None:
            return error_response("OCR is disabled on this server (TEXT_RECOGNIZER_LINE_MODEL is empty)", 404)
        return await self.ocr_endpoint(load, count, no_images)

    @bentoml.api(route="/models")
    def models_info(self) -> ModelsResponse:
        """The loaded models: names, versions, classes or charset, input format, held-out metrics, training command."""
        return ModelsResponse.model_validate({"models": self.models})


# BentoML's request parser answers some malformed requests with a 500 and fetches URLs sent as
# text in a file field; these parse every request to the APIs that take images (serving/forms.py).
for _api, _file_route in (("classify", None), ("ocr", None), ("classify_base64", "/classify"), ("ocr_base64", "/ocr")):
    guard_request_parsing(TextRecognizer.apis[_api], _file_route)

TextRecognizer.add_asgi_middleware(RequestLimits)
if os.environ.get("TEXT_RECOGNIZER_API_KEY"):  # without a key there is nothing to check: no layer at all
    TextRecognizer.add_asgi_middleware(ApiKeyAuth)
