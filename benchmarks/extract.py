"""Extraction speed: articles per second on one core and on all cores.

Usage: .venv/bin/python benchmarks/extract.py [N] [--runs R]

Writes N synthetic articles (default 10,000) with ../shared/bench/make_corpus.py, then reads and
extracts them R times (default 3) with one process (the baseline) and with one process per core,
through the same `kb.ingest.read_and_extract` that `kb extract` and `kb ingest` use. Prints medians.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
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


if __name__ == "__main__":
    main()
