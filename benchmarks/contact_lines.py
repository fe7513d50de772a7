"""How well the line recogniser reads the text of cards, signs and forms that its lines lacked until
stage 15 (`synthetic_lines.contact_text`): international phone numbers ("+44 20 7946 0958"), web
addresses with their scheme ("https://..."), postcodes, IBANs, card numbers and plates in groups a
single space apart ("SW19 2EL"), quantities ("3 x Coffee"), and since stage 16 words a slash apart
("Yes / No", "and/or").

    python benchmarks/contact_lines.py --checkpoint old.pt --checkpoint artifacts/text-lines/model.pt

The stage-14 weights read a "+" that starts a number as "4", "https://" as "https:/ /", and
"SW19 2EL" as "SW192EL"; the stage-15 weights read "a / b" as "a/b" and "Input / Output" as
"Input I Output". Lines use seeds of their own and the validation set's sizes and scan-like
damage, without training distortions, in held-out printed and held-out handwriting families; each is
read as served (int8, one line a pass), greedy and with the word list.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_recognizer.data.synthetic_lines import (  # noqa: E402
    SyntheticLines, contact_text, discover_fonts, load_words, select_fonts,
)
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

from served_lines import main  # noqa: E402

#: Seeds of these lines (the calls and tracking benchmark uses 42_001..42_004).
SEEDS = {"printed": 42_005, "handwriting": 42_006}


def build_lines(n: int, words_path: str) -> dict[str, list[tuple[object, str]]]:
    fonts, words = discover_fonts(), load_words(words_path)
    out = {}
    for faces, seed in SEEDS.items():
        held_out = select_fonts(fonts, faces, True)
        gen = SyntheticLines(held_out, words, seed=seed)  # validation's sizes, no training distortions
        rngs = [gen.rng_for(i) for i in range(n)]
        drawn = [gen.render(contact_text(rng, words), rng.choice(held_out), rng) for rng in rngs]
        out[f"contacts, {faces} held out"] = [(image_to_line_input(img), label) for img, label in drawn]
    return out


if __name__ == "__main__":
    main(__doc__, build_lines)
