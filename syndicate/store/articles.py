"""Articles and their appearances on sources: applying planned changes and reading back.

An article row is keyed by the id it got at first insert and never loses it; its `seq`
is the insertion order. An appearance says that a source listed the article, from
`first_seen` to `last_seen`. Nothing is ever deleted: an article that leaves its
listing stays, and a hidden one stays hidden. A merged duplicate keeps its row, with
`canonical_of` naming its story's canonical article (always the root, one level), and
every written article gets a story print (`stories`). An update keeps the row it
replaces in `article_versions` (a trigger, see schema m007), a moved URL included.
Write functions run inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from syndicate.changes import Change, Insert, Merge, Seen, Update
from syndicate.changes import article_id as changes_article_id
from syndicate.config import Config, categories_for
from syndicate.dedup import canonical_rank, ranks_before
from syndicate.errors import UsageError
from syndicate.model import Article, ArticleVersion, StoredArticle
from syndicate.store import stories
from syndicate.store.cache import chunks, placeholders
from syndicate.store.schema import (
    from_text,
    maybe_datetime,
    maybe_text,
    to_text,
    write_transaction,
)
from syndicate.store.search import folded_columns
from syndicate.store.stories import BandIndex, save_print
from syndicate.text.fold import clean_text
from syndicate.urls import article_number

# Article fields in table order; `_article_values` and `_article_from_row` follow it.
ARTICLE_FIELDS = (
    "url",
    "source_id",
    "district",
    "category",
    "title",
    "summary",
    "content_html",
    "published",
    "updated",
    "date_estimated",
    "author",
    "organisation",
    "image_url",
    "image_caption",
    "native_category",
    "guid",
    "content_hash",
)
FOLD_FIELDS = ("title_fold", "summary_fold", "body_fold")
STORED_FIELDS = ("id", *ARTICLE_FIELDS, "first_seen", "last_updated", "canonical_of", "hidden")
SELECT_STORED = "SELECT " + ", ".join(STORED_FIELDS) + " FROM articles"
_STORED_GUID = STORED_FIELDS.index("guid")

_INSERT = (
    "INSERT INTO articles (id, seq, "
    + ", ".join((*ARTICLE_FIELDS, *FOLD_FIELDS))
    + ", first_seen, last_updated, canonical_of) VALUES ("
    + ", ".join("?" * (len(ARTICLE_FIELDS) + len(FOLD_FIELDS) + 5))
    + ") ON CONFLICT DO NOTHING"
)
_UPDATE = (
    "UPDATE articles SET "
    + ", ".join(f"{name} = ?" for name in (*ARTICLE_FIELDS, *FOLD_FIELDS))
    + ", last_updated = ? WHERE id = ?"
)
# New articles enter the search index here rather than through a trigger: see
# schema.m008_search_insert_in_code.
_INDEX = (
    "INSERT INTO article_search(rowid, "
    + ", ".join(FOLD_FIELDS)
    + ") VALUES ("
    + ", ".join("?" * (len(FOLD_FIELDS) + 1))
    + ")"
)
_APPEAR = (
    "INSERT INTO appearances (article_id, source_id, url, first_seen, last_seen) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, source_id) "
    "DO UPDATE SET last_seen = excluded.last_seen, url = excluded.url"
)


class UnknownArticleError(UsageError, KeyError):
    """No stored article has this id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"no article with id {article_id!r}")

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return f"no article with id {self.article_id!r}"


def apply_changes(
    db: Database, index: BandIndex, source_id: str, changes: Sequence[Change], now: datetime
) -> tuple[int, int]:
    """Write planned changes and the source's appearances; return (new, updated)."""
    stamp = to_text(now)
    new = updated = 0
    next_seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
    renamed: dict[str, str] = {}  # an insert's planned id -> the id it got instead
    took_over: dict[str, str] = {}  # the same, for inserts a Merge made canonical
    # New articles enter the search index last, together: a statement that fires a
    # trigger (every insert does, for the store's generation) makes FTS5 write out its
    # pending terms, and interleaved with the inserts each article's would be a
    # segment of its own (see `schema.m008_search_insert_in_code`).
    searchable: list[tuple[object, ...]] = []

    def index_pending() -> None:
        # Before an update, whose trigger takes the article's old text out of the
        # index: it must be there to be taken out.
        db.conn.executemany(_INDEX, searchable)
        searchable.clear()

    for change in changes:
        if isinstance(change, Insert):
            # A duplicate follows a stored article, or an insert that took over its story.
            duplicate_of = change.duplicate_of and took_over.get(
                change.duplicate_of, change.duplicate_of
            )
            folds = folded_columns(change.article)
            row = [*_article_values(change.article), *folds, stamp, stamp, duplicate_of]
            article_id = change.id
            inserted = db.execute(_INSERT, [article_id, next_seq, *row]).rowcount
            stored_id = None if inserted else _id_by_url(db, change.article.url)
            if not inserted and stored_id is None:
                # The id is taken by the article that moved away from this URL (a feed
                # item's guid move) and keeps it: the newcomer gets one of its own.
                article_id = renamed[change.id] = _free_id(db, change.article.url)
                inserted = db.execute(_INSERT, [article_id, next_seq, *row]).rowcount
            if inserted:
                searchable.append((next_seq, *folds))
                save_print(db, index, next_seq, change.article)
                new += 1
                next_seq += 1
            else:
                # A stale plan: the URL arrived in the meantime. Treat it as a sighting
                # of what is stored, updating only when the content differs and this
                # source is its origin (`changes.revision`: the origin owns the text).
                article_id = stored_id or change.id
                index_pending()
                if _update_if_changed(db, article_id, change.article, stamp):
                    updated += 1
                    _reprint(db, index, article_id, change.article)
            _appear(db, article_id, source_id, change.article.url, stamp)
        elif isinstance(change, Update):
            index_pending()
            values = [*_article_values(change.article), *folded_columns(change.article)]
            cursor = db.execute(_UPDATE, [*values, to_text(change.last_updated), change.id])
            if cursor.rowcount:
                updated += 1
                # canonical_of is left alone: an edited copy stays merged, and an
                # edited canonical keeps its copies.
                _reprint(db, index, change.id, change.article)
            _appear(db, change.id, source_id, change.article.url, stamp)
        elif isinstance(change, Seen):
            _appear(db, change.id, change.source_id, change.url, stamp)
        elif isinstance(change, Merge):
            canonical = took_over[change.canonical] = renamed.get(
                change.canonical, change.canonical
            )
            _merge(db, change.id, canonical, stamp)
        else:
            raise TypeError(f"not a planned change: {change!r}")
    index_pending()
    return new, updated


def remap_categories(db: Database, config: Config) -> int:
    """Give every stored article the category the config now maps it to, when the
    categories or the sources' categories changed since the last time (a digest of them
    is kept in `settings`); how many articles moved. A category added, renamed or given
    another alias carries the articles of its labels, history included; so does a
    source given another category, for its articles without a label of their own (whose
    `native_category` is the source's, as normalizing records it: the one recorded here
    beside the digest)."""
    given = {s.id: s.category or "" for s in config.sources}
    mapping = json.dumps(
        [[[c.slug, c.title, list(c.aliases)] for c in config.categories], sorted(given.items())],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(mapping.encode("utf-8")).hexdigest()
    recorded = dict(
        db.execute(
            "SELECT key, value FROM settings WHERE key IN ('category_map', 'source_categories')"
        ).fetchall()
    )
    # A store mapped before the sources' categories were recorded beside the digest
    # records them now, or a later change of one would find nothing to compare with.
    if recorded.get("category_map") == digest and "source_categories" in recorded:
        return 0
    # What each source was given before; a store first mapped here takes it as unchanged.
    before: dict[str, str] = json.loads(recorded.get("source_categories") or "{}") or given
    categories = categories_for(config.categories)
    sources = {s.id: s for s in config.sources}
    moved = []
    for id_, source_id, native, category in db.execute(
        "SELECT id, source_id, native_category, category FROM articles"
    ):
        source = sources.get(source_id)
        label = native
        # An article whose label is what its source was given had none of its own.
        was_given = clean_text(before.get(source_id) or "") or None
        if source is not None and native is not None and native == was_given:
            label = clean_text(source.category or "") or None  # the source's, now
        now = categories.of_article(label, source)
        if source is None and now is None:
            continue  # a source gone from the config: its category stays as it was
        if (now, label) != (category, native):
            moved.append((now, label, id_))
    with write_transaction(db):
        db.conn.executemany(
            "UPDATE articles SET category = ?, native_category = ? WHERE id = ?", moved
        )
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [
                ("category_map", digest),
                ("source_categories", json.dumps(given, ensure_ascii=False, sort_keys=True)),
            ],
        )
    return len(moved)


def article_versions(db: Database, article_id: str) -> list[ArticleVersion]:
    rows = db.execute(
        f"SELECT {', '.join(ARTICLE_FIELDS)}, since, replaced FROM article_versions "
        "WHERE article_id = ? ORDER BY id DESC",
        [article_id],
    )
    n = len(ARTICLE_FIELDS)
    return [
        ArticleVersion(article_from_row(row[:n]), from_text(row[n]), from_text(row[n + 1]))
        for row in rows
    ]


def articles_by_url(db: Database, urls: Iterable[str]) -> dict[str, StoredArticle]:
    rows: list[Any] = []
    for batch in chunks(urls):
        rows += db.execute(
            f"{SELECT_STORED} WHERE url IN ({placeholders(batch)})", batch
        ).fetchall()
    stored = _stored_articles(db, rows)
    return {s.article.url: s for s in stored}


def content_hashes(db: Database, source_id: str) -> dict[str, str]:
    rows = db.execute(
        "SELECT ap.url, a.content_hash FROM appearances ap "
        "JOIN articles a ON a.id = ap.article_id WHERE ap.source_id = ?",
        [source_id],
    )
    return dict(rows.fetchall())


def story_candidates(
    db: Database, index: BandIndex, articles: Sequence[Article], window: timedelta
) -> list[StoredArticle]:
    """Stored articles that may tell the same story as one of `articles`, the canonical
    articles of those among them that are merged duplicates, and every visible copy of
    those stories: a new copy takes a story over only if it ranks before them all."""
    seqs = stories.candidate_seqs(db, index, articles, window)
    rows: dict[str, Any] = {}
    for start in range(0, len(seqs), 400):
        batch = seqs[start : start + 400]
        marks = placeholders(batch)
        for row in db.execute(
            f"{SELECT_STORED} WHERE seq IN ({marks}) OR id IN "
            f"(SELECT canonical_of FROM articles WHERE seq IN ({marks}))",
            [*batch, *batch],
        ):
            rows[row[0]] = row
    found = _stored_articles(db, list(rows.values()))
    roots = sorted({known.canonical_of or known.id for known in found})
    for ids in chunks(roots):
        for row in db.execute(
            f"{SELECT_STORED} WHERE canonical_of IN ({placeholders(ids)}) AND hidden = 0", ids
        ):
            rows.setdefault(row[0], row)
    if len(rows) == len(found):
        return found
    return _stored_articles(db, list(rows.values()))


def article(db: Database, article_id: str) -> StoredArticle | None:
    rows = db.execute(f"{SELECT_STORED} WHERE id = ?", [article_id]).fetchall()
    stored = _stored_articles(db, rows)
    return stored[0] if stored else None


def articles_by_seq(db: Database, seqs: Sequence[int]) -> list[StoredArticle]:
    """Stored articles in the order of `seqs` (search results arrive ranked)."""
    rows: list[Any] = []
    for start in range(0, len(seqs), 500):
        batch = list(seqs[start : start + 500])
        rows += db.execute(
            f"SELECT seq, {', '.join(STORED_FIELDS)} FROM articles "
            f"WHERE seq IN ({placeholders(batch)})",
            batch,
        ).fetchall()
    position = {seq: i for i, seq in enumerate(seqs)}
    rows.sort(key=lambda r: position[r[0]])
    return _stored_articles(db, [r[1:] for r in rows])


def hide(db: Database, article_id: str, reason: str, now: datetime) -> None:
    cursor = db.execute(
        "UPDATE articles SET hidden = 1, hidden_reason = ?, hidden_at = ? WHERE id = ?",
        [reason, to_text(now), article_id],
    )
    if cursor.rowcount == 0:
        raise UnknownArticleError(article_id)


def listed_by(db: Database, article_id: str) -> list[str]:
    """The sources that list an article."""
    rows = db.execute(
        "SELECT DISTINCT source_id FROM appearances WHERE article_id = ?", [article_id]
    )
    return [source_id for (source_id,) in rows.fetchall()]


def unhide(db: Database, article_id: str, now: datetime) -> bool:
    """Undo `hide`; whether the article was hidden."""
    row = db.execute("SELECT hidden FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise UnknownArticleError(article_id)
    if not row[0]:
        return False  # nothing to undo: its story is left as it is
    db.execute(
        "UPDATE articles SET hidden = 0, hidden_reason = NULL, hidden_at = NULL WHERE id = ?",
        [article_id],
    )
    _led_by_its_best_copy(db, article_id, to_text(now))
    return True


def _led_by_its_best_copy(db: Database, article_id: str, stamp: str) -> None:
    """A story brought back is led by its best visible copy, as one never hidden is:
    a district's original that arrived while the province's copy was hidden was merged
    into it (a copy never brings a hidden story back), and outranks it now."""
    me = article(db, article_id)
    if me is None or me.canonical_of is not None:
        return
    ids = db.execute(
        "SELECT id FROM articles WHERE canonical_of = ? AND hidden = 0", [article_id]
    ).fetchall()
    copies = [found for (id_,) in ids if (found := article(db, id_)) is not None]
    if not copies:
        return
    authority = dict(db.execute("SELECT id, authority FROM sources").fetchall())

    def rank(stored: StoredArticle) -> tuple[int, float]:
        return canonical_rank(stored.article, authority.get(stored.article.source_id, 0))

    def before_me(stored: StoredArticle) -> bool:
        mine = authority.get(me.article.source_id, 0)
        theirs = authority.get(stored.article.source_id, 0)
        return ranks_before(stored.article, theirs, me.article, mine)

    better = [copy for copy in copies if before_me(copy)]  # a tie keeps the story as it is
    if better:
        best = min(better, key=rank)
        db.execute("UPDATE articles SET canonical_of = NULL WHERE id = ?", [best.id])
        _merge(db, article_id, best.id, stamp)


def withdrawal(db: Database, article_id: str) -> tuple[str, datetime] | None:
    """Why and when the article was hidden, if it was."""
    row = db.execute(
        "SELECT hidden_reason, hidden_at FROM articles WHERE id = ? AND hidden = 1",
        [article_id],
    ).fetchone()
    return (row[0] or "", from_text(row[1])) if row and row[1] else None


def _merge(db: Database, old_canonical: str, canonical: str, stamp: str) -> None:
    """Point a story's canonical article and its duplicates at a new canonical, which
    takes over the story's feed entry id with it (see `schema.m012_story_entry_ids`)."""
    if old_canonical == canonical:
        return
    ids = {"old": old_canonical, "new": canonical, "since": stamp}
    row = db.execute("SELECT canonical_of FROM articles WHERE id = :old", ids).fetchone()
    was_canonical = row is not None and row[0] is None
    # Only onto a canonical article that exists: a stale plan may have inserted none.
    moved = db.execute(
        "UPDATE articles SET canonical_of = :new "
        "WHERE (id = :old OR canonical_of = :old) AND EXISTS "
        "(SELECT 1 FROM articles WHERE id = :new AND canonical_of IS NULL)",
        ids,
    ).rowcount
    if moved and was_canonical:
        db.execute(
            "INSERT INTO entry_ids (article_id, entry_id, since) VALUES (:new, coalesce("
            "(SELECT entry_id FROM entry_ids WHERE article_id = :old), :old), :since) "
            "ON CONFLICT (article_id) DO NOTHING",
            ids,
        )
        db.execute("DELETE FROM entry_ids WHERE article_id = :old", ids)


def story_entry_id(db: Database, article_id: str) -> str | None:
    """The entry id (after the published prefix) of the story `article_id` belongs to,
    when that is not its canonical article's own id: one kept through a takeover."""
    row = db.execute(
        "SELECT e.entry_id FROM articles a JOIN entry_ids e "
        "ON e.article_id = coalesce(a.canonical_of, a.id) WHERE a.id = ?",
        [article_id],
    ).fetchone()
    return str(row[0]) if row else None


def article_of_entry(db: Database, entry_id: str) -> str:
    """The canonical article whose feed entry carries `entry_id` (after the prefix):
    the article of that id, unless its story was taken over by another since."""
    row = db.execute("SELECT article_id FROM entry_ids WHERE entry_id = ?", [entry_id]).fetchone()
    return str(row[0]) if row else entry_id


def articles_by_guid(
    db: Database, source_id: str, guids: Iterable[str]
) -> dict[str, list[StoredArticle]]:
    """The source's stored articles that carry each of `guids`."""
    rows: list[Any] = []
    for batch in chunks(guids):
        rows += db.execute(
            f"{SELECT_STORED} WHERE source_id = ? AND guid IN ({placeholders(batch)})",
            [source_id, *batch],
        ).fetchall()
    found: dict[str, list[StoredArticle]] = defaultdict(list)
    for row, stored in zip(rows, _stored_articles(db, rows), strict=True):
        found[row[_STORED_GUID]].append(stored)
    return dict(found)


def articles_by_number(
    db: Database, source_id: str, numbers: Iterable[str]
) -> dict[str, list[StoredArticle]]:
    """The source's stored articles filed under each of `numbers` (`urls.article_number`).

    Addresses are matched in SQLite and checked here, and only the articles found are
    read whole: a source keeps thousands."""
    ids: dict[str, list[str]] = defaultdict(list)
    for number in set(numbers):
        digits = number.rsplit(" ", 1)[-1]
        rows = db.execute(
            "SELECT id, url FROM articles WHERE source_id = ? AND instr(url, ?) > 0",
            [source_id, digits],
        ).fetchall()
        ids[number] = [id_ for id_, url in rows if article_number(url) == number]
    wanted = [id_ for found in ids.values() for id_ in found]
    by_id: dict[str, StoredArticle] = {}
    for batch in chunks(wanted):
        rows = db.execute(f"{SELECT_STORED} WHERE id IN ({placeholders(batch)})", batch).fetchall()
        by_id.update((s.id, s) for s in _stored_articles(db, rows))
    return {n: [by_id[i] for i in found if i in by_id] for n, found in ids.items() if found}


def _reprint(db: Database, index: BandIndex, article_id: str, article_: Article) -> None:
    row = db.execute("SELECT seq FROM articles WHERE id = ?", [article_id]).fetchone()
    if row:
        save_print(db, index, row[0], article_)


def _appear(db: Database, article_id: str, source_id: str, url: str, stamp: str) -> None:
    db.execute(_APPEAR, [article_id, source_id, url, stamp, stamp])


def _free_id(db: Database, url: str) -> str:
    """An id for a new article at `url` whose own (`changes.article_id`) is taken:
    derived from the URL all the same, so a replayed plan picks the same one."""
    n = 2
    while True:
        candidate = changes_article_id(f"{url}#{n}")
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [candidate]).fetchone() is None:
            return candidate
        n += 1


def _id_by_url(db: Database, url: str) -> str | None:
    row = db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()
    return row[0] if row else None


def _update_if_changed(db: Database, article_id: str, article_: Article, stamp: str) -> int:
    values = [*_article_values(article_), *folded_columns(article_)]
    return db.execute(
        _UPDATE + " AND content_hash != ? AND hidden = 0 AND source_id = ?",
        [*values, stamp, article_id, article_.content_hash, article_.source_id],
    ).rowcount


def _article_values(a: Article) -> list[Any]:
    return [
        a.url,
        a.source_id,
        a.district,
        a.category,
        a.title,
        a.summary,
        a.content_html,
        to_text(a.published),
        maybe_text(a.updated),
        int(a.date_estimated),
        a.author,
        a.organisation,
        a.image_url,
        a.image_caption,
        a.native_category,
        a.guid,
        a.content_hash,
    ]


def article_from_row(row: Sequence[Any]) -> Article:
    """An Article from the ARTICLE_FIELDS columns, in that order."""
    return Article(
        url=row[0],
        source_id=row[1],
        district=row[2],
        category=row[3],
        title=row[4],
        summary=row[5],
        content_html=row[6],
        published=from_text(row[7]),
        updated=maybe_datetime(row[8]),
        date_estimated=bool(row[9]),
        author=row[10],
        organisation=row[11],
        image_url=row[12],
        image_caption=row[13],
        native_category=row[14],
        guid=row[15],
        content_hash=row[16],
    )


def _stored_articles(db: Database, rows: Sequence[Sequence[Any]]) -> list[StoredArticle]:
    """StoredArticles from SELECT_STORED rows, with their sources in one more query."""
    ids = [r[0] for r in rows]
    carried: dict[str, list[str]] = {i: [] for i in ids}
    for batch in chunks(ids):
        appearances = db.execute(
            "SELECT article_id, source_id FROM appearances "
            f"WHERE article_id IN ({placeholders(batch)}) ORDER BY first_seen, source_id",
            batch,
        )
        for article_id, source_id in appearances:
            carried[article_id].append(source_id)
    n = len(ARTICLE_FIELDS)
    stored = []
    for row in rows:
        a = article_from_row(row[1 : n + 1])
        others = [s for s in carried[row[0]] if s != a.source_id]
        stored.append(
            StoredArticle(
                id=row[0],
                article=a,
                first_seen=from_text(row[n + 1]),
                last_updated=from_text(row[n + 2]),
                canonical_of=row[n + 3],
                hidden=bool(row[n + 4]),
                sources=(a.source_id, *others),
            )
        )
    return stored
