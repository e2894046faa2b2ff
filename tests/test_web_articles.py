"""POST /articles and DELETE /articles/<id>: the real Flask app over a real on-disk store, and a real
waitress server on 127.0.0.1 for concurrent writers and readers."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_CORPUS, SEED, free_port, make_app, wait_for_http
from flask import Flask
from flask.testing import FlaskClient
from waitress.server import create_server

from kb.articles.ids import url_id
from kb.ingest import ingest
from kb.store import KnowledgeStore, open_store
from kb.upload import ingest_articles, read_upload
from kb.vocab import EKB
from kb.web import get_store
from kb.web.index import current_index, load_index

TOKEN = "test-ingest-token-5f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/eventkb/id/graph/"
EVENT = "https://w3id.org/eventkb/id/event/"
DEV_001 = DEV_CORPUS / "dev_001.txt"  # reports the seed's Kim-Putin call, and a Putin-Xi call the seed does not


def record(path: Path) -> dict[str, str]:
    """A dev corpus page as a JSON Lines record: the seed header gives the title and the date."""
    header, _, rest = path.read_text("utf-8").partition("\n")
    _, day, title = header.split(maxsplit=2)
    return {"url": f"https://example.org/{path.stem}", "title": title, "published": day, "text": rest}


def jsonl(*records: dict[str, str] | str) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode("utf-8") + b"\n"


@pytest.fixture
def app(store_dir: str) -> Iterator[Flask]:
    with make_app(store_dir, ingest_token=TOKEN, max_upload_bytes=200_000) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def store_of(app: Flask) -> KnowledgeStore:
    with app.app_context():
        return get_store()


def post(client: FlaskClient, data: bytes, content_type: str, **kwargs: Any) -> Any:
    return client.post("/articles", data=data, content_type=content_type, headers=AUTH, **kwargs)


def merged_sources(store: KnowledgeStore, event: str) -> set[str]:
    """The article graphs whose reports a merged event holds."""
    _, rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?e {{ <{event}> <{EKB.hasReport}> ?r }} "
                           f"GRAPH ?g {{ ?r a <{EKB.EventReport}> }} }}")
    return {row["g"].value for row in rows}


def posted_events(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [event for article in body["articles"] for event in article["events"]]


# ---------------------------------------------------------------- refusals


def test_post_is_refused_when_no_ingest_token_is_set(store_dir: str) -> None:
    with make_app(store_dir) as app:
        response = app.test_client().post("/articles", data=b"text", content_type="text/plain", headers=AUTH)
        assert response.status_code == 403
        assert "disabled" in response.get_json()["error"] and "KB_INGEST_TOKEN" in response.get_json()["error"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "])
def test_post_without_the_right_token_is_refused(client: FlaskClient, app: Flask, header: str | None) -> None:
    before = store_of(app).quad_count()
    headers = {"Authorization": header} if header is not None else {}
    response = client.post("/articles", data=DEV_001.read_bytes(), content_type="text/plain", headers=headers)
    assert response.status_code == 403
    assert "Authorization: Bearer <token>" in response.get_json()["error"]
    assert store_of(app).quad_count() == before


def test_delete_without_the_token_is_refused(client: FlaskClient) -> None:
    response = client.delete("/articles/000_96783d945c5aee5b", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403
    assert client.get("/index.json").get_json()["stats"]["articles"] == 1


def test_a_body_over_the_limit_is_refused_with_413(store_dir: str) -> None:
    with make_app(store_dir, ingest_token=TOKEN, max_upload_bytes=1000) as app:
        response = post(app.test_client(), b"x" * 1001, "text/plain")
        assert response.status_code == 413
        assert "larger than 1000 bytes" in response.get_json()["error"]
        assert post(app.test_client(), b"x" * 1000, "text/plain").status_code != 413


@pytest.mark.parametrize("content_type", ["application/xml", "application/octet-stream", "multipart/form-data",
                                          "text/plain; charset=latin-1", ""])
def test_unsupported_content_types_are_refused_with_415(client: FlaskClient, content_type: str) -> None:
    response = post(client, DEV_001.read_bytes(), content_type)
    assert response.status_code == 415
    error = response.get_json()["error"]
    if "charset" in content_type:
        assert "UTF-8" in error
    else:
        for accepted in ("text/plain", "text/html", "application/json", "application/x-ndjson", "application/jsonl"):
            assert accepted in error


def test_a_batch_with_bad_lines_names_each_and_writes_nothing(client: FlaskClient, app: Flask) -> None:
    before = store_of(app).quad_count()
    missing_date = {k: v for k, v in record(DEV_001).items() if k != "published"}
    body = jsonl(record(DEV_001), '{"url": "https://example.org/x", "title": "broken', missing_date, "[1, 2]")
    response = post(client, body, "application/x-ndjson")
    assert response.status_code == 400
    data = response.get_json()
    assert "nothing was stored" in data["error"]
    problems = {p["line"]: p["reason"] for p in data["problems"]}
    assert set(problems) == {2, 3, 4}
    assert problems[2].startswith("not valid JSON") and "column" in problems[2]
    assert problems[3] == "missing required field 'published'"
    assert problems[4] == "not a JSON object"
    assert store_of(app).quad_count() == before


def test_a_batch_of_well_formed_but_invalid_records_is_422(client: FlaskClient, app: Flask) -> None:
    before = store_of(app).quad_count()
    bad_date = {**record(DEV_001), "url": "https://example.org/other", "published": "last Tuesday"}
    response = post(client, jsonl(record(DEV_001), bad_date, record(DEV_001)), "application/jsonl")
    assert response.status_code == 422
    problems = {p["line"]: p["reason"] for p in response.get_json()["problems"]}
    assert problems == {2: "invalid field 'published': Value error, is not an ISO date (YYYY-MM-DD) or datetime",
                        3: "the same url as line 1"}
    assert store_of(app).quad_count() == before


@pytest.mark.parametrize(("data", "content_type", "status", "reason"), [
    (b"", "text/plain", 400, "empty or whitespace-only"),
    (b"\xff\xfe", "text/plain", 400, "not valid UTF-8"),
    (b"[1]", "application/json", 400, "not a JSON object"),
    (b'{"title": "t"}', "application/json", 422, "missing required field 'url'"),
    (b"\n\n", "application/x-ndjson", 400, "no records"),
])
def test_a_single_bad_article_is_refused_with_its_reason(client: FlaskClient, data: bytes, content_type: str,
                                                         status: int, reason: str) -> None:
    response = post(client, data, content_type)
    assert response.status_code == status
    assert response.get_json()["problems"][0]["reason"].startswith(reason)


def test_a_url_parameter_must_be_an_http_url(client: FlaskClient) -> None:
    for url in ("javascript:alert(1)", "https://example.org/a b", "https://example.org/<x>"):
        response = post(client, DEV_001.read_bytes(), "text/plain", query_string={"url": url})
        assert response.status_code == 400
        assert "http(s) URL" in response.get_json()["error"]
    response = post(client, jsonl(record(DEV_001)), "application/json", query_string={"url": "https://example.org/"})
    assert response.status_code == 400


# ---------------------------------------------------------------- storing


def test_a_posted_article_returns_its_events_and_the_merged_events_they_joined(client: FlaskClient,
                                                                                app: Flask) -> None:
    response = post(client, DEV_001.read_bytes(), "text/plain")
    assert response.status_code == 201
    body = response.get_json()
    assert body["stored"] == 1 and body["unchanged"] == 0
    [article] = body["articles"]
    expected_id = read_upload(DEV_001.read_bytes(), "text").articles[0].id
    assert article["id"] == expected_id and article["id"].startswith("http-")
    assert article["graph"] == GRAPH + expected_id and article["status"] == "stored"
    calls = [e for e in article["events"] if e["type"] == "phone_call" and e["date"] == "2025-08-12"
             and {p["name"] for p in e["participants"]} == {"Kim Jong Un", "Vladimir Putin"}]
    assert len(calls) == 1
    call = calls[0]
    assert "Kim" in call["evidence"] and call["report"].startswith("https://w3id.org/eventkb/id/report/")
    [merged] = call["merged"]
    assert merged.startswith(EVENT) and call["pages"] == [f"http://localhost/events/{merged[len(EVENT):]}"]
    # It joined the seed's report of the same call: one event, two sources.
    assert merged_sources(store_of(app), merged) == {GRAPH + "000_96783d945c5aee5b", GRAPH + expected_id}


def article_graphs_by_sparql(client: FlaskClient) -> str:
    query = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{EKB.ArticleGraph}> }} }}"
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    return str(response.get_json()["results"]["bindings"][0]["n"]["value"])


def test_posted_events_show_in_the_timeline_and_sparql(client: FlaskClient) -> None:
    assert article_graphs_by_sparql(client) == "1"  # the query workers start before the write
    before = {e["iri"] for e in client.get("/timeline.json").get_json()["events"]}
    body = post(client, DEV_001.read_bytes(), "text/plain").get_json()
    merged = {iri for event in posted_events(body) for iri in event["merged"]}
    timeline = {e["iri"] for e in client.get("/timeline.json").get_json()["events"]}
    assert merged <= timeline and merged - before
    assert article_graphs_by_sparql(client) == "2"  # and see it after


def index_entries(app: Flask) -> list[tuple[Any, ...]]:
    with app.app_context():
        return [tuple(vars(entry).values()) for entry in current_index(get_store()).entries()]


def fresh_entries(app: Flask) -> list[tuple[Any, ...]]:
    return [tuple(vars(entry).values()) for entry in load_index(store_of(app)).entries()]


def test_the_timeline_index_after_a_post_and_a_delete_equals_one_built_afresh(client: FlaskClient,
                                                                               app: Flask) -> None:
    before = index_entries(app)
    body = post(client, DEV_001.read_bytes(), "text/plain").get_json()
    after_post = index_entries(app)
    assert after_post == fresh_entries(app) and len(after_post) > len(before)
    client.delete(f"/articles/{body['articles'][0]['id']}", headers=AUTH)
    assert index_entries(app) == fresh_entries(app) == before


def test_the_home_page_shows_its_old_numbers_as_updating_after_a_write_then_the_new(client: FlaskClient) -> None:
    assert client.get("/index.json").get_json()["stats"]["articles"] == 1
    post(client, DEV_001.read_bytes(), "text/plain")
    stale = client.get("/index.json").get_json()
    assert stale["updating"] is True and stale["stats"]["articles"] == 1
    assert 'id="updating"' in client.get("/").get_data(as_text=True)
    for _ in range(200):
        now = client.get("/index.json").get_json()
        if not now["updating"]:
            break
        time.sleep(0.05)
    assert now["updating"] is False and now["stats"]["articles"] == 2 and now["as_of"] >= stale["as_of"]
    assert 'id="updating"' not in client.get("/").get_data(as_text=True)


def test_posting_the_same_article_again_changes_nothing(client: FlaskClient, app: Flask) -> None:
    first = post(client, DEV_001.read_bytes(), "text/plain").get_json()
    quads = store_of(app).quad_count()
    again = post(client, DEV_001.read_bytes(), "text/plain")
    assert again.status_code == 200
    body = again.get_json()
    assert body["stored"] == 0 and body["unchanged"] == 1
    assert body["articles"][0]["status"] == "unchanged" and body["articles"][0]["id"] == first["articles"][0]["id"]
    assert posted_events(body) == posted_events(first)
    assert store_of(app).quad_count() == quads


def test_a_json_article_and_a_json_lines_batch_are_stored(client: FlaskClient, app: Flask) -> None:
    one = record(DEV_CORPUS / "dev_003.txt")
    response = post(client, json.dumps(one).encode(), "application/json; charset=utf-8")
    assert response.status_code == 201
    assert response.get_json()["articles"][0]["id"] == url_id(one["url"])
    batch = [one, record(DEV_CORPUS / "dev_004.txt"), record(DEV_CORPUS / "dev_005.txt")]
    response = post(client, jsonl(*batch), "application/x-ndjson")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["stored"], body["unchanged"]) == (2, 1)
    assert [a["id"] for a in body["articles"]] == [url_id(r["url"]) for r in batch]
    assert [a["status"] for a in body["articles"]] == ["unchanged", "stored", "stored"]
    graphs = set(store_of(app).graphs())
    assert {GRAPH + url_id(r["url"]) for r in batch} <= graphs


def test_an_html_page_sent_with_its_url_takes_the_url_id(client: FlaskClient) -> None:
    url = "https://example.org/harbour-times/kim-putin"
    page = (Path(__file__).parent / "fixtures" / "articles" / "harbour_times.html").read_bytes()
    response = post(client, page, "text/html", query_string={"url": url})
    assert response.status_code == 201
    [article] = response.get_json()["articles"]
    assert article["id"] == url_id(url) and article["source"] == url
    assert {e["type"] for e in article["events"]} >= {"phone_call"}


# ---------------------------------------------------------------- deleting


def test_delete_removes_the_article_and_its_contribution_to_merged_events(client: FlaskClient,
                                                                          app: Flask) -> None:
    body = post(client, DEV_001.read_bytes(), "text/plain").get_json()
    article = body["articles"][0]["id"]
    events = posted_events(body)
    shared = next(e for e in events if e["type"] == "phone_call" and e["date"] == "2025-08-12"
                  and {p["name"] for p in e["participants"]} == {"Kim Jong Un", "Vladimir Putin"})["merged"][0]
    only = next(e for e in events if {p["name"] for p in e["participants"]} == {"Vladimir Putin", "Xi Jinping"})
    only_event = only["merged"][0]
    assert merged_sources(store_of(app), only_event) == {GRAPH + article}
    sources = client.get(f"/events/{shared[len(EVENT):]}.json").get_json()["sources"]
    assert len(sources) == 2

    response = client.delete(f"/articles/{article}", headers=AUTH)
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == article and data["graph"] == GRAPH + article and data["removed"] is True
    assert data["merged_events_removed"] >= 1
    store = store_of(app)
    assert GRAPH + article not in store.graphs()
    # The call the seed also reports keeps the seed as its one source; the Putin-Xi call is gone.
    shared_now = client.get("/timeline.json").get_json()["events"]
    calls = [e for e in shared_now if e["type"].endswith("phone_call") and e["earliest"] == "2025-08-12"
             and {p["name"] for p in e["participants"]} == {"Kim Jong Un", "Vladimir Putin"}]
    assert len(calls) == 1 and [s["article"] for s in calls[0]["sources"]] == [
        "https://w3id.org/eventkb/id/article/000_96783d945c5aee5b"]
    assert merged_sources(store, calls[0]["iri"]) == {GRAPH + "000_96783d945c5aee5b"}
    assert client.get(f"/events/{only_event[len(EVENT):]}.json").status_code == 404
    assert all(only_event != e["iri"] for e in shared_now)
    _, rows = store.select(f"SELECT ?r WHERE {{ GRAPH ?e {{ ?x <{EKB.hasReport}> ?r }} "
                           f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?r a <{EKB.EventReport}> }} }} }}")
    assert rows == []  # no merged event still lists one of its reports
    assert client.delete(f"/articles/{article}", headers=AUTH).status_code == 404


def test_delete_of_an_unknown_article_is_404(client: FlaskClient) -> None:
    response = client.delete("/articles/no-such-article", headers=AUTH)
    assert response.status_code == 404
    assert "no article 'no-such-article'" in response.get_json()["error"]


@pytest.mark.parametrize(("path", "status"), [
    ("/articles/..%2F..%2Fetc%2Fpasswd", 404),  # a slash never reaches the route
    ("/articles/../graph/ontology", 404),
    ("/articles/ontology", 404),  # the reference graphs are not articles
    ("/articles/actors", 404),
    ("/articles/x%3E%20%7D%20DROP%20ALL%20%7B%20%3Cy", 400),
    ("/articles/.hidden", 400),
    ("/articles/a%0A", 400),
    ("/articles/https:%2F%2Fexample.org%2Fa", 404),
])
def test_delete_refuses_ids_that_are_not_article_ids(client: FlaskClient, app: Flask, path: str, status: int) -> None:
    quads = store_of(app).quad_count()
    response = client.delete(path, headers=AUTH)
    assert response.status_code == status
    if status == 400:
        assert "is not an article id" in response.get_json()["error"]
    assert store_of(app).quad_count() == quads


# ---------------------------------------------------------------- a real server


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The app under waitress on 127.0.0.1, in a thread of this process."""
    port = free_port()
    wsgi = create_server(app, host="127.0.0.1", port=port, threads=6)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/index.json")
        yield base
    finally:
        wsgi.close()
        thread.join(timeout=10)


def http_post(url: str, data: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={**AUTH, "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_concurrent_batches_both_land_while_the_timeline_is_read(server: str, app: Flask, tmp_path: Path) -> None:
    files = [f for f in sorted(DEV_CORPUS.glob("dev_0*.txt")) if f.read_text("utf-8").startswith(" date ")]
    batches = [[record(f) for f in files[0::2]], [record(f) for f in files[1::2]]]
    results: list[tuple[int, dict[str, Any]]] = []
    reads: list[int] = []
    posting = threading.Event()

    def send(batch: list[dict[str, str]]) -> None:
        results.append(http_post(server + "/articles", jsonl(*batch), "application/x-ndjson"))

    def read() -> None:
        while posting.is_set() or not reads:
            with urllib.request.urlopen(server + "/timeline.json", timeout=60) as response:
                json.loads(response.read())
                reads.append(response.status)

    writers = [threading.Thread(target=send, args=(batch,)) for batch in batches]
    reader = threading.Thread(target=read)
    posting.set()
    for thread in [*writers, reader]:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    posting.clear()
    reader.join(timeout=60)

    assert [status for status, _ in results] == [201, 201]
    assert reads and all(status == 200 for status in reads)
    store = store_of(app)
    graphs = set(store.graphs())
    for batch in batches:
        assert {GRAPH + url_id(r["url"]) for r in batch} <= graphs
    # Both landed completely: the merged events are those of one sequential ingest of the same articles.
    with open_store(str(tmp_path / "sequential")) as sequential:
        ingest([SEED], sequential)
        ingest_articles(read_upload(jsonl(*batches[0], *batches[1]), "jsonl").articles, sequential)
        assert merged_events(store) == merged_events(sequential)
    timeline = json.loads(urllib.request.urlopen(server + "/timeline.json", timeout=60).read())
    assert timeline["total"] == len(merged_events(store))


def merged_events(store: KnowledgeStore) -> dict[str, set[str]]:
    _, rows = store.select(f"SELECT ?e ?r WHERE {{ GRAPH ?g {{ ?e <{EKB.hasReport}> ?r }} }}")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["e"].value, set()).add(row["r"].value)
    return found


def test_a_chunked_body_is_cut_off_at_the_limit(server: str, app: Flask) -> None:
    """No Content-Length to check first: the read itself stops past KB_MAX_UPLOAD_BYTES."""
    quads = store_of(app).quad_count()
    host, port = server.removeprefix("http://").split(":")
    chunk = b"x" * 50_000
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /articles HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
                     "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode())
        for _ in range(5):  # 250,000 bytes against a limit of 200,000
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        answer = b""
        while data := sock.recv(65536):
            answer += data
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"larger than 200000 bytes" in answer
    assert store_of(app).quad_count() == quads
