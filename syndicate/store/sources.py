"""A source renamed in the configuration keeps what the store holds under its old id.

An operator who renames `[[sources]] id` means the same portal: its articles, the
pages it listed, its health and its fetch log carry on under the new id, rather than
the old id living on in `status` and the source collecting everything afresh. Write
functions here run inside the caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlite_utils import Database

from syndicate.config import Source
from syndicate.store.cache import rename_reread
from syndicate.urls import canonical_url

# Every table that names a source by its id (the `sources` table itself aside).
SOURCE_COLUMNS = (
    ("articles", "source_id"),
    ("appearances", "source_id"),
    ("listing_fingerprints", "source_id"),
    ("fetch_log", "source_id"),
    ("source_health", "source_id"),
    ("article_versions", "source_id"),
)


def renamed(db: Database, sources: Sequence[Source]) -> list[tuple[str, str]]:
    """(old id, new id) for each configured source new to the store whose address and
    kind are those of exactly one stored source the configuration no longer names, and
    which no other new source claims too."""
    configured = {source.id for source in sources}
    gone: dict[tuple[str, str], list[str]] = defaultdict(list)
    known: set[str] = set()
    for id_, kind, url in db.execute("SELECT id, kind, url FROM sources").fetchall():
        known.add(id_)
        if id_ not in configured:
            gone[(kind, canonical_url(url))].append(id_)
    new = [source for source in sources if source.id not in known]
    claims: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source in new:
        claims[(source.kind, canonical_url(source.url))].append(source.id)
    return [
        (old[0], ids[0])
        for key, ids in claims.items()
        if len(ids) == 1 and len(old := gone.get(key, [])) == 1
    ]


def rename(db: Database, old: str, new: str) -> None:
    """Move everything stored under source `old` to `new`, which holds nothing yet."""
    for table, column in SOURCE_COLUMNS:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
    rename_reread(db, old, new)
    db.execute("DELETE FROM sources WHERE id = ?", [old])
