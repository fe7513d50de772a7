"""Real images in the forms users upload them, made from real MNIST digits, and pictures with no
text in them."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes(img: Image.Image, quality: int = 85) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def mnist_png(digit: np.ndarray) -> bytes:
    """As MNIST stores it: 28x28, white on black."""
    return png_bytes(Image.fromarray(digit, mode="L"))


def black_on_white(digit: np.ndarray, size: int = 280, pad: int = 60) -> Image.Image:
    """A dark digit on white paper, larger and off-centre, as someone would draw it in a paint program."""
    ink = Image.fromarray(255 - digit, mode="L").resize((size, size), Image.Resampling.BICUBIC)
    canvas = Image.new("L", (size + 2 * pad, size + pad), 255)
    canvas.paste(ink, (pad + pad // 2, pad // 3))
    return canvas.convert("RGB")


def photographed(digit: np.ndarray, seed: int = 0) -> Image.Image:
    """Blue ink on off-white paper under uneven light, slightly blurred and noisy, like a phone photo."""
    rng = np.random.default_rng(seed)
    size = 360
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    yy, xx = np.mgrid[0:size, 0:size] / size
    light = 0.80 + 0.15 * xx - 0.10 * yy  # brighter on one side
    paper = np.stack([light * 0.96, light * 0.94, light * 0.88], axis=-1)
    pen = np.array([0.15, 0.20, 0.55])
    rgb = paper * (1 - ink[..., None]) + pen * ink[..., None]
    rgb += rng.normal(0, 0.02, rgb.shape)
    img = Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8), mode="RGB")
    return img.filter(ImageFilter.GaussianBlur(1.2))


def transparent_drawing(digit: np.ndarray) -> Image.Image:
    """Black strokes on a transparent canvas, as a browser canvas exports them."""
    alpha = Image.fromarray(digit, mode="L").resize((200, 200), Image.Resampling.BICUBIC)
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    rgba.putalpha(alpha)
    return rgba


def drawn_digit(label: str, stroke: int, size: int = 500) -> Image.Image:
    """A digit drawn with lines of `stroke` px on a white canvas, as in a paint program or on a tablet."""
    from PIL import ImageDraw

    img = Image.new("L", (size, size), 255)
    d = ImageDraw.Draw(img)
    s = size / 500

    def pts(*xy):
        return [(x * s, y * s) for x, y in xy]

    if label == "7":
        d.line(pts((150, 100), (350, 100), (220, 420)), fill=0, width=stroke, joint="curve")
    elif label == "1":
        d.line(pts((220, 150), (260, 100), (260, 420)), fill=0, width=stroke, joint="curve")
    elif label == "0":
        d.ellipse(pts((170, 90), (330, 420)), outline=0, width=stroke)
    elif label == "4":
        d.line(pts((280, 420), (280, 100), (140, 320), (340, 320)), fill=0, width=stroke, joint="curve")
    elif label == "2":
        d.arc(pts((160, 90), (340, 260)), 180, 40, fill=0, width=stroke)
        d.line(pts((320, 220), (160, 420), (350, 420)), fill=0, width=stroke, joint="curve")
    else:
        raise ValueError(label)
    return img


def in_a_box(digit: np.ndarray) -> Image.Image:
    """A digit written in a form's box: the box's frame round it, a margin inside."""
    img = black_on_white(digit, size=200, pad=50)
    ImageDraw.Draw(img).rectangle((40, 5, img.width - 30, img.height - 5), outline=(0, 0, 0), width=4)
    return img


def underlined(digit: np.ndarray) -> Image.Image:
    """A digit with a line drawn under it, wider than the digit."""
    ink = Image.fromarray(255 - digit, mode="L").resize((200, 200), Image.Resampling.BICUBIC)
    img = Image.new("L", (400, 300), 255)
    img.paste(ink, (100, 20))
    ImageDraw.Draw(img).line((60, 250, 340, 250), fill=0, width=4)
    return img


def noisy_photo(digit: np.ndarray, seed: int = 0, noise: float = 0.08) -> Image.Image:
    """A dark digit on grey paper with strong sensor noise (a photo in poor light), as JPEG."""
    rng = np.random.default_rng(seed)
    ink = np.asarray(Image.fromarray(digit).resize((240, 240), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    page = np.full((320, 320), 0.85, dtype=np.float32)
    page[40:280, 40:280] = 0.85 * (1 - ink) + 0.15 * ink
    page += rng.normal(0, noise, page.shape).astype(np.float32)
    return Image.open(io.BytesIO(jpeg_bytes(Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8)))))


def still_life(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    """A photo with no text in it: shaded balls and discs on a mottled, tinted table, slightly
    blurred, with sensor noise. Their edges and shading are what OCR mistakes for letters."""
    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = 0.45 + 2.0 * ndimage.gaussian_filter(rng.standard_normal((h, w)), 18)
    for _ in range(rng.integers(3, 7)):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        rx, ry = rng.uniform(30, 140), rng.uniform(30, 120)
        inside = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 < 1
        img = np.where(inside, rng.uniform(0.1, 0.9) + 0.3 * ((xx - cx) / rx), img)
    img = ndimage.gaussian_filter(img, 1.2) + rng.normal(0, 0.03, (h, w))
    rgb = np.stack([img * c for c in rng.uniform(0.7, 1.1, 3)], -1)
    return Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8))
