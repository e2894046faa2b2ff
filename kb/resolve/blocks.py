"""The block a report is resolved in: only reports of one block can tell of the same event."""

from __future__ import annotations

from collections.abc import Iterable

# A visit and the host's talks with the visitor are one encounter, reported either way.
COARSE_TYPE = {"visit": "meeting"}


def block_key(event_type: str, party_keys: Iterable[str]) -> str:
    """'meeting|PRK,RUS': the coarse type and the parties at the country level (an ISO code, or the
    slug of an organisation's name), as the scorer and the analysts compare events."""
    return f"{COARSE_TYPE.get(event_type, event_type)}|{','.join(sorted(set(party_keys)))}"
