"""The pipeline on the real on-disk store: atomic, idempotent, replacing, and robust to bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEED, SEEDS

from kb import rdf
from kb.ingest import ingest
from kb.rdf import graph_iri
from kb.store import KnowledgeStore

SEED_ID = "000_96783d945c5aee5b"


def article_ids(store: KnowledgeStore) -> set[str]:
    _, rows = store.select("SELECT ?a WHERE { GRAPH ?g { ?a a ekb:Article } }")
    return {row["a"].value.rsplit("/", 1)[-1] for row in rows}


def test_ingesting_the_same_folder_twice_changes_nothing(any_store: KnowledgeStore) -> None:
    first = ingest([SEEDS], any_store)
    count = any_store.quad_count()
    second = ingest([SEEDS], any_store)
    assert first.stored >= 1 and first.ok
    assert second.stored == 0 and second.unchanged == first.stored
    assert any_store.quad_count() == count


def test_a_changed_article_replaces_its_earlier_version(fresh_store: KnowledgeStore, tmp_path: Path) -> None:
    copy = tmp_path / SEED.name
    shutil.copy(SEED, copy)
    ingest([copy], fresh_store)
    copy.write_text(SEED.read_text(encoding="utf-8").replace("Vladimir Putin", "Xi Jinping")
                    .replace("Putin", "Xi"), encoding="utf-8")
    report = ingest([copy], fresh_store)
    assert report.stored == 1
    _, rows = fresh_store.select(
        f"SELECT ?name WHERE {{ GRAPH <{graph_iri(SEED_ID)}> {{ ?e sem:hasActor/rdf:value/rdfs:label ?name }} }}")
    names = {row["name"].value for row in rows}
    assert "Vladimir Putin" not in names
    assert "Xi Jinping" in names


def test_bad_files_are_reported_and_the_rest_is_stored(fresh_store: KnowledgeStore, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 date 2025-01-01  x\n")
    (tmp_path / "latin1.txt").write_bytes(" date 2025-01-01  Caf\xe9\nOutlet\n\nText.\n".encode("latin-1"))
    report = ingest([tmp_path], fresh_store)
    failed = {Path(f.source).name for f in report.failures}
    assert failed == {"empty.txt", "binary.txt", "latin1.txt"}
    assert article_ids(fresh_store) == {SEED_ID}


def test_reference_graphs_hold_the_ontology_and_the_actor_data(fresh_store: KnowledgeStore) -> None:
    ingest([SEED], fresh_store)
    _, rows = fresh_store.select(
        f"SELECT ?label WHERE {{ GRAPH <{rdf.ACTORS_GRAPH}> {{ wd:Q7747 rdfs:label ?label }} }}")
    assert [row["label"].value for row in rows] == ["Vladimir Putin"]
    _, rows = fresh_store.select(
        f"SELECT ?code WHERE {{ GRAPH <{rdf.ONTOLOGY_GRAPH}> {{ ekb:phone_call skos:notation ?code }} }}")
    assert [row["code"].value for row in rows] == ["041"]


RUTO_AND_ABIY = (" date 2025-03-04  Ruto and Abiy meet\nOutlet\n\nKenyan President William Ruto held talks with "
                 "Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday.\n")


def _described(store: KnowledgeStore) -> set[str]:
    _, rows = store.select(f"SELECT ?name WHERE {{ GRAPH <{rdf.ACTORS_GRAPH}> {{ ?p a schema:Person ; "
                           "rdfs:label ?name } }")
    return {row["name"].value for row in rows}


def test_the_actor_graph_describes_the_people_the_articles_name_and_every_country(
        fresh_store: KnowledgeStore, tmp_path: Path) -> None:
    copy = tmp_path / SEED.name
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    ingest([copy], fresh_store)
    assert _described(fresh_store) == {"Kim Jong Un", "Vladimir Putin"}
    _, rows = fresh_store.select(f"SELECT ?c WHERE {{ GRAPH <{rdf.ACTORS_GRAPH}> {{ ?c ekb:iso3 \"KEN\" }} }}")
    assert len(rows) == 1
    # Another article adds its people; the first article's stay described.
    other = tmp_path / "other.txt"
    other.write_text(RUTO_AND_ABIY, encoding="utf-8")
    ingest([other], fresh_store)
    assert {"Kim Jong Un", "Vladimir Putin", "William Ruto", "Abiy Ahmed"} <= _described(fresh_store)


def test_resolving_again_describes_exactly_the_people_still_named(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kb.cli import main
    from kb.store import open_store
    from kb.upload import remove_article

    other = tmp_path / "other.txt"
    other.write_text(RUTO_AND_ABIY, encoding="utf-8")
    folder = tmp_path / "store"
    with open_store(str(folder)) as store:
        ingest([SEED, other], store)
        removed = [a for a in article_ids(store) if a != SEED_ID]
        assert removed and remove_article(store, removed[0])
        assert "William Ruto" in _described(store)  # removing an article leaves its people described
    result = CliRunner().invoke(main, ["--store", str(folder), "resolve"])
    assert result.exit_code == 0, result.output
    with open_store(str(folder)) as store:
        assert _described(store) == {"Kim Jong Un", "Vladimir Putin"}


def test_parallel_extraction_gives_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    from conftest import DEV_CORPUS

    from kb.ingest import read_and_extract

    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    paths = [DEV_CORPUS, tmp_path / "empty.txt"]

    def summary(workers: int) -> list[object]:
        return [str(item) if not isinstance(item, tuple) else
                (item[0].id, [event.record(item[0].source) for event in item[1]])
                for item in read_and_extract(paths, workers=workers)]

    serial = summary(1)
    assert serial == summary(2)
    assert any("empty.txt" in str(item) for item in serial)


def test_parallel_ingest_stores_what_serial_ingest_stores(tmp_path: Path) -> None:
    from conftest import DEV_CORPUS

    from kb.store import open_store

    with open_store(str(tmp_path / "a")) as serial, open_store(str(tmp_path / "b")) as parallel:
        ingest([DEV_CORPUS], serial)
        report = ingest([DEV_CORPUS], parallel, workers=2)
        assert report.ok and report.stored == len(list(DEV_CORPUS.glob("*.txt")))
        assert serial.quad_count() == parallel.quad_count()
