"""Greedy CTC decoding with a per-line confidence, and character/word error rates.

Confidence of a line = the *minimum*, over the characters emitted, of that character's peak
probability (the highest softmax probability among the frames of its run). A line is only
as trustworthy as its least certain character: one doubtful digit in an amount makes the
whole amount doubtful, and a mean would hide it among twenty confident letters. For an
empty result, the confidence is the mean probability of the blank, i.e. how sure the model
is that there is nothing to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch

from text_recognizer.data.charset import BLANK_INDEX, DEFAULT_CHARSET, Charset


class WordSpan(NamedTuple):
    """A word of a reading, and the columns of the line's model input its ink spans."""

    text: str
    #: the least certain of its characters' peak probabilities, as for the line
    confidence: float
    start: int  # first column
    end: int    # one past the last column


class Reading(NamedTuple):
    """One line's greedy CTC reading."""

    text: str
    #: the least certain character's peak probability (the line's confidence, see the module doc)
    confidence: float
    #: the mean of the characters' peak probabilities (0 for an empty reading): how sure the model
    #: is of the line as a whole, which tells a line read the right way up from one read sideways
    #: (`text_recognizer.orientation`), where a single doubtful letter should not count for much
    mean_confidence: float
    #: where each word lies on the line (`text_recognizer.words`); empty until the reading is placed
    words: tuple[WordSpan, ...] = ()


def decode_readings(log_probs: torch.Tensor | np.ndarray, lengths: Sequence[int] | torch.Tensor | None = None,
                    charset: Charset = DEFAULT_CHARSET, time_major: bool = True) -> list[Reading]:
    """A `Reading` per item from (T, N, C) log-probs (or (N, T, C) if not time_major)."""
    lp = torch.as_tensor(log_probs).detach().float().cpu()
    if not time_major:
        lp = lp.transpose(0, 1)
    t_max, n, _ = lp.shape
    probs, best = lp.exp().max(dim=-1)  # (T, N)
    probs, best = probs.numpy(), best.numpy()
    blank_p = lp[..., BLANK_INDEX].exp().numpy()
    if lengths is None:
        lengths = [t_max] * n
    results = []
    for i in range(n):
        t = int(lengths[i])
        path = _runs(best[:t, i].tolist())
        chars = [label for label, _, _ in path]
        peaks = [float(probs[first:last + 1, i].max()) for _, first, last in path]
        text = charset.decode(chars)
        conf = min(peaks) if peaks else float(blank_p[:t, i].mean()) if t else 0.0
        results.append(Reading(text, conf, float(np.mean(peaks)) if peaks else 0.0))
    return results


def _runs(labels: Sequence[int]) -> list[tuple[int, int, int]]:
    """CTC collapsing of a frame-by-frame label sequence: each emitted character as (label,
    first frame, last frame) of its run of frames."""
    path: list[tuple[int, int, int]] = []
    prev = BLANK_INDEX
    for t, c in enumerate(labels):
        if c != BLANK_INDEX and c != prev:
            path.append((c, t, t))
        elif c != BLANK_INDEX:
            path[-1] = (c, path[-1][1], t)
        prev = c
    return path


def best_path(log_probs: torch.Tensor) -> list[tuple[int, int, int]]:
    """The characters of one line's greedy reading, from its (T, C) log-probs, each as (label,
    first frame, last frame) of its run: where on the line each one was read."""
    return _runs(log_probs.argmax(dim=-1).tolist())


def greedy_decode(log_probs: torch.Tensor | np.ndarray, lengths: Sequence[int] | torch.Tensor | None = None,
                  charset: Charset = DEFAULT_CHARSET, time_major: bool = True) -> list[tuple[str, float]]:
    """(text, confidence) per item from (T, N, C) log-probs (or (N, T, C) if not time_major)."""
    return [(r.text, r.confidence) for r in decode_readings(log_probs, lengths, charset, time_major)]


def edit_distance(a: Sequence, b: Sequence) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def cer(predictions: Sequence[str] | str, references: Sequence[str] | str) -> float:
    """Character error rate: total edit distance over total reference length (corpus-level,
    so long lines weigh more than short ones, as in most OCR benchmarks)."""
    if isinstance(predictions, str):
        predictions, references = [predictions], [references]
    dist = sum(edit_distance(p, r) for p, r in zip(predictions, references, strict=True))
    return dist / max(1, sum(len(r) for r in references))


def wer(predictions: Sequence[str] | str, references: Sequence[str] | str) -> float:
    """Word error rate: edit distance over whitespace-split words."""
    if isinstance(predictions, str):
        predictions, references = [predictions], [references]
    dist = sum(edit_distance(p.split(), r.split()) for p, r in zip(predictions, references, strict=True))
    return dist / max(1, sum(len(r.split()) for r in references))
