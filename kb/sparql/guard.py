"""Refuse unsafe SPARQL before it runs.

The guard tokenises the query with a lexer for SPARQL's terminals (IRIs, prefixed names,
variables, strings, comments, numbers, punctuation and keywords), after undoing `\\uXXXX`
escapes as the SPARQL grammar says a parser must first. Keywords are reserved words of the
grammar: once strings, IRIs, comments and prefixed names are tokens of their own, a bare word
`SERVICE` can only be the keyword, so nothing can hide it. The engine's own parser then parses
the query and reports its syntax errors; text the lexer cannot read at all is refused.

Why not rdflib's parser: it takes ~10 ms per query (pyparsing), more than the engine needs to
answer most of the KB's queries; the lexer takes microseconds. A test checks both agree on
every hostile query in the suite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from kb.vocab import BASE, PREFIXES

GRAPH_NAMESPACE = BASE + "id/graph/"
UPDATE_WORDS = {"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
# The engine parses and evaluates recursively: measured on pyoxigraph 0.5, about 5,000 nested
# brackets, 1,500 nested function calls, 3,000 BINDs or 7,000 chained `+` / UNION crash the
# process that runs the query (a stack overflow, not an exception). These limits stay far below
# that and far above any real query (the KB's named queries: at most 5 deep and 216 terms).
MAX_DEPTH = 100
MAX_TERMS = 5000  # tokens outside VALUES blocks, whose rows are a flat table to the engine
OPENERS, CLOSERS = {"{", "(", "["}, {"}", ")", "]"}

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<bnode>_:[\w.\-\u00b7]+)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:\\.|[\w:%.\-])*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;*=<>!+\-/|^@?])
""", re.VERBOSE | re.UNICODE)
UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Refused(Exception):
    """The query may not run here; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass
class Checked:
    """What the guard learnt: the query form and the dataset it names (IRIs, checked)."""

    form: str
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def unescape(text: str) -> str:
    return UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> Iterator[Token]:
    """The query's tokens, without whitespace and comments.

    Text the lexer cannot read is refused rather than skipped: skipping it would leave the rest
    of the query unchecked.
    """
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
            raise Refused(400, f"syntax error at line {line}, column {column}: "
                               f"unexpected {text[position]!r}")
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group())
        position = match.end()


def check_query(text: str, graph_exists: Callable[[str], bool]) -> Checked:
    """Refuse the query or say what it is; `graph_exists` answers for an IRI of the KB's namespace."""
    return _check(list(tokens(unescape(text))), graph_exists, update=False)


def check_update(text: str, graph_exists: Callable[[str], bool]) -> None:
    """An update (only when enabled): still never LOAD, SERVICE, or USING another graph."""
    _check(list(tokens(unescape(text))), graph_exists, update=True)


def check_graph_iris(iris: list[str], graph_exists: Callable[[str], bool]) -> list[str]:
    for iri in iris:
        _require_kb_graph(iri, graph_exists)
    return iris


def _check(stream: list[Token], graph_exists: Callable[[str], bool], update: bool) -> Checked:
    _check_shape(stream)
    words = [(i, t.text.upper()) for i, t in enumerate(stream) if t.kind == "word"]
    for _, word in words:
        if word == "SERVICE":
            raise Refused(400, "SERVICE is not allowed: this endpoint never queries other services")
        if word == "LOAD":
            raise Refused(400, "LOAD is not allowed: this endpoint never fetches URLs or reads files")
        if word in UPDATE_WORDS and not update:
            raise Refused(403, f"{word}: updates are not accepted here; the endpoint is read-only")
    form = next((word for _, word in words if word in FORMS), "")
    checked = Checked(form)
    prefixes, base = _prologue(stream)
    for index, word in words:
        if word in ("FROM", "USING"):
            named = index + 1 < len(stream) and stream[index + 1].text.upper() == "NAMED"
            target = stream[index + 2] if named else stream[index + 1] if index + 1 < len(stream) else None
            iri = _resolve(target, prefixes, base)
            _require_kb_graph(iri, graph_exists)
            (checked.from_named if named else checked.from_graphs).append(iri)
    return checked


def _check_shape(stream: list[Token]) -> None:
    """Refuse queries nested deeper than MAX_DEPTH or longer than MAX_TERMS (see MAX_DEPTH)."""
    depth = terms = 0
    values_depth = -1  # the depth of the VALUES block being read, -1 outside one
    for i, token in enumerate(stream):
        if token.kind == "punct" and token.text in OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(400, f"the query nests brackets more than {MAX_DEPTH} deep; the engine cannot "
                                   "run it safely: flatten it")
            if values_depth < 0 and token.text == "{" and _opens_values(stream, i):
                values_depth = depth
        elif token.kind == "punct" and token.text in CLOSERS:
            if depth == values_depth:
                values_depth = -1
            depth = max(depth - 1, 0)
        if values_depth < 0:
            terms += 1
            if terms > MAX_TERMS:
                raise Refused(400, f"the query has more than {MAX_TERMS} terms outside VALUES blocks; the "
                                   "engine cannot run it safely: split it up or put long lists in VALUES")


def _opens_values(stream: list[Token], brace: int) -> bool:
    """Whether the `{` at `brace` starts the data of `VALUES ?x {` or `VALUES (?x ?y) {`."""
    i = brace - 1
    if i >= 0 and stream[i].text == ")":
        while i >= 0 and stream[i].text != "(":
            i -= 1
        i -= 1
    elif i >= 0 and stream[i].kind == "var":
        i -= 1
    return i >= 0 and stream[i].kind == "word" and stream[i].text.upper() == "VALUES"


def _prologue(stream: list[Token]) -> tuple[dict[str, str], str | None]:
    """PREFIX and BASE declarations, on top of the KB's predeclared prefixes."""
    prefixes = dict(PREFIXES)
    base = None
    for i, token in enumerate(stream[:-1]):
        keyword = token.text.upper() if token.kind == "word" else ""
        if keyword == "BASE" and stream[i + 1].kind == "iri":
            base = urljoin(base or "", stream[i + 1].text[1:-1])
        elif keyword == "PREFIX" and i + 2 < len(stream) and stream[i + 2].kind == "iri":
            prefixes[stream[i + 1].text.rstrip(":")] = urljoin(base or "", stream[i + 2].text[1:-1])
    return prefixes, base


def _resolve(token: Token | None, prefixes: dict[str, str], base: str | None) -> str:
    if token is not None and token.kind == "iri":
        return urljoin(base or "", token.text[1:-1])
    if token is not None and token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
    shown = token.text if token else "nothing"
    raise Refused(400, f"FROM must name one of the knowledge base's graphs, not {shown}")


def _require_kb_graph(iri: str, graph_exists: Callable[[str], bool]) -> None:
    safe = iri.startswith(GRAPH_NAMESPACE) and not re.search(r"[\s<>\"{}|^`\\]", iri)
    if not (safe and graph_exists(iri)):
        raise Refused(400, f"FROM / FROM NAMED / dataset parameters may only name graphs this knowledge "
                           f"base holds; {iri!r} is not one of them")
