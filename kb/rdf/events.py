"""One merged event's graph: the consensus over its reports, every source, and the claims that disagree.

The graph `kbid:graph/event/<key>` holds the event `kbid:event/<key>` with what the timeline shows
(type, status, date at its precision, place, parties with their names), links to each report
(`ekb:hasReport`, in the reporting article's own graph) and to each article, and the reports whose
date the consensus does not fall within (`ekb:conflictingReport`). A signing also makes its
agreement a thing of its own (`ekb:Treaty`), so later mentions and ratifications can find it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, XSD

from kb import __version__
from kb.rdf.article import add_date
from kb.rdf.terms import RoleData, Triples, add_role, event_graph_iri, event_iri, event_label, slug
from kb.resolve.cluster import Party
from kb.resolve.consensus import MergedEvent
from kb.vocab import EKB, ID, SEM, local_name


def agreement_iri(event: MergedEvent) -> URIRef:
    """The agreement a signing made is named after that signing, so it is as stable as the event
    (`kb.resolve.consensus.signed_agreement` mints the same IRI for the ratifications that find it)."""
    return ID[f"agreement/{event.key}"]


def event_triples(event: MergedEvent, signed: URIRef | None = None) -> Triples:
    """The merged event's named graph; `signed` is the agreement a ratification is of, when known."""
    graph = Triples()
    node = event_iri(event.key)
    graph.add((node, RDF.type, SEM.Event))
    graph.add((node, RDF.type, SDO.Event))
    graph.add((node, RDFS.label, Literal(event_label(event.type, [p.name for p in event.parties], event.date,
                                                          event.status))))
    graph.add((node, SEM.eventType, EKB[event.type]))
    graph.add((node, EKB.status, EKB[event.status]))
    graph.add((node, EKB.blockKey, Literal(event.block)))
    if event.date:
        add_date(graph, node, event.date)
    if event.place:
        place = URIRef(event.place)
        graph.add((node, SEM.hasPlace, place))
        graph.add((place, RDF.type, SEM.Place))
        graph.add((place, RDFS.label, Literal(event.place_name or event.place)))
    for party in event.parties:
        add_party(graph, node, party)
    add_sources(graph, node, event)
    add_agreement(graph, node, event, signed)
    seal(graph, event)
    return graph


def add_party(graph: Triples, node: URIRef, party: Party) -> None:
    # The actor's name and kind travel with the event, so the timeline reads one graph per event.
    add_role(graph, node, RoleData(slug(local_name(party.actor)), URIRef(party.actor), party.name, party.kind,
                                   party.role, party.office, URIRef(party.country) if party.country else None))


def add_sources(graph: Triples, node: URIRef, event: MergedEvent) -> None:
    for report in event.reports:
        graph.add((node, EKB.hasReport, URIRef(report.iri)))
        graph.add((node, PROV.wasDerivedFrom, URIRef(report.article)))
    for report in event.conflicting:
        graph.add((node, EKB.conflictingReport, URIRef(report.iri)))
    graph.add((node, EKB.sourceCount, Literal(len(event.articles), datatype=XSD.integer)))


def add_agreement(graph: Triples, node: URIRef, event: MergedEvent, signed: URIRef | None) -> None:
    if event.type == "signing":
        agreement = agreement_iri(event)
        graph.add((node, EKB.agreement, agreement))
        graph.add((agreement, RDF.type, EKB.Treaty))
        graph.add((agreement, RDFS.label, Literal(event.agreement or "agreement")))
        graph.add((agreement, EKB.signingEvent, node))
        for party in event.parties:
            if party.country:
                graph.add((agreement, EKB.signedBy, URIRef(party.country)))
    elif signed is not None:
        graph.add((node, EKB.agreement, signed))


def seal(graph: Triples, event: MergedEvent) -> None:
    node = event_graph_iri(event.key)
    graph.add((node, RDF.type, EKB.EventGraph))
    graph.add((node, EKB.extractorVersion, Literal(__version__)))
    graph.add((node, EKB.contentHash, Literal(graph.content_hash())))
