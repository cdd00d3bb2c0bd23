"""What the store holds of a source follows its address when the configuration renames it.

An operator who renames `[[sources]] id` means the same portal: its articles, the
pages it listed, its health and its fetch log carry on under the new id, rather than
the old id living on in `status` and the source collecting everything afresh. Ids may
also be passed along (a→b while b→c) or swapped; what each address's portal holds goes
with the address. An id that now names another portal, with nothing configured at its
old address, leaves what it held there under a retired id. Write functions here run
inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlite_utils import Database

from syndicate.config import Source
from syndicate.store.cache import rename_reread
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
    # meets an id still in use.
    parked = {old: _free(RETIRED, f"{old}~moving", taken) for old in moves}
    for old, through in parked.items():
        _rename(db, old, through)
    for old, new in retired.items():
        _rename(db, old, new)
    for old, new in moves.items():
        _rename(db, parked[old], new)
    return [*moves.items(), *retired.items()]


def _moves(db: Database, sources: Sequence[Source]) -> tuple[dict[str, str], list[str]]:
    stored: dict[str, Address] = {}
    at: dict[Address, list[str]] = defaultdict(list)
    for id_, kind, url in db.execute("SELECT id, kind, url FROM sources").fetchall():
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
        if others or not holders:
            continue
        moves[_last_collected(db, holders)] = claimant
    # An id given to another portal's holdings, whose own old portal nobody takes over.
    # (An id whose address merely changed, taking nothing over, is its portal moved.)
    retire = sorted(id_ for id_ in set(moves.values()) if id_ in stored and id_ not in moves)
    return moves, retire


def _last_collected(db: Database, ids: Sequence[str]) -> str:
    if len(ids) == 1:
        return ids[0]
    rows = db.execute(
        f"SELECT source_id, max(started) FROM fetch_log WHERE source_id IN "
        f"({', '.join('?' * len(ids))}) GROUP BY source_id",
        list(ids),
    ).fetchall()
    last = dict(rows)
    return max(ids, key=lambda id_: (last.get(id_) or "", id_))


def _free(template: str, id_: str, taken: set[str]) -> str:
    n = 1
    while (candidate := template.format(id=id_, n=n)) in taken:
        n += 1
    taken.add(candidate)
    return candidate


def _rename(db: Database, old: str, new: str) -> None:
    for table, column in SOURCE_COLUMNS:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
    rename_reread(db, old, new)
    _rename_in_categories(db, old, new)


def _rename_in_categories(db: Database, old: str, new: str) -> None:
    """The category each source was given, as the last remapping recorded it (see
    `articles.remap_categories`), follows the rename."""
    row = db.execute("SELECT value FROM settings WHERE key = 'source_categories'").fetchone()
    if row is None:
        return
    given: dict[str, str] = json.loads(row[0] or "{}")
    if old not in given:
        return
    given[new] = given.pop(old)
    db.execute(
        "UPDATE settings SET value = ? WHERE key = 'source_categories'",
        [json.dumps(given, ensure_ascii=False, sort_keys=True)],
    )
