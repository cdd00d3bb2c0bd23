"""Selector mode: page URLs, next links, duplicates, cleanup rules and hostile markup."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicate.config import HtmlOptions
from syndicate.errors import ParseError
from syndicate.html_clean import sanitize_html
from syndicate.sources.auto import extract_article
from syndicate.sources.html import (
    Listing,
    ListingItem,
    parse_article,
    parse_article_or_extract,
    parse_listing,
)
from syndicate.urls import page_url

BASE = "https://huyenmau.kontum.gov.vn/tin-tuc"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>Trang</title>{head}</head><body>{body}</body></html>"


def article_page(content: str, extra: str = "") -> str:
    return page(f"<h1>Tiêu đề bài viết</h1>{extra}<div class='noi-dung'>{content}</div>")


BODY = HtmlOptions(body=".noi-dung")


# -- page_url --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "template", "n", "expected"),
    [
        (BASE, "?page={n}", 1, BASE),
        (BASE, "?page={n}", 2, BASE + "?page=2"),
        (BASE + "?cat=5", "?page={n}", 3, BASE + "?cat=5&page=3"),
        (BASE + "?page=1&cat=5", "?page={n}", 2, BASE + "?page=2&cat=5"),
        (BASE + "?cat=5", "&trang={n}", 2, BASE + "?cat=5&trang=2"),
        (BASE, "&trang={n}", 4, BASE + "?trang=4"),
        (
            "https://ngochoi.kontum.gov.vn/news/tin-tuc/",
            "/page-{n}",
            2,
            "https://ngochoi.kontum.gov.vn/news/tin-tuc/page-2",
        ),
        (
            "https://ngochoi.kontum.gov.vn/news/tin-tuc",
            "/page-{n}",
            3,
            "https://ngochoi.kontum.gov.vn/news/tin-tuc/page-3",
        ),
        (BASE + "#top", "?page={n}", 2, BASE + "?page=2"),
        (BASE, "https://m.kontum.gov.vn/list?p={n}", 5, "https://m.kontum.gov.vn/list?p=5"),
        (BASE + "/index.html", "index-{n}.html", 2, BASE + "/index-2.html"),
        (
            "http://huyendakto.kontum.gov.vn/tin-trong-huyen?p_p_id=101_INSTANCE_Ab",
            "&_101_INSTANCE_Ab_cur={n}",
            2,
            "http://huyendakto.kontum.gov.vn/tin-trong-huyen?p_p_id=101_INSTANCE_Ab&_101_INSTANCE_Ab_cur=2",
        ),
        # the source's own query stays as written: a repeated parameter, a bare flag,
        # an escape; a parameter the template sets takes its place
        ("http://h.vn/tin?loai=1&loai=2", "&page={n}", 2, "http://h.vn/tin?loai=1&loai=2&page=2"),
        ("http://h.vn/index.aspx?tin-tuc", "&page={n}", 2, "http://h.vn/index.aspx?tin-tuc&page=2"),
        (
            "http://h.vn/t?q=a%20b;c&page=1&x=2",
            "?page={n}",
            3,
            "http://h.vn/t?q=a%20b;c&page=3&x=2",
        ),
    ],
)
def test_page_url(source: str, template: str, n: int, expected: str) -> None:
    assert page_url(source, template, n) == expected


def test_page_template_without_placeholder_is_an_error() -> None:
    with pytest.raises(ParseError, match="placeholder"):
        page_url(BASE, "?page=2", 2)


# -- listing: next links and duplicates ------------------------------------------------

ITEMS = "<ul class='ds'><li><a href='/tin-tuc/bai-mot-101.html'>Bài một</a></li></ul>"


@pytest.mark.parametrize(
    ("pager", "options", "expected"),
    [
        ("<a rel='next' href='?page=2'>2</a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        ("<a href='?page=2'>Trang sau</a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        ("<a href='?page=2'>Tiếp »</a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        ("<a href='?page=2'> TIẾP THEO </a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        ("<a href='?page=2'>›</a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        (
            "<a href='?page=9'>»</a><a href='?page=2'>Trang sau</a>",
            HtmlOptions(links=".ds a"),
            BASE + "?page=2",
        ),
        # A page template means the harvester counts pages itself.
        (
            "<a href='?page=2'>Trang sau</a>",
            HtmlOptions(links=".ds a", page_template="?page={n}"),
            None,
        ),
        # An explicit selector wins over the template and over the generic texts.
        (
            "<a href='?page=5'>Trang sau</a><div class='pg'><a href='?p=2'>2</a></div>",
            HtmlOptions(links=".ds a", next_page=".pg a", page_template="?page={n}"),
            BASE + "?p=2",
        ),
        (
            "<span class='pg'><a href='?p=3'>x</a></span>",
            HtmlOptions(links=".ds a", next_page=".pg"),
            BASE + "?p=3",
        ),
        (
            "<a href=\"javascript:__doPostBack('pager','2')\">Trang sau</a>",
            HtmlOptions(links=".ds a"),
            None,
        ),
        ("<a href='#'>Tiếp</a>", HtmlOptions(links=".ds a"), None),
        ("<a href='" + BASE + "'>Trang sau</a>", HtmlOptions(links=".ds a"), None),
        ("<a href='/tin-tuc/bai-hai-102.html'>Xem tiếp »</a>", HtmlOptions(links=".ds a"), None),
        # ...but to a page of the listing it is the pager's: older articles were missed
        (
            "<a href='/tin-tuc/trang-2'>Xem tiếp »</a>",
            HtmlOptions(links=".ds a"),
            "https://huyenmau.kontum.gov.vn/tin-tuc/trang-2",
        ),
        ("<a href='?page=2'>Tin cũ hơn</a>", HtmlOptions(links=".ds a"), BASE + "?page=2"),
        ("", HtmlOptions(links=".ds a"), None),
    ],
)
def test_next_url(pager: str, options: HtmlOptions, expected: str | None) -> None:
    listing = parse_listing(page(ITEMS + f"<div class='paging'>{pager}</div>"), BASE, options)
    assert listing.next_url == expected


def test_link_rel_next_in_head() -> None:
    text = page(ITEMS, head="<link rel='next' href='/tin-tuc?page=2'>")
    assert parse_listing(text, BASE, HtmlOptions(links=".ds a")).next_url == BASE + "?page=2"


def test_duplicates_are_merged_in_page_order() -> None:
    body = """
    <div class='it'><a href='/tin-tuc/a-1.html'><img src='/anh/a.jpg'></a>
      <h3><a href='/tin-tuc/a-1.html#binh-luan'>Bài A</a></h3><span class='ngay'>01/09/2024</span></div>
    <div class='it'><h3><a href='https://huyenmau.kontum.gov.vn/tin-tuc/b-2.html'>Bài B</a></h3></div>
    <div class='it'><h3><a href='/tin-tuc/a-1.html'>Bài A lặp lại</a></h3></div>
    <div class='it'><h3><a href='b-2.html'>Bài B tương đối</a></h3></div>
    """
    listing = parse_listing(page(body), BASE + "/", HtmlOptions(item=".it", links="h3 a"))
    assert listing == Listing(
        items=(
            ListingItem(
                url="https://huyenmau.kontum.gov.vn/tin-tuc/a-1.html",
                title="Bài A",
                date_text="01/09/2024",
                image_url="https://huyenmau.kontum.gov.vn/anh/a.jpg",
            ),
            ListingItem(url="https://huyenmau.kontum.gov.vn/tin-tuc/b-2.html", title="Bài B"),
        ),
        next_url=None,
    )


def test_duplicates_fill_each_other_in_links_mode() -> None:
    body = """<ul><li><a class='x' href='/tin-tuc/c-3.html'><img src='/c.jpg' alt='Ảnh C'></a>
    <a class='x' href='/tin-tuc/c-3.html'>Bài C</a></li></ul>"""
    (item,) = parse_listing(page(body), BASE, HtmlOptions(links="a.x")).items
    assert item == ListingItem(
        url="https://huyenmau.kontum.gov.vn/tin-tuc/c-3.html",
        title="Bài C",  # the title link's text, not the thumbnail's alt
        image_url="https://huyenmau.kontum.gov.vn/c.jpg",
    )


@pytest.mark.parametrize("options", [HtmlOptions(), HtmlOptions(links=".ds a")])
def test_one_article_linked_in_two_spellings_is_one_item_with_its_card(
    options: HtmlOptions,
) -> None:
    body = """<ul class='ds'>
    <li><a href='https://www.huyenmau.kontum.gov.vn/tin-tuc/Hoi-nghi-so-ket-1234/'><img src='/a.jpg'></a>
      <a href='/tin-tuc/Hoi-nghi-so-ket-1234'>Hội nghị sơ kết</a> <span class='ngay'>12/05/2025</span></li>
    <li><a href='/tin-tuc/Ra-quan-ve-sinh-1235'>Ra quân vệ sinh</a> <span class='ngay'>11/05/2025</span></li>
    </ul>"""
    first, second = parse_listing(page(body), BASE, options).items
    assert first == ListingItem(
        url="https://www.huyenmau.kontum.gov.vn/tin-tuc/Hoi-nghi-so-ket-1234/",
        title="Hội nghị sơ kết",
        date_text="12/05/2025",
        image_url="https://huyenmau.kontum.gov.vn/a.jpg",
    )
    assert second.date_text == "11/05/2025"


@pytest.mark.parametrize("options", [HtmlOptions(), HtmlOptions(item=".ds li")])
@pytest.mark.parametrize("shown", ["3 giờ trước", "Hôm qua 08:15", "2 ngày trước"])
def test_a_cards_relative_date_is_its_date(options: HtmlOptions, shown: str) -> None:
    body = f"""<ul class='ds'>
    <li><a href='/tin-tuc/Hoi-nghi-so-ket-1234'>Hội nghị sơ kết</a>
      <span class='thoi-gian'>{shown}</span></li>
    <li><a href='/tin-tuc/Ra-quan-1235'>Ra quân vệ sinh môi trường</a>
      <span class='thoi-gian'>12/05/2025 08:30</span></li>
    </ul>"""
    first, second = parse_listing(page(body), BASE, options).items
    assert (first.date_text, second.date_text) == (shown, "12/05/2025 08:30")


@pytest.mark.parametrize("options", [HtmlOptions(links=".ds a"), HtmlOptions(item=".ds li")])
def test_a_cards_date_takes_the_time_printed_apart_after_it(options: HtmlOptions) -> None:
    body = """<ul class='ds'>
    <li><a href='/tin-tuc/Hoi-nghi-so-ket-1234'>Hội nghị sơ kết</a>
      <span class='ngay'>12/05/2025</span> <span class='gio'>08:30</span></li>
    </ul>"""
    (item,) = parse_listing(page(body), BASE, options).items
    assert item.date_text == "12/05/2025 08:30"


@pytest.mark.parametrize(
    "options", [HtmlOptions(links=".ds a"), HtmlOptions(item=".ds li"), HtmlOptions()]
)
def test_a_link_back_to_the_listing_is_no_article(options: HtmlOptions) -> None:
    source = "https://huyenmau.kontum.gov.vn/tin-trong-huyen/Tin-trong-huyen-12"
    body = """<ul class='ds'>
    <li><a href='https://www.huyenmau.kontum.gov.vn/tin-trong-huyen/Tin-trong-huyen-12/'>Tin trong huyện</a></li>
    <li><a href='/tin-trong-huyen/Hoi-nghi-so-ket-1234'>Hội nghị sơ kết</a></li>
    </ul>"""
    (item,) = parse_listing(page(body), source, options).items
    assert item.url == "https://huyenmau.kontum.gov.vn/tin-trong-huyen/Hoi-nghi-so-ket-1234"


def test_a_line_break_inside_an_href_is_removed_as_browsers_do() -> None:
    body = """<ul class='ds'><li><a href='  /tin-tuc/Hoi-nghi-so-ket-cong-tac-
1234.aspx '>Hội nghị sơ kết</a></li><li><a href='/tin-tuc/Bai viet 1235.aspx'>Bài</a></li></ul>"""
    items = parse_listing(page(body), BASE, HtmlOptions(links=".ds a")).items
    assert [item.url for item in items] == [
        "https://huyenmau.kontum.gov.vn/tin-tuc/Hoi-nghi-so-ket-cong-tac-1234.aspx",
        "https://huyenmau.kontum.gov.vn/tin-tuc/Bai viet 1235.aspx",
    ]


def test_base_href_resolves_links() -> None:
    text = page(
        "<ul class='ds'><li><a href='pages/detail/7/Bai.html'>Bài</a></li></ul>",
        head="<base href='https://kontumcity.kontum.gov.vn/'>",
    )
    (item,) = parse_listing(
        text, "https://kontumcity.kontum.gov.vn/pages/tin.html", HtmlOptions(links=".ds a")
    ).items
    assert item.url == "https://kontumcity.kontum.gov.vn/pages/detail/7/Bai.html"


@pytest.mark.parametrize(
    ("body", "options"),
    [
        ("<p>Chưa có bài viết nào.</p>", HtmlOptions(item=".news-item")),
        ("<ul class='ds'></ul>", HtmlOptions(links=".ds a")),
        (
            "<div class='it'><a href='javascript:void(0)'>x</a> <a href='mailto:a@b.vn'>y</a></div>",
            HtmlOptions(item=".it"),
        ),
        ("<div class='menu'><a href='/tin-tuc/bai-1-101.html'>Bài</a></div>", HtmlOptions()),
    ],
)
def test_listing_without_article_links_is_an_error(body: str, options: HtmlOptions) -> None:
    with pytest.raises(ParseError, match="no article links"):
        parse_listing(page(body), BASE, options)


@pytest.mark.parametrize("bad", ["a[", "div >", "::nonsense", "a:contains(x"])
def test_invalid_selector_is_a_parse_error(bad: str) -> None:
    with pytest.raises(ParseError, match="invalid CSS selector"):
        parse_listing(page(ITEMS), BASE, HtmlOptions(links=bad))


# -- article: cleanup rules ------------------------------------------------------------

RELATED_BLOCKS = [
    "<div class='khac'><h3>Các tin khác</h3><ul><li><a href='/a-1.html'>Bài cũ một</a></li></ul></div>",
    "<div><div class='tit'><span>Tin liên quan:</span></div><ul><li><a href='/a-1.html'>Bài cũ một</a></li></ul></div>",
    "<p><strong>TIN BÀI LIÊN QUAN</strong></p><ul><li><a href='/a-1.html'>Bài cũ một</a></li><li><a href='/b.html'>Bài cũ hai</a></li></ul>",
    "<section><h4>Tin cùng chuyên mục</h4><table><tr><td><a href='/a-1.html'>Bài cũ một</a> (01/01/2024)</td></tr></table></section>",
    "<div class='panel'><p class='h3'><strong>Những tin mới hơn</strong></p><ul><li><a href='/a-1.html'>Bài cũ một</a></li></ul>"
    "<p class='h3'><strong>Những tin cũ hơn</strong></p><ul><li><a href='/b.html'>Bài cũ hai</a></li></ul></div>",
    # NFD text (combining marks) and odd case still match the label.
    "<div><h3>Bài viết li\u0065\u0302n quan</h3><ul><li><a href='/a-1.html'>Bài cũ một</a></li></ul></div>",
]


@pytest.mark.parametrize("block", RELATED_BLOCKS)
def test_related_blocks_are_removed(block: str) -> None:
    content = f"<p>Đoạn đầu của bài.</p>{block}<p>Đoạn cuối của bài.</p>"
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    assert "Bài cũ một" not in raw.content_html
    assert "Đoạn đầu của bài." in raw.content_html
    assert "Đoạn cuối của bài." in raw.content_html


def test_a_paragraph_mentioning_related_news_stays() -> None:
    content = "<p>Tin liên quan đến dự án sẽ được cập nhật trong số sau của bản tin huyện.</p>"
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html == content


@pytest.mark.parametrize(
    "noise",
    [
        "<p>1.453 lượt xem</p>",
        "<div class='luotxem'>Lượt xem: 2.087</div>",
        "<span><i class='icon-eye'></i> 312 lượt xem</span>",
        "<p>Số lượt xem: 45</p>",
        "<li><em class='fa fa-eye'></em> Đã xem: 312</li>",
        "<div class='share'><a href='https://facebook.com/sharer?u=x'>Facebook</a> <a href='#'>Zalo</a></div>",
        "<div>Mặc định / Cỡ chữ <a href='#'>A-</a> <a href='#'>A+</a></div>",
        "<p><a href='javascript:print()'>In bài</a> | <a href='#'>Gửi email</a></p>",
        "<div class='tool-bar'><a href='#'>Lưu tin</a></div>",
        "<script>var luotXem = 1453;</script>",
        "<style>.x{color:red}</style>",
        "<iframe src='https://www.google.com/maps/embed?pb=!1m18'></iframe>",  # a map
        "<iframe src='https://www.facebook.com/plugins/like.php?href=x'></iframe>",
        "<form action='/binh-luan'><textarea></textarea><button>Gửi</button></form>",
        "<noscript>Bật JavaScript</noscript>",
        "<nav><a href='/'>Trang chủ</a></nav>",
    ],
)
def test_never_content_is_removed_from_the_body(noise: str) -> None:
    content = f"<p>Đoạn đầu.</p>{noise}<p>Đoạn cuối.</p>"
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    assert raw.content_html.replace("\n", "") == "<p>Đoạn đầu.</p><p>Đoạn cuối.</p>"


@pytest.mark.parametrize(
    ("embedded", "address"),
    [
        (
            "<iframe width='560' src='https://www.youtube.com/embed/Xk3cRw9Lq0s?rel=0'></iframe>",
            "https://www.youtube.com/watch?v=Xk3cRw9Lq0s",
        ),
        (
            "<iframe src='//www.youtube.com/embed/Xk3cRw9Lq0s'></iframe>",
            "https://www.youtube.com/watch?v=Xk3cRw9Lq0s",
        ),
        (
            "<video controls><source src='/media/le-hoi.mp4'></video>",
            "https://huyenmau.kontum.gov.vn/media/le-hoi.mp4",
        ),
    ],
)
def test_an_embedded_video_stays_as_a_link_to_it(embedded: str, address: str) -> None:
    # The player goes with the other frames; the video was lost with it.
    content = f"<p>Đoạn đầu.</p>{embedded}<p>Đoạn cuối.</p>"
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    shown = sanitize_html(raw.content_html, BASE + "/bai-5.html")
    assert shown == (f'<p>Đoạn đầu.</p><p><a href="{address}">Xem video</a></p><p>Đoạn cuối.</p>')


@pytest.mark.parametrize(
    "content",
    [
        "<p>Chia sẻ tại hội nghị, đồng chí Chủ tịch đề nghị các xã đẩy nhanh tiến độ.</p>",
        "<p>In bài phát biểu, gửi các đơn vị để nghiên cứu, quán triệt.</p>",
        "<p>Số lượt xem trang thông tin tăng mạnh trong năm qua.</p>",
        "<div class='meta'><span>Tác giả: Hồng Nhung</span> <span>625 lượt xem</span></div>",
    ],
)
def test_prose_that_starts_like_a_toolbar_stays(content: str) -> None:
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    assert ("Tác giả: Hồng Nhung" if "meta" in content else content) in raw.content_html
    assert "625" not in raw.content_html


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        # A grade and a contact table: cells that read like a font-size toolbar or a
        # share button are the article's.
        (
            "<table><tr><th>Chi bộ</th><th>Xếp loại</th></tr>"
            "<tr><td>Thôn 1</td><td>A</td></tr><tr><td>Thôn 2</td><td>B</td></tr></table>",
            "<td>Thôn 1</td><td>A</td>",
        ),
        (
            "<table><tr><td>Email</td><td>ubnd.dakto@kontum.gov.vn</td></tr></table>",
            "<td>Email</td>",
        ),
        ("<p>Phản ánh qua các kênh:</p><ul><li>Zalo</li><li>Facebook</li></ul>", "<li>Zalo</li>"),
        # Figures about views, in a sentence and in a table.
        (
            "<p>Video quảng bá du lịch đạt 25.000 lượt xem chỉ sau một tuần.</p>",
            "đạt 25.000 lượt xem chỉ sau một tuần",
        ),
        (
            "<table><tr><td>Cổng TTĐT huyện</td><td>125.000 lượt truy cập</td></tr></table>",
            "<td>125.000 lượt truy cập</td>",
        ),
        ("<p>Điểm trung bình: A</p>", "Điểm trung bình: A"),
    ],
)
def test_body_text_that_reads_like_a_toolbar_or_a_counter_stays(content: str, kept: str) -> None:
    raw = parse_article(article_page(content), BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    assert kept in raw.content_html.replace("\n", "")


def test_counter_sharing_a_line_with_the_date_keeps_the_date() -> None:
    extra = "<div class='info'>Ngày đăng: 05/07/2023 09:15 | 1.208 lượt xem</div>"
    raw = parse_article(article_page("<p>Nội dung.</p>", extra), BASE + "/bai-5.html", BODY)
    assert raw.published == "Ngày đăng: 05/07/2023 09:15"


def test_an_articles_own_words_about_views_are_kept_whole() -> None:
    # The cut meant for a facts line ("date | N lượt xem") took the figures out of the
    # article's sentences and lists: "… video đạt ." was stored.
    content = (
        "<p>Trung tâm Văn hóa huyện đã xây dựng nhiều video giới thiệu cảnh đẹp của huyện.</p>"
        "<ul><li>Đến 20/6/2025: 25.000 lượt xem</li></ul>"
        "<p>Tính đến 20/6/2025, video đạt 25.000 lượt xem.</p>"
    )
    extra = "<div class='info'>Ngày đăng: 22/06/2025 08:30 - Lượt xem: 1208</div>"
    html = article_page(content, extra)
    selected = parse_article(html, BASE + "/bai-5.html", BODY)
    extracted = extract_article(html, BASE + "/video-quang-ba-du-lich-2200.html")
    for raw in (selected, extracted):
        assert raw.content_html is not None
        assert "video đạt 25.000 lượt xem." in raw.content_html
        assert raw.published == "Ngày đăng: 22/06/2025 08:30"
    assert "Đến 20/6/2025: 25.000 lượt xem" in (selected.content_html or "")


def test_configured_drop_runs_first() -> None:
    content = "<p>Nội dung.</p><div class='quang-cao'><p>Quảng cáo dài dòng về sản phẩm.</p></div>"
    options = HtmlOptions(body=".noi-dung", drop=(".quang-cao",))
    raw = parse_article(article_page(content), BASE + "/bai-5.html", options)
    assert raw.content_html == "<p>Nội dung.</p>"


def test_a_long_print_area_wrapper_is_content() -> None:
    text = "Nội dung rất dài của bài viết. " * 20
    html = page(f"<h1>Tiêu đề</h1><div id='printArea' class='print-content'><p>{text}</p></div>")
    raw = parse_article(html, BASE + "/bai-5.html", HtmlOptions(body="#printArea"))
    assert raw.content_html == f"<p>{text}</p>"


def test_asp_net_page_form_is_not_dropped() -> None:
    paragraphs = "".join(
        f"<p>Đoạn văn số {i} của bài viết, đủ dài để là nội dung.</p>" for i in range(40)
    )
    html = page(
        f"<form id='Form' method='post'><h1>Tiêu đề</h1><div class='noi-dung'>{paragraphs}</div></form>"
    )
    raw = parse_article(html, BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None and raw.content_html.count("<p>") == 40


@pytest.mark.parametrize(
    ("state", "heading"),
    [("", "h1"), ("<input type='hidden' name='__VIEWSTATE' value='x'>", "h2")],
)
def test_a_short_asp_net_page_keeps_its_article_without_selectors(state: str, heading: str) -> None:
    # A two-paragraph notice: the whole page, menu included, is under 1000 characters.
    html = page(
        f"<form id='Form' method='post'>{state}<div class='menu'><a href='/'>Trang chủ</a></div>"
        f"<{heading}>Thông báo lịch tiếp công dân tháng 02/2025</{heading}>"
        "<div class='ngay'>Ngày đăng: 03/02/2025 08:30</div><div class='noi-dung'>"
        "<p>Chủ tịch UBND huyện Đăk Tô tiếp công dân định kỳ vào ngày 15/02/2025 tại Trụ sở "
        "Tiếp công dân huyện.</p><p>Đề nghị công dân có nhu cầu liên hệ trước để được bố trí."
        "</p></div></form>"
    )
    raw = extract_article(html, BASE + "/Thong-bao-lich-tiep-cong-dan-1234.aspx")
    assert raw.published == "Ngày đăng: 03/02/2025 08:30"
    assert raw.content_html is not None and "tiếp công dân định kỳ" in raw.content_html


# -- article: fields -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            "<div class='top-bar'><span class='date'>Thứ 3, ngày 21 tháng 1 năm 2025</span></div><h1>T</h1><div class='post-date'>12-7-2017</div>",
            "12-7-2017",
        ),
        (
            "<div id='header'><div class='header-date'>Thứ 4, Ngày 24/04/2024 -</div></div><h1>T</h1><span>Ngày đăng: 22/04/2019  22:02</span>",
            "Ngày đăng: 22/04/2019 22:02",
        ),
        (
            "<h1>T</h1><time datetime='2024-09-02T08:30:00+07:00'>2 giờ trước</time>",
            "2024-09-02T08:30:00+07:00",
        ),
        (
            "<h1>T</h1><p class='ngay-dang'>02/09/2024</p><p class='cap-nhat'>Cập nhật: 03/09/2024 10:00</p>",
            "Cập nhật: 03/09/2024 10:00",
        ),
        (
            "<h1>T</h1><span class='h5'>Thứ ba - 27/06/2023 10:14</span>",
            "Thứ ba - 27/06/2023 10:14",
        ),
        (
            "<h1>T</h1><p>Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT +7)</p>",
            "Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT +7)",
        ),
        ("<div class='date'>Hôm nay: 21/01/2025</div><h1>T</h1>", None),
        # The label in a cell or term of its own, before the date's
        (
            "<h1>T</h1><table><tr><td>Ngày đăng:</td><td>14/01/2025</td></tr></table>",
            "14/01/2025",
        ),
        ("<h1>T</h1><dl><dt>Cập nhật</dt><dd>14-01-2025</dd></dl>", "14-01-2025"),
        # the publication date, not the update printed before it
        (
            "<h1>T</h1><div>Cập nhật lúc: 04/09/2024 15:00</div><div>Ngày đăng: 02/09/2024 08:30</div>",
            "Ngày đăng: 02/09/2024 08:30",
        ),
        (
            "<h1>T</h1><div>Ngày cập nhật: 04/09/2024 15:00 | Ngày đăng: 02/09/2024 08:30</div>",
            "Ngày đăng: 02/09/2024 08:30",
        ),
        (
            "<h1>T</h1><table><tr><td>Cập nhật:</td><td>04/09/2024 15:00</td></tr>"
            "<tr><td>Ngày đăng:</td><td>02/09/2024 08:30</td></tr></table>",
            "02/09/2024 08:30",
        ),
        # a publication word with no date after it cuts nothing away
        (
            "<h1>T</h1><div>Cập nhật: 02/09/2024 08:30 | Posted by admin</div>",
            "Cập nhật: 02/09/2024 08:30 | Posted by admin",
        ),
        # an update label alone is the page's dateline, as any label makes one
        (
            "<div class='meta'>Cập nhật lúc 08:30, Thứ Hai, 02/09/2024 (GMT+7)</div><h1>T</h1>"
            "<div class='noi-dung'><p>x</p></div><div class='lien-quan'><ul>"
            "<li><a href='/tin/1.html'>Hội nghị sơ kết</a> <time datetime='2024-09-05T10:00:00+07:00'>05/09/2024 10:00</time></li>"
            "<li><a href='/tin/2.html'>Tin khác</a> <time datetime='2024-09-06T10:00:00+07:00'>06/09/2024 10:00</time></li>"
            "</ul></div>",
            "Cập nhật lúc 08:30, Thứ Hai, 02/09/2024 (GMT+7)",
        ),
        ("<h1>T</h1><p>Cập nhật tình hình mưa lũ</p><p>Ngày 14/01/2025 mưa to.</p>", None),
        # an unlabelled dateline, then a box of other articles with their times marked:
        # every article of the portal was dated like the box's first item
        (
            "<h1>T</h1><div>Ngày 12/05/2025 08:30</div><div class='noi-dung'><p>x</p></div>"
            "<div class='tin-noi-bat'><h3>Tin nổi bật</h3><ul>"
            "<li><a href='/tin/bai-9.html'>Khai mạc hội thi</a> <span class='time'>10/06/2025 09:00</span></li>"
            "<li><a href='/tin/bai-8.html'>Tập huấn phòng cháy</a> <span class='time'>09/06/2025 15:00</span></li>"
            "</ul></div>",
            "Ngày 12/05/2025 08:30",
        ),
        (
            "<h1>T</h1><p>Trong ngày 22/01/2021, Ủy ban nhân dân huyện đã tổ chức Hội nghị triển khai các nhiệm vụ năm 2021 với sự tham dự của các xã.</p>",
            None,
        ),
    ],
)
def test_date_text(markup: str, expected: str | None) -> None:
    raw = parse_article(
        page(markup + "<div class='noi-dung'><p>x</p></div>"), BASE + "/bai-5.html", BODY
    )
    assert raw.published == expected


@pytest.mark.parametrize(
    "shown",
    [
        "<span class='date'>12/05/25 08:30</span>",  # a two-digit year
        "<div class='ngay-dang'>Thứ ba, 12/05/2025 08:30</div>",  # 12/05/2025 was a Monday
    ],
)
def test_a_page_date_that_does_not_read_leaves_the_listing_date(shown: str) -> None:
    item = ListingItem(url=BASE + "/bai-5.html", title="T", date_text="12/05/2025")
    html = page(f"<h1>T</h1>{shown}<div class='noi-dung'><p>x</p></div>")
    assert parse_article(html, BASE + "/bai-5.html", BODY, item).published == "12/05/2025"


def test_an_unreadable_page_date_is_kept_when_nothing_reads() -> None:
    html = page("<h1>T</h1><span class='date'>12/05/25 08:30</span><div class='noi-dung'></div>")
    assert parse_article(html, BASE + "/bai-5.html", BODY).published == "12/05/25 08:30"


def test_meta_published_time_is_the_last_page_date() -> None:
    html = page(
        "<h1>T</h1><div class='noi-dung'><p>x</p></div>",
        head="<meta property='article:published_time' content='2024-09-02T08:30:00+07:00'>",
    )
    assert parse_article(html, BASE + "/bai-5.html", BODY).published == "2024-09-02T08:30:00+07:00"


_LD = '<script type="application/ld+json">{}</script>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            _LD.format('{"@type": "NewsArticle", "datePublished": "2024-09-02T08:30:00+07:00"}'),
            "2024-09-02T08:30:00+07:00",
        ),
        (
            _LD.format(
                '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite"},'
                ' {"@type": "Article", "datePublished": "2024-09-02T08:30:00+07:00"}]}'
            ),
            "2024-09-02T08:30:00+07:00",
        ),
        (
            _LD.format('[{"@type": "BreadcrumbList"}, {"datePublished": "2024-09-02"}]'),
            "2024-09-02",
        ),
        # a template's broken JSON is passed over, the next script read
        (
            _LD.format('{"datePublished": "2024-09-01",}')
            + _LD.format('{"datePublished": "2024-09-02T08:30:00+07:00"}'),
            "2024-09-02T08:30:00+07:00",
        ),
        # a meta tag first; a work the article cites dates nothing
        (
            "<meta property='article:published_time' content='2024-09-02T09:00:00+07:00'>"
            + _LD.format('{"datePublished": "2024-09-02T08:30:00+07:00"}'),
            "2024-09-02T09:00:00+07:00",
        ),
        (_LD.format('{"about": {"about": {"about": {"datePublished": "2001-01-01"}}}}'), None),
        # nested deeper than the JSON reader goes: passed over, not the article's failure
        (_LD.format("[" * 100_000 + "]" * 100_000), None),
    ],
)
def test_the_date_in_json_ld_is_the_pages_date_when_nothing_else_gives_one(
    head: str, expected: str | None
) -> None:
    html = page("<h1>T</h1><div class='noi-dung'><p>x</p></div>", head=head)
    assert parse_article(html, BASE + "/bai-5.html", BODY).published == expected


@pytest.mark.parametrize(
    ("meta_time", "expected"),
    [
        # 01:30 on 2 September in Vietnam, in UTC: the same day as the page prints
        ("2024-09-01T18:30:00Z", "2024-09-01T18:30:00Z"),
        ("2024-09-02T08:30:00+07:00", "2024-09-02T08:30:00+07:00"),
        # 17:30 on 2 September in UTC is already 3 September in Vietnam: another day
        ("2024-09-02T17:30:00Z", "02/09/2024"),
    ],
)
def test_a_day_alone_takes_the_time_of_a_meta_date_on_that_day_in_vietnam(
    meta_time: str, expected: str
) -> None:
    html = page(
        "<h1>T</h1><div class='ngay-dang'>02/09/2024</div><div class='noi-dung'><p>x</p></div>",
        head=f"<meta property='article:published_time' content='{meta_time}'>",
    )
    assert parse_article(html, BASE + "/bai-5.html", BODY).published == expected


@pytest.mark.parametrize(
    ("markup", "head", "expected"),
    [
        (
            "<header><h1 class='logo'>Cổng thông tin huyện</h1></header><h1>Tiêu đề bài</h1>",
            "",
            "Tiêu đề bài",
        ),
        ("<h2>Không có h1</h2>", "<meta property='og:title' content='Tiêu đề og'>", "Tiêu đề og"),
        ("<h2>Không có h1</h2>", "", "Trang"),
        # The site's name in an <h1> linking home, in a block not named like a header
        (
            "<div class='logo'><h1><a href='/'>Cổng thông tin huyện</a></h1></div>"
            "<h1>Tiêu đề bài</h1>",
            "",
            "Tiêu đề bài",
        ),
        (
            "<div id='dnn_logo'><h1><a href='https://huyenmau.kontum.gov.vn/Default.aspx'>"
            "UBND HUYỆN</a></h1></div><h2>Không có h1</h2>",
            "<meta property='og:title' content='Tiêu đề og'>",
            "Tiêu đề og",
        ),
    ],
)
def test_title_fallbacks(markup: str, head: str, expected: str) -> None:
    html = page(markup + "<div class='noi-dung'><p>x</p></div>", head=head)
    assert parse_article(html, BASE + "/bai-5.html", BODY).title == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "<title>Ra quân làm đường giao thông nông thôn - Cổng thông tin điện tử huyện Mẫu"
            "</title>",
            "Ra quân làm đường giao thông nông thôn",
        ),
        (
            "<title>Cổng TTĐT huyện Mẫu | Ra quân làm đường giao thông nông thôn</title>",
            "Ra quân làm đường giao thông nông thôn",
        ),
        (
            "<meta property='og:title' content='Ra quân làm đường giao thông - nông thôn"
            " - UBND huyện Mẫu'>",
            "Ra quân làm đường giao thông - nông thôn",
        ),
        (
            "<meta property='og:site_name' content='Huyện Mẫu'>"
            "<title>Ra quân làm đường giao thông nông thôn – Huyện Mẫu</title>",
            "Ra quân làm đường giao thông nông thôn",
        ),
        (
            "<title>Ra quân làm đường giao thông nông thôn - huyenmau.kontum.gov.vn</title>",
            "Ra quân làm đường giao thông nông thôn",
        ),
        # the section, when the page names it in its breadcrumb
        (
            "<title>Ra quân làm đường giao thông nông thôn - Tin trong huyện - Cổng TTĐT huyện"
            " Mẫu</title>",
            "Ra quân làm đường giao thông nông thôn",
        ),
        # a dash inside the title stays
        (
            "<title>Hội nghị sơ kết - đánh giá công tác quý I</title>",
            "Hội nghị sơ kết - đánh giá công tác quý I",
        ),
        # a title worded like a site's name, with no site name around it, stays
        (
            "<title>Cổng thông tin điện tử huyện ra mắt giao diện mới</title>",
            "Cổng thông tin điện tử huyện ra mắt giao diện mới",
        ),
    ],
)
def test_page_titles_lose_the_sites_name(head: str, expected: str) -> None:
    """A page without an <h1> is named by its <title> or og:title, which carry the
    portal's name (and sometimes the section) around the article's."""
    crumb = "<ul class='breadcrumb'><li><a href='/tt'>Tin trong huyện</a></li></ul>"
    content = "<div class='noi-dung'><p>Sáng nay, các xã ra quân làm đường.</p></div>"
    html = f"<html><head>{head}</head><body>{crumb}<h2>{expected}</h2>{content}</body></html>"
    assert parse_article(html, BASE + "/bai-5.html", BODY).title == expected


def test_extracted_titles_lose_the_sites_name() -> None:
    text = "Sáng nay, các xã trên địa bàn huyện đồng loạt ra quân làm đường giao thông. " * 6
    html = (
        "<html><head><title>Cổng TTĐT huyện Mẫu | Ra quân làm đường giao thông nông thôn"
        f"</title></head><body><div class='tin'><p>{text}</p><p>{text}</p></div></body></html>"
    )
    assert extract_article(html, BASE + "/bai-5.html").title == (
        "Ra quân làm đường giao thông nông thôn"
    )


@pytest.mark.parametrize(
    ("markup", "head", "options", "expected"),
    [
        (
            "<div class='noi-dung'><img src='a.jpg'></div>",
            "<meta property='og:image' content='/og.jpg'>",
            BODY,
            "https://huyenmau.kontum.gov.vn/og.jpg",
        ),
        (
            "<div class='noi-dung'><img src='data:image/gif;base64,R0lGOD' data-src='/that.jpg'></div>",
            "",
            BODY,
            "https://huyenmau.kontum.gov.vn/that.jpg",
        ),
        (
            "<div class='noi-dung'><img src='/pixel.gif' width='1' height='1'><img src='/anh.jpg'></div>",
            "",
            BODY,
            "https://huyenmau.kontum.gov.vn/anh.jpg",
        ),
        (
            "<div class='anh'><img src='/chon.jpg'></div><div class='noi-dung'><img src='/khac.jpg'></div>",
            "",
            HtmlOptions(body=".noi-dung", image=".anh"),
            "https://huyenmau.kontum.gov.vn/chon.jpg",
        ),
        # a lazy loader's srcset beats its placeholder; a srcset alone is the image
        (
            "<div class='noi-dung'><img src='/loading.gif' "
            "data-srcset='/hn-600.jpg 600w, /hn-1200.jpg 1200w'></div>",
            "",
            BODY,
            "https://huyenmau.kontum.gov.vn/hn-1200.jpg",
        ),
        (
            "<div class='noi-dung'><img srcset='/hn.jpg 1x, /hn@2x.jpg 2x'></div>",
            "",
            BODY,
            "https://huyenmau.kontum.gov.vn/hn@2x.jpg",
        ),
        ("<div class='noi-dung'><p>Không ảnh</p></div>", "", BODY, None),
    ],
)
def test_lead_image(markup: str, head: str, options: HtmlOptions, expected: str | None) -> None:
    raw = parse_article(page("<h1>T</h1>" + markup, head=head), BASE + "/bai-5.html", options)
    assert raw.image_url == expected


def test_lazy_images_keep_their_real_source_in_the_body() -> None:
    raw = parse_article(
        article_page("<img src='/loading.gif' data-original='/that.jpg'>"),
        BASE + "/bai-5.html",
        BODY,
    )
    assert raw.content_html is not None and 'src="https://huyenmau.kontum.gov.vn/that.jpg"' in (
        raw.content_html
    )


def test_lazy_srcset_images_keep_their_real_source_in_extracted_text() -> None:
    # Without a body selector trafilatura reads the page, and it keeps `src` alone.
    text = "Sáng nay, huyện tổ chức hội nghị tổng kết công tác năm cũ và bàn nhiệm vụ năm mới. " * 6
    html = article_page(
        f"<p>{text}</p><p><img src='/loading.gif' data-srcset='/hn-600.jpg 600w, "
        f"/hn-1200.jpg 1200w'></p><p>{text}</p>"
    )
    raw = extract_article(html, BASE + "/bai-5.html")
    assert raw.content_html is not None and "hn-1200.jpg" in raw.content_html
    assert "loading.gif" not in raw.content_html
    assert raw.image_url == "https://huyenmau.kontum.gov.vn/hn-1200.jpg"


def test_srcset_only_thumbnails_are_the_listing_items_image() -> None:
    listing = page(
        "<ul><li class='tin'><a href='/tin/hoi-nghi-12.html'><img "
        "srcset='/anh/hn-300.jpg 300w, /anh/hn-600.jpg 600w'></a>"
        "<a href='/tin/hoi-nghi-12.html'>Hội nghị tổng kết</a></li></ul>"
    )
    items = parse_listing(listing, BASE, HtmlOptions(item="li.tin")).items
    assert [item.image_url for item in items] == ["https://huyenmau.kontum.gov.vn/anh/hn-600.jpg"]


@pytest.mark.parametrize(
    ("crumb", "expected"),
    [
        (
            "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/tt'>Tin tức</a></li><li>Tiêu đề bài viết</li></ul>",
            "Tin tức",
        ),
        (
            "<ol class='breadcrumbs'><li><a href='/'>Trang chủ</a></li><li><a href='/tt'>Tin tức</a></li><li><a href='/tt/x'>Tiêu đề bài viết</a></li></ol>",
            "Tin tức",
        ),
        (
            "<div>Bạn đang ở : <a href='/'>Trang chủ</a> &gt; <a href='/kt'>Kinh tế</a></div>",
            "Kinh tế",
        ),
        ("<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li></ul>", None),
        ("", None),
        # The page as the last item: linked nowhere, a "details" label, the title cut short.
        (
            "<div class='breadcrumb'><a href='/'>Trang chủ</a> » <a href='/tt'>Tin trong huyện</a>"
            " » <a href='#'>Bài mới</a></div>",
            "Tin trong huyện",
        ),
        (
            "<div class='breadcrumb'><a href='/'>Trang chủ</a> » <a href='/tt'>Tin trong huyện</a>"
            " » <a href='/tt/chi-tiet'>Chi tiết tin</a></div>",
            "Tin trong huyện",
        ),
        # Bootstrap's `active` item, unlinked, is the section itself.
        (
            "<ol class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/tt'>Tin tức"
            " - Sự kiện</a></li><li class='active'>Tin trong huyện</li></ol>",
            "Tin trong huyện",
        ),
        (
            "<div class='breadcrumb'><a href='/'>Trang chủ</a> » <a href='/tt'>Tin trong huyện</a>"
            " » <a href='/bai-5.html'>Tiêu đề bài...</a></div>",
            "Tin trong huyện",
        ),
    ],
)
def test_category_from_breadcrumb(crumb: str, expected: str | None) -> None:
    raw = parse_article(article_page("<p>x</p>", crumb), BASE + "/bai-5.html", BODY)
    assert raw.category == expected


def test_author_only_from_its_selector() -> None:
    extra = "<p class='tac-gia'>  Quốc   Toàn </p>"
    assert parse_article(article_page("<p>x</p>", extra), BASE + "/b.html", BODY).author is None
    options = HtmlOptions(body=".noi-dung", author=".tac-gia")
    assert (
        parse_article(article_page("<p>x</p>", extra), BASE + "/b.html", options).author
        == "Quốc Toàn"
    )


def test_several_body_matches_are_joined() -> None:
    html = page("<h1>T</h1><div class='p'>Một</div><div class='x'><div class='p'>Hai</div></div>")
    raw = parse_article(html, BASE + "/b.html", HtmlOptions(body=".p"))
    assert raw.content_html == '<div class="p">Một</div>\n<div class="p">Hai</div>'


def test_missing_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="article body not found"):
        parse_article(page("<h1>T</h1><p>x</p>"), BASE + "/b.html", BODY)


def test_a_page_the_body_selector_misses_is_extracted_automatically() -> None:
    # A photo story laid out apart from the other articles: no div.noi-dung.
    text = (
        "Sáng 14/1, đoàn công tác của huyện đã đến thăm và tặng quà các hộ gia đình chính "
        "sách tại xã Đăk Rơ Nga, động viên bà con vui Tết đón xuân an toàn."
    )
    html = page(
        "<div class='menu'><a href='/'>Trang chủ</a><a href='/tin'>Tin tức</a></div>"
        f"<h1>Thăm hỏi gia đình chính sách</h1><div class='anh-tin'><p>{text}</p>"
        f"<p>{text}</p></div>"
    )
    raw, note = parse_article_or_extract(html, BASE + "/anh.html", BODY)
    assert raw.title == "Thăm hỏi gia đình chính sách"
    assert text in (raw.content_html or "")
    assert "Trang chủ" not in (raw.content_html or "")
    assert note == "article body not found: '.noi-dung' matched nothing; its text was " + (
        "extracted automatically"
    )
    found, none = parse_article_or_extract(article_page(f"<p>{text}</p>"), BASE + "/b.html", BODY)
    assert none is None and text in (found.content_html or "")


def test_base_url_follows_base_href() -> None:
    html = article_page("<p>x</p>").replace("<head>", "<head><base href='/goc/'>")
    raw = parse_article(html, BASE + "/b.html", BODY)
    assert raw.base_url == "https://huyenmau.kontum.gov.vn/goc/"


# -- not HTML, hostile HTML ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        '{"items": []}',
        "Trang đang bảo trì, vui lòng quay lại sau.",
    ],
)
def test_not_html_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="not an HTML page"):
        parse_article(text, BASE + "/b.html", BODY)
    with pytest.raises(ParseError, match="not an HTML page"):
        parse_listing(text, BASE, HtmlOptions())


HOSTILE = {
    "unclosed tags": "<h1>T</h1><div class='noi-dung'><p>Đoạn một<p>Đoạn <b>hai<i>ba</div><div><span>",
    "huge attribute": "<h1>T</h1><div class='noi-dung' data-x='"
    + "x" * 12_000_000
    + "'><p>Đoạn một</p></div>",
    "nested tables": "<h1>T</h1>"
    + "<table><tr><td>" * 60
    + "<div class='noi-dung'><p>Đoạn một</p></div>"
    + "</td></tr></table>" * 60,
    "script in body": "<h1>T</h1><div class='noi-dung'><p>Đoạn một</p><script>document.write('<p>giả</p>')</script></div>",
    "xml declaration": "<?xml version='1.0' encoding='utf-8'?><html><body><h1>T</h1><div class='noi-dung'><p>Đoạn một</p></div></body></html>",
    "control characters": "<h1>T\x0b</h1><div class='noi-dung'><p>Đoạn\x00 một\x1f</p></div>",
    "lone surrogate": "<h1>T</h1><div class='noi-dung'><p>Đoạn một \ud800</p></div>",
    "broken base href": "<base href='http://[::1'><h1>T</h1><div class='noi-dung'><p>Đoạn một</p></div>",
    "comments and cdata": "<h1>T</h1><!-- <div class='noi-dung'>giả</div> --><div class='noi-dung'><![CDATA[x]]><p>Đoạn một</p></div>",
}


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_still_parses(markup: str) -> None:
    raw = parse_article(
        markup if markup.startswith("<?xml") else page(markup), BASE + "/b.html", BODY
    )
    assert raw.title == "T"
    assert raw.content_html is not None
    assert "Đoạn" in raw.content_html and "một" in raw.content_html
    assert "giả" not in raw.content_html


def test_absurd_nesting_does_not_raise() -> None:
    deep = "<div>" * 5000 + "<a href='/tin-tuc/bai-1-101.html'>Bài</a>" + "</div>" * 5000
    # The parser may give up on the innermost part; it must not crash.
    with contextlib.suppress(ParseError):
        parse_listing(page(deep), BASE, HtmlOptions())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_an_article_or_a_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_article(text, BASE + "/b.html", HtmlOptions(body="div"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<a href='/tin-tuc/bai-1-101.html'>",
                "</a>",
                "<li>",
                "Bài",
                "<p class='date'>01/02/2024",
                "<table><tr><td>",
                "<img src='x.jpg'>",
                "&amp;",
                "<!--",
                "-->",
            ]
        ),
        max_size=60,
    )
)
def test_any_markup_gives_a_listing_or_a_parse_error(parts: list[str]) -> None:
    try:
        listing = parse_listing(page("".join(parts)), BASE, HtmlOptions())
    except ParseError:
        return
    assert all(item.url.startswith("https://huyenmau.kontum.gov.vn/") for item in listing.items)


@pytest.mark.parametrize(
    ("shown", "listed", "expected"),
    [
        # The page prints the day alone; the listing has that day with its time.
        ("<span class='date'>Thứ hai, 12/05/2025</span>", "12/05/2025 08:30", "12/05/2025 08:30"),
        # Another day in the listing says nothing about the page's day: the page wins.
        ("<span class='date'>12/05/2025</span>", "13/05/2025 08:30", "12/05/2025"),
        # A page with its own time keeps it.
        ("<span class='date'>12/05/2025 14:00</span>", "12/05/2025 08:30", "12/05/2025 14:00"),
    ],
)
def test_a_day_alone_on_the_page_takes_the_listings_time_for_that_day(
    shown: str, listed: str, expected: str
) -> None:
    item = ListingItem(url=BASE + "/bai-5.html", title="T", date_text=listed)
    html = page(f"<h1>T</h1>{shown}<div class='noi-dung'><p>x</p></div>")
    published = parse_article(html, BASE + "/bai-5.html", BODY, item).published
    assert published is not None and expected in published


@pytest.mark.parametrize(
    "before",
    [
        "<a href='javascript:void(0)'>Chia sẻ</a>",
        "<a href='mailto:bbt@kontum.gov.vn'>Góp ý</a>",
        "<a href='#binh-luan'>Bình luận</a>",
    ],
)
@pytest.mark.parametrize("options", [HtmlOptions(item="li.tin"), HtmlOptions(links="li.tin")])
def test_an_item_whose_first_link_leads_nowhere_keeps_its_article(
    before: str, options: HtmlOptions
) -> None:
    body = f"""<ul><li class='tin'>{before}
    <a href='/tin-tuc/Hoi-nghi-so-ket-1234'>Hội nghị sơ kết</a> <span>12/05/2025</span></li></ul>"""
    (item,) = parse_listing(page(body), BASE, options).items
    assert item.url == "https://huyenmau.kontum.gov.vn/tin-tuc/Hoi-nghi-so-ket-1234"


@pytest.mark.parametrize(
    "card",
    [
        # the section's label first, the title in a heading
        "<a class='cate' href='/tin-trong-huyen'>Tin trong huyện</a>"
        "<h3><a href='{url}'>Hội nghị sơ kết</a></h3>",
        # no heading: the article is the page the card links most often
        "<a href='{url}'><img src='/a.jpg'></a><a class='cate' href='/thong-bao'>Thông báo</a>"
        "<a href='{url}'>Hội nghị sơ kết</a> <a href='{url}'>Xem tiếp</a>",
    ],
)
def test_an_items_link_is_its_titles_not_its_sections(card: str) -> None:
    # The first link with text was taken: the section pages were stored as articles.
    url = "/tin-tuc/Hoi-nghi-so-ket-1234"
    body = f"<ul><li class='tin'>{card.format(url=url)} <span>12/05/2025</span></li></ul>"
    (item,) = parse_listing(page(body), BASE, HtmlOptions(item="li.tin")).items
    assert (item.url, item.title) == (
        "https://huyenmau.kontum.gov.vn/tin-tuc/Hoi-nghi-so-ket-1234",
        "Hội nghị sơ kết",
    )


SITE_HEADER = {
    "plain": '<div id="header"><h1>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN ĐĂK TÔ</h1></div>',
    "linked home": '<header><h1><a href="/trang-chu">Cổng thông tin điện tử huyện Đăk Tô</a></h1>'
    "</header>",
    # A logo box, which no rule takes for the page's chrome.
    "logo box": '<div class="logo"><h1>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN ĐĂK TÔ</h1></div>',
    "trang tin": '<div class="top"><h1>Trang tin điện tử huyện Đăk Tô</h1></div>',
}
TITLED_H2 = (
    "<div class='col-md-9'><div class='breadcrumb'><a href='/'>Trang chủ</a> » "
    "<a href='/tin-trong-huyen'>Tin trong huyện</a></div>"
    "<h2 class='title-news'>Đăk Tô ra quân làm giao thông nông thôn năm 2024</h2>"
    "<div class='ngay'>Ngày đăng: 02/09/2024 08:30</div><div class='noi-dung'>"
    "<p>Sáng 2/9, hơn 300 đoàn viên, thanh niên xã Tân Cảnh ra quân làm đường giao thông "
    "nông thôn, mở rộng mặt đường và phát quang hai bên lề.</p>"
    "<p>Đợt ra quân góp phần hoàn thành tiêu chí giao thông trong xây dựng nông thôn mới "
    "của xã trong năm nay.</p></div></div>"
)


@pytest.mark.parametrize("header", SITE_HEADER.values(), ids=SITE_HEADER.keys())
@pytest.mark.parametrize("automatic", [False, True], ids=["body selector", "automatic"])
def test_the_site_headers_heading_is_not_every_articles_title(header: str, automatic: bool) -> None:
    # The article's own title is an <h2>; the page's <title> names it, then the portal.
    html = (
        "<!DOCTYPE html><html><head><title>Đăk Tô ra quân làm giao thông nông thôn năm 2024"
        f" - Cổng TTĐT huyện Đăk Tô</title></head><body>{header}{TITLED_H2}</body></html>"
    )
    url = f"{BASE}/ra-quan-lam-giao-thong-6021"
    raw = (
        extract_article(html, url)
        if automatic
        else parse_article(html, url, HtmlOptions(body=".noi-dung"))
    )
    assert raw.title == "Đăk Tô ra quân làm giao thông nông thôn năm 2024"


def test_a_trang_tin_dien_tu_after_the_title_is_the_sites_name() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Đăk Tô ra quân làm giao thông nông thôn năm 2024"
        " - Trang tin điện tử huyện Đăk Tô</title></head><body><div class='noi-dung'>"
        "<p>Sáng 2/9, hơn 300 đoàn viên ra quân làm đường giao thông nông thôn.</p>"
        "</div></body></html>"
    )
    raw = parse_article(html, f"{BASE}/ra-quan-6021", HtmlOptions(body=".noi-dung"))
    assert raw.title == "Đăk Tô ra quân làm giao thông nông thôn năm 2024"


def test_an_article_about_the_portal_keeps_its_title() -> None:
    title = "Cổng thông tin điện tử huyện Đăk Tô ra mắt giao diện mới trên điện thoại"
    html = page(f"<h1>{title}</h1><div class='noi-dung'><p>Từ ngày 1/10, giao diện mới.</p></div>")
    assert (
        parse_article(html, BASE + "/giao-dien-moi", HtmlOptions(body=".noi-dung")).title == title
    )


@pytest.mark.parametrize(
    ("og_image", "expected"),
    [
        # The portal's logo on every page: the article's own photo instead.
        ("/Portals/0/Images/logo-dakto.png", "/Uploads/images/2024/09/hoi-nghi.jpg"),
        ("/images/default-share.jpg", "/Uploads/images/2024/09/hoi-nghi.jpg"),
        # A picture of the article's own, as most pages give: it stands.
        (
            "/Uploads/images/2024/09/hoi-nghi-thumb.jpg",
            "/Uploads/images/2024/09/hoi-nghi-thumb.jpg",
        ),
    ],
)
def test_a_site_picture_in_og_image_is_not_the_lead_image(og_image: str, expected: str) -> None:
    head = f'<meta property="og:image" content="https://huyenmau.kontum.gov.vn{og_image}">'
    content = (
        "<p>Sáng 2/9, UBND huyện tổ chức hội nghị triển khai nhiệm vụ tháng 9.</p>"
        '<p><img src="/Uploads/images/2024/09/hoi-nghi.jpg"></p><p><em>Toàn cảnh hội nghị</em></p>'
    )
    html = page(f"<h1>Hội nghị triển khai nhiệm vụ</h1><div class='noi-dung'>{content}</div>", head)
    raw = parse_article(html, BASE + "/hoi-nghi-6021", HtmlOptions(body=".noi-dung"))
    assert raw.image_url == f"https://huyenmau.kontum.gov.vn{expected}"


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            "<span class='date'>02/09/2024</span> <span class='time'>08:30</span>",
            "02/09/2024 08:30",
        ),
        (
            "<span>Ngày 02/09/2024</span><span>lúc 8h30 (GMT+7)</span>",
            "Ngày 02/09/2024 lúc 8h30 (GMT+7)",
        ),
        # What follows is no time: the date stands alone.
        ("<span class='date'>02/09/2024</span> <span>1.208 lượt xem</span>", "02/09/2024"),
        ("<span class='date'>02/09/2024 07:15</span> <span>08:30</span>", "02/09/2024 07:15"),
    ],
)
def test_a_dateline_split_in_two_elements_keeps_its_time(info: str, expected: str) -> None:
    html = (
        "<!DOCTYPE html><html><head><title>T</title></head><body>"
        "<h1>Xã Đăk Trăm ra quân xây dựng nông thôn mới</h1>"
        f"<div class='info'>{info}</div><div class='noi-dung'><p>Sáng ngày 31/8, UBND xã "
        "Đăk Trăm tổ chức lễ ra quân với hơn 300 đoàn viên.</p></div></body></html>"
    )
    raw = parse_article(html, f"{BASE}/ra-quan-6021", BODY)
    assert raw.published == expected


NOTICE = (
    "<p>Ban Tiếp công dân huyện thông báo lịch tiếp công dân của Chủ tịch UBND huyện:</p>"
    "<p>Thời gian: 7 giờ 30, Thứ Năm, ngày 12/9/2024.</p>"
    "<p>Địa điểm: Trụ sở Ban Tiếp công dân huyện.</p>"
    "<p>Công dân có nhu cầu phản ánh, kiến nghị vui lòng mang theo giấy tờ tùy thân.</p>"
)


@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
def test_a_notices_event_date_is_not_its_publication_date(options: HtmlOptions) -> None:
    title = "Thông báo lịch tiếp công dân tháng 9/2024"
    html = (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='noi-dung'>{NOTICE}</div></body></html>"
    )
    item = ListingItem(url=f"{BASE}/lich-tiep-cong-dan", title=title, date_text="05/09/2024")
    raw = parse_article(html, item.url, options, item)
    assert raw.published == "05/09/2024"  # the listing's: the page prints none of its own
    assert raw.content_html is not None
    assert "Thời gian: 7 giờ 30, Thứ Năm, ngày 12/9/2024." in raw.content_html


@pytest.mark.parametrize(
    "title",
    ["UBND huyện tiếp xúc cử tri xã Đăk Trăm", "Ủy ban nhân dân huyện họp phiên thường kỳ"],
)
@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
def test_a_headline_opening_with_the_portals_owner_is_a_title(
    title: str, options: HtmlOptions
) -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Cổng thông tin điện tử huyện Đăk Tô</title></head>"
        f"<body><div class='main'><h1>{title}</h1><div class='date'>Ngày đăng: 12/09/2024 08:30"
        "</div><div class='noi-dung'><p>Sáng 12/9, Ủy ban nhân dân huyện tổ chức tiếp xúc cử "
        "tri tại xã với sự tham gia của đông đảo cử tri trên địa bàn.</p></div></div></body></html>"
    )
    item = ListingItem(url=f"{BASE}/tiep-xuc-6001", title="UBND huyện tiếp xúc...")
    assert parse_article(html, item.url, options, item).title == title


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("UBND huyện Đăk Tô", True),
        ("ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI", True),
        ("UBND thành phố Kon Tum", True),
        ("UBND huyện tiếp xúc cử tri", False),
        ("UBND huyện Đăk Tô tổ chức hội nghị tổng kết", False),
    ],
)
def test_the_owners_name_is_the_sites(text: str, site: bool) -> None:
    from syndicate.sources.pagemeta import names_site

    assert names_site(text) is site


VIEWS_PARA = (
    "<p>Sáng 12/9, Ủy ban nhân dân huyện Đăk Tô tổ chức hội nghị tổng kết công tác chuyển "
    "đổi số năm 2024 với sự tham gia của lãnh đạo các xã, thị trấn trên địa bàn huyện.</p>"
)


def views_page(content: str, title: str = "Hội nghị tổng kết chuyển đổi số", sapo: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Cổng TTĐT huyện Đăk Tô</title></head><body>"
        f"<div class='main'><h1>{title}</h1><div class='date'>Ngày đăng: 12/09/2024 08:30</div>"
        f"{sapo}<div class='noi-dung'>{content}</div></div></body></html>"
    )


@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
def test_figures_about_views_in_a_title_sapo_or_sentence_stay(options: HtmlOptions) -> None:
    title = "Video quảng bá du lịch Măng Đen đạt 100.000 lượt xem"
    sapo = "<div class='sapo'>Video quảng bá du lịch huyện đạt 25.000 lượt xem sau một tuần.</div>"
    sentence = "<p>Video quảng bá du lịch đạt 25.000 lượt xem chỉ sau một tuần.</p>"
    url = f"{BASE}/video-6010"
    raw = parse_article(views_page(VIEWS_PARA + sentence + VIEWS_PARA, title, sapo), url, options)
    assert raw.title == title
    assert raw.summary_html == "Video quảng bá du lịch huyện đạt 25.000 lượt xem sau một tuần."
    assert "đạt 25.000 lượt xem chỉ sau một tuần" in (raw.content_html or "")


def test_every_block_the_body_selector_matches_keeps_its_text() -> None:
    # The article split in two around an advert: both parts are the body.
    html = views_page(
        VIEWS_PARA + "</div><div class='qc'><img src='/qc.jpg'></div><div class='noi-dung'>"
        "<p>Video quảng bá du lịch đạt 25.000 lượt xem chỉ sau một tuần.</p>"
        "<table><tr><td>Email</td><td>ubnd.dakto@kontum.gov.vn</td></tr></table>"
    )
    raw = parse_article(html, f"{BASE}/video-6010", BODY)
    content = (raw.content_html or "").replace("\n", "")
    assert "đạt 25.000 lượt xem chỉ sau một tuần" in content
    assert "<td>Email</td>" in content


@pytest.mark.parametrize(
    "options", [HtmlOptions(item="li.tin"), HtmlOptions()], ids=["item", "automatic"]
)
def test_one_article_linked_under_both_schemes_is_one_item(options: HtmlOptions) -> None:
    # The template types the portal's address with http:// for the thumbnail; the title
    # link is relative to the listing, served over https.
    listing = page(
        "<ul><li class='tin'><a href='http://huyenmau.kontum.gov.vn/tin-tuc/hoi-nghi-6012.html'>"
        "<img src='/anh/hn.jpg'></a><a href='/tin-tuc/hoi-nghi-6012.html'>Hội nghị tổng kết "
        "công tác năm</a> <span>12/09/2024</span></li>"
        "<li class='tin'><a href='/tin-tuc/ra-quan-6013.html'>Ra quân làm đường giao thông</a>"
        "</li></ul>"
    )
    items = parse_listing(listing, BASE, options).items
    assert [item.url for item in items] == [
        "https://huyenmau.kontum.gov.vn/tin-tuc/hoi-nghi-6012.html",
        "https://huyenmau.kontum.gov.vn/tin-tuc/ra-quan-6013.html",
    ]
    assert items[0].title == "Hội nghị tổng kết công tác năm"


@pytest.mark.parametrize(
    "options", [HtmlOptions(), HtmlOptions(item="ul.ds li")], ids=["automatic", "item"]
)
def test_listing_items_read_as_the_portal_means_them(options: HtmlOptions) -> None:
    whole = "Hội nghị tổng kết công tác chuyển đổi số năm 2024 và triển khai nhiệm vụ năm 2025"
    body = (
        "<ul class='ds'>"
        # a bullet icon, a title cut short with the whole of it in the link's title
        "<li><img src='/Images/bullet_arrow.gif' width='7' height='7'> "
        f"<a href='/tin-tuc/hoi-nghi-6001' title='{whole}'>Hội nghị tổng kết công tác chuyển "
        "đổi số năm 2024 và...</a> <span>12/09/2024</span></li>"
        # a sapo that dates the event, the posting date after it, unmarked
        "<li><a href='/tin-tuc/lich-tiep-6010'>Thông báo lịch tiếp công dân định kỳ tháng 9</a>"
        "<p>Thời gian: 7 giờ 30, Thứ Năm, ngày 12/9/2024.</p><span>05/09/2024</span></li>"
        "<li><a href='/tin-tuc/ra-quan-6000'>Ra quân vệ sinh môi trường hưởng ứng Ngày Chủ nhật"
        " xanh</a><p>Ngày 8/9/2024, Huyện đoàn ra quân vệ sinh môi trường tại các thôn.</p>"
        "<span>11/09/2024</span></li></ul>"
    )
    items = parse_listing(page(body), BASE, options).items
    assert items[0].title == whole
    assert [i.image_url for i in items] == [None, None, None]
    assert [i.date_text for i in items] == ["12/09/2024", "05/09/2024", "11/09/2024"]


def test_a_listing_title_cut_short_gives_way_to_the_pages_own() -> None:
    whole = "Hội nghị tổng kết công tác chuyển đổi số năm 2024 và triển khai nhiệm vụ năm 2025"
    html = (
        f"<!DOCTYPE html><html><head><title>{whole} - Cổng TTĐT huyện Đăk Tô</title></head>"
        f"<body><div class='tieu-de'>{whole}</div><div class='noi-dung'><p>Sáng 12/9, hội nghị "
        "tổng kết công tác chuyển đổi số năm 2024 đã diễn ra tại huyện.</p></div></body></html>"
    )
    item = ListingItem(url=f"{BASE}/hoi-nghi-6001", title="Hội nghị tổng kết công tác chuyển...")
    assert parse_article(html, item.url, BODY, item).title == whole


@pytest.mark.parametrize("box", ["news-top", "top-news", "box-top"])
def test_the_newest_article_shown_big_in_a_top_box_is_listed(box: str) -> None:
    body = (
        f"<div class='category'><h2>Tin trong huyện</h2><div class='{box}'>"
        "<a href='/tin-tuc/hoi-nghi-6002'><img src='/Uploads/a.jpg'></a>"
        "<h3><a href='/tin-tuc/hoi-nghi-6002'>Hội nghị tổng kết chuyển đổi số năm 2024</a></h3>"
        "<p>Sáng 12/9, UBND huyện tổ chức hội nghị tổng kết công tác chuyển đổi số.</p></div>"
        "<ul class='list-news'><li><a href='/tin-tuc/ra-quan-6001'>Ra quân vệ sinh môi trường"
        "</a> <span class='date'>11/09/2024</span></li><li><a href='/tin-tuc/tap-huan-6000'>"
        "Tập huấn kỹ năng số</a> <span class='date'>10/09/2024</span></li></ul></div>"
    )
    items = parse_listing(page(body), BASE, HtmlOptions()).items
    assert [item.url.rsplit("-", 1)[1] for item in items] == ["6002", "6001", "6000"]


def test_the_listings_pager_is_followed_not_a_side_boxs() -> None:
    body = (
        "<div class='col-left'><div class='box-van-ban'><ul><li>Quyết định số 123/QĐ-UBND</li>"
        "</ul><div class='widget-more'><a href='/tin-tuc?vbpage=2'>Trang sau</a></div></div></div>"
        "<div class='col-main'><ul class='ds'><li><a href='/tin-tuc/bai-1'>Bài viết số một</a></li>"
        "</ul><div class='paging'><a href='/tin-tuc?page=2'>Trang sau</a></div></div>"
    )
    listing = parse_listing(page(body), BASE, HtmlOptions(item="ul.ds li"))
    assert listing.next_url == "https://huyenmau.kontum.gov.vn/tin-tuc?page=2"


SIDE_BOX = (
    "<div class='col-left'><div class='box-hot'><div class='box-title'>Tin nổi bật</div>"
    "<div class='item'><a href='/tin-tuc/dai-hoi-5990'>Đại hội Thể dục thể thao huyện lần thứ IX"
    "</a><div class='summary'>Đại hội Thể dục thể thao huyện Đăk Tô lần thứ IX năm 2024 đã diễn "
    "ra thành công tốt đẹp.</div></div></div></div>"
)


@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
@pytest.mark.parametrize("own", [True, False], ids=["own sapo", "none"])
def test_a_side_boxs_item_summary_is_not_the_articles(options: HtmlOptions, own: bool) -> None:
    sapo = "Sáng 12/9, UBND huyện tổ chức hội nghị tổng kết công tác chuyển đổi số năm 2024."
    html = (
        "<!DOCTYPE html><html><head><title>Cổng TTĐT huyện Đăk Tô</title></head><body>"
        f"{SIDE_BOX}<div class='col-main'><h1>Hội nghị tổng kết chuyển đổi số năm 2024</h1>"
        "<div class='date'>Ngày đăng: 12/09/2024 08:30</div>"
        + (f"<div class='sapo'>{sapo}</div>" if own else "")
        + "<div class='noi-dung'><p>Hội nghị đánh giá kết quả chuyển đổi số của các xã, thị "
        "trấn trên địa bàn huyện trong năm 2024 và bàn nhiệm vụ năm tới.</p></div></div>"
        "</body></html>"
    )
    raw = parse_article(html, f"{BASE}/hoi-nghi-6001", options)
    assert "Thể dục thể thao" not in (raw.summary_html or "")
    if own:
        assert raw.summary_html == sapo


@pytest.mark.parametrize(
    "banner",
    [
        "<div class='wrap'><div class='logo'><img src='/logo.png'></div>"
        "<div class='datetime'>Thứ Năm, ngày 19 tháng 9 năm 2024</div></div>",
        "<div id='ctl00_pnTop'><span id='ctl00_lblToday'>Thứ Năm, 19/09/2024</span></div>",
    ],
    ids=["date box", "lblToday"],
)
@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
def test_the_headers_date_of_today_is_not_the_pages(banner: str, options: HtmlOptions) -> None:
    html = (
        f"<!DOCTYPE html><html><head><title>T</title></head><body>{banner}<div class='main'>"
        "<h1>Thông báo lịch tiếp công dân định kỳ tháng 9 năm 2024</h1><div class='noi-dung'>"
        "<p>Chủ tịch Ủy ban nhân dân huyện thông báo lịch tiếp công dân định kỳ tháng 9 năm "
        "2024 tại Trụ sở Tiếp công dân huyện.</p></div></div></body></html>"
    )
    item = ListingItem(
        url=f"{BASE}/lich-tiep-6010", title="Thông báo lịch tiếp", date_text="05/09/2024"
    )
    assert parse_article(html, item.url, options, item).published == "05/09/2024"


@pytest.mark.parametrize("box", ["detail-header", "news-header", "header-title"])
@pytest.mark.parametrize("options", [HtmlOptions(), BODY], ids=["automatic", "body selector"])
def test_an_articles_title_block_named_header_is_the_articles(
    box: str, options: HtmlOptions
) -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Cổng TTĐT huyện Đăk Tô</title></head><body>"
        "<div id='header'><div class='logo'>Cổng thông tin điện tử huyện Đăk Tô</div></div>"
        f"<div class='container'><div class='{box}'><h1>Hội nghị tổng kết chuyển đổi số năm "
        "2024</h1><div class='date'>Ngày đăng: 12/09/2024 08:30</div></div><div class='noi-dung'>"
        "<p>Sáng 12/9, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác chuyển đổi số "
        "năm 2024 với lãnh đạo các xã, thị trấn.</p></div></div></body></html>"
    )
    item = ListingItem(
        url=f"{BASE}/hoi-nghi-6001", title="Hội nghị tổng kết...", date_text="12/09/2024"
    )
    raw = parse_article(html, item.url, options, item)
    assert raw.title == "Hội nghị tổng kết chuyển đổi số năm 2024"
    assert raw.published == "Ngày đăng: 12/09/2024 08:30"


@pytest.mark.parametrize("options", [BODY, HtmlOptions()])
def test_a_section_heading_above_the_articles_own_is_not_its_title(options: HtmlOptions) -> None:
    # Joomla heads an article page with its section's name as the <h1>, the article's
    # own title an <h2> under it: every article of the source was titled by the section.
    headline = "Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới"
    markup = page(
        "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li>"
        "<li><a href='/tin-trong-huyen.html'>Tin trong huyện</a></li></ul>"
        "<h1 class='componentheading'>Tin trong huyện</h1>"
        f"<div class='item-page'><h2 itemprop='headline'>{headline}</h2>"
        "<div class='noi-dung'><p>Sáng 5/6, đoàn viên thanh niên thị trấn Đăk Tô ra quân dọn "
        "vệ sinh các tuyến đường chính, khơi thông cống rãnh và thu gom rác thải sinh hoạt "
        "tại các khu dân cư dọc Quốc lộ 14.</p></div></div>",
    ).replace("<title>Trang</title>", f"<title>{headline}</title>")
    raw = (
        extract_article(markup, BASE + "/tin-trong-huyen/2146-ra-quan.html")
        if not options.body
        else parse_article(markup, BASE + "/tin-trong-huyen/2146-ra-quan.html", options)
    )
    assert raw.title == headline
    # an <h1> that is the article's own title, beside a breadcrumb ending in it, stays
    plain = markup.replace(
        "<h1 class='componentheading'>Tin trong huyện</h1>", f"<h1>{headline}</h1>"
    )
    assert parse_article(plain, BASE + "/a.html", BODY).title == headline


_SIDEBAR = "Lịch tiếp công dân của lãnh đạo huyện trong tháng này, mời xem tại bộ phận một cửa."
_BOXED = (
    "<html><body><div class='chi-tiet'><h1>Hội nghị tổng kết công tác năm 2025</h1>"
    "<div class='noi-dung box'><p>"
    + "Nội dung bài viết về hội nghị tổng kết công tác năm 2025 của huyện. "
    * 6
    + "</p><div class='chia-se box'>Chia sẻ</div></div></div>"
    f"<div class='ben-phai box'><p>{_SIDEBAR}</p></div></body></html>"
)


@pytest.mark.parametrize("drop", [".box", ".noi-dung", "div.chi-tiet > div", ".chi-tiet"])
def test_a_drop_selector_never_takes_the_body_away(drop: str) -> None:
    # It did: the body was then "not found", and what was left, the sidebar, extracted
    # automatically and published as the article.
    options = HtmlOptions(title="h1", body=".noi-dung", drop=(drop,))
    raw, note = parse_article_or_extract(_BOXED, BASE + "/bai-1.html", options)
    content = raw.content_html or ""
    assert "hội nghị tổng kết công tác năm 2025 của huyện" in content and note is None
    assert _SIDEBAR not in content
    if drop == ".box":
        assert "Chia sẻ" not in content  # inside the body, what it matches still goes


def test_a_bare_embed_on_the_page_leaves_the_rest_of_the_body() -> None:
    html = page(
        "<h1>T</h1><div class='noi-dung'><p>Đoạn một.</p><embed src='/flash/a.swf'>"
        "<p>Đoạn hai.</p><p>Đoạn ba.</p></div>"
    )
    raw = parse_article(html, BASE + "/bai-5.html", BODY)
    assert raw.content_html is not None
    assert "Đoạn hai." in raw.content_html and "Đoạn ba." in raw.content_html
