"""Word-list correction of doubtful words, scored by the line recognizer's own CTC probabilities.

Greedy CTC decoding reads each frame on its own; where a handwritten word is doubtful it often
lands one or two letters from the word that was written ("Warriung", "carpetbogs"). Here every
word of a reading that is not in the word list is compared with the listed words within two
edits of it (three for words of `LONG_WORD` letters and more), and replaced by the best one only
if the model itself finds that word about as likely over the same frames: its CTC log-likelihood
plus `bonus` must beat that of what was read.
The bonus is the prior for "a real word": e^4, about 55 to 1. Confident readings are never
changed (any other spelling costs the model far more than 4 nats), nor are numbers, codes, or
words with digits or symbols inside.

A word that is not listed may also be two listed words run together: greedy decoding drops a
space the model was unsure of ("ofthe", "deadon"), though over the frames as a whole the spaced
reading is often the likelier one. Such a split gets a smaller prior (`split_bonus`, 1 nat): a
closed compound or a name that is not listed splits into listed words far more often than a
misread word is a listed one. Its parts of one or two letters must be common English words (the
list's are mostly abbreviations: "cb", "ni", "ot").

Measured on the fixed validation set, served form of the stage-8 weights (300 lines a set):
handwriting fonts 11.2 -> 9.3 % CER, printed 0.86 -> 0.56 %, digit strings unchanged (stage 9:
11.0 -> 8.9 %, 0.79 -> 0.56 %). Its cost where every
word is a near-miss of a listed word but not one (pseudo-words, one letter changed; the worst
case for names and jargon): printed 1.39 -> 1.45 %, handwriting 14.8 -> 15.0 %. Details and the
bonus sweep are in artifacts/text-lines/README.md.

    python -m text_recognizer.lexicon /usr/share/dict/words > artifacts/text-lines/lexicon.txt
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from text_recognizer.ctc import best_path
from text_recognizer.data.charset import BLANK_INDEX, Charset

#: The word list's file name, beside a shipped model.pt and in a stored model's folder.
LEXICON_FILE = "lexicon.txt"
#: Log-likelihood (nats) a listed word may fall short of what was read and still replace it.
DEFAULT_BONUS = 4.0
#: Edits (insertions, deletions, substitutions) a listed word may be from what was read...
MAX_EDITS = 2
#: ...and one more from this length on: a long word misread in a handwriting face whose letters
#: look like others ("snobbishness" read "suobbisless": n as u, h as l, an n dropped) is often
#: three edits away, and a long word has few listed neighbours at three edits to go wrong with.
#: Stage-13 weights, served: validation handwriting 7.70 -> 7.62 % CER, printed unchanged; on
#: `benchmarks/word_list.py`'s near-miss lines, where it can only hurt, 13.03 -> 12.96 %
#: (handwriting) and 1.47 -> 1.47 % (printed). From 7 letters on: 7.62 % and 12.98 %.
#: Cost, 300 validation handwriting lines served on one thread: 44-45 ms a line against 39-43 ms
#: with two edits throughout (greedy alone: 28 ms), within the runs' spread.
LONG_WORD = 9
#: Shortest word looked up: one- and two-letter words have too many neighbours to choose from.
MIN_LENGTH = 3
#: Log-likelihood (nats) a split into two listed words may fall short of what was read.
#: `benchmarks/word_list.py`, stage-12 weights, held-out handwriting faces, served: prose lines
#: 8.55 -> 8.46 % CER at 1 nat (5 readings changed, all right), 8.40 % at 4 (1 of 9 wrong); lines
#: of unlisted compounds, the worst case, 11.00 -> 11.03 % at 1, 11.19 % at 4 (printed: 0.72 ->
#: 0.72 / 0.98 %). No reading of the validation set, nor of the word-list lines there, changes.
SPLIT_BONUS = 1.0
#: The words shorter than MIN_LENGTH a split may leave: the word list's are mostly abbreviations.
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of oh on or so to up us we".split())
#: Doubtful words whose neighbours are remembered.
NEIGHBOUR_CACHE = 20_000
#: A word: letters, with apostrophes inside; leading and trailing punctuation (quotes too) is kept as read.
_WORD = re.compile(r"^([^A-Za-z]*)([A-Za-z](?:[A-Za-z']*[A-Za-z])?)([^A-Za-z]*)$")
_LISTED = re.compile(r"[A-Za-z][A-Za-z']*")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz'"


def _letter_counts(words: Iterable[str]) -> np.ndarray:
    """(N, 27) letter counts: the bag distance between two of them is a lower bound of their
    edit distance, so a vectorised bag-distance pass leaves few words for the exact one."""
    words = list(words)
    counts = np.zeros((len(words), len(_ALPHABET)), dtype=np.int16)
    for i, w in enumerate(words):
        for ch in w:
            counts[i, _ALPHABET.index(ch)] += 1
    return counts


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def _cased_like(word: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return word.upper()
    if like[0].isupper():
        return word[0].upper() + word[1:]
    return word


class Lexicon:
    """A word list, and the correction of a line's reading against it."""

    def __init__(self, words: Iterable[str], bonus: float = DEFAULT_BONUS, max_edits: int = MAX_EDITS,
                 split_bonus: float = SPLIT_BONUS) -> None:
        listed = sorted({w.lower() for w in words if _LISTED.fullmatch(w)})
        if not listed:
            raise ValueError("the word list has no words of letters and apostrophes")
        self.words = frozenset(listed)
        self.bonus, self.max_edits, self.split_bonus = bonus, max_edits, split_bonus
        self._neighbours: dict[str, tuple[str, ...]] = {}
        self._by_length: dict[int, tuple[list[str], np.ndarray]] = {}
        for n in sorted({len(w) for w in listed}):
            same = [w for w in listed if len(w) == n]
            self._by_length[n] = (same, _letter_counts(same))

    @classmethod
    def from_file(cls, path: str | Path, **kwargs) -> "Lexicon":
        return cls(Path(path).read_text(encoding="utf-8").split(), **kwargs)

    def __len__(self) -> int:
        return len(self.words)

    def edits_for(self, length: int) -> int:
        """How many edits a listed word may be from a word of `length` letters that was read."""
        return self.max_edits + (length >= LONG_WORD)

    def neighbours(self, word: str) -> tuple[str, ...]:
        """Listed words (lower case) within `edits_for(len(word))` edits of `word` (any case);
        remembered, since a page's doubtful words repeat (a cache of bounded size, emptied when full)."""
        query = word.lower()
        if (known := self._neighbours.get(query)) is not None:
            return known
        if len(self._neighbours) >= NEIGHBOUR_CACHE:
            self._neighbours.clear()
        q = _letter_counts([query])[0]
        edits = self.edits_for(len(query))
        found = []
        for n in range(len(query) - edits, len(query) + edits + 1):
            if n not in self._by_length:
                continue
            same, counts = self._by_length[n]
            diff = counts - q
            bag = np.maximum(np.clip(diff, 0, None).sum(axis=1), np.clip(-diff, 0, None).sum(axis=1))
            found += [same[i] for i in np.flatnonzero(bag <= edits)
                      if _edit_distance_at_most(same[i], query, edits)]
        self._neighbours[query] = tuple(found)
        return self._neighbours[query]

    def splits(self, word: str) -> list[str]:
        """`word` cut in two with a space, where both parts are words (case kept as read)."""
        low = word.lower()
        return [word[:k] + " " + word[k:] for k in range(1, len(word))
                if all(p in SHORT_WORDS if len(p) < MIN_LENGTH else p in self.words for p in (low[:k], low[k:]))]

    def correct(self, log_probs: torch.Tensor, charset: Charset,
                path: list[tuple[int, int, int]] | None = None) -> str:
        """The greedy reading of one line's (T, C) log-probs, its doubtful words corrected.
        `path`: the reading as `ctc.best_path` gives it (or as `spacing` has amended it)."""
        path = best_path(log_probs) if path is None else path
        text = charset.decode([label for label, _, _ in path])
        return replace_words(text, [self.correct_word(text[i:j], log_probs[start:end], charset)
                                    for i, j, start, end in word_spans(text, path, log_probs.shape[0])])

    def correct_word(self, word: str, frames: torch.Tensor, charset: Charset) -> str:
        """One word of a reading (a run between spaces) as corrected over its frames (`word_spans`);
        a word read run together may come back as two, a space between them."""
        match = _WORD.match(word)
        if match is None or len(match.group(2)) < MIN_LENGTH or match.group(2).lower() in self.words:
            return word
        before, core, after = match.groups()
        respelled = sorted({before + _cased_like(w, core) + after for w in self.neighbours(core)})
        options = [(o, self.bonus) for o in respelled]
        options += [(before + s + after, self.split_bonus) for s in self.splits(core)]
        options = [(o, b) for o, b in options if len(o) <= frames.shape[0] and charset.covers(o)]
        if not options:
            return word
        scores = ctc_log_likelihoods(frames, [word] + [o for o, _ in options], charset).tolist()
        # The likeliest of the options that come within their bonus of what was read.
        best, best_score = word, float("-inf")
        for (option, bonus), score in zip(options, scores[1:]):
            if score + bonus > scores[0] and score > best_score:
                best, best_score = option, score
        return best


def word_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of characters between spaces in `text`."""
    return [m.span() for m in re.finditer(r"[^ ]+", text)]


def word_spans(text: str, path: list[tuple[int, int, int]], frames: int) -> list[tuple[int, int, int, int]]:
    """(i, j, start, end) of each word of `text` (its characters i:j, as `word_runs` finds them)
    and its frames start:end in the reading `path` (label, first and last frame of each
    character) of `frames` frames: from just after the character before it to just before the
    one after it, so that a word scored over them may be longer or shorter than what was read."""
    out = []
    for i, j in word_runs(text):
        start = path[i - 1][2] + 1 if i > 0 else 0
        end = path[j][1] if j < len(text) else frames
        out.append((i, j, start, end))
    return out


def replace_words(text: str, words: list[str]) -> str:
    """`text` with its words (`word_runs`) replaced by `words`, its spaces as they were."""
    out, last = [], 0
    for (i, j), word in zip(word_runs(text), words):
        out += [text[last:i], word]
        last = j
    return "".join(out) + text[last:]


def ctc_log_likelihoods(frames: torch.Tensor, texts: list[str], charset: Charset) -> torch.Tensor:
    """CTC log-likelihood of each text over the same (T, C) frames; -inf for a text the frames
    cannot hold (too long, counting the blank CTC needs between doubled letters)."""
    t = frames.shape[0]
    targets = [torch.tensor(charset.encode(s), dtype=torch.long) for s in texts]
    lp = frames.float()[:, None, :].expand(t, len(texts), frames.shape[1])
    loss = F.ctc_loss(lp, torch.cat(targets), torch.full((len(texts),), t, dtype=torch.long),
                      torch.tensor([len(s) for s in targets], dtype=torch.long), blank=BLANK_INDEX,
                      reduction="none")
    return -loss


def build_word_list(source: str | Path) -> list[str]:
    """The words of a word list (e.g. Debian's /usr/share/dict/words) a `Lexicon` can use:
    letters and apostrophes only, lower-cased, sorted, without repeats."""
    text = Path(source).read_text(encoding="utf-8", errors="ignore")
    return sorted({w.lower() for w in text.split() if _LISTED.fullmatch(w)})


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Print a word list a Lexicon can use (one word a line).")
    p.add_argument("source", nargs="?", default="/usr/share/dict/words")
    args = p.parse_args(argv)
    sys.stdout.write("\n".join(build_word_list(args.source)) + "\n")


if __name__ == "__main__":
    main()
