"""The page gate: at most KB_PAGE_SLOTS pages are built at once, and an ingest posted meanwhile, the
SPARQL endpoint and exports are not kept waiting behind them (the real app over a real store)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import DEV_CORPUS
from flask import Flask, request

from kb.web import create_app, shutdown

TOKEN = "gate-test-token-81c2"


class Watch:
    """Counts the page requests inside the app at once; pages ask for `hold` wait until it is set."""

    def __init__(self, app: Flask) -> None:
        self.lock = threading.Lock()
        self.inside = self.peak = 0
        self.hold = threading.Event()
        self.hold.set()
        app.before_request(self.enter)
        app.teardown_request(self.leave)

    def enter(self) -> None:
        with self.lock:
            self.inside += 1
            self.peak = max(self.peak, self.inside)
        if request.args.get("hold"):
            self.hold.wait(30)
        time.sleep(0.05)  # long enough for requests sent together to overlap

    def leave(self, _: BaseException | None) -> None:
        with self.lock:
            self.inside -= 1


def watched_app(store: str, slots: int) -> Iterator[tuple[Flask, Watch]]:
    app = create_app(store=store, page_slots=slots, ingest_token=TOKEN, query_workers=1)
    yield app, Watch(app)
    shutdown(app)


@pytest.fixture
def gated(store_dir: str) -> Iterator[tuple[Flask, Watch]]:
    yield from watched_app(store_dir, 2)


def get_all(app: Flask, paths: list[str]) -> list[int]:
    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(lambda path: app.test_client().get(path).status_code, paths))


def test_no_more_pages_than_slots_are_built_at_once(gated: tuple[Flask, Watch]) -> None:
    app, watch = gated
    assert get_all(app, ["/timeline", "/", "/timeline.json"] * 4) == [200] * 12
    assert watch.peak == 2


def test_without_a_limit_pages_overlap(store_dir: str) -> None:
    for app, watch in watched_app(store_dir, 0):
        assert get_all(app, ["/timeline", "/", "/timeline.json"] * 4) == [200] * 12
        assert watch.peak > 2


def test_an_ingest_and_the_endpoint_pass_while_every_slot_is_taken(gated: tuple[Flask, Watch]) -> None:
    app, watch = gated
    watch.hold.clear()
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(app.test_client().get, "/timeline?hold=1") for _ in range(2)]
        while watch.inside < 2:
            time.sleep(0.01)
        posted = app.test_client().post("/articles", data=(DEV_CORPUS / "dev_001.txt").read_bytes(),
                                        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
        assert posted.status_code == 201 and posted.get_json()["articles"][0]["events"]
        asked = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                                      headers={"Accept": "application/sparql-results+json"})
        assert asked.status_code == 200 and asked.get_json()["boolean"] is True
        assert all(not future.done() for future in held)  # the pages were still holding both slots
        watch.hold.set()
        assert [future.result().status_code for future in held] == [200, 200]
