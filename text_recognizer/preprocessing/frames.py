"""Find frames drawn round text -- a rounded box, a speech bubble, a card's outline, a circle
or an ellipse round a word -- so the segmenter and the reader ignore them.

Straight rules and square boxes are found as long runs (`rules.py`), but a rounded corner or
an ellipse has none: its arcs were left beside the text and read as letters ("f" and "t d" as
lines of their own above and below a rounded box's text, "(" and ")" round an ellipse's). A
frame differs from a letter in one plain way: it is a single connected stroke that encloses
other ink, and none of its own ink lies in the middle of what it encloses. An "O" or a "D"
encloses no ink; a table's grid, or a box whose text touches its edge, has ink of its own in
the middle (and is left to the rules' code).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from text_recognizer.preprocessing.page import EIGHT

#: A frame is at least this many pixels high and wide (smaller outlines are letters and dots).
MIN_SIDE = 12
#: ...covers at most this share of its bounding box with its own ink (an outline, not a shape)...
MAX_FILL = 0.35
#: ...has none of its ink in the middle of its box: the box shrunk by this share of its height
#: and width on every side (an ellipse's outline comes within 15 % of its box's sides)...
MIDDLE_MARGIN = 0.2
#: ...and encloses ink of at least this many pixels and this share of the area it encloses (a
#: speck of noise inside an "O" does not make it a frame).
MIN_INSIDE_PIXELS = 24
MIN_INSIDE_SHARE = 0.01


def _is_frame(part: np.ndarray, ink: np.ndarray) -> bool:
    """`part`: one connected stroke, cut to its bounding box; `ink`: all ink in that box."""
    h, w = part.shape
    if part.sum() > MAX_FILL * h * w:
        return False
    my, mx = int(np.ceil(MIDDLE_MARGIN * h)), int(np.ceil(MIDDLE_MARGIN * w))
    if part[my:h - my, mx:w - mx].any():
        return False
    enclosed = ndimage.binary_fill_holes(part) & ~part
    area = int(enclosed.sum())
    inside = int((enclosed & ink).sum())
    return area > 0 and inside >= max(MIN_INSIDE_PIXELS, MIN_INSIDE_SHARE * area)


def _outline(part: np.ndarray) -> np.ndarray:
    """The frame's own stroke: the pixels of `part` within a stroke's width of the paper outside
    it. Letters that touch the frame from inside are part of its component; the rest of them is
    farther in, and stays."""
    outside = ~ndimage.binary_fill_holes(part)
    depth = ndimage.distance_transform_edt(part)
    width = max(1, int(np.ceil(2 * np.percentile(depth[part], 90))))
    padded = np.pad(outside, width, constant_values=True)  # beyond the box is outside too
    near = ndimage.binary_dilation(padded, structure=EIGHT, iterations=width)[width:-width, width:-width]
    return part & near


def frame_mask(ink: np.ndarray) -> np.ndarray:
    """Pixels of `ink` (a boolean ink mask) that belong to frames round other ink."""
    labels, count = ndimage.label(ink, structure=EIGHT)
    frames = np.zeros_like(ink, dtype=bool)
    # Only parts with pixels enough to outline a MIN_SIDE square are looked at: a noisy photo has
    # hundreds of thousands of specks, and boxing each of them costs more than all the rest.
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    keep = sizes >= 2 * MIN_SIDE
    keep[0] = False
    lut = np.zeros(count + 1, dtype=labels.dtype)
    lut[keep] = np.arange(1, int(keep.sum()) + 1, dtype=labels.dtype)
    labels = lut[labels]
    for index, window in enumerate(ndimage.find_objects(labels), start=1):
        if window is None:
            continue
        ys, xs = window
        if ys.stop - ys.start < MIN_SIDE or xs.stop - xs.start < MIN_SIDE:
            continue
        part = labels[window] == index
        if _is_frame(part, ink[window]):
            frames[window] |= _outline(part)
    return frames
