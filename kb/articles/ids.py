"""Article ids: the file's stem when it is already a valid id, else a stable hash of the name or URL."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kb.records import ARTICLE_ID


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def file_id(name: str) -> str:
    """A page file's id: its stem (`000_96783d945c5aee5b`) or "a" + a hash of an odd name."""
    stem = Path(name).stem
    return stem if ARTICLE_ID.match(stem) else "a" + _digest(name)


def url_id(url: str) -> str:
    """A JSON Lines record's id: "r" + a hash of its URL, so the same story keeps its id across feeds."""
    return "r" + _digest(url)
