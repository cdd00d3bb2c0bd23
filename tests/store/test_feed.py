"""feed_entries: every visible article once, attributed, duplicates folded in, fast."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from syndicate.changes import Insert, article_id
from syndicate.config import Config
from syndicate.model import EntryOrigin, FeedEntry
from syndicate.store import Store

DAK_TO = EntryOrigin(
    "dak-to-tin",
    "Đăk Tô: Tin trong huyện",
    "http://huyendakto.example.vn/tin-trong-huyen",
    "dak-to",
    "Huyện Đăk Tô",
)
KON_PLONG = EntryOrigin(
    "kon-plong-tin",
    "Kon Plông: Tin tức",
    "http://konplong.example.vn/tin-tuc",
    "kon-plong",
    "Huyện Kon Plông",
)
TINH = EntryOrigin(
    "tinh-tin", "Cổng tỉnh: Tin tức", "https://tinh.example.vn/rss", None, "Tỉnh Kon Tum"
)


def test_entry_fields(store: Store, config: Config, make_article, collect_once, now) -> None:
    article = make_article(
        1,
        author="Thanh Huyền",
        organisation="Trung tâm VHTTDL&TT huyện",
        image_url="http://huyendakto.example.vn/Uploads/images/2025/anh-1.jpg",
        image_caption="Quang cảnh buổi làm việc",
    )
    collect_once(store, "dak-to-tin", [article])
    [entry] = store.feed_entries(config)
    assert entry == FeedEntry(
        id=f"tag:tin.example.org,2025:kon-tum/{article_id(article.url)}",
        seq=1,
        url=article.url,
        title=article.title,
        summary=article.summary,
        content_html=article.content_html,
        published=article.published,
        updated=article.published,  # never edited: "updated" is its own date, not first-seen
        author="Thanh Huyền",
        organisation="Trung tâm VHTTDL&TT huyện",
        category="chinh-tri",
        category_title="Chính trị",
        image_url=article.image_url,
        image_caption="Quang cảnh buổi làm việc",
        origin=DAK_TO,
        also_on=(),
    )


def test_updated_follows_last_updated_and_id_never_changes(
    store: Store, config: Config, make_article, collect_once, now
) -> None:
    collect_once(store, "dak-to-tin", [make_article(1)])
    [before] = store.feed_entries(config)
    later = now + timedelta(days=2)
    edited = replace(make_article(1), title="Tiêu đề mới", content_hash="hash-1b")
    collect_once(store, "dak-to-tin", [edited], later)
    [after] = store.feed_entries(config)
    assert (after.id, after.seq, after.published) == (before.id, before.seq, before.published)
    assert (after.title, after.updated) == ("Tiêu đề mới", later)


def test_province_source_and_unmapped_category(
    store: Store, config: Config, make_article, collect_once
) -> None:
    article = make_article(1, source_id="tinh-tin", district=None, category=None)
    collect_once(store, "tinh-tin", [article])
    [entry] = store.feed_entries(config)
    assert entry.origin == TINH
    assert (entry.category, entry.category_title) == (None, None)


def test_other_sources_are_also_on_in_a_fixed_order(
    tmp_path: Path, config: Config, make_article, collect_once, now
) -> None:
    article = make_article(1)
    results = []
    for name, order in (("a", ["tinh-tin", "kon-plong-tin"]), ("b", ["kon-plong-tin", "tinh-tin"])):
        with Store(tmp_path / f"{name}.db") as store:
            store.sync_sources(config.sources)
            collect_once(store, "dak-to-tin", [article])
            for hour, source_id in enumerate(order, start=1):
                copy = replace(article, source_id=source_id)
                collect_once(store, source_id, [copy], now + timedelta(hours=hour))
            results.append(store.feed_entries(config))
    assert results[0] == results[1]
    [entry] = results[0]
    assert entry.origin == DAK_TO
    assert entry.also_on == (KON_PLONG, TINH)


def test_merged_duplicate_is_folded_into_its_canonical(
    store: Store, config: Config, make_article, collect_once, ok_run, now
) -> None:
    original = make_article(1)
    [insert] = collect_once(store, "dak-to-tin", [original])
    republished = make_article(
        7, url="https://tinh.example.vn/tin/bai-dang-lai-7", source_id="tinh-tin", district=None
    )
    merged = Insert(article_id(republished.url), republished, duplicate_of=insert.id)
    assert store.apply(ok_run("tinh-tin"), [merged], now=now) == (1, 0)
    stored = store.article(merged.id)
    assert stored is not None and stored.canonical_of == insert.id
    [entry] = store.feed_entries(config)
    assert entry.url == original.url
    assert entry.also_on == (TINH,)
    assert store.search("bai viet so 7") == []


def test_a_hidden_duplicate_is_not_also_on_its_canonical(
    store: Store, config: Config, make_article, collect_once, ok_run, now
) -> None:
    # The operator withdrew the province portal's copy: the story no longer says it is
    # also there, while the copy Kon Plông's portal listed stays.
    [insert] = collect_once(store, "dak-to-tin", [make_article(1)])
    copies = {
        source_id: make_article(n, url=f"https://{source_id}.example.vn/{n}", source_id=source_id)
        for n, source_id in ((7, "tinh-tin"), (8, "kon-plong-tin"))
    }
    for source_id, copy in copies.items():
        merged = Insert(article_id(copy.url), copy, duplicate_of=insert.id)
        store.apply(ok_run(source_id), [merged], now=now)
    store.hide(article_id(copies["tinh-tin"].url), "đăng nhầm", now=now)
    [entry] = store.feed_entries(config)
    assert entry.also_on == (KON_PLONG,)


def test_hidden_articles_are_left_out(
    store: Store, config: Config, make_article, collect_once, now
) -> None:
    collect_once(store, "dak-to-tin", [make_article(n) for n in (1, 2, 3)])
    store.hide(article_id(make_article(2).url), "đăng nhầm", now=now)
    assert [e.url for e in store.feed_entries(config)] == [make_article(n).url for n in (1, 3)]


def test_entries_do_not_depend_on_arrival_order(
    tmp_path: Path, config: Config, make_article, collect_once, now
) -> None:
    batches = {
        "dak-to-tin": [make_article(n) for n in (1, 2, 3)],
        "kon-plong-tin": [
            make_article(
                n,
                url=f"http://konplong.example.vn/tin-tuc/bai-{n}",
                source_id="kon-plong-tin",
                district="kon-plong",
            )
            for n in (4, 5)
        ],
        "tinh-tin": [
            make_article(
                6, url="https://tinh.example.vn/tin/6", source_id="tinh-tin", district=None
            )
        ],
    }
    seen = []
    for name, order in (
        ("x", ["dak-to-tin", "kon-plong-tin", "tinh-tin"]),
        ("y", ["tinh-tin", "kon-plong-tin", "dak-to-tin"]),
    ):
        with Store(tmp_path / f"{name}.db") as store:
            store.sync_sources(config.sources)
            for source_id in order:
                collect_once(store, source_id, list(reversed(batches[source_id])), now)
            seen.append({e.id: replace(e, seq=0) for e in store.feed_entries(config)})
    assert seen[0] == seen[1]
    assert len(seen[0]) == 6


def test_a_source_dropped_from_the_config_still_attributes(
    store: Store, config: Config, make_article, collect_once
) -> None:
    collect_once(store, "dak-to-tin", [make_article(1)])
    trimmed = replace(config, sources=config.sources[1:])
    [entry] = store.feed_entries(trimmed)
    assert entry.origin == DAK_TO


def test_twenty_thousand_articles(store: Store, config: Config, make_article, ok_run, now) -> None:
    sources = [s.id for s in config.sources]
    changes = []
    for n in range(20_000):
        a = make_article(n, source_id=sources[n % 3], content_html=f"<p>Nội dung {n}</p>")
        changes.append(Insert(article_id(a.url), a))
    store.apply(ok_run(), changes, now=now)
    entries = store.feed_entries(config)
    assert len(entries) == 20_000
    assert [e.seq for e in entries] == list(range(1, 20_001))


def test_entry_ids_survive_a_change_of_host(
    store: Store, config: Config, make_article, collect_once, caplog
) -> None:
    collect_once(store, "dak-to-tin", [make_article(1)])
    [first] = store.feed_entries(config)
    moved = replace(
        config, province=replace(config.province, base_url="https://moi.example.net/feeds/")
    )
    [again] = store.feed_entries(moved)
    assert again.id == first.id
    assert first.id.startswith("tag:tin.example.org,2025:kon-tum/")
    assert "keeping entry ids" in caplog.text


def test_a_reader_before_the_first_publication_reads_the_ids_to_come(
    store: Store, config: Config, make_article, collect_once
) -> None:
    # `serve` reads a store that has collected but not yet published (a first sync
    # still collecting, or `collect` alone): it cannot write the prefix down.
    collect_once(store, "dak-to-tin", [make_article(1)])
    with Store(store.path, read_only=True) as reader:
        [early] = reader.feed_entries(config)
        assert reader.entry_id_prefix() is None
    [published] = store.feed_entries(config)
    assert early.id == published.id
    assert store.entry_id_prefix() == "tag:tin.example.org,2025:kon-tum/"


def _store_with_duplicates(store: Store, make_article, collect_once, ok_run, now) -> None:
    inserts = collect_once(store, "dak-to-tin", [make_article(n) for n in (1, 2, 3)])
    copy = make_article(7, url="https://tinh.example.vn/tin/7", source_id="tinh-tin", district=None)
    store.apply(
        ok_run("tinh-tin"),
        [Insert(article_id(copy.url), copy, duplicate_of=inserts[0].id)],
        now=now,
    )
    store.hide(article_id(make_article(2).url), "đăng nhầm", now=now)


def test_entries_without_text_are_the_entries_less_their_text(
    store: Store, config: Config, make_article, collect_once, ok_run, now
) -> None:
    _store_with_duplicates(store, make_article, collect_once, ok_run, now)
    whole = store.feed_entries(config)
    lean = store.feed_entries(config, texts=False)
    assert [e.summary + e.content_html for e in lean] == ["", ""]
    assert not any(e.has_text for e in lean)
    assert lean == [replace(e, summary="", content_html="", has_text=False) for e in whole]
    assert whole[0].also_on == (TINH,)
    assert store.entry_texts()(lean) == {e.id: e for e in whole}


def test_entries_without_text_are_read_from_an_index_alone(store: Store, config: Config) -> None:
    # Read from the table, each row's columns sit behind its text in overflow pages.
    from syndicate.store.feed import _ENTRIES

    plan = store._db.execute("EXPLAIN QUERY PLAN " + _ENTRIES.format(text="")).fetchall()
    assert [row[3] for row in plan] == ["SCAN a USING INDEX articles_feed"]


def _texts_in_a_child(texts, lean, sender) -> None:  # type: ignore[no-untyped-def]
    sender.send(texts(lean))


def test_entry_texts_read_in_a_forked_process(
    store: Store, config: Config, make_article, collect_once, ok_run, now
) -> None:
    # Publishing workers are forked; each must read through a connection of its own.
    _store_with_duplicates(store, make_article, collect_once, ok_run, now)
    lean = store.feed_entries(config, texts=False)
    texts = store.entry_texts()
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_texts_in_a_child, args=(texts, lean, sender)
    )
    child.start()
    got = receiver.recv()
    child.join()
    assert child.exitcode == 0
    assert got == {e.id: e for e in store.feed_entries(config)}
    assert texts(lean[:1]) == {lean[0].id: store.feed_entries(config)[0]}  # here, still


def test_entry_texts_name_what_is_no_longer_stored(
    store: Store, config: Config, make_article, collect_once
) -> None:
    collect_once(store, "dak-to-tin", [make_article(1)])
    [entry] = store.feed_entries(config, texts=False)
    gone = replace(entry, id=entry.id + "x", seq=99)
    with pytest.raises(LookupError, match=r"no longer stored: .*x"):
        store.entry_texts()([entry, gone])


class _CommitsAfter:
    """A store's database that runs `commit` (another connection's write) right after
    the query containing `marker` starts reading."""

    def __init__(self, db, marker: str, commit) -> None:  # type: ignore[no-untyped-def]
        self._db, self._marker, self._commit = db, marker, commit
        self.conn = db.conn

    def execute(self, sql: str, *params):  # type: ignore[no-untyped-def]
        cursor = self._db.execute(sql, *params)
        if self._marker in sql and self._commit is not None:
            commit, self._commit = self._commit, None
            commit()
        return cursor


def test_entries_are_read_from_one_state_of_the_store(
    store: Store, config: Config, make_article, collect_once, now
) -> None:
    # `serve` reads beside a sync: an article and the second portal listing it, committed
    # while the entries are read, are both seen or neither.
    from syndicate.store.feed import feed_entries

    collect_once(store, "dak-to-tin", [make_article(1)])
    fresh = make_article(2)

    def sync_beside() -> None:
        with Store(store.path) as other:
            collect_once(other, "dak-to-tin", [fresh], now)
            collect_once(other, "kon-plong-tin", [replace(fresh, source_id="kon-plong-tin")], now)

    db = _CommitsAfter(store._db, "FROM appearances", sync_beside)
    entries = feed_entries(db, config, texts=False)  # type: ignore[arg-type]
    assert [(e.url, e.also_on) for e in entries] == [(make_article(1).url, ())]
    assert store.feed_entries(config)[1].also_on == (KON_PLONG,)


# The carriers as read before they came from grouped queries: two correlated subqueries.
_CARRIERS_BY_SUBQUERY = """
SELECT a.id,
       (SELECT group_concat(source_id, char(31)) FROM appearances WHERE article_id = a.id),
       (SELECT group_concat(source_id, char(31)) FROM (
            SELECT d.source_id FROM articles d WHERE d.canonical_of = a.id AND d.hidden = 0
            UNION ALL
            SELECT ap.source_id FROM articles d JOIN appearances ap ON ap.article_id = d.id
            WHERE d.canonical_of = a.id AND d.hidden = 0))
FROM articles a WHERE a.hidden = 0 AND a.canonical_of IS NULL ORDER BY a.seq
"""


def test_carriers_are_those_the_correlated_subqueries_gave(
    store: Store, config: Config, make_article, collect_once, ok_run, now
) -> None:
    def copy(n: int, source_id: str):  # type: ignore[no-untyped-def]
        return make_article(n, url=f"https://{source_id}.example.vn/{n}", source_id=source_id)

    inserts = collect_once(store, "dak-to-tin", [make_article(n) for n in (1, 2, 3, 4)])
    # 1: listed by every portal; 2: a copy that another portal lists too; 3: a hidden
    # copy, listed elsewhere; 4: hidden itself, with a copy.
    for source_id in ("kon-plong-tin", "tinh-tin"):
        collect_once(store, source_id, [replace(make_article(1), source_id=source_id)])
    for n, source_id in ((2, "tinh-tin"), (3, "tinh-tin"), (4, "kon-plong-tin")):
        article = copy(n, source_id)
        merged = Insert(article_id(article.url), article, duplicate_of=inserts[n - 1].id)
        store.apply(ok_run(source_id), [merged], now=now)
    for n in (2, 3):
        collect_once(
            store, "kon-plong-tin", [replace(copy(n, "tinh-tin"), source_id="kon-plong-tin")]
        )
    store.hide(article_id(copy(3, "tinh-tin").url), "đăng nhầm", now=now)
    store.hide(inserts[3].id, "đăng nhầm", now=now)

    expected = {}
    for id_, appearances, duplicates in store._db.execute(_CARRIERS_BY_SUBQUERY):
        carried = {*(appearances or "").split("\x1f"), *(duplicates or "").split("\x1f")}
        expected[id_] = sorted(carried - {"", "dak-to-tin"})
    entries = store.feed_entries(config, texts=False)
    got = {e.id.rsplit("/", 1)[1]: sorted(o.source_id for o in e.also_on) for e in entries}
    assert got == expected
    assert list(expected.values()) == [
        ["kon-plong-tin", "tinh-tin"],
        ["kon-plong-tin", "tinh-tin"],
        [],
    ]
