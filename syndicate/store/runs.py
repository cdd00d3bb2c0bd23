"""The fetch log and each source's health: who failed, since when, when to try again.

A failing source is retried with exponential backoff so a dead portal is not hammered
every run; one success resets it. Write functions here run inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from syndicate.model import SourceHealth, SourceRun
from syndicate.store.cache import chunks, placeholders
from syndicate.store.schema import from_text, maybe_datetime, to_text

BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=6)
# The longest Retry-After a failing source's next attempt waits out: a server asking
# for a week is more likely misconfigured than meaning it.
RETRY_AFTER_MAX = timedelta(days=1)


def backoff(consecutive_failures: int) -> timedelta:
    """How long to wait after `n` failures in a row: 5 min, doubling, at most 6 h."""
    if consecutive_failures < 1:
        return timedelta(0)
    # Cap the exponent before multiplying: 2**n grows past timedelta's range quickly.
    doublings = min(consecutive_failures - 1, 16)
    return min(BACKOFF_FIRST * (1 << doublings), BACKOFF_MAX)


def ensure_source(db: Database, source_id: str) -> None:
    """Make a source known even when it was never synced from a config."""
    db.execute("INSERT INTO sources (id) VALUES (?) ON CONFLICT (id) DO NOTHING", [source_id])


def log_run(db: Database, run: SourceRun) -> None:
    db.execute(
        "INSERT INTO fetch_log (started, source_id, status, duration, requests, not_modified, "
        "bytes, found, new, updated, error_kind, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            to_text(run.started),
            run.source_id,
            run.status,
            run.duration,
            run.requests,
            run.not_modified,
            run.bytes,
            run.found,
            run.new,
            run.updated,
            run.error.kind if run.error else None,
            run.error.message if run.error else None,
        ],
    )


def mark_success(db: Database, run: SourceRun, now: datetime) -> None:
    """Reset the failure streak; an error carried by a successful run (some pages
    failed) is kept as the last error so the operator still sees it, and if its server
    asked for quiet (Retry-After), the next attempt waits for it all the same."""
    ensure_source(db, run.source_id)
    asked = asked_wait(run.error)
    db.execute(
        "INSERT INTO source_health (source_id, last_success, last_attempt, "
        "consecutive_failures, failing_since, last_error_kind, last_error, next_attempt, "
        "retry_after) "
        "VALUES (:id, :now, :now, 0, NULL, :kind, :error, :next, :asked) "
        "ON CONFLICT (source_id) DO UPDATE SET last_success = :now, last_attempt = :now, "
        "consecutive_failures = 0, failing_since = NULL, last_error_kind = :kind, "
        "last_error = :error, next_attempt = :next, retry_after = :asked",
        {
            "id": run.source_id,
            "now": to_text(now),
            "kind": run.error.kind if run.error else None,
            "error": run.error.message if run.error else None,
            "next": to_text(now + asked) if asked else None,
            "asked": asked.total_seconds() or None,
        },
    )


def mark_failure(db: Database, run: SourceRun, now: datetime) -> None:
    ensure_source(db, run.source_id)
    row = db.execute(
        "SELECT consecutive_failures, failing_since FROM source_health WHERE source_id = ?",
        [run.source_id],
    ).fetchone()
    failures = (row[0] if row else 0) + 1
    failing_since = row[1] if row and row[1] else to_text(now)
    error = run.error
    asked = asked_wait(error)
    db.execute(
        "INSERT INTO source_health (source_id, last_success, last_attempt, "
        "consecutive_failures, failing_since, last_error_kind, last_error, next_attempt, "
        "retry_after) "
        "VALUES (:id, NULL, :now, :failures, :since, :kind, :error, :next, :asked) "
        "ON CONFLICT (source_id) DO UPDATE SET last_attempt = :now, "
        "consecutive_failures = :failures, failing_since = :since, "
        "last_error_kind = :kind, last_error = :error, next_attempt = :next, "
        "retry_after = :asked",
        {
            "id": run.source_id,
            "now": to_text(now),
            "failures": failures,
            "since": failing_since,
            "kind": error.kind if error else "internal",
            "error": error.message if error else "failed without an error",
            "next": to_text(now + max(backoff(failures), asked)),
            "asked": asked.total_seconds() or None,
        },
    )


def hold_back(db: Database, source_id: str, seconds: float, now: datetime) -> None:
    """Make a source wait out the quiet its host asked for (Retry-After, `seconds` from
    `now`) though its own run went well: another source's request was told. Never
    brings a next attempt nearer, nor touches the failure streak."""
    asked = capped_wait(seconds)
    if not asked:
        return
    ensure_source(db, source_id)
    db.execute(
        "INSERT INTO source_health (source_id, next_attempt, retry_after) "
        "VALUES (:id, :next, :asked) "
        "ON CONFLICT (source_id) DO UPDATE SET "
        "next_attempt = max(coalesce(next_attempt, ''), :next), "
        "retry_after = max(coalesce(retry_after, 0), :asked)",
        {"id": source_id, "next": to_text(now + asked), "asked": asked.total_seconds()},
    )


def asked_wait(error: object) -> timedelta:
    """How long the server asked to be left alone (Retry-After) when the fetch that
    failed with `error` ended, at most a day; zero when it did not ask."""
    return capped_wait(getattr(error, "retry_after", None))


def capped_wait(seconds: object) -> timedelta:
    """A wait asked for, in seconds, at most a day; zero for none or nonsense."""
    if not isinstance(seconds, int | float) or not seconds > 0:
        return timedelta(0)
    return min(timedelta(seconds=min(float(seconds), 1e9)), RETRY_AFTER_MAX)


def due(db: Database, source_ids: Iterable[str], now: datetime) -> set[str]:
    """The sources not waiting out a backoff at `now`. A wait never runs longer than
    the source's backoff from `now`, or the wait its server asked for: a next attempt
    further off was set by a clock that ran ahead and has since been set right."""
    wanted = set(source_ids)
    waiting: set[str] = set()
    for batch in chunks(wanted):
        rows = db.execute(
            "SELECT source_id, next_attempt, consecutive_failures, retry_after "
            f"FROM source_health WHERE source_id IN ({placeholders(batch)}) "
            "AND next_attempt > ?",
            [*batch, to_text(now)],
        )
        waiting.update(
            source_id
            for source_id, next_attempt, failures, asked in rows
            if from_text(next_attempt)
            <= now + max(backoff(failures), timedelta(seconds=asked or 0))
        )
    return wanted - waiting


def health(db: Database) -> list[SourceHealth]:
    rows = db.execute(
        """
        SELECT s.id, s.district, coalesce(n.articles, 0), h.last_success, h.last_attempt,
               coalesce(h.consecutive_failures, 0), h.failing_since, h.last_error_kind,
               h.last_error, h.next_attempt
        FROM sources s
        LEFT JOIN source_health h ON h.source_id = s.id
        LEFT JOIN (
            -- IN, not a join: SQLite then reads the visible ids from their own index
            -- (articles_visible) instead of each article's row, behind its text
            SELECT ap.source_id, count(*) AS articles
            FROM appearances ap
            WHERE ap.article_id IN (SELECT id FROM articles WHERE hidden = 0)
            GROUP BY ap.source_id
        ) n ON n.source_id = s.id
        -- worst first: longest failure streak, then the longest without a success
        -- (never succeeded counts as oldest)
        ORDER BY coalesce(h.consecutive_failures, 0) DESC,
                 h.last_success IS NOT NULL, h.last_success, s.id
        """
    )
    return [
        SourceHealth(
            source_id=r[0],
            district=r[1],
            articles=r[2],
            last_success=maybe_datetime(r[3]),
            last_attempt=maybe_datetime(r[4]),
            consecutive_failures=r[5],
            failing_since=maybe_datetime(r[6]),
            last_error_kind=r[7],
            last_error=r[8],
            next_attempt=maybe_datetime(r[9]),
        )
        for r in rows
    ]


def fetch_log(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    """The newest runs first; `started` as an aware datetime."""
    cursor = db.execute(
        "SELECT started, source_id, status, duration, requests, not_modified, bytes, found, "
        "new, updated, error_kind, error FROM fetch_log ORDER BY started DESC, id DESC LIMIT ?",
        [limit],
    )
    names = [d[0] for d in cursor.description]
    entries = []
    for row in cursor:
        entry = dict(zip(names, row, strict=True))
        entry["started"] = from_text(entry["started"])
        entries.append(entry)
    return entries


def counts(db: Database) -> dict[str, int]:
    """Visible articles carried by each known source (a shared article counts for each)."""
    rows = db.execute(
        """
        SELECT s.id, count(a.id)
        FROM sources s
        LEFT JOIN appearances ap ON ap.source_id = s.id
        LEFT JOIN articles a ON a.id = ap.article_id AND a.hidden = 0
        GROUP BY s.id ORDER BY s.id
        """
    )
    return dict(rows.fetchall())
