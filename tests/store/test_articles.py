"""Applying planned changes: idempotence, stable ids, all-or-nothing, hiding, the HTTP cache."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from syndicate.changes import Insert, Seen, Update, article_id
from syndicate.errors import SyndicateError
from syndicate.model import Validators
from syndicate.store import CachedResponse, Store, UnknownArticleError


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table that apply writes, for before/after comparisons."""
    tables = [
        "articles",
        "article_versions",
        "appearances",
        "http_cache",
        "listing_fingerprints",
        "fetch_log",
    ]
    return {t: store._db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def test_insert_then_read_back(store, make_article, collect_once, now) -> None:
    article = make_article(1, updated=now, author="Nguyệt Hằng", date_estimated=True)
    [change] = collect_once(store, "dak-to-tin", [article])
    assert isinstance(change, Insert)
    got = store.article(change.id)
    assert got is not None
    assert got.article == article
    assert got.id == article_id(article.url)
    assert (got.first_seen, got.last_updated) == (now, now)
    assert got.sources == ("dak-to-tin",)
    assert not got.hidden and got.canonical_of is None
    assert store.articles_by_url([article.url, "http://nowhere.example/x"]) == {article.url: got}
    assert store.article("0000000000000000") is None


def test_second_apply_of_the_same_data_changes_nothing(
    store, make_article, collect_once, now
) -> None:
    fresh = [make_article(1), make_article(2)]
    collect_once(store, "dak-to-tin", fresh)
    before = store.articles_by_url(a.url for a in fresh)
    later = now + timedelta(hours=1)
    changes = collect_once(store, "dak-to-tin", fresh, later)
    assert all(isinstance(c, Seen) for c in changes)
    assert store.articles_by_url(a.url for a in fresh) == before
    last_seen = store._db.execute("SELECT DISTINCT last_seen FROM appearances").fetchall()
    assert last_seen == [("2025-03-10T03:30:00.000000Z",)]
    assert store.counts() == {"dak-to-tin": 2, "kon-plong-tin": 0, "tinh-tin": 0}


def test_the_same_changes_applied_twice_are_harmless(store, make_article, ok_run, now) -> None:
    article = make_article(1)
    changes = [Insert(article_id(article.url), article)]
    assert store.apply(ok_run(), changes, now=now) == (1, 0)
    assert store.apply(ok_run(), changes, now=now) == (0, 0)
    changed = replace(article, title="Tiêu đề đã sửa", content_hash="hash-1b")
    assert store.apply(ok_run(), [Insert(article_id(article.url), changed)], now=now) == (0, 1)
    assert store._db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_update_keeps_id_seq_and_first_seen_and_moves_last_updated(
    store, make_article, collect_once, now
) -> None:
    article = make_article(1)
    [insert] = collect_once(store, "dak-to-tin", [article])
    seq = store._db.execute("SELECT seq FROM articles").fetchone()[0]
    later = now + timedelta(days=1)
    edited = replace(article, summary="Bản tóm tắt đã được biên tập lại.", content_hash="hash-1b")
    [update] = collect_once(store, "dak-to-tin", [edited], later)
    assert isinstance(update, Update) and update.id == insert.id
    got = store.article(insert.id)
    assert got is not None
    assert got.article.summary == edited.summary
    assert (got.first_seen, got.last_updated) == (now, later)
    assert store._db.execute("SELECT seq FROM articles").fetchone()[0] == seq


def test_article_that_leaves_its_listing_stays(store, make_article, collect_once, now) -> None:
    collect_once(store, "dak-to-tin", [make_article(1), make_article(2)])
    collect_once(store, "dak-to-tin", [make_article(2), make_article(3)], now + timedelta(hours=1))
    urls = [make_article(n).url for n in (1, 2, 3)]
    assert set(store.articles_by_url(urls)) == set(urls)


def test_seq_follows_insertion_order(store, make_article, collect_once, now) -> None:
    collect_once(store, "dak-to-tin", [make_article(5), make_article(3)])
    collect_once(store, "kon-plong-tin", [make_article(9)], now + timedelta(hours=1))
    rows = store._db.execute("SELECT url FROM articles ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == [make_article(n).url for n in (5, 3, 9)]


def test_a_second_source_adds_an_appearance(store, make_article, collect_once, now) -> None:
    article = make_article(1)
    collect_once(store, "dak-to-tin", [article])
    copy = replace(article, source_id="tinh-tin", district=None)
    collect_once(store, "tinh-tin", [copy], now + timedelta(hours=1))
    got = store.articles_by_url([article.url])[article.url]
    assert got.sources == ("dak-to-tin", "tinh-tin")
    assert got.article.source_id == "dak-to-tin"


def test_a_stale_plan_from_another_source_leaves_the_origins_text(
    store, make_article, ok_run, now
) -> None:
    article = make_article(1)
    store.apply(ok_run(), [Insert(article_id(article.url), article)], now=now)
    # Planned as new by the province's run while the district's stored the page.
    reading = replace(
        article, source_id="tinh-tin", district=None, title="Tiêu đề khác", content_hash="h2"
    )
    later = now + timedelta(hours=1)
    change = Insert(article_id(article.url), reading)
    assert store.apply(ok_run("tinh-tin"), [change], now=later) == (0, 0)
    got = store.articles_by_url([article.url])[article.url]
    assert (got.article.source_id, got.article.district) == ("dak-to-tin", "dak-to")
    assert got.article.title == article.title and got.sources == ("dak-to-tin", "tinh-tin")
    assert store.article_versions(got.id) == []


class Boom(Exception):
    pass


class ExplodingChange:
    """Not a change at all: applying it fails half-way through the batch."""


def test_apply_is_all_or_nothing(store, make_article, collect_once, ok_run, now) -> None:
    collect_once(store, "dak-to-tin", [make_article(1)])
    before = snapshot(store)
    health_before = store.health()
    edited = replace(make_article(1), title="Sửa", content_hash="x")
    changes = [
        Insert(article_id(make_article(2).url), make_article(2)),
        Update(article_id(edited.url), edited, last_updated=now),
        ExplodingChange(),
    ]
    with pytest.raises(TypeError):
        store.apply(
            ok_run(),
            changes,  # type: ignore[arg-type]
            now=now + timedelta(hours=1),
            cache=[("http://huyendakto.example.vn/tin-trong-huyen", Validators('"e1"'), "ab")],
            listing={make_article(2).url: "fp"},
        )
    assert snapshot(store) == before
    assert store.health() == health_before
    # the connection is still usable and not stuck in a transaction
    assert not store._db.conn.in_transaction
    collect_once(store, "dak-to-tin", [make_article(2)])
    assert store.article(article_id(make_article(2).url)) is not None


def test_apply_rolls_back_on_a_database_error(store, make_article, ok_run, now) -> None:
    before = snapshot(store)
    changes = [
        Insert(article_id(make_article(1).url), make_article(1)),
        Seen("no-such-article", "dak-to-tin", "http://x.example/1"),  # foreign key fails
    ]
    with pytest.raises(sqlite3.IntegrityError):
        store.apply(ok_run(), changes, now=now)
    assert snapshot(store) == before


def test_hide_is_permanent(store, make_article, collect_once, config, now) -> None:
    article = make_article(1)
    [insert] = collect_once(store, "dak-to-tin", [article])
    store.hide(insert.id, "trùng với bài của tỉnh", now=now)
    got = store.article(insert.id)
    assert got is not None and got.hidden
    assert store.feed_entries(config) == []
    assert store.search("bai viet") == []
    later = now + timedelta(days=1)
    edited = replace(article, title="Bài viết số 1 về đời sống ở huyện", content_hash="new")
    [change] = collect_once(store, "dak-to-tin", [edited], later)
    assert isinstance(change, Seen)
    again = store.article(insert.id)
    assert again is not None and again.hidden and again.article == article
    assert store.feed_entries(config) == []


def test_hide_unknown_article_raises(store, now) -> None:
    with pytest.raises(UnknownArticleError) as info:
        store.hide("ffffffffffffffff", "sai", now=now)
    assert isinstance(info.value, SyndicateError)
    assert isinstance(info.value, KeyError)
    assert "ffffffffffffffff" in str(info.value)


def test_http_cache_and_listing_fingerprints(store, ok_run, now) -> None:
    listing_url = "http://huyendakto.example.vn/tin-trong-huyen"
    page_url = listing_url + "/bai-viet-1"
    cache = [
        (listing_url, Validators('W/"abc"', "Mon, 10 Mar 2025 02:00:00 GMT"), "d1"),
        (page_url, Validators(), "d2"),
    ]
    store.apply(ok_run(), [], now=now, cache=cache, listing={page_url: "fp1"})
    assert store.cached(listing_url) == CachedResponse(
        Validators('W/"abc"', "Mon, 10 Mar 2025 02:00:00 GMT"), "d1"
    )
    assert store.cached("http://other.example/") is None
    assert store.cached_many([listing_url, page_url, "http://other.example/"]) == {
        listing_url: CachedResponse(Validators('W/"abc"', "Mon, 10 Mar 2025 02:00:00 GMT"), "d1"),
        page_url: CachedResponse(Validators(), "d2"),
    }
    store.apply(
        ok_run(),
        [],
        now=now,
        cache=[(listing_url, Validators('W/"def"'), "d3")],
        listing={page_url + "2": "fp2"},
    )
    assert store.cached(listing_url) == CachedResponse(Validators('W/"def"'), "d3")
    assert store.source_listing("dak-to-tin") == {page_url: "fp1", page_url + "2": "fp2"}
    assert store.source_listing("kon-plong-tin") == {}


def test_many_urls_are_looked_up_in_batches(store, make_article, collect_once) -> None:
    fresh = [make_article(n) for n in range(1, 1201)]
    collect_once(store, "dak-to-tin", fresh)
    found = store.articles_by_url([a.url for a in fresh] * 2)
    assert len(found) == 1200


def test_content_hashes_of_what_a_source_carries(store, make_article, collect_once) -> None:
    one, two = make_article(1), make_article(2)
    collect_once(store, "dak-to-tin", [one, two])
    collect_once(store, "kon-plong-tin", [make_article(3, source_id="kon-plong-tin")])
    hashes = store.content_hashes("dak-to-tin")
    assert hashes == {one.url: one.content_hash, two.url: two.content_hash}
    assert store.content_hashes("tinh-tin") == {}
