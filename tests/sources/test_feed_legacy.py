"""Feeds typed in the TCVN3 (ABC) or VNI font encodings come out in Unicode, through the
lxml fast path and through feedparser alike, judged once for the whole document."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest

from syndicate.sources import feed as feed_module
from syndicate.sources.feed import ParsedFeed, parse_feed, parse_with_feedparser
from syndicate.sources.feed_fast import parse_simple_rss
from syndicate.text import encodings
from syndicate.text.encodings import decode_cp1252, unicode_to_tcvn3, unicode_to_vni

URL = "https://dakglei.kontum.gov.vn/rss"
ENCODERS: dict[str, Callable[[str], bytes]] = {"tcvn3": unicode_to_tcvn3, "vni": unicode_to_vni}

# Typographic quotes and dashes are windows-1252 characters outside Latin-1: text that has
# them is the legacy text the fast path takes (Latin-1-only text goes to feedparser).
# TCVN3 has no capitals with tones, so none are used here.
FEED_TITLE = "Tin tức – huyện Đăk Glei"
FIRST = {
    "title": "Huyện phát động “Tết trồng cây” đầu xuân",
    "summary": "Sáng nay, cán bộ và nhân dân các xã cùng trồng hơn hai nghìn cây “keo lai”.",
    "content": "<p>Buổi lễ có đoàn viên thanh niên, bộ đội và học sinh trường nội trú…</p>",
    "author": "Minh Thư – phóng viên",
    "category": "Nông nghiệp – nông thôn",
}
SECOND = {
    "title": "Giao ban công tác dân vận “quý một”",
    "summary": "Các đoàn thể báo cáo kết quả vận động nhân dân góp đất làm đường…",
    "content": "<p>Ban dân vận đề nghị các xã tiếp tục phát huy “dân vận khéo”.</p>",
    "author": "Thanh Bình – cộng tác viên",
    "category": "Dân vận – đoàn thể",
}

RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>{feed_title}</title>
  <link>https://dakglei.kontum.gov.vn/</link>
  {items}
</channel>
</rss>
"""
RSS_ITEM = """<item>
    <title>{title}</title>
    <link>https://dakglei.kontum.gov.vn/tin-tuc/{slug}.html</link>
    <guid isPermaLink="false">{slug}</guid>
    <pubDate>Mon, 03 Mar 2025 07:30:00 +0700</pubDate>
    <description>{summary}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <dc:creator>{author}</dc:creator>
    <category>{category}</category>
  </item>"""

ATOM = """<?xml version="1.0" encoding="{encoding}"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{feed_title}</title>
  <id>urn:dakglei:tin</id>
  <updated>2025-03-03T07:30:00+07:00</updated>
  {items}
</feed>
"""
ATOM_ENTRY = """<entry>
    <title>{title}</title>
    <link href="https://dakglei.kontum.gov.vn/tin-tuc/{slug}.html"/>
    <id>urn:dakglei:{slug}</id>
    <updated>2025-03-03T07:30:00+07:00</updated>
    <author><name>{author}</name></author>
    <category term="{category}"/>
    <summary>{summary}</summary>
    <content type="html"><![CDATA[{content}]]></content>
  </entry>"""


def _document(template: str, item: str, encoding: str, texts: list[dict[str, str]]) -> str:
    items = "\n  ".join(item.format(slug=f"tin-{i}", **t) for i, t in enumerate(texts))
    return template.format(encoding=encoding, feed_title=FEED_TITLE, items=items)


def _legacy_feed(template: str, item: str, legacy: str, declared: str) -> bytes:
    """The feed typed in `legacy`, one byte a letter, declared `declared`."""
    return ENCODERS[legacy](_document(template, item, declared, [FIRST, SECOND]))


def _legacy_feed_in_utf8(template: str, item: str, legacy: str) -> bytes:
    """The feed typed in `legacy` and stored as the letters its font shows (the
    windows-1252 reading of its bytes) in UTF-8, as a CMS would keep it in a database."""
    raw = _legacy_feed(template, item, legacy, "windows-1252")
    return decode_cp1252(raw).replace("windows-1252", "utf-8").encode("utf-8")


def _assert_in_unicode(feed: ParsedFeed) -> None:
    assert feed.title == FEED_TITLE
    for item, texts in zip(feed.items, (FIRST, SECOND), strict=True):
        assert item.title == texts["title"]
        assert item.summary_html == texts["summary"]
        assert item.content_html == texts["content"]
        assert item.author == texts["author"]
        assert item.category == texts["category"]
    assert feed.problem is None


def _takes_fast_path(body: bytes, headers: dict[str, str]) -> bool:
    fast = parse_simple_rss(body, url=URL, headers=headers, zoned=feed_module._ZONED)
    return fast is not None


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_a_legacy_rss_feed_held_as_utf8_is_converted_on_the_fast_path(legacy: str) -> None:
    body = _legacy_feed_in_utf8(RSS, RSS_ITEM, legacy)
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    assert _takes_fast_path(body, headers)
    feed = parse_feed(body, url=URL, headers=headers)
    _assert_in_unicode(feed)
    assert feed == parse_with_feedparser(body, url=URL, headers=headers)


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
@pytest.mark.parametrize(
    ("declared", "content_type"),
    [
        ("windows-1252", "application/rss+xml; charset=windows-1252"),
        ("iso-8859-1", "text/xml; charset=iso-8859-1"),
        ("windows-1252", "application/rss+xml"),
        # Single-byte legacy text under a UTF-8 label: a guess at it would say cp1258.
        ("utf-8", "application/rss+xml; charset=utf-8"),
        ("utf-8", ""),
    ],
)
def test_a_legacy_rss_feed_in_single_bytes_is_converted_through_feedparser(
    legacy: str, declared: str, content_type: str
) -> None:
    body = _legacy_feed(RSS, RSS_ITEM, legacy, declared)
    headers = {"content-type": content_type} if content_type else {}
    assert not _takes_fast_path(body, headers)
    _assert_in_unicode(parse_feed(body, url=URL, headers=headers))


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
@pytest.mark.parametrize("in_utf8", [True, False])
def test_a_legacy_atom_feed_is_converted(legacy: str, in_utf8: bool) -> None:
    if in_utf8:
        body = _legacy_feed_in_utf8(ATOM, ATOM_ENTRY, legacy)
    else:
        body = _legacy_feed(ATOM, ATOM_ENTRY, legacy, "windows-1252")
    feed = parse_feed(body, url=URL, headers={"content-type": "application/atom+xml"})
    _assert_in_unicode(feed)


def test_the_feeds_own_author_and_a_zoneless_date_are_converted_too() -> None:
    document = _document(ATOM, ATOM_ENTRY, "windows-1252", [FIRST, SECOND])
    document = document.replace(
        "<id>urn:dakglei:tin</id>", "<author><name>Cổng thông tin huyện</name></author>", 1
    ).replace(
        "<id>urn:dakglei:tin-0</id>",
        "<id>urn:dakglei:tin-0</id><published>Thứ hai, 03/03/2025 07:30</published>",
    )
    feed = parse_feed(unicode_to_vni(document), url=URL, headers={})
    assert [item.feed_author for item in feed.items] == ["Cổng thông tin huyện"] * 2
    assert feed.items[0].published == "Thứ hai, 03/03/2025 07:30"


def test_tcvn3_capitals_fonts_in_feed_html_are_upper_cased() -> None:
    first = FIRST | {
        "content": '<p style="font-family:.VnTimeH">đăk glei</p><p>xã “mường hoong”</p>'
    }
    body = unicode_to_tcvn3(_document(RSS, RSS_ITEM, "windows-1252", [first, SECOND]))
    feed = parse_feed(body, url=URL, headers={})
    assert feed.items[0].content_html == (
        '<p style="font-family:.VnTimeH">ĐĂK GLEI</p><p>xã “mường hoong”</p>'
    )


def _as_references(text: str) -> str:
    """Text typed in Unicode inside a legacy feed: a CMS writes it as character references."""
    return "".join(ch if ch.isascii() else f"&#{ord(ch)};" for ch in text)


def test_one_item_typed_in_unicode_does_not_keep_a_legacy_feed_from_conversion() -> None:
    odd = {key: _as_references(value) for key, value in SECOND.items()}
    body = unicode_to_tcvn3(_document(RSS, RSS_ITEM, "windows-1252", [FIRST, odd]))
    first, second = parse_feed(body, url=URL, headers={}).items
    assert (first.title, first.content_html) == (FIRST["title"], FIRST["content"])
    assert (second.title, second.author) == (SECOND["title"], SECOND["author"])
    # CDATA keeps the references as written: HTML that says the same.
    assert html.unescape(second.content_html or "") == SECOND["content"]


def test_texts_too_short_to_tell_a_font_by_are_judged_as_one_feed() -> None:
    texts = [{key: "bé ngoan" for key in FIRST}, {key: "học giỏi" for key in FIRST}]
    body = unicode_to_tcvn3(_document(RSS, RSS_ITEM, "windows-1252", texts))
    assert encodings.detect_legacy(decode_cp1252(unicode_to_tcvn3("học giỏi"))) is None
    feed = parse_feed(body, url=URL, headers={})
    assert [item.title for item in feed.items] == ["bé ngoan", "học giỏi"]


UNICODE_TEXTS = [
    FIRST,
    SECOND | {"author": "Hà Vi", "category": "Thông tin"},  # Latin-1 letters only
    {key: "Weekly report" for key in FIRST},
]


@pytest.mark.parametrize("fast", [True, False])
def test_an_ordinary_unicode_feed_is_untouched_and_costs_no_judging(
    monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    body = _document(RSS, RSS_ITEM, "utf-8", UNICODE_TEXTS[::2]).encode()
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    assert _takes_fast_path(body, headers)
    reference = parse_with_feedparser(body, url=URL, headers=headers)

    def no_judging(text: str) -> object:
        raise AssertionError(f"judged {text!r}")

    monkeypatch.setattr(encodings, "_judge", no_judging)
    parse = parse_feed if fast else parse_with_feedparser
    assert parse(body, url=URL, headers=headers) == reference
    assert reference.items[0].title == FIRST["title"]


def test_unicode_text_with_latin1_letters_only_is_not_taken_for_a_font() -> None:
    body = _document(RSS, RSS_ITEM, "utf-8", UNICODE_TEXTS).encode()
    feed = parse_feed(body, url=URL, headers={"content-type": "application/rss+xml"})
    assert [(item.author, item.category) for item in feed.items] == [
        (t["author"], t["category"]) for t in UNICODE_TEXTS
    ]
    assert feed.title == FEED_TITLE
