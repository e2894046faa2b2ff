"""Median latency of the example queries through /sparql, beside `oxigraph serve-read-only` and rdflib.

Usage: .venv/bin/python benchmarks/sparql.py [--articles 4000] [--runs 7] [--cache /tmp/kb-bench-sparql]

Builds (once, cached) a KB from synthetic articles (../shared/bench/make_corpus.py + kb ingest;
4,000 articles give about 1M quads), then sends every named example query, with the same text,
to a running `kb serve` and to `oxigraph serve-read-only --union-default-graph` on a copy of the
same store, and evaluates it with rdflib's own engine on the same quads in memory
(Dataset(default_union=True)) in a child process that is stopped when a query runs too long.
Prints a Markdown table of medians. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import free_port, wait_for_http  # noqa: E402

from kb.queries import named_queries  # noqa: E402
from kb.vocab import sparql_prefixes  # noqa: E402

EXAMPLES = ["actor_timeline", "events_between_actors", "phone_calls_in_month", "who_met_whom", "events_at_place",
            "imprecise_dates", "event_sources", "events_by_type", "counts", "recent_events"]
RDFLIB_BUDGET = 300.0  # seconds one rdflib query may take before it is given up
BIN = Path(sys.executable).parent

RDFLIB_CHILD = r"""
import json, statistics, sys, time
from rdflib import Dataset
data, runs = sys.argv[1], int(sys.argv[2])
started = time.perf_counter()
dataset = Dataset(default_union=True)
dataset.parse(data, format="nquads")
print(json.dumps({"loaded": time.perf_counter() - started, "quads": len(dataset)}), flush=True)
for line in sys.stdin:
    query = json.loads(line)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(list(dataset.query(query)))
        times.append(time.perf_counter() - started)
        if times[-1] > 10:
            break
    print(json.dumps({"median": statistics.median(times), "rows": rows, "runs": len(times)}), flush=True)
"""


def build(cache: Path, articles: int) -> Path:
    store = cache / "store"
    if (cache / "built").exists():
        return store
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT.parent / "shared" / "bench" / "make_corpus.py"), str(cache / "corpus"),
                    str(articles)], check=True)
    subprocess.run([str(BIN / "kb"), "--store", str(store), "ingest", "-q", str(cache / "corpus")], check=True)
    with (cache / "kb.nq").open("wb") as out:
        subprocess.run([str(BIN / "kb"), "--store", str(store), "export", "--format", "nquads"], stdout=out, check=True)
    shutil.copytree(store, cache / "oxigraph-copy")
    (cache / "built").touch()
    return store


def timed_get(url: str, query: str) -> tuple[float, int]:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    elapsed = time.perf_counter() - started
    return elapsed, len(json.loads(body)["results"]["bindings"])


def medians(url: str, queries: dict[str, str], runs: int) -> dict[str, tuple[float, int]]:
    out = {}
    for name, query in queries.items():
        try:
            timed_get(url, query)  # warm the caches once, as a long-running server would be
        except (TimeoutError, OSError):
            out[name] = (float("inf"), 0)  # past the 60 s budget (or refused): reported as such
            continue
        samples = [timed_get(url, query) for _ in range(runs)]
        out[name] = (statistics.median(s[0] for s in samples), samples[0][1])
    return out


def serve_kb(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "KB_QUERY_TIMEOUT": "300", "KB_MAX_ROWS": "100000"}
    process = subprocess.Popen([str(BIN / "kb"), "--store", str(store), "serve", "--port", str(port)],
                               env=env, stderr=subprocess.DEVNULL)
    wait_for_http(f"http://127.0.0.1:{port}/sparql?format=ttl", 120)  # cheap, unlike the home page
    return process, f"http://127.0.0.1:{port}/sparql"


def serve_oxigraph(copy: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(copy),
                                "--union-default-graph", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", 60)
    return process, f"http://127.0.0.1:{port}/query"


def rdflib_medians(data: Path, queries: dict[str, str], runs: int) -> tuple[dict[str, float | None], str]:
    child = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, str(data), str(runs)], text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    loaded = json.loads(child.stdout.readline())
    note = f"rdflib loaded {loaded['quads']:,} quads in {loaded['loaded']:.0f} s"
    out: dict[str, float | None] = {}
    for name, query in queries.items():
        child.stdin.write(json.dumps(query) + "\n")
        child.stdin.flush()
        line = read_line_within(child, RDFLIB_BUDGET)
        out[name] = json.loads(line)["median"] if line else None
        if line is None:
            break  # the child is stuck in a query: stop here
    child.kill()
    child.wait()
    child.stdin.close()
    child.stdout.close()
    return out, note


def read_line_within(child: subprocess.Popen[str], seconds: float) -> str | None:
    import select

    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], seconds)
    return child.stdout.readline() if ready else None


def table(queries: dict[str, str], kb: dict[str, tuple[float, int]], ox: dict[str, tuple[float, int]],
          rdf: dict[str, float | None]) -> str:
    lines = ["| query | rows | kb /sparql ms | oxigraph serve ms | kb / oxigraph | rdflib ms | rdflib / kb |",
             "|---|---|---|---|---|---|---|"]
    for name in queries:
        k, rows = kb[name]
        o, _ = ox[name]
        r = rdf.get(name)
        if name not in rdf:
            rdf_cell = "not run"
        else:
            rdf_cell = f"{r * 1000:.0f}" if r is not None else f"> {RDFLIB_BUDGET:.0f} s (stopped)"
        ratio = f"{r / k:.0f}x" if r is not None else "-"
        lines.append(f"| {name} | {rows} | {k * 1000:.1f} | {o * 1000:.1f} | {k / o:.2f} | {rdf_cell} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/kb-bench-sparql"))
    parser.add_argument("--no-rdflib", action="store_true", help="skip the (slow) rdflib comparison")
    parser.add_argument("--rdflib-queries", default="actor_timeline",
                        help="comma-separated queries to time with rdflib too (it needs minutes per query on 1M "
                             "quads); 'all' for every one")
    args = parser.parse_args()
    store = build(args.cache, args.articles)
    queries = {name: sparql_prefixes() + named_queries()[name].sparql for name in EXAMPLES}
    kb_process, kb_url = serve_kb(store)
    ox_process, ox_url = serve_oxigraph(args.cache / "oxigraph-copy")
    try:
        kb = medians(kb_url, queries, args.runs)
        ox = medians(ox_url, queries, args.runs)
    finally:
        for process in (kb_process, ox_process):
            process.terminate()
            process.wait()
    wanted = queries if args.rdflib_queries == "all" else {
        name: queries[name] for name in args.rdflib_queries.split(",") if name in queries}
    rdf, note = ({}, "rdflib skipped") if args.no_rdflib else rdflib_medians(args.cache / "kb.nq", wanted, 3)
    print(f"{args.articles} articles; medians of {args.runs} runs (rdflib: of up to 3); {note}\n")
    print(table(queries, kb, ox, rdf))


if __name__ == "__main__":
    main()
