"""Spaces where a line has a gap that the reading runs across: a wide one anywhere, and a word
space after a list item's number.

A receipt's "TOTAL        9.40", a form's "Name:      Ada", a table row: the recognizer was
trained on lines whose words are a space apart, and across a gap of several spaces its CTC
path may emit no space at all ("TOTAL9.40"). The gap itself is plain in the line image: columns
without ink, far wider than any space between words. So a space goes in wherever such a gap
lies between two characters of the reading and none was read there.

A numbered list's "1. Buy milk" was read "1.Buy milk" in most faces and sizes: training lines
have numbers like "12.50" and "3.14", where a digit and a full stop run on without a space, and
no list items. There a space goes in only where the image has one: a gap of a word space's width
between the number's "." or ")" and the letter after it (a decimal point's gap is half that).
"""

from __future__ import annotations

import re

import numpy as np

from text_recognizer.models.line_recognizer import STRIDE
from text_recognizer.preprocessing.lines import INK_THRESHOLD, WIDTH_SCALE
from text_recognizer.preprocessing.rules import true_runs

#: A gap without ink this many line heights wide (unstretched) is a space whatever was read across
#: it (a word space is about a third of one; letter-spaced or justified text stays under one).
WIDE_GAP_HEIGHTS = 1.5
#: After a list item's number, a gap this many line heights wide is a space (a word space is
#: 0.35-0.5 of one in print; the gap after a decimal point 0.2, between a monospace face's letters 0.27).
LIST_GAP_HEIGHTS = 0.3
#: A list item's number, or letter before a capital, at the start of a line, read with no space
#: after it (the capital: a code such as "y.cF" in a monospace face has nearly a space's gap).
LIST_NUMBER = re.compile(r"^(?:\d{1,3}[.)](?=[A-Za-z])|[A-Za-z][.)](?=[A-Z]))")


def space_wide_gaps(path: list[tuple[int, int, int]], line: np.ndarray, space_label: int) -> list[tuple[int, int, int]]:
    """`path` (`ctc.best_path` of the line) with a space, over the gap's frames, in each wide gap
    of the line image `line` (height x width, ink bright) that lies between two characters read
    without a space between them."""
    if len(path) < 2:
        return path
    inked = (line > INK_THRESHOLD).any(axis=0)
    columns = np.flatnonzero(inked)
    if len(columns) == 0:
        return path
    min_gap = WIDE_GAP_HEIGHTS * line.shape[0] * WIDTH_SCALE
    start = int(columns[0])
    gaps = [(start + a, start + b) for a, b in true_runs(~inked[start:columns[-1] + 1]) if b - a >= min_gap]
    if not gaps:
        return path
    out = [path[0]]
    for prev, cur in zip(path, path[1:]):
        if prev[0] != space_label and cur[0] != space_label:
            for a, b in gaps:
                # frames cover STRIDE columns: the gap lies between the two characters' runs
                if prev[2] * STRIDE <= a and b <= (cur[1] + 1) * STRIDE:
                    out.append((space_label, a // STRIDE, max(a // STRIDE, b // STRIDE - 1)))
                    break
        out.append(cur)
    return out


def _gap_width(line: np.ndarray, a: int, b: int) -> int:
    """Columns of the widest run without ink in `line[:, a:b]`."""
    inked = (line[:, max(0, a):b] > INK_THRESHOLD).any(axis=0)
    return max((e - s for s, e in true_runs(~inked)), default=0)


def space_after_list_number(path: list[tuple[int, int, int]], line: np.ndarray, text: str,
                            space_label: int) -> list[tuple[int, int, int]]:
    """`path` with a space after a list item's number ("1.", "12)", "a.") at the start of the
    line, when `text` (the path's characters) has none there and the image has a word space's gap."""
    match = LIST_NUMBER.match(text)
    if match is None or len(text) != len(path):
        return path
    k = match.end() - 1  # the "." or ")"
    punct, nxt = path[k], path[k + 1]
    if _gap_width(line, punct[1] * STRIDE, (nxt[2] + 1) * STRIDE) < LIST_GAP_HEIGHTS * line.shape[0] * WIDTH_SCALE:
        return path
    # The space's frames: those between the two characters' runs (`lexicon` takes a word's frames
    # from the space before it to the space after it), or the stop's last one if they touch.
    first, last = (punct[2] + 1, nxt[1] - 1) if nxt[1] - punct[2] >= 2 else (punct[2], punct[2])
    return path[:k + 1] + [(space_label, first, last)] + path[k + 1:]
