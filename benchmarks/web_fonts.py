"""How well the line recogniser reads popular text faces that it was never trained on.

The validation set's held-out printed families are four (Carlito, Charis SIL, Roboto Slab,
Inconsolata). What users upload is mostly set in the faces of the web and of apps, so this reads
42 popular Google Fonts families (`font_packages.PROBE_PACKAGES`: Playfair Display, Poppins,
Merriweather, JetBrains Mono, Oswald, Titillium Web, ...) that training never sees; the 42 others
of the same list (`PRINTED_PACKAGES`) are training faces, though no shipped weights were trained
with them (the model card's "Tried and not kept (after stage 16, the second)"). Fetch them first:

    python -m text_recognizer.data.font_packages --probe
    python benchmarks/web_fonts.py --checkpoint old.pt --checkpoint artifacts/text-lines/model.pt --by-family

Lines are the validation set's kind (words, numbers, dates, codes; its sizes and scan-like damage,
no training distortions), `--lines` per family, each family with a seed of its own; every weight
and style of a family is drawn. Each line is read as served (int8, one line a pass), greedy and
with the word list.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_recognizer.data.font_packages import DEFAULT_DEST, PROBE_PACKAGES, PROBE_SUBDIR  # noqa: E402
from text_recognizer.data.synthetic_lines import FontInfo, SyntheticLines, discover_fonts, load_words  # noqa: E402
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS  # noqa: E402
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

from served_lines import benchmark_parser, print_readings  # noqa: E402

#: Family k (in PROBE_PACKAGES' sorted order) draws its lines with seed SEED + k.
SEED = 52_000


def probe_families(root: Path = DEFAULT_DEST / PROBE_SUBDIR) -> dict[str, list[FontInfo]]:
    """package name -> its faces, as discovery classifies them (every charset character drawn,
    capitals-only faces labelled in capitals), in the order of the pins."""
    faces = discover_fonts((str(root.parent),))
    families = {}
    for name, (version, _) in sorted(PROBE_PACKAGES.items()):
        folder = root / f"{name}-{version}"
        if not folder.is_dir():
            raise SystemExit(f"{folder} is missing: run `python -m text_recognizer.data.font_packages --probe`")
        if found := [f for f in faces if Path(f.path).parent == folder]:
            families[name] = found
    return families


def build_lines(per_family: int, words_path: str) -> dict[str, list[tuple[object, str]]]:
    words = load_words(words_path)
    out = {}
    for k, (name, faces) in enumerate(probe_families().items()):
        gen = SyntheticLines(faces, words, seed=SEED + k)  # validation's sizes, no training distortions
        out[name] = [(image_to_line_input(img), label) for img, label, _ in map(gen.sample, range(per_family))]
    return out


def main() -> None:
    ap = benchmark_parser(__doc__, lines=24, lines_help="lines per family")
    ap.add_argument("--by-family", action="store_true", help="also print each family's CER")
    ap.add_argument("--show", type=int, default=0, help="print this many misread lines per set")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sets = build_lines(args.lines, args.words)
    total = f"{len(sets)} families never trained on"
    checkpoints = args.checkpoint or [str(DEFAULT_WEIGHTS)]
    if args.by_family:  # each line is read once: the total comes from the families' readings
        print_readings(sets, checkpoints, args.show, total=total)
    else:
        print_readings({total: [item for items in sets.values() for item in items]}, checkpoints, args.show)


if __name__ == "__main__":
    main()
