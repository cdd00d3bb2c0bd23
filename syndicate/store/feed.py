"""Every visible article as one `FeedEntry`, read in one pass for the renderers.

A merged duplicate (`canonical_of` set) is not an entry of its own: its source joins
the canonical article's `also_on`, as do the other sources that listed the article. A
hidden duplicate does not: the operator withdrew that copy, so the story is not there.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from syndicate.config import Config
from syndicate.model import EntryOrigin, FeedEntry
from syndicate.store.schema import from_text, open_database_read_only, write_transaction

log = logging.getLogger(__name__)

# The date in the tag URI names when the naming authority (the published host) was
# ours. It is part of every published id, so it must never change.
TAG_DATE = "2025"
_SEP = "\x1f"

# Every visible canonical article, in seq order; {text} adds its summary and content.
_ENTRIES = """
SELECT a.id, a.seq, a.url, a.source_id, a.category, a.title, a.published,
       -- an entry is "updated" when its text last changed; never-edited ones keep their date
       CASE WHEN a.last_updated > a.first_seen THEN max(a.last_updated, a.published)
            ELSE a.published END,
       a.author, a.organisation, a.image_url, a.image_caption{text}
FROM articles a
WHERE a.hidden = 0 AND a.canonical_of IS NULL
ORDER BY a.seq
"""
_TEXT_COLUMNS = ", a.summary, a.content_html"
# The sources that listed each article (by the appearances primary key, in order)...
_APPEARANCES = f"""
SELECT article_id, group_concat(source_id, char({ord(_SEP)}))
FROM appearances GROUP BY article_id
"""
# ...and those of its visible merged duplicates, which carry the story too.
_DUPLICATES = """
SELECT d.canonical_of, d.source_id FROM articles d
WHERE d.canonical_of IS NOT NULL AND d.hidden = 0
UNION ALL
SELECT d.canonical_of, ap.source_id FROM articles d JOIN appearances ap ON ap.article_id = d.id
WHERE d.canonical_of IS NOT NULL AND d.hidden = 0
"""
# The stories whose entry kept the id of the article first published, and that
# article's seq, unless it is an entry of its own again.
_KEPT_IDS = """
SELECT k.article_id, k.entry_id, k.since, o.seq FROM entry_ids k
LEFT JOIN articles o ON o.id = k.entry_id AND (o.hidden = 1 OR o.canonical_of IS NOT NULL)
"""
# Texts are read by seq, this many to a statement (SQLite allows 32 766 parameters).
_TEXT_BATCH = 500


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
    return _fixed(db, "entry_id_prefix", entry_id_prefix(config))


def stored_feed_id_base(db: Database, config: Config) -> str:
    """What feed ids are built on: the `base_url` of the first publication that fixed
    it. A site moved to another address keeps its feeds' ids, as RFC 4287 asks; only
    their links move."""
    row = db.execute("SELECT value FROM settings WHERE key = 'feed_id_base'").fetchone()
    if row is not None:
        return str(row[0])
    return _fixed(db, "feed_id_base", config.province.base_url)


def _fixed(db: Database, key: str, value: str) -> str:
    """The setting `key`, set to `value` unless it was set already."""
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                [key, value],
            )
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY:
            raise
        # A read-only reader (`serve`) before the first publication: what that
        # publication will fix, which the config gives until then.
        return value
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0])


def recorded_stamps(db: Database) -> dict[str, int]:
    """The `updated` stamps earlier publications kept, by entry id (see `entry_stamps`)."""
    return dict(db.execute("SELECT entry_id, millis FROM entry_stamps").fetchall())


def record_stamps(db: Database, keep: Mapping[str, int], drop: Iterable[str]) -> None:
    """Keep these entries' stamps and forget those no longer needed, in one go; with
    nothing to do, nothing is written (a store another process is writing is not
    waited for)."""
    drop = list(drop)
    if not keep and not drop:
        return
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entry_stamps (entry_id, millis) VALUES (?, ?) "
            "ON CONFLICT (entry_id) DO UPDATE SET millis = excluded.millis",
            list(keep.items()),
        )
        db.conn.executemany("DELETE FROM entry_stamps WHERE entry_id = ?", [[d] for d in drop])


def feed_entries(db: Database, config: Config, *, texts: bool = True) -> list[FeedEntry]:
    """Visible canonical articles in insertion (seq) order.

    With `texts` False, entries come without summary and content (`has_text` False),
    which are most of a store's bytes: publishing plans from those and reads the text of
    what it writes with `EntryTexts`.
    """
    prefix = stored_entry_id_prefix(db, config)  # may write: before the read below
    with _one_snapshot(db):
        return _entries(db, config, prefix, texts)


def _entries(db: Database, config: Config, prefix: str, texts: bool) -> list[FeedEntry]:
    origins = _origins(db, config)
    category_titles = {c.slug: c.title for c in config.categories}
    appearances = dict(db.execute(_APPEARANCES).fetchall())
    # Stories whose canonical article took over from the one first published: the
    # entry keeps its id, and is updated when the takeover happened, whatever the new
    # article's dates (the district's original is older than the province's copy).
    # Its place in the archives stays the first article's too: given the new article's
    # seq, it would leave a complete archive page, which must never change.
    kept_ids: dict[str, tuple[str, str, int | None]] = {
        article: (entry, since, place) for article, entry, since, place in db.execute(_KEPT_IDS)
    }
    duplicates: dict[str, list[str]] = {}
    for canonical, source in db.execute(_DUPLICATES):
        duplicates.setdefault(canonical, []).append(source)
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
    for row in db.execute(_ENTRIES.format(text=_TEXT_COLUMNS if texts else "")):
        (id_, seq, url, source_id, category, title, published, last_updated, *rest) = row
        (author, organisation, image_url, caption, *text) = rest
        (summary, html) = text or ("", "")
        # Duplicates are rare: most entries look up nothing more than their appearances.
        carried = appearances.get(id_)
        if id_ in duplicates:
            carried = _join(carried, _SEP.join(duplicates[id_]))
        when = from_text(published)
        updated = when if last_updated == published else from_text(last_updated)
        entry_id, place = id_, seq
        if id_ in kept_ids:
            entry_id, since, first_place = kept_ids[id_]
            updated = max(updated, from_text(since))
            place = seq if first_place is None else first_place
        entries.append(
            FeedEntry(
                id=prefix + entry_id,
                seq=place,
                url=url,
                title=title,
                summary=summary,
                content_html=html,
                published=when,
                updated=updated,
                author=author,
                organisation=organisation,
                category=category,
                category_title=category_titles.get(category) if category else None,
                image_url=image_url,
                image_caption=caption,
                origin=origin_of(source_id),
                also_on=also_on(source_id, carried),
                has_text=texts,
                text_seq=None if place == seq else seq,
            )
        )
    return entries


class EntryTexts:
    """Reads the summary and content of entries read without them (see `feed_entries`).

    Callable from a forked publishing worker: a process other than the one that made it
    opens a read-only connection of its own, since an SQLite connection must never be
    used on both sides of a fork.
    """

    def __init__(self, db: Database, path: Path) -> None:
        self._db = db
        self._path = path
        self._pid = os.getpid()
        self._forked: Database | None = None

    def __call__(self, entries: Collection[FeedEntry]) -> dict[str, FeedEntry]:
        """The entries with their text, by id; LookupError for one no longer stored."""
        db = self._database()
        by_seq = {e.seq if e.text_seq is None else e.text_seq: e for e in entries}
        seqs = sorted(by_seq)
        whole: dict[str, FeedEntry] = {}
        for start in range(0, len(seqs), _TEXT_BATCH):
            batch = seqs[start : start + _TEXT_BATCH]
            marks = ",".join("?" * len(batch))
            query = f"SELECT seq, summary, content_html FROM articles WHERE seq IN ({marks})"
            for seq, summary, html in db.execute(query, batch):
                entry = by_seq[seq]
                whole[entry.id] = replace(entry, summary=summary, content_html=html, has_text=True)
        if len(whole) < len(by_seq):
            missing = sorted(e.id for e in by_seq.values() if e.id not in whole)
            raise LookupError(f"articles no longer stored: {', '.join(missing[:5])}")
        return whole

    def _database(self) -> Database:
        if os.getpid() == self._pid:
            return self._db
        if self._forked is None:
            self._forked = open_database_read_only(self._path)
        return self._forked


@contextmanager
def _one_snapshot(db: Database) -> Iterator[None]:
    """Run the reads inside in one read transaction: the entries and their carriers come
    from several queries, and a sync committing between two of them (`serve` reads beside
    one) would pair an article with carriers from before it was listed."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # a read: nothing to keep or undo


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
