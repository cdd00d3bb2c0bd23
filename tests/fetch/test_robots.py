"""robots.txt: fetched once per origin, obeyed for our token, lenient when it is missing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from syndicate.errors import FetchError
from syndicate.fetch import Fetcher
from syndicate.fetch.robots import ALLOW_ALL, CRAWL_DELAY_CAP, parse_robots, rules_for_status
from syndicate.model import RobotsRecord

ROBOTS = b"""\
User-agent: *
Disallow: /admin/

User-agent: syndicate
Disallow: /tim-kiem
Disallow: /Uploads/private/
"""


def serve_robots(server: Any, body: bytes, status: int = 200) -> None:
    async def robots(request: Any) -> None:
        await request.respond(status, body, {"Content-Type": "text/plain"})

    server.routes["/robots.txt"] = robots
    server.routes["/tin-tuc"] = lambda request: request.respond(200, b"<html>tin</html>")
    server.routes["/tim-kiem"] = lambda request: request.respond(200, b"<html>kq</html>")


def test_disallowed_url_is_refused_and_robots_is_fetched_once(server: Any, http: Any) -> None:
    serve_robots(server, ROBOTS)

    async def main() -> tuple[list[int], FetchError]:
        async with Fetcher(http(respect_robots=True, per_host=4)) as fetcher:
            pages = await asyncio.gather(
                *(fetcher.fetch(server.url(f"/tin-tuc?page={n}")) for n in range(10))
            )
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(server.url("/tim-kiem?q=lua"))
        return [p.status for p in pages], caught.value

    statuses, error = asyncio.run(main())
    assert statuses == [200] * 10
    assert error.kind == "robots"
    assert server.count("/robots.txt") == 1
    assert server.count("/tim-kiem?q=lua") == 0


def test_robots_is_per_origin(server: Any, http: Any) -> None:
    serve_robots(server, ROBOTS)

    async def main() -> None:
        async with Fetcher(http(respect_robots=True)) as fetcher:
            for host in ("127.0.0.1", "127.0.0.2", "127.0.0.1"):
                await fetcher.fetch(server.url("/tin-tuc", host))

    asyncio.run(main())
    assert server.count("/robots.txt", "127.0.0.1") == 1
    assert server.count("/robots.txt", "127.0.0.2") == 1


def test_a_redirect_hop_is_checked_against_its_own_robots(server: Any, http: Any) -> None:
    serve_robots(server, ROBOTS)
    target = server.url("/tim-kiem", "127.0.0.2")
    server.routes["/go"] = lambda request: request.respond(302, headers={"Location": target})

    async def main() -> FetchError:
        async with Fetcher(http(respect_robots=True)) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(server.url("/go"), allowed_hosts={"127.0.0.1", "127.0.0.2"})
            return caught.value

    assert asyncio.run(main()).kind == "robots"
    assert server.count("/tim-kiem", "127.0.0.2") == 0


def test_a_robots_redirect_to_another_non_public_address_is_not_followed(
    server: Any, http: Any
) -> None:
    elsewhere = server.url("/robots.txt", "127.0.0.2")
    server.routes["/robots.txt"] = lambda request: (
        request.respond(200, b"User-agent: *\nDisallow: /\n")
        if request.host == "127.0.0.2"
        else request.respond(302, headers={"Location": elsewhere})
    )
    server.routes["/tin-tuc"] = lambda request: request.respond(200, b"<html>tin</html>")
    result, fetcher = _fetch_with(http, server.url("/tin-tuc"), {})
    assert result.status == 200  # the refused redirect is a failed robots.txt: allow all
    assert server.count("/robots.txt", "127.0.0.2") == 0
    assert fetcher.robots_loaded[_origin(server)].status == 0


@pytest.mark.parametrize("status", [404, 403, 410, 500, 503])
def test_missing_or_failing_robots_allows_everything(server: Any, http: Any, status: int) -> None:
    serve_robots(server, b"User-agent: *\nDisallow: /\n", status)
    result = asyncio.run(_fetch_once(http(respect_robots=True), server.url("/tim-kiem")))
    assert result.status == 200
    assert server.count("/robots.txt") == 1


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_robots_redirect_without_a_location_allows_everything(http: Any, status: int) -> None:
    # An answer like any other status: it raised a KeyError for every fetch on the host.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(status)  # no Location
        return httpx.Response(200, content=b"<rss/>")

    async def main() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(http(respect_robots=True, retries=0), client=client)
            return await fetcher.fetch("http://huyen.example.vn/rss")

    result = asyncio.run(main())
    assert (result.status, result.body) == (200, b"<rss/>")


def test_robots_off_means_no_robots_request(server: Any, http: Any) -> None:
    serve_robots(server, b"User-agent: *\nDisallow: /\n")
    assert asyncio.run(_fetch_once(http(), server.url("/tim-kiem"))).status == 200
    assert server.count("/robots.txt") == 0


def test_unreachable_robots_allows_and_the_page_fails_on_its_own(
    http: Any, closed_port: int
) -> None:
    url = f"http://127.0.0.1:{closed_port}/tin-tuc"
    with pytest.raises(FetchError) as caught:
        asyncio.run(_fetch_once(http(respect_robots=True), url))
    assert caught.value.kind == "connect"


def test_crawl_delay_widens_the_gap_on_that_host(http: Any, fake_time: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, content=b"User-agent: *\nCrawl-delay: 3\n")
        return httpx.Response(200, content=b"ok")

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(
                http(respect_robots=True, host_delay=0.5),
                client=client,
                sleep=fake_time.sleep,
                clock=fake_time.clock,
            )
            await fetcher.fetch("http://konray.kontum.gov.vn/tin/1")
            await fetcher.fetch("http://konray.kontum.gov.vn/tin/2")

    asyncio.run(main())
    assert fake_time.sleeps == [3.0, 3.0]  # robots → page 1 → page 2


async def _fetch_once(http: Any, url: str) -> Any:
    async with Fetcher(http) as fetcher:
        return await fetcher.fetch(url)


@pytest.mark.parametrize(
    ("body", "url", "allowed"),
    [
        (ROBOTS, "http://h/tim-kiem?q=x", False),
        (ROBOTS, "http://h/Uploads/private/a.pdf", False),
        (ROBOTS, "http://h/admin/", True),  # our own group replaces the * group
        (ROBOTS, "http://h/tin-tuc/Hop-ban-5967", True),
        (b"User-agent: *\nDisallow: /\n", "http://h/", False),
        (b"User-agent: otherbot\nDisallow: /\n", "http://h/", True),
        (b"User-agent: Syndicate\nDisallow: /\n", "http://h/", False),  # case-insensitive
        (b"\xef\xbb\xbfUser-agent: *\nDisallow: /x\n", "http://h/x", False),  # BOM
        (b"", "http://h/anything", True),
        # RFC 9309: the longest matching rule wins, whatever the order in the file
        (b"User-agent: *\nAllow: /\nDisallow: /admin/\n", "http://h/admin/x", False),
        (b"User-agent: *\nAllow: /\nDisallow: /admin/\n", "http://h/tin-tuc", True),
        (b"User-agent: *\nDisallow: /\nAllow: /tin-tuc/\n", "http://h/tin-tuc/bai-1", True),
        (b"User-agent: *\nDisallow: /\nAllow: /tin-tuc/\n", "http://h/gioi-thieu", False),
        # `*` matches any run of characters, `$` the end of the path
        (b"User-agent: *\nDisallow: /*?print=\n", "http://h/tin-tuc/bai-1?print=1", False),
        (b"User-agent: *\nDisallow: /*?print=\n", "http://h/tin-tuc/bai-1", True),
        (b"User-agent: *\nDisallow: /*.pdf$\n", "http://h/Uploads/a.pdf", False),
        (b"User-agent: *\nDisallow: /*.pdf$\n", "http://h/Uploads/a.pdf.html", True),
        # rules name paths as written; URLs arrive percent-encoded
        ("User-agent: *\nDisallow: /tin-tức/\n".encode(), "http://h/tin-t%E1%BB%A9c/1", False),
    ],
)
def test_parse_robots(body: bytes, url: str, allowed: bool) -> None:
    assert parse_robots(body, "syndicate").allows(url) is allowed


@pytest.mark.parametrize(
    ("body", "delay"),
    [
        (b"User-agent: *\nCrawl-delay: 3\n", 3.0),
        (b"User-agent: *\nCrawl-delay: 3\n\nUser-agent: syndicate\nCrawl-delay: 1.5\n", 1.5),
        (b"User-agent: *\nCrawl-delay: 120\n", CRAWL_DELAY_CAP),
        (b"User-agent: otherbot\nCrawl-delay: 5\n", None),
        (b"User-agent: *\nDisallow: /admin/\n", None),
    ],
)
def test_crawl_delay_of_our_group_up_to_the_cap(body: bytes, delay: float | None) -> None:
    assert parse_robots(body, "syndicate").crawl_delay == delay


@pytest.mark.parametrize("status", [401, 403, 404, 500, 503])
def test_rules_for_status_allow_when_not_2xx(status: int) -> None:
    assert rules_for_status(status, b"User-agent: *\nDisallow: /\n", "syndicate") is ALLOW_ALL


NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)


def _origin(server: Any) -> str:
    return server.url("/").rstrip("/")


def _fetch_with(http: Any, url: str, known: dict[str, RobotsRecord]) -> tuple[Any, Fetcher]:
    async def main() -> tuple[Any, Fetcher]:
        async with Fetcher(http(respect_robots=True), robots=known, now=lambda: NOW) as fetcher:
            try:
                return await fetcher.fetch(url), fetcher
            except FetchError as exc:
                return exc, fetcher

    return asyncio.run(main())


def test_a_fresh_record_from_an_earlier_run_is_obeyed_without_asking(
    server: Any, http: Any
) -> None:
    serve_robots(server, b"User-agent: *\nDisallow:\n")  # what the host says today
    kept = RobotsRecord(200, ROBOTS, NOW - timedelta(hours=23))
    refused, fetcher = _fetch_with(http, server.url("/tim-kiem"), {_origin(server): kept})
    assert isinstance(refused, FetchError) and refused.kind == "robots"
    assert server.count("/robots.txt") == 0 and fetcher.robots_loaded == {}


def test_a_day_old_record_is_fetched_again_and_handed_back(server: Any, http: Any) -> None:
    serve_robots(server, ROBOTS)
    stale = RobotsRecord(200, b"User-agent: *\nDisallow:\n", NOW - timedelta(hours=24))
    refused, fetcher = _fetch_with(http, server.url("/tim-kiem"), {_origin(server): stale})
    assert isinstance(refused, FetchError) and refused.kind == "robots"
    assert server.count("/robots.txt") == 1
    assert fetcher.robots_loaded == {_origin(server): RobotsRecord(200, ROBOTS, NOW)}


def test_an_unreachable_robots_is_recorded_as_allowing_all(http: Any) -> None:
    url = "http://127.0.0.1:9/tin-tuc"  # discard port: nothing listens
    failed, fetcher = _fetch_with(http, url, {})
    assert isinstance(failed, FetchError) and failed.kind == "connect"
    assert fetcher.robots_loaded == {"http://127.0.0.1:9": RobotsRecord(0, b"", NOW)}


@pytest.mark.parametrize(
    ("status", "kept"),
    [(200, True), (404, True), (403, True), (0, False), (429, False), (500, False), (503, False)],
)
def test_only_an_answer_is_kept_for_a_day(status: int, kept: bool) -> None:
    record = RobotsRecord(status, b"", NOW - timedelta(minutes=5))
    assert record.fresh(NOW) is kept
    assert not RobotsRecord(status, b"", NOW - timedelta(hours=24)).fresh(NOW)


@pytest.mark.parametrize("status", [404, 503])
def test_a_robots_error_status_is_recorded_as_it_came(server: Any, http: Any, status: int) -> None:
    serve_robots(server, b"User-agent: *\nDisallow: /\n", status)
    result, fetcher = _fetch_with(http, server.url("/tin-tuc"), {})
    assert result.status == 200
    assert fetcher.robots_loaded == {_origin(server): RobotsRecord(status, b"", NOW)}


@pytest.mark.parametrize("status", [0, 503])
def test_a_failed_robots_is_asked_for_again_next_run(server: Any, http: Any, status: int) -> None:
    serve_robots(server, ROBOTS)  # back, and it forbids what the failure allowed
    failed = RobotsRecord(status, b"", NOW - timedelta(hours=1))
    refused, fetcher = _fetch_with(http, server.url("/tim-kiem"), {_origin(server): failed})
    assert isinstance(refused, FetchError) and refused.kind == "robots"
    assert server.count("/robots.txt") == 1
    assert fetcher.robots_loaded == {_origin(server): RobotsRecord(200, ROBOTS, NOW)}


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_robots_txt_sent_plain_under_a_coding_label_is_obeyed(
    server: Any, http: Any, coding: str
) -> None:
    # The server labels every answer with a coding it never applied. Unread, the
    # robots.txt allowed everything, and its Disallow lines were ignored.
    async def robots(request: Any) -> None:
        headers = {"Content-Type": "text/plain", "Content-Encoding": coding}
        await request.respond(200, ROBOTS, headers)

    async def page(request: Any) -> None:
        await request.respond(200, b"<html>kq</html>", {"Content-Encoding": coding})

    server.routes["/robots.txt"] = robots
    server.routes["/tim-kiem"] = page

    async def main() -> FetchError | None:
        async with Fetcher(http(respect_robots=True)) as fetcher:
            try:
                await fetcher.fetch(server.url("/tim-kiem?q=lua"))
            except FetchError as exc:
                return exc
        return None

    error = asyncio.run(main())
    assert error is not None and error.kind == "robots"
    assert server.count("/tim-kiem?q=lua") == 0
