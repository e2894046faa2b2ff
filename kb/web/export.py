"""Whole-KB exports: /export.ttl, .trig, .nt, .nq, .jsonld, .rdf.

Writing the whole KB takes seconds (minutes at 100,000 articles), so each format is written once
per state of the store to a file in a folder of the app's own, and that file is sent to every
request until the state changes. A state is the app's count of its own writes
(`kb.web.index.generation`) with cheap counts of the store (`store_marker`), read on every request.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from flask import Blueprint, Response, abort, current_app, send_file
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from kb.web import get_store
from kb.web.index import generation, store_marker

bp = Blueprint("export", __name__)

EXTENSION = "kb_exports"
EXTENSIONS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "trig": ("trig", "application/trig; charset=utf-8"),
    "nt": ("nt", "application/n-triples; charset=utf-8"),
    "nq": ("nquads", "application/n-quads; charset=utf-8"),
    "jsonld": ("jsonld", "application/ld+json"),
    "rdf": ("rdfxml", "application/rdf+xml"),
}
State = tuple[int, tuple[str, ...]]  # (generation, store marker)


@dataclass(frozen=True)
class ExportFile:
    state: State
    path: str
    etag: str


class ExportFiles:
    """The newest export file of each format; a format is written by one request at a time."""

    def __init__(self) -> None:
        self._folder: str | None = None
        self._guard = threading.Lock()
        self._locks = {ext: threading.Lock() for ext in EXTENSIONS}
        self._files: dict[str, ExportFile] = {}
        self._numbers = itertools.count(1)
        atexit.register(self.close)

    def file_for(self, ext: str, state: State, now: Callable[[], State],
                 write: Callable[[IO[bytes]], None]) -> ExportFile:
        """The file of `ext` for `state`, written with `write` unless it is there; `now` reads the
        state again when this request waited behind a write, so a stale state is not written."""
        found = self._files.get(ext)
        if found is not None and found.state == state:
            return found
        with self._locks[ext]:
            found = self._files.get(ext)
            if found is not None and found.state == state:
                return found  # written while this request waited
            state = now()  # the store may have changed while it waited: write what it holds now
            if found is not None and found.state == state:
                return found
            made = self._write(ext, state, write)
            self._files[ext] = made
        if found is not None:
            with contextlib.suppress(OSError):
                os.unlink(found.path)  # requests still sending it hold it open: POSIX keeps it readable
        return made

    def _write(self, ext: str, state: State, write: Callable[[IO[bytes]], None]) -> ExportFile:
        path = os.path.join(self.folder(), f"kb-{next(self._numbers)}.{ext}")
        part = path + ".part"
        try:
            with open(part, "wb") as out:
                write(out)
            os.replace(part, path)  # whole or not at all: a request never sees a half-written file
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
        tag = f"{state}|{os.stat(path).st_mtime_ns}|{ext}"  # the mtime tells restarts apart
        return ExportFile(state, path, hashlib.sha256(tag.encode()).hexdigest()[:32])

    def folder(self) -> str:
        with self._guard:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="kb-exports-")
            return self._folder

    def close(self) -> None:
        """Delete the folder and its files (the app may make new ones later)."""
        with self._guard:
            folder, self._folder = self._folder, None
            self._files.clear()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


@bp.record_once
def install(setup: BlueprintSetupState) -> None:
    setup.app.extensions[EXTENSION] = ExportFiles()


def store_state() -> State:
    return generation(), store_marker(get_store())


@bp.get("/export.<ext>")
def export(ext: str) -> ResponseReturnValue:
    if ext not in EXTENSIONS:
        abort(404)
    fmt, media_type = EXTENSIONS[ext]
    exports: ExportFiles = current_app.extensions[EXTENSION]
    state = store_state()
    for _ in range(3):
        try:
            found = exports.file_for(ext, state, store_state, lambda out: get_store().export(out, fmt))
        except OSError as exc:  # a full disk, say: the partial file is gone
            current_app.logger.error("could not write the export kb.%s: %s", ext, exc)
            return unavailable(f"The export could not be written ({exc.strerror or exc}); try again later.")
        try:
            return send_file(found.path, mimetype=media_type, as_attachment=True, download_name=f"kb.{ext}",
                             conditional=True, etag=found.etag, max_age=0)
        except FileNotFoundError:
            state = store_state()  # a newer state's file replaced it between finding and opening it
    return unavailable("The KB kept changing while its export was being sent; try again.")


def unavailable(message: str) -> Response:
    return Response(message + "\n", status=503, mimetype="text/plain")
