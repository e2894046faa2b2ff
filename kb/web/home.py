"""The home page: what the KB holds, and where to go from here. Twin: /index.json.

The numbers come from whole-KB queries (seconds at 100,000 articles), so they are kept per state of
the store: the app's write count with the timeline index's store counts (kb.web.index), or the quad
count without the index. After a write, visitors get the numbers as they were, marked as being
updated (`as_of`, `updating`), while one background thread works them out again: an ingest every few
seconds would otherwise make every visitor wait for them. The first visit computes them in place.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

from kb.queries import named_query
from kb.stats import kb_stats
from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.eventdata import load_events
from kb.web.index import current_index, enabled, generation

bp = Blueprint("home", __name__)
NEWEST = 10
EXTENSION = "kb_home_summary"
_LOCK = threading.Lock()


@dataclass
class Summary:
    state: tuple[object, ...]
    numbers: dict[str, Any]
    as_of: str  # when they were worked out (UTC, ISO 8601)
    updating: bool = False


def store_state(store: KnowledgeStore) -> tuple[object, ...]:
    if enabled():
        return generation(), current_index(store).marker
    return generation(), store.quad_count()


def store_summary(store: KnowledgeStore) -> dict[str, Any]:
    """Counts, events by year, sources and the newest events' IRIs, with `as_of` and `updating`."""
    summary = current_summary(store)
    return {**summary.numbers, "as_of": summary.as_of, "updating": summary.updating}


def current_summary(store: KnowledgeStore) -> Summary:
    state = store_state(store)
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    with _LOCK:
        found: Summary | None = app.extensions.get(EXTENSION)
        if found is not None and (found.state == state or found.updating):
            return found
        if found is not None:  # out of date: shown as it is while a thread works it out again
            found.updating = True
            threading.Thread(target=refresh, args=(app, state), name="kb-home-summary", daemon=True).start()
            return found
        found = app.extensions[EXTENSION] = computed(store, state)  # the first visit: nothing to show yet
        return found


def computed(store: KnowledgeStore, state: tuple[object, ...]) -> Summary:
    return Summary(state, summarise(store), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


def refresh(app: Flask, state: tuple[object, ...]) -> None:
    with app.app_context():
        try:
            fresh = computed(get_store(), state)
        except Exception:  # noqa: BLE001 - the old numbers stay; the next visit tries again
            app.logger.exception("the home page's numbers could not be worked out")
            fresh = None
        with _LOCK:
            old = app.extensions.get(EXTENSION)
            if fresh is not None:
                app.extensions[EXTENSION] = fresh
            elif old is not None:
                old.updating = False


def summarise(store: KnowledgeStore) -> dict[str, Any]:
    _, years = store.select(named_query("events_by_year").sparql)
    _, sources = store.select(named_query("sources").sparql)
    _, recent = store.select(named_query("recent_events").sparql)
    summary = {
        "stats": kb_stats(store),
        "years": {row["year"].value: int(row["events"].value) for row in years if "year" in row},
        "sources": [{"outlet": row["outlet"].value, "name": row["name"].value if "name" in row else "",
                     "articles": int(row["articles"].value),
                     "newest": row["newest"].value if "newest" in row else None} for row in sources],
        "recent": [{name: term.value for name, term in row.items()} for row in recent],
    }
    return summary


@bp.get("/")
def index() -> ResponseReturnValue:
    summary = store_summary(get_store())
    newest = load_events(get_store(), [row["event"] for row in summary["recent"][:NEWEST]])
    return render_template("home.html", newest=newest, **summary)


@bp.get("/index.json")
def index_json() -> ResponseReturnValue:
    return jsonify(store_summary(get_store()))
