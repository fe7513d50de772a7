"""Spaces where a line has a wide gap that the reading runs across.

A receipt's "TOTAL        9.40", a form's "Name:      Ada", a table row: the recognizer was
trained on lines whose words are a space apart, and across a gap of several spaces its CTC
path may emit no space at all ("TOTAL9.40"). The gap itself is plain in the line image: columns
without ink, far wider than any space between words. So a space goes in wherever such a gap
lies between two characters of the reading and none was read there.
"""

from __future__ import annotations

import numpy as np

from text_recognizer.models.line_recognizer import STRIDE
from text_recognizer.preprocessing.lines import INK_THRESHOLD, WIDTH_SCALE
from text_recognizer.preprocessing.rules import true_runs

#: A gap without ink this many line heights wide (unstretched) is a space whatever was read across
#: it (a word space is about a third of one; letter-spaced or justified text stays under one).
WIDE_GAP_HEIGHTS = 1.5


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
