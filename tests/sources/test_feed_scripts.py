"""Feeds as portals' scripts break them: a guid that is no address, HTML escaped twice,
a PHP notice before the declaration, a mistyped entity name with no DTD to define it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from syndicate.config import parse_config
from syndicate.model import Article
from syndicate.normalize import normalize
from syndicate.sources.feed import parse_feed, parse_with_feedparser

HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}
CONFIG = parse_config(
    {
        "province": {"name": "Kon Tum", "slug": "kon-tum", "base_url": "https://tin.example.vn/"},
        "categories": [{"slug": "kinh-te", "title": "Kinh tế"}],
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô", "code": 612}],
        "sources": [
            {
                "id": "dak-to",
                "district": "dak-to",
                "kind": "feed",
                "url": "https://dakto.kontum.gov.vn/rss",
                "title": "Tin",
            }
        ],
    },
    Path("test.toml"),
)
NOW = datetime(2024, 12, 10, 3, 0, tzinfo=UTC)
ONE_ITEM = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
    "<item><title>Hội nghị</title><link>https://x.vn/a.html</link>"
    "<description>Nội dung</description></item></channel></rss>"
)


def test_a_guid_that_is_no_address_gives_no_made_up_url() -> None:
    # feedparser copies a permalink guid into the link: "12345" became a page under
    # the feed's address that does not exist.
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Một</title><guid>12345</guid><description>x</description></item>"
        "<item><title>Hai</title><guid>f3a9c2e0-1b2c-4d5e-8f9a-0b1c2d3e4f5a</guid></item>"
        "<item><title>Ba</title><link>https://x.vn/tin/ba-3.html</link><guid>999</guid></item>"
        "<item><title>Bốn</title><guid>https://x.vn/tin/bon-4.html</guid></item>"
        "</channel></rss>"
    )
    feed = parse_feed(body.encode(), url="https://x.vn/rss/tin.rss", headers=HEADERS)
    assert [item.url for item in feed.items] == [
        "https://x.vn/tin/ba-3.html",
        "https://x.vn/tin/bon-4.html",  # a guid that is an address still serves
    ]


def test_a_guid_that_is_no_address_gives_no_url_beside_an_enclosure() -> None:
    # An enclosure (the item's photo) is one of feedparser's links too.
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Một</title><guid>12345</guid><description>x</description>"
        '<enclosure url="https://x.vn/anh/1.jpg" type="image/jpeg" length="1"/></item>'
        "<item><title>Hai</title><link>https://x.vn/tin/hai-2.html</link><guid>2</guid></item>"
        "</channel></rss>"
    ).encode()
    for parse in (parse_feed, parse_with_feedparser):
        feed = parse(body, url="https://x.vn/rss/tin.rss", headers=HEADERS)
        assert [item.url for item in feed.items] == ["https://x.vn/tin/hai-2.html"]


def test_an_atom_text_construct_stays_text() -> None:
    # type="text": its "<" are characters, escaped by us once, never HTML escaped twice.
    body = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>T</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>"
        '<entry><title>A</title><id>urn:1</id><link href="https://x.vn/a.html"/>'
        "<updated>2024-01-01T00:00:00Z</updated>"
        '<summary type="text">Mẹo: gõ &lt;br&gt; để xuống dòng</summary>'
        '<content type="text">Nếu a&lt;b thì dùng thẻ &lt;a href&gt;.</content></entry></feed>'
    ).encode()
    (item,) = parse_feed(body, url="https://x.vn/atom", headers=HEADERS).items
    assert item.summary_html == "Mẹo: gõ &lt;br&gt; để xuống dòng"
    assert item.content_html == "Nếu a&lt;b thì dùng thẻ &lt;a href&gt;."


def _article(item_xml: str) -> Article:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item>{item_xml}<link>https://dakto.kontum.gov.vn/a.html</link></item></channel></rss>"
    )
    feed = parse_feed(body.encode(), url="https://dakto.kontum.gov.vn/rss", headers=HEADERS)
    (item,) = feed.items
    return normalize(item, CONFIG.sources[0], CONFIG, now=NOW)


def test_escaped_html_inside_cdata_is_read_as_html() -> None:
    article = _article(
        "<title>Tin A</title><description><![CDATA[&lt;p&gt;Đoạn một.&lt;/p&gt;"
        "&lt;p&gt;&lt;img src=&quot;/anh/1.jpg&quot;&gt;&lt;/p&gt;]]></description>"
    )
    assert article.summary == "Đoạn một."
    assert "&lt;" not in article.content_html
    assert article.image_url == "https://dakto.kontum.gov.vn/anh/1.jpg"


def test_html_escaped_twice_is_read_as_html() -> None:
    article = _article(
        "<title>&amp;lt;b&amp;gt;Tin&amp;lt;/b&amp;gt; A</title>"
        "<description>&amp;lt;p&amp;gt;Đoạn một.&amp;lt;/p&amp;gt;</description>"
    )
    assert (article.title, article.summary) == ("Tin A", "Đoạn một.")


def test_an_entity_escaped_twice_is_the_character() -> None:
    article = _article(
        "<title><![CDATA[Lễ hội &amp;quot;Cồng chiêng&amp;quot;]]></title>"
        "<description><![CDATA[<p>Đêm &amp;quot;Sắc màu&amp;quot; mở màn.</p>]]></description>"
    )
    assert article.title == 'Lễ hội "Cồng chiêng"'
    assert article.summary == 'Đêm "Sắc màu" mở màn.'


def test_any_named_reference_escaped_twice_is_the_character() -> None:
    # Vietnamese CMSs write quotes and ellipses as &ldquo; &rdquo; &hellip; &ndash;.
    article = _article(
        "<title>Tin</title><description><![CDATA[<p>Ông A nói &amp;ldquo;xin chào&amp;rdquo;"
        " với mọi người &amp;hellip; &amp;ndash; &amp;notaname; &amp;#8230;</p>]]></description>"
    )
    assert article.summary == "Ông A nói “xin chào” với mọi người … – &notaname; …"


def test_text_that_shows_markup_on_purpose_keeps_it() -> None:
    # Real tags beside it: the text is what the writer escaped once, and stays so.
    article = _article(
        "<title>Tin</title><description><![CDATA[<p>Gõ &lt;br&gt; để xuống dòng</p>]]></description>"
    )
    assert article.summary == "Gõ <br> để xuống dòng"


@pytest.mark.parametrize(
    "notice",
    [
        "<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by "
        "(output started at /var/www/rss.php:2) in <b>/var/www/rss.php</b> on line <b>5</b><br />\n",
        "\nDeprecated: mysql_connect(): The mysql extension is deprecated in "
        "/var/www/includes/db.php on line 5\n",
    ],
)
def test_a_php_notice_before_the_declaration_does_not_break_a_complete_feed(notice: str) -> None:
    for body in (ONE_ITEM, ONE_ITEM.split("?>", 1)[1]):  # with and without a declaration
        feed = parse_feed((notice + body).encode(), url="https://x.vn/rss", headers=HEADERS)
        assert [item.title for item in feed.items] == ["Hội nghị"]
        assert feed.problem is None


def test_an_unknown_entity_name_without_a_doctype_reads_as_written() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Hội nghị&amp;nbps;tổng kết</title><link>https://x.vn/a.html</link></item>"
        "<item><title>B</title><link>https://x.vn/b.html</link>"
        "<description>x &NBSP; y</description></item></channel></rss>"
    ).replace("&amp;nbps;", "&nbps;")
    feed = parse_feed(body.encode(), url="https://x.vn/rss", headers=HEADERS)
    assert feed.problem is None
    assert [item.url for item in feed.items] == ["https://x.vn/a.html", "https://x.vn/b.html"]
    assert feed.items[0].title == "Hội nghị&nbps;tổng kết"


@pytest.mark.parametrize("parse", [parse_feed, parse_with_feedparser])
@pytest.mark.parametrize(
    "updated", ["Tue, 03 Sep 2024 08:30:00 +07", "Tue, 03 Sep 2024 08:30:00 SE Asia Standard Time"]
)
def test_an_update_time_in_either_zone_spelling_is_kept(parse: Any, updated: str) -> None:
    # Read as a zone, but left as text by the check that a date has one: an update time
    # that is text was dropped.
    body = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        "<channel><title>T</title><item><title>A</title><link>http://x.vn/a</link>"
        "<pubDate>Mon, 02 Sep 2024 08:30:00 +0700</pubDate>"
        f"<atom:updated>{updated}</atom:updated></item></channel></rss>"
    ).encode()
    (item,) = parse(body, url="http://x.vn/rss", headers={}).items
    assert item.updated == datetime(2024, 9, 3, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("parse", [parse_feed, parse_with_feedparser])
@pytest.mark.parametrize(
    ("written", "published"),
    [
        # day first and dashed, as portals print it, an offset in hours after: read in
        # that zone (feedparser took it for 20 September 2002 at midnight)
        ("02-09-2024 08:30 +07", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("02-09-2024 08:30 \u221205", datetime(2024, 9, 2, 13, 30, tzinfo=UTC)),  # a minus sign
        # no offset at the end: text, read later in the province's zone
        ("2024-09-02 08:30 +07 (giờ VN)", "2024-09-02 08:30 +07 (giờ VN)"),
        ("08:30 -02-09-2024", "08:30 -02-09-2024"),
    ],
)
def test_a_date_with_an_offset_in_hours(parse: Any, written: str, published: object) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><link>http://x.vn/a</link>"
        f"<pubDate>{written}</pubDate></item></channel></rss>"
    ).encode()
    (item,) = parse(body, url="http://x.vn/rss", headers={}).items
    assert item.published == published
