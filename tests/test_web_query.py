"""/query: the query page, its example queries (shared with the CLI), and a real browser on it."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, CHROMIUM_ARGS, DEV_CORPUS, SEED, kb_serve
from flask.testing import FlaskClient

from kb.cli import main
from kb.ingest import ingest
from kb.queries import named_queries
from kb.settings import load_settings
from kb.store import open_store
from kb.web import create_app, shutdown

HOSTILE = """ date 2025-08-13  <script>alert(1)</script> Kim and Putin held phone talks
Some <b>Outlet</b>

Kim Jong Un and Vladimir Putin held phone talks on Tuesday, KCNA said.
"""
EXAMPLES = ["events_between_actors", "phone_calls_in_month", "who_met_whom", "events_at_place",
            "imprecise_dates", "event_sources", "actor_timeline"]


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("query-page")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    location = str(folder / "store")
    with open_store(location) as store:
        ingest([SEED, folder / "hostile.txt", *sorted(DEV_CORPUS.glob("dev_00*.txt"))], store)
    return location


@pytest.fixture
def client(kb_dir: str) -> Iterator[FlaskClient]:
    app = create_app(load_settings({"store": kb_dir}))
    yield app.test_client()
    shutdown(app)


def test_every_example_query_has_a_title_and_description() -> None:
    queries = named_queries()
    assert set(EXAMPLES) <= set(queries)
    assert all(q.title and q.description for q in queries.values())


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_query_answers_on_the_dev_data_through_the_page(client: FlaskClient, name: str) -> None:
    response = client.get("/query", query_string={"name": name})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="results"' in page
    assert "No results." not in page


def test_the_cli_runs_the_same_named_queries(kb_dir: str) -> None:
    result = CliRunner().invoke(main, ["--store", kb_dir, "query", "--name", "events_between_actors",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Kim Jong Un" in result.output and "Vladimir Putin" in result.output
    listed = CliRunner().invoke(main, ["--store", kb_dir, "query", "--list"]).output
    assert all(name in listed for name in EXAMPLES)


def test_results_link_kb_iris_and_escape_text(client: FlaskClient) -> None:
    page = client.get("/query", query_string={"query": "SELECT ?e ?l WHERE { ?e a sem:Event ; rdfs:label ?l . "
                                              "?e prov:wasDerivedFrom/dcterms:title ?t }"}).get_data(as_text=True)
    assert 'href="/events/' in page
    titles = client.get("/query", query_string={"query": "SELECT ?t WHERE { ?a dcterms:title ?t }"})
    assert "<script>alert(1)</script>" not in titles.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in titles.get_data(as_text=True)


def test_the_page_offers_downloads_and_the_time_it_took(client: FlaskClient) -> None:
    page = client.get("/query", query_string={"name": "actor_timeline"}).get_data(as_text=True)
    for label in ("JSON", "XML", "CSV", "TSV"):
        assert f'class="download">{label}</a>' in page
    assert "The query took" in page
    graph_page = client.get("/query", query_string={"query": "CONSTRUCT WHERE { ?e a sem:Event }"})
    assert 'class="download">Turtle</a>' in graph_page.get_data(as_text=True)


def test_dated_results_show_on_a_timeline_grouped_by_year(client: FlaskClient) -> None:
    page = client.get("/query", query_string={"name": "actor_timeline"}).get_data(as_text=True)
    assert 'id="show-timeline"' in page
    timeline = client.get("/query", query_string={"query": named_queries()["actor_timeline"].sparql,
                                                  "view": "timeline"}).get_data(as_text=True)
    assert '<ol class="timeline">' in timeline and "<h3>2025</h3>" in timeline
    assert '<time datetime="2025-08">August 2025</time>' in timeline or "August 2025" in timeline


def test_a_syntax_error_is_shown_with_line_and_column(client: FlaskClient) -> None:
    response = client.get("/query", query_string={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    assert "syntax error at line 3, column" in response.get_data(as_text=True)


def test_the_row_cap_notice_is_visible(kb_dir: str) -> None:
    app = create_app(load_settings({"store": kb_dir, "max_rows": 3}))
    try:
        page = app.test_client().get("/query", query_string={"query": "SELECT * { ?s ?p ?o }"})
        assert 'id="truncated"' in page.get_data(as_text=True)
    finally:
        shutdown(app)


# ---------------------------------------------------------------- a real browser



def test_the_query_page_works_in_a_real_browser(kb_dir: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed for this test (scripts/setup --test)"
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    with kb_serve(copy) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "/query")
            page.get_by_role("link", name="Every event between two actors").click()
            page.wait_for_selector("table.results tbody tr")
            assert "Kim Jong Un" in page.inner_text("table.results")
            href = page.get_attribute("a.download >> text=CSV", "href")
            assert href is not None
            with urllib.request.urlopen(base + href, timeout=10) as response:
                assert response.read().startswith(b"event,label,type,date")
            page.fill("#query", "SELECT * WHERE {\n  ?s ?p \n}")
            page.get_by_role("button", name="Run query").click()
            page.wait_for_selector("#query-error")
            assert "line 3, column" in page.inner_text("#query-error")
        finally:
            browser.close()
