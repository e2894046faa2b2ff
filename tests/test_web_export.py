"""Whole-KB exports (kb.web.export): written once per state of the store and sent as a file, on the
real Flask app over a real on-disk store, and `kb serve` as a real server for curl."""

from __future__ import annotations

import errno
import io
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import free_port, make_app, wait_for_http
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Dataset, Graph, URIRef
from test_web_articles import AUTH, DEV_001, TOKEN, post, store_of

from kb.ingest import ingest
from kb.store import KnowledgeStore
from kb.vocab import EKB
from kb.web import shutdown
from kb.web.export import EXTENSION, export_writer
from kb.web.index import store_marker

ARTICLE = "https://w3id.org/eventkb/id/article/"
QUIET_DAY = """ date 2025-03-02 A quiet day at the harbour
Harbour Times

The weather was mild and the boats stayed in the harbour all day.
"""


@pytest.fixture
def app(store_dir: str) -> Iterator[Flask]:
    with make_app(store_dir, ingest_token=TOKEN, update_token=TOKEN) as app:
        yield app


class BufferedClient(FlaskClient):
    """Reads each response whole and closes it, as a server does (an export holds its file open)."""

    def open(self, *args: Any, buffered: bool = True, **kwargs: Any) -> Any:
        return super().open(*args, buffered=buffered, **kwargs)


def client_of(app: Flask) -> FlaskClient:
    app.test_client_class = BufferedClient
    return app.test_client()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return client_of(app)


def export_files(app: Flask) -> list[str]:
    """The names of the files in the app's export folder."""
    folder = app.extensions[EXTENSION].folder()
    return sorted(path.name for path in Path(folder).iterdir())


def slowed(monkeypatch: pytest.MonkeyPatch, seconds: float) -> list[str]:
    """Make exports take `seconds` longer; the formats asked for, one per export written."""
    written: list[str] = []
    real = export_writer

    def writer(store: KnowledgeStore, fmt: str) -> Callable[[IO[bytes]], None]:
        def write(out: IO[bytes]) -> None:
            written.append(fmt)
            time.sleep(seconds)
            real(store, fmt)(out)

        return write

    monkeypatch.setattr("kb.web.export.export_writer", writer)
    return written


# ---------------------------------------------------------------- what is sent


def test_exports_parse_back(client: FlaskClient) -> None:
    turtle = client.get("/export.ttl")
    assert turtle.mimetype == "text/turtle"
    assert len(Graph().parse(data=turtle.get_data(), format="turtle")) > 50
    trig = Dataset().parse(data=client.get("/export.trig").get_data(), format="trig")
    assert len([g for g in trig.graphs() if len(g)]) >= 4
    assert client.get("/export.xyz").status_code == 404


def test_kb_serve_answers_curl_on_127_0_0_1(store_dir: str) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kb", "--store", store_dir, "serve", "--port", str(port)],
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        assert f"http://127.0.0.1:{port}/" in server.stderr.readline()
        wait_for_http(f"http://127.0.0.1:{port}/")
        curl = shutil.which("curl")
        assert curl, "curl is needed for this test"
        out = subprocess.run([curl, "-sf", "-H", "Accept: text/turtle", f"http://127.0.0.1:{port}/export.ttl"],
                             capture_output=True, check=True)
        assert len(Graph().parse(data=out.stdout, format="turtle")) > 50
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stderr:
            server.stderr.close()


def test_every_format_is_an_attachment_with_its_media_type(client: FlaskClient) -> None:
    types = {"ttl": "text/turtle", "trig": "application/trig", "nt": "application/n-triples",
             "nq": "application/n-quads", "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}
    for ext, media_type in types.items():
        response = client.get(f"/export.{ext}")
        assert response.status_code == 200 and response.mimetype == media_type
        assert response.headers["Content-Disposition"] == f"attachment; filename=kb.{ext}"
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        assert int(response.headers["Content-Length"]) == len(response.get_data()) > 1000


# ---------------------------------------------------------------- one file per state


def test_a_second_request_is_served_from_the_same_file(client: FlaskClient, app: Flask,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    written = slowed(monkeypatch, 0)
    first, second = client.get("/export.ttl"), client.get("/export.ttl")
    client.get("/export.nt")
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.get_data() == first.get_data()
    assert written == ["turtle", "nt"]
    assert sorted(name.rsplit(".", 1)[1] for name in export_files(app)) == ["nt", "ttl"]


def test_if_none_match_with_the_etag_gives_304(client: FlaskClient) -> None:
    etag = client.get("/export.nq").headers["ETag"]
    again = client.get("/export.nq", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get("/export.nq", headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_range_request_gets_206_with_those_bytes(client: FlaskClient) -> None:
    whole = client.get("/export.nt").get_data()
    part = client.get("/export.nt", headers={"Range": "bytes=100-299"})
    assert part.status_code == 206
    assert part.get_data() == whole[100:300]
    assert part.headers["Content-Range"] == f"bytes 100-299/{len(whole)}"


def test_the_file_goes_to_the_servers_file_wrapper(client: FlaskClient, app: Flask) -> None:
    handed: list[Any] = []

    def file_wrapper(file: IO[bytes], block_size: int = 8192) -> Iterator[bytes]:
        handed.append(file)
        return iter(lambda: file.read(block_size), b"")

    response = client.get("/export.ttl", environ_overrides={"wsgi.file_wrapper": file_wrapper})
    assert response.status_code == 200 and response.get_data().startswith(b"@prefix")
    [file] = handed
    assert Path(file.name).parent == Path(app.extensions[EXTENSION].folder())
    file.close()


# ---------------------------------------------------------------- a new state, a new file


def test_a_posted_article_changes_the_export(client: FlaskClient, app: Flask) -> None:
    before = client.get("/export.ttl")
    [article] = post(client, DEV_001.read_bytes(), "text/plain").get_json()["articles"]
    after = client.get("/export.ttl")
    assert after.headers["ETag"] != before.headers["ETag"]
    iri = URIRef(ARTICLE + article["id"])
    assert (iri, RDF.type, EKB.Article) in Graph().parse(data=after.get_data(), format="turtle")
    assert (iri, None, None) not in Graph().parse(data=before.get_data(), format="turtle")
    assert len(export_files(app)) == 1  # the older file is gone


def test_an_update_that_keeps_every_count_changes_the_export(client: FlaskClient) -> None:
    before = client.get("/export.nq").headers["ETag"]
    update = 'INSERT DATA { GRAPH <urn:x:note> { <urn:x:note> rdfs:comment "checked" } }'
    assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    after = client.get("/export.nq")
    assert after.headers["ETag"] != before and b"urn:x:note" in after.get_data()


def test_an_article_without_events_stored_by_another_writer_changes_the_export(
        client: FlaskClient, app: Flask, tmp_path: Path) -> None:
    store = store_of(app)
    before, counts = client.get("/export.ttl").headers["ETag"], store_marker(store)
    (tmp_path / "quiet.txt").write_text(QUIET_DAY, encoding="utf-8")
    ingest([tmp_path / "quiet.txt"], store)  # not through the app: only the counts can tell
    assert store_marker(store)[:2] == counts[:2]  # no events, no reports: only the article count moved
    after = client.get("/export.ttl")
    assert after.headers["ETag"] != before
    assert b"A quiet day at the harbour" in after.get_data()


def test_a_restarted_app_gives_a_new_etag(store_dir: str) -> None:
    with make_app(store_dir) as first:
        etag = client_of(first).get("/export.ttl").headers["ETag"]
        folder = first.extensions[EXTENSION].folder()
    assert not Path(folder).exists()  # shutdown deleted it
    with make_app(store_dir) as second:
        assert client_of(second).get("/export.ttl").headers["ETag"] != etag


# ---------------------------------------------------------------- concurrency and failure


def test_concurrent_first_requests_share_one_write(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    written = slowed(monkeypatch, 0.3)  # all of them arrive while it is written
    bodies: list[tuple[int, str, bytes]] = []

    def fetch() -> None:
        response = client_of(app).get("/export.trig")
        bodies.append((response.status_code, response.headers["ETag"], response.get_data()))

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert written == ["trig"]
    assert len(bodies) == 8 and len(set(bodies)) == 1 and bodies[0][0] == 200
    assert len(Dataset().parse(data=bodies[0][2], format="trig")) > 50
    assert len(export_files(app)) == 1


def test_a_failed_write_answers_503_and_leaves_no_file(client: FlaskClient, app: Flask,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(store: KnowledgeStore, fmt: str) -> Callable[[IO[bytes]], None]:
        def write(out: IO[bytes]) -> None:
            out.write(b"@prefix half: <urn:x:> .\n")
            raise OSError(errno.ENOSPC, "No space left on device")

        return write

    with monkeypatch.context() as patched:
        patched.setattr("kb.web.export.export_writer", full_disk)
        response = client.get("/export.ttl")
    assert response.status_code == 503 and response.mimetype == "text/plain"
    assert "could not be written (No space left on device)" in response.get_data(as_text=True)
    assert export_files(app) == []
    assert client.get("/export.ttl").status_code == 200


def test_shutdown_deletes_the_export_folder(app: Flask, client: FlaskClient) -> None:
    client.get("/export.ttl")
    folder = Path(app.extensions[EXTENSION].folder())
    assert len(list(folder.iterdir())) == 1
    shutdown(app)
    assert not folder.exists()


def test_past_the_wait_for_a_changed_store_the_previous_file_is_sent_until_the_new_one_is_written(
        client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    first = client.get("/export.nq")
    [article] = post(client, DEV_001.read_bytes(), "text/plain").get_json()["articles"]
    written = slowed(monkeypatch, 1.5)
    monkeypatch.setattr("kb.web.export.FRESH_WAIT", 0.2)
    started = time.monotonic()
    previous = client.get("/export.nq")
    assert time.monotonic() - started < 1.4  # not kept waiting for the write
    assert previous.headers["X-KB-Export"] == "previous" and previous.headers["ETag"] == first.headers["ETag"]
    assert previous.get_data() == first.get_data()
    for _ in range(100):  # the write goes on without any request waiting for it
        if len(export_files(app)) == 1 and written:
            latest = client.get("/export.nq")
            if "X-KB-Export" not in latest.headers:
                break
        time.sleep(0.05)
    assert "X-KB-Export" not in latest.headers and latest.headers["ETag"] != first.headers["ETag"]
    assert (ARTICLE + article["id"]).encode() in latest.get_data() and written == ["nquads"]


def test_the_on_disk_export_written_by_its_own_process_equals_the_stores_own(client: FlaskClient, app: Flask) -> None:
    for ext, fmt in (("nq", "nquads"), ("ttl", "turtle")):
        sent = client.get(f"/export.{ext}").get_data()
        out = io.BytesIO()
        store_of(app).export(out, fmt)
        assert sent == out.getvalue() and len(sent) > 10_000
