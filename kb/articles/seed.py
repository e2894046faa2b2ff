"""The seed text format: ` date YYYY-MM-DD  Title`, the outlet's name, then the page as copied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kb.articles.blocks import classify, find_title, lines, outlet
from kb.articles.errors import EMPTY, ArticleError
from kb.articles.ids import file_id
from kb.articles.pubdate import iso_date, published
from kb.articles.rules import HEADER
from kb.records import Article, Block


def parse_text(raw: str, source: str) -> Article:
    """The seed format: ` date YYYY-MM-DD  Title`, outlet, page. Either header line may be missing."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    page_lines = lines(text)
    if not page_lines:
        raise ArticleError(source, EMPTY)
    head: list[Block] = []
    header: date | None = None
    header_ev: str | None = None
    title: Block | None = None
    if match := HEADER.match(page_lines[0].text):
        first = page_lines[0].start
        header_ev = text[first : first + match.end(1)]
        header, title = iso_date(match[1]), Block("title", match[2], first + match.start(2))
        head, page_lines = [Block("noise", header_ev, first), title], page_lines[1:]
    site, page_lines = outlet(page_lines, title is not None)
    if site:
        head.append(Block("noise", site.text, site.start))
    if title is None:
        if (found := find_title(page_lines)) is None:
            raise ArticleError(source, "no title")
        title = Block("title", found.text, found.start)
    page = classify(page_lines, title.text)
    date_, evidence, header_published = published(page, header, header_ev)
    name = Path(source).name
    return Article(id=file_id(name), source=name, title=title.text, outlet=site.text if site else None,
                   published=date_, published_evidence=evidence, header_published=header_published,
                   text=text, blocks=tuple(sorted(head + page, key=lambda b: b.start)))
