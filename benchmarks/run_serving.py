"""Serving benchmark: the BentoML service vs a Flask and a LitServe peer, same model, same machine, one run.

    .venv/bin/python benchmarks/run_serving.py            # everything, ~8-13 min
    ... run_serving.py --duration 3 --warmup 1 --concurrency 1,8 --servers service,flask   # smoke test

Each server is started in turn (pinned with `taskset` to --server-cpus), warmed up, loaded by
`loadgen.py` (pinned to --client-cpus) at each concurrency for --duration seconds after --warmup
seconds, and stopped. Workloads:
  digit1     /classify, one digit PNG per request            service, Flask, LitServe
  digit64    /classify, 64 digit PNGs per request            service, LitServe (Flask: n/a, one image per request)
  line       /ocr, one printed text line per request         service with batching on and off
  paragraph  /ocr, a 5-line paragraph per request            service with batching on and off
The OCR part needs artifacts/text-lines/model.pt and is skipped with a message without it.

Outputs: benchmarks/results/serving.json (every cell + machine + commands), benchmarks/results/serving.png,
benchmarks/results/model_limit.json, and benchmarks/REPORT_DRAFT.md (tables, PASS/FAIL targets, machine,
commands, pinning). Text after the line `<!-- notes -->` in an existing REPORT_DRAFT.md is kept.
Re-render the tables from a JSON without measuring: --from-json benchmarks/results/serving.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
BENTOML = str(Path(PY).parent / "bentoml")
OCR_MODEL = ROOT / "artifacts" / "text-lines" / "model.pt"
NOTES_MARK = "<!-- notes -->"
COLORS = {"service": "tab:blue", "flask": "tab:orange", "litserve": "tab:green", "litserve2": "tab:olive",
          "service_nobatch": "tab:red", "service_w1": "tab:cyan"}
LABELS = {"service": "service", "flask": "Flask", "litserve": "LitServe", "litserve2": "LitServe, 2 workers",
          "service_nobatch": "service, batching off", "service_w1": "service, 1 worker"}
#: The LitServe variants; a target against "LitServe" is checked against the faster one.
LITSERVES = ("litserve", "litserve2")


# ----------------------------------------------------------------------------------------- machine

def _sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception as exc:  # pragma: no cover
        return f"({exc})"


def training_processes() -> list[str]:
    """Command lines of running model trainings (anything with `train_` in its command line)."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if "train_" in cmd and "run_serving" not in cmd:
            out.append(f"{d.name}: {cmd[:160]}")
    return out


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((l.split(":", 1)[1].strip() for l in cpuinfo.splitlines() if l.startswith("model name")), "?")
    mem = next((l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), "?")
    versions = {}
    for mod in ("torch", "bentoml", "litserve", "flask", "aiohttp", "numpy", "PIL"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:
            versions[mod] = "?"
    return {
        "nproc": int(_sh("nproc") or 0), "cpu_model": model, "mem_total": mem, "kernel": platform.release(),
        "python": platform.python_version(), "versions": versions,
        "loadavg_start": os.getloadavg(), "training_processes_at_start": training_processes(),
        "utc_start": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# ----------------------------------------------------------------------------------------- servers

def ncpus(spec: str) -> int:
    """How many CPUs a taskset list such as "1" or "0-1,3" names."""
    n = 0
    for part in spec.split(","):
        a, _, b = part.partition("-")
        n += int(b or a) - int(a) + 1
    return n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except Exception:
        return 0


class Server:
    """A server process we start (in its own session, pinned with taskset) and stop (its process group)."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], health: str, port: int, cpus: str,
                 log: Path):
        self.name, self.port, self.health = name, port, health
        self.env_overrides = env
        self.cmd = ["taskset", "-c", cpus, *cmd]
        self.log = log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command_line(self) -> str:
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env_overrides.items())
        return f"cd {ROOT} && {envs} {shlex.join(self.cmd)}".replace("  ", " ")

    def start(self, timeout: float = 180) -> None:
        env = {**os.environ, **self.env_overrides}
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        t0 = time.time()
        while time.time() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
            if _get(self.url + self.health) == 200 and self._classify_ok():
                print(f"  {self.name} ready on :{self.port} after {time.time() - t0:.1f} s", flush=True)
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout} s; see {self.log}")

    def _classify_ok(self) -> bool:
        sys.path.insert(0, str(BENCH))
        from workloads import CONTENT_TYPE, build

        req = urllib.request.Request(self.url + "/classify", data=build("digit1").bodies[7],
                                     headers={"Content-Type": CONTENT_TYPE}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                body = json.loads(r.read())
                return r.status == 200 and isinstance(body, list) and body[0].get("label") == "7"
        except Exception:
            return False

    def stop(self) -> None:
        """SIGTERM our process group, then SIGKILL whatever of *our* descendants is left (BentoML's circus
        starts its workers in their own process groups, so the group alone does not reach them)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # start_new_session: the group id is our child's pid
        family = _descendants(self.proc.pid)
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        deadline = time.time() + 10
        while time.time() < deadline and any(_alive(p, c) for p, c in family.items()):
            time.sleep(0.2)
        for pid, cmd in family.items():
            if _alive(pid, cmd):
                os.kill(pid, signal.SIGKILL)
        time.sleep(1.0)  # let the port and the CPU settle


def _descendants(root: int) -> dict[int, bytes]:
    """pid -> cmdline of every descendant of `root` (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = {}, [root]
    while todo:
        for c in children.get(todo.pop(), []):
            try:
                out[c] = Path(f"/proc/{c}/cmdline").read_bytes()
            except OSError:
                continue
            todo.append(c)
    return out


def _alive(pid: int, cmd: bytes) -> bool:
    """Still running and still the same program (guards against pid reuse)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() == cmd
    except OSError:
        return False


def ensure_store(home: Path, ocr_model: Path | None) -> None:
    """Import the shipped models into a private BentoML store (idempotent: versions are weight hashes);
    an --ocr-model other than the shipped one is imported as `text-lines` (it becomes text-lines:latest)."""
    env = {**os.environ, "BENTOML_HOME": str(home)}
    cmds = [[PY, "save_model.py", "--shipped"]]
    if ocr_model is not None and ocr_model.resolve() != OCR_MODEL.resolve():
        cmds.append([PY, "save_model.py", str(ocr_model), "--name", "text-lines"])
    for cmd in cmds:
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"{shlex.join(cmd)} failed:\n{r.stdout}\n{r.stderr}")


def make_servers(args, ocr: bool, logdir: Path) -> dict[str, Server]:
    threads = str(ncpus(args.server_cpus))
    common_env = {"OMP_NUM_THREADS": threads, "PYTHONUNBUFFERED": "1"}
    svc_env = {**common_env, "BENTOML_HOME": str(args.bentoml_home), "BENTOML_DO_NOT_TRACK": "True",
               "TEXT_RECOGNIZER_LINE_MODEL": "text-lines" if ocr else ""}
    for kv in args.service_env:
        k, _, v = kv.partition("=")
        svc_env[k] = v
    servers = {}
    p = free_port()
    servers["service"] = Server("service", [BENTOML, "serve", "service:TextRecognizer", "--port", str(p), "--host",
                                            "127.0.0.1"], svc_env, "/readyz", p, args.server_cpus,
                                logdir / "service.log")
    p = free_port()
    p = free_port()
    servers["service_w1"] = Server(
        "service_w1", [BENTOML, "serve", "service:TextRecognizer", "--port", str(p), "--host", "127.0.0.1"],
        {**svc_env, "TEXT_RECOGNIZER_WORKERS": "1"}, "/readyz", p, args.server_cpus, logdir / "service_w1.log")
    servers["service_nobatch"] = Server(
        "service_nobatch", [BENTOML, "serve", "service:TextRecognizer", "--port", str(p), "--host", "127.0.0.1"],
        {**svc_env, "TEXT_RECOGNIZER_BATCHING": "0"}, "/readyz", p, args.server_cpus, logdir / "service_nobatch.log")
    p = free_port()
    if args.gunicorn:
        flask_cmd = [args.gunicorn, "-w", str(args.gunicorn_workers), "--threads", str(args.gunicorn_threads),
                     "-b", f"127.0.0.1:{p}", "--log-level", "warning", "benchmarks.peers.flask_server:app"]
    else:
        flask_cmd = [PY, str(BENCH / "peers" / "flask_server.py"), "--port", str(p)]
    servers["flask"] = Server("flask", flask_cmd, common_env, "/health", p, args.server_cpus, logdir / "flask.log")
    p = free_port()
    servers["litserve"] = Server(
        "litserve", [PY, str(BENCH / "peers" / "litserve_server.py"), "--port", str(p), "--max-batch-size",
                     str(args.litserve_max_batch), "--batch-timeout", str(args.litserve_batch_timeout)],
        common_env, "/health", p, args.server_cpus, logdir / "litserve.log")
    p = free_port()  # LitServe tuned for 2 cores: two inference workers (and, by its default, two API servers)
    servers["litserve2"] = Server(
        "litserve2", [PY, str(BENCH / "peers" / "litserve_server.py"), "--port", str(p), "--max-batch-size",
                      str(args.litserve_max_batch), "--batch-timeout", str(args.litserve_batch_timeout),
                      "--workers-per-device", "2"],
        {**common_env, "OMP_NUM_THREADS": str(max(1, int(threads) // 2)), "PEER_THREADS": str(max(1, int(threads) // 2))},
        "/health", p, args.server_cpus,
        logdir / "litserve2.log")
    return servers


# ----------------------------------------------------------------------------------------- measuring

LOADGEN_SCRIPTS = {"aiohttp": "loadgen.py", "wrk": "wrk_loadgen.py"}


def loadgen(args, url: str, workload: str, concurrency: int, duration: float, warmup: float) -> dict:
    cmd = ["taskset", "-c", args.client_cpus, PY, str(BENCH / LOADGEN_SCRIPTS[args.loadgen]), "--url", url,
           "--workload", workload, "--concurrency", str(concurrency), "--duration", str(duration),
           "--warmup", str(warmup), "--timeout", str(args.timeout), "--min-ok", str(args.min_ok),
           "--max-duration", str(args.max_duration), "--json"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"loadgen failed: {r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def model_limit(args) -> dict:
    default = BENCH / "results" / "serving.json"
    out = (BENCH / "results" / "model_limit.json" if args.out.resolve() == default
           else args.out.with_name(args.out.stem + "_model_limit.json"))
    # the service's own default (service._default_workers): one per core, at most 4
    workers = next((int(kv.split("=", 1)[1]) for kv in args.service_env
                    if kv.startswith("TEXT_RECOGNIZER_WORKERS=")), min(4, ncpus(args.server_cpus)))
    cmd = ["taskset", "-c", args.server_cpus, PY, str(BENCH / "model_limit.py"), "--workers", str(workers),
           "--seconds", str(args.limit_seconds), "--json-out", str(out)]
    if args.ocr_model.exists():
        cmd += ["--ocr-model", str(args.ocr_model)]
    print("model limit (in-process, no HTTP):", shlex.join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    print(r.stdout, flush=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    res = json.loads(out.read_text())
    res["command"] = shlex.join(cmd)
    return res


PLAN = [  # server, workloads
    ("service", ["digit1", "digit64", "line", "paragraph"]),
    ("flask", ["digit1"]),
    ("litserve", ["digit1", "digit64"]),
    ("litserve2", ["digit1", "digit64"]),
    ("service_nobatch", ["line", "paragraph"]),
    ("service_w1", ["digit1"]),
]


def measure(args) -> dict:
    meta = machine()
    ocr = args.ocr_model.exists()
    meta.update({"argv": [PY, *sys.argv], "client_cpus": args.client_cpus, "server_cpus": args.server_cpus,
                 "loadgen": args.loadgen,
                 "ocr_model_present": ocr, "ocr_model": str(args.ocr_model), "duration_s": args.duration, "warmup_s": args.warmup,
                 "min_ok": args.min_ok, "max_duration_s": args.max_duration,
                 "concurrency": args.concurrency, "label": args.label})
    if meta["training_processes_at_start"]:
        print("WARNING: trainings are running; timings are disturbed:\n  " +
              "\n  ".join(meta["training_processes_at_start"]), flush=True)
    if not ocr:
        print(f"OCR part skipped: {args.ocr_model} does not exist (the /ocr cells need the text-lines "
              "model; re-run when it is shipped)", flush=True)
    ensure_store(args.bentoml_home, args.ocr_model if ocr else None)
    limit = model_limit(args) if not args.no_limit else None
    logdir = Path(args.logdir)
    servers = make_servers(args, ocr, logdir)
    meta["server_commands"] = {k: s.command_line() for k, s in servers.items()}
    cells = []
    for name, workloads in PLAN:
        if name not in args.servers:
            continue
        wls = [w for w in workloads if w in args.workloads and (ocr or w in ("digit1", "digit64"))]
        if not wls:
            continue
        srv = servers[name]
        print(f"== {LABELS[name]}: {srv.command_line()}", flush=True)
        try:
            srv.start()
        except RuntimeError as exc:  # record it and go on with the other servers
            print(f"  FAILED to start: {exc}", flush=True)
            meta.setdefault("failures", []).append({"server": name, "error": str(exc)})
            continue
        try:
            loadgen(args, srv.url, wls[0], 8, args.server_warmup, 0)  # server warm-up, discarded
            for wl in wls:
                for c in args.concurrency:
                    try:
                        res = loadgen(args, srv.url, wl, c, args.duration, args.warmup)
                    except RuntimeError as exc:
                        print(f"  {wl} c={c}: FAILED {exc}", flush=True)
                        meta.setdefault("failures", []).append({"server": name, "workload": wl, "concurrency": c,
                                                                "error": str(exc)})
                        continue
                    res.update(server=name)
                    cells.append(res)
                    print(f"  {wl:9s} c={c:<4d} {res['rps']:8.1f} req/s {res['items_per_s']:8.1f} {res['item_unit']}/s "
                          f"p50 {res['p50_ms']:8.1f} ms p99 {res['p99_ms']:8.1f} ms non-2xx {res['non_2xx']} "
                          f"(503 {res['n_503']}, 429 {res['n_429']}) errors {res['transport_errors'] or 0} "
                          f"client CPU {res['client_cpu_util'] or 0:.0%}", flush=True)
        finally:
            srv.stop()
    meta["loadavg_end"] = os.getloadavg()
    meta["training_processes_at_end"] = training_processes()
    meta["utc_end"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    meta["quiet"] = not meta["training_processes_at_start"] and not meta["training_processes_at_end"]
    return {"meta": meta, "model_limit": limit, "cells": cells}


# ----------------------------------------------------------------------------------------- reporting

def _cell(data: dict, server: str, workload: str, c: int) -> dict | None:
    return next((x for x in data["cells"] if x["server"] == server and x["workload"] == workload
                 and x["concurrency"] == c), None)


def _f(v, fmt="{:.1f}") -> str:
    return "n/a" if v is None else fmt.format(v)


def _ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def targets(data: dict) -> list[dict]:
    t = []

    def add(name, ok, detail):
        t.append({"target": name, "result": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "detail": detail})

    s64, f64 = _cell(data, "service", "digit1", 64), _cell(data, "flask", "digit1", 64)
    l64 = max((x for n in LITSERVES if (x := _cell(data, n, "digit1", 64))), key=lambda x: x["rps"], default=None)
    r = _ratio(s64 and s64["rps"], f64 and f64["rps"])
    add("/classify 1 image, c=64: service >= 2x Flask req/s", None if r is None else r >= 2, f"{_f(r, '{:.2f}x')}")
    r = _ratio(s64 and s64["rps"], l64 and l64["rps"])
    add("/classify 1 image, c=64: service >= 1.3x LitServe req/s (the faster LitServe variant)",
        None if r is None else r >= 1.3, f"{_f(r, '{:.2f}x')}" + (f" (vs {LABELS[l64['server']]})" if l64 else ""))
    add("/classify 1 image, c=64: service zero non-2xx", None if s64 is None else s64["non_2xx"] == 0 and not s64["transport_errors"],
        "n/a" if s64 is None else f"{s64['non_2xx']} non-2xx, transport errors {s64['transport_errors'] or 0}")
    add("/classify 1 image, c=64: service p99 <= 150 ms", None if s64 is None else s64["p99_ms"] <= 150,
        "n/a" if s64 is None else f"{s64['p99_ms']:.1f} ms")
    s1, f1 = _cell(data, "service", "digit1", 1), _cell(data, "flask", "digit1", 1)
    r = _ratio(s1 and s1["p50_ms"], f1 and f1["p50_ms"])
    add("/classify 1 image, c=1: service p50 <= 1.2x Flask p50", None if r is None else r <= 1.2,
        f"{_f(s1 and s1['p50_ms'])} vs {_f(f1 and f1['p50_ms'])} ms = {_f(r, '{:.2f}x')}")
    lim = (data.get("model_limit") or {}).get("best_images_per_s")
    s64s = [x for x in data["cells"] if x["server"] == "service" and x["workload"] == "digit64"]
    if s64s and lim:
        best = max(s64s, key=lambda x: x["items_per_s"])
        share = best["items_per_s"] / lim
        add("/classify 64 images: service >= 50% of the in-process model limit (images/s, best concurrency)",
            share >= 0.5, f"{share:.0%} ({best['items_per_s']:.0f} of {lim:.0f} images/s, at c={best['concurrency']})")
    else:
        add("/classify 64 images: service >= 50% of the in-process model limit", None, "not measured")
    ocr_detail, ocr_ok = [], []
    for wl in ("line", "paragraph"):
        on, off = _cell(data, "service", wl, 64), _cell(data, "service_nobatch", wl, 64)
        if on and off:
            r = _ratio(on["items_per_s"], off["items_per_s"])
            ok = r is not None and r >= 3 and on["p99_ms"] <= off["p99_ms"]
            ocr_ok.append(ok)
            ocr_detail.append(f"{wl}: {_f(r, '{:.2f}x')} lines/s, p99 {on['p99_ms']:.0f} vs {off['p99_ms']:.0f} ms")
    add("/ocr c=64: batching on >= 3x lines/s of batching off at equal or lower p99",
        all(ocr_ok) if ocr_ok else None, "; ".join(ocr_detail) or "not measured (needs the OCR model, artifacts/text-lines/model.pt, and both service variants)")
    bad = [f"{x['server']}/{x['workload']}/c={x['concurrency']}: 503={x['n_503']} 429={x['n_429']}"
           for x in data["cells"] if x["n_503"] or x["n_429"]]
    add("no 503/429 anywhere", not bad if data["cells"] else None, "; ".join(bad) or "none")
    return t


def tables(data: dict) -> str:
    cs = sorted({x["concurrency"] for x in data["cells"]})
    min_ok = data["meta"].get("min_ok", 0)
    out = []

    def long_table(title, servers, workload, extra=None):
        rows = [x for s in servers for c in cs if (x := _cell(data, s, workload, c))]
        if not rows:
            return
        unit = rows[0]["item_unit"]
        head = (f"| server | conc | req/s | {unit}/s | p50 ms | p99 ms | non-2xx | 503 | 429 | transport errors | "
                "client CPU | window s (requests) |")
        if extra:
            head += f" {extra[0]} |"
        out.extend([f"### {title}", "", head, "|" + "---|" * (head.count("|") - 1)])
        for x in rows:
            line = (f"| {LABELS[x['server']]} | {x['concurrency']} | {x['rps']:.1f} | {x['items_per_s']:.1f} | "
                    f"{x['p50_ms']:.1f} | {x['p99_ms']:.1f} | {x['non_2xx']} | {x['n_503']} | {x['n_429']} | "
                    f"{sum(x['transport_errors'].values()) if x['transport_errors'] else 0} | "
                    f"{(x['client_cpu_util'] or 0):.0%} | {x['duration_s']:.0f} ({x['requests']}"
                    f"{', too few' if x['requests'] < min_ok else ''}) |")
            if extra:
                line += f" {extra[1](x)} |"
            out.append(line)
        out.append("")

    long_table("/classify, one image per request", ["service", "service_w1", "flask", *LITSERVES], "digit1")
    if any(_cell(data, s, "digit1", c) for s in ("service",) for c in cs):
        out.extend(["Ratios (service / peer):", "",
                    "| conc | req/s service/Flask | req/s service/LitServe (faster variant) | p50 service/Flask | p99 service/Flask | p99 service/LitServe |",
                    "|---|---|---|---|---|---|"])
        for c in cs:
            s, f = _cell(data, "service", "digit1", c), _cell(data, "flask", "digit1", c)
            l = max((x for n in LITSERVES if (x := _cell(data, n, "digit1", c))), key=lambda x: x["rps"], default=None)
            g = lambda a, k: a and a[k]  # noqa: E731
            out.append(f"| {c} | {_f(_ratio(g(s, 'rps'), g(f, 'rps')), '{:.2f}')} | {_f(_ratio(g(s, 'rps'), g(l, 'rps')), '{:.2f}')} | "
                       f"{_f(_ratio(g(s, 'p50_ms'), g(f, 'p50_ms')), '{:.2f}')} | {_f(_ratio(g(s, 'p99_ms'), g(f, 'p99_ms')), '{:.2f}')} | "
                       f"{_f(_ratio(g(s, 'p99_ms'), g(l, 'p99_ms')), '{:.2f}')} |")
        out.append("")
    lim = (data.get("model_limit") or {}).get("best_images_per_s")
    limp = (data.get("model_limit") or {}).get("best_images_per_s_with_preprocessing")
    long_table("/classify, 64 images per request (Flask: n/a, the tutorial server takes one image per request)",
               ["service", *LITSERVES], "digit64",
               ("share of in-process limit (forward only / with preprocessing)",
                lambda x: f"{x['items_per_s'] / lim:.0%} / {x['items_per_s'] / limp:.0%}" if lim else "n/a"))
    if any(x["workload"] in ("line", "paragraph") for x in data["cells"]):
        for wl, title in (("line", "/ocr, one text line per request"), ("paragraph", "/ocr, a 5-line paragraph per request")):
            long_table(title, ["service", "service_nobatch"], wl)
            out.extend(["| conc | lines/s on/off | p99 on / off ms |", "|---|---|---|"])
            for c in cs:
                on, off = _cell(data, "service", wl, c), _cell(data, "service_nobatch", wl, c)
                if on and off:
                    out.append(f"| {c} | {_f(_ratio(on['items_per_s'], off['items_per_s']), '{:.2f}x')} | "
                               f"{on['p99_ms']:.0f} / {off['p99_ms']:.0f} |")
            out.append("")
    elif not data["meta"].get("ocr_model_present"):
        out.extend(["### /ocr", "", "Skipped: artifacts/text-lines/model.pt does not exist yet.", ""])
    return "\n".join(out)


def limit_table(lim: dict | None) -> str:
    if not lim:
        return "In-process model limit: not measured (--no-limit).\n"
    rows = ["| batch | ms/batch | images/s | images/s incl. preprocessing on the same core |", "|---|---|---|---|"]
    rows += [f"| {r['batch_size']} | {r['ms_per_batch']:.2f} | {r['images_per_s']:.0f} | "
             f"{r['images_per_s_with_preprocessing']:.0f} |" for r in lim["batches"]]
    if lim.get("workers", 1) > 1:
        best = (f"* {lim['workers']} workers: **{lim['best_images_per_s']:.0f} images/s**, the larger of "
                f"{lim['workers']} x {lim['per_process_best_images_per_s']:.0f} (one process with "
                f"{lim['torch_threads']} thread(s) at its best batch size {lim['best_batch_size']}, scaled as if "
                f"processes scaled perfectly: an upper bound) and {lim['one_process_all_cores_images_per_s']:.0f} "
                f"(one process, all cores' threads) (forward only: stack + model + softmax)\n")
    else:
        best = (f"* best batch size **{lim['best_batch_size']}**: **{lim['best_images_per_s']:.0f} images/s** "
                f"(forward only: stack + model + softmax)\n")
    return (f"In-process, no HTTP, CPUs {lim['cpus']}, {lim['torch_threads']} torch thread(s) per process "
            f"(`{lim.get('command', 'benchmarks/model_limit.py')}`):\n\n" + best +
            f"* preprocessing per image (decode_image + prepare, 56x56 PNG): {lim['preprocess_us_per_image']:.0f} us "
            f"(decode {lim['decode_us_per_image']:.0f} us, prepare {lim['prepare_us_per_image']:.0f} us); "
            f"forward + preprocessing {'on one core' if lim.get('workers', 1) == 1 else 'in ' + str(lim['workers']) + ' workers'}: "
            f"at most {lim['best_images_per_s_with_preprocessing']:.0f} images/s\n\n"
            + "\n".join(rows) + "\n" + ocr_limit_table(lim.get("ocr")))


def ocr_limit_table(o: dict | None) -> str:
    if not o:
        return ""
    rows = ["| lines per recognize call | ms/call | lines/s |", "|---|---|---|"]
    rows += [f"| {r['batch_size']} | {r['ms_per_batch']:.1f} | {r['lines_per_s']:.1f} |" for r in o["recognize"]]
    return (f"\nLine recognizer alone ({o['ocr_model']}, {o['torch_threads']} thread(s)): `prepare` (segmentation + "
            f"line arrays) {o['prepare_ms_per_line_image']:.1f} ms per line image, "
            f"{o['prepare_ms_per_paragraph_image']:.1f} ms per paragraph image ({o['lines_per_paragraph']} lines); "
            f"best `recognize` batch {o['best_batch_size']}: {o['best_lines_per_s']:.1f} lines/s; batch 1: "
            f"{o['recognize'][0]['lines_per_s']:.1f} lines/s.\n\n" + "\n".join(rows) + "\n")


def report(data: dict, path: Path) -> str:
    m = data["meta"]
    tt = targets(data)
    quiet = ("yes: no training process ran at start or end" if m.get("quiet") else
             "**NO: trainings were running, these timings are disturbed and only show that the scripts work**")
    lines = [
        "# Serving benchmark (draft)", "",
        f"Run {m['utc_start']} to {m.get('utc_end', '?')} UTC{' (' + m['label'] + ')' if m.get('label') else ''}. "
        f"Quiet machine: {quiet}.", "",
        "## Machine", "",
        f"* {m['nproc']} CPUs (nproc), {m['cpu_model']}, memory {m['mem_total']}, kernel {m['kernel']}, Python {m['python']}",
        "* " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"* load average at start {tuple(round(x, 2) for x in m['loadavg_start'])}, at end "
        f"{tuple(round(x, 2) for x in m.get('loadavg_end', (0, 0, 0)))}",
        f"* training processes at start: {len(m['training_processes_at_start'])}, at end: "
        f"{len(m.get('training_processes_at_end', []))}",
        "",
        "## Core pinning", "",
        f"* servers (each in turn, with all their processes: BentoML arbiter + worker, LitServe API server + "
        f"inference worker, Flask): `taskset -c {m['server_cpus']}`",
        (f"* load generator (wrk, one thread, C; its CPU use per cell is in the JSON): `taskset -c {m['client_cpus']}`"
         if m.get("loadgen") == "wrk" else
         f"* load generator (one asyncio + aiohttp + uvloop process): `taskset -c {m['client_cpus']}`"),
        "* torch threads: the service uses cores // TEXT_RECOGNIZER_WORKERS of its affinity; the peers use all "
        "cores of their affinity; OMP_NUM_THREADS is set to match",
        "",
        "## Commands", "",
        "```", shlex.join(m["argv"]), "```", "",
        "Servers as the runner started them:", "", "```",
        *[f"# {LABELS.get(k, k)}\n{v}" for k, v in m.get("server_commands", {}).items()], "```", "",
        f"Load generator per cell: `taskset -c {m['client_cpus']} python benchmarks/"
        f"{LOADGEN_SCRIPTS[m.get('loadgen', 'aiohttp')]} --url URL --workload W "
        f"--concurrency C --duration {m['duration_s']} --warmup {m['warmup_s']} --min-ok {m.get('min_ok', 0)} "
        f"--max-duration {m.get('max_duration_s')} --json` (closed loop: C clients, each sends its next request "
        f"when the previous answer arrived; the requests completing in the window after the {m['warmup_s']} s "
        f"warm-up count; the window lasts {m['duration_s']} s, or longer, up to {m.get('max_duration_s')} s, until "
        f"{m.get('min_ok', 0)} requests completed in it; 'too few' marks cells that still had fewer: their "
        "latency exceeds the window and their numbers are rough).", "",
*([f"**Failures**: {json.dumps(m['failures'])}", ""] if m.get("failures") else []),
        "## Targets", "",
        "| target | result | detail |", "|---|---|---|",
        *[f"| {t['target']} | {t['result']} | {t['detail']} |" for t in tt], "",
        "## Results", "",
        tables(data),
        "## The model alone", "",
        limit_table(data.get("model_limit")),
    ]
    text = "\n".join(lines) + "\n"
    notes = ""
    if path.exists() and NOTES_MARK in (old := path.read_text()):
        notes = old[old.index(NOTES_MARK):]
    path.write_text(text + "\n" + (notes or NOTES_MARK + "\n"))
    return text


def plot(data: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker  # noqa: F401

    panels = [("digit1", "/classify, 1 image/request", ["service", "service_w1", "flask", *LITSERVES]),
              ("digit64", "/classify, 64 images/request", ["service", *LITSERVES]),
              ("line", "/ocr, 1 line/request", ["service", "service_nobatch"]),
              ("paragraph", "/ocr, 5-line paragraph", ["service", "service_nobatch"])]
    panels = [p for p in panels if any(x["workload"] == p[0] for x in data["cells"])]
    if not panels:
        return
    fig, axes = plt.subplots(2, len(panels), figsize=(4.2 * len(panels), 7), squeeze=False)
    for j, (wl, title, servers) in enumerate(panels):
        for s in servers:
            xs = sorted((x for x in data["cells"] if x["server"] == s and x["workload"] == wl),
                        key=lambda x: x["concurrency"])
            if not xs:
                continue
            c = [x["concurrency"] for x in xs]
            axes[0][j].plot(c, [x["items_per_s"] for x in xs], "o-", label=LABELS[s], color=COLORS[s])
            axes[1][j].plot(c, [x["p99_ms"] for x in xs], "o-", label=LABELS[s], color=COLORS[s])
        lim = (data.get("model_limit") or {}).get("best_images_per_s")
        if wl.startswith("digit") and lim:
            axes[0][j].axhline(lim, color="grey", ls="--", lw=1, label="model alone (best batch)")
            axes[0][j].axhline(data["model_limit"]["best_images_per_s_with_preprocessing"], color="grey", ls=":",
                               lw=1, label="model + preprocessing, " + (f"{lim_w} workers" if (lim_w := (data.get("model_limit") or {}).get("workers", 1)) > 1 else "1 core"))
        unit = "images/s" if wl.startswith("digit") else "lines/s"
        axes[0][j].set(title=title, xscale="log", ylabel=unit)
        axes[0][j].set_ylim(bottom=0)
        axes[1][j].set(xscale="log", yscale="log", xlabel="concurrency (clients)", ylabel="p99 latency, ms")
        if wl == "digit1":
            axes[1][j].axhline(150, color="red", ls=":", lw=1, label="target 150 ms")
        cs = sorted({x["concurrency"] for x in data["cells"]})
        for ax in (axes[0][j], axes[1][j]):
            ax.set_xticks(cs, [str(c) for c in cs])
            ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
    m = data["meta"]
    fig.suptitle(f"{m['nproc']} CPUs, server on CPU {m['server_cpus']}, client on CPU {m['client_cpus']}"
                 f"{'' if m.get('quiet') else ' - NOT QUIET (trainings running)'}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=10.0, help="measured seconds per cell")
    ap.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each cell")
    ap.add_argument("--server-warmup", type=float, default=3.0, help="seconds of load after each server start")
    ap.add_argument("--concurrency", default="1,8,64,256")
    ap.add_argument("--servers", default="service,flask,litserve,litserve2,service_nobatch,service_w1")
    ap.add_argument("--workloads", default="digit1,digit64,line,paragraph")
    ap.add_argument("--loadgen", choices=sorted(LOADGEN_SCRIPTS), default="aiohttp",
                    help="aiohttp: loadgen.py, needs a core of its own at ~1,000 req/s; wrk: wrk_loadgen.py, a few "
                         "per cent of a core, so servers and client can share all cores (--server-cpus 0-1 "
                         "--client-cpus 0-1)")
    ap.add_argument("--client-cpus", default="0", help="taskset CPU list of the load generator")
    ap.add_argument("--server-cpus", default="1", help="taskset CPU list of the servers")
    ap.add_argument("--service-env", action="append", default=[], metavar="K=V",
                    help="extra env for the service, e.g. TEXT_RECOGNIZER_WORKERS=2 (repeatable)")
    ap.add_argument("--litserve-max-batch", type=int, default=64)
    ap.add_argument("--litserve-batch-timeout", type=float, default=0.005, help="seconds")
    ap.add_argument("--gunicorn", help="path of a gunicorn executable: serve the Flask peer with it instead of "
                                       "the threaded Werkzeug server")
    ap.add_argument("--gunicorn-workers", type=int, default=1)
    ap.add_argument("--gunicorn-threads", type=int, default=8)
    ap.add_argument("--min-ok", type=int, default=30, help="a cell's window stays open until this many requests "
                                                          "completed in it ...")
    ap.add_argument("--max-duration", type=float, default=40.0, help="... up to this many seconds")
    ap.add_argument("--timeout", type=float, default=120.0, help="client timeout per request, s")
    ap.add_argument("--limit-seconds", type=float, default=1.0, help="model_limit.py seconds per batch size")
    ap.add_argument("--ocr-model", type=Path, default=OCR_MODEL,
                    help="line recognizer for the /ocr cells (default: the shipped one; skipped if missing)")
    ap.add_argument("--no-limit", action="store_true", help="skip the in-process model limit")
    ap.add_argument("--bentoml-home", type=Path, default=Path("/tmp/text_recognizer_bench_bentoml"),
                    help="private BentoML store the shipped models are imported into")
    ap.add_argument("--logdir", default="/tmp/text_recognizer_bench_logs")
    ap.add_argument("--label", default="", help="a note for this run (e.g. workers=2)")
    ap.add_argument("--out", type=Path, default=BENCH / "results" / "serving.json")
    ap.add_argument("--plot", type=Path, default=None, help="default: --out with .png")
    ap.add_argument("--report", type=Path, default=BENCH / "REPORT_DRAFT.md", help="'-' to skip")
    ap.add_argument("--from-json", type=Path, help="re-render the table/plot/report from a results JSON")
    args = ap.parse_args(argv)
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.servers = args.servers.split(",")
    args.workloads = args.workloads.split(",")

    if args.from_json:
        data = json.loads(args.from_json.read_text())
    else:
        t0 = time.time()
        data = measure(args)
        data["meta"]["wall_s"] = round(time.time() - t0, 1)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        data["targets"] = targets(data)
        args.out.write_text(json.dumps(data, indent=2))
        print(f"wrote {args.out} ({data['meta']['wall_s']:.0f} s)")
    plot_path = args.plot or args.out.with_suffix(".png")
    plot(data, plot_path)
    print(tables(data))
    print("Targets:")
    for t in targets(data):
        print(f"  {t['result']:4s}  {t['target']}: {t['detail']}")
    if data.get("model_limit"):
        best64 = [x for x in data["cells"] if x["server"] == "service" and x["workload"] == "digit64"]
        lim = data["model_limit"]["best_images_per_s"]
        for x in best64:
            print(f"  64-image requests, c={x['concurrency']}: {x['items_per_s']:.0f} images/s = "
                  f"{x['items_per_s'] / lim:.0%} of the in-process limit ({lim:.0f} images/s, batch "
                  f"{data['model_limit']['best_batch_size']})")
    if str(args.report) != "-":
        report(data, args.report)
        print(f"wrote {args.report}, {plot_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
