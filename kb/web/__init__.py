"""The web app: `create_app()` and one blueprint per page; each page has a machine twin."""

from __future__ import annotations

import atexit
from typing import Any

from flask import Flask, current_app

from kb.settings import Settings, load_settings
from kb.store import KnowledgeStore, open_store


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    app = Flask(__name__)
    app.config["KB_SETTINGS"] = settings or load_settings(overrides)
    from kb.web import export, home

    app.register_blueprint(home.bp)
    app.register_blueprint(export.bp)
    return app


def get_store() -> KnowledgeStore:
    """The app's store, opened on first use and kept for the app's life (engines are thread-safe)."""
    store = current_app.extensions.get("kb_store")
    if store is None:
        settings: Settings = current_app.config["KB_SETTINGS"]
        store = open_store(settings.store_location, update_url=settings.update_url, gsp_url=settings.gsp_url,
                           remote_user=settings.remote_user, remote_password=settings.remote_password)
        current_app.extensions["kb_store"] = store
        atexit.register(store.close)
    return store
