"""The reference graphs: the ontology and the actor data, as triples."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS, XSD

from kb import __version__
from kb.gazetteer import Gazetteer, Person
from kb.rdf.terms import ACTORS_GRAPH, ONTOLOGY_DIR, ONTOLOGY_GRAPH, Triples, country_iri, slug
from kb.vocab import EKB, ID, SEM, WD


def ontology_triples() -> Triples:
    graph = Triples()
    for triple in Graph().parse(ONTOLOGY_DIR / "eventkb.ttl", format="turtle"):
        graph.add(triple)  # type: ignore[arg-type]  # the ontology has no blank nodes
    seal_reference(graph, ONTOLOGY_GRAPH)
    return graph


def actors_triples(gazetteer: Gazetteer, people: Iterable[str] = ()) -> Triples:
    """The actor data as triples: every country and organisation, and the people of `people` (ids) with
    their offices. A KB describes the people its articles name, not all the thousands the data lists."""
    graph = Triples()
    for country in gazetteer.countries.values():
        node = country_iri(country.iso3, gazetteer)
        graph.add((node, RDF.type, EKB.Country))
        graph.add((node, RDF.type, SEM.Actor))
        graph.add((node, RDFS.label, Literal(country.name)))
        graph.add((node, EKB.iso3, Literal(country.iso3)))
        for alias in country.aliases:
            graph.add((node, EKB.alias, Literal(alias)))
    for person_id in sorted(set(people) & gazetteer.people.keys()):
        add_person(graph, gazetteer.people[person_id], gazetteer)
    for org in gazetteer.organizations.values():
        node = WD[org.wikidata] if org.wikidata else ID[f"actor/{slug(org.id)}"]
        graph.add((node, RDF.type, SDO.Organization))
        graph.add((node, RDF.type, SEM.Actor))
        graph.add((node, RDFS.label, Literal(org.name)))
        for alias in org.aliases:
            graph.add((node, EKB.alias, Literal(alias)))
    seal_reference(graph, ACTORS_GRAPH)
    return graph


def person_iri(person: Person) -> URIRef:
    return WD[person.wikidata] if person.wikidata else ID[f"actor/{slug(person.id)}"]


def add_person(graph: Triples, person: Person, gazetteer: Gazetteer) -> None:
    node = person_iri(person)
    graph.add((node, RDF.type, SDO.Person))
    graph.add((node, RDF.type, SEM.Actor))
    graph.add((node, RDFS.label, Literal(person.name)))
    graph.add((node, EKB.country, country_iri(person.country, gazetteer)))
    for alias in person.aliases:
        graph.add((node, EKB.alias, Literal(alias)))
    for office in person.offices:
        term = URIRef(f"{ID}actor/{slug(person.id)}/office/{slug(office.title)}-{office.start or 'x'}")
        graph.add((node, EKB.holdsOffice, term))
        graph.add((term, RDFS.label, Literal(office.title)))
        graph.add((term, SKOS.note, Literal(office.role)))
        if office.country:
            graph.add((term, EKB.country, country_iri(office.country, gazetteer)))
        if office.start:
            graph.add((term, EKB.officeStart, Literal(office.start, datatype=XSD.date)))
        if office.end:
            graph.add((term, EKB.officeEnd, Literal(office.end, datatype=XSD.date)))


def seal_reference(graph: Triples, node: URIRef) -> None:
    graph.add((node, EKB.extractorVersion, Literal(__version__)))
    graph.add((node, EKB.contentHash, Literal(graph.content_hash())))
