"""Training-time augmentation on canonical tensors.

Serving canonicalises an upload (crop, scale, centre) before the model sees it, but the result
is never quite MNIST: phone photos blur, markers draw thicker strokes than pens, people write
slanted. These transforms put that variation into training.
"""

from __future__ import annotations

import random

import torch
import torch.nn.functional as F
from torchvision.transforms import v2

from text_recognizer.preprocessing.classifier import ImageSpec


class RandomStrokeWidth(torch.nn.Module):
    """Thicken (dilate) or thin (erode) ink strokes with a 3x3 max-pool: pens vary."""

    def __init__(self, p: float = 0.4) -> None:
        super().__init__()
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if random.random() >= self.p:
            return x
        if random.random() < 0.5:
            return F.max_pool2d(x[None], 3, 1, 1)[0]
        thinned = -F.max_pool2d(-x[None], 3, 1, 1)[0]
        return thinned if thinned.sum() > 0.3 * x.sum() else x  # never erase a thin digit


def build_augmentation(spec: ImageSpec, flips: bool = False, erase: float = 0.0) -> v2.Compose:
    """`erase`: the share of training images with a random rectangle blanked to background
    (Zhong et al., "Random Erasing Data Augmentation"): a garment half hidden by another or cut
    off by the frame must still be told by what shows, not by one telltale patch."""
    if spec.mode == "rgb":
        # Photos are mirrored always (`flips` does not add a second flip).
        steps: list[torch.nn.Module] = [
            v2.RandomResizedCrop(spec.size, scale=(0.6, 1.0), antialias=True),
            v2.RandomHorizontalFlip(),
            v2.ColorJitter(0.3, 0.3, 0.3, 0.05),
        ]
    elif spec.mode == "fit":
        # Objects (clothing, symbols): upright and filling the frame; only small shifts and scales.
        steps = [
            v2.RandomApply([v2.RandomAffine(degrees=5, translate=(0.06, 0.06), scale=(0.9, 1.05))], p=0.5),
        ]
    else:
        # Handwriting: slant, rotation, pen width and blur all vary between writers and cameras.
        steps = [
            v2.RandomApply([v2.RandomAffine(degrees=12, translate=(0.08, 0.08), scale=(0.85, 1.1), shear=(-12, 12, -5, 5))], p=0.8),
            RandomStrokeWidth(p=0.3),
            v2.RandomApply([v2.GaussianBlur(3, sigma=(0.3, 0.9))], p=0.2),
        ]
    if flips and spec.mode != "rgb":
        steps.insert(0, v2.RandomHorizontalFlip())
    if erase > 0:
        steps.append(v2.RandomErasing(p=erase, scale=(0.02, 0.25), value=0))
    return v2.Compose(steps)
