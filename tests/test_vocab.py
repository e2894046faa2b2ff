"""The vocabulary in code and the ontology file agree."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kb.rdf import ONTOLOGY_DIR
from kb.vocab import EKB, sparql_prefixes


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "eventkb.ttl", format="turtle")


def test_every_term_in_code_is_defined_in_the_ontology() -> None:
    defined = set(ontology().subjects())
    missing = [name for name in EKB.__annotations__ if EKB[name] not in defined]
    assert missing == []


def test_a_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        EKB.phonecall  # noqa: B018


def test_every_event_type_has_a_cameo_code_and_a_plover_match() -> None:
    graph = ontology()
    skos = "http://www.w3.org/2004/02/skos/core#"
    for name in ("phone_call", "meeting", "visit", "signing", "ratification"):
        concept = EKB[name]
        assert (concept, RDF.type, None) in graph
        assert graph.value(concept, graph.namespace_manager.expand_curie("skos:notation")) is not None
        assert list(graph.objects(concept, __import__("rdflib").URIRef(skos + "closeMatch")))


def test_sparql_prefixes_declare_the_kb_namespaces() -> None:
    assert "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>" in sparql_prefixes()
