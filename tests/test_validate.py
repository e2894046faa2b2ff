"""SHACL shapes catch what a broken graph would get wrong; the store is validated batch by batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SEED
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kb import rdf
from kb.articles import parse_text
from kb.extract import extract
from kb.gazetteer import load_gazetteer
from kb.ingest import ingest
from kb.store import KnowledgeStore, open_store
from kb.validate import validate_graph, validate_store
from kb.vocab import EKB, SEM


def seed_graph() -> Graph:
    article = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
    gazetteer = load_gazetteer()
    return rdf.article_graph(article, extract(article, gazetteer), gazetteer)


def the_call(graph: Graph):  # type: ignore[no-untyped-def]
    return next(graph.subjects(SEM.eventType, EKB.phone_call))


def test_the_seed_conforms() -> None:
    assert validate_graph(seed_graph()).conforms


def test_bounds_in_the_wrong_order_are_a_violation() -> None:
    graph = seed_graph()
    call = the_call(graph)
    graph.set((call, SEM.hasEarliestBeginTimeStamp, Literal(date(2025, 9, 1), datatype=XSD.date)))
    result = validate_graph(graph)
    assert not result.conforms and "earliest day is not after its latest" in result.report


def test_a_dated_event_without_bounds_is_a_violation() -> None:
    graph = seed_graph()
    graph.remove((the_call(graph), SEM.hasLatestEndTimeStamp, None))
    assert not validate_graph(graph).conforms


def test_a_time_stamp_of_the_wrong_datatype_is_a_violation() -> None:
    graph = seed_graph()
    graph.set((the_call(graph), SEM.hasTimeStamp, Literal("August 2025")))
    assert not validate_graph(graph).conforms


def test_evidence_from_page_noise_is_a_violation() -> None:
    graph = seed_graph()
    note = next(graph.subjects(EKB.blockKind, Literal("body")))
    graph.set((note, EKB.blockKind, Literal("noise")))
    result = validate_graph(graph)
    assert not result.conforms and "never from page noise" in result.report


@pytest.mark.parametrize("workers", [1, 2])
def test_the_store_is_validated_graph_by_graph(fresh_store: KnowledgeStore, workers: int) -> None:
    ingest([SEED], fresh_store)
    result = validate_store(fresh_store, workers=workers)
    assert result.conforms and len(seed_graph()) < result.triples <= fresh_store.quad_count()


def test_every_merged_event_graph_validates_on_its_own(tmp_path: Path) -> None:
    # A ratification refers to the agreement its signing's graph makes: validated alone (as `kb validate`
    # may, in another batch), it must still say what that agreement is.
    from test_resolve import RATIFIED_LATER, SIGNED

    for name, text in {"ratified.txt": RATIFIED_LATER, "signed.txt": SIGNED}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with open_store(str(tmp_path / "store")) as store:
        ingest([tmp_path / "ratified.txt", tmp_path / "signed.txt"], store)
        events = [g for g in store.graphs() if "/graph/event/" in g]
        assert len(events) == 2
        for name in events:
            result = validate_store(store, name, workers=1)
            assert result.conforms, result.report
