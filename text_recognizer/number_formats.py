"""Characters that a number's format decides: an ISO 8601 timestamp's "T", and the zero before
an ordinal's or a clock time's letters.

Probing 24 kinds of real-world line in held-out printed faces, the model read an ISO timestamp's
"T" between the date and the time as a "7" ("2010-05-07T03:53" -> "2010-05-07703:53", 5 of 24
lines in Carlito), and the zero of "30th" or "9:40am" as a letter O ("3Oth", "1ond", "9:4Oam"): in a
sans face "T" and "7", "O" and "0" differ by a serif or a width. The format leaves no doubt:
"2010-05-07703:53" is no date, and no ordinal or clock time has a letter O among its digits. So
there, and only there, the character is made the one the format has. A fine-tuning with such
lines in its training (the model card's "Tried and not kept (after stage 16)") read the
timestamps right only in its last epoch, not averaged with the weights before it, and the zeros
no better.
"""

from __future__ import annotations

import re

from text_recognizer.data.charset import Charset

#: A date and a time run together with a "7" where the "T" goes: "2010-05-07703:53".
ISO_T_AS_SEVEN = re.compile(r"(?<![\d-])\d{4}-[01]\d-[0-3]\d(7)[0-2]\d:[0-5]\d")
#: A letter O after a digit and before an ordinal's or a clock time's letters: "3Oth", "1ond", "9:4Oam".
ZERO_AS_O = re.compile(r"(?<=\d)([Oo])(?=(?:st|nd|rd|th|am|pm|AM|PM)\b)")


def fix_number_formats(path: list[tuple[int, int, int]], text: str,
                       charset: Charset) -> list[tuple[int, int, int]]:
    """`path` (one entry per character of `text`, as `ctc.best_path` gives it) with an ISO
    timestamp's "7" made "T" and an ordinal's or a clock time's "O" made "0"; `path` itself if
    neither is found."""
    if len(text) != len(path) or not charset.covers("T0"):
        return path
    changes = {m.start(1): "T" for m in ISO_T_AS_SEVEN.finditer(text)}
    changes.update({m.start(1): "0" for m in ZERO_AS_O.finditer(text)})
    if not changes:
        return path
    out = list(path)
    for k, char in changes.items():
        out[k] = (charset.encode(char)[0], path[k][1], path[k][2])
    return out
