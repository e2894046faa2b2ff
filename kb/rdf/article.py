"""One article's graph: the article, and each event as this article reports it (an `ekb:EventReport`).

Every node gets a deterministic IRI (no blank nodes), so the same article always gives the same
graph, byte for byte, and re-ingesting it is a no-op. The events themselves, merged over every
report of them, are written by `kb.rdf.events`.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD

from kb import __version__
from kb.gazetteer import Gazetteer
from kb.rdf.terms import (
    DATATYPE_OF_PRECISION,
    UNIT_OF_PRECISION,
    RoleData,
    Triples,
    actor_iri,
    add_role,
    article_iri,
    country_iri,
    event_label,
    graph_iri,
    place_iri,
    slug,
)
from kb.records import Article, Event, Participant, Place, TimeValue
from kb.resolve.blocks import block_key
from kb.vocab import EKB, ID, OA, SEM

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
    for iri, event in zip(report_iris(events), events, strict=True):
        add_report(graph, iri, event, article, gazetteer)
    seal(graph, article)
    return graph


def article_graph(article: Article, events: list[Event], gazetteer: Gazetteer) -> Graph:
    """The same as an rdflib Graph, with the KB's prefixes bound."""
    return article_triples(article, events, gazetteer).graph()


def add_article(graph: Triples, article: Article) -> None:
    node = article_iri(article.id)
    graph.add((node, RDF.type, EKB.Article))
    graph.add((node, DCTERMS.title, Literal(article.title)))
    graph.add((node, EKB.sourceFile, Literal(article.source)))
    if article.url:
        graph.add((node, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        graph.add((node, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))
    if article.published_evidence:
        graph.add((node, EKB.publishedEvidence, Literal(article.published_evidence)))
    if article.header_published and article.header_published != article.published:
        graph.add((node, EKB.headerDate, Literal(article.header_published, datatype=XSD.date)))
    if article.outlet:
        outlet = ID[f"outlet/{slug(article.outlet)}"]
        graph.add((node, EKB.outlet, outlet))
        graph.add((outlet, RDF.type, EKB.Outlet))
        graph.add((outlet, RDFS.label, Literal(article.outlet)))


def seal(graph: Triples, article: Article) -> None:
    """Describe the graph itself: what it came from, and a hash of its content."""
    node = graph_iri(article.id)
    graph.add((node, RDF.type, EKB.ArticleGraph))
    graph.add((node, PROV.wasDerivedFrom, article_iri(article.id)))
    graph.add((node, EKB.extractorVersion, Literal(__version__)))
    graph.add((node, EKB.contentHash, Literal(graph.content_hash())))


def add_report(graph: Triples, node: URIRef, event: Event, article: Article, gazetteer: Gazetteer) -> None:
    graph.add((node, RDF.type, EKB.EventReport))
    graph.add((node, RDFS.label, Literal(event_label(event.type, [p.name for p in event.participants],
                                                          event.date, event.status))))
    # What resolution groups reports by (kb.resolve): looked up by value, so it is stored as one.
    graph.add((node, EKB.blockKey, Literal(report_block(event))))
    if event.agreement:
        graph.add((node, EKB.agreementName, Literal(event.agreement)))
    graph.add((node, SEM.eventType, EKB[event.type]))
    graph.add((node, EKB.status, EKB[event.status]))
    graph.add((node, PROV.wasDerivedFrom, article_iri(article.id)))
    if event.date:
        add_date(graph, node, event.date)
    for note in event.notes:
        graph.add((node, EKB.dateNote, Literal(note)))
    if event.place:
        add_place(graph, node, event.place, gazetteer)
    for participant in event.participants:
        add_participant(graph, node, participant, gazetteer)
    add_evidence(graph, node, event, article)


def add_date(graph: Triples, node: URIRef, when: TimeValue) -> None:
    if not when.year_stated:
        graph.add((node, EKB.yearStated, Literal(False)))
    graph.add((node, SEM.hasTimeStamp, Literal(when.value, datatype=DATATYPE_OF_PRECISION[when.precision])))
    graph.add((node, EKB.datePrecision, UNIT_OF_PRECISION[when.precision]))
    graph.add((node, SEM.hasEarliestBeginTimeStamp, Literal(when.earliest, datatype=XSD.date)))
    graph.add((node, SEM.hasLatestEndTimeStamp, Literal(when.latest, datatype=XSD.date)))


def add_place(graph: Triples, node: URIRef, place: Place, gazetteer: Gazetteer) -> None:
    where = place_iri(place)
    graph.add((node, SEM.hasPlace, where))
    graph.add((where, RDF.type, SEM.Place))
    graph.add((where, RDFS.label, Literal(place.name)))
    if place.country:
        graph.add((where, EKB.country, country_iri(place.country, gazetteer)))


def add_participant(graph: Triples, node: URIRef, participant: Participant, gazetteer: Gazetteer) -> None:
    country = country_iri(participant.country, gazetteer) if participant.country else None
    add_role(graph, node, RoleData(slug(participant.actor_id or participant.name), actor_iri(participant, gazetteer),
                                   participant.name, participant.kind, participant.role, participant.office, country))


def add_evidence(graph: Triples, node: URIRef, event: Event, article: Article) -> None:
    evidence = event.evidence
    note = URIRef(f"{node}/evidence")
    target = URIRef(f"{node}/evidence/target")
    quote, position = URIRef(f"{node}/evidence/quote"), URIRef(f"{node}/evidence/position")
    graph.add((note, RDF.type, OA.Annotation))
    graph.add((note, OA.motivatedBy, OA.describing))
    graph.add((note, OA.hasBody, node))
    graph.add((note, OA.hasTarget, target))
    graph.add((note, EKB.trigger, Literal(evidence.trigger)))
    graph.add((note, EKB.blockKind, Literal(evidence.block)))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, article_iri(article.id)))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(evidence.quote)))
    if evidence.prefix:
        graph.add((quote, OA.prefix, Literal(evidence.prefix)))
    if evidence.suffix:
        graph.add((quote, OA.suffix, Literal(evidence.suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(evidence.start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(evidence.end, datatype=XSD.integer)))


