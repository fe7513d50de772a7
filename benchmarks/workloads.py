"""The request bodies the benchmarks send, built once, deterministic, no network or dataset needed.

* digits: 10 PNGs, a digit 0-9 in DejaVu Sans Bold, black on white, 56x56 (an upload the service must
  invert, crop and centre like any photo of a digit);
* lines: 8 PNGs of one printed text line each (DejaVu Sans 28 px, black on white);
* paragraphs: 4 PNGs of 5 text lines each.

A request body is multipart/form-data with the repeatable field `images`, as `curl -F images=@a.png` sends it.
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOUNDARY = "----textrecognizerbenchmark7MA4YWxkTrZu0gW"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Serving models is mostly about the queue.",
    "Invoice 2024-117 due on March 3rd",
    "Batching helps when compute per item is large",
    "Pack my box with five dozen liquor jugs",
    "Total: 348.50 EUR (incl. VAT)",
    "Meet me at 10:45 near the north gate",
    "Handwriting and print in one model",
]


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def digit_pngs() -> list[tuple[str, bytes]]:
    font = _font(40, bold=True)
    out = []
    for d in range(10):
        img = Image.new("L", (56, 56), 255)
        draw = ImageDraw.Draw(img)
        x0, y0, x1, y1 = draw.textbbox((0, 0), str(d), font=font)
        draw.text(((56 - (x1 - x0)) / 2 - x0, (56 - (y1 - y0)) / 2 - y0), str(d), fill=0, font=font)
        out.append((f"digit{d}.png", _png(img)))
    return out


def _text_image(lines: list[str], size: int = 28, margin: int = 16, spacing: float = 1.8) -> Image.Image:
    font = _font(size)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    width = max(probe.textbbox((0, 0), t, font=font)[2] for t in lines) + 2 * margin
    step = int(size * spacing)
    img = Image.new("L", (width, 2 * margin + step * (len(lines) - 1) + int(size * 1.3)), 255)
    draw = ImageDraw.Draw(img)
    for i, t in enumerate(lines):
        draw.text((margin, margin + i * step), t, fill=0, font=font)
    return img


def line_pngs() -> list[tuple[str, bytes]]:
    return [(f"line{i}.png", _png(_text_image([s]))) for i, s in enumerate(SENTENCES)]


PARAGRAPH_LINES = 5


def paragraph_pngs() -> list[tuple[str, bytes]]:
    out = []
    for i in range(4):
        lines = [SENTENCES[(i + j) % len(SENTENCES)] for j in range(PARAGRAPH_LINES)]
        out.append((f"paragraph{i}.png", _png(_text_image(lines))))
    return out


def multipart(files: list[tuple[str, bytes]], field: str = "images") -> bytes:
    parts = []
    for name, data in files:
        parts.append(
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@dataclass
class Workload:
    """A named set of request bodies; `items` is images (or text lines) per request, for items/s."""

    name: str
    path: str
    bodies: list[bytes]
    items: int
    item_unit: str  # "images" or "lines"


def build(name: str) -> Workload:
    if name == "digit1":
        return Workload(name, "/classify", [multipart([f]) for f in digit_pngs()], 1, "images")
    if name == "digit64":
        d = digit_pngs()
        bodies = [multipart([d[(s + i) % 10] for i in range(64)]) for s in range(10)]
        return Workload(name, "/classify", bodies, 64, "images")
    if name == "line":
        return Workload(name, "/ocr", [multipart([f]) for f in line_pngs()], 1, "lines")
    if name == "paragraph":
        return Workload(name, "/ocr", [multipart([f]) for f in paragraph_pngs()], PARAGRAPH_LINES, "lines")
    raise ValueError(f"unknown workload {name!r}: digit1, digit64, line, paragraph")


WORKLOADS = ("digit1", "digit64", "line", "paragraph")


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def require_loopback(url: str) -> None:
    """The load generators only ever load this machine: a typo must not load someone's server."""
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load a non-loopback host {host!r}")


def load_arguments(doc: str | None) -> argparse.ArgumentParser:
    """The options both load generators take (each adds its own), so run_serving.py can call either."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="server base URL, loopback only (http://127.0.0.1:PORT)")
    ap.add_argument("--workload", choices=WORKLOADS, default="digit1")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    ap.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    ap.add_argument("--timeout", type=float, default=120.0, help="per-request timeout, s")
    ap.add_argument("--min-ok", type=int, default=0,
                    help="a cell with fewer requests completed in --duration is measured longer ...")
    ap.add_argument("--max-duration", type=float, default=None, help="... up to this many seconds")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a summary line")
    return ap


def summary_line(res: dict) -> str:
    """One cell's result as the load generators print it without --json."""
    return (f"{res['workload']} c={res['concurrency']}: {res['rps']:.1f} req/s, {res['items_per_s']:.1f} "
            f"{res['item_unit']}/s, p50 {res['p50_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
            f"non-2xx {res['non_2xx']} (503: {res['n_503']}, 429: {res['n_429']}), errors {res['transport_errors']}, "
            f"client CPU {res['client_cpu_util']:.0%}")

if __name__ == "__main__":  # write the images for a look: python benchmarks/workloads.py /tmp/wl
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/benchmark-workloads")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in digit_pngs() + line_pngs() + paragraph_pngs():
        (out / name).write_bytes(data)
    print(out)
