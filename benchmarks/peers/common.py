"""What the peer servers share with the service: the digits model, its preprocessing, the response shape.

Every peer loads `artifacts/digits/model.pt` with `ClassifierPredictor.from_checkpoint`, decodes uploads
with `decode_image`, prepares them with `predictor.prepare` (= `preprocessing.classifier.preprocess`)
and answers with the same JSON list as the service's /classify, so only the serving layer differs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from text_recognizer.classifier_predictor import ClassifierPredictor  # noqa: E402
from text_recognizer.device import available_cores, set_threads  # noqa: E402
from text_recognizer.model_store import checkpoint_digest  # noqa: E402
from text_recognizer.preprocessing.images import ImageInputError, decode_image  # noqa: E402

MODEL_PATH = Path(os.environ.get("PEER_MODEL", ROOT / "artifacts" / "digits" / "model.pt"))


def load_predictor(threads: int | None = None) -> tuple[ClassifierPredictor, str]:
    """The digits predictor and its tag (`digits:<weights hash>`, the same version string the store uses).

    Threads: one per core this process may use (taskset), like the service with one worker.
    """
    set_threads(threads or available_cores())
    ckpt = torch.load(MODEL_PATH, map_location="cpu", weights_only=False)
    pred = ClassifierPredictor.from_checkpoint(ckpt, torch.device("cpu"))
    pred.warm_up()  # as the service does
    return pred, f"{MODEL_PATH.parent.name}:{checkpoint_digest(ckpt)}"


def prepare_bytes(pred: ClassifierPredictor, data: bytes) -> torch.Tensor:
    """decode + prepare: raises ImageInputError for unusable uploads."""
    return pred.prepare(decode_image(data))


def result(pred: ClassifierPredictor, tag: str, name: str, probs: np.ndarray, k: int = 3) -> dict:
    """One /classify entry (exclude_none form, as the service sends it)."""
    p = pred.top_k(np.asarray(probs), k)
    return {"file": name, "label": p.label, "score": p.score,
            "top_k": [{"label": l, "score": s} for l, s in p.top_k], "model": tag}


def error_result(name: str, exc: ImageInputError) -> dict:
    return {"file": name, "error": exc.message, "status": exc.status}
