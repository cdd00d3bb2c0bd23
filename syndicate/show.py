"""One stored article and its history, as `syndicate show` prints it.

Pure: the command reads the store and hands the values here. The record says where the
article came from, whether it is in the feeds (or merged into another story, or
withdrawn and why), and what each earlier version read, with the fields each edit
changed, so an operator can answer "what did this say before?" without SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from syndicate.model import Article, ArticleVersion, StoredArticle
from syndicate.text.dates import publication_text

# Fields an edit can change that a reader sees or an operator asks about; the hash only
# summarises them.
_COMPARED = tuple(f.name for f in fields(Article) if f.name != "content_hash")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """Everything `show` tells about one article."""

    stored: StoredArticle
    versions: Sequence[ArticleVersion]  # newest first, as the store gives them
    withdrawn: tuple[str, datetime] | None = None  # reason and time
    entry_id_prefix: str | None = None  # None until something was published
    # What follows the prefix in the story's entry id when it is not its canonical
    # article's own: the id the story was first published under, kept through a takeover.
    story_entry_id: str | None = None
    # A merged copy's story leaves the feeds when its canonical article is withdrawn.
    story_withdrawn: tuple[str, datetime] | None = None


def changed_fields(older: Article, newer: Article) -> list[str]:
    """Names of the fields that differ between two versions of an article."""
    return [name for name in _COMPARED if getattr(older, name) != getattr(newer, name)]


def entry_id(record: ArticleRecord) -> str | None:
    """The id of the feed entry that shows this article: its own, or, for a merged
    copy, the id of the story's canonical article; either way the id the story was
    first published under if another copy took it over since."""
    if record.entry_id_prefix is None:
        return None
    story = record.story_entry_id or record.stored.canonical_of or record.stored.id
    return record.entry_id_prefix + story


def state(record: ArticleRecord) -> str:
    stored = record.stored
    if record.withdrawn is not None or stored.hidden or _story_withdrawn(record):
        return "withdrawn"
    return "duplicate" if stored.canonical_of else "published"


def _story_withdrawn(record: ArticleRecord) -> tuple[str, datetime] | None:
    return record.story_withdrawn if record.stored.canonical_of else None


def as_json(record: ArticleRecord) -> dict[str, Any]:
    stored = record.stored
    newer = [stored.article, *(v.article for v in record.versions)]
    return {
        "id": stored.id,
        "entry_id": entry_id(record),
        "state": state(record),
        "canonical_of": stored.canonical_of,
        "withdrawn": _withdrawal_json(record.withdrawn),
        "story_withdrawn": _withdrawal_json(_story_withdrawn(record)),
        "sources": list(stored.sources),
        "first_seen": stored.first_seen.isoformat(),
        "last_updated": stored.last_updated.isoformat(),
        **_article_json(stored.article),
        "versions": [
            {
                "since": version.since.isoformat(),
                "replaced": version.replaced.isoformat(),
                "changed": changed_fields(version.article, after),
                **_article_json(version.article),
            }
            for version, after in zip(record.versions, newer, strict=False)
        ],
    }


def as_text(record: ArticleRecord, zone: ZoneInfo, place: str) -> list[str]:
    """Lines for a terminal; times in the province's zone, `place` the district's name
    (the province's for a province-level article)."""
    stored, article = record.stored, record.stored.article
    lines = [
        f"id:           {stored.id}",
        *([f"entry id:     {entry}"] if (entry := entry_id(record)) else []),
        f"title:        {article.title}",
        f"url:          {article.url}",
        f"state:        {_state_text(record, zone)}",
        f"district:     {place}",
        f"category:     {_category_text(article)}",
        f"published:    {publication_text(article.published, zone)}"
        + (" (date estimated)" if article.date_estimated else ""),
        *([f"updated:      {_when(article.updated, zone)}"] if article.updated else []),
        f"author:       {', '.join(filter(None, (article.author, article.organisation))) or '-'}",
        f"sources:      {', '.join(stored.sources) or article.source_id}",
        f"first seen:   {_when(stored.first_seen, zone)}",
        f"last changed: {_when(stored.last_updated, zone)}",
        f"versions:     {len(record.versions)} earlier",
    ]
    newer = [article, *(v.article for v in record.versions)]
    for version, after in zip(record.versions, newer, strict=False):
        changed = ", ".join(changed_fields(version.article, after)) or "nothing visible"
        lines.append(
            f"  until {_when(version.replaced, zone)} (since {_when(version.since, zone)}): "
            f"{changed} changed; it read: {version.article.title}"
        )
        if "url" in changed_fields(version.article, after):
            lines.append(f"    at {version.article.url}")
    return lines


def _withdrawal_json(withdrawal: tuple[str, datetime] | None) -> dict[str, str] | None:
    if withdrawal is None:
        return None
    reason, when = withdrawal
    return {"reason": reason, "at": when.isoformat()}


def _article_json(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "source_id": article.source_id,
        "district": article.district,
        "category": article.category,
        "native_category": article.native_category,
        "published": article.published.isoformat(),
        "date_estimated": article.date_estimated,
        "updated": article.updated.isoformat() if article.updated else None,
        "author": article.author,
        "organisation": article.organisation,
        "image_url": article.image_url,
        "image_caption": article.image_caption,
        "guid": article.guid,
        "summary": article.summary,
        "content_html": article.content_html,
    }


def _state_text(record: ArticleRecord, zone: ZoneInfo) -> str:
    if record.withdrawn is not None:
        reason, when = record.withdrawn
        return f"withdrawn {_when(when, zone)}: {reason}"
    if record.stored.hidden:
        return "withdrawn"
    if record.stored.canonical_of:
        merged = f"merged into {record.stored.canonical_of}"
        if story := _story_withdrawn(record):
            reason, when = story
            return f"{merged}, withdrawn {_when(when, zone)}: {reason}"
        return f"{merged} (the same story from another source)"
    return "in the feeds"


def _category_text(article: Article) -> str:
    native = f" (on the source: {article.native_category})" if article.native_category else ""
    return f"{article.category or '-'}{native}"


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%d/%m/%Y %H:%M}"
