"""Query feeds without a server: parameters, canonical URLs, entries, documents, self links."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from lxml import etree

from syndicate.config import Config
from syndicate.model import Article, FeedEntry, StoredArticle
from syndicate.publish.documents import EMPTY_FEED_UPDATED
from syndicate.publish.formats import FORMATS
from syndicate.publish.queries import (
    FeedQuery,
    QueryError,
    filtered_entries,
    parse_feed_query,
    query_document,
    render_query_feed,
    search_entries,
)
from tests.publish.factories import make_entry
from tests.publish.validate import check_feed_file

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("search", [("q", "hội nghị")], FeedQuery("search", q="hội nghị")),
        ("search", [("q", "  hội \t nghị ")], None),  # tab: control character
        ("search", [("q", "  hội   nghị ")], FeedQuery("search", q="hội nghị")),
        ("search", [("q", "ho\u0323\u0302i")], FeedQuery("search", q="hội")),
        (
            "search",
            [("since", "2024-10-05"), ("q", "x"), ("district", "dak-to"), ("category", "")],
            FeedQuery("search", q="x", district="dak-to", since=date(2024, 10, 5)),
        ),
        ("feed", [("category", "kinh-te")], FeedQuery("feed", category="kinh-te")),
        (
            "feed",
            [("district", " kon-plong "), ("category", "thong-bao")],
            FeedQuery("feed", district="kon-plong", category="thong-bao"),
        ),
    ],
)
def test_parse(config: Config, kind: Any, params: list[tuple[str, str]], expected: Any) -> None:
    if expected is None:
        with pytest.raises(QueryError) as raised:
            parse_feed_query(kind, params, config)
        assert raised.value.status == 400
    else:
        assert parse_feed_query(kind, params, config) == expected


@pytest.mark.parametrize(
    ("kind", "params", "status"),
    [
        ("search", [], 400),
        ("search", [("q", "x"), ("limit", "5")], 400),
        ("search", [("q", "x"), ("since", "2024-02-30")], 400),
        ("search", [("q", "x"), ("since", "0001-01-01")], 400),
        ("search", [("q", "x"), ("since", "1899-12-31")], 400),
        ("search", [("q", "x"), ("since", "9999-12-31")], 400),
        ("search", [("q", "x"), ("district", "dak-ha")], 404),
        ("feed", [], 400),
        ("feed", [("district", ""), ("category", "")], 400),
        ("feed", [("category", "the-thao")], 404),
        # 400 before 404: a request is checked whole before anything is looked up.
        ("feed", [("category", "the-thao"), ("page", "2")], 400),
    ],
)
def test_parse_refuses(
    config: Config, kind: Any, params: list[tuple[str, str]], status: int
) -> None:
    with pytest.raises(QueryError) as raised:
        parse_feed_query(kind, params, config)
    assert raised.value.status == status


@pytest.mark.parametrize(
    ("query", "text"),
    [
        (FeedQuery("search", q="hội nghị"), "q=h%E1%BB%99i%20ngh%E1%BB%8B"),
        (FeedQuery("search", q="a&b=c/d?"), "q=a%26b%3Dc%2Fd%3F"),
        (
            FeedQuery(
                "search", q="x", category="kinh-te", district="dak-to", since=date(2024, 1, 2)
            ),
            "q=x&district=dak-to&category=kinh-te&since=2024-01-02",
        ),
        (
            FeedQuery("feed", category="kinh-te", district="dak-to"),
            "district=dak-to&category=kinh-te",
        ),
    ],
)
def test_canonical_query_string(query: FeedQuery, text: str) -> None:
    assert query.query_string() == text


def test_since_is_a_day_in_the_province() -> None:
    query = FeedQuery("search", q="x", since=date(2024, 10, 5))
    assert query.since_utc("Asia/Ho_Chi_Minh") == datetime(2024, 10, 4, 17, 0, tzinfo=UTC)
    assert FeedQuery("search", q="x").since_utc("Asia/Ho_Chi_Minh") is None


@pytest.mark.parametrize("day", ["1900-01-01", "9999-12-30"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Ho_Chi_Minh", "Etc/GMT+12"])
def test_every_day_allowed_starts_in_utc(config: Config, day: str, zone: str) -> None:
    """The first and last days `since` accepts have a start in UTC at +14:00 and -12:00."""
    query = parse_feed_query("search", [("q", "x"), ("since", day)], config)
    start = query.since_utc(zone)
    assert start is not None and start.tzinfo is UTC


def test_filtered_entries_follow_the_district_feeds(config: Config) -> None:
    entries = [
        make_entry(1),
        make_entry(2, source="kon-plong-tin", category="van-hoa-xa-hoi"),
        make_entry(3, source="tinh-tin", also_on=("dak-to-tin",)),  # republished by Đăk Tô
        make_entry(4, source="kon-plong-tin", category="kinh-te"),
    ]
    dak_to = filtered_entries(FeedQuery("feed", district="dak-to"), entries, 10)
    assert [e.seq for e in dak_to] == [3, 1]  # newest first
    both = FeedQuery("feed", district="kon-plong", category="kinh-te")
    assert [e.seq for e in filtered_entries(both, entries, 10)] == [4]
    economy = FeedQuery("feed", category="kinh-te")
    assert [e.seq for e in filtered_entries(economy, entries, 2)] == [4, 3]


def test_filtered_entries_have_distinct_updated_times(config: Config) -> None:
    same = datetime(2024, 9, 3, tzinfo=UTC)
    entries = [make_entry(n, updated=same) for n in range(1, 4)]
    chosen = filtered_entries(FeedQuery("feed", district="dak-to"), entries, 10)
    assert len({e.updated for e in chosen}) == 3
    # Collisions move forward, so none is before its real time.
    assert min(e.updated for e in chosen) == same


@pytest.mark.parametrize("extension", list(FORMATS))
def test_a_query_feed_never_dates_an_update_before_publication(
    config: Config, extension: str
) -> None:
    # Dated by the day alone: never edited, published and updated at local midnight.
    midnight = datetime(2024, 9, 2, 17, tzinfo=UTC)
    entries = [make_entry(n, published=midnight, updated=midnight) for n in range(1, 4)]
    query = FeedQuery("feed", district="dak-to")
    doc = query_document(config, query, filtered_entries(query, entries, 10))
    served = f"https://tin.example.org/kon-tum/feed{extension}"
    body = render_query_feed(doc, extension, f"{served}?district=dak-to", served)
    check_feed_file(body, extension)  # updated / date_modified never before published


def article_of(entry: FeedEntry) -> Article:
    return Article(
        url=entry.url,
        source_id=entry.origin.source_id,
        district=entry.origin.district,
        category=entry.category,
        title=entry.title,
        summary=entry.summary,
        content_html=entry.content_html,
        published=entry.published,
    )


def test_search_entries_by_url_newest_first() -> None:
    entries = {e.url: e for e in (make_entry(n) for n in range(1, 4))}

    def hit(n: int) -> StoredArticle:
        entry = make_entry(n)
        return StoredArticle(entry.id, article_of(entry), entry.published, entry.updated)

    found = search_entries([hit(1), hit(3), hit(9)], entries)
    assert [e.seq for e in found] == [3, 1]  # relevance order gives way to time order


@pytest.mark.parametrize(
    ("query", "title", "home"),
    [
        (
            FeedQuery("search", q="hội nghị"),
            "Tìm kiếm “hội nghị” — Tỉnh Kon Tum",
            "https://www.kontum.example.vn/",
        ),
        (
            FeedQuery(
                "search", q="x", district="dak-to", category="kinh-te", since=date(2024, 9, 2)
            ),
            "Tìm kiếm “x” — Huyện Đăk Tô, chuyên mục Kinh tế, từ ngày 02/09/2024",
            "http://huyendakto.example.vn/",
        ),
        (
            FeedQuery("feed", district="kon-plong"),
            "Huyện Kon Plông — tin tức",
            "https://www.kontum.example.vn/",
        ),
        (
            FeedQuery("feed", district="dak-to", category="thong-bao"),
            "Huyện Đăk Tô — Thông báo — tin tức",
            "http://huyendakto.example.vn/",
        ),
    ],
)
def test_document_words(config: Config, query: FeedQuery, title: str, home: str) -> None:
    doc = query_document(config, query, [])
    assert (doc.title, doc.home_url) == (title, home)
    assert doc.updated == EMPTY_FEED_UPDATED
    assert doc.hub is None and doc.links == () and not doc.archive


@pytest.mark.parametrize("extension", [".atom", ".rss"])
@pytest.mark.parametrize(
    "query", [FeedQuery("search", q="không có bài nào"), FeedQuery("feed", district="ia-h-drai")]
)
def test_an_empty_feed_is_not_dated_before_1990(
    config: Config, extension: str, query: FeedQuery
) -> None:
    """Validators take a feed date before 1990 for a mistake (W3C: ImplausibleDate)."""
    served = f"https://tin.example.org/kon-tum/{query.kind}{extension}"
    self_url = f"{served}?{query.query_string()}"
    body = render_query_feed(query_document(config, query, []), extension, self_url, served)
    root = etree.fromstring(body)
    if extension == ".atom":
        updated = datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    else:
        updated = parsedate_to_datetime(root.findtext("channel/lastBuildDate"))
    assert updated >= datetime(1990, 1, 1, tzinfo=UTC)
    check_feed_file(body, extension, self_url=self_url)


@pytest.mark.parametrize("extension", list(FORMATS))
@pytest.mark.parametrize(
    "served",
    [
        "http://127.0.0.1:8080/search{ext}?q=h%E1%BB%99i&district=dak-to",
        'https://tin.example.org/a&b/"c"<d>/search{ext}?q=x&category=kinh-te',
    ],
)
def test_self_link_is_substituted_and_escaped(config: Config, extension: str, served: str) -> None:
    # A base URL with characters every format escapes differently.
    config = replace(
        config, province=replace(config.province, base_url='https://tin.example.org/a&b/"c"<d>/')
    )
    query = FeedQuery("search", q="hội", district="dak-to")
    doc = query_document(config, query, filtered_entries(query, [make_entry(1), make_entry(2)], 10))
    self_url = served.format(ext=extension)
    feed_id = self_url.replace(extension + "?", "?")
    body = render_query_feed(doc, extension, self_url, feed_id)
    assert doc.key.encode() not in body
    check_feed_file(body, extension, self_url=self_url)
    if extension == ".atom":
        assert etree.fromstring(body).findtext(f"{ATOM}id") == feed_id
