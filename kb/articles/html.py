"""Saved HTML pages: main text and metadata by trafilatura (no network), captions from <figcaption>."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.articles.blocks import built, key, squash
from kb.articles.errors import EMPTY, ArticleError
from kb.articles.ids import file_id
from kb.articles.pubdate import iso_date, published
from kb.records import Article


def parse_html(raw: str, source: str, url: str | None = None) -> Article:
    """A saved web page: main text and metadata by trafilatura (no network), captions from <figcaption>."""
    import lxml.html
    import trafilatura  # here, not at the top: slow to import, and only HTML needs it

    if not raw.strip():
        raise ArticleError(source, EMPTY)
    try:
        doc = trafilatura.bare_extraction(raw, url=url, include_comments=False, with_metadata=True,
                                          date_extraction_params={"extensive_search": False,
                                                                  "original_date": True})
        # Bytes with an explicit encoding: lxml refuses a str that carries an XML encoding declaration.
        tree = lxml.html.document_fromstring(raw.encode("utf-8"), lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as err:  # a parser failure on one bad page is that page's error, not the batch's
        raise ArticleError(source, f"could not parse HTML ({type(err).__name__}: {err})") from err
    meta: dict[str, Any] = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc else {}
    title = squash(meta.get("title") or _html_title(tree))
    if not title:
        raise ArticleError(source, "no title")
    paragraphs = [squash(p) for p in str(meta.get("text") or "").split("\n") if p.strip()]
    if paragraphs and key(paragraphs[0]) == key(title):
        paragraphs = paragraphs[1:]  # trafilatura repeats the <h1>; the title block already holds it
    captions = _figcaptions(tree)
    # Figures usually open the story; a caption trafilatura kept in the text stays where it is.
    parts = [c for c in captions if key(c) not in {key(p) for p in paragraphs}] + paragraphs
    text, blocks = built(title, parts, {key(c) for c in captions})
    date_, evidence, _ = published(list(blocks[1:]), None, None)
    if meta_date := iso_date(str(meta.get("date") or "")[:10]):  # from the page's meta tags
        date_, evidence = meta_date, str(meta["date"])
    name = Path(source).name
    return Article(id=file_id(name), source=name, title=title, outlet=meta.get("sitename") or None,
                   url=url or meta.get("url") or None, published=date_, published_evidence=evidence,
                   header_published=None, text=text, blocks=blocks)


def _html_title(tree: Any) -> str:
    for xpath in ('//meta[@property="og:title"]/@content', "//title//text()"):
        if found := " ".join(str(t) for t in tree.xpath(xpath)).strip():
            return found
    return ""


def _figcaptions(tree: Any) -> list[str]:
    nodes = tree.xpath("//figcaption[not(ancestor::nav or ancestor::aside or ancestor::footer"
                       " or ancestor::header)]")  # thumbnails in sidebars are not this story's photos
    return list(dict.fromkeys(c for c in (squash(n.text_content()) for n in nodes) if c))
