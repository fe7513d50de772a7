"""The classifier network, a training smoke run, and the model-store round trip."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.conftest import MNIST_DIR, ROOT
from text_recognizer.models.classifier import ClassifierCNN, ClassifierConfig


@pytest.mark.parametrize("channels,size", [(1, 28), (3, 64), (1, 40)])
def test_classifier_output_shape(channels, size):
    model = ClassifierCNN(ClassifierConfig(in_channels=channels, num_classes=7)).eval()
    assert model(torch.zeros(5, channels, size, size)).shape == (5, 7)
    assert model.embed(torch.zeros(2, channels, size, size)).shape == (2, 128)


@pytest.mark.parametrize("mode", ["fit", "mnist", "rgb"])
def test_random_erasing_blanks_part_of_the_object_to_background(mode):
    """`--erase`: a share of the training images loses a rectangle of 2-25 % of the frame to the
    background (0 after canonicalisation), never more; without it nothing is erased. For every
    kind of dataset, photo folders too."""
    from text_recognizer.data.augmentation import build_augmentation
    from text_recognizer.preprocessing.classifier import IMAGENET_MEAN, IMAGENET_STD, ImageSpec

    spec = ImageSpec(mode, 28, 3, IMAGENET_MEAN, IMAGENET_STD) if mode == "rgb" else ImageSpec(mode)
    solid = torch.ones(spec.channels, 28, 28)
    with_erasing, without = build_augmentation(spec, erase=1.0), build_augmentation(spec)
    shares = []
    for seed in range(40):
        torch.manual_seed(seed), random.seed(seed)  # the same draws for both; erasing draws last
        erased = with_erasing(solid)
        torch.manual_seed(seed), random.seed(seed)
        plain = without(solid)
        assert torch.all(erased <= plain)  # erasing only ever blanks
        shares.append(float(((erased == 0) & (plain > 0)).all(0).float().mean()))
    assert max(shares) <= 0.25 and sum(shares) / len(shares) > 0.05


def _train(tmp: Path, name: str, *extra: str) -> dict:
    if not (MNIST_DIR / "images-idx3-ubyte.gz").exists():
        pytest.skip(f"no MNIST IDX files in {MNIST_DIR}")
    cmd = [sys.executable, "-m", "training.train_classifier", "--dataset", "mnist", "--data-dir", str(MNIST_DIR),
           "--epochs", "3", "--limit", "600", "--batch-size", "64", "--threads", "1", "--seed", "3",
           "--experiment", name, "--output-dir", str(tmp), *extra]
    subprocess.run(cmd, cwd=ROOT, check=True, timeout=240, capture_output=True)
    return torch.load(tmp / name / "checkpoint.pt", weights_only=False)


def test_training_smoke_run_writes_checkpoint_metrics_and_logs(tmp_path):
    ckpt = _train(tmp_path, "smoke")
    metrics = json.loads((tmp_path / "smoke" / "metrics.json").read_text())
    assert 0.0 <= metrics["held_out_accuracy"] <= 1.0 and metrics["train_size"] == 600
    history = metrics["history"]
    assert history[-1]["train_loss"] < history[0]["train_loss"]  # it learns
    assert metrics["held_out_accuracy"] > 0.15  # above chance (0.1) after a few dozen steps
    assert ckpt["classes"] == [str(i) for i in range(10)] and ckpt["spec"]["mode"] == "mnist"
    assert "training.train_classifier" in ckpt["command"]
    assert list((tmp_path / "smoke" / "tb").glob("events.out.tfevents.*"))
    assert (tmp_path / "smoke" / "tb" / "projector_config.pbtxt").exists()


def test_same_seed_gives_same_weights(tmp_path):
    a = _train(tmp_path, "a", "--no-tensorboard")["state_dict"]
    b = _train(tmp_path, "b", "--no-tensorboard")["state_dict"]
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_store_round_trip_gives_checkpoint_outputs(tmp_path, monkeypatch):
    """save_model.py into a temporary BENTOML_HOME; the stored model must answer like the checkpoint."""
    home = tmp_path / "home"
    env = {**os.environ, "BENTOML_HOME": str(home)}
    ckpt_path = ROOT / "artifacts" / "digits" / "model.pt"
    out = subprocess.run([sys.executable, "save_model.py", str(ckpt_path), "--name", "my-digits"],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120).stdout
    tag = out.split()[0]
    assert tag.startswith("my-digits:")
    # Same weights, same version: importing again does not add a model.
    again = subprocess.run([sys.executable, "save_model.py", str(ckpt_path), "--name", "my-digits"],
                           cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120).stdout
    assert again.split()[0] == tag
    assert len(list((home / "models" / "my-digits").glob("*/model.yaml"))) == 1

    monkeypatch.setenv("BENTOML_HOME", str(home))
    code = (
        "import bentoml, torch, json, sys\n"
        "from text_recognizer.model_store import load_predictor\n"
        "from text_recognizer.classifier_predictor import ClassifierPredictor\n"
        f"m = bentoml.models.get('{tag}')\n"
        "ck = torch.load(sys.argv[1], weights_only=False)\n"
        "ref = ClassifierPredictor.from_checkpoint(ck, torch.device('cpu'))\n"
        "got = load_predictor(m, torch.device('cpu'))\n"
        "x = [torch.randn(1, 28, 28, generator=torch.Generator().manual_seed(i)) for i in range(8)]\n"
        "d = abs(ref.predict_batch(x) - got.predict_batch(x)).max()\n"
        "md = m.info.metadata\n"
        "print(json.dumps({'diff': float(d), 'keys': sorted(md), 'classes': md['classes'], 'spec': md['spec']}))\n"
    )
    res = json.loads(subprocess.run([sys.executable, "-c", code, str(ckpt_path)], cwd=ROOT, check=True,
                                    capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1])
    assert res["diff"] < 1e-6
    assert {"classes", "spec", "metrics", "train_config", "command", "code_version"} <= set(res["keys"])
    assert res["classes"] == [str(i) for i in range(10)]
    assert res["spec"]["size"] == 28 and res["spec"]["mean"] == [0.1307]
