"""Turn a text-line image into the fixed-height array the line recogniser reads.

Training (on rendered PIL images) and serving (on uploads and on crops from
`line_segmentation`) both go through `line_to_array`, so the model always sees pixels
produced by exactly the same code: same crop, same scale, same contrast.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from PIL import Image

from text_recognizer.preprocessing.images import above_paper, ink_on_dark
from text_recognizer.preprocessing.page import flood, grow, ocr_gray_array
from text_recognizer.preprocessing.rules import box_sides, find_rules, grow_cols, grow_rows, true_runs

#: Height of every model input, in pixels.
LINE_HEIGHT = 32
#: Narrowest input: a single character must still give CTC enough time steps.
MIN_WIDTH = 16
#: Widest input (512 line heights, ~460 characters as stretched); longer lines are squeezed rather than cut
#: so no text is lost. The model reads any width (convolutions and a BiLSTM), and lines of up
#: to 200 words read as well as short ones; squeezing them to 2,048 instead garbled them.
MAX_WIDTH = 16384
#: Ink threshold after contrast normalisation (0 = background, 1 = ink).
INK_THRESHOLD = 0.5
#: Normalised tone above which a long thin run is a (faint) rule all the same: ruled paper's lines.
FAINT_RULE_THRESHOLD = 0.15
#: On a faint rule, ink this dark (and 0.3 darker than the rule) is a letter's: a photo's noise
#: lifts bits of the rule itself past INK_THRESHOLD, and through them the rule was kept as part of
#: the letters standing on it.
LETTER_CORE_TONE = 0.75
#: Margin kept around the ink box, as a fraction of the ink height.
MARGIN_FRACTION = 0.08
#: The text's core (the x-height band, where most ink lies) is found as the rows holding at
#: least this fraction of a typical (90th-percentile) row's ink...
CORE_ROW_FRACTION = 0.5
#: ...and the crop keeps at most this many core heights above and below it: room for every
#: font's ascenders, descenders and capitals, but not for a handwriting swash or a loop that
#: reaches two lines down (measured on lines not in validation: see `text_bbox`).
CORE_MARGIN = 0.6
#: ...unless that would cut off more than this share of the ink: then the "core" is not an
#: x-height band but the bar of a lone "7" or "T", and the whole glyph is the text. (On lines
#: of words, the cap cuts at most 26 % of the ink, 99th percentile 19 %; a lone "7" loses 59 %.)
MAX_CORE_CUT = 0.35
#: A horizontal run of ink at least this many crop heights long is a rule (an underline, the
#: edge of a box or a table cell), not a letter: the longest strokes of text are a few
#: letter-widths. Removed before reading, since no training line has one.
RULE_MIN_HEIGHTS = 2.0
#: ...and at most this fraction of the crop's height thick.
RULE_MAX_THICKNESS = 0.15
#: The width of every batch is rounded up to this, matching the model's horizontal stride.
WIDTH_MULTIPLE = 4
#: Lines are stretched this much wider than their aspect ratio when scaled to LINE_HEIGHT. The
#: model emits one frame per WIDTH_MULTIPLE columns, and narrow hands gave it too few frames per
#: character: the stage-9 weights (unstretched) read held-out handwriting lines at 23 % CER
#: with 1.5-2 frames per character and 3 % over 4, and a narrow face read far better stretched.
#: Fine-tuned on stretched lines, they read held-out handwriting 10.9 -> 10.2 % (model card).
WIDTH_SCALE = 1.3


def preprocessing_params() -> dict:
    """What a checkpoint records about preprocessing, so a mismatch can be detected on load."""
    return {
        "line_height": LINE_HEIGHT,
        "width_scale": WIDTH_SCALE,
        "min_width": MIN_WIDTH,
        "max_width": MAX_WIDTH,
        "ink_threshold": INK_THRESHOLD,
        "margin_fraction": MARGIN_FRACTION,
        "core_row_fraction": CORE_ROW_FRACTION,
        "core_margin": CORE_MARGIN,
        "max_core_cut": MAX_CORE_CUT,
        "rule_min_heights": RULE_MIN_HEIGHTS,
        "rule_max_thickness": RULE_MAX_THICKNESS,
        "faint_rule_threshold": FAINT_RULE_THRESHOLD,
    }


def _moving_average(x: np.ndarray, window: int) -> np.ndarray:
    window = max(1, min(window, len(x)))
    kernel = np.ones(window, dtype=np.float32) / window
    padded = np.pad(x, (window // 2, window - 1 - window // 2), mode="edge")
    return np.convolve(padded, kernel, mode="valid").astype(np.float32)


def normalize_contrast(gray_ink_on_dark: np.ndarray) -> np.ndarray:
    """Background to 0 and ink to 1, tolerant of uneven lighting along the line.

    The background is estimated per column (a low percentile: most pixels in a column of a
    line image are paper) and smoothed over about one line height, so a lighting gradient
    across a photographed line is removed without erasing vertical strokes; the ink's contrast
    is taken relative to the paper's brightness in its column (`images.above_paper`), so the
    words under a shadow are not left fainter than the rest.
    """
    g = np.asarray(gray_ink_on_dark, dtype=np.float32)
    h, w = g.shape
    background = np.percentile(g, 20, axis=0).astype(np.float32)
    background = _moving_average(background, max(3, 2 * h))
    g = above_paper(g, background[None, :])
    hi = float(np.percentile(g, 99.5))
    if hi < 0.05:  # no ink worth the name: a blank or flat crop
        return np.zeros_like(g)
    return np.clip(g / hi, 0.0, 1.0)


#: A faint vertical line (graph paper's grid, a faint table column) runs through at least this
#: share of a line crop's rows, top margin to bottom margin, which no letter's stem or its blur
#: does, at most `GRID_MAX_WIDTH` columns wide.
GRID_MIN_ROWS = 0.95
GRID_MAX_WIDTH = 3


def _faint_grid_columns(faint: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Columns of faint vertical lines (`faint`: pixels past `FAINT_RULE_THRESHOLD`) through the
    whole crop, ink (`mask`) in under half their rows. Left in, graph paper's grid was read as
    apostrophes and "|" between the letters ("the 'signed forms")."""
    h, w = faint.shape
    cover = faint.mean(axis=0)
    cols = (cover >= GRID_MIN_ROWS) & (mask.mean(axis=0) < 0.5) & faint[:2].all(axis=0) & faint[-2:].all(axis=0)
    if h < 8 or not cols.any():
        return np.zeros(w, dtype=bool)
    for c0, c1 in true_runs(cols):
        # A line stands out from clean paper either side (on a noisy or blotched crop, columns
        # anywhere are faint from top to bottom).
        left, right = cover[max(0, c0 - 5):max(0, c0 - 2)], cover[c1 + 2:c1 + 5]
        beside = max(float(left.mean()) if left.size else 0.0, float(right.mean()) if right.size else 0.0)
        at_edge = c0 < 2 or c1 > w - 2  # uneven light at the crop's side, not a line across it
        if c1 - c0 > GRID_MAX_WIDTH or beside > 0.5 or at_edge:
            cols[c0:c1] = False
    return cols


def remove_rules(norm: np.ndarray, threshold: float = INK_THRESHOLD) -> np.ndarray:
    """`norm` without underlines, box edges and table rules (`preprocessing.rules` says how
    they are told from letters). Training lines have none, and come back unchanged.

    Rules are looked for twice: among the ink, and among faint strokes (`FAINT_RULE_THRESHOLD`),
    where the light blue lines of ruled paper under dark handwriting are: missed, they were read
    as underscores between the words ("BUY_MILK_ANDEGGS"). Faint vertical lines through the whole
    crop (graph paper) go too, but for the ink of the letters they cross."""
    mask = norm > threshold
    h = mask.shape[0]
    min_length, max_thickness = max(16, int(RULE_MIN_HEIGHTS * h)), max(3, int(RULE_MAX_THICKNESS * h))
    rules = find_rules(mask, min_length, max_thickness)
    faint_mask = norm > FAINT_RULE_THRESHOLD
    faint = find_rules(faint_mask, min_length, max_thickness, ink=mask)
    for r0, r1 in true_runs(faint.any(axis=1)):
        if r0 < 2 or r1 > h - 2:  # at the crop's edge: uneven light on the paper, not a line across it
            faint[r0:r1] = False
    grid = _faint_grid_columns(faint_mask, mask)
    if not rules.any() and not faint.any() and not grid.any():
        return norm
    out = norm.copy()
    out[:, grid] = np.where(mask[:, grid], out[:, grid], 0.0)
    # A box's sides go with the column either side: a page deskewed by a fraction of a degree
    # spreads a 1 px side over two columns, and the fainter half was read as "(" or "1".
    sides = grow_cols(box_sides(mask, rules))
    out[sides | grow_rows(rules)] = 0.0
    # A faint rule's rows are erased all across (noise and uneven light break a faint line into
    # pieces too short to be found, and ruled paper's lines run across the page), but for the
    # letters crossing or standing on it: ink darker than the rule, joined to ink outside its
    # rows. Erasing its rows whole cut every letter written on it at the baseline ("eggs, butter
    # and flour" read "2gs, butte; 2841:"); erasing only its faint pixels left bits that noise
    # had made as dark as ink, read as "_". Dark rules go whole, as before: a box's or an
    # underline's ink is the letters' own tone.
    core_tone = min(0.95, max(LETTER_CORE_TONE, float(np.median(norm[faint])) + 0.3)) if faint.any() else 1.0
    faint = grow_rows(grow_rows(faint))  # two rows either side: a photo's blur spreads a thin rule
    for r0, r1 in true_runs(faint.any(axis=1)):
        a, b = max(0, r0 - 1), min(h, r1 + 1)
        seeds = np.zeros((b - a, mask.shape[1]), dtype=bool)
        seeds[0], seeds[-1] = mask[a] if a < r0 else False, mask[b - 1] if b > r1 else False
        core = norm[a:b] > core_tone
        letters = flood(seeds & core, core, diagonal=True)
        letters = flood(grow(letters, diagonal=True), mask[a:b], diagonal=True)[r0 - a:r1 - a]  # with soft edges
        out[r0:r1][~letters] = 0.0
    return out


def _ink_box_and_rows(norm: np.ndarray, threshold: float) -> tuple[tuple[int, int, int, int] | None, np.ndarray]:
    """The ink box, and the count of ink pixels in each row (which `text_bbox` reuses)."""
    mask = norm > threshold
    rows = mask.sum(axis=1)
    cols = mask.sum(axis=0)
    # A real row or column of a text line holds more than one stray pixel of noise.
    row_ok = np.flatnonzero(rows >= max(1, int(0.003 * mask.shape[1])))
    col_ok = np.flatnonzero(cols >= 1)
    if len(row_ok) == 0 or len(col_ok) == 0:
        return None, rows
    return (int(col_ok[0]), int(row_ok[0]), int(col_ok[-1]) + 1, int(row_ok[-1]) + 1), rows


def ink_bbox(norm: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the ink, ignoring isolated noise pixels."""
    return _ink_box_and_rows(norm, threshold)[0]


def core_band(rows: np.ndarray) -> tuple[int, int] | None:
    """[top, bottom) of the text's core (its x-height band) from the ink count of each row of its
    box: the rows holding at least `CORE_ROW_FRACTION` of a typical (90th-percentile) row's ink."""
    core = np.flatnonzero(rows >= CORE_ROW_FRACTION * float(np.percentile(rows, 90)))
    if len(core) == 0:
        return None
    return int(core[0]), int(core[-1]) + 1


def text_bbox(norm: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """The ink box, its height capped at the core of the text plus `CORE_MARGIN` above and below.

    Scaling the whole ink box to the model's height works for print, whose ascenders and
    descenders are short; one long loop of a handwritten "g" or the swash of a capital can
    double the box, and then the letters that matter are squeezed into a few pixels of the
    32. Capping at the core keeps letters the same size whatever the flourishes (which lose
    their tips, not the text). On held-out handwriting faces this alone took the CER of the
    model trained without it from 21.7 to 17.8 % (lines of other seeds than validation);
    printed lines and digit strings did not change.
    """
    box, all_rows = _ink_box_and_rows(norm, threshold)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    rows = all_rows[y0:y1]  # every inked column lies in x0:x1, so whole rows count the same ink
    band = core_band(rows)
    if band is None:
        return box
    core_top, core_bottom = band
    reach = CORE_MARGIN * (core_bottom - core_top)
    top = max(0, int(core_top - reach))
    bottom = min(y1 - y0, int(np.ceil(core_bottom + reach)))
    if rows[:top].sum() + rows[bottom:].sum() > MAX_CORE_CUT * rows.sum():
        return box
    return x0, y0 + top, x1, y0 + bottom


def normalized_line(gray_ink_on_dark: np.ndarray) -> np.ndarray:
    """An ink-on-dark line crop with paper 0 and ink 1, its rules removed."""
    return remove_rules(normalize_contrast(gray_ink_on_dark))


def line_to_array(gray_ink_on_dark: np.ndarray) -> np.ndarray:
    """Model input (LINE_HEIGHT, W) float32 in [0, 1], ink bright, from an ink-on-dark line crop."""
    return normalized_to_array(normalized_line(gray_ink_on_dark))


def normalized_to_array(norm: np.ndarray) -> np.ndarray:
    """Model input from a `normalized_line`.

    Cropping to the ink before scaling makes the text fill the height whatever margins the
    scan or the renderer left, which is what lets one model read 12 px and 200 px text.
    """
    return placed_array(norm)[0]


def placed_array(norm: np.ndarray) -> tuple[np.ndarray, float, float]:
    """`normalized_to_array(norm)`, and where it lies in `norm`: its column c spans `norm`'s
    columns from `left + c * step` to `left + (c + 1) * step` (for word boxes)."""
    box = text_bbox(norm)
    if box is None:
        return np.zeros((LINE_HEIGHT, MIN_WIDTH), dtype=np.float32), 0.0, norm.shape[1] / MIN_WIDTH
    x0, y0, x1, y1 = box
    margin = max(1, int(round(MARGIN_FRACTION * (y1 - y0))))
    h, w = norm.shape
    left = max(0, x0 - margin)
    crop = norm[max(0, y0 - margin) : min(h, y1 + margin), left : min(w, x1 + margin)]
    ch, cw = crop.shape
    width = int(round(cw * LINE_HEIGHT * WIDTH_SCALE / ch))
    width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    resized = Image.fromarray(crop.astype(np.float32), mode="F").resize((width, LINE_HEIGHT), Image.Resampling.BILINEAR)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0), float(left), cw / width


def image_to_line_input(img: Image.Image) -> np.ndarray:
    """Model input from a decoded image of one line, whatever its polarity and colour mode."""
    return line_to_array(ink_on_dark(ocr_gray_array(img)))


def pad_batch(arrays: Sequence[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack line arrays into (N, 1, H, Wmax) with zero (= background) padding on the right.

    Returns the batch and the true widths (int64), from which the model derives how many of
    its output frames are real for each line.
    """
    if not arrays:
        raise ValueError("pad_batch needs at least one array")
    height = arrays[0].shape[0]
    widths = torch.tensor([a.shape[1] for a in arrays], dtype=torch.int64)
    wmax = int(widths.max())
    wmax = -(-wmax // WIDTH_MULTIPLE) * WIDTH_MULTIPLE
    batch = torch.zeros((len(arrays), 1, height, wmax), dtype=torch.float32)
    for i, a in enumerate(arrays):
        if a.shape[0] != height:
            raise ValueError(f"all lines must have height {height}, got {a.shape[0]}")
        batch[i, 0, :, : a.shape[1]] = torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
    return batch, widths
