"""The home page: what the KB holds, and where to go from here. Twin: /index.json."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue

from kb.queries import named_query
from kb.stats import kb_stats
from kb.web import get_store

bp = Blueprint("home", __name__)


def summary() -> dict[str, object]:
    store = get_store()
    _, recent = store.select(named_query("recent_events").sparql)
    return {
        "stats": kb_stats(store),
        "recent": [{name: term.value for name, term in row.items()} for row in recent],
    }


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("home.html", **summary())


@bp.get("/index.json")
def index_json() -> ResponseReturnValue:
    return jsonify(summary())
