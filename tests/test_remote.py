"""The remote backend for real: the seeds and the dev corpus ingested into a running `oxigraph serve`
(started by .ci/run, or by the `oxigraph_server` fixture) give what the embedded store gives — the
same quads, merged events, named-query answers, timeline, event pages and SPARQL answers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_CORPUS, SEEDS, kb_serve
from flask.testing import FlaskClient
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper
from web_kb import REPORT, SEED_REPORTS, event_of_report

from kb.ingest import ingest
from kb.queries import named_queries
from kb.resolve.records import merged_records
from kb.settings import load_settings
from kb.store import KnowledgeStore, open_store
from kb.web import create_app, shutdown

FILES = [*sorted(SEEDS.glob("*.txt")), *sorted(DEV_CORPUS.glob("*.txt"))]
CALL_EVENTS = ("SELECT ?event ?date WHERE { GRAPH ?g { ?event a sem:Event ; sem:eventType ekb:phone_call ; "
               "sem:hasTimeStamp ?date } } ORDER BY ?event")


@pytest.fixture(scope="module")
def stores(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The same articles in an embedded store and in the remote server (emptied first)."""
    disk = str(tmp_path_factory.mktemp("remote-compare") / "store")
    for location in (disk, oxigraph_server):
        with open_store(location) as store:
            for graph in store.graphs():
                store.remove_graph(graph)
            report = ingest(FILES, store)
            assert report.ok and report.stored == len(FILES) - 1  # the seed is also in the dev corpus
    return {"disk": disk, "remote": oxigraph_server}


def quads(store: KnowledgeStore) -> set[str]:
    out = io.BytesIO()
    store.export(out, "nquads")
    return set(out.getvalue().decode("utf-8").splitlines())


def on_both(stores: dict[str, str], read: Any) -> tuple[Any, Any]:
    results = []
    for backend in ("disk", "remote"):
        with open_store(stores[backend]) as store:
            results.append(read(store))
    return results[0], results[1]


def test_the_remote_store_holds_the_same_quads(stores: dict[str, str]) -> None:
    disk, remote = on_both(stores, quads)
    assert len(disk) > 5000 and remote == disk  # the dev corpus: about 9,900 quads


def test_merged_events_are_the_same_on_the_remote_store(stores: dict[str, str]) -> None:
    disk, remote = on_both(stores, lambda store: list(merged_records(store)))
    assert len(disk) > 50 and remote == disk


def test_every_named_query_answers_the_same(stores: dict[str, str]) -> None:
    for named in named_queries().values():
        disk, remote = on_both(stores, lambda store, q=named.sparql: store.select(q))
        assert remote[0] == disk[0], named.name
        # Rows the query leaves unordered (or tied) may come in another order from another engine.
        assert sorted(map(repr, remote[1])) == sorted(map(repr, disk[1])), named.name


def test_a_turtle_export_from_the_remote_store_parses(stores: dict[str, str]) -> None:
    with open_store(stores["remote"]) as store:
        out = io.BytesIO()
        store.export(out, "turtle")
    assert len(Graph().parse(data=out.getvalue(), format="turtle")) > 5000


@pytest.fixture
def clients(stores: dict[str, str]) -> Iterator[dict[str, FlaskClient]]:
    apps = {backend: create_app(load_settings({"store": location})) for backend, location in stores.items()}
    yield {backend: app.test_client() for backend, app in apps.items()}
    for app in apps.values():
        shutdown(app)


@pytest.mark.parametrize("url", ["/timeline.json", "/timeline.json?actor=wd:Q7747&type=meeting",
                                 "/timeline.json?country=PRK&from=2024&to=2024", "/index.json"])
def test_the_timeline_and_home_page_data_are_the_same(clients: dict[str, FlaskClient], url: str) -> None:
    disk, remote = (clients[b].get(url) for b in ("disk", "remote"))
    assert disk.status_code == remote.status_code == 200
    when = "as_of"  # the home page's numbers say when each app worked them out
    assert {**remote.get_json(), when: None} == {**disk.get_json(), when: None}


def test_event_and_actor_pages_work_on_the_remote_store(stores: dict[str, str],
                                                         clients: dict[str, FlaskClient]) -> None:
    with open_store(stores["remote"]) as store:
        call = event_of_report(store, REPORT + SEED_REPORTS["call"])
    page = clients["remote"].get(f"/events/{call}")
    assert page.status_code == 200 and "12 August 2025" in page.get_data(as_text=True)
    twins = [clients[backend].get(f"/events/{call}.json").get_json() for backend in ("disk", "remote")]
    assert twins[1] == twins[0]
    turtle = clients["remote"].get(f"/events/{call}.ttl").get_data()
    assert len(Graph().parse(data=turtle, format="turtle")) > 20
    assert clients["remote"].get("/actors/wd:Q7747").status_code == 200


def test_the_endpoint_of_a_kb_served_from_the_remote_store_answers_sparqlwrapper(stores: dict[str, str]) -> None:
    answers = []
    for backend in ("disk", "remote"):
        location = stores[backend]
        if backend == "disk":  # `kb serve` holds the folder's lock: serve a copy
            location = str(Path(location).parent / "served")
            if not Path(location).exists():
                import shutil

                shutil.copytree(stores["disk"], location)
        with kb_serve(location) as base:
            client = SPARQLWrapper(base + "/sparql")
            client.setQuery("PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> "
                            "PREFIX ekb: <https://w3id.org/eventkb/ontology#> " + CALL_EVENTS)
            client.setReturnFormat(JSON)
            answers.append(json.loads(json.dumps(client.queryAndConvert())))
    assert answers[0]["results"]["bindings"] and answers[1] == answers[0]
