"""Ingest, re-ingest, export and validation speed on synthetic articles.

Usage: .venv/bin/python benchmarks/ingest.py [N] [--runs R]

Writes N articles with ../shared/bench/make_corpus.py, then times, R times each, in this process:
reading + extraction alone (the baseline every other figure is compared with), a full ingest
into a fresh on-disk store, a no-op re-ingest, a whole-KB Turtle export and `kb validate`.
Prints medians. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kb.articles import iter_articles
from kb.extract import extract
from kb.gazetteer import load_gazetteer
from kb.ingest import ingest
from kb.store import open_store
from kb.validate import validate_store

MAKER = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "make_corpus.py"


def median_seconds(runs: int, job: Callable[[int], object]) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        job(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(MAKER), str(corpus), str(args.n)], check=True)
    gazetteer = load_gazetteer()

    def extract_only(_: int) -> None:
        for article in iter_articles([corpus]):
            extract(article, gazetteer)  # type: ignore[arg-type]  # the synthetic corpus has no bad files

    def fresh_ingest(run: int) -> None:
        with open_store(str(work / f"store-{run}")) as store:
            ingest([corpus], store, gazetteer)

    rows = [("read + extract (baseline)", median_seconds(args.runs, extract_only)),
            ("ingest into a fresh disk store", median_seconds(args.runs, fresh_ingest))]
    with open_store(str(work / "store-0")) as store:
        quads = store.quad_count()

        def export(_: int) -> None:
            with (work / "kb.ttl").open("wb") as out:
                store.export(out, "turtle")

        rows.append(("re-ingest (nothing changed)", median_seconds(args.runs, lambda _: ingest([corpus], store))))
        rows.append(("export whole KB as Turtle", median_seconds(args.runs, export)))
        rows.append(("validate (SHACL, all cores)", median_seconds(1, lambda _: validate_store(store))))
    baseline = rows[0][1]
    print(f"{args.n} synthetic articles, {quads} quads; median of {args.runs} runs (validate: 1 run)")
    print("| stage | seconds | articles/s | x baseline |\n|---|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {args.n / seconds:.0f} | {seconds / baseline:.2f} |")
    print(f"Turtle export: {quads / rows[3][1]:.0f} quads/s")


if __name__ == "__main__":
    main()
