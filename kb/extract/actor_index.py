"""The actor index: the gazetteer's names, titles, countries, organisations and places compiled for
finding them in text, built once per gazetteer (and kept between processes by kb.cache)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.cache import cached
from kb.extract.names import NameTrie
from kb.extract.patterns import Gate, guarded, literal_trie, word_gate
from kb.gazetteer import Gazetteer

HONORIFICS = r"(?:Dr|Mr|Mrs|Ms|Gen|Sheikh|Sir|Dame)\.?"
NAME_TOKENS = r"[A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){1,2}"


def _tokens(alias: str) -> list[str]:
    """A name's tokens: "-" and spaces are interchangeable ("Kim Jong-un" = "Kim Jong Un")."""
    return re.split(r"[\s-]+", alias.strip())


def _alternation(items: list[str]) -> str:
    """Any of `items`, the longest first, as a trie-shaped pattern (see kb.extract.trie)."""
    return literal_trie(item for item in items if item)


def norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@dataclass
class Index:
    """Compiled lookups over the gazetteer; built once per gazetteer."""

    gazetteer: Gazetteer
    full_names: NameTrie
    full_lookup: dict[str, str]  # normalised name -> person id
    short_lookup: dict[str, list[str]]  # surname -> person ids
    titled: re.Pattern[str]  # optional country word, a title, then the rest of the sentence
    unknown_person: re.Pattern[str]
    unknown_gate: Gate  # the words one of which every match holds: a sentence without any is not scanned
    office_ref: re.Pattern[str]
    office_gate: Gate
    countries: re.Pattern[str]
    country_lookup: dict[str, tuple[str, str]]  # surface -> (ISO3, how: alias | adjective | metonym)
    organizations: re.Pattern[str]
    org_lookup: dict[str, str]
    places: dict[str, tuple[str, str]]  # surface -> (place name, ISO3)
    place_names: re.Pattern[str]
    title_roles: dict[str, str]

    def __getstate__(self) -> dict[str, object]:
        # kb.cache keeps the gazetteer on its own; the loaded index is re-pointed at it (index_for)
        return {**self.__dict__, "gazetteer": None}


def build_index(g: Gazetteer) -> Index:
    full: dict[str, str] = {}
    short: dict[str, list[str]] = {}
    for person in g.people.values():
        for alias in (person.name, *person.aliases):
            if len(re.split(r"[\s-]+", alias.strip())) > 1:
                full[norm(alias)] = person.id
            else:
                short.setdefault(alias, []).append(person.id)
    full_tokens = [_tokens(a) for p in g.people.values() for a in (p.name, *p.aliases)
                   if norm(a) in full and len(_tokens(a)) > 1]
    title_roles = {t: role for role, titles in g.titles.items() for t in titles}
    country_words = g.country_words()
    prefix = _alternation([w for w, (_, how) in country_words.items() if how != "alias" or " " in w or w.isupper()]
                          + [w.removeprefix("the ") for w in country_words])
    titles = _alternation(list(title_roles))
    # Searched before every name: guarded for its non-empty matches, as an empty one is no title anyway.
    titled = rf"(?:\b(?P<cty>{prefix})(?P<poss>'s)?\s+)?(?:(?:then|former|acting)[- ])?(?:\b(?P<title>{titles})\s+)?$"
    org_lookup = {a: o.id for o in g.organizations.values() for a in (o.name, *o.aliases)}
    places = g.place_words()
    # Scanning patterns are `guarded`: a first-character lookahead that rejects most positions at once.
    # "Kenyan President Uhuru Kenyatta", "the Prime Minister of Ethiopia, Dr. Abiy Ahmed", "President Muhammadu
    # Buhari of Nigeria": the country before the title, after it ("of <country>,": read by look-up after the
    # match, so the pattern does not carry the country names three times), or after the name
    unknown_person = guarded(rf"(?:\b(?P<cty>{prefix})(?:'s)?\s+)?(?:\b(?:then|former|acting)[- ])?"
                             rf"\b(?P<title>{titles})"
                             rf"(?P<of>\s+of\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){{0,3}}?[A-Z][\w'’.-]*,)?"
                             rf"\s+(?:{HONORIFICS}\s+)?(?P<name>{NAME_TOKENS})\b(?P<after>\s+of\s+)?")
    office_ref = guarded(rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:former|then)\s+)?(?P<cty>{prefix})\s+"
                         rf"(?P<title>{titles}|counterpart|head of state|guest|host)\b(?!\s+[A-Z])")
    return Index(
        gazetteer=g,
        full_names=NameTrie(full_tokens),
        full_lookup=full,
        short_lookup=short,
        titled=guarded(titled, nonempty=True),
        unknown_person=unknown_person,
        unknown_gate=word_gate([unknown_person]),
        office_ref=office_ref,
        office_gate=word_gate([office_ref]),
        countries=guarded(rf"(?<![\w.])(?:{_alternation(list(country_words))})(?![\w])"),
        country_lookup=country_words,
        organizations=guarded(rf"(?<![\w.])(?:{_alternation(list(org_lookup))})(?![\w])"),
        org_lookup=org_lookup,
        places=places,
        place_names=guarded(rf"(?<![\w.])(?:{_alternation(list(places))})(?![\w])"),
        title_roles=title_roles,
    )


_INDEXES: dict[int, Index] = {}


def index_for(gazetteer: Gazetteer) -> Index:
    """The index of a gazetteer, built on first use (the index keeps the gazetteer alive, so ids stay unique)."""
    index = _INDEXES.get(id(gazetteer))
    if index is None or index.gazetteer is not gazetteer:
        index = _INDEXES[id(gazetteer)] = _built_index(gazetteer)
    return index


def _built_index(gazetteer: Gazetteer) -> Index:
    """The index, from the cache when it was built from the same data (kb.cache); it is re-pointed at
    this process's gazetteer object, which the rest of the extractor compares by identity."""
    key = gazetteer.source_key
    if not key:
        return build_index(gazetteer)
    index = cached("actor-index", key, lambda: build_index(gazetteer))
    index.gazetteer = gazetteer
    return index
