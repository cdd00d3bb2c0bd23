"""Stored articles follow the configured categories: added, renamed or re-aliased."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from syndicate.config import Config, parse_config
from syndicate.model import Article
from syndicate.store import Store
from tests.store.conftest import PROVINCE


def with_categories(tmp_path: Path, categories: list[dict[str, Any]], **source: Any) -> Config:
    raw = {**PROVINCE, "categories": categories}
    raw["sources"] = [
        {**s, **source} if s["id"] == "dak-to-tin" else s for s in PROVINCE["sources"]
    ]
    return parse_config(raw, tmp_path / "syndicate.toml")


def categories(store: Store) -> dict[str, str | None]:
    rows = store._db.execute("SELECT url, category FROM articles ORDER BY seq")
    return {url.rsplit("-", 1)[1]: category for url, category in rows}


def test_a_category_added_later_carries_the_stored_articles_of_its_label(
    store: Store,
    config: Config,
    tmp_path: Path,
    make_article: Callable[..., Article],
    collect_once: Callable[..., Any],
) -> None:
    notices = [replace(make_article(n), category=None, native_category="Thông báo") for n in (1, 2)]
    other = replace(make_article(3), native_category="Chính trị")
    collect_once(store, "dak-to-tin", [*notices, other])
    assert store.remap_categories(config) == 0  # as normalizing gave them
    assert categories(store) == {"1": None, "2": None, "3": "chinh-tri"}
    added = [*PROVINCE["categories"], {"slug": "thong-bao", "title": "Thông báo"}]
    assert store.remap_categories(with_categories(tmp_path, added)) == 2
    assert categories(store) == {"1": "thong-bao", "2": "thong-bao", "3": "chinh-tri"}
    [entry] = [e for e in store.feed_entries(config) if e.url.endswith("-1")]
    assert entry.category == "thong-bao"
    # renamed: the articles go with it; unchanged config: nothing is read or written
    renamed = [*PROVINCE["categories"], {"slug": "thong-bao-moi", "title": "Thông báo"}]
    assert store.remap_categories(with_categories(tmp_path, renamed)) == 2
    assert store.remap_categories(with_categories(tmp_path, renamed)) == 0
    assert categories(store)["1"] == "thong-bao-moi"


def test_the_sources_category_counts_and_a_source_gone_keeps_its_own(
    store: Store,
    config: Config,
    tmp_path: Path,
    make_article: Callable[..., Article],
    collect_once: Callable[..., Any],
) -> None:
    unlabelled = replace(make_article(1), category=None, native_category=None)
    gone = replace(
        make_article(2),
        url="http://cu.example.vn/tin/bai-viet-2",
        source_id="cu-tin",
        category="chinh-tri",
        native_category=None,
    )
    collect_once(store, "dak-to-tin", [unlabelled])
    collect_once(store, "cu-tin", [gone])
    moved = with_categories(tmp_path, PROVINCE["categories"], category="Môi trường")
    assert store.remap_categories(moved) == 1
    assert categories(store) == {"1": "moi-truong", "2": "chinh-tri"}


def test_a_source_given_another_category_takes_its_unlabelled_articles_along(
    store: Store,
    tmp_path: Path,
    make_article: Callable[..., Article],
    collect_once: Callable[..., Any],
) -> None:
    # Normalizing records the source's category as the label of an article without
    # one: remapped by that label, the article stayed in the old category for good.
    before = with_categories(tmp_path, PROVINCE["categories"], category="Chính trị")
    store.remap_categories(before)
    unlabelled = replace(make_article(1), category="chinh-tri", native_category="Chính trị")
    own = replace(make_article(2), category="chinh-tri", native_category="Chính trị huyện")
    collect_once(store, "dak-to-tin", [unlabelled, own])
    after = with_categories(tmp_path, PROVINCE["categories"], category="Môi trường")
    assert store.remap_categories(after) == 1
    assert categories(store) == {"1": "moi-truong", "2": "chinh-tri"}
    rows = store._db.execute("SELECT native_category FROM articles ORDER BY seq").fetchall()
    assert rows == [("Môi trường",), ("Chính trị huyện",)]
    # as the source's fresh items now normalize: nothing for the next run to edit
    assert store.remap_categories(after) == 0


def test_a_store_mapped_before_source_categories_were_kept_records_them(
    store: Store,
    tmp_path: Path,
    make_article: Callable[..., Article],
    collect_once: Callable[..., Any],
) -> None:
    # The digest of an unchanged config is the same as before the upgrade: returning
    # on it, the sources' categories were never recorded, and a later change of one
    # moved nothing.
    before = with_categories(tmp_path, PROVINCE["categories"], category="Chính trị")
    store.remap_categories(before)
    store._db.execute("DELETE FROM settings WHERE key = 'source_categories'")
    collect_once(
        store,
        "dak-to-tin",
        [replace(make_article(1), category="chinh-tri", native_category="Chính trị")],
    )
    assert store.remap_categories(before) == 0  # the upgrade: nothing moves...
    after = with_categories(tmp_path, PROVINCE["categories"], category="Môi trường")
    assert store.remap_categories(after) == 1  # ...and a change later does
    assert categories(store) == {"1": "moi-truong"}
