"""How well short handwriting-font paragraphs are split into lines and read, by how close their lines are set.

    python benchmarks/handwritten_paragraphs.py --pages 25

A note written by hand has lines set close: one line's loops reach into the next, and the row
profile between them never falls to nothing. Each page here is 3-5 lines of 3-6 dictionary words
in one handwriting face, 28, 36 or 48 px, its lines `pitch` font sizes apart (1.0: the loops touch;
1.5: clear gaps), each line shifted a little sideways, the page turned up to 2 degrees and blurred
0.6 px; dark grey ink on light grey paper. Pages are read by the served `LinePredictor.read`
(segmentation, int8 model on a CPU, word list), as `/ocr` reads an upload. Printed are the pages
whose line count came out wrong and the CER of the whole text against the lines joined by newlines,
compared in lower case (Humor Sans has capitals only), for the held-out handwriting faces (never
trained on) and for the training ones. Fixed seeds: the same pages in every run.

`--kind printed` makes the same kind of pages in printed faces, their lines 0.9-1.2 font sizes
apart (typesetting's usual is about 1.2): a "g" or "y" may touch a capital or an "l" of the next line.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from text_recognizer.ctc import cer  # noqa: E402
from text_recognizer.data.synthetic_lines import discover_fonts, load_words, select_fonts  # noqa: E402
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS, LinePredictor  # noqa: E402

PITCHES = {"handwriting": (1.0, 1.2, 1.5), "printed": (0.9, 1.0, 1.2)}
SIZES = (28, 36, 48)
SEED = 5


def page(font_path: str, words: list[str], size: int, pitch: float, rng: random.Random) -> tuple[Image.Image, list[str]]:
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(3, 5))]
    font = ImageFont.truetype(font_path, size)
    img = Image.new("L", (int(max(font.getlength(t) for t in lines)) + 4 * size, int(len(lines) * size * pitch + 3 * size)), 235)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        draw.text((2 * size + rng.randint(-size // 3, size // 3), int(1.2 * size + k * size * pitch)), text, font=font, fill=40)
    img = img.rotate(rng.uniform(-2, 2), resample=Image.Resampling.BICUBIC, fillcolor=235, expand=True)
    return img.filter(ImageFilter.GaussianBlur(0.6)), lines


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=str(DEFAULT_WEIGHTS))
    p.add_argument("--pages", type=int, default=25, help="pages per face set and pitch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--kind", choices=sorted(PITCHES), default="handwriting", help="the faces the pages are set in")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    fonts = discover_fonts()
    words = [w for w in load_words() if w.isalpha() and w.islower() and 3 <= len(w) <= 9]
    predictor = LinePredictor(args.checkpoint)
    rng = random.Random(SEED)
    print(f"{'faces':<10} {'pitch':>5} {'wrong line count':>17} {'CER':>7}")
    for name, held_out in (("held-out", True), ("training", False)):
        faces = select_fonts(fonts, args.kind, held_out)
        for pitch in PITCHES[args.kind]:
            wrong, errors = 0, []
            for _ in range(args.pages):
                face = rng.choice(faces)
                img, lines = page(face.path, words, rng.choice(SIZES), pitch, rng)
                result = predictor.read(img)
                wrong += len(result.lines) != len(lines)
                errors.append(cer(result.text.lower(), "\n".join(lines)))
            print(f"{name:<10} {pitch:>5.1f} {f'{wrong} / {args.pages}':>17} {100 * float(np.mean(errors)):>6.1f}%", flush=True)


if __name__ == "__main__":
    main()
