"""Whole-KB exports: /export.ttl, .trig, .nt, .nq, .jsonld, .rdf."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from flask import Blueprint, Response, abort
from flask.typing import ResponseReturnValue

from kb.web import get_store

bp = Blueprint("export", __name__)

EXTENSIONS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "trig": ("trig", "application/trig; charset=utf-8"),
    "nt": ("nt", "application/n-triples; charset=utf-8"),
    "nq": ("nquads", "application/n-quads; charset=utf-8"),
    "jsonld": ("jsonld", "application/ld+json"),
    "rdf": ("rdfxml", "application/rdf+xml"),
}
CHUNK = 64 * 1024


@bp.get("/export.<ext>")
def export(ext: str) -> ResponseReturnValue:
    if ext not in EXTENSIONS:
        abort(404)
    fmt, media_type = EXTENSIONS[ext]
    # Spool to a temporary file and stream it out, so a large KB never sits in a response buffer.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the generator once sent
    get_store().export(spool, fmt)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(CHUNK):
                yield block

    headers = {"Content-Disposition": f"attachment; filename=kb.{ext}"}
    return Response(chunks(), mimetype=media_type, headers=headers)
