"""The store's generation changes with everything a publication reads, and with nothing
else: a publication that finds it unchanged reads no article (see `publish`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from syndicate.changes import Insert, Update, article_id
from syndicate.config import Config, parse_config
from syndicate.errors import FetchError
from syndicate.model import Article, SourceRun
from syndicate.store import Store


def test_only_what_publishing_reads_changes_the_generation(
    store: Store,
    config: Config,
    now: datetime,
    make_article: Callable[..., Article],
    collect_once: Callable[..., Any],
) -> None:
    first = store.generation(config)
    assert first is not None
    assert store.generation(config) == first  # reading changes nothing

    articles = [make_article(1), make_article(2)]
    collect_once(store, "dak-to-tin", articles)
    stored = store.generation(config)
    assert stored != first

    # Listed again an hour later (their appearances' last_seen moves, the run is logged),
    # another source failing, the sources recorded again as every run does.
    later = now + timedelta(hours=1)
    collect_once(store, "dak-to-tin", articles, later)
    error = FetchError("timeout", "read timed out after 20 s")
    store.record_failure(SourceRun("kon-plong-tin", "failed", later, error=error), now=later)
    store.sync_sources(config.sources)
    assert store.generation(config) == stored

    edited = replace(articles[0], title="Bài viết số 1, tiêu đề đã sửa", content_hash="sửa")
    collect_once(store, "dak-to-tin", [edited, articles[1]], now + timedelta(hours=2))
    after_edit = store.generation(config)
    assert after_edit != stored

    # The province lists the same address: one more source carries the entry.
    copy = replace(articles[1], source_id="tinh-tin", district=None)
    collect_once(store, "tinh-tin", [copy], now + timedelta(hours=3))
    carried = store.generation(config)
    assert carried != after_edit

    article_id = store.articles_by_url([articles[1].url])[articles[1].url].id
    store.hide(article_id, "đăng nhầm", now=now + timedelta(hours=4))
    hidden = store.generation(config)
    assert hidden != carried
    store.unhide(article_id)
    assert store.generation(config) not in (hidden, carried)


def test_a_source_renamed_in_the_config_changes_the_generation(
    store: Store, config: Config
) -> None:
    before = store.generation(config)
    raw = {
        "province": {
            "name": config.province.name,
            "slug": config.province.slug,
            "base_url": config.province.base_url,
        },
        "districts": [{"slug": d.slug, "name": d.name} for d in config.districts],
        "sources": [
            {"id": s.id, "district": s.district, "kind": s.kind, "url": s.url, "title": s.title}
            for s in config.sources
        ],
    }
    store.sync_sources(parse_config(raw, config.path).sources)
    assert store.generation(config) == before  # the same words
    raw["sources"][0]["title"] = "Đăk Tô: Tin tức, sự kiện"
    store.sync_sources(parse_config(raw, config.path).sources)
    assert store.generation(config) != before


def test_the_first_publication_fixes_its_entry_ids_before_the_generation_is_read(
    store: Store, config: Config
) -> None:
    assert store.entry_id_prefix() is None
    first = store.generation(config)
    assert store.entry_id_prefix() is not None
    assert store.generation(config) == first


def test_new_articles_enter_the_search_index_in_one_segment(
    store: Store, make_article: Callable[..., Article], ok_run: Callable[..., Any], now: datetime
) -> None:
    # Every insert fires a generation trigger, and a statement that fires one makes
    # FTS5 write out its pending terms: interleaved, each article was a segment.
    db = store._db
    db.execute("INSERT INTO article_search(article_search, rank) VALUES ('automerge', 0)")
    articles = [make_article(n) for n in range(1, 201)]
    store.apply(ok_run(), [Insert(article_id(a.url), a) for a in articles], now=now)
    segments = db.execute("SELECT count(DISTINCT segid) FROM article_search_idx").fetchone()[0]
    assert segments == 1
    assert len(store.search("bai viet so", limit=500)) == 200


def test_an_article_inserted_then_edited_in_one_plan_is_found_by_its_new_text(
    store: Store, make_article: Callable[..., Article], ok_run: Callable[..., Any], now: datetime
) -> None:
    first = make_article(1)
    edited = replace(first, title="Lễ hội cồng chiêng Đăk Tô", content_hash="sửa")
    store.apply(ok_run(), [Insert(article_id(first.url), first)], now=now)
    plan = [Insert(article_id("x"), make_article(2)), Update(article_id(first.url), edited, now)]
    store.apply(ok_run(), plan, now=now)
    assert [h.article.title for h in store.search("cong chieng")] == [edited.title]
    db = store._db
    db.execute("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")
