"""Datasets for the classifier: MNIST, Fashion-MNIST and any folder of labelled images.

Every dataset yields canonical [0, 1] arrays made by `preprocessing.classifier.canonicalize`,
the function serving uses, so training and serving see the same pixels. Canonicalisation is
done once and cached in memory; augmentation runs per sample on the canonical tensor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import datasets

from text_recognizer.data.idx import find_idx_pair, read_idx_pair
from text_recognizer.preprocessing.classifier import (
    FASHION_SPEC, IMAGENET_MEAN, IMAGENET_STD, MNIST_SPEC, ImageSpec, canonicalize, normalize,
)

DEFAULT_CACHE = Path(os.environ.get("TEXT_RECOGNIZER_CACHE", Path.home() / ".cache" / "text_recognizer")) / "datasets"
DIGIT_CLASSES = [str(i) for i in range(10)]
FASHION_CLASSES = list(datasets.FashionMNIST.classes)


@dataclass
class Split:
    """Canonical images (N, C, S, S) float32 in [0, 1] and their labels."""

    images: torch.Tensor
    labels: torch.Tensor


@dataclass
class ClassificationData:
    train: Split
    val: Split
    classes: list[str]
    spec: ImageSpec
    description: str  # where the data came from and how it was split, for the model card


class CanonicalDataset(Dataset):
    """Serves canonical tensors, normalised, optionally augmented."""

    def __init__(self, split: Split, spec: ImageSpec, augment: Callable[[torch.Tensor], torch.Tensor] | None = None):
        self.split, self.spec, self.augment = split, spec, augment

    def __len__(self) -> int:
        return len(self.split.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        x = self.split.images[i]
        if self.augment is not None:
            x = self.augment(x)
        return normalize(x, self.spec), int(self.split.labels[i])


def _canonicalize_all(images: torch.Tensor, spec: ImageSpec) -> torch.Tensor:
    return torch.from_numpy(np.stack([canonicalize(Image.fromarray(im.numpy(), mode="L"), spec) for im in images]))


def stratified_split(labels: torch.Tensor, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices for train and validation with each class in the same proportion."""
    rng = np.random.default_rng(seed)
    train_idx, val_idx = [], []
    y = labels.numpy()
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        n_val = int(round(len(idx) * val_fraction))
        val_idx.append(idx[:n_val])
        train_idx.append(idx[n_val:])
    return np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(val_idx))


def load_mnist_like(
    name: str, data_dir: Path | None, seed: int, val_fraction: float = 0.125, limit: int | None = None,
) -> ClassificationData:
    """MNIST or Fashion-MNIST from a local IDX folder, else torchvision's download.

    A folder with official train and t10k files validates on t10k (the official test set). A
    folder with one set of files (such as mnist-8k) is split, stratified, with `seed`.
    """
    cls = datasets.MNIST if name == "mnist" else datasets.FashionMNIST
    spec = MNIST_SPEC if name == "mnist" else FASHION_SPEC
    classes = DIGIT_CLASSES if name == "mnist" else FASHION_CLASSES
    cache = DEFAULT_CACHE / name

    if data_dir is not None:
        data_dir = Path(data_dir)
        train_pair, test_pair = find_idx_pair(data_dir, "train"), find_idx_pair(data_dir, "t10k")
        if train_pair and test_pair:
            xtr, ytr = read_idx_pair(*train_pair, cache)
            xva, yva = read_idx_pair(*test_pair, cache)
            how = f"official train ({len(ytr)}) / test ({len(yva)}) files from {data_dir}"
        elif pair := find_idx_pair(data_dir):
            x, y = read_idx_pair(*pair, cache)
            tr, va = stratified_split(y, val_fraction, seed)
            xtr, ytr, xva, yva = x[tr], y[tr], x[va], y[va]
            how = (f"{len(y)} images from {data_dir}, stratified split {len(tr)} train / {len(va)} "
                   f"held-out (fraction {val_fraction}, seed {seed})")
        else:
            raise FileNotFoundError(f"no IDX files (*images-idx3-ubyte[.gz] + labels) in {data_dir}")
    else:
        train = cls(str(cache), train=True, download=True)
        test = cls(str(cache), train=False, download=True)
        xtr, ytr, xva, yva = train.data, train.targets, test.data, test.targets
        how = f"torchvision {cls.__name__} download: official train ({len(ytr)}) / test ({len(yva)})"

    if limit:
        xtr, ytr, xva, yva = xtr[:limit], ytr[:limit], xva[: max(1, limit // 4)], yva[: max(1, limit // 4)]
    return ClassificationData(
        train=Split(_canonicalize_all(xtr, spec), ytr.long()),
        val=Split(_canonicalize_all(xva, spec), yva.long()),
        classes=classes, spec=spec, description=how,
    )


def load_image_folder(
    data_dir: Path, seed: int, image_size: int = 64, val_fraction: float = 0.2, grayscale: bool = False,
) -> ClassificationData:
    """A folder with one sub-folder per class (torchvision ImageFolder layout), split stratified.

    Colour photos (sun vs rain) use mode "rgb"; `grayscale` uses the ink-on-dark "fit" mode for
    scanned symbols or letters.
    """
    folder = datasets.ImageFolder(str(data_dir))
    if len(folder.classes) < 2:
        raise ValueError(f"{data_dir} needs at least two class sub-folders, found {folder.classes}")
    spec = (ImageSpec("fit", image_size, 1, (0.5,), (0.5,)) if grayscale
            else ImageSpec("rgb", image_size, 3, IMAGENET_MEAN, IMAGENET_STD))
    arrays = []
    for path, _ in folder.samples:
        with Image.open(path) as im:
            arrays.append(canonicalize(im, spec))
    x = torch.from_numpy(np.stack(arrays))
    y = torch.tensor(folder.targets, dtype=torch.long)
    tr, va = stratified_split(y, val_fraction, seed)
    return ClassificationData(
        train=Split(x[tr], y[tr]), val=Split(x[va], y[va]), classes=list(folder.classes), spec=spec,
        description=f"{len(y)} images in {len(folder.classes)} classes from {data_dir}, "
                    f"stratified split {len(tr)} / {len(va)} (seed {seed})",
    )
