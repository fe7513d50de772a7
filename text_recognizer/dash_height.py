"""A hyphen read as an underscore, or an underscore as a hyphen, made the one its height shows.

Charis SIL (a held-out face) had its hyphens read as underscores at every size from 16 to 44 px:
"looked-sectarianism" -> "looked_sectarianism", "trust-27" -> "trust_27" (7 of 211 hyphens in
held-out printed faces). The training lines join words with "_" in identifiers and file names
more often than with "-", and a face's hyphen can be long and low enough to pass for either.
The two marks differ in one thing only, their height, and the line image shows it plainly: in
held-out printed faces the middle of a hyphen's stroke lies 0.0-0.66 of the way from the top of
the letters' core (x-height band) to the baseline, an underscore's 1.0-1.3 (at or under it).

So each "-" or "_" read is measured where its frames lie: the columns whose ink is one thin
horizontal run (the mark itself, not a neighbouring letter's stem) give its height, and a mark
well inside the core is a hyphen, one at the baseline or under it an underscore. Between the
two (a handwritten line's baseline wanders) the reading stands.
"""

from __future__ import annotations

import numpy as np

from text_recognizer.data.charset import Charset
from text_recognizer.models.line_recognizer import STRIDE
from text_recognizer.preprocessing.lines import INK_THRESHOLD, core_band

#: A mark whose stroke's middle lies above this share of the way from the core's top (0) to the
#: baseline (1) is a hyphen (hyphens measured 0.0-0.66)...
HYPHEN_MAX_HEIGHT = 0.8
#: ...and one at or below this share an underscore (underscores measured 1.0-1.3).
UNDERSCORE_MIN_HEIGHT = 0.95
#: A column is the mark's own if its ink is one run no thicker than this share of the core's
#: height (plus a pixel): a stroke, not a letter beside it.
STROKE_MAX_THICKNESS = 0.3
#: Columns of the mark's own needed to measure it.
MIN_STROKE_COLUMNS = 2


def mark_height(mask: np.ndarray, core: tuple[int, int], first: int, last: int) -> float | None:
    """Where the thin horizontal stroke under frames `first`..`last` of a line lies (`mask`: its
    ink, height x width; `core`: its core's [top, bottom) rows): 0 at the core's top, 1 at the
    baseline; None if too few of those columns hold only such a stroke."""
    top, bottom = core
    thickest = STROKE_MAX_THICKNESS * (bottom - top) + 1
    middles = []
    for col in range(first * STRIDE, min((last + 1) * STRIDE, mask.shape[1])):
        rows = np.flatnonzero(mask[:, col])
        if len(rows) and len(rows) <= thickest and rows[-1] - rows[0] + 1 == len(rows):
            middles.append((rows[0] + rows[-1]) / 2)
    if len(middles) < MIN_STROKE_COLUMNS:
        return None
    return (float(np.median(middles)) - top) / (bottom - top)


def level_dashes(path: list[tuple[int, int, int]], line: np.ndarray,
                 charset: Charset) -> list[tuple[int, int, int]]:
    """`path` (label, first frame, last frame per character, as `ctc.best_path` gives it) with
    each "-" or "_" whose height in `line` (height x width, ink bright) says it is the other made
    that one; `path` itself if none is, or the line has no core to measure against."""
    if not (charset.covers("-") and charset.covers("_")):
        return path
    hyphen, underscore = charset.encode("-")[0], charset.encode("_")[0]
    if not any(label in (hyphen, underscore) for label, _, _ in path):
        return path
    mask = line > INK_THRESHOLD
    core = core_band(mask.sum(axis=1))
    if core is None or core[1] - core[0] < 2:
        return path
    out = None
    for k, (label, first, last) in enumerate(path):
        if label not in (hyphen, underscore):
            continue
        height = mark_height(mask, core, first, last)
        if height is None:
            continue
        wanted = hyphen if height < HYPHEN_MAX_HEIGHT else underscore if height >= UNDERSCORE_MIN_HEIGHT else label
        if wanted != label:
            out = list(path) if out is None else out
            out[k] = (wanted, first, last)
    return path if out is None else out
