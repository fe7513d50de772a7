"""Train the CRNN line recogniser on synthetic font lines and real handwritten digit strings.

    python -m training.train_line_recognizer --mnist-dir ../shared/datasets/mnist-8k \
        --epochs 12 --train-size 12000 --threads 1 --experiment crnn

Training lines are rendered on the fly from (seed, epoch, index), so every epoch sees new
text, fonts and damage at no storage cost; validation lines are rendered once, from held-out
font families and held-out MNIST digits, with a fixed seed. Items are loaded in groups of
`--group` batches and sorted by width inside the group, which keeps padding (wasted CPU)
small without changing what the model sees.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm

from text_recognizer.ctc import cer, greedy_decode, wer
from text_recognizer.data.charset import DEFAULT_CHARSET
from text_recognizer.device import set_threads
from text_recognizer.data.font_packages import HANDWRITING_SUBDIR, PACKAGES
from text_recognizer.data.digit_strings import DigitStrings, load_mnist, TRAIN_RANGE, VAL_RANGE
from text_recognizer.data.synthetic_lines import (
    DEFAULT_FONT_DIRS, DEFAULT_PROSE_DIR, DEFAULT_WORDS_PATH, SyntheticLines, discover_fonts, load_prose, load_words,
    select_fonts,
)
from text_recognizer.models.line_recognizer import LineRecognizerConfig, build_model, grow_to
from text_recognizer.preprocessing.lines import image_to_line_input, pad_batch, preprocessing_params
from text_recognizer.provenance import code_version, command_line

#: Default share of each source in a training epoch (override with --mix).
MIX = (("printed", 0.45), ("handwriting", 0.35), ("digits", 0.20))
VAL_SUBSETS = ("printed", "handwriting", "digits")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fonts-dir", action="append", default=None, help="font folder (repeatable); default: system folders")
    p.add_argument("--mnist-dir", required=True, help="folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz")
    p.add_argument("--words", default=DEFAULT_WORDS_PATH)
    p.add_argument("--prose", default=DEFAULT_PROSE_DIR,
                   help="folder of fortune files (Debian's `fortunes`) that real-English training lines are cut from; "
                        "'' for none")
    p.add_argument("--prose-share", type=float, default=0.25, help="share of font lines cut from --prose")
    p.add_argument("--train-size", type=int, default=12000, help="lines per epoch, rendered on the fly")
    p.add_argument("--val-size", type=int, default=300, help="lines per validation subset")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--min-font-size", type=int, default=10,
                   help="smallest training font size in px (validation renders 16-52 px, as before it existed)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--group", type=int, default=8, help="batches loaded together and sorted by width")
    p.add_argument("--lr", type=float, default=2e-3, help="peak learning rate of the one-cycle schedule")
    p.add_argument("--weight-decay", type=float, default=1e-2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--workers", type=int, default=1, help="DataLoader workers rendering lines")
    p.add_argument("--mix", type=_parse_mix, default=MIX, metavar="P,H,D",
                   help="shares of printed, handwriting and digit-string lines per epoch (default 0.45,0.35,0.20)")
    p.add_argument("--init", metavar="MODEL", default=None,
                   help="start from these weights (a shipped model.pt or a checkpoint) with a fresh schedule: "
                        "fine-tuning on new data costs a fraction of training from scratch")
    p.add_argument("--hidden", type=int, default=None,
                   help="LSTM units per direction (default: the --init model's, else 128). With --init, a "
                        "larger value widens the trained model without changing what it computes "
                        "(`models.line_recognizer.widen`), and training then puts the new units to use")
    p.add_argument("--channels", type=_parse_channels, default=None, metavar="C1,...,C5",
                   help="CNN channels per block (default: the --init model's, else 32,64,128,128,192). With --init, "
                        "more channels widen the trained CNN without changing what it computes "
                        "(`models.line_recognizer.widen_cnn`)")
    p.add_argument("--experiment", default="crnn")
    p.add_argument("--output-dir", default=None, help="default: outputs/line_recognizer/<experiment>")
    p.add_argument("--resume", action="store_true", help="continue from <output-dir>/checkpoint.pt")
    p.add_argument("--restart-lr", type=float, default=None,
                   help="with --resume and a changed plan (more epochs): anneal from this learning rate")
    p.add_argument("--export", metavar="PATH", default=None,
                   help="do not train: write the slim serving file (e.g. artifacts/text-lines/model.pt) from "
                        "<output-dir>/best.pt, with its metrics measured again on the validation set (and "
                        "metrics.json beside it)")
    return p.parse_args(argv)


def _parse_channels(text: str) -> tuple[int, ...]:
    try:
        parts = tuple(int(v) for v in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 5 or any(v < 1 for v in parts):
        raise argparse.ArgumentTypeError("--channels takes five positive channel counts, e.g. 32,64,128,192,256")
    return parts


def _parse_mix(text: str) -> tuple[tuple[str, float], ...]:
    parts = [float(v) for v in text.split(",")]
    if len(parts) != 3 or any(v < 0 for v in parts) or sum(parts) <= 0:
        raise argparse.ArgumentTypeError("--mix takes three non-negative shares, e.g. 0.35,0.45,0.20")
    return tuple(zip(VAL_SUBSETS, (v / sum(parts) for v in parts)))


class MixedLines(Dataset):
    """Training lines from three generators, re-drawn each epoch (call `set_epoch`)."""

    def __init__(self, printed: SyntheticLines, handwriting: SyntheticLines, digits: DigitStrings,
                 size: int, seed: int, mix: tuple[tuple[str, float], ...] = MIX) -> None:
        self.sources = {"printed": printed, "handwriting": handwriting, "digits": digits}
        self.size, self.seed, self.epoch, self.mix = size, seed, 0, mix

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> tuple[np.ndarray, str]:
        key = (self.seed * 1000 + self.epoch) * 10_000_000 + index
        r = random.Random(key).random()
        acc = 0.0
        for name, share in self.mix:
            acc += share
            if r < acc:
                break
        img, text = self.sources[name](key)
        return image_to_line_input(img), text


def _identity(batch):
    return batch


def render_validation(gens: dict, size: int) -> dict[str, list[tuple[np.ndarray, str]]]:
    return {name: [(image_to_line_input(img), text) for img, text in (gen(i) for i in range(size))]
            for name, gen in gens.items()}


@torch.no_grad()
def evaluate(model, val: dict, batch_size: int) -> tuple[dict, dict]:
    model.eval()
    metrics, samples = {}, {}
    for name, items in val.items():
        order = sorted(range(len(items)), key=lambda i: items[i][0].shape[1])
        preds: list[str] = [""] * len(items)
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            x, w = pad_batch([items[i][0] for i in idx])
            lp, lengths = model(x, w)
            for i, (text, _) in zip(idx, greedy_decode(lp, lengths)):
                preds[i] = text
        refs = [t for _, t in items]
        metrics[name] = {"cer": cer(preds, refs), "wer": wer(preds, refs), "lines": len(items)}
        samples[name] = [(items[i][0], refs[i], preds[i]) for i in range(min(6, len(items)))]
    model.train()
    return metrics, samples


def log_samples(writer, samples: dict, epoch: int) -> None:
    for name, rows in samples.items():
        lines = []
        for k, (arr, ref, pred) in enumerate(rows):
            writer.add_image(f"val_{name}/{k}", arr[None], epoch)
            lines.append(f"`{ref}` -> `{pred}`")
        writer.add_text(f"val_{name}/predictions", "  \n".join(lines), epoch)


def train_steps(model, opt, sched, ctc_loss, group: list[tuple[np.ndarray, str]], batch_size: int) -> list[float]:
    group = sorted(group, key=lambda it: it[0].shape[1])
    batches = [group[i : i + batch_size] for i in range(0, len(group), batch_size)]
    random.shuffle(batches)
    losses = []
    for batch in batches:
        x, w = pad_batch([a for a, _ in batch])
        targets = [DEFAULT_CHARSET.encode(t) for _, t in batch]
        tlen = torch.tensor([len(t) for t in targets], dtype=torch.int64)
        flat = torch.tensor([c for t in targets for c in t], dtype=torch.int64)
        lp, lengths = model(x, w)
        loss = ctc_loss(lp, flat, lengths, tlen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
    return losses


SERVING_KEYS = ("state_dict", "model_config", "charset", "preprocessing", "epoch", "metrics", "command",
                "train_seconds", "init", "init_train_seconds", "threads", "averaged_from")


def validation_generators(fonts, words, images, labels) -> dict:
    """The fixed validation set: held-out families and held-out digits, seeds independent of --seed,
    rendered without training augmentation (so it is the same lines in every version)."""
    return {
        "printed": SyntheticLines(select_fonts(fonts, "printed", True), words, seed=10_001),
        "handwriting": SyntheticLines(select_fonts(fonts, "handwriting", True), words, seed=10_002),
        "digits": DigitStrings(images, labels, VAL_RANGE, select_fonts(fonts, "printed", True), seed=10_003),
    }


def export_weights(checkpoint: Path, dest: Path, val: dict | None = None) -> None:
    """Keep what serving needs (weights, config, charset, preprocessing) and provenance;
    drop optimizer and scheduler state, which triple the size and are only for resuming.
    With `val`, the metrics are measured again on it and written to the file and to
    metrics.json beside it, so the shipped figures always come from the fixed validation set."""
    state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    slim = {k: state[k] for k in SERVING_KEYS if k in state}
    slim["state_dict"] = {k: v.detach().clone().float() if v.is_floating_point() else v.clone()
                          for k, v in state["state_dict"].items()}
    dest.parent.mkdir(parents=True, exist_ok=True)
    if val is not None:
        model = build_model(state["model_config"])
        model.load_state_dict(slim["state_dict"])
        slim["metrics"], _ = evaluate(model, val, 64)
        record = {"epoch": state["epoch"] + 1, "validation": slim["metrics"],
                  "mean_cer": float(np.mean([m["cer"] for m in slim["metrics"].values()])),
                  "train_seconds": state.get("train_seconds"), "init": state.get("init"),
                  "init_train_seconds": state.get("init_train_seconds"), "threads": state.get("threads"),
                  "command": state.get("command"), "exported_from": str(checkpoint),
                  "averaged_from": state.get("averaged_from"), "validation_sets": VALIDATION_SETS}
        (dest.parent / "metrics.json").write_text(json.dumps(record, indent=2))
        print(" ".join(f"{k}: CER {m['cer']:.4f} WER {m['wer']:.4f}" for k, m in slim["metrics"].items()))
    torch.save(slim, dest)
    print(f"wrote {dest} ({dest.stat().st_size / 1e6:.1f} MB) from {checkpoint} (epoch {state['epoch'] + 1})")


VALIDATION_SETS = {"printed": "held-out printed font families", "handwriting": "held-out handwriting font families",
                   "digits": "MNIST test images 7000-7999"}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    set_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    out = Path(args.output_dir or f"outputs/line_recognizer/{args.experiment}")
    out.mkdir(parents=True, exist_ok=True)
    command = command_line()

    font_dirs = tuple(args.fonts_dir) if args.fonts_dir else DEFAULT_FONT_DIRS
    fonts = discover_fonts(font_dirs)
    words = load_words(args.words)
    train_printed = select_fonts(fonts, "printed", False)
    train_hand = select_fonts(fonts, "handwriting", False)
    print(f"training faces: {len({f.family for f in train_printed})} printed and "
          f"{len({f.family for f in train_hand})} handwriting families", flush=True)
    if not any(Path(f.path).parent.parent.name == HANDWRITING_SUBDIR for f in train_hand):
        print("warning: no fetched handwriting faces; `python -m text_recognizer.data.font_packages` adds "
              f"{len(PACKAGES)} families from the npm registry (the shipped weights were trained with them)")
    prose = load_prose(args.prose) if args.prose else ()
    if args.prose and not prose:
        print(f"warning: no prose under {args.prose} (apt-get install fortunes); training on generated text only")
    images, labels = load_mnist(args.mnist_dir)
    train_set = MixedLines(
        SyntheticLines(train_printed, words, seed=args.seed + 1, augment=True, prose=prose,
                       prose_share=args.prose_share, min_size=args.min_font_size),
        SyntheticLines(train_hand, words, seed=args.seed + 2, augment=True,
                       prose=prose, prose_share=args.prose_share, min_size=args.min_font_size),
        DigitStrings(images, labels, TRAIN_RANGE, train_printed, seed=args.seed + 3),
        args.train_size, args.seed, args.mix,
    )
    t0 = time.time()
    val = render_validation(validation_generators(fonts, words, images, labels), args.val_size)
    print(f"rendered {sum(len(v) for v in val.values())} validation lines in {time.time() - t0:.0f}s", flush=True)
    if args.export:
        export_weights(out / "best.pt", Path(args.export), val)
        return

    config = LineRecognizerConfig(num_classes=DEFAULT_CHARSET.num_classes)
    init_seconds = 0.0
    if args.init:
        init = torch.load(args.init, map_location="cpu", weights_only=False)
        init_chars = init.get("charset") or ""
        if not init_chars or not DEFAULT_CHARSET.chars.startswith(init_chars):
            sys.exit(f"{args.init} was trained for another charset; it cannot be fine-tuned for this one")
        config = LineRecognizerConfig.from_dict(init["model_config"])
        # The whole chain of fine-tunings, so the shipped file states the total CPU training time.
        init_seconds = float(init.get("train_seconds") or 0.0) + float(init.get("init_train_seconds") or 0.0)
    init_state = init["state_dict"] if args.init else None
    # The shape asked for: the --init model's, grown by --hidden and --channels, with an output
    # unit for every character of the charset.
    target = LineRecognizerConfig.from_dict({
        **config.to_dict(), "num_classes": DEFAULT_CHARSET.num_classes,
        "hidden": args.hidden if args.hidden is not None else config.hidden,
        "channels": list(args.channels if args.channels is not None else config.channels)})
    if init_state is not None:
        if config.num_classes < target.num_classes:
            added = DEFAULT_CHARSET.chars[len(init_chars):]
            print(f"output layer extended for the characters added since {args.init}: {added!r}", flush=True)
        # The same growth `average_checkpoints --widen-seed` repeats to average this run with its start.
        init_state = grow_to(init_state, config, target, seed=args.seed)
    config = target
    model = build_model(config)
    if init_state is not None:
        model.load_state_dict(init_state)
        print(f"initialised from {args.init} (trained {init_seconds / 60:.0f} min before); "
              f"{config.hidden} LSTM units per direction, CNN channels {tuple(config.channels)}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = -(-args.train_size // args.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch + 10,
                                                pct_start=0.1)
    ctc_loss = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    start_epoch, best, elapsed = 0, float("inf"), 0.0
    ckpt_path = out / "checkpoint.pt"
    if args.resume and ckpt_path.exists():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["state_dict"])
        opt.load_state_dict(state["optimizer"])
        start_epoch, best, elapsed = state["epoch"] + 1, state.get("best_score", best), state.get("train_seconds", 0.0)
        old = state["args"]
        if (old["epochs"], old["train_size"], old["batch_size"]) == (args.epochs, args.train_size, args.batch_size):
            sched.load_state_dict(state["scheduler"])
        else:
            # The plan changed (typically: fewer epochs than hoped for). Anneal from the
            # current learning rate to zero over what is left instead of restarting a cycle.
            remaining = max(1, (args.epochs - start_epoch) * steps_per_epoch) + 10
            for g in opt.param_groups:
                if args.restart_lr is not None:
                    g["lr"] = args.restart_lr
                g["initial_lr"] = g["lr"]
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=remaining, eta_min=args.lr * 1e-3)
            print(f"new schedule: cosine from lr {opt.param_groups[0]['lr']:.2e} over {remaining} steps", flush=True)
        print(f"resumed from epoch {state['epoch']}", flush=True)

    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(out / "tb"))
    model.train()
    group_size = args.batch_size * args.group
    for epoch in range(start_epoch, args.epochs):
        t_epoch = time.time()
        train_set.set_epoch(epoch)
        loader = DataLoader(train_set, batch_size=group_size, shuffle=False, num_workers=args.workers,
                            collate_fn=_identity, prefetch_factor=2 if args.workers else None)
        losses: list[float] = []
        with tqdm(total=args.train_size, desc=f"epoch {epoch + 1}/{args.epochs}", mininterval=30, file=sys.stdout) as bar:
            for group in loader:
                step_losses = train_steps(model, opt, sched, ctc_loss, group, args.batch_size)
                losses.extend(step_losses)
                step = epoch * steps_per_epoch + len(losses)
                writer.add_scalar("train/loss", float(np.mean(step_losses)), step)
                writer.add_scalar("train/lr", sched.get_last_lr()[0], step)
                bar.update(len(group))
                bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}")
        elapsed += time.time() - t_epoch
        metrics, samples = evaluate(model, val, 64)
        for name, m in metrics.items():
            writer.add_scalar(f"val_{name}/cer", m["cer"], epoch + 1)
            writer.add_scalar(f"val_{name}/wer", m["wer"], epoch + 1)
        log_samples(writer, samples, epoch + 1)
        writer.flush()
        score = float(np.mean([m["cer"] for m in metrics.values()]))
        summary = " ".join(f"{k}: CER {m['cer']:.4f} WER {m['wer']:.4f}" for k, m in metrics.items())
        print(f"epoch {epoch + 1}: loss {np.mean(losses):.4f} | {summary} | {elapsed / 60:.1f} min", flush=True)
        is_best = score < best
        best = min(best, score)
        state = {
            "state_dict": model.state_dict(),
            "model_config": config.to_dict(),
            "charset": DEFAULT_CHARSET.chars,
            "preprocessing": preprocessing_params(),
            "args": vars(args),
            "command": command, "code_version": code_version(),
            "epoch": epoch,
            "metrics": metrics,
            "train_seconds": elapsed,
            "init": args.init, "init_train_seconds": init_seconds,
            "threads": args.threads,
            "best_score": best,
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
        }
        torch.save(state, out / "checkpoint.tmp")
        os.replace(out / "checkpoint.tmp", ckpt_path)
        record = {"epoch": epoch + 1, "validation": metrics, "mean_cer": score, "train_seconds": elapsed,
                  "init": args.init, "init_train_seconds": init_seconds,
                  "threads": args.threads, "command": command, "validation_sets": VALIDATION_SETS}
        (out / "metrics_last.json").write_text(json.dumps(record, indent=2))
        if is_best:
            shutil.copyfile(ckpt_path, out / "best.pt")
            (out / "metrics.json").write_text(json.dumps(record, indent=2))
    writer.close()


if __name__ == "__main__":
    main()
