"""The SQLite store: one façade over articles, HTTP cache, run log, health and search.

`Store.apply` writes everything one source run produced in a single transaction, so a
crash or an error leaves the store as it was before the run. Every datetime goes in
and comes out aware UTC. The store never imports the publishing side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from syndicate.changes import Change
from syndicate.config import Config, Source
from syndicate.dedup import STORY_WINDOW
from syndicate.model import (
    Article,
    ArticleVersion,
    EntryTexts,
    FeedEntry,
    RobotsRecord,
    SourceHealth,
    SourceRun,
    StoredArticle,
)
from syndicate.store import articles as _articles
from syndicate.store import cache as _cache
from syndicate.store import feed as _feed
from syndicate.store import runs as _runs
from syndicate.store import search as _search
from syndicate.store import sources as _sources
from syndicate.store.articles import UnknownArticleError
from syndicate.store.cache import CachedResponse, CacheRow, placeholders
from syndicate.store.runs import backoff
from syndicate.store.schema import generation as _schema_generation
from syndicate.store.schema import (
    migrations,
    open_database,
    open_database_read_only,
    write_transaction,
)
from syndicate.store.stories import BandIndex

__all__ = [
    "ArticleVersion",
    "CacheRow",
    "CachedResponse",
    "Store",
    "UnknownArticleError",
    "backoff",
]


class Store:
    """A store file. Opening creates its folder, enables WAL and runs pending migrations;
    opened `read_only`, it must exist already and nothing is written to it."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._db = open_database_read_only(self.path) if read_only else open_database(self.path)
        self._bands = BandIndex()

    def close(self) -> None:
        self._db.close()

    def pending_migrations(self) -> list[str]:
        """The migrations of this version not yet run on the store, by name (a store
        opened `read_only` is never migrated)."""
        return [m.name for m in migrations.pending(self._db)]

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # sources

    def sync_sources(self, sources: Sequence[Source]) -> list[tuple[str, str]]:
        """Record the configured sources; ones dropped from the config keep their history.

        What the store holds under a source id follows the address it was collected
        from to the id now configured there (`_sources.follow_addresses`); returns those
        moves, (old id, new id).
        """
        with write_transaction(self._db):
            renames = _sources.follow_addresses(self._db, sources)
            self._db.conn.executemany(
                "INSERT INTO sources (id, district, kind, url, title, authority) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET district = excluded.district, "
                "kind = excluded.kind, url = excluded.url, title = excluded.title, "
                "authority = excluded.authority",
                [(s.id, s.district, s.kind, s.url, s.title, s.authority) for s in sources],
            )
        return renames

    def remap_categories(self, config: Config) -> int:
        """See `articles.remap_categories`."""
        return _articles.remap_categories(self._db, config)

    def source_urls(self, source_ids: Iterable[str]) -> dict[str, str]:
        """The URL each of the known `source_ids` was last synced with."""
        ids = list(source_ids)
        rows = self._db.execute(
            f"SELECT id, url FROM sources WHERE id IN ({placeholders(ids)})", ids
        )
        return {r[0]: r[1] for r in rows}

    def source_authority(self) -> dict[str, int]:
        """Each known source's authority (config `authority`, as last synced)."""
        return {r[0]: r[1] for r in self._db.execute("SELECT id, authority FROM sources")}

    # HTTP cache

    def cached(self, url: str) -> CachedResponse | None:
        return _cache.cached_many(self._db, [url]).get(url)

    def cached_many(self, urls: Iterable[str]) -> dict[str, CachedResponse]:
        return _cache.cached_many(self._db, urls)

    # articles

    def articles_by_url(self, urls: Iterable[str]) -> dict[str, StoredArticle]:
        """Stored articles keyed by canonical URL; unknown URLs are absent."""
        return _articles.articles_by_url(self._db, urls)

    def story_candidates(
        self, articles: Sequence[Article], *, window: timedelta = STORY_WINDOW
    ) -> list[StoredArticle]:
        """Stored articles that may tell the same story as one of `articles`, for
        `plan_changes(candidates=...)`: those sharing a band key of the article's story
        sketch, published within `window` of it, plus the canonical articles of those
        that are merged duplicates. A few lookups however large the store."""
        return _articles.story_candidates(self._db, self._bands, articles, window)

    def robots(self) -> dict[str, RobotsRecord]:
        """robots.txt records by origin, as the last runs left them."""
        return _cache.robots_records(self._db)

    def save_robots(self, records: Mapping[str, RobotsRecord]) -> None:
        if records:
            with write_transaction(self._db):
                _cache.save_robots(self._db, records)

    def content_hashes(self, source_id: str) -> dict[str, str]:
        """Content hash by URL of every article the source has carried."""
        return _articles.content_hashes(self._db, source_id)

    def source_listing(self, source_id: str) -> dict[str, str]:
        """Canonical URL -> listing fingerprint last seen on that source's listing."""
        return _cache.source_listing(self._db, source_id)

    def apply(
        self,
        run: SourceRun,
        changes: Sequence[Change],
        *,
        now: datetime,
        cache: Sequence[CacheRow] = (),
        listing: Mapping[str, str] | None = None,
        reread: bool = False,
    ) -> tuple[int, int]:
        """Record a successful run and what it found, all or nothing; return (new, updated).

        The run is logged with these counts, which can differ from the plan's: an insert
        whose URL another run stored in the meantime is applied as an update. `reread`:
        the run read every page afresh, as `to_reread` asked.
        """
        try:
            with write_transaction(self._db):
                _runs.ensure_source(self._db, run.source_id)
                counts = _articles.apply_changes(self._db, self._bands, run.source_id, changes, now)
                _cache.save_cache(self._db, cache, now)
                if reread:
                    _cache.reread_done(self._db, run.source_id)
                if listing:
                    _cache.save_listing(self._db, run.source_id, listing, now)
                _runs.log_run(self._db, replace(run, new=counts[0], updated=counts[1]))
                _runs.mark_success(self._db, run, now)
        except BaseException:
            self._bands.forget()  # it may index prints the rollback took back
            raise
        return counts

    def to_reread(self) -> set[str]:
        """Sources whose pages the next run reads afresh, unchanged or not (`unhide`)."""
        return _cache.to_reread(self._db)

    def record_failure(self, run: SourceRun, *, now: datetime) -> None:
        """Log a failed run and push the source's next attempt back (see `backoff`)."""
        with write_transaction(self._db):
            _runs.log_run(self._db, run)
            _runs.mark_failure(self._db, run, now)

    def record_not_modified(self, run: SourceRun, *, now: datetime) -> None:
        """Log a run that found nothing new; the source counts as healthy."""
        with write_transaction(self._db):
            _runs.log_run(self._db, run)
            _runs.mark_success(self._db, run, now)

    def hold_back(self, waits: Mapping[str, float], *, now: datetime) -> None:
        """Make these sources (id → seconds from `now`) wait out the quiet their host
        asked for, whatever their own runs gave (see `runs.hold_back`)."""
        with write_transaction(self._db):
            for source_id, seconds in waits.items():
                _runs.hold_back(self._db, source_id, seconds, now)

    def due(self, source_ids: Iterable[str], now: datetime) -> set[str]:
        """The sources not waiting out a backoff at `now`."""
        return _runs.due(self._db, source_ids, now)

    def health(self) -> list[SourceHealth]:
        """Every known source, worst first, with its article count."""
        return _runs.health(self._db)

    def fetch_log(self, limit: int = 50) -> list[dict[str, Any]]:
        """The newest runs first, one dict per run."""
        return _runs.fetch_log(self._db, limit)

    def feed_entries(self, config: Config, *, texts: bool = True) -> list[FeedEntry]:
        """Every visible article once, merged duplicates folded in, in seq order; without
        summary and content unless `texts` (see `entry_texts`)."""
        return _feed.feed_entries(self._db, config, texts=texts)

    def generation(self, config: Config) -> int | None:
        """A value that changes with every change to what `feed_entries` reads (None for
        a store read-only and not yet migrated). The entry id prefix and the feed id
        base are fixed first, as the first publication fixes them: such changes."""
        _feed.stored_entry_id_prefix(self._db, config)
        _feed.stored_feed_id_base(self._db, config)
        return _schema_generation(self._db)

    def feed_id_base(self, config: Config) -> str:
        """What published feed ids are built on: the `base_url` the first publication
        fixed (see `feed.stored_feed_id_base`)."""
        return _feed.stored_feed_id_base(self._db, config)

    def recorded_stamps(self) -> dict[str, int]:
        """Entries' `updated` stamps earlier publications kept (see `entry_stamps`)."""
        return _feed.recorded_stamps(self._db)

    def record_stamps(self, keep: Mapping[str, int], drop: Iterable[str]) -> None:
        """Keep these stamps for the next publications, and forget those of `drop`."""
        _feed.record_stamps(self._db, keep, drop)

    def entry_texts(self) -> EntryTexts:
        """What reads the text of entries read without it; usable in forked processes
        while this store is open."""
        return _feed.EntryTexts(self._db, self.path)

    def article(self, article_id: str) -> StoredArticle | None:
        return _articles.article(self._db, article_id)

    def articles_by_guid(
        self, source_id: str, guids: Iterable[str]
    ) -> dict[str, list[StoredArticle]]:
        """The source's stored articles by guid, for `plan_changes(by_guid=...)`."""
        return _articles.articles_by_guid(self._db, source_id, guids)

    def articles_by_number(
        self, source_id: str, numbers: Iterable[str]
    ) -> dict[str, list[StoredArticle]]:
        """The source's stored articles by the number their address files them under
        (`urls.article_number`), for `plan_changes(by_number=...)`."""
        return _articles.articles_by_number(self._db, source_id, numbers)

    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        """What the article read before each update replaced it, newest first."""
        return _articles.article_versions(self._db, article_id)

    def withdrawal(self, article_id: str) -> tuple[str, datetime] | None:
        """The reason given and the time, if the article was hidden."""
        return _articles.withdrawal(self._db, article_id)

    def entry_id_prefix(self) -> str | None:
        """What published entry ids start with (the article id follows), or None if
        nothing was published from this store yet."""
        return _feed.published_entry_id_prefix(self._db)

    def story_entry_id(self, article_id: str) -> str | None:
        """What follows the prefix in the entry id of the story `article_id` is part of,
        when that is not its canonical article's own id (a takeover kept the story's)."""
        return _articles.story_entry_id(self._db, article_id)

    def article_of_entry(self, entry_id: str) -> str:
        """The canonical article whose entry carries `entry_id` (what follows the
        prefix): the article of that id, unless another took its story over since."""
        return _articles.article_of_entry(self._db, entry_id)

    def hide(self, article_id: str, reason: str, *, now: datetime) -> None:
        """Withdraw an article from every feed and search for good.

        Raises UnknownArticleError (a SyndicateError and a KeyError) for an unknown id.
        """
        with write_transaction(self._db):
            _articles.hide(self._db, article_id, reason, now)

    def unhide(self, article_id: str, *, now: datetime | None = None) -> bool:
        """Bring a hidden article back into the feeds and search (an operator's `hide`
        undone); whether it was hidden. Raises UnknownArticleError for an unknown id."""
        try:
            with write_transaction(self._db):
                was_hidden = _articles.unhide(self._db, article_id, now or datetime.now(UTC))
                if was_hidden:
                    # Edits that arrived while it was hidden were not taken; the pages
                    # listing it, unchanged since, would not be read again without this.
                    _cache.reread(self._db, _articles.listed_by(self._db, article_id))
                return was_hidden
        finally:
            self._bands.forget()  # a story led anew: its prints' canonical moved

    def search(
        self,
        query: str,
        *,
        district: str | None = None,
        category: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        newest: bool = False,
    ) -> list[StoredArticle]:
        """Visible articles containing every word of `query`, however it is accented:
        the best matches, or with `newest` the newest ones (a search feed's)."""
        where = _search.SearchFilter(district, category, since, until)
        seqs = _search.search_seqs(self._db, query, where, limit, newest=newest)
        return _articles.articles_by_seq(self._db, seqs)

    def counts(self) -> dict[str, int]:
        """Visible articles per known source."""
        return _runs.counts(self._db)
