"""Whole-KB exports: /export.ttl, .trig, .nt, .nq, .jsonld, .rdf.

Writing the whole KB takes seconds (minutes at 100,000 articles), so each format is written once
per state of the store to a file in a folder of the app's own, and that file is sent to every
request until the state changes. A state is the app's count of its own writes
(`kb.web.index.generation`) with cheap counts of the store (`store_marker`), read on every request.
After a change the new file is written in a thread of its own; a request that has waited `FRESH_WAIT`
seconds for it gets the previous file (its own ETag and Last-Modified, `X-KB-Export: previous`), so
an ingest every few seconds never leaves a download waiting for a write that keeps starting over.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from flask import Blueprint, Response, abort, current_app, send_file
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from kb.store import KnowledgeStore, OxigraphStore
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
# Seconds a request waits for the export of a changed store before it is sent the previous one: at
# 100,000 articles a write takes minutes (and longer under load), more than clients wait.
FRESH_WAIT = 10.0


@dataclass(frozen=True)
class ExportFile:
    state: State
    path: str
    etag: str


@dataclass
class Writing:
    """A write in progress (in a thread of its own), and how it ended."""

    state: State
    error: BaseException | None = None


class ExportFiles:
    """The newest export file of each format; a format is written by one thread at a time."""

    def __init__(self) -> None:
        self._folder: str | None = None
        self._guard = threading.Lock()
        self._changed = threading.Condition()  # a write started or ended
        self._files: dict[str, ExportFile] = {}
        self._writing: dict[str, Writing] = {}
        self._numbers = itertools.count(1)
        atexit.register(self.close)

    def file_for(self, ext: str, state: State, write: Callable[[IO[bytes]], None], wait: float
                 ) -> tuple[ExportFile, bool]:
        """The file of `ext` for `state` and True, written with `write` unless it is there; when that
        takes more than `wait` seconds, the newest older file and False (with none, it waits)."""
        deadline = time.monotonic() + wait
        with self._changed:
            while True:
                found = self._files.get(ext)
                if found is not None and found.state == state:
                    return found, True
                running = self._writing.get(ext)
                if running is None:  # none running, or one for an older state just ended: write this one
                    running = self._writing[ext] = Writing(state)
                    threading.Thread(target=self._run, args=(ext, running, write), daemon=True,
                                     name=f"kb-export-{ext}").start()
                remaining = deadline - time.monotonic()
                if found is not None and remaining <= 0:
                    return found, False
                self._changed.wait(remaining if found is not None else None)
                if running.error is not None and running.state == state:
                    raise running.error

    def _run(self, ext: str, job: Writing, write: Callable[[IO[bytes]], None]) -> None:
        made: ExportFile | None = None
        try:
            made = self._write(ext, job.state, write)
        except BaseException as exc:  # noqa: BLE001 - handed to the requests waiting for this write
            job.error = exc
        with self._changed:
            self._writing.pop(ext, None)
            old = self._files.get(ext)
            if made is not None:
                self._files[ext] = made
            self._changed.notify_all()
        if made is not None and old is not None:
            with contextlib.suppress(OSError):
                os.unlink(old.path)  # requests still sending it hold it open: POSIX keeps it readable

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
    writer = export_writer(get_store(), fmt)
    for _ in range(3):
        try:
            found, current = exports.file_for(ext, store_state(), writer, FRESH_WAIT)
        except OSError as exc:  # a full disk, say: the partial file is gone
            current_app.logger.error("could not write the export kb.%s: %s", ext, exc)
            return unavailable(f"The export could not be written ({exc.strerror or exc}); try again later.")
        try:
            response = send_file(found.path, mimetype=media_type, as_attachment=True, download_name=f"kb.{ext}",
                                 conditional=True, etag=found.etag, max_age=0)
        except FileNotFoundError:
            continue  # a newer state's file replaced it between finding and opening it
        if not current:  # the store changed and the new file is still being written
            response.headers["X-KB-Export"] = "previous"
        return response
    return unavailable("The KB kept changing while its export was being sent; try again.")


def export_writer(store: KnowledgeStore, fmt: str) -> Callable[[IO[bytes]], None]:
    """What writes the export: for the on-disk store a process of its own over a read-only snapshot
    (in this process the engine's serialiser shares Python's lock with every page being built: 5 s
    alone took over 60 s under load), else the store itself."""
    if not isinstance(store, OxigraphStore) or store.folder is None:
        return lambda out: store.export(out, fmt)

    def write(out: IO[bytes]) -> None:
        code = "import sys; from kb.dump import export_snapshot; export_snapshot(sys.argv[1], sys.argv[2])"
        # A read-only open can meet the writer's compaction (a file gone mid-open); a fresh process succeeds
        for _ in range(3):
            out.seek(0)
            out.truncate()
            done = subprocess.run([sys.executable, "-c", code, store.location, fmt], stdout=out,
                                  stderr=subprocess.PIPE, check=False)
            if done.returncode == 0:
                return
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OSError(f"the export process failed: {reason[-1] if reason else done.returncode}")

    return write


def unavailable(message: str) -> Response:
    return Response(message + "\n", status=503, mimetype="text/plain")
