"""The store's tables, their migrations, and how a database file is opened.

Pending migrations run in one transaction together with their records in
`_sqlite_migrations` (sqlite-utils `Migrations`), so a file is never left half-migrated.
Add a migration by appending a function; never edit one that has shipped.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from syndicate.store import stories

BUSY_TIMEOUT_MS = 10_000

migrations = Migrations("syndicate")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            district TEXT,
            kind TEXT,
            url TEXT,
            title TEXT
        );

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,  -- insertion order; archives are cut by it
            url TEXT NOT NULL UNIQUE,
            source_id TEXT NOT NULL,      -- the origin: first source that carried it
            district TEXT,
            category TEXT,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            content_html TEXT NOT NULL,
            published TEXT NOT NULL,
            updated TEXT,
            date_estimated INTEGER NOT NULL DEFAULT 0,
            author TEXT,
            organisation TEXT,
            image_url TEXT,
            image_caption TEXT,
            native_category TEXT,
            guid TEXT,
            content_hash TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            last_updated TEXT NOT NULL,
            canonical_of TEXT REFERENCES articles(id),
            hidden INTEGER NOT NULL DEFAULT 0,
            hidden_reason TEXT,
            hidden_at TEXT,
            -- folded copies (no diacritics, casefolded) that the search index reads
            title_fold TEXT NOT NULL DEFAULT '',
            summary_fold TEXT NOT NULL DEFAULT '',
            body_fold TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX articles_canonical_of ON articles(canonical_of)
            WHERE canonical_of IS NOT NULL;
        CREATE INDEX articles_published ON articles(published);

        CREATE TABLE appearances (
            article_id TEXT NOT NULL REFERENCES articles(id),
            source_id TEXT NOT NULL,
            url TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (article_id, source_id)
        );
        CREATE INDEX appearances_source ON appearances(source_id);

        CREATE TABLE http_cache (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            body_sha256 TEXT,
            stored TEXT NOT NULL
        );

        CREATE TABLE listing_fingerprints (
            source_id TEXT NOT NULL,
            url TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            seen TEXT NOT NULL,
            PRIMARY KEY (source_id, url)
        );

        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            source_id TEXT NOT NULL,
            status TEXT NOT NULL,
            duration REAL NOT NULL,
            requests INTEGER NOT NULL,
            not_modified INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            found INTEGER NOT NULL,
            new INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            error_kind TEXT,
            error TEXT
        );
        CREATE INDEX fetch_log_source ON fetch_log(source_id, started);

        CREATE TABLE source_health (
            source_id TEXT PRIMARY KEY,
            last_success TEXT,
            last_attempt TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            last_error_kind TEXT,
            last_error TEXT,
            next_attempt TEXT
        );

        -- External content: the index reads the fold columns of `articles` by seq, so
        -- the folded text is stored once and the triggers keep the two in step.
        CREATE VIRTUAL TABLE article_search USING fts5(
            title_fold, summary_fold, body_fold,
            content='articles', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_search(rowid, title_fold, summary_fold, body_fold)
            VALUES (new.seq, new.title_fold, new.summary_fold, new.body_fold);
        END;
        CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
            INSERT INTO article_search(article_search, rowid, title_fold, summary_fold, body_fold)
            VALUES ('delete', old.seq, old.title_fold, old.summary_fold, old.body_fold);
        END;
        CREATE TRIGGER articles_search_update
        AFTER UPDATE OF title_fold, summary_fold, body_fold ON articles BEGIN
            INSERT INTO article_search(article_search, rowid, title_fold, summary_fold, body_fold)
            VALUES ('delete', old.seq, old.title_fold, old.summary_fold, old.body_fold);
            INSERT INTO article_search(rowid, title_fold, summary_fold, body_fold)
            VALUES (new.seq, new.title_fold, new.summary_fold, new.body_fold);
        END;
        """
    )


@migrations()
def m002_settings(db: Database) -> None:
    # Values decided once for the life of a store, such as the prefix of published
    # entry ids, which must survive a change of host in the config.
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m003_story_prints(db: Database) -> None:
    # Near-duplicate matching (syndicate.dedup): a sketch per article and its band keys
    # by publication day, the primary key being the index candidates are looked up in.
    # Sources get the authority that decides which copy of a story is canonical.
    db.executescript(
        """
        ALTER TABLE sources ADD COLUMN authority INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE story_prints (
            seq INTEGER PRIMARY KEY,   -- articles.seq
            day INTEGER NOT NULL,      -- publication day (UTC ordinal) of the banded print
            sketch BLOB NOT NULL       -- dedup.pack_sketch; empty for a text without words
        );

        CREATE TABLE story_bands (
            key INTEGER NOT NULL,
            day INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (key, day, seq)
        ) WITHOUT ROWID;
        """
    )
    # Stories stored before this migration can be republished later too.
    stories.backfill(db)


@migrations()
def m004_search_filter_index(db: Database) -> None:
    # Search joins every match with `articles` for visibility, filters and the tie-break
    # order. Those columns sit behind the article text, in overflow pages; an index
    # holding them answers the join without reading a single article row.
    db.execute(
        "CREATE INDEX articles_listing ON articles"
        "(seq, hidden, canonical_of, published, district, category)"
    )


@migrations()
def m005_robots(db: Database) -> None:
    # robots.txt per origin between runs (RFC 9309 lets a crawler keep it a day).
    db.execute(
        "CREATE TABLE robots (origin TEXT PRIMARY KEY, status INTEGER NOT NULL, "
        "body BLOB NOT NULL, fetched TEXT NOT NULL)"
    )


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) a store file, set it up for concurrent readers, migrate it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Plugins of whatever else is installed have no business in our connection.
    db = Database(path, execute_plugins=False)
    # Pragmas that cannot run inside a transaction: set them before migrating.
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no committed data
    _migrate(db)
    return db


def _migrate(db: Database) -> None:
    """Apply pending migrations holding the write lock from the start.

    Commands that take no run lock (hide, status) may open a store to upgrade while a
    sync opens it too: what is pending is read again once the lock is ours, so the one
    that waited finds the work done instead of repeating it.
    """
    if not migrations.pending(db):
        return
    with write_transaction(db):
        migrations.apply(db)


def cannot_write(exc: BaseException) -> bool:
    """Whether `exc` says the store cannot be written at all: a full disk, a failing
    device, a store (or its file system) read-only. No write after it would succeed."""
    return isinstance(exc, sqlite3.OperationalError) and exc.sqlite_errorname.startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY")
    )


def open_database_read_only(path: str | Path) -> Database:
    """Open an existing store for reading only: never created, never migrated.

    SQLite refuses a missing file (SQLITE_CANTOPEN) and any write; readers still see
    what a concurrent sync commits, as WAL lets them.
    """
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        return _reader(uri)
    except sqlite3.OperationalError as exc:
        # On a read-only mount SQLite says it cannot open the -shm file at all.
        read_only_mount = exc.sqlite_errorname == "SQLITE_CANTOPEN" and _on_read_only_mount(
            Path(path)
        )
        if exc.sqlite_errorname != "SQLITE_READONLY_DIRECTORY" and not read_only_mount:
            raise
    # WAL is read through the -shm file, which the last writer to close removes and a
    # reader who cannot write the folder (serve as another user) cannot create. Then
    # no writer has the store open, and the file holds every commit: read it as it is.
    # A sync opening it meanwhile writes to its WAL, unseen here; only that WAL's
    # checkpoint during this reader's few statements could show it a page out of step.
    return _reader(f"{uri}&immutable=1")


def _on_read_only_mount(path: Path) -> bool:
    """Whether an existing `path` is on a file system mounted read-only: no writer can
    have it open, so it is read as it is."""
    try:
        return path.is_file() and bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _reader(uri: str) -> Database:
    db = Database(sqlite3.connect(uri, uri=True), execute_plugins=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # opens the WAL, or fails
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One transaction that holds the write lock from its first statement.

    A deferred BEGIN that reads before it writes fails at once with SQLITE_BUSY when
    another connection wrote in between, without waiting out busy_timeout; IMMEDIATE
    waits its turn instead. sqlite-utils calls inside become savepoints of this one.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # an error may already have rolled it back
            conn.execute("ROLLBACK")
        raise


def to_text(moment: datetime) -> str:
    """ISO 8601 UTC, fixed width, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the store only takes aware times")
    # isoformat, not strftime: "%Y" leaves the year 1 as "1", which reads back as nothing.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_text(text: str) -> datetime:
    year, dash, rest = text.partition("-")
    if dash and len(year) < 4:  # written by strftime before `to_text` padded years
        text = f"{year:0>4}-{rest}"
    moment = datetime.fromisoformat(text)  # "Z" already reads back as UTC
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def maybe_text(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)


def maybe_datetime(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


@migrations()
def m006_band_index_in_memory(db: Database) -> None:
    # Band keys are now indexed in memory a day at a time (stories.BandIndex), read
    # with the prints by publication day; the on-disk band table goes.
    db.executescript(
        """
        DROP TABLE story_bands;
        ALTER TABLE story_prints ADD COLUMN bands BLOB NOT NULL DEFAULT x'';
        CREATE INDEX story_prints_day ON story_prints(day);
        """
    )
    stories.backfill_band_keys(db)


@migrations()
def m007_article_versions(db: Database) -> None:
    # Upstream edits keep the text they replace. A trigger rather than code before each
    # UPDATE: every path that rewrites an article (a planned update, a stale plan's, a
    # feed item's move to a new URL) is covered, in the same statement, and none can
    # forget it. Inserts, hiding and merging change neither column, so write nothing.
    # `since` is when the replaced text became current, `replaced` when it stopped.
    # The (source_id, guid) index finds the article a feed item moved away from.
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS article_versions (
            id INTEGER PRIMARY KEY,  -- replacement order
            article_id TEXT NOT NULL REFERENCES articles(id),
            since TEXT NOT NULL,
            replaced TEXT NOT NULL,
            url TEXT NOT NULL,
            source_id TEXT NOT NULL,
            district TEXT,
            category TEXT,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            content_html TEXT NOT NULL,
            published TEXT NOT NULL,
            updated TEXT,
            date_estimated INTEGER NOT NULL,
            author TEXT,
            organisation TEXT,
            image_url TEXT,
            image_caption TEXT,
            native_category TEXT,
            guid TEXT,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS article_versions_article ON article_versions(article_id);

        CREATE TRIGGER IF NOT EXISTS articles_keep_version
        AFTER UPDATE OF url, content_hash ON articles
        WHEN old.content_hash IS NOT new.content_hash OR old.url IS NOT new.url
        BEGIN
            INSERT INTO article_versions (
                article_id, since, replaced, url, source_id, district, category, title,
                summary, content_html, published, updated, date_estimated, author,
                organisation, image_url, image_caption, native_category, guid, content_hash
            ) VALUES (
                old.id, old.last_updated, new.last_updated, old.url, old.source_id,
                old.district, old.category, old.title, old.summary, old.content_html,
                old.published, old.updated, old.date_estimated, old.author,
                old.organisation, old.image_url, old.image_caption, old.native_category,
                old.guid, old.content_hash
            );
        END;

        CREATE INDEX IF NOT EXISTS articles_source_guid ON articles(source_id, guid);
        """
    )


@migrations()
def m008_search_insert_in_code(db: Database) -> None:
    # An FTS5 table written from a trigger flushes its pending terms at the end of
    # every statement (each trigger body is a savepoint to it), so each new article
    # wrote a segment of its own to be merged later: 0.2 ms an insert against 0.1 ms.
    # New articles are indexed by `articles.apply_changes`, the one place that inserts
    # them; updates and deletes, rare, keep their triggers.
    db.execute("DROP TRIGGER IF EXISTS articles_search_insert")


@migrations()
def m009_search_text_refolded(db: Database) -> None:
    # Search text is read more carefully now: a tag inside a word no longer splits it
    # (a drop cap, <strong>H</strong>ội) and a name keeps its apostrophe's two halves
    # together (H'Drai is "hdrai"). Articles stored before would be found only the old
    # way until edited, so their search columns are folded again, once.
    refold_search_text(db)


@migrations()
def m010_publishing_indexes(db: Database) -> None:
    # Every publication reads every visible article without its text (`feed_entries`)
    # and counts each source's (`health`). The columns both read sit behind the text, in
    # overflow pages, so reading them from the table reads the whole store. These
    # indexes hold them: at 100 000 articles, 0.6 s of reading becomes 0.3 s, and 0.19 s
    # of counting 0.08 s, for about 375 bytes an article.
    # IF NOT EXISTS: a development store recorded articles_feed under an earlier name.
    db.execute(
        "CREATE INDEX IF NOT EXISTS articles_feed ON articles (seq, id, url, source_id, "
        "category, title, published, last_updated, first_seen, author, organisation, "
        "image_url, image_caption) WHERE hidden = 0 AND canonical_of IS NULL"
    )
    db.execute("CREATE INDEX IF NOT EXISTS articles_visible ON articles (id) WHERE hidden = 0")


REFOLD_BATCH = 1_000


def refold_search_text(db: Database) -> int:
    """Fold every article's search columns again from its text; return how many changed.

    Only changed rows are written, and the update trigger re-indexes each of them. Run
    inside the caller's transaction; reads a batch of articles at a time.
    """
    from syndicate.text.searchtext import fold_columns, html_text

    changed = 0
    after = -1
    while True:
        rows = db.conn.execute(
            "SELECT seq, title, summary, content_html, title_fold, summary_fold, body_fold "
            "FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
            [after, REFOLD_BATCH],
        ).fetchall()
        if not rows:
            return changed
        updates = []
        for seq, title, summary, html, *stored in rows:
            folds = fold_columns(title, summary, html_text(html))
            if list(folds) != stored:
                updates.append((*folds, seq))
        db.conn.executemany(
            "UPDATE articles SET title_fold = ?, summary_fold = ?, body_fold = ? WHERE seq = ?",
            updates,
        )
        changed += len(updates)
        after = rows[-1][0]


# What a publication reads, by table: a change to any of it gives the store a new
# generation (see `m011_publication_generation`).
_GENERATION_TRIGGERS = {
    "articles": ("INSERT", "DELETE", "UPDATE"),
    # Each fetch that lists an article again updates its `last_seen` and `url`, which
    # nothing published reads: only new carriers, or carriers gone, count.
    "appearances": ("INSERT", "DELETE", "UPDATE OF article_id, source_id"),
    "settings": ("INSERT", "DELETE", "UPDATE"),
}


@migrations()
def m011_publication_generation(db: Database) -> None:
    # A value that changes, by trigger, with every change to what publishing reads:
    # a publication that finds it as the last one left it (and the same config and
    # code) has nothing to plan, and reads no article (see `publish`). Random rather
    # than a counter, so a store restored from a backup and written to since never
    # comes back to a value it published under.
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS generation (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            value INTEGER NOT NULL
        );
        INSERT INTO generation (id, value) VALUES (0, random())
            ON CONFLICT (id) DO UPDATE SET value = random();
        """
    )
    bump = "BEGIN UPDATE generation SET value = random(); END"
    for table, events in _GENERATION_TRIGGERS.items():
        for event in events:
            name = f"{table}_generation_{event.split()[0].lower()}"
            db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} {bump}")
    # Every run records the configured sources again, unchanged as a rule.
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS sources_generation_update AFTER UPDATE ON sources "
        "WHEN (old.district, old.url, old.title) IS NOT (new.district, new.url, new.title) " + bump
    )
    for event in ("INSERT", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS sources_generation_{event.lower()} "
            f"AFTER {event} ON sources {bump}"
        )


def generation(db: Database) -> int | None:
    """The store's publication generation (see `m011_publication_generation`); None for
    a store from before it, read-only and not yet migrated."""
    try:
        row = db.execute("SELECT value FROM generation WHERE id = 0").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


@migrations()
def m012_story_entry_ids(db: Database) -> None:
    # A story's feed entry keeps the id it was first published under when a copy from a
    # higher-ranked source takes over as its canonical article (the province's copy
    # stored first, the district's original after it): the new canonical article holds
    # the story's entry id here, and when it took over: the entry is updated then, or
    # readers going by its `updated` keep the copy they have. Takeovers are rare, so a
    # small table read whole beside the entries rather than a column the publishing
    # index would have to carry.
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS entry_ids (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            entry_id TEXT NOT NULL,
            since TEXT NOT NULL
        );
        """
    )
    bump = "BEGIN UPDATE generation SET value = random(); END"
    for event in ("INSERT", "DELETE", "UPDATE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS entry_ids_generation_{event.lower()} "
            f"AFTER {event} ON entry_ids {bump}"
        )


@migrations()
def m013_source_retry_after(db: Database) -> None:
    # How long, in seconds, the source's server asked to be left alone (Retry-After)
    # when it last failed: the next attempt waits at least that long, and a wait set
    # so is not taken for one a clock running ahead set (see `runs.due`).
    db.execute("ALTER TABLE source_health ADD COLUMN retry_after REAL")


# Migrations that add or correct only what publishing and serving read: the commands
# that only read (`status`, `search`, `show`) read a store still without them as it
# is, where migrating it would write a store its reader may not own (the cron job's).
# (`m016_search_names_joined` adds words search finds: unmigrated, it finds fewer.)
READ_OPTIONAL = frozenset(
    {"m014_entry_stamps", "m015_placeholder_dates", "m016_search_names_joined"}
)


@migrations()
def m014_entry_stamps(db: Database) -> None:
    # The `updated` of entries that share their second with others, kept a few
    # milliseconds apart (see `publish.documents.entry_stamps`), in milliseconds since
    # the epoch: kept, an entry's stamp stays put when another of that second is
    # withdrawn, merged away, edited out of it or brought back. An entry alone at its
    # second's start needs no record. Written by publishing, it is no input of the
    # store's generation: what it holds follows from the articles.
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS entry_stamps (
            entry_id TEXT PRIMARY KEY,
            millis INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m015_placeholder_dates(db: Database) -> None:
    # Dates outside 1990-2100 are placeholders (PHP's 1970, .NET's year 1), which
    # normalizing now takes for no date; stored before, they were published as dates
    # (the year 1 even as "1-01-01"). They become what no date gives: first seen,
    # estimated. Strings compare: "0001-…", "1-01-…" and "1970-…" are below "1990".
    placeholder = "published < '1990' OR published >= '2101'"
    redated = db.execute(f"SELECT seq, first_seen FROM articles WHERE {placeholder}").fetchall()
    db.execute(
        f"UPDATE articles SET published = first_seen, date_estimated = 1 WHERE {placeholder}"
    )
    db.execute("UPDATE articles SET updated = NULL WHERE updated < '1990' OR updated >= '2101'")
    # A story's copies are looked for among prints of days near its own: filed under
    # the placeholder's day, a copy of it arriving now would never be found.
    db.conn.executemany(
        "UPDATE story_prints SET day = ? WHERE seq = ?",
        [(stories.day_number(from_text(first_seen)), seq) for seq, first_seen in redated],
    )


@migrations()
def m016_search_names_joined(db: Database) -> None:
    # A name written apart ("Ê-đê", "H' Drai") is indexed joined too ("ede", "hdrai"):
    # stored before, it was found only by its parts.
    refold_search_text(db)
