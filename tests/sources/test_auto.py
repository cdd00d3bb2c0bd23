"""Automatic mode: which links are articles, and article pages read with no selectors."""

from __future__ import annotations

import pytest

from syndicate.sources.auto import discover_links, extract_article, is_article_url
from syndicate.sources.html import ListingItem


@pytest.mark.parametrize(
    "url",
    [
        "https://huyendakglei.kontum.gov.vn/thong-tin-tuyen-truyen/Benh-dao-on-hai-lua-va-bien-phap-phong-tru-5967",
        "http://huyendakto.kontum.gov.vn/tin-tuc-su-kien/-/asset_publisher/content/hop-danh-gia-tinh-hinh-hoat-dong",
        "https://soyte.hanoi.gov.vn/tin-tuc-su-kien/-/asset_publisher/4IVkx5Jltnbg/content/mot-bai-viet",
        "https://kontumcity.kontum.gov.vn/pages/detail/6888/Gioi-thieu-chung.html",
        "https://www.kontum.gov.vn/pages/detail/54922/Nam-2024-tinh-dat-nhieu-ket-qua-6369.html",
        "https://ngochoi.kontum.gov.vn/index.php?language=vi&nv=news&op=tin-tuc/khoi-cong-cau-1182",
        "https://ngochoi.kontum.gov.vn/news/tin-tuc/khoi-cong-xay-dung-cau-qua-suoi-dak-xu-1182.html",
        "http://huyentumorong.kontum.gov.vn/Tin-t%e1%bb%a9c/Tin-trong-huy%e1%bb%87n/ArticleID/2145/H%e1%bb%99i-ngh%e1%bb%8b.aspx",
        "http://huyentumorong.kontum.gov.vn/Tin-tuc/Hoi-nghi-so-ket-cong-tac-sau-thang-dau-nam-2023.aspx",
        "https://hanam.gov.vn/stttt/Pages/tin-tuc.aspx?ItemID=5522",
        "https://example.gov.vn/tin-tuc/12345",
        "http://huyentumorong.kontum.gov.vn/Default.aspx?tabid=100&ctl=Detail&mid=400&ItemID=2345",
        "http://huyentumorong.kontum.gov.vn/Tin-tuc/tabid/55/ArticleId/2345/Hoi-nghi.aspx",
        # Joomla without URL rewriting: an article, a K2 item
        "https://sathay.example.vn/index.php?option=com_content&view=article&id=123:hoi-nghi&catid=45&Itemid=101",
        "https://sathay.example.vn/index.php?option=com_k2&view=item&id=88:ra-quan&Itemid=7",
        # Joomla with URL rewriting: the id before the alias, however short the title
        "https://sathay.example.vn/tin-trong-huyen/123-ra-quan-ve-sinh.html",
        "https://sathay.example.vn/index.php/tin-trong-huyen/123-ra-quan-ve-sinh",
        "https://sathay.example.vn/tin-trong-huyen/123-ra-quan-ve-sinh",
        # WordPress's dated permalinks, the slug without a number
        "https://konray.example.vn/2025/06/05/ra-quan-tong-ve-sinh-moi-truong/",
        "https://konray.example.vn/2025/06/tap-huan-chuyen-doi-so",
    ],
)
def test_article_urls(url: str) -> None:
    assert is_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://huyendakglei.kontum.gov.vn/thong-tin-tuyen-truyen",
        "https://huyendakglei.kontum.gov.vn/",
        "http://huyendakto.kontum.gov.vn/tin-tuc-su-kien/-/asset_publisher/4IVkx5Jltnbg",
        "http://huyendakto.kontum.gov.vn/tin?p_p_id=101_INSTANCE_Ab&_101_INSTANCE_Ab_cur=2",
        "http://huyentumorong.kontum.gov.vn/Gi%e1%bb%9bi-thi%e1%bb%87u/Th%c3%b4ng-tin-chung.aspx",
        "https://kontumcity.kontum.gov.vn/pages/tin-tuc-su-kien.html",
        "https://ngochoi.kontum.gov.vn/index.php?language=vi&nv=news&op=rss/tin-tuc",
        "https://ngochoi.kontum.gov.vn/index.php?language=vi&nv=news&op=tin-tuc",
        "https://ngochoi.kontum.gov.vn/news/tin-tuc/page-2",
        "https://ngochoi.kontum.gov.vn/news/tin-tuc/?page=2",
        "https://huyendakto.kontum.gov.vn/Uploads/images/2021/anh-hoi-nghi-5967.jpg",
        "https://huyendakto.kontum.gov.vn/Portals/0/Files/ke-hoach-so-123-nam-2023.pdf",
        "https://huyendakto.kontum.gov.vn/tag/nong-thon-moi-2023",
        "https://huyendakto.kontum.gov.vn/tim-kiem/hoi-nghi",
        "http://huyentumorong.kontum.gov.vn/Default.aspx?tabid=55",
        "http://huyentumorong.kontum.gov.vn/Default.aspx?TabId=55&mid=400&LangID=1",
        "https://huyendakto.kontum.gov.vn/tin-tuc/danh-sach.aspx?CatID=5",
        "http://huyentumorong.kontum.gov.vn/Tin-tuc/tabid/55/Default.aspx",
        # Joomla's category pages, with their ids
        "https://sathay.example.vn/index.php?option=com_content&view=category&id=45&Itemid=101",
        "https://sathay.example.vn/index.php?option=com_content&view=category&layout=blog&id=45",
        "https://sathay.example.vn/index.php?option=com_k2&view=itemlist&task=category&id=3",
        "https://sathay.example.vn/index.php/tin-trong-huyen",
        "https://sathay.example.vn/tin-trong-huyen.html",
        "https://sathay.example.vn/2024-nam-an-toan",
        # WordPress's archives by month and their pages
        "https://konray.example.vn/2025/06/",
        "https://konray.example.vn/2025/06/page/2/",
        "https://konray.example.vn/category/tin-trong-huyen/",
    ],
)
def test_not_article_urls(url: str) -> None:
    assert not is_article_url(url)


LISTING = """<!DOCTYPE html><html><head><title>Tin trong huyện</title></head><body>
<div id="top"><a href="/thong-tin-tuyen-truyen/Lich-truc-tet-nguyen-dan-101">Lịch trực Tết</a></div>
<ul class="main-menu"><li><a href="/gioi-thieu/Gioi-thieu-chung-329">Giới thiệu chung</a></li></ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-trong-huyen">Tin trong huyện</a></div>
<div class="content">
  <article class="card">
    <a href="/tin-trong-huyen/Don-Bien-phong-tang-qua-hoc-sinh-ngheo-702"><img src="/Uploads/images/2024/qua.jpg"></a>
    <h2><a href="/tin-trong-huyen/Don-Bien-phong-tang-qua-hoc-sinh-ngheo-702">Đồn Biên phòng tặng quà học sinh nghèo</a></h2>
    <time datetime="2024-09-05T08:00:00+07:00">05/09/2024</time>
    <p class="sapo">Bốn mươi suất quà gồm sách vở, áo ấm được trao cho học sinh xã biên giới.</p>
  </article>
  <article class="card">
    <h2><a href="https://huyenmau.kontum.gov.vn/tin-trong-huyen/Hoi-thi-nau-an-ngon-cap-huyen-699">Hội thi nấu ăn ngon cấp huyện</a></h2>
    <span class="post-date">01/09/2024 14:20</span>
  </article>
  <article class="card">
    <h2><a href="https://xa.huyenmau.kontum.gov.vn/tin/Xa-to-chuc-ngay-hoi-696">Xã tổ chức ngày hội 02/9/2024</a></h2>
  </article>
  <article class="card">
    <h2><a href="https://baokontum.com.vn/thoi-su/tinh-hop-ban-giao-ban-1234.html">Tỉnh họp giao ban</a></h2>
  </article>
  <p><a href="/tin-trong-huyen">Xem tất cả tin trong huyện</a> · <a href="/Uploads/files/lich-cong-tac-tuan-36.pdf">Lịch công tác tuần 36</a>
  · <a href="mailto:vanphong@huyenmau.example">Hộp thư</a> · <a href="javascript:void(0)">Đăng nhập</a></p>
  <div class="pagination"><a href="/tin-trong-huyen?page=2">2</a> <a href="/tin-trong-huyen/trang-2">Trang sau</a></div>
</div>
<aside class="right"><h3>Tin xem nhiều</h3><a href="/tin-trong-huyen/Bai-xem-nhieu-nhat-600">Bài xem nhiều nhất</a></aside>
<footer><a href="/lien-he/Thong-tin-lien-he-cua-co-quan-1">Liên hệ</a></footer>
</body></html>"""


def test_discover_links_finds_exactly_the_articles() -> None:
    items = discover_links(LISTING, "https://huyenmau.kontum.gov.vn/tin-trong-huyen")
    assert items == [
        ListingItem(
            url="https://huyenmau.kontum.gov.vn/tin-trong-huyen/Don-Bien-phong-tang-qua-hoc-sinh-ngheo-702",
            title="Đồn Biên phòng tặng quà học sinh nghèo",
            summary="Bốn mươi suất quà gồm sách vở, áo ấm được trao cho học sinh xã biên giới.",
            date_text="2024-09-05T08:00:00+07:00",
            image_url="https://huyenmau.kontum.gov.vn/Uploads/images/2024/qua.jpg",
        ),
        ListingItem(
            url="https://huyenmau.kontum.gov.vn/tin-trong-huyen/Hoi-thi-nau-an-ngon-cap-huyen-699",
            title="Hội thi nấu ăn ngon cấp huyện",
            date_text="01/09/2024 14:20",
        ),
    ]


def test_discover_links_follows_allowed_hosts() -> None:
    items = discover_links(
        LISTING, "https://www.huyenmau.kontum.gov.vn/tin-trong-huyen", ["xa.huyenmau.kontum.gov.vn"]
    )
    assert [item.title for item in items] == [
        "Đồn Biên phòng tặng quà học sinh nghèo",
        "Hội thi nấu ăn ngon cấp huyện",
        "Xã tổ chức ngày hội 02/9/2024",
    ]
    assert items[2].date_text is None  # the date in a title is not the listing date


@pytest.mark.parametrize(
    ("allowed", "link"),
    [
        ("cms.huyenmau.kontum.gov.vn:8080", "http://cms.huyenmau.kontum.gov.vn:8080"),
        ("CMS.HuyenMau.Kontum.gov.vn", "https://cms.huyenmau.kontum.gov.vn"),
        ("www.cms.huyenmau.kontum.gov.vn", "https://CMS.huyenmau.kontum.gov.vn"),
    ],
)
def test_discover_links_follows_allowed_hosts_as_configured(allowed: str, link: str) -> None:
    """An allowed host compares as everywhere else: its port, case and www. as fetching has them."""
    listing = f"""<html><body><ul class="ds">
    <li><a href="{link}/tin-trong-huyen/Hoi-nghi-so-ket-cong-tac-1234">Hội nghị sơ kết</a></li>
    </ul></body></html>"""
    (item,) = discover_links(listing, "https://huyenmau.kontum.gov.vn/tin-trong-huyen", [allowed])
    assert item.title == "Hội nghị sơ kết"


ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Đăk Hà tập huấn phòng chống thiên tai - Cổng thông tin huyện</title>
<meta property="og:image" content="/Uploads/images/2024/thien-tai.jpg"></head><body>
<div class="topbar"><span class="today">Thứ Năm, ngày 12 tháng 9 năm 2024</span></div>
<div class="menu"><a href="/">Trang chủ</a><a href="/tin-tuc">Tin tức</a></div>
<div class="main"><div class="detail">
<h1>Đăk Hà tập huấn phòng chống thiên tai</h1>
<div class="meta">Đăng ngày: 10/09/2024 | 09:45 <span class="views">625 lượt xem</span></div>
<div class="content">
<p>Trong hai ngày 9 và 10/9, Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn huyện tổ chức lớp tập huấn cho gần 80 cán bộ xã, thôn.</p>
<p>Học viên được trang bị kiến thức về nhận biết nguy cơ sạt lở đất, lũ quét, kỹ năng sơ cứu và sơ tán người dân khỏi vùng nguy hiểm. Phần thực hành diễn ra tại bờ sông Đăk Psi với các tình huống giả định.</p>
<p><img src="/Uploads/images/2024/thien-tai.jpg"></p>
<p>Qua lớp tập huấn, các địa phương sẽ rà soát lại phương án ứng phó theo phương châm bốn tại chỗ, sẵn sàng vật tư, phương tiện trước mùa mưa bão.</p>
<p>THÙY TRANG</p>
</div>
<div class="lienquan"><h3>Tin liên quan</h3><ul><li><a href="/tin-tuc/Bai-cu-1-88">Diễn tập ứng phó cháy rừng năm 2023</a></li></ul></div>
</div></div>
<div class="footer">Bản quyền thuộc Ủy ban nhân dân huyện Đăk Hà</div>
</body></html>"""


def test_extract_article_without_selectors() -> None:
    raw = extract_article(ARTICLE, "https://huyendakha.kontum.gov.vn/tin-tuc/Dak-Ha-tap-huan-12")
    assert raw.title == "Đăk Hà tập huấn phòng chống thiên tai"
    assert raw.published == "Đăng ngày: 10/09/2024 | 09:45"
    assert raw.content_html is not None
    assert raw.content_html.startswith("<p>Trong hai ngày 9 và 10/9")
    assert "THÙY TRANG" in raw.content_html
    for gone in (
        "Tin liên quan",
        "Diễn tập ứng phó",
        "lượt xem",
        "Trang chủ",
        "Bản quyền",
        "2024</span>",
    ):
        assert gone not in raw.content_html
    assert raw.image_url == "https://huyendakha.kontum.gov.vn/Uploads/images/2024/thien-tai.jpg"
    assert raw.base_url == "https://huyendakha.kontum.gov.vn/tin-tuc/Dak-Ha-tap-huan-12"


def test_extract_article_falls_back_to_trafilatura_date_and_listing_values() -> None:
    page = ARTICLE.replace("Đăng ngày: 10/09/2024 | 09:45 ", "")
    page = page.replace("<head>", "<head><meta name='date' content='2024-09-10'>")
    item = ListingItem(url="https://x.vn/a", title="Tiêu đề danh sách", summary="Tóm tắt ngắn")
    raw = extract_article(page, "https://huyendakha.kontum.gov.vn/tin-tuc/Dak-Ha-tap-huan-12", item)
    assert raw.published == "2024-09-10"
    assert raw.title == "Đăk Hà tập huấn phòng chống thiên tai"  # the page's own h1 wins
    assert raw.summary_html == "Tóm tắt ngắn"


def test_extract_article_with_no_text_keeps_title_and_date() -> None:
    page = "<html><head><title>Ảnh hoạt động</title></head><body><h1>Ảnh hoạt động</h1><p class='date'>01/09/2024</p></body></html>"
    raw = extract_article(page, "https://x.vn/anh-1")
    assert (raw.title, raw.published, raw.content_html) == ("Ảnh hoạt động", "01/09/2024", None)


@pytest.mark.parametrize(
    "box",
    [
        # DNN's right pane, a table cell named for its place only
        "<td id='dnn_RightPane'><div><h3 class='tieu-de-module'>Tin nổi bật</h3><ul>{links}</ul></div></td>",
        # a column named by its grid, its title a block of its own
        "<div class='col-right'><div class='box-title'>Tin xem nhiều</div>{links}</div>",
        # Liferay's portlet, titled by an <h1> in its header
        "<section class='portlet'><header><h1 class='portlet-title'>Đọc nhiều</h1></header>"
        "<div>{links}</div></section>",
    ],
)
def test_a_side_box_in_any_column_is_not_the_listing(box: str) -> None:
    # Named for its place rather than as a sidebar, its links to other sections'
    # articles were stored as this listing's.
    links = (
        "<li><a href='/tin-tuc/lich-tiep-cong-dan-thang-6-2025-3001.aspx'>Lịch tiếp công dân</a></li>"
        "<li><a href='/tin-tuc/thong-bao-tuyen-dung-vien-chuc-nam-2025-3002.aspx'>Tuyển dụng</a></li>"
    )
    page = LISTING.replace("<footer>", box.format(links=links) + "<footer>")
    urls = [i.url for i in discover_links(page, "https://huyenmau.kontum.gov.vn/tin-trong-huyen")]
    assert not any("/tin-tuc/" in url for url in urls), urls
    assert len(urls) == 2
    # a page whose only list is such a box lists what it shows, rather than nothing
    alone = "<html><body>" + box.format(links=links) + "</body></html>"
    assert len(discover_links(alone, "https://huyenmau.kontum.gov.vn/tin-trong-huyen")) == 2


def test_a_figures_caption_stays_its_caption_in_automatic_mode() -> None:
    # trafilatura drops <figcaption>: the caption was lost, and the paragraph after the
    # picture was taken for it.
    from syndicate.html_clean import add_figures, images, sanitize_html

    page = (
        "<html><head><title>Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường</title>"
        "</head><body><article><h1>Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường</h1>"
        "<p>Sáng 5/6, Huyện đoàn phối hợp với thị trấn tổ chức lễ ra quân tổng vệ sinh môi "
        "trường tại các tuyến đường chính và khu dân cư.</p>"
        "<figure><img src='/Uploads/2025/ra-quan.jpg'><figcaption>Đoàn viên dọn rác dọc "
        "Quốc lộ 14</figcaption></figure>"
        "<p>Hơn 200 đoàn viên thu gom rác thải, phát quang bụi rậm và khơi thông cống rãnh.</p>"
        "<p>Dịp này, Huyện đoàn trao tặng 50 thùng rác cho các khu dân cư.</p>"
        "</article></body></html>"
    )
    raw = extract_article(page, "https://huyenmau.kontum.gov.vn/tin/ra-quan-ve-sinh-2146.html")
    shown = images(add_figures(sanitize_html(raw.content_html or "", raw.url)))
    assert [image.caption for image in shown] == ["Đoàn viên dọn rác dọc Quốc lộ 14"]


def test_a_poll_and_a_comment_box_are_no_article_text() -> None:
    # ASP.NET wraps the page in one <form>, so these are plain blocks: their question,
    # choices and field labels ended the article, and its byline was lost under them.
    body = "".join(
        f"<p>Đoạn {n}: huyện tiếp tục triển khai các giải pháp hỗ trợ người dân phát triển "
        "sản xuất, chuyển đổi cơ cấu cây trồng phù hợp với điều kiện từng xã.</p>"
        for n in range(1, 5)
    )
    page = (
        "<html><head><title>Hội nghị sơ kết công tác sáu tháng đầu năm 2025</title></head><body>"
        "<form id='Form' action='/'><input type='hidden' name='__VIEWSTATE' value='x'>"
        "<div class='noi-dung'><h1>Hội nghị sơ kết công tác sáu tháng đầu năm 2025</h1>"
        f"{body}<p><strong>NGUYỄN VĂN AN - Trung tâm VHTT huyện</strong></p></div>"
        "<div class='binh-luan'><h4>Ý kiến bạn đọc</h4><p>Họ tên: <input type='text'></p>"
        "<p>Nội dung: <textarea></textarea></p><input type='submit' value='Gửi'></div>"
        "<div class='box-right'><div class='box-title'>Thăm dò ý kiến</div>"
        "<p>Bạn quan tâm đến nội dung nào?</p><p><input type='radio' name='p'> Tin tức</p>"
        "<p><input type='radio' name='p'> Văn bản</p></div></form></body></html>"
    )
    raw = extract_article(page, "https://huyenmau.kontum.gov.vn/tin/hoi-nghi-so-ket-2145.aspx")
    assert raw.content_html is not None and "Đoạn 4" in raw.content_html
    for furniture in ("Họ tên", "Nội dung:", "Bạn quan tâm", "Văn bản"):
        assert furniture not in raw.content_html, furniture


def test_a_liferay_portlets_title_bar_is_no_article_text() -> None:
    body = "".join(
        f"<p>Đoạn {n}: Ủy ban nhân dân huyện tổ chức hội nghị sơ kết công tác sáu tháng "
        "đầu năm, đánh giá kết quả phát triển kinh tế - xã hội trên địa bàn.</p>"
        for n in range(1, 5)
    )
    page = (
        "<html><head><title>Hội nghị sơ kết công tác sáu tháng đầu năm</title></head><body>"
        "<section class='portlet'><header class='portlet-topper'><h1 class='portlet-title'>"
        "<span class='portlet-title-text'>Tin trong huyện</span></h1></header>"
        "<div class='portlet-content'><div class='asset-full-content'>"
        f"<h3 class='header-title'>Hội nghị sơ kết công tác sáu tháng đầu năm</h3>{body}"
        "</div></div></section></body></html>"
    )
    url = "https://huyenmau.kontum.gov.vn/tin-trong-huyen/-/asset_publisher/Xq7/content/hoi-nghi"
    raw = extract_article(page, url)
    assert raw.title == "Hội nghị sơ kết công tác sáu tháng đầu năm"
    assert raw.content_html is not None and "Tin trong huyện" not in raw.content_html


@pytest.mark.parametrize(
    ("main", "side"),
    [
        ("id='dnn_ContentPane'", "id='dnn_RightPane' width='280'"),
        ("id='tdMain'", "id='tdRight'"),
        ("class='colMain'", "class='colRight'"),
        ("class='maincontent'", "class='rightcolumn'"),
        ("class='col-md-8'", "class='col-md-4'"),
    ],
)
def test_a_table_laying_the_page_out_keeps_its_right_column_out(main: str, side: str) -> None:
    # Old ASP.NET skins set the content pane and the right pane side by side in a
    # table: trafilatura kept the whole row, boxes and visitor counter with the article.
    body = "".join(
        f"<p>Đoạn {n}: huyện đẩy mạnh chuyển đổi số trong các cơ quan, hướng dẫn người dân "
        "nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia.</p>"
        for n in range(1, 5)
    )
    data = "<table><tr><td><div>Xã</div></td><td>Hồ sơ</td></tr><tr><td>Tân Cảnh</td><td>120</td></tr></table>"
    page = (
        "<html><head><title>Đẩy mạnh chuyển đổi số trong cơ quan nhà nước</title></head><body>"
        f"<table width='100%'><tr><td {main}><div class='noi-dung'>"
        f"<h1>Đẩy mạnh chuyển đổi số trong cơ quan nhà nước</h1>{body}{data}</div></td>"
        f"<td {side}><div><h3>Liên kết website</h3></div>"
        "<div>Tổng lượt truy cập: 1.234.567</div></td></tr></table></body></html>"
    )
    raw = extract_article(page, "https://huyenmau.kontum.gov.vn/tin/chuyen-doi-so-2150.aspx")
    assert raw.content_html is not None and "Đoạn 4" in raw.content_html
    assert "lượt truy cập" not in raw.content_html and "Liên kết website" not in raw.content_html
    assert "<table>" in raw.content_html  # the article's own table stays one


@pytest.mark.parametrize(
    "table",
    [
        "<table><tr><td class='text-left'><div>Thu ngân sách</div></td>"
        "<td class='text-right'><div>125 tỷ đồng</div></td></tr></table>",
        "<table class='table-content'><tr><td><div>Diện tích trồng mới</div></td>"
        "<td><div>320 ha</div></td></tr></table>",
    ],
)
def test_an_articles_own_table_stays_a_table(table: str) -> None:
    # Aligned cells, or a table named "…-content", are no page layout: read as blocks,
    # the table's figures were dropped.
    body = "".join(
        f"<p>Đoạn {n}: kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội sáu tháng "
        "đầu năm của huyện đạt nhiều chỉ tiêu quan trọng.</p>"
        for n in range(1, 4)
    )
    page = (
        "<html><head><title>Kết quả phát triển kinh tế sáu tháng đầu năm</title></head><body>"
        f"<article><h1>Kết quả phát triển kinh tế sáu tháng đầu năm</h1>{body}{table}"
        "<p>Huyện tiếp tục đẩy mạnh các giải pháp trong sáu tháng cuối năm.</p></article>"
        "</body></html>"
    )
    raw = extract_article(page, "https://huyenmau.kontum.gov.vn/tin/ket-qua-kinh-te-2151.html")
    assert raw.content_html is not None and "<table>" in raw.content_html
