"""The pipeline: files -> articles -> events -> article graphs -> store -> merged events.

Reading, extraction and turning each article into its graph's N-Triples (and its reports into
resolution's records) run in worker processes (`workers`); this process writes the graphs to the
store in batches (`BATCH`), skipping articles whose graph would not change, so re-ingesting is a
no-op and a re-run after a crash simply finishes. Fresh graphs go through the store's bulk loader,
committed per batch by their hash triples (`KnowledgeStore.bulk_writes`). Then the blocks the new
reports fall in are resolved (kb.resolve), reading this run's reports from a spool on disk rather
than back from the store: each real-world event is one merged event graph listing every article
that reports it.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import SDO

from kb import rdf
from kb.articles import ArticleError, input_files, iter_articles, load_file
from kb.extract import extract
from kb.gazetteer import Gazetteer, load_gazetteer
from kb.records import Article, Event
from kb.resolve.cluster import Report
from kb.resolve.reports import reports_of_article
from kb.resolve.resolver import resolve, unresolved_blocks
from kb.resolve.spool import ReportSpool
from kb.store import GraphData, KnowledgeStore
from kb.vocab import EKB

FILES_PER_TASK = 16  # files a worker process takes at a time: fewer round trips, still even load
BATCH = 1000  # article graphs written to the store together (the bulk loader gains most on large batches)


@dataclass
class IngestReport:
    stored: int = 0
    unchanged: int = 0
    events: int = 0  # events as the articles report them
    merged: int = 0  # merged events in the blocks resolved
    failures: list[ArticleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


Progress = Callable[[int, str], None]
Extracted = tuple[Article, list[Event]] | ArticleError


@dataclass(frozen=True)
class Prepared:
    """One article, ready to store: its graph as N-Triples, and its reports and their resolution blocks."""

    source: str
    graph: GraphData
    blocks: frozenset[str]
    events: int
    reports: tuple[Report, ...] = ()  # what resolution will read for this article (kb.resolve.spool)
    people: frozenset[str] = frozenset()  # ids of the known people its events name (for the actor graph)


def extract_one(item: Article | ArticleError, gazetteer: Gazetteer) -> Extracted:
    if isinstance(item, ArticleError):
        return item
    try:
        return item, extract(item, gazetteer)
    except Exception as exc:  # a bug in one article's extraction must not stop the batch
        return ArticleError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")


def prepare_one(item: Article | ArticleError, gazetteer: Gazetteer) -> Prepared | ArticleError:
    extracted = extract_one(item, gazetteer)
    if isinstance(extracted, ArticleError):
        return extracted
    return prepared(*extracted, gazetteer)


def prepared(article: Article, events: list[Event], gazetteer: Gazetteer) -> Prepared:
    """An article with its events, as the store and resolution take it."""
    triples = rdf.article_triples(article, events, gazetteer)
    graph = GraphData(str(rdf.graph_iri(article.id)), triples.ntriples(), triples.content_hash())
    return Prepared(article.source, graph, frozenset(rdf.report_blocks(events)), len(events),
                    tuple(reports_of_article(article, events, gazetteer)), people_named(events))


def people_named(events: Iterable[Event]) -> frozenset[str]:
    return frozenset(p.actor_id for e in events for p in e.participants if p.kind == "person" and p.actor_id)


def extract_file(path: Path) -> list[Extracted]:
    """One file's articles and events, in a worker process (the actor data is loaded once per process)."""
    gazetteer = load_gazetteer()
    return [extract_one(item, gazetteer) for item in load_file(path)]


def prepare_file(path: Path) -> list[Prepared | ArticleError]:
    """One file's articles as graphs, in a worker process."""
    gazetteer = load_gazetteer()
    return [prepare_one(item, gazetteer) for item in load_file(path)]


def read_and_extract(paths: Iterable[str | Path], gazetteer: Gazetteer | None = None, workers: int = 1
                     ) -> Iterator[Extracted]:
    """Articles with their events, or the error that stopped one input, in input order; never raises for
    bad input. With `workers` > 1, files are read and extracted in that many processes (default data only)."""
    if workers <= 1:
        gazetteer = gazetteer or load_gazetteer()
        for item in iter_articles(paths):
            yield extract_one(item, gazetteer)
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for results in pool.imap(extract_file, input_files(paths), chunksize=FILES_PER_TASK):
            yield from results


def read_and_prepare(paths: Iterable[str | Path], gazetteer: Gazetteer, workers: int = 1, ahead_files: int = BATCH
                     ) -> Iterator[Prepared | ArticleError]:
    """As `read_and_extract`, with each article's graph built where it was extracted."""
    if workers <= 1:
        for item in iter_articles(paths):
            yield prepare_one(item, gazetteer)
        return
    # At most `ahead_files` files read but not yet consumed: imap alone would let fast workers pile up
    # results in this process's memory while it writes to the store.
    ahead = threading.BoundedSemaphore(ahead_files)

    def paced() -> Iterator[Path]:
        for path in input_files(paths):
            ahead.acquire()  # blocks imap's feeder thread, not this one
            yield path

    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for results in pool.imap(prepare_file, paced(), chunksize=FILES_PER_TASK):
            ahead.release()
            yield from results


def ensure_reference_graphs(store: KnowledgeStore, gazetteer: Gazetteer, people: Iterable[str] = (),
                            rescan: bool = False) -> None:
    """Keep the ontology and the actor data in the store in step with the files. The actor graph describes
    every country and organisation, and the people the stored articles name: those it described already
    and `people` (ids), or with `rescan` those a scan of the store finds. Written after the articles, so
    an interrupted ingest leaves it short of a few people, which the re-run (or `kb resolve`) adds."""
    named = people_in_store(store, gazetteer) if rescan else described_people(store, gazetteer) | set(people)
    actors = rdf.actors_triples(gazetteer, named)
    for name, triples in {rdf.ONTOLOGY_GRAPH: rdf.ontology_triples(), rdf.ACTORS_GRAPH: actors}.items():
        store.put_graph(str(name), triples.ntriples(), triples.content_hash())


def _person_ids(store: KnowledgeStore, gazetteer: Gazetteer, query: str) -> set[str]:
    by_iri = {str(rdf.person_iri(p)): p.id for p in gazetteer.people.values()}
    return {by_iri[row[0]] for row in store.select_values(query) if row[0] in by_iri}


def described_people(store: KnowledgeStore, gazetteer: Gazetteer) -> set[str]:
    """The people the stored actor graph describes."""
    return _person_ids(store, gazetteer, f"SELECT ?a WHERE {{ GRAPH <{rdf.ACTORS_GRAPH}> {{ ?a a <{SDO.Person}> }} }}")


def people_in_store(store: KnowledgeStore, gazetteer: Gazetteer) -> set[str]:
    """The known people the stored article and event graphs name (a scan of the whole store)."""
    return _person_ids(store, gazetteer, f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a a <{SDO.Person}> }} "
                                         f"FILTER(?g != <{rdf.ACTORS_GRAPH}>) }}")


def stored_blocks(store: KnowledgeStore, names: list[str]) -> set[str]:
    """The resolution blocks of the reports these article graphs hold now (before they are replaced)."""
    if not names:
        return set()
    values = " ".join(f"<{name}>" for name in names)
    _, rows = store.select(f"SELECT DISTINCT ?b WHERE {{ VALUES ?g {{ {values} }} "
                           f"GRAPH ?g {{ ?r <{EKB.blockKey}> ?b }} }}")
    return {row["b"].value for row in rows}


def store_batch(store: KnowledgeStore, batch: list[Prepared], report: IngestReport, touched: set[str],
                spool: ReportSpool | None = None) -> None:
    """Write a batch of article graphs; note the blocks whose reports changed (before and after), and
    keep the batch's reports in `spool` for resolution."""
    latest = {item.graph.name: item for item in batch}  # one graph twice in a batch: the later reading wins
    hashes = store.stored_hashes(list(latest))
    changed = [item for item in latest.values() if hashes.get(item.graph.name) != item.graph.content_hash]
    touched |= stored_blocks(store, [item.graph.name for item in changed if item.graph.name in hashes])
    store.put_graphs([item.graph for item in changed], known=hashes)
    for item in changed:
        touched |= item.blocks
    store.flush()
    if spool is not None:
        spool.add(report for item in latest.values() for report in item.reports)
    report.stored += len(changed)
    report.unchanged += len(batch) - len(changed)


def ingest(paths: Iterable[str | Path], store: KnowledgeStore, gazetteer: Gazetteer | None = None,
           progress: Progress | None = None, workers: int = 1, batch_size: int = BATCH) -> IngestReport:
    """Read, extract, store and resolve; with `workers` > 1 reading, extraction and building each
    article's graph run in that many processes while this one writes `batch_size` articles at a time."""
    gazetteer = gazetteer or load_gazetteer()
    report = IngestReport()
    touched: set[str] = set()
    people: set[str] = set()
    batch: list[Prepared] = []
    with ReportSpool(store.folder) as spool, store.bulk_writes():
        for count, item in enumerate(read_and_prepare(paths, gazetteer, workers, batch_size), 1):
            if isinstance(item, ArticleError):
                report.failures.append(item)
            else:
                batch.append(item)
                people |= item.people
                report.events += item.events
                if len(batch) >= batch_size:
                    store_batch(store, batch, report, touched, spool)
                    batch = []
            if progress:
                progress(count, item.source)
        store_batch(store, batch, report, touched, spool)
        # Also what an interrupted run left unresolved: resolving is idempotent, so a re-run finishes it.
        report.merged = resolve(store, touched | unresolved_blocks(store), spool).events
    ensure_reference_graphs(store, gazetteer, people)
    return report
