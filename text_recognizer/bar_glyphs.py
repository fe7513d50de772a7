"""One word's upright bars read as one character: "I1" as "II" or "11", "VIIl" as "VIII".

In most sans faces a capital I and a small l are the same bar, and a 1 differs from them by a
flag that blur or a small size can take away. Greedy CTC decoding picks each bar's character
frame by frame, so a run of bars may come back mixed: "World War I1", "Chapter II1",
"Section I1.4", "XXlll". Text almost never mixes them within a word: a Roman numeral is all
capitals, a number all digits. So where a word's run of letters and digits mixes the bars (or
has an "l" or a "1" among Roman numeral capitals), the consistent forms of it are scored by the
model's own CTC log-likelihood over the word's frames, and the likeliest replaces what was read
if it comes within `MARGIN` nats of it. A reading the model is sure of (a serif face's "1",
whose flag and foot it sees) is never changed: any other form costs it far more than that.

"Ill" (capital I, small l) counts as a consistent form too: read "Ill" or "III", whichever of the
forms is likeliest stands ("Chapter III" in a bold sans face was read "Chapter Ill").
"""

from __future__ import annotations

import re

import torch

from text_recognizer.data.charset import Charset
from text_recognizer.lexicon import ctc_log_likelihoods

BARS = frozenset("Il1")
#: Roman numeral capitals other than I.
ROMAN = frozenset("VXLCDM")
#: How much less likely (nats) over the word's frames a consistent form may be than the mixed one
#: read, and still replace it.
MARGIN = 3.0

_RUN = re.compile(r"[A-Za-z0-9]+")


def consistent_forms(run: str) -> list[str]:
    """The forms of a run of letters and digits that use one bar character throughout, if `run`
    mixes them; none if it is consistent already or has other letters or digits."""
    chars = set(run)
    found = chars & BARS
    if len(run) < 2 or not found:
        return []
    if chars <= BARS:
        n = len(run)
        if len(chars) == 1:  # "111", "II", "ll" (of "I'll")
            return []
        # "Ill" is a word, and a sans face draws it as "III": read as either, the likelier stands.
        return ["I" * n, "1" * n, "l" * n] + (["Ill"] if n == 3 else [])
    if chars <= ROMAN | BARS and found - {"I"}:  # "VIIl", "XI1": a Roman numeral's capitals
        return [run.replace("l", "I").replace("1", "I")]
    return []


def make_consistent(word: str, frames: torch.Tensor, charset: Charset) -> str:
    """`word` (one word of a reading, as the lexicon left it) with each of its runs that mixes
    the bars replaced by its likeliest consistent form over `frames` (the word's (T, C) log-probs),
    where that comes within `MARGIN` nats of the word as read."""
    for match in _RUN.finditer(word):
        forms = consistent_forms(match.group())
        if not forms:
            continue
        a, b = match.span()
        options = [word[:a] + f + word[b:] for f in forms]
        options = [o for o in options if charset.covers(o)]
        if not options:
            continue
        scores = ctc_log_likelihoods(frames, [word] + options, charset).tolist()
        best = max(range(len(options)), key=lambda k: scores[k + 1])
        if scores[best + 1] + MARGIN >= scores[0]:
            word = options[best]  # same length: later runs' spans still hold
    return word
