"""Article history: an update keeps the version it replaces, nothing else writes one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from syndicate.changes import Insert, Merge, article_id
from syndicate.store import ArticleVersion


def test_an_update_keeps_the_version_it_replaces(store, make_article, collect_once, now) -> None:
    original = make_article(1, author="Nguyệt Hằng")
    [insert] = collect_once(store, "dak-to-tin", [original])
    assert store.article_versions(insert.id) == []
    first_edit = replace(original, title="Tiêu đề đã sửa", content_hash="hash-1b")
    second_edit = replace(first_edit, summary="Tóm tắt viết lại.", content_hash="hash-1c")
    later, latest = now + timedelta(hours=1), now + timedelta(days=1)
    collect_once(store, "dak-to-tin", [first_edit], later)
    collect_once(store, "dak-to-tin", [second_edit], latest)
    assert store.article_versions(insert.id) == [
        ArticleVersion(first_edit, since=later, replaced=latest),
        ArticleVersion(original, since=now, replaced=later),
    ]
    current = store.article(insert.id)
    assert current is not None and current.article == second_edit


def test_sightings_hiding_and_merging_write_no_version(
    store, make_article, collect_once, ok_run, now
) -> None:
    article = make_article(1)
    [insert] = collect_once(store, "dak-to-tin", [article])
    collect_once(store, "dak-to-tin", [article], now + timedelta(hours=1))
    copy = replace(make_article(2), source_id="tinh-tin", district=None)
    store.apply(
        ok_run("tinh-tin"),
        [Insert(article_id(copy.url), copy), Merge(insert.id, article_id(copy.url))],
        now=now,
    )
    store.hide(insert.id, "trùng", now=now)
    edited = replace(article, title="Sửa sau khi ẩn", content_hash="hash-1b")
    collect_once(store, "dak-to-tin", [edited], now + timedelta(days=1))
    assert store._db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0


def test_a_stale_plan_that_updates_keeps_the_version_too(store, make_article, ok_run, now) -> None:
    article = make_article(1)
    store.apply(ok_run(), [Insert(article_id(article.url), article)], now=now)
    changed = replace(article, title="Tiêu đề đã sửa", content_hash="hash-1b")
    later = now + timedelta(hours=1)
    # Planned as new while another run stored the URL: applied as an update.
    assert store.apply(ok_run(), [Insert(article_id(article.url), changed)], now=later) == (0, 1)
    assert store.article_versions(article_id(article.url)) == [
        ArticleVersion(article, since=now, replaced=later)
    ]
