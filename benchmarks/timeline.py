"""/timeline speed on a large synthetic store.

Usage: .venv/bin/python benchmarks/timeline.py [N] [--copies K] [--runs R] [--workers W] [--build-only]
                                               [--no-sparql]

Builds (once; reused afterwards) an on-disk store of N synthetic articles written by
../shared/bench/make_corpus.py and ingested under /tmp/kb-timeline-bench/N/ (about 2.5 merged
events per article: N = 40000 gives ~100,000 events). With --copies K it then writes a second
store holding K copies of every article and merged-event graph of the first under fresh IRIs
(event, report, article, agreement and graph keys get a `-cK` suffix; actors, places, types and
dates stay), a quick way to a large KB of real ingested shapes when ingesting N * K articles would
take too long (e.g. 3000 --copies 14: ~100,000 events); --base STORE copies that store instead of
N synthetic articles. Then it times with Flask's test client:
/timeline with no filter, with an actor filter (Putin), with a type and country filter,
/timeline.json and the home page — the first request (cold: it builds the timeline index) and the
median and 95th percentile of R warm requests each. Unless --no-sparql, the same timeline pages
are then timed on the old SPARQL-only path (the app's KB_TIMELINE_INDEX flag off) for comparison.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kb.ingest import ingest
from kb.store import OxigraphStore, open_store

MAKER = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "make_corpus.py"
ROOT = Path("/tmp/kb-timeline-bench")
URLS = ["/timeline", "/timeline?actor=wd:Q7747", "/timeline?type=meeting&country=PRK", "/timeline.json", "/"]
KEYED = re.compile(r"(<https://w3id\.org/eventkb/id/(?:event|report|article|agreement|graph/event|graph)/)"
                   r"(?!ontology>|actors>)([^/>]+)")
REFERENCE = re.compile(r"<https://w3id\.org/eventkb/id/graph/(?:ontology|actors)> \.$")
EVENTS_QUERY = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a sem:Event } }"


def build_store(n: int, workers: int) -> Path:
    """The store of n synthetic articles, ingested once; a finished build leaves a DONE file."""
    folder = ROOT / str(n)
    store_path, corpus, done = folder / "store", folder / "corpus", folder / "DONE"
    if done.exists():
        return store_path
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKER), str(corpus), str(n)], check=True)
    start = time.perf_counter()
    with open_store(str(store_path)) as store:
        report = ingest([corpus], store, workers=workers,
                        progress=lambda count, _: count % 1000 == 0 and print(f"  {count} articles", flush=True))
    seconds = time.perf_counter() - start
    done.write_text(f"{report.stored} stored, {report.merged} merged events, {seconds:.0f} s\n")
    print(f"ingested {n} articles in {seconds:.0f} s ({n / seconds:.0f}/s)", flush=True)
    return store_path


def replicate(base: Path, copies: int) -> Path:
    """A store of `copies` copies of the base store's graphs under fresh IRIs (built once)."""
    folder = base.parent / f"copies-{copies}"
    store_path, done = folder / "store", folder / "DONE"
    if done.exists():
        return store_path
    with open_store(str(base)) as source:
        dump = folder.parent / "dump.nq"
        with dump.open("wb") as out:
            source.export(out, "nquads")
    lines = dump.read_text(encoding="utf-8").splitlines()
    reference = "\n".join(line for line in lines if REFERENCE.search(line))
    keyed = "\n".join(line for line in lines if not REFERENCE.search(line))
    start = time.perf_counter()
    with open_store(str(store_path)) as store:
        assert isinstance(store, OxigraphStore)
        store.engine.bulk_load(reference.encode(), ox.RdfFormat.N_QUADS)
        for copy in range(copies):
            text = KEYED.sub(lambda match, k=copy: f"{match.group(1)}{match.group(2)}-c{k}", keyed)
            store.engine.bulk_load(text.encode(), ox.RdfFormat.N_QUADS)
            print(f"  copy {copy + 1} of {copies}", flush=True)
    done.write_text(f"{copies} copies of {base}, {time.perf_counter() - start:.0f} s\n")
    return store_path


def event_count(store_path: Path) -> int:
    with open_store(str(store_path)) as store:
        _, rows = store.select(EVENTS_QUERY)
        return int(rows[0]["n"].value)


def time_urls(store_path: Path, runs: int, index: bool, urls: list[str]) -> list[tuple[str, float, float, float]]:
    """(url, cold ms, warm median ms, warm p95 ms) per URL, in one app (so one index build)."""
    from kb.settings import load_settings
    from kb.web import create_app, shutdown
    from kb.web.index import ENABLED

    app = create_app(load_settings({"store": str(store_path)}))
    app.config[ENABLED] = index
    client = app.test_client()
    results = []
    try:
        for url in urls:
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            warm = sorted(times[1:])
            p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
            results.append((url, times[0], statistics.median(warm), p95))
            print(f"  {url}: cold {times[0]:.0f} ms, warm median {statistics.median(warm):.0f} ms", flush=True)
    finally:
        shutdown(app)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=3000)
    parser.add_argument("--copies", type=int, default=0, help="time a store of K copies of the N articles")
    parser.add_argument("--base", type=Path, help="with --copies: copy this store (e.g. one of the seeds and "
                        "dev corpus) instead of N synthetic articles")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--no-sparql", action="store_true", help="skip the old SPARQL-only path")
    args = parser.parse_args()
    store_path = args.base if args.base and args.copies else build_store(args.n, args.workers)
    if args.copies:
        store_path = replicate(store_path, args.copies)
    if args.build_only:
        return
    events = event_count(store_path)
    rows = [("index", *row) for row in time_urls(store_path, args.runs, True, URLS)]
    if not args.no_sparql:
        rows += [("SPARQL", *row) for row in time_urls(store_path, max(3, args.runs // 4), False, URLS[:4])]
    articles = f"{args.base or args.n} x {args.copies}" if args.copies else str(args.n)
    print(f"\n{articles} synthetic articles, {events} merged events; cold = first request, warm = "
          f"{args.runs} requests (SPARQL-only: {max(3, args.runs // 4)})")
    print("| path | URL | cold ms | warm median ms | warm p95 ms |\n|---|---|---|---|---|")
    for path, url, cold, median, p95 in rows:
        print(f"| {path} | `{url}` | {cold:.0f} | {median:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
