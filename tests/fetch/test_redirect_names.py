"""Redirects to host names: where a name leads is checked as an IP literal would be.

Name resolution is a table (`Names`) so nothing here asks real DNS; the exchange runs
over httpx.MockTransport, or the loopback fault server for a portal on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any

import httpcore
import httpx
import pytest

from syndicate.errors import FetchError
from syndicate.fetch import Fetcher
from syndicate.fetch.client import IPAddress, PinnedBackend, resolve_addresses
from syndicate.model import FetchResult

START = "http://huyen.example.vn/rss"
BODY = b"<rss><channel><title>tin</title></channel></rss>"


class Names:
    """A resolver answering from a table; records every name it was asked for."""

    def __init__(self, table: dict[str, Sequence[str]], failure: OSError | None = None) -> None:
        self.table = table
        self.failure = failure
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[IPAddress]:
        self.asked.append(host)
        if self.failure is not None:
            raise self.failure
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [ipaddress.ip_address(a) for a in self.table[host]]


def redirecting(
    to: str, start: str = START
) -> tuple[Callable[[httpx.Request], httpx.Response], list[str]]:
    """A site where `start` redirects to `to` and every other URL is a feed."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if str(request.url) == start:
            return httpx.Response(302, headers={"location": to.encode()})
        return httpx.Response(200, content=BODY)

    return handler, seen


def follow(
    http: Any,
    handler: Callable[[httpx.Request], httpx.Response],
    names: Names,
    start: str = START,
    **kwargs: Any,
) -> FetchResult:
    async def main() -> FetchResult:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(http(), client=client, resolve=names)
            return await fetcher.fetch(start, **kwargs)

    return asyncio.run(main())


def refused(http: Any, handler: Any, names: Names, start: str = START) -> FetchError:
    with pytest.raises(FetchError) as caught:
        follow(http, handler, names, start)
    return caught.value


@pytest.mark.parametrize(
    ("addresses", "address"),
    [
        (["10.1.2.3"], "10.1.2.3"),
        (["169.254.169.254"], "169.254.169.254"),
        (["203.0.113.9"], "203.0.113.9"),  # documentation addresses are no public site's
        (["2001:4860:4860::8888", "::1"], "::1"),
        (["8.8.8.8", "192.168.1.1"], "192.168.1.1"),  # any one address is enough
        (["::ffff:10.0.0.1"], str(ipaddress.ip_address("::ffff:10.0.0.1"))),
    ],
)
def test_a_redirect_to_a_name_for_a_non_public_address_is_refused(
    http: Any, addresses: list[str], address: str
) -> None:
    handler, seen = redirecting("http://metadata.internal/latest/")
    names = Names({"metadata.internal": addresses})
    error = refused(http, handler, names)
    assert error.kind == "forbidden-url"
    assert error.message == (
        f"redirect from {START} to metadata.internal, which resolves to the non-public"
        f" address {address}: http://metadata.internal/latest/"
    )
    assert seen == [START]


def test_a_redirect_to_a_name_for_public_addresses_is_followed(http: Any) -> None:
    handler, seen = redirecting("https://www.huyen.example.vn/rss")
    names = Names({"www.huyen.example.vn": ["8.8.8.8", "2001:4860:4860::8888"]})
    result = follow(http, handler, names)
    assert (result.final_url, result.body) == ("https://www.huyen.example.vn/rss", BODY)
    assert seen == [START, "https://www.huyen.example.vn/rss"]
    assert names.asked == ["www.huyen.example.vn"]


def test_the_name_asked_for_is_the_one_connected_to(http: Any) -> None:
    # IDNA-encoded, as httpx sends it to the resolver when it connects.
    handler, _ = redirecting("http://Bắc.example.vn./rss")
    names = Names({"xn--bc-m6s.example.vn.": ["8.8.8.8"]})
    follow(http, handler, names)
    assert names.asked == ["xn--bc-m6s.example.vn."]


def test_a_redirect_within_the_starting_host_is_not_looked_up(http: Any) -> None:
    handler, _ = redirecting("http://HUYEN.example.vn./rss?page=1")
    names = Names({})
    result = follow(http, handler, names)
    assert result.final_url == "http://HUYEN.example.vn./rss?page=1"
    assert names.asked == []


def test_hosts_on_the_allow_list_are_not_looked_up(http: Any) -> None:
    # The operator named them; a LAN mirror among them is the operator's choice.
    handler, _ = redirecting("http://mirror.lan/rss")
    names = Names({"mirror.lan": ["10.0.0.5"]})
    result = follow(http, handler, names, allowed_hosts={"huyen.example.vn", "mirror.lan"})
    assert result.final_url == "http://mirror.lan/rss"
    assert names.asked == []


def test_a_portal_on_a_private_name_may_redirect_to_its_own_address(http: Any) -> None:
    start = "http://mirror.lan/rss"
    handler, _ = redirecting("http://10.0.0.5/rss", start)
    names = Names({"mirror.lan": ["10.0.0.5"]})
    assert follow(http, handler, names, start).final_url == "http://10.0.0.5/rss"


def test_a_portal_on_a_private_name_may_not_redirect_to_another_one(http: Any) -> None:
    start = "http://mirror.lan/rss"
    handler, seen = redirecting("http://router.lan/", start)
    names = Names({"mirror.lan": ["10.0.0.5"], "router.lan": ["10.0.0.1"]})
    error = refused(http, handler, names, start)
    assert error.kind == "forbidden-url" and "non-public address 10.0.0.1" in error.message
    assert seen == [start]


@pytest.mark.parametrize(
    ("failure", "requests", "attempts"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), 1, 1),
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), 3, 3),
    ],
)
def test_a_redirect_to_a_name_that_does_not_resolve_is_a_dns_failure(
    http: Any, failure: OSError, requests: int, attempts: int
) -> None:
    handler, seen = redirecting("http://gone.example.vn/rss")

    async def main() -> FetchError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(
                http(retries=2), client=client, resolve=Names({}, failure), sleep=_no_wait
            )
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(START)
            return caught.value

    error = asyncio.run(main())
    assert error.kind == "dns"
    assert error.message.startswith("cannot resolve the host (")
    assert "http://gone.example.vn/rss" in error.message
    assert len(seen) == requests  # only a resolver saying "try again" earns a retry
    assert (f"after {attempts} attempts" in error.message) == (attempts > 1)


def test_a_name_that_resolves_too_slowly_is_a_timeout(http: Any) -> None:
    handler, _ = redirecting("http://slow.example.vn/rss")

    async def slow(host: str, port: int) -> list[IPAddress]:
        await asyncio.sleep(5)
        return []

    async def main() -> FetchError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(http(connect_timeout=0.05), client=client, resolve=slow)
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(START)
            return caught.value

    error = asyncio.run(main())
    assert (error.kind, error.message) == (
        "timeout",
        "timed out resolving the host: http://slow.example.vn/rss",
    )


def test_a_portal_on_loopback_redirects_within_itself_without_a_lookup(
    server: Any, http: Any
) -> None:
    target = server.url("/new")
    server.routes["/old"] = lambda request: request.respond(302, headers={"Location": target})
    server.routes["/new"] = lambda request: request.respond(200, BODY)
    names = Names({}, socket.gaierror(socket.EAI_FAIL, "no resolver here"))

    async def main() -> FetchResult:
        async with Fetcher(http(), resolve=names) as fetcher:
            return await fetcher.fetch(server.url("/old"))

    result = asyncio.run(main())
    assert (result.final_url, result.body) == (target, BODY)
    assert names.asked == []


def test_the_system_resolver_gives_addresses() -> None:
    # A literal needs no DNS server: getaddrinfo answers it itself.
    found = asyncio.run(resolve_addresses("127.0.0.1", 80))
    assert set(found) == {ipaddress.ip_address("127.0.0.1")}


async def _no_wait(seconds: float) -> None:
    pass


def test_a_name_is_connected_to_at_the_addresses_it_was_checked_at(server: Any, http: Any) -> None:
    # Checked, the name was asked again when connecting: one that answered an allowed
    # address to the check could answer another (169.254.169.254) to the connection.
    # Here the system resolver knows no such name at all, so only a connection made
    # at the checked address reaches the page.
    target = f"http://mirror.invalid:{server.port}/new"
    server.routes["/old"] = lambda request: request.respond(302, headers={"Location": target})
    server.routes["/new"] = lambda request: request.respond(200, BODY)
    names = Names({"mirror.invalid": ["127.0.0.1"]})

    async def main() -> FetchResult:
        async with Fetcher(http(), resolve=names) as fetcher:
            first = await fetcher.fetch(server.url("/old"))
            names.table["mirror.invalid"] = ["169.254.169.254"]  # rebound
            again = await fetcher.fetch(target)
            return first if first.body == again.body else again

    result = asyncio.run(main())
    assert (result.final_url, result.body) == (target, BODY)
    assert [r.headers["host"] for r in server.requests if r.path == "/new"] == [
        f"mirror.invalid:{server.port}"
    ] * 2


def test_a_pinned_names_addresses_share_one_connect_timeout() -> None:
    # Each address had the whole timeout in turn: three silent ones took three times it,
    # and a silent first one (IPv6 dropped on the way) all of it before the next.
    given: list[float] = []

    class Silent:
        async def connect_tcp(self, host: str, port: int, timeout: float, *rest: Any) -> Any:
            given.append(timeout)
            raise httpcore.ConnectTimeout(f"{host} did not answer")

    addresses = [ipaddress.ip_address(a) for a in ("2001:db8::1", "192.0.2.1", "192.0.2.2")]
    backend = PinnedBackend(addresses)
    backend._inner = Silent()  # type: ignore[assignment]
    with pytest.raises(httpcore.ConnectTimeout):
        asyncio.run(backend.connect_tcp("huyen.example.vn", 80, timeout=0.3))
    # The first is given its share, not the whole: what it leaves goes to the others.
    assert len(given) == 3 and 0 < given[0] <= 0.1 and all(g <= 0.3 for g in given)
