"""Story prints in SQLite, and the band index the candidates for a merge come from.

`story_prints` keeps one sketch per article (a 256-byte blob) and its band keys (another
256) with its publication day, indexed by day. The band keys are indexed in memory
(`BandIndex`), a day at a time as fresh articles need them: a fresh article can only
repeat a story published within a few days of it, so the stored articles that may
tell the same story are a few dictionary lookups away, however many the store holds.
An index table on disk did the same with 32 rows an article at random places in a
B-tree, which made each transaction rewrite most of it. Write functions run inside
the caller's transaction.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from syndicate.dedup import (
    CANDIDATE_FLOOR,
    STORY_WINDOW,
    band_keys,
    estimate_numbers,
    pack_band_keys,
    pack_sketch,
    sketch_number,
    story_band_keys,
    story_sketch_blob,
    text_print,
    unpack_band_keys,
    unpack_sketch,
    window_days,
)
from syndicate.model import Article

# Days whose prints stay indexed, at most, counted in articles: a first collection of
# years of history would otherwise index all of it at once (about 3 KB an article).
# Far fewer would not do: a first collection arrives in no order of days, and evicted
# days would be read again and again.
INDEX_ARTICLES = 20_000


def day_number(moment: datetime) -> int:
    """The UTC calendar day as a number, the unit of the index's time range."""
    return moment.astimezone(UTC).date().toordinal()


class BandIndex:
    """Band keys of stored story prints, for whole publication days at a time.

    A day is read from `story_prints` when a lookup first needs it and then kept up to
    date by `put`; the least recently used days are dropped beyond `capacity` articles.
    The index is dropped whole when another connection wrote the store (SQLite's
    `data_version`) and, through `forget`, when a transaction that wrote to it rolled
    back.
    """

    def __init__(self, capacity: int = INDEX_ARTICLES) -> None:
        self.capacity = capacity
        self._days: OrderedDict[int, set[int]] = OrderedDict()  # loaded day -> seqs
        # seq -> (day, sketch as a number, packed band keys)
        self._prints: dict[int, tuple[int, int, bytes]] = {}
        self._bands: dict[int, int | list[int]] = {}  # key -> seq, or seqs when several
        self._version: int | None = None

    def forget(self) -> None:
        self._days.clear()
        self._prints.clear()
        self._bands.clear()

    def candidates(self, db: Database, articles: Sequence[Article], span: int) -> list[int]:
        """Seqs of stored articles sharing a band key with one of `articles`, published
        within `span` days of it and with a sketch close enough to compare."""
        self._check_version(db)
        days = [day_number(a.published) for a in articles]
        needed = {d + offset for d in days for offset in range(-span, span + 1)}
        self._load(db, needed)
        found: set[int] = set()
        for article, day in zip(articles, days, strict=True):
            keys = unpack_band_keys(story_band_keys(article))
            hits: set[int] = set()
            for key in keys:
                hit = self._bands.get(key)
                if hit is not None:
                    hits.update((hit,) if isinstance(hit, int) else hit)
            hits -= found
            if not hits:
                continue
            sketch = sketch_number(story_sketch_blob(article))
            for seq in hits:
                stored_day, stored, _ = self._prints[seq]
                if abs(stored_day - day) <= span and (
                    estimate_numbers(sketch, stored) >= CANDIDATE_FLOOR
                ):
                    found.add(seq)
        return sorted(found)

    def put(self, seq: int, day: int, blob: bytes, keys: bytes) -> None:
        """Index a print just written (replacing the seq's old one), if its day is loaded."""
        self.discard(seq)
        if day in self._days:  # else it is read with the rest of its day, when needed
            self._add(seq, day, blob, keys)

    def discard(self, seq: int) -> None:
        old = self._prints.pop(seq, None)
        if old is None:
            return
        day, _, keys = old
        self._days[day].discard(seq)
        for key in unpack_band_keys(keys):
            hit = self._bands.get(key)
            if hit == seq:
                del self._bands[key]
            elif isinstance(hit, list) and seq in hit:
                hit.remove(seq)
                if len(hit) == 1:
                    self._bands[key] = hit[0]

    def _add(self, seq: int, day: int, blob: bytes, keys: bytes) -> None:
        self._days[day].add(seq)
        self._prints[seq] = (day, sketch_number(blob), keys)
        bands = self._bands
        for key in unpack_band_keys(keys):
            hit = bands.get(key)
            if hit is None:
                bands[key] = seq
            elif isinstance(hit, int):
                if hit != seq:
                    bands[key] = [hit, seq]
            elif seq not in hit:
                hit.append(seq)

    def _check_version(self, db: Database) -> None:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.forget()
            self._version = version

    def _load(self, db: Database, days: set[int]) -> None:
        for day in days & self._days.keys():
            self._days.move_to_end(day)
        missing = sorted(days - self._days.keys())
        for day in missing:
            self._days[day] = set()
        for start in range(0, len(missing), 500):
            batch = missing[start : start + 500]
            rows = db.execute(
                "SELECT seq, day, sketch, bands FROM story_prints "
                f"WHERE day IN ({', '.join('?' * len(batch))}) AND sketch != x''",
                batch,
            )
            for seq, day, blob, keys in rows:
                self._add(seq, day, blob, keys)
        self._evict(keep=days)

    def _evict(self, keep: set[int]) -> None:
        while len(self._prints) > self.capacity:
            day = next((d for d in self._days if d not in keep), None)
            if day is None:
                return  # everything indexed is needed now
            for seq in list(self._days[day]):
                self.discard(seq)
            del self._days[day]


def save_print(db: Database, index: BandIndex, seq: int, article: Article) -> None:
    """Store (or replace) the print of the article with this seq, and index it."""
    day = day_number(article.published)
    blob = story_sketch_blob(article)
    keys = story_band_keys(article)
    db.conn.execute(
        "INSERT INTO story_prints (seq, day, sketch, bands) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (seq) DO UPDATE SET "
        "day = excluded.day, sketch = excluded.sketch, bands = excluded.bands",
        [seq, day, blob, keys],
    )
    if blob:
        index.put(seq, day, blob, keys)
    else:
        index.discard(seq)  # a text without words: nothing to match it by


def backfill_band_keys(db: Database) -> None:
    """Fill the band keys of prints stored without them, a slice of the store at a time."""
    after = -1
    while True:
        rows = db.execute(
            "SELECT seq, sketch FROM story_prints WHERE bands = x'' AND seq > ? "
            "ORDER BY seq LIMIT 10000",
            [after],
        ).fetchall()
        if not rows:
            return
        db.conn.executemany(
            "UPDATE story_prints SET bands = ? WHERE seq = ?",
            [(pack_band_keys(band_keys(unpack_sketch(blob))), seq) for seq, blob in rows],
        )
        after = rows[-1][0]


def backfill(db: Database) -> None:
    """Print every stored article that has no print yet."""
    rows = db.execute(
        "SELECT a.seq, a.title, a.summary, a.content_html, a.published FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM story_prints s WHERE s.seq = a.seq)"
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO story_prints (seq, day, sketch) VALUES (?, ?, ?)",
        [
            (
                seq,
                day_number(datetime.fromisoformat(published)),
                pack_sketch(text_print(title, summary, html).sketch),
            )
            for seq, title, summary, html, published in rows
        ],
    )


def candidate_seqs(
    db: Database, index: BandIndex, articles: Sequence[Article], window: timedelta = STORY_WINDOW
) -> list[int]:
    """Seqs of stored articles that may tell the same story as one of `articles`."""
    return index.candidates(db, articles, window_days(window))
