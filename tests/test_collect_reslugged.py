"""A portal that corrects an article's title gives its page a new slug under the same
number ("…/hoi-nghi-12345.html" becomes "…/hoi-nghi-tong-ket-12345.html"): the stored
article moves there, keeping its id and entry, rather than being published twice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx

from syndicate.changes import article_id
from syndicate.collect import collect
from syndicate.config import Config
from syndicate.model import SourceRun
from syndicate.store import Store
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
