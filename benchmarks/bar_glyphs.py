"""How well the line recogniser tells "I", "l" and "1" apart where they are one upright bar.

    python benchmarks/bar_glyphs.py --checkpoint artifacts/text-lines/model.pt --checkpoint new.pt

In most sans faces a capital I and a small l are the same bar, and a 1 differs by a flag: only
the context tells "World War II" from "World War I1", "Ill" from "111", and "1 11 111" (spaces
between numbers whose side bearings are as wide as a space) from "111111". The lines are made by
`synthetic_lines.bar_glyph_text` (Roman numerals after a heading word or as list items, runs of
small numbers, words of "I" and "ll"), with seeds of their own, rendered with the validation
set's scan-like damage and no training distortions, in three sets of faces: held-out printed
families, four training sans families whose I and l are the same bar (the kind of text is what
is new to them, not the face) and held-out handwriting families. Each line is read as served
(int8, one line a pass), greedy and with the word list; a line counts as exact when every
character is right.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_recognizer.data.synthetic_lines import (  # noqa: E402
    SyntheticLines, bar_glyph_text, discover_fonts, load_words, select_fonts,
)
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

from served_lines import main  # noqa: E402

#: Seeds of these lines (validation uses 10_001..10_003, the Tesseract comparison 20_001..20_003,
#: the bilevel benchmark 30_001..30_002).
SEEDS = {"printed, held out": 40_001, "sans, trained on": 40_002, "handwriting, held out": 40_003}
#: Training sans families whose capital I and small l are one bar.
SANS = ("Liberation Sans", "DejaVu Sans", "Open Sans", "Roboto")


def build_lines(n: int, words_path: str) -> dict[str, list[tuple[object, str]]]:
    fonts = discover_fonts()
    words = load_words(words_path)
    faces = {
        "printed, held out": select_fonts(fonts, "printed", True),
        "sans, trained on": [f for f in fonts if f.family.split(",")[0] in SANS and f.kind == "printed"],
        "handwriting, held out": select_fonts(fonts, "handwriting", True),
    }
    out = {}
    for name, seed in SEEDS.items():
        gen = SyntheticLines(faces[name], words, seed=seed)  # validation's sizes, no training distortions
        items = []
        for i in range(n):
            rng = gen.rng_for(i)
            font = rng.choice(faces[name])
            img, label = gen.render(bar_glyph_text(rng, words), font, rng)
            items.append((image_to_line_input(img), label))
        out[name] = items
    return out


if __name__ == "__main__":
    main(__doc__, build_lines)
