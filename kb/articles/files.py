"""Files and folders -> Articles: walk, read with a size limit, decode, and pick the format by suffix.

Bad input never raises out of `iter_articles`: it becomes an `ArticleError` and the batch goes on.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.articles.errors import EMPTY, ArticleError
from kb.articles.html import parse_html
from kb.articles.jsonl import parse_record
from kb.articles.seed import parse_text
from kb.records import Article

MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt"})


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Files and folders (recursively, sorted) -> an Article or ArticleError per file (per line for JSONL)."""
    for path in input_files(paths):
        yield from load_file(path)


def input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files that `paths` name, folders expanded in a stable order (for work split across processes)."""
    for given in paths:
        path = Path(given)
        yield from _walk(path) if path.is_dir() else [path]


def _walk(root: Path) -> list[Path]:
    """Known article files under `root`, in a stable order; symlinked folders are not followed (no loops)."""
    known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    found = [Path(d, f) for d, _, files in os.walk(root) for f in files if Path(f).suffix.lower() in known]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def load_file(path: Path) -> Iterator[Article | ArticleError]:
    """The articles of one file (one per JSON Lines record), or the errors that stopped them."""
    suffix, shown = path.suffix.lower(), str(path)
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, shown)
        return
    try:
        raw = decode_text(_read(path, shown), shown)
        # A file named explicitly with an unknown extension is read as seed text.
        yield parse_html(raw, shown) if suffix in HTML_SUFFIXES else parse_text(raw, shown)
    except ArticleError as err:
        yield err


def _os_reason(err: OSError, path: Path) -> str:
    if isinstance(err, FileNotFoundError):
        return "unreadable: broken symbolic link" if path.is_symlink() else "no such file"
    if isinstance(err, PermissionError):
        return "unreadable: permission denied"
    return f"unreadable: {err.strerror or err}"


def _regular(path: Path) -> os.stat_result:
    """The file's status; OSError unless it is a regular file (a FIFO or a device would block, or never end)."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(21, "is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise OSError(0, "not a regular file")
    return status


def _read(path: Path, shown: str) -> bytes:
    try:
        if _regular(path).st_size > MAX_BYTES:  # before reading: a huge file must not be loaded at all
            raise ArticleError(shown, "larger than 10 MB")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # bounded too: the file may have grown since stat
        if len(data) > MAX_BYTES:
            raise ArticleError(shown, "larger than 10 MB")
        return data
    except OSError as err:
        raise ArticleError(shown, _os_reason(err, path)) from err


def decode_text(data: bytes, shown: str) -> str:
    if b"\x00" in data:
        raise ArticleError(shown, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise ArticleError(shown, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from err
    if not text.strip():
        raise ArticleError(shown, EMPTY)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _iter_jsonl(path: Path, shown: str) -> Iterator[Article | ArticleError]:
    try:
        _regular(path)
        handle = path.open("rb")
    except OSError as err:
        yield ArticleError(shown, _os_reason(err, path))
        return
    records = 0
    with handle:
        # readline with a limit: one huge line must not be read whole either.
        for number, data in enumerate(iter(lambda: handle.readline(MAX_BYTES + 1), b""), 1):
            if len(data) > MAX_BYTES and not data.endswith(b"\n"):
                while (rest := handle.readline(MAX_BYTES)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the line, so the next line keeps its number
                yield ArticleError(f"{shown}:{number}", "line larger than 10 MB")
            elif data.strip():
                records += 1
                try:
                    yield parse_record(json_object(data, f"{shown}:{number}"), f"{shown}:{number}")
                except ArticleError as err:
                    yield err
    if records == 0:
        yield ArticleError(shown, EMPTY)


def json_object(data: bytes, where: str) -> dict[str, Any]:
    try:
        value = json.loads(decode_text(data, where))
    except json.JSONDecodeError as err:
        raise ArticleError(where, f"not valid JSON ({err.msg} at column {err.colno})") from err
    except RecursionError as err:  # "[[[[...": the decoder recurses once per level
        raise ArticleError(where, "not valid JSON (nested too deeply)") from err
    if not isinstance(value, dict):
        raise ArticleError(where, "not a JSON object")
    return value
