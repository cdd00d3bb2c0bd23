"""The lxml fast path against feedparser: equal items on every feed fixture, or a decline."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

from syndicate.demo.site import build_site
from syndicate.sources import feed as feed_module
from syndicate.sources.feed import parse_feed, parse_with_feedparser
from syndicate.sources.feed_fast import parse_simple_rss

TESTS = Path(__file__).resolve().parent.parent
HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def _fixture_feeds() -> list[tuple[str, bytes, str]]:
    """(name, body, content type) of every feed the other tests use."""
    feeds: list[tuple[str, bytes, str]] = []
    source = (TESTS / "sources" / "test_feed.py").read_text(encoding="utf-8")
    for index, text in enumerate(re.findall(r'"""(<\?xml.*?)"""', source, re.S)):
        feeds.append((f"test_feed-{index}", text.encode("utf-8"), HEADERS["content-type"]))
    site = build_site("http://127.0.0.1:8800", today=date(2024, 5, 20))
    for path, page in site.items():
        if page.body.lstrip().startswith(b"<?xml") or "xml" in page.content_type:
            feeds.append((f"demo{path}", page.body, page.content_type))
    sys.path.insert(0, str(TESTS.parent / "scripts"))
    try:
        from benchsite import Province, district_host
    finally:
        sys.path.pop(0)
    province = Province(3, 3, 20)
    for source_id, district, feed_path in province.sources:
        body = province.pages[(district_host(int(district[1:])), feed_path)][0]
        feeds.append((f"bench-{source_id}", body, HEADERS["content-type"]))
    return feeds


FEEDS = _fixture_feeds()


@pytest.mark.parametrize(("name", "body", "content_type"), FEEDS, ids=[f[0] for f in FEEDS])
def test_fast_path_equals_feedparser_or_declines(name: str, body: bytes, content_type: str) -> None:
    headers = {"content-type": content_type}
    url = "http://127.0.0.1:8800/rss.xml"
    reference = parse_with_feedparser(body, url=url, headers=headers)
    if parse_simple_rss(body, url=url, headers=headers, zoned=feed_module._ZONED) is None:
        return
    assert parse_feed(body, url=url, headers=headers) == reference


def test_fast_path_takes_the_plain_feeds() -> None:
    taken = [
        name
        for name, body, content_type in FEEDS
        if parse_simple_rss(
            body, url="http://x/", headers={"content-type": content_type}, zoned=feed_module._ZONED
        )
        is not None
    ]
    assert any(name.startswith("bench-") for name in taken)
    assert any(name.startswith("test_feed-") for name in taken)


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0" encoding="windows-1258"?><rss version="2.0"><channel/></rss>',
        b'<rss version="0.91"><channel><item><title>A</title><link>http://a/</link></item>'
        b"</channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>',
        b'<rss version="2.0"><channel><item><title>A</title><guid>http://a/</guid></item>'
        b"</channel></rss>",
        b'<rss version="2.0"><channel><item><title>A &amp; B</title><link>http://a/</link>'
        b"</item></channel></rss>",
        b'<rss version="2.0" xml:base="http://b/"><channel><item><link>a</link></item>'
        b"</channel></rss>",
        b'<rss version="2.0"><channel><item><link>http://a/</link>',
        b'<!DOCTYPE rss [<!ENTITY e "x">]><rss version="2.0"><channel/></rss>',
        b'<rss version="2.0"><channel><item><title>A</title><link>http://a/</link>'
        b"<pubDate>Mon, 02 Sep 0024 08:30:00 +0700</pubDate></item></channel></rss>",
        # No space after the day's comma: feedparser keeps this date as text.
        b'<rss version="2.0"><channel><item><title>A</title><link>http://a/</link>'
        b"<pubDate>Mon,02 Sep 2024 08:30:00 +0700</pubDate></item></channel></rss>",
    ],
)
def test_fast_path_declines(body: bytes) -> None:
    assert (
        parse_simple_rss(body, url="http://x/", headers=HEADERS, zoned=feed_module._ZONED) is None
    )


def _one_item(title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
        f"<title>{title}</title><link>http://a.vn/tin/1</link>"
        "<description>Nội dung</description></item></channel></rss>"
    ).encode()


def test_a_title_of_latin_1_letters_only_is_read_by_the_fast_path() -> None:
    # Every letter of it is in Latin-1, yet its Latin-1 bytes are no UTF-8: feedparser
    # leaves it as it is, and so may the fast path.
    body = _one_item("Giao dân biên thôn làng")
    assert parse_simple_rss(body, url="http://x/", headers=HEADERS, zoned=feed_module._ZONED)
    parsed = parse_feed(body, url="http://x/", headers=HEADERS)
    assert parsed == parse_with_feedparser(body, url="http://x/", headers=HEADERS)
    assert parsed.items[0].title == "Giao dân biên thôn làng"


def test_a_title_that_feedparser_would_repair_goes_to_feedparser() -> None:
    # "Thôn Café" written as UTF-8 and read as Latin-1 before it was put in the feed.
    body = _one_item("ThÃ´n CafÃ©")
    assert (
        parse_simple_rss(body, url="http://x/", headers=HEADERS, zoned=feed_module._ZONED) is None
    )
    assert parse_feed(body, url="http://x/", headers=HEADERS).items[0].title == "Thôn Café"
