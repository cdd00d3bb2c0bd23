"""A portal answering 200 with a notice instead of the page: under maintenance, or
saying the article is gone, or redirecting to its home page."""

from __future__ import annotations

from pathlib import Path

import httpx

from syndicate.collect import collect
from syndicate.config import parse_config
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


def test_a_listing_page_that_is_a_notice_says_so(tmp_path: Path) -> None:
    cfg = config(tmp_path)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=MAINTENANCE, headers=HTML)

    with Store(tmp_path / "t.db") as store:
        [run] = collect(
            cfg, store, client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), now=NOW
        )
        assert run.failed and run.error is not None
        assert run.error.kind == "http-status"
        assert "maintenance notice" in run.error.message


def test_a_feed_address_answering_a_notice_says_so(tmp_path: Path) -> None:
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.example/"},
        "storage": {"database": "t.db", "output": "public"},
        "http": {"host_delay": 0.0, "retries": 0, "respect_robots": False},
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
        "sources": [
            {"id": "dak-to", "district": "dak-to", "kind": "feed", "url": f"http://{HOST}/rss"},
        ],
    }
    cfg = parse_config(raw, tmp_path / "t.toml")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=NOT_FOUND, headers=HTML)

    with Store(tmp_path / "t.db") as store:
        [run] = collect(
            cfg, store, client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), now=NOW
        )
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
