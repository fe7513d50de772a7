"""Put trained models into the BentoML model store.

    python save_model.py --shipped
        import every model shipped in artifacts/ (digits, fashion, text-lines); re-running is a no-op
    python save_model.py outputs/classifier/digits/checkpoint.pt --name digits [--ship]
        store a training checkpoint; --ship also copies it into artifacts/<name>/ for the repository
    python save_model.py outputs/line_recognizer/crnn/best.pt --name text-lines --lexicon artifacts/text-lines/lexicon.txt
        a line recognizer with the word list that corrects its doubtful words (text_recognizer/lexicon.py);
        a shipped one takes the lexicon.txt beside its model.pt

A model's version is a hash of its weights, so one set of weights has one tag everywhere. Each
stored model is loaded back and compared with its checkpoint before this command succeeds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from text_recognizer.lexicon import LEXICON_FILE

ROOT = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "artifacts"
SHIPPED_FILE = "model.pt"


def _load(path: Path) -> dict:
    # Checkpoints written by this project's training scripts: plain dicts and tensors.
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    if not isinstance(ckpt, dict) or "state_dict" not in ckpt:
        raise SystemExit(f"{path} is not a text_recognizer checkpoint (no state_dict)")
    return ckpt


def ship(ckpt: dict, name: str) -> Path:
    """Copy the parts worth committing (weights and description, no optimizer) into artifacts/<name>/."""
    out = ARTIFACTS / name
    out.mkdir(parents=True, exist_ok=True)
    slim = {k: v for k, v in ckpt.items() if k not in ("optimizer", "scheduler")}
    slim["state_dict"] = {k: v.detach().cpu() for k, v in ckpt["state_dict"].items()}
    slim.pop("lexicon", None)  # committed beside it as lexicon.txt
    torch.save(slim, out / SHIPPED_FILE)
    if ckpt.get("lexicon"):
        (out / LEXICON_FILE).write_text("\n".join(ckpt["lexicon"]) + "\n", encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(ckpt.get("metrics", {}), indent=2, default=str))
    return out / SHIPPED_FILE


def shipped_models() -> list[tuple[str, Path]]:
    return sorted((p.parent.name, p) for p in ARTIFACTS.glob(f"*/{SHIPPED_FILE}"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", nargs="?", type=Path, help="a checkpoint.pt written by training/")
    p.add_argument("--name", help="model name in the store (e.g. digits, fashion, text-lines)")
    p.add_argument("--shipped", action="store_true", help="import every artifacts/*/model.pt")
    p.add_argument("--ship", action="store_true", help="also copy the checkpoint into artifacts/<name>/")
    p.add_argument("--no-verify", action="store_true", help="skip the stored-vs-checkpoint output check")
    p.add_argument("--lexicon", type=Path, help="word list (one word a line) stored with a line recognizer; "
                   "default: lexicon.txt beside the checkpoint, if there is one")
    args = p.parse_args(argv)

    from text_recognizer.model_store import save_to_store  # imports bentoml: keep --help fast

    jobs: list[tuple[str, Path]] = []
    if args.shipped:
        jobs += shipped_models()
        if not jobs:
            raise SystemExit(f"no shipped models under {ARTIFACTS}")
    if args.checkpoint:
        if not args.name:
            raise SystemExit("--name is required with a checkpoint")
        jobs.append((args.name, args.checkpoint))
    if not jobs:
        p.error("give a checkpoint and --name, or --shipped")

    for name, path in jobs:
        ckpt = _load(path)
        lexicon = args.lexicon if args.lexicon and path == args.checkpoint else path.parent / LEXICON_FILE
        if "charset" in ckpt and lexicon.exists():
            ckpt["lexicon"] = lexicon.read_text(encoding="utf-8").split()
        elif args.lexicon and path == args.checkpoint:
            raise SystemExit(f"no word list at {args.lexicon}")
        model = save_to_store(ckpt, name, verify=not args.no_verify)
        metrics = ckpt.get("metrics", {})
        headline = {k: v for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        # the recogniser's metrics are per validation subset: {"printed": {"cer": ...}, ...}
        headline |= {f"{k}_cer": round(v["cer"], 4) for k, v in metrics.items() if isinstance(v, dict) and "cer" in v}
        print(f"{model.tag}  <- {path}  {json.dumps(headline)[:200]}")
        if args.ship and path.parent.parent != ARTIFACTS:
            print(f"  shipped as {ship(ckpt, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
