"""The store interface, on all three backends (memory, embedded on disk, remote SPARQL server)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kb.store import KnowledgeStore, StoreError, open_store

G1 = "https://example.org/graph/1"
G2 = "https://example.org/graph/2"
HASH = "https://w3id.org/eventkb/ontology#contentHash"


def triples(*objects: str) -> str:
    return "\n".join(f'<https://example.org/s> <https://example.org/p> "{o}" .' for o in objects)


def test_replace_graph_swaps_the_whole_content(any_store: KnowledgeStore) -> None:
    any_store.replace_graph(G1, triples("a", "b"))
    any_store.replace_graph(G1, triples("c"))
    _, rows = any_store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert [row["o"].value for row in rows] == ["c"]


def test_a_failed_replacement_leaves_the_old_graph_intact(any_store: KnowledgeStore) -> None:
    any_store.replace_graph(G1, triples("kept"))
    with pytest.raises((SyntaxError, StoreError, ValueError)):
        any_store.replace_graph(G1, triples("new") + '\n<https://example.org/s> <https://example.org/p> "broken .')
    _, rows = any_store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert [row["o"].value for row in rows] == ["kept"]


def test_graphs_are_listed_and_removed(any_store: KnowledgeStore) -> None:
    any_store.replace_graph(G1, triples("a"))
    any_store.replace_graph(G2, triples("b"))
    assert any_store.graphs() == [G1, G2]
    any_store.remove_graph(G1)
    assert any_store.graphs() == [G2]
    assert any_store.quad_count() == 1


def test_stored_hash_reads_the_graphs_own_hash(any_store: KnowledgeStore) -> None:
    assert any_store.stored_hash(G1) is None
    any_store.replace_graph(G1, f'<{G1}> <{HASH}> "abc" .')
    assert any_store.stored_hash(G1) == "abc"


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                         ("rdfxml", "xml")])
def test_whole_kb_export_is_the_union_without_repeats(any_store: KnowledgeStore, fmt: str, parser: str) -> None:
    any_store.replace_graph(G1, triples("a", "shared"))
    any_store.replace_graph(G2, triples("shared"))
    out = io.BytesIO()
    any_store.export(out, fmt)
    graph = Graph().parse(data=out.getvalue(), format=parser)
    assert len(graph) == 2


def test_trig_export_keeps_one_graph_per_article(any_store: KnowledgeStore) -> None:
    any_store.replace_graph(G1, triples("a"))
    any_store.replace_graph(G2, triples("b"))
    out = io.BytesIO()
    any_store.export(out, "trig")
    dataset = Dataset().parse(data=out.getvalue(), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {G1, G2}


def test_one_graph_export(any_store: KnowledgeStore) -> None:
    any_store.replace_graph(G1, triples("a"))
    any_store.replace_graph(G2, triples("b"))
    out = io.BytesIO()
    any_store.export(out, "nt", G2)
    assert {str(o) for o in Graph().parse(data=out.getvalue(), format="nt").objects()} == {"b"}


def test_the_disk_store_survives_reopening(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    with open_store(location) as store:
        store.replace_graph(G1, triples("a"))
    with open_store(location) as store:
        assert store.quad_count() == 1


def test_an_unreachable_remote_store_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach"):
        open_store("http://127.0.0.1:9/query")
