"""Extraction speed: articles per second on one core and on all cores, and what the actor data costs.

Usage: .venv/bin/python benchmarks/extract.py [N] [--runs R]

Writes N synthetic articles (default 10,000) with ../shared/bench/make_corpus.py, then reads and
extracts them R times (default 3) with one process (the baseline) and with one process per core,
through the same `kb.ingest.read_and_extract` that `kb extract` and `kb ingest` use. Then, in the same
run, the actor data's cost: start-up (loading the data and building the actor index, in a fresh
process each time) and milliseconds per article with the whole actor data against the data of
`people.toml` alone (the 241 people the extractor had before `kb/data/people/`). Prints medians.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb.ingest import read_and_extract

MAKER = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "make_corpus.py"


def median_seconds(runs: int, corpus: Path, workers: int) -> tuple[float, int]:
    times, events = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        events = sum(len(item[1]) for item in read_and_extract([corpus], workers=workers) if isinstance(item, tuple))
        times.append(time.perf_counter() - start)
    return statistics.median(times), events


STARTUP = ("import sys, time; t = time.perf_counter(); from kb.gazetteer import load_gazetteer; "
           "from kb.extract.actor_index import index_for; index_for(load_gazetteer(sys.argv[1] if len(sys.argv) > 1 "
           "else None)); print(time.perf_counter() - t)")


def startup_seconds(runs: int, data: Path | None) -> float:
    args = [sys.executable, "-c", STARTUP, *([str(data)] if data else [])]
    return statistics.median(float(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
                             for _ in range(runs))


def ms_per_article(runs: int, corpus: Path, data: Path | None) -> float:
    from kb.articles import iter_articles
    from kb.extract import extract
    from kb.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(data)
    articles = [a for a in iter_articles([corpus]) if not isinstance(a, Exception)]
    extract(articles[0], gazetteer)  # the index is built outside the timing
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for article in articles:
            extract(article, gazetteer)
        times.append((time.perf_counter() - start) / len(articles) * 1000)
    return statistics.median(times)


def small_data() -> Path:
    """The actor data with people.toml as the only people file."""
    from kb.gazetteer import DATA_DIR

    target = Path(tempfile.mkdtemp(prefix="kb-small-data-"))
    for path in DATA_DIR.glob("*.toml"):
        shutil.copy(path, target / path.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(tempfile.mkdtemp(prefix="kb-extract-bench-")) / "corpus"
    subprocess.run([sys.executable, str(MAKER), str(corpus), str(args.n)], check=True)
    cores = os.cpu_count() or 1
    one, events = median_seconds(args.runs, corpus, 1)
    every, _ = median_seconds(args.runs, corpus, cores)
    print(f"{args.n} synthetic articles, {events} events; median of {args.runs} runs")
    print("| processes | seconds | articles/s | articles/s per core | speed-up |\n|---|---|---|---|---|")
    print(f"| 1 (baseline) | {one:.2f} | {args.n / one:.0f} | {args.n / one:.0f} | 1.00 |")
    print(f"| {cores} | {every:.2f} | {args.n / every:.0f} | {args.n / every / cores:.0f} | {one / every:.2f} |")
    small = small_data()
    rows = [("people.toml only (baseline)", small), ("all of kb/data (people/ too)", None)]
    measured = [(name, startup_seconds(args.runs, data), ms_per_article(args.runs, corpus, data))
                for name, data in rows]
    print("\n| actor data | people | start-up s | ms per article | vs baseline |\n|---|---|---|---|---|")
    from kb.gazetteer import load_gazetteer  # after the timings: the baseline loads no more than it needs

    for name, boot, ms in measured:
        people = len(load_gazetteer(small if name.startswith("people.toml") else None).people)
        print(f"| {name} | {people} | {boot:.2f} | {ms:.2f} | {ms / measured[0][2]:.2f} |")


if __name__ == "__main__":
    main()
