"""Search finds Vietnamese text however it is typed, and user input is never FTS5 syntax."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from syndicate.changes import Insert, article_id
from syndicate.publish.queries import FeedQuery, filtered_entries
from syndicate.store import Store, search
from syndicate.store.search import match_expression
from syndicate.text.searchtext import html_text

HOI_NGHI = {
    "n": 1,
    "title": "Ủy ban nhân dân huyện Đăk Tô tổ chức Hội nghị triển khai nhiệm vụ năm 2025",
    "summary": "Sáng 14/1, huyện tổ chức hội nghị bàn giải pháp phát triển kinh tế trong năm.",
    "content_html": (
        '<p class="chuthich">Toàn cảnh buổi họp</p>'
        "<p>Các đại biểu thống nhất tập trung vào <strong>nông nghiệp</strong> ứng dụng "
        "công nghệ cao và hạ tầng thị trấn.</p>"
    ),
    "published": datetime(2025, 1, 14, 3, 0, tzinfo=UTC),
}
TRONG_CAY = {
    "n": 2,
    "url": "http://konplong.example.vn/tin-tuc/trong-cay-2",
    "source_id": "kon-plong-tin",
    "district": "kon-plong",
    "category": "moi-truong",
    "title": "Kon Plông ra quân trồng cây xanh đầu xuân",
    "summary": "Đoàn viên thanh niên các xã cùng người dân trồng cây dọc tuyến đường của huyện.",
    "content_html": "<p>Đồng</p><p>bào các thôn tham gia đông đủ.</p>",
    "published": datetime(2025, 2, 3, 1, 0, tzinfo=UTC),
}
HOA_GIAI = {
    "n": 3,
    "url": "https://tinh.example.vn/tin/hoa-giai-3",
    "source_id": "tinh-tin",
    "district": None,
    "title": "Nâng cao hiệu quả công tác hòa giải ở cơ sở",
    "summary": "Tổ hòa giải các thôn của huyện được tập huấn kỹ năng.",
    "content_html": "<p>Nhiều vụ việc được giải quyết ngay tại thôn.</p>",
    "published": datetime(2025, 2, 20, 8, 0, tzinfo=UTC),
}


@pytest.fixture
def filled(store: Store, make_article, collect_once) -> Store:
    for fields in (HOI_NGHI, TRONG_CAY, HOA_GIAI):
        article = make_article(**fields)
        collect_once(store, article.source_id, [article])
    return store


def ids(found) -> list[int]:
    """Which fixture article (by `n`) each result is."""
    by_id = {
        article_id(url): n
        for n, url in (
            (1, "http://huyendakto.example.vn/tin-trong-huyen/bai-viet-1"),
            (2, TRONG_CAY["url"]),
            (3, HOA_GIAI["url"]),
        )
    }
    return [by_id.get(s.id, 0) for s in found]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("hoi nghi", 1),
        ("Hội nghị", 1),
        ("HOI NGHI", 1),
        ("HỘI NGHỊ", 1),
        (unicodedata.normalize("NFD", "Hội nghị"), 1),
        ("dak to", 1),
        ("Đăk Tô", 1),
        ("Đắk Tô", 1),
        ("hoà", 3),
        ("hòa", 3),
        ("hoà giải", 3),
        ("HÒA GIẢI", 3),
        ("trong cay", 2),
        ("Kon Plông", 2),
        ("nong nghiep", 1),  # body only
        ("trien kha", 1),  # a last word of 3+ letters is a prefix
        ("hoi nghi _", 1),
    ],
)
def test_finds_however_typed(filled: Store, query: str, first: int) -> None:
    assert ids(filled.search(query))[:1] == [first]


@pytest.mark.parametrize(
    "query",
    [
        "chuthich",  # an attribute value, not text
        "dongbao",  # words of adjacent paragraphs do not merge
        "khong co tu nay",
        "",
        "   ",
    ],
)
def test_finds_nothing(filled: Store, query: str) -> None:
    assert filled.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"hội nghị',
        "*",
        "hoi*",
        "NEAR(",
        "NEAR(hoi nghi, 2)",
        "-",
        "-hoi",
        ":",
        "title_fold:hoi",
        "hoi AND",
        "OR",
        "NOT hoi",
        "(",
        ")",
        "^hoi",
        "+",
        "{title_fold}: x",
        "hội'nghị",
        "\x00",
        "'; DROP TABLE articles; --",
    ],
)
def test_fts_syntax_is_only_text(filled: Store, query: str) -> None:
    assert isinstance(filled.search(query), list)
    assert filled.search("hoi nghi")  # still there


def test_all_words_are_required(filled: Store) -> None:
    assert set(ids(filled.search("huyen"))) == {1, 2, 3}
    assert ids(filled.search("huyen hoa giai")) == [3]
    assert ids(filled.search("hoi nghi trong cay")) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"district": "dak-to"}, {1}),
        ({"district": "kon-plong"}, {2}),
        ({"category": "moi-truong"}, {2}),
        ({"category": "chinh-tri"}, {1, 3}),
        ({"since": datetime(2025, 2, 3, 1, 0, tzinfo=UTC)}, {2, 3}),
        ({"until": datetime(2025, 2, 3, 1, 0, tzinfo=UTC)}, {1}),
        (
            {
                "since": datetime(2025, 1, 1, tzinfo=UTC),
                "until": datetime(2025, 2, 10, tzinfo=UTC),
                "district": "kon-plong",
            },
            {2},
        ),
        ({"district": "sa-thay"}, set()),
    ],
)
def test_filters(filled: Store, filters, expected: set[int]) -> None:
    assert set(ids(filled.search("huyen", **filters))) == expected


def test_limit(filled: Store) -> None:
    assert len(filled.search("huyen", limit=2)) == 2
    assert filled.search("huyen", limit=0) == []
    assert len(filled.search("huyen", limit=100_000)) == len(filled.search("huyen"))


def test_a_long_list_ranks_every_match(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The shortlist's seqs go into one statement: past a bound, SQLite's variable limit
    # would be met on a large store, so every match is ranked instead.
    monkeypatch.setattr(search, "SHORTLIST_MAX", 10)
    expression = match_expression("huyen")
    assert expression is not None
    assert search._best_ranked(filled._db, expression, 1) is None
    assert ids(filled.search("huyen", limit=1)) == ids(filled.search("huyen"))[:1]


def test_hidden_articles_are_never_found(filled: Store, now) -> None:
    filled.hide(article_id(HOA_GIAI["url"]), "sai nội dung", now=now)
    assert 3 not in ids(filled.search("hoa giai"))
    assert 3 not in ids(filled.search("huyen"))


def test_title_match_outranks_body_then_newest_first(
    store: Store, make_article, collect_once
) -> None:
    day = datetime(2025, 3, 1, tzinfo=UTC)
    in_body = make_article(
        10,
        title="Tin vắn trong tuần",
        summary="Tổng hợp.",
        content_html="<p>Lễ hội cồng chiêng.</p>",
    )
    older = make_article(
        11, title="Lễ hội cồng chiêng", summary="Tổng hợp.", content_html="", published=day
    )
    newer = make_article(
        12,
        title="Lễ hội cồng chiêng",
        summary="Tổng hợp.",
        content_html="",
        published=day + timedelta(days=1),
    )
    collect_once(store, "dak-to-tin", [in_body, older, newer])
    found = store.search("cong chieng")
    assert [s.article.url for s in found] == [newer.url, older.url, in_body.url]


def test_updated_text_is_searchable_and_old_text_gone(
    filled: Store, make_article, collect_once, now
) -> None:
    edited = replace(
        make_article(**HOA_GIAI), title="Tập huấn kỹ năng cho tổ dân vận", content_hash="v2"
    )
    collect_once(filled, "tinh-tin", [edited], now + timedelta(hours=1))
    assert 3 in ids(filled.search("dan van"))
    assert 3 not in ids(filled.search("hieu qua cong tac"))


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("Hội nghị", '"hoi" AND "nghi"*'),
        ("Đăk Tô", '"dak" AND "to"'),
        ('a"b', '"a" AND "b"'),
        ("NEAR(x, 2)", '"near" AND "x" AND ("2" OR "02")'),
        ("12/05/2025", '"12" AND ("5" OR "05") AND "2025"'),
        ("ngày 005", '"ngay" AND ("5" OR "05" OR "005")'),
        # a thousands group is written as it is too: "000" is no "0" or "00" alone
        ("2.000 bản", '("2" OR "02") AND ("0" OR "00" OR "000") AND "ban"*'),
        ("*-:", None),
        ("hội_nghị _", '"hoi" AND "nghi"*'),  # "_" separates words, as for the index
        ("_", None),
        ("", None),
        # a name's apostrophe, or the pieces text indexed before names were joined holds
        ("Ia H’Drai", '"ia" AND "hdrai"*'),
        ("H'Mông ở", '"hmong" AND "o"'),
        ("H'", '"h"'),
        ("'", None),
        # a name written apart: joined, as the index also holds it, or its parts in a row
        ("Ê-đê", '("ede"* OR "e de"*)'),
        ("người Ba-na ở", '"nguoi" AND ("bana" OR "ba na") AND "o"'),
        ("Ia H' Drai", '"ia" AND ("hdrai"* OR "h drai"*)'),
        ("H' M", '("hm" OR "h m")'),
        ("covid-19", '"covid" AND "19"'),
        # beside a digit it is a code, looked for as the index holds it
        ("4G-LTE", '"4g" AND "lte"*'),
        ("khu A-B2", '"khu" AND "a" AND "b2"'),
        ("H' Drai2", '"h" AND "drai2"*'),
        ("Ba-na,H' Mông", '("bana" OR "ba na") AND ("hmong"* OR "h mong"*)'),
    ],
)
def test_match_expression(query: str, expression: str | None) -> None:
    assert match_expression(query) == expression


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Một</p><p>Hai</p>", "Một Hai"),
        ('<p>Ảnh: <img src="a.jpg" alt="x"> <em>chú thích</em></p>', "Ảnh: chú thích"),
        ("văn bản trơn", "văn bản trơn"),
        # A tag inside a word (a drop cap) does not split it; blocks and breaks do.
        ("<p><strong>H</strong>ội nghị</p><p>tổng<br>kết</p>", "Hội nghị tổng kết"),
        ("<table><tr><td>Đăk</td><td>Tô</td></tr></table>", "Đăk Tô"),
        ("", ""),
    ],
)
def test_html_text(html: str, text: str) -> None:
    assert html_text(html) == text


def test_matches_are_filtered_and_ordered_from_an_index_alone(filled: Store) -> None:
    # Visibility, filters and the tie-break order come from `articles_listing`: reading
    # article rows (their text spills into overflow pages) made a broad query slow.
    db = filled._db
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        filled.search("hoi nghi", district="dak-to")
    finally:
        db.conn.set_trace_callback(None)
    [query] = [s for s in statements if "MATCH" in s]
    plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + query))
    assert "USING COVERING INDEX articles_listing" in plan


def test_the_shortlist_ranks_as_ranking_every_match_does(
    store: Store, make_article, collect_once, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Articles of one shape tie on bm25 and differ by date; some are hidden or merged.
    words = ["an", "bình", "cường", "dũng", "giang", "hải", "khánh", "lâm", "minh", "nam"]
    for n in range(1, 41):
        title = f"Hội nghị {words[n % 10]} {words[n * 3 % 10]} {words[n * 7 % 10]}"
        article = make_article(
            n=n, title=title, published=datetime(2025, 3, 1, tzinfo=UTC) + timedelta(hours=n % 6)
        )
        collect_once(store, article.source_id, [article])
    for n in (3, 4, 17):
        store.hide(article_id(make_article(n=n).url), "test", now=now)
    copy = make_article(n=41, title=make_article(n=5).title, url="http://tinh.example.vn/5")
    collect_once(store, "tinh-tin", [replace(copy, source_id="tinh-tin", district=None)])
    shortlists = {"decided": 0, "undecided": 0}
    shortlist = search._best_ranked

    def counted(*args: Any) -> list[int] | None:
        found = shortlist(*args)
        shortlists["decided" if found is not None else "undecided"] += 1
        return found

    monkeypatch.setattr(search, "_best_ranked", counted)
    monkeypatch.setattr(search, "SHORTLIST_FACTOR", 1)
    monkeypatch.setattr(search, "SHORTLIST_EXTRA", 2)
    db = store._db
    for query in ("hội nghị", "nghi", "bình", "an", "cuong", "minh nam", "khánh lâm"):
        expression = search.match_expression(query)
        assert expression is not None
        for limit in range(1, 45):
            every = search._ranked(db, expression, search.SearchFilter(), limit)
            assert search.search_seqs(db, query, search.SearchFilter(), limit) == every
    assert shortlists["decided"] and shortlists["undecided"]


def test_a_district_finds_what_its_feed_carries(
    store: Store, config, make_article, collect_once, ok_run, now
) -> None:
    # The province portal's story, which Đăk Tô's portal also listed (one URL) or
    # republished (a merged copy), is in Đăk Tô's feed: a search there finds it too.
    listed = make_article(
        1, url="https://tinh.example.vn/tin/1", source_id="tinh-tin", district=None
    )
    collect_once(store, "tinh-tin", [listed])
    collect_once(store, "dak-to-tin", [replace(listed, source_id="dak-to-tin")])
    story = make_article(
        2,
        url="https://tinh.example.vn/tin/2",
        source_id="tinh-tin",
        district=None,
        title="Lễ hội cồng chiêng",
    )
    [insert] = collect_once(store, "tinh-tin", [story])
    copy = make_article(3, title="Lễ hội cồng chiêng")
    merged = Insert(article_id(copy.url), copy, duplicate_of=insert.id)
    store.apply(ok_run("dak-to-tin"), [merged], now=now)
    carried = filtered_entries(
        FeedQuery("feed", district="dak-to"), store.feed_entries(config), limit=50
    )
    assert {e.url for e in carried} == {listed.url, story.url}
    assert [s.article.url for s in store.search("bai viet so 1", district="dak-to")] == [listed.url]
    assert [s.article.url for s in store.search("cong chieng", district="dak-to")] == [story.url]
    assert store.search("cong chieng", district="kon-plong") == []


def test_a_district_does_not_find_a_story_through_its_hidden_copy(
    store: Store, config, make_article, collect_once, ok_run, now
) -> None:
    story = make_article(
        1, url="https://tinh.example.vn/tin/1", source_id="tinh-tin", district=None
    )
    [insert] = collect_once(store, "tinh-tin", [story])
    copy = make_article(2, title=story.title)
    store.apply(ok_run("dak-to-tin"), [Insert(article_id(copy.url), copy, insert.id)], now=now)
    assert [s.article.url for s in store.search("bai viet so 1", district="dak-to")] == [story.url]
    store.hide(article_id(copy.url), "đăng nhầm", now=now)
    carried = filtered_entries(
        FeedQuery("feed", district="dak-to"), store.feed_entries(config), limit=50
    )
    assert carried == []
    assert store.search("bai viet so 1", district="dak-to") == []
    assert [s.article.url for s in store.search("bai viet so 1")] == [story.url]


@pytest.fixture
def names(store: Store, make_article, collect_once) -> Store:
    # Minority names keep an apostrophe inside the word, typed ', ’ or ʼ (or nothing).
    collect_once(
        store,
        "dak-to-tin",
        [
            make_article(1, title="Huyện Ia H'Drai ra quân trồng rừng"),
            make_article(2, title="Lễ hội của đồng bào H’Mông", content_html="<p>Ê-đê</p>"),
            make_article(3, title="Đăk Pxi vào mùa", content_html="<p>Ngày hội 'văn hóa'</p>"),
            make_article(4, title="Xã Ia Đal, huyện Ia H’ Drai đón Tết", content_html=""),
            make_article(5, title="Người Êđê giữ nghề dệt", content_html=""),
            make_article(6, title="Phủ sóng 4G-LTE ở khu A-B2", content_html=""),
            make_article(7, title="Lễ hội đồng bào Ba-na,H' Mông", content_html=""),
        ],
    )
    return store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Hdrai", [1, 4]),
        ("hdrai", [1, 4]),
        ("h'drai", [1, 4]),
        ("H’Drai", [1, 4]),
        ("Ia Hʼdrai", [1, 4]),
        ("HDRA", [1, 4]),  # a prefix, as for any last word
        ("H' Drai", [1, 4]),  # written apart, it finds the name written either way
        ("H'Mông", [2, 7]),
        ("Ê-đê", [2, 5]),
        ("Êđê", [2, 5]),
        ("ede", [2, 5]),
        ("Ê đê", [2]),  # two words
        # typed as written: codes with digits, a name stuck to another by a comma
        ("4G-LTE", [6]),
        ("khu A-B2", [6]),
        ("Ba-na,H' Mông", [7]),
        ("hmong", [2, 7]),
        ("dak pxi", [3]),
        ("'van hoa'", [3]),  # quotation marks, not part of a word
        ("H'", [4, 7]),  # only where it is written apart, a word of its own
        ("'", []),
        ("drai", [4]),
    ],
)
def test_a_name_with_an_apostrophe_is_one_word(names: Store, query: str, found: list[int]) -> None:
    urls = sorted(s.article.url for s in names.search(query))
    assert urls == [f"http://huyendakto.example.vn/tin-trong-huyen/bai-viet-{n}" for n in found]


def test_a_day_or_month_is_found_with_or_without_its_leading_zero(
    store: Store, make_article, collect_once
) -> None:
    # Portals print "12/05/2025" and "12/5/2025" alike, and people type either.
    padded = make_article(1, title="Lịch tiếp công dân ngày 12/05/2025", content_html="")
    bare = make_article(2, title="Kế hoạch tổ chức 07/5 ngày 12/5/2025", content_html="")
    collect_once(store, "dak-to-tin", [padded, bare])
    both = {padded.url, bare.url}
    for query in ("12/5/2025", "12/05/2025", "ngay 12-5", "12.05.2025"):
        assert {s.article.url for s in store.search(query)} == both, query
    assert [s.article.url for s in store.search("7/5")] == [bare.url]
    assert store.search("12/6/2025") == []


def test_a_number_with_a_thousands_separator_is_found(
    store: Store, make_article, collect_once
) -> None:
    article = make_article(1, title="Trao tặng 2.000 bản sách cho thư viện xã", content_html="")
    collect_once(store, "dak-to-tin", [article])
    for query in ("2.000 bản sách", "2.000", "tặng 2.000"):
        assert [s.article.url for s in store.search(query)] == [article.url], query


def test_a_number_typed_last_is_that_number(store: Store, make_article, collect_once) -> None:
    # "số 123" asks for decision 123: as a prefix it found decision 1234 too.
    other = make_article(1, title="Quyết định số 1234/QĐ-UBND về giao đất", content_html="")
    wanted = make_article(2, title="Quyết định số 123/QĐ-UBND về giao rừng", content_html="")
    collect_once(store, "dak-to-tin", [other, wanted])
    assert [s.article.url for s in store.search("quyết định số 123")] == [wanted.url]
    assert store.search("giao dat 123") == []
    assert match_expression("so 123") == '"so" AND "123"'


def test_newest_matches_whatever_their_rank(store: Store, make_article, collect_once) -> None:
    # A search feed lists the newest matches: chosen by rank, a new article naming the
    # words only in its body never showed while older ones had them in their titles.
    titled = [make_article(n, title=f"Hội nghị số {n} của huyện") for n in (1, 3, 6)]
    newer = make_article(
        9,
        title="Ra quân làm đường giao thông nông thôn",
        content_html="<p>Sau hội nghị, các thôn cùng làm.</p>",
    )
    collect_once(store, "dak-to-tin", [*titled, newer])

    def numbers(found) -> list[int]:  # type: ignore[no-untyped-def]
        return [int(a.article.url.rsplit("-", 1)[1]) for a in found]

    assert 9 not in numbers(store.search("hội nghị", limit=2))
    assert numbers(store.search("hội nghị", limit=2, newest=True)) == [9, 6]
    assert numbers(store.search("hoi nghi", limit=3, newest=True, category="chinh-tri")) == [
        9,
        6,
        3,
    ]
