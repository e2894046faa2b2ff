"""kb.articles: files in, validated Article records out (blocks, publication date, errors per input)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import DEV_CORPUS as DEV  # noqa: E402 - the project's own copy of the annotated corpus

from kb.articles import MAX_BYTES, ArticleError, iter_articles, parse_html, parse_record, parse_text
from kb.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED = "000_96783d945c5aee5b.txt"
DEV_FILES = sorted(p.name for p in DEV.glob("*.txt")) if DEV.is_dir() else []
needs_dev = pytest.mark.skipif(not DEV_FILES, reason="tests/corpus/dev is not present")


def load(*paths: str | Path) -> list[Article | ArticleError]:
    return list(iter_articles(paths))


def one(path: Path) -> Article:
    [article] = load(path)
    assert isinstance(article, Article), article
    return article


def texts(article: Article, kind: str) -> list[str]:
    return [b.text for b in article.blocks if b.kind == kind]


def assert_offsets(article: Article) -> None:
    for block in article.blocks:
        assert article.text[block.start : block.end] == block.text
        assert block.text == block.text.strip() and block.text


# ---------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed() -> Article:
    path = DEV / SEED if (DEV / SEED).exists() else Path(__file__).resolve().parents[1] / "seeds" / SEED
    if not path.exists():
        pytest.skip("seed article not present")
    return one(path)


def test_seed_phone_call_paragraph_is_body(seed: Article) -> None:
    body = texts(seed, "body")
    assert any(t.startswith("Kim and Putin held phone talks the previous day") for t in body)
    assert any(t.startswith("North Korean leader Kim Jong-un has expressed his \"full support\"") for t in body)


def test_seed_repeated_caption_is_one_caption_and_the_copy_is_noise(seed: Article) -> None:
    caption = texts(seed, "caption")
    assert len(caption) == 1 and caption[0].endswith("[RODONG SINMUN]")
    assert caption[0] in texts(seed, "noise")


def test_seed_related_headlines_and_page_furniture_are_noise(seed: Article) -> None:
    noise, body = texts(seed, "noise"), " ".join(texts(seed, "body"))
    for furniture in ("Home > National > North Korea", "print dictionary print", "Related Stories",
                      "Kim Jong-un meets Vladimir Putin at Russian spaceport after four-year gap",
                      "To write comments, please log in to one of the accounts.", "Related Article"):
        assert furniture in noise
        assert furniture not in body
    assert "Yonhap" in noise


def test_seed_published_comes_from_the_published_line(seed: Article) -> None:
    assert seed.published == date(2025, 8, 13)
    assert seed.published_evidence == "Published: 13 Aug. 2025, 14:42"
    assert seed.header_published is None
    assert (seed.id, seed.source, seed.outlet) == ("000_96783d945c5aee5b", SEED, "Korea JoongAng Daily")


def test_seed_title_is_the_header_title_and_its_repeat(seed: Article) -> None:
    title = "North Korea's Kim voices 'full support' for Russia in phone talks with Putin"
    assert seed.title == title
    assert texts(seed, "title") == [title, title]


# ---------------------------------------------------------------- the dev corpus


@needs_dev
@pytest.mark.parametrize("name", DEV_FILES)
def test_published_matches_gold_for_every_dev_file(name: str) -> None:
    gold = json.loads((DEV / name).with_suffix(".json").read_text("utf-8"))["published"]
    article = one(DEV / name)
    assert str(article.published) == gold
    assert article.published_evidence and article.published_evidence in article.text


@needs_dev
@pytest.mark.parametrize("name", DEV_FILES)
def test_blocks_point_into_the_text_and_cover_every_line(name: str) -> None:
    article = one(DEV / name)
    assert_offsets(article)
    assert article.text == (DEV / name).read_text("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    covered = [False] * len(article.text)
    for block in article.blocks:
        covered[block.start : block.end] = [True] * len(block.text)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(article.text)), "text outside any block"
    assert article.paragraphs, "every dev page has a story"


@needs_dev
def test_header_date_kept_when_the_page_disagrees() -> None:
    article = one(DEV / "dev_020.txt")
    assert article.published == date(2025, 9, 5)
    assert article.header_published == date(2025, 9, 12)
    assert article.published_evidence == "Posted : 2025-09-05 07:30"


@needs_dev
def test_page_without_header_takes_outlet_and_headline_from_the_page() -> None:
    article = one(DEV / "dev_021.txt")
    assert article.outlet == "Vostok Press"
    assert article.title == "Lavrov wraps up DPRK visit, holds talks with Wang Yi in Beijing"
    assert "Politics | Foreign Ministry" in texts(article, "noise")
    assert article.header_published is None


@needs_dev
def test_dateline_stays_in_its_paragraph_and_credits_make_captions() -> None:
    article = one(DEV / "dev_001.txt")
    assert article.paragraphs[0].text.startswith("MOSCOW, Aug 12 (Meridian) - Russian President")
    assert "By Meridian Staff" in texts(article, "noise")
    assert "August 12, 2025 7:58 PM GMT+3 | Updated 2 hours ago" in texts(article, "noise")
    xinhua = one(DEV / "dev_020.txt")
    assert texts(xinhua, "caption")[0].endswith("Thursday. Xinhua-Yonhap")


@needs_dev
def test_loading_all_dev_files_is_fast() -> None:
    start = time.perf_counter()
    articles = load(DEV)
    elapsed = time.perf_counter() - start
    assert len(articles) == len(DEV_FILES) and all(isinstance(a, Article) for a in articles)
    assert elapsed < 1.0, f"{elapsed:.3f}s"


# ---------------------------------------------------------------- publication date rules


def test_dateline_year_comes_from_the_header_and_is_never_months_ahead() -> None:
    page = " date {}  Kim and Putin hold talks\nSome Outlet\n\n{}, {} (Agency) -- Kim met Putin on Tuesday.\n"
    turn = parse_text(page.format("2025-01-03", "SEOUL", "Dec. 31"), "a.txt")
    assert turn.published == date(2024, 12, 31) and turn.header_published == date(2025, 1, 3)
    assert turn.published_evidence == "SEOUL, Dec. 31 (Agency)"
    late = parse_text(page.format("2025-03-01", "PYONGYANG", "Nov. 20"), "b.txt")
    assert late.published == date(2024, 11, 20)
    same = parse_text(page.format("2025-06-19", "MOSCOW", "June 19"), "c.txt")
    assert same.published == date(2025, 6, 19) and same.header_published is None


def test_relative_update_time_is_not_a_date() -> None:
    article = parse_text(" date 2025-08-12  Kim calls Putin\nOutlet\n\nUpdated 2 hours ago\n\n"
                         "Kim called Putin on Tuesday, state media said.\n", "x.txt")
    assert article.published == date(2025, 8, 12) and article.published_evidence == "date 2025-08-12"
    assert "Updated 2 hours ago" in texts(article, "noise")


# ---------------------------------------------------------------- bad input


def test_each_bad_file_gives_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b" date 2025-01-01  T\x00itle\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n\u00a0\n", "utf-8")
    (tmp_path / "latin1.txt").write_bytes(" date 2025-01-01  Caf\xe9 talks\n".encode("latin-1"))
    with (tmp_path / "huge.txt").open("wb") as handle:  # sparse: cheap to make, over the limit
        handle.truncate(MAX_BYTES + 1)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "no_title.txt").write_text("Short\n\nThe talks ended on Friday.\n", "utf-8")
    (tmp_path / "good.txt").write_text(" date 2025-01-02  Kim meets Putin\nOutlet\n\nKim met Putin.\n", "utf-8")
    results = load(tmp_path, tmp_path / "missing.txt")
    errors = {Path(e.source).name: e.reason for e in results if isinstance(e, ArticleError)}
    assert errors == {
        "binary.txt": "binary file (contains NUL bytes)",
        "blank.txt": "empty or whitespace-only",
        "dangling.txt": "unreadable: broken symbolic link",
        "empty.txt": "empty or whitespace-only",
        "huge.txt": "larger than 10 MB",
        "latin1.txt": "not valid UTF-8 (byte 0xe9 at offset 21)",
        "missing.txt": "no such file",
        "no_title.txt": "no title",
    }
    assert [a.title for a in results if isinstance(a, Article)] == ["Kim meets Putin"]
    error = next(e for e in results if isinstance(e, ArticleError) and e.source.endswith("huge.txt"))
    assert str(error) == f"{tmp_path / 'huge.txt'}: larger than 10 MB"


def test_a_folder_named_like_an_article_is_walked_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(" date 2025-01-02  Kim meets Putin\nOutlet\n\nKim met Putin.\n", "utf-8")
    assert [a.source for a in load(folder) if isinstance(a, Article)] == ["inner.txt"]


def test_jsonl_bad_lines_are_errors_naming_line_and_field(tmp_path: Path) -> None:
    good = {"url": "https://example.org/a", "title": "Kim, Putin hold phone talks", "published": "2025-08-13",
            "text": "Kim Jong Un and Vladimir Putin held phone talks on Tuesday.\n\nYonhap", "outlet": "Example"}
    lines = [json.dumps(good), "{not json", json.dumps({k: v for k, v in good.items() if k != "title"}),
             "", json.dumps({**good, "published": "last week"}),
             json.dumps({**good, "url": "https://example.org/b", "published": "2025-08-13T23:30:00+09:00"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    results = load(tmp_path / "feed.jsonl")
    errors = [(Path(e.source).name, e.reason) for e in results if isinstance(e, ArticleError)]
    assert errors[0][0] == "feed.jsonl:2" and errors[0][1].startswith("not valid JSON")
    assert errors[1] == ("feed.jsonl:3", "missing required field 'title'")
    assert errors[2][0] == "feed.jsonl:5" and errors[2][1].startswith("invalid field 'published'")
    articles = [a for a in results if isinstance(a, Article)]
    assert [a.source for a in articles] == ["https://example.org/a", "https://example.org/b"]
    first = articles[0]
    assert first.id == "r" + hashlib.sha1(b"https://example.org/a").hexdigest()[:16]
    assert (first.published, first.outlet, first.url) == (date(2025, 8, 13), "Example", "https://example.org/a")
    assert texts(first, "body") == ["Kim Jong Un and Vladimir Putin held phone talks on Tuesday."]
    assert texts(first, "noise") == ["Yonhap"] and texts(first, "title") == [good["title"]]
    assert articles[1].published == date(2025, 8, 13)
    assert_offsets(first)


@pytest.mark.parametrize("missing", ["url", "title", "published", "text"])
def test_record_missing_field_is_named(missing: str) -> None:
    record = {"url": "https://e.org/x", "title": "T t t", "published": "2025-01-01", "text": "Body text."}
    del record[missing]
    with pytest.raises(ArticleError) as caught:
        parse_record(record, "feed.jsonl:7")
    assert str(caught.value) == f"feed.jsonl:7: missing required field '{missing}'"


def test_record_wrapped_line_joins_its_paragraph_only_when_it_starts_lower_case() -> None:
    # Only a line that starts in lower case is taken as a continuation: joining capitalised lines would
    # glue a list of related headlines into one long "paragraph".
    text = ("North Korean leader Kim Jong Un held talks with Russian President\nVladimir Putin in the"
            " port city of\nVladivostok on Thursday, state media said.\n\nKim arrived in the Russian port city by"
            " armoured train\non Wednesday, a day before the talks.")
    article = parse_record({"url": "u", "title": "Kim and Putin meet", "published": "2019-04-25",
                            "text": text}, "feed.jsonl:1")
    assert [b.kind for b in article.blocks] == ["title", "noise", "noise", "body", "body"]
    assert article.paragraphs[-1].text.endswith("armoured train\non Wednesday, a day before the talks.")
    assert_offsets(article)


# ---------------------------------------------------------------- folders and formats


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    page = " date 2025-01-02  Headline number {}\nOutlet\n\nKim met Putin.\n"
    for rel in ["b/z.txt", "a.txt", "b/a/y.txt", "c.TXT", "b.txt", "notes.md", "b/image.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(page.format(rel), "utf-8")
    first = [a.source for a in load(tmp_path) if isinstance(a, Article)]
    # Sorted by path parts: the folder "b" (b/a/y.txt, b/z.txt) comes before the file "b.txt".
    assert first == ["a.txt", "y.txt", "z.txt", "b.txt", "c.TXT"] == [
        a.source for a in load(tmp_path) if isinstance(a, Article)]
    explicit = one(tmp_path / "notes.md")  # named explicitly: read as seed text whatever its extension
    assert explicit.title == "Headline number notes.md" and explicit.id == "notes"


def test_crlf_and_bom_are_normalised_and_odd_names_get_a_hashed_id(tmp_path: Path) -> None:
    path = tmp_path / "odd name!.txt"
    path.write_bytes("\ufeff date 2025-01-02  Kim meets Putin\r\nOutlet\r\n\r\nKim met Putin.\r\n".encode())
    article = one(path)
    assert article.text.startswith(" date") and "\r" not in article.text
    assert article.id == "a" + hashlib.sha1(b"odd name!.txt").hexdigest()[:16]
    assert_offsets(article)


def test_html_page_keeps_story_and_caption_and_drops_page_chrome() -> None:
    article = one(FIXTURES / "harbour_times.html")
    assert article.title == "Kim, Putin hold phone talks on treaty anniversary"
    assert (article.outlet, article.published) == ("Harbour Times", date(2025, 6, 19))
    assert article.url == "https://harbour-times.example/world/kim-putin-phone-talks"
    assert texts(article, "caption") == [
        "Kim Jong Un and Vladimir Putin shake hands in Pyongyang in June 2024. (Harbour Times/File)"]
    body = " ".join(texts(article, "body"))
    assert body.startswith("SEOUL, June 19 (Harbour Times) - North Korean leader")
    for chrome in ("Sign in to your account", "Xi arrives in Moscow", "Copyright 2025", "Privacy policy",
                   "dataLayer", "trackParagraph", "Related Stories"):
        assert chrome not in body
    assert "dataLayer" not in article.text and "trackParagraph" not in article.text
    assert len(article.paragraphs) == 4
    assert_offsets(article)


def test_html_without_date_metadata_falls_back_to_the_page_text() -> None:
    raw = """<html><head><title>Lavrov visits Wonsan</title></head><body><article>
    <h1>Lavrov visits Wonsan</h1><p>Published: 12 Jul. 2025, 09:10</p>
    <p>WONSAN, July 12 (Agency) - Russian Foreign Minister Sergey Lavrov held talks with Choe Son Hui
    in the coastal city of Wonsan on Saturday, the foreign ministry said in a statement.</p>
    <p>The two ministers discussed the treaty and humanitarian issues, according to the ministry.</p>
    </article></body></html>"""
    article = parse_html(raw, "page.html")
    assert article.published == date(2025, 7, 12)
    assert article.published_evidence in ("Published: 12 Jul. 2025, 09:10", "2025-07-12")
    assert article.title == "Lavrov visits Wonsan" and article.paragraphs
    assert_offsets(article)


def test_html_without_any_title_is_an_error() -> None:
    with pytest.raises(ArticleError, match="no title"):
        parse_html("<html><body><div>   </div></body></html>", "blank.html")


def test_unreadable_file_is_an_error_when_not_root(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can read anything")
    path = tmp_path / "locked.txt"
    path.write_text(" date 2025-01-02  Title words here\nOutlet\n\nBody.\n", "utf-8")
    path.chmod(0)
    try:
        [error] = load(path)
        assert isinstance(error, ArticleError) and error.reason == "unreadable: permission denied"
    finally:
        path.chmod(0o644)
