"""Files -> `Article` records: load and decode, split title / body / captions / page noise, date the page.

Three inputs: the seed text format (` date YYYY-MM-DD  Title`, outlet, page text), saved HTML pages and
JSON Lines records. Bad input never raises out of `iter_articles`: it becomes an `ArticleError` and the
batch goes on. What page furniture, captions and date lines look like is data (`kb/data/page_noise.toml`,
`kb/data/pubdate.toml`); the package applies it. Noise is kept as blocks, never deleted: offsets into
`Article.text` must stay true, and the extractor must be able to tell that a line was furniture.

Modules, in the order a file goes through them:
    files    walk folders, read with a size limit, decode, pick the format by suffix
    seed     the seed text format          html   saved web pages (trafilatura)     jsonl   JSON Lines records
    blocks   lines -> title / body / caption / noise blocks with offsets
    pubdate  the publication date and its evidence
    rules    the two data files, read once; ids  article ids; errors  `ArticleError`
"""

from __future__ import annotations

from kb.articles.errors import ArticleError
from kb.articles.files import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_BYTES,
    TEXT_SUFFIXES,
    input_files,
    iter_articles,
    load_file,
)
from kb.articles.html import parse_html
from kb.articles.jsonl import parse_record
from kb.articles.seed import parse_text

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_BYTES",
    "TEXT_SUFFIXES",
    "ArticleError",
    "input_files",
    "iter_articles",
    "load_file",
    "parse_html",
    "parse_record",
    "parse_text",
]
