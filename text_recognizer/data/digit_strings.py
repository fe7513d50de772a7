"""Lines of real handwritten digits, built by concatenating MNIST digits.

Rendered fonts teach printed and font-handwriting shapes; real people's digits look
different, and numbers (amounts, dates, phone numbers) are much of what gets photographed.
Digits 0..6999 of the shared MNIST subset build training lines and 7000..7999 validation
lines, so validation never sees a training digit, not even re-arranged.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from text_recognizer.data.synthetic_lines import FontInfo, crop_with_margins, degrade

TRAIN_RANGE = range(0, 7000)
VAL_RANGE = range(7000, 8000)
SEPARATORS = "-/.:"


def load_mnist(folder: str) -> tuple[np.ndarray, np.ndarray]:
    """(images N x 28 x 28 uint8 white-on-black, labels N) from an IDX folder (such as mnist-8k)."""
    from text_recognizer.data.classification import DEFAULT_CACHE
    from text_recognizer.data.idx import find_idx_pair, read_idx_pair

    pair = find_idx_pair(Path(folder))
    if pair is None:
        raise FileNotFoundError(f"no IDX files (*images-idx3-ubyte[.gz] + labels) in {folder}")
    images, labels = read_idx_pair(*pair, DEFAULT_CACHE / "mnist")
    return images.numpy(), labels.numpy().astype(np.uint8)


def _tight(digit: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(digit > 30)
    if len(ys) == 0:
        return digit
    return digit[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


class DigitStrings:
    """Deterministic (image, text) pairs of 2..12 handwritten digits with optional separators."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, indices: Sequence[int],
                 separator_fonts: Sequence[FontInfo] = (), seed: int = 0) -> None:
        self.images = images
        self.labels = labels
        self.indices = list(indices)
        self.fonts = list(separator_fonts)
        self.seed = seed

    @classmethod
    def from_folder(cls, folder: str, split: str, separator_fonts: Sequence[FontInfo] = (), seed: int = 0) -> "DigitStrings":
        images, labels = load_mnist(folder)
        rng = TRAIN_RANGE if split == "train" else VAL_RANGE
        return cls(images, labels, rng, separator_fonts, seed)

    def _separator(self, ch: str, height: int, canvas_h: int, base: int, rng: random.Random) -> np.ndarray:
        """A punctuation glyph on a full-height strip, sitting on the digits' baseline."""
        font = ImageFont.truetype(rng.choice(self.fonts).path, max(8, int(height * 1.4)))
        canvas = Image.new("L", (height * 2, canvas_h), 0)
        ImageDraw.Draw(canvas).text((height // 2, base), ch, font=font, fill=255, anchor="ls")
        arr = np.asarray(canvas, dtype=np.float32) / 255.0
        cols = np.flatnonzero(arr.max(axis=0) > 0.1)
        if len(cols) == 0:
            return np.zeros((canvas_h, 2), dtype=np.float32)
        return arr[:, cols[0] : cols[-1] + 1]

    def sample(self, index: int) -> tuple[Image.Image, str]:
        rng = random.Random(self.seed * 1_000_003 + index + 7)
        n = rng.randint(2, 12)
        height = rng.randint(18, 44)  # digit height in pixels
        use_seps = bool(self.fonts) and rng.random() < 0.35
        pieces: list[tuple[np.ndarray, int]] = []  # (ink patch, baseline offset)
        text = ""
        canvas_h, base = height * 3, height * 2  # base: bottom line of the digits
        for i in range(n):
            if i > 0 and use_seps and rng.random() < 0.25:
                ch = rng.choice(SEPARATORS)
                pieces.append((self._separator(ch, height, canvas_h, base, rng), 0))
                text += ch
            elif i > 0 and rng.random() < 0.08:
                pieces.append((np.zeros((1, int(height * rng.uniform(0.7, 1.2))), np.float32), 0))
                text += " "
            k = rng.choice(self.indices)
            digit = _tight(self.images[k]).astype(np.float32) / 255.0
            h = max(6, int(height * rng.uniform(0.85, 1.1)))
            w = max(2, int(digit.shape[1] * h / digit.shape[0] * rng.uniform(0.85, 1.15)))
            patch = np.asarray(Image.fromarray(digit, mode="F").resize((w, h), Image.Resampling.BILINEAR))
            pieces.append((np.clip(patch, 0, 1), rng.randint(-height // 10, height // 10)))
            text += str(int(self.labels[k]))
        # Lay the patches out left to right, with gaps that may be negative (touching digits).
        total_w = sum(p.shape[1] for p, _ in pieces) + height * n + 4 * height
        canvas = np.zeros((canvas_h, total_w), dtype=np.float32)
        x = height
        for patch, dy in pieces:
            ph, pw = patch.shape
            top = 0 if ph == canvas_h else base - ph + dy  # separators come as full-height strips
            top = max(0, min(canvas.shape[0] - ph, top))
            region = canvas[top : top + ph, x : x + pw]
            np.maximum(region, patch[: region.shape[0], : region.shape[1]], out=region)
            x += pw + int(height * rng.uniform(-0.08, 0.25))
        mask = crop_with_margins(canvas, height, rng)
        return degrade(mask, rng), text

    def __call__(self, index: int) -> tuple[Image.Image, str]:
        return self.sample(index)
