"""Articles sent to the KB over HTTP (`kb.web.articles`): read an upload into articles, store them all
or none, and remove an article again, built from the pipeline's parts (kb.ingest, kb.resolve).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from kb import rdf
from kb.articles import ArticleError, parse_html, parse_record, parse_text
from kb.articles.errors import EMPTY
from kb.articles.files import decode_text, json_object
from kb.articles.ids import url_id
from kb.gazetteer import Gazetteer, load_gazetteer
from kb.ingest import (
    BATCH,
    IngestReport,
    Prepared,
    ensure_reference_graphs,
    extract_one,
    prepared,
    store_batch,
    stored_blocks,
)
from kb.records import ARTICLE_ID, Article, Event
from kb.resolve.reports import reports_of_article
from kb.resolve.resolver import resolve, unresolved_blocks
from kb.resolve.spool import ReportMemo
from kb.store import KnowledgeStore
from kb.vocab import EKB

UploadKind = Literal["text", "html", "json", "jsonl"]
UPLOAD_PREFIX = "http-"  # the id of an article sent without a URL: this + a hash of its bytes


@dataclass(frozen=True)
class Problem:
    """Why one item of an upload cannot be stored: its JSON Lines `line` (1-based; None for a single
    article), and whether the bytes themselves are `malformed` (not UTF-8, not JSON) or the article is."""

    line: int | None
    reason: str
    malformed: bool = False


@dataclass
class Upload:
    """An upload read into articles (with the line each came from), or the problems that stop it."""

    articles: list[Article] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_upload(data: bytes, kind: UploadKind, url: str | None = None) -> Upload:
    """Bytes sent to the KB -> articles: one seed-format text page, one HTML page, one JSON record (the
    JSON Lines shape), or a JSON Lines batch. A page sent with `url` takes the id a JSON record with
    that url gets; without one, "http-" + a hash of its bytes, so sending it again is a no-op."""
    if kind == "jsonl":
        return _read_batch(data)
    upload = Upload()
    try:
        if kind == "json":
            article = parse_record(json_object(data, "the request body"), "the request body")
        else:
            article = _read_page(data, kind, url)
    except ArticleError as err:
        upload.problems.append(Problem(None, err.reason, _malformed(err.reason)))
    else:
        upload.articles, upload.lines = [article], [None]
    return upload


def _read_page(data: bytes, kind: UploadKind, url: str | None) -> Article:
    name = UPLOAD_PREFIX + hashlib.sha1(data).hexdigest()[:16]
    raw = decode_text(data, name)
    article = parse_html(raw, name + ".html", url=url) if kind == "html" else parse_text(raw, name + ".txt")
    if url:
        return article.model_copy(update={"id": url_id(url), "source": url, "url": url})
    return article


MALFORMED = ("binary file", "not valid UTF-8", "not valid JSON", "not a JSON object", EMPTY)


def _malformed(reason: str) -> bool:
    return reason.startswith(MALFORMED)


def _read_batch(data: bytes) -> Upload:
    """Every line is read and checked before anything is stored; two records with one url are refused."""
    upload = Upload()
    first_line: dict[str, int] = {}
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            article = parse_record(json_object(line, f"line {number}"), f"line {number}")
        except ArticleError as err:
            upload.problems.append(Problem(number, err.reason, _malformed(err.reason)))
            continue
        if article.id in first_line:
            upload.problems.append(Problem(number, f"the same url as line {first_line[article.id]}"))
            continue
        first_line[article.id] = number
        upload.articles.append(article)
        upload.lines.append(number)
    if not upload.articles and not upload.problems:
        upload.problems.append(Problem(None, f"no records: {EMPTY}", True))
    return upload


@dataclass(frozen=True)
class Extraction:
    """One article with the events read from it and its graph, ready to store."""

    article: Article
    events: list[Event]
    prepared: Prepared


def prepare_articles(articles: Sequence[Article], gazetteer: Gazetteer) -> list[Extraction | ArticleError]:
    """Each article's events and graph (as `prepare_one`, keeping the events), in order; nothing is stored."""
    out: list[Extraction | ArticleError] = []
    for article in articles:
        extracted = extract_one(article, gazetteer)
        if isinstance(extracted, ArticleError):
            out.append(extracted)
            continue
        out.append(Extraction(article, extracted[1], prepared(article, extracted[1], gazetteer)))
    return out


@dataclass
class ReportedEvent:
    """An event as the article reports it (SCHEMA.md shape) and the merged events that hold the report."""

    report: str
    record: dict[str, object]
    merged: list[str]


@dataclass
class ArticleResult:
    id: str
    source: str
    graph: str
    stored: bool  # False: the KB already held this article's graph as it is
    events: list[ReportedEvent]


@dataclass
class ArticlesReport(IngestReport):
    """`IngestReport` with each article's own outcome; `changed`: merged event graphs written or removed."""

    articles: list[ArticleResult] = field(default_factory=list)
    changed: int = 0
    changed_events: set[str] = field(default_factory=set)  # IRIs of the merged events written or removed


def ingest_articles(articles: Sequence[Article], store: KnowledgeStore, gazetteer: Gazetteer | None = None
                    ) -> ArticlesReport:
    """Store articles and merge their events, all or nothing: every article is read and its graph built
    before anything is written; when one fails, `failures` says why and the store is left untouched."""
    gazetteer = gazetteer or load_gazetteer()
    prepared = prepare_articles(articles, gazetteer)
    failures = [item for item in prepared if isinstance(item, ArticleError)]
    if failures:
        return ArticlesReport(failures=failures)
    return store_articles([item for item in prepared if isinstance(item, Extraction)], store, gazetteer)


def store_articles(items: Sequence[Extraction], store: KnowledgeStore, gazetteer: Gazetteer,
                   memo: ReportMemo | None = None, recover: bool = True) -> ArticlesReport:
    """Write prepared articles (each graph replaced atomically, unchanged ones skipped) and resolve the
    blocks they touched, with blocks an interrupted write left unresolved when `recover` (a scan of the
    whole store: a writer that knows its last write finished can skip it). `memo`: reports kept from
    earlier writes by this process, the only writer. Callers that write concurrently must hold one
    lock around this."""
    before = store.stored_hashes([item.prepared.graph.name for item in items])
    report = ArticlesReport(events=sum(item.prepared.events for item in items))
    touched: set[str] = set()
    for start in range(0, len(items), BATCH):
        store_batch(store, [item.prepared for item in items[start:start + BATCH]], report, touched)
    if memo is not None:
        memo.add(report for item in items for report in reports_of_article(item.article, item.events, gazetteer))
    # As `ingest`: blocks an interrupted write left unresolved are finished too.
    resolved = resolve(store, touched | (unresolved_blocks(store) if recover else set()), memo)
    report.merged, report.changed = resolved.events, resolved.written + resolved.removed
    report.changed_events = resolved.changed
    ensure_reference_graphs(store, gazetteer, set().union(*(item.prepared.people for item in items)))
    reports = {item.article.id: [str(iri) for iri in rdf.report_iris(item.events)] for item in items}
    holders = merged_events_of(store, [iri for iris in reports.values() for iri in iris])
    for item in items:
        graph = item.prepared.graph
        events = [ReportedEvent(iri, _record(event, item.article), holders.get(iri, []))
                  for iri, event in zip(reports[item.article.id], item.events, strict=True)]
        report.articles.append(ArticleResult(item.article.id, item.article.source, graph.name,
                                             before.get(graph.name) != graph.content_hash, events))
    return report


def _record(event: Event, article: Article) -> dict[str, object]:
    record = event.record(article.source)
    del record["article"]
    return record


def merged_events_of(store: KnowledgeStore, reports: list[str]) -> dict[str, list[str]]:
    """Report IRI -> the merged events (IRIs, sorted) that list it."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(reports), 500):
        values = " ".join(f"<{iri}>" for iri in reports[start:start + 500])
        _, rows = store.select(f"SELECT ?r ?e WHERE {{ VALUES ?r {{ {values} }} "
                               f"GRAPH ?g {{ ?e <{EKB.hasReport}> ?r }} }} ORDER BY ?r ?e")
        for row in rows:
            found.setdefault(row["r"].value, []).append(row["e"].value)
    return found


@dataclass
class Removal:
    """What removing an article did: its graph, the blocks re-resolved, merged events rewritten/removed."""

    id: str
    graph: str
    blocks: int
    rewritten: int
    removed: int
    changed_events: set[str] = field(default_factory=set)


def remove_article(store: KnowledgeStore, article_id: str, memo: ReportMemo | None = None) -> Removal | None:
    """Remove an article's graph and re-resolve the blocks its reports were in, so merged events lose its
    contribution (an event only it reported disappears). None when no such article is stored; ValueError
    when `article_id` is not an article id (a slug: no slashes, brackets or IRIs)."""
    if not ARTICLE_ID.fullmatch(article_id):  # fullmatch: `$` alone would let a final newline through
        raise ValueError(f"{article_id!r} is not an article id (letters, digits, '.', '_' and '-')")
    graph = str(rdf.graph_iri(article_id))
    _, rows = store.select(f"SELECT ?g WHERE {{ GRAPH <{graph}> {{ <{graph}> a <{EKB.ArticleGraph}> }} }} LIMIT 1")
    if not rows:
        return None
    blocks = stored_blocks(store, [graph])
    store.remove_graph(graph)
    store.flush()
    resolved = resolve(store, blocks, memo)
    return Removal(article_id, graph, len(blocks), resolved.written, resolved.removed, resolved.changed)
