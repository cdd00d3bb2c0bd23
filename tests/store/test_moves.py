"""A feed item that comes back under a new URL with its guid is the article it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from syndicate.changes import Insert, Seen, Update, plan_changes
from syndicate.store import ArticleVersion

GUID = "urn:dak-to:tin:1201"
MOVED_URL = "http://huyendakto.example.vn/tin-trong-huyen/bai-viet-1-da-sua"

# A story long enough to be told by its print, whatever its title or address.
STORY_BODY = "".join(
    f"<p>Huyện Đăk Tô tổ chức hội nghị tổng kết công tác giảm nghèo năm 2025, đoạn {i}.</p>"
    for i in range(4)
)


def test_an_item_with_a_known_guid_and_a_new_url_moves_the_article(
    store, make_article, collect_once, config, now
) -> None:
    original = make_article(1, guid=GUID)
    [insert, _] = collect_once(store, "dak-to-tin", [original, make_article(2, guid="other")])
    [entry_before, _] = store.feed_entries(config)
    moved = replace(original, url=MOVED_URL, title="Tiêu đề đã sửa", content_hash="hash-1b")
    later = now + timedelta(hours=1)
    [change] = collect_once(store, "dak-to-tin", [moved], later)
    assert change == Update(insert.id, moved, last_updated=later)
    assert store.articles_by_url([original.url]) == {}
    got = store.articles_by_url([MOVED_URL])[MOVED_URL]
    assert (got.id, got.article, got.first_seen, got.last_updated) == (
        insert.id,
        moved,
        now,
        later,
    )
    assert store.article_versions(insert.id) == [
        ArticleVersion(original, since=now, replaced=later)
    ]
    entries = store.feed_entries(config)
    assert len(entries) == 2
    assert [(e.id, e.url, e.title) for e in entries if e.id == entry_before.id] == [
        (entry_before.id, MOVED_URL, "Tiêu đề đã sửa")
    ]
    assert store.content_hashes("dak-to-tin")[MOVED_URL] == "hash-1b"
    # The next run finds it by its new URL.
    [again] = collect_once(store, "dak-to-tin", [moved], later + timedelta(hours=1))
    assert again == Seen(insert.id, "dak-to-tin", MOVED_URL)


def test_a_move_alone_is_an_update(store, make_article, collect_once, plan, ok_run, now) -> None:
    original = make_article(1, guid=GUID)
    [insert] = collect_once(store, "dak-to-tin", [original])
    moved = replace(original, url=MOVED_URL)
    later = now + timedelta(hours=1)
    [change] = plan(store, "dak-to-tin", [moved], later)
    assert change == Update(insert.id, moved, last_updated=later)
    assert store.apply(ok_run(), [change], now=later) == (0, 1)
    assert store.articles_by_url([MOVED_URL])[MOVED_URL].id == insert.id
    [version] = store.article_versions(insert.id)
    assert version.article.url == original.url


def test_a_hidden_article_stays_hidden_under_its_new_url(
    store, make_article, collect_once, config, now
) -> None:
    original = make_article(1, guid=GUID)
    [insert] = collect_once(store, "dak-to-tin", [original])
    store.hide(insert.id, "đăng nhầm", now=now)
    moved = replace(original, url=MOVED_URL, content_hash="hash-1b")
    collect_once(store, "dak-to-tin", [moved], now + timedelta(hours=1))
    assert store._db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert store.feed_entries(config) == []
    assert store.article_versions(insert.id) == []


@pytest.mark.parametrize(
    "case",
    [
        "no guid",
        "two stored articles share the guid",
        "two fresh items share the guid",
        "the stored article is still listed",
        "another source's article has the guid",
    ],
)
def test_a_guid_that_cannot_tell_moves_nothing(
    store, make_article, collect_once, plan, ok_run, now, case: str
) -> None:
    guid = None if case == "no guid" else GUID
    original = make_article(1, guid=guid)
    stored = [original]
    if case == "two stored articles share the guid":
        stored.append(make_article(2, guid=guid))
    if case == "another source's article has the guid":
        stored = [replace(original, source_id="kon-plong-tin")]
    collect_once(store, stored[0].source_id, stored)
    fresh = [replace(original, url=MOVED_URL, title="Bài khác", content_hash="new")]
    if case == "two fresh items share the guid":
        fresh.append(replace(fresh[0], url=MOVED_URL + "-2", content_hash="new-2"))
    if case == "the stored article is still listed":
        fresh.insert(0, original)
    later = now + timedelta(hours=1)
    changes = plan(store, "dak-to-tin", fresh, later)
    assert not any(isinstance(c, Update) for c in changes)
    before = store._db.execute("SELECT id, url FROM articles ORDER BY seq").fetchall()
    store.apply(ok_run(), changes, now=later)
    after = store._db.execute("SELECT id, url FROM articles ORDER BY seq").fetchall()
    assert after[: len(before)] == before  # every stored article keeps its URL
    assert {url for _, url in after} >= {a.url for a in fresh}
    assert store._db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0


def test_a_guid_handed_on_to_a_new_article_moves_nothing(
    store, make_article, collect_once, now
) -> None:
    # A feed of one item whose CMS gives every new article the same guid.
    first = make_article(1, guid=GUID)
    [insert] = collect_once(store, "dak-to-tin", [first])
    second = make_article(2, guid=GUID)
    [change] = collect_once(store, "dak-to-tin", [second], now + timedelta(hours=1))
    assert isinstance(change, Insert)
    assert change.id != insert.id
    stored = store.articles_by_url([first.url, second.url])
    assert {url: s.article.title for url, s in stored.items()} == {
        first.url: first.title,
        second.url: second.title,
    }
    assert store.article_versions(insert.id) == []


def test_a_moved_article_edited_as_it_moved_is_still_found_by_its_story(
    store, make_article, collect_once, now
) -> None:
    body = STORY_BODY
    original = make_article(1, guid=GUID, content_html=body)
    [insert] = collect_once(store, "dak-to-tin", [original])
    edited = body.replace("đoạn 3.", "đoạn 3, có sửa một chữ.")
    moved = replace(
        original, url=MOVED_URL, title="Tổng kết giảm nghèo", content_html=edited, content_hash="b"
    )
    [change] = collect_once(store, "dak-to-tin", [moved], now + timedelta(hours=1))
    assert isinstance(change, Update) and change.id == insert.id


def test_a_new_article_at_the_url_a_moved_one_left_gets_an_id_of_its_own(
    store, make_article, collect_once, config, now
) -> None:
    # The moved article keeps the id its first URL gave it; a new article published at
    # that URL later (a slug freed by a retitle) must not take over that id and entry.
    original = make_article(1, guid=GUID)
    [insert] = collect_once(store, "dak-to-tin", [original])
    moved = replace(original, url=MOVED_URL, content_hash="hash-1b")
    collect_once(store, "dak-to-tin", [moved], now + timedelta(hours=1))
    [entry] = store.feed_entries(config)
    newcomer = make_article(7, url=original.url, guid="urn:dak-to:tin:1207")
    collect_once(store, "dak-to-tin", [moved, newcomer], now + timedelta(hours=2))
    kept = store.article(insert.id)
    assert kept is not None and kept.article == moved
    stored = store.articles_by_url([original.url])[original.url]
    assert stored.id != insert.id and stored.article.title == newcomer.title
    assert store.article_versions(stored.id) == []
    assert [(e.id, e.url) for e in store.feed_entries(config)] == [
        (entry.id, MOVED_URL),
        (entry.id.removesuffix(insert.id) + stored.id, original.url),
    ]


def test_another_source_listing_the_url_a_moved_article_left_gets_a_copy_of_its_own(
    store, make_article, collect_once, config, ok_run, now
) -> None:
    # The province's feed still links the district page's old address: that is a copy
    # of the moved article, merged into it, and never its new origin or text.
    body = STORY_BODY
    original = make_article(1, guid=GUID, content_html=body)
    [insert] = collect_once(store, "dak-to-tin", [original])
    moved = replace(original, url=MOVED_URL, content_hash="hash-1b")
    collect_once(store, "dak-to-tin", [moved], now + timedelta(hours=1))
    copy = replace(original, source_id="tinh-tin", district=None, guid=None)
    later = now + timedelta(hours=2)
    changes = plan_changes(
        "tinh-tin",
        store.articles_by_url([copy.url]),
        [copy],
        later,
        candidates=store.story_candidates([copy]),
        authority=store.source_authority(),
    )
    store.apply(ok_run("tinh-tin", later), changes, now=later)
    kept = store.article(insert.id)
    assert kept is not None and kept.article == moved
    [entry] = store.feed_entries(config)
    assert (entry.url, entry.origin.source_id) == (MOVED_URL, "dak-to-tin")
    assert [o.source_id for o in entry.also_on] == ["tinh-tin"]
    merged = store.articles_by_url([copy.url])[copy.url]
    assert merged.id != insert.id and merged.canonical_of == insert.id
