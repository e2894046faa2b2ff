"""The engine's own speed, as the bound on ingest and export: how fast Oxigraph alone bulk-loads and
dumps the quads that `kb ingest` makes, next to `kb ingest` and `kb export` on the same articles.

Usage: .venv/bin/python benchmarks/engine.py [N] [--runs R] [--work DIR]

Writes N synthetic articles (default 5,000) with ../shared/bench/make_corpus.py, ingests them with
`kb ingest -j 0` (all cores) and exports Turtle with `kb export`, then takes the store's N-Quads and,
R times each (default 3), bulk-loads them into a fresh store with one `Store.bulk_load` call and dumps
that store to N-Quads with one `Store.dump` call. Prints medians: quads/s for the engine's load and
dump, articles/s and quads/s for kb's ingest and export, and each as a share of the engine's rate.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT.parent / "shared" / "bench" / "make_corpus.py"
KB = str(Path(sys.executable).parent / "kb")


def median_seconds(runs: int, work: Callable[[], None], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def reset(folder: Path) -> Callable[[], None]:
    """Before a run: the folder gone, so the run starts from an empty store."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int, nargs="?", default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-engine-bench"))
    args = parser.parse_args()
    corpus, store, fresh = args.work / f"corpus-{args.articles}", args.work / "store", args.work / "fresh"
    quads_file, turtle = args.work / "store.nq", args.work / "export.ttl"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(MAKER), str(corpus), str(args.articles), "--seed", "1"], check=True)

    ingest = median_seconds(args.runs, lambda: subprocess.run(
        [KB, "--store", str(store), "ingest", "-j", "0", "--quiet", str(corpus)], check=True), reset(store))
    export = median_seconds(args.runs, lambda: subprocess.run(
        [KB, "--store", str(store), "export", "--format", "turtle", "-o", str(turtle)], check=True))
    source = ox.Store.read_only(str(store))
    source.dump(str(quads_file), ox.RdfFormat.N_QUADS)
    quads = len(source)
    del source

    def load() -> None:
        ox.Store(str(fresh)).bulk_load(path=str(quads_file), format=ox.RdfFormat.N_QUADS)

    loaded = median_seconds(args.runs, load, reset(fresh))
    dumped = median_seconds(args.runs, lambda: ox.Store.read_only(str(fresh)).dump(
        str(args.work / "dump.nq"), ox.RdfFormat.N_QUADS))
    print(f"{args.articles} articles, {quads} quads ({quads / args.articles:.0f} an article), medians of {args.runs}:")
    print(f"  engine bulk_load (one call, fresh store): {loaded:.1f} s, {quads / loaded:,.0f} quads/s")
    print(f"  engine dump (one call, N-Quads):          {dumped:.1f} s, {quads / dumped:,.0f} quads/s")
    print(f"  kb ingest -j 0:  {ingest:.1f} s, {args.articles / ingest:.1f} articles/s, {quads / ingest:,.0f} quads/s "
          f"({loaded / ingest:.0%} of the engine's load rate)")
    print(f"  kb export Turtle: {export:.1f} s, {quads / export:,.0f} quads/s ({dumped / export:.0%} of the engine's "
          "dump rate)")


if __name__ == "__main__":
    main()
