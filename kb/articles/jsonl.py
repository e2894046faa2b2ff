"""JSON Lines records {url, title, published, text[, outlet]} -> Article, validated by a pydantic model."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from kb.articles.blocks import built, lines, squash
from kb.articles.errors import ArticleError
from kb.articles.ids import url_id
from kb.records import Article

_Filled = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Record(BaseModel):
    """One JSON Lines record; extra fields are ignored."""

    model_config = ConfigDict(extra="ignore")
    url: _Filled
    title: _Filled
    published: date
    text: _Filled
    outlet: str | None = None
    source: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso(cls, value: object) -> date:
        if isinstance(value, date):
            return value
        try:  # "2025-08-13" or an ISO datetime ("2025-08-13T09:30:00Z"): its calendar date
            return datetime.fromisoformat(str(value).strip()).date()
        except ValueError:
            raise ValueError("is not an ISO date (YYYY-MM-DD) or datetime") from None


def parse_record(record: dict[str, Any], source: str) -> Article:
    """A JSON Lines record {url, title, published, text[, outlet]} -> Article; `source` names it in errors."""
    try:
        rec = _Record.model_validate(record)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        if first["type"] == "missing":
            raise ArticleError(source, f"missing required field '{field}'") from err
        raise ArticleError(source, f"invalid field '{field}': {first['msg']}") from err
    title = squash(rec.title)
    text, blocks = built(title, [line.text for line in lines(rec.text.replace("\r\n", "\n"))], set())
    return Article(id=url_id(rec.url), source=rec.url, title=title, outlet=rec.outlet or rec.source, url=rec.url,
                   published=rec.published, published_evidence=str(record["published"]), header_published=None,
                   text=text, blocks=blocks)
