"""Every visible article as one `FeedEntry`, read in a single query for the renderers.

A merged duplicate (`canonical_of` set) is not an entry of its own: its source joins
the canonical article's `also_on`, as do the other sources that listed the article. A
hidden duplicate does not: the operator withdrew that copy, so the story is not there.
"""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import urlsplit

from sqlite_utils import Database

from syndicate.config import Config
from syndicate.model import EntryOrigin, FeedEntry
from syndicate.store.schema import from_text, write_transaction

log = logging.getLogger(__name__)

# The date in the tag URI names when the naming authority (the published host) was
# ours. It is part of every published id, so it must never change.
TAG_DATE = "2025"
_SEP = "\x1f"

# The carriers come from correlated subqueries on indexed columns (appearance primary
# key, partial index on canonical_of): a join against a grouped CTE has no index and
# goes quadratic.
_ENTRIES = f"""
SELECT a.id, a.seq, a.url, a.source_id, a.category, a.title, a.summary, a.content_html,
       a.published,
       -- an entry is "updated" when its text last changed; never-edited ones keep their date
       CASE WHEN a.last_updated > a.first_seen THEN max(a.last_updated, a.published)
            ELSE a.published END,
       a.author, a.organisation, a.image_url, a.image_caption,
       (SELECT group_concat(source_id, char({ord(_SEP)}))
        FROM appearances WHERE article_id = a.id),
       (SELECT group_concat(source_id, char({ord(_SEP)})) FROM (
            SELECT d.source_id FROM articles d WHERE d.canonical_of = a.id AND d.hidden = 0
            UNION ALL
            SELECT ap.source_id FROM articles d JOIN appearances ap ON ap.article_id = d.id
            WHERE d.canonical_of = a.id AND d.hidden = 0))
FROM articles a
WHERE a.hidden = 0 AND a.canonical_of IS NULL
ORDER BY a.seq
"""


def entry_id_prefix(config: Config) -> str:
    """`tag:<host>,2025:<province>/`: an entry id is this plus the article id (RFC 4151)."""
    host = urlsplit(config.province.base_url).hostname or config.province.slug
    return f"tag:{host},{TAG_DATE}:{config.province.slug}/"


def published_entry_id_prefix(db: Database) -> str | None:
    """The entry id prefix the first publication fixed, or None before it (read only)."""
    row = db.execute("SELECT value FROM settings WHERE key = 'entry_id_prefix'").fetchone()
    return str(row[0]) if row else None


def stored_entry_id_prefix(db: Database, config: Config) -> str:
    """The prefix fixed by the first publication; later config changes do not move it,
    because changed ids would show every entry as new in every reader."""
    published = published_entry_id_prefix(db)
    if published is not None:
        if published != entry_id_prefix(config):
            log.warning(
                "keeping entry ids under %s although the config now says %s",
                published,
                entry_id_prefix(config),
            )
        return published
    prefix = entry_id_prefix(config)
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO settings (key, value) VALUES ('entry_id_prefix', ?) "
                "ON CONFLICT (key) DO NOTHING",
                [prefix],
            )
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY:
            raise
        # A read-only reader (`serve`) before the first publication: the ids that
        # publication will fix, which the config gives until then.
        return prefix
    return stored_entry_id_prefix(db, config)


def feed_entries(db: Database, config: Config) -> list[FeedEntry]:
    """Visible canonical articles in insertion (seq) order."""
    prefix = stored_entry_id_prefix(db, config)
    origins = _origins(db, config)
    category_titles = {c.slug: c.title for c in config.categories}
    # Many entries share the same set of carriers; build each tuple once.
    also_memo: dict[tuple[str, str | None], tuple[EntryOrigin, ...]] = {}

    def origin_of(source_id: str) -> EntryOrigin:
        if source_id not in origins:
            origins[source_id] = EntryOrigin(
                source_id, source_id, "", None, config.district_name(None)
            )
        return origins[source_id]

    def also_on(source_id: str, carried: str | None) -> tuple[EntryOrigin, ...]:
        key = (source_id, carried)
        if key not in also_memo:
            others = sorted(set(carried.split(_SEP)) - {source_id}) if carried else []
            also_memo[key] = tuple(origin_of(s) for s in others)
        return also_memo[key]

    entries = []
    for row in db.execute(_ENTRIES):
        (id_, seq, url, source_id, category, title, summary, html) = row[:8]
        (published, last_updated, author, organisation, image_url, caption) = row[8:14]
        carried = _join(row[14], row[15])
        entries.append(
            FeedEntry(
                id=prefix + id_,
                seq=seq,
                url=url,
                title=title,
                summary=summary,
                content_html=html,
                published=from_text(published),
                updated=from_text(last_updated),
                author=author,
                organisation=organisation,
                category=category,
                category_title=category_titles.get(category) if category else None,
                image_url=image_url,
                image_caption=caption,
                origin=origin_of(source_id),
                also_on=also_on(source_id, carried),
            )
        )
    return entries


def _join(appearances: str | None, duplicates: str | None) -> str | None:
    if appearances and duplicates:
        return appearances + _SEP + duplicates
    return appearances or duplicates


def _origins(db: Database, config: Config) -> dict[str, EntryOrigin]:
    """Attribution per source: the config's current words, else what the store last knew."""
    known = {
        r[0]: (r[1], r[2] or "", r[3] or r[0])
        for r in db.execute("SELECT id, district, url, title FROM sources")
    }
    for s in config.sources:
        known[s.id] = (s.district, s.url, s.title)
    return {
        source_id: EntryOrigin(source_id, title, url, district, config.district_name(district))
        for source_id, (district, url, title) in known.items()
    }
