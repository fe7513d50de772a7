"""Page-level clean-up of an OCR upload, before segmentation and reading.

Three kinds of upload differ from every training line as a whole page rather than letter by
letter: a bilevel scan or fax (two values only; a dithered one sprays the paper tone as dots),
a page lying on a dark desk or scanner lid (a dark surround that decides the polarity and fuses
with the text), and a page with white text on dark banners or buttons (polarity is decided once
per image). They are undone here, on the grey array, and the result is what segmentation and
`lines.line_to_array` see, in serving and in training alike (`lines.image_to_line_input`). On
any other image every step returns the array unchanged (none changes a validation line).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import ndimage
from scipy.spatial import ConvexHull, QhullError
from PIL import Image, ImageFilter

from text_recognizer.preprocessing.colour import colour_contrast_gray
from text_recognizer.preprocessing.images import box_blur3, otsu_bin, to_gray_array
from text_recognizer.preprocessing.rules import true_runs

#: Gaussian sigma (pixels) that turns a bilevel scan back into grey levels: larger for a dithered
#: one, whose paper tone is a spray of single black pixels, than for a thresholded one, whose
#: strokes only lose their anti-aliasing (chosen on 200 lines of held-out faces, 11-30 px text).
BILEVEL_SIGMA_DITHERED = 1.0
BILEVEL_SIGMA_THRESHOLDED = 0.6
#: A bilevel image is dithered when this share of its minority-colour pixels touch no pixel of
#: their colour (side neighbours): dither dots do, a thresholded stroke's pixels do not.
DITHER_ISOLATED_SHARE = 0.1


def smooth_bilevel(gray: np.ndarray) -> np.ndarray:
    """`gray` with a bilevel image (fax, thresholded or dithered scan: two values only) blurred
    back into grey levels; any other image unchanged (the same array).

    The recogniser learnt from anti-aliased lines; on a dithered scan the paper's tone is a
    spray of black dots that it reads as punctuation ("Invoice 2024-117" -> "Ihvoice:2024:117"):
    blurred, dithered lines of held-out faces (25 a size, 11-30 px) went from 14-63 % to 7-39 % CER,
    thresholded ones from 13-40 % to a little less. Training makes some of its lines bilevel
    (`data.synthetic_lines.make_bilevel`) and reads them through this same function, so the
    model learns from exactly these pixels.
    """
    if gray.size < 16:
        return gray
    sample = gray[::7, ::7]
    lo, hi = float(sample.min()), float(sample.max())
    if hi - lo < 0.25 or not np.all((sample == lo) | (sample == hi)):  # cheap exit for photos
        return gray
    lo, hi = float(gray.min()), float(gray.max())
    dark = gray == lo
    if not np.all(dark | (gray == hi)):
        return gray
    minority = dark if dark.mean() <= 0.5 else ~dark
    p = np.pad(minority, 1)
    isolated = minority & ~p[:-2, 1:-1] & ~p[2:, 1:-1] & ~p[1:-1, :-2] & ~p[1:-1, 2:]
    dithered = isolated.sum() > DITHER_ISOLATED_SHARE * max(1, int(minority.sum()))
    sigma = BILEVEL_SIGMA_DITHERED if dithered else BILEVEL_SIGMA_THRESHOLDED
    as_l = Image.fromarray(np.where(dark, 0, 255).astype(np.uint8), mode="L")
    blurred = np.asarray(as_l.filter(ImageFilter.GaussianBlur(sigma)), dtype=np.float32) / 255.0
    return (lo + (hi - lo) * blurred).astype(np.float32)


#: The dark surround is found on a copy this many pixels along its longer side.
SURROUND_WORK_SIDE = 256
#: The image's edge, as a share of its shorter side.
EDGE_BAND = 0.04
#: A surround: dark pixels connected to the image's edge, covering at least this share of the
#: edge (a desk seen along two sides of a photo covers about half; letters of a tightly cropped
#: line touch the edge too, but only here and there)...
SURROUND_MIN_EDGE_SHARE = 0.15
#: ...solid as a desk or a scanner's lid is, not thin as strokes: this share of it survives an
#: erosion by `PAGE_EROSION` small pixels...
SURROUND_MIN_SOLIDITY = 0.5
#: ...around a page that is at least this share of the image (light text on a dark sign has
#: no such page: its "page" would be the letters), or a smaller one, down to `SMALL_PAGE_MIN_AREA`,
#: with dark words on it (`_holds_text`: a card or a note photographed from afar on a desk read as
#: nothing, its desk taken for the paper)...
PAGE_MIN_AREA = 0.2
SMALL_PAGE_MIN_AREA = 0.01
#: ...that is solid: it fills this share of its convex hull (a page at any angle does; light
#: letters on a dark line, which are all its "page" could be, fill a third)...
PAGE_MIN_FILL = 0.6
#: ...and this share of it survives an erosion by `PAGE_EROSION` small pixels (thin strokes do not)...
PAGE_MIN_SOLIDITY = 0.6
PAGE_EROSION = 2
#: ...and at least this much lighter than the surround.
PAGE_MIN_CONTRAST = 0.25
#: Solid light parts outside the dark region under this share of the largest are specks of the
#: desk (`_outside_the_pages`), not pages.
PAGE_SPECK_SHARE = 0.05
#: A dark bar at the edge (a header) fills this share of its bounding box; its light text fills
#: `PANEL_MIN_TEXT` to `PANEL_MAX_TEXT` of it.
BAR_MIN_FILL = 0.75
#: ...and runs across this share of the image's width or down this share of its height.
BAR_MIN_SPAN = 0.9
#: ...and reaches at most this share into the image the other way: a desk all round a small card
#: spans the image both ways, and with the card for its "light text" it was inverted, card and all.
BAR_MAX_DEPTH = 0.5


#: Neighbourhoods for scipy.ndimage: 4-connected, and 8-connected (a thin curve's pixels often
#: touch only at their corners).
FOUR = ndimage.generate_binary_structure(2, 1)
EIGHT = ndimage.generate_binary_structure(2, 2)


def grow(mask: np.ndarray, diagonal: bool = False) -> np.ndarray:
    """`mask` dilated by one pixel (4-neighbourhood, or 8 with `diagonal`)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    across = grown.copy() if diagonal else mask  # the rows' growth spreads sideways too: a 3x3 square
    grown[:, 1:] |= across[:, :-1]
    grown[:, :-1] |= across[:, 1:]
    return grown


def eroded(mask: np.ndarray, steps: int = PAGE_EROSION) -> np.ndarray:
    """`mask` eroded by `steps` pixels (4-neighbourhood). The image's edge does not erode: a
    desk along it is as solid as it looks."""
    for _ in range(steps):
        mask = ~grow(~mask)
    return mask


def flood(seeds: np.ndarray, within: np.ndarray, max_steps: int | None = None, diagonal: bool = False) -> np.ndarray:
    """The pixels of `within` connected to `seeds` (4-neighbourhood, or 8 with `diagonal`), at
    most `max_steps` pixels away along `within` if given."""
    region = seeds & within
    if max_steps == 0:
        return region
    return ndimage.binary_dilation(region, structure=EIGHT if diagonal else FOUR,
                                   iterations=-1 if max_steps is None else max_steps, mask=within)


def _parts(mask: np.ndarray, diagonal: bool = False):
    """Up to `MAX_PANELS` connected parts of `mask` (4-neighbourhood, or 8 with `diagonal`), one
    flood fill each."""
    remaining = mask.copy()
    for _ in range(MAX_PANELS):
        if not remaining.any():
            return
        seed = np.zeros_like(remaining)
        seed.flat[int(np.argmax(remaining))] = True
        part = flood(seed, remaining, diagonal=diagonal)
        remaining &= ~part
        yield part


def _light_text_share(tones: np.ndarray, tone: float) -> float:
    """Share of `tones` lighter than a dark panel's `tone`: its light text (on the small copy,
    blurred to grey)."""
    return float((tones > tone + PAGE_MIN_CONTRAST / 2).mean())


def _inverted(tones: np.ndarray, paper: float, tone: float) -> np.ndarray:
    """A dark panel's pixels with light and dark swapped: the panel becomes paper, its light
    text dark ink."""
    return np.clip(paper + tone - tones, 0.0, 1.0)


def _longest_run(mask: np.ndarray) -> int:
    """Length of the longest horizontal run of set pixels (a clear column after each row keeps
    runs from wrapping into the next)."""
    return max((end - start for start, end in true_runs(np.pad(mask, ((0, 0), (0, 1))).ravel())), default=0)


def _small_copy(gray: np.ndarray) -> np.ndarray:
    """`gray` shrunk (box filter) to `SURROUND_WORK_SIDE` pixels along its longer side."""
    h, w = gray.shape
    scale = min(1.0, SURROUND_WORK_SIDE / max(h, w))
    if scale == 1.0:
        return gray
    return np.asarray(Image.fromarray(gray, mode="F").resize(
        (max(8, int(w * scale)), max(8, int(h * scale))), Image.Resampling.BOX), dtype=np.float32)


def _full_size(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A mask of the small copy blown up (nearest neighbour) to the image's `shape`."""
    if mask.shape == shape:
        return mask
    return np.asarray(Image.fromarray(mask.astype(np.uint8) * 255, mode="L").resize(
        (shape[1], shape[0]), Image.Resampling.NEAREST)) > 0


def _hull_area(mask: np.ndarray) -> float:
    """Area of the convex hull of `mask`'s pixels (as squares): what a solid shape of that outline,
    at whatever angle, would cover. A page turned 30 degrees fills half of its bounding box."""
    edge = mask & ~eroded(mask, 1)
    ys, xs = np.nonzero(edge)
    if len(ys) < 3:
        return float(mask.sum())
    corners = np.concatenate([np.stack([ys + dy, xs + dx], 1) for dy in (0, 1) for dx in (0, 1)]).astype(np.float64)
    try:
        return float(ConvexHull(corners).volume)  # in 2-D, "volume" is the area
    except QhullError:  # all on one line: a sliver
        return float(mask.sum())


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of values in [0, 1], on 256 bins."""
    return float(otsu_bin(np.bincount(np.clip((values.ravel() * 255).astype(np.int32), 0, 255), minlength=256)) + 0.5) / 256


#: A thin dark part of the surround is still the desk when it is a wedge along a side of the
#: image, as a photo turned by a degree or two leaves (its corners filled, or the desk showing
#: along its sides): it runs along at least this share of that side...
WEDGE_MIN_SIDE_SHARE = 0.5
#: ...no deeper into the image than this share of it...
WEDGE_MAX_DEPTH = 0.12
#: ...and fills at least this share of its bounding box (a triangle fills half; letters touching
#: the edge, even joined by an underline, fill far less).
WEDGE_MIN_FILL = 0.35


def _edge_wedge(part: np.ndarray) -> bool:
    """True when `part` is a thin, solid strip or wedge along one side of the image."""
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    if len(rows) == 0:
        return False
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    if part.sum() < WEDGE_MIN_FILL * (r1 - r0) * (c1 - c0):
        return False
    h, w = part.shape
    along_rows = (part[0].mean() >= WEDGE_MIN_SIDE_SHARE or part[-1].mean() >= WEDGE_MIN_SIDE_SHARE) \
        and r1 - r0 <= WEDGE_MAX_DEPTH * h
    along_cols = (part[:, 0].mean() >= WEDGE_MIN_SIDE_SHARE or part[:, -1].mean() >= WEDGE_MIN_SIDE_SHARE) \
        and c1 - c0 <= WEDGE_MAX_DEPTH * w
    return bool(along_rows or along_cols)


#: A dark part at the image's edge is the page in shade (a hand's or a phone's shadow across it),
#: not a desk, when it holds at least this many letters...
SHADE_TEXT_MIN_MARKS = 8
#: ...marks of ink: pixels darker than this share of the part's tone (ink reflects a share of
#: whatever light falls on it, in shade too)...
SHADE_INK_SHARE = 0.7
#: ...in specks of letter size: at least this many pixels (not sensor noise), at most this share
#: of the part (not another, darker object on the desk)...
SHADE_MARK_MIN_PIXELS = 6
SHADE_MARK_MAX_SHARE = 0.01
#: ...each with a neighbour beside it, as letters in a word have: at most this many of its own
#: heights away, level with it (a desk's knots and specks lie anywhere, rarely side by side).
SHADE_LETTER_GAP = 1.0
#: ...on paper as smooth as paper is: its grain (`_grain`) is at most this share of its tone
#: (measured: 0.012-0.037 on shaded paper, blurred letters and a shadow's soft edge included;
#: 0.068-0.109 on wooden desks, whose streaks break into marks side by side).
SHADE_MAX_GRAIN = 0.05
#: Pixels apart that the paper's grain is measured between (`_grain`): past the 3 x 3 blur the
#: marks are found on.
GRAIN_LAG = 3
#: About this many pixel pairs are compared each way.
GRAIN_SAMPLES = 200_000
#: Light marks (light letters on dark paper) are at most this many times wider than tall: the light
#: streaks of a dark wooden desk's grain, side by side too, are longer.
LIGHT_MARK_MAX_ASPECT = 3.0
#: Marks compared for neighbours (a dense page in shade has thousands; these are plenty).
SHADE_MAX_MARKS = 2000


def _letters_side_by_side(boxes: np.ndarray) -> int:
    """How many of the marks (rows of y0, y1, x0, x1) have another mark beside them, level with
    them and within `SHADE_LETTER_GAP` of their height."""
    y0, y1, x0, x1 = (boxes[:, i][:, None] for i in range(4))
    height = np.maximum(y1 - y0, 1)
    overlap = np.minimum(y1, y1.T) - np.maximum(y0, y0.T)
    level = overlap >= 0.5 * np.minimum(height, height.T)
    gap = x0.T - x1  # from the right edge of each mark (rows) to the left edge of the others
    beside = level & (gap >= -1) & (gap <= SHADE_LETTER_GAP * height)
    np.fill_diagonal(beside, False)
    return int((beside | beside.T).any(axis=1).sum())


def _grain(tones: np.ndarray, paper: np.ndarray) -> float:
    """How much `tones` vary from pixel to pixel where `paper` is set: the median difference
    between paper pixels `GRAIN_LAG` apart, down or across, whichever is larger (a wooden desk's
    streaks run one way). The light's slope across a shadow's soft edge changes little over a few
    pixels, so it does not count, as it did in a spread of the tones themselves."""
    lag = GRAIN_LAG
    k = max(1, int(np.sqrt(tones.size / GRAIN_SAMPLES)))  # every k-th column (row): plenty of pairs
    down = (tones[lag:, ::k], tones[:-lag, ::k], paper[lag:, ::k] & paper[:-lag, ::k])
    across = (tones[::k, lag:], tones[::k, :-lag], paper[::k, lag:] & paper[::k, :-lag])
    medians = [float(np.median(np.abs(a[both] - b[both]))) for a, b, both in (down, across) if both.any()]
    return max(medians, default=0.0)


class _FullSize(NamedTuple):
    """A part of the small copy seen at full size: its bounding box's tones, 3 x 3 blurred, and
    which of them lie inside it (off its blocky edge)."""

    blurred: np.ndarray
    within: np.ndarray


def _full_size_view(gray: np.ndarray, part: np.ndarray) -> _FullSize | None:
    """`part` (of the small copy) at full size, for `_holds_text`; None when it has no inside."""
    inner = eroded(part, 1)  # off the part's blocky edge
    if not inner.any():
        return None
    h, w = gray.shape
    sy, sx = h / part.shape[0], w / part.shape[1]
    rows, cols = np.flatnonzero(inner.any(axis=1)), np.flatnonzero(inner.any(axis=0))
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    y0, y1, x0, x1 = int(r0 * sy), min(h, int(np.ceil(r1 * sy))), int(c0 * sx), min(w, int(np.ceil(c1 * sx)))
    crop = gray[y0:y1, x0:x1]
    return _FullSize(box_blur3(crop), _full_size(inner[r0:r1, c0:c1], crop.shape))


def _holds_text(view: _FullSize | None, tone: float, light_paper: float | None = None) -> bool:
    """True when a part (of the small copy: a dark part at the image's edge, or a small page) of
    tone `tone` holds words, looked for at full size (`view`, from `_full_size_view`): on the
    small copy a shadowed half of a photographed page blurs its letters into its grey, and was
    painted over as a desk, text and all.
    With `light_paper` (the light page's paper tone), the words are lighter than the part (a photo
    of a negative or of a dark-mode screen, whose dark paper was painted over as a desk;
    `_outside_the_pages` made its letters part of it): marks as long as a desk's light grain
    streaks do not count, nor marks no lighter than the page's paper (its own paper, showing
    between letters of its margin that ran into the surround), and the grain is not judged:
    uneven light on the dark paper is what such a photo has."""
    if view is None:
        return False
    blurred, within = view
    light = light_paper is not None
    if light:
        marks = (blurred > max(tone, light_paper - PAGE_MIN_CONTRAST / 2) + PAGE_MIN_CONTRAST) & within
    else:
        marks = (blurred < SHADE_INK_SHARE * tone) & within
    labels, count = ndimage.label(marks)
    if count < SHADE_TEXT_MIN_MARKS:
        return False
    if not light:
        clear = within & ~grow(grow(marks, diagonal=True), diagonal=True)
        if clear.any() and _grain(blurred, clear) > SHADE_MAX_GRAIN * float(np.median(blurred[clear])):
            return False
    sizes = np.bincount(labels.ravel())[1:]
    letters = np.flatnonzero((sizes >= SHADE_MARK_MIN_PIXELS) & (sizes <= SHADE_MARK_MAX_SHARE * marks.size))
    if len(letters) < SHADE_TEXT_MIN_MARKS:
        return False
    letters = letters[:: max(1, -(-len(letters) // SHADE_MAX_MARKS))]
    slices = ndimage.find_objects(labels)
    boxes = np.array([(slices[i][0].start, slices[i][0].stop, slices[i][1].start, slices[i][1].stop) for i in letters])
    if light:  # letters, not the long light streaks of a wooden desk's grain
        boxes = boxes[(boxes[:, 3] - boxes[:, 2]) <= LIGHT_MARK_MAX_ASPECT * (boxes[:, 1] - boxes[:, 0])]
    return len(boxes) >= SHADE_TEXT_MIN_MARKS and _letters_side_by_side(boxes) >= SHADE_TEXT_MIN_MARKS


def _outside_the_pages(region: np.ndarray) -> np.ndarray:
    """All of the image but its pages: the dark region flooded in from the edge, with what it
    encloses that is no page. A wooden desk's grain leaves light streaks above the threshold here
    and there, and dark ones cut off between them: left out, the light ones stretched the page's
    convex hull over the desk, so that it no longer filled it (`PAGE_MIN_FILL`), and the dark ones
    stayed unpainted, as lines of their own (a card on a wooden desk read as "p"). The pages are
    the light parts, with all they enclose (their text, a picture on them), opened by
    `PAGE_EROSION` (the streaks are thin, also where they run into a page's edge), that are as
    solid as a page (`PAGE_MIN_SOLIDITY`: what is left of a thick streak is not) and at least
    `PAGE_SPECK_SHARE` of the largest such (a second card beside the first is a page too)."""
    filled = ndimage.binary_fill_holes(~region)
    opened = ndimage.binary_dilation(eroded(filled), structure=FOUR, iterations=PAGE_EROSION) & filled
    labels, count = ndimage.label(opened, structure=EIGHT)
    if not count:
        return region
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    cores = np.bincount(labels[eroded(opened)], minlength=count + 1)
    pages = cores >= PAGE_MIN_SOLIDITY * sizes
    pages[0] = False
    if not pages.any():
        return region
    pages &= sizes >= PAGE_SPECK_SHARE * sizes[pages].max()
    return ~pages[labels]


def _desk_like(region: np.ndarray, parts: list[np.ndarray]) -> bool:
    """Solid as a desk or a scanner's lid is, not thin as strokes: this share of it survives an
    erosion, or is in wedges along the image's sides (`_edge_wedge`; `parts` are its parts)."""
    if eroded(region).sum() >= SURROUND_MIN_SOLIDITY * region.sum():
        return True
    wedges = sum(int(part.sum()) for part in parts if _edge_wedge(part))
    return wedges >= SURROUND_MIN_SOLIDITY * region.sum()


def blank_dark_surround(gray: np.ndarray, small: np.ndarray | None = None) -> np.ndarray:
    """`gray` (1 = white) with a dark surround of a light page (a scanner's black border, the
    desk a page was photographed on) painted in the page's paper tone; otherwise unchanged.

    Left in, the surround makes the image's edge dark, so the page is taken for light ink on
    dark paper, and it fuses with the text into one "line" (a three-line page on a black
    border read as "6"). The surround is the dark region flooded in from the edge, found on a
    small copy (`small`, if the caller has it), with all it encloses that is no page
    (`_outside_the_pages`), and painted at full size in the paper's tone where it is darker than
    the paper. Parts of it that are the page's are not painted: a grey band or a shadow with
    darker words in it, letters touching the edge, a dark bar with light text across the whole
    image (a header), which is inverted instead, and dark paper with light words on it (a photo
    of a negative or a dark-mode screen), which is the page itself. A page under `PAGE_MIN_AREA`
    of the image counts only with words on it.
    """
    h, w = gray.shape
    if min(h, w) < 64:  # a crop of a line, not a photo of a page
        return gray
    small = _small_copy(gray) if small is None else small
    dark = small < _otsu(small)
    # The edge is a band, not the outermost pixels: a photo's corners filled by a rotation, or a
    # scanner's thin white margin, must not hide the desk behind them.
    band = np.zeros_like(dark)
    b = max(1, int(round(EDGE_BAND * min(dark.shape))))
    band[:b], band[-b:], band[:, :b], band[:, -b:] = True, True, True, True
    if dark[band].mean() < SURROUND_MIN_EDGE_SHARE:
        return gray
    region = _outside_the_pages(flood(dark & band, dark))
    page = ~region
    # Flood-filled once, for the solidity test and the parts' own tests; diagonally, as the pages
    # were found (`_outside_the_pages`): a strip of desk between a tilted card's corner and the
    # image's edge is one with the rest of the desk.
    parts = list(_parts(region, diagonal=True))
    if page.mean() < SMALL_PAGE_MIN_AREA or not _desk_like(region, parts):
        return gray
    if page.sum() < PAGE_MIN_FILL * _hull_area(page):
        return gray
    if eroded(page).sum() < PAGE_MIN_SOLIDITY * page.sum():
        return gray
    paper = float(np.median(small[page & ~dark])) if (page & ~dark).any() else 1.0
    surround = float(np.median(small[region]))
    if paper - surround < PAGE_MIN_CONTRAST:
        return gray
    if page.mean() < PAGE_MIN_AREA and not _holds_text(_full_size_view(gray, page), paper):
        return gray  # a small light shape with no words on it: a light sign's letter, a lamp
    out, inverted = gray.copy(), False
    # A bar across the top or down a side with light text on it (a web page's header, a title
    # strip) is the page's, not the desk's: it is inverted, as a panel inside the page would be.
    sy, sx = h / dark.shape[0], w / dark.shape[1]
    for part in parts:
        rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
        r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        part_tone = float(np.median(small[part]))
        if (small[part] < part_tone - PAGE_MIN_CONTRAST).mean() >= PANEL_MIN_TEXT:
            region &= ~part  # a grey band with darker text on it: page, kept
            continue
        view = _full_size_view(gray, part)  # for both words checks: darker ones, then lighter
        if _holds_text(view, part_tone):
            region &= ~part  # a shadow with darker words in it: page, kept
            continue
        if eroded(part).sum() < SURROUND_MIN_SOLIDITY * part.sum() and not _edge_wedge(part):
            region &= ~part  # strokes (letters touching the edge), not a desk
            continue
        box = dark[r0:r1, c0:c1]
        wide, tall = (c1 - c0) / dark.shape[1], (r1 - r0) / dark.shape[0]
        across = (wide >= BAR_MIN_SPAN and tall <= BAR_MAX_DEPTH) or (tall >= BAR_MIN_SPAN and wide <= BAR_MAX_DEPTH)
        text = _light_text_share(small[r0:r1, c0:c1], part_tone)
        if not across or box.mean() < BAR_MIN_FILL or not PANEL_MIN_TEXT <= text <= PANEL_MAX_TEXT:
            if _holds_text(view, part_tone, light_paper=paper):
                region &= ~part  # dark paper with light words on it, no bar: the page itself, kept
            continue
        region &= ~part
        inverted = True
        y0, y1, x0, x1 = int(r0 * sy), min(h, int(np.ceil(r1 * sy))), int(c0 * sx), min(w, int(np.ceil(c1 * sx)))
        out[y0:y1, x0:x1] = _inverted(gray[y0:y1, x0:x1], paper, part_tone)
    if not region.any():
        return out if inverted else gray
    # Grow the region by one small pixel so its blocky edge covers the page's edge at full size,
    # and take in the image's outermost small pixel all round: where a wedge thins out to less
    # than a small pixel, its tip is left at full size, a sliver that became a "line" of its own.
    full = _full_size(grow(region), (h, w))
    ky, kx = int(np.ceil(sy)), int(np.ceil(sx))
    full[:ky], full[-ky:], full[:, :kx], full[:, -kx:] = True, True, True, True
    out[full & (gray < paper)] = paper
    return out


#: A panel: a dark block with light text in a light page (a banner, a button, a shaded row of a
#: table). Found among the dark regions that keep a core after an erosion by this many small
#: pixels (text strokes do not)...
PANEL_EROSION = 2
#: ...that are rectangles (this share of their bounding box, holes included; a big bold glyph
#: is not), wider than tall by this much (a bold word merged into one blob on the small copy is
#: 2-3 times), at least this share of the image...
PANEL_MIN_FILL = 0.85
PANEL_MIN_ASPECT = 3.0
PANEL_MIN_AREA = 0.002
#: ...and tall enough on the small copy to hold a line of text with a margin (a word of bold
#: print, merged into one blob there, is not)...
PANEL_MIN_HEIGHT = 8
#: A panel this tall on the small copy (a sign with lines of text on it, a card in dark mode) is no
#: bold word merged into a blob: it need only be this much wider than tall, and its frame is its
#: own outline, which a tilt does not move off the panel.
PANEL_TALL = 24
PANEL_TALL_MIN_ASPECT = 1.0
#: ...dark all round: this share of the ring one pixel inside their bounding box is dark (a bold
#: word, whose letters merge on the small copy, has gaps above and below its x-height)...
PANEL_MIN_FRAME = 0.8
#: ...and hold light text: this share of them is lighter than the panel (on banners, buttons and
#: bars 8-15 %; a bold word merged into a blob has gaps over a quarter of it and more).
PANEL_MIN_TEXT = 0.01
PANEL_MAX_TEXT = 0.25
#: At most this many panels are looked at (each costs a flood fill).
MAX_PANELS = 12


def _run_on(dark_share: np.ndarray, first: int, last: int) -> tuple[int, int]:
    """`first` and `last` moved outwards along `dark_share` (of rows or columns) as long as the
    next one is dark anywhere."""
    while first > 0 and dark_share[first - 1] > 0:
        first -= 1
    while last + 1 < len(dark_share) and dark_share[last + 1] > 0:
        last += 1
    return first, last


def invert_dark_panels(gray: np.ndarray, small: np.ndarray | None = None) -> np.ndarray:
    """`gray` (1 = white) with the inside of each dark panel in a light page (white text on a dark
    banner, button or table row) inverted, so that all of the page's text is dark on light;
    otherwise unchanged.

    Polarity is decided once for a whole image, from its edge: the panel's white text was not
    ink, the panel itself was a blob of it, and the line below went with it (a banner between
    two lines read as "-", and took the next line along). `small`: `gray`'s small copy, if the
    caller has it.
    """
    h, w = gray.shape
    if min(h, w) < 64:
        return gray
    small = _small_copy(gray) if small is None else small
    threshold = _otsu(small)
    dark = small < threshold
    if not dark.any() or dark.mean() > 0.5:  # light text on a dark image: `ink_on_dark` handles it
        return gray
    if _longest_run(dark) < PANEL_MIN_ASPECT * PANEL_MIN_HEIGHT:  # no row crosses a panel's frame
        return gray
    light = ~dark
    edge = np.zeros_like(dark)
    edge[0], edge[-1], edge[:, 0], edge[:, -1] = True, True, True, True
    outside = flood(light & edge, light)
    filled = ~outside  # dark regions with the light text they enclose
    # An opening: what survives the erosion, grown back as far, so a stroke touching a panel
    # (a descender from the line above) does not become part of its outline.
    candidates = eroded(filled, PANEL_EROSION)
    for _ in range(PANEL_EROSION):
        candidates = grow(candidates) & filled
    # A panel lies inside the page: what reaches the image's edge is a shadow or the darker side
    # of unevenly lit paper (or a desk, which `blank_dark_surround` has painted over).
    candidates &= ~flood(candidates & edge, candidates)
    paper = float(np.median(small[outside])) if outside.any() else 1.0
    boxes: list[tuple[int, int, int, int, float]] = []
    for component in _parts(candidates):
        rows, cols = np.flatnonzero(component.any(axis=1)), np.flatnonzero(component.any(axis=0))
        bh, bw = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        area = int(component.sum())
        aspect = PANEL_MIN_ASPECT if bh < PANEL_TALL else PANEL_TALL_MIN_ASPECT
        if bh < PANEL_MIN_HEIGHT or bw < aspect * bh or area < PANEL_MIN_FILL * bh * bw:
            continue
        if bh >= PANEL_TALL:  # its own outline, one pixel in: a sign photographed a little tilted
            ring = eroded(component, 1) & ~eroded(component, 2)
            frame = float(dark[ring].mean()) if ring.any() else 0.0
        else:  # the frame one pixel in: the outermost rows and columns of the small copy are partly page
            box = (component & dark)[rows[0] + 1:rows[-1], cols[0] + 1:cols[-1]]
            frame = np.concatenate([box[0], box[-1], box[1:-1, 0], box[1:-1, -1]]).mean()
        tone = float(np.median(small[component & dark]))
        text = _light_text_share(small[component], tone)
        if (frame >= PANEL_MIN_FRAME and area >= PANEL_MIN_AREA * dark.size and PANEL_MIN_TEXT <= text <= PANEL_MAX_TEXT
                and tone <= paper - PAGE_MIN_CONTRAST):
            boxes.append((int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1, tone))
    if not boxes:
        return gray
    out = gray.copy()
    sy, sx = h / dark.shape[0], w / dark.shape[1]
    for r0, r1, c0, c1, tone in boxes:
        # The panel's exact edges at full size: in a window one small pixel wider, the rows and
        # then the columns that are mostly dark (a line of text just above or below is not).
        y0, y1 = max(0, int((r0 - 1) * sy)), min(h, int(np.ceil((r1 + 1) * sy)))
        x0, x1 = max(0, int((c0 - 1) * sx)), min(w, int(np.ceil((c1 + 1) * sx)))
        inked = gray[y0:y1, x0:x1] < threshold
        dark_rows = inked.mean(axis=1)
        rows = np.flatnonzero(dark_rows >= 0.5)
        if len(rows) == 0:
            continue
        top, bottom = int(rows[0]), int(rows[-1])
        if r1 - r0 >= PANEL_TALL:  # a sign, maybe tilted: its top and bottom rows are dark in part
            top, bottom = _run_on(dark_rows, top, bottom)
        y0, y1 = y0 + top, y0 + bottom + 1
        dark_cols = (gray[y0:y1, x0:x1] < threshold).mean(axis=0)
        cols = np.flatnonzero(dark_cols >= 0.5)
        if len(cols) == 0:
            continue
        # A rounded end (a chat bubble, a pill button) is dark in fewer rows: its columns are
        # panel too, as far as they stay dark in some row (else they are left as a dark arc).
        first, last = _run_on(dark_cols, int(cols[0]), int(cols[-1]))
        x0, x1 = x0 + first, x0 + last + 1
        # Light pixels reached from the rectangle's edge are page (round a button's corners).
        rect = gray[y0:y1, x0:x1]
        lit = rect >= threshold
        rim = np.zeros_like(lit)
        rim[0], rim[-1], rim[:, 0], rim[:, -1] = True, True, True, True
        panel = ~flood(lit & rim, lit, max_steps=max(2, min(rect.shape) // 4))
        out[y0:y1, x0:x1][panel] = _inverted(rect[panel], paper, tone)
    return out


def ocr_gray_array(img: Image.Image) -> np.ndarray:
    """Grayscale [0, 1] array (1 = white) of a decoded image as OCR reads it, pages and single
    lines alike: ink told from paper by colour where luminance cannot (`colour`), bilevel scans
    smoothed, a dark surround painted over, dark panels inverted. Both page steps work on one
    small copy, made again only if the surround was painted."""
    colour = colour_contrast_gray(img)
    gray = smooth_bilevel(to_gray_array(img) if colour is None else colour)
    if min(gray.shape) < 64:  # a line: neither page step applies
        return gray
    small = _small_copy(gray)
    painted = blank_dark_surround(gray, small)
    return invert_dark_panels(painted, small if painted is gray else None)
