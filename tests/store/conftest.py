"""Fixtures for store tests: a real SQLite file per test, a small province, article factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from syndicate.changes import Change, plan_changes
from syndicate.config import Config, parse_config
from syndicate.model import Article, SourceRun
from syndicate.store import Store

NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)

PROVINCE: dict[str, Any] = {
    "province": {
        "name": "Tỉnh Kon Tum",
        "slug": "kon-tum",
        "base_url": "https://tin.example.org/kon-tum/",
    },
    "categories": [
        {"slug": "chinh-tri", "title": "Chính trị"},
        {"slug": "moi-truong", "title": "Môi trường"},
    ],
    "districts": [
        {"slug": "dak-to", "name": "Huyện Đăk Tô"},
        {"slug": "kon-plong", "name": "Huyện Kon Plông"},
    ],
    "sources": [
        {
            "id": "dak-to-tin",
            "district": "dak-to",
            "kind": "html",
            "url": "http://huyendakto.example.vn/tin-trong-huyen",
            "title": "Đăk Tô: Tin trong huyện",
        },
        {
            "id": "kon-plong-tin",
            "district": "kon-plong",
            "kind": "html",
            "url": "http://konplong.example.vn/tin-tuc",
            "title": "Kon Plông: Tin tức",
        },
        {
            "id": "tinh-tin",
            "kind": "feed",
            "url": "https://tinh.example.vn/rss",
            "title": "Cổng tỉnh: Tin tức",
        },
    ],
}


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return parse_config(PROVINCE, tmp_path / "syndicate.toml")


@pytest.fixture
def store(tmp_path: Path, config: Config) -> Iterator[Store]:
    with Store(tmp_path / "var" / "store.db") as s:
        s.sync_sources(config.sources)
        yield s


def _make_article(n: int = 1, **fields: Any) -> Article:
    """A plain district article; `n` varies the URL and text."""
    base = Article(
        url=f"http://huyendakto.example.vn/tin-trong-huyen/bai-viet-{n}",
        source_id="dak-to-tin",
        district="dak-to",
        category="chinh-tri",
        title=f"Bài viết số {n} về đời sống ở huyện",
        summary=f"Tóm tắt ngắn của bài viết số {n}.",
        content_html=f"<p>Nội dung bài viết số {n}.</p><p>Đoạn thứ hai.</p>",
        published=datetime(2025, 3, 1, 1, 0, tzinfo=UTC) + timedelta(hours=n),
        content_hash=f"hash-{n}",
    )
    return replace(base, **fields)


def _ok_run(source_id: str = "dak-to-tin", started: datetime = NOW, **fields: Any) -> SourceRun:
    return SourceRun(source_id, "ok", started, **fields)


def _collect_once(
    store: Store, source_id: str, fresh: list[Article], now: datetime = NOW
) -> list[Change]:
    """What the collector does with one harvest: plan against the store, then apply."""
    changes = plan_against(store, source_id, fresh, now)
    store.apply(_ok_run(source_id, now), changes, now=now)
    return changes


def plan_against(
    store: Store, source_id: str, fresh: list[Article], now: datetime = NOW
) -> list[Change]:
    """The collector's plan for one harvest: stored articles by URL, and by guid."""
    stored = store.articles_by_url(a.url for a in fresh)
    guids = {a.guid for a in fresh if a.guid and a.url not in stored}
    by_guid = store.articles_by_guid(source_id, guids)
    return plan_changes(source_id, stored, fresh, now, by_guid=by_guid)


# Test modules here cannot import this file (importlib mode), so helpers come as fixtures.
@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def make_article() -> Callable[..., Article]:
    return _make_article


@pytest.fixture
def ok_run() -> Callable[..., SourceRun]:
    return _ok_run


@pytest.fixture
def collect_once() -> Callable[..., list[Change]]:
    return _collect_once


@pytest.fixture
def plan() -> Callable[..., list[Change]]:
    return plan_against
