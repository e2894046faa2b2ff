"""The reports an ingest run stored, kept on disk by block until resolution reads them.

Resolution needs every report of a block. Reading them back from the store cost more than the rest
of ingest together (about 35 triples a report, each crossing from the engine into Python); the run
already built them in its workers (`kb.resolve.reports.reports_of_article`). The spool keeps them in
files beside the store (or in a temporary folder), one file per block, so memory stays flat; a block
is taken from the spool only when its reports there are exactly the ones the store holds
(`kb.resolve.resolver.read_reports`).
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from pathlib import Path

from kb.resolve.cluster import Report

SPOOL_FOLDER = "kb-spool"


class ReportSpool:
    """Reports by block, in files under `beside` (the store's own folder, where there is one: what a
    crash leaves there the next ingest clears) or a temporary folder; `close` removes them."""

    def __init__(self, beside: Path | None = None) -> None:
        if beside is None:
            self._temporary: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(prefix="kb-spool-")
            self._folder = Path(self._temporary.name)
        else:
            self._temporary, self._folder = None, beside / SPOOL_FOLDER
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder.mkdir()
        self._files: dict[str, Path] = {}

    def add(self, reports: Iterable[Report]) -> None:
        by_block: dict[str, list[Report]] = defaultdict(list)
        for report in reports:
            by_block[report.block].append(report)
        for block, items in by_block.items():
            path = self._files.setdefault(block, self._folder / f"{len(self._files)}.pickle")
            with path.open("ab") as out:
                pickle.dump(items, out, protocol=pickle.HIGHEST_PROTOCOL)

    def reports(self, block: str) -> dict[str, Report]:
        """The block's reports by IRI; a report added again (its article read twice) keeps the later."""
        found: dict[str, Report] = {}
        path = self._files.get(block)
        if path is None:
            return found
        with path.open("rb") as spooled:
            while True:
                try:
                    items: list[Report] = pickle.load(spooled)  # our own file, written above
                except EOFError:
                    return found
                found.update((report.iri, report) for report in items)

    def remember(self, by_block: dict[str, list[Report]]) -> None:
        """Blocks resolution read from the store: an ingest run resolves each once, so none are kept."""

    def close(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
        else:
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> ReportSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class ReportMemo:
    """Reports of the blocks resolved lately, kept in memory between writes, for a process that writes
    often and alone (the web app's POST /articles: each re-read the whole of every block it touched,
    seconds for twenty articles). Like the spool, a block is used only when the reports it holds are
    exactly the ones the store holds; `add` puts a write's own reports into the blocks it holds, and
    `remember` keeps what resolution read. At most `max_reports`, least recently used blocks go first."""

    def __init__(self, max_reports: int = 200_000) -> None:
        self.max_reports = max_reports
        self._blocks: OrderedDict[str, dict[str, Report]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def add(self, reports: Iterable[Report]) -> None:
        with self._lock:
            for report in reports:
                held = self._blocks.get(report.block)
                if held is not None:
                    self._size += report.iri not in held
                    held[report.iri] = report

    def reports(self, block: str) -> dict[str, Report]:
        with self._lock:
            held = self._blocks.get(block)
            if held is None:
                return {}
            self._blocks.move_to_end(block)
            return dict(held)

    def remember(self, by_block: dict[str, list[Report]]) -> None:
        with self._lock:
            for block, reports in by_block.items():
                self._size -= len(self._blocks.pop(block, {}))
                if len(reports) <= self.max_reports:
                    self._blocks[block] = {report.iri: report for report in reports}
                    self._size += len(reports)
            while self._size > self.max_reports:
                _, dropped = self._blocks.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()
            self._size = 0


ReportSource = ReportSpool | ReportMemo  # where resolution may find a block's reports before the store
