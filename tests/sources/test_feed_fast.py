"""The lxml fast path against feedparser: equal items on every feed fixture, or a decline."""

from __future__ import annotations

import html
import re
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # An item's own attributes: feedparser reads rdf:about as its guid, lastmod as its
        # date. Items wrapped in another element: feedparser still finds them.
        b'<rss version="2.0" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<channel><item rdf:about="http://a/1"><title>A</title></item></channel></rss>',
        b'<rss version="2.0"><channel><item lastmod="2024-09-02T08:30:00+07:00"><title>A</title>'
        b"<link>http://a/</link></item></channel></rss>",
        b'<rss version="2.0"><channel><items><item><title>A</title><link>http://a/</link>'
        b"</item></items></channel></rss>",
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


# Pieces portals put in feeds: Vietnamese, NBSP and soft hyphens, markup, references,
# ampersands, mojibake, a combining mark, C1 and astral characters.
_PIECES = st.sampled_from(
    [
        "Hội nghị",
        "Đăk Tô",
        " ",
        "\xa0",
        "\u00ad",
        "\u200b",
        "&",
        "<b>x</b>",
        "“x”",
        "Café",
        "ThÃ´n",
        "\n\t",
        "1",
        "\u0301",
        ">",
        "'",
        '"',
        "\x85",
        "&nbsp;",
        "&amp;",
        "\U0001f600",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=6).map("".join)
_DATES = st.sampled_from(
    [
        "Mon, 02 Sep 2024 08:30:00 +0700",
        "02 Sep 2024 08:30:00 GMT",
        "Mon, 02 Sep 2024 08:30:00",
        "Thứ Hai, 02/09/2024 08:30",
        "2024-09-02T08:30:00+07:00",
        "Mon, 2 Sep 2024 8:30:00 +0700",
        "Mon, 02 Sep 2024 08:30:00 ICT",
        "Sun, 31 Feb 2024 08:30:00 +0700",
        "2 giờ trước",
        "",
    ]
)
_LINKS = st.sampled_from(
    [
        "https://x.vn/tin/1.html",
        "/tin/2.html",
        " https://x.vn/3 ",
        "https://x.vn/?a=1&amp;b=2",
        "https://x.vn/?a=1&amp;amp;b=2",
        "",
        "HTTPS://X.VN/4",
        "https://x.vn/tin tức",
    ]
)
_GUIDS = st.sampled_from(["g-1", "https://x.vn/g", "/tin/g", " x "])


def _element(tag: str, text: str, cdata: bool) -> str:
    if cdata:
        return f"<{tag}><![CDATA[{text}]]></{tag}>"
    return f"<{tag}>{html.escape(text, quote=False)}</{tag}>"


@st.composite
def _rss_items(draw: st.DrawFn) -> str:
    parts = [f"<link>{draw(_LINKS)}</link>"]
    for tag in ("title", "description", "content:encoded", "dc:creator"):
        if draw(st.booleans()):
            parts.append(_element(tag, draw(_TEXTS), draw(st.booleans())))
    if draw(st.booleans()):
        parts.append(f"<pubDate>{draw(_DATES)}</pubDate>")
    if draw(st.booleans()):
        permalink = draw(st.sampled_from(["", ' isPermaLink="true"', ' isPermaLink="false"']))
        parts.append(f"<guid{permalink}>{draw(_GUIDS)}</guid>")
    parts += [_element("category", draw(_TEXTS), False) for _ in range(draw(st.integers(0, 2)))]
    return "<item>" + "".join(draw(st.permutations(parts))) + "</item>"


@settings(max_examples=300, deadline=None)
@given(title=_TEXTS, items=st.lists(_rss_items(), max_size=3))
def test_fast_path_equals_feedparser_on_generated_feeds(title: str, items: list[str]) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"{_element('title', title, False)}<link>https://x.vn/</link>{''.join(items)}"
        "</channel></rss>"
    ).encode()
    url = "https://x.vn/rss"
    if parse_simple_rss(body, url=url, headers=HEADERS, zoned=feed_module._ZONED) is None:
        return
    assert parse_feed(body, url=url, headers=HEADERS) == parse_with_feedparser(
        body, url=url, headers=HEADERS
    )


def test_a_date_in_the_unknown_zone_is_utc_whatever_the_servers_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # RFC 2822's "-0000" is UTC, its source unknown; read in the server's local zone,
    # a server on Vietnam's clock dated the article 7 hours early.
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        body = (
            b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
            b"<link>http://a/</link><pubDate>Mon, 02 Sep 2024 08:30:00 -0000</pubDate>"
            b"</item></channel></rss>"
        )
        parsed = parse_simple_rss(body, url="http://x/", headers=HEADERS, zoned=feed_module._ZONED)
        assert parsed is not None
        (item,) = parse_feed(body, url="http://x/", headers=HEADERS).items
        assert item.published == datetime(2024, 9, 2, 8, 30, tzinfo=UTC)
        assert item == parse_with_feedparser(body, url="http://x/", headers=HEADERS).items[0]
    finally:
        monkeypatch.undo()
        time.tzset()
