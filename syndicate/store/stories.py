"""Story prints in SQLite: each article's sketch, and its band keys indexed by day.

`story_prints` keeps one sketch per article (a 256-byte blob); `story_bands` holds a
row per band key and publication day, its primary key being the index. The stored
articles that may tell the same story as any of a batch of fresh ones are then one
indexed query (`candidates`), however many articles the store holds; only those are
compared exactly, by the planner. Write functions run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from syndicate.dedup import (
    CANDIDATE_FLOOR,
    STORY_WINDOW,
    band_keys,
    estimate,
    pack_sketch,
    story_sketch,
    text_print,
    unpack_sketch,
    window_days,
)
from syndicate.model import Article

# The probes go in as one JSON parameter, so a batch of any size is one statement.
# CROSS JOIN keeps the probes as the outer loop: each is then a range scan of the
# (key, day) primary key.
_CANDIDATES = """
SELECT DISTINCT json_extract(p.value, '$[3]'), b.seq, s.sketch
FROM json_each(?) AS p
CROSS JOIN story_bands AS b
    ON b.key = json_extract(p.value, '$[0]')
    AND b.day BETWEEN json_extract(p.value, '$[1]') AND json_extract(p.value, '$[2]')
JOIN story_prints AS s ON s.seq = b.seq
"""


def day_number(moment: datetime) -> int:
    """The UTC calendar day as a number, the unit of the index's time range."""
    return moment.astimezone(UTC).date().toordinal()


def save_print(db: Database, seq: int, article: Article, *, new: bool = False) -> None:
    """Store (or replace) the print of the article with this seq; `new` when the article
    was inserted just now, so there is no old print to look for."""
    _save(db, seq, story_sketch(article), day_number(article.published), new=new)


def backfill(db: Database) -> None:
    """Print every stored article that has no print yet."""
    rows = db.execute(
        "SELECT a.seq, a.title, a.summary, a.content_html, a.published FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM story_prints s WHERE s.seq = a.seq)"
    ).fetchall()
    for seq, title, summary, html, published in rows:
        day = day_number(datetime.fromisoformat(published))
        _save(db, seq, text_print(title, summary, html).sketch, day)


def _save(db: Database, seq: int, sketch: tuple[int, ...], day: int, *, new: bool = False) -> None:
    old = None
    if not new:
        old = db.execute("SELECT day, sketch FROM story_prints WHERE seq = ?", [seq]).fetchone()
    if old is not None:
        db.conn.executemany(
            "DELETE FROM story_bands WHERE key = ? AND day = ? AND seq = ?",
            [(key, old[0], seq) for key in band_keys(unpack_sketch(old[1]))],
        )
    db.conn.execute(
        "INSERT INTO story_prints (seq, day, sketch) VALUES (?, ?, ?) "
        "ON CONFLICT (seq) DO UPDATE SET day = excluded.day, sketch = excluded.sketch",
        [seq, day, pack_sketch(sketch)],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO story_bands (key, day, seq) VALUES (?, ?, ?)",
        [(key, day, seq) for key in band_keys(sketch)],
    )


def candidate_seqs(
    db: Database, articles: Sequence[Article], window: timedelta = STORY_WINDOW
) -> list[int]:
    """Seqs of stored articles sharing a band key with one of `articles`, published
    within `window` of it (to the day) and with a sketch close enough to compare."""
    sketches = [story_sketch(a) for a in articles]
    span = window_days(window)
    probes: list[tuple[int, int, int, int]] = []
    for i, (article, sketch) in enumerate(zip(articles, sketches, strict=True)):
        day = day_number(article.published)
        probes += [(key, day - span, day + span, i) for key in band_keys(sketch)]
    if not probes:
        return []
    found: dict[int, None] = {}
    rows: Iterable[Any] = db.execute(_CANDIDATES, [json.dumps(probes)])
    for i, seq, blob in rows:
        if seq not in found and estimate(sketches[i], unpack_sketch(blob)) >= CANDIDATE_FLOOR:
            found[seq] = None
    return sorted(found)
