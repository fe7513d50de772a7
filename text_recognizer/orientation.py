"""Read sideways and upside-down uploads the right way up.

A phone photo carries its orientation in EXIF, which `decode_image` applies. Scans, screenshots,
crops and images that lost their EXIF data do not, and a page turned 90 degrees segments into
columns of one or two letters that read as noise. Reading every upload four ways would
quadruple the cost of every request. So only a doubtful reading gets a second look: the image
is read turned 90, 270 and 180 degrees, and a turned reading replaces the upright one only when
the model is clearly surer of it and it reads as lines of text, not as single letters.

The measure is the mean, over every character read, of the character's peak CTC probability
(`ctc.Reading.mean_confidence`). Printed text the right way up scores 0.95-1.00 and most
handwriting 0.85-1.00; the same images turned score 0.4-0.85 sideways and 0.7-0.92 upside down
(measured on held-out printed, handwriting-font and digit lines and paragraphs).

Measured with these constants on lines of seeds not used to choose them (held-out fonts and
MNIST digits, one line per image, the hardest case: a paragraph gives more evidence):
- 500 upright images (200 printed, 200 handwriting-font, 100 digit strings): none turned.
- The same kinds turned a random way: the right turn was found for 94 of 100 printed lines,
  42 of 50 digit strings and 63 of 100 handwriting-font lines (the rest stay unturned, as
  before this existed).
- Cost, one thread: 3-4 % fewer printed line images per second, 20-24 % fewer handwriting-font
  ones (a third of those readings are doubtful and get read once more, upside down).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PIL import Image

from text_recognizer.ctc import Reading

#: `TEXT_RECOGNIZER_OCR_ORIENT=0` turns the second look off, for uploads known to be upright.
ENABLED = os.environ.get("TEXT_RECOGNIZER_OCR_ORIENT", "1") != "0"
#: A reading the model is on average less sure of than this gets a second look, turned.
DOUBTFUL = 0.9
#: A turned reading is taken only if the model is at least this sure of it...
ACCEPT = 0.9
#: ...and this much surer than of the upright one...
MARGIN = 0.1
#: ...and its lines hold at least this many characters on average: a line of text turned
#: sideways segments into one "line" per letter, and a lone letter can be read confidently
#: whichever way up it is.
MIN_CHARS_PER_LINE = 3.0
#: Upright text read upright has lines of many characters; sideways text read upright falls apart
#: into strips of 1-4 characters each (measured: 1.0-3.8). A doubtful reading with longer lines
#: than this is tried upside down only, not sideways, which keeps the second look of a hard
#: handwriting line at one more reading instead of three.
SIDEWAYS_MAX_CHARS_PER_LINE = 6.0
#: Counter-clockwise turns tried on a doubtful image, and the lossless transposes that do them.
TURNS: dict[int, Image.Transpose] = {
    90: Image.Transpose.ROTATE_90,
    270: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
}

Box = tuple[int, int, int, int]


def turn(img: Image.Image, angle: int) -> Image.Image:
    """`img` turned `angle` degrees counter-clockwise (exact: a transpose, no resampling)."""
    return img if angle == 0 else img.transpose(TURNS[angle])


def box_in_original(box: Box, angle: int, size: tuple[int, int]) -> Box:
    """A box found in `turn(img, angle)`, in the coordinates of `img`, whose size is `size`."""
    x0, y0, x1, y1 = box
    w, h = size
    if angle == 90:   # (x, y) -> (y, w - x)
        return w - y1, x0, w - y0, x1
    if angle == 270:  # (x, y) -> (h - y, x)
        return y0, h - x1, y1, h - x0
    if angle == 180:
        return w - x1, h - y1, w - x0, h - y0
    return box


def certainty(readings: Sequence[Reading]) -> tuple[float, float]:
    """(mean peak probability over all characters read, characters per non-empty line)."""
    chars = sum(len(r.text) for r in readings if r.text)
    lines = sum(1 for r in readings if r.text)
    if chars == 0:
        return 0.0, 0.0
    mean = sum(r.mean_confidence * len(r.text) for r in readings if r.text) / chars
    return mean, chars / lines


def turns_to_try(readings: Sequence[Reading]) -> tuple[int, ...]:
    """The turns worth reading the image at: none if the upright reading is sure; if it is
    doubtful (or empty although lines were found), upside down, and sideways too unless its
    lines are long enough to be lines of text."""
    if not readings or not ENABLED:
        return ()
    mean, per_line = certainty(readings)
    if mean >= DOUBTFUL:
        return ()
    return (180,) if per_line > SIDEWAYS_MAX_CHARS_PER_LINE else tuple(TURNS)


def best_turn(upright: Sequence[Reading], turned: dict[int, Sequence[Reading]]) -> int:
    """The turn (0 = none) whose reading to keep."""
    base, _ = certainty(upright)
    best, best_score = 0, base
    for angle, readings in turned.items():
        score, per_line = certainty(readings)
        if score >= ACCEPT and score >= base + MARGIN and per_line >= MIN_CHARS_PER_LINE and score > best_score:
            best, best_score = angle, score
    return best
