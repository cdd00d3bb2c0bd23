"""A portal answering 200 with a notice instead of the page: under maintenance, or
saying the article is gone, or redirecting to its home page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from syndicate.collect import collect
from syndicate.config import Config
from syndicate.model import SourceRun
from syndicate.store import Store
from tests.test_collect_html import HOST, HTML, NOW, Portal, config

MAINTENANCE = (
    "<html><head><title>Bảo trì</title></head><body><h2>Website đang bảo trì</h2>"
    "<p>Xin vui lòng quay lại sau.</p></body></html>"
)
NOT_FOUND = "<html><body><h2>Không tìm thấy trang</h2><p>Trang không tồn tại.</p></body></html>"


class Noticing(Portal):
    """Article pages in `notices` answer 200 with that text; in `home`, a redirect to
    the portal's home page."""

    def __init__(self) -> None:
        super().__init__(total=3, per_page=10)
        self.notices: dict[str, str] = {}
        self.home: set[str] = set()

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url in self.notices:
            self.hits[url] += 1
            return httpx.Response(200, text=self.notices[url], headers=HTML)
        if url in self.home:
            self.hits[url] += 1
            return httpx.Response(302, headers={"location": f"http://{HOST}/"})
        if request.url.path == "/":
            return httpx.Response(200, text="<html><body><h1>Trang chủ</h1></body></html>")
        return super().handler(request)


def article(n: int) -> str:
    return f"http://{HOST}/tin-trong-huyen/bai-viet-{n}"


def test_a_maintenance_notice_is_not_stored_and_is_asked_for_until_it_ends(
    tmp_path: Path,
) -> None:
    portal, cfg = Noticing(), config(tmp_path)
    portal.notices[article(2)] = MAINTENANCE
    with Store(tmp_path / "t.db") as store:
        first = portal.collect(cfg, store, 0)
        assert first.new == 2 and not first.failed
        assert first.error is not None and first.error.kind == "http-status"
        assert "maintenance notice" in first.error.message and "Bảo trì" in first.error.message
        assert not store.articles_by_url([article(2)])
        for minutes in (5, 10, 15):  # a maintenance window longer than one retry
            portal.collect(cfg, store, minutes)
            assert portal.hits[article(2)] == 1
        del portal.notices[article(2)]
        back = portal.collect(cfg, store, 20)
        assert back.new == 1 and back.error is None
        [stored] = store.articles_by_url([article(2)]).values()
        assert "Nội dung bài viết số 2" in stored.article.content_html


def test_a_portal_answering_every_article_with_a_notice_fails_the_run(tmp_path: Path) -> None:
    portal, cfg = Noticing(), config(tmp_path)
    portal.notices.update(dict.fromkeys(map(article, (1, 2, 3)), MAINTENANCE))
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert run.failed and run.error is not None and run.error.kind == "http-status"
        assert store.health()[0].consecutive_failures == 1


def test_a_not_found_page_or_a_redirect_home_is_no_article(tmp_path: Path) -> None:
    portal, cfg = Noticing(), config(tmp_path)
    portal.notices[article(2)] = NOT_FOUND
    portal.home.add(article(3))
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert run.new == 1 and not run.failed
        assert not store.articles_by_url([article(2), article(3)])
        # Asked for once more, as a page that gave no article is; then taken as it is.
        portal.collect(cfg, store, 5)
        assert (portal.hits[article(2)], portal.hits[article(3)]) == (1, 1)
        portal.collect(cfg, store, 10)
        assert (portal.hits[article(2)], portal.hits[article(3)]) == (0, 0)


def answering(cfg: Config, store: Store, page: str) -> SourceRun:
    """The run of a source whose every address answers 200 with `page`."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=page, headers=HTML)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    [run] = collect(cfg, store, client=client, now=NOW)
    return run


def test_a_listing_page_that_is_a_notice_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        run = answering(config(tmp_path), store, MAINTENANCE)
        assert run.failed and run.error is not None
        assert run.error.kind == "http-status"
        assert "maintenance notice" in run.error.message


def test_a_feed_address_answering_a_notice_says_so(tmp_path: Path) -> None:
    html = config(tmp_path)
    feed = replace(html.sources[0], kind="feed", url=f"http://{HOST}/rss")
    with Store(tmp_path / "t.db") as store:
        run = answering(replace(html, sources=(feed,)), store, NOT_FOUND)
        assert run.failed and run.error is not None
        assert (run.error.kind, "does not exist" in run.error.message) == ("http-status", True)


class Retitled(Noticing):
    """Article 3 is listed under other words than its page's heading, which speaks of
    a system being upgraded: an article all the same."""

    HEADING = "Hệ thống kênh mương nội đồng xã Ngọc Tụ được nâng cấp"

    def listing(self, page: int) -> str:
        return (
            super()
            .listing(page)
            .replace(
                "Bài viết số 3 về hội nghị huyện", "Xã Ngọc Tụ: hệ thống kênh mương được nâng cấp"
            )
        )

    def article(self, n: int) -> str:
        if n != 3:
            return super().article(n)
        return (
            f"<html><body><h1>{self.HEADING}</h1><h2>Hệ thống đang được nâng cấp</h2>"
            f'<div class="ngay-dang">Ngày đăng: 22/01/2025 08:30</div>'
            f'<div class="noi-dung"><p>Công trình hoàn thành đúng tiến độ.</p></div></body></html>'
        )


def test_an_article_listed_under_other_words_is_stored(tmp_path: Path) -> None:
    portal, cfg = Retitled(), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert (run.new, run.error) == (3, None)


class Announcing(Noticing):
    """Article 3 is the portal's own announcement of its maintenance, listed under a
    shorter wording: a dated article of one line, all the same."""

    def listing(self, page: int) -> str:
        return (
            super()
            .listing(page)
            .replace("Bài viết số 3 về hội nghị huyện", "Lịch nâng cấp Cổng TTĐT")
        )

    def article(self, n: int) -> str:
        if n != 3:
            return super().article(n)
        return (
            "<html><body><h1>Cổng thông tin điện tử huyện tạm ngừng hoạt động để nâng cấp</h1>"
            '<div class="ngay-dang">Ngày đăng: 19/05/2025 08:30</div>'
            '<div class="noi-dung"><p>Website đang bảo trì từ 20 giờ ngày 20/5.</p></div>'
            "</body></html>"
        )


def test_a_dated_announcement_of_maintenance_is_an_article(tmp_path: Path) -> None:
    portal, cfg = Announcing(), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert (run.new, run.error) == (3, None)


def template(main: str, logo: str = "<h1 class='logo'>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN</h1>") -> str:
    """A portal's whole layout (logo, menus, a ticker, a column, a "Tin mới" box, a
    footer) around `main`."""
    menu = "".join(f"<li><a href='/m{n}'>Mục {n}</a></li>" for n in range(10))
    news = "".join(
        f"<li><a href='/tin/bai-{n}'>Ủy ban nhân dân huyện triển khai nhiệm vụ số {n}</a></li>"
        for n in range(25)
    )
    return (
        "<html><head><title>Cổng thông tin điện tử huyện Đăk Tô</title></head><body>"
        f"<div class='header'>{logo}</div><ul class='menu'>{menu}</ul>"
        "<marquee>Chào mừng kỷ niệm ngày giải phóng hoàn toàn miền Nam!</marquee>"
        "<div class='left'><h2>Danh mục</h2><ul><li>Tin trong huyện</li></ul></div>"
        f"<div class='main'>{main}</div><div class='right'><h3>Tin mới</h3><ul>{news}</ul></div>"
        "<div class='footer'><p>Cơ quan chủ quản: Ủy ban nhân dân huyện Đăk Tô.</p></div>"
        "</body></html>"
    )


def bare(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


NOTICES = {
    "in the process of upgrading": bare(
        "Cổng TTĐT huyện Đăk Tô",
        "<h1>THÔNG BÁO</h1><p>Website đang trong quá trình nâng cấp. Mong quý bạn đọc thông cảm!</p>",
    ),
    "in a time of maintenance": bare(
        "Cổng TTĐT", "<h1>THÔNG BÁO</h1><p>Hệ thống đang trong thời gian bảo trì. Xin cảm ơn!</p>"
    ),
    "stopped for a while": bare(
        "Cổng TTĐT", "<h1>Thông báo</h1><p>Trang web tạm thời ngừng hoạt động để nâng cấp.</p>"
    ),
    "titled so": bare(
        "Thông báo bảo trì", "<h1>Thông báo</h1><p>Chúng tôi đang nâng cấp hệ thống.</p>"
    ),
    "abbreviated": bare("Cổng TTĐT", "<h2>Cổng TTĐT huyện đang được nâng cấp</h2>"),
    "in English": bare(
        "Site Maintenance",
        "<h1>We&rsquo;ll be back soon!</h1><p>Sorry, we&rsquo;re performing some maintenance.</p>",
    ),
    "a heading under the logo": template("<h2>Hệ thống đang bảo trì</h2>"),
    "a heading under a column's": template(
        "<h2>Hệ thống đang bảo trì</h2>", logo="<img src='/l.png'>"
    ),
    "a line in the layout": template("<p>Hệ thống đang bảo trì, vui lòng quay lại sau.</p>"),
    # A few polite sentences: prose, but under a heading that says it.
    "a letter to readers": bare(
        "Thông báo",
        "<h1>Website đang bảo trì</h1><p>Kính gửi quý bạn đọc! Cổng thông tin điện tử huyện "
        "Đăk Tô đang được nâng cấp nhằm phục vụ tốt hơn nhu cầu khai thác thông tin.</p><p>"
        "Trong thời gian nâng cấp, Cổng sẽ tạm ngừng hoạt động từ 20 giờ 00 ngày 20/5/2025 "
        "đến hết ngày 22/5/2025.</p><p>Rất mong quý bạn đọc thông cảm. Trân trọng cảm ơn!</p>",
    ),
}
# Headed by a long sentence the patterns miss, yet titled for what they are.
NOTICES |= {
    "titled so, under a long headline": bare(
        "Thông báo bảo trì",
        "<h1>Cổng thông tin điện tử huyện Đăk Tô, tỉnh Kon Tum đang được nâng cấp để phục vụ "
        "quý bạn đọc tốt hơn, xin cảm ơn!</h1>",
    ),
    "its owner named in full": bare(
        "Bảo trì hệ thống",
        "<h1>Trang thông tin điện tử Ủy ban nhân dân huyện Đăk Tô tỉnh Kon Tum đang được bảo "
        "trì nâng cấp</h1>",
    ),
    "stopped to be upgraded": bare(
        "Bảo trì hệ thống",
        "<h1>Hệ thống đang tạm ngừng hoạt động để bảo trì, nâng cấp. Mong quý bạn đọc thông "
        "cảm và quay lại sau!</h1>",
    ),
}
GONE = {
    "a line in the layout": template("<p>Bài viết không tồn tại hoặc đã bị xóa.</p>"),
    "titled so, under the section's name": bare(
        "Không tìm thấy trang",
        "<h1>Hoạt động của Huyện ủy, HĐND, UBND và các cơ quan, đơn vị trên địa bàn huyện</h1>"
        "<p>Bài viết không tồn tại hoặc đã bị xóa.</p>",
    ),
    # The article template filled with the last article's headline, its date empty.
    "under the last article's headline": bare(
        "Chi tiết tin",
        "<h1>Huyện Đăk Tô triển khai kế hoạch phát triển kinh tế xã hội sáu tháng cuối năm "
        '2025</h1><div class="ngay-dang">Ngày đăng: </div><div class="noi-dung">'
        "<p>Bài viết không tồn tại hoặc đã bị xóa.</p></div>",
    ),
    # The article template rendered for an article the portal no longer has.
    "an empty dateline": bare(
        "Chi tiết tin",
        '<h1></h1><div class="ngay-dang">Ngày đăng: </div><div class="noi-dung">'
        "<h2>Không tìm thấy bài viết</h2><p>Bài viết không tồn tại hoặc đã bị xóa.</p></div>",
    ),
    "said by a script": "<html><body><script>alert('Bài viết không tồn tại!');"
    "window.location.href='/';</script></body></html>",
    "a refresh to the home page": "<html><head><meta http-equiv='refresh' content='0;url=/'>"
    "</head><body></body></html>",
}


@pytest.mark.parametrize("page", NOTICES.values(), ids=NOTICES.keys())
def test_a_maintenance_notice_as_portals_write_them_waits_for_the_article(
    tmp_path: Path, page: str
) -> None:
    portal, cfg = Noticing(), config(tmp_path)
    portal.notices[article(2)] = page
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert run.error is not None and "maintenance notice" in run.error.message
        assert not store.articles_by_url([article(2)])
        del portal.notices[article(2)]
        assert portal.collect(cfg, store, 5).new == 1


@pytest.mark.parametrize("page", GONE.values(), ids=GONE.keys())
def test_a_not_found_page_as_portals_write_them_is_no_article(tmp_path: Path, page: str) -> None:
    portal, cfg = Noticing(), config(tmp_path)
    portal.notices[article(2)] = page
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert (run.new, run.error) == (2, None)
        assert not store.articles_by_url([article(2)])


def test_a_dated_announcement_is_an_article_in_automatic_mode_too(tmp_path: Path) -> None:
    portal, cfg = Announcing(), config(tmp_path, body=None, date=None)
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert (run.new, run.error) == (3, None)


class PhotoStories(Portal):
    """Photo stories listed by thumbnails alone (no title to look for), in a layout
    holding `extra`, with `dateline` printed under each headline."""

    HEADLINE = "Đoàn viên thanh niên huyện Đăk Tô ra quân Tháng Thanh niên, đợt {n}"

    def __init__(self, extra: str, dateline: str, headline: str = HEADLINE) -> None:
        super().__init__(total=3, per_page=10)
        self.extra, self.dateline, self.headline = extra, dateline, headline

    def listing(self, page: int) -> str:
        items = "".join(
            f'<li class="tin"><a href="/tin-trong-huyen/bai-viet-{n}"><img src="/t{n}.jpg"></a></li>'
            for n in range(self.total, 0, -1)
        )
        return f"<html><body><ul>{items}</ul></body></html>"

    def article(self, n: int) -> str:
        return template(
            f"<h1>{self.headline.format(n=n)}</h1>"
            f"{self.dateline}<div class='noi-dung'><img src='/a{n}.jpg'><p>Ra quân dọn vệ sinh</p>"
            f"<img src='/b{n}.jpg'><p>Trao quà cho hộ nghèo</p></div>{self.extra}"
        )


TICKER = (
    "<marquee>Cổng thông tin điện tử huyện đang trong quá trình nâng cấp, hoàn thiện.</marquee>"
)
EMPTY_BOX = "<div class='vb'><h4>Văn bản mới</h4><p>Không tìm thấy dữ liệu</p></div>"


@pytest.mark.parametrize("extra", [TICKER, EMPTY_BOX], ids=["ticker", "empty box"])
def test_a_page_headed_as_news_is_an_article_whatever_its_layout_says(
    tmp_path: Path, extra: str
) -> None:
    # No title listed, no dateline found, no prose: only the headline tells.
    portal = PhotoStories(extra, "<span><i class='fa'></i> 22/01/2025</span>")
    cfg = config(tmp_path, date=None)
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(cfg, store, 0)
        assert (run.new, run.error) == (3, None)


def test_a_dateline_the_date_selector_misses_still_vouches_for_the_page(
    tmp_path: Path,
) -> None:
    # Photo pages of another template than the configured `.ngay-dang`'s, under a
    # headline as short as a notice's.
    dateline = "<div class='date'>Ngày đăng: 22/01/2025 08:30</div>"
    portal = PhotoStories(TICKER, dateline, headline="Ra quân Tháng Thanh niên đợt {n}")
    with Store(tmp_path / "t.db") as store:
        run = portal.collect(config(tmp_path), store, 0)
        assert (run.new, run.error) == (3, None)
