"""Page-level clean-up of an OCR upload, before segmentation and reading.

Two kinds of upload differ from every training line as a whole page rather than letter by
letter: a bilevel scan or fax (two values only; a dithered one sprays the paper tone as dots)
and a page lying on a dark desk or scanner lid (a dark surround that decides the polarity and
fuses with the text). Both are undone here, on the grey array, and the result is what
segmentation and `lines.line_to_array` see, in serving and in training alike
(`lines.image_to_line_input`). On any other image both steps return the array unchanged.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from text_recognizer.preprocessing.images import to_gray_array

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
SURROUND_MIN_EDGE_SHARE = 0.4
#: ...solid as a desk or a scanner's lid is, not thin as strokes: this share of it survives an
#: erosion by `PAGE_EROSION` small pixels...
SURROUND_MIN_SOLIDITY = 0.5
#: ...around a page that is at least this share of the image (light text on a dark sign has
#: no such page: its "page" would be the letters)...
PAGE_MIN_AREA = 0.2
#: ...that is solid: it fills this share of its bounding box (a page tilted by up to ~20 degrees
#: does; light letters on a dark line, which are all its "page" could be, fill a third)...
PAGE_MIN_FILL = 0.6
#: ...and this share of it survives an erosion by `PAGE_EROSION` small pixels (thin strokes do not)...
PAGE_MIN_SOLIDITY = 0.6
PAGE_EROSION = 2
#: ...and at least this much lighter than the surround.
PAGE_MIN_CONTRAST = 0.25


def _grow(mask: np.ndarray) -> np.ndarray:
    """`mask` dilated by one pixel (4-neighbourhood)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _eroded(mask: np.ndarray) -> np.ndarray:
    """`mask` eroded by `PAGE_EROSION` pixels (4-neighbourhood). The image's edge does not
    erode: a desk along it is as solid as it looks."""
    for _ in range(PAGE_EROSION):
        mask = ~_grow(~mask)
    return mask


def _otsu(values: np.ndarray) -> float:
    hist = np.bincount(np.clip((values.ravel() * 255).astype(np.int32), 0, 255), minlength=256) / values.size
    centres = (np.arange(256) + 0.5) / 256
    omega, mu = np.cumsum(hist), np.cumsum(hist * centres)
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return float(centres[int(np.argmax(between))])


def blank_dark_surround(gray: np.ndarray) -> np.ndarray:
    """`gray` (1 = white) with a dark surround of a light page (a scanner's black border, the
    desk a page was photographed on) painted in the page's paper tone; otherwise unchanged.

    Left in, the surround makes the image's edge dark, so the page is taken for light ink on
    dark paper, and it fuses with the text into one "line" (a three-line page on a black
    border read as "6"). The surround is the dark region flooded in from the edge, found on a
    small copy and painted at full size where the pixels are darker than midway to the paper.
    """
    h, w = gray.shape
    if min(h, w) < 64:  # a crop of a line, not a photo of a page
        return gray
    scale = min(1.0, SURROUND_WORK_SIDE / max(h, w))
    small = gray if scale == 1.0 else np.asarray(Image.fromarray(gray, mode="F").resize(
        (max(8, int(w * scale)), max(8, int(h * scale))), Image.Resampling.BOX), dtype=np.float32)
    dark = small < _otsu(small)
    # The edge is a band, not the outermost pixels: a photo's corners filled by a rotation, or a
    # scanner's thin white margin, must not hide the desk behind them.
    band = np.zeros_like(dark)
    b = max(1, int(round(EDGE_BAND * min(dark.shape))))
    band[:b], band[-b:], band[:, :b], band[:, -b:] = True, True, True, True
    if dark[band].mean() < SURROUND_MIN_EDGE_SHARE:
        return gray
    region = dark & band
    count = -1
    while count != (count := int(region.sum())):  # flood fill: grow into dark pixels until stable
        region = _grow(region) & dark
    page = ~region
    if page.mean() < PAGE_MIN_AREA or _eroded(region).sum() < SURROUND_MIN_SOLIDITY * region.sum():
        return gray
    rows, cols = np.flatnonzero(page.any(axis=1)), np.flatnonzero(page.any(axis=0))
    if page.sum() < PAGE_MIN_FILL * (rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1):
        return gray
    if _eroded(page).sum() < PAGE_MIN_SOLIDITY * page.sum():
        return gray
    paper = float(np.median(small[page & ~dark])) if (page & ~dark).any() else 1.0
    surround = float(np.median(small[region]))
    if paper - surround < PAGE_MIN_CONTRAST:
        return gray
    # Grow the region by one small pixel so its blocky edge covers the page's edge at full size.
    full = np.asarray(Image.fromarray(_grow(region).astype(np.uint8) * 255, mode="L").resize((w, h), Image.Resampling.NEAREST)) > 0
    out = gray.copy()
    out[full & (gray < (paper + surround) / 2)] = paper
    return out


def ocr_gray_array(img: Image.Image) -> np.ndarray:
    """Grayscale [0, 1] array (1 = white) of a decoded image as OCR reads it, pages and single
    lines alike: bilevel scans smoothed, a dark surround painted over."""
    return blank_dark_surround(smooth_bilevel(to_gray_array(img)))
