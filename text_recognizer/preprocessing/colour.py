"""Grey levels for text that differs from its paper by colour more than by brightness.

OCR reads luminance, as nearly every engine does, and that is right for almost every upload:
ink is darker or lighter than its paper. Red on green, blue on orange, or yellow on white are
not: their colours are far apart but their luminances are close (red (255, 0, 0) on green
(0, 128, 0) differ by one grey level in 255), so the luminance image is blank and the line is
read as nothing. Such images get a grey image along the colour axis that does separate ink from
paper: the first principal component of the pixels' colours. Every other image (grey, or with
clear luminance contrast) is left to the usual luminance conversion, byte for byte.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from text_recognizer.preprocessing.images import extreme_rank, otsu_bin

#: ITU-R 601 luma weights, as Pillow's "L" conversion uses.
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
#: Pixels looked at to find the colour axis and the two tones (a regular subsample).
MAX_SAMPLES = 50_000
#: Smallest colour distance (RGB in [0, 1]) between ink and paper worth acting on: below it
#: the image has no two distinct colours (noise, a tint, a flat image).
MIN_COLOUR_STEP = 0.25
#: Ink and paper are told apart by colour rather than brightness when their luminance step is
#: below this share of a grey pair's at the same colour distance: 1.0 for any grey image, 0.01
#: for red on green, 0.2 for pure yellow on white, 0.4-0.5 for golden yellow, cyan or orange on
#: white (their luminance step, 0.25-0.33, reads well), 0.9-1.1 for black, blue or red on white.
MAX_LUMA_SHARE = 0.35
#: Least share of the pixels on each side of the split (ink is rarely less than this).
MIN_CLASS_SHARE = 0.002
#: An image whose darkest or lightest pixels (`images.extreme_rank`) stand this far from its median
#: luminance has ink that luminance shows, whatever else its colours separate: a yellow sticky note
#: on a white desk with blue ink on it is split by colour into desk and note, and the ink was lost
#: in the note.
LUMA_INK_CONTRAST = 0.3


def colour_contrast_gray(img: Image.Image) -> np.ndarray | None:
    """Grey [0, 1] array (paper 1, ink 0) along the colour axis that separates ink from paper,
    or None when luminance already does (the caller then converts as usual).

    Why the first principal component: on a two-colour image it is the line between the two
    colours, whatever they are, and projecting on it gives the largest possible step between
    them. Images with see-through pixels are left alone (`images.to_gray_array` flattens
    those); an opaque RGBA screenshot is an RGB image."""
    if img.mode in ("RGBA", "PA") or (img.mode == "P" and "transparency" in img.info):
        if img.convert("RGBA").getchannel("A").getextrema()[0] < 255:
            return None
    elif img.mode not in ("RGB", "CMYK", "YCbCr", "P"):
        return None
    rgb = np.asarray(img if img.mode == "RGB" else img.convert("RGB"))  # uint8: most photos stop below
    flat = rgb.reshape(-1, 3)
    sample = flat[:: max(1, len(flat) // MAX_SAMPLES)].astype(np.float32) / 255.0
    centred = sample - sample.mean(0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    axis = vectors[:, -1]
    proj = sample @ axis
    lo, hi = float(proj.min()), float(proj.max())
    if hi - lo < MIN_COLOUR_STEP:
        return None
    hist, edges = np.histogram(proj, bins=256, range=(lo, hi))
    upper = proj > edges[otsu_bin(hist) + 1]
    share = float(upper.mean())
    if not MIN_CLASS_SHARE <= share <= 1.0 - MIN_CLASS_SHARE:
        return None
    c_upper, c_lower = sample[upper].mean(0), sample[~upper].mean(0)
    colour_step = float(np.linalg.norm(c_upper - c_lower))
    luma_step = abs(float(LUMA @ (c_upper - c_lower)))
    # a grey pair at distance d differs by d / sqrt(3) in luminance
    if colour_step < MIN_COLOUR_STEP or luma_step >= MAX_LUMA_SHARE * colour_step / math.sqrt(3):
        return None
    luma = sample @ LUMA
    k = extreme_rank(luma.size)
    darkest, median, lightest = np.partition(luma, (k, luma.size // 2, luma.size - 1 - k))[[k, luma.size // 2, luma.size - 1 - k]]
    if max(median - darkest, lightest - median) >= LUMA_INK_CONTRAST:
        return None
    paper_is_upper = share > 0.5  # the paper is the larger part of a page or line
    p_upper, p_lower = float(proj[upper].mean()), float(proj[~upper].mean())
    p_paper, p_ink = (p_upper, p_lower) if paper_is_upper else (p_lower, p_upper)
    weights = (axis / 255.0 / (p_paper - p_ink)).astype(np.float32)
    gray = sum(rgb[..., c].astype(np.float32) * weights[c] for c in range(3)) - np.float32(p_ink / (p_paper - p_ink))
    return np.clip(gray, 0.0, 1.0, out=gray)
