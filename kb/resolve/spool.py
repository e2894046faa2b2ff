"""The reports an ingest run stored, kept on disk by block until resolution reads them.

Resolution needs every report of a block. Reading them back from the store cost more than the rest
of ingest together (about 35 triples a report, each crossing from the engine into Python); the run
already built them in its workers (`kb.resolve.reports.reports_of_article`). The spool keeps them in
a temporary folder, one file per block, so memory stays flat; a block is taken from the spool only
when its reports there are exactly the ones the store holds (`kb.resolve.resolver.read_reports`).
"""

from __future__ import annotations

import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from kb.resolve.cluster import Report


class ReportSpool:
    """Reports by block, in temporary files removed by `close` (a crash leaves them to the OS's temp
    cleaning, and the next ingest reads the store instead)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kb-reports-")
        self._files: dict[str, Path] = {}

    def add(self, reports: Iterable[Report]) -> None:
        by_block: dict[str, list[Report]] = defaultdict(list)
        for report in reports:
            by_block[report.block].append(report)
        for block, items in by_block.items():
            path = self._files.setdefault(block, Path(self._folder.name) / f"{len(self._files)}.pickle")
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
        self._folder.cleanup()

    def __enter__(self) -> ReportSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
