"""A portal that moves to https keeps its articles: same ids, same feed entries, the
address updated, instead of every listed article published a second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from syndicate import collect as collect_module
from syndicate.config import parse_config
from syndicate.store import Store

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
ITEMS = (
    ("tin/1", "Hội nghị tổng kết công tác năm 2024", "Sáng nay huyện tổng kết công tác năm."),
    ("tin/2", "Ra quân dọn vệ sinh môi trường", "Đoàn viên thanh niên dọn rác liên thôn."),
)


def feed(scheme: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{scheme}://dakto.example.vn/{path}</link>"
        f"<description>{text}</description>"
        "<pubDate>Fri, 28 Feb 2025 08:00:00 +0700</pubDate></item>"
        for path, title, text in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>'
        f"{items}</channel></rss>"
    ).encode()


def test_a_portal_moving_to_https_keeps_its_articles(tmp_path: Path) -> None:
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.vn/"},
        "storage": {"database": "t.db", "output": "public"},
        "http": {"respect_robots": False, "host_delay": 0.0},
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
        "sources": [
            {"id": "dak-to", "district": "dak-to", "kind": "feed", "url": "http://f.vn/rss"}
        ],
    }
    config = parse_config(raw, tmp_path / "t.toml")
    scheme = "http"

    def portal(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=feed(scheme), headers={"content-type": "text/xml"})

    with Store(tmp_path / "t.db") as store:
        client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
        collect_module.collect(config, store, client=client, now=NOW)
        before = {e.title: (e.id, e.url) for e in store.feed_entries(config)}
        scheme = "https"
        client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
        [run] = collect_module.collect(config, store, client=client, now=NOW + timedelta(hours=1))
        after = {e.title: (e.id, e.url) for e in store.feed_entries(config)}
    assert (run.new, run.updated) == (0, 2)
    assert {title: id_ for title, (id_, _) in after.items()} == {
        title: id_ for title, (id_, _) in before.items()
    }
    assert {url for _, url in after.values()} == {
        f"https://dakto.example.vn/{path}" for path, _, _ in ITEMS
    }
