"""The web app: the real Flask app on a real store (the exports: test_web_export.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED
from flask.testing import FlaskClient

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
