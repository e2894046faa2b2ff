"""The pipeline: files -> articles -> events -> article graphs -> store.

Each article is stored as one named graph, replaced atomically; an article whose graph would
not change is skipped, so re-ingesting is a no-op and a re-run after a crash simply finishes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb import rdf
from kb.articles import ArticleError, input_files, iter_articles, load_file
from kb.extract import extract
from kb.gazetteer import Gazetteer, load_gazetteer
from kb.records import Article, Event
from kb.store import KnowledgeStore


@dataclass
class IngestReport:
    stored: int = 0
    unchanged: int = 0
    events: int = 0
    failures: list[ArticleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


Progress = Callable[[int, str], None]


Extracted = tuple[Article, list[Event]] | ArticleError
FILES_PER_TASK = 16  # files a worker process takes at a time: fewer round trips, still even load


def extract_one(item: Article | ArticleError, gazetteer: Gazetteer) -> Extracted:
    if isinstance(item, ArticleError):
        return item
    try:
        return item, extract(item, gazetteer)
    except Exception as exc:  # a bug in one article's extraction must not stop the batch
        return ArticleError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_file(path: Path) -> list[Extracted]:
    """One file's articles and events, in a worker process (the actor data is loaded once per process)."""
    gazetteer = load_gazetteer()
    return [extract_one(item, gazetteer) for item in load_file(path)]


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


def put_graph(store: KnowledgeStore, name: str, graph: rdf.Triples) -> bool:
    """Store `graph` as the named graph `name` unless it is already there; True if it changed."""
    if store.stored_hash(name) == graph.content_hash():
        return False
    store.replace_graph(name, graph.ntriples())
    return True


def ensure_reference_graphs(store: KnowledgeStore, gazetteer: Gazetteer) -> None:
    """Keep the ontology and the actor data in the store in step with the files."""
    put_graph(store, str(rdf.ONTOLOGY_GRAPH), rdf.ontology_triples())
    put_graph(store, str(rdf.ACTORS_GRAPH), rdf.actors_triples(gazetteer))


def ingest(paths: Iterable[str | Path], store: KnowledgeStore, gazetteer: Gazetteer | None = None,
           progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Read, extract and store; with `workers` > 1 reading and extraction run in that many processes
    while this one writes to the store."""
    gazetteer = gazetteer or load_gazetteer()
    ensure_reference_graphs(store, gazetteer)
    report = IngestReport()
    for count, item in enumerate(read_and_extract(paths, gazetteer, workers), 1):
        if isinstance(item, ArticleError):
            report.failures.append(item)
            source = item.source
        else:
            article, events = item
            source = article.source
            graph = rdf.article_triples(article, events, gazetteer)
            if put_graph(store, str(rdf.graph_iri(article.id)), graph):
                report.stored += 1
            else:
                report.unchanged += 1
            report.events += len(events)
        if progress:
            progress(count, source)
    return report
