"""Read MNIST-format (IDX) files from a local folder, gzip-compressed or not.

Machines without network cannot use torchvision's download, but often have the files:
a subset such as mnist-8k, or Debian's dataset-fashion-mnist in /usr/share/datasets.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import torch
from torchvision.datasets.mnist import read_image_file, read_label_file


def find_idx_pair(data_dir: Path, prefix: str = "") -> tuple[Path, Path] | None:
    """Find `<prefix>*images-idx3-ubyte[.gz]` and its labels file in `data_dir`."""
    def one(kind: str) -> Path | None:
        hits = sorted(data_dir.glob(f"{prefix}*{kind}-idx?-ubyte*"))
        return hits[0] if hits else None

    images, labels = one("images"), one("labels")
    return (images, labels) if images and labels else None


def _uncompressed(path: Path, cache_dir: Path) -> Path:
    """torchvision's IDX reader takes plain files; gunzip into the cache once."""
    if path.suffix != ".gz":
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / path.stem
    if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
        tmp = target.with_suffix(".tmp")
        with gzip.open(path, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
        tmp.replace(target)
    return target


def read_idx_pair(images: Path, labels: Path, cache_dir: Path) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, H, W) uint8 images and (N,) int64 labels."""
    x = read_image_file(str(_uncompressed(images, cache_dir)))
    y = read_label_file(str(_uncompressed(labels, cache_dir)))
    if len(x) != len(y):
        raise ValueError(f"{images} has {len(x)} images but {labels} has {len(y)} labels")
    return x, y.long()
