"""Page text -> blocks: every non-blank line as title, body, caption or noise, with its offset.

What page furniture, section ends, inline boxes and captions look like is data (`kb/data/page_noise.toml`);
this module applies it. Noise is kept as blocks, never deleted: offsets into `Article.text` must stay true,
and the extractor must be able to tell that a line was furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.articles.pubdate import meta_date
from kb.articles.rules import HEADER, NOISE, PROSE_END, any_of
from kb.records import Block, BlockKind

_FURNITURE = any_of(NOISE["furniture"]["patterns"])
_SECTION_END = any_of(NOISE["sections"]["end"])
_INLINE_BOX = any_of(NOISE["sections"]["inline_box"])
_CAPTION_MARKER = any_of(NOISE["caption"]["markers"])
_CAPTION_CREDIT = any_of(NOISE["caption"]["credits"], 0)
_PAREN_CREDIT = re.compile(NOISE["caption"]["paren_credit"])
_PHOTO_CUE = any_of(NOISE["caption"]["photo_cues"])
_MIN_WORDS_BODY = int(NOISE["shape"]["min_words_unpunctuated_body"])
_MIN_WORDS_CREDIT = int(NOISE["shape"]["min_words_credit_caption"])
_SEPARATOR = re.compile(r"\s[>|»·/]\s")


@dataclass
class Line:
    text: str  # stripped; may span hard-wrapped lines
    start: int
    after_blank: bool  # a blank line (or the start of the text) comes before it


def lines(text: str) -> list[Line]:
    """The non-blank lines with their offsets; a line starting in lower case may continue a wrapped one."""
    out: list[Line] = []
    pos, blank = 0, True
    for raw in text.split("\n"):
        if stripped := raw.strip():
            start = pos + raw.index(stripped[0])
            if out and not blank and stripped[0].islower() and _wraps(out[-1].text, stripped):
                out[-1].text = text[out[-1].start : start + len(stripped)]
            else:
                out.append(Line(stripped, start, blank))
        blank = not stripped
        pos += len(raw) + 1
    return out


def _wraps(text: str, following: str) -> bool:
    """Is `following` the rest of a hard-wrapped line? Wrapped prose is long and runs on past the break;
    a sentence end, a heading, a date line, a lone word ("Yonhap") or furniture ("tags ...") is not."""
    return not (len(text.split()) < 6 or PROSE_END.search(text) or HEADER.match(text) or _SECTION_END.search(text)
                or _INLINE_BOX.search(text) or meta_date(text) or _FURNITURE.search(following))


def key(text: str) -> str:
    """A line as compared with another (title repeats, captions): whitespace and case do not count."""
    return " ".join(text.split()).casefold()


def squash(text: str | None) -> str:
    """`text` on one line, runs of whitespace as one space."""
    return " ".join((text or "").split())


def outlet(page: list[Line], has_header: bool) -> tuple[Line | None, list[Line]]:
    """The outlet's name: the line after the header, or a short first line when a headline follows it."""
    first = page[0] if page else None
    if first is None or PROSE_END.search(first.text) or len(first.text.split()) > (8 if has_header else 5):
        return None, page
    if not has_header and find_title(page[1:]) is None:
        return None, page  # the short first line is the headline itself
    return first, page[1:]


def find_title(page: list[Line]) -> Line | None:
    """First headline-shaped line before the story starts: 3 to 30 words, no full stop, not furniture."""
    for line in page:
        kind = _line_kind(line.text)
        if kind == "body":
            return None
        if (kind == "noise" and 3 <= len(line.text.split()) <= 30 and not line.text.endswith(".")
                and not (_FURNITURE.search(line.text) or _SECTION_END.search(line.text)
                         or _SEPARATOR.search(line.text) or meta_date(line.text))):
            return line
    return None


def classify(page: list[Line], title: str) -> list[Block]:
    """The kind of each page line, in order: some rules depend on what came before (sections, repeats)."""
    blocks: list[Block] = []
    seen: set[str] = set()
    tail = box = title_seen = False
    title_key = key(title)
    for line in page:
        text, line_key = line.text, key(line.text)
        box = box and not line.after_blank  # an inline box ends at the next blank line
        kind: BlockKind
        if tail or box:
            kind = "noise"
        elif _SECTION_END.search(text):
            tail, kind = True, "noise"  # "Related Stories", "Comments": the rest of the page is furniture
        elif _INLINE_BOX.search(text):
            box, kind = True, "noise"
        elif line_key == title_key and not title_seen:
            title_seen, kind = True, "title"
        elif line_key in seen:
            kind = "noise"  # a repeat (the seed's caption twice): kept once, the copy is furniture
        else:
            kind = _line_kind(text)
        if kind in ("body", "caption"):
            seen.add(line_key)
        blocks.append(Block(kind, text, line.start))
    return blocks


def _line_kind(text: str) -> BlockKind:
    """A line's kind from its own shape: furniture, a caption, prose, or short unpunctuated furniture."""
    words = len(text.split())
    if _FURNITURE.search(text) or meta_date(text):
        return "noise"
    if (_CAPTION_MARKER.search(text) or (words >= _MIN_WORDS_CREDIT and _CAPTION_CREDIT.search(text))
            or (_PAREN_CREDIT.search(text) and _PHOTO_CUE.search(text))):
        return "caption"
    # Prose ends like a sentence; breadcrumbs, labels, credits and related headlines do not.
    return "body" if PROSE_END.search(text) or words >= _MIN_WORDS_BODY else "noise"


def built(title: str, parts: list[str], captions: set[str]) -> tuple[str, tuple[Block, ...]]:
    """Title and parts (HTML paragraphs, JSON text) joined with blank lines, split by the same line rules
    as a text page; a part whose key is in `captions` is a caption whatever its shape."""
    text = "\n\n".join([title, *parts])
    page = classify(lines(text)[1:], title)
    page = [Block("caption", b.text, b.start) if key(b.text) in captions else b for b in page]
    return text, (Block("title", title, 0), *page)
