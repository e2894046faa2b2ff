"""Where an IRI from the data links to in the KB's pages (the timeline work fills in more)."""

from __future__ import annotations

from kb.vocab import BASE

EVENT_PREFIX = BASE + "id/event/"


def kb_link(iri: str) -> str | None:
    """The KB page for an IRI, an outside http(s) IRI as itself, or None (shown as plain text).

    Only http(s) IRIs become links: an IRI in the data such as `javascript:...` must never be an href.
    """
    if iri.startswith(EVENT_PREFIX) and "/" not in iri[len(EVENT_PREFIX):]:
        return "/events/" + iri[len(EVENT_PREFIX):]
    if iri.startswith(("http://", "https://")):
        return iri
    return None
