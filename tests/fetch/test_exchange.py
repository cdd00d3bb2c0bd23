"""One fetch end to end against the local fault server: validators, limits, redirects, errors."""

from __future__ import annotations

import asyncio
import gzip
import importlib.abc
import socket
import sys
import time
from typing import Any

import httpx
import pytest

from syndicate.errors import FetchError
from syndicate.fetch import Fetcher
from syndicate.model import Validators

BODY = "<rss><channel><title>Tin trong huyện</title></channel></rss>".encode()


def fetch(http: Any, url: str, **kwargs: Any) -> Any:
    async def main() -> Any:
        async with Fetcher(http) as fetcher:
            return await fetcher.fetch(url, **kwargs), fetcher.stats

    return asyncio.run(main())


def fetch_error(http: Any, url: str, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(http, url, **kwargs)
    return caught.value


def test_200_then_304_on_the_conditional_request(server: Any, http: Any) -> None:
    async def feed(request: Any) -> None:
        if request.headers.get("if-none-match") == '"v1"':
            await request.respond(304)
        else:
            validators = {"ETag": '"v1"', "Last-Modified": "Mon, 02 Sep 2024 01:30:00 GMT"}
            await request.respond(200, BODY, {"Content-Type": "application/rss+xml", **validators})

    server.routes["/feed"] = feed

    async def main() -> Any:
        async with Fetcher(http()) as fetcher:
            first = await fetcher.fetch(server.url("/feed"))
            second = await fetcher.fetch(server.url("/feed"), first.validators)
            return first, second, fetcher.stats

    first, second, stats = asyncio.run(main())
    assert (first.status, first.body, first.content_type) == (200, BODY, "application/rss+xml")
    assert first.validators == Validators('"v1"', "Mon, 02 Sep 2024 01:30:00 GMT")
    assert second.not_modified and second.body == b""
    assert second.validators == first.validators  # the 304 sent none; ours are kept
    sent = server.requests[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 02 Sep 2024 01:30:00 GMT"
    assert "if-none-match" not in server.requests[0].headers
    assert (stats.requests, stats.not_modified, stats.bytes_received) == (2, 1, len(BODY))


def test_a_304_with_a_new_etag_replaces_the_old_one(server: Any, http: Any) -> None:
    async def feed(request: Any) -> None:
        await request.respond(304, headers={"ETag": '"v2"'})

    server.routes["/feed"] = feed
    result, _ = fetch(http(), server.url("/feed"), validators=Validators('"v1"', "yesterday"))
    assert result.validators == Validators('"v2"', "yesterday")


def test_request_headers_name_us_and_accept_feeds(server: Any, http: Any) -> None:
    server.routes["/"] = lambda request: request.respond(200, b"ok")
    fetch(http(user_agent="syndicate/0.1", contact_url="https://example.org/lh"), server.url("/"))
    sent = server.requests[0].headers
    assert sent["user-agent"] == "syndicate/0.1 (+https://example.org/lh)"
    assert sent["accept-encoding"].startswith("gzip, deflate")
    assert "application/rss+xml" in sent["accept"] and "text/html" in sent["accept"]


def test_gzip_body_arrives_decoded(server: Any, http: Any) -> None:
    packed = gzip.compress(BODY * 100)
    server.routes["/"] = lambda request: request.respond(200, packed, {"Content-Encoding": "gzip"})
    result, stats = fetch(http(), server.url("/"))
    assert result.body == BODY * 100
    assert stats.bytes_received == len(BODY) * 100


def test_headers_stalled_past_the_read_timeout(server: Any, http: Any) -> None:
    async def stall(request: Any) -> None:
        request.head(200, {"Content-Length": "100"})
        await asyncio.sleep(3)

    server.routes["/"] = stall
    error = fetch_error(http(read_timeout=0.3), server.url("/"))
    assert error.kind == "timeout"
    assert "waiting for data" in error.message


def test_slow_drip_hits_the_total_deadline(server: Any, http: Any) -> None:
    async def drip(request: Any) -> None:
        request.head(200, {"Content-Length": "100000"})
        while True:  # one byte every 50 ms never trips the read timeout
            request.writer.write(b"x")
            await request.writer.drain()
            await asyncio.sleep(0.05)

    server.routes["/"] = drip
    started = time.monotonic()
    error = fetch_error(http(read_timeout=0.5, total_timeout=1.0), server.url("/"))
    assert error.kind == "timeout"
    assert "within 1 s" in error.message
    assert time.monotonic() - started < 2.5  # the deadline, not the drip, ended it


def test_endless_body_stops_at_the_limit(server: Any, http: Any) -> None:
    async def endless(request: Any) -> None:
        request.head(200, {"Transfer-Encoding": "chunked"})
        chunk = b"a" * 4096
        while True:
            request.writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await request.writer.drain()

    server.routes["/"] = endless
    error = fetch_error(http(max_body_bytes=64 * 1024), server.url("/"))
    assert error.kind == "too-large"
    assert "65536-byte limit" in error.message


def test_gzip_bomb_stops_at_the_limit(server: Any, http: Any) -> None:
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    assert len(bomb) < 64 * 1024  # small on the wire, 8 MiB once inflated
    server.routes["/"] = lambda request: request.respond(200, bomb, {"Content-Encoding": "gzip"})

    async def main() -> Any:
        async with Fetcher(http(max_body_bytes=1024 * 1024)) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(server.url("/"))
            return caught.value, fetcher.stats

    error, stats = asyncio.run(main())
    assert error.kind == "too-large"
    assert stats.bytes_received < 2 * 1024 * 1024  # stopped near the limit, not at 8 MiB


def test_an_endless_stream_after_a_gzip_body_stops_at_the_limit(server: Any, http: Any) -> None:
    # Bytes after the stream's end decode to nothing; they count as sent all the same,
    # or they were read until the total deadline and failed as a timeout, tried again.
    async def endless(request: Any) -> None:
        request.head(200, {"Content-Encoding": "gzip"})  # no length: read to the close
        request.writer.write(gzip.compress(b"<rss/>"))
        while True:  # ends when the client hangs up
            request.writer.write(b"\0" * 65536)
            await request.writer.drain()

    server.routes["/"] = endless
    started = time.monotonic()
    error = fetch_error(http(total_timeout=8.0, max_body_bytes=1024 * 1024), server.url("/"))
    assert error.kind == "too-large" and "as sent" in error.message
    assert time.monotonic() - started < 4


def test_declared_length_over_the_limit_is_refused_before_reading(server: Any, http: Any) -> None:
    async def huge(request: Any) -> None:
        await request.respond(200, b"", length=50_000_000)
        await asyncio.sleep(2)  # nothing follows: reading would hang until the deadline

    server.routes["/"] = huge
    error = fetch_error(http(max_body_bytes=1_000_000, total_timeout=1.5), server.url("/"))
    assert (error.kind, "Content-Length 50000000" in error.message) == ("too-large", True)


def test_redirect_loop(server: Any, http: Any) -> None:
    server.routes["/loop"] = lambda request: request.respond(302, headers={"Location": "/loop"})
    error = fetch_error(http(max_redirects=3), server.url("/loop"))
    assert error.kind == "redirect"
    assert "more than 3 redirects" in error.message
    assert server.count("/loop") == 4  # the first request plus three hops


def test_redirect_chain_within_the_limit_is_followed(server: Any, http: Any) -> None:
    server.routes["/old"] = lambda request: request.respond(301, headers={"Location": "/mid#x"})
    server.routes["/mid"] = lambda request: request.respond(
        307, headers={"Location": server.url("/new", "127.0.0.2")}
    )
    server.routes["/new"] = lambda request: request.respond(200, BODY)
    result, stats = fetch(
        http(max_redirects=2), server.url("/old"), allowed_hosts={"127.0.0.1", "127.0.0.2"}
    )
    assert (result.url, result.final_url) == (server.url("/old"), server.url("/new", "127.0.0.2"))
    assert result.body == BODY and result.attempts == 1 and stats.requests == 3


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.2:{port}/elsewhere", "http://169.254.169.254/latest/meta-data/"],
)
def test_redirect_to_a_host_outside_the_allowed_ones(server: Any, http: Any, location: str) -> None:
    target = location.format(port=server.port)
    server.routes["/go"] = lambda request: request.respond(302, headers={"Location": target})
    error = fetch_error(http(), server.url("/go"), allowed_hosts={"127.0.0.1"})
    assert error.kind == "forbidden-url"
    assert "is not one of this source's hosts" in error.message
    assert server.count("/elsewhere", "127.0.0.2") == 0


@pytest.mark.parametrize(
    ("location", "address"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.2:{port}/elsewhere", "127.0.0.2"),
        ("http://[::1]:{port}/elsewhere", "::1"),
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://2130706433:{port}/elsewhere", "127.0.0.1"),  # a shorthand for 127.0.0.1
        ("http://224.0.0.1/", "224.0.0.1"),
    ],
)
def test_redirect_to_a_non_public_address_is_refused_without_an_allow_list(
    server: Any, http: Any, location: str, address: str
) -> None:
    # A public feed (no allow-list) that sends us into the network we run in.
    error, sent = redirect_failure(http(), location.format(port=server.port))
    assert error.kind == "forbidden-url"
    assert f"to the non-public address {address}: " in error.message
    assert sent == [FEED]


@pytest.mark.parametrize("location", ["http://[bad/x", "/tin/bai-2\x7f"])
def test_an_unreadable_location_is_a_broken_redirect(http: Any, location: str) -> None:
    error, sent = redirect_failure(http(retries=2), location)
    assert error.kind == "redirect" and "unreadable Location" in error.message
    assert sent == [FEED]  # not worth another try


@pytest.mark.parametrize(
    "location", ["mailto:toasoan@huyen.vn", "javascript:void(0)", "http:trang"]
)
def test_a_redirect_to_no_web_address_is_a_broken_redirect(
    server: Any, http: Any, location: str
) -> None:
    # httpx reads a Location even when it does not follow it, and raised InvalidURL:
    # no FetchError, so the whole source failed as a bug instead of this page.
    async def moved(request: Any) -> None:
        await request.respond(302, b"", {"Location": location})

    server.routes["/tin/1.html"] = moved
    error = fetch_error(http(), server.url("/tin/1.html"))
    assert error.kind == "redirect" and "unreadable Location" in error.message


FEED = "http://huyen.example.vn/rss"


def redirect_failure(settings: Any, location: str) -> tuple[FetchError, list[str]]:
    """How fetching FEED fails when it redirects to `location`, and what was sent."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(302, headers={"location": location})

    async def main() -> FetchError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            with pytest.raises(FetchError) as caught:
                await Fetcher(settings, client=client).fetch(FEED)
            return caught.value

    return asyncio.run(main()), sent


def test_a_portal_on_loopback_may_redirect_within_its_own_host(server: Any, http: Any) -> None:
    target = server.url("/new")
    server.routes["/old"] = lambda request: request.respond(302, headers={"Location": target})
    server.routes["/new"] = lambda request: request.respond(200, BODY)
    result, _ = fetch(http(), server.url("/old"))
    assert (result.final_url, result.body) == (target, BODY)


def test_a_portal_on_loopback_may_not_redirect_to_another_address(server: Any, http: Any) -> None:
    target = server.url("/new", "127.0.0.2")
    server.routes["/old"] = lambda request: request.respond(302, headers={"Location": target})
    error = fetch_error(http(), server.url("/old"))
    assert error.kind == "forbidden-url" and "non-public address 127.0.0.2" in error.message
    assert server.count("/new", "127.0.0.2") == 0


def test_redirect_to_another_scheme_is_refused_even_without_an_allow_list(
    server: Any, http: Any
) -> None:
    server.routes["/go"] = lambda request: request.respond(
        302, headers={"Location": "ftp://127.0.0.1/pub/tin.xml"}
    )
    assert fetch_error(http(), server.url("/go")).kind == "forbidden-url"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/tin.rss",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http:///no-host",
        "http://127.0.0.1:99999/",
        "/relative/only",
    ],
)
def test_urls_we_never_fetch(http: Any, url: str) -> None:
    assert fetch_error(http(), url).kind == "forbidden-url"


def test_start_url_outside_the_allowed_hosts(server: Any, http: Any) -> None:
    error = fetch_error(http(), server.url("/", "127.0.0.3"), allowed_hosts=["127.0.0.1"])
    assert error.kind == "forbidden-url"
    assert server.count("/", "127.0.0.3") == 0


def test_connection_refused(http: Any, closed_port: int) -> None:
    error = fetch_error(http(), f"http://127.0.0.1:{closed_port}/tin-tuc")
    assert error.kind == "connect"


def _raising(exc: Exception) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise exc
        except OSError as cause:
            raise httpx.ConnectError(str(cause), request=request) from cause

    return handler


@pytest.mark.parametrize(
    ("cause", "kind"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "dns"),
        (OSError("[Errno -3] Temporary failure in name resolution"), "dns"),
        (OSError("nodename nor servname provided, or not known"), "dns"),
        (ConnectionRefusedError(111, "Connection refused"), "connect"),
    ],
)
def test_dns_failure_is_told_apart_from_refusal(http: Any, cause: Exception, kind: str) -> None:
    async def main() -> FetchError:
        transport = httpx.MockTransport(_raising(cause))
        async with httpx.AsyncClient(transport=transport) as client:
            fetcher = Fetcher(http(), client=client)
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch("http://huyendakto.kontum.gov.vn/")
            return caught.value

    assert asyncio.run(main()).kind == kind


def test_a_client_passed_in_stays_open(http: Any) -> None:
    async def main() -> bool:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"ok"))
        async with httpx.AsyncClient(transport=transport) as client:
            async with Fetcher(http(), client=client) as fetcher:
                await fetcher.fetch("http://konplong.kontum.gov.vn/")
            return client.is_closed

    assert asyncio.run(main()) is False


class _MissingModules(importlib.abc.MetaPathFinder):
    """Records every import the import system could not answer from sys.modules."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        self.asked.append(fullname)


def test_requests_import_nothing(server: Any, http: Any) -> None:
    # A failed import searches every folder of sys.path: httpcore tried one for each
    # request when sniffio was missing, which was a third of a large run's time.
    async def page(request: Any) -> None:
        await request.respond(200, BODY, {"Content-Type": "application/rss+xml"})

    server.routes["/feed"] = page
    finder = _MissingModules()

    async def main() -> None:
        async with Fetcher(http()) as fetcher:
            await fetcher.fetch(server.url("/feed"))  # first use may import lazily
            sys.meta_path.insert(0, finder)
            try:
                for _ in range(5):
                    await fetcher.fetch(server.url("/feed"))
            finally:
                sys.meta_path.remove(finder)

    asyncio.run(main())
    assert finder.asked == []
