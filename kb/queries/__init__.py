"""Named SPARQL queries, one `.rq` file each, shared by the CLI, the web pages and the tests.

A file starts with `# title:` and `# description:` comment lines; the KB's prefixes
(`kb.vocab.PREFIXES`) are predeclared, so the files use `sem:`, `ekb:` and the rest freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"^\s*#[A-Z]+\s*$", re.MULTILINE)  # a line like `#FILTERS`: code puts text there


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    sparql: str

    @property
    def complete(self) -> bool:
        """True when the query runs as written (no placeholder line for code to fill in)."""
        return PLACEHOLDER.search(self.sparql) is None


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        meta[key.strip()] = value.strip()
    return NamedQuery(path.stem, meta.get("title", path.stem), meta.get("description", ""), text)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    return {path.stem: _parse(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]
