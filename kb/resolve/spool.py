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
from collections import defaultdict
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

    def close(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
        else:
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> ReportSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
