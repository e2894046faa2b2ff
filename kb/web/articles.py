"""/articles: ingest articles over HTTP (POST) and take one back out (DELETE /articles/<id>).

A thin edge over kb.upload (`read_upload`, `prepare_articles`, `store_articles`, `remove_article`):
this module checks the token, the size and the media type, and turns outcomes into JSON. Both routes
need `Authorization: Bearer <KB_INGEST_TOKEN>`; unset, they are refused.

A JSON Lines batch is all or nothing: every line is read, validated and extracted before anything is
written, and one bad line refuses the whole batch with each bad line's number and reason. Reading and
extraction run outside the write lock; writing and resolving run under it, one writer at a time, while
readers keep being served from the store.
"""

from __future__ import annotations

import hmac
import re
import threading
from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from kb.articles import ArticleError
from kb.gazetteer import load_gazetteer
from kb.remote import RemoteStore
from kb.resolve.spool import ReportMemo
from kb.settings import Settings
from kb.upload import (
    ArticlesReport,
    Extraction,
    Problem,
    UploadKind,
    prepare_articles,
    read_upload,
    remove_article,
    store_articles,
)
from kb.web import get_executor, get_store
from kb.web.eventdata import EVENT_PREFIX
from kb.web.index import invalidate, writing
from kb.web.index import update as update_index

bp = Blueprint("articles", __name__)

KINDS: dict[str, UploadKind] = {
    "text/plain": "text",
    "text/html": "html",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
CHARSETS = frozenset({"utf-8", "utf8", "us-ascii"})
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
MAX_URL = 2000
MEMO = "kb_report_memo"
CLEAN = "kb_writes_clean"  # every write of this app since it started finished
READ_CHUNK = 64 * 1024


class Refused(Exception):
    def __init__(self, status: int, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.problems = status, message, problems or []

    def response(self) -> ResponseReturnValue:
        body: dict[str, Any] = {"error": self.message}
        if self.problems:
            body["problems"] = [{"line": p.line, "reason": p.reason} for p in self.problems]
        return jsonify(body), self.status


def settings() -> Settings:
    found: Settings = current_app.config["KB_SETTINGS"]
    return found


def write_lock() -> threading.Lock:
    """The app's one writer lock: two uploads (or an upload and a delete) never write at once."""
    lock: threading.Lock = current_app.extensions.setdefault("kb_write_lock", threading.Lock())
    return lock


def report_memo() -> ReportMemo | None:
    """Reports kept between this app's writes (see ReportMemo); none for a remote store, which other
    processes may write."""
    if isinstance(get_store(), RemoteStore):
        return None
    memo: ReportMemo = current_app.extensions.setdefault(MEMO, ReportMemo())
    return memo


def forget_writes() -> None:
    """After a write that may have stopped half-way or that the memo cannot follow (a SPARQL Update):
    the next ingest drops the memo and scans the store for unresolved blocks."""
    current_app.extensions[CLEAN] = False
    memo = current_app.extensions.get(MEMO)
    if memo is not None:
        memo.clear()


def authorize() -> None:
    token = settings().ingest_token
    if not token:
        raise Refused(403, "article ingest is disabled on this server (the KB_INGEST_TOKEN setting is unset)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), str(token).encode()):
        raise Refused(403, "this needs `Authorization: Bearer <token>` with the configured ingest token")


def upload_kind() -> UploadKind:
    accepted = ", ".join(KINDS)
    kind = KINDS.get(request.mimetype)
    if kind is None:
        shown = request.mimetype or "none"
        raise Refused(415, f"unsupported content type ({shown}); send one of {accepted}")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in CHARSETS:
        raise Refused(415, f"unsupported charset ({charset}); send UTF-8")
    return kind


def page_url(kind: UploadKind) -> str | None:
    url = request.args.get("url") or None
    if url is None:
        return None
    if kind not in ("text", "html"):
        raise Refused(400, "the url parameter is for text/plain and text/html; a JSON record carries its own url")
    if len(url) > MAX_URL or not URL.match(url):
        raise Refused(400, "the url parameter must be an http(s) URL without spaces or <>\"{}|\\^` characters")
    return url


def read_body(limit: int) -> bytes:
    """The request body, refused with 413 past `limit`: by Content-Length before reading, and by
    counting while reading (a chunked body has no length)."""
    too_large = f"the request body is larger than {limit} bytes (the KB_MAX_UPLOAD_BYTES setting)"
    if request.content_length is not None and request.content_length > limit:
        raise Refused(413, too_large)
    chunks: list[bytes] = []
    size = 0
    while chunk := request.stream.read(min(READ_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise Refused(413, too_large)
    return b"".join(chunks)


def checked(problems: list[Problem]) -> None:
    if problems:
        status = 400 if any(p.malformed for p in problems) else 422
        raise Refused(status, f"{len(problems)} of the items sent cannot be stored; nothing was stored", problems)


def prepared(kind: UploadKind, data: bytes, url: str | None) -> list[Extraction]:
    upload = read_upload(data, kind, url)
    checked(upload.problems)
    items = prepare_articles(upload.articles, load_gazetteer())
    checked([Problem(line, item.reason) for line, item in zip(upload.lines, items, strict=True)
             if isinstance(item, ArticleError)])
    return [item for item in items if isinstance(item, Extraction)]


def after_write(changed: set[str] | None = None) -> None:
    """Later queries and pages see the write: fresh query workers (if started), and the timeline index
    with the `changed` merged events read again (rebuilt whole when they are not known)."""
    if current_app.extensions.get("kb_executor") is not None:
        get_executor().refresh()
    if changed is None:
        invalidate()
    else:
        update_index(get_store(), changed)


def event_page(iri: str) -> str | None:
    key = iri.removeprefix(EVENT_PREFIX)
    return url_for("events.page", name=key, _external=True) if key != iri else None


def report_json(report: ArticlesReport) -> dict[str, Any]:
    return {
        "stored": report.stored,
        "unchanged": report.unchanged,
        "articles": [{
            "id": article.id,
            "source": article.source,
            "graph": article.graph,
            "status": "stored" if article.stored else "unchanged",
            "events": [{**event.record, "report": event.report, "merged": event.merged,
                        "pages": [page for page in map(event_page, event.merged) if page]}
                       for event in article.events],
        } for article in report.articles],
    }


@bp.post("/articles")
def post() -> ResponseReturnValue:
    """One article (text/plain seed format, text/html, application/json) or a JSON Lines batch."""
    try:
        authorize()
        kind = upload_kind()
        url = page_url(kind)
        items = prepared(kind, read_body(int(settings().max_upload_bytes)), url)
    except Refused as refused:
        return refused.response()
    with write_lock(), writing():
        try:
            # The scan for blocks a crash left unresolved is needed once: later writes of this app finish.
            report = store_articles(items, get_store(), load_gazetteer(), report_memo(),
                                    recover=not current_app.extensions.get(CLEAN))
        except Exception:
            forget_writes()
            after_write()  # some graphs may be written: pages must not keep showing the store as it was
            raise
        current_app.extensions[CLEAN] = True
        if report.stored or report.changed:
            after_write(report.changed_events)
    return jsonify(report_json(report)), 201 if report.stored else 200


@bp.delete("/articles/<article_id>")
def delete(article_id: str) -> ResponseReturnValue:
    """Remove an article's graph; the merged events it contributed to are resolved again without it."""
    try:
        authorize()
        with write_lock(), writing():
            removal = remove_article(get_store(), article_id, report_memo())  # ValueError: before any write
            if removal is not None:
                after_write(removal.changed_events)
    except Refused as refused:
        return refused.response()
    except ValueError as exc:
        return Refused(400, str(exc)).response()
    except Exception:
        forget_writes()
        after_write()  # the graph may be gone already: pages must not keep showing it
        raise
    if removal is None:
        return Refused(404, f"no article {article_id!r} in the KB").response()
    return jsonify({"id": removal.id, "graph": removal.graph, "removed": True, "blocks": removal.blocks,
                    "merged_events_rewritten": removal.rewritten, "merged_events_removed": removal.removed})
