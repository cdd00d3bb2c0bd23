"""Pages answered with 200 that are not the page asked for (`sources.unavailable`)."""

from __future__ import annotations

import pytest

from syndicate.sources.dom import parse_document
from syndicate.sources.unavailable import may_be_notice, notice_of, reads_as_prose, redirected_away

TITLE = "Huyện Đăk Tô tổng kết công tác bảo trì đường giao thông nông thôn năm 2025"
URL = "https://daktơ.kontum.gov.vn/tin-tuc/bai-viet-12.html"

# A portal's layout around whatever it shows: menus and a footer, long enough that a
# notice inside it is judged only as the page's title or heading.
MENU = "".join(f"<li><a href='/m{n}'>Mục thông tin số {n} của huyện</a></li>" for n in range(150))
LAYOUT = "<html><head><title>{title}</title></head><body><ul>" + MENU + "</ul>{body}</body></html>"


def judge(html: str, title: str | None = TITLE, **kw: bool) -> str | None:
    assert may_be_notice(html) or "bảo" not in html
    root, _ = parse_document(html, URL)
    found = notice_of(root, title, url=URL, **kw)
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


def test_a_notice_in_the_text_counts_only_on_a_page_without_an_articles_text() -> None:
    body = "<p>Trang web của huyện đang nâng cấp phần mềm, vui lòng quay lại sau.</p>"
    page = LAYOUT.format(title="Cổng TTĐT huyện", body=body)
    assert judge(page) == "maintenance"  # the layout around a notice
    assert judge(page, has_text=True) is None  # an article saying so in passing


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


BODY = "<p>" + "Người dân phấn khởi vì công trình đã hoàn thành đúng tiến độ. " * 6 + "</p>"


def portal_page(title: str, body: str) -> str:
    return LAYOUT.format(title=title, body=body)


@pytest.mark.parametrize(
    ("page", "listed"),
    [
        # A listing cuts its titles short, mid-word too.
        (
            portal_page(
                "Thông báo tạm ngừng cung cấp điện",
                f"<h1>Thông báo tạm ngừng cung cấp điện</h1>{BODY}",
            ),
            "Thông báo tạm ngừng cung cấp đ…",
        ),
        # … or words them a little differently from the page's heading.
        (
            portal_page(
                "Cổng TTĐT", f"<h1>Hệ thống kênh mương nội đồng xã Ngọc Tụ được nâng cấp</h1>{BODY}"
            ),
            "Xã Ngọc Tụ: hệ thống kênh mương nội đồng được nâng cấp",
        ),
        (
            portal_page("Cổng TTĐT", f"<h1>Hệ thống thủy lợi đang được nâng cấp</h1>{BODY}"),
            "Ngọc Tụ sửa kênh mương trước mùa khô",
        ),
        # Layout headings are read one by one, not as one text.
        (
            portal_page(
                "Cổng TTĐT",
                f"<h2>Trang chủ</h2><h3>Nâng cấp đô thị</h3><h1>Khánh thành cầu</h1>{BODY}",
            ),
            "Khánh thành cầu treo thôn 5 xã Đăk Rơ Nga",
        ),
        # A short page of its own (no layout) whose text mentions a power cut.
        (
            "<html><body><h1>Lịch cắt điện tuần 20</h1><p>Điện lực thông báo tạm ngừng "
            "cung cấp điện khu vực thị trấn từ 7h đến 11h ngày 15/5.</p></body></html>",
            "Lịch tạm ngừng cấp điện tuần 20",
        ),
    ],
)
def test_a_real_article_listed_under_another_wording_is_no_notice(page: str, listed: str) -> None:
    assert judge(page, title=listed) is None


@pytest.mark.parametrize(
    ("title", "body", "kind"),
    [
        ("Thông báo", "<h2>Website tạm ngưng hoạt động</h2><p>Xin cảm ơn!</p>", "maintenance"),
        ("Cổng TTĐT", "<h2>Bài viết đã bị xoá</h2><p>Mời xem tin khác.</p>", "missing"),
        (
            "Th&ocirc;ng b&aacute;o",
            "<h2>Website &#273;ang b&#7843;o tr&igrave;</h2><p>Vui l&ograve;ng quay l&#7841;i sau.</p>",
            "maintenance",
        ),
        ("Cổng TTĐT", "<h2>Bài viết này không tồn tại</h2>", "missing"),
        ("Cổng TTĐT", "<h2>Tin tức không tồn tại!</h2>", "missing"),
        ("Cổng TTĐT", "<h2>Chúng tôi đang bảo trì hệ thống</h2>", "maintenance"),
        ("Bảo trì", "<h1>THÔNG BÁO BẢO TRÌ HỆ THỐNG</h1>", "maintenance"),
        (
            "Welcome to nginx!",
            "<h1>Welcome to nginx!</h1><p>If you see this page…</p>",
            "maintenance",
        ),
        # IIS's 404 page adds that the page may be "temporarily unavailable".
        (
            "The page cannot be found",
            "<h1>The page cannot be found</h1><p>The page you are looking for might have "
            "been removed, had its name changed, or is temporarily unavailable.</p>",
            "missing",
        ),
    ],
)
def test_notices_as_portals_word_and_write_them(title: str, body: str, kind: str) -> None:
    page = portal_page(title, body)
    assert may_be_notice(page)
    assert judge(page) == kind


@pytest.mark.parametrize(
    "asked",
    [
        "http://huyen.vn/tin-tuc/404",  # article number 404, moved to https
        "http://huyen.vn/archives/404/",
        "https://huyen.vn/chi-tiet/404.html",
    ],
)
def test_an_article_numbered_404_is_no_error_page(asked: str) -> None:
    final = asked.replace("http://", "https://www.").replace(
        "https://www.huyen.vn/archives/404/", "https://huyen.vn/archives/404"
    )
    assert redirected_away(asked, final) is None


@pytest.mark.parametrize(
    ("asked", "final"),
    [
        ("https://h.gov.vn/Trang/TinTuc.aspx?ItemID=12", "https://h.gov.vn/Trang/default.aspx"),
        ("https://h.gov.vn/Pages/tin-tuc.aspx?ItemID=12", "https://h.gov.vn/Pages/home.aspx"),
        ("https://h.gov.vn/vi/tin-tuc/bai-viet-12", "https://h.gov.vn/vi/"),
        ("https://h.gov.vn/index.php?option=com_content&id=12", "https://h.gov.vn/index.php"),
    ],
)
def test_more_home_pages_a_missing_article_is_sent_to(asked: str, final: str) -> None:
    found = redirected_away(asked, final)
    assert found is not None and found.kind == "missing"


ARTICLE_TEXT = (
    "<div class='noi-dung'><p>"
    + "Ủy ban nhân dân huyện đề nghị các cơ quan, đơn vị và người dân lưu ý thực hiện. " * 6
    + "</p></div>"
)


def article_page(h1: str, side: str = "") -> str:
    return LAYOUT.format(
        title="Cổng thông tin điện tử huyện Đăk Tô", body=f"{side}<h1>{h1}</h1>{ARTICLE_TEXT}"
    )


@pytest.mark.parametrize(
    ("h1", "listed"),
    [
        # The portal's own announcement, listed under a shorter wording: a dated headline.
        (
            "Cổng thông tin điện tử huyện tạm ngừng hoạt động từ 20 giờ ngày 20/5/2025",
            "Thông báo lịch nâng cấp Cổng TTĐT",
        ),
        (
            "Cổng thông tin điện tử huyện đang được nâng cấp lên phiên bản mới",
            "Ra mắt giao diện mới của Cổng TTĐT",
        ),
        (
            "Trang thông tin một cửa tạm dừng tiếp nhận hồ sơ trực tuyến",
            "Bộ phận một cửa chuyển sang nhận hồ sơ trực tiếp",
        ),
        # "tin" is no prefix of "tình".
        (
            "Đoàn kiểm tra không tìm thấy tình trạng khai thác cát",
            "Kiểm tra khai thác cát trên sông Đăk Psi",
        ),
        (
            "Khắc phục lỗi 404 khi truy cập Cổng dịch vụ công của huyện",
            "Người dân gặp khó khi nộp hồ sơ trực tuyến",
        ),
    ],
)
def test_a_headline_of_news_is_no_notice(h1: str, listed: str) -> None:
    assert judge(article_page(h1), title=listed, has_text=True) is None


@pytest.mark.parametrize(
    "side",
    [
        "<div class='box'><h3>Thông báo bảo trì hệ thống</h3><p>Từ 22h ngày 20/5.</p></div>",
        "<div class='box'><h3>Tin không tồn tại</h3></div>",
    ],
)
def test_a_sidebar_boxs_heading_says_nothing_of_the_page(side: str) -> None:
    page = article_page("Huyện khánh thành công trình giao thông", side)
    assert judge(page, title="Khánh thành cầu treo thôn 5 xã Đăk Rơ Nga", has_text=True) is None


def test_the_listed_title_in_the_pages_title_element_counts_as_shown() -> None:
    listed = "Cổng thông tin điện tử huyện tạm ngừng hoạt động để nâng cấp"
    page = (
        f"<html><head><title>{listed}</title></head><body><h2>Thông báo</h2>"
        "<p>Nội dung chi tiết xem tệp đính kèm.</p><a href='/tb-125.pdf'>Tải về</a></body></html>"
    )
    assert judge(page, title=listed) is None


@pytest.mark.parametrize(
    ("asked", "final"),
    [
        ("https://h.gov.vn/?p=404", "https://h.gov.vn/archives/404"),
        ("https://h.gov.vn/news.aspx?id=404", "https://h.gov.vn/tin-tuc/404"),
        ("https://h.gov.vn/tin-tuc/chi-tiet/404", "https://h.gov.vn/tin-tuc/chi-tiet/404.html"),
        ("https://h.gov.vn/tin-tuc/404", "https://h.gov.vn/vi/tin-tuc/404"),
    ],
)
def test_an_article_numbered_404_sent_to_its_own_address_is_no_error_page(
    asked: str, final: str
) -> None:
    assert redirected_away(asked, final) is None


@pytest.mark.parametrize(
    ("paragraphs", "prose"),
    [
        (["Ủy ban nhân dân huyện đề nghị các đơn vị lưu ý thực hiện nghiêm túc. " * 5], True),
        (["Website đang bảo trì.", "Vui lòng quay lại sau. Xin cảm ơn!"], False),
        # Menus that extraction took for the text: items run together to one full stop.
        ([" ".join(f"Mục thông tin số {n} của huyện" for n in range(60)) + " Xem thêm."], False),
    ],
)
def test_prose_is_sentences(paragraphs: list[str], prose: bool) -> None:
    assert reads_as_prose(paragraphs) is prose


@pytest.mark.parametrize(
    ("final", "kind"),
    [
        ("https://h.gov.vn/GenericErrorPage.htm?aspxerrorpath=/ChiTiet.aspx", "missing"),
        ("https://h.gov.vn/FileNotFound.htm?aspxerrorpath=/ChiTiet.aspx", "missing"),
        ("https://h.gov.vn/Pages/PageNotFoundError.aspx", "missing"),
        ("https://h.gov.vn/trang-chu.html", "missing"),
        ("https://h.gov.vn/Trang/TrangChu.aspx", "missing"),
        ("https://h.gov.vn/vi-vn/", "missing"),
        ("https://h.gov.vn/Home/Index", "missing"),
        ("https://h.gov.vn/home.aspx", "missing"),
    ],
)
def test_error_and_home_pages_as_aspnet_and_sharepoint_name_them(final: str, kind: str) -> None:
    found = redirected_away("https://h.gov.vn/ChiTiet.aspx?id=1234", final)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "final",
    [
        # An id-only address sent to the slugged one: its number holds "404".
        "https://h.gov.vn/tin-tuc/hoi-nghi-tong-ket-140401.html",
        "https://h.gov.vn/en/news/anti-terrorism-drill-held-in-district-77123.html",
    ],
)
def test_an_error_pages_name_counts_only_whole(final: str) -> None:
    assert redirected_away("https://h.gov.vn/Pages/tin.aspx?ItemID=140401", final) is None


@pytest.mark.parametrize(
    "page",
    [
        # An ASP.NET page's view state, an article's number, a telephone number.
        "<input name='__VIEWSTATE' value='dGVzdA404Zm9vYmFy/404+abc='>",
        "<a href='/tin/hoi-nghi-140401.html'>Hội nghị</a><p>ĐT: 0260.3831404</p>",
    ],
)
def test_404_inside_other_figures_hints_at_nothing(page: str) -> None:
    assert not may_be_notice(f"<html><body>{page}</body></html>")


def test_a_broken_refresh_address_sends_no_one_anywhere() -> None:
    page = "<html><head><meta http-equiv='refresh' content='0;url=http://[bad/'></head></html>"
    assert judge(page, title=None, gave_nothing=True) is None
