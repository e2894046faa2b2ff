"""One declared table of settings, with defaults and help.

Each setting is read, in order of precedence, from a command-line option (where the CLI
offers one), a `KB_*` environment variable, a TOML file named by `KB_SETTINGS_FILE`, and
finally its default. `kb settings` prints the table; the README documents it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def default_store(env: dict[str, str]) -> str:
    home = env.get("HOME") or str(Path.home())
    data_home = env.get("XDG_DATA_HOME") or str(Path(home) / ".local" / "share")
    return str(Path(data_home) / "kb-events" / "store")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "KB_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", None, "Where the knowledge base lives: a folder (embedded on-disk store, the default "
            "~/.local/share/kb-events/store), ':memory:' (in memory, for tests), or the http(s) URL of a "
            "remote SPARQL 1.1 query endpoint."),
    Setting("update_url", None, "Remote backend: the SPARQL 1.1 Update endpoint (default: the query URL "
            "with /query replaced by /update)."),
    Setting("gsp_url", None, "Remote backend: the Graph Store Protocol endpoint (default: the query URL "
            "with /query replaced by /store). Article graphs are written with one PUT each."),
    Setting("remote_user", None, "Remote backend: user name for HTTP basic authentication."),
    Setting("remote_password", None, "Remote backend: password for HTTP basic authentication (keep it "
            "in the environment or the settings file, never in the repository)."),
    Setting("host", "127.0.0.1", "Address `kb serve` listens on."),
    Setting("port", 8080, "Port `kb serve` listens on."),
    Setting("threads", 8, "Worker threads of the web server."),
    Setting("page_slots", 4, "Pages (and their .json/.ttl twins) prepared at once; more page requests wait their "
            "turn. Python builds one page at a time, so more at once only slows each and starves an ingest "
            "posted meanwhile; the SPARQL endpoint, exports and POST /articles are not counted. 0: no limit."),
    Setting("query_timeout", 5.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("max_rows", 10000, "Most result rows a query returns; a notice says when the cap was hit."),
    Setting("max_query_bytes", 524288, "Most bytes a SPARQL query or update sent to /sparql or /query may have; "
            "longer ones get 413. A request body may be up to 3 times as long (form encoding)."),
    Setting("query_workers", 2, "Worker processes that run SPARQL endpoint queries on the on-disk store (a query "
            "past the time limit has its worker killed and replaced; the others keep serving)."),
    Setting("update_token", None, "A secret that enables SPARQL Update on /sparql for requests that send "
            "`Authorization: Bearer <token>`; unset (the default), updates are refused. Never put it in "
            "the repository."),
    Setting("ingest_token", None, "A secret that enables POST /articles (ingest articles over HTTP) and "
            "DELETE /articles/<id> for requests that send `Authorization: Bearer <token>`; unset (the default), "
            "both are refused with 403. Never put it in the repository."),
    Setting("max_upload_bytes", 10 * 1024 * 1024, "Largest request body POST /articles accepts, in bytes "
            "(default 10 MB); a larger one is refused with 413 before it is read."),
    Setting("query_cache_mb", 256.0, "Megabytes of endpoint answers kept in memory until the store changes (a "
            "repeated query is answered without running it again); 0 turns the cache off."),
    Setting("warm_timeout", 600.0, "Seconds each named query may run when `kb serve` computes it in the "
            "background at start, so visitors find it answered; 0 skips this."),
    Setting("index_ttl", 5.0, "Seconds the web app's timeline index and query cache are trusted before they "
            "check the store's counts again and start afresh if they changed (writes by another process to a "
            "remote store); the app's own writes take effect at once. 0 checks on every request."),
    Setting("cors_origins", "", "Origins allowed to call /sparql from a browser (CORS): '*', or a "
            "space-separated list; empty (the default) sends no CORS headers."),
    Setting("actors_dir", None, "The user's own actor files (`kb actors import` writes there), loaded after the "
            "shipped ones (default ~/.local/share/kb-events/actors; read by kb.gazetteer from the environment); 'off' "
            "reads none."),
    Setting("cache_dir", None, "Where the built actor data and its index are kept between processes (default "
            "~/.cache/kb-events; read by kb.cache from the environment); 'off' builds them in every process."),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def store_location(self) -> str:
        return str(self.values["store"])


def _coerce(setting: Setting, raw: Any) -> Any:
    if raw is None or setting.default is None:
        return raw
    kind = type(setting.default)
    try:
        return kind(raw)
    except (TypeError, ValueError):
        raise ValueError(f"setting {setting.env}: {raw!r} is not a valid {kind.__name__}") from None


def _file_values(env: dict[str, str]) -> dict[str, Any]:
    path = env.get("KB_SETTINGS_FILE")
    if not path:
        return {}
    with open(path, "rb") as handle:
        values = tomllib.load(handle)
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return values


def load_settings(overrides: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    from_file = _file_values(env)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = setting.default
        if setting.name in from_file:
            raw = from_file[setting.name]
        if setting.env in env:
            raw = env[setting.env]
        if overrides and overrides.get(setting.name) is not None:
            raw = overrides[setting.name]
        values[setting.name] = _coerce(setting, raw)
    values["store"] = values["store"] or default_store(env)
    return Settings(values)
