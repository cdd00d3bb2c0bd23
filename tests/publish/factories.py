"""A small province and a factory of feed entries, shared by the publishing tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from syndicate.config import Config, parse_config
from syndicate.model import EntryOrigin, FeedEntry

BASE = "https://tin.example.org/kon-tum/"
T0 = datetime(2024, 9, 2, 1, 30, tzinfo=UTC)

PROVINCE: dict[str, Any] = {
    "province": {
        "name": "Tỉnh Kon Tum",
        "slug": "kon-tum",
        "base_url": BASE,
        "home_url": "https://www.kontum.example.vn/",
    },
    "publish": {"entries_per_feed": 10, "per_source_cap": 4, "archive_page_size": 5},
    "categories": [
        {"slug": "kinh-te", "title": "Kinh tế"},
        {"slug": "van-hoa-xa-hoi", "title": "Văn hóa - Xã hội"},
        {"slug": "thong-bao", "title": "Thông báo"},
    ],
    "districts": [
        {"slug": "dak-to", "name": "Huyện Đăk Tô", "home_url": "http://huyendakto.example.vn/"},
        {"slug": "kon-plong", "name": "Huyện Kon Plông"},
        {"slug": "ia-h-drai", "name": "Huyện Ia H'Drai"},
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

ORIGINS = {
    "dak-to-tin": EntryOrigin(
        "dak-to-tin",
        "Đăk Tô: Tin trong huyện",
        "http://huyendakto.example.vn/tin-trong-huyen",
        "dak-to",
        "Huyện Đăk Tô",
    ),
    "kon-plong-tin": EntryOrigin(
        "kon-plong-tin",
        "Kon Plông: Tin tức",
        "http://konplong.example.vn/tin-tuc",
        "kon-plong",
        "Huyện Kon Plông",
    ),
    "tinh-tin": EntryOrigin(
        "tinh-tin", "Cổng tỉnh: Tin tức", "https://tinh.example.vn/rss", None, "Tỉnh Kon Tum"
    ),
}
CATEGORY_TITLES = {"kinh-te": "Kinh tế", "van-hoa-xa-hoi": "Văn hóa - Xã hội"}

EntryFactory = Callable[..., FeedEntry]


def make_config(tmp_path: Path, **publish: Any) -> Config:
    raw = dict(PROVINCE)
    raw["publish"] = {**PROVINCE["publish"], **publish}
    return parse_config(raw, tmp_path / "syndicate.toml")


def make_entry(
    n: int,
    *,
    source: str = "dak-to-tin",
    minutes: int | None = None,
    category: str | None = "kinh-te",
    also_on: tuple[str, ...] = (),
    **fields: Any,
) -> FeedEntry:
    """Entry number `n`: seq n, published n hours after T0 unless `minutes` says otherwise."""
    published = T0 + (timedelta(minutes=minutes) if minutes is not None else timedelta(hours=n))
    values: dict[str, Any] = {
        "id": f"tag:tin.example.org,2025:kon-tum/{n:04d}",
        "seq": n,
        "url": f"http://huyendakto.example.vn/tin-trong-huyen/bai-{n}",
        "title": f"Hội nghị triển khai nhiệm vụ số {n} của huyện",
        "summary": f"Ủy ban nhân dân huyện tổ chức hội nghị lần thứ {n} để bàn kế hoạch năm.",
        "content_html": f"<p>Sáng nay, hội nghị lần thứ {n} đã diễn ra tại hội trường.</p>"
        '<p><img src="http://huyendakto.example.vn/Uploads/images/2024/hoi-nghi.jpg"'
        ' alt="Toàn cảnh hội nghị"></p>',
        "published": published,
        "updated": published + timedelta(minutes=5),
        "author": "Nguyệt Hằng" if n % 2 else None,
        "organisation": "Trung tâm VHTTDL&TT huyện" if n % 3 else None,
        "category": category,
        "category_title": CATEGORY_TITLES.get(category or ""),
        "image_url": "http://huyendakto.example.vn/Uploads/images/2024/hoi-nghi.jpg"
        if n % 4
        else None,
        "image_caption": "Toàn cảnh hội nghị" if n % 4 else None,
        "origin": ORIGINS[source],
        "also_on": tuple(ORIGINS[s] for s in also_on),
    }
    values.update(fields)
    return FeedEntry(**values)
