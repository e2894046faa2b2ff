"""Split a block of text into sentences, keeping each sentence's offset.

Rule-based on purpose: news text is regular enough, and offsets must stay exact. A full stop ends a
sentence unless it closes an abbreviation ("U.S.", "Aug.", "Dec. 5", "Gen."), an initial ("J. Smith")
or sits inside a number; a closing quote or bracket after the stop stays with the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.records import Block, BlockKind

# Abbreviations after which a full stop does not end a sentence when a capital or digit follows.
ABBREVIATIONS = frozenset([
    "U.S", "U.K", "U.N", "E.U", "N", "D.C", "a.m", "p.m", "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col",
    "Maj", "Capt", "Sgt", "Adm", "Gov", "Sen", "Rep", "St", "Jr", "Sr", "Inc", "Co", "Corp", "Ltd", "No", "Nos",
    "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "approx", "Dept", "Ave", "Mt",
])
# Abbreviations that can also end a sentence: split there when a capitalised word follows.
SENTENCE_FINAL = frozenset({"a.m", "p.m", "etc", "Co", "Inc", "Ltd", "Corp", "Jr", "Sr"})

BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
# A "sentence" longer than this is no prose the rules can read (a page without full stops, a run-on
# scrape): it is read in pieces of at most this length, cut at spaces, so the cost of one sentence, which
# grows faster than its length, stays bounded. News sentences are a few hundred characters long.
MAX_SENTENCE = 1000
WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")  # letters and the dots of "U.S"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a block; `start` is its offset in `Article.text`."""

    text: str
    start: int
    block: BlockKind
    block_start: int  # offset of the block, to tell sentences of one paragraph apart

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _word_before(text: str, stop: int) -> str | None:
    """The word ending at `stop`: letters and dots, starting with a letter (what the regex
    `[A-Za-z][A-Za-z.]*$` finds there, read backwards instead of tried at every earlier position)."""
    if stop and text[stop - 1] == "\n":
        stop -= 1  # as `$` matches before a final newline
    start = stop
    while start and text[start - 1] in WORD_CHARS:
        start -= 1
    while start < stop and text[start] == ".":
        start += 1
    return text[start:stop] if start < stop else None


def _is_abbreviation(text: str, stop: int) -> bool:
    """Does the full stop at `stop` close an abbreviation or an initial?"""
    found = _word_before(text, stop)
    if not found:
        return False
    word = found.rstrip(".")
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith", or the last letter of "U.S."
    if word in SENTENCE_FINAL:
        return False
    return word in ABBREVIATIONS


def _ends(text: str) -> list[int]:
    ends = []
    for match in BOUNDARY.finditer(text):
        if match.group().startswith(".") and len(match.group()) == 1 and _is_abbreviation(text, match.start()):
            continue
        ends.append(match.end())
    return ends


def split_text(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding whitespace."""
    spans = []
    start = 0
    for end in [*_ends(text), len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.extend(_pieces(text, start + lead, start + lead + len(stripped)))
        start = end
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` as spans of at most MAX_SENTENCE characters, cut at the last space that fits
    (anywhere when there is none), each trimmed of surrounding whitespace."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE + 1)
        stop = cut if cut > start else start + MAX_SENTENCE
        piece = text[start:stop].rstrip()
        out.append((start, start + len(piece)))
        start = stop
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def split_block(block: Block) -> list[Sentence]:
    return [Sentence(block.text[s:e], block.start + s, block.kind, block.start)
            for s, e in split_text(block.text)]
