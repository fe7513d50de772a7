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
    layer grows (the old classes keep their weights), and so does the CNN with `--channels`;
    one epoch trains, and the checkpoint, metrics.json and the exported file are for the
    current charset."""
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
                                         "--batch-size", "16", "--threads", "1", "--workers", "0",
                                         "--channels", "32,64,128,128,200"])
    printed = capsys.readouterr().out
    assert "output layer extended" in printed and "CNN channels (32, 64, 128, 128, 200)" in printed
    state = torch.load(out / "best.pt", map_location="cpu", weights_only=False)
    assert state["model_config"]["channels"] == [32, 64, 128, 128, 200]
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


def test_a_widened_stage_is_averaged_with_the_weights_it_grew_from(tmp_path):
    """`--widen-seed`: the narrower checkpoint is first grown as the fine-tuning grew it (same
    seed, so the very model that fine-tuning started from), then averaged; without the flag the
    shapes are refused."""
    from training import average_checkpoints
    from text_recognizer.models.line_recognizer import grow_to

    torch.manual_seed(0)
    narrow_config = LineRecognizerConfig(num_classes=DEFAULT_CHARSET.num_classes, hidden=16,
                                         channels=(8, 16, 16, 16, 24))
    wide_config = LineRecognizerConfig(num_classes=DEFAULT_CHARSET.num_classes, hidden=16,
                                       channels=(8, 16, 16, 24, 32))
    narrow, wide = build_model(narrow_config), build_model(wide_config)
    paths = [tmp_path / "narrow.pt", tmp_path / "wide.pt"]
    for path, model, config in zip(paths, (narrow, wide), (narrow_config, wide_config)):
        torch.save({"state_dict": model.state_dict(), "model_config": config.to_dict(),
                    "charset": DEFAULT_CHARSET.chars}, path)
    with pytest.raises(ValueError, match="different architectures"):
        average_checkpoints.main([str(p) for p in paths] + ["--out", str(tmp_path / "x.pt")])
    average_checkpoints.main([str(p) for p in paths] + ["--out", str(tmp_path / "soup.pt"), "--widen-seed", "7"])
    soup = torch.load(tmp_path / "soup.pt", map_location="cpu", weights_only=True)
    grown = grow_to(narrow.state_dict(), narrow_config, wide_config, seed=7)
    for key, value in soup["state_dict"].items():
        if value.is_floating_point():
            assert torch.allclose(value, (grown[key] + wide.state_dict()[key]) / 2), key
    build_model(soup["model_config"]).load_state_dict(soup["state_dict"])
    assert soup["model_config"] == wide_config.to_dict()
