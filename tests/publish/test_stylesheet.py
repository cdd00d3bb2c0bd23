"""feed.xsl as a browser applies it: what a feed holds is shown as text, never run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

from syndicate.config import Config
from syndicate.publish import FORMATS, build_documents, render_rss, static_files
from tests.publish.factories import make_entry


def page_of(feed: bytes) -> str:
    stylesheet = etree.XSLT(etree.XML(static_files()["feed.xsl"]))
    return str(stylesheet(etree.fromstring(feed)))


def test_a_summary_is_shown_as_the_text_it_is(config: Config) -> None:
    summary = "Kinh phí 5 < 10 tỷ & <b>VHTTDL&TT</b> &amp; &lt;"
    doc = build_documents(config, [make_entry(1, summary=summary)])[0]
    page = page_of(render_rss(doc))
    assert etree.HTML(page).xpath("string(//main//article/p)") == summary
    assert "<b>" not in page


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_markup_in_a_feed_never_comes_alive_in_the_page(config: Config, extension: str) -> None:
    # Without a summary, an RSS description is the content itself: HTML that the page
    # must not run, whatever the store holds.
    content = '<p>Nội dung</p><img src="x" onerror="alert(1)"><script>alert(2)</script>'
    doc = build_documents(config, [make_entry(1, summary="", content_html=content)])[0]
    page = page_of(FORMATS[extension].render(doc))
    assert "onerror" not in page and "<script" not in page and "<img" not in page


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_a_time_is_given_to_machines_in_rfc_3339(config: Config, extension: str) -> None:
    published = datetime(2024, 12, 31, 17, 5, 9, tzinfo=UTC)
    doc = build_documents(config, [make_entry(1, published=published)])[0]
    page = etree.HTML(page_of(FORMATS[extension].render(doc)))
    shown = page.xpath("//main//time/@datetime")
    assert [datetime.fromisoformat(value) for value in shown] == [published]


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_a_title_only_entry_shows_its_title_once(config: Config, extension: str) -> None:
    # Atom asks for a summary, so such an entry carries its title as one: the page
    # showed the headline twice.
    doc = build_documents(config, [make_entry(1, summary="", content_html="")])[0]
    stylesheet = etree.XSLT(etree.XML(static_files()["feed.xsl"]))
    page = etree.HTML(str(stylesheet(etree.fromstring(FORMATS[extension].render(doc)))))
    article = page.xpath("//main/article")[0]
    assert "".join(article.itertext()).count(doc.entries[0].title) == 1


def header_links(feed: bytes) -> dict[str, str]:
    page = etree.HTML(page_of(feed))
    return {"".join(a.itertext()).strip(): a.get("href") for a in page.xpath("//header//a")}


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_a_feed_page_links_to_its_other_formats_and_its_history(
    config: Config, extension: str
) -> None:
    docs = build_documents(config, [make_entry(n) for n in range(1, 31)])
    province = [d for d in docs if d.key == "province" or d.key.startswith("archive/province/")]
    current, oldest, middle = province[0], province[1], province[2]
    assert (current.key, oldest.key, middle.key) == (
        "province",
        "archive/province/0",
        "archive/province/1",
    )
    base = config.province.base_url
    links = header_links(FORMATS[extension].render(current))
    other = {".rss": ("Atom", ".atom"), ".atom": ("RSS", ".rss")}[extension]
    assert links[other[0]] == f"{base}province{other[1]}"
    assert links["JSON Feed"] == f"{base}province.json"
    newest_archive = province[-1].key
    assert links["Tin cũ hơn"] == f"{base}{newest_archive}{extension}"
    assert "Nguồn tin hiện tại" not in links and "Tin mới hơn" not in links
    archived = header_links(FORMATS[extension].render(middle))
    assert archived["Nguồn tin hiện tại"] == f"{base}province{extension}"
    assert archived["Tin cũ hơn"] == f"{base}archive/province/0{extension}"
    assert archived["Tin mới hơn"] == f"{base}archive/province/2{extension}"
    assert archived["JSON Feed"] == f"{base}archive/province/1.json"
    assert "Tin cũ hơn" not in header_links(FORMATS[extension].render(oldest))


def test_a_served_feeds_page_keeps_its_query_in_the_other_formats() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<link rel="self" href="http://127.0.0.1:8080/feed.atom?district=dak-to&amp;category=x"/>'
        b"</feed>"
    )
    links = header_links(feed)
    assert links["RSS"] == "http://127.0.0.1:8080/feed.rss?district=dak-to&category=x"
    assert links["JSON Feed"] == "http://127.0.0.1:8080/feed.json?district=dak-to&category=x"


def test_a_self_link_of_another_shape_offers_no_other_formats() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<link rel="self" href="http://127.0.0.1:8080/feed"/></feed>'
    )
    assert "RSS" not in header_links(feed)
