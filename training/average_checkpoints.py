"""Average the weights of line recognizer checkpoints that share one architecture ("model soup").

A model fine-tuned from another stays in the same basin of the loss, and the average of the
two often reads better than either: each fine-tuning stage trades a little of what the earlier
weights knew (digit strings, printed faces) for what it learns (new handwriting faces), and the
average keeps more of both. The shipped stage-9 weights are the average of stage 8 and the
last epoch of its fine-tuning (artifacts/text-lines/README.md has the figures).

    python -m training.average_checkpoints stage8.pt outputs/line_recognizer/crnn-stage9/best.pt \
        --out outputs/line_recognizer/crnn-stage9-soup/best.pt
    python -m training.train_line_recognizer --mnist-dir ../shared/datasets/mnist-8k \
        --experiment crnn-stage9-soup --export artifacts/text-lines/model.pt

A stage that widened the model (`--hidden`, `--channels`) is averaged with the one before it
through `--widen-seed`, which first grows the narrower weights as that fine-tuning did.

The output is a checkpoint `--export` takes: the averaged weights, with the description and
provenance of the *last* checkpoint given, and `averaged_from` naming all of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from text_recognizer.models.line_recognizer import LineRecognizerConfig, grow_to


def average(states: list[dict]) -> dict:
    """The last state with its floating-point weights replaced by the mean over all states
    (integer buffers, such as BatchNorm's batch count, are the last state's)."""
    configs = {repr(s["model_config"]) for s in states}
    if len(configs) != 1:
        raise ValueError(f"checkpoints of different architectures cannot be averaged: {sorted(configs)}")
    if len({s["charset"] for s in states}) != 1:
        raise ValueError("checkpoints with different charsets cannot be averaged")
    last = dict(states[-1])
    last["state_dict"] = {
        k: (sum(s["state_dict"][k].float() for s in states) / len(states)) if v.is_floating_point() else v.clone()
        for k, v in states[-1]["state_dict"].items()
    }
    return last


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+", type=Path,
                   help="model.pt files or training checkpoints; the last one's provenance is kept")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--widen-seed", type=int, default=None, metavar="SEED",
                   help="first grow checkpoints narrower than the last one (fewer LSTM units or CNN channels) "
                        "to its shape, as `train_line_recognizer --init ... --hidden/--channels --seed SEED` did: "
                        "with that run's seed, the widened copy is exactly the model its fine-tuning started from")
    args = p.parse_args(argv)
    if len(args.checkpoints) < 2:
        p.error("give two checkpoints or more")
    states = [torch.load(c, map_location="cpu", weights_only=True) for c in args.checkpoints]
    if args.widen_seed is not None:
        target = LineRecognizerConfig.from_dict(states[-1]["model_config"])
        for s in states[:-1]:
            s["state_dict"] = grow_to(s["state_dict"], LineRecognizerConfig.from_dict(s["model_config"]), target,
                                      seed=args.widen_seed)
            s["model_config"] = target.to_dict()
            if states[-1]["charset"].startswith(s["charset"]):  # characters appended since, as --init allows
                s["charset"] = states[-1]["charset"]
    soup = average(states)
    soup["averaged_from"] = [str(c) for c in args.checkpoints]
    for key in ("optimizer", "scheduler"):  # the last one's optimizer state does not fit the average
        soup.pop(key, None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(soup, args.out)
    print(f"wrote {args.out}: the mean of {len(states)} checkpoints")


if __name__ == "__main__":
    main()
