"""Where an IRI from the data links to in the KB's pages, and back.

| IRI | page |
|---|---|
| `kbid:event/<id>` | `/events/<id>` |
| `wd:Q7747` (Wikidata: people, countries, organisations) | `/actors/wd:Q7747` |
| `kbid:actor/<slug>` | `/actors/<slug>` |
| `kbid:country/<ISO3>` | `/actors/country:<ISO3>` |
"""

from __future__ import annotations

import re

from kb.vocab import ID, WD

EVENT_PREFIX = str(ID) + "event/"
ACTOR_PREFIX = str(ID) + "actor/"
COUNTRY_PREFIX = str(ID) + "country/"
WIKIDATA = str(WD)
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
QID = re.compile(r"^Q\d+$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def actor_key(iri: str) -> str | None:
    """The `/actors/<key>` key of an actor or country IRI, or None."""
    for prefix, key_prefix, pattern in ((WIKIDATA, "wd:", QID), (ACTOR_PREFIX, "", SLUG),
                                        (COUNTRY_PREFIX, "country:", ISO3)):
        rest = iri[len(prefix):] if iri.startswith(prefix) else None
        if rest is not None and pattern.match(rest):
            return key_prefix + rest
    return None


def actor_iri(key: str) -> str | None:
    """The IRI an `/actors/<key>` page is about, or None for a key no IRI maps to."""
    if key.startswith("wd:") and QID.match(key[3:]):
        return WIKIDATA + key[3:]
    if key.startswith("country:") and ISO3.match(key[8:]):
        return COUNTRY_PREFIX + key[8:]
    if SLUG.match(key) and ":" not in key:
        return ACTOR_PREFIX + key
    return None


def event_id(iri: str) -> str | None:
    rest = iri[len(EVENT_PREFIX):] if iri.startswith(EVENT_PREFIX) else None
    return rest if rest and SLUG.match(rest) else None


def kb_link(iri: str) -> str | None:
    """The KB page for an IRI, an outside http(s) IRI as itself, or None (shown as plain text).

    Only http(s) IRIs become links: an IRI in the data such as `javascript:...` must never be an href.
    """
    found = event_id(iri)
    if found:
        return "/events/" + found
    key = actor_key(iri)
    if key:
        return "/actors/" + key
    if iri.startswith(("http://", "https://")):
        return iri
    return None
