"""Pages answered with 200 that are not the page asked for (`sources.unavailable`)."""

from __future__ import annotations

import pytest

from syndicate.sources.dom import parse_document
from syndicate.sources.unavailable import may_be_notice, notice_of, redirected_away

TITLE = "Huyện Đăk Tô tổng kết công tác bảo trì đường giao thông nông thôn năm 2025"
URL = "https://daktơ.kontum.gov.vn/tin-tuc/bai-viet-12.html"

# A portal's layout around whatever it shows: menus and a footer, long enough that a
# notice inside it is judged only as the page's title or heading.
MENU = "".join(f"<li><a href='/m{n}'>Mục thông tin số {n} của huyện</a></li>" for n in range(150))
LAYOUT = "<html><head><title>{title}</title></head><body><ul>" + MENU + "</ul>{body}</body></html>"


def judge(html: str, title: str | None = TITLE, **kw: bool) -> str | None:
    assert may_be_notice(html) or "bảo" not in html
    root, _ = parse_document(html, URL)
    found = notice_of(root, title, **kw)
    return found.kind if found is not None else None


@pytest.mark.parametrize(
    "body",
    [
        "<h2>Website đang bảo trì</h2><p>Vui lòng quay lại sau. Xin cảm ơn!</p>",
        "<p>Hệ thống đang được nâng cấp, xin vui lòng truy cập lại sau.</p>",
        "<div>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN TẠM NGỪNG HOẠT ĐỘNG ĐỂ BẢO TRÌ</div>",
        "<h1>Site under maintenance</h1><p>We'll be back soon.</p>",
        "<p>503 Service Unavailable</p>",
    ],
)
def test_a_short_maintenance_notice_is_one(body: str) -> None:
    assert judge(f"<html><head><title>Thông báo</title></head><body>{body}</body></html>") == (
        "maintenance"
    )


@pytest.mark.parametrize(
    "body",
    [
        "<h2>Không tìm thấy trang</h2><p>Trang bạn đang tìm không tồn tại.</p>",
        "<p>Bài viết đã bị xóa hoặc không còn tồn tại.</p>",
        "<p>Nội dung bạn yêu cầu không tồn tại!</p>",
        "<h1>404</h1><p>Page not found</p>",
    ],
)
def test_a_short_not_found_page_is_missing(body: str) -> None:
    assert judge(f"<html><body>{body}</body></html>") == "missing"


def test_a_notice_inside_the_portals_layout_counts_as_its_heading_or_title() -> None:
    heading = LAYOUT.format(title="Cổng TTĐT huyện", body="<h2>Hệ thống đang bảo trì</h2>")
    titled = LAYOUT.format(title="Lỗi 404 - Không tìm thấy trang", body="<p>Xin lỗi.</p>")
    assert judge(heading) == "maintenance"
    assert judge(titled) == "missing"


def test_a_long_page_saying_so_only_in_its_text_is_no_notice() -> None:
    body = "<p>Trang web của huyện đang nâng cấp phần mềm, vui lòng quay lại sau.</p>"
    assert judge(LAYOUT.format(title="Cổng TTĐT huyện", body=body)) is None


@pytest.mark.parametrize(
    "body",
    [
        # A notice published as news, and a story about maintenance of roads: each
        # shows the title it was listed under.
        f"<h1>{TITLE}</h1><p>Hệ thống đang bảo trì đường, vui lòng quay lại sau.</p>",
        # The listing cut the title short and typed its quotes otherwise.
        "<h1>Huyện Đăk Tô tổng kết công tác “bảo trì” đường giao thông nông thôn năm 2025</h1>"
        "<p>Trang web đang bảo trì.</p>",
    ],
)
def test_a_page_showing_its_listed_title_is_that_article(body: str) -> None:
    listed = 'Huyện Đăk Tô tổng kết công tác "bảo trì" đường giao thông nông thôn…'
    assert judge(f"<html><body>{body}</body></html>", title=listed) is None


def test_script_and_style_text_is_not_read() -> None:
    page = (
        "<html><body><script>var msg = 'Website đang bảo trì';</script>"
        "<style>/* bảo trì */</style><p>Một đoạn tin ngắn khác.</p></body></html>"
    )
    assert judge(page) is None


def test_without_a_title_only_a_short_page_is_judged_unless_it_gave_nothing() -> None:
    page = LAYOUT.format(title="Bảo trì hệ thống", body="<h2>Website đang bảo trì</h2>")
    assert judge(page, title=None) is None
    assert judge(page, title=None, gave_nothing=True) == "maintenance"
    assert judge("<html><body><p>Website đang bảo trì</p></body></html>", title=None) == (
        "maintenance"
    )


@pytest.mark.parametrize(
    ("final", "kind"),
    [
        ("https://huyen.vn/", "missing"),
        ("https://huyen.vn/Pages/default.aspx", "missing"),
        ("https://huyen.vn/trang-chu", "missing"),
        ("https://huyen.vn/Error.aspx?aspxerrorpath=/tin/1", "missing"),
        ("https://huyen.vn/404.html", "missing"),
        ("https://huyen.vn/baotri.html", "maintenance"),
        ("https://huyen.vn/tin-tuc/bai-viet-12.html", None),  # the same page
        ("https://www.huyen.vn/tin-tuc/bai-viet-12-moi.html", None),  # moved, still a page
        ("https://huyen.vn/index.php?option=com_content&id=12", None),
    ],
)
def test_a_redirect_away_from_the_article(final: str, kind: str | None) -> None:
    found = redirected_away("https://huyen.vn/tin-tuc/bai-viet-12.html", final)
    assert (found.kind if found else None) == kind


def test_a_site_whose_articles_live_at_its_root_address_is_not_redirected_away() -> None:
    assert (
        redirected_away("https://huyen.vn/index.php?id=12", "https://huyen.vn/index.php?id=12")
        is None
    )
    assert redirected_away("https://huyen.vn/?p=12", "https://huyen.vn/?p=12") is None
