"""The one error type of `kb.articles`: an input that could not become an Article, with its reason."""

from __future__ import annotations

# Shared wording, so an empty file, an empty JSON Lines file and a blank page read the same in reports.
EMPTY = "empty or whitespace-only"


class ArticleError(Exception):
    """One input that could not become an Article."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[ArticleError], tuple[str, str]]:
        # Pickle by the constructor's own arguments: errors travel back from extraction worker
        # processes, and the default Exception pickling would call __init__ with one argument.
        return (ArticleError, (self.source, self.reason))
