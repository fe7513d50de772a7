"""Find a list item's bullet at the start of a line, so it is returned as "•" rather than read.

The charset has no bullet, and no training line starts with one: the model reads a solid disc
as "o" or "e" ("o Buy milk and eggs"). A bullet is told from the letters by its shape and
place: a solid disc or square, a third to one and a half of the text's x-height, standing clear of the text
after it and raised off the baseline (a full stop at the start of a line sits on it). A
blurred small "o", "e" or "a" can look solid too, so lines whose x-height is under
`MIN_X_HEIGHT` pixels are left to the model.
"""

from __future__ import annotations

import numpy as np

from text_recognizer.preprocessing.lines import INK_THRESHOLD, core_band
from text_recognizer.preprocessing.rules import true_runs

#: What a line's text gets in front of it when a bullet was found (and cut off).
BULLET = "\u2022 "
#: Lines whose x-height (core band) is smaller than this (pixels) are not looked at.
MIN_X_HEIGHT = 7
#: A bullet's height, as a share of the x-height...
MIN_SIZE, MAX_SIZE = 0.3, 1.6
#: ...its width over its height (a dash is wider, a stroke of a letter narrower)...
MIN_ASPECT, MAX_ASPECT = 0.6, 1.6
#: ...the share of its bounding box it covers (a disc covers 0.79, a ring or a letter much less),
#: and covers with ink as dark as the darkest (`SOLID`: a blurred letter's counter fills in, but
#: paler than its strokes)...
MIN_FILL = 0.7
SOLID, MIN_SOLID_FILL = 0.8, 0.5
#: ...its centre at least this many x-heights below the top of the x-height (a quote mark's is
#: near it) and above the baseline (a full stop's is ~0.1)...
MIN_RAISE = 0.25
#: ...and the gap after it at least this many x-heights (a bullet stands apart from its text).
MIN_GAP = 0.3


def _one_run_each(blob: np.ndarray) -> bool:
    """Every row of `blob` holds one run of ink at most: a disc or a square, not a letter."""
    starts = np.diff(blob.astype(np.int8), axis=1, prepend=0) == 1
    return bool((starts.sum(axis=1) <= 1).all())


def leading_bullet(norm: np.ndarray) -> int | None:
    """A column in the gap between a bullet at the start of the line and its text, or None.

    `norm`: a contrast-normalised line crop (`lines.normalize_contrast`: paper 0, ink 1)."""
    mask = norm > INK_THRESHOLD
    runs = true_runs(mask.any(axis=0))
    if len(runs) < 2:
        return None
    (a, b), (c, _) = runs[0], runs[1]
    rows = mask[:, c:].sum(axis=1)
    inked = np.flatnonzero(rows)
    band = core_band(rows[inked[0]:inked[-1] + 1])
    if band is None:
        return None
    core = (band[0] + int(inked[0]), band[1] + int(inked[0]))
    x_height = core[1] - core[0]
    if x_height < MIN_X_HEIGHT or c - b < MIN_GAP * x_height:
        return None
    blob = mask[:, a:b]
    ink_rows = np.flatnonzero(blob.any(axis=1))
    top, bottom = int(ink_rows[0]), int(ink_rows[-1]) + 1
    height, width = bottom - top, b - a
    if not MIN_SIZE * x_height <= height <= MAX_SIZE * x_height or not MIN_ASPECT <= width / height <= MAX_ASPECT:
        return None
    area = height * width
    if blob[top:bottom].sum() < MIN_FILL * area or (norm[top:bottom, a:b] > SOLID).sum() < MIN_SOLID_FILL * area:
        return None
    if not (_one_run_each(blob[top:bottom]) and _one_run_each(blob[top:bottom].T)):
        return None  # a bold "a", "e", "m" or "8": solid enough, but a row or a column crosses it twice
    centre = (top + bottom) / 2
    if not core[0] + MIN_RAISE * x_height <= centre <= core[1] - MIN_RAISE * x_height:
        return None
    return (b + c) // 2
