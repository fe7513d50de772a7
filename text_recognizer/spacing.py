"""Spaces where a line has a gap that the reading runs across: a wide one anywhere, and a word
space after a list item's number or beside a slash; and none inside a web address's "://".

A receipt's "TOTAL        9.40", a form's "Name:      Ada", a table row: the recognizer was
trained on lines whose words are a space apart, and across a gap of several spaces its CTC
path may emit no space at all ("TOTAL9.40"). The gap itself is plain in the line image: columns
without ink, far wider than any space between words. So a space goes in wherever such a gap
lies between two characters of the reading and none was read there.

A numbered list's "1. Buy milk" was read "1.Buy milk" in most faces and sizes: training lines
have numbers like "12.50" and "3.14", where a digit and a full stop run on without a space, and
no list items. There a space goes in only where the image has one: a gap of a word space's width
between the number's "." or ")" and the letter after it (a decimal point's gap is half that).

A slash between words ("Yes / No", "Mon / Wed") was often read with a space on one side only
("Yes/ No") or none ("a/b"): the model decides each space on its own, and a slash leans into the
gap beside it. The gaps say which it is: a word space beside a slash leaves 0.19-0.46 of a line
height (stretched) without ink in proportional faces, a tight "and/or" or "km/h" 0.0-0.22. Not
between two digits: a handwritten date's "26/10" has gaps as wide as a word space.

Italic "https://" was read "https:/ /" or "https: //" in held-out faces (its two slashes lean
apart at the foot), and "https:// docs..." in upright ones. A web address's scheme never has a
space in it or after it, so such a space is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from text_recognizer.models.line_recognizer import STRIDE
from text_recognizer.preprocessing.lines import INK_THRESHOLD, WIDTH_SCALE
from text_recognizer.preprocessing.rules import true_runs

#: A gap without ink this many line heights wide (unstretched) is a space whatever was read across
#: it (a word space is about a third of one; letter-spaced or justified text stays under one).
WIDE_GAP_HEIGHTS = 1.5
#: After a list item's number, a gap this many line heights wide is a space (a word space is
#: 0.35-0.5 of one in print; the gap after a decimal point 0.2, between a monospace face's letters 0.27).
LIST_GAP_HEIGHTS = 0.3
#: A slash beside a letter (and a letter or a digit on its other side) gets a space on a side
#: whose gap is this many line heights wide (stretched), where none was read...
SLASH_GAP_HEIGHTS = 0.24
#: ...or this many, when a space was read on its other side and that side's gap is at most
#: 1 / SLASH_GAP_RATIO times as wide ("Yes/ No" read from "Yes / No").
SLASH_NEAR_GAP_HEIGHTS = 0.17
SLASH_GAP_RATIO = 0.6
#: ...and in either case this many line heights wider than the line's median gap between
#: letters, so that letter-spaced text ("w w w . e x a m p l e . o r g / a b o u t") keeps its tight slashes.
SLASH_OVER_LETTER_GAP_HEIGHTS = 0.12
#: A web address's scheme read with a space in it ("https:/ /", "http: //"), or after it and before
#: a host name ("https:// docs.python.org", not "type http:// and").
SPLIT_SCHEME = re.compile(r"(?<![A-Za-z])(?:https?|ftp|file)(: ?/ ?/(?: (?=[\w-]+\.\w))?)", re.IGNORECASE)
#: A rule that mends a line's best path (`ctc.best_path`): the path and its text in, the path out,
#: the very same object when it changes nothing (so its text need not be decoded again).
PathRule = Callable[[list[tuple[int, int, int]], str], list[tuple[int, int, int]]]
#: A list item's number, or letter before a capital, at the start of a line, read with no space
#: after it (the capital: a code such as "y.cF" in a monospace face has nearly a space's gap).
LIST_NUMBER = re.compile(r"^(?:\d{1,3}[.)](?=[A-Za-z])|[A-Za-z][.)](?=[A-Z]))")


def space_wide_gaps(path: list[tuple[int, int, int]], line: np.ndarray, space_label: int) -> list[tuple[int, int, int]]:
    """`path` (`ctc.best_path` of the line) with a space, over the gap's frames, in each wide gap
    of the line image `line` (height x width, ink bright) that lies between two characters read
    without a space between them."""
    if len(path) < 2:
        return path
    inked = (line > INK_THRESHOLD).any(axis=0)
    columns = np.flatnonzero(inked)
    if len(columns) == 0:
        return path
    min_gap = WIDE_GAP_HEIGHTS * line.shape[0] * WIDTH_SCALE
    start = int(columns[0])
    gaps = [(start + a, start + b) for a, b in true_runs(~inked[start:columns[-1] + 1]) if b - a >= min_gap]
    if not gaps:
        return path
    out = [path[0]]
    for prev, cur in zip(path, path[1:]):
        if prev[0] != space_label and cur[0] != space_label:
            for a, b in gaps:
                # frames cover STRIDE columns: the gap lies between the two characters' runs
                if prev[2] * STRIDE <= a and b <= (cur[1] + 1) * STRIDE:
                    out.append((space_label, a // STRIDE, max(a // STRIDE, b // STRIDE - 1)))
                    break
        out.append(cur)
    return out if len(out) != len(path) else path


def _gap_width(line: np.ndarray, a: int, b: int) -> int:
    """Columns of the widest run without ink in `line[:, a:b]`."""
    inked = (line[:, max(0, a):b] > INK_THRESHOLD).any(axis=0)
    return max((e - s for s, e in true_runs(~inked)), default=0)


def space_after_list_number(path: list[tuple[int, int, int]], line: np.ndarray, text: str,
                            space_label: int) -> list[tuple[int, int, int]]:
    """`path` with a space after a list item's number ("1.", "12)", "a.") at the start of the
    line, when `text` (the path's characters) has none there and the image has a word space's gap."""
    match = LIST_NUMBER.match(text)
    if match is None or len(text) != len(path):
        return path
    k = match.end() - 1  # the "." or ")"
    punct, nxt = path[k], path[k + 1]
    if _gap_width(line, punct[1] * STRIDE, (nxt[2] + 1) * STRIDE) < LIST_GAP_HEIGHTS * line.shape[0] * WIDTH_SCALE:
        return path
    return path[:k + 1] + [_space_between(punct, nxt, space_label)] + path[k + 1:]


def _space_between(prev: tuple[int, int, int], cur: tuple[int, int, int], space_label: int) -> tuple[int, int, int]:
    """A space's path entry between two characters' runs: the frames between them (`lexicon`
    takes a word's frames from the space before it to the space after it), or the first
    character's last frame if they touch."""
    first, last = (prev[2] + 1, cur[1] - 1) if cur[1] - prev[2] >= 2 else (prev[2], prev[2])
    return (space_label, first, last)


def _median_letter_gap(path: list[tuple[int, int, int]], line: np.ndarray, text: str) -> float:
    """Median columns without ink between two letters read next to each other: how far apart
    the line sets its letters (0 when it has no such pair)."""
    gaps = [_gap_width(line, a[1] * STRIDE, (b[2] + 1) * STRIDE)
            for a, b, x, y in zip(path, path[1:], text, text[1:]) if x.isalpha() and y.isalpha()]
    return float(np.median(gaps)) if gaps else 0.0


def space_round_slashes(path: list[tuple[int, int, int]], line: np.ndarray, text: str,
                        space_label: int) -> list[tuple[int, int, int]]:
    """`path` with a space on each side of a slash beside a letter where `text` (the path's
    characters) has none and the image has a word space's gap. Slashes next to another slash or to
    punctuation ("https://", "C:/") are left as read, and so are those between two digits (dates,
    fractions: handwritten ones leave gaps as wide as a word space) unless read with a space on one
    side only ("Page 3/ 12"), where the other side gets one if its gap passes the near test."""
    if len(text) != len(path) or "/" not in text:
        return path
    unit = line.shape[0] * WIDTH_SCALE
    inserts: list[tuple[int, tuple[int, int, int]]] = []
    letter_gap: float | None = None
    for k, char in enumerate(text):
        if char != "/":
            continue
        left = k - 2 if k >= 2 and text[k - 1] == " " else k - 1
        right = k + 2 if k + 2 < len(text) and text[k + 1] == " " else k + 1
        if left < 0 or right >= len(text) or not (text[left].isalnum() and text[right].isalnum()):
            continue
        spaced = (left != k - 1, right != k + 1)
        # Between two digits only a lopsided reading is mended ("Page 3/ 12"): a hand's "26/10" has
        # gaps as wide as a word space, but print spaces a slash on both sides or on neither.
        between_digits = text[left].isdigit() and text[right].isdigit()
        if between_digits and spaced[0] == spaced[1]:
            continue
        gaps = (_gap_width(line, path[left][1] * STRIDE, (path[k][2] + 1) * STRIDE) / unit,
                _gap_width(line, path[k][1] * STRIDE, (path[right][2] + 1) * STRIDE) / unit)
        if letter_gap is None:
            letter_gap = _median_letter_gap(path, line, text) / unit
        for side in (0, 1):
            other = 1 - side
            if spaced[side] or gaps[side] < letter_gap + SLASH_OVER_LETTER_GAP_HEIGHTS:
                continue
            wide = gaps[side] >= SLASH_GAP_HEIGHTS and not between_digits
            near = (spaced[other] and gaps[side] >= SLASH_NEAR_GAP_HEIGHTS
                    and gaps[side] >= SLASH_GAP_RATIO * gaps[other])
            if wide or near:
                inserts.append((k, _space_between(path[k - 1], path[k], space_label)) if side == 0
                               else (k + 1, _space_between(path[k], path[k + 1], space_label)))
    if not inserts:
        return path
    out = list(path)
    for at, entry in sorted(inserts, reverse=True):
        out.insert(at, entry)
    return out


def join_url_schemes(path: list[tuple[int, int, int]], text: str) -> list[tuple[int, int, int]]:
    """`path` without the spaces read inside a web address's "://" or between it and a host name
    (`text`: the path's characters): a scheme never has one, though an italic "//" leans apart."""
    if len(text) != len(path) or "/" not in text:
        return path
    drop = {m.start(1) + 1 + k for m in SPLIT_SCHEME.finditer(text) for k, c in enumerate(m.group(1)[1:]) if c == " "}
    return [entry for i, entry in enumerate(path) if i not in drop] if drop else path


def space_rules(line: np.ndarray, space_label: int) -> list[PathRule]:
    """Every rule above, bound to the line image `line`, in the order they run (a wide gap's space
    first: the list and slash rules look at the characters either side of it)."""
    return [lambda path, text: space_wide_gaps(path, line, space_label),
            lambda path, text: space_after_list_number(path, line, text, space_label),
            lambda path, text: space_round_slashes(path, line, text, space_label),
            join_url_schemes]
