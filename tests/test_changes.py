"""plan_changes: what a source's fresh articles mean for the store, decided without it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate.changes import (
    ARTICLE_ID_LENGTH,
    Change,
    Insert,
    Seen,
    Update,
    article_id,
    plan_changes,
    revision,
)
from syndicate.model import Article, StoredArticle
from syndicate.normalize import content_hash

NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)
FIRST_SEEN = NOW - timedelta(days=3)
URL_A = "http://huyendakto.example.vn/tin-trong-huyen/hop-ban-chi-dao-1201"
URL_B = "http://huyendakto.example.vn/tin-trong-huyen/ra-quan-ve-sinh-1202"

ARTICLE_A = Article(
    url=URL_A,
    source_id="dak-to-tin",
    district="dak-to",
    category="chinh-tri",
    title="Họp Ban chỉ đạo phòng chống thiên tai huyện",
    summary="Sáng nay, Ban chỉ đạo họp bàn phương án trước mùa mưa.",
    content_html="<p>Ban chỉ đạo huyện rà soát các điểm có nguy cơ sạt lở.</p>",
    published=datetime(2025, 3, 7, 1, 0, tzinfo=UTC),
    content_hash="a1",
)
ARTICLE_B = replace(
    ARTICLE_A,
    url=URL_B,
    title="Thị trấn ra quân vệ sinh môi trường",
    content_hash="b1",
)


def stored(article: Article, *, id_: str | None = None, hidden: bool = False) -> StoredArticle:
    return StoredArticle(
        id=id_ or article_id(article.url),
        article=article,
        first_seen=FIRST_SEEN,
        last_updated=FIRST_SEEN,
        hidden=hidden,
        sources=(article.source_id,),
    )


CHANGED_A = replace(ARTICLE_A, title="Họp Ban chỉ đạo (cập nhật)", content_hash="a2")

CASES: list[tuple[str, dict[str, StoredArticle], list[Article], list[Change]]] = [
    ("new", {}, [ARTICLE_A], [Insert(article_id(URL_A), ARTICLE_A)]),
    (
        "unchanged",
        {URL_A: stored(ARTICLE_A)},
        [ARTICLE_A],
        [Seen(article_id(URL_A), "dak-to-tin", URL_A)],
    ),
    (
        "changed keeps the stored id",
        {URL_A: stored(ARTICLE_A, id_="0123456789abcdef")},
        [CHANGED_A],
        [Update("0123456789abcdef", CHANGED_A, last_updated=NOW)],
    ),
    (
        "same URL twice in one listing collapses",
        {},
        [ARTICLE_A, ARTICLE_B, replace(ARTICLE_A, title="Bản trùng")],
        [Insert(article_id(URL_A), ARTICLE_A), Insert(article_id(URL_B), ARTICLE_B)],
    ),
    (
        "mixed batch keeps listing order",
        {URL_B: stored(ARTICLE_B)},
        [ARTICLE_B, ARTICLE_A],
        [Seen(article_id(URL_B), "dak-to-tin", URL_B), Insert(article_id(URL_A), ARTICLE_A)],
    ),
    (
        "hidden article is only seen, even when changed",
        {URL_A: stored(ARTICLE_A, hidden=True)},
        [CHANGED_A],
        [Seen(article_id(URL_A), "dak-to-tin", URL_A)],
    ),
    ("nothing fresh", {URL_A: stored(ARTICLE_A)}, [], []),
]


@pytest.mark.parametrize(
    ("stored_", "fresh", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_plan_changes(
    stored_: dict[str, StoredArticle], fresh: list[Article], expected: list[Change]
) -> None:
    assert plan_changes("dak-to-tin", stored_, fresh, NOW) == expected


@pytest.mark.parametrize(
    ("was_estimated", "fresh_published", "expected_published", "expected_estimated"),
    [
        # re-estimated on a later run: the first estimate stays
        (True, NOW, ARTICLE_A.published, True),
        # the page lost its printed date: the stored real date stays
        (False, NOW, ARTICLE_A.published, False),
    ],
)
def test_estimated_date_keeps_stored_published(
    was_estimated: bool,
    fresh_published: datetime,
    expected_published: datetime,
    expected_estimated: bool,
) -> None:
    old = replace(ARTICLE_A, date_estimated=was_estimated)
    fresh = replace(CHANGED_A, published=fresh_published, date_estimated=True)
    [change] = plan_changes("dak-to-tin", {URL_A: stored(old)}, [fresh], NOW)
    assert isinstance(change, Update)
    assert change.article.published == expected_published
    assert change.article.date_estimated is expected_estimated
    assert change.article.title == CHANGED_A.title


def test_estimated_date_alone_is_no_change() -> None:
    old = replace(ARTICLE_A, date_estimated=True)
    fresh = replace(ARTICLE_A, published=NOW, date_estimated=True)
    assert plan_changes("dak-to-tin", {URL_A: stored(old)}, [fresh], NOW) == [
        Seen(article_id(URL_A), "dak-to-tin", URL_A)
    ]


def test_real_date_replaces_an_estimate() -> None:
    old = replace(ARTICLE_A, published=NOW - timedelta(days=1), date_estimated=True)
    [change] = plan_changes("dak-to-tin", {URL_A: stored(old)}, [ARTICLE_A], NOW)
    assert change == Update(article_id(URL_A), ARTICLE_A, last_updated=NOW)


def test_another_source_listing_it_is_a_sighting_and_the_origin_owns_the_text() -> None:
    # The province's feed lists the district's page and reads it differently: taking
    # its reading would flip the article between the two readings on every run.
    seen_elsewhere = replace(CHANGED_A, source_id="tinh-tin", district=None, category=None)
    assert plan_changes("tinh-tin", {URL_A: stored(ARTICLE_A)}, [seen_elsewhere], NOW) == [
        Seen(article_id(URL_A), "tinh-tin", URL_A)
    ]
    unchanged = replace(ARTICLE_A, source_id="tinh-tin", district=None)
    assert plan_changes("tinh-tin", {URL_A: stored(ARTICLE_A)}, [unchanged], NOW) == [
        Seen(article_id(URL_A), "tinh-tin", URL_A)
    ]
    # The origin's own edit still goes through, keeping its place.
    edited = replace(CHANGED_A, category=None)
    [change] = plan_changes("dak-to-tin", {URL_A: stored(ARTICLE_A)}, [edited], NOW)
    assert isinstance(change, Update)
    assert (change.article.source_id, change.article.district) == ("dak-to-tin", "dak-to")
    assert change.article.category == "chinh-tri"


HOMES = {"tinh-tin": "kontum.example.vn", "dak-to-tin": "huyendakto.example.vn"}


def test_a_page_the_province_brought_in_first_becomes_its_districts() -> None:
    # The province's feed links straight to the district's page and was collected
    # first; the district's own source lists it now: the district is its home.
    by_province = replace(ARTICLE_A, source_id="tinh-tin", district=None, category=None)
    known = {URL_A: stored(by_province)}
    [change] = plan_changes("dak-to-tin", known, [ARTICLE_A], NOW, homes=HOMES)
    assert change == Update(article_id(URL_A), ARTICLE_A, last_updated=NOW)
    # ... and stays there: the province listing it again is a sighting
    assert plan_changes(
        "tinh-tin", {URL_A: stored(ARTICLE_A)}, [by_province], NOW, homes=HOMES
    ) == [Seen(article_id(URL_A), "tinh-tin", URL_A)]
    # a hidden article stays as it was hidden
    hidden = {URL_A: stored(by_province, hidden=True)}
    assert plan_changes("dak-to-tin", hidden, [ARTICLE_A], NOW, homes=HOMES) == [
        Seen(article_id(URL_A), "dak-to-tin", URL_A)
    ]
    # a source set up on "www." is at home on its pages' bare host, as stored URLs spell it
    www = {**HOMES, "dak-to-tin": "www.huyendakto.example.vn"}
    [change] = plan_changes("dak-to-tin", known, [ARTICLE_A], NOW, homes=www)
    assert isinstance(change, Update) and change.article.source_id == "dak-to-tin"
    # the province linked it over http, the district lists it over https: the same page
    secure = replace(ARTICLE_A, url=URL_A.replace("http:", "https:"))
    [change] = plan_changes(
        "dak-to-tin", {}, [secure], NOW, by_scheme={secure.url: stored(by_province)}, homes=HOMES
    )
    assert change == Update(article_id(URL_A), secure, last_updated=NOW)
    # a page on neither source's host, or on the one it is stored under, stays put
    for homes in (
        {**HOMES, "dak-to-tin": "other.example.vn"},
        {**HOMES, "tinh-tin": HOMES["dak-to-tin"]},
    ):
        assert plan_changes("dak-to-tin", known, [ARTICLE_A], NOW, homes=homes) == [
            Seen(article_id(URL_A), "dak-to-tin", URL_A)
        ]


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        (replace(ARTICLE_A, content_hash=""), replace(ARTICLE_A, content_hash=""), False),
        (
            replace(ARTICLE_A, content_hash=""),
            replace(ARTICLE_A, content_hash="", summary="Tóm tắt mới."),
            True,
        ),
    ],
    ids=["no hash, same text", "no hash, new summary"],
)
def test_articles_without_a_hash_compare_on_text(old: Article, new: Article, changed: bool) -> None:
    [change] = plan_changes("dak-to-tin", {URL_A: stored(old)}, [new], NOW)
    assert isinstance(change, Update) is changed


def test_an_article_moved_to_another_section_is_an_update() -> None:
    # Its text unchanged, it stayed in the old category's feed for good.
    moved = replace(ARTICLE_A, category="moi-truong")
    [change] = plan_changes("dak-to-tin", {URL_A: stored(ARTICLE_A)}, [moved], NOW)
    assert isinstance(change, Update) and change.article.category == "moi-truong"
    # a page that gives no label now leaves the category as it was
    unlabelled = replace(ARTICLE_A, category=None)
    assert plan_changes("dak-to-tin", {URL_A: stored(ARTICLE_A)}, [unlabelled], NOW) == [
        Seen(article_id(URL_A), "dak-to-tin", URL_A)
    ]


def test_revision_of_a_moved_article_is_an_update_even_unchanged() -> None:
    moved = replace(ARTICLE_A, url=URL_A + "-da-sua")
    known = stored(ARTICLE_A, id_="0123456789abcdef")
    assert revision("dak-to-tin", known, moved, NOW) == Update(
        "0123456789abcdef", moved, last_updated=NOW
    )
    hidden = stored(ARTICLE_A, id_="0123456789abcdef", hidden=True)
    assert revision("dak-to-tin", hidden, moved, NOW) == Seen(
        "0123456789abcdef", "dak-to-tin", moved.url
    )


def test_article_id_is_short_stable_hex() -> None:
    assert article_id(URL_A) == article_id(URL_A)
    assert article_id(URL_A) != article_id(URL_B)
    assert len(article_id(URL_A)) == ARTICLE_ID_LENGTH
    int(article_id(URL_A), 16)


def test_duplicate_of_is_an_extension_point() -> None:
    [change] = plan_changes("dak-to-tin", {}, [ARTICLE_A], NOW)
    assert isinstance(change, Insert)
    assert change.duplicate_of is None
    merged = replace(change, duplicate_of="fedcba9876543210")
    assert merged.id == change.id
    assert merged.duplicate_of == "fedcba9876543210"


@given(
    picks=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=12),
    known=st.sets(st.integers(0, 5)),
)
def test_one_change_per_distinct_url(picks: list[tuple[int, bool]], known: set[int]) -> None:
    def article(n: int, edited: bool = False) -> Article:
        return replace(ARTICLE_A, url=f"{URL_A}-{n}", content_hash=f"{n}-{'b' if edited else 'a'}")

    fresh = [article(n, edited) for n, edited in picks]
    stored_ = {article(n).url: stored(article(n)) for n in known}
    changes = plan_changes("dak-to-tin", stored_, fresh, NOW)
    urls = list(dict.fromkeys(a.url for a in fresh))
    assert [c.url if isinstance(c, Seen) else c.article.url for c in changes] == urls
    for change in changes:
        url = change.url if isinstance(change, Seen) else change.article.url
        assert change.id == article_id(url)
        assert isinstance(change, Insert) == (url not in stored_)


def test_a_page_that_loses_its_printed_date_is_no_change() -> None:
    # The content hash leaves an estimated date out, so it differs from the stored one
    # although the stored date is kept and a reader sees nothing new.
    old = replace(ARTICLE_A, content_hash=content_hash(ARTICLE_A))
    undated = replace(ARTICLE_A, published=NOW, date_estimated=True)
    fresh = replace(undated, content_hash=content_hash(undated))
    assert plan_changes("dak-to-tin", {URL_A: stored(old)}, [fresh], NOW) == [
        Seen(article_id(URL_A), "dak-to-tin", URL_A)
    ]
    edited = replace(undated, title=CHANGED_A.title)
    [change] = plan_changes(
        "dak-to-tin", {URL_A: stored(old)}, [replace(edited, content_hash="a2")], NOW
    )
    assert isinstance(change, Update)
    assert (change.article.title, change.article.published) == (CHANGED_A.title, old.published)


def test_a_moved_item_listed_twice_under_its_new_url_is_still_a_move() -> None:
    # Some feeds repeat an item (once per category it is filed under): one item, one
    # guid, one URL, which tells the move as well as a single listing does.
    guid = "urn:dak-to:tin:1201"
    known = stored(replace(ARTICLE_A, guid=guid))
    moved = replace(ARTICLE_A, url=URL_A + "-da-sua", guid=guid)
    changes = plan_changes("dak-to-tin", {}, [moved, moved], NOW, by_guid={guid: [known]})
    assert changes == [Update(known.id, moved, last_updated=NOW)]


def test_an_article_under_the_other_scheme_is_the_stored_one_moved() -> None:
    # The portal moved to https: every item of its feed comes back under a new URL.
    known = stored(ARTICLE_A)
    moved = replace(ARTICLE_A, url=URL_A.replace("http://", "https://"))
    changes = plan_changes("dak-to-tin", {}, [moved], NOW, by_scheme={moved.url: known})
    assert changes == [Update(known.id, moved, last_updated=NOW)]


def test_an_article_moved_to_https_is_not_moved_back_by_an_http_link() -> None:
    # The listing still links some pages over http: the article stays at https, or each
    # run would move it back and forth, every move an edit readers see.
    https = URL_A.replace("http://", "https://")
    known = stored(replace(ARTICLE_A, url=https))
    changes = plan_changes("dak-to-tin", {}, [ARTICLE_A], NOW, by_scheme={URL_A: known})
    assert changes == [Seen(known.id, "dak-to-tin", https)]


@pytest.mark.parametrize(
    "case", ["reads otherwise", "another source's", "listed under its own URL too"]
)
def test_an_article_under_the_other_scheme_is_new_unless_it_is_the_same(case: str) -> None:
    https = URL_A.replace("http://", "https://")
    known = stored(ARTICLE_A)
    fresh = [replace(ARTICLE_A, url=https)]
    listed = {}
    if case == "reads otherwise":
        other = "<p>Đoàn viên thanh niên dọn rác dọc tuyến đường liên thôn.</p>"
        fresh = [replace(ARTICLE_B, url=https, content_html=other)]
    elif case == "another source's":
        known = stored(replace(ARTICLE_A, source_id="tinh-tin"))
    else:
        fresh.append(ARTICLE_A)
        listed = {URL_A: known}
    changes = plan_changes("dak-to-tin", listed, fresh, NOW, by_scheme={https: known})
    assert isinstance(changes[0], Insert) and changes[0].article.url == https
