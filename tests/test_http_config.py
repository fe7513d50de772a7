"""The service started as an operator would configure it: an API key and two worker processes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import start_server, stop_server
from tests.image_factory import mnist_png

KEY = "test-key-7f3a"


@pytest.fixture(scope="module")
def keyed_server(bentoml_home, tmp_path_factory):
    log = tmp_path_factory.mktemp("keyed") / "server.log"
    srv = start_server(bentoml_home, log, {"TEXT_RECOGNIZER_API_KEY": KEY, "TEXT_RECOGNIZER_WORKERS": "2",
                                           "TEXT_RECOGNIZER_LINE_MODEL": ""})
    yield srv
    stop_server(srv.proc)


def test_api_needs_the_key_and_probes_do_not(keyed_server, mnist_held_out):
    images, labels = mnist_held_out
    files = [("images", ("d.png", mnist_png(images[0]), "image/png"))]
    assert keyed_server.post("/classify", files=files).status_code == 401
    assert keyed_server.post("/classify", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = keyed_server.post("/classify", files=files, headers={"Authorization": f"Bearer {KEY}"})
    assert ok.status_code == 200 and ok.json()[0]["label"] == str(labels[0])
    assert requests.get(keyed_server.url + "/readyz", timeout=10).status_code == 200
    assert requests.get(keyed_server.url + "/metrics", timeout=10).status_code == 200


def test_two_workers_answer_concurrent_requests_correctly(keyed_server, mnist_held_out):
    images, labels = mnist_held_out

    def one(i: int) -> tuple[str, str]:
        r = keyed_server.post("/classify", files=[("images", (f"{i}.png", mnist_png(images[i]), "image/png"))],
                              headers={"X-API-Key": KEY})
        r.raise_for_status()
        return r.json()[0]["label"], str(labels[i])

    with ThreadPoolExecutor(16) as pool:
        pairs = list(pool.map(one, range(64)))
    assert sum(got == want for got, want in pairs) >= 62  # the digits model: 99.5 % on held-out digits


def test_ocr_disabled_says_so(keyed_server):
    r = keyed_server.post("/ocr", files=[("images", ("a.png", b"x", "image/png"))], headers={"X-API-Key": KEY})
    assert r.status_code == 404 and "OCR is disabled" in r.json()["error"]
