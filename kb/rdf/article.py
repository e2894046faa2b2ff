"""One article's graph: the article, and each event as this article reports it (an `ekb:EventReport`).

Every node gets a deterministic IRI (no blank nodes), so the same article always gives the same
graph, byte for byte, and re-ingesting it is a no-op. The events themselves, merged over every
report of them, are written by `kb.rdf.events`.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from kb import __version__
from kb.gazetteer import Gazetteer
from kb.rdf.terms import (
    DATATYPE_OF_PRECISION,
    NT_EKB,
    NT_RDF,
    NT_RDFS,
    NT_SDO,
    NT_SEM,
    NT_XSD,
    UNIT_OF_PRECISION,
    NTerms,
    RoleData,
    Triples,
    actor_iri,
    add_role,
    article_iri,
    country_iri,
    event_label,
    graph_iri,
    iri,
    lit,
    place_iri,
    slug,
    typed,
)
from kb.records import Article, Event, Participant, Place, TimeValue
from kb.resolve.blocks import block_key
from kb.vocab import ID, OA

# ---------------------------------------------------------------- article graph


def report_key(event: Event) -> str:
    people = ",".join(sorted(p.actor_id or slug(p.name) for p in event.participants))
    date = event.date.value if event.date else ""
    raw = "|".join([event.article_id, event.type, people, date])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def report_iris(events: list[Event]) -> list[URIRef]:
    """One IRI per reported event; a second distinct encounter with the same key gets a suffix."""
    seen: dict[str, int] = {}
    iris = []
    for event in events:
        key = report_key(event)
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        iris.append(ID[f"report/{key}{suffix}"])
    return iris


def report_block(event: Event) -> str:
    return block_key(event.type, [p.country or slug(p.name) for p in event.participants])


def report_blocks(events: list[Event]) -> set[str]:
    return {report_block(event) for event in events}


def article_triples(article: Article, events: list[Event], gazetteer: Gazetteer) -> Triples:
    """Everything read from one article, ready to become its named graph."""
    graph = Triples()
    add_article(graph, article)
    for node, event in zip(report_iris(events), events, strict=True):
        add_report(graph, iri(node), event, article, gazetteer)
    seal(graph, article)
    return graph


def article_graph(article: Article, events: list[Event], gazetteer: Gazetteer) -> Graph:
    """The same as an rdflib Graph, with the KB's prefixes bound."""
    return article_triples(article, events, gazetteer).graph()


NT_DCTERMS, NT_PROV, NT_OA = NTerms(DCTERMS), NTerms(PROV), NTerms(OA)
DATE = NT_XSD.date
INTEGER = NT_XSD.integer
DATATYPE_OF_PRECISION_NT = {precision: iri(datatype) for precision, datatype in DATATYPE_OF_PRECISION.items()}
UNIT_OF_PRECISION_NT = {precision: iri(unit) for precision, unit in UNIT_OF_PRECISION.items()}


def add_article(graph: Triples, article: Article) -> None:
    node = iri(article_iri(article.id))
    graph.add_nt(node, NT_RDF.type, NT_EKB.Article)
    graph.add_nt(node, NT_DCTERMS.title, lit(article.title))
    graph.add_nt(node, NT_EKB.sourceFile, lit(article.source))
    if article.url:
        graph.add_nt(node, NT_SDO.url, typed(article.url, NT_XSD.anyURI))
    if article.published:
        graph.add_nt(node, NT_DCTERMS.issued, typed(str(article.published), DATE))
    if article.published_evidence:
        graph.add_nt(node, NT_EKB.publishedEvidence, lit(article.published_evidence))
    if article.header_published and article.header_published != article.published:
        graph.add_nt(node, NT_EKB.headerDate, typed(str(article.header_published), DATE))
    if article.outlet:
        outlet = iri(ID[f"outlet/{slug(article.outlet)}"])
        graph.add_nt(node, NT_EKB.outlet, outlet)
        graph.add_nt(outlet, NT_RDF.type, NT_EKB.Outlet)
        graph.add_nt(outlet, NT_RDFS.label, lit(article.outlet))


def seal(graph: Triples, article: Article) -> None:
    """Describe the graph itself: what it came from, and a hash of its content."""
    node = iri(graph_iri(article.id))
    graph.add_nt(node, NT_RDF.type, NT_EKB.ArticleGraph)
    graph.add_nt(node, NT_PROV.wasDerivedFrom, iri(article_iri(article.id)))
    graph.add_nt(node, NT_EKB.extractorVersion, lit(__version__))
    graph.add_nt(node, NT_EKB.contentHash, lit(graph.content_hash()))


def add_report(graph: Triples, node: str, event: Event, article: Article, gazetteer: Gazetteer) -> None:
    """One reported event; `node` is its IRI in N-Triples syntax."""
    graph.add_nt(node, NT_RDF.type, NT_EKB.EventReport)
    graph.add_nt(node, NT_RDFS.label, lit(event_label(event.type, [p.name for p in event.participants],
                                                     event.date, event.status)))
    # What resolution groups reports by (kb.resolve): looked up by value, so it is stored as one.
    graph.add_nt(node, NT_EKB.blockKey, lit(report_block(event)))
    if event.agreement:
        graph.add_nt(node, NT_EKB.agreementName, lit(event.agreement))
    graph.add_nt(node, NT_SEM.eventType, NT_EKB[event.type])
    graph.add_nt(node, NT_EKB.status, NT_EKB[event.status])
    graph.add_nt(node, NT_PROV.wasDerivedFrom, iri(article_iri(article.id)))
    if event.date:
        add_date(graph, node, event.date)
    for note in event.notes:
        graph.add_nt(node, NT_EKB.dateNote, lit(note))
    if event.place:
        add_place(graph, node, event.place, gazetteer)
    for participant in event.participants:
        add_participant(graph, node, participant, gazetteer)
    add_evidence(graph, node, event, article)


def add_date(graph: Triples, node: str, when: TimeValue) -> None:
    if not when.year_stated:
        graph.add_nt(node, NT_EKB.yearStated, typed("false", NT_XSD.boolean))
    graph.add_nt(node, NT_SEM.hasTimeStamp, typed(when.value, DATATYPE_OF_PRECISION_NT[when.precision]))
    graph.add_nt(node, NT_EKB.datePrecision, UNIT_OF_PRECISION_NT[when.precision])
    graph.add_nt(node, NT_SEM.hasEarliestBeginTimeStamp, typed(str(when.earliest), DATE))
    graph.add_nt(node, NT_SEM.hasLatestEndTimeStamp, typed(str(when.latest), DATE))


def add_place(graph: Triples, node: str, place: Place, gazetteer: Gazetteer) -> None:
    where = iri(place_iri(place))
    graph.add_nt(node, NT_SEM.hasPlace, where)
    graph.add_nt(where, NT_RDF.type, NT_SEM.Place)
    graph.add_nt(where, NT_RDFS.label, lit(place.name))
    if place.country:
        graph.add_nt(where, NT_EKB.country, iri(country_iri(place.country, gazetteer)))


def add_participant(graph: Triples, node: str, participant: Participant, gazetteer: Gazetteer) -> None:
    country = country_iri(participant.country, gazetteer) if participant.country else None
    add_role(graph, node, RoleData(slug(participant.actor_id or participant.name), actor_iri(participant, gazetteer),
                                   participant.name, participant.kind, participant.role, participant.office, country))


def add_evidence(graph: Triples, node: str, event: Event, article: Article) -> None:
    evidence = event.evidence
    base = node[:-1]
    note, target = f"{base}/evidence>", f"{base}/evidence/target>"
    quote, position = f"{base}/evidence/quote>", f"{base}/evidence/position>"
    graph.add_nt(note, NT_RDF.type, NT_OA.Annotation)
    graph.add_nt(note, NT_OA.motivatedBy, NT_OA.describing)
    graph.add_nt(note, NT_OA.hasBody, node)
    graph.add_nt(note, NT_OA.hasTarget, target)
    graph.add_nt(note, NT_EKB.trigger, lit(evidence.trigger))
    graph.add_nt(note, NT_EKB.blockKind, lit(evidence.block))
    graph.add_nt(target, NT_RDF.type, NT_OA.SpecificResource)
    graph.add_nt(target, NT_OA.hasSource, iri(article_iri(article.id)))
    graph.add_nt(target, NT_OA.hasSelector, quote)
    graph.add_nt(target, NT_OA.hasSelector, position)
    graph.add_nt(quote, NT_RDF.type, NT_OA.TextQuoteSelector)
    graph.add_nt(quote, NT_OA.exact, lit(evidence.quote))
    if evidence.prefix:
        graph.add_nt(quote, NT_OA.prefix, lit(evidence.prefix))
    if evidence.suffix:
        graph.add_nt(quote, NT_OA.suffix, lit(evidence.suffix))
    graph.add_nt(position, NT_RDF.type, NT_OA.TextPositionSelector)
    graph.add_nt(position, NT_OA.start, typed(str(evidence.start), INTEGER))
    graph.add_nt(position, NT_OA.end, typed(str(evidence.end), INTEGER))
