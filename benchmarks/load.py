"""Load test: a real `kb serve` on 127.0.0.1 under several hundred concurrent clients for a minute,
mixing pages, SPARQL queries and exports, while articles are posted to it (ingest over HTTP).

Usage: .venv/bin/python benchmarks/load.py [--articles 2000] [--clients 200] [--seconds 60]
                                           [--work /tmp/kb-load] [--timeout 60]

Builds a store from N synthetic articles (../shared/bench/make_corpus.py, cached under --work), starts
`kb serve` with a random ingest token (made here, never stored), and runs --clients threads that each
send requests back to back for --seconds, drawn from a fixed mix: the home page, /timeline with and
without filters, its JSON and Turtle twins, event and actor pages and their twins, the named queries
and ad-hoc queries through /sparql, the query page, a whole-KB export, and deliberate refusals (a
SERVICE query: 400, an update without a token: 403, an unknown event: 404) whose expected status
counts as success. Meanwhile one more client posts JSON Lines batches of new articles to
/articles with the token. Every answer's status is checked against what that request must get;
anything else, and every timeout or connection error, is a failure. Prints and writes the
requests, failures, and p50/p95/p99 latency per kind and overall to benchmarks/results/load.json
and load.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb.queries import named_queries
from kb.vocab import sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT.parent / "shared" / "bench" / "make_corpus.py"
RESULTS = ROOT / "benchmarks" / "results"
KB = str(Path(sys.executable).parent / "kb")
SPARQL_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    expect: int = 200
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def request_mix(events: list[str], actors: list[str], rng: random.Random) -> list[tuple[float, Request]]:
    """(weight, request) pairs; ids and years are drawn per request so the cache sees varied queries."""
    named = [q for q in named_queries().values() if q.complete and q.name != "timeline_index"]
    year = rng.randint(2000, 2026)
    event, actor = rng.choice(events), rng.choice(actors)
    return [
        (10, Request("home", "/")),
        (15, Request("timeline", "/timeline")),
        (10, Request("timeline filtered", f"/timeline?actor={urllib.parse.quote(actor)}&from={year}-01-01")),
        (8, Request("timeline.json", f"/timeline.json?type=meeting&page={rng.randint(1, 5)}")),
        (3, Request("timeline.ttl", f"/timeline.ttl?from={year}-01-01&to={year}-12-31")),
        (12, Request("event page", f"/events/{event}")),
        (4, Request("event twin", f"/events/{event}.{rng.choice(['json', 'ttl', 'jsonld'])}")),
        (6, Request("actor page", f"/actors/{urllib.parse.quote(actor)}")),
        (12, Request("named query", sparql(sparql_prefixes() + rng.choice(named).sparql),
                     headers=(("Accept", SPARQL_JSON),))),
        (8, Request("ad-hoc query", sparql(f"SELECT ?e ?d WHERE {{ ?e a sem:Event ; sem:hasTimeStamp ?d "
                                           f"FILTER (STRSTARTS(STR(?d), \"{year}\")) }} LIMIT 50"),
                    headers=(("Accept", SPARQL_JSON),))),
        (3, Request("query page", "/query?name=counts")),
        (0.5, Request("export.ttl", "/export.ttl")),
        (2, Request("refused: SERVICE", sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
                    expect=400)),
        (2, Request("refused: update", "/sparql", expect=403, method="POST",
                    body=b"update=DROP+ALL", headers=(("Content-Type", "application/x-www-form-urlencoded"),))),
        (2, Request("refused: unknown event", "/events/0000000000000000", expect=404)),
    ]


def send(base: str, request: Request, timeout: float) -> tuple[float, str | None]:
    """Milliseconds to the last byte, and what was wrong (None when the status is the expected one)."""
    start = time.perf_counter()
    http = urllib.request.Request(base + request.path, data=request.body, method=request.method,
                                  headers=dict(request.headers))
    try:
        with urllib.request.urlopen(http, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body = exc.read()
        status = exc.code
    except (TimeoutError, OSError) as exc:
        return (time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}"
    ms = (time.perf_counter() - start) * 1000
    if status == request.expect:
        return ms, None
    return ms, f"HTTP {status}, expected {request.expect}: " + body[:200].decode("utf-8", "replace").strip()


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[str]] = defaultdict(list)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.failures[kind].append(error)


def client(base: str, events: list[str], actors: list[str], deadline: float, seed: int, record: Recorder,
           timeout: float) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        weights, requests = zip(*request_mix(events, actors, rng), strict=True)
        request = rng.choices(requests, weights=weights)[0]
        record.add(request.kind, *send(base, request, timeout))


def ingester(base: str, token: str, batches: list[bytes], deadline: float, record: Recorder, timeout: float) -> None:
    headers = (("Content-Type", "application/x-ndjson"), ("Authorization", f"Bearer {token}"))
    for body in batches:
        if time.monotonic() >= deadline:
            return
        record.add("POST /articles", *send(base, Request("POST /articles", "/articles", 201, "POST", body, headers),
                                           timeout))
        time.sleep(2)


def corpus(work: Path, name: str, size: int, seed: int) -> Path:
    folder, done = work / name, work / f"{name}.done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(MAKER), str(folder), str(size), "--seed", str(seed)], check=True)
        done.touch()
    return folder


def article_batches(folder: Path, per_batch: int) -> list[bytes]:
    """The synthetic articles as JSON Lines records (`title`, `text`, `url`, `published`), in batches."""
    records = []
    for path in sorted(folder.glob("*.txt")):
        header, _, rest = path.read_text(encoding="utf-8").partition("\n")
        words = header.split()  # " date 2023-08-19  Narendra Modi met ..."
        published, title = (words[1], " ".join(words[2:])) if words[:1] == ["date"] else (None, path.stem)
        records.append(json.dumps({"url": f"https://example.org/load/{path.stem}", "title": title,
                                   "text": rest, "published": published}))
    return ["\n".join(records[i:i + per_batch]).encode() for i in range(0, len(records), per_batch)]


def percentile(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1) if len(values) > 1 else values[0]


def summary(record: Recorder, seconds: float, args: argparse.Namespace) -> dict:
    every = [ms for times in record.times.values() for ms in times]
    kinds = {}
    for kind, times in sorted(record.times.items()):
        kinds[kind] = {"requests": len(times), "failures": len(record.failures[kind]),
                       "first_failure": record.failures[kind][0] if record.failures[kind] else None,
                       "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                       "p99_ms": percentile(times, 99)}
    failures = sum(len(f) for f in record.failures.values())
    return {"articles": args.articles, "clients": args.clients, "seconds": round(seconds, 1),
            "requests": len(every), "requests_per_s": round(len(every) / seconds, 1), "failures": failures,
            "error_rate": round(failures / len(every), 5) if every else None,
            "p50_ms": percentile(every, 50), "p95_ms": percentile(every, 95), "p99_ms": percentile(every, 99),
            "kinds": kinds, "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cores": os.cpu_count()}


def markdown(result: dict) -> str:
    lines = ["# Load test", "", "Written by `.venv/bin/python benchmarks/load.py` (see its docstring).", "",
             f"{result['clients']} concurrent clients for {result['seconds']} s against `kb serve` on 127.0.0.1 "
             f"({result['cores']} cores) holding {result['articles']} synthetic articles, while JSON Lines batches "
             f"were posted to /articles: **{result['requests']} requests ({result['requests_per_s']}/s), "
             f"{result['failures']} failed** (error rate {result['error_rate']}); latency p50 {result['p50_ms']} ms, "
             f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms. Deliberate refusals count as answered when "
             "their status is the expected one. Load average at the end: "
             + " / ".join(map(str, result["loadavg_end"])) + f"; {result['date']}.", "",
             "| kind | requests | failures | p50 ms | p95 ms | p99 ms | first failure |", "|" + "---|" * 7]
    for kind, k in result["kinds"].items():
        lines.append(f"| {kind} | {k['requests']} | {k['failures']} | {k['p50_ms']} | {k['p95_ms']} | {k['p99_ms']} "
                     f"| {k['first_failure'] or ''} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-load"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    source = corpus(args.work, f"corpus-{args.articles}", args.articles, 1)
    posted = article_batches(corpus(args.work, "posted", 200, 2), 20)
    store = args.work / f"store-{args.articles}"
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([KB, "--store", str(store), "ingest", "-j", "0", "--quiet", str(source)], check=True)
    token = secrets.token_urlsafe(24)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KB_INGEST_TOKEN": token, "KB_THREADS": "16"}
    log = (args.work / "serve.log").open("w")
    server = subprocess.Popen([KB, "--store", str(store), "serve", "--port", str(port)], stdout=log, stderr=log,
                              env=env)
    try:
        wait_until_warm(base, args.work / "serve.log")
        page = json.loads(urllib.request.urlopen(base + "/timeline.json?limit=1000", timeout=60).read())
        events = [e["id"] for e in page["events"]]
        actors = sorted({p["actor"].replace("http://www.wikidata.org/entity/", "wd:")
                         for e in page["events"] for p in e["participants"]})
        record = Recorder()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(base, events, actors, deadline, seed, record, args.timeout))
                   for seed in range(args.clients)]
        threads.append(threading.Thread(target=ingester, args=(base, token, posted, deadline, record, args.timeout)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = summary(record, time.monotonic() - started, args)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # still finishing queued requests: stop it
            server.kill()
            server.wait()
        log.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "load.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_warm(base: str, log: Path, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if "warm-up done" in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"kb serve at {base} did not finish warming up in {seconds} s")


if __name__ == "__main__":
    main()
