"""The line recogniser's training CLI, run for real on a few lines."""

from __future__ import annotations

import json

import pytest
import torch

from tests.conftest import MNIST_DIR
from text_recognizer.data.charset import BASE_CHARSET, DEFAULT_CHARSET
from text_recognizer.models.line_recognizer import LineRecognizerConfig, build_model
from training import train_line_recognizer


def test_fine_tuning_weights_of_the_older_charset_extends_their_output_layer(tmp_path, capsys):
    """`--init` with weights trained before characters were added to the charset: the output
    layer grows (the old classes keep their weights), one epoch trains, and the checkpoint,
    metrics.json and the exported file are for the current charset."""
    if not (MNIST_DIR / "images-idx3-ubyte.gz").exists():
        pytest.skip(f"no MNIST IDX files in {MNIST_DIR}")
    torch.manual_seed(0)
    config = LineRecognizerConfig(num_classes=len(BASE_CHARSET) + 1, hidden=16)
    old = build_model(config)
    init = tmp_path / "old.pt"
    torch.save({"state_dict": old.state_dict(), "model_config": config.to_dict(), "charset": BASE_CHARSET,
                "train_seconds": 60.0}, init)
    out = tmp_path / "run"
    common = ["--mnist-dir", str(MNIST_DIR), "--output-dir", str(out), "--val-size", "4"]
    train_line_recognizer.main(common + ["--init", str(init), "--epochs", "1", "--train-size", "32",
                                         "--batch-size", "16", "--threads", "1", "--workers", "0"])
    assert "output layer extended" in capsys.readouterr().out
    state = torch.load(out / "best.pt", map_location="cpu", weights_only=False)
    assert state["charset"] == DEFAULT_CHARSET.chars
    assert state["model_config"]["num_classes"] == DEFAULT_CHARSET.num_classes
    assert state["state_dict"]["head.1.weight"].shape[0] == DEFAULT_CHARSET.num_classes
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics["validation"]) == {"printed", "handwriting", "digits"}

    train_line_recognizer.main(common + ["--export", str(tmp_path / "model.pt")])
    shipped = torch.load(tmp_path / "model.pt", map_location="cpu", weights_only=True)
    assert shipped["charset"] == DEFAULT_CHARSET.chars and "optimizer" not in shipped


def test_averaged_checkpoints_are_the_mean_of_their_weights(tmp_path):
    """`training.average_checkpoints`: the soup of two fine-tuning stages holds the mean of each
    float weight, keeps the last one's provenance and names its sources; models of another
    shape are refused."""
    from training import average_checkpoints

    torch.manual_seed(0)
    config = LineRecognizerConfig(num_classes=DEFAULT_CHARSET.num_classes, hidden=16)
    paths = []
    for k in range(2):
        path = tmp_path / f"stage{k}.pt"
        torch.save({"state_dict": build_model(config).state_dict(), "model_config": config.to_dict(),
                    "charset": DEFAULT_CHARSET.chars, "epoch": k, "command": f"stage {k}"}, path)
        paths.append(path)
    out = tmp_path / "soup" / "best.pt"
    average_checkpoints.main([str(p) for p in paths] + ["--out", str(out)])
    a, b, soup = (torch.load(p, map_location="cpu", weights_only=True) for p in (*paths, out))
    for key, value in soup["state_dict"].items():
        if value.is_floating_point():
            assert torch.allclose(value, (a["state_dict"][key] + b["state_dict"][key]) / 2), key
    assert soup["command"] == "stage 1" and soup["averaged_from"] == [str(p) for p in paths]
    build_model(soup["model_config"]).load_state_dict(soup["state_dict"])

    other = LineRecognizerConfig(num_classes=DEFAULT_CHARSET.num_classes, hidden=8)
    torch.save({"state_dict": build_model(other).state_dict(), "model_config": other.to_dict(),
                "charset": DEFAULT_CHARSET.chars}, tmp_path / "narrow.pt")
    with pytest.raises(ValueError, match="different architectures"):
        average_checkpoints.main([str(paths[0]), str(tmp_path / "narrow.pt"), "--out", str(tmp_path / "x.pt")])
