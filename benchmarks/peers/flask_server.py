"""Peer 1: a plain Flask server, one image per request, the way MNIST serving tutorials do it.

    python benchmarks/peers/flask_server.py --port 5001           # Werkzeug, threaded=True (the default here)
    gunicorn -w 1 --threads 8 -b 127.0.0.1:5001 benchmarks.peers.flask_server:app   # if gunicorn is installed

POST /classify with multipart field `images` (one file). It answers with the same JSON list as the
service's /classify (a one-element list). A request with several files is refused with 400: the
tutorial servers take exactly one image, so this peer does too. No batching: one forward pass per request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ImageInputError, load_predictor, prepare_bytes, result, error_result  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402

app = Flask(__name__)
PRED, TAG = load_predictor(int(os.environ["PEER_THREADS"]) if os.environ.get("PEER_THREADS") else None)


@app.get("/health")
def health():
    return "ok"


@app.post("/classify")
def classify():
    files = request.files.getlist("images")
    if len(files) != 1:
        return jsonify({"error": f"send exactly one image in the field 'images' (got {len(files)})"}), 400
    f = files[0]
    top_k = int(request.form.get("top_k", 3))
    try:
        x = prepare_bytes(PRED, f.read())
    except ImageInputError as exc:
        return jsonify({"error": exc.message, "results": [error_result(f.filename, exc)]}), exc.status
    probs = PRED.predict_batch([x])[0]
    return jsonify([result(PRED, TAG, f.filename or "image 1", probs, top_k)])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5001)
    args = ap.parse_args()
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request
    app.run(host=args.host, port=args.port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
