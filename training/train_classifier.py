"""Train the CNN classifier on MNIST, Fashion-MNIST or a folder of labelled images.

    python -m training.train_classifier --dataset mnist --data-dir ../shared/datasets/mnist-8k \
        --epochs 30 --experiment digits

Writes <output-dir>/<experiment>/{checkpoint.pt, best.pt, metrics.json} and TensorBoard logs in
<output-dir>/<experiment>/tb (`tensorboard --logdir outputs`).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter
from torchvision.utils import make_grid
from tqdm import tqdm

from text_recognizer.data.augmentation import build_augmentation
from text_recognizer.data.classification import CanonicalDataset, ClassificationData, load_image_folder, load_mnist_like
from text_recognizer.device import pick_device, set_threads
from text_recognizer.models.classifier import ClassifierCNN, ClassifierConfig
from text_recognizer.provenance import code_version, command_line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", choices=["mnist", "fashion-mnist", "folder"], required=True)
    p.add_argument("--data-dir", type=Path, default=None,
                   help="local IDX folder (mnist/fashion-mnist; default: torchvision download) or image folder (folder)")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate of the one-cycle schedule")
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--width", type=int, default=32, help="channels of the first conv block")
    p.add_argument("--erase", type=float, default=0.0,
                   help="share of training images with a random rectangle erased (random erasing; 0 = off)")
    p.add_argument("--image-size", type=int, default=64, help="folder datasets only: input side in pixels")
    p.add_argument("--grayscale", action="store_true", help="folder datasets only: treat images as ink on paper")
    p.add_argument("--val-fraction", type=float, default=0.125, help="held-out share when the data has no test split")
    p.add_argument("--limit", type=int, default=None, help="use only this many training images (smoke tests)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: all cores)")
    p.add_argument("--device", default="auto", help="auto (cuda when available), cpu or cuda")
    p.add_argument("--experiment", default=None, help="run name (default: the dataset name)")
    p.add_argument("--output-dir", type=Path, default=Path("outputs/classifier"))
    p.add_argument("--no-tensorboard", action="store_true")
    return p.parse_args(argv)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def load_data(args: argparse.Namespace) -> ClassificationData:
    if args.dataset == "folder":
        if args.data_dir is None:
            raise SystemExit("--dataset folder needs --data-dir DIR with one sub-folder per class")
        return load_image_folder(args.data_dir, args.seed, args.image_size, args.val_fraction, args.grayscale)
    name = "mnist" if args.dataset == "mnist" else "fashion"
    return load_mnist_like(name, args.data_dir, args.seed, args.val_fraction, args.limit)


@torch.no_grad()
def evaluate(model: nn.Module, loader: DataLoader, device: torch.device) -> tuple[float, float]:
    model.eval()
    loss_sum, correct, n = 0.0, 0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss_sum += nn.functional.cross_entropy(logits, y, reduction="sum").item()
        correct += (logits.argmax(1) == y).sum().item()
        n += len(y)
    return loss_sum / n, correct / n


def log_projector(writer: SummaryWriter, model: ClassifierCNN, ds: CanonicalDataset, classes: list[str], device) -> None:
    """Penultimate-layer embeddings of held-out images, for TensorBoard's projector."""
    n = min(500, len(ds))
    xs = torch.stack([ds[i][0] for i in range(n)])
    labels = [classes[ds[i][1]] for i in range(n)]
    model.eval()
    with torch.no_grad():
        feats = model.embed(xs.to(device)).cpu()
    writer.add_embedding(feats, metadata=labels, label_img=ds.split.images[:n], tag="held_out")


def train(args: argparse.Namespace) -> dict:
    started = time.time()
    threads = set_threads(args.threads)
    seed_everything(args.seed)
    device = pick_device(args.device)
    experiment = args.experiment or args.dataset
    out = args.output_dir / experiment
    out.mkdir(parents=True, exist_ok=True)

    data = load_data(args)
    augment = build_augmentation(data.spec, flips=args.dataset == "fashion-mnist", erase=args.erase)
    train_ds = CanonicalDataset(data.train, data.spec, augment)
    val_ds = CanonicalDataset(data.val, data.spec)
    gen = torch.Generator().manual_seed(args.seed)
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, generator=gen, drop_last=len(train_ds) > args.batch_size)
    val_dl = DataLoader(val_ds, batch_size=512)

    config = ClassifierConfig(in_channels=data.spec.channels, num_classes=len(data.classes), width=args.width)
    model = ClassifierCNN(config).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * len(train_dl))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)

    writer = None if args.no_tensorboard else SummaryWriter(str(out / "tb"))
    if writer:
        writer.add_image("train_samples", make_grid(data.train.images[:64], nrow=8))
        writer.add_text("data", data.description)
    base = {
        "kind": "classifier", "config": config.to_dict(), "classes": data.classes, "spec": data.spec.to_dict(),
        "train_config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "command": command_line(), "code_version": code_version(), "data": data.description,
    }
    best_acc, history = -1.0, []
    for epoch in range(1, args.epochs + 1):
        model.train()
        total, seen = 0.0, 0
        bar = tqdm(train_dl, desc=f"epoch {epoch}/{args.epochs}", leave=False)
        for x, y in bar:
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(y)
            seen += len(y)
            bar.set_postfix(loss=f"{total / seen:.4f}")
        val_loss, val_acc = evaluate(model, val_dl, device)
        history.append({"epoch": epoch, "train_loss": total / seen, "val_loss": val_loss, "val_accuracy": val_acc})
        tqdm.write(f"epoch {epoch}: train loss {total / seen:.4f}  held-out loss {val_loss:.4f}  accuracy {val_acc:.4f}")
        if writer:
            writer.add_scalars("loss", {"train": total / seen, "held_out": val_loss}, epoch)
            writer.add_scalar("accuracy/held_out", val_acc, epoch)
        ckpt = {**base, "state_dict": model.state_dict(), "epoch": epoch, "metrics": history[-1]}
        torch.save(ckpt, out / "checkpoint.pt")
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save(ckpt, out / "best.pt")

    # The last epoch is the model we ship (one-cycle ends at a low rate); best.pt is kept for reference.
    final = torch.load(out / "checkpoint.pt", weights_only=False)
    model.load_state_dict(final["state_dict"])
    val_loss, val_acc = evaluate(model, val_dl, device)
    metrics = {
        "held_out_accuracy": val_acc, "held_out_loss": val_loss, "held_out_size": len(val_ds),
        "train_size": len(train_ds), "epochs": args.epochs, "best_epoch_accuracy": best_acc,
        "data": data.description, "train_seconds": round(time.time() - started, 1), "threads": threads,
        "device": str(device), "command": base["command"], "code_version": base["code_version"], "history": history,
    }
    final["metrics"] = {k: v for k, v in metrics.items() if k != "history"}
    torch.save(final, out / "checkpoint.pt")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    if writer:
        log_projector(writer, model, val_ds, data.classes, device)
        writer.close()
    print(f"held-out accuracy {val_acc:.4f} on {len(val_ds)} images; checkpoint {out / 'checkpoint.pt'}")
    return metrics


def main(argv: list[str] | None = None) -> None:
    train(parse_args(argv))


if __name__ == "__main__":
    main()
