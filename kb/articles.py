"""Files -> `Article` records: load and decode, split title / body / captions / page noise, date the page.

Three inputs: the seed text format (` date YYYY-MM-DD  Title`, outlet, page text), saved HTML pages and
JSON Lines records. Bad input never raises out of `iter_articles`: it becomes an `ArticleError` and the
batch goes on. What page furniture, captions and date lines look like is data (`kb/data/page_noise.toml`,
`kb/data/pubdate.toml`); this module applies it. Noise is kept as blocks, never deleted: offsets into
`Article.text` must stay true, and the extractor must be able to tell that a line was furniture.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from kb.records import ARTICLE_ID, Article, Block, BlockKind

MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt"})
_EMPTY = "empty or whitespace-only"
_HEADER = re.compile(r"^\s*date\s+(\S+)\s+(.*\S)\s*$")
# A sentence end, maybe closed by quotes/brackets and followed by a wire credit ("... Friday. (Yonhap)").
_PROSE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*(?:\s+[(\[][^()\[\]]{1,40}[)\]])?$")
_SEPARATOR = re.compile(r"\s[>|»·/]\s")
_SEGMENT_END = re.compile(r"\s\|\s|\s+(?=Updated\b)")
# A dateline may sit this far in the future of the header (time zones, late uploads), never months.
_DATELINE_SLACK = timedelta(days=31)


class ArticleError(Exception):
    """One input that could not become an Article."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((Path(__file__).parent / "data" / name).read_text("utf-8"))


def _any(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


# Two small data files, read once at import.
_NOISE, _PUB = _toml("page_noise.toml"), _toml("pubdate.toml")
_FURNITURE = _any(_NOISE["furniture"]["patterns"])
_SECTION_END = _any(_NOISE["sections"]["end"])
_INLINE_BOX = _any(_NOISE["sections"]["inline_box"])
_CAPTION_MARKER = _any(_NOISE["caption"]["markers"])
_CAPTION_CREDIT = _any(_NOISE["caption"]["credits"], 0)
_PAREN_CREDIT = re.compile(_NOISE["caption"]["paren_credit"])
_PHOTO_CUE = _any(_NOISE["caption"]["photo_cues"])
_MIN_WORDS_BODY = int(_NOISE["shape"]["min_words_unpunctuated_body"])
_MAX_WORDS_META = int(_NOISE["shape"]["max_words_meta_date_line"])
_MIN_WORDS_CREDIT = int(_NOISE["shape"]["min_words_credit_caption"])
_MONTHS: dict[str, int] = {name: int(number) for name, number in _PUB["months"].items()}
# Longest names first so "september" is not cut short at "sep"; case-insensitive only here, because a
# dateline's place is told by its capitals.
_MONTH = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_FULL_DATES = tuple(re.compile(p.replace("{month}", _MONTH), re.I) for p in _PUB["patterns"]["full_date"])
_DATELINE = re.compile(_PUB["patterns"]["dateline"].replace("{month}", _MONTH))
_UPDATED = re.compile(_PUB["patterns"]["updated"], re.IGNORECASE)
_CLOSING_TIME = re.compile(_PUB["patterns"]["closing_time"])


# ---------------------------------------------------------------- reading files


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Files and folders (recursively, sorted) -> an Article or ArticleError per file (per line for JSONL)."""
    for given in paths:
        path = Path(given)
        for child in _walk(path) if path.is_dir() else [path]:
            yield from _load(child)


def _walk(root: Path) -> list[Path]:
    """Known article files under `root`, in a stable order; symlinked folders are not followed (no loops)."""
    known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    found = [Path(d, f) for d, _, files in os.walk(root) for f in files if Path(f).suffix.lower() in known]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _load(path: Path) -> Iterator[Article | ArticleError]:
    suffix, shown = path.suffix.lower(), str(path)
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, shown)
        return
    try:
        raw = _decode(_read(path, shown), shown)
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


def _read(path: Path, shown: str) -> bytes:
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        if path.stat().st_size > MAX_BYTES:  # before reading: a huge file must not be loaded at all
            raise ArticleError(shown, "larger than 10 MB")
        return path.read_bytes()
    except OSError as err:
        raise ArticleError(shown, _os_reason(err, path)) from err


def _decode(data: bytes, shown: str) -> str:
    if b"\x00" in data:
        raise ArticleError(shown, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise ArticleError(shown, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from err
    if not text.strip():
        raise ArticleError(shown, _EMPTY)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _iter_jsonl(path: Path, shown: str) -> Iterator[Article | ArticleError]:
    try:
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
                    yield parse_record(_json_object(data, f"{shown}:{number}"), f"{shown}:{number}")
                except ArticleError as err:
                    yield err
    if records == 0:
        yield ArticleError(shown, _EMPTY)


def _json_object(data: bytes, where: str) -> dict[str, Any]:
    try:
        value = json.loads(_decode(data, where))
    except json.JSONDecodeError as err:
        raise ArticleError(where, f"not valid JSON ({err.msg} at column {err.colno})") from err
    if not isinstance(value, dict):
        raise ArticleError(where, "not a JSON object")
    return value


def _article_id(name: str) -> str:
    stem = Path(name).stem
    return stem if ARTICLE_ID.match(stem) else "a" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- the three formats


def parse_text(raw: str, source: str) -> Article:
    """The seed format: ` date YYYY-MM-DD  Title`, outlet, page. Either header line may be missing."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = _lines(text)
    if not lines:
        raise ArticleError(source, _EMPTY)
    head: list[Block] = []
    header: date | None = None
    header_ev: str | None = None
    title: Block | None = None
    if match := _HEADER.match(lines[0].text):
        header_ev = text[lines[0].start : lines[0].start + match.end(1)]
        header, title = _iso_date(match[1]), Block("title", match[2], lines[0].start + match.start(2))
        head, lines = [Block("noise", header_ev, lines[0].start), title], lines[1:]
    outlet, lines = _outlet(lines, title is not None)
    if outlet:
        head.append(Block("noise", outlet.text, outlet.start))
    if title is None:
        if (found := _find_title(lines)) is None:
            raise ArticleError(source, "no title")
        title = Block("title", found.text, found.start)
    page = _classify(lines, title.text)
    published, evidence, header_published = _published(page, header, header_ev)
    name = Path(source).name
    return Article(id=_article_id(name), source=name, title=title.text, outlet=outlet.text if outlet else None,
                   published=published, published_evidence=evidence, header_published=header_published,
                   text=text, blocks=tuple(sorted(head + page, key=lambda b: b.start)))


def parse_html(raw: str, source: str, url: str | None = None) -> Article:
    """A saved web page: main text and metadata by trafilatura (no network), captions from <figcaption>."""
    import lxml.html
    import trafilatura  # here, not at the top: slow to import, and only HTML needs it

    if not raw.strip():
        raise ArticleError(source, _EMPTY)
    try:
        doc = trafilatura.bare_extraction(raw, url=url, include_comments=False, with_metadata=True,
                                          date_extraction_params={"extensive_search": False,
                                                                  "original_date": True})
        # Bytes with an explicit encoding: lxml refuses a str that carries an XML encoding declaration.
        tree = lxml.html.document_fromstring(raw.encode("utf-8"), lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as err:  # a parser failure on one bad page is that page's error, not the batch's
        raise ArticleError(source, f"could not parse HTML ({type(err).__name__}: {err})") from err
    meta: dict[str, Any] = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc else {}
    title = _squash(meta.get("title") or _html_title(tree))
    if not title:
        raise ArticleError(source, "no title")
    paragraphs = [_squash(p) for p in str(meta.get("text") or "").split("\n") if p.strip()]
    if paragraphs and _key(paragraphs[0]) == _key(title):
        paragraphs = paragraphs[1:]  # trafilatura repeats the <h1>; the title block already holds it
    captions = _figcaptions(tree)
    # Figures usually open the story; a caption trafilatura kept in the text stays where it is.
    parts = [c for c in captions if _key(c) not in {_key(p) for p in paragraphs}] + paragraphs
    text, blocks = _built(title, parts, {_key(c) for c in captions})
    published, evidence, _ = _published(list(blocks[1:]), None, None)
    if meta_date := _iso_date(str(meta.get("date") or "")[:10]):  # from the page's meta tags
        published, evidence = meta_date, str(meta["date"])
    name = Path(source).name
    return Article(id=_article_id(name), source=name, title=title, outlet=meta.get("sitename") or None,
                   url=url or meta.get("url") or None, published=published, published_evidence=evidence,
                   header_published=None, text=text, blocks=blocks)


_Filled = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Record(BaseModel):
    """One JSON Lines record; extra fields are ignored."""

    model_config = ConfigDict(extra="ignore")
    url: _Filled
    title: _Filled
    published: date
    text: _Filled
    outlet: str | None = None
    source: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso(cls, value: object) -> date:
        if isinstance(value, date):
            return value
        try:  # "2025-08-13" or an ISO datetime ("2025-08-13T09:30:00Z"): its calendar date
            return datetime.fromisoformat(str(value).strip()).date()
        except ValueError:
            raise ValueError("is not an ISO date (YYYY-MM-DD) or datetime") from None


def parse_record(record: dict[str, Any], source: str) -> Article:
    """A JSON Lines record {url, title, published, text[, outlet]} -> Article; `source` names it in errors."""
    try:
        rec = _Record.model_validate(record)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        if first["type"] == "missing":
            raise ArticleError(source, f"missing required field '{field}'") from err
        raise ArticleError(source, f"invalid field '{field}': {first['msg']}") from err
    title = _squash(rec.title)
    text, blocks = _built(title, [line.text for line in _lines(rec.text.replace("\r\n", "\n"))], set())
    return Article(id="r" + hashlib.sha1(rec.url.encode("utf-8")).hexdigest()[:16], source=rec.url,
                   title=title, outlet=rec.outlet or rec.source, url=rec.url, published=rec.published,
                   published_evidence=str(record["published"]), header_published=None, text=text,
                   blocks=blocks)


def _built(title: str, parts: list[str], captions: set[str]) -> tuple[str, tuple[Block, ...]]:
    """Title and parts joined with blank lines, split by the same line rules as a text page."""
    text = "\n\n".join([title, *parts])
    page = _classify(_lines(text)[1:], title)
    page = [Block("caption", b.text, b.start) if _key(b.text) in captions else b for b in page]
    return text, (Block("title", title, 0), *page)


def _html_title(tree: Any) -> str:
    for xpath in ('//meta[@property="og:title"]/@content', "//title//text()"):
        if found := " ".join(str(t) for t in tree.xpath(xpath)).strip():
            return found
    return ""


def _figcaptions(tree: Any) -> list[str]:
    nodes = tree.xpath("//figcaption[not(ancestor::nav or ancestor::aside or ancestor::footer"
                       " or ancestor::header)]")  # thumbnails in sidebars are not this story's photos
    return list(dict.fromkeys(c for c in (_squash(n.text_content()) for n in nodes) if c))


# ---------------------------------------------------------------- lines and blocks


@dataclass
class _Line:
    text: str  # stripped; may span hard-wrapped lines
    start: int
    after_blank: bool  # a blank line (or the start of the text) comes before it


def _lines(text: str) -> list[_Line]:
    """The non-blank lines with their offsets; a line starting in lower case may continue a wrapped one."""
    out: list[_Line] = []
    pos, blank = 0, True
    for raw in text.split("\n"):
        if stripped := raw.strip():
            start = pos + raw.index(stripped[0])
            if out and not blank and stripped[0].islower() and _wraps(out[-1].text, stripped):
                out[-1].text = text[out[-1].start : start + len(stripped)]
            else:
                out.append(_Line(stripped, start, blank))
        blank = not stripped
        pos += len(raw) + 1
    return out


def _wraps(text: str, following: str) -> bool:
    """Is `following` the rest of a hard-wrapped line? Wrapped prose is long and runs on past the break;
    a sentence end, a heading, a date line, a lone word ("Yonhap") or furniture ("tags ...") is not."""
    return not (len(text.split()) < 6 or _PROSE_END.search(text) or _HEADER.match(text) or _SECTION_END.search(text)
                or _INLINE_BOX.search(text) or _meta_date(text) or _FURNITURE.search(following))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _outlet(lines: list[_Line], has_header: bool) -> tuple[_Line | None, list[_Line]]:
    """The outlet's name: the line after the header, or a short first line when a headline follows it."""
    first = lines[0] if lines else None
    if first is None or _PROSE_END.search(first.text) or len(first.text.split()) > (8 if has_header else 5):
        return None, lines
    if not has_header and _find_title(lines[1:]) is None:
        return None, lines  # the short first line is the headline itself
    return first, lines[1:]


def _find_title(lines: list[_Line]) -> _Line | None:
    """First headline-shaped line before the story starts: 3 to 30 words, no full stop, not furniture."""
    for line in lines:
        kind = _line_kind(line.text)
        if kind == "body":
            return None
        if (kind == "noise" and 3 <= len(line.text.split()) <= 30 and not line.text.endswith(".")
                and not (_FURNITURE.search(line.text) or _SECTION_END.search(line.text)
                         or _SEPARATOR.search(line.text) or _meta_date(line.text))):
            return line
    return None


def _classify(lines: list[_Line], title: str) -> list[Block]:
    """The kind of each page line, in order: some rules depend on what came before (sections, repeats)."""
    blocks: list[Block] = []
    seen: set[str] = set()
    tail = box = title_seen = False
    for line in lines:
        text, key = line.text, _key(line.text)
        box = box and not line.after_blank  # an inline box ends at the next blank line
        kind: BlockKind
        if tail or box:
            kind = "noise"
        elif _SECTION_END.search(text):
            tail, kind = True, "noise"  # "Related Stories", "Comments": the rest of the page is furniture
        elif _INLINE_BOX.search(text):
            box, kind = True, "noise"
        elif key == _key(title) and not title_seen:
            title_seen, kind = True, "title"
        elif key in seen:
            kind = "noise"  # a repeat (the seed's caption twice): kept once, the copy is furniture
        else:
            kind = _line_kind(text)
        if kind in ("body", "caption"):
            seen.add(key)
        blocks.append(Block(kind, text, line.start))
    return blocks


def _line_kind(text: str) -> BlockKind:
    """A line's kind from its own shape: furniture, a caption, prose, or short unpunctuated furniture."""
    words = len(text.split())
    if _FURNITURE.search(text) or _meta_date(text):
        return "noise"
    if (_CAPTION_MARKER.search(text) or (words >= _MIN_WORDS_CREDIT and _CAPTION_CREDIT.search(text))
            or (_PAREN_CREDIT.search(text) and _PHOTO_CUE.search(text))):
        return "caption"
    # Prose ends like a sentence; breadcrumbs, labels, credits and related headlines do not.
    return "body" if _PROSE_END.search(text) or words >= _MIN_WORDS_BODY else "noise"


# ---------------------------------------------------------------- publication date


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(text: str) -> list[tuple[int, int, date]]:
    """Every full date in `text` as (start, end, date), in order of position."""
    found = []
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            month = int(m["m"]) if m["m"].isdigit() else _MONTHS[m["m"].lower()]
            if day := _date(int(m["y"]), month, int(m["d"])):
                found.append((m.start(), m.end(), day))
    return sorted(found, key=lambda f: f[0])


def _meta_date(text: str) -> tuple[date, str] | None:
    """A short meta line's publication date and the segment it is read from ("Posted : 2025-09-05 07:30")."""
    if len(text.split()) > _MAX_WORDS_META:
        return None
    if _PROSE_END.search(text) and not _CLOSING_TIME.search(text):
        return None  # a short sentence that mentions a date is prose, not a meta line
    found = _dates(text)
    # The first date not introduced by "Updated": a page gives its publication time first.
    chosen = next((f for f in found if not _UPDATED.search(text[: f[0]])), found[0] if found else None)
    if chosen is None:
        return None
    # Evidence: the segment between "|" separators that holds the date, without a following "Updated ...".
    cut = max([0] + [m.end() for m in _SEGMENT_END.finditer(text) if m.end() <= chosen[0]])
    after = _SEGMENT_END.search(text, chosen[1])
    return chosen[2], text[cut : after.start() if after else len(text)].strip()


def _dateline(page: list[Block], ref: date | None) -> tuple[date, str] | None:
    """A story dateline ("MOSCOW, Aug 12 (Reuters) -"); a missing year is the one nearest `ref`, never
    months after it."""
    for block in [b for b in page if b.kind == "body"][:3]:
        if not (m := _DATELINE.match(block.text)):
            continue
        month, day = _MONTHS[m["m"].lower()], int(m["d"])
        if m["y"]:
            found = _date(int(m["y"]), month, day)
        elif ref is None:
            return None
        else:
            years = (_date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1))
            near = [d for d in years if d and d <= ref + _DATELINE_SLACK]
            found = min(near, key=lambda d: abs(d - ref), default=None)
        if found:
            return found, m[0].strip()
    return None


def _published(page: list[Block], header: date | None, header_ev: str | None
               ) -> tuple[date | None, str | None, date | None]:
    """(published, evidence, header_published): a meta line above the story, then a dateline, then the
    header; the header's date is kept apart when the page's own date disagrees with it."""
    found: tuple[date, str] | None = None
    for block in page:
        if block.kind == "body" or (block.kind == "noise" and (found := _meta_date(block.text))):
            break
    if found is None:
        ref = header or next((d for b in page for _, _, d in _dates(b.text)), None)
        found = _dateline(page, ref)
    if found is None:
        return header, header_ev if header else None, None
    return found[0], found[1], header if header is not None and header != found[0] else None
