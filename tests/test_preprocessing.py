"""Decoding and validation of uploads, and the classifier's pixel pipeline."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from tests.image_factory import black_on_white, jpeg_bytes, photographed, png_bytes, transparent_drawing
from text_recognizer.preprocessing.classifier import FASHION_SPEC, MNIST_SPEC, ImageSpec, canonicalize, preprocess
from text_recognizer.preprocessing.images import MAX_IMAGE_PIXELS, ImageInputError, decode_image, ink_on_dark, percentiles, to_gray_array


@pytest.mark.parametrize("n", [1, 2, 7, 784, 3136])
def test_percentiles_match_numpy(n):
    rng = np.random.default_rng(n)
    for values in (rng.random(n).astype(np.float32), np.round(rng.random((n, 1)) * 3) / 3):
        qs = (0.0, 20.0, 50.0, 99.5, 100.0)
        np.testing.assert_allclose(percentiles(values, qs), np.percentile(values, qs), rtol=0, atol=1e-6)


def test_decode_rejects_empty_file():
    with pytest.raises(ImageInputError, match="empty") as e:
        decode_image(b"")
    assert e.value.status == 400


def test_decode_rejects_text_as_not_an_image():
    with pytest.raises(ImageInputError, match="not an image") as e:
        decode_image(b"hello, this is a text file\n")
    assert e.value.status == 415


def test_decode_rejects_truncated_png():
    data = png_bytes(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)))
    with pytest.raises(ImageInputError, match="corrupt or truncated") as e:
        decode_image(data[: len(data) // 2])
    assert e.value.status == 400


def test_decode_rejects_decompression_bomb():
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, format="PNG")  # 400 Mpx in a few tens of KB
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(ImageInputError) as e:
        decode_image(buf.getvalue())
    # The server's limit, in the server's words (Pillow's guard fires first, with its own limit).
    assert e.value.status == 413 and e.value.message == f"the image is 400,000,000 pixels; the limit is {MAX_IMAGE_PIXELS:,}"


def test_decode_rejects_unsupported_format():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="PCX")
    with pytest.raises(ImageInputError, match="unsupported image format PCX") as e:
        decode_image(buf.getvalue())
    assert e.value.status == 415


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP"])
def test_decode_accepts_common_formats(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 10, 10)).save(buf, format=fmt)
    img = decode_image(buf.getvalue())
    assert img.size == (30, 20)


def test_ink_on_dark_inverts_paper_but_not_mnist():
    paper = np.full((20, 20), 0.9, np.float32)
    paper[8:12, 8:12] = 0.1
    assert ink_on_dark(paper)[10, 10] == pytest.approx(0.9)
    dark = 1.0 - paper
    assert ink_on_dark(dark)[10, 10] == pytest.approx(0.9)


@pytest.mark.parametrize("paper, ink", [(0.4, 0.02), (0.3, 0.0), (0.55, 0.95), (0.6, 1.0)])
def test_ink_on_dark_follows_the_ink_not_the_papers_brightness(paper, ink):
    """Black ink on dark paper (an underexposed photo, red or kraft paper) and white ink on
    mid-grey: the brightness rule alone took the paper for the ink, and OCR read nothing."""
    img = np.full((60, 200), paper, np.float32)
    img[25:35, 20:180:6] = ink
    out = ink_on_dark(img)
    assert out[30, 20] > out[5, 5]


def _canon(img: Image.Image) -> np.ndarray:
    return canonicalize(img, MNIST_SPEC)[0]


def test_mnist_digit_is_nearly_unchanged(mnist_held_out):
    digit = mnist_held_out[0][0]
    out = _canon(Image.fromarray(digit))
    assert out.shape == (28, 28)
    assert np.abs(out - digit / 255.0).mean() < 0.1


@pytest.mark.parametrize("variant", [black_on_white, photographed, transparent_drawing])
def test_uploaded_forms_look_like_the_mnist_original(mnist_held_out, variant):
    """Black-on-white, photographed and transparent uploads map close to the MNIST pixels."""
    digit = mnist_held_out[0][3]
    reference = _canon(Image.fromarray(digit))
    out = _canon(variant(digit))
    assert np.corrcoef(reference.ravel(), out.ravel())[0, 1] > 0.8


def test_transparent_canvas_with_white_ink_is_not_erased(mnist_held_out):
    digit = mnist_held_out[0][5]
    rgba = Image.new("RGBA", (28, 28), (255, 255, 255, 0))
    rgba.putalpha(Image.fromarray(digit))
    gray = to_gray_array(rgba)
    assert gray.max() - gray.min() > 0.8


def test_blank_image_gives_blank_input():
    out = canonicalize(Image.new("L", (50, 50), 255), MNIST_SPEC)
    assert out.shape == (1, 28, 28) and out.max() == 0


def test_preprocess_normalises_with_spec():
    t = preprocess(Image.new("L", (28, 28), 0), FASHION_SPEC)
    assert t.shape == (1, 28, 28)
    assert torch.allclose(t, torch.full_like(t, -FASHION_SPEC.mean[0] / FASHION_SPEC.std[0]))


def test_rgb_mode_crops_to_square_colour_input():
    spec = ImageSpec("rgb", 64, 3, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
    out = canonicalize(Image.new("RGB", (200, 100), (255, 0, 0)), spec)
    assert out.shape == (3, 64, 64)
    assert out[0].min() == pytest.approx(1.0) and out[1].max() == pytest.approx(0.0)


def test_spec_round_trips_through_metadata_dict():
    assert ImageSpec.from_dict(MNIST_SPEC.to_dict()) == MNIST_SPEC


def test_jpeg_of_black_on_white_decodes_to_same_digit(mnist_held_out):
    digit = mnist_held_out[0][7]
    img = decode_image(jpeg_bytes(black_on_white(digit), quality=70))
    assert np.corrcoef(_canon(Image.fromarray(digit)).ravel(), _canon(img).ravel())[0, 1] > 0.8
