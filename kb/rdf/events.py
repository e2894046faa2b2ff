"""One merged event's graph: the consensus over its reports, every source, and the claims that disagree.

The graph `kbid:graph/event/<key>` holds the event `kbid:event/<key>` with what the timeline shows
(type, status, date at its precision, place, parties with their names), links to each report
(`ekb:hasReport`, in the reporting article's own graph) and to each article, and the reports whose
date the consensus does not fall within (`ekb:conflictingReport`). A signing also makes its
agreement a thing of its own (`ekb:Treaty`), so later mentions and ratifications can find it.
"""

from __future__ import annotations

from rdflib import URIRef

from kb import __version__
from kb.rdf.article import NT_PROV, add_date
from kb.rdf.terms import (
    NT_EKB,
    NT_RDF,
    NT_RDFS,
    NT_SDO,
    NT_SEM,
    NT_XSD,
    RoleData,
    Triples,
    add_role,
    event_graph_iri,
    event_iri,
    event_label,
    iri,
    lit,
    slug,
    typed,
)
from kb.resolve.cluster import Party
from kb.resolve.consensus import MergedEvent
from kb.vocab import ID, local_name


def agreement_iri(event: MergedEvent) -> URIRef:
    """The agreement a signing made is named after that signing, so it is as stable as the event
    (the ratifications that find it through `kb.resolve.consensus.ratified_signing` name the same IRI)."""
    return ID[f"agreement/{event.key}"]


def event_triples(event: MergedEvent, ratified: MergedEvent | None = None) -> Triples:
    """The merged event's named graph; `ratified` is the signing whose agreement a ratification is of."""
    graph = Triples()
    node = iri(event_iri(event.key))
    graph.add_nt(node, NT_RDF.type, NT_SEM.Event)
    graph.add_nt(node, NT_RDF.type, NT_SDO.Event)
    graph.add_nt(node, NT_RDFS.label, lit(event_label(event.type, [p.name for p in event.parties], event.date,
                                                     event.status)))
    graph.add_nt(node, NT_SEM.eventType, NT_EKB[event.type])
    graph.add_nt(node, NT_EKB.status, NT_EKB[event.status])
    graph.add_nt(node, NT_EKB.blockKey, lit(event.block))
    if event.date:
        add_date(graph, node, event.date)
    if event.place:
        place = iri(event.place)
        graph.add_nt(node, NT_SEM.hasPlace, place)
        graph.add_nt(place, NT_RDF.type, NT_SEM.Place)
        graph.add_nt(place, NT_RDFS.label, lit(event.place_name or event.place))
    for party in event.parties:
        add_party(graph, node, party)
    add_sources(graph, node, event)
    add_agreement(graph, node, event, ratified)
    seal(graph, event)
    return graph


def add_party(graph: Triples, node: str, party: Party) -> None:
    # The actor's name and kind travel with the event, so the timeline reads one graph per event.
    add_role(graph, node, RoleData(slug(local_name(party.actor)), party.actor, party.name, party.kind,
                                   party.role, party.office, party.country))


def add_sources(graph: Triples, node: str, event: MergedEvent) -> None:
    for report in event.reports:
        graph.add_nt(node, NT_EKB.hasReport, iri(report.iri))
        graph.add_nt(node, NT_PROV.wasDerivedFrom, iri(report.article))
    for report in event.conflicting:
        graph.add_nt(node, NT_EKB.conflictingReport, iri(report.iri))
    graph.add_nt(node, NT_EKB.sourceCount, typed(str(len(event.articles)), NT_XSD.integer))


def add_agreement(graph: Triples, node: str, event: MergedEvent, ratified: MergedEvent | None) -> None:
    if event.type == "signing":
        agreement = iri(agreement_iri(event))
        graph.add_nt(node, NT_EKB.agreement, agreement)
        graph.add_nt(agreement, NT_RDF.type, NT_EKB.Treaty)
        graph.add_nt(agreement, NT_RDFS.label, lit(event.agreement or "agreement"))
        graph.add_nt(agreement, NT_EKB.signingEvent, node)
        for party in event.parties:
            if party.country:
                graph.add_nt(agreement, NT_EKB.signedBy, iri(party.country))
    elif ratified is not None:
        # Only the link: the agreement is described by its signing's graph, so this graph changes only
        # when the signing's key does (and `unresolved_blocks` notices a link to a signing not stored).
        graph.add_nt(node, NT_EKB.agreement, iri(agreement_iri(ratified)))


def seal(graph: Triples, event: MergedEvent) -> None:
    node = iri(event_graph_iri(event.key))
    graph.add_nt(node, NT_RDF.type, NT_EKB.EventGraph)
    graph.add_nt(node, NT_EKB.extractorVersion, lit(__version__))
    graph.add_nt(node, NT_EKB.contentHash, lit(graph.content_hash()))
