"""Label every image in a folder through a running server and write a CSV.

    python -m text_recognizer.label_folder photos/ --url http://localhost:3000 > labels.csv
    python -m text_recognizer.label_folder scans/ --endpoint ocr -o texts.csv

Images go in many-image requests so the server batches them; a file the server cannot read gets
its error in the CSV instead of stopping the run.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import requests

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def find_images(folder: Path, recursive: bool) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    return sorted(p for p in folder.glob(pattern) if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def label(paths: list[Path], url: str, endpoint: str, chunk: int, api_key: str | None) -> list[dict]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    rows = []
    for start in range(0, len(paths), chunk):
        part = paths[start:start + chunk]
        files = [("images", (p.name, p.read_bytes(), "application/octet-stream")) for p in part]
        resp = requests.post(f"{url.rstrip('/')}/{endpoint}", files=files, headers=headers, timeout=300)
        body = resp.json()
        results = body if isinstance(body, list) else body.get("results") or [{"error": body.get("error")}] * len(part)
        for path, res in zip(part, results):
            row = {"file": str(path), "error": res.get("error", "")}
            if endpoint == "classify":
                row.update(label=res.get("label", ""), score=res.get("score", ""))
            else:
                row.update(text=res.get("text", ""))
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", type=Path)
    p.add_argument("--url", default="http://localhost:3000")
    p.add_argument("--endpoint", choices=["classify", "ocr"], default="classify")
    p.add_argument("--recursive", action="store_true")
    p.add_argument("--chunk", type=int, default=32, help="images per request")
    p.add_argument("-o", "--output", type=Path, help="CSV file (default: standard output)")
    args = p.parse_args(argv)

    paths = find_images(args.folder, args.recursive)
    if not paths:
        raise SystemExit(f"no images ({', '.join(sorted(IMAGE_SUFFIXES))}) in {args.folder}")
    rows = label(paths, args.url, args.endpoint, args.chunk, os.environ.get("TEXT_RECOGNIZER_API_KEY"))
    fields = ["file", "label", "score", "error"] if args.endpoint == "classify" else ["file", "text", "error"]
    out = open(args.output, "w", newline="") if args.output else sys.stdout
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    if args.output:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
