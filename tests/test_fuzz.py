"""Property-based and fuzz tests: every bad input is answered, and extraction never breaks its contract.

Loading (kb.articles) must turn any bytes, under any accepted suffix, into Articles or `ArticleError`s
that name the file and the reason; nothing escapes. Extraction (kb.extract) must never raise on text
built from realistic pieces, and must return well-formed events: valid ISO dates at their precision,
evidence whose quote is `article.text[start:end]`. The `kb ingest` command stores the good files of a
folder, names each bad one on stderr and exits non-zero.

Hypothesis profiles: "ci" (the default) keeps this module around a minute on two cores; "long" tries
many more cases:  HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py -p no:cacheprovider
The number of cases each test tried is printed at the end of the module (and, per phase, with
`--hypothesis-show-statistics`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from kb.articles import MAX_BYTES, ArticleError, load_file
from kb.articles.errors import EMPTY
from kb.extract import extract
from kb.extract.sentences import MAX_SENTENCE, split_text
from kb.gazetteer import load_gazetteer
from kb.ingest import extract_one
from kb.records import ARTICLE_ID, EVENT_TYPES, Article, Event

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_96783d945c5aee5b.txt"

# Nothing written into the work tree: hypothesis keeps its caches in the temp folder, with no example
# database (a failure prints the blob that replays it).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "kb-hypothesis")
_COMMON = {"deadline": None, "database": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=400, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=10_000, **_COMMON)  # type: ignore[arg-type]
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

GAZETTEER = load_gazetteer()
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json")  # .json: an unknown suffix named explicitly
TRIED: Counter[str] = Counter()  # cases run per test, reported at the end of the module


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    lines = [f"  {name}: {count} case(s)" for name, count in sorted(TRIED.items())]
    summary = "\n".join([f"\nfuzz cases tried (hypothesis profile {PROFILE}, max_examples "
                         f"{settings().max_examples}):", *lines, f"  total: {sum(TRIED.values())}"])
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is None:  # pragma: no cover - run with -p no:capture
        print(summary)
        return
    with capture.global_and_fixture_disabled():
        print(summary, flush=True)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One folder for the whole module: hypothesis runs a test body many times within one function-scoped
    fixture, so each case writes its own file name here."""
    folder = Path(tempfile.mkdtemp(prefix="kb-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- checking what loading returned


def check_article(article: Article) -> None:
    assert ARTICLE_ID.match(article.id)
    assert article.title.strip()
    (article.text + article.title + (article.outlet or "")).encode("utf-8")  # no lone surrogate gets through
    for block in article.blocks:
        assert article.text[block.start:block.end] == block.text, block
    assert [b.start for b in article.blocks] == sorted(b.start for b in article.blocks)


def check_event(event: Event, article: Article) -> None:
    assert event.type in EVENT_TYPES
    assert event.status in ("occurred", "planned")
    assert event.participants
    for p in event.participants:
        assert p.kind in ("person", "country", "organization") and p.name
    ev = event.evidence
    assert 0 <= ev.start <= ev.end <= len(article.text)
    assert article.text[ev.start:ev.end] == ev.quote and ev.quote.strip()
    assert ev.block in ("body", "caption")
    assert ev.trigger and ev.trigger.lower() in ev.quote.lower()
    assert ev.prefix == article.text[max(0, ev.start - 32):ev.start]
    assert ev.suffix == article.text[ev.end:ev.end + 32]
    assert len(ev.quote) <= MAX_SENTENCE
    if event.date is not None:
        d = event.date
        assert d.earliest <= d.latest
        shape = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[d.precision]
        assert re.fullmatch(shape, d.value), d
        if d.precision == "day":
            assert date.fromisoformat(d.value) == d.earliest
        elif d.precision == "month":
            assert d.earliest.isoformat().startswith(d.value)
        else:
            assert d.value == f"{d.earliest.year:04d}"
    json.dumps(event.record(article.source))  # the output record is plain JSON


def check_loaded(path: Path, *, extract_too: bool = True) -> list[Article | ArticleError]:
    """Load `path` (never raising), check each result, and extract from each article (never failing)."""
    results = list(load_file(path))
    assert results, "a file yields at least one Article or ArticleError"
    for item in results:
        if isinstance(item, ArticleError):
            assert item.source == str(path) or item.source.startswith(f"{path}:"), item.source
            assert item.reason and item.reason.strip()
            assert str(item).startswith(item.source)
            continue
        assert isinstance(item, Article)
        check_article(item)
        if extract_too:
            done = extract_one(item, GAZETTEER)
            assert not isinstance(done, ArticleError), f"extraction failed: {done}"
            for event in done[1]:
                check_event(event, item)
    return results


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- random bytes under every suffix


@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=4096))
def test_random_bytes_load_or_fail_clearly(workdir: Path, suffix: str, data: bytes) -> None:
    TRIED["random_bytes"] += 1
    check_loaded(write(workdir, "bytes" + suffix, data))


TEXT_PIECES = st.one_of(
    st.text(max_size=80),  # any code point, lone surrogates included (they cannot be encoded: see below)
    st.sampled_from(["\ufeff", "\x00", "\r", "\r\n", "\n\n", "\t", "\x0b", "\x0c", "\x1b[31m", "\u2028", "\u200b",
                     "\u202e", "\x85", "ü", "é", "한국어", "Путин", "\U0001f600", "&amp;", "&#0;", "&#xD800;",
                     " date 2025-06-20  Kim and Putin held talks", "Yonhap\n", "Putin met Kim Jong Un on June 19.",
                     "(Yonhap) -- ", "Updated : 2025-09-05 07:30", "<p>", "</div>", "<!--", "]]>", "<![CDATA["]),
)
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "shift_jis", "koi8-r")


@st.composite
def mixed_encodings(draw: st.DrawFn) -> bytes:
    """Text pieces each in its own encoding, so one file mixes UTF-8, Latin-1, UTF-16 and BOMs."""
    out = b""
    for piece in draw(st.lists(TEXT_PIECES, max_size=12)):
        encoding = draw(st.sampled_from(ENCODINGS))
        try:
            out += piece.encode(encoding, errors=draw(st.sampled_from(["strict", "surrogatepass"])))
        except UnicodeError:  # not in this code page, or a lone surrogate a UTF codec refuses
            out += piece.encode(encoding, errors="replace")
    return out


@given(suffix=st.sampled_from(SUFFIXES), data=mixed_encodings())
def test_mixed_encodings_and_control_characters(workdir: Path, suffix: str, data: bytes) -> None:
    TRIED["mixed_encodings"] += 1
    results = check_loaded(write(workdir, "mixed" + suffix, data))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if suffix not in (".jsonl", ".ndjson"):  # JSON Lines answers per line
            [error] = results
            assert isinstance(error, ArticleError) and ("UTF-8" in error.reason or "NUL" in error.reason)
    if b"\x00" in data and suffix not in (".jsonl", ".ndjson"):
        [error] = results
        assert isinstance(error, ArticleError)


# ---------------------------------------------------------------- JSON Lines records

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELD_VALUES = {
    "url": st.one_of(st.just("https://example.com/a"), st.text(max_size=40), JSON_VALUES),
    "title": st.one_of(st.just("Kim and Putin hold talks"), st.text(max_size=40), JSON_VALUES),
    "published": st.one_of(st.dates().map(str), st.just("2025-06-20T09:30:00Z"), st.just("2025-02-30"),
                           st.text(max_size=20), JSON_VALUES),
    "text": st.one_of(st.just("Vladimir Putin met Kim Jong Un in Pyongyang on June 19."), st.text(max_size=200),
                      JSON_VALUES),
    "outlet": st.one_of(st.none(), st.text(max_size=20), JSON_VALUES),
}


@st.composite
def json_records(draw: st.DrawFn) -> str:
    """One JSON Lines line: a record with missing fields, wrong types, extra fields, or not an object at all."""
    kind = draw(st.sampled_from(["record", "record", "record", "value", "broken", "surrogate", "deep"]))
    if kind == "value":
        return json.dumps(draw(JSON_VALUES))
    if kind == "deep":
        depth = draw(st.integers(1, 200_000))
        return "[" * depth + "]" * draw(st.sampled_from([depth, 0, depth // 2]))
    record = {name: draw(values) for name, values in FIELD_VALUES.items() if draw(st.booleans()) or name != "outlet"}
    for name in draw(st.lists(st.sampled_from(list(FIELD_VALUES)), max_size=2)):
        record.pop(name, None)
    record.update(draw(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=2)))
    line = json.dumps(record, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if kind == "surrogate":  # a lone surrogate written as a JSON escape: valid JSON, no valid string
        line = line.replace("Kim", draw(st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "Kim\\u0000"])), 1)
    if kind == "broken" and line:
        cut = draw(st.integers(0, len(line) - 1))
        line = line[:cut] + draw(st.sampled_from(["", "}", "\\", '"', ",", "\x00", "\ud800"])) + line[cut:]
    return line


@given(lines=st.lists(json_records(), max_size=5), newline=st.sampled_from(["\n", "\r\n"]),
       blank=st.booleans())
def test_json_lines_records(workdir: Path, lines: list[str], newline: str, blank: bool) -> None:
    TRIED["json_lines"] += 1
    text = newline.join(lines + ([""] if blank else []))
    path = write(workdir, "records.jsonl", text.encode("utf-8", "surrogatepass"))
    results = check_loaded(path)
    filled = [line for line in text.encode("utf-8", "surrogatepass").split(b"\n") if line.strip()]
    if not filled:
        assert [(r.source, r.reason) for r in results if isinstance(r, ArticleError)] == [(str(path), EMPTY)]
    else:
        assert len(results) == len(filled)  # one answer per non-blank line


@given(value=JSON_VALUES)
def test_json_file_named_explicitly_is_read_as_text(workdir: Path, value: object) -> None:
    TRIED["json_file"] += 1
    check_loaded(write(workdir, "value.json", json.dumps(value).encode()))


# ---------------------------------------------------------------- HTML

HTML_PIECES = st.one_of(
    st.sampled_from(["<html>", "<head>", "<title>", "</title>", "<title>Kim and Putin hold talks</title>", "<body>",
                     "<div>", "</div>", "<p>", "</p>", "<figure><figcaption>Photo: Yonhap</figcaption></figure>",
                     "<figcaption>", "<!--", "-->", "<!-- unclosed", "<![CDATA[", "]]>", "<script>", "</script>",
                     "<style>p{}</style>", "<?xml version='1.0' encoding='latin-1'?>", "<!DOCTYPE html>",
                     '<meta property="og:title" content="Leaders meet">', '<meta name="date" content="2025-06-20">',
                     '<meta name="date" content="9999-99-99">', "<a href='", "<b", "&", "&#x110000;", "&#0;",
                     "&nbsp;", "<svg><foreignObject>", "<table><tr><td>", "<h1>Putin met Kim</h1>",
                     "Vladimir Putin met Kim Jong Un in Pyongyang on June 19.", "\x00", "\ufeff", "\r"]),
    st.text(max_size=40),
)


@given(pieces=st.lists(HTML_PIECES, max_size=30))
def test_html_fragments(workdir: Path, pieces: list[str]) -> None:
    TRIED["html"] += 1
    check_loaded(write(workdir, "page.html", "".join(pieces).encode("utf-8", "surrogatepass")))


# ---------------------------------------------------------------- fixed edge cases


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n", b"\x00\x00", b"\xff\xfe"])
def test_empty_and_near_empty_files(tmp_path: Path, suffix: str, data: bytes) -> None:
    TRIED["empty_files"] += 1
    [error] = check_loaded(write(tmp_path, "empty" + suffix, data))
    assert isinstance(error, ArticleError)


def timed(seconds: float, path: Path, *, extract_too: bool = True) -> list[Article | ArticleError]:
    started = time.monotonic()
    results = check_loaded(path, extract_too=extract_too)
    assert time.monotonic() - started < seconds, f"{path.name} took {time.monotonic() - started:.1f} s"
    return results


def test_huge_single_line_text(tmp_path: Path) -> None:
    """5 MB without a newline: one block, read in pieces of bounded length, in bounded time."""
    TRIED["huge_line"] += 1
    words = ["the", "delegation", "discussed", "trade", "and", "energy", "while", "officials", "waited", "outside"]
    body = " ".join(words[i % len(words)] for i in range(5 * 1024 * 1024 // 7))
    [article] = timed(60, write(tmp_path, "line.txt", f"Talks in Pyongyang end\n\n{body}".encode()))
    assert isinstance(article, Article) and len(article.text) > 5_000_000
    assert all(e - s <= MAX_SENTENCE for s, e in split_text(body[:50_000]))


def test_run_on_sentence_with_many_events_is_bounded(tmp_path: Path) -> None:
    """A sentence that never ends, full of leaders, triggers and dates: a cost that grew with its cube
    (every trigger asking every date which trigger is nearest) took minutes; it is read in pieces now."""
    TRIED["run_on_sentence"] += 1
    unit = "Vladimir Putin met Kim Jong Un on June 19 and spoke by phone with Xi Jinping last week and "
    text = " date 2025-06-20  Talks\nOutlet\n\n" + unit * 2000 + "then left."
    [article] = timed(60, write(tmp_path, "runon.txt", text.encode()))
    assert isinstance(article, Article)
    events = extract(article, GAZETTEER)
    assert events and all(len(e.evidence.quote) <= MAX_SENTENCE for e in events)


def test_many_short_sentences_are_linear(tmp_path: Path) -> None:
    """Every surname asked whether the article spells the full name out searched the whole article."""
    TRIED["many_sentences"] += 1
    text = " date 2025-06-20  Talks\nOutlet\n\n" + "Putin met Kim on June 19. " * 40_000
    timed(30, write(tmp_path, "many.txt", text.encode()))


def test_deeply_nested_html(tmp_path: Path) -> None:
    TRIED["deep_html"] += 1
    page = ("<html><head><title>Leaders meet in Pyongyang</title></head><body>" + "<div>" * 100_000
            + "<p>Vladimir Putin met Kim Jong Un in Pyongyang on June 19.</p>" + "</div>" * 100_000 + "</body></html>")
    timed(60, write(tmp_path, "deep.html", page.encode()))
    timed(60, write(tmp_path, "deep-unclosed.html", page[: len(page) // 2].encode()))


@pytest.mark.parametrize("page", [
    "<html><head><title>Talks end</title><body><p>Putin met Kim.<!-- never closed <p>more",
    "<title>Talks end</title><![CDATA[ <p>x</p> never closed",
    "<title>Talks end</title><p><b><i><u>" * 2000,
    "<title>Talks end</title><script>var s = '</scr' + 'ipt>'; <p>Putin met Kim.</p>",
    "<?xml version='1.0' encoding='latin-1'?><title>Talks end</title><p>Vladimir Putin met Kim Jong Un.</p>",
    "<title></title>",
    "<html></html>",
])
def test_malformed_html(tmp_path: Path, page: str) -> None:
    TRIED["malformed_html"] += 1
    check_loaded(write(tmp_path, "bad.html", page.encode()))


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """json.loads recursed once per level and let RecursionError out of the loader."""
    TRIED["deep_json"] += 1
    good = json.dumps({"url": "https://example.com/a", "title": "Kim and Putin talk", "published": "2025-06-20",
                       "text": "Vladimir Putin met Kim Jong Un on June 19."})
    deep = "[" * 100_000 + "]" * 100_000
    nested_field = good.replace('"2025-06-20"', "[" * 50_000 + "]" * 50_000)
    results = timed(30, write(tmp_path, "deep.jsonl", "\n".join([deep, good, nested_field]).encode()))
    assert [type(r).__name__ for r in results] == ["ArticleError", "Article", "ArticleError"]
    assert isinstance(results[0], ArticleError) and "nested too deeply" in results[0].reason
    assert results[0].source.endswith("deep.jsonl:1") and results[2].source.endswith("deep.jsonl:3")


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl"])
def test_a_100_mb_file_is_refused_by_the_size_limit(tmp_path: Path, suffix: str) -> None:
    """Refused before reading (a sparse file: no disk used); JSON Lines is read line by line instead, each line
    limited to MAX_BYTES, so its 100 MB line is refused and the next line still read."""
    TRIED["100mb"] += 1
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
        if suffix == ".jsonl":
            handle.seek(0)
            handle.write(b'{"text": "')  # one line of 100 MB (NUL-padded), then a good record
            handle.seek(100 * 1024 * 1024)
            handle.write(b'\n{"url": "u", "title": "Talks end", "published": "2025-06-20", "text": "They met."}\n')
    started = time.monotonic()
    results = list(load_file(path))
    assert time.monotonic() - started < 30
    if suffix == ".jsonl":
        assert [type(r).__name__ for r in results] == ["ArticleError", "Article"]
        assert isinstance(results[0], ArticleError) and results[0].reason == "line larger than 10 MB"
    else:
        assert [(r.source, r.reason) for r in results if isinstance(r, ArticleError)] == [
            (str(path), "larger than 10 MB")]
    assert MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, suffix: str) -> None:
    """A FIFO has size 0 and blocks on open: it must be refused, not read."""
    TRIED["special_files"] += 1
    path = tmp_path / f"pipe{suffix}"
    os.mkfifo(path)
    [error] = list(load_file(path))
    assert isinstance(error, ArticleError) and error.reason == "unreadable: not a regular file"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_a_device_and_a_folder_are_refused(tmp_path: Path, suffix: str) -> None:
    TRIED["special_files"] += 1
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    [error] = list(load_file(folder))
    assert isinstance(error, ArticleError) and error.reason == "unreadable: is a directory"
    if Path("/dev/zero").exists():  # endless: must be refused, not read until memory runs out
        link = tmp_path / f"zero{suffix}"
        link.symlink_to("/dev/zero")
        [error] = list(load_file(link))
        assert isinstance(error, ArticleError) and error.reason == "unreadable: not a regular file"


# ---------------------------------------------------------------- extraction on grammar-built text

LEADERS = sorted({name for p in GAZETTEER.people.values() for name in (p.name, *p.aliases)})[:400]
COUNTRIES = sorted({name for c in GAZETTEER.countries.values() for name in (c.name, *c.adjectives, c.capital or "")
                    if name})
TRIGGERS = ["met", "met with", "spoke by phone with", "held phone talks with", "signed", "signed a treaty with",
            "ratified the treaty with", "visited", "arrived in", "will meet", "is set to visit", "hosted",
            "held talks with", "had a video call with", "could meet", "did not meet", "talks", "the summit",
            "called", "received", "sat down with"]
WHEN = ["on June 19", "on June 19, 2024", "last week", "last month", "next month", "on Friday", "last Tuesday",
        "yesterday", "today", "tomorrow", "in March", "in early March", "since January", "in 2023", "Dec. 5",
        "5 December 2025", "two days later", "a day after", "the same day", "on Feb. 30", "on June 31",
        "in 1900", "in 2099", "this year", "next year", "over the weekend", "earlier this month", "hours after"]
GLUE = [",", ".", ";", ":", " and", " but", " while", " where", " when", " after", " — ", " (Yonhap) ", "\n",
        "\n\n", " said.", "?", "!", "...", "U.S.", "Mr.", "J.", "“", "”", "'s", " the two leaders", " he", " she",
        " his Russian counterpart", " the Russian president", " 42", " 1,000", " 3.5", " No. 7"]
WORDS = st.text(st.characters(categories=["L", "M", "Nd", "Zs", "P"]), min_size=1, max_size=12)
PIECE = st.one_of(st.sampled_from(LEADERS), st.sampled_from(COUNTRIES), st.sampled_from(TRIGGERS),
                  st.sampled_from(WHEN), st.sampled_from(GLUE), WORDS)


@st.composite
def story(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(PIECE, min_size=1, max_size=60))
    if draw(st.integers(0, 9)) == 0:  # now and then a very long sentence
        pieces = pieces * draw(st.integers(5, 60))
    return " ".join(pieces)


@given(text=st.one_of(st.text(max_size=3000), story()), long_words=st.booleans())
def test_sentence_spans_are_trimmed_ordered_and_bounded(text: str, long_words: bool) -> None:
    """Every non-space character falls in exactly one span; spans are in order, trimmed, and never longer
    than MAX_SENTENCE (a run-on sentence is cut at spaces, or anywhere in a 3000-letter word)."""
    TRIED["sentence_spans"] += 1
    if long_words:
        text = text.replace(" ", "x")
    spans = split_text(text)
    covered = 0
    for start, end in spans:
        assert covered <= start < end <= len(text) and end - start <= MAX_SENTENCE
        assert text[start:end] == text[start:end].strip()
        assert not text[covered:start].strip()
        covered = end
    assert not text[covered:].strip()


@given(body=story(), published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2099, 12, 31)),
                                          st.sampled_from([date(1, 1, 1), date(9999, 12, 31)])),
       caption=st.booleans())
def test_extraction_on_grammar_text(workdir: Path, body: str, published: date | None, caption: bool) -> None:
    TRIED["extraction_grammar"] += 1
    header = f" date {published.isoformat()}  Leaders hold talks\nOutlet\n\n" if published else "Leaders hold talks\n\n"
    text = header + ("Photo: Yonhap\n\n" if caption else "") + body
    for item in check_loaded(write(workdir, "story.txt", text.encode("utf-8", "surrogatepass"))):
        if isinstance(item, Article):
            events = extract(item, GAZETTEER)
            assert events == sorted(events, key=lambda e: e.evidence.start)


@given(body=story(), published=st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_extraction_on_json_records(workdir: Path, body: str, published: date) -> None:
    TRIED["extraction_json"] += 1
    record = {"url": "https://example.com/story", "title": "Leaders hold talks", "published": published.isoformat(),
              "text": body}
    check_loaded(write(workdir, "story.jsonl", json.dumps(record).encode()))


# ---------------------------------------------------------------- the command line

KB = [sys.executable, "-m", "kb"]


def test_ingest_stores_good_files_names_bad_ones_and_exits_non_zero(tmp_path: Path) -> None:
    TRIED["cli_ingest"] += 1
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    good_record = {"url": "https://example.com/good", "title": "Kim and Putin talk", "published": "2025-06-20",
                   "text": "Vladimir Putin met Kim Jong Un in Pyongyang on June 19."}
    bad = {
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        "latin1.txt": ("Caf\u00e9 talks\n\nThey met.".encode("latin-1"), "not valid UTF-8"),
        "empty.html": (b"", EMPTY),
        "deep.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n" + json.dumps(good_record).encode() + b"\n",
                       "nested too deeply"),
        "types.jsonl": (json.dumps({"url": 1, "title": ["x"], "published": 20250620, "text": {}}).encode(),
                        "invalid field"),
        "notitle.html": (b"<html><body><p>x</p></body></html>", "no title"),
    }
    for name, (data, _) in bad.items():
        (corpus / name).write_bytes(data)
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    store = tmp_path / "store"
    run = subprocess.run([*KB, "--store", str(store), "ingest", "--quiet", str(corpus)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode != 0, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    for name, (_, reason) in bad.items():
        assert any(name in line and reason in line for line in errors), (name, run.stderr)
    assert any("huge.txt" in line and "larger than 10 MB" in line for line in errors), run.stderr
    assert len(errors) == len(bad) + 1, run.stderr
    # the seed and the good record after the deep line are stored
    assert re.search(r"stored 2 article\(s\), 0 unchanged, 7 failed", run.stderr), run.stderr

    again = subprocess.run([*KB, "extract", str(corpus)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert again.returncode != 0
    assert len([line for line in again.stderr.splitlines() if line.startswith("error: ")]) == len(bad) + 1
    records = [json.loads(line) for line in again.stdout.splitlines()]
    assert any(r["article"] == "https://example.com/good" and r["type"] == "meeting" for r in records), again.stdout
