"""What the served word list (`text_recognizer/lexicon.py`) gains where it can help and costs where it can only hurt.

    python benchmarks/word_list.py --lines 300

Lines in held-out font families (never trained on), seeds of their own, read as `/ocr` reads
them (int8 model on a CPU, one line a pass), four kinds of text:

- prose: passages of Debian's `fortunes`, as people write (short words, sentences);
- words: the validation set's mix of random dictionary words, codes and numbers (its words here
  from the served word list, lower case, where validation takes wamerican's as spelled);
- near-miss: every word one letter from a listed word but not listed (made-up names, jargon);
- compounds: every word two listed words run together but not listed (closed compounds, names).

Each is read greedily, with the word list's respelling only, and with splits of run-together
words at `SPLIT_BONUS` and at the other bonuses given. The last two kinds are the worst case
for the word list and for its splits. Fixed seeds: the same lines in every run.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from text_recognizer import lexicon  # noqa: E402
from text_recognizer.ctc import cer  # noqa: E402
from text_recognizer.data.synthetic_lines import (  # noqa: E402
    DEFAULT_PROSE_DIR, SyntheticLines, discover_fonts, load_prose, select_fonts)
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS, LinePredictor  # noqa: E402
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

#: Seeds of these lines (validation uses 10_001..10_003, the Tesseract comparison 20_001..20_003,
#: bilevel_lines 30_00x, the lexicon tests 31_00x).
SEEDS = {"printed": 41_001, "handwriting": 41_002}
KINDS = ("prose", "words", "near-miss", "compounds")


def altered_words(words: list[str], kind: str, count: int, seed: int) -> list[str]:
    """Unlisted words: one letter changed (`near-miss`) or two listed words joined (`compounds`)."""
    rng, listed, out = random.Random(seed), set(words), []
    plain = [w for w in words if "'" not in w]
    while len(out) < count:
        if kind == "near-miss":
            w = rng.choice(plain)
            if len(w) < 5:
                continue
            k = rng.randrange(len(w))
            v = w[:k] + rng.choice("abcdefghijklmnopqrstuvwxyz") + w[k + 1:]
        else:
            v = rng.choice(plain) + rng.choice(plain)
            if not 6 <= len(v) <= 12:
                continue
        if v not in listed:
            out.append(v)
    return out


def lines_of(kind: str, faces: str, fonts, words: list[str], prose, count: int):
    seed = SEEDS[faces] + 100 * KINDS.index(kind)
    if kind == "prose":
        gen = SyntheticLines(fonts, words, seed=seed, prose=prose, prose_share=1.0)
    elif kind == "words":
        gen = SyntheticLines(fonts, words, seed=seed)
    else:
        gen = SyntheticLines(fonts, altered_words(words, kind, 400, seed), seed=seed, prose=())
    return [(image_to_line_input(img), text) for img, text in (gen(i) for i in range(count))]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=str(DEFAULT_WEIGHTS), help="model.pt with lexicon.txt beside it")
    p.add_argument("--lines", type=int, default=300, help="lines per kind and face set")
    p.add_argument("--split-bonus", type=float, action="append", default=None,
                   help=f"bonuses for splits to compare (repeatable; default {lexicon.SPLIT_BONUS} and 4)")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    bonuses = args.split_bonus or [lexicon.SPLIT_BONUS, 4.0]
    fonts = discover_fonts()
    words = lexicon.build_word_list(Path(args.checkpoint).parent / lexicon.LEXICON_FILE)
    prose = load_prose(DEFAULT_PROSE_DIR)
    if not prose:
        sys.exit(f"no prose under {DEFAULT_PROSE_DIR}: apt-get install fortunes")
    greedy = LinePredictor(args.checkpoint, use_lexicon=False)
    served = LinePredictor(args.checkpoint)
    if served.lexicon is None:
        sys.exit(f"no {lexicon.LEXICON_FILE} beside {args.checkpoint}")
    configs = ["greedy", "respelling only"] + [f"split {b:g} nats" for b in bonuses]
    print(f"{'faces':<12} {'text':<10} " + " ".join(f"{c:>16}" for c in configs))
    for faces in ("printed", "handwriting"):
        held_out = select_fonts(fonts, faces, True)
        for kind in KINDS:
            items = lines_of(kind, faces, held_out, words, prose, args.lines)
            arrays, refs = [a for a, _ in items], [t for _, t in items]
            row = [cer([r.text for r in greedy.recognize(arrays)], refs)]
            for bonus in [float("-inf")] + bonuses:  # -inf: no split is ever taken
                served.lexicon.split_bonus = bonus
                row.append(cer([r.text for r in served.recognize(arrays)], refs))
            print(f"{faces:<12} {kind:<10} " + " ".join(f"{100 * c:>15.2f}%" for c in row), flush=True)
    print(f"({args.lines} lines per row, CER, held-out faces, served form, {args.threads} thread(s))")


if __name__ == "__main__":
    main()
