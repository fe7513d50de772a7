"""How much worse the line recogniser reads bilevel (fax, black-and-white scan) lines than grey ones.

    python benchmarks/bilevel_lines.py --checkpoint artifacts/text-lines/model.pt \
        --checkpoint stage10.pt --lines 40

For each font size, the same held-out lines (printed and handwriting font families never
trained on, seeds of their own) are read three ways: as rendered (grey, with the validation
set's scan-like damage), thresholded at the middle of their paper and ink tones (a bilevel
scanner's or a fax's output), and Floyd-Steinberg dithered (a grey scan saved as 1-bit). All
three go through `image_to_line_input`, as an upload does (it blurs bilevel images back into
grey levels, `preprocessing.page.smooth_bilevel`). Greedy decoding, no word list: this measures
the network. Give several `--checkpoint`s to compare weights on the same lines in one run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from text_recognizer.ctc import cer  # noqa: E402
from text_recognizer.data.synthetic_lines import SyntheticLines, discover_fonts, load_words, select_fonts  # noqa: E402
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS, LinePredictor  # noqa: E402
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

from served_lines import benchmark_parser, short_name  # noqa: E402

#: Seeds of these lines (validation uses 10_001..10_003, the Tesseract comparison 20_001..20_003).
SEEDS = {"printed": 30_001, "handwriting": 30_002}
SIZES = (11, 14, 17, 20, 30)
FORMS = ("grey", "thresholded", "dithered")


def thresholded(img: Image.Image) -> Image.Image:
    """Black where darker than halfway between the paper and the ink, the paper's tone taken
    locally (a bright filter of about a line's height): what a bilevel scanner's adaptive
    threshold does, so uneven light does not black out part of the line. Light-on-dark lines
    stay light on dark."""
    gray = np.asarray(img.convert("L"), dtype=np.float32)
    light_on_dark = bool(np.median(gray) < gray.mean())  # the paper is most of a line: its median
    g = 255.0 - gray if light_on_dark else gray
    size = max(3, (img.height // 2) | 1)
    paper = Image.fromarray(g.astype(np.uint8)).filter(ImageFilter.MaxFilter(size))
    paper = np.asarray(paper.filter(ImageFilter.GaussianBlur(size / 2)), dtype=np.float32)
    norm = g / np.maximum(paper, 1.0)
    ink = norm <= (float(np.percentile(norm, 2)) + 1.0) / 2
    if light_on_dark:
        ink = ~ink
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), mode="L")


def dithered(img: Image.Image) -> Image.Image:
    return img.convert("L").convert("1").convert("L")


def build_lines(n: int, words_path: str) -> dict[tuple[str, int], list[tuple[Image.Image, str]]]:
    fonts = discover_fonts()
    words = load_words(words_path)
    out = {}
    for kind, seed in SEEDS.items():
        faces = select_fonts(fonts, kind, True)
        for size in SIZES:
            gen = SyntheticLines(faces, words, seed=seed * 100 + size, min_size=size, max_size=size)
            out[(kind, size)] = [gen(i) for i in range(n)]
    return out


def main() -> None:
    args = benchmark_parser(__doc__, lines=40, lines_help="lines per set and size").parse_args()
    torch.set_num_threads(args.threads)
    checkpoints = args.checkpoint or [str(DEFAULT_WEIGHTS)]
    lines = build_lines(args.lines, args.words)
    forms = {"grey": lambda im: im, "thresholded": thresholded, "dithered": dithered}
    inputs = {(key, form): [image_to_line_input(forms[form](img)) for img, _ in items]
              for key, items in lines.items() for form in FORMS}
    print(f"greedy CER, {args.lines} lines per set and size (held-out font families)")
    print(f"{'weights':<28} {'set':<12} {'px':>3} " + " ".join(f"{f:>12}" for f in FORMS) + f" {'worst/grey':>10}")
    for ckpt in checkpoints:
        predictor = LinePredictor(ckpt, device="cpu", use_lexicon=False)
        name = short_name(ckpt)
        for (kind, size), items in lines.items():
            refs = [t for _, t in items]
            cers = [cer([r.text for r in predictor.recognize(inputs[((kind, size), form)])], refs) for form in FORMS]
            ratio = max(cers[1:]) / max(cers[0], 1e-4)
            print(f"{name:<28} {kind:<12} {size:>3} " + " ".join(f"{c:12.2%}" for c in cers) + f" {ratio:10.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
