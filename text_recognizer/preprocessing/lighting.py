"""Even out a photo's light before ink is told from paper: falloff across the page, a shadow
over part of it, a vignette. Shared by page segmentation (`line_segmentation`) and the
classifier's photo path (`preprocessing.classifier`).
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image
from scipy import ndimage

from text_recognizer.preprocessing.images import above_paper

#: The paper tone is an opening over a square this share of the image's longer side wide (4/32:
#: with the 3/32 of the cell grid it replaces, a bold "80" at 240-360 px kept its thickest
#: strokes in the paper tone and was read as "an\n66"), and at least this many pixels...
BACKGROUND_WINDOW = 1 / 8
MIN_BACKGROUND_WINDOW = 24
#: ...found on a copy no longer than this (averaged down: the opening costs per pixel, and the
#: averaging takes most of the noise out of the minimum).
BACKGROUND_SIDE = 256
#: Paper in light below this share of the page's median is shade (a shadow across the page,
#: a dark corner), and the ink in it has its contrast scaled up to what it would have in that
#: light (`images.above_paper`); lighter falloff is left alone, since scaling it up raises the
#: noise with it, and specks of it became lines on a grainy photo.
SHADE_SHARE = 0.6


def flatten_background(gray_ink_on_dark: np.ndarray) -> np.ndarray:
    """The image's contrast above a smooth estimate of its paper tone (`images.above_paper`),
    so one global threshold fits a photo whose light falls off across the page or that a
    shadow lies on.

    The paper tone is a grey-level opening (a minimum, then a maximum, over a window of
    `BACKGROUND_WINDOW` of the longer side) of the image, or of a copy averaged down to
    `BACKGROUND_SIDE` pixels: the minimum removes the text (ink is narrower than the window,
    even a thick stroke of big lettering), and the maximum after it puts a shadow's edge back
    where it was, to the pixel. The grid of cells this used before lagged up to a cell behind
    a shadow's edge, and a blank page's shadow edge was read as a "1".
    """
    g = np.asarray(gray_ink_on_dark, dtype=np.float32)
    h, w = g.shape
    scale = max(1, math.ceil(max(h, w) / BACKGROUND_SIDE))
    small = g if scale == 1 else np.asarray(
        Image.fromarray(g, mode="F").resize((-(-w // scale), -(-h // scale)), Image.Resampling.BOX))
    window = max(MIN_BACKGROUND_WINDOW // scale, round(BACKGROUND_WINDOW * max(small.shape)))
    if window >= max(small.shape):
        return g
    tone = ndimage.grey_opening(small, size=(window, window), mode="nearest")
    if float(tone.max() - tone.min()) < 0.02:  # evenly lit: nothing to flatten
        return g
    background = tone if scale == 1 else np.asarray(
        Image.fromarray(tone, mode="F").resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)
    return above_paper(g, background, SHADE_SHARE * float(np.median(1.0 - tone)))
