"""Hostile input to the public endpoint and the pages, on a real store on disk and a real `kb serve`.

- /sparql: SERVICE, LOAD and FROM / FROM NAMED of local files or URLs are refused before anything
  runs (a listener on 127.0.0.1 proves no connection is made); deep nesting and very long queries
  get a clear 400 (the engine itself would crash on them); a runaway regex, a cartesian product and
  a huge VALUES product are stopped by the time limit or cut by the row cap; an over-long query or
  request body gets 413; after each the server still answers.
- Path traversal in every path or name parameter of the web app: 404 or 400, no file content.
- XSS: an article whose title, outlet, body and URL carry markup and a `javascript:` URL, looked at in
  a real headless Chromium on every page that shows it, and read back from the JSON and RDF exports.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import socket
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, SEED, Listener, kb_serve
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kb.articles.ids import url_id
from kb.ingest import ingest
from kb.settings import BY_NAME, load_settings
from kb.sparql.engine import Job
from kb.sparql.executor import WorkerFailed, WorkerPool
from kb.sparql.guard import MAX_DEPTH, MAX_TERMS
from kb.store import open_store
from kb.web import create_app, shutdown

TIMEOUT = 1.5
MAX_ROWS = 500
EVENTS = "SELECT ?event ?date WHERE { ?event a sem:Event ; sem:hasTimeStamp ?date } ORDER BY ?event"
TIME_LIMIT = f"the query was stopped after the time limit of {TIMEOUT:g} s"

# The hostile article: markup in its title, outlet and body, and a `javascript:` URL.
TITLE = 'Kim & Putin <b>talk</b> <script>alert("title")</script> "><img src=x onerror=alert("title-img")>'
OUTLET = "<img src=x onerror=alert('outlet')> Evil <i>Times</i>"
URL = "javascript:alert('url')//https://example.org/"
BODY = ('Kim Jong Un and Vladimir Putin held phone talks on Tuesday <script>alert("body")</script>, KCNA said '
        '"><img src=x onerror=alert("body-img")>.\n')
ARTICLE = "https://w3id.org/eventkb/id/article/" + url_id(URL)
PASSWD_LINE = "root:x:0:0"
PYPROJECT_LINE = 'name = "kb-events"'

MAX_QUERY_BYTES = int(BY_NAME["max_query_bytes"].default)


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("security")
    record = {"url": URL, "title": TITLE, "published": "2025-08-14", "outlet": OUTLET, "text": BODY}
    (folder / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    location = str(folder / "store")
    with open_store(location) as store:
        report = ingest([SEED, folder / "hostile.jsonl"], store)
    assert not report.failures and report.stored == 2
    return location


@pytest.fixture(scope="module")
def app(kb_dir: str) -> Iterator[Flask]:
    app = create_app(load_settings({"store": kb_dir, "query_timeout": TIMEOUT, "max_rows": MAX_ROWS,
                                    "query_workers": 2}))
    try:
        yield app
    finally:
        shutdown(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def served(kb_dir: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `kb serve` (waitress) on 127.0.0.1 over a copy of the store; yields its base URL."""
    copy = str(tmp_path_factory.mktemp("served") / "store")
    shutil.copytree(kb_dir, copy)
    with kb_serve(copy, query_timeout=str(TIMEOUT)) as base:
        yield base


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def sparql(client: FlaskClient, query: str, **params: str) -> tuple[int, str]:
    response = client.get("/sparql", query_string={"query": query, **params})
    return response.status_code, response.get_data(as_text=True)


def still_answers(client: FlaskClient) -> None:
    status, body = sparql(client, EVENTS)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 1


def test_the_listener_counts_connections(listener: Listener) -> None:
    """The check the SERVICE and LOAD tests rely on can see a connection."""
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert listener.close() == 1


# ---------------------------------------------------------------- /sparql: nothing leaves the endpoint


def test_service_to_a_local_listener_is_refused_and_never_connects(client: FlaskClient, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
               f"select * {{ service silent <{target}> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
               f"PREFIX l: <http://127.0.0.1:{listener.port}/> SELECT * {{ ?s ?p ?o SERVICE l:x {{ ?s ?p ?o }} }}"]
    for query in queries:
        status, body = sparql(client, query)
        assert (status, body) == (400, "SERVICE is not allowed: this endpoint never queries other services\n")
        posted = client.post("/sparql", data=query, content_type="application/sparql-query")
        assert posted.status_code == 400 and "SERVICE is not allowed" in posted.get_data(as_text=True)
    assert listener.close() == 0


def test_load_of_a_local_url_is_refused_and_never_connects(app: Flask, client: FlaskClient,
                                                           listener: Listener) -> None:
    load = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    status, body = sparql(client, load)
    assert (status, body) == (400, "LOAD is not allowed: this endpoint never fetches URLs or reads files\n")
    as_update = client.post("/sparql", data={"update": load})
    assert as_update.status_code == 403 and "updates are disabled" in as_update.get_data(as_text=True)
    values = app.config["KB_SETTINGS"].values
    values["update_token"] = "token-for-this-test"
    try:  # even with updates enabled and the right token, LOAD is refused
        with_token = client.post("/sparql", data=load, content_type="application/sparql-update",
                                 headers={"Authorization": "Bearer token-for-this-test"})
    finally:
        values["update_token"] = None
    assert with_token.status_code == 400 and "LOAD is not allowed" in with_token.get_data(as_text=True)
    assert listener.close() == 0


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM NAMED <file:/etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
    "PREFIX f: <file:///etc/> SELECT * FROM NAMED f:passwd WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <https://w3id.org/eventkb/id/graph/../../../../etc/passwd> WHERE { ?s ?p ?o }",
])
def test_from_and_from_named_of_a_local_file_are_refused(client: FlaskClient, query: str) -> None:
    status, body = sparql(client, query)
    assert status == 400
    assert body.startswith("FROM / FROM NAMED / dataset parameters may only name graphs this knowledge base holds;")
    assert PASSWD_LINE not in body


def test_from_a_local_url_is_refused_and_never_connects(client: FlaskClient, listener: Listener) -> None:
    status, body = sparql(client, f"SELECT * FROM <http://127.0.0.1:{listener.port}/g.ttl> {{ ?s ?p ?o }}")
    assert status == 400 and f"'http://127.0.0.1:{listener.port}/g.ttl' is not one of them" in body
    assert listener.close() == 0


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_naming_a_file_are_refused(client: FlaskClient, parameter: str) -> None:
    for graph in ["file:///etc/passwd", "/etc/passwd", "../../../etc/passwd"]:
        status, body = sparql(client, EVENTS, **{parameter: graph})
        assert status == 400 and f"{graph!r} is not one of them" in body and PASSWD_LINE not in body


# ---------------------------------------------------------------- /sparql: queries made to exhaust it


def nested_groups(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


def test_deep_nesting_is_refused_with_400_and_the_server_keeps_answering(client: FlaskClient) -> None:
    sub_selects = "SELECT * WHERE { ?s ?p ?o }"
    for _ in range(200):
        sub_selects = f"SELECT * WHERE {{ {{ {sub_selects} }} }}"
    for query in [nested_groups(500),
                  "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 500 + "true" + ")" * 500 + ") }",
                  "SELECT * WHERE { ?s ?p ?o BIND(" + "CONCAT(" * 2000 + "'a'" + ", 'b')" * 2000 + " AS ?x) }",
                  sub_selects]:
        status, body = sparql(client, query)
        assert (status, body) == (400, f"the query nests brackets more than {MAX_DEPTH} deep; the engine "
                                       "cannot run it safely: flatten it\n")
    status, _ = sparql(client, nested_groups(MAX_DEPTH - 1))
    assert status == 200  # just under the limit still runs
    still_answers(client)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 20000) + " > 0) }",
    "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }",
    "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND({i} AS ?x{i})" for i in range(3000)) + " }",
])
def test_very_long_chains_are_refused_with_400_and_the_server_keeps_answering(client: FlaskClient,
                                                                             query: str) -> None:
    status, body = sparql(client, query)
    assert status == 400
    assert body == (f"the query has more than {MAX_TERMS} terms outside VALUES blocks; the engine cannot run "
                    "it safely: split it up or put long lists in VALUES\n")
    still_answers(client)


def test_a_query_that_crashes_the_engine_costs_only_its_worker(kb_dir: str) -> None:
    """Why the guard limits nesting: past them the engine overflows its stack and the process running
    it dies. In a worker process that is a WorkerFailed, and the pool carries on with a fresh worker."""
    pool = WorkerPool(kb_dir, 1)
    try:
        with pytest.raises(WorkerFailed):
            pool.run(Job(nested_groups(20000), "json", 10), 20)
        answer = pool.run(Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "json", 10), 20)
        assert answer.error is None and answer.rows == 1
    finally:
        pool.close()


def timed(client: FlaskClient, query: str) -> tuple[int, str, float]:
    started = time.monotonic()
    status, body = sparql(client, query)
    return status, body, time.monotonic() - started


def test_a_catastrophic_regex_is_stopped_by_the_time_limit(client: FlaskClient) -> None:
    query = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f '
             'FILTER REGEX(CONCAT(STR(?c), STR(?f), STR(?c), STR(?f)), "(x+x+)+y") }')
    status, body, seconds = timed(client, query)
    assert status == 503 and body.startswith(TIME_LIMIT)
    assert TIMEOUT - 0.1 < seconds < TIMEOUT + 3
    still_answers(client)


def test_a_cartesian_product_is_cut_by_the_row_cap_or_stopped_by_the_time_limit(client: FlaskClient) -> None:
    product = "SELECT ?a ?b ?c ?d ?e WHERE { ?a ?b ?c . ?d ?x ?e . ?f ?y ?g }"
    response = client.get("/sparql", query_string={"query": product})
    assert response.status_code == 200 and response.headers["X-KB-Truncated"] == "true"
    assert len(response.get_json(force=True)["results"]["bindings"]) == MAX_ROWS
    page = client.get("/query", query_string={"query": product}).get_data(as_text=True)
    assert f"Only the first {MAX_ROWS} rows are shown" in page and "the row cap was reached" in page
    for query in [product + " ORDER BY ?g", product.replace("?a ?b ?c ?d ?e", "(COUNT(*) AS ?n)")]:
        status, body, seconds = timed(client, query)
        assert status == 503 and body.startswith(TIME_LIMIT) and seconds < TIMEOUT + 3
    still_answers(client)


def values(variable: str, rows: int) -> str:
    return f"VALUES ?{variable} {{ {' '.join(str(i) for i in range(rows))} }}"


def test_a_product_of_values_blocks_is_stopped_by_the_time_limit(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {' '.join(values(v, 300) for v in 'abcd')} }}"
    assert len(query) < MAX_QUERY_BYTES  # within the size limit, and VALUES rows are not terms
    status, body, _ = timed(client, query)
    assert status == 503 and body.startswith(TIME_LIMIT)
    still_answers(client)


def test_a_huge_values_block_is_refused_with_413(client: FlaskClient) -> None:
    query = f"SELECT * WHERE {{ {values('x', 200_000)} }}"
    size = len(query.encode())
    assert MAX_QUERY_BYTES < size < 3 * MAX_QUERY_BYTES
    expected = (f"the query is {size} bytes long, more than this endpoint's limit of {MAX_QUERY_BYTES} bytes "
                "(the KB_MAX_QUERY_BYTES setting)")
    by_body = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert by_body.status_code == 413 and by_body.get_data(as_text=True) == expected + "\n"
    by_get = client.get("/sparql", query_string={"query": query})
    assert by_get.status_code == 413 and by_get.get_data(as_text=True) == expected + "\n"
    page = client.get("/query", query_string={"query": query})
    assert page.status_code == 413 and escape(expected) in page.get_data(as_text=True)
    still_answers(client)


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(client: FlaskClient) -> None:
    body = b"query=" + b"%20" * (2 * MAX_QUERY_BYTES)  # 3 MB of form-encoded spaces
    response = client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.get_data(as_text=True).startswith(f"the request body is {len(body)} bytes long, more than "
                                                      "this endpoint accepts")
    update = client.post("/sparql", data=b"x" * (4 * MAX_QUERY_BYTES), content_type="application/sparql-update")
    assert update.status_code == 413
    still_answers(client)


def test_the_real_server_refuses_a_huge_body_and_keeps_serving(served: str) -> None:
    host, port = urllib.parse.urlsplit(served).netloc.split(":")
    query = f"SELECT * WHERE {{ {values('x', 600_000)} }}".encode()  # 4.5 MB
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("POST", "/sparql", body=query, headers={"Content-Type": "application/sparql-query"})
    response = connection.getresponse()
    assert response.status == 413 and b"more than this endpoint accepts" in response.read()
    connection.close()
    status, body = get(served, "/sparql?" + urllib.parse.urlencode({"query": EVENTS}))
    assert status == 200 and b"https://w3id.org/eventkb/id/event/" in body


# ---------------------------------------------------------------- path traversal


def get(base: str, path: str) -> tuple[int, bytes]:
    """GET the path exactly as written (no client-side normalisation of `..` or escapes)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read() + (response.getheader("Location") or "").encode()
    finally:
        connection.close()


SECRETS = [PASSWD_LINE.encode(), PYPROJECT_LINE.encode(), b"def load_settings", b"[build-system]"]
TRAVERSALS = [
    "/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static/..%5c..%5cpyproject.toml", "/static/..\\pyproject.toml",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/kb.css%00../../pyproject.toml",
    "/static/..%2f..%2fkb%2fsettings.py", "/static/%c0%ae%c0%ae/pyproject.toml",
    "/export.ttl/../../pyproject.toml", "/export.%2e%2e%2fpyproject.toml", "/export.ttl%00",
    "/export..%2f..%2f..%2fetc%2fpasswd", "/export.%2fetc%2fpasswd",
    "/events/..%2f..%2fetc%2fpasswd", "/events/%2e%2e", "/events/..", "/events/%2fetc%2fpasswd.ttl",
    "/events/x%00.json", "/events/..%5c..%5cpyproject.toml", "/events/.%2e/.%2e/pyproject.toml",
    "/actors/..%2fpyproject.toml", "/actors/%2fetc%2fpasswd", "/actors/country:..%2f..%2fetc",
    "/actors/wd:..%5cQ1.ttl", "/actors/file:%2f%2f%2fetc%2fpasswd", "/actors/%00",
    "/timeline.%2e%2e%2fpyproject.toml", "/timeline.ttl%00", "/timeline./etc/passwd",
    "/query?name=../../pyproject", "/query?name=..%2f..%2fpyproject", "/query?name=%2fetc%2fpasswd",
    "/query?name=events_between_actors%00", "/query?name=..%5c..%5ckb%5cqueries%5ctimeline",
    "/query?name=file:///etc/passwd",
    "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D&default-graph-uri=..%2f..%2fetc%2fpasswd",
    "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D&named-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd",
]


def test_traversal_paths_reach_files_when_asked_plainly(served: str) -> None:
    """The check below can see a leak: the same server does serve its own static file."""
    status, body = get(served, "/static/kb.css")
    assert status == 200 and body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_gets_404_or_400_and_no_file_content(served: str, path: str) -> None:
    status, body = get(served, path)
    if status == 308:  # Werkzeug merges the slashes of `/static//etc`: followed, still under /static/
        location = urllib.parse.urlsplit("http://" + body.rsplit(b"http://", 1)[1].decode()).path
        assert location.startswith("/static/") and ".." not in location
        status, body = get(served, location)
    assert status in (400, 404), (status, body[:200])
    assert not [secret for secret in SECRETS if secret in body]


def test_a_raw_nul_byte_in_a_path_gets_404_or_400(client: FlaskClient) -> None:
    for path in ["/static/kb.css\x00.html", "/events/x\x00.json", "/export.ttl\x00", "/actors/\x00wd:Q7747"]:
        response = client.get(path)
        assert response.status_code in (400, 404) and b"root:" not in response.get_data()


def test_timeline_filters_naming_files_are_dropped_with_a_problem(client: FlaskClient) -> None:
    """Filters are not paths: an invalid one is left out of the view and named in `problems`."""
    data = client.get("/timeline.json", query_string={"actor": "file:///etc/passwd",
                                                      "place": "../../pyproject.toml"}).get_json()
    assert data["filters"] == {} and len(data["problems"]) == 2
    assert all("not an http(s) IRI" in problem for problem in data["problems"])
    assert PASSWD_LINE not in json.dumps(data)


# ---------------------------------------------------------------- XSS and escaping


@pytest.fixture(scope="module")
def hostile_event(served: str) -> str:
    status, body = get(served, "/timeline.json?limit=1000")
    assert status == 200
    for event in json.loads(body)["events"]:
        if any(source["article"] == ARTICLE for source in event["sources"]):
            return str(event["id"])
    raise AssertionError("no event reports the hostile article")


INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"], [onerror]').length,
  scripts: [...document.scripts].filter(s => !s.src).map(s => s.textContent).filter(t => t.includes('alert')),
  badLinks: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
    .filter(a => /(^|:)(href|src|action|formaction)$/i.test(a.name)).map(a => a.value)
    .filter(u => !['http:', 'https:'].includes(new URL(u, document.baseURI).protocol)),
  text: document.body.innerText,
})"""
QUERY_TITLES = f"SELECT ?title ?url ?outlet WHERE {{ <{ARTICLE}> dcterms:title ?title ; schema:url ?url . }}"
REFLECTED = ('SELECT * WHERE { ?s ?p "</textarea><script>alert(\'reflected\')</script>" } '
             '# "><img src=x onerror=alert(\'reflected-img\')>')


def pages(event: str) -> list[tuple[str, list[str]]]:
    """Each page that shows the hostile article, with text it must show literally."""
    query = urllib.parse.urlencode({"query": QUERY_TITLES})
    reflected = urllib.parse.urlencode({"query": REFLECTED})
    search = urllib.parse.urlencode({"q": "<script>alert('q')</script>", "actor": '"><img src=x onerror=alert(1)>'})
    return [("/", [TITLE]), ("/timeline", [TITLE, OUTLET]),
            (f"/events/{event}", [TITLE, OUTLET, '<script>alert("body")</script>']),
            ("/actors/wd:Q7747", [TITLE]), (f"/query?{query}", [TITLE, URL]), (f"/query?{reflected}", []),
            (f"/timeline?{search}", [])]


def test_no_injected_script_runs_or_element_exists_in_a_real_browser(served: str, hostile_event: str,
                                                                     browser: Any) -> None:
    page = browser.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.set_content("<script>alert('probe')</script>")  # the listener sees an alert that fires
        assert dialogs == ["probe"]
        dialogs.clear()
        for path, shown in pages(hostile_event):
            response = page.goto(served + path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")  # the visual timeline draws from /timeline.json
            found = page.evaluate(INJECTED)
            assert found["images"] == 0 and found["scripts"] == [], (path, found["images"], found["scripts"])
            assert found["badLinks"] == [], (path, found["badLinks"])
            for text in shown:
                assert " ".join(text.split()) in " ".join(found["text"].split()), (path, text)
        page.goto(f"{served}/events/{hostile_event}")  # the source with a javascript: URL is a citation
        assert page.locator("cite.source-title", has_text="Kim & Putin <b>talk</b>").count() == 1
        assert page.locator("a", has_text="Kim & Putin <b>talk</b>").count() == 0
    finally:
        page.close()
    assert dialogs == []


JAVASCRIPT_HREF = re.compile(r"""href\s*=\s*["']?\s*(?:j|&#)""", re.IGNORECASE)


def test_the_javascript_url_is_never_an_href(client: FlaskClient, hostile_event: str) -> None:
    for path in ["/", "/timeline", f"/events/{hostile_event}", "/actors/wd:Q7747"]:
        text = client.get(path).get_data(as_text=True)
        assert not JAVASCRIPT_HREF.search(text), path
        assert "<img src=x" not in text and "<script>alert" not in text
        assert escape(TITLE) in text, path


def test_the_event_json_carries_the_exact_strings(client: FlaskClient, hostile_event: str) -> None:
    response = client.get(f"/events/{hostile_event}.json")
    assert response.mimetype == "application/json"
    source = next(s for s in json.loads(response.get_data())["sources"] if s["article"] == ARTICLE)
    assert (source["title"], source["outlet"], source["url"]) == (TITLE, OUTLET, URL)
    timeline = client.get("/timeline.json", query_string={"limit": 1000}).get_json()
    titles = {s["title"] for event in timeline["events"] for s in event["sources"]}
    assert TITLE in titles


@pytest.mark.parametrize("path", ["/events/{event}.ttl", "/events/{event}.jsonld", "/export.ttl", "/export.nt",
                                  "/export.rdf", "/timeline.ttl"])
def test_rdf_exports_parse_back_to_the_exact_title(client: FlaskClient, hostile_event: str, path: str) -> None:
    response = client.get(path.format(event=hostile_event), buffered=True)  # closes the export file, as servers do
    assert response.status_code == 200
    fmt = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[path.rsplit(".", 1)[1]]
    graph = Graph().parse(data=response.get_data(), format=fmt)
    assert Literal(TITLE) in set(graph.objects(URIRef(ARTICLE), DCTERMS.title))


def test_sparql_results_carry_the_exact_strings_in_every_format(client: FlaskClient) -> None:
    query = f"SELECT ?title WHERE {{ <{ARTICLE}> dcterms:title ?title }}"
    as_json = client.get("/sparql", query_string={"query": query, "format": "json"}).get_json(force=True)
    assert as_json["results"]["bindings"][0]["title"]["value"] == TITLE
    as_xml = ET.fromstring(client.get("/sparql", query_string={"query": query, "format": "xml"}).get_data())
    assert [e.text for e in as_xml.iter("{http://www.w3.org/2005/sparql-results#}literal")] == [TITLE]
    as_csv = client.get("/sparql", query_string={"query": query, "format": "csv"}).get_data(as_text=True)
    assert list(csv.reader(io.StringIO(as_csv))) == [["title"], [TITLE]]


def test_error_messages_quoting_the_query_are_plain_text(client: FlaskClient) -> None:
    query = "SELECT * FROM <https://w3id.org/eventkb/id/graph/<script>alert(1)</script>> { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_security_md_names_only_tests_that_exist() -> None:
    """SECURITY.md claims only what a test checks, and names the test: each name must exist."""
    named = set(re.findall(r"\btest_\w+", (ROOT / "SECURITY.md").read_text(encoding="utf-8")))
    defined = {name for path in (ROOT / "tests").glob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)}
    modules = {path.stem for path in (ROOT / "tests").glob("test_*.py")}
    assert len(named) > 10 and named <= defined | modules, sorted(named - defined - modules)
