"""Entries read without their text publish and serve the bytes of entries read whole,
from the same store, through every kind of incremental run."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from syndicate.changes import Insert, article_id
from syndicate.config import Config, parse_config
from syndicate.model import Article
from syndicate.publish import publish
from syndicate.publish.documents import entry_stamps
from syndicate.publish.manifest import MANIFEST_FILE
from syndicate.publish.queries import FeedQuery, filtered_entries, search_entries
from syndicate.serve import StoreReader
from syndicate.store import Store

SOURCES = (
    ("dak-to-tin", "dak-to", "http://huyendakto.example.vn/tin-trong-huyen/"),
    ("kon-plong-tin", "kon-plong", "http://konplong.example.vn/tin-tuc/"),
    ("tinh-tin", None, "https://tinh.example.vn/tin/"),
)
CATEGORIES = ("chinh-tri", "moi-truong", None)
DAY = datetime(2025, 2, 1, tzinfo=UTC)


@pytest.fixture
def small_pages(tmp_path: Path, config: Config) -> Config:
    # Pages of 7 and current documents of 5, two a source: many pages, every cut.
    raw: dict[str, Any] = {
        "province": {
            "name": config.province.name,
            "slug": config.province.slug,
            "base_url": config.province.base_url,
        },
        "categories": [{"slug": c.slug, "title": c.title} for c in config.categories],
        "districts": [{"slug": d.slug, "name": d.name} for d in config.districts],
        "sources": [
            {"id": s.id, "district": s.district, "kind": s.kind, "url": s.url, "title": s.title}
            for s in config.sources
        ],
        "publish": {"archive_page_size": 7, "entries_per_feed": 5, "per_source_cap": 2},
    }
    return parse_config(raw, tmp_path / "small.toml")


def numbered(make_article: Callable[..., Article], n: int, **fields: Any) -> Article:
    source_id, district, prefix = SOURCES[n % 3]
    # Two articles an hour, some sharing a second: archive pages move them apart.
    published = DAY + timedelta(hours=n // 2) if n % 4 else DAY + timedelta(hours=n // 4)
    defaults: dict[str, Any] = {
        "url": f"{prefix}{n}",
        "source_id": source_id,
        "district": district,
        "category": CATEGORIES[n // 3 % 3],
        "published": published,
    }
    return make_article(n, **{**defaults, **fields})


def collect(store: Store, articles: list[Article], collect_once, now: datetime) -> None:  # type: ignore[no-untyped-def]
    for source_id, _, _ in SOURCES:
        mine = [a for a in articles if a.source_id == source_id]
        if mine:
            collect_once(store, source_id, mine, now)


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


class BothWays:
    """Publishes one store into two folders, read whole and read without its text."""

    def __init__(self, store: Store, config: Config, root: Path, workers: int) -> None:
        self.store, self.config, self.workers = store, config, workers
        self.full, self.lean = root / "full", root / "lean"

    def publish(self) -> list[str]:
        store, config = self.store, self.config
        report = publish(
            config, store.feed_entries(config), store.health(), self.full, workers=self.workers
        )
        lean = publish(
            config,
            store.feed_entries(config, texts=False),
            store.health(),
            self.lean,
            workers=self.workers,
            texts=store.entry_texts(),
        )
        assert sorted(lean.written) == sorted(report.written)
        assert files(self.lean) == files(self.full)  # the manifest included
        return report.written


@pytest.mark.parametrize("workers", [1, 2])
def test_every_incremental_run_publishes_the_same_bytes(
    store: Store,
    small_pages: Config,
    make_article,
    collect_once,
    ok_run,
    now,
    tmp_path: Path,
    workers: int,
) -> None:
    both = BothWays(store, small_pages, tmp_path, workers)
    collect(store, [numbered(make_article, n) for n in range(1, 120)], collect_once, now)
    assert any(p.startswith("archive/province/") for p in both.publish())

    # Withdrawn: the pages listing them are written again without them.
    for n in (10, 11, 60):
        store.hide(article_id(numbered(make_article, n).url), "đăng nhầm", now=now)
    assert any(p.startswith("archive/province/") for p in both.publish())

    # Merged copies: the story's pages stay, its current documents say where else it is.
    copies = [
        numbered(make_article, n, url=f"https://tinh.example.vn/ban-sao/{n}", source_id="tinh-tin")
        for n in (117, 118)
    ]
    merged = [
        Insert(article_id(c.url), c, duplicate_of=article_id(numbered(make_article, n).url))
        for c, n in zip(copies, (117, 118), strict=True)
    ]
    store.apply(ok_run("tinh-tin"), merged, now=now)
    both.publish()

    # Edited and moved to another category, then new articles cutting new pages after
    # the newest, which gain their next-archive link.
    later = now + timedelta(hours=6)
    edited = numbered(make_article, 115, title="Tiêu đề mới", content_hash="edited")
    moved = numbered(make_article, 30, category="moi-truong", content_hash="moved")
    collect(store, [edited, moved], collect_once, later)
    both.publish()
    collect(store, [numbered(make_article, n) for n in range(120, 150)], collect_once, later)
    both.publish()

    store.unhide(article_id(numbered(make_article, 60).url))
    both.publish()
    assert both.publish() == []

    # Pages of a manifest from before stamps moved forward are written again.
    for out in (both.full, both.lean):
        manifest = json.loads((out / MANIFEST_FILE).read_bytes())
        (out / MANIFEST_FILE).write_text(json.dumps({**manifest, "version": 3}))
    assert both.publish() != []


def served_config(store: Store, config: Config) -> Config:
    return replace(config, storage=replace(config.storage, database=store.path))


@pytest.mark.parametrize(
    "query",
    [
        FeedQuery("feed", district="kon-plong"),
        FeedQuery("feed", category="chinh-tri"),
        FeedQuery("feed", district="dak-to", category="moi-truong"),
        FeedQuery("search", q="bai viet"),
        FeedQuery("search", q="bai viet", district="dak-to"),
    ],
)
def test_query_feeds_serve_the_entries_of_a_whole_read(
    store: Store, config: Config, make_article, collect_once, ok_run, now, query: FeedQuery
) -> None:
    collect(store, [numbered(make_article, n) for n in range(1, 80)], collect_once, now)
    copy = numbered(make_article, 70, url="https://tinh.example.vn/ban-sao", source_id="tinh-tin")
    original = article_id(numbered(make_article, 71).url)
    merged = Insert(article_id(copy.url), copy, duplicate_of=original)
    store.apply(ok_run("tinh-tin"), [merged], now=now)
    store.hide(article_id(numbered(make_article, 5).url), "đăng nhầm", now=now)
    served = served_config(store, config)
    reader = StoreReader(served)
    whole = store.feed_entries(served)
    limit = served.publish.entries_per_feed
    stamps = entry_stamps(whole, store.recorded_stamps())  # as publishing gives them
    if query.kind == "feed":
        expected = filtered_entries(query, whole, limit, stamps)
    else:
        assert query.q is not None
        hits = store.search(query.q, district=query.district, limit=limit)
        expected = search_entries(hits, {e.url: e for e in whole}, stamps)
    got, id_base = reader.feed(query, (0,))
    assert got == expected
    assert id_base == store.feed_id_base(served)
    assert len(got) > 3


def test_an_article_hidden_between_the_two_reads_is_published_as_first_read(
    store: Store, small_pages: Config, make_article, collect_once, now, tmp_path: Path
) -> None:
    # `hide` takes no run lock: it may commit while a publication reads the text of
    # what it planned. Its row stays, so that text is read; the next run withdraws it.
    config = small_pages
    collect(store, [numbered(make_article, n) for n in range(1, 40)], collect_once, now)
    withdrawn = numbered(make_article, 38)
    lean, whole = store.feed_entries(config, texts=False), store.feed_entries(config)
    store.hide(article_id(withdrawn.url), "đăng nhầm", now=now)
    full, read_lean = tmp_path / "full", tmp_path / "lean"
    publish(config, whole, [], full)
    publish(config, lean, [], read_lean, texts=store.entry_texts())
    assert files(read_lean) == files(full)
    assert withdrawn.content_html.encode() in (read_lean / "province.json").read_bytes()
    both = BothWays(store, config, tmp_path, workers=1)
    both.publish()
    assert withdrawn.url.encode() not in (read_lean / "province.json").read_bytes()
