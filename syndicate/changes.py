"""Decide what one source's fresh articles change in the store, without touching it.

`plan_changes` compares the stored state with what a source just produced and returns
intents (`Insert`, `Update`, `Seen`); the store applies them in one transaction. Being
pure, it is tested with plain values: no SQLite, no HTTP, no clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from syndicate.model import Article, StoredArticle

ARTICLE_ID_LENGTH = 16


@dataclass(frozen=True, slots=True)
class Insert:
    """A new article. `duplicate_of` names a stored article this one republishes.

    Nothing here sets `duplicate_of` yet: it is the seam for a later near-duplicate
    step, which rewrites an `Insert` with `dataclasses.replace(change, duplicate_of=id)`;
    the store then keeps the row but folds it into that article's feed entry.
    """

    id: str
    article: Article
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """A stored article whose content changed: same id, `last_updated` moves."""

    id: str
    article: Article
    last_updated: datetime


@dataclass(frozen=True, slots=True)
class Seen:
    """A stored article listed again unchanged: only its appearance's last_seen moves."""

    id: str
    source_id: str
    url: str


Change = Insert | Update | Seen


def article_id(canonical_url: str) -> str:
    """The stable id given to an article at first insert; never recomputed afterwards."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:ARTICLE_ID_LENGTH]


def plan_changes(
    source_id: str,
    stored: Mapping[str, StoredArticle],
    fresh: Sequence[Article],
    now: datetime,
) -> list[Change]:
    """Turn one source's fresh articles into changes, in the order they were found.

    `stored` is keyed by canonical URL. A URL listed twice counts once (first wins).
    """
    changes: list[Change] = []
    planned: set[str] = set()
    for article in fresh:
        if article.url in planned:
            continue
        planned.add(article.url)
        known = stored.get(article.url)
        if known is None:
            changes.append(Insert(article_id(article.url), article))
            continue
        merged = _carry_over(known, article)
        # A hidden article stays as it was hidden: record the sighting, never its content.
        if known.hidden or not _changed(known.article, merged):
            changes.append(Seen(known.id, source_id, article.url))
        else:
            changes.append(Update(known.id, merged, last_updated=now))
    return changes


def _carry_over(known: StoredArticle, article: Article) -> Article:
    """Keep what must not move between runs."""
    # The first source that carried the article stays its origin, whichever source
    # lists it now; other sources are recorded as appearances.
    kept = replace(
        article,
        source_id=known.article.source_id,
        district=known.article.district,
        category=article.category or known.article.category,
    )
    # An estimated date is "when we first saw it"; re-estimating on every run would
    # make old articles look new. A real date printed later does replace the estimate.
    if article.date_estimated:
        kept = replace(
            kept,
            published=known.article.published,
            date_estimated=known.article.date_estimated,
        )
    return kept


def _changed(old: Article, new: Article) -> bool:
    if _fingerprint(old) != _fingerprint(new):
        return True
    # A real date that replaces an estimate is news even when the text is the same.
    return old.date_estimated and not new.date_estimated and old.published != new.published


def _fingerprint(article: Article) -> str:
    if article.content_hash:
        return article.content_hash
    # Articles built without a content hash (hand-made, older rows) still compare
    # on what a reader sees.
    parts = (
        article.title,
        article.summary,
        article.content_html,
        article.author or "",
        article.image_url or "",
        article.published.isoformat(),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
