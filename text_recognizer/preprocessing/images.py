"""Decode and validate uploaded images, and normalise them to grayscale ink-on-dark arrays.

Every upload goes through `decode_image` before any model code sees it, so that a corrupt,
empty, oversized or non-image file becomes an `ImageInputError` with a message a person can act
on, never an exception from deep inside Pillow.
"""

from __future__ import annotations

import io
import os
import re
import warnings

import numpy as np
from scipy import ndimage
from PIL import Image, ImageOps, UnidentifiedImageError

#: Formats an upload may have. MPO is what many phone cameras call their JPEGs.
ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "MPO", "BMP", "GIF", "TIFF", "WEBP"})

#: Limits, overridable by environment so an operator can raise them without a code change.
MAX_IMAGE_BYTES = int(os.environ.get("TEXT_RECOGNIZER_MAX_IMAGE_BYTES", 20 * 1024 * 1024))
MAX_IMAGE_PIXELS = int(os.environ.get("TEXT_RECOGNIZER_MAX_IMAGE_PIXELS", 40_000_000))


# Leading bytes of the allowed formats: a file that starts like an image but will not decode is
# a corrupt image (400), not a wrong kind of file (415).
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"BM": "BMP", b"GIF87a": "GIF", b"GIF89a": "GIF",
    b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "WebP",
}


def _claimed_format(data: bytes) -> str | None:
    return next((fmt for sig, fmt in _SIGNATURES.items() if data.startswith(sig)), None)


class ImageInputError(ValueError):
    """An upload that cannot be used; `status` is the HTTP status the API answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def decode_image(data: bytes, max_bytes: int = MAX_IMAGE_BYTES, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Decode bytes into a fully loaded, upright PIL image, or raise `ImageInputError`.

    The content type a client sends is ignored on purpose: clients get it wrong (`image/jpg`,
    `application/octet-stream`), and the bytes themselves say what the format is.
    """
    if not data:
        raise ImageInputError("the file is empty (0 bytes)")
    if len(data) > max_bytes:
        raise ImageInputError(f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes", status=413)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between max_pixels and 2x max_pixels; make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            fmt = img.format
            if fmt not in ALLOWED_FORMATS:
                raise ImageInputError(
                    f"unsupported image format {fmt}; send PNG, JPEG, BMP, GIF, TIFF or WebP", status=415
                )
            width, height = img.size
            if width * height > max_pixels:
                raise ImageInputError(
                    f"the image is {width}x{height} = {width * height:,} pixels; the limit is {max_pixels:,}",
                    status=413,
                )
            if width < 1 or height < 1:
                raise ImageInputError("the image has no pixels")
            img.seek(0)  # first frame of a GIF or multi-page TIFF
            img.load()
            img = ImageOps.exif_transpose(img)
    except ImageInputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard fires inside `Image.open`, before the check above, with Pillow's limit
        # (not this server's) and its wording: say it as the check above does.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)):,} pixels" if found else "over Pillow's pixel limit"
        raise ImageInputError(f"the image is {size}; the limit is {max_pixels:,}", status=413) from None
    except UnidentifiedImageError:
        if claimed := _claimed_format(data):
            raise ImageInputError(f"the file starts like a {claimed} image but is corrupt and cannot be decoded") from None
        raise ImageInputError("the file is not an image (expected PNG, JPEG, BMP, GIF, TIFF or WebP)", 415) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError) as exc:
        raise ImageInputError(f"the image is corrupt or truncated ({type(exc).__name__}: {exc})") from None
    return img


def to_gray_array(img: Image.Image) -> np.ndarray:
    """Grayscale float32 array in [0, 1] (1 = white), with transparency flattened sensibly.

    A drawing exported from a canvas is often ink on a transparent background; flattening it
    onto white would erase white ink, so the background is chosen to contrast with the ink.
    """
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = np.asarray(img.convert("RGBA"), dtype=np.float32) / 255.0
        alpha = rgba[..., 3]
        lum = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        opaque = alpha > 0.5
        if 0 < opaque.mean() < 0.999:
            ink_lum = float(np.median(lum[opaque]))
            bg = 0.0 if ink_lum > 0.5 else 1.0
            return (lum * alpha + bg * (1.0 - alpha)).astype(np.float32)
        return lum.astype(np.float32)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float32)
        lo, hi = float(arr.min()), float(arr.max())
        return ((arr - lo) / (hi - lo)) if hi > lo else np.zeros_like(arr)
    if img.mode == "F":
        arr = np.asarray(img, dtype=np.float32)
        lo, hi = float(arr.min()), float(arr.max())
        return ((arr - lo) / (hi - lo)) if hi > lo else np.zeros_like(arr)
    return np.asarray(img.convert("L"), dtype=np.float32) / 255.0


def percentiles(values: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """`np.percentile(values, qs)` (its default linear method) from one partial sort.

    On the small arrays of one upload, numpy's percentile spends ~40 us in argument handling per
    call, more than the sort itself; this is the same arithmetic without that, and several
    percentiles share a single `np.partition`. Serving preprocesses every image with it.
    """
    flat = np.asarray(values).ravel()
    n = flat.size
    if n == 0:
        raise ValueError("percentiles of an empty array")
    pos = [q / 100.0 * (n - 1) for q in qs]
    below = [int(p) for p in pos]
    above = [min(b + 1, n - 1) for b in below]
    part = np.partition(flat, sorted(set(below + above)))
    out = []
    for p, b, a in zip(pos, below, above):
        lo, hi, t = float(part[b]), float(part[a]), p - b
        out.append(hi - (hi - lo) * (1.0 - t) if t >= 0.5 else lo + (hi - lo) * t)  # numpy's lerp
    return out


def otsu_bin(hist: np.ndarray) -> int:
    """Index of the histogram bin that Otsu's method puts the threshold on (maximum
    between-class variance); the threshold lies at that bin's upper edge."""
    p = hist / max(float(hist.sum()), 1e-12)
    omega = np.cumsum(p)
    mu = np.cumsum(p * (np.arange(len(hist)) + 0.5) / len(hist))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return int(np.argmax(between))


def border_median(gray: np.ndarray) -> float:
    """Median of the outermost pixels: the paper (background) tone of a scan or photo."""
    h, w = gray.shape
    k = max(1, min(h, w) // 20)
    border = np.concatenate([gray[:k].ravel(), gray[-k:].ravel(), gray[:, :k].ravel(), gray[:, -k:].ravel()])
    return percentiles(border, (50.0,))[0]


#: Pixels an image's most extreme tones are taken from: ink covers far more than this on a line
#: or page of text (one short word on a large page still does), a speck of dust or noise does not.
EXTREME_PIXELS = 256


def extreme_rank(n: int) -> int:
    """Rank from either end of `n` pixels where the ink's tone is read: 0.1 % of them (the 99.9th
    percentile on a small image), but never more than `EXTREME_PIXELS`, so that one small line on
    a large page still counts as ink."""
    return int(min(max(0.001 * n, 1), EXTREME_PIXELS))
#: How much further from the paper one side's extreme must lie than the other's, and at least
#: how far (in tones of 0-1), before it overrules the paper's own brightness as the sign of
#: which side the ink is on.
POLARITY_MARGIN = 2.0
MIN_POLARITY_CONTRAST = 0.1


def _ink_is_dark(gray: np.ndarray) -> bool:
    """Whether the ink is darker than the paper (the border tone).

    Usually the paper's brightness says it: light paper, dark ink. Not on dark paper with darker
    ink (an underexposed photo of a page, black text on red or on kraft paper) or light text on
    mid-grey paper, which the brightness rule read as blank. So the tones decide: the ink is
    whichever side of the paper tone the image's extreme pixels lie furthest, when they clearly do.
    """
    paper = border_median(gray)
    light_paper = paper > 0.5
    sample = gray[:: max(1, gray.shape[0] // 1024), :: max(1, gray.shape[1] // 1024)].ravel()
    k = extreme_rank(sample.size)
    if sample.size <= 2 * k:
        return light_paper
    part = np.partition(sample, (k, sample.size - 1 - k))
    darker, lighter = paper - float(part[k]), float(part[sample.size - 1 - k]) - paper
    if light_paper and lighter > max(POLARITY_MARGIN * darker, MIN_POLARITY_CONTRAST):
        return False
    if not light_paper and darker > max(POLARITY_MARGIN * lighter, MIN_POLARITY_CONTRAST):
        return True
    if not light_paper and darker > MIN_POLARITY_CONTRAST and _light_is_area(gray, paper + lighter / 2):
        return True
    return light_paper


#: The light side of a dark-bordered image is lit paper, not light ink, when at least this share
#: of it keeps a core through an erosion by `LIGHT_AREA_EROSION` pixels of a copy at most
#: `LIGHT_AREA_SIDE` pixels long: letters (bold ones too, or a meme's white fill) are strokes and
#: erode away; a vignetted photo's bright middle, or the lit part of a page a shadow falls across, does not.
LIGHT_AREA_SHARE = 0.5
LIGHT_AREA_EROSION = 4
LIGHT_AREA_SIDE = 256


def _light_is_area(gray: np.ndarray, threshold: float) -> bool:
    """Whether the pixels lighter than `threshold` form solid areas rather than strokes. Why: a
    phone photo in dim light with the page lit in the middle has a dark border, so its paper
    looked dark and its bright middle was taken for light ink (the page came back empty)."""
    step = max(1, -(-max(gray.shape) // LIGHT_AREA_SIDE))
    light = gray[::step, ::step] > threshold
    total = int(light.sum())
    if total == 0:
        return False
    core = ndimage.binary_erosion(light, iterations=LIGHT_AREA_EROSION, border_value=1)
    return int(core.sum()) >= LIGHT_AREA_SHARE * total


def ink_on_dark(gray: np.ndarray) -> np.ndarray:
    """Return `gray` with ink bright and background dark, whichever way round it came.

    MNIST is white ink on black; people upload black ink on white paper, and photograph it on
    paper of any tone (`_ink_is_dark` says how it is told).
    """
    return 1.0 - gray if _ink_is_dark(gray) else gray


#: Least paper brightness (1 = white) that ink contrast is scaled up from (`above_paper`): paper
#: in darker shadow is taken as too dark to hold text, so its noise is not blown up into ink.
MIN_LIGHT = 0.15


def above_paper(gray_ink_on_dark: np.ndarray, paper: np.ndarray, full_light: float = 1.0) -> np.ndarray:
    """How far each pixel stands out from the paper tone under it, as a share of the most it
    could where the paper is darker than `full_light` (1 = white).

    A photo's light falls off across the page and a shadow lies on part of it, and both scale
    the ink's contrast with the light (ink reflects a share of it), so subtracting the paper
    tone alone leaves text in the shade fainter than the rest, and a global threshold or
    contrast stretch lost it. Dividing by the paper's brightness (1 - its ink-on-dark tone)
    undoes that; for light ink on dark paper the divisor is about 1, and nothing changes.
    Division also scales the noise up in the shade, so a caller that thresholds a whole page
    passes a `full_light` below 1: only deeper shade than that is made up for."""
    full_light = max(full_light, 1e-3)  # a page with no light anywhere: plain subtraction
    light = np.clip(1.0 - paper, MIN_LIGHT * full_light, full_light)
    return np.clip((gray_ink_on_dark - paper) * (full_light / light), 0.0, 1.0)


def box_blur3(g: np.ndarray) -> np.ndarray:
    """3x3 mean (separable, edges repeated): a third of the pixel noise, strokes intact."""
    p = np.pad(g, 1, mode="edge")
    rows = (p[:-2] + p[1:-1] + p[2:]) / 3.0
    return (rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]) / 3.0


def shrink(img: Image.Image, max_side: int) -> Image.Image:
    """Downscale large uploads early: later steps cost per pixel and gain nothing past this."""
    if max(img.size) <= max_side:
        return img
    img = img.copy()
    img.thumbnail((max_side, max_side), Image.Resampling.BOX)
    return img


def shrink_to_pixels(img: Image.Image, max_pixels: int) -> Image.Image:
    """Downscale, keeping the aspect ratio, to at most `max_pixels` pixels (see `shrink`)."""
    w, h = img.size
    if w * h <= max_pixels:
        return img
    scale = (max_pixels / (w * h)) ** 0.5
    return img.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.BOX)
