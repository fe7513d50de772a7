"""Find pictures on a page (photos, logos, solid shapes) so that segmentation leaves them out.

A photo beside a paragraph or above a caption is, to a line segmenter, a block of "ink" many
lines tall: its rows merge with the text's into one band, and the whole block was read as a
line of noise that swallowed the text beside it. Pictures differ from text in one plain way:
text is thin strokes with paper between them, at any size, while a picture covers its area.
So a picture is a region of non-paper that holds a solid square wider than any letter's stroke
and is much of it ink, measured on a coarse grid of cells: bold print, however closely set,
has paper between its strokes, and a shadow or tinted box over text is not ink. A flat panel
with letters on it (a chat bubble or button read in dark mode, where its colour is "ink") is
text, not a picture.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from text_recognizer.preprocessing.page import EIGHT, eroded

#: Cells along the longer side of the image: the grid pictures are looked for on.
GRID_CELLS = 256
#: Smallest cell (pixels): on a small image, the cell is never finer than this.
MIN_CELL = 4
#: Flattened tone (paper 0, ink 1) above which a pixel is not paper: photos' mid tones count.
NON_PAPER = 0.08
#: A cell is covered when this share of its pixels is not paper.
COVERED_CELL = 0.6
#: A picture holds a covered square of this side (pixels): wider than the stroke of any letter
#: up to 250 px tall (a 120 px "7" has 15 px strokes, bold 40 px print 8 px, a 240 px MNIST digit
#: 20-30 px), however close its letters stand.
MIN_SOLID = 48
#: ...covers at least this share of its bounding box (a photo or a logo about all of it; a big
#: bold digit or word, its strokes with paper between, about half)...
MIN_FILL = 0.7
#: ...is at most this elongated (a long rule or a banner of text is more)...
MAX_ASPECT = 6.0
#: ...and at least this share of its pixels is ink (a shadow or a tinted box over text is not).
MIN_INK_SHARE = 0.3
#: A flat panel with text on it (a chat bubble, a button, a banner) is no picture: this share of
#: its pixels lies within `PANEL_TONE` of its median tone...
PANEL_FLAT_SHARE = 0.6
PANEL_TONE = 0.06
#: ...and this share differs from it by more than `PANEL_STROKE` (its letters; a logo's flat
#: shape has only its edge).
PANEL_STROKE_SHARE = 0.02
PANEL_STROKE = 0.25


def _text_panel(tones: np.ndarray) -> bool:
    """A flat tone with letters on it, rather than a photo (no one flat tone) or a logo (no
    letters)."""
    step = np.abs(tones - np.median(tones))
    return bool((step < PANEL_TONE).mean() >= PANEL_FLAT_SHARE and (step > PANEL_STROKE).mean() >= PANEL_STROKE_SHARE)


def picture_mask(gray_ink_on_dark: np.ndarray, flat: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Boolean mask of the pictures in an image, from its ink-on-dark tones, the same with the
    paper tone taken off (`flat`, paper near 0) and its ink mask. All False when there are none,
    as on any page of text.

    Non-paper is judged on both: `flat` alone misses a photo's inside, where the local paper
    estimate has become the photo's own darkest tone; the page's median tone (paper, on a page)
    alone misses a picture on unevenly lit paper."""
    h, w = flat.shape
    cell = max(MIN_CELL, int(np.ceil(max(h, w) / GRID_CELLS)))
    gh, gw = h // cell, w // cell
    k = int(np.ceil(MIN_SOLID / cell))
    found = np.zeros((h, w), dtype=bool)
    if min(gh, gw) < k:
        return found

    def per_cell(a: np.ndarray) -> np.ndarray:
        return a[: gh * cell, : gw * cell].reshape(gh, cell, gw, cell).mean(axis=(1, 3))

    paper = float(np.median(gray_ink_on_dark[:: max(1, h // 64), :: max(1, w // 64)]))
    covered = per_cell((flat > NON_PAPER) | (gray_ink_on_dark > paper + NON_PAPER)) >= COVERED_CELL
    # Cells where a k x k square of covered cells starts (summed-area table): only a picture has one.
    sat = np.pad(covered.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    solid = (sat[k:, k:] - sat[:-k, k:] - sat[k:, :-k] + sat[:-k, :-k]) == k * k
    if not solid.any():
        return found
    ink_share = per_cell(ink.astype(np.float32))
    labels, _ = ndimage.label(covered, structure=EIGHT)
    with_solid = np.unique(labels[:gh - k + 1, :gw - k + 1][solid])
    labels = np.where(np.isin(labels, with_solid), labels, 0)
    ys, xs = np.nonzero(labels)
    ids, which, counts = np.unique(labels[ys, xs], return_inverse=True, return_counts=True)
    top, left = np.full(len(ids), gh), np.full(len(ids), gw)
    bottom, right = np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=np.int64)
    np.minimum.at(top, which, ys)
    np.minimum.at(left, which, xs)
    np.maximum.at(bottom, which, ys + 1)
    np.maximum.at(right, which, xs + 1)
    ink_of = np.bincount(which, weights=ink_share[ys, xs], minlength=len(ids)) / counts
    for c in range(len(ids)):
        y0, y1, x0, x1 = int(top[c]), int(bottom[c]), int(left[c]), int(right[c])
        if max(y1 - y0, x1 - x0) > MAX_ASPECT * min(y1 - y0, x1 - x0) or ink_of[c] < MIN_INK_SHARE:
            continue
        if counts[c] < MIN_FILL * (y1 - y0) * (x1 - x0):
            continue
        own = labels[y0:y1, x0:x1] == ids[c]
        # Its inside (one cell in from its edge, where a round shape's cells are part paper).
        inside = eroded(own, 1)
        inside[[0, -1], :] = False
        inside[:, [0, -1]] = False
        tones = gray_ink_on_dark[y0 * cell:y1 * cell, x0 * cell:x1 * cell]
        if inside.any() and _text_panel(tones[np.repeat(np.repeat(inside, cell, axis=0), cell, axis=1)]):
            continue
        # The picture's cells with their holes filled (between its first and last cell along both
        # the row and the column), one cell wider all round: its soft edge is below the cover share.
        rows = np.maximum.accumulate(own, axis=1) & np.maximum.accumulate(own[:, ::-1], axis=1)[:, ::-1]
        cols = np.maximum.accumulate(own, axis=0) & np.maximum.accumulate(own[::-1], axis=0)[::-1]
        grid = np.zeros((gh + 2, gw + 2), dtype=bool)
        grid[y0 + 1:y1 + 1, x0 + 1:x1 + 1] = rows & cols
        grown = grid.copy()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                grown[1:-1, 1:-1] |= grid[1 + dy:gh + 1 + dy, 1 + dx:gw + 1 + dx]
        cells = grown[1:-1, 1:-1]
        found[: gh * cell, : gw * cell] |= np.repeat(np.repeat(cells, cell, axis=0), cell, axis=1)
    return found
