"""Shared fixtures: real data, real shipped weights, a real `bentoml serve` process."""

from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import requests
import torch

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = Path(__file__).resolve().parent / "support"
MNIST_DIR = Path(os.environ.get("TEXT_RECOGNIZER_MNIST_DIR", ROOT.parent / "shared" / "datasets" / "mnist-8k"))
FASHION_DIR = Path(os.environ.get("TEXT_RECOGNIZER_FASHION_DIR", "/usr/share/datasets/fashion-mnist"))


def _read_idx(path: Path, offset: int) -> np.ndarray:
    return np.frombuffer(gzip.open(path).read(), np.uint8, offset=offset)


@pytest.fixture(scope="session")
def mnist_held_out() -> tuple[np.ndarray, np.ndarray]:
    """The digits model's own held-out images (same stratified split and seed as its training)."""
    if not (MNIST_DIR / "images-idx3-ubyte.gz").exists():
        pytest.skip(f"MNIST IDX files not found in {MNIST_DIR} (set TEXT_RECOGNIZER_MNIST_DIR)")
    from text_recognizer.data.classification import stratified_split

    images = _read_idx(MNIST_DIR / "images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    labels = _read_idx(MNIST_DIR / "labels-idx1-ubyte.gz", 8)
    _, val = stratified_split(torch.from_numpy(labels.astype(np.int64)), 0.125, seed=0)
    return images[val], labels[val]


@pytest.fixture(scope="session")
def fashion_test_set() -> tuple[np.ndarray, np.ndarray]:
    """The official Fashion-MNIST test images and labels (Debian's dataset-fashion-mnist)."""
    if not (FASHION_DIR / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip(f"Fashion-MNIST not found in {FASHION_DIR} (Debian package dataset-fashion-mnist)")
    images = _read_idx(FASHION_DIR / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    return images, _read_idx(FASHION_DIR / "t10k-labels-idx1-ubyte.gz", 8)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def bentoml_home(tmp_path_factory) -> Path:
    """A fresh model store holding the shipped models, imported by save_model.py as a user would."""
    home = tmp_path_factory.mktemp("bentoml_home")
    env = {**os.environ, "BENTOML_HOME": str(home)}
    subprocess.run([sys.executable, "save_model.py", "--shipped"], cwd=ROOT, env=env, check=True, timeout=300)
    return home


class Server:
    def __init__(self, url: str, proc: subprocess.Popen, log: Path):
        self.url, self.proc, self.log = url, proc, log

    def post(self, path: str, **kw) -> requests.Response:
        return requests.post(self.url + path, timeout=60, **kw)


def start_server(home: Path, log: Path, extra_env: dict[str, str] | None = None, target: str = "service:TextRecognizer",
                 cwd: Path = ROOT) -> Server:
    port = _free_port()
    env = {**os.environ, "BENTOML_HOME": str(home), "TEXT_RECOGNIZER_WORKERS": "1", **(extra_env or {})}
    bentoml = str(Path(sys.executable).with_name("bentoml"))
    with open(log, "wb") as fh:
        proc = subprocess.Popen([bentoml, "serve", target, "--port", str(port), "--host", "127.0.0.1"],
                                cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"bentoml serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url + "/readyz", timeout=2).status_code == 200:
                return Server(url, proc, log)
        except requests.RequestException:  # refused or slow while the worker starts
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"server not ready after 180 s:\n{log.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server(bentoml_home, tmp_path_factory):
    """The service as `bentoml serve` runs it, with small request and image limits so 413 is testable."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    srv = start_server(bentoml_home, log, {"TEXT_RECOGNIZER_MAX_REQUEST_BYTES": str(8 * 1024 * 1024),
                                           "TEXT_RECOGNIZER_MAX_IMAGE_BYTES": str(2 * 1024 * 1024)})
    yield srv
    stop_server(srv.proc)
    # The server must never have logged a traceback for the bad inputs the tests sent. BentoML
    # logs its own request-validation 400s (e.g. top_k="abc") with one; those are not crashes.
    text = log.read_text(errors="replace")
    crashes = [b for b in text.split("Traceback (most recent call last):")[1:] if "ValidationError" not in b[:4000]]
    assert not crashes, crashes[0][:4000]
