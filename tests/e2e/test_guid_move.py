"""A feed item that comes back under a new URL with its guid is the article it was: the
store keeps one article with its id, and the published feeds one entry with its id."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from syndicate.cli import main

GUID = "urn:dak-to:tin:1201"
FEED_PATH = "/dakto/rss/tin-trong-huyen.rss"
TITLE = "Huyện Đăk Tô ra quân dọn vệ sinh môi trường"
RETITLED = "Huyện Đăk Tô ra quân dọn vệ sinh môi trường đón Tết"
CONTENT = (
    "<p>Sáng 20/01, Đoàn Thanh niên huyện Đăk Tô phối hợp với các xã, thị trấn ra quân dọn "
    "vệ sinh đường làng, ngõ xóm, khơi thông cống rãnh trước Tết Nguyên đán.</p>"
    "<p>Hơn ba trăm đoàn viên tham gia, thu gom gần hai tấn rác thải.</p>"
)
OTHER_CONTENT = (
    "<p>Ủy ban nhân dân huyện họp bàn kế hoạch trồng rừng năm nay, ưu tiên cây bản địa "
    "như sao đen và giổi xanh cho các xã vùng cao.</p>"
)


class FeedServer:
    """One RSS feed on 127.0.0.1 whose body a test can swap between syncs."""

    def __init__(self) -> None:
        self.body = b""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = self.path == FEED_PATH
                body = server.body if found else b"Not Found"
                self.send_response(200 if found else 404)
                content_type = "application/rss+xml; charset=utf-8" if found else "text/plain"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def serve(self, items: list[tuple[str, str, str, str]]) -> None:
        """Items as (guid, path, title, content)."""
        self.body = rss(self.base_url, items)


def rss(base_url: str, items: list[tuple[str, str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base_url}{path}</link>"
        f'<guid isPermaLink="false">{guid}</guid>'
        "<pubDate>Mon, 20 Jan 2025 08:30:00 +0700</pubDate>"
        f"<description><![CDATA[{content}]]></description></item>"
        for guid, path, title, content in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Huyện Đăk Tô - Tin trong huyện</title><link>{base_url}/dakto/</link>"
        f"{entries}</channel></rss>"
    ).encode()


CONFIG = """
[province]
name = "Tỉnh Kon Tum (mẫu)"
slug = "kon-tum-mau"
base_url = "http://127.0.0.1:8080/"
language = "vi"
timezone = "Asia/Ho_Chi_Minh"

[storage]
database = "guid.db"
output = "public"

[http]
user_agent = "syndicate-test/0.1 (+http://127.0.0.1:8080/)"
contact_url = "http://127.0.0.1:8080/"
host_delay = 0.0
read_timeout = 2.0
total_timeout = 3.0
retries = 0

[[categories]]
slug = "tin-dia-phuong"
title = "Tin địa phương"
aliases = ["Tin trong huyện"]

[[districts]]
slug = "dak-to"
name = "Huyện Đăk Tô"
code = 612
aliases = ["Đăk Tô"]

[[sources]]
id = "dak-to-rss"
title = "Huyện Đăk Tô - Tin trong huyện"
district = "dak-to"
category = "Tin trong huyện"
kind = "feed"
url = "{feed_url}"
"""


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def sync(config: Path) -> int:
    return main(["--config", str(config), "--quiet", "sync"], standalone_mode=False)


def articles(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, url, guid, title FROM articles ORDER BY id").fetchall()
    conn.close()
    return rows


def published(out: Path, name: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(Atom entries as (id, link, title), JSON items as (id, url)) of one feed."""
    atom = feedparser.parse((out / f"{name}.atom").read_bytes())
    assert atom.bozo == 0, atom.get("bozo_exception")
    json_feed = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    return (
        [(e.id, e.link, e.title) for e in atom.entries],
        [(item["id"], item["url"]) for item in json_feed["items"]],
    )


def test_an_item_back_under_a_new_url_with_its_guid_stays_one_article_and_one_entry(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    config = tmp_path / "guid.toml"
    feed_url = feed_server.base_url + FEED_PATH
    config.write_text(CONFIG.replace("{feed_url}", feed_url), encoding="utf-8")
    old_url = feed_server.base_url + "/dakto/tin-trong-huyen/bai-viet-1201.html"
    new_url = feed_server.base_url + "/dakto/tin-trong-huyen/ra-quan-don-ve-sinh-1201.html"
    other = ("urn:dak-to:tin:1202", "/dakto/tin-trong-huyen/bai-viet-1202.html")

    feed_server.serve(
        [
            (GUID, old_url.removeprefix(feed_server.base_url), TITLE, CONTENT),
            (*other, "Họp bàn kế hoạch trồng rừng", OTHER_CONTENT),
        ]
    )
    assert sync(config) == 0
    before = {
        guid: (article_id, url) for article_id, url, guid, _ in articles(tmp_path / "guid.db")
    }
    article_id = before[GUID][0]
    assert before[GUID][1] == old_url
    atom_before, json_before = published(tmp_path / "public", "province")
    [(entry_id, _, _)] = [e for e in atom_before if e[1] == old_url]
    [(json_id, _)] = [i for i in json_before if i[1] == old_url]

    # The CMS renames the article's page; the feed keeps its guid.
    feed_server.serve(
        [
            (GUID, new_url.removeprefix(feed_server.base_url), RETITLED, CONTENT),
            (*other, "Họp bàn kế hoạch trồng rừng", OTHER_CONTENT),
        ]
    )
    assert sync(config) == 0

    stored = articles(tmp_path / "guid.db")
    assert len(stored) == 2
    assert [(a, u, t) for a, u, g, t in stored if g == GUID] == [(article_id, new_url, RETITLED)]
    for name in ("province", "districts/dak-to", "categories/tin-dia-phuong"):
        atom, json_items = published(tmp_path / "public", name)
        assert len(atom) == len(json_items) == 2, name
        assert [e for e in atom if e[0] == entry_id] == [(entry_id, new_url, RETITLED)], name
        assert [i for i in json_items if i[0] == json_id] == [(json_id, new_url)], name
        assert old_url not in {e[1] for e in atom} | {i[1] for i in json_items}, name
