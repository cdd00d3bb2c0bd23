"""What the store holds of a source follows its address when the configuration renames it.

An operator who renames `[[sources]] id` means the same portal: its articles, the
pages it listed, its health and its fetch log carry on under the new id, rather than
the old id living on in `status` and the source collecting everything afresh. Ids may
also be passed along (a→b while b→c) or swapped; what each address's portal holds goes
with the address. An id that now names another portal, with nothing configured at its
old address, leaves what it held there under a retired id. Ids still configured that
merely changed addresses (sections renumbered) keep their own. Write functions here
run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlite_utils import Database

from syndicate.config import Source
from syndicate.store.cache import placeholders, rename_reread
from syndicate.urls import canonical_url

# Every table that names a source by its id.
SOURCE_COLUMNS = (
    ("sources", "id"),
    ("articles", "source_id"),
    ("appearances", "source_id"),
    ("listing_fingerprints", "source_id"),
    ("fetch_log", "source_id"),
    ("source_health", "source_id"),
    ("article_versions", "source_id"),
)
RETIRED = "{id}~{n}"  # what an id that moved to another portal leaves its old one under

Address = tuple[str, str]  # kind, canonical URL


def follow_addresses(db: Database, sources: Sequence[Source]) -> list[tuple[str, str]]:
    """Move what the store holds under each source id to the id now configured at its
    address; return the moves, (old id, new id), retirements included."""
    moves, retire = _moves(db, sources)
    if not moves and not retire:
        return []
    taken = {id_ for (id_,) in db.execute("SELECT id FROM sources").fetchall()}
    retired = {old: _free(RETIRED, old, taken) for old in retire}
    # Through ids of their own first, so that passing ids along or swapping them never
    # meets an id still in use; each table is rewritten twice, however many move.
    parked = {old: _free(RETIRED, f"{old}~moving", taken) for old in moves}
    _rename_all(db, {**parked, **retired})
    _rename_all(db, {parked[old]: new for old, new in moves.items()})
    _rename_in_categories(db, {**moves, **retired})
    return [*moves.items(), *retired.items()]


def _moves(db: Database, sources: Sequence[Source]) -> tuple[dict[str, str], list[str]]:
    stored: dict[str, Address] = {}
    at: dict[Address, list[str]] = defaultdict(list)
    for id_, kind, url in db.execute("SELECT id, kind, url FROM sources").fetchall():
        if url is None:
            continue  # a row made for an article's sake, never configured
        stored[id_] = (kind, canonical_url(url))
        at[stored[id_]].append(id_)
    configured: dict[str, Address] = {s.id: (s.kind, canonical_url(s.url)) for s in sources}
    claims: dict[Address, list[str]] = defaultdict(list)
    for id_, address in configured.items():
        if stored.get(id_) != address:
            claims[address].append(id_)
    moves: dict[str, str] = {}
    for address, (claimant, *others) in claims.items():
        # What no configured id keeps at this address; of several (an id left behind by
        # an earlier rename), the one last collected.
        holders = [h for h in at.get(address, []) if configured.get(h) != address]
        holder = _last_collected(db, holders) if holders and not others else None
        if holder is not None:
            moves[holder] = claimant
    # A holder still configured (at another address) gives its holdings up only to an
    # id whose own go on to another (ids passed along, swapped): otherwise both sources
    # merely changed address, as sections renumbered do, and each keeps its own.
    while dropped := [
        old
        for old, new in moves.items()
        if old in configured and new in stored and new not in moves
    ]:
        for old in dropped:
            del moves[old]
    # An id given to another portal's holdings, whose own old portal nobody takes over.
    retire = sorted(id_ for id_ in set(moves.values()) if id_ in stored and id_ not in moves)
    return moves, retire


def _last_collected(db: Database, ids: Sequence[str]) -> str | None:
    """Of `ids`, the one collected last; None when that cannot be told (never, or all
    in one run)."""
    if len(ids) == 1:
        return ids[0]
    rows = db.execute(
        "SELECT source_id, max(started) FROM fetch_log "
        f"WHERE source_id IN ({placeholders(ids)}) GROUP BY source_id",
        list(ids),
    ).fetchall()
    last: dict[str, str] = {str(id_): str(started) for id_, started in rows if started}
    ranked = sorted(ids, key=lambda id_: last.get(id_, ""), reverse=True)
    first, second = (last.get(id_, "") for id_ in ranked[:2])
    return ranked[0] if first and first != second else None


def _free(template: str, id_: str, taken: set[str]) -> str:
    n = 1
    while (candidate := template.format(id=id_, n=n)) in taken:
        n += 1
    taken.add(candidate)
    return candidate


def _rename_all(db: Database, renames: dict[str, str]) -> None:
    """Rename source ids, old to new, all new ids being free."""
    if not renames:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS source_renames (old TEXT PRIMARY KEY, new TEXT)")
    db.execute("DELETE FROM temp.source_renames")
    db.conn.executemany("INSERT INTO temp.source_renames VALUES (?, ?)", list(renames.items()))
    for table, column in SOURCE_COLUMNS:
        db.execute(
            f"UPDATE {table} SET {column} = "
            f"(SELECT new FROM temp.source_renames WHERE old = {table}.{column}) "
            f"WHERE {column} IN (SELECT old FROM temp.source_renames)"
        )
    db.execute("DELETE FROM temp.source_renames")
    for old, new in renames.items():
        rename_reread(db, old, new)


def _rename_in_categories(db: Database, renames: dict[str, str]) -> None:
    """The category each source was given, as the last remapping recorded it (see
    `articles.remap_categories`), follows the renames."""
    row = db.execute("SELECT value FROM settings WHERE key = 'source_categories'").fetchone()
    if row is None:
        return
    given: dict[str, str] = json.loads(row[0] or "{}")
    held = {old: given.pop(old) for old in renames if old in given}
    given.update((renames[old], category) for old, category in held.items())
    db.execute(
        "UPDATE settings SET value = ? WHERE key = 'source_categories'",
        [json.dumps(given, ensure_ascii=False, sort_keys=True)],
    )
