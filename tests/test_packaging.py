"""`bentoml build` works offline, the built bento serves, and its Dockerfile installs CPU torch."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, start_server, stop_server
from tests.image_factory import mnist_png


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if m := re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip()):
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_serving_pins_match_the_development_environment():
    dev, serve = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-serve.txt")
    assert {"torch", "torchvision", "bentoml"} <= set(serve)
    assert {k: dev.get(k) for k in serve} == serve


def test_built_bento_serves_classify(bentoml_home, mnist_held_out, tmp_path):
    env = {**os.environ, "BENTOML_HOME": str(bentoml_home)}
    bentoml = str(Path(sys.executable).with_name("bentoml"))
    out = subprocess.run([bentoml, "build", "-o", "tag"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    tag = out.stdout.strip().splitlines()[-1].replace("__tag__:", "")
    assert tag.startswith("text_recognizer:")

    name, version = tag.split(":")
    bento_dir = bentoml_home / "bentos" / name / version
    dockerfile = (bento_dir / "env" / "docker" / "Dockerfile").read_text()
    assert "requirements.txt" in dockerfile and "bentoml serve" in (bento_dir / "env" / "docker" / "entrypoint.sh").read_text() \
        or "bentoml" in dockerfile
    reqs = (bento_dir / "env" / "python" / "requirements.txt").read_text()
    assert "torch==2.15.0" in reqs and "whl/cpu" in (reqs + dockerfile)
    assert "UV_INDEX_STRATEGY" in dockerfile  # torch from the CPU index, everything else at its pin
    bento_yaml = yaml.safe_load((bento_dir / "bento.yaml").read_text())
    model_names = {m["tag"].split(":")[0] for s in bento_yaml.get("services", []) for m in s.get("models", [])} | {
        m["tag"].split(":")[0] for m in bento_yaml.get("models", [])}
    assert "digits" in model_names
    assert not (bento_dir / "src" / "tests").exists() and (bento_dir / "src" / "service.py").exists()

    srv = start_server(bentoml_home, tmp_path / "bento.log", target=tag, cwd=tmp_path)
    try:
        images, labels = mnist_held_out
        resp = srv.post("/classify", files=[("images", ("d.png", mnist_png(images[0]), "image/png"))])
        assert resp.status_code == 200, resp.text
        assert resp.json()[0]["label"] == str(labels[0])
    finally:
        stop_server(srv.proc)
