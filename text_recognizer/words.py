"""Where each word of a line's reading lies on the line: the columns of the model input its ink spans.

OCR users want a box and a confidence per word, as docTR, PaddleOCR and EasyOCR give them (to
highlight a word, redact it, or read a form's field). The CTC path says which frames emitted each
character, but a character's spike sits somewhere inside its glyph, not at its edges. So two
neighbouring words are parted in the middle of the widest run of columns without ink between the
frames of the one's last character and the other's first (their word space), and each word's
columns are tightened to the ink in them. A word the word list split in two ("ofthe" -> "of the")
shares its columns between its parts by their length, each tightened to its ink.
"""

from __future__ import annotations

import numpy as np
import torch

from text_recognizer.ctc import WordSpan
from text_recognizer.lexicon import word_runs
from text_recognizer.models.line_recognizer import STRIDE
from text_recognizer.preprocessing.lines import INK_THRESHOLD
from text_recognizer.preprocessing.rules import true_runs


def _ink_within(inked: np.ndarray, a: int, b: int) -> tuple[int, int] | None:
    cols = np.flatnonzero(inked[a:b])
    return (a + int(cols[0]), a + int(cols[-1]) + 1) if cols.size else None


def _split_between(inked: np.ndarray, a: int, b: int) -> int:
    """The column between two words whose characters were read at columns up to `a` and from
    `b` on: the middle of the widest run without ink between them (their word space), or of
    `a`-`b` if there is none."""
    a, b = max(0, min(a, len(inked))), max(0, min(b, len(inked)))
    if b <= a:
        return (a + b) // 2
    runs = true_runs(~inked[a:b])
    if not runs:
        return (a + b) // 2
    start, end = max(runs, key=lambda r: r[1] - r[0])
    return a + (start + end) // 2


def place_words(path: list[tuple[int, int, int]], text: str, words: list[str], log_probs: torch.Tensor,
                line: np.ndarray) -> tuple[WordSpan, ...]:
    """Word spans of a reading. `path`: its characters as (label, first frame, last frame), one
    per character of `text` (the greedy reading, spaces included); `words`: the words of `text`
    as served (`text`'s own, or as the word list corrected them, one entry per word of `text`);
    `log_probs`: the line's (T, C) log-probs; `line`: the model input (height, width), ink bright."""
    runs = word_runs(text)
    if not runs or len(path) != len(text) or len(words) != len(runs):
        return ()
    peaks = [float(log_probs[first:last + 1, label].max().exp()) for label, first, last in path]
    inked = (line > INK_THRESHOLD).any(axis=0)
    width = line.shape[1]
    out: list[WordSpan] = []
    for n, ((i, j), word) in enumerate(zip(runs, words)):
        first, last = path[i][1], path[j - 1][2] + 1  # the word's frames
        # Parted from the word before and the word after in their word spaces.
        a = _split_between(inked, STRIDE * (path[runs[n - 1][1] - 1][2] + 1), STRIDE * first) if n else 0
        b = _split_between(inked, STRIDE * last, STRIDE * path[runs[n + 1][0]][1]) if n + 1 < len(runs) else width
        confidence = min(peaks[i:j])
        parts = word.split(" ")
        total = sum(len(p) for p in parts) or 1
        edge = a
        for k, part in enumerate(parts):
            stop = b if k == len(parts) - 1 else edge + round((b - a) * len(part) / total)
            span = _ink_within(inked, edge, stop) or (max(edge, STRIDE * first), min(stop, STRIDE * last))
            out.append(WordSpan(part, confidence, span[0], max(span[0] + 1, span[1])))
            edge = stop
    return tuple(out)
