"""Eager PyTorch vs the served TorchScript form (text_recognizer/compiled.py), same run, same thread count.

    python benchmarks/compiled_forward.py [--threads 1] [--repeats 30]

Prints ms per forward pass of the digits classifier at batch 1, 8 and 64, and of the line recognizer's
CNN per line (the benchmark's eight text lines, and 60 random widths it has not seen), for the eager
modules and the compiled ones, with the ratio and the largest output difference. Run it on a quiet
machine: each figure is the median of --repeats timings, eager and compiled interleaved.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_recognizer.compiled import compile_for_cpu  # noqa: E402
from text_recognizer.models.classifier import ClassifierCNN, ClassifierConfig  # noqa: E402
from text_recognizer.models.line_recognizer import build_model  # noqa: E402
from text_recognizer.ocr_predictor import LinePredictor  # noqa: E402
from text_recognizer.preprocessing.images import decode_image  # noqa: E402
from text_recognizer.preprocessing.lines import pad_batch  # noqa: E402
from workloads import line_pngs  # noqa: E402

CPU = torch.device("cpu")


def _median_ms(fn, inputs: list[torch.Tensor], repeats: int) -> float:
    with torch.inference_mode():
        for x in inputs:
            fn(x)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for x in inputs:
                fn(x)
            times.append((time.perf_counter() - t0) / len(inputs))
    return statistics.median(times) * 1000


def compare(name: str, eager: torch.nn.Module, inputs: list[torch.Tensor], repeats: int) -> None:
    compiled = compile_for_cpu(copy.deepcopy(eager), CPU)
    with torch.inference_mode():
        diff = max(float((eager(x) - compiled(x)).abs().max()) for x in inputs)
    e1, c1 = _median_ms(eager, inputs, repeats), _median_ms(compiled, inputs, repeats)
    e2, c2 = _median_ms(eager, inputs, repeats), _median_ms(compiled, inputs, repeats)
    e, c = min(e1, e2), min(c1, c2)
    print(f"{name:48s} eager {e:7.2f} ms  compiled {c:7.2f} ms  {e / c:4.2f}x  max |diff| {diff:.1e}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} thread(s)")

    ckpt = torch.load(ROOT / "artifacts" / "digits" / "model.pt", map_location="cpu", weights_only=False)
    eager_clf = ClassifierCNN(ClassifierConfig(**ckpt["config"]))
    eager_clf.load_state_dict(ckpt["state_dict"])
    eager_clf.eval()
    g = torch.Generator().manual_seed(0)
    for bs in (1, 8, 64):
        xs = [torch.randn(bs, 1, 28, 28, generator=g) for _ in range(4)]
        compare(f"digits classifier, batch {bs} (ms per batch)", eager_clf, xs, args.repeats)

    ocr = torch.load(ROOT / "artifacts" / "text-lines" / "model.pt", map_location="cpu", weights_only=True)
    line_model = build_model(ocr["model_config"])
    line_model.load_state_dict(ocr["state_dict"])
    cnn = line_model.cnn.eval()
    prep = LinePredictor(ocr, device="cpu")
    lines = [pad_batch([a])[0] for _, b in line_pngs() for a in (line.array for line in prep.prepare(decode_image(b)))]
    compare("line recognizer CNN, benchmark lines (per line)", cnn, lines, max(3, args.repeats // 5))
    rng = np.random.default_rng(0)
    unseen = [torch.rand(1, 1, 32, int(w), generator=g) for w in rng.integers(60, 1200, 60)]
    compare("line recognizer CNN, 60 new widths (per line)", cnn, unseen, 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
