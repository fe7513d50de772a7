"""/classify and friends over real HTTP against `bentoml serve`, with real weights and images."""

from __future__ import annotations

import base64
from pathlib import Path
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from PIL import Image

from tests.image_factory import black_on_white, jpeg_bytes, mnist_png, photographed, png_bytes, transparent_drawing


def _files(*items: tuple[str, bytes, str]) -> list:
    return [("images", (name, data, ctype)) for name, data, ctype in items]


def _labels(resp: requests.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["label"] for r in resp.json()]


def test_mnist_pngs_are_classified_correctly(server, mnist_held_out):
    images, labels = mnist_held_out
    idx = range(0, 40)
    resp = server.post("/classify", files=_files(*[(f"d{i}.png", mnist_png(images[i]), "image/png") for i in idx]))
    got = _labels(resp)
    correct = sum(g == str(labels[i]) for g, i in zip(got, idx))
    assert correct >= 39, list(zip(got, [int(labels[i]) for i in idx]))
    body = resp.json()
    assert [r["file"] for r in body] == [f"d{i}.png" for i in idx]
    first = body[0]
    assert first["model"].startswith("digits:") and 0 <= first["score"] <= 1
    assert len(first["top_k"]) == 3 and first["top_k"][0]["label"] == first["label"]


@pytest.mark.parametrize("form", ["black_on_white_jpeg", "photographed_jpeg", "transparent_png"])
def test_real_upload_forms_are_read_as_well_as_mnist(server, mnist_held_out, form):
    images, labels = mnist_held_out
    idx = range(100, 130)
    make = {
        "black_on_white_jpeg": lambda d: jpeg_bytes(black_on_white(d)),
        "photographed_jpeg": lambda d: jpeg_bytes(photographed(d)),
        "transparent_png": lambda d: png_bytes(transparent_drawing(d)),
    }[form]
    resp = server.post("/classify", files=_files(*[(f"{i}.img", make(images[i]), "image/jpeg") for i in idx]))
    got = _labels(resp)
    correct = sum(g == str(labels[i]) for g, i in zip(got, idx))
    assert correct >= 28, f"{correct}/30 correct for {form}"


def test_top_k_parameter(server, mnist_held_out):
    resp = server.post("/classify", files=_files(("a.png", mnist_png(mnist_held_out[0][0]), "image/png")),
                       data={"top_k": "5"})
    assert resp.status_code == 200 and len(resp.json()[0]["top_k"]) == 5


def test_base64_json_and_data_url(server, mnist_held_out):
    images, labels = mnist_held_out
    raw = base64.b64encode(mnist_png(images[2])).decode()
    resp = server.post("/classify_base64", json={"images": [raw, "data:image/png;base64," + raw]})
    assert _labels(resp) == [str(labels[2])] * 2


def test_wrong_content_type_is_ignored(server, mnist_held_out):
    images, labels = mnist_held_out
    for ctype in ("image/jpg", "application/octet-stream", "text/plain"):
        resp = server.post("/classify", files=_files(("x.png", mnist_png(images[4]), ctype)))
        assert _labels(resp) == [str(labels[4])], ctype


def _bomb() -> bytes:
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, format="PNG")
    return buf.getvalue()


BAD_INPUTS = {
    "empty.png": (b"", 400, "empty"),
    "notes.txt": (b"this is not an image\n", 415, "not an image"),
    "corrupt.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, 400, "corrupt"),
    "bomb.png": (None, 413, "pixels"),
    "blank.png": (png_bytes(Image.new("RGB", (300, 200), (250, 248, 240))), 422, "blank"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_single_image_gets_4xx_naming_problem_and_file(server, name):
    data, status, words = BAD_INPUTS[name]
    data = _bomb() if data is None else data
    resp = server.post("/classify", files=_files((name, data, "image/png")))
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert name in body["error"] and words in body["error"]
    assert body["results"][0]["file"] == name and body["results"][0]["status"] == status


def test_truncated_jpeg_gets_400(server, mnist_held_out):
    data = jpeg_bytes(black_on_white(mnist_held_out[0][0]))
    resp = server.post("/classify", files=_files(("cut.jpg", data[: len(data) // 3], "image/jpeg")))
    assert resp.status_code == 400 and "cut.jpg" in resp.json()["error"]


def test_request_without_images_gets_400(server):
    for kwargs in ({}, {"data": {"top_k": "3"}}, {"files": {"other": ("a.png", b"x", "image/png")}}):
        resp = server.post("/classify", **kwargs)
        assert resp.status_code == 400, resp.text
        assert "no image" in resp.json()["error"]
    assert server.post("/classify_base64", json={}).status_code == 400
    bad_b64 = server.post("/classify_base64", json={"images": ["%%%not base64%%%"]})
    assert bad_b64.status_code == 400 and "base64" in bad_b64.json()["error"]


def test_file_in_the_wrong_field_gets_400_naming_the_right_one(server, mnist_held_out):
    """A PNG under `image` (or a file as `top_k`) was a 500: BentoML read its bytes as JSON."""
    png = mnist_png(mnist_held_out[0][0])
    resp = server.post("/classify", files={"image": ("digit.png", png, "image/png")})
    assert resp.status_code == 400 and "field 'image';" in resp.json()["error"] and "-F images=@digit.png" in resp.text
    resp = server.post("/classify", files=[("images", ("a.png", png, "image/png")), ("top_k", ("k.png", png, "image/png"))])
    assert resp.status_code == 400 and resp.json()["detail"][0]["loc"] == ["top_k"], resp.text


def test_invalid_top_k_gets_400(server, mnist_held_out):
    png = mnist_png(mnist_held_out[0][0])
    resp = server.post("/classify", files=_files(("a.png", png, "image/png")), data={"top_k": "0"})
    assert resp.status_code == 400 and "top_k" in resp.json()["error"]
    resp = server.post("/classify", files=_files(("a.png", png, "image/png")), data={"top_k": "many"})
    assert resp.status_code == 400 and "top_k" in resp.text


def test_oversized_request_gets_413(server):
    resp = server.post("/classify", files=_files(("big.png", b"\0" * (9 * 1024 * 1024), "image/png")))
    assert resp.status_code == 413 and "larger than" in resp.json()["error"]


def test_file_over_the_image_limit_gets_its_own_413_and_the_others_their_answers(server, mnist_held_out):
    images, labels = mnist_held_out
    resp = server.post("/classify", files=_files(
        ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024), "image/png"),
        ("good.png", mnist_png(images[3]), "image/png")))
    assert resp.status_code == 200, resp.text
    huge, good = resp.json()
    assert huge["file"] == "huge.png" and huge["status"] == 413 and "limit is 2,097,152 bytes" in huge["error"]
    assert good["file"] == "good.png" and good["label"] == str(labels[3])


def test_good_images_keep_their_answers_next_to_bad_ones(server, mnist_held_out):
    images, labels = mnist_held_out
    resp = server.post("/classify", files=_files(
        ("good1.png", mnist_png(images[10]), "image/png"),
        ("bad.txt", b"nope", "text/plain"),
        ("empty.png", b"", "image/png"),
        ("good2.png", mnist_png(images[11]), "image/png"),
    ))
    assert resp.status_code == 200
    body = resp.json()
    assert [r["file"] for r in body] == ["good1.png", "bad.txt", "empty.png", "good2.png"]
    assert body[0]["label"] == str(labels[10]) and body[3]["label"] == str(labels[11])
    assert body[1]["status"] == 415 and "label" not in body[1]
    assert body[2]["status"] == 400


def test_concurrent_requests_get_their_own_answers(server, mnist_held_out):
    """Requests batched together: each gets its own labels, and bad requests do not fail good ones."""
    images, labels = mnist_held_out

    def call(i: int):
        if i % 5 == 0:
            return i, server.post("/classify", files=_files((f"bad{i}.png", b"garbage", "image/png")))
        return i, server.post("/classify", files=_files((f"{i}.png", mnist_png(images[i]), "image/png")))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(call, range(200, 280)))
    wrong = 0
    for i, resp in results:
        if i % 5 == 0:
            assert resp.status_code == 415
        else:
            assert resp.status_code == 200, resp.text
            assert resp.json()[0]["file"] == f"{i}.png"
            wrong += resp.json()[0]["label"] != str(labels[i])
    assert wrong <= 2


def test_models_endpoint_describes_loaded_models(server):
    resp = server.post("/models")
    assert resp.status_code == 200
    digits = next(m for m in resp.json()["models"] if m["name"] == "digits")
    assert digits["classes"] == [str(i) for i in range(10)]
    assert digits["metrics"]["held_out_accuracy"] >= 0.99
    assert digits["input"]["size"] == 28 and "train_classifier" in digits["command"]


def test_probes_metrics_and_docs(server):
    assert requests.get(server.url + "/livez", timeout=10).status_code == 200
    assert requests.get(server.url + "/readyz", timeout=10).status_code == 200
    ui = requests.get(server.url + "/", timeout=10)
    assert ui.status_code == 200 and "swagger" in ui.text.lower()
    spec = requests.get(server.url + "/docs.json", timeout=10).json()
    assert {"/classify", "/classify_base64", "/models"} <= set(spec["paths"])
    metrics = requests.get(server.url + "/metrics", timeout=10).text
    assert "bentoml_service_request_total" in metrics or "bentoml_service_request_duration" in metrics
    assert "text_recognizer_batch_items" in metrics


def test_label_folder_writes_csv_with_labels_and_errors(server, mnist_held_out, tmp_path):
    import csv

    from text_recognizer.label_folder import main

    images, labels = mnist_held_out
    folder = tmp_path / "digits"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.png").write_bytes(mnist_png(images[i]))
    (folder / "broken.jpg").write_bytes(b"not really a jpeg")
    out = tmp_path / "labels.csv"
    assert main([str(folder), "--url", server.url, "--chunk", "4", "-o", str(out)]) == 0
    rows = {Path(r["file"]).name: r for r in csv.DictReader(out.open())}
    assert len(rows) == 6 and rows["broken.jpg"]["error"]
    assert sum(rows[f"{i}.png"]["label"] == str(labels[i]) for i in range(5)) >= 4


def test_bentoml_python_client_as_in_readme(server, mnist_held_out, tmp_path):
    import bentoml

    images, labels = mnist_held_out
    path = tmp_path / "seven.png"
    path.write_bytes(mnist_png(images[20]))
    with bentoml.SyncHTTPClient(server.url, server_ready_timeout=30) as client:
        result = client.classify(images=[path], top_k=3)
    assert result[0]["label"] == str(labels[20]) and result[0]["file"] == "seven.png"
