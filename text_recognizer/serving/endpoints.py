"""What /classify and /ocr do, independent of BentoML's decorators so it can be tested alone.

Each request: read and decode its images (in a worker thread when there is much of it: CPU work must
not stall the event loop), turn each into model input, submit the inputs to the shared adaptive batcher, and
assemble one entry per image. A bad image becomes that image's error, never its neighbours'.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import anyio
import numpy as np
from starlette.responses import JSONResponse

from text_recognizer import orientation
from text_recognizer.ctc import Reading
from text_recognizer.ocr_predictor import PreparedLine, assemble
from text_recognizer.preprocessing.images import ImageInputError
from text_recognizer.serving.batching import AdaptiveBatcher
from text_recognizer.serving.responses import error_response, results_response
from text_recognizer.serving.schemas import Box, ClassifyResult, ClassScore, OcrLine, OcrResult, OcrWord
from text_recognizer.serving.uploads import Upload

logger = logging.getLogger(__name__)
MAX_IMAGES_PER_REQUEST = 256
#: Requests with less image data than this are decoded and preprocessed on the event loop: for a
#: small image that is ~0.2 ms, less than the worker-thread hop (and the GIL hand-offs) it would
#: otherwise take. Bigger requests go to a thread, so the loop keeps serving others meanwhile.
#: Kept small because compression can hide many pixels in few bytes: 16 KB of PNG decodes to at
#: most ~16 M pixels, a stall of tens of ms at worst, never more.
INLINE_BYTES = 16 * 1024


def _prepare_all(uploads: list[Upload], prepare: Callable[[Any], Any]) -> list[Any]:
    """Model input per upload, or the ImageInputError that stops it."""
    out: list[Any] = []
    for up in uploads:
        if up.error is not None:
            out.append(up.error)
            continue
        try:
            out.append(prepare(up.image))
        except ImageInputError as exc:
            out.append(exc)
        except Exception as exc:  # an image Pillow decoded but our pipeline cannot use
            logger.warning("preprocessing failed for %s: %r", up.name, exc)
            out.append(ImageInputError(f"the image could not be preprocessed ({type(exc).__name__})", status=422))
    return out


def _load_and_prepare(load: Callable[[], list[Upload]], prepare: Callable[[Any], Any]) -> tuple[list[Upload], list[Any]]:
    """Read, decode and preprocess in one worker-thread hop: each hop costs latency at low load."""
    uploads = load()
    return uploads, _prepare_all(uploads, prepare)


_prep_threads: anyio.CapacityLimiter | None = None


def _prep_limiter() -> anyio.CapacityLimiter:
    """Two threads for reading and preprocessing per worker, not anyio's default 40: the work is
    CPU-bound under one GIL, so more threads only interleave, and each request finishes later
    (measured: 64 concurrent paragraph uploads 132 -> 170 lines/s with the limit); two keep one
    running while the other waits on Pillow or numpy with the GIL released."""
    global _prep_threads
    if _prep_threads is None:
        _prep_threads = anyio.CapacityLimiter(2)
    return _prep_threads


async def _read(load: Callable[[], list[Upload]], prepare: Callable[[Any], Any], nbytes: int
                ) -> tuple[list[Upload], list[Any]]:
    if nbytes <= INLINE_BYTES:
        return _load_and_prepare(load, prepare)
    return await anyio.to_thread.run_sync(_load_and_prepare, load, prepare, limiter=_prep_limiter())


def _check_count(n: int, no_images_message: str) -> JSONResponse | None:
    if n == 0:
        return error_response(no_images_message, 400)
    if n > MAX_IMAGES_PER_REQUEST:
        return error_response(f"{n} images in one request; the limit is {MAX_IMAGES_PER_REQUEST}", 413)
    return None


class ClassifyEndpoint:
    def __init__(self, predictor: Any, model_tag: str, batcher: AdaptiveBatcher) -> None:
        self.predictor, self.model_tag, self.batcher = predictor, model_tag, batcher

    async def __call__(self, load: Callable[[], list[Upload]], count: int, nbytes: int, top_k: int,
                       no_images: str) -> JSONResponse:
        if (bad := _check_count(count, no_images)) is not None:
            return bad
        if not 1 <= top_k <= 100:
            return error_response(f"top_k must be between 1 and 100, got {top_k}", 400)
        uploads, prepared = await _read(load, self.predictor.prepare, nbytes)
        good = [i for i, p in enumerate(prepared) if not isinstance(p, ImageInputError)]
        probs = await self.batcher.submit_many([prepared[i] for i in good])
        by_index = dict(zip(good, probs))
        results = []
        for i, up in enumerate(uploads):
            if i in by_index:
                pred = self.predictor.top_k(np.asarray(by_index[i]), top_k)
                results.append(ClassifyResult(
                    file=up.name, label=pred.label, score=pred.score, model=self.model_tag,
                    top_k=[ClassScore(label=l, score=s) for l, s in pred.top_k]))
            else:
                err = prepared[i]
                results.append(ClassifyResult(file=up.name, error=err.message, status=err.status))
        return results_response(results)


class OcrEndpoint:
    """Segments each image into lines, then recognises every line of every request in shared batches.

    An image whose reading is doubtful is segmented and read again turned upside down, and sideways
    when its lines are too short to be upright text (`text_recognizer.orientation`), its turned lines
    again through the shared batcher, and the surest reading is kept; sure readings cost nothing extra.
    """

    def __init__(self, predictor: Any, model_tag: str, batcher: AdaptiveBatcher) -> None:
        self.predictor, self.model_tag, self.batcher = predictor, model_tag, batcher

    async def _read_lines(self, prepared: dict[Any, list[PreparedLine]]) -> dict[Any, list[Reading]]:
        """Every line of every prepared image through the batcher in one submission."""
        flat = [(key, line.array) for key, lines in prepared.items() for line in lines]
        read = await self.batcher.submit_many([arr for _, arr in flat])
        out: dict[Any, list[Reading]] = {key: [] for key in prepared}
        for (key, _), reading in zip(flat, read):
            out[key].append(reading)
        return out

    def _prepare_turned(self, todo: dict[int, tuple[Any, tuple[int, ...]]]) -> dict[tuple[int, int], list[PreparedLine]]:
        """Lines of each doubtful image turned each way. A turn that cannot be prepared reads as
        nothing (and so is never chosen): the upright reading already stands."""
        out: dict[tuple[int, int], list[PreparedLine]] = {}
        for i, (img, turns) in todo.items():
            for a in turns:
                try:
                    out[(i, a)] = self.predictor.prepare(orientation.turn(img, a))
                except Exception as exc:
                    logger.warning("preprocessing image %d turned %d degrees failed: %r", i, a, exc)
                    out[(i, a)] = []
        return out

    async def __call__(self, load: Callable[[], list[Upload]], count: int, no_images: str) -> JSONResponse:
        if (bad := _check_count(count, no_images)) is not None:
            return bad
        # Always in a thread: segmenting even one line image takes a few ms.
        uploads, prepared = await anyio.to_thread.run_sync(_load_and_prepare, load, self.predictor.prepare,
                                                           limiter=_prep_limiter())
        good = {i: p for i, p in enumerate(prepared) if not isinstance(p, ImageInputError)}
        readings = await self._read_lines(good)
        angles = dict.fromkeys(good, 0)
        doubtful = {i: (uploads[i].image, turns) for i in good if (turns := orientation.turns_to_try(readings[i]))}
        if doubtful:
            turned = await anyio.to_thread.run_sync(self._prepare_turned, doubtful, limiter=_prep_limiter())
            turned_readings = await self._read_lines(turned)
            for i, (_, turns) in doubtful.items():
                angle = orientation.best_turn(readings[i], {a: turned_readings[(i, a)] for a in turns})
                if angle:
                    angles[i], good[i], readings[i] = angle, turned[(i, angle)], turned_readings[(i, angle)]
        results = []
        for i, up in enumerate(uploads):
            if i not in good:
                results.append(OcrResult(file=up.name, error=prepared[i].message, status=prepared[i].status))
                continue
            read = assemble(good[i], readings[i], angles[i], up.image.size)
            lines = [OcrLine(text=line.text, confidence=round(line.confidence, 4), box=_box(line.box),
                             words=[OcrWord(text=w.text, confidence=round(w.confidence, 4), box=_box(w.box)) for w in line.words])
                     for line in read.lines]
            results.append(OcrResult(file=up.name, text=read.text, lines=lines, rotation=read.rotation, model=self.model_tag))
        return results_response(results)


def _box(box: tuple[int, int, int, int]) -> Box:
    return Box(x0=box[0], y0=box[1], x1=box[2], y1=box[3])


def model_info(tag: str, metadata: dict) -> dict:
    """The public description of a stored model, from its BentoML metadata."""
    name, _, version = tag.partition(":")
    kind = metadata.get("kind", "classifier")
    spec = metadata.get("spec") or metadata.get("preprocessing") or {}
    return {
        "name": name, "version": version, "task": "ocr" if kind == "line_recognizer" else "classification",
        "classes": metadata.get("classes"), "charset": metadata.get("charset"),
        "lexicon_words": metadata.get("lexicon_words"), "input": spec,
        "metrics": {k: v for k, v in (metadata.get("metrics") or {}).items() if k != "history"},
        "command": metadata.get("command"), "code_version": metadata.get("code_version"),
    }
