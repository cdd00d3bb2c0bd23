"""The three sample feeds: well-formed, full content, images, and the dates each promises."""

from __future__ import annotations

import calendar
import html
from datetime import UTC, datetime

import feedparser
import pytest

from syndicate.demo import SOURCES, Site
from syndicate.demo.text import WEEKDAY_NAMES

from .conftest import BASE_URL

FEEDS = [s for s in SOURCES if s.feed]


def parse(site: Site, source_id: str) -> feedparser.FeedParserDict:
    path = site.source_url(source_id).removeprefix(BASE_URL)
    page = site[path]
    return feedparser.parse(
        page.body,
        response_headers={"content-type": page.content_type, "content-location": BASE_URL + path},
    )


def test_there_are_rss_naive_rss_and_atom_feeds() -> None:
    assert sorted(s.feed or "" for s in FEEDS) == ["atom", "rss", "rss-naive"]


@pytest.mark.parametrize("source_id", [s.id for s in FEEDS])
def test_feed_parses_cleanly_with_every_listed_article(site: Site, source_id: str) -> None:
    parsed = parse(site, source_id)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    listed = site.listed(source_id)
    assert [e.link for e in parsed.entries] == [a.url(BASE_URL) for a in listed]
    for entry, article in zip(parsed.entries, listed, strict=True):
        assert entry.title == article.title
        content = entry.content[0].value
        assert html.escape(article.paragraphs[-1]) in content
        if article.image:
            assert article.image.path in content
            assert html.escape(article.image.caption) in content
        if article.byline:
            assert html.escape(article.byline) in content
        assert {t.term for t in entry.tags} == {article.category}


@pytest.mark.parametrize("source_id", ["kontum-tin-tuc", "kon-plong-atom"])
def test_dates_carry_the_vietnam_offset(site: Site, source_id: str) -> None:
    page = site[site.source_url(source_id).removeprefix(BASE_URL)].body.decode()
    assert "+0700" in page or "+07:00" in page
    for entry, article in zip(parse(site, source_id).entries, site.listed(source_id), strict=True):
        moment = datetime.fromtimestamp(calendar.timegm(entry.published_parsed), UTC)
        assert moment == article.published


def test_naive_feed_needs_a_vietnamese_date_parser(site: Site) -> None:
    parsed = parse(site, "ngoc-hoi-rss")
    for entry, article in zip(parsed.entries, site.listed("ngoc-hoi-rss"), strict=True):
        weekday = WEEKDAY_NAMES[article.published.weekday()]
        assert entry.published == f"{weekday}, {article.published:%d/%m/%Y %H:%M}"
        assert entry.get("published_parsed") is None  # feedparser cannot read it


def test_enclosures_point_at_served_images(site: Site) -> None:
    for source in FEEDS:
        for entry in parse(site, source.id).entries:
            for link in entry.get("enclosures", []):
                page = site[link.href.removeprefix(BASE_URL)]
                assert page.content_type == link.type
                assert len(page.body) == int(link.length)
