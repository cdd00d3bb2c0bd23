"""Canonical URLs, link resolution and same-site checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate.urls import absolute_url, article_number, canonical_url, escape_url, same_site

TU_TUC = "/tin-t%E1%BB%A9c"  # "/tin-tức" in its one canonical spelling


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # case, www, ports
        ("HTTP://Example.VN/Path", "http://example.vn/Path"),
        ("http://WWW.huyendakto.kontum.gov.vn/a", "http://huyendakto.kontum.gov.vn/a"),
        ("http://www.com/a", "http://www.com/a"),  # "www" is the whole name there
        ("http://example.vn:80/a", "http://example.vn/a"),
        ("https://example.vn:443/a", "https://example.vn/a"),
        ("http://example.vn:8080/a", "http://example.vn:8080/a"),
        ("https://example.vn:80/a", "https://example.vn:80/a"),
        ("http://example.vn./a", "http://example.vn/a"),
        # http and https are different sites
        ("https://example.vn/a", "https://example.vn/a"),
        # empty path, trailing slashes
        ("http://example.vn", "http://example.vn/"),
        ("http://example.vn/", "http://example.vn/"),
        ("http://example.vn/tin-tuc/", "http://example.vn/tin-tuc"),
        ("http://example.vn/tin-tuc//", "http://example.vn/tin-tuc"),
        # fragments
        ("http://example.vn/a#binh-luan", "http://example.vn/a"),
        ("http://example.vn/#", "http://example.vn/"),
        # tracking and session parameters
        (
            "http://example.vn/a?utm_source=zalo&utm_medium=social&id=5",
            "http://example.vn/a?id=5",
        ),
        ("http://example.vn/a?fbclid=IwAR0abc&gclid=x&zarsrc=30", "http://example.vn/a"),
        (
            "http://example.vn/a?mc_cid=1&mc_eid=2&_ga=2.1&ref=home&page=2",
            "http://example.vn/a?page=2",
        ),
        ("http://example.vn/a?PHPSESSID=9f8e&ASP.NET_SessionId=x", "http://example.vn/a"),
        # PHP-Nuke's story id, not a session
        (
            "http://example.vn/modules.php?name=News&file=article&sid=123",
            "http://example.vn/modules.php?file=article&name=News&sid=123",
        ),
        ("http://example.vn/a?UTM_Campaign=x", "http://example.vn/a"),
        # jsessionid as a path parameter
        ("http://example.vn/tin-tuc;jsessionid=A1B2C3?id=4", "http://example.vn/tin-tuc?id=4"),
        ("http://example.vn/a;JSESSIONID=A1.node1/b", "http://example.vn/a/b"),
        # Liferay portlet noise
        (
            "http://huyendakto.kontum.gov.vn/tin-tuc-su-kien/-/asset_publisher/content/hop-mat"
            "?p_p_auth=Zx9&p_p_state=normal&p_p_mode=view&p_p_lifecycle=0"
            "&p_p_col_id=column-2&p_p_col_count=1&redirect=%2Ftin-tuc",
            "http://huyendakto.kontum.gov.vn/tin-tuc-su-kien/-/asset_publisher/content/hop-mat",
        ),
        (
            "http://example.vn/c?_101_INSTANCE_ab_redirect=%2Fx&inheritRedirect=true&p_p_id=101",
            "http://example.vn/c?p_p_id=101",
        ),
        # percent-encoding of Vietnamese paths: literal, upper, lower, decomposed
        ("http://example.vn/tin-tức", "http://example.vn" + TU_TUC),
        ("http://example.vn/tin-t%E1%BB%A9c", "http://example.vn" + TU_TUC),
        ("http://example.vn/tin-t%e1%bb%a9c/", "http://example.vn" + TU_TUC),
        ("http://example.vn/tin-tu\u031b\u0301c", "http://example.vn" + TU_TUC),
        ("http://example.vn/tin-tu%CC%9B%CC%81c", "http://example.vn" + TU_TUC),
        (
            "http://huyentumorong.kontum.gov.vn/Giới-thiệu/Thông-tin-chung.aspx",
            "http://huyentumorong.kontum.gov.vn/Gi%E1%BB%9Bi-thi%E1%BB%87u/Th%C3%B4ng-tin-chung.aspx",
        ),
        # unreserved escapes decoded, reserved ones kept (upper-case), bad bytes kept
        ("http://example.vn/%7Eban%2dtin", "http://example.vn/~ban-tin"),
        ("http://example.vn/a%2fb", "http://example.vn/a%2Fb"),
        ("http://example.vn/a b", "http://example.vn/a%20b"),
        ("http://example.vn/100%", "http://example.vn/100%25"),
        ("http://example.vn/caf%e9", "http://example.vn/caf%E9"),
        # query order and encoding
        ("http://example.vn/a?page=2&cat=5&b", "http://example.vn/a?b&cat=5&page=2"),
        ("http://example.vn/a?id=2&id=1", "http://example.vn/a?id=2&id=1"),
        (
            "http://example.vn/a?q=tin%20t%e1%bb%a9c&&x=a+b",
            "http://example.vn/a?q=tin%20t%E1%BB%A9c&x=a+b",
        ),
        ("http://example.vn/a?", "http://example.vn/a"),
        # dot segments
        ("http://example.vn/a/b/../c", "http://example.vn/a/c"),
        ("http://example.vn/a/./b/.", "http://example.vn/a/b"),
        ("http://example.vn/../../a", "http://example.vn/a"),
        ("http://example.vn/a/%2E%2E/b", "http://example.vn/b"),
        # IDNA hosts
        ("http://Bücher.example/", "http://xn--bcher-kva.example/"),
        # a fragment is a place in the page, but a hashbang route is a page of its own
        ("http://example.vn/tin/1#binh-luan", "http://example.vn/tin/1"),
        ("https://example.vn/#!/tin-tuc/12", "https://example.vn/#!/tin-tuc/12"),
        # not http(s): left alone
        ("mailto:ubnd@example.vn", "mailto:ubnd@example.vn"),
        ("  http://example.vn/a  ", "http://example.vn/a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


_segment = st.text(
    alphabet=st.sampled_from(list("aZ09-._~%/;=&?#:@+ !'éứĐ\u0301\u031bEeFf2")), max_size=12
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp"]),
    host=st.sampled_from(["example.vn", "WWW.Example.vn", "bücher.de", "x.vn:8080", "x.vn:80"]),
    path=_segment,
    query=_segment,
    fragment=_segment,
)
def test_canonical_url_is_idempotent(
    scheme: str, host: str, path: str, query: str, fragment: str
) -> None:
    once = canonical_url(f"{scheme}://{host}/{path}?{query}#{fragment}")
    assert canonical_url(once) == once


@given(st.text(max_size=40))
def test_canonical_url_is_idempotent_on_any_text(text: str) -> None:
    once = canonical_url("http://example.vn/" + text)
    assert canonical_url(once) == once


BASE = "http://huyendakto.kontum.gov.vn/tin-tuc/bai-viet-12"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/Uploads/images/2021/a.jpg", "http://huyendakto.kontum.gov.vn/Uploads/images/2021/a.jpg"),
        ("bai-viet-13", "http://huyendakto.kontum.gov.vn/tin-tuc/bai-viet-13"),
        ("../gioi-thieu", "http://huyendakto.kontum.gov.vn/gioi-thieu"),
        ("?page=2", "http://huyendakto.kontum.gov.vn/tin-tuc/bai-viet-12?page=2"),
        ("//kontum.gov.vn/a", "http://kontum.gov.vn/a"),
        ("https://kontum.gov.vn/a#b", "https://kontum.gov.vn/a#b"),
        ("  /a\n", "http://huyendakto.kontum.gov.vn/a"),
        # Backslashes before the query are slashes to browsers (WHATWG URL), as
        # Windows-made paths in ASP.NET portals rely on; in the query they stay.
        ("\\Uploads\\2021\\a.jpg", "http://huyendakto.kontum.gov.vn/Uploads/2021/a.jpg"),
        ("anh\\a.jpg?q=a\\b", "http://huyendakto.kontum.gov.vn/tin-tuc/anh/a.jpg?q=a\\b"),
        ("/\\kontum.gov.vn/a", "http://kontum.gov.vn/a"),
        ("http:\\\\kontum.gov.vn\\a", "http://kontum.gov.vn/a"),
        ("javascript:void(0)", None),
        ("JavaScript:alert(1)", None),
        ("data:image/png;base64,iVBORw0KGgo=", None),
        ("mailto:ubnd@kontum.gov.vn", None),
        ("about:blank", None),
        ("tel:0260123456", None),
        ("ftp://files.example.vn/a", None),
        ("", None),
        ("   ", None),
        ("http://", None),
    ],
)
def test_absolute_url(href: str, expected: str | None) -> None:
    assert absolute_url(href, BASE) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://www.a.vn/Uploads/Hội nghị 1.jpg?w=600&t=Đăk Tô#Ảnh 1",
            "http://www.a.vn/Uploads/H%E1%BB%99i%20ngh%E1%BB%8B%201.jpg"
            "?w=600&t=%C4%90%C4%83k%20T%C3%B4#%E1%BA%A2nh%201",
        ),
        ("http://a.vn/tin-t%E1%BB%A9c/a b", "http://a.vn/tin-t%E1%BB%A9c/a%20b"),
        ("http://a.vn/b?z=1&a=2&utm_source=x", "http://a.vn/b?z=1&a=2&utm_source=x"),
        ("http://a.vn/<x>|{y}", "http://a.vn/%3Cx%3E%7C%7By%7D"),
        ("http://u@ẢNH.kontum.vn:8080/ảnh", "http://u@xn--nh-k5s.kontum.vn:8080/%E1%BA%A3nh"),
    ],
)
def test_escape_url(url: str, expected: str) -> None:
    assert escape_url(url) == expected
    assert escape_url(expected) == expected


def test_absolute_url_needs_a_web_base_for_relative_links() -> None:
    assert absolute_url("/a", "file:///tmp/page.html") is None


@pytest.mark.parametrize(
    ("url", "host", "allowed", "expected"),
    [
        ("http://huyendakto.kontum.gov.vn/a", "huyendakto.kontum.gov.vn", (), True),
        ("https://HUYENDAKTO.kontum.gov.vn:8443/a", "huyendakto.kontum.gov.vn", (), True),
        ("http://www.huyendakto.kontum.gov.vn/a", "huyendakto.kontum.gov.vn", (), True),
        ("http://huyendakto.kontum.gov.vn/a", "www.huyendakto.kontum.gov.vn", (), True),
        ("http://kontum.gov.vn/a", "huyendakto.kontum.gov.vn", (), False),
        ("http://dakha.huyentumorong.kontum.gov.vn/a", "huyentumorong.kontum.gov.vn", (), False),
        (
            "http://dakha.huyentumorong.kontum.gov.vn/a",
            "huyentumorong.kontum.gov.vn",
            ("dakha.huyentumorong.kontum.gov.vn",),
            True,
        ),
        ("http://cms.example.vn:8080/a", "cms.example.vn:8080", (), True),
        ("http://cms.example.vn/a", "cms.example.vn:8080", (), False),
        ("http://cms.example.vn/a", "cms.example.vn:80", (), True),
        ("/relative/path", "example.vn", (), False),
        ("http://[::1", "example.vn", (), False),
    ],
)
def test_same_site(url: str, host: str, allowed: tuple[str, ...], expected: bool) -> None:
    assert same_site(url, host, allowed) is expected


@pytest.mark.parametrize(
    ("url", "number"),
    [
        (
            "http://www.dakto.gov.vn/tin-tuc/hoi-nghi-tong-ket-12345.html",
            "dakto.gov.vn /tin-tuc/ 12345",
        ),
        ("http://dakto.gov.vn/Tin-Tuc/hoi-nghi-t12345.html", "dakto.gov.vn /tin-tuc/ 12345"),
        ("http://a.vn/123-le-ra-quan-2025.html", "a.vn / 123"),  # Joomla: id first
        ("http://a.vn/tin-tuc/00123/", "a.vn /tin-tuc/ 00123"),
        ("http://a.vn/video/le-hoi-456", "a.vn /video/ 456"),  # numbered apart from news
        ("http://a.vn/tin-tuc/202503/le-hoi", None),  # a month's folder
        # A title that begins with a figure: the number is the one ending the slug.
        ("http://a.vn/tin-tuc/500-suat-qua-tet-12345.html", "a.vn /tin-tuc/ 12345"),
        # A title that ends with one, under an id segment: the id.
        ("http://a.vn/pages/detail/7005/cap-nuoc-sach-cho-350.html", "a.vn /pages/detail/ 7005"),
        # DNN's ids from 1900 to 2099 are no years: the segment before names an id.
        ("http://a.vn/tin-tuc/ArticleID/2031/Slug.aspx", "a.vn /tin-tuc/articleid/ 2031"),
        ("http://a.vn/2025/le-hoi", None),  # a year's folder
        ("http://a.vn/tin-tuc/le-hoi-20250122", None),  # a day
        ("http://a.vn/tin/bai-viet-2", None),  # too short to file anything
        ("http://a.vn/tin/tong-ket-nam-2025.html", None),  # a year
        ("http://a.vn/tin/le-ra-quan.html", None),
        ("http://a.vn/index.php?id=12345", None),  # a query names the page: no slug
    ],
)
def test_the_number_an_address_files_an_article_under(url: str, number: str | None) -> None:
    assert article_number(url) == number
