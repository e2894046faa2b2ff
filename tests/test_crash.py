"""Crash safety of `kb ingest` on the embedded on-disk store: SIGKILL at random moments, many times.

Each kill starts a real `kb ingest` (a subprocess in its own process group, `--workers` 1 or 2,
small `--batch-size` so a run writes several batches), sleeps a random time drawn over the whole
run (start-up, reading and writing articles, resolving, and past the end), SIGKILLs the group, then
opens the store and checks what the design promises:

- the store opens (`open_store`, which also finishes what a cut-short bulk write left, see
  `OxigraphStore._recover`) and holds nothing in the default graph;
- every article graph present is exactly (as a sorted set of N-Triples lines) that article's graph
  in the reference store: each article is fully present or absent, never partial;
- the ontology graph, when present, is exactly the reference's; the actor graph holds none but the
  reference's triples (it is written after the articles, so it may describe fewer people);
- every merged-event graph present is one the resolver writes whole: the final one (the
  reference's) or, on a store that held a resolved part of the corpus, the one it held before;
- every block whose merged events differ from the final ones is detectably pending: the next
  ingest resolves it, because it is in `unresolved_blocks(store)` or holds a report of an article
  the store does not have yet (the next run stores that article and resolves its blocks);
- SHACL (`kb.validate`, ontology/shapes.ttl) passes for the article graphs present: checked every
  `VALIDATE_EVERY`-th kill and on every completed store (pyshacl is too slow for every kill; the
  byte-for-byte comparison above already pins every article graph to the validated reference);
- a run that finishes (whether a kill came too late or the run to completion after the kills)
  leaves exactly the reference store: all quads, and no unresolved block.

Kills run in sequences on one store, so damage would accumulate: each sequence starts either from
an empty store (scenario "fresh") or from a store holding a resolved part of the corpus (scenario
"on-top": some dev articles published later and half the synthetic ones, so the rest joins and
re-keys known events), and continues, kill after kill, until a run finishes; the reference for
"on-top" is the same two ingests done without a kill (not the fresh store: see the summary's
`on_top_equals_fresh`, an ordering question for kb.resolve, not a crash one). The phase each kill
landed in is inferred from the state found (see `phase_of`) and summarised at the end.

One hole is known and pinned by a deterministic test (a real SIGKILL at the resolver's first removal
of a merged event): while `KNOWN_STALE_EVENTS` is True that test is an expected failure and the
random kills list such leftovers in their summary instead of failing; once kb.resolve is fixed the
test passes, strict xfail turns that into a failure, and the flag is to be set to False.

CI (50 kills, about two minutes on 2 cores):

    .venv/bin/pytest tests/test_crash.py -q -s

A longer run, and a reproduction of a failure (the seed is printed at the start and in every
failure; the moment a kill lands still depends on the machine's speed):

    KB_CRASH_KILLS=500 .venv/bin/python -m pytest tests/test_crash.py -q -s
    KB_CRASH_SEED=1234 .venv/bin/python -m pytest tests/test_crash.py -q -s

With KB_CRASH_REPORT set the summary is also written as JSON: to that path, or to
benchmarks/results/crash.json when it is `1`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DEV_CORPUS, ROOT, SHARED

import kb.store
from kb import rdf
from kb.resolve.resolver import ratification_block, unresolved_blocks
from kb.store import OxigraphStore, open_store
from kb.validate import validate_ntriples
from kb.vocab import EKB, SEM

KILLS = int(os.environ.get("KB_CRASH_KILLS", "50"))
SEED = int(os.environ.get("KB_CRASH_SEED") or random.SystemRandom().randrange(1_000_000))
SYNTHETIC = 60  # articles from ../shared/bench/make_corpus.py, besides the dev corpus
SYNTHETIC_SEED = 11
BATCH_SIZE = 20  # articles per write: a run over the 83 articles writes 5 batches
VALIDATE_EVERY = 10
EARLY = 0.15  # share of kills drawn within the start-up time
NEAR_END = 0.25  # share drawn over the last part of a run (resolution), which is short
LATE = 1.15  # the others: from half the start-up time to this many times the run's expected duration
STRETCH = 1.25  # the expected duration grows by this factor with each kill of a sequence
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
EVENT_GRAPHS = str(rdf.event_graph_iri(""))  # the merged events' graphs start with this
REFERENCE_GRAPHS = {str(rdf.ONTOLOGY_GRAPH), str(rdf.ACTORS_GRAPH)}
PHASES = ("startup", "writing articles", "resolving", "after finishing")
BULK_MARK = getattr(kb.store, "PENDING_FILE", None)  # left in the store folder by a cut-short bulk write
# A kill after the resolver wrote a re-keyed merged event and before it removed the one it replaces
# leaves the old one behind, and nothing marks its block pending, so no re-run removes it (see
# test_a_kill_before_replaced_merged_events_are_removed_is_finished_by_the_next_run). While this is
# True the random kills report such leftovers in their summary instead of failing on them; set it to
# False when that test passes.
KNOWN_STALE_EVENTS = False


# ---------------------------------------------------------------- what a store holds


@dataclass
class Snapshot:
    """A store's content: each named graph's sorted N-Triples lines, and what its merged events say."""

    graphs: dict[str, bytes]
    blocks: dict[str, str] = field(default_factory=dict)  # merged-event graph -> its block
    held: dict[str, frozenset[str]] = field(default_factory=dict)  # merged-event graph -> its reports
    article_blocks: dict[str, frozenset[str]] = field(default_factory=dict)  # article graph -> its blocks
    unresolved: frozenset[str] = frozenset()

    @property
    def articles(self) -> set[str]:
        return {g for g in self.graphs if not g.startswith(EVENT_GRAPHS) and g not in REFERENCE_GRAPHS}

    @property
    def merged(self) -> set[str]:
        return {g for g in self.graphs if g.startswith(EVENT_GRAPHS)}

    def by_block(self) -> dict[str, dict[str, bytes]]:
        found: dict[str, dict[str, bytes]] = {}
        for name in self.merged:
            found.setdefault(self.blocks.get(name, "?"), {})[name] = self.graphs[name]
        return found


def snapshot(location: Path) -> Snapshot:
    """Open the store as every kb command does and read all of it."""
    store = open_store(str(location))
    try:
        assert isinstance(store, OxigraphStore)
        engine = store.engine
        default = io.BytesIO()
        engine.dump(default, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert default.getvalue() == b"", "quads outside any named graph"
        graphs: dict[str, bytes] = {}
        for graph in engine.named_graphs():
            assert isinstance(graph, ox.NamedNode), f"a named graph that is not an IRI: {graph}"
            body = io.BytesIO()
            engine.dump(body, ox.RdfFormat.N_TRIPLES, from_graph=graph)
            if body.getvalue():  # an empty named graph holds nothing: the graph is absent
                graphs[graph.value] = b"\n".join(sorted(body.getvalue().splitlines()))
        snap = Snapshot(graphs)
        for g, block in store.select_values(f"SELECT ?g ?b WHERE {{ GRAPH ?g {{ ?e a <{SEM.Event}> ; "
                                            f"<{EKB.blockKey}> ?b }} }}"):
            assert g is not None and block is not None
            snap.blocks[g] = block
        held: dict[str, set[str]] = {}
        for g, report in store.select_values(f"SELECT ?g ?r WHERE {{ GRAPH ?g {{ ?e <{EKB.hasReport}> ?r }} }}"):
            assert g is not None and report is not None
            held.setdefault(g, set()).add(report)
        snap.held = {g: frozenset(r) for g, r in held.items()}
        blocks: dict[str, set[str]] = {}
        for g, block in store.select_values(f"SELECT ?g ?b WHERE {{ GRAPH ?g {{ ?r a <{EKB.EventReport}> ; "
                                            f"<{EKB.blockKey}> ?b }} }}"):
            assert g is not None and block is not None
            blocks.setdefault(g, set()).add(block)
        snap.article_blocks = {g: frozenset(b) for g, b in blocks.items()}
        snap.unresolved = frozenset(unresolved_blocks(store))
        return snap
    finally:
        store.close()


def validation_failures(snap: Snapshot) -> str:
    """pyshacl's report for the article graphs present, 50 graphs at a time (as `kb validate` does)."""
    names = sorted(snap.articles | (REFERENCE_GRAPHS & set(snap.graphs)))
    reports = []
    for start in range(0, len(names), 50):
        text = "\n".join(snap.graphs[name].decode("utf-8") for name in names[start:start + 50]) + "\n"
        result = validate_ntriples(text)
        if not result.conforms:
            reports.append(result.report)
    return "\n".join(reports)


# ---------------------------------------------------------------- the corpus and the references


@dataclass
class Scenario:
    name: str
    start: Snapshot  # what the store holds when a sequence begins
    final: Snapshot  # what an uninterrupted ingest of the corpus leaves
    start_dir: Path | None  # a store folder to copy at the start of a sequence (None: empty)
    duration: float  # seconds the uninterrupted ingest took

    def known(self, name: str) -> set[bytes]:
        """The versions of a graph the store may hold mid-way: the final one and the starting one."""
        return {s.graphs[name] for s in (self.final, self.start) if name in s.graphs}


@dataclass
class Setup:
    corpus: list[Path]
    startup: float  # seconds a `kb ingest` takes with nothing to read
    rerun: float  # seconds a `kb ingest` of the corpus takes on a store that holds all of it
    scenarios: list[Scenario]
    batch_args: list[str]


def kb_ingest(store: Path, paths: list[Path], workers: int = 1, batch_args: list[str] | None = None,
              log: Path | None = None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kb", "--store", str(store), "ingest", "--workers", str(workers),
               *(batch_args or []), *map(str, paths)]
    out = log.open("wb") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out, start_new_session=True)
    finally:
        if log:
            out.close()  # type: ignore[union-attr]


def run_to_end(store: Path, paths: list[Path], batch_args: list[str], workers: int = 1) -> float:
    started = time.monotonic()
    log = store.with_name(store.name + ".log")
    process = kb_ingest(store, paths, workers, batch_args, log)
    assert process.wait(timeout=600) == 0, log.read_text(errors="replace")
    return time.monotonic() - started


def published(path: Path) -> str:
    return path.read_text(encoding="utf-8").split(None, 2)[1]  # " date 2025-08-13  Title"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    if not MAKE_CORPUS.exists():
        pytest.skip("../shared/bench/make_corpus.py is not beside the project")
    base = tmp_path_factory.mktemp("crash")
    synthetic = base / "synthetic"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(synthetic), str(SYNTHETIC), "--seed", str(SYNTHETIC_SEED)],
                   check=True)
    corpus = [synthetic, DEV_CORPUS]
    helptext = subprocess.run([sys.executable, "-m", "kb", "ingest", "--help"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    batch_args = ["--batch-size", str(BATCH_SIZE)] if "--batch-size" in helptext else []

    empty = base / "nothing"
    empty.mkdir()
    startup = run_to_end(base / "startup-store", [empty], batch_args)

    duration = run_to_end(base / "reference", corpus, batch_args)
    rerun = run_to_end(base / "reference", corpus, batch_args)  # nothing to write or resolve
    reference = snapshot(base / "reference")
    assert not reference.unresolved
    assert len(reference.articles) == SYNTHETIC + len(list(DEV_CORPUS.glob("*.txt")))
    assert not validation_failures(reference), validation_failures(reference)

    # A resolved part of the corpus: the dev articles published last, whose events the earlier ones join.
    dev = sorted(DEV_CORPUS.glob("*.txt"))
    part = [p for p in dev if published(p) >= "2025-08-01"] + sorted(synthetic.glob("*.txt"))[:SYNTHETIC // 2]
    run_to_end(base / "part", part, batch_args)
    shutil.copytree(base / "part", base / "on-top")
    on_top_duration = run_to_end(base / "on-top", corpus, batch_args)
    on_top = snapshot(base / "on-top")
    scenarios = [Scenario("fresh", Snapshot({}), reference, None, duration),
                 Scenario("on-top", snapshot(base / "part"), on_top, base / "part", on_top_duration)]
    return Setup(corpus, startup, rerun, scenarios, batch_args)


# ---------------------------------------------------------------- the invariants


@dataclass
class Findings:
    violations: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # merged events left over that nothing marks pending
    stale_graphs: set[str] = field(default_factory=set)

    @property
    def problems(self) -> list[str]:
        return self.violations + ([] if KNOWN_STALE_EVENTS else self.stale)

    def unlike(self, snap: Snapshot, final: Snapshot) -> list[str]:
        """How a store that should be complete differs from `final`, but for the known leftovers."""
        known = {f"extra graph {g}" for g in self.stale_graphs} if KNOWN_STALE_EVENTS else set()
        return [d for d in differences(snap, final) if d not in known]


def check(snap: Snapshot, scenario: Scenario) -> Findings:
    found = Findings()
    final = scenario.final
    for name in sorted(snap.graphs):
        if name == str(rdf.ACTORS_GRAPH):
            if not actor_graph_is_part_of(snap.graphs[name], final.graphs.get(name, b"")):
                found.violations.append(f"graph {name} holds triples its reference does not (partial or mixed)")
        elif name in REFERENCE_GRAPHS or name in final.articles:
            if snap.graphs[name] != final.graphs.get(name):
                lines = set(snap.graphs[name].splitlines())
                want = set(final.graphs.get(name, b"").splitlines())
                found.violations.append(f"graph {name} is not its reference: {len(lines - want)} triples too many, "
                                        f"{len(want - lines)} missing (partial or mixed graph)")
        elif name.startswith(EVENT_GRAPHS):
            versions = scenario.known(name)  # none: a graph of no known run, checked by its block below
            if versions and snap.graphs[name] not in versions:
                found.violations.append(f"merged event graph {name} is neither its final nor its earlier version")
        else:
            found.violations.append(f"graph {name} is no article, reference or merged event graph")
    # Blocks whose merged events are not yet the final ones must be pending.
    absent = final.articles - snap.articles
    pending = set(snap.unresolved).union(*(final.article_blocks.get(a, frozenset()) for a in absent))
    # Resolving a signing block resolves its ratification block too (its events name the signing's agreement).
    pending |= {ratification_block(block) for block in pending} - {""}
    have, want = snap.by_block(), final.by_block()
    for block in sorted(set(have) | set(want)):
        if have.get(block, {}) == want.get(block, {}) or block in pending:
            continue
        extra = sorted(set(have.get(block, {})) - set(want.get(block, {})))
        other = {r for g, reports in snap.held.items() if g not in extra for r in reports}
        if extra and have[block].keys() - set(extra) == want.get(block, {}).keys() \
                and all(snap.held.get(g, frozenset()) <= other for g in extra) \
                and all(have[block][g] == want[block][g] for g in want.get(block, {})):
            found.stale.append(f"block {block!r}: merged event graph(s) {extra} left over; every report they "
                               "list is held by a current event, so unresolved_blocks does not see them")
            found.stale_graphs.update(extra)
        else:
            found.violations.append(
                f"block {block!r}: merged events differ from the final ones ({sorted(have.get(block, {}))} vs "
                f"{sorted(want.get(block, {}))}) and the block is not pending (not in unresolved_blocks, "
                "no report of an absent article, in it or in the signing block it depends on)")
    return found


def actor_graph_is_part_of(held: bytes, final: bytes) -> bool:
    """The actor graph is written after the articles: a run stopped before that leaves it describing fewer
    people than the reference (its seal differs with them), never anything else."""
    def unsealed(ntriples: bytes) -> set[bytes]:
        return {line for line in ntriples.splitlines() if not line.startswith(f"<{rdf.ACTORS_GRAPH}>".encode())}
    return unsealed(held) <= unsealed(final)


def differences(snap: Snapshot, final: Snapshot) -> list[str]:
    """How a store that should be complete differs from the reference."""
    out = [f"missing graph {g}" for g in sorted(final.graphs.keys() - snap.graphs.keys())]
    out += [f"extra graph {g}" for g in sorted(snap.graphs.keys() - final.graphs.keys())]
    out += [f"graph {g} differs" for g in sorted(final.graphs.keys() & snap.graphs.keys())
            if final.graphs[g] != snap.graphs[g]]
    out += [f"unresolved block {b!r}" for b in sorted(snap.unresolved)]
    return out


def phase_of(before: Snapshot, after: Snapshot, finished: bool, delay: float, startup: float, total: int) -> str:
    """Where a kill landed, read from the state it left: "after finishing" when the run had printed its
    summary or exited; "resolving" when every article is stored (this includes a re-run re-reading
    articles it already has, which writes nothing); "startup" when the kill came within the start-up
    time and no article was written; otherwise "writing articles" (reading, extracting, writing)."""
    if finished:
        return "after finishing"
    if len(after.articles) == total:
        return "resolving"
    if after.articles == before.articles and delay < startup:
        return "startup"
    return "writing articles"


def kill_delay(rng: random.Random, setup: Setup, scenario: Scenario, attempt: int) -> float:
    """Seconds to let a run go. A sequence's first run does everything; later ones skip the articles
    already stored, so they take between a re-run with nothing to write and a whole run. The time
    measured once is only a guess (`--workers 2` starts slower, the machine's load varies), so it is
    stretched with each kill of a sequence: every sequence soon reaches its end."""
    expected = scenario.duration if attempt == 0 else rng.uniform(setup.rerun, scenario.duration)
    expected *= STRETCH ** attempt
    draw = rng.random()
    if draw < EARLY:
        return rng.uniform(0, setup.startup)
    if draw < EARLY + NEAR_END:
        return rng.uniform(0.55 * expected, expected)
    return rng.uniform(setup.startup / 2, LATE * expected)


# ---------------------------------------------------------------- the test


@dataclass
class Kill:
    round: int
    scenario: str
    workers: int
    delay: float
    phase: str
    articles: int
    merged: int
    pending: int
    recovered: bool  # the kill cut a bulk write short: opening the store had to clean up after it


def test_random_kills_leave_a_whole_store_that_a_rerun_completes(setup: Setup, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    started = time.monotonic()
    print(f"\ncrash test: seed {SEED} (KB_CRASH_SEED={SEED} to repeat), {KILLS} kills, startup {setup.startup:.1f}s, "
          f"re-run {setup.rerun:.1f}s, "
          + ", ".join(f"{s.name} run {s.duration:.1f}s" for s in setup.scenarios))
    store = tmp_path / "store"
    log = tmp_path / "ingest.log"
    kills: list[Kill] = []
    stale: dict[str, str] = {}  # each leftover found -> where it was first seen
    sequences = Counter[str]()
    scenario, before = setup.scenarios[0], Snapshot({})
    fresh_sequence = True
    validations = 0

    def where(i: int, extra: str = "") -> str:
        return f"seed {SEED}, kill {i} ({scenario.name} sequence, {extra}): see tmp {tmp_path}"

    for i in range(KILLS):
        if fresh_sequence:
            scenario = setup.scenarios[sum(sequences.values()) % len(setup.scenarios)]
            sequences[scenario.name] += 1
            shutil.rmtree(store, ignore_errors=True)
            if scenario.start_dir is not None:
                shutil.copytree(scenario.start_dir, store)
            before, fresh_sequence, attempt = scenario.start, False, 0
        workers = rng.choice((1, 1, 2))
        delay = kill_delay(rng, setup, scenario, attempt)
        attempt += 1
        process = kb_ingest(store, setup.corpus, workers, setup.batch_args, log)
        try:
            code: int | None = process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the workers too
        process.wait()
        output = log.read_text(errors="replace")
        info = f"--workers {workers}, killed after {delay:.2f}s"
        assert code in (None, 0), f"{where(i, info)}: ingest failed by itself:\n{output}"
        finished = code == 0 or re.search(r"^stored \d+ article", output, re.MULTILINE) is not None

        recovered = BULK_MARK is not None and (store / BULK_MARK).exists()
        try:
            after = snapshot(store)
        except Exception as exc:  # the store does not open, or cannot be read
            pytest.fail(f"{where(i, info)}: the store does not open or read: {type(exc).__name__}: {exc}")
        found = check(after, scenario)
        assert not found.problems, f"{where(i, info)}:\n" + "\n".join(found.problems)
        stale.update({s: where(i, info) for s in found.stale if s not in stale})
        if i % VALIDATE_EVERY == VALIDATE_EVERY - 1 or finished:
            failures = validation_failures(after)
            validations += 1
            assert not failures, f"{where(i, info)}: SHACL:\n{failures}"
        if finished:
            wrong = found.unlike(after, scenario.final)
            assert not wrong, f"{where(i, info)}: a finished run left a store unlike the reference:\n" \
                              + "\n".join(wrong)
            fresh_sequence = True
        kills.append(Kill(i, scenario.name, workers, round(delay, 3),
                          phase_of(before, after, finished, delay, setup.startup, len(scenario.final.articles)),
                          len(after.articles), len(after.merged), len(after.unresolved), recovered))
        before = after

    # Whatever the last kill left, a run to completion finishes it.
    if not fresh_sequence:
        run_to_end(store, setup.corpus, setup.batch_args, workers=rng.choice((1, 2)))
        after = snapshot(store)
        found = check(after, scenario)
        stale.update({s: f"seed {SEED}, the run to completion" for s in found.stale if s not in stale})
        wrong = found.problems + found.unlike(after, scenario.final)
        assert not wrong, f"seed {SEED}: the run to completion left a store unlike the reference:\n" + "\n".join(wrong)
        failures = validation_failures(after)
        validations += 1
        assert not failures, f"seed {SEED}: SHACL after the run to completion:\n{failures}"

    phases = Counter(kill.phase for kill in kills)
    summary = {
        "seed": SEED, "kills": len(kills), "seconds": round(time.monotonic() - started, 1),
        "phases": {phase: phases[phase] for phase in PHASES},
        "by_scenario": {name: Counter(k.phase for k in kills if k.scenario == name) for name in sequences},
        "sequences": dict(sequences), "validations": validations,
        "bulk_writes_cut_short": sum(kill.recovered for kill in kills),
        "workers": dict(Counter(kill.workers for kill in kills)),
        "corpus_articles": len(setup.scenarios[0].final.articles), "batch_args": setup.batch_args,
        "on_top_equals_fresh": setup.scenarios[1].final.graphs == setup.scenarios[0].final.graphs,
        "stale_merged_events": [f"{place}: {s}" for s, place in stale.items()],
        "kill_log": [kill.__dict__ for kill in kills],
    }
    print(f"crash test: {len(kills)} kills in {summary['seconds']}s (seed {SEED}): "
          + ", ".join(f"{phase} {phases[phase]}" for phase in PHASES)
          + f"; sequences {dict(sequences)}; {summary['bulk_writes_cut_short']} bulk writes cut short; "
          + f"{validations} SHACL validations; "
          + f"{len(stale)} block(s) with stale merged events; uninterrupted on-top store equals the fresh one: "
          + str(summary["on_top_equals_fresh"]))
    for line in summary["stale_merged_events"]:
        print(f"crash test: known hole hit: {line}")
    target = os.environ.get("KB_CRASH_REPORT")
    if target:
        path = ROOT / "benchmarks" / "results" / "crash.json" if target == "1" else Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=1, default=dict) + "\n", encoding="utf-8")
    assert KNOWN_STALE_EVENTS or not stale, "stale merged events:\n" + "\n".join(summary["stale_merged_events"])


KILL_AT_FIRST_REMOVAL = """
import os, signal, sys
from kb.store import OxigraphStore
removing = OxigraphStore.remove_graph
merged = sys.argv.pop(1)
def remove_graph(self, graph):
    if graph.startswith(merged):
        os.kill(os.getpid(), signal.SIGKILL)
    removing(self, graph)
OxigraphStore.remove_graph = remove_graph
from kb.cli import main
main(sys.argv[1:], prog_name="kb")
"""


@pytest.mark.xfail(KNOWN_STALE_EVENTS, raises=AssertionError, strict=True,
                   reason="a merged event replaced by a re-keyed one is removed only after all new ones are "
                   "written, and unresolved_blocks does not notice it left behind")
def test_a_kill_before_replaced_merged_events_are_removed_is_finished_by_the_next_run(setup: Setup,
                                                                                        tmp_path: Path) -> None:
    """The one kill the random ones rarely hit: on a store with a resolved part of the corpus, the rest
    makes earlier-published reports join known events, whose key (the first report's) changes; the
    process is killed (a real SIGKILL, at the resolver's first removal of a merged event) with the new
    events written and the ones they replace still stored."""
    scenario = setup.scenarios[1]
    assert scenario.start_dir is not None
    store = tmp_path / "store"
    shutil.copytree(scenario.start_dir, store)
    command = [sys.executable, "-c", KILL_AT_FIRST_REMOVAL, EVENT_GRAPHS, "--store", str(store), "ingest",
               *setup.batch_args, *map(str, setup.corpus)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if result.returncode != -signal.SIGKILL:
        assert result.returncode == 0, result.stderr
        pytest.skip("the ingest removed no merged event through remove_graph: nothing to kill at")
    after = snapshot(store)
    found = check(after, scenario)
    assert not found.violations + found.stale, "\n".join(found.violations + found.stale)
    run_to_end(store, setup.corpus, setup.batch_args)
    after = snapshot(store)
    assert not differences(after, scenario.final), "\n".join(differences(after, scenario.final))
