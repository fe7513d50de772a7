"""Load a classifier and its preprocessing once, then answer for one image or many."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from PIL import Image

from text_recognizer.compiled import compile_for_cpu
from text_recognizer.device import pick_device
from text_recognizer.models.classifier import ClassifierCNN, ClassifierConfig
from text_recognizer.preprocessing.classifier import ImageSpec, canonicalize, normalize
from text_recognizer.preprocessing.images import ImageInputError


@dataclass
class ClassPrediction:
    label: str
    score: float
    top_k: list[tuple[str, float]]


class ClassifierPredictor:
    """A classifier with the pixels pipeline it was trained with.

    `prepare` (CPU, per image) and `predict_batch` (one forward pass) are separate so a server
    can prepare images concurrently and pool them from many requests into one batch.
    """

    def __init__(self, model: torch.nn.Module, spec: ImageSpec, classes: list[str], device: torch.device | None = None):
        self.device = device or pick_device()
        self.model = compile_for_cpu(model.to(self.device).eval(), self.device)
        self.spec = spec
        self.classes = classes

    @classmethod
    def from_checkpoint(cls, ckpt: dict, device: torch.device | None = None) -> "ClassifierPredictor":
        model = ClassifierCNN(ClassifierConfig(**ckpt["config"]))
        model.load_state_dict(ckpt["state_dict"])
        return cls(model, ImageSpec.from_dict(ckpt["spec"]), list(ckpt["classes"]), device)

    def prepare(self, img: Image.Image) -> torch.Tensor:
        """The model input for one image; `ImageInputError` (422) for an image with nothing on it.

        A blank canvas or an evenly coloured photo canonicalises to all zeros, which the network
        still maps to a confident class (the digits model says "1" at 0.92): a wrong answer
        nobody could act on, where "nothing to classify" is the truth.
        """
        arr = canonicalize(img, self.spec)
        if self.spec.mode != "rgb" and not arr.any():
            raise ImageInputError("the image is blank: no ink or object stands out from the background", status=422)
        return normalize(arr, self.spec)

    def warm_up(self) -> None:
        """One forward pass on a zero input: the first pass allocates, and no request should pay."""
        self.predict_batch([torch.zeros((self.spec.channels, self.spec.size, self.spec.size))])

    @torch.inference_mode()
    def predict_batch(self, inputs: Sequence[torch.Tensor]) -> np.ndarray:
        """(N, num_classes) probabilities for prepared inputs."""
        x = torch.stack(list(inputs)).to(self.device)
        return torch.softmax(self.model(x), dim=1).float().cpu().numpy()

    def top_k(self, probs: np.ndarray, k: int = 3) -> ClassPrediction:
        order = np.argsort(-probs)[: max(1, min(k, len(self.classes)))]
        ranked = [(self.classes[i], float(probs[i])) for i in order]
        return ClassPrediction(label=ranked[0][0], score=ranked[0][1], top_k=ranked)

    def predict(self, img: Image.Image, k: int = 3) -> ClassPrediction:
        return self.top_k(self.predict_batch([self.prepare(img)])[0], k)
