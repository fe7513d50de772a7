"""Split an image of a paragraph into text lines with a horizontal projection profile.

Rows that hold ink form bands; bands are lines. Three things make that naive idea work on
real photos: the skew is estimated first (the angle that makes the profile sharpest) so a
page tilted by a few degrees still has clean gaps between lines; thin bands (the dot of an
"i", an accent, a detached descender) are merged into their line instead of becoming lines
of their own; and specks far from any text are dropped.

Handwriting set close has no clean gaps: one line's loops touch the next line's ascenders, and
the profile between them dips only part way. Such a band is still cut where nearly every
letter or word lies above or below the row (`_gap_between_letters`), and the strokes of a
neighbour that reach into a line's box are painted out of its crop, which reaches past the box
for the line's own ascenders and descenders (`Segmentation.line_crop`).

Columns of text side by side (a newspaper or journal page, two address blocks) are found
first, by the gutter between them: a strip without ink running down most of the text, wider
than a word space and between two columns of full lines. Each column is then read top to
bottom, left column first; a title or footer across the columns stays a line of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import numpy as np
from PIL import Image
from scipy import ndimage, sparse
from scipy.sparse import csgraph

from text_recognizer.preprocessing.frames import frame_mask
from text_recognizer.preprocessing.images import box_blur3, extreme_rank, otsu_bin, percentiles
from text_recognizer.preprocessing.lighting import flatten_background
from text_recognizer.preprocessing.page import EIGHT, WEDGE_MAX_DEPTH, WEDGE_MIN_FILL
from text_recognizer.preprocessing.pictures import picture_mask
from text_recognizer.preprocessing.rules import find_rules, grow_cols, grow_rows, true_runs

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive ends), pixel coordinates

#: Skew angles tried, in degrees (positive = counter-clockwise as Pillow rotates): every
#: `SKEW_COARSE_STEP` up to `MAX_SKEW` either way, then every `SKEW_STEP` round the best. A
#: hand-held photo of a page is often 5-10 degrees off: with a 4-degree limit, a third of
#: paragraphs tilted 4.5-9 degrees lost lines (35.7 % CER; 5.7 % with this range). Tilted 15
#: and 20 degrees, paragraphs read at 65 and 99 % CER with a 10-degree limit, 0 % with 20.
MAX_SKEW = 20.0
#: Beyond this many degrees only text of at least `STEEP_SKEW_MIN_PARTS` separate pieces of ink,
#: of `STEEP_SKEW_MIN_PART_PIXELS` or more on the skew copy, is turned: a few glyphs have no lines
#: to level (a lone "7" was turned by its diagonal and read as "1"), nor has one long edge among
#: specks of noise (a shadow's edge across a blank photo was turned level and its specks became
#: a dozen "lines").
SURE_SKEW = 10.0
STEEP_SKEW_MIN_PARTS = 12
STEEP_SKEW_MIN_PART_PIXELS = 8
SKEW_COARSE_STEP = 1.0
SKEW_STEP = 0.25
#: Working width for skew estimation: accuracy does not need more pixels.
SKEW_WIDTH = 600


@dataclass
class Segmentation:
    """Lines found in an image: boxes in the input and in the deskewed copy they were cut from."""

    angle: float              # degrees the input was rotated by to level the lines
    deskewed: np.ndarray      # the input rotated by `angle` (same as input when angle == 0)
    boxes: list[Box]          # boxes in `deskewed`
    ink: np.ndarray | None = None  # the ink mask the boxes were found on, in `deskewed`
    input_shape: tuple[int, int] | None = None  # (height, width) of the input, when it was rotated

    def to_input(self, box: Box) -> Box:
        """A box in `deskewed` as an axis-aligned box in the input (a line's, a word's)."""
        if self.angle == 0.0 or self.input_shape is None:
            return box
        return _map_back(box, self.angle, self.input_shape, self.deskewed.shape)

    @property
    def input_boxes(self) -> list[Box]:
        """The lines as axis-aligned boxes in the input."""
        return [self.to_input(box) for box in self.boxes]

    @cached_property
    def regions(self) -> list[LineRegion | None]:
        """Per box: where its crop should reach and what in it is another line's ink
        (`_line_regions`), or None for the box as it is; found when a crop is first asked for,
        so callers wanting only boxes do not pay."""
        return _line_regions(self.ink, self.boxes) if self.ink is not None else [None] * len(self.boxes)

    def line_crop(self, k: int) -> np.ndarray:
        """Line k cut from `deskewed`: its box, reaching further up or down where its own
        ascenders and descenders cross the cut between it and a neighbour, with the loops and
        tails of its neighbours that reach into it painted over with the crop's paper tone."""
        x0, y0, x1, y1 = self.boxes[k]
        region = self.regions[k]
        if region is None:
            return self.deskewed[y0:y1, x0:x1]
        paper = float(np.median(self.deskewed[y0:y1, x0:x1]))
        crop = self.deskewed[region.y0:region.y1, x0:x1].copy()
        crop[region.foreign] = paper
        return crop


#: A rule across the page: at least this share of the image's width long...
PAGE_RULE_MIN_WIDTH = 0.25
#: ...and at most this share of its height thick, or 6 px (a 3 px rule, widened by the 3x3 blur)...
PAGE_RULE_MAX_THICKNESS = 0.01
#: ...and at least this many times as long as it is thick, unbroken: in 9-10 px screen text
#: the 3x3 blur fuses a word's x-height into a solid bar 5 px thick, which on a small image is a
#: quarter of its width long: "password." was cut off its line as a rule, and a one-line
#: "small print here" lost its x-height and came back as two lines of ascenders and descenders.
PAGE_RULE_MIN_ASPECT = 12.0
_BINS = 1024


#: Ink standing this far above the paper (in tones of 0-1) always counts...
CLEAR_INK_CONTRAST = 0.1
#: ...fainter ink counts down to this contrast if it stands `NOISE_MULTIPLE` times the spread of
#: the paper's tones above it: faint text on clean paper (a faded receipt, a light pencil scan,
#: 5-8 % contrast) is read, a grainy or textured blank photo is not.
MIN_INK_CONTRAST = 0.04
NOISE_MULTIPLE = 8.0


def _paper_noise(g: np.ndarray) -> float:
    """Spread of the paper's tones (grain, texture, noise) as a standard deviation: the
    distance from the median down to the 16th percentile, from every few rows of a large image.
    The lower half of an ink-on-dark image is paper however much text it holds, so the text does
    not inflate it."""
    p16, p50 = percentiles(g[:: max(1, g.shape[0] // 512)], (15.87, 50.0))
    return p50 - p16


def ink_mask(gray_ink_on_dark: np.ndarray) -> np.ndarray:
    """Boolean ink mask: Otsu's threshold, but never below the paper tone plus a margin,
    so that a blank noisy page does not turn into a page of ink.

    Two things keep it working on phone photos, measured on pages with sensor noise and
    uneven light (a noisy, unevenly lit page used to come back as one "line" or none): it
    thresholds a 3x3-blurred copy, so noise no longer crosses the threshold while strokes
    do; and the ink tone is the `images.extreme_rank`-th brightest pixel (the 99.9th percentile on
    small images), so one small line on a large page still counts as ink.
    """
    g = box_blur3(np.asarray(gray_ink_on_dark, dtype=np.float32))
    # One fine histogram gives the median, the ink tone and Otsu's threshold: numpy's median
    # and percentiles each partition the whole image, ~20 ms apiece on a 2-megapixel photo.
    n = g.size
    hist = np.bincount(np.clip((g.ravel() * _BINS).astype(np.int32), 0, _BINS - 1), minlength=_BINS)
    centres = (np.arange(_BINS) + 0.5) / _BINS
    cum = np.cumsum(hist)
    bg = float(centres[int(np.searchsorted(cum, n / 2))])
    k = extreme_rank(n)
    hi = float(centres[_BINS - 1 - int(np.searchsorted(np.cumsum(hist[::-1]), k))])
    if hi - bg < CLEAR_INK_CONTRAST and hi - bg < max(MIN_INK_CONTRAST, NOISE_MULTIPLE * _paper_noise(g)):
        return np.zeros(g.shape, dtype=bool)
    otsu = float(otsu_bin(hist) + 1) / _BINS
    return g > max(otsu, bg + 0.25 * (hi - bg))


def _rotate(arr: np.ndarray, angle: float) -> np.ndarray:
    img = Image.fromarray(arr.astype(np.float32), mode="F")
    return np.asarray(img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=0.0))


def _profile_scores(weights: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sum of squares of the row profile of `weights` rotated by each angle (degrees, counter-
    clockwise as Pillow rotates). Projects the ink pixels' coordinates instead of rotating the
    image: one `bincount` per angle over the inked pixels only, ~20x cheaper than a raster rotation."""
    ys, xs = np.nonzero(weights)
    if len(ys) == 0:
        return np.zeros(len(angles))
    w = weights[ys, xs].astype(np.float64)
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)
    scores = np.empty(len(angles))
    for k, angle in enumerate(np.radians(angles)):
        rows = ys * np.cos(angle) - xs * np.sin(angle)
        prof = np.bincount((rows - rows.min()).astype(np.int64), weights=w)
        scores[k] = float((prof ** 2).sum())
    return scores


def estimate_skew(mask: np.ndarray) -> float:
    """Angle (degrees) that makes the row profile of the ink most peaked (sum of squares)."""
    h, w = mask.shape
    scale = min(1.0, SKEW_WIDTH / max(w, 1))
    small = Image.fromarray(mask.astype(np.uint8) * 255).resize(
        (max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.BOX)
    small_arr = np.asarray(small, dtype=np.float32) / 255.0
    labels, _ = ndimage.label(small_arr > 0)
    parts = int((np.bincount(labels.ravel())[1:] >= STEEP_SKEW_MIN_PART_PIXELS).sum())
    limit = MAX_SKEW if parts >= STEEP_SKEW_MIN_PARTS else SURE_SKEW
    coarse = np.arange(-limit, limit + 1e-6, SKEW_COARSE_STEP)
    centre = float(coarse[int(np.argmax(_profile_scores(small_arr, coarse)))])
    fine = np.arange(centre - SKEW_COARSE_STEP, centre + SKEW_COARSE_STEP + 1e-6, SKEW_STEP)
    fine = np.unique(np.round(np.clip(np.append(fine, 0.0), -limit, limit), 6))
    scores = _profile_scores(small_arr, fine)
    best = int(np.argmax(scores))
    score0 = scores[int(np.argmin(np.abs(fine)))]
    # Only rotate when it clearly helps: rotating a level page only blurs it.
    if scores[best] < score0 * 1.02:
        return 0.0
    return float(fine[best])


def _split_touching(smooth: np.ndarray, a: int, b: int, mask: np.ndarray, depth: int = 0) -> list[tuple[int, int]]:
    """Split a band where two lines touch (descenders of one reach ascenders of the next).

    The row profile then shows two high plateaus (the bodies of the lines) with a deep
    valley between them. A single line has no such valley: above and below its body there
    are only the sparse ascender and descender rows, never a second body. Where the valley is
    too shallow for the profile alone (handwriting set close, its loops reaching into the next
    line), the letters decide: see `_gap_between_letters`. `mask` is the whole image's ink.
    """
    seg = smooth[a:b]
    n = len(seg)
    if n < 8 or depth > 8:
        return [(a, b)]
    lo_r, hi_r = int(0.3 * n), int(0.7 * n) + 1  # each part at least 30% of the band
    deep = _valleys(seg, 0.2)
    deep = deep[(deep >= lo_r) & (deep < hi_r)]
    best = int(deep[np.argmin(seg[deep])]) if len(deep) else None
    if best is None:
        best = _gap_between_letters(seg, mask[a:b])
    if best is None:
        return [(a, b)]
    return (_split_touching(smooth, a, a + best, mask, depth + 1)
            + _split_touching(smooth, a + best, b, mask, depth + 1))


def _valleys(seg: np.ndarray, depth: float) -> np.ndarray:
    """Rows r (0 < r < n - 1) of a band's smoothed row profile that lie between two bodies of ink:
    the densest row above r and the densest from r down both hold at least a quarter of the
    band's densest row's ink, and row r holds at most `depth` of the lesser of the two."""
    seg = np.asarray(seg, dtype=np.float64)
    peak_above = np.maximum.accumulate(seg)[:-2]                # seg[:r].max() for r = 1 .. n - 2
    peak_below = np.maximum.accumulate(seg[::-1])[::-1][1:-1]   # seg[r:].max()
    lower = np.minimum(peak_above, peak_below)
    return 1 + np.flatnonzero((lower >= 0.25 * seg.max()) & (seg[1:-1] <= depth * lower))


#: Touching lines (`_gap_between_letters`): at most this share of the band's connected parts of ink
#: may be cut by a row between two lines with at least GAP_CUT_SHARE of their ink on each side (a
#: tail or loop reaching the other line leaves most of its word on one side; two words joined by
#: one count once)...
GAP_MAX_CROSSING = 0.3
GAP_CUT_SHARE = 0.25
#: ...at least this share of the band's ink must lie on each side...
GAP_MIN_SIDE = 0.15
#: ...the two sides must run side by side (their spans overlap by this share of the shorter one;
#: a single line that climbs across the image has its first words above its last, not over them)...
GAP_MIN_OVERLAP = 0.5
#: ...and the row's ink must be at most this share of each side's densest row.
GAP_MAX_VALLEY = 0.6
#: Parts counted: those of at least this share of the typical part's ink (the size the ink's
#: weighted median part has), so that specks of noise or dots do not outvote the letters...
GAP_MIN_PART = 0.1
#: ...of which a band needs this many to be split by them, and each side this many that lie mostly
#: on it (a single line of a few glyphs, "20.04", is not two lines of two).
GAP_MIN_PARTS = 8
GAP_MIN_SIDE_PARTS = 2
#: ...and the largest part on each side holds at least this share of the typical part's ink: a
#: side of nothing but dots is not a line. Capitals leave little ink below their middle, where a
#: receipt's dot leaders and a price's point lie as a line's letters would: "TOTAL ........ 5.75"
#: was cut there into two lines and read "TOTAL 575" (its dots: 0.11 of its letters' ink; the
#: smallest largest part of a side of close-set handwriting in the tests: 0.39).
GAP_SIDE_LETTER = 0.2


def _gap_between_letters(seg: np.ndarray, band: np.ndarray) -> int | None:
    """The row between two lines of a band, told by its letters and words: nearly all of them lie
    wholly or mostly above or below it, while a row through a single line's body cuts almost
    every letter in two. Handwriting set at a line pitch of 1-1.2 times its size merges
    into one band whose profile dips only to a third or a half between the lines; read as one
    line, such a paragraph came back empty."""
    n = len(seg)
    valleys = _valleys(seg, GAP_MAX_VALLEY)  # the only rows worth counting letters for
    if len(valleys) == 0:
        return None
    labels, count = ndimage.label(band, structure=EIGHT)
    if count < GAP_MIN_PARTS:
        return None
    sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    by_size = np.sort(sizes)
    typical = by_size[np.searchsorted(np.cumsum(by_size), 0.5 * by_size.sum())]
    counted = np.flatnonzero(sizes >= GAP_MIN_PART * typical)
    if len(counted) < GAP_MIN_PARTS:
        return None
    # The counted parts' ink in each row, then how much of each lies above each row.
    index = np.full(count + 1, -1)
    index[counted + 1] = np.arange(len(counted))
    ys, xs = np.nonzero(band)
    part = index[labels[ys, xs]]
    parts = len(counted)
    per_row = np.bincount(part[part >= 0] * n + ys[part >= 0], minlength=parts * n).reshape(parts, n)
    mass = per_row.sum(axis=1).astype(np.float64)
    above = np.cumsum(per_row, axis=1) - per_row  # ink in rows < r
    total = float(mass.sum())
    # Each row's ink from its leftmost to its rightmost column, for the sides' spans.
    left = np.full(n, band.shape[1]); right = np.full(n, -1)
    np.minimum.at(left, ys, xs)
    np.maximum.at(right, ys, xs)
    left_above, right_above = np.minimum.accumulate(left), np.maximum.accumulate(right)
    left_below, right_below = np.minimum.accumulate(left[::-1])[::-1], np.maximum.accumulate(right[::-1])[::-1]
    best, best_key = None, None
    for r in valleys:
        up, down = above[:, r], mass - above[:, r]
        crossing = float(np.count_nonzero(np.minimum(up, down) >= GAP_CUT_SHARE * mass)) / parts
        share_up = float(up.sum()) / total
        if crossing > GAP_MAX_CROSSING or min(share_up, 1 - share_up) < GAP_MIN_SIDE:
            continue
        on_up, on_down = down < GAP_CUT_SHARE * mass, up < GAP_CUT_SHARE * mass
        if min(np.count_nonzero(on_up), np.count_nonzero(on_down)) < GAP_MIN_SIDE_PARTS:
            continue
        if min(mass[on_up].max(), mass[on_down].max()) < GAP_SIDE_LETTER * typical:
            continue
        span_up = int(right_above[r - 1]) - int(left_above[r - 1])
        span_down = int(right_below[r]) - int(left_below[r])
        overlap = min(int(right_above[r - 1]), int(right_below[r])) - max(int(left_above[r - 1]), int(left_below[r]))
        if overlap < GAP_MIN_OVERLAP * min(span_up, span_down):
            continue
        key = (crossing, float(seg[r]))
        if best_key is None or key < best_key:
            best, best_key = int(r), key
    return best


def _bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Row bands that are text lines, after merging thin bands and dropping specks."""
    profile = mask.sum(axis=1).astype(np.float32)
    if profile.max() <= 0:
        return []
    smooth = np.convolve(profile, np.ones(3, dtype=np.float32) / 3, mode="same")
    active = smooth > max(0.5, 0.02 * float(smooth.max()))
    bands = [piece for a, b in true_runs(active) for piece in _split_touching(smooth, a, b, mask)]
    if not bands:
        return []
    heights = [b - a for a, b in bands]
    tall = [k for k, h in enumerate(heights) if h >= 0.5 * max(heights)]
    ref_h = float(np.median([heights[k] for k in tall]))
    ref_mass = float(np.median([profile[bands[k][0]:bands[k][1]].sum() for k in tall]))
    # Merge thin bands (dots, accents, detached descenders) into the nearest band if close:
    # thin and close next to the page's typical tall line, *and* next to that neighbour. Under a
    # heading twice their size, body lines would otherwise pass for accents and fuse together.
    merged: list[list[int]] = [list(b) for b in bands]
    changed = True
    while changed and len(merged) > 1:
        changed = False
        for i, (a, b) in enumerate(merged):
            near = []
            if i > 0:
                near.append((a - merged[i - 1][1], i - 1))
            if i + 1 < len(merged):
                near.append((merged[i + 1][0] - b, i + 1))
            gap, j = min(near)
            ref = min(ref_h, merged[j][1] - merged[j][0])
            if b - a < 0.45 * ref and gap <= 0.6 * ref:
                lo, hi = min(i, j), max(i, j)
                merged[lo] = [merged[lo][0], merged[hi][1]]
                del merged[hi]
                changed = True
                break
    # Drop what is still thin and light next to the page's typical tall line, and next to the
    # nearest band too: specks, dust, a stray pen mark. (The second test keeps short body lines
    # under a heading three times their size: they are thin and light only next to the heading.)
    masses = [float(profile[a:b].sum()) for a, b in merged]
    out = []
    for i, (a, b) in enumerate(merged):
        h, m = b - a, masses[i]
        near = [k for k in (i - 1, i + 1) if 0 <= k < len(merged)]
        j = min(near, key=lambda k: abs((merged[k][0] + merged[k][1]) - (a + b))) if near else None
        thin_light_near = j is None or (h < 0.3 * (merged[j][1] - merged[j][0]) and m < 0.15 * masses[j])
        speck = (h < 0.3 * ref_h and m < 0.15 * ref_mass) or m < 0.02 * ref_mass
        if speck and thin_light_near and not _row_of_small_print(mask[a:b]):
            continue
        out.append((a, b))
    return out


#: A thin, light band is a line of small print, not specks, if its ink runs at least this many
#: band heights from end to end...
SMALL_PRINT_MIN_LENGTH = 8.0
#: ...inking between these shares of the columns on the way (letters and the gaps between them;
#: a solid short rule inks them all)...
SMALL_PRINT_COLUMN_SHARE = (0.3, 0.95)
#: ...and it is at least this many pixels tall.
SMALL_PRINT_MIN_HEIGHT = 6


def _row_of_small_print(mask_band: np.ndarray) -> bool:
    """A line of fine print under a title four or more times its size is thin and light next to
    everything on the page, as specks are; unlike specks, it runs far along the band."""
    h = mask_band.shape[0]
    cols = np.flatnonzero(mask_band.any(axis=0))
    if h < SMALL_PRINT_MIN_HEIGHT or len(cols) == 0:
        return False
    length = int(cols[-1] - cols[0] + 1)
    lo, hi = SMALL_PRINT_COLUMN_SHARE
    return length >= SMALL_PRINT_MIN_LENGTH * h and lo <= len(cols) / length <= hi


def _horizontal_extent(mask_band: np.ndarray, height: int) -> tuple[int, int] | None:
    """Columns of the line's ink, ignoring small blobs far to the side of the text."""
    cols = mask_band.sum(axis=0).astype(np.float32)
    runs = true_runs(cols > 0)
    if not runs:
        return None
    # Join runs separated by less than ~2 line heights: that is word spacing, not a gap.
    groups: list[list[int]] = [list(runs[0])]
    for a, b in runs[1:]:
        if a - groups[-1][1] <= 2 * height:
            groups[-1][1] = b
        else:
            groups.append([a, b])
    total = float(cols.sum())
    kept = [(a, b) for a, b in groups if cols[a:b].sum() >= 0.03 * total]
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


#: A gutter between two columns of text is an ink-free strip at least this many line heights
#: wide (a word space is about a fifth of one; gutters are usually one to three)...
GUTTER_MIN_WIDTH = 1.0
#: ...running down at least this share of the text's height (a title or footer may cross it)...
GUTTER_MIN_HEIGHT_SHARE = 0.5
#: ...between two columns at least this many line heights wide, with two lines or more each:
#: a receipt's or form's narrow column of prices or values stays on its items' lines.
COLUMN_MIN_WIDTH = 10.0
MIN_COLUMN_LINES = 2
#: Columns inside columns are looked for this many times over (three or four columns a page).
MAX_COLUMN_SPLITS = 3


def _longest_empty_runs(mask: np.ndarray) -> np.ndarray:
    """Per column of `mask`: the length of its longest run of ink-free rows."""
    run = np.zeros(mask.shape[1], dtype=np.int32)
    best = run.copy()
    for row in mask:
        run = np.where(row, 0, run + 1)
        np.maximum(best, run, out=best)
    return best


#: A band is a line of a column of text when its ink runs at least this share of the column's
#: width (a paragraph's last line may be short, so most lines, not all, must)...
COLUMN_LINE_MIN_LENGTH = 0.5
#: ...inking at least this share of the columns on its way (speckle noise inks a few).
COLUMN_LINE_MIN_COVERAGE = 0.4


def _column_of_lines(side: np.ndarray) -> tuple[list[int], int] | None:
    """(heights of its lines, ink width) when `side` of a gutter is a column of text lines: two or
    more, most of them running across it. None for noise, a picture, or a few scattered words."""
    inked = np.flatnonzero(side.any(axis=0))
    if len(inked) == 0:
        return None
    width = int(inked[-1] - inked[0] + 1)
    heights, full = [], 0
    for a, b in _bands(side):
        cols = np.flatnonzero(side[a:b].any(axis=0))
        length = int(cols[-1] - cols[0] + 1) if len(cols) else 0
        if length and len(cols) >= COLUMN_LINE_MIN_COVERAGE * length:
            heights.append(b - a)
            full += length >= COLUMN_LINE_MIN_LENGTH * width
    if len(heights) < MIN_COLUMN_LINES or full < max(MIN_COLUMN_LINES, 0.5 * len(heights)):
        return None
    return heights, width


def _gutter(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, x1, y0, y1) of the widest gutter between two columns of text lines, or None."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if len(rows) == 0:
        return None
    top, left = int(rows[0]), int(cols[0])
    text = mask[top:rows[-1] + 1, left:cols[-1] + 1]
    length = _longest_empty_runs(text)
    best = None
    # The first and last columns of `text` hold ink, so every strip found lies between ink.
    min_height = GUTTER_MIN_HEIGHT_SHARE * text.shape[0]
    blank = ~text.any(axis=1)
    # A first guess of the line height, from the rows of the whole text: too tall where two
    # columns' lines are out of step (their bands merge), so it only rules out strips half as
    # narrow as a gutter can be (the spaces between words, which are many).
    bands = _bands(text)
    if not bands:
        return None
    narrowest = 0.5 * GUTTER_MIN_WIDTH * float(np.median([q - p for p, q in bands]))
    for a, b in true_runs(length >= min_height):
        if b - a < narrowest:
            continue
        # The rows where the strip's middle third is clear: a footer or title crossing it ends
        # the gutter (the cut between the columns must not run through it), a long line of one
        # column reaching into the strip's edge does not.
        third = max(1, (b - a) // 3)
        clear = true_runs(~text[:, a + third:max(b - third, a + third + 1)].any(axis=1))
        if not clear:
            continue
        y0, y1 = max(clear, key=lambda r: r[1] - r[0])
        if y1 - y0 < min_height:
            continue
        # A title's or footer's descenders and ascenders may reach past the strip's middle third:
        # the columns start and end at the nearest rows clear of ink all across.
        if y0 > 0:  # something above: move down past its last inked row
            while y0 < y1 and not blank[y0]:
                y0 += 1
        if y1 < len(blank):  # something below: move up past its first inked row
            while y1 > y0 and not blank[y1 - 1]:
                y1 -= 1
        if y1 - y0 < min_height:
            continue
        # The gutter proper: the columns clear in all those rows, round the strip's middle.
        open_cols = true_runs(~text[y0:y1].any(axis=0))
        mid = (a + b) // 2
        a, b = next(((p, q) for p, q in open_cols if p <= mid < q), (mid, mid))
        if b - a < narrowest:
            continue
        columns = [_column_of_lines(side) for side in (text[y0:y1, :a], text[y0:y1, b:])]
        if any(c is None for c in columns):
            continue
        line_h = float(np.median([h for heights, _ in columns for h in heights]))
        if b - a < GUTTER_MIN_WIDTH * line_h or min(width for _, width in columns) < COLUMN_MIN_WIDTH * line_h:
            continue
        if best is None or b - a > best[1] - best[0]:
            best = (left + a, left + b, top + y0, top + y1)
    return best


def _boxes_in(mask: np.ndarray, splits: int = MAX_COLUMN_SPLITS) -> list[Box]:
    """Line boxes in reading order: what lies above a gutter, the column left of it, the column
    right of it, what lies below; each part split again if it holds columns of its own."""
    gutter = _gutter(mask) if splits > 0 else None
    if gutter is None:
        return _line_boxes(mask)
    h, w = mask.shape
    x0, x1, y0, y1 = gutter
    cut = (x0 + x1) // 2
    boxes: list[Box] = []
    for rx0, ry0, rx1, ry1 in ((0, 0, w, y0), (0, y0, cut, y1), (cut, y0, w, y1), (0, y1, w, h)):
        part = mask[ry0:ry1, rx0:rx1]
        if part.any():
            boxes += [(bx0 + rx0, by0 + ry0, bx1 + rx0, by1 + ry0)
                      for bx0, by0, bx1, by1 in _boxes_in(part, splits - 1)]
    return boxes


#: The page's skew is also measured in this many vertical strips; when their median differs from
#: the whole page's by more than SKEW_DISAGREEMENT degrees, the median is taken (see `_skew_of_text`).
SKEW_STRIPS = 3
SKEW_DISAGREEMENT = 1.0
#: ...if the text is wide enough for strips of at least this many pixels.
SKEW_STRIP_MIN_WIDTH = 50


def _skew_of_text(mask: np.ndarray) -> float:
    """The page's skew, robust to columns whose lines are out of step.

    Across two such columns the row profile is most peaked at the tilt that lines each line of
    one column up with one of the other (half a line's step across a 400 px gap looks like a
    3 degree skew), and "deskewing" by it merges the columns' lines. Strips a third of the text
    wide mostly lie within one column, whose lines line up only with each other: when their
    median disagrees with the whole page, it is the page that is misled. Otherwise the whole
    page's estimate, from the most ink, is kept."""
    whole = estimate_skew(mask)
    cols = np.flatnonzero(mask.any(axis=0))
    # A level page needs no second opinion (and most uploads are level: scans, screenshots).
    if whole == 0.0 or len(cols) == 0 or cols[-1] - cols[0] < SKEW_STRIPS * SKEW_STRIP_MIN_WIDTH:
        return whole
    edges = np.linspace(cols[0], cols[-1] + 1, SKEW_STRIPS + 1).astype(int)
    strips = [estimate_skew(mask[:, a:b]) for a, b in pairwise(edges) if mask[:, a:b].any()]
    local = float(np.median(strips))
    return local if abs(local - whole) > SKEW_DISAGREEMENT else whole


#: A part of the ink mask that is a corner filled by a rotation (a photo or scan turned a degree
#: or two, its corners dark): it lies in a corner of the image, runs along at least this share of
#: one of its sides, reaches no deeper than `page.WEDGE_MAX_DEPTH` of the image and at least
#: `WEDGE_MIN_ASPECT` times less deep than long (a 5 degree wedge is 11 times as long as it is deep;
#: an "l" or "1" in the corner of a tight crop, at most about 8), and fills at least
#: `page.WEDGE_MIN_FILL` of its bounding box (a triangle fills half): the wedges of the surround.
WEDGE_MIN_LENGTH = 0.25
WEDGE_MIN_ASPECT = 10.0


def _border_wedges(mask: np.ndarray) -> np.ndarray:
    """The parts of `mask` that are dark corners of a turned page (`WEDGE_MIN_LENGTH`).

    Their long edges run along the image's sides, level whatever the text's tilt: on a page turned
    2 degrees with its corners filled dark the row profile was sharpest level, and the page was not
    deskewed (lines read merged, or cut in slices). A dark surround wide enough is painted over
    before (`preprocessing.page`); these are the corners too thin for that."""
    h, w = mask.shape
    corners = mask[[0, 0, -1, -1], [0, -1, 0, -1]]
    if not corners.any():  # a filled corner holds the image's corner pixel: most pages pay nothing
        return np.zeros_like(mask)
    labels, _ = ndimage.label(mask, structure=EIGHT)
    out = np.zeros_like(mask)
    sizes, extents = np.bincount(labels.ravel()), ndimage.find_objects(labels)
    for label in labels[[0, 0, -1, -1], [0, -1, 0, -1]][corners]:
        rows, cols = extents[label - 1]
        bh, bw = rows.stop - rows.start, cols.stop - cols.start
        along_top_or_bottom = bw >= WEDGE_MIN_LENGTH * w and bw >= WEDGE_MIN_ASPECT * bh and bh <= WEDGE_MAX_DEPTH * h
        along_a_side = bh >= WEDGE_MIN_LENGTH * h and bh >= WEDGE_MIN_ASPECT * bw and bw <= WEDGE_MAX_DEPTH * w
        if (along_top_or_bottom or along_a_side) and sizes[label] >= WEDGE_MIN_FILL * bh * bw:
            out |= labels == label
    return out


def _line_boxes(mask: np.ndarray) -> list[Box]:
    h, w = mask.shape
    bands = _bands(mask)
    boxes = []
    for i, (a, b) in enumerate(bands):
        height = b - a
        ext = _horizontal_extent(mask[a:b], height)
        if ext is None:
            continue
        # Margins, but never into the neighbouring line.
        prev_end = bands[i - 1][1] if i > 0 else 0
        next_start = bands[i + 1][0] if i + 1 < len(bands) else h
        m = max(2, int(round(0.15 * height)))
        y0 = max(prev_end if i > 0 else 0, a - m, (a + prev_end) // 2 if i > 0 else 0)
        y1 = min(next_start if i + 1 < len(bands) else h, b + m, (b + next_start + 1) // 2 if i + 1 < len(bands) else h)
        x0, x1 = max(0, ext[0] - m), min(w, ext[1] + m)
        boxes.append((int(x0), int(y0), int(x1), int(y1)))
    return boxes


def _map_back(box: Box, angle: float, in_shape: tuple[int, int], rot_shape: tuple[int, int]) -> Box:
    """Axis-aligned box in the input covering `box` of the rotated (expanded) image."""
    h, w = in_shape
    rh, rw = rot_shape
    t = math.radians(angle)
    cos, sin = math.cos(t), math.sin(t)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - rw / 2, y - rh / 2
        # Inverse of Pillow's counter-clockwise rotation (y axis pointing down).
        xs.append(cos * dx - sin * dy + w / 2)
        ys.append(sin * dx + cos * dy + h / 2)
    return (max(0, int(math.floor(min(xs)))), max(0, int(math.floor(min(ys)))),
            min(w, int(math.ceil(max(xs)))), min(h, int(math.ceil(max(ys)))))


#: A vertical rule (a notebook's margin line, a table's column line, a box's side) runs down at
#: least this many text lines, and at least this share of the image's height...
VRULE_MIN_LINES = 3.0
VRULE_MIN_HEIGHT_SHARE = 0.25
#: Columns either side a rule may drift by within its run (see `_vertical_rules`).
VRULE_DRIFT = 2


def _vertical_rules(mask: np.ndarray) -> np.ndarray:
    """Pixels of vertical rules: thin, long runs down the text with little ink just beside them.

    Left in, a margin line beside each line is read as "I" or "[" at its start, and its foot
    below the last line becomes a "line" of its own. Only runs much longer than the text's lines
    count, so the stem of a big letter (a lone "I", "1" or "T") is never one."""
    h, w = mask.shape
    # Widened by VRULE_DRIFT columns either side, a rule tilted by up to a degree or two (a page
    # not quite level, or level enough not to be turned) still runs down one column.
    wide = mask.copy()
    for d in range(1, VRULE_DRIFT + 1):
        wide[:, d:] |= mask[:, :-d]
        wide[:, :-d] |= mask[:, d:]
    min_len = max(48, int(VRULE_MIN_HEIGHT_SHARE * h))
    thick = max(6, int(PAGE_RULE_MAX_THICKNESS * w)) + 2 * VRULE_DRIFT
    candidates = find_rules(wide.T, min_len, thick).T
    if not candidates.any():
        return candidates
    bands = _bands(mask & ~candidates)
    if not bands:
        return np.zeros_like(mask)
    line_h = float(np.median([b - a for a, b in bands]))
    if VRULE_MIN_LINES * line_h > min_len:
        candidates = find_rules(wide.T, int(VRULE_MIN_LINES * line_h), thick).T
    return candidates & mask


def _erase_vertical_rules(mask: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`mask` and the ink-on-dark image `g` without vertical rules; in `g` each rule pixel takes
    the tone of the paper just beside it (the darker of its left and right neighbours), since
    the line crops are cut from `g`."""
    rules = _vertical_rules(mask)
    if not rules.any():
        return mask, g
    grown = grow_cols(rules)  # and the column either side: the rule's anti-aliased edges
    g = g.copy()
    w = g.shape[1]
    for a, b in true_runs(grown.any(axis=0)):
        rows = np.flatnonzero(grown[:, a:b].any(axis=1))
        beside = np.minimum(g[rows, max(0, a - 1)], g[rows, min(w - 1, b)])
        g[rows, a:b] = np.where(grown[rows, a:b], beside[:, None], g[rows, a:b])
    return mask & ~grown, g


#: Pixels round a frame's mask that are painted over with it: the mask is thresholded on a blurred
#: copy, and the faint anti-aliased edge it leaves out would be contrast-stretched into an arc.
FRAME_EDGE = 2


def _erase_frames(mask: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`mask` and the ink-on-dark image `g` without frames round text (`frames.frame_mask`): the
    line crops are cut from `g`, so a frame's arcs are painted over there in the tone of the
    paper just outside the frame's stroke."""
    frames = frame_mask(mask)
    if not frames.any():
        return mask, g
    edge = ndimage.binary_dilation(frames, structure=EIGHT, iterations=FRAME_EDGE)
    paper = ndimage.binary_dilation(edge, structure=EIGHT, iterations=2) & ~edge & ~mask
    g = g.copy()
    g[edge] = float(np.median(g[paper])) if paper.any() else float(g.min())
    return mask & ~edge, g


#: A part of the ink mask that runs across the image (this share of its height or width)...
SOFT_SPAN = 0.9
#: ...is at least this many times as long as it is wide (a tight crop's blurred capital spans the
#: crop's height too)...
SOFT_MIN_ASPECT = 8.0
#: ...and whose edges rise from paper to its peak over more than this many pixels (its contrast over
#: its steepest slope) is shading, not ink: a book's gutter, a fold, a soft shadow's band from edge
#: to edge. Gutter shadows 40-160 px wide rose over 16-24 px, stood out of the paper tone as a band
#: down the page and joined all its lines into one ("1"). Print's and handwriting's edges rise in
#: 1-3 px, in a blurred photo in 5 or so; big defocused lettering's as softly as a gutter's (200 px
#: letters blurred 10 px: 22-26 px), which is why the part must also run across the image, as
#: letters do not.
SOFT_EDGE_MIN = 8.0


def soft_shading(mask: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """The parts of `mask` (8-connected) running across the image that are shading by the
    softness of their edges (`SOFT_SPAN`, `SOFT_MIN_ASPECT`, `SOFT_EDGE_MIN`)."""
    soft = np.zeros_like(mask)
    h, w = mask.shape
    # A part spanning the image needs ink in that many of its rows or columns: most pages and
    # every line crop have gaps, and are spared labelling the whole mask.
    if mask.any(axis=1).sum() < SOFT_SPAN * h and mask.any(axis=0).sum() < SOFT_SPAN * w:
        return soft
    labels, _ = ndimage.label(mask, structure=EIGHT)
    for i, box in enumerate(ndimage.find_objects(labels), start=1):
        tall, wide = box[0].stop - box[0].start, box[1].stop - box[1].start
        if (tall < SOFT_SPAN * h and wide < SOFT_SPAN * w) or min(tall, wide) < 3 \
                or max(tall, wide) < SOFT_MIN_ASPECT * min(tall, wide):
            continue
        part = labels[box] == i
        tone = box_blur3(flat[box])
        dy, dx = np.gradient(tone)
        rise = float(tone[part].max()) / max(float(np.hypot(dx, dy)[part].max()), 1e-6)
        if rise > SOFT_EDGE_MIN:
            soft[box] |= part
    return soft


#: A line's body (`_line_regions`): the rows of its box whose ink is at least this share of its
#: densest row's, but this share of their height at either end, which a tall neighbour's ascender
#: or loop may reach into.
BODY_SHARE = 0.5
BODY_MARGIN = 0.25
#: How far past its box a line's crop may reach for its own ascenders and descenders: this many
#: body heights from the body's middle rows, about 0.55 from its edges (`line_to_array` keeps at
#: most 0.6 core heights above and below the core).
REACH = 0.8
#: A box under this share of the median box height is a fragment, not a line (`_line_regions`).
FRAGMENT_SHARE = 0.35


@dataclass
class LineRegion:
    """Rows a line's crop spans (the box's rows, or more), and the pixels in them to paint over."""

    y0: int
    y1: int
    foreign: np.ndarray  # bool, (y1 - y0, box width): other lines' ink, and what is not this line's past its box


def _line_regions(mask: np.ndarray, boxes: list[Box]) -> list[LineRegion | None]:
    """Per box, where its crop should reach and what in it to paint over, or None.

    Handwriting set close reaches from line to line: a "g"'s loop hangs into the line below, an
    "l" or "f" rises into the one above, and the row the two lines are cut apart at runs through
    them. Cut into a line's box, a neighbour's stroke end is read as a quote, a comma or a digit
    ("loans" -> `loans '" -`), and a line's own letters lose their tails ("bring" -> "brina",
    "signed" -> "sianed"). A connected part of the ink that crosses a box's top or bottom belongs
    to the line whose body it reaches; when it reaches two (a loop that touches the next line's
    letters), each of its pixels goes to the body nearest along the stroke (`_share_out`). A
    line's crop reaches past its box, by at most `REACH` body heights, for its own pixels, and
    keeps only those there. In the box, the other lines' pixels are painted over, and so is a
    crossing part that reaches no line's body and lies mostly outside the box; one that lies
    mostly inside is a letter of the line that the ink mask broke (small or faint print)."""
    out: list[LineRegion | None] = [None] * len(boxes)
    h = mask.shape[0]

    def runs_on(row: int, x0: int, x1: int) -> bool:  # ink on both sides of the edge above `row`
        above, below = mask[row - 1, x0:x1], mask[row, x0:x1].copy()
        below[1:] |= mask[row, x0:x1 - 1]
        below[:-1] |= mask[row, x0 + 1:x1]
        return bool((above & below).any())

    if not any((0 < y0 and runs_on(y0, x0, x1)) or (y1 < h and runs_on(y1, x0, x1)) for x0, y0, x1, y1 in boxes):
        return out  # no ink crosses a box's top or bottom: lines with clear gaps between them
    labels, _ = ndimage.label(mask, structure=EIGHT)
    crossing, bodies = [], []
    for x0, y0, x1, y1 in boxes:
        crop = labels[y0:y1, x0:x1]
        leaving = np.concatenate([np.intersect1d(labels[y0 - 1, x0:x1], crop[0]) if y0 > 0 else np.empty(0, int),
                                  np.intersect1d(labels[y1, x0:x1], crop[-1]) if y1 < h else np.empty(0, int)])
        crossing.append(leaving[leaving > 0])
        profile = (crop > 0).sum(axis=1)
        rows = np.flatnonzero(profile >= BODY_SHARE * profile.max()) if profile.any() else np.array([0])
        margin = int(BODY_MARGIN * (rows[-1] + 1 - rows[0]))
        bodies.append((y0 + int(rows[0]) + margin, y0 + int(rows[-1]) + 1 - margin))
    # A band far thinner than the page's lines (a stray descender's end cut off as a line of its
    # own) is not a body: it takes no strokes from a line, and keeps none that are a line's.
    typical = float(np.median([y1 - y0 for _, y0, _, y1 in boxes]))
    bodies = [(b0, b1) if y1 - y0 >= FRAGMENT_SHARE * typical else (b0, b0)
              for (_, y0, _, y1), (b0, b1) in zip(boxes, bodies)]
    owner, reaching = _share_out(labels, np.concatenate(crossing), boxes, bodies)
    sizes, reach_some = np.bincount(labels.ravel()), np.concatenate(reaching)
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        if crossing[k].size == 0:
            continue
        b0, b1 = bodies[k]
        reach = int(math.ceil(REACH * (b1 - b0) / (1 - 2 * BODY_MARGIN)))
        lo, hi = max(0, min(y0, b0 - reach)), min(h, max(y1, b1 + reach))
        rows = np.flatnonzero((owner[lo:hi, x0:x1] == k).any(axis=1)) + lo
        top, bottom = (min(y0, int(rows[0])), max(y1, int(rows[-1]) + 1)) if rows.size else (y0, y1)
        ink, mine, part = mask[top:bottom, x0:x1], owner[top:bottom, x0:x1] == k, labels[top:bottom, x0:x1]
        outside = np.ones((bottom - top, 1), dtype=bool)
        outside[y0 - top:y1 - top] = False
        stray = crossing[k][~np.isin(crossing[k], reach_some)]
        inside = np.bincount(labels[y0:y1, x0:x1].ravel(), minlength=sizes.size)[stray]
        stray = stray[2 * inside < sizes[stray]]
        theirs = (np.isin(part, crossing[k]) & (owner[top:bottom, x0:x1] >= 0)) | np.isin(part, stray)
        others = ink & ~mine & (outside | theirs)
        if not others.any() and (top, bottom) == (y0, y1):
            continue
        # One pixel more all round (the strokes' soft edges are fainter than the ink mask), but
        # never over the line's own ink.
        paint = ndimage.binary_dilation(others, structure=EIGHT) & ~(ink & ~others)
        out[k] = LineRegion(top, bottom, paint)
    return out


def _share_out(labels: np.ndarray, crossing: np.ndarray, boxes: list[Box],
               bodies: list[tuple[int, int]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Per pixel of the `crossing` parts of the ink (their labels in `labels`), the index of the
    line it belongs to, or -1 (elsewhere too, and in a part that reaches no line's body); and per
    line, the labels of the crossing parts that reach its body (rows `bodies`). A part that
    reaches one line's body is that line's; in a part that reaches two, each pixel goes to the
    body nearest along the stroke: shortest paths through the part's ink (8-connected, diagonal
    steps sqrt 2) from the bodies."""
    seeds = np.full(labels.shape, -1, dtype=np.int32)
    reaching = []
    for k, ((x0, _, x1, _), (b0, b1)) in enumerate(zip(boxes, bodies)):
        window = seeds[b0:b1, x0:x1]  # a view
        window[np.isin(labels[b0:b1, x0:x1], crossing) & (window < 0)] = k
        reaching.append(np.unique(labels[b0:b1, x0:x1][window == k]))
    count = np.zeros(int(labels.max()) + 1, dtype=np.int32)  # how many bodies each part reaches
    line_of = np.full(int(labels.max()) + 1, -1, dtype=np.int32)
    for k, parts in enumerate(reaching):
        count[parts] += 1
        line_of[parts] = k
    line_of[count > 1] = -1
    owner = line_of[labels]
    ys, xs = np.nonzero(count[labels] > 1)
    if ys.size == 0:
        return owner, reaching
    node = np.full(labels.shape, -1, dtype=np.int64)
    node[ys, xs] = np.arange(ys.size)
    src, dst, cost = [], [], []
    for dy, dx, step in ((0, 1, 1.0), (1, 0, 1.0), (1, 1, math.sqrt(2)), (1, -1, math.sqrt(2))):
        y2, x2 = ys + dy, xs + dx
        ok = (y2 < labels.shape[0]) & (x2 >= 0) & (x2 < labels.shape[1])
        there = node[y2[ok], x2[ok]]
        linked = there >= 0
        src.append(np.flatnonzero(ok)[linked])
        dst.append(there[linked])
        cost.append(np.full(int(linked.sum()), step))
    graph = sparse.csr_matrix((np.concatenate(cost), (np.concatenate(src), np.concatenate(dst))), shape=(ys.size, ys.size))
    starts = np.flatnonzero(seeds[ys, xs] >= 0)
    _, _, nearest = csgraph.dijkstra(graph, directed=False, indices=starts, min_only=True, return_predecessors=True)
    reached = nearest >= 0
    owner[ys[reached], xs[reached]] = seeds[ys[nearest[reached]], xs[nearest[reached]]]
    return owner, reaching


def segment(gray_ink_on_dark: np.ndarray) -> Segmentation:
    """Lines of an ink-on-dark image, with the deskewed copy the line crops should come from."""
    g = np.asarray(gray_ink_on_dark, dtype=np.float32)
    flat = flatten_background(g)
    mask = ink_mask(flat)
    mask &= ~soft_shading(mask, flat)
    # A photo or logo beside or above the text would merge with its lines into one band.
    mask &= ~picture_mask(g, flat, mask)
    # A rounded box, a speech bubble or an ellipse round the text: its arcs would be read as
    # letters, or as lines of their own.
    mask, g = _erase_frames(mask, g)
    # Rules across the image (a box round the text, table lines, a long underline) would
    # become lines of their own or cut the text's band in two; each line crop still holds
    # them, and `line_to_array` removes them there.
    mask &= ~grow_rows(find_rules(mask, max(16, int(PAGE_RULE_MIN_WIDTH * mask.shape[1])),
                                  max(6, int(PAGE_RULE_MAX_THICKNESS * mask.shape[0])), min_aspect=PAGE_RULE_MIN_ASPECT))
    if not mask.any():
        return Segmentation(0.0, g, [])
    # Dark corners of a turned page, too thin to have been painted over as a surround: level
    # whatever the text's tilt, they would hold the skew estimate at 0, and once the page is
    # deskewed they would run across its first and last lines.
    if (wedges := _border_wedges(mask)).any():
        mask &= ~wedges
        g = g.copy()
        g[ndimage.binary_dilation(wedges, structure=EIGHT, iterations=2)] = float(np.median(g[~mask]))
    angle = _skew_of_text(mask)
    if angle == 0.0:
        mask, g = _erase_vertical_rules(mask, g)
        boxes = _boxes_in(mask)
        return Segmentation(0.0, g, boxes, mask)
    rotated = _rotate(g, angle)
    rmask = _rotate(mask.astype(np.float32), angle) > 0.5
    # Found once the page is level: a tilted rule has no long vertical run of pixels.
    rmask, rotated = _erase_vertical_rules(rmask, rotated)
    boxes = _boxes_in(rmask)
    return Segmentation(angle, rotated, boxes, rmask, g.shape)


def segment_lines(gray_ink_on_dark: np.ndarray) -> list[Box]:
    """Boxes (x0, y0, x1, y1) of the text lines, top to bottom, in input pixel coordinates."""
    return segment(gray_ink_on_dark).input_boxes
