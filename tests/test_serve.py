"""`syndicate serve` over a real loopback server: validators, gzip, traversal, query feeds."""

from __future__ import annotations

import gzip
import http.client
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import feedparser
import httpx
import pytest
import uvicorn
from lxml import etree
from sqlite_utils import Database

from syndicate import serve as serve_module
from syndicate.changes import plan_changes
from syndicate.cli import main, publish_store
from syndicate.config import Config, parse_config
from syndicate.model import Article, SourceRun
from syndicate.publish import publish
from syndicate.publish.queries import FeedQuery
from syndicate.serve import (
    CACHE_CONTROL,
    QUERY_CACHE_CONTROL,
    StoreReader,
    accepts_gzip,
    create_app,
    gzip_etag,
    reading_store,
)
from syndicate.store import Store, schema
from tests.e2e.conftest import demo_config_text
from tests.live import LiveServer
from tests.publish.factories import PROVINCE
from tests.publish.validate import check_feed_file

NOW = datetime(2024, 10, 20, 3, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
IDENTITY = {"Accept-Encoding": "identity"}


def article(
    n: int, source: str, district: str | None, category: str | None, **fields: Any
) -> Article:
    base = Article(
        url=f"http://{source}.example.vn/tin-tuc/bai-{n}",
        source_id=source,
        district=district,
        category=category,
        title=f"Bài số {n}",
        summary=f"Tóm tắt bài số {n}.",
        content_html=f"<p>Nội dung bài số {n}.</p>",
        published=datetime(2024, 10, 1, 2, 0, tzinfo=UTC) + timedelta(days=n),
        content_hash=f"hash-{n}",
    )
    return replace(base, **fields)


# Titles chosen so that "hội nghị" (and the prefix "nghi*" of its last word) occurs in
# articles 1, 3 and 6 only: no "nghiệp", "nghĩa" or "nghỉ" anywhere else.
ARTICLES = [
    article(
        1,
        "dak-to-tin",
        "dak-to",
        "kinh-te",
        title="Đăk Tô tổ chức Hội nghị bàn kế hoạch phát triển kinh tế năm 2025",
        summary="Sáng nay, lãnh đạo huyện chủ trì buổi làm việc với các xã và thị trấn.",
        content_html="<p>Các đại biểu thống nhất ưu tiên hạ tầng giao thông & thủy lợi.</p>",
    ),
    article(
        2,
        "dak-to-tin",
        "dak-to",
        "van-hoa-xa-hoi",
        title="Ngày hội đại đoàn kết ở thôn Đăk Rế",
        summary="Bà con các dân tộc cùng vui ngày hội truyền thống của thôn.",
        content_html="<p>Các đội cồng chiêng biểu diễn suốt buổi chiều.</p>",
    ),
    article(
        3,
        "kon-plong-tin",
        "kon-plong",
        "kinh-te",
        title="Kon Plông: hội nghị sơ kết sản xuất vụ đông xuân",
        summary="Diện tích gieo trồng vượt kế hoạch đề ra đầu vụ.",
        content_html="<p>Huyện tiếp tục hỗ trợ giống cây cho bà con vùng cao.</p>",
        # 00:30 on 5 October in Kon Tum: the day boundary is the province's.
        published=datetime(2024, 10, 4, 17, 30, tzinfo=UTC),
    ),
    article(
        4,
        "kon-plong-tin",
        "kon-plong",
        "thong-bao",
        title="Thông báo lịch tiếp công dân tháng 11",
        summary="Lãnh đạo huyện tiếp công dân vào thứ năm hằng tuần.",
        content_html="<p>Địa điểm: trụ sở Ủy ban nhân dân huyện.</p>",
    ),
    article(
        5,
        "tinh-tin",
        None,
        "kinh-te",
        title="Tỉnh đẩy nhanh giải ngân vốn đầu tư công",
        summary="Các chủ đầu tư được yêu cầu báo cáo tiến độ hằng tuần.",
        content_html="<p>Tỉnh sẽ điều chuyển vốn của dự án chậm tiến độ.</p>",
    ),
    article(
        6,
        "dak-to-tin",
        "dak-to",
        "van-hoa-xa-hoi",
        title="Trao quà cho học sinh vùng khó",
        summary="Đoàn thanh niên huyện trao tặng sách vở và áo ấm.",
        content_html="<p>Chương trình được phát động từ hội nghị của Ban Thường vụ.</p>",
    ),
]
HOI_NGHI = {1, 3, 6}


def make_config(folder: Path, **publish_options: Any) -> Config:
    raw = dict(PROVINCE)
    raw["storage"] = {"database": "var/store.db", "output": "public"}
    raw["publish"] = {**PROVINCE["publish"], **publish_options}
    return parse_config(raw, folder / "syndicate.toml")


def collect(config: Config, articles: list[Article], now: datetime = NOW) -> None:
    """Store the articles as collection runs would, then publish everything as a sync
    does (`publish_store`)."""
    with Store(config.storage.database) as store:
        store.sync_sources(config.sources)
        for source in sorted({a.source_id for a in articles}):
            fresh = [a for a in articles if a.source_id == source]
            stored = store.articles_by_url(a.url for a in fresh)
            changes = plan_changes(source, stored, fresh, now)
            store.apply(SourceRun(source, "ok", now), changes, now=now)
        publish_store(config, store, config.storage.output)


@dataclass
class Site:
    config: Config
    out: Path
    server: LiveServer
    client: httpx.Client

    def url(self, path: str) -> str:
        return self.server.url + path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site")
    config = make_config(folder)
    collect(config, ARTICLES)
    out = config.storage.output
    (out / "extra.css").write_text("body { color: black; }\n", encoding="utf-8")
    (out / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text("outside the published folder\n", encoding="utf-8")
    (out / "escape.txt").symlink_to(secret)
    (out / "escape-dir").symlink_to(folder)
    (out / "inside.opml").symlink_to(out / "feeds.opml")
    # A folder's index.html is followed like any file: out of the folder, refused.
    (out / "districts" / "index.html").symlink_to(secret)
    (out / "manifest-alias.txt").symlink_to(out / ".publish-manifest")
    (out / "shortcut").mkdir()
    # Symlinks that lead nowhere: a loop, and two links naming each other.
    (out / "loop.atom").symlink_to(out / "loop.atom")
    (out / "ping.atom").symlink_to(out / "pong.atom")
    (out / "pong.atom").symlink_to(out / "ping.atom")
    (out / "shortcut" / "index.html").symlink_to(out / "index.html")
    with LiveServer(create_app(config, out)) as server, httpx.Client() as client:
        yield Site(config, out, server, client)


@pytest.fixture
def fresh_site(tmp_path: Path) -> Iterator[Site]:
    """A site of its own, for tests that change the store or the folder."""
    config = make_config(tmp_path)
    collect(config, ARTICLES[:4])
    with LiveServer(create_app(config, config.storage.output)) as server, httpx.Client() as client:
        yield Site(config, config.storage.output, server, client)


def raw_get(site: Site, target: str) -> int:
    """The status of a request sent with exactly this target, never normalized."""
    host, port = site.server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


# --- static files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/province.rss", "application/rss+xml; charset=utf-8"),
        ("/province.atom", "application/atom+xml; charset=utf-8"),
        ("/province.json", "application/feed+json; charset=utf-8"),
        ("/districts/dak-to.atom", "application/atom+xml; charset=utf-8"),
        ("/feeds.opml", "text/x-opml; charset=utf-8"),
        ("/feed.xsl", "text/xsl; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/inside.opml", "text/x-opml; charset=utf-8"),  # a symlink that stays inside
        ("/shortcut/", "text/html; charset=utf-8"),  # an index.html that does too
    ],
)
def test_media_types_with_charset(site: Site, path: str, media_type: str) -> None:
    response = site.client.get(site.url(path))
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"'), "strong ETag"
    assert response.headers["last-modified"].endswith(" GMT")
    # RSS and Atom are shown to browsers as XML (see test_browsers_get_feeds_as_xml).
    feed = path.endswith((".rss", ".atom"))
    assert response.headers["vary"] == ("Accept-Encoding, Accept" if feed else "Accept-Encoding")


def test_bytes_are_the_published_files(site: Site) -> None:
    for name in ("province.atom", "index.html", "districts/kon-plong.json"):
        response = site.client.get(site.url("/" + name), headers=IDENTITY)
        assert response.content == (site.out / name).read_bytes()
        assert "content-encoding" not in response.headers


@pytest.mark.parametrize("path", ["/province.atom", "/index.html", "/archive/province/0.atom"])
def test_cache_control(site: Site, path: str) -> None:
    response = site.client.get(site.url(path))
    assert response.status_code == 200
    assert response.headers["cache-control"] == CACHE_CONTROL


def test_an_archive_page_is_cached_no_longer_than_a_retraction_takes(fresh_site: Site) -> None:
    """An archive page is written again when an article on it is hidden: a retraction
    leaves every feed, and caches must not keep the page longer than the feed."""
    site = fresh_site
    collect(site.config, ARTICLES)
    url = site.url("/archive/province/0.atom")
    before = site.client.get(url, headers=IDENTITY)
    with Store(site.config.storage.database) as store:
        [oldest] = store.articles_by_url([ARTICLES[0].url]).values()
        store.hide(oldest.id, "withdrawn by the district", now=NOW + timedelta(hours=1))
        publish(site.config, store.feed_entries(site.config), store.health(), site.out)
    after = site.client.get(url, headers=IDENTITY)
    assert ARTICLES[0].url.encode() in before.content
    assert ARTICLES[0].url.encode() not in after.content
    current = site.client.get(site.url("/province.atom"))
    assert before.headers["cache-control"] == current.headers["cache-control"]


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_conditional_requests_get_304(site: Site, encoding: str) -> None:
    url = site.url("/province.atom")
    first = site.client.get(url, headers={"Accept-Encoding": encoding})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    cases = [
        ({"If-None-Match": etag}, 304),
        ({"If-None-Match": f'"other", {etag}'}, 304),
        ({"If-None-Match": "W/" + etag}, 304),  # If-None-Match compares weakly
        ({"If-None-Match": "*"}, 304),
        ({"If-Modified-Since": modified}, 304),
        ({"If-None-Match": '"other"'}, 200),
        ({"If-Modified-Since": formatdate(0, usegmt=True)}, 200),
        ({"If-Modified-Since": "not a date"}, 200),
        # numbers too large for a date are no date either (they overflowed: a 500)
        ({"If-Modified-Since": "Mon, 01 Jan 2024 99999999999999999999:00:00 GMT"}, 200),
        ({"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 +99999999999999"}, 200),
        # If-None-Match wins over If-Modified-Since when both are sent.
        ({"If-None-Match": '"other"', "If-Modified-Since": modified}, 200),
    ]
    for headers, status in cases:
        response = site.client.get(url, headers={"Accept-Encoding": encoding, **headers})
        assert response.status_code == status, headers
        assert response.headers["etag"] == etag
        if status == 304:
            assert response.content == b""
            assert response.headers["cache-control"] == CACHE_CONTROL
            assert response.headers["vary"] == "Accept-Encoding, Accept"


@pytest.fixture
def server_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the local time zone of this process, the server's; restored afterwards."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "America/New_York", "UTC"])
def test_if_modified_since_is_gmt_in_every_form(
    site: Site, server_zone: Callable[[str], None], zone: str
) -> None:
    """HTTP-dates are GMT, the asctime form too, which names no zone at all."""
    server_zone(zone)
    url = site.url("/province.atom")
    modified = parsedate_to_datetime(site.client.get(url).headers["last-modified"])
    for when, status in [(modified, 304), (modified - timedelta(hours=1), 200)]:
        for form in (
            when.strftime("%a %b %d %H:%M:%S %Y"),  # asctime
            when.strftime("%A, %d-%b-%y %H:%M:%S GMT"),  # RFC 850
            formatdate(when.timestamp(), usegmt=True),
        ):
            response = site.client.get(url, headers={"If-Modified-Since": form})
            assert response.status_code == status, form


def test_if_none_match_in_several_lines_is_one_list(site: Site) -> None:
    """A field sent in several lines is the list of them all (RFC 9110 5.3)."""
    url = site.url("/province.atom")
    etag = site.client.get(url, headers=IDENTITY).headers["etag"]
    for lines in ([etag, '"other"'], ['"other"', etag], ['"other"', "W/" + etag]):
        headers = [*IDENTITY.items(), *(("If-None-Match", line) for line in lines)]
        assert site.client.get(url, headers=headers).status_code == 304, lines
    headers = [*IDENTITY.items(), ("If-None-Match", '"other"'), ("If-None-Match", '"more"')]
    assert site.client.get(url, headers=headers).status_code == 200


def test_an_if_modified_since_in_the_future_is_no_date(site: Site) -> None:
    """A client whose clock runs ahead sends a time no file has reached yet: taken at
    its word, a feed published before that time would answer 304 after changing."""
    url = site.url("/province.atom")
    ahead = formatdate(time.time() + 600, usegmt=True)
    response = site.client.get(url, headers={"If-Modified-Since": ahead})
    assert response.status_code == 200
    assert response.content == (site.out / "province.atom").read_bytes()


def test_last_modified_is_never_after_now(fresh_site: Site) -> None:
    """A file dated ahead of the clock (copied from a machine whose clock ran fast,
    say) is Last-Modified now (RFC 9110 8.8.2.1), and not 304 for that: it may change
    again before the clock reaches its own date."""
    site = fresh_site
    feed = site.out / "province.atom"
    ahead = time.time() + 86400
    os.utime(feed, (ahead, ahead))
    response = site.client.get(site.url("/province.atom"))
    # Not compared with Date: uvicorn renews that header once a second.
    assert parsedate_to_datetime(response.headers["last-modified"]).timestamp() <= time.time()
    again = site.client.get(
        site.url("/province.atom"), headers={"If-Modified-Since": response.headers["last-modified"]}
    )
    assert again.status_code == 200


def test_head_has_the_headers_of_get_and_no_body(site: Site) -> None:
    for encoding in ("identity", "gzip"):
        headers = {"Accept-Encoding": encoding}
        got = site.client.get(site.url("/province.rss"), headers=headers)
        head = site.client.head(site.url("/province.rss"), headers=headers)
        assert head.status_code == 200
        assert head.content == b""
        for name in ("etag", "content-type", "content-length", "last-modified", "vary"):
            assert head.headers[name] == got.headers[name]


CHROMIUM_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
FEEDPARSER_ACCEPT = (
    "application/atom+xml,application/rdf+xml,application/rss+xml,"
    "application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1"
)


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (CHROMIUM_ACCEPT, "application/xml; charset=utf-8"),
        ("text/html", "application/xml; charset=utf-8"),
        (FEEDPARSER_ACCEPT, "application/atom+xml; charset=utf-8"),
        (None, "application/atom+xml; charset=utf-8"),
        ("*/*", "application/atom+xml; charset=utf-8"),
        # HTML refused, or the feed's own type named: a reader, whatever else it takes.
        ("text/html;q=0, */*", "application/atom+xml; charset=utf-8"),
        ("application/atom+xml, text/html;q=0.5", "application/atom+xml; charset=utf-8"),
    ],
)
def test_browsers_get_feeds_as_xml(site: Site, accept: str | None, media_type: str) -> None:
    url = site.url("/province.atom")
    reader = site.client.get(url, headers=IDENTITY)
    headers = {**IDENTITY, **({"Accept": accept} if accept is not None else {})}
    response = site.client.get(url, headers=headers)
    assert response.headers["content-type"] == media_type
    assert response.content == reader.content
    assert response.headers["vary"] == "Accept-Encoding, Accept"
    browser = media_type.startswith("application/xml")
    # Another representation, another strong tag; each revalidates as itself.
    assert (response.headers["etag"] != reader.headers["etag"]) is browser
    again = site.client.get(url, headers={**headers, "If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    if browser:
        stale = site.client.get(url, headers={**headers, "If-None-Match": reader.headers["etag"]})
        assert stale.status_code == 200
        packed = site.client.get(url, headers={"Accept": accept or "", "Accept-Encoding": "gzip"})
        assert packed.headers["etag"] not in (response.headers["etag"], reader.headers["etag"])
        assert packed.headers["content-type"] == media_type
    # JSON Feed and the rest are not negotiated.
    index = site.client.get(site.url("/province.json"), headers=headers)
    assert index.headers["content-type"] == "application/feed+json; charset=utf-8"
    assert index.headers["vary"] == "Accept-Encoding"


def test_gzip_is_a_representation_with_its_own_strong_etag(site: Site) -> None:
    url = site.url("/province.atom")
    plain = site.client.get(url, headers=IDENTITY)
    with site.client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as packed:
        raw = b"".join(packed.iter_raw())
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding, Accept"
    assert int(packed.headers["content-length"]) == len(raw) < len(plain.content)
    assert gzip.decompress(raw) == plain.content
    assert packed.headers["etag"] == gzip_etag(plain.headers["etag"]) != plain.headers["etag"]
    assert not packed.headers["etag"].startswith("W/")
    # Each tag validates only its own representation.
    crossed = [
        ("gzip", plain.headers["etag"], 200),
        ("identity", packed.headers["etag"], 200),
        ("gzip", packed.headers["etag"], 304),
        ("identity", plain.headers["etag"], 304),
    ]
    for encoding, etag, status in crossed:
        response = site.client.get(
            url, headers={"Accept-Encoding": encoding, "If-None-Match": etag}
        )
        assert response.status_code == status, (encoding, etag)


@pytest.mark.parametrize(
    ("header", "gzipped"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, *;q=1", False),
        ("*;q=0", False),
        ("identity", False),
        ("deflate, br", False),
        ("gzip;q=nonsense", False),
        ("", False),
    ],
)
def test_accept_encoding(header: str, gzipped: bool) -> None:
    assert accepts_gzip(header) is gzipped


def test_small_files_are_not_gzipped(site: Site) -> None:
    response = site.client.get(site.url("/extra.css"), headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"


def test_a_changed_feed_gets_a_new_etag(fresh_site: Site) -> None:
    site = fresh_site
    url = site.url("/districts/dak-to.atom")
    before = site.client.get(url, headers=IDENTITY)
    untouched = site.client.get(site.url("/districts/kon-plong.atom"), headers=IDENTITY)
    collect(site.config, ARTICLES, now=NOW + timedelta(hours=1))
    after = site.client.get(url, headers=IDENTITY)
    assert after.headers["etag"] != before.headers["etag"]
    assert after.content != before.content
    stale = site.client.get(url, headers={**IDENTITY, "If-None-Match": before.headers["etag"]})
    assert stale.status_code == 200
    assert stale.content == after.content
    current = site.client.get(url, headers={**IDENTITY, "If-None-Match": after.headers["etag"]})
    assert current.status_code == 304
    # A feed the new articles did not touch keeps its tag.
    again = site.client.get(site.url("/districts/kon-plong.atom"), headers=IDENTITY)
    assert again.headers["etag"] == untouched.headers["etag"]


TRAVERSALS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/districts/../../secret.txt",
    "/districts/%2e%2e/%2e%2e/secret.txt",
    "/districts%2f..%2f..%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/..%5csecret.txt",
    "/%5c..%5csecret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/escape.txt",
    "/escape-dir/secret.txt",
    "/districts/",
    "/districts",
    "/manifest-alias.txt",
    "/index.html%00",
    "/index.html%00.txt",
    "/%00",
    "/.publish-manifest",
    "/..",
    "/.",
    "/districts/.hidden",
    "/no-such-file.atom",
    "/loop.atom",
    "/ping.atom",
    "/loop.atom/province.atom",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_nothing_outside_the_folder(site: Site, target: str) -> None:
    assert raw_get(site, target) == 404


@pytest.mark.parametrize("target", ["/province.atom/", "/districts/dak-to.atom/", "/index.html/"])
def test_a_file_is_not_a_folder(site: Site, target: str) -> None:
    # Served there, a feed's relative stylesheet link would name another address.
    assert raw_get(site, target) == 404


def test_absolute_paths_stay_inside(site: Site) -> None:
    secret = site.out.parent / "secret.txt"
    assert raw_get(site, str(secret)) == 404
    assert raw_get(site, quote(str(secret), safe="")) == 404
    assert raw_get(site, "/" + quote(str(secret), safe="")) == 404


def test_only_get_and_head(site: Site) -> None:
    response = site.client.post(site.url("/province.atom"))
    assert response.status_code == 405


# --- query feeds ----------------------------------------------------------------------


def numbers(feed: Any) -> set[int]:
    """Which fixture articles a parsed feed lists (by the number in their URL)."""
    if type(feed) is dict:  # JSON Feed; feedparser's result is a dict subclass
        urls = [item["url"] for item in feed["items"]]
    else:
        urls = [entry.link for entry in feed.entries]
    return {int(url.rsplit("-", 1)[1]) for url in urls}


def fetch_feed(site: Site, path: str) -> tuple[httpx.Response, Any]:
    response = site.client.get(site.url(path))
    assert response.status_code == 200, response.text
    extension = path.split("?")[0].rsplit(".", 1)[1]
    parsed = check_feed_file(response.content, extension, self_url=str(response.url))
    return response, parsed


EXTENSIONS = ["atom", "rss", "json"]


@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=hoi%20nghi", HOI_NGHI),
        ("q=H%E1%BB%99i%20ngh%E1%BB%8B", HOI_NGHI),
        ("q=H%E1%BB%98I%20NGH%E1%BB%8A", HOI_NGHI),
        ("q=hoi%20nghi&district=dak-to", {1, 6}),
        ("q=hoi%20nghi&category=kinh-te", {1, 3}),
        ("q=hoi%20nghi&district=dak-to&category=van-hoa-xa-hoi", {6}),
        ("q=hoi%20nghi&since=2024-10-05", {3, 6}),  # 00:30 local on the 5th counts
        ("q=hoi%20nghi&since=2024-10-06", {6}),
        ("q=kon%20plong", {3}),
        ("q=tiep%20cong%20dan", {4}),
        ("q=kh%C3%B4ng%20c%C3%B3%20b%C3%A0i%20n%C3%A0o", set()),
        # the query as typed heads the channel: it reads as markup there
        ("q=%3C%3Choi%20nghi%3E%3E", HOI_NGHI),
        ("q=hoi%20nghi%20%26%20%3Cb%3E", set()),
    ],
)
def test_search_feeds_validate_with_their_self_url(
    site: Site, extension: str, query: str, expected: set[int]
) -> None:
    response, parsed = fetch_feed(site, f"/search.{extension}?{query}")
    assert numbers(parsed) == expected
    assert response.headers["cache-control"] == QUERY_CACHE_CONTROL
    assert response.headers["content-type"].endswith("; charset=utf-8")


@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("district=dak-to", {1, 2, 6}),
        ("district=kon-plong", {3, 4}),
        ("category=kinh-te", {1, 3, 5}),
        ("district=dak-to&category=van-hoa-xa-hoi", {2, 6}),
        ("district=ia-h-drai", set()),
        ("district=kon-plong&category=van-hoa-xa-hoi", set()),
    ],
)
def test_filtered_feeds_validate_with_their_self_url(
    site: Site, extension: str, query: str, expected: set[int]
) -> None:
    _, parsed = fetch_feed(site, f"/feed.{extension}?{query}")
    assert numbers(parsed) == expected


def test_entries_are_those_of_the_published_feeds(site: Site) -> None:
    """Same ids and bytes-for-bytes the same entries as the published district feed."""
    _, parsed = fetch_feed(site, "/feed.atom?district=dak-to")
    published = feedparser.parse((site.out / "districts/dak-to.atom").read_bytes())
    assert [e.id for e in parsed.entries] == [e.id for e in published.entries]
    assert [e.content for e in parsed.entries] == [e.content for e in published.entries]


def test_newest_first(site: Site) -> None:
    _, parsed = fetch_feed(site, "/search.json?q=hoi%20nghi")
    published = [item["date_published"] for item in parsed["items"]]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize(
    ("requested", "canonical"),
    [
        ("/search.atom?q=hoi+nghi", "/search.atom?q=hoi%20nghi"),
        ("/search.atom?q=%20hoi%20%20nghi%20", "/search.atom?q=hoi%20nghi"),
        (
            "/search.atom?category=kinh-te&q=hoi%20nghi&district=dak-to",
            "/search.atom?q=hoi%20nghi&district=dak-to&category=kinh-te",
        ),
        ("/search.atom?q=nghi&district=&since=", "/search.atom?q=nghi"),
        # NFD as some systems type it; the self link is NFC.
        ("/search.atom?q=ho%CC%A3%CC%82i", "/search.atom?q=h%E1%BB%99i"),
        ("/search.json?q=h%e1%bb%99i", "/search.json?q=h%E1%BB%99i"),
        ("/search.rss?q=h%E1%BB%99i&category=", "/search.rss?q=h%E1%BB%99i"),
        (
            "/feed.rss?category=kinh-te&district=dak-to",
            "/feed.rss?district=dak-to&category=kinh-te",
        ),
    ],
)
def test_other_spellings_of_a_query_move_to_the_canonical_url(
    site: Site, requested: str, canonical: str
) -> None:
    """Every feed is served at its own self link: a validator checks they are equal."""
    for method in ("GET", "HEAD"):
        moved = site.client.request(method, site.url(requested))
        assert moved.status_code == 301, method
        assert moved.headers["location"] == site.url(canonical)
    response = site.client.get(site.url(requested), follow_redirects=True)
    assert response.status_code == 200
    assert str(response.url) == site.url(canonical)
    extension = requested.split("?")[0].rsplit(".", 1)[1]
    check_feed_file(response.content, extension, self_url=site.url(canonical))


def test_a_canonical_query_is_served_without_a_redirect(site: Site) -> None:
    for path in ("/search.atom?q=hoi%20nghi&district=dak-to", "/feed.rss?category=kinh-te"):
        assert site.client.get(site.url(path)).status_code == 200


def test_served_under_the_base_url_path_too(site: Site) -> None:
    """At the path of base_url (here /kon-tum/) published self links are the URLs served,
    and query feeds keep that path in their self links and redirects."""
    assert urlsplit(site.config.province.base_url).path == "/kon-tum/"
    published = site.client.get(site.url("/kon-tum/province.atom"))
    assert published.content == (site.out / "province.atom").read_bytes()
    self_link = etree.fromstring(published.content).find(f"{ATOM}link[@rel='self']").get("href")
    assert urlsplit(self_link).path == "/kon-tum/province.atom"
    moved = site.client.get(site.url("/kon-tum/search.atom?q=hoi+nghi"))
    assert moved.headers["location"] == site.url("/kon-tum/search.atom?q=hoi%20nghi")
    _, parsed = fetch_feed(site, "/kon-tum/search.atom?q=hoi%20nghi")
    assert numbers(parsed) == HOI_NGHI
    assert raw_get(site, "/kon-tum/.publish-manifest") == 404


def test_the_base_url_path_without_its_slash_moves_to_it(site: Site) -> None:
    """Typed without the final slash, base_url's path is the front page's address."""
    for method in ("GET", "HEAD"):
        moved = site.client.request(method, site.url("/kon-tum"))
        assert moved.status_code == 301, method
        assert moved.headers["location"] == site.url("/kon-tum/")
    front = site.client.get(site.url("/kon-tum"), follow_redirects=True)
    assert front.content == (site.out / "index.html").read_bytes()


def test_served_under_a_percent_encoded_base_url_path(tmp_path: Path) -> None:
    """A base_url path with other letters than ASCII is percent-encoded, as the
    configuration asks; the folder is served there, and query feeds' self links spell
    their path as requested, never as raw UTF-8."""
    config = make_config(tmp_path)
    base = "https://tin.example.org/tin-t%E1%BB%A9c/"
    config = replace(config, province=replace(config.province, base_url=base))
    collect(config, ARTICLES[:2])
    with LiveServer(create_app(config, config.storage.output)) as server:
        published = httpx.get(server.url + "/tin-t%E1%BB%A9c/province.atom")
        moved = httpx.get(server.url + "/tin-t%E1%BB%A9c/search.atom?q=hoi+nghi")
        searched = httpx.get(server.url + "/tin-t%E1%BB%A9c/search.atom?q=hoi")
    assert published.status_code == 200
    assert published.content == (config.storage.output / "province.atom").read_bytes()
    assert moved.headers["location"] == server.url + "/tin-t%E1%BB%A9c/search.atom?q=hoi%20nghi"
    assert searched.status_code == 200
    self_url = server.url + "/tin-t%E1%BB%A9c/search.atom?q=hoi"
    check_feed_file(searched.content, "atom", self_url=self_url)


def test_self_link_and_id_are_escaped(site: Site) -> None:
    path = "/search.atom?q=%22h%E1%BB%99i%22%20%26%20%3Cngh%E1%BB%8B%3E&district=dak-to"
    response = site.client.get(site.url(path))
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    self_url = site.url(
        "/search.atom?q=%22h%E1%BB%99i%22%20%26%20%3Cngh%E1%BB%8B%3E&district=dak-to"
    )
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == self_url
    base = site.config.province.base_url
    assert root.findtext(f"{ATOM}id") == base + self_url.split("/search.atom")[1].replace(
        "?", "search?", 1
    )
    assert b"&amp;district=dak-to" in response.content
    assert root.findtext(f"{ATOM}title").startswith('Tìm kiếm “"hội" & <nghị>”')
    check_feed_file(response.content, "atom", self_url=self_url)


def test_one_feed_id_for_every_format_and_every_address_served(site: Site) -> None:
    """The id names the query under the published base, not the URL it was asked by:
    the folder is served at the root and under base_url's path alike."""
    expected = site.config.province.base_url + "feed?district=dak-to"
    for path in ("/feed.atom?district=dak-to", "/kon-tum/feed.atom?district=dak-to"):
        atom = etree.fromstring(site.client.get(site.url(path)).content)
        assert atom.findtext(f"{ATOM}id") == expected, path
        check_feed_file(etree.tostring(atom), "atom", self_url=site.url(path))


def test_query_feeds_keep_their_ids_when_the_site_moves(tmp_path: Path) -> None:
    """As the published feeds do (RFC 4287 4.2.6): the feed id, its entries' source ids
    and the category scheme stay under the address of the first publication."""
    config = make_config(tmp_path)
    first = config.province.base_url
    collect(config, ARTICLES[:2])
    with Store(config.storage.database) as store:
        assert store.feed_id_base(config) == first  # fixed, as the first publication does
    new_base = "https://tin.kontum.gov.vn/"
    moved = replace(config, province=replace(config.province, base_url=new_base))
    with LiveServer(create_app(moved, config.storage.output)) as server:
        body = httpx.get(server.url + "/feed.atom?district=dak-to").content
    root = etree.fromstring(body)
    assert root.findtext(f"{ATOM}id") == first + "feed?district=dak-to"
    sources = [e.text for e in root.iterfind(f"{ATOM}entry/{ATOM}source/{ATOM}id")]
    assert sources and all(s.startswith(first + "sources/") for s in sources)
    schemes = {c.get("scheme") for c in root.iterfind(f"{ATOM}entry/{ATOM}category")}
    assert schemes == {first + "categories/"}
    assert new_base.encode() not in body  # no id names the new address
    check_feed_file(body, "atom", self_url=server.url + "/feed.atom?district=dak-to")


def test_query_feeds_announce_no_hub(tmp_path: Path) -> None:
    config = make_config(tmp_path, websub_hub="https://hub.example.net/")
    collect(config, ARTICLES[:2])
    with LiveServer(create_app(config, config.storage.output)) as server:
        published = httpx.get(server.url + "/province.atom").content
        searched = httpx.get(server.url + "/search.atom?q=hoi").content
    assert b'rel="hub"' in published
    assert b'rel="hub"' not in searched


FTS_SYNTAX = [
    '"',
    '""',
    "*",
    "hoi*",
    "^hoi",
    "hoi OR nghi",
    "hoi AND NOT nghi",
    "NEAR(hoi nghi)",
    "title:hoi",
    "{title summary}: hoi",
    "(hoi",
    "hoi)",
    "-hoi",
    "+nghi",
    "'",
    'hội nghị"',
    "\\",
    "%",
    "_",
    "hoi NEAR/2 nghi",
    "AND",
    "OR",
    "NOT",
    "\U0001f600",
    "a" * 200,
]


@pytest.mark.parametrize("q", FTS_SYNTAX)
def test_fts_syntax_in_q_is_text(site: Site, q: str) -> None:
    for extension in ("atom", "json"):
        path = f"/search.{extension}?q={quote(q, safe='')}"
        response = site.client.get(site.url(path))
        assert response.status_code == 200, (q, response.text)
        check_feed_file(response.content, extension, self_url=site.url(path))


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/search.atom", 400, "'q' is required"),
        ("/search.atom?q=", 400, "'q' is required"),
        ("/search.atom?q=%20%20", 400, "'q' is required"),
        ("/search.atom?q=" + "a" * 201, 400, "longer than 200"),
        ("/search.atom?q=hoi&q=nghi", 400, "more than once"),
        ("/search.atom?q=hoi&page=2", 400, "unknown parameter 'page'"),
        ("/search.atom?q=hoi%00", 400, "control characters"),
        ("/search.atom?q=hoi%0Anghi", 400, "control characters"),
        # Latin-1 and Windows-1258 bytes are no UTF-8: not a search for U+FFFD.
        ("/search.atom?q=h%F4i", 400, "not UTF-8"),
        ("/search.atom?q=%C6%A1%FF", 400, "not UTF-8"),
        ("/feed.atom?district=dak-to&%FF=1", 400, "not UTF-8"),
        ("/search.atom?q=hoi&since=2024-13-01", 400, "YYYY-MM-DD"),
        ("/search.atom?q=hoi&since=02/10/2024", 400, "YYYY-MM-DD"),
        ("/search.atom?q=hoi&since=2024-1-2", 400, "YYYY-MM-DD"),
        ("/search.atom?q=hoi&since=20241002", 400, "YYYY-MM-DD"),
        # Midnight in Kon Tum on the first day of year 1 is not a date in UTC.
        ("/search.atom?q=hoi&since=0001-01-01", 400, "from 1900-01-01"),
        ("/search.atom?q=hoi&since=%D9%A2%D9%A0%D9%A2%D9%A4-10-02", 400, "YYYY-MM-DD"),
        ("/feed.atom", 400, "district, category or both"),
        ("/feed.atom?q=hoi", 400, "unknown parameter 'q'"),
        ("/feed.json?district=dak-to&since=2024-10-01", 400, "unknown parameter 'since'"),
        ("/search.atom?q=hoi&district=dak-ha", 404, "unknown district 'dak-ha'"),
        ("/search.rss?q=hoi&category=the-thao", 404, "unknown category 'the-thao'"),
        ("/feed.json?district=..%2F..", 404, "unknown district"),
        ("/feed.rss?category=kinh-te&district=DAK-TO", 404, "unknown district"),
    ],
)
def test_bad_parameters(site: Site, path: str, status: int, message: str) -> None:
    response = site.client.get(site.url(path))
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert message in response.text


@pytest.mark.parametrize(
    "path", ["/search.xml?q=hoi", "/search?q=hoi", "/feed.html?district=dak-to"]
)
def test_other_extensions_are_files(site: Site, path: str) -> None:
    assert site.client.get(site.url(path)).status_code == 404


def test_query_feeds_answer_conditional_requests(fresh_site: Site) -> None:
    site = fresh_site
    paths = ["/search.atom?q=hoi%20nghi", "/feed.json?district=dak-to"]
    first = {p: site.client.get(site.url(p)) for p in paths}
    for path, response in first.items():
        etag = response.headers["etag"]
        again = site.client.get(site.url(path), headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        head = site.client.head(site.url(path))
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == etag
    # A sync that adds matching articles changes both feeds and so their tags.
    collect(site.config, ARTICLES, now=NOW + timedelta(hours=1))
    for path, response in first.items():
        after = site.client.get(site.url(path), headers={"If-None-Match": response.headers["etag"]})
        assert after.status_code == 200, path
        assert after.headers["etag"] != response.headers["etag"]
    _, parsed = fetch_feed(site, paths[0])
    assert numbers(parsed) == HOI_NGHI


def test_a_sync_that_changes_nothing_keeps_the_tags(fresh_site: Site) -> None:
    site = fresh_site
    path = "/feed.atom?district=dak-to"
    before = site.client.get(site.url(path)).headers["etag"]
    collect(site.config, ARTICLES[:4], now=NOW + timedelta(hours=2))  # nothing new
    response = site.client.get(site.url(path), headers={"If-None-Match": before})
    assert response.status_code == 304


def test_no_store_yet(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = make_config(tmp_path)
    out = tmp_path / "public"
    out.mkdir()
    with (
        caplog.at_level(logging.WARNING, logger="syndicate"),
        LiveServer(create_app(config, out)) as server,
    ):
        response = httpx.get(server.url + "/search.atom?q=hoi")
        bad = httpx.get(server.url + "/search.atom")
    assert response.status_code == 503
    assert "syndicate sync" in response.text
    assert bad.status_code == 400  # the request is checked first
    assert not config.storage.database.exists(), "serving never creates a store"
    # the one log line README promises the operator, for the 503 alone
    [record] = [r for r in caplog.records if "answered" in r.getMessage()]
    assert record.getMessage() == (
        "/search.atom answered 503: no store yet: run `syndicate sync` first"
    )


# --- a store that cannot be read ----------------------------------------------------

QUERY_PATHS = ["/search.atom?q=hoi", "/feed.rss?district=dak-to"]


def _replace_store(database: Path, how: str) -> None:
    if how == "under a file":
        shutil.rmtree(database.parent)
        database.parent.write_text("a file where the store's folder should be\n")
        return
    for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)
    database.unlink()
    if how == "damaged":
        database.write_bytes(b"not a database at all\n" * 512)
    else:  # a folder where the file should be: nothing SQLite can open
        database.mkdir()


@pytest.mark.parametrize(
    ("how", "logged"),
    [
        ("damaged", "is damaged: file is not a database (SQLITE_NOTADB)"),
        # Opened read-only, a folder opens and then fails its first read.
        ("a folder", "cannot be opened: disk I/O error (SQLITE_IOERR_READ)"),
        ("under a file", "cannot be opened: [Errno 20] Not a directory: '"),
    ],
)
def test_an_unreadable_store_is_503_and_one_log_line(
    fresh_site: Site, caplog: pytest.LogCaptureFixture, how: str, logged: str
) -> None:
    site = fresh_site
    _replace_store(site.config.storage.database, how)
    with caplog.at_level(logging.WARNING, logger="syndicate"):
        responses = [site.client.get(site.url(path)) for path in QUERY_PATHS]
    for response in responses:
        assert response.status_code == 503
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert response.text == "the store cannot be read\n"
        assert "retry-after" not in response.headers  # it will not mend by itself
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.ERROR]
    for record, path in zip(caplog.records, QUERY_PATHS, strict=True):
        assert record.getMessage().startswith(f"{path.split('?')[0]} answered 503: store ")
        assert logged in record.getMessage()
        assert record.exc_info is None  # one line, no traceback
    # Static files never touch the store.
    assert site.client.get(site.url("/province.atom")).status_code == 200
    assert site.client.get(site.url("/")).status_code == 200


def test_a_locked_store_is_503_with_retry_after(
    fresh_site: Site, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fresh_site
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)  # not the 10 s a sync would wait
    holder = sqlite3.connect(site.config.storage.database, isolation_level=None)
    try:
        # Exclusive locking mode shuts out even WAL readers until the holder lets go.
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        with caplog.at_level(logging.WARNING, logger="syndicate"):
            locked = site.client.get(site.url("/feed.atom?district=dak-to"))
            head = site.client.head(site.url("/search.json?q=hoi"))
        holder.execute("COMMIT")
    finally:
        holder.close()
    assert (locked.status_code, head.status_code) == (503, 503)
    assert locked.headers["retry-after"] == head.headers["retry-after"] == "60"
    assert "busy" in locked.text and "try again" in locked.text
    [record, _] = caplog.records
    assert record.levelno == logging.WARNING
    assert "is locked: database is locked (SQLITE_BUSY)" in record.getMessage()
    assert site.client.get(site.url("/feed.atom?district=dak-to")).status_code == 200


def _store_short_of_its_last_migration(database: Path) -> None:
    """A store as the previous release left it: a sync of this one would migrate it."""
    database.unlink()
    db = Database(database)
    newest = schema.migrations.pending(Database(memory=True))[-1]
    schema.migrations.apply(db, stop_before=newest.name)
    db.close()


@pytest.mark.parametrize(
    ("how", "logged"),
    [
        # The first sync has created the file and not yet committed its tables.
        ("empty", "m001_initial"),
        ("one migration behind", schema.migrations.pending(Database(memory=True))[-1].name),
    ],
)
def test_a_store_not_migrated_yet_is_503_with_retry_after(
    fresh_site: Site, caplog: pytest.LogCaptureFixture, how: str, logged: str
) -> None:
    """serve never migrates the store, and its queries need every table and index."""
    site = fresh_site
    database = site.config.storage.database
    if how == "empty":
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        database.write_bytes(b"")
    else:
        _store_short_of_its_last_migration(database)
    with caplog.at_level(logging.WARNING, logger="syndicate"):
        responses = [site.client.get(site.url(path)) for path in QUERY_PATHS]
    for response in responses:
        assert response.status_code == 503
        assert response.headers["retry-after"] == "60"
        assert "try again" in response.text
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]
    assert "not migrated yet" in caplog.records[0].getMessage()
    assert logged in caplog.records[0].getMessage()
    # A sync migrates it; serve needs no restart.
    collect(site.config, ARTICLES[:4], now=NOW + timedelta(hours=1))
    assert site.client.get(site.url(QUERY_PATHS[0])).status_code == 200


def test_sqlite_errors_that_do_not_blame_the_store_stay_errors(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError), reading_store(tmp_path / "store.db"):
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")


def test_a_store_gone_after_the_check_is_503_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The database vanishes between the look at its files and the open.
    config = make_config(tmp_path)
    out = tmp_path / "public"
    out.mkdir()
    monkeypatch.setattr(StoreReader, "signature", lambda self: (1, 2, 0, 0))
    with LiveServer(create_app(config, out)) as server:
        response = httpx.get(server.url + "/search.atom?q=hoi")
    assert response.status_code == 503
    assert response.text == "the store cannot be read\n"
    assert not config.storage.database.exists(), "serving never creates a store"


# --- the command ----------------------------------------------------------------------


def serve_command(config_path: Path, *args: str) -> int:
    return main(["--config", str(config_path), "serve", *args], standalone_mode=False)


def test_a_port_in_use_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = tmp_path / "syndicate.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:8719"), encoding="utf-8")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert serve_command(config_path, "--port", str(port)) == 2
    assert capsys.readouterr().err == (
        f"syndicate: cannot listen on 127.0.0.1 port {port}: Address already in use\n"
    )
    assert serve_command(config_path, "--port", "65536") == 2
    assert "not in the range" in capsys.readouterr().err


def test_an_output_folder_that_is_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uvicorn.Server, "run", lambda *args, **kwargs: pytest.fail("served"))
    config_path = tmp_path / "syndicate.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:8719"), encoding="utf-8")
    (tmp_path / "public").write_text("a file where the published folder should be\n")
    assert serve_command(config_path, "--port", "0") == 2
    assert capsys.readouterr().err == (
        f"syndicate: {tmp_path / 'public'}: not a folder; check --out or [storage] output\n"
    )


def serve_in_a_process(config_path: Path, *options: str) -> str:
    """What `syndicate serve` writes to stderr when a client sends it a request that
    is no HTTP, which its HTTP server warns about."""
    with socket.socket() as probe:  # a free port; the server binds it a moment later
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = [sys.executable, "-m", "syndicate", "--config", str(config_path), *options]
    server = subprocess.Popen(
        [*argv, "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.05)
        with client:
            client.sendall(b"NOT HTTP\r\n\r\n")
            assert client.recv(100).startswith(b"HTTP/1.1 400")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    return err


def test_the_http_servers_lines_follow_the_log_options(tmp_path: Path) -> None:
    config_path = tmp_path / "syndicate.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:8719"), encoding="utf-8")
    lines = serve_in_a_process(config_path, "--log-format", "json").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [(e["level"], e["logger"]) for e in entries] == [
        ("info", "syndicate.cli"),  # where it serves, the port chosen for 0 too
        ("info", "syndicate.cli"),  # and that nothing is published there yet
        ("warning", "uvicorn.error"),
    ]
    assert entries[0]["message"].startswith(f"serving {tmp_path / 'public'} at http://127.0.0.1:")
    assert entries[1]["message"] == (
        f"{tmp_path / 'public'}: nothing published there yet: every file answers 404 until then"
    )
    assert serve_in_a_process(config_path, "--quiet") == ""  # a warning is no error
    plain = serve_in_a_process(config_path).splitlines()
    assert plain[0].startswith(f"serving {tmp_path / 'public'} at http://127.0.0.1:")


def test_query_feeds_kept_in_memory_stay_within_their_byte_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Anyone can vary a query, and each rendering carries full articles.
    config = make_config(tmp_path)
    collect(config, ARTICLES[:4])
    feeds = serve_module.QueryFeeds(config)
    one = feeds.answer(FeedQuery("search", q="hoi nghi"), ".atom", "http://x/search.atom")
    monkeypatch.setattr(serve_module, "_QUERY_CACHE_BYTES", 2 * len(one.body) + 100)
    for since in range(1, 9):
        query = FeedQuery("search", q="hoi nghi", since=date(2024, 1, since))
        latest = feeds.answer(query, ".atom", "http://x/search.atom")
        assert feeds.cached_bytes <= serve_module._QUERY_CACHE_BYTES
    # The latest is kept: asked again, it is the same rendering.
    assert feeds.answer(query, ".atom", "http://x/search.atom") is latest


def test_a_search_feed_lists_the_newest_matches(tmp_path: Path) -> None:
    # Chosen by rank, a new match weaker than the feed's older ones never showed to a
    # poller: the feed lists what matched last.
    config = make_config(tmp_path, entries_per_feed=2)
    collect(config, ARTICLES)
    with Store(config.storage.database) as store:
        matches = store.search("hoi nghi", limit=100)
    assert len(matches) > 2
    newest = sorted(matches, key=lambda m: m.article.published, reverse=True)[:2]
    expected = {int(m.article.url.rsplit("-", 1)[1]) for m in newest}
    with LiveServer(create_app(config, config.storage.output)) as server, httpx.Client() as client:
        site = Site(config, config.storage.output, server, client)
        _, parsed = fetch_feed(site, "/search.atom?q=hoi%20nghi")
    assert numbers(parsed) == expected


def test_a_published_folder_swapped_by_symlink_is_served_as_it_is_now(tmp_path: Path) -> None:
    """The usual atomic replacement of a whole folder: `current` is a symlink, and a
    new release is put in place by renaming a new symlink over it. Resolved once at
    start, the folder stayed the old release (and 404 once that was removed)."""
    config = make_config(tmp_path)
    collect(config, ARTICLES[:2])
    first = config.storage.output
    second = tmp_path / "public-2"
    second.mkdir()
    (first / "notes.txt").write_text("release one\n", encoding="utf-8")
    (second / "notes.txt").write_text("release two\n", encoding="utf-8")
    current = tmp_path / "current"
    current.symlink_to(first)
    with LiveServer(create_app(config, current)) as server:
        assert httpx.get(server.url + "/notes.txt").text == "release one\n"
        (tmp_path / "current.new").symlink_to(second)
        os.replace(tmp_path / "current.new", current)  # atomic
        response = httpx.get(server.url + "/notes.txt")
    assert response.status_code == 200
    assert response.text == "release two\n"


def test_a_published_folder_created_later_as_a_symlink_is_served(tmp_path: Path) -> None:
    """serve started before the folder exists (a first deployment pending), which
    then appears as a symlink to a release."""
    config = make_config(tmp_path)
    collect(config, ARTICLES[:2])
    (config.storage.output / "notes.txt").write_text("hello\n", encoding="utf-8")
    current = tmp_path / "current"
    with LiveServer(create_app(config, current)) as server:
        current.symlink_to(config.storage.output)
        response = httpx.get(server.url + "/notes.txt")
    assert response.status_code == 200


def test_the_tags_of_a_release_replaced_are_forgotten(tmp_path: Path) -> None:
    # Remembered by resolved path, every release's files piled up for the server's life.
    link = tmp_path / "out"
    files = serve_module.PublishedFiles(link)
    for n in range(5):
        release = tmp_path / "releases" / f"r{n}"
        release.mkdir(parents=True)
        for i in range(4):
            (release / f"{i}.html").write_text(f"<p>{n}-{i}</p>", encoding="utf-8")
        (tmp_path / "out.new").symlink_to(release)
        os.replace(tmp_path / "out.new", link)
        for i in range(4):
            path = files.resolve(f"{i}.html")
            assert path is not None
            shown = files.representation(path)
            assert shown is not None and shown.body == f"<p>{n}-{i}</p>".encode()
    assert len(files._etags) == 4


def test_an_empty_published_folder_is_named_as_nothing_published(tmp_path: Path) -> None:
    # A folder made but never published into (or the wrong one) answers 404 for all.
    config_path = tmp_path / "syndicate.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:8719"), encoding="utf-8")
    (tmp_path / "public").mkdir()
    note = f"{tmp_path / 'public'}: nothing published there yet: every file answers 404 until then"
    assert note in serve_in_a_process(config_path).splitlines()
    (tmp_path / "public" / "index.html").write_text("<!doctype html><title>x</title>\n")
    assert note not in serve_in_a_process(config_path).splitlines()
