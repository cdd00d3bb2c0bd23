"""What the store remembers about fetched URLs so unchanged pages cost almost nothing.

Per URL: the HTTP validators for a conditional GET and the sha256 of the last body, so
bytes that came back unchanged (servers that ignore validators) are not parsed again.
Per source: a fingerprint of each listed article, so an unchanged listing entry is not
fetched again. Per origin: how its robots.txt request last ended, so a host is asked
for it once a day rather than once a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from sqlite_utils import Database

from syndicate.model import RobotsRecord, Validators
from syndicate.store.schema import from_text, to_text

# Stay well under SQLite's limit on bound parameters in one statement.
CHUNK = 500

CacheRow = tuple[str, Validators, str | None]  # url, validators, sha256 of the body


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """What the last fetch of a URL left behind."""

    validators: Validators
    body_sha256: str | None = None


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """Distinct values in batches small enough for one `IN (...)`."""
    it = iter(dict.fromkeys(values))
    while batch := list(islice(it, size)):
        yield batch


def placeholders(batch: Sequence[object]) -> str:
    return ", ".join("?" * len(batch))


def cached_many(db: Database, urls: Iterable[str]) -> dict[str, CachedResponse]:
    found: dict[str, CachedResponse] = {}
    for batch in chunks(urls):
        rows = db.execute(
            "SELECT url, etag, last_modified, body_sha256 FROM http_cache "
            f"WHERE url IN ({placeholders(batch)})",
            batch,
        )
        for url, etag, last_modified, body_sha256 in rows:
            found[url] = CachedResponse(Validators(etag, last_modified), body_sha256)
    return found


def save_cache(db: Database, rows: Sequence[CacheRow], now: datetime) -> None:
    """Remember validators and body digests; call inside the caller's transaction."""
    stored = to_text(now)
    db.conn.executemany(
        "INSERT INTO http_cache (url, etag, last_modified, body_sha256, stored) "
        "VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, body_sha256 = excluded.body_sha256, "
        "stored = excluded.stored",
        [(url, v.etag, v.last_modified, digest, stored) for url, v, digest in rows],
    )


def source_listing(db: Database, source_id: str) -> dict[str, str]:
    rows = db.execute(
        "SELECT url, fingerprint FROM listing_fingerprints WHERE source_id = ?", [source_id]
    )
    return dict(rows.fetchall())


def save_listing(db: Database, source_id: str, listing: Mapping[str, str], now: datetime) -> None:
    """Upsert fingerprints; entries no longer listed are kept, so a return costs nothing."""
    seen = to_text(now)
    db.conn.executemany(
        "INSERT INTO listing_fingerprints (source_id, url, fingerprint, seen) "
        "VALUES (?, ?, ?, ?) "
        "ON CONFLICT (source_id, url) DO UPDATE SET fingerprint = excluded.fingerprint, "
        "seen = excluded.seen",
        [(source_id, url, fingerprint, seen) for url, fingerprint in listing.items()],
    )


def robots_records(db: Database) -> dict[str, RobotsRecord]:
    rows = db.execute("SELECT origin, status, body, fetched FROM robots").fetchall()
    return {o: RobotsRecord(status, body, from_text(fetched)) for o, status, body, fetched in rows}


def save_robots(db: Database, records: Mapping[str, RobotsRecord]) -> None:
    """Upsert robots.txt records; call inside the caller's transaction."""
    db.conn.executemany(
        "INSERT INTO robots (origin, status, body, fetched) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (origin) DO UPDATE SET status = excluded.status, "
        "body = excluded.body, fetched = excluded.fetched",
        [(o, r.status, r.body, to_text(r.fetched)) for o, r in records.items()],
    )


# Sources to read afresh are kept in `settings` under this prefix and their id.
_REREAD = "reread:"


def reread(db: Database, source_ids: Iterable[str]) -> None:
    """Have the next run of these sources read every page afresh, as if never fetched."""
    db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
        [(_REREAD + source_id,) for source_id in source_ids],
    )


def to_reread(db: Database) -> set[str]:
    rows = db.execute("SELECT key FROM settings WHERE key LIKE ?", [_REREAD + "%"])
    return {key[len(_REREAD) :] for (key,) in rows.fetchall()}


def rename_reread(db: Database, old: str, new: str) -> None:
    """A source to read afresh stays one under its new id."""
    db.execute("UPDATE settings SET key = ? WHERE key = ?", [_REREAD + new, _REREAD + old])


def reread_done(db: Database, source_id: str) -> None:
    db.execute("DELETE FROM settings WHERE key = ?", [_REREAD + source_id])
