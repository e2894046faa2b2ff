"""/sparql: the SPARQL 1.1 Protocol on a real store, its refusals, and real clients against `kb serve`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEV_CORPUS, SEED, Listener, kb_serve, make_app
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from kb.ingest import ingest
from kb.store import open_store

EVENTS = "SELECT ?event ?date WHERE { ?event a sem:Event ; sem:hasTimeStamp ?date } ORDER BY ?event"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
REPORTS = "SELECT ?report ?date WHERE { ?report a ekb:EventReport ; sem:hasTimeStamp ?date } ORDER BY ?report"
GRAPH = "https://w3id.org/eventkb/id/graph/000_96783d945c5aee5b"
RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("sparql") / "store")
    with open_store(location) as store:
        ingest([SEED, DEV_CORPUS / "dev_001.txt", DEV_CORPUS / "dev_005.txt"], store)
    return location


@pytest.fixture
def app(kb_dir: str) -> Iterator[Flask]:
    with make_app(kb_dir) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def sparql_json(client: FlaskClient, query: str, **params: str) -> dict:
    response = client.get("/sparql", query_string={"query": query, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data())


# ---------------------------------------------------------------- the protocol


def test_get_post_form_and_post_body_give_the_same_answer(client: FlaskClient) -> None:
    by_get = sparql_json(client, EVENTS)
    by_form = client.post("/sparql", data={"query": EVENTS}).get_json(force=True)
    by_body = client.post("/sparql", data=EVENTS, content_type="application/sparql-query").get_json(force=True)
    assert by_get == by_form == by_body
    assert len(by_get["results"]["bindings"]) >= 3


@pytest.mark.parametrize("media_type", RESULT_TYPES)
def test_select_answers_in_each_results_format_by_accept(client: FlaskClient, media_type: str) -> None:
    response = client.get("/sparql", query_string={"query": EVENTS}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    assert b"https://w3id.org/eventkb/id/event/" in response.get_data()


@pytest.mark.parametrize("media_type", list(GRAPH_TYPES))
def test_construct_answers_in_each_graph_format_by_accept(client: FlaskClient, media_type: str) -> None:
    query = "CONSTRUCT { ?e a sem:Event ; rdfs:label ?l } WHERE { ?e a sem:Event ; rdfs:label ?l }"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    graph = Graph().parse(data=response.get_data(), format=GRAPH_TYPES[media_type])
    assert len(graph) >= 6


def test_the_format_parameter_wins_over_accept(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": EVENTS, "format": "csv"},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.mimetype == "text/csv"
    assert next(csv.reader(io.StringIO(response.get_data(as_text=True)))) == ["event", "date"]


def test_ask_and_describe_work(client: FlaskClient) -> None:
    assert sparql_json(client, "ASK { ?e a sem:Event }") == {"head": {}, "boolean": True}
    response = client.get("/sparql", query_string={"query": "DESCRIBE wd:Q7747"}, headers={"Accept": "text/turtle"})
    assert URIRef("http://www.wikidata.org/entity/Q7747") in set(Graph().parse(data=response.get_data()).subjects())


def test_default_graph_uri_limits_the_query_to_that_graph(client: FlaskClient) -> None:
    everything = sparql_json(client, REPORTS)["results"]["bindings"]
    one_article = sparql_json(client, REPORTS, **{"default-graph-uri": GRAPH})["results"]["bindings"]
    assert 0 < len(one_article) < len(everything)
    with_from = sparql_json(client, REPORTS.replace("WHERE", f"FROM <{GRAPH}> WHERE"))["results"]["bindings"]
    assert with_from == one_article


def test_a_plain_get_describes_the_service(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(), format="turtle")
    service = URIRef("http://www.w3.org/ns/sparql-service-description#Service")
    assert service in set(graph.objects())


def test_a_browser_gets_the_query_page(client: FlaskClient) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    assert client.get("/sparql", headers=browser).headers["Location"].endswith("/query")
    response = client.get("/sparql", query_string={"query": EVENTS}, headers=browser)
    assert response.status_code == 303 and "/query?query=" in response.headers["Location"]


def test_cors_is_off_by_default_and_configurable(client: FlaskClient, kb_dir: str) -> None:
    origin = {"Origin": "https://yasgui.example"}
    assert "Access-Control-Allow-Origin" not in client.get("/sparql", query_string={"query": EVENTS},
                                                           headers=origin).headers
    client.application.config["KB_SETTINGS"].values["cors_origins"] = "https://yasgui.example"
    preflight = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_the_row_cap_truncates_with_a_header(kb_dir: str) -> None:
    with make_app(kb_dir, max_rows=2) as app:
        response = app.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
        assert response.headers["X-KB-Truncated"] == "true"
        assert len(json.loads(response.get_data())["results"]["bindings"]) == 2


# ---------------------------------------------------------------- refusals


def test_updates_are_refused_with_403(client: FlaskClient) -> None:
    update = "INSERT DATA { GRAPH <https://w3id.org/eventkb/id/graph/x> { <a:b> <a:c> <a:d> } }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.post("/sparql", data=update, content_type="application/sparql-update").status_code == 403
    assert client.get("/sparql", query_string={"query": update}).status_code == 403
    assert sparql_json(client, "ASK { <a:b> <a:c> <a:d> }")["boolean"] is False


def test_updates_run_only_with_the_configured_token(kb_dir: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    update = "INSERT DATA { GRAPH <https://w3id.org/eventkb/id/graph/000_96783d945c5aee5b> { <a:b> <a:c> <a:d> } }"
    with make_app(copy, update_token="s3cret-for-this-test") as app:
        client = app.test_client()
        assert sparql_json(client, "ASK { <a:b> <a:c> <a:d> }")["boolean"] is False
        wrong = client.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        token = {"Authorization": "Bearer s3cret-for-this-test"}
        right = client.post("/sparql", data={"update": update}, headers=token)
        assert right.status_code == 204
        assert sparql_json(client, "ASK { <a:b> <a:c> <a:d> }")["boolean"] is True
        load = client.post("/sparql", data={"update": "LOAD <file:///etc/passwd>"},
                           headers={"Authorization": "Bearer s3cret-for-this-test"})
        assert load.status_code == 400 and "LOAD" in load.get_data(as_text=True)


def test_service_to_a_local_listener_is_refused_and_no_connection_arrives(client: FlaskClient) -> None:
    listener = Listener()
    try:
        for query in [f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"]:
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code == 400 and "SERVICE" in response.get_data(as_text=True)
        time.sleep(0.3)
    finally:
        connections = listener.close()
    assert connections == 0


def test_load_and_from_a_local_file_are_refused_with_the_reason(client: FlaskClient) -> None:
    load = client.get("/sparql", query_string={"query": "LOAD <file:///etc/passwd>"})
    assert load.status_code == 400 and "LOAD" in load.get_data(as_text=True)
    from_file = client.get("/sparql", query_string={"query": "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"})
    assert from_file.status_code == 400 and "file:///etc/passwd" in from_file.get_data(as_text=True)
    foreign = client.get("/sparql", query_string={"query": EVENTS, "named-graph-uri": "file:///etc/passwd"})
    assert foreign.status_code == 400


def test_a_malformed_query_gets_400_with_line_and_column(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    assert "syntax error at line 3, column" in response.get_data(as_text=True)


def test_a_runaway_query_is_stopped_while_other_requests_are_answered(kb_dir: str) -> None:
    with make_app(kb_dir, query_timeout=1.0, query_workers=2) as app:
        client = app.test_client()
        sparql_json(client, "ASK {}")  # start the workers
        slow: dict[str, object] = {}

        def run_slow() -> None:
            started = time.monotonic()
            response = client.get("/sparql", query_string={"query": CROSS_PRODUCT})
            slow.update(status=response.status_code, text=response.get_data(as_text=True),
                        seconds=time.monotonic() - started)

        thread = threading.Thread(target=run_slow)
        thread.start()
        time.sleep(0.2)
        started = time.monotonic()
        assert sparql_json(client, EVENTS)["results"]["bindings"]
        assert time.monotonic() - started < 0.8 and thread.is_alive()
        thread.join(timeout=10)
        assert slow["status"] == 503 and "time limit of 1 s" in str(slow["text"])
        assert 0.9 < float(slow["seconds"]) < 5  # type: ignore[arg-type]
        assert sparql_json(client, EVENTS)["results"]["bindings"]  # the pool has a fresh worker


# ---------------------------------------------------------------- real clients against `kb serve`


@pytest.fixture(scope="module")
def served(kb_dir: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = str(tmp_path_factory.mktemp("served") / "store")
    shutil.copytree(kb_dir, copy)
    with kb_serve(copy) as base:
        yield base + "/sparql"


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_reads_each_results_format(served: str, fmt: str) -> None:
    client = SPARQLWrapper(served)
    client.setQuery("PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n" + EVENTS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        assert len(result["results"]["bindings"]) >= 3
    elif fmt == XML:
        assert len(result.getElementsByTagName("result")) >= 3
    else:
        text = result.decode("utf-8")
        assert text.count("https://w3id.org/eventkb/id/event/") >= 3


def test_rdflib_sparqlstore_reads_the_kb_as_a_graph(served: str) -> None:
    graph = Graph(store=SPARQLStore(served))
    labels = [row[0] for row in graph.query(
        "SELECT ?l WHERE { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")]
    assert any("Kim Jong Un" in str(label) for label in labels)
    assert (URIRef("http://www.wikidata.org/entity/Q7747"), None, None) in graph


@pytest.mark.parametrize("media_type", RESULT_TYPES + list(GRAPH_TYPES))
def test_curl_gets_each_content_type(served: str, media_type: str) -> None:
    curl = shutil.which("curl")
    assert curl, "curl is needed for this test"
    query = EVENTS if media_type in RESULT_TYPES else "CONSTRUCT WHERE { ?e a sem:Event }"
    out = subprocess.run([curl, "-sf", "-D", "-", "-H", f"Accept: {media_type}", "--data-urlencode",
                          f"query={query}", served], capture_output=True, check=True)
    head, _, body = out.stdout.partition(b"\r\n\r\n")
    assert f"content-type: {media_type}".encode() in head.lower()
    if media_type in GRAPH_TYPES:
        assert len(Graph().parse(data=body, format=GRAPH_TYPES[media_type])) >= 3
    else:
        assert b"https://w3id.org/eventkb/id/event/" in body
