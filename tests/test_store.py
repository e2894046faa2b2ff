"""The store interface, on all three backends (memory, embedded on disk, remote SPARQL server)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kb.store import (
    PENDING_FILE,
    GraphData,
    KnowledgeStore,
    OxigraphStore,
    StoreError,
    nquads,
    open_store,
    write_atomically,
)

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


def marked(graph: str, content_hash: str, *objects: str) -> GraphData:
    """A graph with its own content hash triple, as kb.rdf seals every article and event graph."""
    return GraphData(graph, f'<{graph}> <{HASH}> "{content_hash}" .\n' + triples(*objects) + "\n", content_hash)


def test_bulk_writes_store_fresh_graphs_with_their_commit_marks(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store")) as store, store.bulk_writes():
        assert store.put_graphs([marked(G1, "h1", "a"), marked(G2, "h2", "b", "c")]) == 2
        assert store.stored_hashes([G1, G2]) == {G1: "h1", G2: "h2"}
        assert store.quad_count() == 5
        assert not (tmp_path / "store" / PENDING_FILE).exists()


def test_a_bulk_write_cut_short_before_its_commit_marks_is_removed_on_opening(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with open_store(str(location)) as store, store.bulk_writes():
        store.put_graphs([marked(G1, "h1", "a")])
    # What a process killed between the bulk load and the marks leaves: the note, and G2 without its mark.
    with open_store(str(location)) as store:
        write_atomically(location / PENDING_FILE, json.dumps([G2]))
        assert isinstance(store, OxigraphStore)
        store.engine.bulk_load(nquads([GraphData(G2, triples("half") + "\n", "h2")]).encode(), ox.RdfFormat.N_QUADS)
    with open_store(str(location)) as store:
        assert store.graphs() == [G1] and store.stored_hashes([G1]) == {G1: "h1"}
        assert not (location / PENDING_FILE).exists()


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nquads", "nquads")])
def test_an_export_written_in_pieces_holds_every_graph_once(any_store: KnowledgeStore, fmt: str, parser: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.dump.EXPORT_PIECE", 2)
    names = [f"https://example.org/graph/{i}" for i in range(7)]
    for i, name in enumerate(names):
        any_store.replace_graph(name, triples(f"own {i}", 'shared \\"quoted\\" .\\n line'))  # N-Triples escapes
    out = io.BytesIO()
    any_store.export(out, fmt)
    if fmt in ("trig", "nquads"):
        dataset = Dataset().parse(data=out.getvalue(), format=parser)
        assert {str(g.identifier) for g in dataset.graphs() if len(g)} == set(names)
        assert len(list(dataset.quads())) == 14
    else:
        graph = Graph().parse(data=out.getvalue(), format=parser)
        assert {str(o) for o in graph.objects()} == {f"own {i}" for i in range(7)} | {'shared "quoted" .\n line'}
