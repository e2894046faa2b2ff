"""Built data kept between processes (kb.cache): read back when its key is the same, rebuilt when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.cache import cache_dir, cached, fingerprint


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting_builder(calls: list[int]):
    def build() -> dict[str, int]:
        calls.append(1)
        return {"value": len(calls)}
    return build


def test_a_value_is_built_once_and_read_back_for_the_same_key(folder: Path) -> None:
    calls: list[int] = []
    assert cached("thing", b"k1", counting_builder(calls)) == {"value": 1}
    assert cached("thing", b"k1", counting_builder(calls)) == {"value": 1}
    assert len(calls) == 1 and len(list(folder.glob("thing-*.pickle"))) == 1


def test_another_key_builds_afresh(folder: Path) -> None:
    calls: list[int] = []
    cached("thing", b"k1", counting_builder(calls))
    cached("thing", b"k2", counting_builder(calls))
    assert len(calls) == 2


def test_a_damaged_entry_is_rebuilt_and_replaced(folder: Path) -> None:
    calls: list[int] = []
    cached("thing", b"k1", counting_builder(calls))
    [entry] = folder.glob("thing-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cached("thing", b"k1", counting_builder(calls)) == {"value": 2}
    assert cached("thing", b"k1", counting_builder(calls)) == {"value": 2}


def test_off_builds_every_time_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE_DIR", "off")
    calls: list[int] = []
    cached("thing", b"k1", counting_builder(calls))
    cached("thing", b"k1", counting_builder(calls))
    assert len(calls) == 2 and cache_dir() is None


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KB_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file cannot be made
    assert cached("thing", b"k1", lambda: 7) == 7


def test_the_fingerprint_changes_with_a_files_bytes(tmp_path: Path) -> None:
    data = tmp_path / "a.toml"
    data.write_text("x = 1")
    before = fingerprint([data])
    data.write_text("x = 2")
    assert fingerprint([data]) != before


def test_only_the_newest_entries_of_a_kind_are_kept(folder: Path) -> None:
    for n in range(6):
        cached("thing", f"k{n}".encode(), lambda n=n: n)
    cached("other", b"k0", lambda: 0)
    assert len(list(folder.glob("thing-*.pickle"))) == 3 and len(list(folder.glob("other-*.pickle"))) == 1
    assert cached("thing", b"k5", lambda: -1) == 5  # the newest is still there
