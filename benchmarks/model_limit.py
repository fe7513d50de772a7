"""The digits model alone, in-process, no HTTP: images/s per batch size, and preprocessing cost per image.

    taskset -c 1 python benchmarks/model_limit.py [--workers 1] [--seconds 1.0] [--json-out benchmarks/results/model_limit.json]

Threads: torch gets `cores // workers` intra-op threads, where cores are the ones this process may
run on (taskset), exactly what service.py does (`set_threads(available_cores() // WORKERS)`). Run it
pinned to the cores the server gets, so the numbers are that server's ceiling.

* forward: `predictor.predict_batch(list of prepared tensors)` (stack + forward + softmax + to numpy),
  the call the service's batcher makes, at batch sizes 1, 2, 4, ..., 512.
* preprocessing: `decode_image(png_bytes)` + `predictor.prepare(img)` per image, for the benchmark's
  digit PNGs (what every server does per upload before the model).
* combined: images/s if one core did both: 1 / (1/forward_rate + preprocessing_s).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))

from common import load_predictor  # noqa: E402
from text_recognizer.device import available_cores  # noqa: E402
from text_recognizer.preprocessing.images import decode_image  # noqa: E402
from workloads import digit_pngs  # noqa: E402


def _timeit(fn, seconds: float, min_reps: int = 3) -> float:
    """Median seconds per call over ~`seconds` of repeated calls (after one warm-up call)."""
    fn()
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < min_reps:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def _forward_rates(pred, prepared: list, seconds: float, max_batch: int, prep_s: float) -> list[dict]:
    rows = []
    bs = 1
    while bs <= max_batch:
        batch = [prepared[i % len(prepared)] for i in range(bs)]
        per_call = _timeit(lambda: pred.predict_batch(batch), seconds)
        rate = bs / per_call
        rows.append({"batch_size": bs, "ms_per_batch": per_call * 1000, "images_per_s": rate,
                     "images_per_s_with_preprocessing": 1 / (1 / rate + prep_s)})
        bs *= 2
    return rows


def measure(workers: int = 1, seconds: float = 1.0, max_batch: int = 512) -> dict:
    """The limit of `workers` service workers on this process's cores.

    One worker: one process with all the cores' threads. Several: one process with cores // workers
    threads is measured and multiplied by `workers` (an upper bound: perfect scaling across
    processes), and one process with all the threads is measured too; the limit is the larger.
    """
    from text_recognizer.device import set_threads

    cores = available_cores()
    threads = max(1, cores // workers)
    pred, tag = load_predictor(threads)
    pngs = [data for _, data in digit_pngs()]
    prepared = [pred.prepare(decode_image(b)) for b in pngs]

    prep_s = _timeit(lambda: [pred.prepare(decode_image(b)) for b in pngs], seconds) / len(pngs)
    decode_s = _timeit(lambda: [decode_image(b) for b in pngs], seconds / 2) / len(pngs)

    rows = _forward_rates(pred, prepared, seconds, max_batch, prep_s)
    best = max(rows, key=lambda r: r["images_per_s"])
    res = {
        "model": tag, "cpus": sorted(os.sched_getaffinity(0)), "workers": workers, "torch_threads": threads,
        "preprocess_us_per_image": prep_s * 1e6, "decode_us_per_image": decode_s * 1e6,
        "prepare_us_per_image": (prep_s - decode_s) * 1e6,
        "batches": rows, "best_batch_size": best["batch_size"], "best_images_per_s": best["images_per_s"],
        "best_images_per_s_with_preprocessing": max(r["images_per_s_with_preprocessing"] for r in rows),
    }
    if workers > 1:
        res["per_process_best_images_per_s"] = best["images_per_s"]
        res["workers_x_per_process_images_per_s"] = workers * best["images_per_s"]
        set_threads(cores)
        one = max(_forward_rates(pred, prepared, seconds, max_batch, prep_s), key=lambda r: r["images_per_s"])
        set_threads(threads)
        res["one_process_all_cores_images_per_s"] = one["images_per_s"]
        res["best_images_per_s"] = max(workers * best["images_per_s"], one["images_per_s"])
        # with preprocessing spread over the workers too (each worker preprocesses its own requests)
        res["best_images_per_s_with_preprocessing"] = workers * res["best_images_per_s_with_preprocessing"]
    return res


def measure_ocr(path: Path, workers: int = 1, seconds: float = 1.0, max_batch: int = 64) -> dict:
    """The line recognizer alone: `prepare` (segmentation + line arrays) per image, `recognize` per line
    at batch sizes 1..max_batch, for the benchmark's line and paragraph PNGs."""
    import torch

    from text_recognizer.device import set_threads
    from text_recognizer.model_store import build_predictor
    from workloads import line_pngs, paragraph_pngs

    threads = max(1, available_cores() // workers)
    set_threads(threads)
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    ckpt.setdefault("kind", "line_recognizer")
    pred = build_predictor(ckpt, torch.device("cpu"))
    lines = [decode_image(b) for _, b in line_pngs()]
    paras = [decode_image(b) for _, b in paragraph_pngs()]
    arrays = [line.array for img in lines for line in pred.prepare(img)]
    res = {
        "ocr_model": str(path), "torch_threads": threads,
        "prepare_ms_per_line_image": _timeit(lambda: [pred.prepare(i) for i in lines], seconds) / len(lines) * 1000,
        "prepare_ms_per_paragraph_image": _timeit(lambda: [pred.prepare(i) for i in paras], seconds) / len(paras) * 1000,
        "lines_per_paragraph": [len(pred.prepare(i)) for i in paras],
        "recognize": [],
    }
    bs = 1
    while bs <= max_batch:
        batch = [arrays[i % len(arrays)] for i in range(bs)]
        per_call = _timeit(lambda: pred.recognize(batch), seconds)
        res["recognize"].append({"batch_size": bs, "ms_per_batch": per_call * 1000, "lines_per_s": bs / per_call})
        bs *= 2
    best = max(res["recognize"], key=lambda r: r["lines_per_s"])
    res["best_batch_size"], res["best_lines_per_s"] = best["batch_size"], best["lines_per_s"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=int(os.environ.get("TEXT_RECOGNIZER_WORKERS", "1")),
                    help="as TEXT_RECOGNIZER_WORKERS: torch threads = cores // workers")
    ap.add_argument("--seconds", type=float, default=1.0, help="time spent per batch size")
    ap.add_argument("--max-batch", type=int, default=512)
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--ocr-model", type=Path, help="also measure this line recognizer (e.g. artifacts/text-lines/model.pt)")
    args = ap.parse_args(argv)
    res = measure(args.workers, args.seconds, args.max_batch)
    if args.ocr_model and args.ocr_model.exists():
        res["ocr"] = o = measure_ocr(args.ocr_model, args.workers, args.seconds)
        print(f"OCR {o['ocr_model']}: prepare {o['prepare_ms_per_line_image']:.1f} ms per line image, "
              f"{o['prepare_ms_per_paragraph_image']:.1f} ms per paragraph ({o['lines_per_paragraph']} lines)")
        for r in o["recognize"]:
            print(f"  recognize batch {r['batch_size']:>3}: {r['ms_per_batch']:8.1f} ms, {r['lines_per_s']:7.1f} lines/s")
    print(f"model {res['model']} on CPUs {res['cpus']}, {res['torch_threads']} torch thread(s)")
    print(f"preprocessing (decode + prepare) {res['preprocess_us_per_image']:.0f} us/image "
          f"(decode {res['decode_us_per_image']:.0f} us, prepare {res['prepare_us_per_image']:.0f} us)")
    print(f"{'batch':>6} {'ms/batch':>10} {'images/s':>10} {'+prep img/s':>12}")
    for r in res["batches"]:
        print(f"{r['batch_size']:>6} {r['ms_per_batch']:>10.2f} {r['images_per_s']:>10.0f} "
              f"{r['images_per_s_with_preprocessing']:>12.0f}")
    if res["workers"] == 1:
        print(f"best batch size {res['best_batch_size']}: {res['best_images_per_s']:.0f} images/s "
              f"(with preprocessing on the same core: {res['best_images_per_s_with_preprocessing']:.0f} images/s)")
    else:
        print(f"{res['workers']} workers: {res['workers']} x {res['per_process_best_images_per_s']:.0f} = "
              f"{res['workers_x_per_process_images_per_s']:.0f} images/s (perfect scaling); one process with all "
              f"cores: {res['one_process_all_cores_images_per_s']:.0f} images/s; limit used: {res['best_images_per_s']:.0f}")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
