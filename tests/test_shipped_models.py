"""The shipped weights meet their accuracy targets on real held-out data."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image, ImageFilter

from tests.conftest import ROOT
from text_recognizer.classifier_predictor import ClassifierPredictor


def _predictor(name: str) -> ClassifierPredictor:
    ckpt = torch.load(ROOT / "artifacts" / name / "model.pt", weights_only=False)
    return ClassifierPredictor.from_checkpoint(ckpt, torch.device("cpu"))


def _accuracy(pred: ClassifierPredictor, images: np.ndarray, labels: np.ndarray) -> float:
    correct = 0
    for start in range(0, len(images), 500):
        batch = [pred.prepare(Image.fromarray(im)) for im in images[start:start + 500]]
        correct += int((pred.predict_batch(batch).argmax(1) == labels[start:start + 500]).sum())
    return correct / len(images)


def test_digits_reaches_99_percent_on_its_held_out_split(mnist_held_out):
    images, labels = mnist_held_out
    assert len(images) >= 990
    assert _accuracy(_predictor("digits"), images, labels) >= 0.99


def test_fashion_reaches_93_percent_on_official_test_set(fashion_test_set):
    """The target is 92 %; the shipped weights read 93.21 %, and anything under 93 % is a regression."""
    images, labels = fashion_test_set
    assert len(images) == 10000
    assert _accuracy(_predictor("fashion"), images, labels) >= 0.93


def test_fashion_items_uploaded_larger_read_as_well(fashion_test_set):
    """A garment photo larger than 28 px takes the photo path; it is a solid object, and evening out
    the light as for pen strokes took its inside for paper (93 -> 83 % on these 300)."""
    images, labels = fashion_test_set[0][:300], fashion_test_set[1][:300]
    pred = _predictor("fashion")
    large = [Image.fromarray(255 - im).resize((280, 280), Image.Resampling.BICUBIC) for im in images]  # dark on white
    got = [pred.predict(im).label for im in large]
    assert float(np.mean([g == pred.classes[int(y)] for g, y in zip(got, labels)])) >= 0.9


@pytest.mark.parametrize("stroke", [2, 5, 12, 40])
def test_digits_drawn_with_thin_or_thick_pens(stroke):
    """Strokes far thinner or thicker than MNIST's (after scaling) are still read."""
    from tests.image_factory import drawn_digit

    pred = _predictor("digits")
    got = [pred.predict(drawn_digit(label, stroke)).label for label in "71042"]
    assert got == list("71042")


@pytest.mark.parametrize("form", ["in_a_box", "underlined", "noisy_photo"])
def test_digits_in_a_box_underlined_or_in_a_noisy_photo(mnist_held_out, form):
    """Real held-out digits as forms and poor photos give them: the box or the line would become
    the digit's bounding box (boxed digits read 3/10 on font digits), and noise specks all over
    the canvas made every digit an "8"."""
    import tests.image_factory as factory

    images, labels = mnist_held_out
    make = getattr(factory, form)
    pred = _predictor("digits")
    got = [pred.predict(make(images[i])).label for i in range(60)]
    accuracy = float(np.mean([g == str(labels[i]) for i, g in enumerate(got)]))
    assert accuracy >= 0.95, (form, accuracy)


@pytest.mark.parametrize("paper, ink", [((0.45,) * 3, (0.0,) * 3), ((1.0, 0.0, 0.0), (0.0,) * 3), ((0.55,) * 3, (0.95,) * 3)])
def test_digits_on_dark_paper(mnist_held_out, paper, ink):
    """Real held-out digits photographed underexposed (paper at 45 % grey), in black on red, and in
    white on mid-grey: the paper's brightness alone decided which side was ink, and all three
    were answered "blank image" (0 of 100)."""
    images, labels = mnist_held_out
    pred = _predictor("digits")
    rng = np.random.default_rng(0)
    got = []
    for i in range(60):
        a = np.asarray(Image.fromarray(images[i]).resize((140, 140), Image.Resampling.BILINEAR), np.float32)[..., None] / 255
        rgb = a * np.array(ink) + (1 - a) * np.array(paper) + rng.normal(0.0, 0.015, (140, 140, 3))
        got.append(pred.predict(Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8))).label)
    accuracy = float(np.mean([g == str(labels[i]) for i, g in enumerate(got)]))
    assert accuracy >= 0.95, (paper, ink, accuracy)


@pytest.mark.parametrize("light", ["dim room lit in the middle", "shadow over half"])
def test_digits_photographed_in_uneven_light(mnist_held_out, light):
    """Real held-out digits on white paper, photographed in a dim room lit in the middle (corners
    at a fifth of the light) or with a shadow over the left half: with one paper tone for the whole
    photo they read 0 and 55 of 100; the light is now evened out as for OCR."""
    images, labels = mnist_held_out
    pred = _predictor("digits")
    y, x = np.mgrid[0:360, 0:360].astype(np.float32)
    if light == "shadow over half":
        field = 0.35 + 0.6 / (1 + np.exp(-np.clip((x - 180) / 6, -50, 50)))
    else:
        field = np.clip(1 - 1.2 * (np.hypot(x - 180, y - 180) / 255) ** 1.5, 0.05, 1)
    rng = np.random.default_rng(0)
    got = []
    for i in range(60):
        ink = np.asarray(Image.fromarray(images[i]).resize((200, 200), Image.Resampling.BICUBIC), np.float32) / 255
        paper = np.ones((360, 360), np.float32)
        paper[80:280, 80:280] = 1 - 0.85 * ink
        photo = np.clip(paper * field + rng.normal(0, 0.02, field.shape), 0, 1)
        got.append(pred.predict(Image.fromarray((photo * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1))).label)
    accuracy = float(np.mean([g == str(labels[i]) for i, g in enumerate(got)]))
    assert accuracy >= 0.95, (light, accuracy)
