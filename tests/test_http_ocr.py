"""/ocr over real HTTP against `bentoml serve`, with the shipped line recognizer and rendered text."""

from __future__ import annotations

import base64
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.conftest import ROOT
from tests.image_factory import jpeg_bytes, png_bytes, still_life
from text_recognizer.ctc import cer as character_error_rate

pytestmark = pytest.mark.skipif(not (ROOT / "artifacts" / "text-lines" / "model.pt").exists(),
                                reason="no shipped line recognizer (artifacts/text-lines/model.pt)")

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SERIF = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.exists():
        pytest.skip(f"font {path} not installed (scripts/setup.sh installs it)")
    return ImageFont.truetype(str(path), size)


def render(lines: list[str], font: Path = FONT, size: int = 36, pad: int = 24, spacing: float = 1.6) -> Image.Image:
    f = _font(font, size)
    width = max(int(f.getlength(t)) for t in lines) + 2 * pad
    height = int(len(lines) * size * spacing) + 2 * pad
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((pad, pad + i * size * spacing), text, font=f, fill=20)
    return img


def photo_like(img: Image.Image, seed: int = 0) -> Image.Image:
    """Off-white paper, uneven light, a slight tilt, blur and noise, saved as JPEG."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(img.convert("L"), dtype=np.float32) / 255
    h, w = arr.shape
    light = 0.82 + 0.12 * np.linspace(0, 1, w)[None, :] - 0.06 * np.linspace(0, 1, h)[:, None]
    rgb = np.stack([arr * light * 0.97, arr * light * 0.95, arr * light * 0.88], -1) + rng.normal(0, 0.02, (h, w, 3))
    out = Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8), "RGB").rotate(1.0, expand=True, fillcolor=(205, 200, 185))
    return out.filter(ImageFilter.GaussianBlur(0.8))


def _ocr(server, *items: tuple[str, bytes]):
    return server.post("/ocr", files=[("images", (n, d, "image/png")) for n, d in items])


def test_single_printed_line(server):
    text = "The quick brown fox jumps over 13 lazy dogs."
    resp = _ocr(server, ("line.png", png_bytes(render([text]))))
    assert resp.status_code == 200, resp.text
    res = resp.json()[0]
    assert len(res["lines"]) == 1, res
    assert character_error_rate(res["text"], text) <= 0.05, res["text"]
    line = res["lines"][0]
    assert 0 < line["confidence"] <= 1 and line["box"]["x1"] > line["box"]["x0"]
    assert res["model"].startswith("text-lines:")


def test_words_come_with_boxes_round_their_own_ink(server):
    """Each line's words, left to right, with boxes that close on each word's ink: the box of
    every word is within a few pixels of where it was drawn."""
    size, pad = 36, 24
    lines = ["Total due: $1,249.50 by Friday", "Ask Ada (ext. 42) before 5 pm"]
    img = render(lines, size=size, pad=pad)
    resp = _ocr(server, ("words.png", png_bytes(img)))
    assert resp.status_code == 200, resp.text
    res = resp.json()[0]
    assert character_error_rate(res["text"], "\n".join(lines)) <= 0.05, res["text"]
    f = _font(FONT, size)
    for line, text in zip(res["lines"], lines):
        assert [w["text"] for w in line["words"]] == line["text"].split(" ")
        assert len(line["words"]) == len(text.split(" ")), line["text"]
        x = float(pad)
        for word, w in zip(text.split(" "), line["words"]):
            left, _, right, _ = f.getbbox(word)  # the ink of the word drawn at x
            assert abs(w["box"]["x0"] - (x + left)) <= 4 and abs(w["box"]["x1"] - (x + right)) <= 4, (word, w["box"], x)
            assert line["box"]["y0"] <= w["box"]["y0"] < w["box"]["y1"] <= line["box"]["y1"], (w, line["box"])
            assert 0 < w["confidence"] <= 1
            x += f.getlength(word + " ")


def test_photo_like_line_in_jpeg(server):
    text = "Invoice 2024-03-15: total $1,249.50"
    resp = _ocr(server, ("photo.jpg", jpeg_bytes(photo_like(render([text], SERIF, 40)))))
    assert resp.status_code == 200, resp.text
    assert character_error_rate(resp.json()[0]["text"], text) <= 0.1, resp.json()[0]["text"]


@pytest.mark.parametrize("kind", ["dithered", "thresholded", "fax"])
def test_bilevel_scan_is_read(server, kind):
    """A black-and-white scan or a fax: one bit per pixel, grey paper dithered into dots (which
    used to be read as punctuation: "Ihvoice:2024:117::ttal"), or thresholded, or a CCITT G4 TIFF."""
    text = "Invoice 2024-117: total $58.40"
    gray = render([text], SERIF, 30).point(lambda v: 40 + v * 200 // 255)  # grey paper, dark ink
    if kind == "thresholded":
        bilevel = gray.point(lambda v: 255 if v > 128 else 0).convert("1", dither=Image.Dither.NONE)
    else:
        bilevel = gray.convert("1")  # Floyd-Steinberg
    buf = io.BytesIO()
    if kind == "fax":
        bilevel.save(buf, format="TIFF", compression="group4")
    else:
        bilevel.save(buf, format="PNG")
    resp = _ocr(server, (f"scan-{kind}", buf.getvalue()))
    assert resp.status_code == 200, resp.text
    assert character_error_rate(resp.json()[0]["text"], text) <= 0.05, resp.json()[0]["text"]


def test_photo_of_a_page_on_a_dark_desk(server):
    """The desk round the page used to decide the polarity and swallow the text ("E")."""
    lines = ["Please call me back before Friday.", "The meeting moved to room 204.", "Bring the signed forms!"]
    page = render(lines, SERIF, 30)
    desk = Image.new("L", (page.width + 120, page.height + 60), 45)
    desk.paste(page, (80, 0))  # the desk shows on the left and below, as in a hand-held photo
    resp = _ocr(server, ("desk.jpg", jpeg_bytes(photo_like(desk, seed=3))))
    assert resp.status_code == 200, resp.text
    got = resp.json()[0]["text"]
    assert len(got.split("\n")) == 3, got
    assert character_error_rate(got, "\n".join(lines)) <= 0.05, got


def test_paragraph_is_split_into_lines_in_order(server):
    lines = ["Meet me at the station", "on Friday, 7 June, at 10:30.", "Bring the blue folder!"]
    resp = _ocr(server, ("para.png", png_bytes(render(lines))))
    assert resp.status_code == 200, resp.text
    res = resp.json()[0]
    assert len(res["lines"]) == 3, res
    boxes = [l["box"] for l in res["lines"]]
    assert boxes[0]["y1"] <= boxes[1]["y0"] and boxes[1]["y1"] <= boxes[2]["y0"]
    for got, want in zip(res["text"].split("\n"), lines):
        assert character_error_rate(got, want) <= 0.1, (got, want)


def test_two_columns_beside_a_photo_and_colour_only_text(server):
    """A newsletter-like page, a photo then two columns, is read column by column with boxes in
    the page's pixels; red text on a green card of the same brightness is read too."""
    import matplotlib

    photo = Image.open(Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg").convert("RGB")
    f = _font(SERIF, 24)
    left = ["The council met on Monday to", "discuss the new budget for the", "coming year and its roads."]
    right = ["Schools will get more money", "than last year, and the library", "opens two more days a week."]
    page = Image.new("RGB", (1120, 280), (250, 250, 250))
    page.paste(photo.resize((160, 200)), (20, 30))
    draw = ImageDraw.Draw(page)
    for i, (a, b) in enumerate(zip(left, right)):
        draw.text((220, 60 + i * 40), a, font=f, fill=(20, 20, 20))
        draw.text((700, 60 + i * 40), b, font=f, fill=(20, 20, 20))
    card_text = "Sale ends Sunday"
    card = Image.new("RGB", (420, 90), (0, 128, 0))
    ImageDraw.Draw(card).text((30, 25), card_text, font=_font(FONT, 32), fill=(255, 0, 0))
    resp = _ocr(server, ("page.jpg", jpeg_bytes(page)), ("card.png", png_bytes(card)))
    assert resp.status_code == 200, resp.text
    res_page, res_card = resp.json()
    assert len(res_page["lines"]) == 6, res_page["text"]
    for got, want in zip(res_page["lines"], left + right):
        assert character_error_rate(got["text"], want) <= 0.1, (got["text"], want)
    boxes = [line["box"] for line in res_page["lines"]]
    assert all(b["x0"] >= 200 and b["x1"] <= 680 for b in boxes[:3]), boxes  # left column, photo left out
    assert all(b["x0"] >= 680 for b in boxes[3:]), boxes
    assert character_error_rate(res_card["text"], card_text) <= 0.1, res_card["text"]


def test_light_text_on_dark_background(server):
    text = "White on black 42"
    img = Image.eval(render([text]), lambda v: 255 - v)
    resp = _ocr(server, ("dark.png", png_bytes(img)))
    assert resp.status_code == 200
    assert character_error_rate(resp.json()[0]["text"], text) <= 0.1, resp.json()[0]["text"]


def test_sideways_photo_is_read_upright_next_to_an_upright_one(server):
    """A page photographed sideways without EXIF orientation, in the same request as an upright
    one: each is read the right way up, and the sideways one's boxes are in its own pixels."""
    lines = ["Meet me at the station", "on Friday, 7 June, at 10:30.", "Bring the blue folder!"]
    upright = photo_like(render(lines, SERIF, 34), seed=4)
    sideways = upright.transpose(Image.Transpose.ROTATE_270)  # turned clockwise
    resp = _ocr(server, ("sideways.jpg", jpeg_bytes(sideways)), ("upright.jpg", jpeg_bytes(upright)))
    assert resp.status_code == 200, resp.text
    turned, plain = resp.json()
    assert (turned["rotation"], plain["rotation"]) == (90, 0)
    for res in (turned, plain):
        assert len(res["lines"]) == 3, res
        for got, want in zip(res["text"].split("\n"), lines):
            assert character_error_rate(got, want) <= 0.1, (got, want)
    # turned clockwise, the first line runs down the right-hand side of the upload
    boxes = [l["box"] for l in turned["lines"]]
    assert all(b["y1"] - b["y0"] > 4 * (b["x1"] - b["x0"]) for b in boxes), boxes
    assert boxes[0]["x0"] >= boxes[1]["x1"] and boxes[1]["x0"] >= boxes[2]["x1"], boxes
    assert all(0 <= b["x0"] < b["x1"] <= sideways.width and 0 <= b["y0"] < b["y1"] <= sideways.height for b in boxes)
    # its words run down the line too, top to bottom, inside the line's box
    for line in turned["lines"]:
        words = [w["box"] for w in line["words"]]
        assert [w["text"] for w in line["words"]] == line["text"].split(" ")
        assert all(w["y1"] <= v["y0"] + 2 for w, v in zip(words, words[1:])), words
        box = line["box"]
        assert all(box["x0"] <= w["x0"] and w["x1"] <= box["x1"] and box["y0"] <= w["y0"] and w["y1"] <= box["y1"] for w in words)


def test_phone_photo_with_exif_orientation_is_read_as_displayed(server):
    """A phone stores the pixels sideways and says in EXIF how to turn them: the text is read
    without a second look, and boxes are in the image as every viewer displays it."""
    text = "Parking permit 2291 valid until May"
    upright = photo_like(render([text], SERIF, 36), seed=2)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to display
    buf = io.BytesIO()
    upright.transpose(Image.Transpose.ROTATE_90).save(buf, format="JPEG", quality=90, exif=exif)
    resp = _ocr(server, ("phone.jpg", buf.getvalue()))
    assert resp.status_code == 200, resp.text
    res = resp.json()[0]
    assert res["rotation"] == 0
    assert character_error_rate(res["text"], text) <= 0.1, res["text"]
    box = res["lines"][0]["box"]
    assert box["x1"] - box["x0"] > 8 * (box["y1"] - box["y0"]) and box["x1"] <= upright.width, box


def test_many_images_and_bad_ones_in_one_request(server):
    texts = ["first image", "second image 2"]
    resp = _ocr(server, ("a.png", png_bytes(render([texts[0]]))), ("bad.txt", b"not an image"),
                ("b.png", png_bytes(render([texts[1]]))), ("empty.png", b""))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [r["file"] for r in body] == ["a.png", "bad.txt", "b.png", "empty.png"]
    assert character_error_rate(body[0]["text"], texts[0]) <= 0.1
    assert character_error_rate(body[2]["text"], texts[1]) <= 0.1
    assert body[1]["status"] == 415 and body[3]["status"] == 400 and "text" not in body[1]


def test_bad_inputs_get_4xx(server):
    assert _ocr(server, ("x.png", b"")).status_code == 400
    assert _ocr(server, ("x.txt", b"hello")).status_code == 415
    assert server.post("/ocr").status_code == 400
    assert server.post("/ocr_base64", json={"images": ["not base64 at all!"]}).status_code == 400


def test_blank_page_gives_empty_text(server):
    resp = _ocr(server, ("blank.png", png_bytes(Image.new("L", (400, 200), 255))))
    assert resp.status_code == 200 and resp.json()[0]["text"] == "" and resp.json()[0]["lines"] == []


def test_photo_without_text_gives_empty_text_beside_a_line(server):
    """A photo of a few shaded balls on a table read as "t a" before lines the
    model is that unsure of were left out; the text line sent with it is still read."""
    text = "Photo credit: US Navy"
    resp = _ocr(server, ("still_life.jpg", jpeg_bytes(still_life(0))), ("caption.png", png_bytes(render([text]))))
    assert resp.status_code == 200, resp.text
    photo, caption = resp.json()
    assert photo["text"] == "" and photo["lines"] == [], photo
    assert character_error_rate(caption["text"], text) <= 0.1, caption["text"]


def test_base64_json(server):
    text = "base64 works"
    data = "data:image/png;base64," + base64.b64encode(png_bytes(render([text]))).decode()
    resp = server.post("/ocr_base64", json={"images": [data]})
    assert resp.status_code == 200 and character_error_rate(resp.json()[0]["text"], text) <= 0.1


def test_concurrent_requests_keep_their_own_text(server):
    words = ["alpha 1", "bravo 22", "charlie 333", "delta 4444", "echo 5", "foxtrot 66"]

    def call(i):
        text = words[i % len(words)]
        return text, _ocr(server, (f"{i}.png", png_bytes(render([text]))))

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(call, range(36)))
    for text, resp in results:
        assert resp.status_code == 200
        assert character_error_rate(resp.json()[0]["text"], text) <= 0.15, (resp.json()[0]["text"], text)


def test_models_endpoint_lists_line_recognizer(server):
    models = {m["name"]: m for m in server.post("/models").json()["models"]}
    assert models["text-lines"]["task"] == "ocr" and models["text-lines"]["charset"]
    assert models["text-lines"]["lexicon_words"] > 50_000  # the word list travels in the model store


def test_malformed_requests_get_4xx_saying_how_to_send_the_image(server):
    """Each of these was a 500 "unexpected error" from BentoML's request parser (and text in the
    file field was taken for a URL and fetched by the server)."""
    good = png_bytes(render(["right field"]))
    # A file in a field the API does not have: that file's own 400, the rest still read.
    resp = server.post("/ocr", files=[("image", ("typo.png", good, "image/png")), ("images", ("ok.png", good, "image/png"))])
    assert resp.status_code == 200, resp.text
    body = {r["file"]: r for r in resp.json()}
    assert body["typo.png"]["status"] == 400 and "field 'image'" in body["typo.png"]["error"]
    assert character_error_rate(body["ok.png"]["text"], "right field") <= 0.1
    resp = server.post("/ocr", files=[("file", ("typo.png", good, "image/png"))])
    assert resp.status_code == 400 and "field 'images'" in resp.json()["error"], resp.text
    # Text, or a URL, where the file belongs: never fetched.
    resp = server.post("/ocr", data={"images": "http://127.0.0.1:3000/metrics"})
    assert resp.status_code == 400 and "text, not a file" in resp.json()["error"], resp.text
    # Not a multipart form at all.
    resp = server.post("/ocr", data=b"--xx\r\ngarbage", headers={"Content-Type": "multipart/form-data; boundary=xx"})
    assert resp.status_code == 400 and "multipart form" in resp.json()["error"], resp.text
    resp = server.post("/ocr", data=good, headers={"Content-Type": "image/png"})
    assert resp.status_code == 415 and "-F images=@" in resp.json()["error"], resp.text
    # A file upload sent to the JSON endpoint is pointed to the file endpoint.
    resp = server.post("/ocr_base64", files=[("images", ("ok.png", good, "image/png"))])
    assert resp.status_code == 400 and "use /ocr" in resp.json()["detail"][0]["msg"], resp.text
