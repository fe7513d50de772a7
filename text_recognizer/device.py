"""Device and thread choices shared by training and serving."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

# torch is imported inside the functions that need it: service.py calls available_cores() at
# import time, in BentoML's arbiter too, which has no use for torch.


def pick_device(requested: str = "auto") -> torch.device:
    """`cuda` when available unless the caller asks for something specific."""
    import torch

    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(requested)


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def set_threads(n: int | None) -> int:
    """Set torch's intra-op threads; None means all available cores. Returns the number set."""
    import torch

    n = n or available_cores()
    torch.set_num_threads(n)
    return n
