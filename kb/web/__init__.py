"""The web app: `create_app()` and one blueprint per page; each page has a machine twin."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from kb.settings import Settings, load_settings
from kb.store import KnowledgeStore, open_store
from kb.web.gate import PageGate

if TYPE_CHECKING:
    from kb.sparql.executor import Executor


_OPENING = threading.RLock()  # get_executor opens the store while holding it


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    app = Flask(__name__)
    app.config["KB_SETTINGS"] = settings or load_settings(overrides)
    from kb.web import actors, articles, events, export, home, query, sparql, timeline
    from kb.web.links import kb_link

    app.register_blueprint(home.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(query.bp)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(actors.bp)
    app.register_blueprint(articles.bp)
    app.add_template_global(kb_link)
    app.wsgi_app = PageGate(app.wsgi_app, int(app.config["KB_SETTINGS"].page_slots))  # type: ignore[method-assign]
    return app


def get_store() -> KnowledgeStore:
    """The app's store, opened on first use and kept for the app's life (engines are thread-safe)."""
    store = current_app.extensions.get("kb_store")
    if store is None:
        with _OPENING:  # the index warm-up and a first request must not both open the folder
            store = current_app.extensions.get("kb_store")
            if store is None:
                settings: Settings = current_app.config["KB_SETTINGS"]
                store = open_store(settings.store_location, update_url=settings.update_url,
                                   gsp_url=settings.gsp_url, remote_user=settings.remote_user,
                                   remote_password=settings.remote_password)
                current_app.extensions["kb_store"] = store
                atexit.register(store.close)
    return store


def get_executor() -> Executor:
    """Where SPARQL endpoint queries run (see kb.sparql.executor), started on first use, behind the
    answer cache (kb.sparql.cache) unless it is turned off."""
    from kb.sparql.cache import CachingExecutor
    from kb.sparql.executor import executor_for
    from kb.web.index import store_marker

    executor: Executor | None = current_app.extensions.get("kb_executor")
    if executor is None:
        with _OPENING:
            executor = current_app.extensions.get("kb_executor")
            if executor is None:
                settings: Settings = current_app.config["KB_SETTINGS"]
                store = get_store()
                executor = executor_for(store, int(settings.query_workers))
                if float(settings.query_cache_mb) > 0:
                    executor = CachingExecutor(executor, int(float(settings.query_cache_mb) * 2**20),
                                               lambda: store_marker(store), float(settings.index_ttl))
                current_app.extensions["kb_executor"] = executor
                atexit.register(executor.close)
    return executor


def warm_up(app: Flask, report: Callable[[str], None] | None = None) -> threading.Thread:
    """Build the timeline index in the background, so the first visitor does not wait for it
    (about 40 s at 100,000 events; a request that comes sooner waits for the same build), the home
    page's summary, then answer the named queries into the query cache (kb.sparql.cache); `report` is
    told when each is done."""

    def build() -> None:
        from kb.web.home import store_summary
        from kb.web.index import current_index
        from kb.web.sparql import warm_named_queries

        started = time.perf_counter()
        with app.app_context():
            events = len(current_index(get_store()))
            if report:
                report(f"timeline index of {events} events built in {time.perf_counter() - started:.1f} s")
            store_summary(get_store())  # the home page's numbers (seconds of queries on a large KB)
            if report:
                report(f"home page summary ready after {time.perf_counter() - started:.1f} s")
            timeout = float(app.config["KB_SETTINGS"].warm_timeout)
            if timeout > 0:
                answered = warm_named_queries(timeout)
                if report:
                    report(f"{answered} named query answers cached; warm-up done in "
                           f"{time.perf_counter() - started:.1f} s")

    thread = threading.Thread(target=build, name="kb-index-warm-up", daemon=True)
    thread.start()
    return thread


def shutdown(app: Flask) -> None:
    """Stop the app's query workers and close its store (tests; `kb serve` relies on atexit)."""
    executor = app.extensions.pop("kb_executor", None)
    if executor is not None:
        executor.close()
    store = app.extensions.pop("kb_store", None)
    if store is not None:
        store.close()
    app.extensions["kb_exports"].close()  # kb.web.export's files
