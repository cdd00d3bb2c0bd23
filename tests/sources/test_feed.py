"""RSS and Atom documents → RawItem records, and everything that is not a feed."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicate.errors import ParseError
from syndicate.model import RawItem
from syndicate.sources.feed import ParsedFeed, parse_feed, parse_with_feedparser

FEED_URL = "https://ngochoi.kontum.gov.vn/index.php?language=vi&nv=news&op=rss"
RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Tin tức - Huyện Ngọc Hồi</title>
  <link>https://ngochoi.kontum.gov.vn/news/</link>
  <description>Tin hoạt động của huyện</description>
  <item>
    <title>Ngọc Hồi khai giảng lớp bồi dưỡng tiếng Xơ Đăng</title>
    <link>/news/tin-tuc/ngoc-hoi-khai-giang-lop-boi-duong-tieng-xo-dang-1201.html</link>
    <guid isPermaLink="false">tin-1201</guid>
    <description><![CDATA[<p>Ba mươi cán bộ, công chức cấp xã tham gia lớp học.</p><img src="/uploads/news/2024_09/lop-hoc.jpg"/><script>theoDoi()</script>]]></description>
    <pubDate>Mon, 02 Sep 2024 08:30:00 +0700</pubDate>
    <dc:creator>Quốc Toàn</dc:creator>
    <category>Giáo dục</category>
    <category>Dân tộc</category>
    <enclosure url="/uploads/news/2024_09/lop-hoc.jpg" type="image/jpeg" length="48213"/>
  </item>
  <item>
    <title>Hội nghị giao ban công tác dân vận quý III</title>
    <link>https://ngochoi.kontum.gov.vn/news/tin-tuc/giao-ban-dan-van-quy-iii-1199.html</link>
    <description>Các khối đánh giá kết quả phong trào dân vận khéo.</description>
    <content:encoded><![CDATA[<p>Sáng 30/8, Ban Dân vận Huyện ủy tổ chức hội nghị giao ban.</p>]]></content:encoded>
    <pubDate>2024-08-30 09:00:00</pubDate>
    <media:thumbnail url="https://ngochoi.kontum.gov.vn/uploads/news/2024_08/giao-ban.jpg"/>
  </item>
  <item>
    <title>Ra quân tổng vệ sinh môi trường</title>
    <link>https://ngochoi.kontum.gov.vn/news/tin-tuc/ra-quan-tong-ve-sinh-1195.html</link>
    <description>Đoàn viên thanh niên dọn rác tại các khu dân cư.</description>
    <pubDate>Thứ hai, 26/08/2024 07:15</pubDate>
    <media:content url="https://ngochoi.kontum.gov.vn/uploads/news/2024_08/ve-sinh.jpg" medium="image"/>
  </item>
  <item>
    <title>Thông báo không có đường dẫn</title>
    <description>Mục này không có link nên bị bỏ qua.</description>
  </item>
  <item>
    <title>Lịch tiếp công dân tháng 9</title>
    <link>https://ngochoi.kontum.gov.vn/news/thong-bao/lich-tiep-cong-dan-thang-9-1190.html</link>
    <pubDate>Fri, 23 Aug 2024 10:00:00 GMT</pubDate>
    <enclosure url="https://ngochoi.kontum.gov.vn/uploads/lich-tiep.pdf" type="application/pdf" length="1024"/>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://kontumcity.kontum.gov.vn/tin-tuc/">
  <title>Tin tức - Thành phố Kon Tum</title>
  <link rel="alternate" href="https://kontumcity.kontum.gov.vn/"/>
  <id>urn:uuid:0e0b7a2c-5d43-4a5e-9d0f-6c1f3b8f1a11</id>
  <updated>2024-09-02T08:30:00+07:00</updated>
  <entry>
    <title type="html">Khánh thành cầu treo &lt;b&gt;Kon Klor&lt;/b&gt; mới</title>
    <link rel="alternate" href="cau-treo-kon-klor-7101.html"/>
    <id>urn:kontumcity:tin:7101</id>
    <published>2024-09-01T01:00:00Z</published>
    <updated>2024-09-02T08:30:00+07:00</updated>
    <author><name>Văn phòng HĐND-UBND thành phố</name></author>
    <category term="Giao thông"/>
    <summary type="text">Cầu dài 290 m &amp; rộng 3 m.</summary>
    <content type="html">&lt;p&gt;Cây cầu nối hai bờ sông Đăk Bla.&lt;/p&gt;&lt;img src="anh/cau.jpg"&gt;</content>
  </entry>
  <entry>
    <title>Lễ hội cồng chiêng</title>
    <link href="https://kontumcity.kontum.gov.vn/tin-tuc/le-hoi-cong-chieng-7099.html"/>
    <id>urn:kontumcity:tin:7099</id>
    <updated>2024-08-31T20:00:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hai mươi đội cồng chiêng tham gia.</p></div></content>
  </entry>
</feed>
"""


def test_rss_items_exact() -> None:
    feed = parse_feed(RSS.encode(), url=FEED_URL, headers=RSS_HEADERS)
    assert feed.title == "Tin tức - Huyện Ngọc Hồi"
    assert feed.link == "https://ngochoi.kontum.gov.vn/news/"
    assert feed.problem is None
    assert feed.items == (
        RawItem(
            url="/news/tin-tuc/ngoc-hoi-khai-giang-lop-boi-duong-tieng-xo-dang-1201.html",
            title="Ngọc Hồi khai giảng lớp bồi dưỡng tiếng Xơ Đăng",
            published=datetime(2024, 9, 2, 1, 30, tzinfo=UTC),
            content_html=(
                "<p>Ba mươi cán bộ, công chức cấp xã tham gia lớp học.</p>"
                '<img src="/uploads/news/2024_09/lop-hoc.jpg"/><script>theoDoi()</script>'
            ),
            author="Quốc Toàn",
            category="Giáo dục",
            image_url="/uploads/news/2024_09/lop-hoc.jpg",
            guid="tin-1201",
            base_url=FEED_URL,
        ),
        RawItem(
            url="https://ngochoi.kontum.gov.vn/news/tin-tuc/giao-ban-dan-van-quy-iii-1199.html",
            title="Hội nghị giao ban công tác dân vận quý III",
            published="2024-08-30 09:00:00",
            summary_html="Các khối đánh giá kết quả phong trào dân vận khéo.",
            content_html="<p>Sáng 30/8, Ban Dân vận Huyện ủy tổ chức hội nghị giao ban.</p>",
            image_url="https://ngochoi.kontum.gov.vn/uploads/news/2024_08/giao-ban.jpg",
            base_url=FEED_URL,
        ),
        RawItem(
            url="https://ngochoi.kontum.gov.vn/news/tin-tuc/ra-quan-tong-ve-sinh-1195.html",
            title="Ra quân tổng vệ sinh môi trường",
            published="Thứ hai, 26/08/2024 07:15",
            content_html="Đoàn viên thanh niên dọn rác tại các khu dân cư.",
            image_url="https://ngochoi.kontum.gov.vn/uploads/news/2024_08/ve-sinh.jpg",
            base_url=FEED_URL,
        ),
        RawItem(
            url="https://ngochoi.kontum.gov.vn/news/thong-bao/lich-tiep-cong-dan-thang-9-1190.html",
            title="Lịch tiếp công dân tháng 9",
            published=datetime(2024, 8, 23, 10, 0, tzinfo=UTC),
            base_url=FEED_URL,
        ),
    )


def test_atom_entries_exact() -> None:
    headers = {"content-type": "application/atom+xml"}
    feed = parse_feed(
        ATOM.encode(), url="https://kontumcity.kontum.gov.vn/atom.xml", headers=headers
    )
    assert feed.title == "Tin tức - Thành phố Kon Tum"
    first, second = feed.items
    assert first == RawItem(
        url="https://kontumcity.kontum.gov.vn/tin-tuc/cau-treo-kon-klor-7101.html",
        title="Khánh thành cầu treo Kon Klor mới",
        published=datetime(2024, 9, 1, 1, 0, tzinfo=UTC),
        updated=datetime(2024, 9, 2, 1, 30, tzinfo=UTC),
        summary_html="Cầu dài 290 m &amp; rộng 3 m.",
        content_html='<p>Cây cầu nối hai bờ sông Đăk Bla.</p><img src="anh/cau.jpg">',
        author="Văn phòng HĐND-UBND thành phố",
        category="Giao thông",
        guid="urn:kontumcity:tin:7101",
        base_url="https://kontumcity.kontum.gov.vn/tin-tuc/",
    )
    # No <published> and a zoneless <updated>: the text is kept as the date.
    assert second.published == "2024-08-31T20:00:00"
    assert second.updated is None
    assert second.content_html is not None
    assert "Hai mươi đội cồng chiêng tham gia." in second.content_html


def test_atom_plain_text_content_without_a_summary_is_no_summary() -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title><id>urn:x</id><updated>2024-09-02T01:30:00Z</updated><entry>"
        '<id>urn:1</id><title>a</title><link href="https://a.vn/1"/>'
        "<updated>2024-09-02T01:30:00Z</updated>"
        '<content type="text">x &lt; y &amp; z</content></entry></feed>'
    )
    headers = {"content-type": "application/atom+xml"}
    (item,) = parse_feed(atom.encode(), url="https://a.vn/atom", headers=headers).items
    assert item.content_html == "x &lt; y &amp; z"
    assert item.summary_html is None


def test_an_atom_feeds_author_goes_with_its_entries_and_rss_editors_do_not() -> None:
    atom = ATOM.replace(
        "<entry>", "<author><name>Cổng thông tin điện tử thành phố</name></author><entry>", 1
    )
    headers = {"content-type": "application/atom+xml"}
    feed = parse_feed(
        atom.encode(), url="https://kontumcity.kontum.gov.vn/atom.xml", headers=headers
    )
    assert [i.feed_author for i in feed.items] == ["Cổng thông tin điện tử thành phố"] * 2
    assert feed.items[0].author == "Văn phòng HĐND-UBND thành phố"  # its own stays
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        "<managingEditor>bbt@a.vn (Ban biên tập)</managingEditor>"
        "<item><title>a</title><link>https://a.vn/1</link></item></channel></rss>"
    )
    items = parse_feed(rss.encode(), url="https://a.vn/rss", headers={}).items
    assert [i.feed_author for i in items] == [None]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Mon, 02 Sep 2024 08:30:00 +0700", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 GMT", datetime(2024, 9, 2, 8, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 UT", datetime(2024, 9, 2, 8, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 EST", datetime(2024, 9, 2, 13, 30, tzinfo=UTC)),
        ("2024-09-02T08:30:00+07:00", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("2024-09-02T08:30:00Z", datetime(2024, 9, 2, 8, 30, tzinfo=UTC)),
        ("2024-09-02T08:30:00.250-05:00", datetime(2024, 9, 2, 13, 30, tzinfo=UTC)),
        # Zoned, but not RFC 822 nor RFC 3339: read day first, as portals print them
        # (feedparser took the first for 20 September 2002, the third for November).
        ("02-09-2024 08:30 +07:00", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("12-05-2025 14:00:00 +07:00", datetime(2025, 5, 12, 7, 0, tzinfo=UTC)),
        # an offset in hours of one digit
        ("02-09-2024 08:30 +7", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("02-09-2024 08:30 -5", datetime(2024, 9, 2, 13, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 +7", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        # ... and a zone's name with its offset apart
        ("Mon, 02 Sep 2024 08:30:00 GMT +7", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 GMT +07", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("02-09-2024 08:30 UTC +7", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("Mon, 02 Sep 2024 08:30:00 UT +7", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        ("2024/09/02 08:30:00 GMT", datetime(2024, 9, 2, 8, 30, tzinfo=UTC)),
        ("2024-09-02 08:30:00 UTC", datetime(2024, 9, 2, 8, 30, tzinfo=UTC)),
        ("2024-09-02 08:30:00 +0700", datetime(2024, 9, 2, 1, 30, tzinfo=UTC)),
        # Zoneless: feedparser would call these UTC; the source's own zone applies later.
        ("2024-09-02 08:30:00", "2024-09-02 08:30:00"),
        ("2024-09-02T08:30:00", "2024-09-02T08:30:00"),
        ("2024-09-02", "2024-09-02"),
        ("Mon, 02 Sep 2024 08:30:00", "Mon, 02 Sep 2024 08:30:00"),
        ("02/09/2024 08:30", "02/09/2024 08:30"),
        ("Thứ hai, 02 Tháng 9 2024 08:30", "Thứ hai, 02 Tháng 9 2024 08:30"),
        ("08:30 02/09/2024 (GMT+7)", "08:30 02/09/2024 (GMT+7)"),
    ],
)
def test_dates(printed: str, expected: datetime | str) -> None:
    body = (
        '<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        f"<link>https://x.vn/a-1.html</link><pubDate>{printed}</pubDate></item></channel></rss>"
    )
    (item,) = parse_feed(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS).items
    assert item.published == expected


def test_broken_xml_with_entries_is_tolerated() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin & sự kiện</title>'
        "<item><title>Đường & cầu</title><link>https://x.vn/duong-cau-1.html</link>"
        "<description><p>Nội dung <b>chưa đóng</description></item>"
    )
    feed = parse_feed(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS)
    assert [item.title for item in feed.items] == ["Đường & cầu"]
    assert feed.items[0].url == "https://x.vn/duong-cau-1.html"
    assert feed.problem is not None and "mismatched tag" in feed.problem


@pytest.mark.parametrize(
    "tail",
    [
        "\n<!-- 0.12s -->\n<br />\n<b>Warning</b>:  mysql_close() in <b>rss.php</b>",
        "<script>var _gaq = [];</script>",
        "</rss>",
        "\x00\x00",
    ],
)
def test_junk_after_the_root_element_does_not_break_a_complete_feed(tail: str) -> None:
    feed = parse_feed((LABELLED + tail).encode(), url="https://x.vn/rss", headers=RSS_HEADERS)
    assert [item.title for item in feed.items] == ["Hội nghị triển khai nhiệm vụ"]
    assert feed.problem is None


def test_a_feed_broken_inside_its_root_stays_a_problem_despite_a_trailing_tail() -> None:
    body = LABELLED.replace("</title><item>", "</title><item><b>") + "<!-- x -->"
    feed = parse_feed(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS)
    assert feed.problem is not None


NOT_FEEDS = [
    (
        "html page",
        b"<!DOCTYPE html><html><head><title>Trang</title></head><body><a href='/a'>a</a></body></html>",
        "HTML page",
    ),
    ("empty", b"", "empty body"),
    ("whitespace", b"  \r\n\t ", "empty body"),
    (
        "json",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
        "not an RSS or Atom feed",
    ),
    ("plain text", "Trang đang bảo trì".encode(), "not an RSS or Atom feed"),
    (
        "char ref beyond unicode",
        b'<rss version="2.0"><channel><item><title>A &#x110000; B</title><link>https://x.vn/a</link></item></channel></rss>',
        "unreadable feed",
    ),
    (
        "surrogate char ref",
        b'<rss version="2.0"><channel><item><title>A &#55296; B</title><link>https://x.vn/a</link></item></channel></rss>',
        "unreadable feed",
    ),
    (
        "broken without entries",
        b'<rss version="2.0"><channel><title>A & B</title><description><b></channel>',
        "malformed feed with no entries",
    ),
]


@pytest.mark.parametrize(
    ("body", "message"), [(b, m) for _, b, m in NOT_FEEDS], ids=[n for n, _, _ in NOT_FEEDS]
)
@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/html; charset=utf-8", ""])
def test_not_a_feed_is_a_parse_error(body: bytes, message: str, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    with pytest.raises(ParseError, match=message) as caught:
        parse_feed(body, url="https://x.vn/rss", headers=headers)
    assert caught.value.kind == "parse"


def test_empty_feed_is_not_an_error() -> None:
    body = '<?xml version="1.0"?><rss version="2.0"><channel><title>Chưa có tin</title></channel></rss>'
    assert parse_feed(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS) == ParsedFeed(
        title="Chưa có tin", link=None, items=()
    )


# Every UTF-8 byte of this text is also a windows-1252 character, so a wrong
# windows-1252 label decodes "successfully" into mojibake.
LABELLED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Tin tức</title><item><title>Hội nghị triển khai nhiệm vụ</title>
<link>https://x.vn/hoi-nghi-1.html</link><description>Phó Chủ tịch huyện phát biểu chỉ đạo</description></item>
</channel></rss>"""


def test_feedparser_alone_stores_mojibake_under_a_wrong_charset() -> None:
    """Why parse_feed corrects the charset: feedparser believes the header.

    With iso-8859-1 it repairs the text itself; with windows-1252 (just as common)
    the Vietnamese comes out as mojibake and bozo stays 0.
    """
    parsed = feedparser.parse(
        LABELLED.encode(),
        response_headers={"content-type": "application/rss+xml; charset=windows-1252"},
    )
    assert parsed.bozo == 0
    assert parsed.entries[0].title == "Há»™i nghá»‹ triá»ƒn khai nhiá»‡m vá»¥"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/rss+xml; charset=iso-8859-1",
        "application/rss+xml; charset=windows-1252",
        "text/xml",  # RFC 3023 says us-ascii
        "text/xml; charset=ISO-8859-1",
        "text/html",
        "application/octet-stream",
        "",
    ],
)
def test_utf8_bytes_under_a_wrong_charset_stay_readable(content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    feed = parse_feed(LABELLED.encode(), url="https://x.vn/rss", headers=headers)
    assert feed.title == "Tin tức"
    assert feed.items[0].title == "Hội nghị triển khai nhiệm vụ"
    assert feed.items[0].content_html == "Phó Chủ tịch huyện phát biểu chỉ đạo"
    assert feed.problem is None


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: a toned letter is its base letter plus a combining tone mark."""
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("content_type", ["text/xml; charset=windows-1258", "application/xml"])
@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_legacy_vietnamese_encoding_is_decoded_by_its_label(content_type: str, mark: bytes) -> None:
    # A UTF-8 mark in front (a template saved "UTF-8 with BOM") is stray: the bytes are
    # not UTF-8. Believed over both labels, it gave "Hôòi nghiò".
    body = mark + _cp1258(LABELLED.replace('encoding="utf-8"', 'encoding="windows-1258"'))
    assert not body.isascii()
    feed = parse_feed(body, url="https://x.vn/rss", headers={"Content-Type": content_type})
    title = unicodedata.normalize("NFC", feed.items[0].title)
    assert title == "Hội nghị triển khai nhiệm vụ"


@pytest.mark.parametrize(
    ("declared", "content_type"),
    [
        ("utf-8", "text/xml"),
        ("utf-8", "application/rss+xml; charset=utf-8"),
        ("iso-8859-1", "text/xml"),
        ("windows-1258", "application/rss+xml; charset=iso-8859-1"),
    ],
)
def test_legacy_vietnamese_encoding_under_a_wrong_label_is_read_as_cp1258(
    declared: str, content_type: str
) -> None:
    body = _cp1258(LABELLED.replace('encoding="utf-8"', f'encoding="{declared}"'))
    feed = parse_feed(body, url="https://x.vn/rss", headers={"Content-Type": content_type})
    title = unicodedata.normalize("NFC", feed.items[0].title)
    assert title == "Hội nghị triển khai nhiệm vụ"
    assert feed.problem is None


def test_broken_xml_base_falls_back_to_the_feed_url() -> None:
    body = (
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title>"
        "<entry><title>A</title><link href='https://x.vn/a-1.html'/><id>a-1</id>"
        "<content type='html' xml:base='http://[::1'>x</content></entry>"
        # feedparser cannot resolve this entry's link against its broken base and
        # drops it (link ""), so the entry is skipped rather than crashing the feed.
        "<entry xml:base='http://[::1'><title>B</title><link href='b.html'/><id>b</id></entry>"
        "</feed>"
    )
    (item,) = parse_feed(body.encode(), url="https://x.vn/atom", headers={}).items
    assert (item.url, item.base_url) == ("https://x.vn/a-1.html", "https://x.vn/atom")


def test_content_location_does_not_rewrite_links() -> None:
    headers = {**RSS_HEADERS, "Content-Location": "https://elsewhere.vn/rss"}
    feed = parse_feed(RSS.encode(), url=FEED_URL, headers=headers)
    assert feed.items[0].url.startswith("/news/")
    assert feed.items[0].guid == "tin-1201"
    assert feed.items[0].base_url == FEED_URL


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(max_size=300).map(
        lambda t: f"<rss><channel><item><title>{t}</title><link>{t}</link>".encode(
            "utf-8", "surrogatepass"
        )
    )
)
def test_any_bytes_give_a_feed_or_a_parse_error(body: bytes) -> None:
    try:
        feed = parse_feed(body, url="https://x.vn/rss", headers=RSS_HEADERS)
    except ParseError:
        return
    assert all(item.url for item in feed.items)


@pytest.mark.parametrize("head", [b"\n", b"\r\n\r\n  ", b"\xef\xbb\xbf\n", b"\t \n"])
def test_blank_lines_before_the_xml_declaration_do_not_break_the_feed(head: bytes) -> None:
    # A PHP script with a blank line before its opening tag prints it before the
    # declaration; the feed itself is complete.
    feed = parse_feed(head + LABELLED.encode(), url="https://x.vn/rss", headers=RSS_HEADERS)
    assert [item.title for item in feed.items] == ["Hội nghị triển khai nhiệm vụ"]
    assert feed.problem is None


def test_the_picture_comes_before_its_thumbnail() -> None:
    # Portals send both: a thumbnail a hundred pixels wide and the picture itself.
    body = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Tin</title>
<item><title>Khánh thành cầu treo</title><link>https://x.vn/tin/cau-treo.html</link>
<media:thumbnail url="https://x.vn/anh/cau-treo-100x75.jpg"/>
<media:content url="https://x.vn/anh/cau-treo.jpg" medium="image"/>
</item></channel></rss>"""
    (item,) = parse_feed(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS).items
    assert item.image_url == "https://x.vn/anh/cau-treo.jpg"


ENTITIES = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin&nbsp;tức</title>
<item><title>Th&ocirc;ng b&aacute;o&nbsp;lịch tiếp d&acirc;n&hellip;</title>
<link>https://x.vn/tin/thong-bao-1.html</link>
<description>Ng&agrave;y&nbsp;02/9 &ndash; &lt;b&gt;Kỷ niệm&lt;/b&gt;</description></item>
<item><title><![CDATA[Giữ &nbsp; trong CDATA]]></title><link>https://x.vn/tin/2.html</link>
<description><![CDATA[<p>A&nbsp;B</p>]]></description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "doctype",
    [
        "",
        # Without the DTD loaded, its entities were dropped in silence ("Thngbo").
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    ],
)
def test_html_entities_in_a_feed_are_read(doctype: str) -> None:
    # XML knows five entity names; portals write HTML's in feeds all the same. Without
    # a DTD that was a broken feed, of which nothing was stored.
    body = ENTITIES.replace("<rss", doctype + "<rss", 1).encode()
    feed = parse_feed(body, url="https://x.vn/rss", headers=RSS_HEADERS)
    assert feed.problem is None
    assert feed.title == "Tin\xa0tức"
    first, second = feed.items
    assert first.title == "Thông báo\xa0lịch tiếp dân…"
    assert first.content_html == "Ngày\xa002/9 – <b>Kỷ niệm</b>"
    assert second.title == "Giữ &nbsp; trong CDATA"  # CDATA is text as written
    assert second.content_html == "<p>A&nbsp;B</p>"
    assert feed == parse_with_feedparser(body, url="https://x.vn/rss", headers=RSS_HEADERS)


AMPERSANDS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Văn hóa & Thể thao</title>
<item><title>Hội thi "Sách & Em" năm 2024&nbsp</title>
<link>https://x.vn/index.php?nv=news&op=tin-1</link>
<description>A &amp; B & C &#8211; D</description></item>
</channel></rss>"""


def test_bare_ampersands_in_a_feed_are_read_as_written() -> None:
    # A script that forgot to escape "&": a complete feed, not a broken one.
    body = AMPERSANDS.encode()
    feed = parse_feed(body, url="https://x.vn/rss", headers=RSS_HEADERS)
    assert feed.problem is None
    assert feed.title == "Văn hóa & Thể thao"
    (item,) = feed.items
    assert item.title == 'Hội thi "Sách & Em" năm 2024&nbsp'  # normalizing reads "&nbsp"
    assert item.url == "https://x.vn/index.php?nv=news&op=tin-1"
    assert item.content_html == "A & B & C – D"
    assert feed == parse_with_feedparser(body, url="https://x.vn/rss", headers=RSS_HEADERS)


EMPTY_LINKS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin</title>
<item><title>Một</title><link></link><guid>https://x.vn/tin/mot-1.html</guid></item>
<item><title>Hai</title><guid>/tin/hai-2.html</guid><link/></item>
<item><title>Ba</title><link> </link><guid isPermaLink="false">https://x.vn/tin/ba-3.html</guid></item>
<item><title>Bốn</title><link></link><guid isPermaLink="false">tin-4</guid></item>
</channel></rss>"""


def test_an_item_with_an_empty_link_is_found_by_its_guid() -> None:
    # Some portals print <link></link> and put the address in the guid: the items
    # were dropped as linkless. A guid that is no address still leaves none.
    body = EMPTY_LINKS.encode()
    feed = parse_feed(body, url="https://x.vn/rss", headers=RSS_HEADERS)
    assert [(item.title, item.url) for item in feed.items] == [
        ("Một", "https://x.vn/tin/mot-1.html"),
        ("Hai", "/tin/hai-2.html"),  # resolved against the feed when normalized
        ("Ba", "https://x.vn/tin/ba-3.html"),
    ]
    assert feed == parse_with_feedparser(body, url="https://x.vn/rss", headers=RSS_HEADERS)


WIDE = """<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel>
<title>Tin huyện</title><item><title>Xã Tân Lập ra quân trồng cây đầu xuân</title>
<link>http://tanlap.example.vn/tin.aspx?id=15&amp;cat=2</link>
<description>Bà con&nbsp;cùng trồng cây</description></item></channel></rss>"""


@pytest.mark.parametrize(
    ("codec", "bom", "declared", "content_type"),
    [
        ("utf-16-le", b"", "UTF-16LE", "application/rss+xml"),
        ("utf-16-be", b"", "UTF-16BE", "application/rss+xml; charset=utf-16be"),
        ("utf-16-le", b"\xff\xfe", "utf-16", "application/rss+xml; charset=utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16", "text/xml"),
        ("utf-32-le", b"", "UTF-32", "application/rss+xml"),
    ],
)
def test_a_utf16_feed_is_repaired_as_a_utf8_one(
    codec: str, bom: bytes, declared: str, content_type: str
) -> None:
    # The "&" and entity repairs edit bytes as ASCII: in UTF-16 each "&amp;" shifted the
    # rest of the document (a link stored with CJK in it), and an "&nbsp;" went
    # unrepaired, failing the whole feed.
    body = bom + WIDE.format(declared=declared).encode(codec)
    headers = {"content-type": content_type}
    for parse in (parse_feed, parse_with_feedparser):
        feed = parse(body, url="http://tanlap.example.vn/rss", headers=headers)
        assert feed.problem is None
        [item] = feed.items
        assert (item.url, item.content_html) == (
            "http://tanlap.example.vn/tin.aspx?id=15&cat=2",
            "Bà con\xa0cùng trồng cây",
        )


def _mojibake(text: str) -> str:
    """UTF-8 a CMS read as windows-1252 and saved again, as UTF-8."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_mojibake_in_a_feed_is_put_right_as_in_a_page(kind: str) -> None:
    title, text = "Hội nghị triển khai nhiệm vụ của huyện", "Sáng nay, lãnh đạo huyện chủ trì."
    if kind == "rss":
        item = (
            f"<item><title>{_mojibake(title)}</title><link>https://x.vn/tin/1</link>"
            f"<description>{_mojibake(text)}</description></item>"
        )
        body = f'<rss version="2.0"><channel><title>Tin</title>{item}</channel></rss>'
    else:
        body = (
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title><entry>'
            f'<title>{_mojibake(title)}</title><link href="https://x.vn/tin/1"/><id>a</id>'
            f"<summary>{_mojibake(text)}</summary></entry></feed>"
        )
    for parse in (parse_feed, parse_with_feedparser):
        [found] = parse(body.encode(), url="https://x.vn/rss", headers=RSS_HEADERS).items
        assert (found.title, found.summary_html or found.content_html) == (title, text)
    # right as it is, with an "Ã" of its own: left alone
    plain = body.replace(_mojibake(title), "Ông Ã Văn Tư").replace(_mojibake(text), text)
    [found] = parse_feed(plain.encode(), url="https://x.vn/rss", headers=RSS_HEADERS).items
    assert (found.title, found.summary_html or found.content_html) == ("Ông Ã Văn Tư", text)


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("content_type", ["", "application/rss+xml", "text/xml; charset=undefined"])
def test_an_encoding_no_codec_reads_is_passed_over_in_the_declaration(
    content_type: str, mark: bytes
) -> None:
    # "undefined" is what a template prints for a charset it was not given; Python has a
    # codec of that name that refuses everything, and the whole feed was unreadable.
    body = (
        b'<?xml version="1.0" encoding="undefined"?><rss version="2.0"><channel><title>Tin'
        b"</title><item><title>N&#432;&#7899;c s&#7841;ch v&#7873; l&#224;ng</title>"
        b"<link>https://x.vn/tin/1</link></item></channel></rss>"
    )
    headers = {"content-type": content_type} if content_type else {}
    for parse in (parse_feed, parse_with_feedparser):
        [item] = parse(mark + body, url="https://x.vn/rss", headers=headers).items
        assert item.title == "Nước sạch về làng"
