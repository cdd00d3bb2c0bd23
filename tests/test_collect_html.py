"""HTML sources through the collector, with exact control of what the portal answers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from syndicate.collect import collect
from syndicate.config import Config, parse_config
from syndicate.model import Article, SourceRun
from syndicate.store import Store

HOST = "huyen.example.vn"
NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
HTML = {"content-type": "text/html; charset=utf-8"}


def config(tmp_path: Path, **options: object) -> Config:
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.example/"},
        "storage": {"database": "t.db", "output": "public"},
        "http": {"host_delay": 0.0, "retries": 0, "respect_robots": False},
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
        "sources": [
            {
                "id": "dak-to-tin",
                "district": "dak-to",
                "kind": "html",
                "url": f"http://{HOST}/tin-trong-huyen",
                "category": "Tin trong huyện",
                "options": {
                    "item": "li.tin",
                    "title": "h1",
                    "date": ".ngay-dang",
                    "body": ".noi-dung",
                    **options,
                },
            }
        ],
    }
    return parse_config(raw, tmp_path / "t.toml")


class Portal:
    """A listing of `total` articles, `per_page` a page, served through MockTransport."""

    def __init__(self, total: int, per_page: int, links: list[str] | None = None) -> None:
        self.total = total
        self.per_page = per_page
        self.extra_links = links or []
        self.hits: Counter[str] = Counter()
        self.deleted: set[int] = set()  # articles taken off the listing
        self.broken: dict[str, int] = {}  # url -> the error status it answers with
        self.unreachable: set[str] = set()  # urls whose connection times out
        # How a page past the listing's end answers: a page listing nothing, or a status.
        self.past_end: int | None = None

    def listing(self, page: int) -> str:
        listed = [n for n in range(self.total, 0, -1) if n not in self.deleted]
        numbers = listed[(page - 1) * self.per_page : page * self.per_page]
        items = "".join(
            f'<li class="tin"><a href="/tin-trong-huyen/bai-viet-{n}">Bài viết số {n} về '
            f"hội nghị huyện</a></li>"
            for n in numbers
        )
        extra = "".join(
            f'<li class="tin"><a href="{u}">Liên kết ngoài</a></li>' for u in self.extra_links
        )
        return f"<html><body><h2>Tin trong huyện</h2><ul>{extra}{items}</ul></body></html>"

    def article(self, n: int) -> str:
        return (
            f"<html><body><h1>Bài viết số {n} về hội nghị huyện</h1>"
            f'<div class="ngay-dang">Ngày đăng: 22/01/2025 08:30</div>'
            f'<div class="noi-dung"><p>Nội dung bài viết số {n} của huyện Đăk Tô, '
            f"gồm nhiều thông tin về hội nghị.</p></div></body></html>"
        )

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        self.hits[str(url)] += 1
        if str(url) in self.broken:
            return httpx.Response(self.broken[str(url)])
        if str(url) in self.unreachable:
            raise httpx.ConnectTimeout("timed out", request=request)
        if url.host != HOST:
            return httpx.Response(200, text="should never be fetched")
        if url.path == "/tin-trong-huyen":
            page = int(url.params.get("page", "1"))
            if self.past_end is not None and (page - 1) * self.per_page >= self.total:
                return httpx.Response(self.past_end)
            body = self.listing(page)
            etag = f'"p{page}-{self.total}-{len(self.deleted)}"'
            if request.headers.get("if-none-match") == etag:
                return httpx.Response(304, headers={"etag": etag})
            return httpx.Response(
                200, text=body, headers={"content-type": "text/html; charset=utf-8", "etag": etag}
            )
        n = int(url.path.rsplit("-", 1)[1])
        return httpx.Response(
            200, text=self.article(n), headers={"content-type": "text/html; charset=utf-8"}
        )

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))

    def collect(self, cfg: Config, store: Store, minutes: int) -> SourceRun:
        """One run `minutes` after NOW, counting this run's hits only."""
        self.hits.clear()
        [run] = collect(cfg, store, client=self.client(), now=NOW + timedelta(minutes=minutes))
        return run

    def listing_hits(self) -> int:
        return sum(
            c
            for u, c in self.hits.items()
            if "/tin-trong-huyen?" in u or u.endswith("/tin-trong-huyen")
        )

    def article_hits(self) -> int:
        return sum(c for u, c in self.hits.items() if "bai-viet" in u)


def run(cfg: Config, portal: Portal, store: Store) -> None:
    runs = collect(cfg, store, client=portal.client(), now=NOW, force=True)
    assert not any(r.failed for r in runs), runs


def test_500_listed_articles_max_pages_2_reads_two_pages_then_only_new(tmp_path: Path) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=2)
    portal = Portal(total=500, per_page=25)
    with Store(tmp_path / "t.db") as store:
        run(cfg, portal, store)
        assert portal.listing_hits() == 2
        assert portal.article_hits() == 50
        assert sum(store.counts().values()) == 50
        portal.hits.clear()
        statements: list[str] = []
        store._db.conn.set_trace_callback(statements.append)
        run(cfg, portal, store)  # nothing changed: one conditional request, a 304
        store._db.conn.set_trace_callback(None)
        assert portal.listing_hits() == 1
        assert portal.article_hits() == 0
        # what the source carries is read only to parse something new
        assert not any("content_hash FROM appearances" in s for s in statements)
        portal.hits.clear()
        portal.total = 501  # one new article on top
        run(cfg, portal, store)
        assert portal.article_hits() == 1  # only the new one; page 2 is all known
        assert portal.hits[f"http://{HOST}/tin-trong-huyen/bai-viet-501"] == 1
        assert sum(store.counts().values()) == 51


@pytest.mark.parametrize(
    "foreign",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1/admin/bai-viet-1",
        "https://other.example.vn/tin/bai-viet-2",
    ],
)
def test_links_to_other_hosts_are_never_fetched(tmp_path: Path, foreign: str) -> None:
    cfg = config(tmp_path, max_pages=1)
    portal = Portal(total=3, per_page=10, links=[foreign])
    with Store(tmp_path / "t.db") as store:
        run(cfg, portal, store)
        assert sum(store.counts().values()) == 3
    assert all(HOST in u for u in portal.hits), portal.hits


def test_a_portal_moving_to_www_and_an_allowed_host_with_a_port_are_followed(
    tmp_path: Path,
) -> None:
    cfg = config(tmp_path, max_pages=1, allowed_hosts=["cms.example.vn:8080"])
    portal = Portal(total=1, per_page=10, links=["http://cms.example.vn:8080/tin/bai-viet-2"])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        url = request.url
        seen.append(str(url))
        if url.host == HOST:  # the bare name sends everything to https://www.
            return httpx.Response(301, headers={"location": f"https://www.{HOST}{url.path}"})
        if url.path == "/tin-trong-huyen":
            return httpx.Response(200, text=portal.listing(1), headers=HTML)
        n = int(url.path.rsplit("-", 1)[1])
        return httpx.Response(200, text=portal.article(n), headers=HTML)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with Store(tmp_path / "t.db") as store:
        [result] = collect(cfg, store, client=client, now=NOW, force=True)
        assert (result.status, result.new, result.error) == ("ok", 2, None)
    assert seen[:2] == [f"http://{HOST}/tin-trong-huyen", f"https://www.{HOST}/tin-trong-huyen"]
    assert sorted(seen[2:]) == [
        "http://cms.example.vn:8080/tin/bai-viet-2",
        f"https://www.{HOST}/tin-trong-huyen/bai-viet-1",
    ]


def test_an_article_page_that_failed_is_fetched_again_next_run(tmp_path: Path) -> None:
    cfg = config(tmp_path, max_pages=1)
    portal = Portal(total=3, per_page=10)
    failing = f"http://{HOST}/tin-trong-huyen/bai-viet-2"
    portal.broken[failing] = 500
    with Store(tmp_path / "t.db") as store:
        assert not portal.collect(cfg, store, 0).failed
        assert failing not in store.articles_by_url([failing])
        portal.broken.clear()
        # The listing has not changed, and would answer 304.
        assert not portal.collect(cfg, store, 10).failed
        assert portal.listing_hits() == 1
        assert dict(portal.hits) == {f"http://{HOST}/tin-trong-huyen": 1, failing: 1}
        assert failing in store.articles_by_url([failing])
        portal.collect(cfg, store, 20)  # all read: the listing is remembered again
        assert portal.listing_hits() == 1 and portal.article_hits() == 0


def test_a_link_that_cannot_be_sent_fails_only_its_article(tmp_path: Path) -> None:
    cfg = config(tmp_path, max_pages=1)
    broken = "/tin-trong-huyen/bai-viet-9&#127;"  # a DEL character: httpx refuses the URL
    portal = Portal(total=2, per_page=10, links=[broken])
    with Store(tmp_path / "t.db") as store:
        [result] = collect(cfg, store, client=portal.client(), now=NOW, force=True)
        assert (result.status, result.new) == ("ok", 2)
        assert result.error is not None and result.error.kind == "forbidden-url"
    assert portal.article_hits() == 2


def test_an_article_that_failed_on_a_later_listing_page_is_fetched_again(tmp_path: Path) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=30, per_page=10)
    failing = f"http://{HOST}/tin-trong-huyen/bai-viet-15"  # on page two
    portal.broken[failing] = 500
    with Store(tmp_path / "t.db") as store:
        assert not portal.collect(cfg, store, 0).failed
        assert failing not in store.articles_by_url([failing])
        portal.broken.clear()
        # Page one lists nothing new, yet the pages the failed run read are read again.
        assert not portal.collect(cfg, store, 10).failed
        assert portal.article_hits() == 1 and portal.hits[failing] == 1
        assert failing in store.articles_by_url([failing])
        portal.collect(cfg, store, 20)  # all read: the listing is remembered again
        assert portal.listing_hits() == 1 and portal.article_hits() == 0


def the_one_article(cfg: Config, handler: Any, tmp_path: Path) -> Article:
    """The article a run collects from a portal listing one, bai-viet-1."""
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with Store(tmp_path / "t.db") as store:
        [result] = collect(cfg, store, client=client, now=NOW, force=True)
        assert (result.status, result.new) == ("ok", 1)
        listed = f"http://{HOST}/tin-trong-huyen/bai-viet-1"
        return store.articles_by_url([listed])[listed].article


def test_an_article_page_reached_by_a_redirect_resolves_its_links_where_it_landed(
    tmp_path: Path,
) -> None:
    cfg = config(tmp_path, max_pages=1)
    portal = Portal(total=1, per_page=10)
    landed = f"http://{HOST}/tin-tuc/2025/01/bai-viet-1.html"

    def handler(request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.path == "/tin-trong-huyen/bai-viet-1":  # the CMS's short link
            return httpx.Response(301, headers={"location": landed})
        if str(url) == landed:
            page = portal.article(1).replace(
                "</div></body>", '<p><img src="anh/hoi-nghi.jpg" alt="Hội nghị"></p></div></body>'
            )
            return httpx.Response(200, text=page, headers=HTML)
        return portal.handler(request)

    stored = the_one_article(cfg, handler, tmp_path)
    # the article keeps the URL it is listed under; its relative links are the page's
    assert f'src="http://{HOST}/tin-tuc/2025/01/anh/hoi-nghi.jpg"' in stored.content_html


def test_an_article_page_that_keeps_failing_costs_only_the_listing_pages_up_to_it(
    tmp_path: Path,
) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=30, per_page=10)
    failing = f"http://{HOST}/tin-trong-huyen/bai-viet-15"  # on page two, gone for good
    portal.broken[failing] = 404
    with Store(tmp_path / "t.db") as store:
        for later in (0, 10, 20):
            result = portal.collect(cfg, store, later)
            # the source works: one dead link is said, not taken for a failing source
            assert result.status == "ok"
            assert result.error is not None and result.error.kind == "http-status"
            assert portal.hits[failing] == 1
            assert portal.listing_hits() == (3 if later == 0 else 2)
            assert portal.article_hits() == (30 if later == 0 else 1)


def test_a_failed_article_taken_off_the_listing_is_sought_once(tmp_path: Path) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=30, per_page=10)
    portal.broken[f"http://{HOST}/tin-trong-huyen/bai-viet-15"] = 500
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.deleted.add(15)
        portal.collect(cfg, store, 10)  # looked for on every page, in vain
        assert portal.listing_hits() == 3 and portal.article_hits() == 0
        portal.total = 31
        portal.collect(cfg, store, 20)  # a new article: the listing is read as far as it is new
        assert portal.listing_hits() == 2 and portal.article_hits() == 1


@pytest.mark.parametrize("past_end", [404, 500, None])
def test_a_failed_article_taken_off_a_listing_ending_early_is_sought_once(
    tmp_path: Path, past_end: int | None
) -> None:
    # The listing ends before max_pages, with an error or a page listing nothing, as
    # most portals end theirs: it was read through, though not to max_pages, and the
    # article that is gone was sought on every run that read the listing.
    cfg = config(tmp_path, page_template="?page={n}", max_pages=5)
    portal = Portal(total=25, per_page=10)  # three pages, then the end
    portal.past_end = past_end
    portal.broken[f"http://{HOST}/tin-trong-huyen/bai-viet-15"] = 500
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.deleted.add(15)
        portal.collect(cfg, store, 10)  # looked for on every page, in vain
        assert portal.listing_hits() == 4  # pages 1 to 3, and the one past the end
        for minutes, total in ((20, 26), (30, 27)):
            portal.total = total
            portal.collect(cfg, store, minutes)  # read as far as it is new
            assert portal.listing_hits() == 2


@pytest.mark.parametrize(
    ("back", "requests"),
    [
        ("/tin-trong-huyen/", 2),
        ("/tin-trong-huyen#top", 2),
        # Another URL for page one: read once more, to find it lists nothing new.
        ("/tin-trong-huyen?page=1", 3),
    ],
)
def test_a_next_link_back_to_a_page_already_read_ends_the_listing(
    tmp_path: Path, back: str, requests: int
) -> None:
    cfg = config(tmp_path, max_pages=5)
    portal = Portal(total=20, per_page=10)
    listings: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.rstrip("/") != "/tin-trong-huyen":
            return portal.handler(request)
        listings.append(str(request.url))
        page = int(request.url.params.get("page", "1"))
        # The last page's "Trang sau" wraps around to page one, spelled another way.
        following = f"?page={page + 1}" if page * portal.per_page < portal.total else back
        pager = f'<div class="phan-trang"><a href="{following}">Trang sau</a></div>'
        body = portal.listing(page).replace("</ul>", f"</ul>{pager}")
        return httpx.Response(200, text=body, headers=HTML)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with Store(tmp_path / "t.db") as store:
        [result] = collect(cfg, store, client=client, now=NOW, force=True)
    assert (result.status, result.new, result.found) == ("ok", 20, 20)
    assert listings[:2] == [
        f"http://{HOST}/tin-trong-huyen",
        f"http://{HOST}/tin-trong-huyen?page=2",
    ]
    assert len(listings) == requests


def test_a_later_listing_page_that_could_not_be_reached_is_read_next_run(tmp_path: Path) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=30, per_page=10)
    portal.unreachable.add(f"http://{HOST}/tin-trong-huyen?page=2")
    with Store(tmp_path / "t.db") as store:
        result = portal.collect(cfg, store, 0)
        assert (result.status, result.new) == ("ok", 10)
        portal.unreachable.clear()
        # Page one has not changed, yet the listing is read on past it, as far as it is new.
        result = portal.collect(cfg, store, 10)
        assert (result.status, result.new) == ("ok", 20)
        assert sum(store.counts().values()) == 30
        portal.collect(cfg, store, 20)  # all read: the listing is remembered again
        assert dict(portal.hits) == {f"http://{HOST}/tin-trong-huyen": 1}


def test_a_later_listing_page_answering_an_error_ends_the_listing(tmp_path: Path) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=10, per_page=10)
    portal.broken[f"http://{HOST}/tin-trong-huyen?page=2"] = 500  # past the end
    with Store(tmp_path / "t.db") as store:
        assert portal.collect(cfg, store, 0).new == 10
        assert portal.collect(cfg, store, 10).status == "not-modified"
        assert dict(portal.hits) == {f"http://{HOST}/tin-trong-huyen": 1}


def test_an_article_page_answering_304_to_a_plain_get_is_fetched_again(tmp_path: Path) -> None:
    cfg = config(tmp_path, max_pages=1)
    portal = Portal(total=3, per_page=10)
    odd = f"http://{HOST}/tin-trong-huyen/bai-viet-2"
    portal.broken[odd] = 304  # asked for nothing to compare, yet "not modified"
    with Store(tmp_path / "t.db") as store:
        result = portal.collect(cfg, store, 0)
        assert (result.status, result.new) == ("ok", 2)
        assert result.error is not None and "304" in result.error.message
        portal.broken.clear()
        result = portal.collect(cfg, store, 10)
        assert (result.new, portal.hits[odd]) == (1, 1)
        assert odd in store.articles_by_url([odd])


class EmptyOnce(Portal):
    """A portal whose article 2 answers an empty 200 (a server error after the headers
    were sent) once, or for good."""

    def __init__(self, *, for_good: bool = False) -> None:
        super().__init__(total=3, per_page=10)
        self.empty = {f"http://{HOST}/tin-trong-huyen/bai-viet-2"}
        self.for_good = for_good

    def handler(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) in self.empty:
            if not self.for_good:
                self.empty.discard(str(request.url))
            self.hits[str(request.url)] += 1
            return httpx.Response(200, content=b"", headers=HTML)
        return super().handler(request)


def test_an_article_page_that_came_empty_is_fetched_again(tmp_path: Path) -> None:
    # Taken for read, its listing entry matched the next runs' and the page was never
    # asked for again: the article was lost for good.
    portal, cfg = EmptyOnce(), config(tmp_path)
    url = f"http://{HOST}/tin-trong-huyen/bai-viet-2"
    with Store(tmp_path / "t.db") as store:
        first = portal.collect(cfg, store, 0)
        assert first.new == 2 and not store.articles_by_url([url])
        again = portal.collect(cfg, store, 5)
        assert again.new == 1 and portal.hits[url] == 1
        assert store.articles_by_url([url])
        portal.collect(cfg, store, 10)
        assert portal.hits[url] == 0  # read now: not asked for again


def test_an_article_page_that_stays_empty_is_asked_for_once_more_only(tmp_path: Path) -> None:
    # A dead link the listing keeps, answering an empty 200 for good: fetched on every
    # run, it also kept the listing from ever being asked for conditionally again.
    portal, cfg = EmptyOnce(for_good=True), config(tmp_path)
    url = f"http://{HOST}/tin-trong-huyen/bai-viet-2"
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        portal.collect(cfg, store, 5)
        assert portal.hits[url] == 1  # once more
        for minutes in (10, 15):
            run = portal.collect(cfg, store, minutes)
            assert portal.hits[url] == 0
            assert run.status == "not-modified"


def test_an_image_named_with_combining_accents_is_published_under_that_name(
    tmp_path: Path,
) -> None:
    # Uploaded from a Mac, the file's name is in NFD, and the page writes it so. The
    # server knows the file only by those bytes; composed, the published image is a 404.
    cfg = config(tmp_path, max_pages=1)
    portal = Portal(total=1, per_page=10)
    name = unicodedata.normalize("NFD", "Ảnh đại biểu dự hội nghị.jpg")
    caption = unicodedata.normalize("NFD", "Đại biểu dự hội nghị tổng kết năm")
    image_path = "/Uploads/" + quote(name.encode("utf-8"))  # what a browser asks for

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/tin-trong-huyen/bai-viet-1":
            page = portal.article(1).replace(
                "</div></body>",
                f'<p><img src="/Uploads/{name}"></p><p>{caption}</p></div></body>',
            )
            return httpx.Response(200, text=page, headers=HTML)
        if request.url.raw_path.decode("ascii") == image_path:
            return httpx.Response(
                200, content=b"\xff\xd8\xff", headers={"content-type": "image/jpeg"}
            )
        if request.url.path.startswith("/Uploads/"):
            return httpx.Response(404, text="không có")
        return portal.handler(request)

    stored = the_one_article(cfg, handler, tmp_path)
    found = re.search(r'<img src="([^"]+)"', stored.content_html)
    assert found is not None
    with httpx.Client(transport=httpx.MockTransport(handler)) as browser:
        assert browser.get(found.group(1)).status_code == 200
    assert stored.image_url == found.group(1)
    # The text is composed all the same.
    assert "<figcaption>Đại biểu dự hội nghị tổng kết năm</figcaption>" in stored.content_html
    assert unicodedata.is_normalized("NFC", stored.content_html)
