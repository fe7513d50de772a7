"""Find rules -- underlines, the edges of a box round a label or a digit, table lines -- in an
ink mask, so the readers can ignore them.

No training line or digit has one, and a model reads a box's edges as letters ("Drer55ZI Ships
EodavJ" for a boxed "Order 5521 ships today") or takes a boxed digit for an 8. A rule is a
long horizontal run of ink that is thin, with little ink just above and below it: bold or
blurred letters that merge into one long run are thick, and each of their rows has ink above
and below. The vertical sides of a box are only ever removed between two rules, where they
are ink from end to end, which no letter or digit inside the box is.
"""

from __future__ import annotations

import numpy as np


def long_runs(mask: np.ndarray, min_len: int) -> np.ndarray:
    """Pixels of `mask` lying in a horizontal run of at least `min_len` consecutive pixels."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)  # row-major, so the i-th start and end are one run
    ends = np.nonzero(edges == -1)[1]
    out = np.zeros_like(mask)
    for i in np.flatnonzero(ends - starts >= min_len):
        out[rows[i], starts[i]:ends[i]] = True
    return out


def find_rules(mask: np.ndarray, min_length: int, max_thickness: int, ink: np.ndarray | None = None,
               min_aspect: float = 0.0) -> np.ndarray:
    """Pixels of horizontal rules in an ink mask: runs of at least `min_length` in bands of at
    most `max_thickness` rows, each run at least `min_aspect` times as long as the band is thick,
    with less than half the columns inked two rows above and below.

    With `ink` (where `mask` holds faint pixels too: True where a pixel is as dark as ink), a faint
    band that goes on between the letters over clean paper is a rule even with ink above it: a
    ruled line that handwriting stands on, its letters' feet on it all along
    (`_faint_line_under_letters`)."""
    h = mask.shape[0]
    rules = np.zeros_like(mask)
    candidates = np.flatnonzero(mask.sum(axis=1) >= min_length)  # rows with ink enough for one
    if len(candidates) == 0:
        return rules
    runs = np.zeros_like(mask)
    runs[candidates] = long_runs(mask[candidates], min_length)
    if not runs.any():
        return rules
    for r0, r1 in true_runs(runs.any(axis=1)):
        if r1 - r0 > max_thickness:
            continue
        band = runs[r0:r1]
        if min_aspect > 0:  # each run on its own, unbroken: words side by side are not one rule
            band = long_runs(mask[r0:r1], max(min_length, int(np.ceil(min_aspect * (r1 - r0)))))
            if not band.any():
                continue
        cols = band.any(axis=0)
        beside = [float(mask[r, cols].mean()) if 0 <= r < h else 0.0 for r in (r0 - 2, r1 + 1)]
        if max(beside) < 0.5 or (ink is not None and _faint_line_under_letters(mask, ink, r0, r1)):
            rules[r0:r1] |= band
    return rules


def _faint_line_under_letters(mask: np.ndarray, ink: np.ndarray, r0: int, r1: int) -> bool:
    """A faint line in rows r0:r1 that letters stand on: below most of their ink, and between the
    letters (columns without ink just above it) going on over clean paper. The blurred feet of a
    line's letters, a faint word in uneven light, and noisy paper are faint too, but lie higher,
    stop between the letters, or are as faint above as on the line. (With these tests no line
    of the validation set, and no training line that had none before, is found to have a rule.)"""
    if r0 < 3:
        return False
    if ink[:r0].sum() < 0.6 * ink.sum():  # the letters stand on it: most of their ink is above
        return False
    gaps = ~ink[max(0, r0 - 4):r0].any(axis=0)
    if gaps.sum() < 0.2 * mask.shape[1]:
        return False
    on_line = float(mask[r0:r1].any(axis=0)[gaps].mean())
    above = float(mask[r0 - 3][gaps].mean())
    return on_line >= 0.85 and above <= 0.25


def true_runs(active: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True in a 1-D boolean array (bands of rows, spans of columns)."""
    padded = np.concatenate([[False], active, [False]]).astype(np.int8)
    diff = np.diff(padded)
    return list(zip(np.flatnonzero(diff == 1).tolist(), np.flatnonzero(diff == -1).tolist()))


def grow_rows(rules: np.ndarray) -> np.ndarray:
    """`rules` and the row above and below each of its pixels (a rule's anti-aliased edges)."""
    grown = rules.copy()
    grown[1:] |= rules[:-1]
    grown[:-1] |= rules[1:]
    return grown


def grow_cols(rules: np.ndarray) -> np.ndarray:
    """`rules` and the column either side of each of its pixels (a vertical rule's edges)."""
    return grow_rows(rules.T).T


def box_sides(mask: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Pixels of the vertical strokes joining a rule above the other ink to a rule below it (a
    box's sides, a table's cell separators); none when the rules are not on both sides."""
    sides = np.zeros_like(mask)
    rule_rows = np.flatnonzero(rules.any(axis=1))
    ink_rows = np.flatnonzero(mask.sum(axis=1) > rules.sum(axis=1))  # rows with ink besides rules
    if len(ink_rows) == 0:
        return sides
    middle = ink_rows.mean()
    above, below = rule_rows[rule_rows < middle], rule_rows[rule_rows > middle]
    if len(above) and len(below):
        top, bottom = int(above.max()) + 1, int(below.min())
        if bottom - top >= 3:
            sides[top:bottom, np.flatnonzero(mask[top:bottom].all(axis=0))] = True
    return sides


def outer_rules(rules: np.ndarray) -> np.ndarray:
    """The topmost and the bottommost rule of `rules` (a box's edges, not a 7's bar inside it)."""
    bands = true_runs(rules.any(axis=1))
    out = np.zeros_like(rules)
    for r0, r1 in (bands[:1] + bands[-1:]) if bands else []:
        out[r0:r1] = rules[r0:r1]
    return out
