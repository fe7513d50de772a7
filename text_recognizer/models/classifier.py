"""The CNN classifier: small enough to batch hundreds of images per millisecond-scale pass."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ClassifierConfig:
    """Everything needed to rebuild the network; saved next to the weights."""

    in_channels: int = 1
    num_classes: int = 10
    width: int = 32
    dropout: float = 0.3

    def to_dict(self) -> dict:
        return asdict(self)


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class ClassifierCNN(nn.Module):
    """Three conv blocks and global average pooling, so any input size works (28 px digits,
    64 px photos) with the same code."""

    def __init__(self, config: ClassifierConfig = ClassifierConfig()) -> None:
        super().__init__()
        self.config = config
        w = config.width
        self.features = nn.Sequential(
            _block(config.in_channels, w), _block(w, 2 * w), _block(2 * w, 4 * w),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(4 * w, config.num_classes))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features: what TensorBoard's projector shows."""
        return self.features(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))
