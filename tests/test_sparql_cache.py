"""kb.sparql.cache: answers kept until the store changes, on the real app and store."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from conftest import DEV_CORPUS, SEED, make_app
from flask import Flask

from kb.ingest import ingest
from kb.queries import named_queries, named_query
from kb.sparql.cache import CachingExecutor
from kb.store import open_store
from kb.vocab import sparql_prefixes
from kb.web import get_executor, get_store
from kb.web.sparql import warm_named_queries

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?event a sem:Event }"
TOKEN = "cache-test-token"


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("cache") / "store")
    with open_store(location) as store:
        ingest([SEED, DEV_CORPUS / "dev_001.txt"], store)
    return location


def count(app: Flask, query: str = COUNT) -> tuple[int, str]:
    response = app.test_client().get("/sparql", query_string={"query": query},
                                     headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"]), response.headers["X-KB-Cache"]


def test_a_repeated_query_is_answered_from_the_cache_with_the_same_body(kb_dir: str) -> None:
    with make_app(kb_dir) as app:
        first, second = count(app), count(app)
        assert first[1] == "miss" and second == (first[0], "hit")
        # The KB's own PREFIX lines change nothing: the same answer.
        assert count(app, sparql_prefixes() + COUNT) == (first[0], "hit")


def test_a_sparql_update_through_the_app_empties_the_cache(kb_dir: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    with make_app(copy, update_token=TOKEN) as app:
        before, _ = count(app)
        update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:e> a sem:Event } }"
        response = app.test_client().post("/sparql", data={"update": update},
                                          headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 204
        assert count(app) == (before + 1, "miss")


def test_a_query_that_cannot_finish_in_time_after_a_write_gets_its_previous_answer_marked_stale(
        kb_dir: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    with make_app(copy, update_token=TOKEN, query_workers=1) as app:
        before, _ = count(app)
        update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:e> a sem:Event } }"
        app.test_client().post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
        limits = app.config["KB_SETTINGS"].values
        limits["query_timeout"] = 0.0  # no fresh run can finish now, as on a server too busy to answer in time
        assert count(app) == (before, "stale")
        never_asked = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        assert never_asked.status_code == 503 and "time limit" in never_asked.get_data(as_text=True)
        limits["query_timeout"] = 20.0
        assert count(app) == (before + 1, "miss")  # the fresh answer replaces the stale one
        assert count(app) == (before + 1, "hit")


def test_a_write_by_someone_else_is_noticed_by_the_store_counts(kb_dir: str) -> None:
    # The in-memory store stands for a remote one another process writes to: the app is not told.
    with make_app(":memory:", index_ttl=0) as app:
        with app.app_context():
            store = get_store()
        ingest([SEED], store)
        before, _ = count(app)
        assert count(app) == (before, "hit")
        ingest([DEV_CORPUS / "dev_001.txt"], store)
        after, state = count(app)
        assert state == "miss" and after > before


def test_requests_for_one_query_not_yet_answered_share_a_single_run(kb_dir: str) -> None:
    with make_app(kb_dir) as app:
        answers: list[tuple[int, str]] = []
        threads = [threading.Thread(target=lambda: answers.append(count(app))) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with app.app_context():
            executor = get_executor()
        assert isinstance(executor, CachingExecutor)
        assert executor.misses == 1 and executor.hits == 5
        assert len({n for n, _ in answers}) == 1


def test_memory_is_bounded_and_the_least_recently_used_answer_goes_first(kb_dir: str) -> None:
    with make_app(kb_dir, query_cache_mb=0.0005) as app:  # about 500 bytes: room for two small answers
        queries = [f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} LIMIT {i}" for i in (1, 2, 3)]
        for query in queries:
            count(app, query)
        assert count(app, queries[2])[1] == "hit"
        assert count(app, queries[0])[1] == "miss"


def test_the_cache_can_be_turned_off(kb_dir: str) -> None:
    with make_app(kb_dir, query_cache_mb=0) as app:
        assert count(app)[1] == "miss" and count(app)[1] == "miss"


def test_warming_answers_every_complete_named_query_for_the_endpoint(kb_dir: str) -> None:
    with make_app(kb_dir) as app, app.app_context():
        complete = [query for query in named_queries().values() if query.complete]
        answered = warm_named_queries(60.0)
        executor = get_executor()
        assert isinstance(executor, CachingExecutor)
        assert answered == executor.misses == len(complete)
        counts = named_query("counts").sparql
        response = app.test_client().get("/sparql", query_string={"query": sparql_prefixes() + counts},
                                         headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200 and response.headers["X-KB-Cache"] == "hit"
        assert executor.misses == answered
