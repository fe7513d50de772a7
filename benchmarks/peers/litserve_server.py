"""Peer 2: LitServe with request batching, same model, preprocessing and request/response shape.

    python benchmarks/peers/litserve_server.py --port 5002 [--max-batch-size 64] [--batch-timeout 0.005]

POST /classify, multipart field `images` (repeatable). LitServe batches *requests* (up to
`max_batch_size` of them, waiting at most `batch_timeout` s): `batch` concatenates the requests'
images into one tensor, `predict` runs one forward pass, `unbatch` splits it back per request.
LitServe parses the multipart form in its API-server process and runs decode_request, predict and
encode_response in its inference worker process.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ImageInputError, error_result, load_predictor, prepare_bytes, result  # noqa: E402

import litserve as ls  # noqa: E402
import torch  # noqa: E402
from fastapi import HTTPException  # noqa: E402


class DigitsAPI(ls.LitAPI):
    def setup(self, device):
        threads = int(os.environ["PEER_THREADS"]) if os.environ.get("PEER_THREADS") else None
        self.pred, self.tag = load_predictor(threads)

    def decode_request(self, request, **kwargs):
        files = request.getlist("images")
        if not files:
            raise HTTPException(400, "no image in the request: send one or more files in the field 'images'")
        top_k = int(request.get("top_k", 3))
        names, tensors, errors = [], [], []
        for i, f in enumerate(files):
            name = getattr(f, "filename", None) or f"image {i + 1}"
            try:
                tensors.append(prepare_bytes(self.pred, f.file.read()))
                names.append(name)
            except ImageInputError as exc:
                errors.append(error_result(name, exc))
        if not tensors:
            raise HTTPException(400, "no image could be read")
        return {"x": torch.stack(tensors), "names": names, "top_k": top_k}

    def batch(self, inputs):
        self._sizes = [len(i["x"]) for i in inputs]  # one batch at a time per worker: safe to keep here
        return {"x": torch.cat([i["x"] for i in inputs]), "meta": [(i["names"], i["top_k"]) for i in inputs]}

    def predict(self, batch, **kwargs):
        probs = self.pred.predict_batch(batch["x"])
        out, start = [], 0
        for (names, k), n in zip(batch["meta"], self._sizes):
            out.append([result(self.pred, self.tag, nm, probs[start + j], k) for j, nm in enumerate(names)])
            start += n
        return out

    def unbatch(self, output):
        return output

    def encode_response(self, output, **kwargs):
        return output


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5002)
    ap.add_argument("--max-batch-size", type=int, default=64)
    ap.add_argument("--batch-timeout", type=float, default=0.005, help="seconds")
    ap.add_argument("--workers-per-device", type=int, default=1)
    args = ap.parse_args()
    api = DigitsAPI(max_batch_size=args.max_batch_size, batch_timeout=args.batch_timeout, api_path="/classify")
    server = ls.LitServer(api, accelerator="cpu", workers_per_device=args.workers_per_device, timeout=120)
    server.run(host=args.host, port=args.port, generate_client_file=False, log_level="warning")


if __name__ == "__main__":
    main()
