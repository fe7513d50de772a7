"""Read sets of rendered lines as `/ocr` serves them, weights by weights, and print CER and exact lines.

Shared by the benchmarks of particular kinds of text (`bar_glyphs.py`, `calls_and_tracking.py`,
`contact_lines.py`):
each builds its sets, this reads them greedily and with the word list (int8, one line a pass).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import torch

from text_recognizer.ctc import cer
from text_recognizer.ocr_predictor import DEFAULT_WEIGHTS, LinePredictor


def print_readings(lines: dict[str, list[tuple[object, str]]], checkpoints: list[str], show: int = 0,
                   total: str | None = None) -> None:
    """For each checkpoint and set: CER and the share of lines read exactly, greedy / with the word
    list; with `show`, that many misread lines per set as the service reads them. With `total`, a
    last row so named for all the sets' lines together, from the same readings."""
    width = max(len(k) for k in [*lines, total or ""]) + 2
    count = len(next(iter(lines.values())))
    print(f"{count} lines per set; CER and exact lines, as served (int8): greedy / with the word list")
    print(f"{'weights':<28} {'set':<{width}} {'CER':>15} {'exact':>13}")

    def row(name: str, kind: str, refs: list[str], reads: list[list[str]]) -> None:
        cers = [cer(r, refs) for r in reads]
        exact = [sum(a == b for a, b in zip(r, refs)) / len(refs) for r in reads]
        print(f"{name:<28} {kind:<{width}} {cers[0]:6.2%} / {cers[1]:6.2%} {exact[0]:5.0%} / {exact[1]:5.0%}",
              flush=True)

    for ckpt in checkpoints:
        greedy = LinePredictor(ckpt, device="cpu", use_lexicon=False)
        served = LinePredictor(ckpt, device="cpu")
        name = short_name(ckpt)
        all_refs: list[str] = []
        all_reads: list[list[str]] = [[], []]
        for kind, items in lines.items():
            refs = [t for _, t in items]
            arrays = [a for a, _ in items]
            reads = [[r.text for r in p.recognize(arrays)] for p in (greedy, served)]
            row(name, kind, refs, reads)
            for ref, got in [(a, b) for a, b in zip(refs, reads[1]) if a != b][:show]:
                print(f"    {ref!r} -> {got!r}")
            all_refs += refs
            for pooled, r in zip(all_reads, reads):
                pooled += r
        if total:
            row(name, total, all_refs, all_reads)


def short_name(checkpoint: str) -> str:
    """A weights file's name as the tables print it: at most 28 characters, its end kept."""
    name = Path(checkpoint).name
    return name if len(name) <= 28 else "..." + name[-25:]


def benchmark_parser(description: str, lines: int = 150, lines_help: str = "lines per set") -> argparse.ArgumentParser:
    """The options every rendered-line benchmark takes (also `bilevel_lines.py`): which weights
    (`--checkpoint`, repeatable, the shipped ones by default), how many lines, the word list, threads."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", action="append", default=None,
                    help=f"weights to measure (repeatable; default {DEFAULT_WEIGHTS})")
    ap.add_argument("--lines", type=int, default=lines, help=lines_help)
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--threads", type=int, default=1)
    return ap


def main(description: str, build_lines: Callable[[int, str], dict[str, list[tuple[object, str]]]]) -> None:
    """The command line of such a benchmark: which weights, how many lines per set, and the
    `build_lines(count, words_path)` that renders its sets."""
    ap = benchmark_parser(description)
    ap.add_argument("--show", type=int, default=0, help="print this many misread lines per set")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print_readings(build_lines(args.lines, args.words), args.checkpoint or [str(DEFAULT_WEIGHTS)], args.show)
