"""Compare the shipped line recogniser with Tesseract on the same held-out line images.

    python benchmarks/compare_tesseract.py --checkpoint artifacts/text-lines/model.pt \
        --mnist-dir ../shared/datasets/mnist-8k --lines 200

Three sets, none seen in training: lines in held-out printed font families, lines in
held-out handwriting font families, and strings of held-out MNIST digits (7000-7999). They
use their own seeds, different from the validation seeds used to pick checkpoints.

The line recognizer is run twice: as served (doubtful words corrected against its word list,
`text_recognizer/lexicon.py`; Tesseract uses its own dictionary too) and plain greedy
("line_recognizer, greedy", the network alone).

Both engines get one CPU thread (Tesseract via OMP_THREAD_LIMIT=1) and the same PNGs.
Tesseract runs once per set over a list file (`--psm 7`, single line), so process start-up
is paid once, not per line. Lines/s covers preprocessing plus recognition for both.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from text_recognizer.ctc import cer, wer  # noqa: E402
from text_recognizer.data.charset import DEFAULT_CHARSET  # noqa: E402
from text_recognizer.data.digit_strings import VAL_RANGE, DigitStrings, load_mnist  # noqa: E402
from text_recognizer.data.synthetic_lines import SyntheticLines, discover_fonts, load_words, select_fonts  # noqa: E402
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS, LinePredictor  # noqa: E402
from text_recognizer.preprocessing.lines import image_to_line_input  # noqa: E402

#: Seeds of the comparison sets (validation during training uses 10_001..10_003).
SEEDS = {"printed": 20_001, "handwriting": 20_002, "digits": 20_003}


def build_sets(mnist_dir: str, n: int, words_path: str) -> dict[str, list]:
    fonts = discover_fonts()
    words = load_words(words_path)
    images, labels = load_mnist(mnist_dir)
    gens = {
        "printed": SyntheticLines(select_fonts(fonts, "printed", True), words, seed=SEEDS["printed"]),
        "handwriting": SyntheticLines(select_fonts(fonts, "handwriting", True), words, seed=SEEDS["handwriting"]),
        "digits": DigitStrings(images, labels, VAL_RANGE, select_fonts(fonts, "printed", True), seed=SEEDS["digits"]),
    }
    return {name: [gen(i) for i in range(n)] for name, gen in gens.items()}


def normalize(text: str) -> str:
    return " ".join(DEFAULT_CHARSET.normalize(text).split())


def run_tesseract(paths: list[Path], workdir: Path) -> list[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    listing = workdir / "list.txt"
    listing.write_text("\n".join(str(p) for p in paths) + "\n")
    out = subprocess.run(["tesseract", str(listing), "stdout", "--psm", "7", "-l", "eng"],
                         capture_output=True, text=True, env=env, check=True).stdout
    pages = out.split("\f")
    if len(pages) >= len(paths):
        return [normalize(p) for p in pages[: len(paths)]]
    # Page separators missing (older Tesseract): fall back to one process per line.
    return [normalize(subprocess.run(["tesseract", str(p), "stdout", "--psm", "7", "-l", "eng"], capture_output=True,
                                     text=True, env=env, check=True).stdout) for p in paths]


def run_model(predictor: LinePredictor, images: list) -> list[str]:
    arrays = [image_to_line_input(img) for img in images]
    return [r.text for r in predictor.recognize(arrays)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=str(DEFAULT_WEIGHTS))
    ap.add_argument("--mnist-dir", required=True)
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--lines", type=int, default=200, help="lines per set")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    predictor = LinePredictor(args.checkpoint, device="cpu")
    greedy = LinePredictor(args.checkpoint, device="cpu", use_lexicon=False)
    sets = build_sets(args.mnist_dir, args.lines, args.words)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in sets.items():
            images, refs = [img for img, _ in items], [t for _, t in items]
            paths = []
            for i, img in enumerate(images):
                p = Path(tmp) / f"{name}_{i:04d}.png"
                img.save(p)
                paths.append(p)
            t0 = time.perf_counter()
            ours = run_model(predictor, images)
            t_ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            plain = run_model(greedy, images)
            t_plain = time.perf_counter() - t0
            t0 = time.perf_counter()
            tess = run_tesseract(paths, Path(tmp))
            t_tess = time.perf_counter() - t0
            rows.append((name, "line_recognizer", cer(ours, refs), wer(ours, refs), len(refs) / t_ours))
            rows.append((name, "  greedy", cer(plain, refs), wer(plain, refs), len(refs) / t_plain))
            rows.append((name, "tesseract --psm 7", cer(tess, refs), wer(tess, refs), len(refs) / t_tess))
    print(f"{'set':<12} {'engine':<18} {'CER':>7} {'WER':>7} {'lines/s':>8}")
    for name, engine, c, w, speed in rows:
        print(f"{name:<12} {engine:<18} {c:7.2%} {w:7.2%} {speed:8.1f}")
    print(f"({args.lines} lines per set, {args.threads} thread(s), tesseract {subprocess.run(['tesseract', '--version'], capture_output=True, text=True).stdout.split()[1]})")


if __name__ == "__main__":
    main()
