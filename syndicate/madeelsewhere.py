"""Values derived from an article's text in another process, looked up while in use.

The parsing workers derive what storing an article costs most CPU for (its story
print, its folded search text) on every core; the process that writes the store is
handed those values with the articles and looks them up instead of deriving them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from syndicate.model import Article

T = TypeVar("T")
_Key = tuple[str, str, str]


def text_key(article: Article) -> _Key:
    """What the derived values depend on: the article's title, summary and body."""
    return (article.title, article.summary, article.content_html)


class MadeElsewhere(Generic[T]):
    """A table of derived values, filled only for the duration of a `using` block."""

    def __init__(self) -> None:
        self._values: dict[_Key, T] = {}

    def get(self, article: Article) -> T | None:
        return self._values.get(text_key(article))

    @contextmanager
    def using(self, pairs: Iterable[tuple[Article, T]]) -> Iterator[None]:
        """Look these values up for their articles until the block ends."""
        added = []
        for article, value in pairs:
            key = text_key(article)
            if key not in self._values:
                self._values[key] = value
                added.append(key)
        try:
            yield
        finally:
            for key in added:
                del self._values[key]
