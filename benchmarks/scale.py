"""Scale benchmark: ingest, store, export and web latency at growing corpus sizes.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000] [--work /tmp/kb-scale]
                                            [--clients 4] [--rounds 20] [--timeout 30] [--skip-one-core]

For each size N: writes N synthetic articles with ../shared/bench/make_corpus.py (cached under
--work and reused), then, each step a `kb` subprocess on a fresh on-disk store:
  1. `kb ingest -j 1` and `kb ingest -j 0` (all cores), timed; memory of each ingest three ways:
     the largest single process's peak (os.wait4's ru_maxrss: the ingest process and every worker
     it waited for), the peak of the whole process tree's summed VmRSS (polled from /proc every
     0.2 s) and the sum of each process's own peak (VmHWM, polled the same way).
  2. the store's size on disk (allocated blocks, as du), quads and merged events (`kb stats`).
  3. `kb export --format turtle -o FILE`, timed; triples counted as the lines of an N-Triples
     export (`kb export --format nt`, read from a pipe), so triples/s = those lines / Turtle seconds.
  4. `kb serve` on a free 127.0.0.1 port: waits until the server reports its warm-up done (the timeline
     index built and the named queries answered into its cache; the seconds are recorded), then
     one cold request per URL, then --clients threads each
     send --rounds rounds of every URL (the pages and every named query without a `#PLACEHOLDER`
     line, through /sparql); median and p95 latency of the answered requests, errors counted.
The load average is recorded at the start and end of each size. Results replace that size's
entry in benchmarks/results/scale.json; scale.md and scale.svg are rebuilt from all entries.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from kb.queries import named_queries
from kb.vocab import sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT.parent / "shared" / "bench" / "make_corpus.py"
RESULTS = ROOT / "benchmarks" / "results"
KB = str(Path(sys.executable).parent / "kb")
PAGES = ["/timeline", "/timeline?actor=wd:Q7747", "/timeline.json", "/"]
WARMED = re.compile(r"warm-up done in ([0-9.]+) s")  # what `kb serve` prints when its warm-up is over
SPARQL_ACCEPT = "application/sparql-results+json"
Entry = dict[str, Any]


# --- processes and memory ---------------------------------------------------------------------

def process_tree(pid: int) -> list[int]:
    """pid and all its descendants, read from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(child) for child in children.read_text().split()]
    return found


def status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Polls a process tree every 0.2 s: peak of the summed VmRSS, and each process's VmHWM."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.tree_peak_kib = pid, 0
        self.hwm: dict[int, int] = {}
        self.pids: set[int] = set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = process_tree(self.pid)
            self.pids.update(pids)
            self.tree_peak_kib = max(self.tree_peak_kib, sum(status_kib(pid, "VmRSS") for pid in pids))
            for pid in pids:
                self.hwm[pid] = max(self.hwm.get(pid, 0), status_kib(pid, "VmHWM"))
            self.done.wait(0.2)

    def stop(self) -> None:
        self.done.set()
        self.join()


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


def run_measured(command: list[str], log: Path) -> Entry:
    """Run a command to its end; its wall time, exit code and memory (see the module docstring)."""
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(seconds, 2), "exit": process.returncode,
            "largest_process_peak_mib": mib(usage.ru_maxrss), "tree_rss_peak_mib": mib(sampler.tree_peak_kib),
            "sum_of_process_peaks_mib": mib(sum(sampler.hwm.values())), "processes_seen": len(sampler.hwm),
            "log_tail": log.read_text(errors="replace")[-300:].strip()}


def kb(store: Path, *args: str) -> str:
    return subprocess.run([KB, "--store", str(store), *args], check=True, capture_output=True, text=True).stdout


def disk_usage(folder: Path) -> int:
    """Bytes allocated under folder (what `du` reports)."""
    return sum(f.stat().st_blocks * 512 for f in folder.rglob("*") if f.is_file())


# --- the steps ------------------------------------------------------------------------------------

def corpus(work: Path, size: int) -> Path:
    folder, done = work / f"corpus-{size}", work / f"corpus-{size}.done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"writing {size} articles to {folder}", flush=True)
        subprocess.run([sys.executable, str(MAKER), str(folder), str(size)], check=True)
        done.touch()
    return folder


def measure_ingest(source: Path, store: Path, workers: int) -> Entry:
    shutil.rmtree(store, ignore_errors=True)
    command = [KB, "--store", str(store), "ingest", "-j", str(workers), "--quiet", str(source)]
    result = run_measured(command, store.parent / f"ingest-j{workers}.log")
    stats = json.loads(kb(store, "stats", "--format", "json"))
    result.update(workers=workers, cores=os.cpu_count() if workers == 0 else workers,
                  articles=stats["articles"], articles_per_s=round(stats["articles"] / result["seconds"], 1),
                  store_du_mib=round(disk_usage(store) / 2**20, 1), quads=stats["quads"], merged_events=stats["events"])
    print(f"  ingest -j {workers}: {result['seconds']} s, {result['articles_per_s']} articles/s, "
          f"tree peak {result['tree_rss_peak_mib']} MiB", flush=True)
    return result


def count_ntriples(store: Path) -> int:
    command = [KB, "--store", str(store), "export", "--format", "nt"]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        lines = sum(1 for line in process.stdout if line.strip() and not line.startswith(b"#"))
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return lines


def count_distinct_ntriples(store: Path) -> int:
    """Distinct lines of an N-Triples export (an external sort: memory stays bounded)."""
    export = f"{shlex.quote(KB)} --store {shlex.quote(str(store))} export --format nt"
    pipeline = f"{export} | LC_ALL=C sort -u -S 512M | wc -l"
    return int(subprocess.run(pipeline, shell=True, check=True, capture_output=True, text=True).stdout)


def measure_export(store: Path, distinct: bool) -> Entry:
    target = store.parent / "export.ttl"
    result = run_measured([KB, "--store", str(store), "export", "--format", "turtle", "-o", str(target)],
                          store.parent / "export.log")
    result.update(turtle_mib=round(target.stat().st_size / 2**20, 1), triples=count_ntriples(store),
                  triples_counted_as="lines of `kb export --format nt`",
                  distinct_triples=count_distinct_ntriples(store) if distinct else None)
    result["triples_per_s"] = round(result["triples"] / result["seconds"])
    target.unlink()
    print(f"  export turtle: {result['seconds']} s, {result['triples_per_s']} triples/s", flush=True)
    return result


# --- web latency -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float) -> tuple[float, str | None]:
    """Milliseconds to the last byte of the answer, and the error if there was one."""
    headers = {"Accept": SPARQL_ACCEPT} if "/sparql?" in url else {}
    start = time.perf_counter()
    error = None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}: {exc.read()[:120].decode(errors='replace')}"
    except TimeoutError:
        error = "timeout"
    except OSError as exc:
        error = f"{type(exc).__name__}: {exc}"
    return (time.perf_counter() - start) * 1000, error


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while fetch(url, 2)[1] is not None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer in {seconds} s")
        time.sleep(0.2)


def query_urls() -> tuple[dict[str, str], list[str]]:
    """Label -> /sparql URL for each named query that needs no substitution; the names skipped."""
    urls, skipped = {}, []
    for name, query in named_queries().items():
        if not query.complete:
            skipped.append(name)
        else:
            text = sparql_prefixes() + query.sparql
            urls[f"/sparql?query={name}"] = "/sparql?" + urllib.parse.urlencode({"query": text})
    return urls, skipped


def summarise(samples: list[tuple[float, str | None]], cold: tuple[float, str | None]) -> Entry:
    times = sorted(ms for ms, error in samples if error is None)
    errors = [error for _, error in samples if error is not None]
    p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else (times[0] if times else None)
    return {"requests": len(samples), "ok": len(times), "errors": len(errors),
            "first_error": errors[0] if errors else cold[1],
            "median_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "cold_ms": round(cold[0], 1), "cold_error": cold[1]}


def load(base: str, urls: dict[str, str], args: argparse.Namespace) -> tuple[Entry, float]:
    """One cold request per URL in turn, then --clients threads each sending --rounds rounds of every URL.

    A URL whose cold request timed out is left out of the load, and one that times out --give-up times
    under load is no longer sent: the server goes on working on an abandoned request, so one stuck URL
    would otherwise queue every other request behind it."""
    cold = {label: fetch(base + path, args.timeout) for label, path in urls.items()}
    samples: dict[str, list[tuple[float, str | None]]] = {label: [] for label in urls}
    timeouts = {label: args.give_up if cold[label][1] == "timeout" else 0 for label in urls}
    lock = threading.Lock()

    def client() -> None:
        for _ in range(args.rounds):
            for label, path in urls.items():
                if timeouts[label] >= args.give_up:
                    continue
                result = fetch(base + path, args.timeout)
                with lock:
                    samples[label].append(result)
                    timeouts[label] += result[1] == "timeout"

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    results = {label: summarise(samples[label], cold[label]) for label in urls}
    for label, result in results.items():
        result["given_up"] = timeouts[label] >= args.give_up
    return results, seconds


def stop_server(process: subprocess.Popen[bytes], tree: set[int]) -> list[int]:
    """SIGTERM, then SIGKILL after 10 s; returns the server's processes still alive afterwards (killed)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    time.sleep(1)
    left = [pid for pid in tree if pid != process.pid and Path(f"/proc/{pid}").exists()
            and "kb" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def wait_for_warm_up(log: Path, seconds: float) -> float | None:
    """Seconds `kb serve` took to build its timeline index and answer the named queries into its cache,
    as it reports in its log; None if that did not happen within `seconds` (measuring then starts anyway)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = WARMED.search(log.read_text(errors="replace"))
        if found:
            print(f"  serve warm-up: {found.group(1)} s", flush=True)
            return float(found.group(1))
        time.sleep(1)
    return None


def measure_web(store: Path, args: argparse.Namespace) -> Entry:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (store.parent / "serve.log").open("w")
    process = subprocess.Popen([KB, "--store", str(store), "serve", "--port", str(port)], stdout=log, stderr=log)
    sampler = TreeSampler(process.pid)
    sampler.start()
    try:
        wait_for(base + "/sparql", 120)
        warm_up = wait_for_warm_up(store.parent / "serve.log", args.warm_wait)
        queries, skipped = query_urls()
        urls = {page: page for page in PAGES} | queries
        results, seconds = load(base, urls, args)
    finally:
        sampler.stop()
        left = stop_server(process, sampler.pids)
        log.close()
    slow = max(results, key=lambda label: results[label]["median_ms"] or 0)
    print(f"  web: {sum(r['requests'] for r in results.values())} requests in {seconds:.0f} s, "
          f"{sum(r['errors'] for r in results.values())} errors, slowest {slow}", flush=True)
    return {"clients": args.clients, "rounds": args.rounds, "timeout_s": args.timeout, "give_up": args.give_up,
            "seconds": round(seconds, 1), "warm_up_s": warm_up,
            "serve_tree_rss_peak_mib": mib(sampler.tree_peak_kib), "processes_left_after_sigterm": left,
            "skipped_queries": skipped, "urls": results}


# --- results -------------------------------------------------------------------------------------

def machine() -> Entry:
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version
    return {"cores": os.cpu_count(), "ram_gib": round(int(memory) / 2**20, 1), "python": sys.version.split()[0],
            "kb_version": version("kb-events"), "git_commit": commit or None}


def run_size(size: int, args: argparse.Namespace) -> Entry:
    print(f"== {size} articles", flush=True)
    entry: Entry = {"articles": size, "date": dt.datetime.now().isoformat(timespec="seconds"), **machine(),
                    "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    source, folder = corpus(args.work, size), args.work / str(size)
    folder.mkdir(parents=True, exist_ok=True)
    entry["ingest"] = [measure_ingest(source, folder / f"store-j{workers}", workers)
                       for workers in ([0] if args.skip_one_core else [1, 0])]
    store = folder / "store-j0"
    entry["export"] = measure_export(store, distinct=size <= args.distinct_up_to)
    entry["web"] = measure_web(store, args)
    entry["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return entry


def save(entries: list[Entry]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "scale.json"
    old = json.loads(path.read_text()) if path.exists() else []
    sizes = {entry["articles"] for entry in entries}
    merged = sorted([e for e in old if e["articles"] not in sizes] + entries, key=lambda e: e["articles"])
    path.write_text(json.dumps(merged, indent=1) + "\n")
    (RESULTS / "scale.md").write_text(markdown(merged))
    (RESULTS / "scale.svg").write_text(svg(merged))


def cell(value: Any) -> str:
    return "-" if value is None else f"{value:,}" if isinstance(value, int | float) else str(value)


def row(values: list[Any]) -> str:
    return "| " + " | ".join(cell(v) for v in values) + " |"


def markdown(entries: list[Entry]) -> str:
    lines = ["# Scale benchmark", "",
             "Written by `.venv/bin/python benchmarks/scale.py` (see its docstring for the method).",
             "Memory of each ingest: *largest process* is the peak RSS of the single largest process (os.wait4 "
             "ru_maxrss over the ingest process and the workers it reaped); *tree* is the peak of the summed RSS "
             "of the whole process tree, polled every 0.2 s; *sum of peaks* adds each process's own peak (VmHWM).",
             "Triples are the lines of an N-Triples export (written in pieces of 2,000 graphs: a triple stated in "
             "graphs of different pieces, such as an actor's name, is written once per piece; distinct triples "
             "are given where counted); triples/s divides the lines by the Turtle export's seconds.",
             "", "## Ingest, store and export", "",
             "| articles | ingest | seconds | articles/s | largest process MiB | tree MiB | sum of peaks MiB "
             "| store du MiB | quads | merged events |", "|---|---|---|---|---|---|---|---|---|---|"]
    for e in entries:
        for i in e["ingest"]:
            label = "1 core" if i["workers"] == 1 else f"all cores ({i['cores']})"
            lines.append(row([e["articles"], label, i["seconds"], i["articles_per_s"], i["largest_process_peak_mib"],
                              i["tree_rss_peak_mib"], i["sum_of_process_peaks_mib"], i["store_du_mib"], i["quads"],
                              i["merged_events"]]))
    lines += ["", "| articles | Turtle export s | triples | distinct triples | triples/s | Turtle MiB "
              "| export tree MiB | load avg start | load avg end | date | commit |", "|" + "---|" * 11]
    for e in entries:
        x = e["export"]
        lines.append(row([e["articles"], x["seconds"], x["triples"], x.get("distinct_triples"), x["triples_per_s"],
                          x["turtle_mib"],
                          x["tree_rss_peak_mib"], " / ".join(map(str, e["loadavg_start"])),
                          " / ".join(map(str, e["loadavg_end"])), e["date"], (e["git_commit"] or "-")[:10]]))
    lines += latency_table(entries)
    m = entries[-1]
    lines += ["", f"Machine: {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}, "
              f"kb {m['kb_version']}.", ""]
    return "\n".join(lines)


def latency_table(entries: list[Entry]) -> list[str]:
    web = [e["web"] for e in entries]
    lines = ["", "## Latency under load (ms)", "",
             "; ".join(f"{e['articles']} articles: {w['clients']} clients x {w['rounds']} rounds per URL, "
                       f"{w['seconds']} s, server tree peak {w['serve_tree_rss_peak_mib']} MiB, "
                       f"warm-up (index and named queries) {w.get('warm_up_s', '-')} s before the cold requests"
                       for e, w in zip(entries, web, strict=True)) + ". Median and p95 of answered requests; "
             "errors (cold request included) are timeouts and HTTP errors (503: query timeout); "
             "a URL is *given up* after its cold request or --give-up requests under load time out. "
             "Queries with a placeholder line are "
             "skipped: " + ", ".join(sorted({q for w in web for q in w["skipped_queries"]})) + ".", ""]
    header = ["URL"] + [f"{e['articles']} {k}" for e in entries for k in ("median", "p95", "cold", "errors")]
    lines += [row(header), "|" + "---|" * len(header)]
    labels = list(dict.fromkeys(label for w in web for label in w["urls"]))
    for label in labels:
        values: list[Any] = [f"`{label}`"]
        for w in web:
            r = w["urls"].get(label, {})
            failed = r.get("errors", 0) + bool(r.get("cold_error"))
            values += [r.get("median_ms"), r.get("p95_ms"), r.get("cold_ms"),
                       f"{failed}, given up" if r.get("given_up") else failed]
        lines.append(row(values))
    errors = [f"- {e['articles']}: `{label}`: {r['first_error'].strip()}"
              for e in entries for label, r in e["web"]["urls"].items() if r["first_error"]]
    return lines + (["", "First error per URL:", "", *errors] if errors else [])


# --- the plot ------------------------------------------------------------------------------------

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 400, 70, 70, 80, 50


def nice_max(value: float) -> float:
    step = 10 ** math.floor(math.log10(value or 1))
    return math.ceil(value * 1.1 / step) * step


def svg(entries: list[Entry]) -> str:
    sizes = [e["articles"] for e in entries]
    lo: float = math.floor(math.log10(min(sizes)))
    hi: float = math.ceil(math.log10(max(sizes)))
    lo, hi = (lo - 0.5, hi + 0.5) if lo == hi else (lo, hi)

    def x(n: float) -> float:
        return LEFT + (math.log10(n) - lo) / (hi - lo) * (W - LEFT - RIGHT)

    def rate(e: Entry, workers: int) -> float | None:
        return next((i["articles_per_s"] for i in e["ingest"] if i["workers"] == workers), None)

    series = [("ingest, 1 core (articles/s)", "#1f6fb4", "", "left", [rate(e, 1) for e in entries]),
              ("ingest, all cores (articles/s)", "#2a9d4a", "", "left", [rate(e, 0) for e in entries]),
              ("/timeline median (ms, right axis)", "#d2691e", "6 4", "right",
               [e["web"]["urls"]["/timeline"]["median_ms"] for e in entries])]
    top = {side: nice_max(max([v for *_, s, vs in series if s == side for v in vs if v] or [1]))
           for side in ("left", "right")}

    def y(v: float, side: str) -> float:
        return H - BOTTOM - v / top[side] * (H - TOP - BOTTOM)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" '
           f'aria-labelledby="t d" font-family="sans-serif" font-size="12">',
           '<title id="t">kb scale benchmark: ingest rate and /timeline latency by corpus size</title>',
           '<desc id="d">' + "; ".join(f"{e['articles']} articles: ingest 1 core {rate(e, 1)}, all cores {rate(e, 0)} "
                                       f"articles/s, /timeline median {series[2][4][k]} ms"
                                       for k, e in enumerate(entries)) + ".</desc>",
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<path d="M{LEFT} {TOP}V{H - BOTTOM}H{W - RIGHT}V{TOP}" fill="none" stroke="#333"/>']
    for power in range(math.ceil(lo), math.floor(hi) + 1):
        out.append(f'<line x1="{x(10 ** power):.1f}" x2="{x(10 ** power):.1f}" y1="{H - BOTTOM}" y2="{H - BOTTOM + 5}" '
                   f'stroke="#333"/><text x="{x(10 ** power):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">'
                   f'{10 ** power:,}</text>')
    for k in range(6):
        yy = H - BOTTOM - k / 5 * (H - TOP - BOTTOM)
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#ddd"/>'
                   f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{top["left"] * k / 5:g}</text>'
                   f'<text x="{W - RIGHT + 6}" y="{yy + 4:.1f}">{top["right"] * k / 5:g}</text>')
    out += [f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 12}" text-anchor="middle">articles (log scale)</text>',
            f'<text transform="translate(16 {H / 2}) rotate(-90)" text-anchor="middle">articles/s</text>',
            f'<text transform="translate({W - 14} {H / 2}) rotate(90)" text-anchor="middle">ms</text>']
    for k, (label, colour, dash, side, values) in enumerate(series):
        known = [(n, v) for n, v in zip(sizes, values, strict=True) if v is not None]
        points = [(x(n), y(v, side)) for n, v in known]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                       f'stroke-dasharray="{dash or "none"}"/>')
        out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/><text x="{px + 6:.1f}" '
                f'y="{py - 6:.1f}" font-size="10" fill="{colour}">{v:g}</text>'
                for (px, py), (_, v) in zip(points, known, strict=True)]
        ly = 18 + 17 * k  # the legend sits above the plot
        out.append(f'<line x1="{LEFT + 10}" x2="{LEFT + 34}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="2" stroke-dasharray="{dash or "none"}"/>'
                   f'<text x="{LEFT + 40}" y="{ly}">{label}</text>')
    return "\n".join(out + ["</svg>", ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-scale"))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=20, help="requests per URL per client")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--give-up", type=int, default=2, help="timeouts after which a URL is no longer sent")
    parser.add_argument("--skip-one-core", action="store_true", help="ingest only with all cores")
    parser.add_argument("--distinct-up-to", type=int, default=20000,
                        help="count distinct triples (sort -u of the N-Triples export) up to this many articles")
    parser.add_argument("--warm-wait", type=float, default=3600.0,
                        help="seconds to wait for kb serve's warm-up before the cold requests")
    args = parser.parse_args()
    for size in args.sizes:
        save([run_size(size, args)])  # saved after each size, so a long run keeps what it measured
    print(f"wrote {RESULTS / 'scale.json'}, scale.md, scale.svg")


if __name__ == "__main__":
    main()
