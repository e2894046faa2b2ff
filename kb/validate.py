"""SHACL validation of the knowledge base against ontology/shapes.ttl (pyshacl).

Every article graph is self-contained (its events, roles, actors' types and the article itself),
so the store is validated a batch of graphs at a time, on all cores, with memory that does not
grow with the size of the store.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kb.rdf import ONTOLOGY_DIR
from kb.store import KnowledgeStore

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
BATCH = 50  # graphs validated together: fewer pyshacl start-ups, still small data graphs


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    triples: int
    report: str  # pyshacl's human-readable reports of the failing batches; empty when all conform


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate_graph(data: Graph) -> ValidationResult:
    conforms, _, text = shacl_validate(data, shacl_graph=shapes(), allow_warnings=True)
    return ValidationResult(bool(conforms), len(data), "" if conforms else str(text))


def validate_ntriples(ntriples: str) -> ValidationResult:
    return validate_graph(Graph().parse(data=ntriples, format="nt"))


def _batches(store: KnowledgeStore, graphs: list[str]) -> Iterator[str]:
    for start in range(0, len(graphs), BATCH):
        buffer = io.BytesIO()
        for name in graphs[start:start + BATCH]:
            store.export(buffer, "nt", name)
        yield buffer.getvalue().decode("utf-8")


def validate_store(store: KnowledgeStore, graph: str | None = None, workers: int | None = None) -> ValidationResult:
    """Validate every graph (or one), in batches spread over `workers` processes (default: all cores)."""
    graphs = [graph] if graph else store.graphs()
    workers = workers or os.cpu_count() or 1
    results: list[ValidationResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[ValidationResult]] = []
        for text in _batches(store, graphs):
            pending.append(pool.submit(validate_ntriples, text))
            if len(pending) >= 2 * workers:  # bound what waits in memory
                results.append(pending.pop(0).result())
        results.extend(future.result() for future in pending)
    failing = [r.report for r in results if not r.conforms]
    return ValidationResult(not failing, sum(r.triples for r in results), "\n".join(failing))
