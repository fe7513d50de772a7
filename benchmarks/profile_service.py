"""Where the service's worker spends its CPU under load: a py-spy profile, summarised.

    python benchmarks/profile_service.py --py-spy /tmp/pyspy-venv/bin/py-spy [--workload digit1] [--concurrency 64] \
        [--seconds 8] [--service-env TEXT_RECOGNIZER_WORKERS=1]

Starts the service pinned to --server-cpus (as run_serving.py does), loads it with loadgen.py pinned to
--client-cpus, records the BentoML worker with py-spy (pinned with the client, 100 Hz, all threads, idle
frames dropped) and prints the share of busy samples per function (inclusive) and per leaf frame, plus
the requests/s reached while profiling (py-spy pauses the process to sample, so that is a bit lower than
without it). py-spy is not in the project venv: `python -m venv /tmp/pyspy-venv && /tmp/pyspy-venv/bin/pip
install py-spy`. Writes benchmarks/results/profile_<workload>_c<N>.txt (the summary) and the raw stacks
next to it (.raw).
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_serving import BENCH, Server, _descendants, ensure_store, loadgen, make_servers, OCR_MODEL  # noqa: E402

IDLE = re.compile(r"(Condition\.wait|_worker \(concurrent|select \(selectors|Runner\.run \(asyncio/runners\.py:\d+\)$"
                  r"|epoll|_run_once \(asyncio/base_events\.py:\d+\)$)")


def summarise(raw: Path, top: int = 45) -> str:
    incl: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit() or IDLE.search(stack.rsplit(";", 1)[-1]):
            continue
        n = int(n)
        total += n
        frames = stack.split(";")[1:]
        for f in {re.sub(r":\d+\)", ")", f) for f in frames}:
            incl[f] += n
        own[re.sub(r":\d+\)", ")", frames[-1]) if frames else "?"] += n
    out = [f"busy samples: {total}", "", "inclusive (share of busy samples):"]
    out += [f"{n / total:6.1%}  {k[:140]}" for k, n in incl.most_common(top)]
    out += ["", "leaf frames (own time):"]
    out += [f"{n / total:6.1%}  {k[:140]}" for k, n in own.most_common(25)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--py-spy", required=True)
    ap.add_argument("--workload", default="digit1")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rate", type=int, default=100)
    ap.add_argument("--loadgen", choices=("aiohttp", "wrk"), default="aiohttp")
    ap.add_argument("--client-cpus", default="0")
    ap.add_argument("--server-cpus", default="1")
    ap.add_argument("--service-env", action="append", default=[])
    ap.add_argument("--bentoml-home", type=Path, default=Path("/tmp/text_recognizer_bench_bentoml"))
    ap.add_argument("--ocr-model", type=Path, default=OCR_MODEL)
    args = ap.parse_args(argv)
    # what make_servers/loadgen read from the runner's arguments
    args.gunicorn, args.litserve_max_batch, args.litserve_batch_timeout = None, 64, 0.005
    args.timeout, args.min_ok, args.max_duration = 120.0, 0, args.seconds + 4
    ocr = args.ocr_model.exists()
    ensure_store(args.bentoml_home, args.ocr_model if ocr else None)
    srv: Server = make_servers(args, ocr, Path("/tmp/text_recognizer_bench_logs"))["service"]
    srv.start()
    out = BENCH / "results" / f"profile_{args.workload}_c{args.concurrency}.txt"
    raw = out.with_suffix(".raw")
    try:
        loadgen(args, srv.url, args.workload, 8, 2, 0)
        worker = next(pid for pid, cmd in _descendants(srv.proc.pid).items()
                      if b"_bentoml_impl.worker.service" in cmd)  # a BentoML worker process (the first)
        result: dict = {}
        t = threading.Thread(target=lambda: result.update(loadgen(args, srv.url, args.workload, args.concurrency,
                                                                  args.seconds + 2, 1)))
        t.start()
        subprocess.run(["taskset", "-c", args.client_cpus, args.py_spy, "record", "-p", str(worker), "-d",
                        str(int(args.seconds)), "-r", str(args.rate), "--threads", "--format", "raw", "-o", str(raw)],
                       check=True, capture_output=True)
        t.join()
    finally:
        srv.stop()
    text = (f"service profile: {args.workload}, concurrency {args.concurrency}, {args.seconds} s at {args.rate} Hz, "
            f"env {args.service_env}\nwhile profiling: {result.get('rps', 0):.1f} req/s, p50 {result.get('p50_ms', 0):.1f} ms, "
            f"p99 {result.get('p99_ms', 0):.1f} ms\n\n" + summarise(raw))
    out.write_text(text + "\n")
    print(text)
    print(f"\nwrote {out} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
