"""Turn a decoded image into classifier input, the same way in training and in serving.

A classifier trained on MNIST sees white digits, size-normalised to 20x20 and centred by
centre of mass in 28x28. Uploads are nothing like that: black ink on white paper, photos with
uneven light, a digit in a corner of a large canvas. `canonicalize` maps any of them onto the
training distribution, and training runs every sample through the very same function.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import torch
from PIL import Image, ImageFilter

from text_recognizer.preprocessing.images import box_blur3, ink_on_dark, percentiles, shrink, to_gray_array
from text_recognizer.preprocessing.lighting import flatten_background
from text_recognizer.preprocessing.rules import box_sides, find_rules, grow_rows, outer_rules, true_runs

Mode = Literal["mnist", "fit", "rgb"]


@dataclass(frozen=True)
class ImageSpec:
    """How a classifier wants its pixels; stored in the model's metadata so serving can rebuild it.

    mode:
      * "mnist": ink-on-dark, content cropped, scaled into a 20x20 box and centred by centre of
        mass in size x size (how MNIST was made).
      * "fit": ink-on-dark, content cropped and scaled to fill size x size (Fashion-MNIST style).
      * "rgb": colour photos: resize the short side, centre crop (folder datasets).
    """

    mode: Mode = "mnist"
    size: int = 28
    channels: int = 1
    mean: tuple[float, ...] = (0.1307,)
    std: tuple[float, ...] = (0.3081,)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ImageSpec":
        return cls(
            mode=d["mode"], size=int(d["size"]), channels=int(d["channels"]),
            mean=tuple(float(m) for m in d["mean"]), std=tuple(float(s) for s in d["std"]),
        )


MNIST_SPEC = ImageSpec("mnist", 28, 1, (0.1307,), (0.3081,))
FASHION_SPEC = ImageSpec("fit", 28, 1, (0.2860,), (0.3530,))
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

# Large uploads are reduced to this before any per-pixel work; a digit needs no more.
_WORK_SIDE = 256
# The fewest pixels a digit's ink is assumed to cover (see `_normalised_ink`).
_MIN_INK_PIXELS = 64
# Uploads with more pixels than this get the steps for photos and drawings; MNIST-sized images
# (what training sees) do not, so they are canonicalised exactly as the models were trained.
_LARGE = int(_MIN_INK_PIXELS / 0.005)  # 12,800: where the 99.5th percentile is the 64th brightest


def _normalised_ink(img: Image.Image, strokes: bool = False) -> np.ndarray:
    """Grayscale ink-on-dark with the paper tone removed and the ink stretched to [0, 1].
    `strokes`: the content is pen strokes (digits), not a solid object (a garment)."""
    gray = ink_on_dark(to_gray_array(shrink(img, _WORK_SIDE)))
    n = gray.size
    if n > _LARGE:
        if strokes:
            # A photo's light evened out as for OCR (`lighting.flatten_background`): with one
            # global paper tone, held-out MNIST digits photographed in a dim room lit in the
            # middle read 0 of 100, half in a shadow 55, in a shadow across a corner 17; now 100,
            # 100, 75. Not for solid objects: their insides are wider than its window, and were
            # taken for paper (Fashion-MNIST items at 280 px: 93 -> 83 %).
            gray = flatten_background(gray)
        # A photo's sensor noise would survive the thresholds below as specks all over the
        # canvas, and the digit's box would become the canvas (noisy photos all read "8").
        gray = box_blur3(gray)
    # The paper tone of a photo is rarely black; remove it, then stretch the ink to 1. Both come
    # from one partial sort of `gray`: the 99.5th percentile lies above the median, where
    # subtracting the background and clipping at 0 change nothing, so it is the ink's peak.
    # On a large canvas a thin pen's "1" is under 0.5 % of the pixels, so the 99.5th percentile
    # is paper and the digit looked blank; there the ink's peak is the 64th brightest pixel.
    q = 99.5 if n <= _LARGE else 100.0 * (1.0 - _MIN_INK_PIXELS / (n - 1))
    background, high = percentiles(gray, (50.0, q))
    ink = np.clip(gray - background, 0.0, None)
    peak = high - background
    if peak < 0.05:  # a blank or almost uniform image: nothing to stretch
        return np.zeros_like(ink)
    ink = np.clip(ink / peak, 0.0, 1.0)
    # Faint smudges and sensor noise would widen the bounding box; suppress them.
    ink[ink < 0.15] = 0.0
    return ink


def _bbox(ink: np.ndarray, threshold: float = 0.3) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(ink > threshold)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _without_box_or_underline(ink: np.ndarray, threshold: float = 0.3) -> np.ndarray:
    """`ink` without a box drawn round the digit (a form's field) or a line under or over it.

    Either would become the digit's bounding box, and the digit a small scribble inside it.
    Only rules that cannot be part of a digit go: a box (rules above and below the rest, joined
    by its sides), or a rule as wide as the rest and separated from it by blank rows -- a 2's
    base or a 7's bar touches the digit, and a 5's detached top is narrower than the 5.
    """
    mask = ink > threshold
    h = mask.shape[0]
    rules = find_rules(mask, max(8, int(0.3 * mask.shape[1])), max(3, int(0.06 * h)))
    if not rules.any():
        return ink
    erase = box_sides(mask, rules)
    if erase.any():
        erase |= outer_rules(rules)
    else:
        ink_rows = np.flatnonzero(mask.any(axis=1))
        for r0, r1 in true_runs(rules.any(axis=1)):
            others = ink_rows[(ink_rows < r0 - 3) | (ink_rows >= r1 + 3)]  # beyond its blurred edges
            if len(others) == 0 or (others.min() < r0 < others.max()):
                continue  # nothing else, or ink on both sides of it: part of the drawing
            near, far = (others.max(), r0) if others.max() < r0 else (r1, others.min())
            blank_row = not mask[near + 1:far].any(axis=1).all()
            rest_cols = np.flatnonzero(mask[others].any(axis=0))
            width = np.flatnonzero(rules[r0:r1].any(axis=0))
            if blank_row and len(width) >= 1.1 * (rest_cols.max() - rest_cols.min() + 1):
                erase[r0:r1] |= rules[r0:r1]
    if not erase.any():
        return ink
    out = ink.copy()
    out[grow_rows(erase)] = 0.0
    return out


# MNIST strokes are about 2 px wide in the 20 px box; thinner strokes fade to grey when a large
# drawing is scaled down, and the network has never seen such faint digits.
_MIN_STROKE_IN_BOX = 1.8


def _stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width of a binary glyph: its area over half its boundary length."""
    m = Image.fromarray(mask.astype(np.uint8) * 255)
    eroded = np.asarray(m.filter(ImageFilter.MinFilter(3))) > 0
    boundary = int((mask & ~eroded).sum())
    return 2.0 * float(mask.sum()) / max(boundary, 1)


def _thicken_thin_strokes(crop: np.ndarray, box: int) -> np.ndarray:
    """Dilate the glyph so its strokes are at least MNIST-thick after scaling into `box` pixels."""
    scale = box / max(crop.shape)
    width = _stroke_width(crop > 0.3)
    missing = _MIN_STROKE_IN_BOX / scale - width
    if missing < 1.0:
        return crop
    radius = int(np.ceil(missing / 2))
    pil = Image.fromarray((crop * 255).astype(np.uint8))
    pil = pil.crop((-radius, -radius, pil.width + radius, pil.height + radius))  # room to grow
    return np.asarray(pil.filter(ImageFilter.MaxFilter(2 * radius + 1)), dtype=np.float32) / 255.0


def _resize_keep_aspect(arr: np.ndarray, box: int) -> np.ndarray:
    h, w = arr.shape
    scale = box / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    pil = Image.fromarray((arr * 255).astype(np.uint8), mode="L")
    return np.asarray(pil.resize((nw, nh), Image.Resampling.LANCZOS), dtype=np.float32) / 255.0


def canonicalize(img: Image.Image, spec: ImageSpec) -> np.ndarray:
    """Image -> float32 array (channels, size, size) in [0, 1], before mean/std normalisation."""
    size = spec.size
    if spec.mode == "rgb":
        rgb = img.convert("RGB")
        w, h = rgb.size
        scale = size / min(w, h)
        rgb = rgb.resize((max(size, round(w * scale)), max(size, round(h * scale))), Image.Resampling.BILINEAR)
        w, h = rgb.size
        left, top = (w - size) // 2, (h - size) // 2
        rgb = rgb.crop((left, top, left + size, top + size))
        return np.asarray(rgb, dtype=np.float32).transpose(2, 0, 1) / 255.0

    ink = _normalised_ink(img, strokes=spec.mode == "mnist")
    if spec.mode == "mnist" and ink.size > _LARGE:  # digits are what people write in boxes
        ink = _without_box_or_underline(ink)
    box = _bbox(ink)
    out = np.zeros((size, size), dtype=np.float32)
    if box is None:
        return out[None]
    x0, y0, x1, y1 = box
    crop = ink[y0:y1, x0:x1]
    if spec.mode == "fit":
        glyph = _resize_keep_aspect(crop, size)
        gh, gw = glyph.shape
        top, left = (size - gh) // 2, (size - gw) // 2
        out[top : top + gh, left : left + gw] = glyph
        return out[None]

    # "mnist": fit into a 20x20 box (for 28x28), then centre the centre of mass.
    box_side = round(size * 20 / 28)
    glyph = _resize_keep_aspect(_thicken_thin_strokes(crop, box_side), box_side)
    gh, gw = glyph.shape
    mass = glyph.sum()
    cy = (glyph.sum(axis=1) @ np.arange(gh)) / mass if mass > 0 else gh / 2
    cx = (glyph.sum(axis=0) @ np.arange(gw)) / mass if mass > 0 else gw / 2
    top = int(round(size / 2 - cy - 0.5))
    left = int(round(size / 2 - cx - 0.5))
    top = min(max(top, 0), size - gh)
    left = min(max(left, 0), size - gw)
    out[top : top + gh, left : left + gw] = glyph
    return out[None]


@functools.lru_cache(maxsize=16)
def _mean_std(spec: ImageSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """Built once per spec: normalize() runs per image on the serving hot path."""
    return (torch.tensor(spec.mean, dtype=torch.float32).view(-1, 1, 1),
            torch.tensor(spec.std, dtype=torch.float32).view(-1, 1, 1))


def normalize(arr: np.ndarray | torch.Tensor, spec: ImageSpec) -> torch.Tensor:
    """Canonical [0, 1] pixels -> the mean/std-normalised tensor the network was trained on."""
    mean, std = _mean_std(spec)
    return (torch.as_tensor(arr, dtype=torch.float32) - mean) / std


def preprocess(img: Image.Image, spec: ImageSpec) -> torch.Tensor:
    """The whole path from a decoded image to a (channels, size, size) model input."""
    return normalize(canonicalize(img, spec), spec)
