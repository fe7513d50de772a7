"""Synthetic printed and handwriting-font text lines, rendered with Pillow.

Real labelled line images are not available here, so the recogniser learns from rendered
ones. Variety is what makes that transfer: many fonts, sizes, weights, slants and spacings,
text that looks like what people photograph (words, sentences, numbers, dates, prices,
codes) and scan-like damage. A fixed set of font families is never used for training, so
validation measures reading an unseen typeface rather than memorising glyph shapes.

Every sample is a pure function of (seed, index): the same call gives the same pixels on
every run and in every DataLoader worker.
"""

from __future__ import annotations

import functools
import glob
import io
import os
import random
import re
import string
from pathlib import Path
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from text_recognizer.data.charset import BASE_CHARSET, CHARSET, DEFAULT_CHARSET
from text_recognizer.data.font_packages import DEFAULT_DEST as FONT_CACHE
from text_recognizer.data.font_packages import HANDWRITING_SUBDIR, PRINTED_SUBDIR

#: Where Debian puts fonts, and where `font_packages` puts the faces it fetches.
#: Globbed at runtime so another machine's layout works too.
DEFAULT_FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/share/texmf/fonts/opentype", str(FONT_CACHE))
DEFAULT_WORDS_PATH = "/usr/share/dict/words"
#: Debian's `fortunes`: quotations and jokes, i.e. real English sentences with their punctuation.
DEFAULT_PROSE_DIR = "/usr/share/games/fortunes"
#: Fortune files that are pictures drawn in characters, not prose.
NOT_PROSE = frozenset({"art", "ascii-art"})

#: Family-name fragments (lower case) of fonts that imitate handwriting.
HANDWRITING_FAMILIES: tuple[str, ...] = (
    "comic neue", "dkghandwriting", "breip", "because we", "dancing script", "femkeklaver",
    "humor sans", "kaushan", "kristi", "leckerli", "ecolier", "joscelyn", "lobster", "typoscript",
    "tomson", "steve", "delphine", "yusei", "chorus", "z003",
    # fonts-havana, -kiloji, -klee, -rufscript, -seto, -tlwg-purisa-ttf, -fantasque-sans, and the
    # hand-drawn faces of fonts-aenigma (the rest of that package is decorative, see below)
    "havana", "kiloji", "klee one", "rufscript", "setofont", "purisa", "fantasque",
    "nigma scrawl", "johnny mac scrawl", "mad's scrawl", "hand me down s", "homespun", "janken",
    "rough day", "rambling", "wayward brk",
    # fonts-nanum-extra's pen and brush faces, and the pen-drawn Latin of fonts-aoyagi-kouzan-t
    "nanum pen", "nanum brush", "nanumbarunpen", "aoyagikouzan",
)
#: Families never used for training: validation and the Tesseract comparison read these.
HELDOUT_PRINTED: tuple[str, ...] = ("carlito", "charis sil", "roboto slab", "inconsolata")
HELDOUT_HANDWRITING: tuple[str, ...] = ("dkghandwriting", "humor sans", "delphine")
#: Faces with capitals only (lowercase drawn as small capitals; all handwriting faces but Bebas
#: Neue, a display face of `font_packages.PROBE_PACKAGES`): their labels are upper-cased, because
#: no reader could tell "hello" from "HELLO" in them.
CAPS_ONLY_FAMILIES: tuple[str, ...] = ("because we", "humor sans", "amatic sc", "patrick hand sc", "permanent marker",
                                      "rock salt", "walter turncoat", "bebas neue")
#: Fonts that are not text faces at all (symbols, dingbats, math, decorative initials).
EXCLUDED_FAMILIES: tuple[str, ...] = ("math", "initials", "keyboard", "symbol", "d050000l", "dingbat",
                                          "joscelyn")  # Joscelyn: too ornate to be read reliably by anyone


@dataclass(frozen=True)
class FontInfo:
    path: str
    family: str
    style: str
    kind: str  # "printed" or "handwriting"
    heldout: bool
    caps_only: bool = False


#: fonts-aenigma's faces end in " BRK"; all but the handwriting ones above are display art
#: (outlines, stencils, pixel and 3-D faces) that would teach shapes no one writes.
DECORATIVE_SUFFIX = " brk"


def _matches(family: str, fragments: Iterable[str]) -> bool:
    f = family.lower()
    return any(frag in f for frag in fragments)


def _covers_charset(path: str, chars: str) -> bool:
    """True when the font has a real glyph for every character (not a .notdef box)."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(path, lazy=True, fontNumber=0) as tt:
            cmap = tt.getBestCmap() or {}
        if any(ord(c) not in cmap for c in chars):
            return False
    except ImportError:  # fontTools is optional: fall back to Pillow's ink check below
        pass
    except Exception:
        return False
    font = ImageFont.truetype(path, 24)
    for c in chars:
        if c == " ":
            continue
        bbox = font.getbbox(c)
        if bbox[2] <= bbox[0] or bbox[3] <= bbox[1]:
            return False
    return True


#: Weight names that Google Fonts' static files append to the family name.
_WEIGHT_SUFFIX = re.compile(r"( (Extra|Semi)?(Thin|Light|Medium|Bold|Black))+$", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def discover_fonts(font_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS, chars: str = CHARSET) -> tuple[FontInfo, ...]:
    """All usable TrueType/OpenType/WOFF fonts under `font_dirs`, classified and split.

    A face is handwriting when its family is one of `HANDWRITING_FAMILIES` or it lies in a
    `handwriting` folder (where `font_packages` puts the handwriting faces it fetches); the text
    faces it fetches lie in a `printed` folder."""
    paths: set[str] = set()
    for d in font_dirs:
        for ext in ("ttf", "otf", "TTF", "OTF"):
            paths.update(glob.glob(os.path.join(d, "**", f"*.{ext}"), recursive=True))
        # WOFF only from fetched packages: Debian's few WOFF files copy TTFs it already has
        for subdir in (HANDWRITING_SUBDIR, PRINTED_SUBDIR):
            paths.update(glob.glob(os.path.join(d, subdir, "*", "*.woff")))
    fonts = []
    for path in sorted(paths):
        try:
            family, style = ImageFont.truetype(path, 24).getname()
        except OSError:
            continue
        family = family or os.path.basename(path)
        if _matches(family, EXCLUDED_FAMILIES) or not _covers_charset(path, chars):
            continue
        if family.lower().endswith(DECORATIVE_SUFFIX) and not _matches(family, HANDWRITING_FAMILIES):
            continue
        fetched_as = Path(path).parent.parent.name
        in_hand_dir = fetched_as == HANDWRITING_SUBDIR
        if fetched_as in (HANDWRITING_SUBDIR, PRINTED_SUBDIR):  # "Mali SemiBold" -> "Mali": one family per package
            family = _WEIGHT_SUFFIX.sub("", family)
        hand = in_hand_dir or (fetched_as != PRINTED_SUBDIR and _matches(family, HANDWRITING_FAMILIES))
        kind = "handwriting" if hand else "printed"
        heldout = _matches(family, HELDOUT_HANDWRITING if kind == "handwriting" else HELDOUT_PRINTED)
        fonts.append(FontInfo(path, family, style or "", kind, heldout, _matches(family, CAPS_ONLY_FAMILIES)))
    return tuple(fonts)


def select_fonts(fonts: Sequence[FontInfo], kind: str, heldout: bool) -> list[FontInfo]:
    return [f for f in fonts if f.kind == kind and f.heldout == heldout]


@functools.lru_cache(maxsize=2)
def load_words(path: str = DEFAULT_WORDS_PATH) -> tuple[str, ...]:
    """Dictionary words expressible in the charset (drops accented entries)."""
    with open(path, encoding="utf-8", errors="ignore") as fh:
        words = [w.strip() for w in fh]
    return tuple(w for w in words if w and DEFAULT_CHARSET.covers(w))


@functools.lru_cache(maxsize=2)
def load_prose(path: str = DEFAULT_PROSE_DIR) -> tuple[str, ...]:
    """Passages of real English from a folder of fortune files (passages separated by "%" lines).

    Random dictionary words teach glyphs but not English: which letters follow which, where
    capitals and commas go. Lines cut from real prose give the sequence model that, so it reads
    real sentences better. Passages with characters outside the charset (after mapping
    typographic quotes and dashes to ASCII) are skipped; ASCII-art files are not prose.
    """
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                           "\u2014": "-", "`": "'", "\t": " "})
    passages: list[str] = []
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else ():
        full = os.path.join(path, name)
        if "." in name or name in NOT_PROSE or not os.path.isfile(full):  # .dat indexes, .u8 links
            continue
        with open(full, encoding="utf-8", errors="ignore") as fh:
            for passage in fh.read().split("\n%\n"):
                text = " ".join(passage.translate(table).split())
                if len(text) >= 8 and DEFAULT_CHARSET.covers(text):
                    passages.append(text)
    return tuple(passages)


def prose_line(rng: random.Random, passages: Sequence[str], max_len: int = 44) -> str:
    """A run of whole words from a random place in a random passage, as a line of a page is."""
    words = rng.choice(passages).split()
    start = rng.randrange(len(words))
    target = rng.randint(6, max_len)
    out = words[start]
    for w in words[start + 1 :]:
        if len(out) + 1 + len(w) > target:
            break
        out += " " + w
    return out[:max_len].strip() or words[0][:max_len]


# --------------------------------------------------------------------------- text


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_TLDS = ("com", "org", "net", "io", "de", "co.uk", "edu")


def _case(word: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return word.lower()
    if r < 0.75:
        return word.capitalize()
    if r < 0.85:
        return word.upper()
    return word


def _number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return str(rng.randint(0, 10 ** rng.randint(1, 7)))
    if r < 0.5:
        return f"{rng.randint(0, 10 ** rng.randint(3, 7)):,}"
    if r < 0.7:
        return f"{rng.uniform(0, 10 ** rng.randint(1, 5)):.{rng.randint(1, 3)}f}"
    if r < 0.85:
        return f"{rng.randint(0, 100)}%"
    return f"-{rng.randint(1, 9999)}"


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(1950, 2035), rng.randint(1, 12), rng.randint(1, 28)
    fmt = rng.randrange(6)
    if fmt == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if fmt == 1:
        return f"{y}-{m:02d}-{d:02d}"
    if fmt == 2:
        return f"{d}.{m}.{y % 100:02d}"
    if fmt == 3:
        return f"{_MONTHS[m - 1]} {d}, {y}"
    if fmt == 4:
        return f"{d} {_MONTHS[m - 1][:3]} {y}"
    return f"{m}/{d}/{y % 100:02d}"


def _price(rng: random.Random) -> str:
    v = rng.uniform(0, 10 ** rng.randint(1, 5))
    s = f"{v:,.2f}" if rng.random() < 0.5 else f"{v:.2f}"
    return f"${s}" if rng.random() < 0.75 else f"{s} $"


def _time(rng: random.Random) -> str:
    h, m, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    fmt = rng.randrange(3)
    if fmt == 0:
        return f"{h:02d}:{m:02d}"
    if fmt == 1:
        return f"{h % 12 or 12}:{m:02d} {rng.choice(['am', 'pm', 'AM', 'PM'])}"
    return f"{h:02d}:{m:02d}:{s:02d}"


def _code(rng: random.Random, words: Sequence[str]) -> str:
    r = rng.random()
    w = rng.choice(words).lower()
    if r < 0.2:
        return f"{w}@{rng.choice(words).lower()}.{rng.choice(_TLDS)}"
    if r < 0.4:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(1, 4)))
        return f"{letters}-{rng.randint(0, 99999)}"
    if r < 0.55:
        return f"({rng.randint(100, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    if r < 0.7:
        return f"www.{w}.{rng.choice(_TLDS)}/{rng.choice(words).lower()}"
    if r < 0.85:
        a, b, c = rng.randint(0, 99), rng.randint(0, 99), rng.randint(0, 99)
        return f"{rng.choice('xyzabn')} = {a} {rng.choice('+-*/')} {b} {rng.choice('+-*/=')} {c}"
    return f"#{rng.randint(1, 9999)}"


def _sentence(rng: random.Random, words: Sequence[str]) -> str:
    n = rng.randint(2, 8)
    parts = []
    for i in range(n):
        w = rng.choice(words)
        w = w.lower() if rng.random() < 0.8 else w
        r = rng.random()
        if r < 0.1:
            w += ","
        elif r < 0.13:
            w = f'"{w}"'
        elif r < 0.16:
            w = f"({w})"
        elif r < 0.18:
            w += rng.choice(";:")
        elif r < 0.2:
            w = f"'{w}'"
        elif r < 0.22:
            w = f"{w} & "[:-1]
        elif r < 0.25:
            w = rng.choice([_number(rng), _price(rng), _date(rng), _time(rng)])
        parts.append(w)
    s = " ".join(parts)
    s = s[0].upper() + s[1:]
    return s + rng.choice([".", ".", ".", "!", "?", "", "...", ":"])


def _random_chars(rng: random.Random, chars: str = BASE_CHARSET) -> str:
    """Random characters from `chars` (by default the original charset, so that the validation
    lines stay the same lines as the charset grows)."""
    n = rng.randint(3, 18)
    pool = chars.replace(" ", "")
    s = "".join(rng.choice(pool) for _ in range(n))
    if n > 6 and rng.random() < 0.5:
        k = rng.randint(2, n - 2)
        s = s[:k] + " " + s[k:]
    return s


def _plain_word(rng: random.Random, words: Sequence[str]) -> str:
    """A listed word as an identifier or a file name spells it: lower case, no apostrophe."""
    return rng.choice(words).lower().replace("'", "")


def added_chars_text(rng: random.Random, words: Sequence[str], max_len: int = 44) -> str:
    """A line using the characters added to the charset (`charset.ADDED_CHARS`) the way text
    does: citations, indices, log stamps, check boxes, identifiers and e-mail names. Training
    only; never more than two underscores in a row, since a longer run is a rule to
    `preprocessing.lines.remove_rules`, which would erase it."""
    def word() -> str:
        return _plain_word(rng, words)
    r = rng.random()
    if r < 0.15:
        text = f"{_case(rng.choice(words), rng)} [{rng.randint(1, 99)}]"
    elif r < 0.25:
        text = f"[{_case(rng.choice(words), rng)}] {word()}"
    elif r < 0.35:
        text = f"{word()}[{rng.choice(['i', 'j', 'k', 'n', '0', '1', '2', 'i+1', word()])}] = {rng.randint(0, 999)}"
    elif r < 0.45:
        text = f"[{_date(rng) if rng.random() < 0.5 else _time(rng)}] {rng.choice(['INFO', 'WARN', 'ERROR', 'OK'])} {word()}"
    elif r < 0.6:
        text = "_".join(word() for _ in range(rng.randint(2, 3)))
        if rng.random() < 0.3:
            text += f"_{rng.randint(1, 99)}"
        if rng.random() < 0.3:
            text += rng.choice([".txt", ".py", ".csv", ".pdf", ".png"])
    elif r < 0.7:
        text = f"{word()}_{word()}@{word()}.{rng.choice(_TLDS)}"
    elif r < 0.78:
        text = "_".join(word().upper() for _ in range(rng.randint(2, 3))) + f" = {rng.randint(0, 9999)}"
    elif r < 0.86:
        text = f"[{rng.choice([' ', 'x', 'X'])}] {_case(rng.choice(words), rng)} {word()}"
    elif r < 0.93:
        text = f"{_case(rng.choice(words), rng)}: {'_' * rng.randint(1, 2)} {word()}"
    else:
        text = _random_chars(rng, CHARSET)
    if rng.random() < 0.35:  # inside ordinary text
        text = f"{_sentence(rng, words)} {text}" if rng.random() < 0.5 else f"{text} {_sentence(rng, words)}"
    return _fit_line(text, rng, words, max_len)


def random_text(rng: random.Random, words: Sequence[str], max_len: int = 44) -> str:
    """A line of text of the kinds people photograph: prose, numbers, dates, prices, codes."""
    r = rng.random()
    if r < 0.3:
        text = " ".join(_case(rng.choice(words), rng) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.15:
            text = text.upper()
    elif r < 0.6:
        text = _sentence(rng, words)
    elif r < 0.68:
        text = _number(rng)
        if rng.random() < 0.5:
            text = " ".join(_number(rng) for _ in range(rng.randint(2, 5)))
    elif r < 0.74:
        text = _date(rng) if rng.random() < 0.6 else f"{_case(rng.choice(words), rng)}: {_date(rng)}"
    elif r < 0.8:
        text = _price(rng) if rng.random() < 0.5 else f"{_case(rng.choice(words), rng)} {_price(rng)}"
    elif r < 0.85:
        text = _time(rng) if rng.random() < 0.5 else f"{_date(rng)} {_time(rng)}"
    elif r < 0.93:
        text = _code(rng, words)
    else:
        text = _random_chars(rng)
    return _fit_line(text, rng, words, max_len)


#: Typographic forms of ASCII punctuation: quotes, apostrophes, dashes, the ellipsis.
TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"


def typographic(text: str, rng: random.Random) -> str:
    """`text` as typeset print draws it: curly quotes and apostrophes, en dashes between numbers
    and em or en dashes between words, sometimes "..." as one glyph. Training draws some lines so
    and labels them in ASCII (as `Charset.normalize` maps them): books, news and web pages use
    these forms, and the model had read an opening quote as "u" or "s" in serif faces."""
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch == "'":
            out.append("\u2018" if prev in " ([" and nxt.isalnum() else "\u2019")
        elif ch == '"':
            out.append("\u201c" if prev in " ([" else "\u201d")
        elif ch == "-" and prev == " " and nxt == " ":
            out.append(rng.choice("\u2013\u2014"))
        elif ch == "-" and prev.isdigit() and nxt.isdigit() and rng.random() < 0.5:
            out.append("\u2013")
        else:
            out.append(ch)
    drawn = "".join(out)
    return drawn.replace("...", "\u2026") if rng.random() < 0.5 else drawn


@functools.lru_cache(maxsize=1024)
def has_typographic_glyphs(path: str) -> bool:
    """A face without them would draw a box where the label has a quote or a dash."""
    return _covers_charset(path, TYPOGRAPHIC)


def list_item(text: str, rng: random.Random) -> str:
    """`text` as an item of a numbered or lettered list ("3. ", "12) ", "b) "): training lines
    had numbers like "12.50" but no list items, and "1. Buy milk" was read "1.Buy milk"."""
    r = rng.random()
    if r < 0.7:
        marker = f"{rng.randint(1, 30)}{rng.choice('..)')}"
    else:
        marker = rng.choice("abcdefghABCDEF") + rng.choice(".))")
    return f"{marker} {text}"


_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
#: What a Roman numeral follows in text: headings, names, events, versions.
_BEFORE_ROMAN = ("Chapter", "Part", "Book", "Volume", "Vol.", "Act", "Scene", "Section", "Phase", "Stage", "Level",
                 "Type", "Class", "Article", "Appendix", "Annex", "Schedule", "Figure", "Table", "World War", "Henry",
                 "Louis", "Charles", "George", "Elizabeth", "John Paul", "Pope Pius", "Richard", "Super Bowl",
                 "Apollo", "Mark", "Title", "Grade", "Tier", "Category", "Rocky", "Star Wars Episode")


def roman(n: int) -> str:
    """`n` (1-3999) in Roman numerals."""
    out = []
    for value, letters in _ROMAN_VALUES:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def bar_glyph_text(rng: random.Random, words: Sequence[str], max_len: int = 44) -> str:
    """A line of the characters most faces draw as one upright bar, "I", "l" and "1", in the
    runs where only the context tells them apart: Roman numerals ("World War II", "Chapter XIV",
    "(iii)"), runs of small numbers apart by a space ("1 11 111", whose digits' side bearings
    make the space look like another digit gap), and words of "I" and "ll" ("Ill", "I'll call
    Bill"). Training only: the model had read "Phase II" as "Phase ll" and "Chapter III" as
    "Chapter I11" in sans faces, and "1 11 111" as "111111", since such runs were rare in its lines."""
    r = rng.random()
    if r < 0.5:
        n = rng.randint(1, 4) if rng.random() < 0.5 else (rng.randint(1, 39) if rng.random() < 0.8 else rng.randint(40, 2030))
        numeral = roman(n)
        q = rng.random()
        if q < 0.5:
            text = f"{rng.choice(_BEFORE_ROMAN)} {numeral}"
            if rng.random() < 0.4:
                text += rng.choice([": ", ". ", " - ", ", "]) + _sentence(rng, words)
        elif q < 0.7:
            item = roman(rng.randint(1, 12)).lower()  # a list's (iv), not a year's mmxx
            text = f"{item}{rng.choice(['.', ')'])} {_sentence(rng, words)}" if rng.random() < 0.5 \
                else f"({item}) {_sentence(rng, words)}"
        elif q < 0.85:
            text = f"{numeral}. {_sentence(rng, words)}"
        else:
            text = " ".join(roman(rng.randint(1, 20)) for _ in range(rng.randint(2, 6)))
    elif r < 0.75:
        digits = "1111111017"
        text = " ".join("".join(rng.choice(digits) for _ in range(rng.randint(1, 4))).lstrip("0") or "1"
                        for _ in range(rng.randint(2, 7)))
        if rng.random() < 0.3:
            text = f"{_case(rng.choice(words), rng)} {text}"
    else:
        pool = [w for w in words if "ll" in w or w.startswith(("I", "Il", "Ill"))] or list(words)
        parts = [rng.choice(["I", "I", "I'll", "Ill", "ill", "II", "III", "1", "11", "Bill", "Hill", "Lily"])
                 if rng.random() < 0.3 else _case(rng.choice(pool), rng) for _ in range(rng.randint(2, 6))]
        text = " ".join(parts)
        if rng.random() < 0.15:
            text = text.upper()
    return _fit_line(text, rng, words, max_len)


def _identifier(rng: random.Random, words: Sequence[str]) -> str:
    """A name as code spells it: a word, snake_case, camelCase, or one letter (f, g, x)."""
    r = rng.random()
    if r < 0.25:
        return rng.choice("fghkpqxyzabn")
    if r < 0.55:
        return _plain_word(rng, words)
    if r < 0.8:
        return f"{_plain_word(rng, words)}_{_plain_word(rng, words)}"
    return _plain_word(rng, words) + _plain_word(rng, words).capitalize()


def call_text(rng: random.Random, words: Sequence[str], max_len: int = 44) -> str:
    """A line where an opening parenthesis follows a letter with no space: function calls and
    formulas ("print(area(2))", "f(x) = 3x + 1", "obj.get_value(key, 0)") and plural marks
    ("file(s)"). Training only: ordinary text puts a space before "(", and at 14-20 px the
    stage-13 weights read "def area(r):" as "def arealr):" and "g(y)" as "gly)" in DejaVu and Liberation."""
    def arg() -> str:
        q = rng.random()
        if q < 0.45:
            return _identifier(rng, words)
        if q < 0.7:
            return str(rng.randint(0, 999)) if rng.random() < 0.7 else f"{rng.randint(0, 99)}.{rng.randint(0, 99)}"
        if q < 0.85:
            return f'"{rng.choice(words).lower()}"' if rng.random() < 0.5 else f"'{rng.choice(words).lower()}'"
        return f"{_identifier(rng, words)}[{rng.randint(0, 9)}]"

    def call(depth: int = 0) -> str:
        name = _identifier(rng, words)
        if rng.random() < 0.25:
            name = f"{_identifier(rng, words)}.{name}"
        args = [call(depth + 1) if depth < 1 and rng.random() < 0.2 else arg() for _ in range(rng.randint(0, 3))]
        return f"{name}({', '.join(args)})"

    r = rng.random()
    if r < 0.45:
        text = call()
        q = rng.random()
        if q < 0.3:
            text = f"{_identifier(rng, words)} = {text}"
        elif q < 0.45:
            keyword = rng.choice(["print", "return", "if", "assert", "def", "await"])
            text = f"{keyword} {text}" + (":" if rng.random() < 0.3 else "")
    elif r < 0.7:
        f, x = rng.choice("fghpqy"), rng.choice("xtnkz")
        rhs = rng.choice([f"{rng.randint(2, 9)}{x} + {rng.randint(1, 99)}", f"{x}*{x} - {rng.randint(1, 9)}",
                          f"({x} + {rng.randint(1, 9)})/{rng.randint(2, 9)}", f"{f}({x} - 1) + {rng.randint(1, 9)}"])
        text = f"{f}({x}) = {rhs}"
        if rng.random() < 0.3:
            text = f"{_case(rng.choice(words), rng)} {text}"
    else:
        noun = _plain_word(rng, words)
        verb = rng.choice(["Select the", "Attach", "the", "Remove", "Enter", "List"])
        text = f"{verb} {noun}({rng.choice(['s', 'es'])})"
        if rng.random() < 0.5:
            text += f" {_sentence(rng, words)}"
    return _fit_line(text, rng, words, max_len)


def _groups(rng: random.Random, alphabet: str, sizes: Sequence[int], sep: str = " ") -> str:
    """Random characters of `alphabet` in groups of `sizes`, as codes print them: "4111 1111", "K3B-9QX"."""
    return sep.join("".join(rng.choice(alphabet) for _ in range(n)) for n in sizes)


#: Country calling codes for `_phone_number`: one to three digits after the "+".
_COUNTRY_CODES = (1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 41, 43, 44, 45, 46, 47, 48, 49, 52, 55, 61, 64, 65, 81,
                  86, 90, 91, 351, 353, 358, 420, 971)


def _phone_number(rng: random.Random) -> str:
    """An international number as cards and letterheads print it: "+44 20 7946 0958", "+1 (555) 010-2334"."""
    cc, digits = rng.choice(_COUNTRY_CODES), string.digits
    q = rng.random()
    if q < 0.45:
        number = f"+{cc} " + _groups(rng, digits, [rng.randint(1, 4) for _ in range(rng.randint(2, 4))])
    elif q < 0.6:
        number = f"+{cc} ({rng.randint(100, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    elif q < 0.75:
        number = f"+{cc}-" + _groups(rng, digits, [rng.randint(2, 4) for _ in range(rng.randint(2, 3))], "-")
    elif q < 0.85:
        number = f"+{cc} (0){rng.randint(10, 999)} {rng.randint(10000, 9999999)}"
    else:
        number = f"+{cc}{rng.randint(10 ** 8, 10 ** 10)}"
    if rng.random() < 0.5:
        number = f"{rng.choice(['Tel:', 'Tel.', 'Phone:', 'Mobile:', 'Fax:', 'Call', 'T', 'M:', 'Tel'])} {number}"
    return number


def _web_address(rng: random.Random, words: Sequence[str], max_len: int) -> str:
    """A web address with its scheme, "https://www.example.org/path?id=42", sometimes after a word."""
    path = "/".join(_plain_word(rng, words) for _ in range(rng.randint(0, 2)))
    text = f"{rng.choice(['https://', 'https://', 'http://'])}{'www.' if rng.random() < 0.4 else ''}" \
           f"{_plain_word(rng, words)}.{rng.choice(_TLDS)}" + (f"/{path}" if path else rng.choice(["", "/"]))
    if rng.random() < 0.2:
        key = rng.choice(["q", "id", "page", "ref"])
        text += f"?{key}={rng.choice([str(rng.randint(1, 999)), _plain_word(rng, words)])}"
    label = rng.choice(["Visit", "See", "More at", "Web:", "Online:", "Book at"])
    if rng.random() < 0.25 and len(label) + 1 + len(text) <= max_len:
        text = f"{label} {text}"
    return text


def _grouped_code(rng: random.Random, words: Sequence[str]) -> str:
    """Letters and digits in groups a single space apart: postcodes (British, Canadian, Dutch),
    IBANs, card numbers, number plates and serial numbers, some after their label."""
    digits, upper = string.digits, string.ascii_uppercase
    q = rng.random()
    if q < 0.3:
        code = rng.choice([
            _groups(rng, upper, [rng.randint(1, 2)], "") + f"{rng.randint(1, 99)} {rng.randint(0, 9)}"
            + _groups(rng, upper, [2]),
            f"{rng.choice(upper)}{rng.randint(0, 9)}{rng.choice(upper)} {rng.randint(0, 9)}{rng.choice(upper)}"
            f"{rng.randint(0, 9)}",
            f"{rng.randint(1000, 9999)} " + _groups(rng, upper, [2]),
        ])
        if rng.random() < 0.5:
            code = f"{_case(rng.choice(words), rng)} {code}" if rng.random() < 0.5 else f"Postcode: {code}"
    elif q < 0.55:
        code = rng.choice(["DE", "GB", "FR", "NL", "ES", "IT", "CH", "BE"]) + f"{rng.randint(10, 99)} " \
               + _groups(rng, digits if rng.random() < 0.6 else upper + digits, [4] * rng.randint(2, 5))
        if rng.random() < 0.4:
            code = f"IBAN {code}"
    elif q < 0.75:
        code = _groups(rng, digits, [4, 4, 4, 4]) if rng.random() < 0.7 \
            else "XXXX XXXX XXXX " + _groups(rng, digits, [4])
        if rng.random() < 0.3:
            code = f"{rng.choice(['Card', 'Card No.', 'VISA', 'Acct'])} {code}"
    else:
        code = rng.choice([
            _groups(rng, upper, [2], "") + f"{rng.randint(10, 99)} " + _groups(rng, upper, [3]),
            _groups(rng, upper + digits, [3, 3, 3], "-"),
            _groups(rng, upper + digits, [rng.randint(2, 5) for _ in range(rng.randint(2, 4))]),
        ])
        if rng.random() < 0.4:
            code = f"{rng.choice(['Reg.', 'Serial No.', 'S/N', 'Ref:', 'ID'])} {code}"
    return code


def _quantity(rng: random.Random, words: Sequence[str]) -> str:
    """"3 x Coffee 4.50", "salt + pepper", "+12 kg flour": an "x" or a "+" a space from its neighbours."""
    q = rng.random()
    if q < 0.5:
        text = f"{rng.randint(1, 12)} {rng.choice(['x', 'x', 'X'])} {_case(rng.choice(words), rng)}"
        if rng.random() < 0.6:
            text += f" {rng.randint(0, 99)}.{rng.randint(0, 99):02d}"
        return text
    if q < 0.8:
        return " + ".join(_case(rng.choice(words), rng) for _ in range(rng.randint(2, 3)))
    return f"+{rng.randint(1, 99)}{rng.choice(['%', ' points', ' pts', '', ' kg'])} {_case(rng.choice(words), rng)}"


#: Short alternatives that forms, signs and menus set a slash between ("Yes / No", "Mon / Wed").
_ALTERNATIVES = (("yes", "no"), ("in", "out"), ("on", "off"), ("and", "or"), ("read", "write"), ("he", "she"),
                 ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), ("AM", "PM"), ("A", "B", "C", "D"),
                 ("M", "F"), ("S", "M", "L", "XL"), ("true", "false"), ("open", "closed"), ("hot", "cold"))


def _slashed(rng: random.Random, words: Sequence[str]) -> str:
    """Words, letters or numbers a slash apart, with spaces round it ("Yes / No", "a / b") or
    without ("and/or", "km/h"), and "//" opening a comment: so that the space either side of a
    slash is read from the gap, not guessed."""
    q = rng.random()
    if q < 0.45:
        options = rng.choice(_ALTERNATIVES)
        parts = rng.sample(options, rng.randint(2, min(3, len(options))))
        if parts[0].islower():  # one case for the set, as a form prints it: "yes / no", "Yes / No"
            case = rng.choice((str.lower, str.lower, str.capitalize, str.upper))
            parts = [case(w) for w in parts]
    elif q < 0.75:
        parts = [_case(rng.choice(words), rng).replace("'", "") for _ in range(rng.randint(2, 3))]
    elif q < 0.9:
        parts = [str(rng.randint(0, 999)) if rng.random() < 0.6 else rng.choice(string.ascii_letters)
                 for _ in range(2)]
    else:
        return f"// {_sentence(rng, words)}"
    sep = " / " if rng.random() < 0.6 else "/"
    text = sep.join(parts)
    if rng.random() < 0.35:
        before = rng.random() < 0.5
        label = _case(rng.choice(words), rng)
        text = f"{label}: {text}" if before else f"{text} {label}"
    return text


def contact_text(rng: random.Random, words: Sequence[str], max_len: int = 44) -> str:
    """A line of what people photograph on cards, signs, letters and forms that ordinary text
    lacks: international phone numbers ("+44 20 7946 0958"), web addresses with their scheme
    ("https://..."), postcodes, IBANs, card numbers and plates (letters and digits in groups a
    single space apart: "SW19 2EL"), and quantities ("3 x Coffee", "salt + pepper"). Training
    only: the stage-14 weights read a "+" that starts a number as "4" ("+47 392 400 9065" ->
    "447 392 400 9065"), "https://" as "https:/ /" or "https:!/", and "SW19 2EL" as "SW192EL"
    in held-out faces, since their lines had none of these. Stage 16 added slashes (`_slashed`):
    the stage-15 weights read "a / b" as "a/b"."""
    r = rng.random()
    if r < 0.27:
        text = _phone_number(rng)
    elif r < 0.52:
        text = _web_address(rng, words, max_len)
    elif r < 0.78:
        text = _grouped_code(rng, words)
    elif r < 0.88:
        text = _quantity(rng, words)
    else:
        text = _slashed(rng, words)
    return _fit_line(text, rng, words, max_len)


def _fit_line(text: str, rng: random.Random, words: Sequence[str], max_len: int) -> str:
    """`text` cut at a word boundary to `max_len` characters, without leading, trailing or
    double spaces (they are invisible, so no label may have them); a random word if nothing is left."""
    if len(text) > max_len:
        cut = text.rfind(" ", 0, max_len)
        text = text[: cut if cut > 0 else max_len]
    text = " ".join(text.split())
    return text or rng.choice(words)


# --------------------------------------------------------------------------- rendering


@functools.lru_cache(maxsize=256)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """Fonts are reloaded for every line otherwise: a file read and parse each time."""
    return ImageFont.truetype(path, size)


def _draw_glyphs(text: str, font_path: str, size: int, spacing: float, stroke: int, jitter: float,
                 rng: random.Random) -> Image.Image:
    """One glyph at a time: letter spacing, and with `jitter` > 0 each glyph's own size, tilt,
    baseline and gap.

    A font draws every "a" alike; a hand does not. Jittering glyphs independently makes the
    recogniser read shapes rather than one face's exact geometry, which is what lets it read
    handwriting faces (and hands) it has never seen.
    """
    font = _font(font_path, size)
    ascent, descent = font.getmetrics()
    width = int(font.getlength(text) * (1 + 0.2 * jitter) + max(0.0, spacing) * len(text) + 4 * size + 2 * stroke)
    height = int(ascent + descent + 2 * size)
    canvas = Image.new("L", (max(8, width), max(8, height)), 0)
    x = float(size)
    if not jitter:  # spacing only
        draw = ImageDraw.Draw(canvas)
        for ch in text:
            draw.text((x, size), ch, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
            x += font.getlength(ch) + spacing
        return canvas
    baseline = size + ascent
    for ch in text:
        g_size = max(6, round(size * (1 + rng.uniform(-0.12, 0.12) * jitter)))
        g_font = _font(font_path, g_size)
        advance = g_font.getlength(ch)
        if ch != " ":
            pad = g_size
            glyph = Image.new("L", (int(advance) + 2 * pad, 3 * g_size + 2 * pad), 0)
            ImageDraw.Draw(glyph).text((pad, pad + 2 * g_size), ch, font=g_font, fill=255, anchor="ls",
                                       stroke_width=stroke, stroke_fill=255)
            glyph = glyph.rotate(rng.gauss(0, 5 * jitter), resample=Image.Resampling.BILINEAR,
                                 center=(pad + advance / 2, pad + 2 * g_size))
            dy = rng.gauss(0, 0.05 * size * jitter)
            left, top = int(round(x)) - pad, int(round(baseline + dy)) - pad - 2 * g_size
            canvas.paste(Image.new("L", glyph.size, 255), (left, top), mask=glyph)
        x += advance + spacing + (rng.gauss(0, 0.05 * size) * jitter if ch != " " else 0.0)
    return canvas


def elastic_distort(mask: np.ndarray, size: int, rng: random.Random, strength: float = 1.0) -> np.ndarray:
    """Smooth random warping at the scale of a glyph, as a pen's wobble bends strokes.

    The displacement field is coarse noise upsampled bicubically (smooth, cheap at any image
    size); torchvision's `elastic` applies it.
    """
    import torch
    from torchvision.transforms.v2 import functional as TF

    h, w = mask.shape
    cell = max(4.0, size * rng.uniform(0.35, 0.8))
    gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
    nprng = np.random.default_rng(rng.getrandbits(63))
    amp = size * rng.uniform(0.03, 0.08) * strength
    coarse = torch.from_numpy(nprng.normal(0.0, amp, size=(1, 2, gh, gw)).astype(np.float32))
    field = torch.nn.functional.interpolate(coarse, size=(h, w), mode="bicubic", align_corners=True)
    field[:, 0] *= 2.0 / w  # pixels -> grid_sample's [-1, 1] coordinates
    field[:, 1] *= 2.0 / h
    out = TF.elastic(torch.from_numpy(mask)[None], field.permute(0, 2, 3, 1), fill=[0.0])
    return out[0].numpy()


def render_mask(text: str, font_path: str, size: int, rng: random.Random, handwriting: bool = False,
                augment: bool = False, tracking: float | None = None) -> np.ndarray:
    """Ink coverage in [0, 1] of `text` in one font, with weight, spacing, slant and tilt.

    `augment` adds what only training needs, to generalise beyond the training faces: per-glyph
    jitter and elastic warps (handwriting usually, print sometimes), crowded letters, narrow and
    wide hands, steeper slants and thinner pens. Without it the random stream is the same as before
    these existed, so the validation and benchmark lines stay the same lines across versions of the
    generator.
    """
    font = _font(font_path, size)
    stroke = 1 if size >= 26 and rng.random() < 0.15 else 0
    if augment and handwriting and rng.random() < 0.35:  # hands crowd letters together or spread them out
        spacing = rng.uniform(-0.12, 0.2) * size
    else:
        spacing = rng.uniform(-0.04, 0.25) * size if rng.random() < 0.25 else 0.0
    if augment and rng.random() < WIDE_TRACKING_SHARE:  # headings and signs letter-spaced far apart
        spacing = rng.uniform(0.25, 0.7) * size
    if tracking is not None:  # letter spacing as a share of the size, chosen by the caller (benchmarks)
        spacing = tracking * size
    jitter = 0.0
    if augment and rng.random() < (0.6 if handwriting else 0.1):
        jitter = rng.uniform(0.3, 1.0)
    if spacing == 0.0 and jitter == 0.0:  # whole-string drawing keeps the font's kerning
        ascent, descent = font.getmetrics()
        width = int(font.getlength(text) + 4 * size + 2 * stroke)
        canvas = Image.new("L", (max(8, width), max(8, int(ascent + descent + 2 * size))), 0)
        ImageDraw.Draw(canvas).text((size, size), text, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
    else:
        canvas = _draw_glyphs(text, font_path, size, spacing, stroke, jitter, rng)
    steep = augment and handwriting
    if rng.random() < (0.5 if steep else 0.3):  # slant: italic-like shear, either way
        shear = rng.uniform(-0.45, 0.45) if steep else rng.uniform(-0.3, 0.3)
        if steep and rng.random() < STEEP_SLANT_SHARE:
            # A hand slanted 25-40 degrees: descenders sweep under the letters before them. Up to
            # 0.45 only, the model read its own training faces sheared 0.6 at 4-8x their upright CER.
            shear = rng.choice((-1.0, 1.0)) * rng.uniform(0.45, 0.85)
        w, h = canvas.size
        extra = int(abs(shear) * h) + 1
        canvas = canvas.transform(
            (w + extra, h), Image.Transform.AFFINE,
            (1, shear, -extra if shear > 0 else 0, 0, 1, 0), resample=Image.Resampling.BILINEAR,
        )
    if augment and rng.random() < (0.5 if handwriting else 0.2):  # hands write narrow or wide
        # Log-uniform, so narrowing and widening are equally likely. Narrow hands read worst
        # (see WIDTH_SCALE in preprocessing/lines.py), and an untrained squeeze to 0.85 of the
        # width made every held-out face read worse.
        stretch = float(np.exp(rng.uniform(np.log(0.7), np.log(1.35))))
        w, h = canvas.size
        canvas = canvas.resize((max(8, round(w * stretch)), h), Image.Resampling.BILINEAR)
    if rng.random() < 0.5:
        canvas = canvas.rotate(rng.uniform(-3, 3), resample=Image.Resampling.BILINEAR, expand=True)
    if augment and not stroke and size >= 24 and rng.random() < (0.3 if handwriting else 0.1):
        canvas = canvas.filter(ImageFilter.MinFilter(3))  # a finer pen: thinner strokes
    arr = np.asarray(canvas, dtype=np.float32) / 255.0
    if augment and rng.random() < (0.5 if handwriting else 0.15):
        arr = elastic_distort(arr, size, rng, strength=1.0 if handwriting else 0.5)
    return arr


def crop_with_margins(mask: np.ndarray, height_ref: float, rng: random.Random) -> np.ndarray:
    """Crop to the ink and add random margins, as a scan or a segmenter would leave them."""
    ys, xs = np.nonzero(mask > 0.05)
    if len(ys) == 0:
        return np.zeros((max(8, int(height_ref)), max(8, int(height_ref))), dtype=np.float32)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    top, bottom = (int(rng.uniform(0.02, 0.6) * height_ref) for _ in range(2))
    left, right = (int(rng.uniform(0.02, 1.0) * height_ref) for _ in range(2))
    return np.pad(crop, ((top, bottom), (left, right)))


def degrade(mask: np.ndarray, rng: random.Random) -> Image.Image:
    """Compose ink coverage onto paper with lighting, blur, noise and JPEG damage."""
    nprng = np.random.default_rng(rng.getrandbits(63))
    h, w = mask.shape
    paper = rng.uniform(0.65, 1.0)
    ink = rng.uniform(0.0, max(0.05, paper - 0.35))
    if rng.random() < 0.12:  # light ink on dark paper (screens, signs, negatives)
        paper, ink = 1.0 - paper, 1.0 - ink
    img = paper + mask * (ink - paper)
    if rng.random() < 0.3:  # uneven lighting: a linear gradient in a random direction
        angle = rng.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ramp = (np.cos(angle) * xx / max(w, 1) + np.sin(angle) * yy / max(h, 1))
        ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
        img = img * (1.0 - rng.uniform(0.1, 0.35) * ramp)
    pil = Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), mode="L")
    if rng.random() < 0.2:  # low resolution: downsample then upsample
        f = rng.uniform(0.4, 0.8)
        small = pil.resize((max(4, int(w * f)), max(4, int(h * f))), Image.Resampling.BILINEAR)
        pil = small.resize((w, h), Image.Resampling.BILINEAR)
    if rng.random() < 0.4:
        pil = pil.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    if rng.random() < 0.5:
        arr = np.asarray(pil, dtype=np.float32) + nprng.normal(0, rng.uniform(2, 14), size=(h, w))
        pil = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    if rng.random() < 0.3:
        buf = io.BytesIO()
        pil.save(buf, format="JPEG", quality=rng.randint(15, 80))
        pil = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return pil


#: Share of training lines (besides prose) written with the characters added to the charset.
ADDED_CHARS_SHARE = 0.12
#: Share of training lines (besides prose) of bar glyphs in context: Roman numerals, "1 11 111" (`bar_glyph_text`).
BAR_GLYPH_SHARE = 0.06
#: Share of training lines (besides prose) with "(" right after a letter: calls, formulas, "file(s)" (`call_text`).
CALL_TEXT_SHARE = 0.05
#: Share of training lines (besides prose) of phone numbers with "+", web addresses, grouped codes, slashes (`contact_text`).
CONTACT_TEXT_SHARE = 0.08
#: Share of training lines made items of a numbered or lettered list (`list_item`)...
LIST_ITEM_SHARE = 0.04
#: ...and of those with quotes, apostrophes, dashes or "..." drawn in typographic forms (`typographic`).
TYPOGRAPHIC_SHARE = 0.4
#: Share of training lines (18 px and larger) made bilevel, as a fax or a black-and-white scan gives them.
BILEVEL_SHARE = 0.08
#: Share of the slanted training handwriting lines slanted steeper than 0.45 (24 degrees): 0.45-0.85.
STEEP_SLANT_SHARE = 0.3
#: Share of training lines letter-spaced 0.25-0.7 of the font size, as headings, signs and
#: labels are ("G R A N D" tracking): up to 0.25 before, and "GRAND OPENING" spaced 0.55 was read
#: "G RAND OPENIN G". Their word spaces stay wider than their letter gaps, as in the real thing.
WIDE_TRACKING_SHARE = 0.04


def make_bilevel(mask: np.ndarray, rng: random.Random) -> Image.Image:
    """Ink coverage as a bilevel scanner or fax gives it: ink on paper of some tone, a little
    optical blur, then dithered (Floyd-Steinberg: grey paper becomes a spray of dots) or
    thresholded between paper and ink. Serving blurs such images back into grey levels
    (`preprocessing.page.smooth_bilevel`), and so does training, through the same
    `image_to_line_input`; these lines teach the model what that leaves of the letters."""
    paper, ink = rng.uniform(0.6, 1.0), rng.uniform(0.0, 0.35)
    img = Image.fromarray((np.clip(paper + mask * (ink - paper), 0, 1) * 255).astype(np.uint8), mode="L")
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    if rng.random() >= 0.5:
        t = 255 * (ink + (paper - ink) * rng.uniform(0.35, 0.65))
        thresholded = np.asarray(img) <= t
        if thresholded.sum() >= 0.5 * float(mask.sum()):  # else a thin pen fell under it: nothing to read
            return Image.fromarray(np.where(thresholded, 0, 255).astype(np.uint8), mode="L")
    return img.convert("1").convert("L")  # dithered


class SyntheticLines:
    """Deterministic (image, text) pairs from a set of fonts and a word list."""

    def __init__(self, fonts: Sequence[FontInfo], words: Sequence[str], seed: int = 0,
                 min_size: int = 16, max_size: int = 52, augment: bool = False,
                 prose: Sequence[str] = (), prose_share: float = 0.25) -> None:
        """`augment`: training-only distortions (see `render_mask`); validation, tests and
        benchmarks render without them. `prose`: passages (`load_prose`) that `prose_share` of
        the lines are cut from; without it the random stream is the same as before it existed."""
        if not fonts:
            raise ValueError("no fonts to render with")
        self.words = list(words)
        self.seed = seed
        self.min_size, self.max_size = min_size, max_size
        self.augment = augment
        self.prose, self.prose_share = tuple(prose), prose_share
        # Sample a family first, then a file: otherwise 18 Lato weights would drown Kristi.
        by_family: dict[str, list[FontInfo]] = {}
        for f in fonts:
            by_family.setdefault(f.family.split(",")[0], []).append(f)
        self.families = [by_family[k] for k in sorted(by_family)]

    def rng_for(self, index: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + index)

    def sample(self, index: int) -> tuple[Image.Image, str, FontInfo]:
        rng = self.rng_for(index)
        font = rng.choice(rng.choice(self.families))
        if self.prose and rng.random() < self.prose_share:
            text = prose_line(rng, self.prose)
        elif self.augment and rng.random() < ADDED_CHARS_SHARE:
            text = added_chars_text(rng, self.words)
        elif self.augment and rng.random() < BAR_GLYPH_SHARE:
            text = bar_glyph_text(rng, self.words)
        elif self.augment and rng.random() < CALL_TEXT_SHARE:
            text = call_text(rng, self.words)
        elif self.augment and rng.random() < CONTACT_TEXT_SHARE:
            text = contact_text(rng, self.words)
        else:
            text = random_text(rng, self.words)
        if self.augment and rng.random() < LIST_ITEM_SHARE:
            text = list_item(text, rng)
        img, text = self.render(text, font, rng)
        return img, text, font

    def render(self, text: str, font: FontInfo, rng: random.Random,
               tracking: float | None = None) -> tuple[Image.Image, str]:
        """`text` drawn in `font` as `sample` draws its lines, with `rng` after the text was chosen;
        and its label (upper-cased for a caps-only face). Benchmarks with text of their own
        (`benchmarks/bar_glyphs.py`) render it so, as the validation set's lines are; `tracking`,
        letter spacing as a share of the font size, for `benchmarks/calls_and_tracking.py`."""
        if font.caps_only:
            text = text.upper()
        drawn = text
        if (self.augment and (any(c in text for c in "'\"-") or "..." in text) and rng.random() < TYPOGRAPHIC_SHARE
                and has_typographic_glyphs(font.path)):
            drawn = typographic(text, rng)
        size = rng.randint(self.min_size, self.max_size)
        mask = render_mask(drawn, font.path, size, rng, handwriting=font.kind == "handwriting", augment=self.augment,
                           tracking=tracking)
        mask = crop_with_margins(mask, size, rng)
        # A bilevel scan is of print big enough to scan at ~200 dpi, not of a tiny noisy photo.
        if self.augment and size >= 18 and rng.random() < BILEVEL_SHARE:
            return make_bilevel(mask, rng), text
        return degrade(mask, rng), text

    def __call__(self, index: int) -> tuple[Image.Image, str]:
        img, text, _ = self.sample(index)
        return img, text
