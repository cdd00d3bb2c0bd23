"""The demo server: a polite portal by default, a faulty one on request."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from datetime import UTC
from email.utils import format_datetime

import feedparser
import httpx
import pytest

from syndicate.demo import FAULTS, DemoServer

LISTING = "/dakto/tin-tuc-su-kien"
FEED = "/tinh/rss/tin-tuc-su-kien.rss"


@pytest.fixture
def client(server: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=5) as c:
        yield c


def test_serves_pages_with_validators(server: DemoServer, client: httpx.Client) -> None:
    response = client.get(LISTING)
    page = server.site[LISTING]
    assert response.status_code == 200
    assert response.content == page.body
    assert response.headers["content-type"] == page.content_type
    assert response.headers["content-length"] == str(len(page.body))
    assert response.headers["etag"].startswith('"')
    newest = server.site.listed("dak-to-tin-tuc")[0].published  # the page's newest article
    assert response.headers["last-modified"] == format_datetime(newest.astimezone(UTC), usegmt=True)


@pytest.mark.parametrize(
    ("conditional", "status"),
    [
        (lambda r: {"If-None-Match": r.headers["etag"]}, 304),
        (lambda r: {"If-None-Match": f'"other", {r.headers["etag"]}'}, 304),
        (lambda r: {"If-None-Match": "*"}, 304),
        (lambda r: {"If-Modified-Since": r.headers["last-modified"]}, 304),
        (lambda r: {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}, 200),
        (lambda r: {"If-Modified-Since": "not a date"}, 200),
        # If-None-Match wins over If-Modified-Since when both are sent.
        (
            lambda r: {"If-None-Match": '"stale"', "If-Modified-Since": r.headers["last-modified"]},
            200,
        ),
    ],
)
def test_conditional_requests(client: httpx.Client, conditional: object, status: int) -> None:
    first = client.get(LISTING)
    again = client.get(LISTING, headers=conditional(first))  # type: ignore[operator]
    assert again.status_code == status
    if status == 304:
        assert again.content == b""
        assert again.headers["etag"] == first.headers["etag"]


def test_unknown_paths_are_404_and_head_has_no_body(client: httpx.Client) -> None:
    assert client.get("/dakto/khong-co-trang-nay").status_code == 404
    assert client.get("/admin/").status_code == 404
    head = client.head(FEED)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 1000


def test_keeps_connections_alive(server: DemoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        for path in (LISTING, FEED, "/robots.txt"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200 and response.version == 11
            socket = connection.sock
            assert socket is not None
        assert connection.sock is socket  # one connection carried all three
    finally:
        connection.close()


def test_logs_every_request_with_its_headers(server: DemoServer, client: httpx.Client) -> None:
    first = client.get(FEED)
    client.get(FEED, headers={"If-None-Match": first.headers["etag"]})
    client.head(FEED)
    assert server.count(FEED) == 2 and server.count(FEED, "HEAD") == 1
    method, path, headers = server.requests[1]
    assert (method, path) == ("GET", FEED)
    assert headers["if-none-match"] == first.headers["etag"]


def test_percent_encoded_and_raw_paths_are_the_same_page(client: httpx.Client) -> None:
    encoded = client.get("/tumorong/Tin-trong-huy%E1%BB%87n.aspx")
    lower = client.get("/tumorong/Tin-trong-huy%e1%bb%87n.aspx")
    assert encoded.status_code == lower.status_code == 200
    assert encoded.content == lower.content


def test_set_site_swaps_content_while_running(server: DemoServer, client: httpx.Client) -> None:
    article = server.site.article("dakto-03")
    before = client.get(article.path)
    server.set_site(server.site.edited("dakto-03", title="Xã Tân Cảnh hoàn thành tuyến đường mới"))
    after = client.get(article.path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "Xã Tân Cảnh hoàn thành tuyến đường mới" in after.text


def test_every_fault_kind_is_known() -> None:
    assert set(FAULTS) == {"500", "503-once", "malformed", "hang", "429"}


@pytest.mark.parametrize(
    ("fault", "statuses"),
    [("500", [500, 500]), ("503-once", [503, 200, 200]), ("429", [429, 429])],
)
def test_status_faults(
    server: DemoServer, client: httpx.Client, fault: str, statuses: list[int]
) -> None:
    server.faults[LISTING] = fault  # type: ignore[assignment]
    responses = [client.get(LISTING) for _ in statuses]
    assert [r.status_code for r in responses] == statuses
    if fault == "429":
        assert responses[0].headers["retry-after"] == "1"
    assert client.get(FEED).status_code == 200  # other paths are unaffected


def test_malformed_fault_breaks_feeds_and_pages(server: DemoServer, client: httpx.Client) -> None:
    server.faults[FEED] = "malformed"
    server.faults[LISTING] = "malformed"
    feed = client.get(FEED)
    assert feed.status_code == 200
    parsed = feedparser.parse(
        feed.content, response_headers={"content-type": feed.headers["content-type"]}
    )
    assert parsed.bozo == 1
    page = client.get(LISTING)
    assert page.content != server.site[LISTING].body
    with pytest.raises(UnicodeDecodeError):
        page.content.decode("utf-8")


def test_hang_fault_times_the_client_out(server: DemoServer, client: httpx.Client) -> None:
    server.faults[FEED] = "hang"
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.get(FEED, timeout=0.3)
    assert time.monotonic() - started < 2
    del server.faults[FEED]
    assert client.get("/robots.txt").status_code == 200  # the server still answers


def test_stopping_releases_hanging_requests() -> None:
    server = DemoServer().start()
    server.faults["/robots.txt"] = "hang"
    with httpx.Client(base_url=server.base_url) as c, pytest.raises(httpx.ReadTimeout):
        c.get("/robots.txt", timeout=0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2


def test_builds_its_own_site_for_its_port() -> None:
    with DemoServer() as server:
        assert server.site.base_url == server.base_url
        feed = server.site[FEED].body.decode()
        assert f"{server.base_url}/tinh/" in feed
