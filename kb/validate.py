"""SHACL validation of the knowledge base against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kb.rdf import ONTOLOGY_DIR
from kb.store import KnowledgeStore

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    triples: int
    report: str  # pyshacl's human-readable report; empty when the data conforms


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate_graph(data: Graph) -> ValidationResult:
    conforms, _, text = shacl_validate(data, shacl_graph=shapes(), advanced=True, allow_warnings=True)
    return ValidationResult(bool(conforms), len(data), "" if conforms else str(text))


def validate_store(store: KnowledgeStore, graph: str | None = None) -> ValidationResult:
    """Validate the union of all graphs (or one graph) as one data graph."""
    buffer = io.BytesIO()
    store.export(buffer, "nt", graph)
    data = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return validate_graph(data)
