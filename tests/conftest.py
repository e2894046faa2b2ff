"""Shared fixtures: real stores in temporary folders, a real `oxigraph serve` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.store import KnowledgeStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_96783d945c5aee5b.txt"
SHARED = ROOT.parent / "shared"
DEV_CORPUS = ROOT / "tests" / "corpus" / "dev"  # the project's own copy of ../shared/corpus/dev
# The tests read the shipped actor data only, never a user's own files (kb.gazetteer.user_actor_dir).
os.environ["KB_ACTORS_DIR"] = "off"
CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by scripts/setup --test
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the `oxigraph` server binary (PyPI package oxigraph) is not installed")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL 1.1 server on 127.0.0.1; yields its query endpoint URL. CI starts one (.ci/run)
    and names it in KB_TEST_REMOTE; elsewhere the tests start their own."""
    if os.environ.get("KB_TEST_REMOTE"):
        url = os.environ["KB_TEST_REMOTE"]
        assert url.startswith("http://127.0.0.1:"), "tests talk to 127.0.0.1 only"
        wait_for_http(url + "?query=ASK%7B%7D")
        yield url
        return
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def make_app(store: str, **settings: Any) -> Iterator[Any]:
    """The web app over `store` with these settings and no KB_* from the environment; shut down after."""
    from kb.settings import load_settings
    from kb.web import create_app, shutdown

    app = create_app(load_settings({"store": store, **settings}, env={}))
    try:
        yield app
    finally:
        shutdown(app)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the seed article, built once; tests that write use a copy (`store_dir`)."""
    from kb.ingest import ingest

    location = tmp_path_factory.mktemp("seed") / "store"
    with open_store(str(location)) as store:
        ingest([SEED], store)
    return location


@pytest.fixture
def store_dir(seed_store: Path, tmp_path: Path) -> str:
    """A copy of `seed_store` for one test."""
    return str(shutil.copytree(seed_store, tmp_path / "store"))


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[KnowledgeStore]:
    """The default backend: an embedded on-disk store in a temporary folder."""
    with open_store(str(tmp_path / "store")) as store:
        yield store


@pytest.fixture(params=["memory", "disk", "remote"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeStore]:
    """Each of the three backends in turn; the remote one is emptied first."""
    if request.param == "memory":
        location = ":memory:"
    elif request.param == "disk":
        location = str(tmp_path / "store")
    else:
        location = request.getfixturevalue("oxigraph_server")
    with open_store(location) as store:
        if request.param == "remote":
            for graph in store.graphs():
                store.remove_graph(graph)
        yield store


@contextlib.contextmanager
def kb_serve(store: str, **settings: str) -> Iterator[str]:
    """A real `kb serve` on 127.0.0.1 over `store`, with KB_* settings; yields its base URL."""
    port = free_port()
    env = {**os.environ, **{f"KB_{name.upper()}": value for name, value in settings.items()}}
    server = subprocess.Popen([sys.executable, "-m", "kb", "--store", store, "serve", "--port", str(port)],
                              stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/index.json")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed for this test (scripts/setup --test)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Listener:
    """A TCP listener on 127.0.0.1 counting the connections it accepts."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.05)
        self.port = int(self.socket.getsockname()[1])
        self.accepted = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            connection.close()

    def close(self) -> int:
        """Stop, after giving a late connection time to arrive; the number of connections accepted."""
        time.sleep(0.3)
        self.running = False
        self.thread.join()
        self.socket.close()
        return self.accepted
