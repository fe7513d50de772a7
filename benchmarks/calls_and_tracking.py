"""How well the line recogniser reads two kinds of text its lines lacked until stage 14: an opening
parenthesis right after a letter, and letters spaced far apart.

    python benchmarks/calls_and_tracking.py --checkpoint old.pt --checkpoint artifacts/text-lines/model.pt

- calls: function calls, formulas and plural marks (`synthetic_lines.call_text`: "print(area(2))",
  "f(x) = 3x + 1", "file(s)"). Ordinary text puts a space before "(", and at 14-20 px the stage-13
  weights read "def area(r):" as "def arealr):" and "g(y)" as "gly)".
- tracked: the validation set's kind of text (`random_text`) letter-spaced 0.3-0.7 of the font
  size, as headings, signs and labels are; the stage-13 weights had seen up to 0.25 and read
  "GRAND OPENING" spaced 0.55 as "G RAND OPENIN G".

Lines use seeds of their own and the validation set's sizes and scan-like damage, without training
distortions, in held-out printed and held-out handwriting families. Each is read as served (int8,
one line a pass), greedy and with the word list; a line counts as exact when every character is right.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_recognizer.data.synthetic_lines import (  # noqa: E402
    SyntheticLines, call_text, discover_fonts, load_words, random_text, select_fonts,
)
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

from served_lines import main  # noqa: E402

#: Seeds of these lines (validation uses 10_001..10_003, the Tesseract comparison 20_001..20_003,
#: the bilevel benchmark 30_00x, the word-list benchmark 41_00x, the bar benchmark 40_00x).
SEEDS = {("calls", "printed"): 42_001, ("calls", "handwriting"): 42_002,
         ("tracked", "printed"): 42_003, ("tracked", "handwriting"): 42_004}


def build_lines(n: int, words_path: str) -> dict[str, list[tuple[object, str]]]:
    fonts = discover_fonts()
    words = load_words(words_path)
    out = {}
    for (kind, faces), seed in SEEDS.items():
        held_out = select_fonts(fonts, faces, True)
        gen = SyntheticLines(held_out, words, seed=seed)  # validation's sizes, no training distortions
        items = []
        for i in range(n):
            rng = gen.rng_for(i)
            font = rng.choice(held_out)
            if kind == "calls":
                img, label = gen.render(call_text(rng, words), font, rng)
            else:
                img, label = gen.render(random_text(rng, words), font, rng, tracking=rng.uniform(0.3, 0.7))
            items.append((image_to_line_input(img), label))
        out[f"{kind}, {faces} held out"] = items
    return out


if __name__ == "__main__":
    main(__doc__, build_lines)
