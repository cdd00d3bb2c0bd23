"""A portal that corrects an article's title gives its page a new slug under the same
number ("…/hoi-nghi-12345.html" becomes "…/hoi-nghi-tong-ket-12345.html"): the stored
article moves there, keeping its id and entry, rather than being published twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from syndicate.changes import Update, article_id, plan_changes
from syndicate.collect import collect
from syndicate.config import Config
from syndicate.model import Article, SourceRun, StoredArticle
from syndicate.store import Store
from syndicate.urls import article_number
from tests.test_collect_html import HOST, HTML, NOW, config

TEXT = (
    "<p>Sáng 22/01, UBND huyện Đăk Tô tổ chức hội nghị tổng kết công tác năm 2024 và "
    "triển khai nhiệm vụ năm 2025, với sự tham dự của lãnh đạo các xã, thị trấn.</p>"
    "<p>Năm qua, huyện hoàn thành 18 trên 20 chỉ tiêu chủ yếu; thu ngân sách đạt "
    "112% dự toán; tỷ lệ hộ nghèo giảm còn 9,8%.</p>"
)


class Portal:
    """A listing of `pages` (path -> title) in that order; every page shows its title
    over `texts.get(path, TEXT)`."""

    def __init__(self, pages: dict[str, str], texts: dict[str, str] | None = None) -> None:
        self.pages = pages
        self.texts = texts or {}

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/tin-trong-huyen":
            items = "".join(
                f'<li class="tin"><a href="{p}">{t}</a></li>' for p, t in self.pages.items()
            )
            return httpx.Response(
                200, text=f"<html><body><ul>{items}</ul></body></html>", headers=HTML
            )
        title = self.pages.get(path)
        if title is None:
            return httpx.Response(404)
        text = self.texts.get(path, TEXT)
        return httpx.Response(
            200,
            text=f'<html><body><h1>{title}</h1><div class="ngay-dang">22/01/2025 08:30</div>'
            f'<div class="noi-dung">{text}</div></body></html>',
            headers=HTML,
        )

    def collect(self, cfg: Config, store: Store, minutes: int) -> SourceRun:
        client = httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
        [run] = collect(cfg, store, client=client, now=NOW + timedelta(minutes=minutes), force=True)
        return run


OLD = "/tin-trong-huyen/hoi-nghi-tong-ket-nam-2024-12345.html"
NEW = "/tin-trong-huyen/hoi-nghi-tong-ket-cong-tac-nam-2024-12345.html"
OTHER = "/tin-trong-huyen/le-ra-quan-dau-xuan-777.html"


def url(path: str) -> str:
    return f"http://{HOST}{path}"


def test_an_article_given_a_new_slug_moves_there(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    portal = Portal({OLD: "Hội nghị tổng kết năm 2024", OTHER: "Lễ ra quân đầu xuân"})
    with Store(tmp_path / "t.db") as store:
        assert portal.collect(cfg, store, 0).new == 2
        portal.pages = {NEW: "Hội nghị tổng kết công tác năm 2024", OTHER: "Lễ ra quân đầu xuân"}
        run = portal.collect(cfg, store, 10)
        assert (run.new, run.updated) == (0, 1)
        moved = store.articles_by_url([url(NEW)])[url(NEW)]
        assert moved.id == article_id(url(OLD))
        assert moved.article.title == "Hội nghị tổng kết công tác năm 2024"
        assert not store.articles_by_url([url(OLD)])
        assert sorted(e.url for e in store.feed_entries(cfg)) == [url(NEW), url(OTHER)]


def test_a_hidden_article_given_a_new_slug_stays_hidden(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    portal = Portal({OLD: "Hội nghị tổng kết năm 2024", OTHER: "Lễ ra quân đầu xuân"})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        store.hide(article_id(url(OLD)), "sai số liệu", now=NOW)
        portal.pages = {NEW: "Hội nghị tổng kết công tác năm 2024", OTHER: "Lễ ra quân đầu xuân"}
        portal.collect(cfg, store, 10)
        assert [e.url for e in store.feed_entries(cfg)] == [url(OTHER)]


def test_another_story_under_the_same_number_is_an_article_of_its_own(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    portal = Portal({OLD: "Hội nghị tổng kết năm 2024"})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        other = "/thong-bao/lich-tiep-cong-dan-12345.html"
        portal.pages = {other: "Lịch tiếp công dân tháng 2"}
        portal.texts = {other: "<p>Chủ tịch UBND huyện tiếp công dân định kỳ vào thứ Năm.</p>"}
        assert portal.collect(cfg, store, 10).new == 1
        assert len(store.feed_entries(cfg)) == 2


def test_a_slug_ending_in_a_year_files_nothing(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    old, new = "/tin-trong-huyen/tong-ket-nam-2024.html", "/tin-trong-huyen/tong-ket-2024.html"
    portal = Portal({old: "Hội nghị tổng kết năm 2024"})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {new: "Hội nghị tổng kết công tác năm 2024"}
        portal.collect(cfg, store, 10)
        assert store.articles_by_url([url(old)]) and store.articles_by_url([url(new)])


def test_an_article_still_listed_is_not_taken_over_by_a_new_page_of_its_number(
    tmp_path: Path,
) -> None:
    # Unchanged on the listing, the stored page is not fetched again: only the listing
    # tells that it is still there, beside a new page with its number and title.
    cfg = config(tmp_path)
    a, b = "/tin-trong-huyen/thong-bao-456.html", "/tin-trong-huyen/thong-bao-moi-456.html"
    # The two read alike: only the listing tells them apart.
    portal = Portal({a: "Thông báo"})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {b: "Thông báo", a: "Thông báo"}
        client = httpx.AsyncClient(transport=httpx.MockTransport(portal.handler))
        [run] = collect(cfg, store, client=client, now=NOW + timedelta(minutes=10))
        assert run.new == 1
        assert store.articles_by_url([url(a)]) and store.articles_by_url([url(b)])


def test_pages_without_text_under_one_number_are_two_articles(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    old, new = "/tin-trong-huyen/giay-moi-hop-456.html", "/tin-trong-huyen/ke-hoach-tet-456.html"
    portal = Portal({old: "Giấy mời họp giao ban tháng 1"}, {old: "", new: ""})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {new: "Kế hoạch tổ chức Tết Nguyên đán 2025"}
        assert portal.collect(cfg, store, 10).new == 1
        assert store.articles_by_url([url(old)])


def test_a_new_slug_linked_over_http_is_taken_over_https() -> None:
    # The portal moved to https, its listing still links over http: the article keeps
    # https, as it would, but takes its new slug.
    old = f"https://{HOST}{OLD}"
    article = Article(
        url=old,
        source_id="dak-to-tin",
        district="dak-to",
        category=None,
        title="Hội nghị tổng kết năm 2024",
        summary="",
        content_html=TEXT,
        published=NOW,
        content_hash="h1",
    )
    known = StoredArticle(article_id(old), article, NOW, NOW, sources=("dak-to-tin",))
    fresh = replace(article, url=url(NEW), title="Hội nghị tổng kết công tác năm 2024")
    number = article_number(fresh.url)
    assert number is not None
    [change] = plan_changes("dak-to-tin", {}, [fresh], NOW, by_number={number: [known]})
    assert isinstance(change, Update)
    assert (change.id, change.article.url) == (known.id, f"https://{HOST}{NEW}")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The province's SharePoint portals: the number a segment before the slug.
        (
            "/pages/detail/7005/Hoi-thi-tim-hieu-phap-luat-ve-an-toan-giao-thong.html",
            "/pages/detail/7005/Hoi-thi-tim-hieu-phap-luat-ve-trat-tu-an-toan-giao-thong.html",
        ),
        # DNN's article module.
        (
            "/Tin-tuc/ArticleID/2131/Tap-huan-trong-sam-Ngoc-Linh.aspx",
            "/Tin-tuc/ArticleID/2131/Tap-huan-trong-sam-Ngoc-Linh-duoi-tan-rung.aspx",
        ),
        # A slug ending in a year: the number before it files the page.
        ("/tin-tuc/12345/hoi-nghi-tong-ket", "/tin-tuc/12345/hoi-nghi-tong-ket-nam-2024"),
    ],
)
def test_a_number_in_a_segment_of_its_own_files_the_article(
    tmp_path: Path, old: str, new: str
) -> None:
    cfg = config(tmp_path)
    portal = Portal({old: "Hội thi tìm hiểu pháp luật"})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {new: "Hội thi tìm hiểu pháp luật về trật tự an toàn giao thông"}
        run = portal.collect(cfg, store, 10)
        assert (run.new, run.updated) == (0, 1)
        assert [e.url for e in store.feed_entries(cfg)] == [url(new)]


def test_a_figure_corrected_in_the_title_and_text_moves_the_article(tmp_path: Path) -> None:
    # The commonest correction: "6 tháng" was "9 tháng", in the lead too. Across sources
    # such prints are two stories; under one number they are one page corrected.
    cfg = config(tmp_path)
    old = "/tin-trong-huyen/hoi-nghi-so-ket-6-thang-dau-nam-12345.html"
    new = "/tin-trong-huyen/hoi-nghi-so-ket-9-thang-dau-nam-12345.html"
    portal = Portal(
        {old: "Hội nghị sơ kết 6 tháng đầu năm"}, {old: TEXT.replace("2024", "6 tháng")}
    )
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {new: "Hội nghị sơ kết 9 tháng đầu năm"}
        portal.texts = {new: TEXT.replace("2024", "9 tháng")}
        run = portal.collect(cfg, store, 10)
        assert (run.new, run.updated) == (0, 1)
        assert [e.url for e in store.feed_entries(cfg)] == [url(new)]


def test_a_page_without_text_still_follows_its_address_to_https() -> None:
    # The same address under the other scheme tells enough: a page with no text (a
    # notice shown as an attachment) whose title changed as the portal moved is one.
    article = Article(
        url=url(OLD),
        source_id="dak-to-tin",
        district="dak-to",
        category=None,
        title="Giấy mời họp giao ban tháng 1",
        summary="",
        content_html="",
        published=NOW,
        content_hash="h1",
    )
    known = StoredArticle(article_id(url(OLD)), article, NOW, NOW, sources=("dak-to-tin",))
    secure = f"https://{HOST}{OLD}"
    fresh = replace(article, url=secure, title="Giấy mời họp giao ban tháng 1 (sửa)")
    [change] = plan_changes("dak-to-tin", {}, [fresh], NOW, by_scheme={secure: known})
    assert isinstance(change, Update) and change.id == known.id


def schedule(week: int, days: str, name: str) -> str:
    """A weekly notice from one template: its dates and the official receiving differ."""
    return (
        "<p>Thực hiện Luật Tiếp công dân năm 2013 và Nghị định số 64/2014/NĐ-CP quy định chi "
        "tiết một số điều của Luật Tiếp công dân, Ủy ban nhân dân huyện thông báo lịch tiếp "
        f"công dân định kỳ tuần {week} như sau:</p><p>1. Thời gian: {days}.</p>"
        f"<p>2. Người tiếp: Đồng chí {name}, Phó Chủ tịch UBND huyện.</p>"
        "<p>3. Địa điểm: Trụ sở Tiếp công dân huyện, số 02 đường Hùng Vương, thị trấn.</p>"
        "<p>Đề nghị các cơ quan, đơn vị liên quan phối hợp thực hiện; công dân có nhu cầu đến "
        "liên hệ theo đúng thời gian quy định.</p>"
    )


WEEKS = {
    10: ("từ 03/3 đến 07/3/2025", "Nguyễn Văn An"),
    11: ("từ 10/3 đến 14/3/2025", "Trần Thị Bình"),
    12: ("từ 17/3 đến 21/3/2025", "Lê Văn Cường"),
    13: ("từ 24/3 đến 28/3/2025", "Phạm Thị Dung"),
}


@pytest.mark.parametrize(
    "section",
    [
        "/chuyen-muc/123",  # the category's number, before every page's slug
        "/tin-tuc/202503",  # the month's folder
    ],
)
def test_a_number_many_pages_share_moves_none(tmp_path: Path, section: str) -> None:
    # A new week's notice pushes the oldest off the pages read: it is a new article.
    cfg = config(tmp_path)
    paths = {w: f"{section}/lich-tiep-cong-dan-dinh-ky-tuan-{w}" for w in WEEKS}
    titles = {w: f"Lịch tiếp công dân định kỳ tuần {w}" for w in WEEKS}
    texts = {paths[w]: schedule(w, *WEEKS[w]) for w in WEEKS}
    portal = Portal({paths[w]: titles[w] for w in (12, 11, 10)}, texts)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {paths[w]: titles[w] for w in (13, 12, 11)}
        run = portal.collect(cfg, store, 10)
        assert (run.new, run.updated) == (1, 0)
        assert len(store.feed_entries(cfg)) == 4


def test_two_communes_reports_from_one_template_are_two_articles(tmp_path: Path) -> None:
    # A slug ending in a figure of its title ("… Nghị định 168") shares that "number";
    # the texts differ in little but the commune's name.
    def report(commune: str, people: int) -> str:
        return (
            f"<p>UBND {commune} phối hợp với Công an huyện tổ chức hội nghị tuyên truyền, phổ "
            "biến Nghị định số 168/2024/NĐ-CP của Chính phủ quy định xử phạt vi phạm hành chính "
            "về trật tự, an toàn giao thông trong lĩnh vực giao thông đường bộ.</p>"
            f"<p>Tham dự hội nghị có {people} cán bộ, đảng viên và Nhân dân trên địa bàn. Báo "
            "cáo viên đã quán triệt những nội dung cơ bản, điểm mới của Nghị định, nhất là các "
            "mức xử phạt đối với hành vi vi phạm nồng độ cồn, không đội mũ bảo hiểm.</p>"
        )

    cfg = config(tmp_path)
    a, b = "/tin-tuc/xa-dak-tram-nghi-dinh-168", "/tin-tuc/xa-van-lem-nghi-dinh-168"
    texts = {a: report("xã Đăk Trăm", 120), b: report("xã Văn Lem", 95)}
    portal = Portal({a: "Xã Đăk Trăm tuyên truyền Nghị định 168"}, texts)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {b: "Xã Văn Lem tuyên truyền Nghị định 168"}
        assert portal.collect(cfg, store, 10).new == 1
        assert store.articles_by_url([url(a)]) and store.articles_by_url([url(b)])


def test_pages_that_only_point_at_an_attachment_are_two_articles(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    old, new = "/thong-bao/giay-moi-hop-tuan-1-456.html", "/thong-bao/giay-moi-hop-tuan-2-456.html"
    body = "<p>Chi tiết xem tại tệp đính kèm.</p>"
    portal = Portal({old: "Giấy mời họp giao ban tuần 1"}, {old: body, new: body})
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.pages = {new: "Giấy mời họp giao ban tuần 2"}
        assert portal.collect(cfg, store, 10).new == 1
