"""The fixed character set of the line recogniser and its label encoding.

The CTC blank sits at index 0 so that an all-zero padded target tensor can never be mistaken
for a real character, and so that the class count is `len(CHARSET) + 1` everywhere.
The charset is saved in every checkpoint: a model must be decoded with the alphabet it was
trained with, not with whatever this module says today.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

BLANK_INDEX = 0
PUNCTUATION = ".,;:!?'\"-()/&%$#@+*="
#: The charset the first weights were trained with.
BASE_CHARSET: str = string.digits + string.ascii_uppercase + string.ascii_lowercase + PUNCTUATION + " "
#: Characters added since (citations and indices, identifiers and e-mail names): appended, so every
#: older character keeps its label index and a trained model grows its output layer
#: (`models.line_recognizer.extend_classes`) instead of being trained again. Every font in use has them.
ADDED_CHARS = "[]_"
CHARSET: str = BASE_CHARSET + ADDED_CHARS


class Charset:
    """Maps characters to label indices (1..len) and back; 0 is the CTC blank."""

    def __init__(self, chars: str = CHARSET) -> None:
        if len(set(chars)) != len(chars):
            raise ValueError("charset has duplicate characters")
        self.chars = chars
        self._index = {c: i + 1 for i, c in enumerate(chars)}

    def __len__(self) -> int:
        return len(self.chars)

    @property
    def num_classes(self) -> int:
        """Output size of the model: every character plus the blank."""
        return len(self.chars) + 1

    def covers(self, text: str) -> bool:
        return all(c in self._index for c in text)

    def encode(self, text: str) -> list[int]:
        """Label indices for `text`; raises KeyError on a character outside the charset,
        because silently dropping it would train the model on a wrong transcription."""
        return [self._index[c] for c in text]

    def decode(self, indices: Iterable[int]) -> str:
        """Characters for label indices, ignoring blanks (no CTC collapsing here)."""
        return "".join(self.chars[i - 1] for i in indices if i != BLANK_INDEX)

    def normalize(self, text: str) -> str:
        """Map common typographic variants onto the charset and drop what it cannot express."""
        table = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\t": " "}
        text = "".join(table.get(c, c) for c in text)
        return "".join(c for c in text if c in self._index)


DEFAULT_CHARSET = Charset()


def encode(text: str, charset: Charset = DEFAULT_CHARSET) -> list[int]:
    return charset.encode(text)


def decode(indices: Sequence[int], charset: Charset = DEFAULT_CHARSET) -> str:
    return charset.decode(indices)
