"""A lean closed-loop HTTP load generator: one process, asyncio + aiohttp, pre-built multipart bodies.

    taskset -c 0 python benchmarks/loadgen.py --url http://127.0.0.1:3000 --workload digit1 \
        --concurrency 64 --duration 10 --warmup 2 [--max-requests N] [--json]

`concurrency` clients each send a request, wait for the whole response, and send the next one, in
one continuous loop of `warmup` + `duration` seconds. Requests that complete inside the last
`duration` seconds are measured; the warm-up ones (connections get opened, the server's batcher
learns) are not. No request starts after the window; the ones in flight are awaited (bounded by
`--timeout`) but not counted, so the next run starts on an idle server. The run also stops issuing
after `--max-requests` requests. With `--min-ok N --max-duration S` the window stays open past
`--duration` (up to S seconds) until N requests completed in it, for cells whose latency is close to
the window. Only loopback targets are accepted.

Reported: requests/s and items/s (images or text lines), latency percentiles, status counts (503 and
429 separately), transport errors, and the client's own CPU use (to show it did not run out of CPU).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workloads import CONTENT_TYPE, build, load_arguments, require_loopback, summary_line  # noqa: E402


def _cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def _client(session, url, bodies, offset, state, budget, records, check):
    headers = {"Content-Type": CONTENT_TYPE}
    i = offset
    while not state["stop"] and budget[0] > 0:
        budget[0] -= 1
        body = bodies[i % len(bodies)]
        i += 1
        t0 = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=headers) as resp:
                payload = await resp.read()
                status = resp.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            records.append((t0, time.perf_counter(), type(exc).__name__))
            continue
        t1 = time.perf_counter()
        records.append((t0, t1, status))
        if t1 >= state["w0"] and 200 <= status < 300:
            state["ok_in_window"] += 1
        if status == 200 and not check:
            check["body"] = payload[:2000].decode(errors="replace")


async def _window(state, w1, min_ok, max_end, out):
    """Measure the client's CPU over the window, and close the window at w1, or later (up to max_end)
    while fewer than `min_ok` requests have completed in it (slow cells: latency near the window)."""
    await asyncio.sleep(max(0.0, state["w0"] - time.perf_counter()))
    out["cpu0"], out["t0"] = _cpu_seconds(), time.perf_counter()
    await asyncio.sleep(max(0.0, w1 - time.perf_counter()))
    while state["ok_in_window"] < min_ok and time.perf_counter() < max_end and not state["all_done"]:
        await asyncio.sleep(0.05)
    state["w1"] = time.perf_counter()
    state["stop"] = True
    out["cpu1"], out["t1"] = _cpu_seconds(), state["w1"]


async def run(url: str, workload: str, concurrency: int, duration: float, warmup: float,
              max_requests: int, timeout: float, min_ok: int = 0, max_duration: float | None = None) -> dict:
    """One continuous closed loop of warmup + duration seconds; the window [warmup, warmup + duration]
    is measured: requests *completing* in it count (throughput, latency, statuses). No request starts
    after the window; the ones still in flight are awaited (so the next run starts on an idle server)
    but not counted."""
    require_loopback(url)
    wl = build(workload)
    target = url.rstrip("/") + wl.path
    conn = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency, force_close=False)
    records: list[tuple[float, float, object]] = []
    check: dict = {}
    cpu: dict = {}
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=timeout),
                                     auto_decompress=False) as session:
        t_begin = time.perf_counter()
        w0 = t_begin + warmup
        state = {"w0": w0, "stop": False, "ok_in_window": 0, "all_done": False}
        budget = [max_requests]
        window = asyncio.create_task(_window(state, w0 + duration, min_ok, w0 + max(duration, max_duration or 0), cpu))
        await asyncio.gather(*(
            _client(session, target, wl.bodies, k, state, budget, records, check) for k in range(concurrency)))
        state["all_done"] = True
        if not window.done():  # --max-requests ran out before the window closed: end it at the last answer
            window.cancel()
            state["w1"] = max([r[1] for r in records] + [w0 + 1e-9])
            cpu.setdefault("cpu0", _cpu_seconds())
            cpu.setdefault("t0", w0)
            cpu["cpu1"], cpu["t1"] = _cpu_seconds(), max(state["w1"], cpu["t0"] + 1e-9)
        else:
            await window
        w1 = state["w1"]
        drain_s = max(0.0, time.perf_counter() - w1)
    window = [r for r in records if w0 <= r[1] <= w1]
    statuses = Counter(r[2] for r in window if isinstance(r[2], int))
    errors = Counter(r[2] for r in window if not isinstance(r[2], int))
    lat = [r[1] - r[0] for r in window if isinstance(r[2], int)]
    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    arr = np.asarray(lat) * 1000 if lat else np.asarray([np.nan])
    ok_lat = np.asarray([r[1] - r[0] for r in window if isinstance(r[2], int) and 200 <= r[2] < 300]) * 1000
    wall = w1 - w0
    return {
        "url": target, "workload": workload, "items_per_request": wl.items, "item_unit": wl.item_unit,
        "concurrency": concurrency, "duration_s": round(wall, 3), "duration_requested_s": duration, "warmup_s": warmup, "drain_s": round(drain_s, 3),
        "requests": len(window), "ok": ok,
        "rps": ok / wall, "items_per_s": ok * wl.items / wall,
        "p50_ms": float(np.percentile(arr, 50)), "p90_ms": float(np.percentile(arr, 90)),
        "p99_ms": float(np.percentile(arr, 99)), "max_ms": float(np.max(arr)), "mean_ms": float(np.mean(arr)),
        "p99_ok_ms": float(np.percentile(ok_lat, 99)) if len(ok_lat) else None,
        "non_2xx": sum(n for s, n in statuses.items() if not 200 <= s < 300),
        "n_503": statuses.get(503, 0), "n_429": statuses.get(429, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "transport_errors": dict(errors),
        "requests_total_incl_warmup": len(records),
        "client_cpu_util": (cpu["cpu1"] - cpu["cpu0"]) / (cpu["t1"] - cpu["t0"]) if "cpu1" in cpu else None,
        "client_cpus": sorted(os.sched_getaffinity(0)),
        "sample_response": check.get("body"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = load_arguments(__doc__)
    ap.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many measured requests")
    args = ap.parse_args(argv)
    try:
        import uvloop  # optional: a cheaper event loop leaves more of the client's core unused

        uvloop.install()
    except ImportError:
        pass
    res = asyncio.run(run(args.url, args.workload, args.concurrency, args.duration, args.warmup,
                          args.max_requests, args.timeout, args.min_ok, args.max_duration))
    print(json.dumps(res) if args.json else summary_line(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
