"""Read text from images: segment into lines, preprocess, recognise in width-sorted batches.

`LinePredictor` is the one object the service holds. It splits the work in two so the
service can pool lines from many concurrent requests into the same forward passes:

    lines = predictor.prepare(img)                 # CPU-only, per request, no model
    results = predictor.recognize([line.array for line in lines_from_many_requests])

`read(img)` does both for a single image.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import torch
from PIL import Image

from text_recognizer import orientation
from text_recognizer.bar_glyphs import make_consistent
from text_recognizer.compiled import compile_for_cpu, quantize_sequence_for_cpu
from text_recognizer.ctc import Reading, best_path, decode_readings
from text_recognizer.dash_height import level_dashes
from text_recognizer.data.charset import Charset
from text_recognizer.device import pick_device
from text_recognizer.lexicon import LEXICON_FILE, Lexicon, replace_words, word_spans
from text_recognizer.line_segmentation import Box, segment
from text_recognizer.models.line_recognizer import LineRecognizer, build_model
from text_recognizer.number_formats import fix_number_formats
from text_recognizer.preprocessing.images import ink_on_dark, shrink_to_pixels
from text_recognizer.preprocessing.bullets import BULLET, leading_bullet
from text_recognizer.preprocessing.lines import LINE_HEIGHT, WIDTH_SCALE, normalized_line, pad_batch, placed_array
from text_recognizer.preprocessing.page import ocr_gray_array
from text_recognizer.spacing import space_rules
from text_recognizer.words import place_words

logger = logging.getLogger(__name__)

#: Default location of the shipped weights, relative to the project root.
DEFAULT_WEIGHTS = Path(__file__).resolve().parent.parent / "artifacts" / "text-lines" / "model.pt"
#: Larger uploads are scaled down before segmentation: text lines stay legible well below
#: this, and segmentation cost grows with the pixel count. A budget of pixels, not a longest
#: side: a long strip of one text line (a receipt line, a banner) is wide but has few pixels,
#: and shrinking it to a side would leave its letters a few pixels tall. Boxes are reported in
#: the original image's coordinates regardless.
MAX_PIXELS = int(os.environ.get("TEXT_RECOGNIZER_OCR_MAX_PIXELS", 2500 * 2500))
#: Whether the word list beside a weights file (`lexicon.LEXICON_FILE`) corrects doubtful words;
#: "0" serves the plain greedy reading.
USE_LEXICON = os.environ.get("TEXT_RECOGNIZER_OCR_LEXICON", "1") not in ("0", "false", "no", "off")
#: A line the model is on average less sure of than this (`Reading.mean_confidence`) is left out of
#: the result, as PaddleOCR's `drop_score` does: it is a photo's texture, a face or a coin read as
#: "o's" or "@@e@@", not text. Measured with the shipped weights: of 259 such lines from 125
#: photos and crops of photos without text (scikit-image's sample images), 168 fall below 0.35
#: (427 -> 198 stray characters), and none of 450 held-out lines (printed, handwriting-font, digit
#: strings) nor any of 447 correctly read single glyphs, numbers and short words in held-out
#: fonts; the lowest of those scored 0.37. "0" keeps every line.
MIN_LINE_SCORE = float(os.environ.get("TEXT_RECOGNIZER_OCR_MIN_LINE_SCORE", 0.35))


class LinePlace(NamedTuple):
    """Where a line's model input lies in the uploaded image, for its words' boxes: input column c
    is at x = `x0` + c * `step` of the page as segmented (deskewed), between its rows `y0` and
    `y1`; `to_image` maps a box there to the uploaded image's pixels."""

    x0: float
    step: float
    y0: int
    y1: int
    to_image: Callable[[Box], Box]

    def box(self, start: int, end: int) -> Box:
        """The box of the input's columns `start` to `end` in the uploaded image."""
        return self.to_image((int(self.x0 + start * self.step), self.y0,
                              int(math.ceil(self.x0 + end * self.step)), self.y1))


class PreparedLine(NamedTuple):
    """A line ready for the model: its input array, its box in the uploaded image, what its
    reading gets in front of it (`BULLET` when a list item's bullet was cut off its start), and
    where its input lies in the image (for word boxes)."""

    array: np.ndarray
    box: Box
    prefix: str = ""
    place: LinePlace | None = None


def prepare_line(gray_ink_on_dark: np.ndarray, box: Box, place: LinePlace | None = None) -> PreparedLine:
    """A line crop as the model reads it, a leading bullet cut off (the model has no "•" and
    reads one as "o" or "e"). `place`: where the crop's column 0 lies (step 1), if known."""
    norm = normalized_line(gray_ink_on_dark)
    cut = leading_bullet(norm)
    array, left, step = placed_array(norm if cut is None else norm[:, cut:])
    if place is not None:
        place = place._replace(x0=place.x0 + (left + (cut or 0)) * place.step, step=place.step * step)
    return PreparedLine(array, box, "" if cut is None else BULLET, place)


@dataclass
class WordResult:
    text: str
    confidence: float  # min over its characters of the character's peak CTC probability
    box: Box           # (x0, y0, x1, y1) in the input image's pixel coordinates


@dataclass
class LineResult:
    text: str
    confidence: float  # min over characters of the character's peak CTC probability
    box: Box           # (x0, y0, x1, y1) in the input image's pixel coordinates
    words: list[WordResult] = field(default_factory=list)  # left to right; a list item's bullet is not one


@dataclass
class OcrResult:
    text: str                                   # line texts joined by "\n", top to bottom
    lines: list[LineResult] = field(default_factory=list)
    rotation: int = 0                           # degrees the image was turned (counter-clockwise) to read it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _load(source: str | Path | dict) -> dict:
    if isinstance(source, dict):
        return source
    return torch.load(source, map_location="cpu", weights_only=True)


class LinePredictor:
    """A loaded line recogniser plus the segmentation and preprocessing around it."""

    def __init__(self, checkpoint: str | Path | dict = DEFAULT_WEIGHTS, device: str | None = None,
                 batch_size: int = 64, max_batch_pixels: int = 64 * 1024 * LINE_HEIGHT,
                 use_lexicon: bool = USE_LEXICON) -> None:
        """`checkpoint`: a path to, or the dict of, either a training checkpoint or the
        shipped `model.pt` (both hold `state_dict`, `model_config`, `charset`). Its word list is
        the dict's `lexicon` (a list of words, as the model store gives it) or the `lexicon.txt`
        beside the file; without one, or with `use_lexicon` False, readings are plain greedy."""
        state = _load(checkpoint)
        self.lexicon: Lexicon | None = None
        if use_lexicon and state.get("lexicon"):
            self.lexicon = Lexicon(state["lexicon"])
        elif use_lexicon and not isinstance(checkpoint, dict) and (Path(checkpoint).parent / LEXICON_FILE).exists():
            self.lexicon = Lexicon.from_file(Path(checkpoint).parent / LEXICON_FILE)
        prep = state.get("preprocessing", {})
        if prep.get("line_height", LINE_HEIGHT) != LINE_HEIGHT:
            raise ValueError(f"checkpoint expects line height {prep['line_height']}, code uses {LINE_HEIGHT}")
        if prep and prep.get("width_scale", 1.0) != WIDTH_SCALE:  # weights from before WIDTH_SCALE: 1.0
            raise ValueError(f"checkpoint expects lines stretched {prep.get('width_scale', 1.0)}x, "
                             f"code stretches them {WIDTH_SCALE}x")
        self.device = pick_device(device or "auto")
        self.charset = Charset(state["charset"])
        self.space_label = self.charset.encode(" ")[0] if self.charset.covers(" ") else None
        self.model: LineRecognizer = build_model(state["model_config"])
        self.model.load_state_dict(state["state_dict"])
        self.model.to(self.device).eval()
        # On a CPU: the CNN compiled with TorchScript; the packed LSTM, which TorchScript cannot
        # script, and the linear layers quantised to int8 (both in text_recognizer/compiled.py).
        self.model.cnn = compile_for_cpu(self.model.cnn, self.device)
        quantized = quantize_sequence_for_cpu(self.model, self.device)
        # int8 activations are scaled per call: one line per pass, so batch-mates cannot change
        # a line's reading (see quantize_sequence_for_cpu).
        self.batch_size = 1 if quantized else batch_size
        self.max_batch_pixels = max_batch_pixels
        # CPU: CNN per line (LineRecognizer.forward_lines says why), and with int8 the LSTM too;
        # float32 on a CPU batches the LSTM across lines; GPU: all batched.
        self.cnn_per_line = self.device.type == "cpu"

    @classmethod
    def from_state_dict(cls, state_dict: dict, model_config: dict, charset: str, **kwargs: Any) -> "LinePredictor":
        return cls({"state_dict": state_dict, "model_config": model_config, "charset": charset}, **kwargs)

    # ------------------------------------------------------------------ no model

    def prepare(self, img: Image.Image) -> list[PreparedLine]:
        """The lines of a decoded image, top to bottom, ready for `recognize`."""
        small = shrink_to_pixels(img, MAX_PIXELS)
        sx, sy = img.width / small.width, img.height / small.height
        seg = segment(ink_on_dark(ocr_gray_array(small)))

        def to_image(box: Box) -> Box:  # a box in the segmented page -> the uploaded image's pixels
            x0, y0, x1, y1 = seg.to_input(box)
            return (int(x0 * sx), int(y0 * sy), min(img.width, int(round(x1 * sx))), min(img.height, int(round(y1 * sy))))

        out = []
        for k, (x0, y0, x1, y1) in enumerate(seg.boxes):
            out.append(prepare_line(seg.line_crop(k), to_image((x0, y0, x1, y1)), LinePlace(float(x0), 1.0, y0, y1, to_image)))
        return out

    # ------------------------------------------------------------------ model

    def _chunks(self, order: list[int], widths: list[int]) -> list[list[int]]:
        """Consecutive runs of the width-sorted lines, bounded in count and padded pixels."""
        chunks: list[list[int]] = []
        cur: list[int] = []
        for i in order:
            if cur and (len(cur) >= self.batch_size or (len(cur) + 1) * widths[i] * LINE_HEIGHT > self.max_batch_pixels):
                chunks.append(cur)
                cur = []
            cur.append(i)
        if cur:
            chunks.append(cur)
        return chunks

    @torch.inference_mode()
    def recognize(self, line_arrays: list[np.ndarray]) -> list[Reading]:
        """A `Reading` (text, confidence, mean confidence) per line array, in the order given.

        Lines are sorted by width and cut into batches so each batch pads little (less
        wasted compute, and batch-mates of similar width barely affect each other's reading).
        """
        if not line_arrays:
            return []
        widths = [int(a.shape[1]) for a in line_arrays]
        order = sorted(range(len(line_arrays)), key=widths.__getitem__)
        results: list[Reading | None] = [None] * len(line_arrays)
        for chunk in self._chunks(order, widths):
            if self.cnn_per_line:
                log_probs, lengths = self.model.forward_lines(
                    [(pad_batch([line_arrays[i]])[0].to(self.device), widths[i]) for i in chunk])
            else:
                x, w = pad_batch([line_arrays[i] for i in chunk])
                log_probs, lengths = self.model(x.to(self.device), w)
            for k, (i, res) in enumerate(zip(chunk, decode_readings(log_probs, lengths, self.charset))):
                results[i] = self._amend(res, log_probs[: int(lengths[k]), k].cpu(), line_arrays[i])
        return results  # type: ignore[return-value]

    def _mended_path(self, path: list[tuple[int, int, int]], line: np.ndarray) -> tuple[list[tuple[int, int, int]], str]:
        """`path` (`ctc.best_path` of `line`) through the rules that mend it from the line image or
        from the format of its text, in order (`spacing.space_rules`, `dash_height`,
        `number_formats`), and its text: decoded again only after a rule changed the path."""
        rules = space_rules(line, self.space_label) if self.space_label is not None else []
        rules += [lambda p, text: level_dashes(p, line, self.charset),
                  lambda p, text: fix_number_formats(p, text, self.charset)]
        text = self.charset.decode([label for label, _, _ in path])
        for rule in rules:
            changed = rule(path, text)
            if changed is not path:
                path, text = changed, self.charset.decode([label for label, _, _ in changed])
        return path, text

    def _amend(self, reading: Reading, log_probs: torch.Tensor, line: np.ndarray) -> Reading:
        """The greedy reading with a space in each wide gap it ran across (`spacing`), each hyphen
        or underscore made the one its height shows (`dash_height`), a timestamp's "T" and an
        ordinal's "0" made what their format has (`number_formats`), its doubtful words corrected
        (`lexicon`) and its words' upright bars made one character (`bar_glyphs`: "I1" -> "II" or
        "11"). Confidences stay those of the greedy reading: how sure the model itself is."""
        if not reading.text:
            return reading
        try:
            path, read = self._mended_path(best_path(log_probs), line)
            words = []
            for i, j, start, end in word_spans(read, path, log_probs.shape[0]):
                word, frames = read[i:j], log_probs[start:end]
                if self.lexicon is not None:
                    word = self.lexicon.correct_word(word, frames, self.charset)
                words.append(make_consistent(word, frames, self.charset))
            text = replace_words(read, words)
        except Exception as exc:  # an amendment must never cost a line (or its batch-mates) its reading
            logger.warning("keeping the greedy reading %r: amending it failed (%r)", reading.text, exc)
            return reading
        try:
            spans = place_words(path, read, words, log_probs, line)
        except Exception as exc:  # nor may placing its words
            logger.warning("no word boxes for %r: placing them failed (%r)", text, exc)
            spans = ()
        return reading._replace(text=text, words=spans)

    def read(self, img: Image.Image, orient: bool = True) -> OcrResult:
        """All text lines of a decoded image, recognised in one `recognize` call; with `orient`, a
        doubtful reading is tried again turned upside down or sideways (`text_recognizer.orientation`)."""
        prepared = self.prepare(img)
        readings = self.recognize([line.array for line in prepared])
        angle = 0
        if orient and (turns := orientation.turns_to_try(readings)):
            turned = {a: self.prepare(orientation.turn(img, a)) for a in turns}
            turned_readings = {a: self.recognize([line.array for line in p]) for a, p in turned.items()}
            angle = orientation.best_turn(readings, turned_readings)
            if angle:
                prepared, readings = turned[angle], turned_readings[angle]
        return assemble(prepared, readings, angle, img.size)


def assemble(prepared: list[PreparedLine], readings: list[Reading], angle: int,
             size: tuple[int, int]) -> OcrResult:
    """The result of an image from its lines' readings, boxes in the uploaded image's pixels.
    Empty readings (a speck or a rule the segmenter took for a line) and readings below
    `MIN_LINE_SCORE` (a picture's texture) are dropped."""
    lines = [LineResult(line.prefix + r.text, float(r.confidence), orientation.box_in_original(line.box, angle, size),
                        _words(line, r, angle, size))
             for line, r in zip(prepared, readings) if r.text.strip() and r.mean_confidence >= MIN_LINE_SCORE]
    return OcrResult("\n".join(line.text for line in lines), lines, angle)


def _words(line: PreparedLine, reading: Reading, angle: int, size: tuple[int, int]) -> list[WordResult]:
    if line.place is None:
        return []
    return [WordResult(w.text, float(w.confidence), orientation.box_in_original(line.place.box(w.start, w.end), angle, size))
            for w in reading.words]
