"""The web app: the real Flask app on a real store, and `kb serve` as a real server for curl."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, free_port, wait_for_http
from flask.testing import FlaskClient
from rdflib import Dataset, Graph

from kb.ingest import ingest
from kb.settings import load_settings
from kb.store import open_store
from kb.web import create_app

HOSTILE = """ date 2025-08-13  <script>alert(1)</script> Kim and Putin held phone talks
Some <b>Outlet</b>

Kim Jong Un and Vladimir Putin held phone talks on Tuesday, KCNA said.
"""


@pytest.fixture
def store_dir(tmp_path: Path) -> str:
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    location = str(tmp_path / "store")
    with open_store(location) as store:
        ingest([SEED, tmp_path / "hostile.txt"], store)
    return location


@pytest.fixture
def client(store_dir: str) -> FlaskClient:
    return create_app(load_settings({"store": store_dir})).test_client()


def test_home_page_says_what_the_kb_holds(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "phone call" in page and "2 articles" in page


def test_article_text_is_escaped_in_pages(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_home_page_has_a_json_twin(client: FlaskClient) -> None:
    data = client.get("/index.json").get_json()
    assert data["stats"]["articles"] == 2
    assert data["recent"] and all("event" in row for row in data["recent"])


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
