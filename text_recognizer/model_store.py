"""Put trained models into the BentoML model store and load them back.

A stored model is a folder with `weights.pt` (a plain state_dict: loads with
`torch.load(weights_only=True)`, no pickled code) and `model.json` (how to rebuild the network and
its preprocessing). The same facts go into the BentoML metadata, where `bentoml models get` and
the service's /models endpoint show them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable

import bentoml
import torch

from text_recognizer.classifier_predictor import ClassifierPredictor
# A line recognizer's word list, one word a line: too long for the metadata, a file beside the weights.
from text_recognizer.lexicon import LEXICON_FILE

WEIGHTS_FILE = "weights.pt"
CONFIG_FILE = "model.json"

# Keys of a training checkpoint that describe the model rather than hold its weights.
_DESCRIPTIVE_KEYS = ("kind", "config", "model_config", "classes", "charset", "spec", "preprocessing", "metrics",
                     "train_config", "command", "code_version", "data")


def model_kind(ckpt: dict) -> str:
    """"classifier" or "line_recognizer"; checkpoints with a charset are line recognizers."""
    return ckpt.get("kind") or ("line_recognizer" if "charset" in ckpt else "classifier")


def checkpoint_digest(ckpt: dict) -> str:
    """A content hash of the weights: the model version, so re-importing the same file is a no-op."""
    h = hashlib.sha256()
    for k, v in sorted(ckpt["state_dict"].items()):
        h.update(k.encode())
        h.update(v.detach().cpu().contiguous().numpy().tobytes())
    if ckpt.get("lexicon"):  # the word list changes what is served: another version
        h.update("\n".join(ckpt["lexicon"]).encode())
    return h.hexdigest()[:16]


def _jsonable(obj: Any) -> Any:
    """JSON-safe copy without None values: BentoML metadata accepts only basic, non-null types."""
    def strip(o: Any) -> Any:
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if v is not None}
        if isinstance(o, list):
            return [strip(v) for v in o if v is not None]
        return o

    return strip(json.loads(json.dumps(obj, default=str)))


def _build_line_recognizer(ckpt: dict, device: torch.device | None) -> Any:
    from text_recognizer.ocr_predictor import LinePredictor  # only when an OCR model is loaded

    return LinePredictor(ckpt, device=str(device) if device is not None else None)


# kind -> function(checkpoint-like dict, device) -> predictor
_BUILDERS: dict[str, Callable[[dict, torch.device | None], Any]] = {
    "classifier": ClassifierPredictor.from_checkpoint,
    "line_recognizer": _build_line_recognizer,
}


def build_predictor(ckpt: dict, device: torch.device | None = None) -> Any:
    kind = model_kind(ckpt)
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"unknown model kind {kind!r}")
    return builder(ckpt, device)


def _probe_outputs(predictor: Any, kind: str) -> torch.Tensor:
    """Raw network outputs for a fixed input, to compare the stored model with the checkpoint."""
    g = torch.Generator().manual_seed(0)
    if kind == "classifier":
        spec = predictor.spec
        return torch.as_tensor(predictor.predict_batch(
            [torch.randn(spec.channels, spec.size, spec.size, generator=g) for _ in range(4)]))
    from text_recognizer.preprocessing.lines import LINE_HEIGHT, pad_batch

    lines = [torch.rand(LINE_HEIGHT, w, generator=g).numpy() for w in (48, 160, 400)]
    x, widths = pad_batch(lines)
    with torch.inference_mode():
        log_probs, _ = predictor.model(x.to(predictor.device), widths)
    return log_probs.float().cpu()


def save_to_store(ckpt: dict, name: str, verify: bool = True) -> bentoml.Model:
    """Store a training checkpoint as `name:<weights digest>`; returns the stored model.

    With `verify`, the stored copy is loaded back and must give the checkpoint's outputs on a
    fixed probe input, or it is deleted again and an error raised.
    """
    version = checkpoint_digest(ckpt)
    tag = f"{name}:{version}"
    try:
        existing = bentoml.models.get(tag)
        return existing
    except bentoml.exceptions.NotFound:
        pass

    described = {k: ckpt[k] for k in _DESCRIPTIVE_KEYS if k in ckpt}
    kind = described["kind"] = model_kind(ckpt)
    if ckpt.get("lexicon"):
        described["lexicon_words"] = len(ckpt["lexicon"])
    metadata = _jsonable(described)
    labels = {"kind": kind, "task": "ocr" if kind == "line_recognizer" else "classification"}
    with bentoml.models.create(tag, labels=labels, metadata=metadata) as model:
        torch.save({k: v.detach().cpu() for k, v in ckpt["state_dict"].items()}, Path(model.path) / WEIGHTS_FILE)
        (Path(model.path) / CONFIG_FILE).write_text(json.dumps(metadata, indent=2))
        if ckpt.get("lexicon"):
            (Path(model.path) / LEXICON_FILE).write_text("\n".join(ckpt["lexicon"]) + "\n", encoding="utf-8")

    if verify:
        cpu = torch.device("cpu")
        reference, stored = build_predictor(ckpt, cpu), load_predictor(model.tag, cpu)
        diff = (_probe_outputs(reference, kind) - _probe_outputs(stored, kind)).abs().max().item()
        if diff > 1e-5:
            bentoml.models.delete(model.tag)
            raise RuntimeError(f"stored model {model.tag} differs from the checkpoint (max |diff| {diff:.2e}); removed it")
    return bentoml.models.get(model.tag)


def read_stored(model: bentoml.Model | bentoml.Tag | str) -> dict:
    """A checkpoint-like dict (weights + description) from a stored model."""
    if isinstance(model, (str, bentoml.Tag)):
        model = bentoml.models.get(str(model))
    path = Path(model.path)
    described = json.loads((path / CONFIG_FILE).read_text())
    described["state_dict"] = torch.load(path / WEIGHTS_FILE, map_location="cpu", weights_only=True)
    if (path / LEXICON_FILE).exists():
        described["lexicon"] = (path / LEXICON_FILE).read_text(encoding="utf-8").split()
    return described


def load_predictor(model: bentoml.Model | bentoml.Tag | str, device: torch.device | None = None) -> Any:
    """The ready-to-use predictor for a stored model (classifier or line recognizer)."""
    return build_predictor(read_stored(model), device)
