"""Politeness: global and per-host concurrency, the gap between starts on one host."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import httpx
import pytest

from syndicate.fetch import Fetcher
from syndicate.fetch.limits import HostLimits

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


async def _hold(request: Any) -> None:
    await asyncio.sleep(0.1)  # long enough for concurrent requests to overlap
    await request.respond(200, b"ok")


@pytest.mark.parametrize(
    ("concurrency", "per_host", "peak_per_host", "peak_total"),
    [
        (16, 2, 2, 6),  # the per-host limit binds: 2 on each of 3 hosts
        (3, 10, None, 3),  # the global limit binds
        (16, 1, 1, 3),
    ],
)
def test_limits_are_never_exceeded(
    server: Any,
    http: Any,
    concurrency: int,
    per_host: int,
    peak_per_host: int | None,
    peak_total: int,
) -> None:
    server.routes["/tin"] = _hold
    urls = [server.url(f"/tin?n={i}", HOSTS[i % 3]) for i in range(20)]

    async def main() -> list[int]:
        async with Fetcher(http(concurrency=concurrency, per_host=per_host)) as fetcher:
            results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
        return [r.status for r in results]

    assert asyncio.run(main()) == [200] * 20
    assert server.peak_total == peak_total  # reached, and never more
    if peak_per_host is not None:
        assert dict(server.peak) == dict.fromkeys(HOSTS, peak_per_host)
    else:
        assert max(server.peak.values()) <= per_host


def test_a_slow_host_does_not_hold_up_the_others(server: Any, http: Any) -> None:
    async def slow(request: Any) -> None:
        await asyncio.sleep(0.3)
        await request.respond(200, b"slow")

    server.routes["/slow"] = slow
    server.routes["/fast"] = lambda request: request.respond(200, b"fast")

    async def main() -> float:
        async with Fetcher(http(concurrency=2, per_host=1)) as fetcher:
            queued = [asyncio.create_task(fetcher.fetch(server.url("/slow"))) for _ in range(3)]
            await asyncio.sleep(0.05)  # the slow host's queue is formed
            started = time.monotonic()
            await fetcher.fetch(server.url("/fast", "127.0.0.2"))
            took = time.monotonic() - started
            await asyncio.gather(*queued)
        return took

    # Were the waiting slow requests holding global slots, this would wait 0.3 s or more.
    assert asyncio.run(main()) < 0.2


def test_host_delay_spaces_starts_on_one_host_only(http: Any, fake_time: Any) -> None:
    starts: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append((request.url.host, fake_time.clock()))
        return httpx.Response(200, content=b"ok")

    async def main() -> None:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport) as client:
            fetcher = Fetcher(
                http(host_delay=0.5, per_host=2),
                client=client,
                sleep=fake_time.sleep,
                clock=fake_time.clock,
            )
            urls = [f"http://huyendakha.kontum.gov.vn/tin/{i}" for i in range(3)]
            await asyncio.gather(*(fetcher.fetch(url) for url in urls))
            await fetcher.fetch("http://ngochoi.kontum.gov.vn/")

    asyncio.run(main())
    same = [t for host, t in starts if host == "huyendakha.kontum.gov.vn"]
    assert same == [0.0, 0.5, 1.0]
    assert fake_time.sleeps == [0.5, 0.5]  # the other host never waited


def test_host_delay_on_a_real_server(server: Any, http: Any) -> None:
    server.routes["/"] = lambda request: request.respond(200, b"ok")

    async def main() -> None:
        async with Fetcher(http(host_delay=0.2, per_host=4)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url("/")) for _ in range(3)))

    asyncio.run(main())
    times = sorted(t for _, _, t in server.starts)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 2 and min(gaps) >= 0.18


@pytest.mark.parametrize(
    ("retry_after", "later"),
    [
        ("2", 2.0),
        # More than we would wait ourselves: that fetch gives up, and the host is sent
        # nothing more this run (the others fail at once, unsent).
        ("3600", None),
    ],
)
def test_retry_after_pauses_the_whole_host(
    http: Any, fake_time: Any, retry_after: str, later: float | None
) -> None:
    starts: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append((request.url.path, fake_time.clock()))
        if len(starts) == 1:
            return httpx.Response(429, headers={"Retry-After": retry_after})
        return httpx.Response(200, content=b"ok")

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(
                http(retries=0, per_host=1),
                client=client,
                sleep=fake_time.sleep,
                clock=fake_time.clock,
            )
            urls = [f"http://huyendakha.kontum.gov.vn/tin/{i}" for i in range(3)]
            await asyncio.gather(*(fetcher.fetch(url) for url in urls), return_exceptions=True)

    asyncio.run(main())
    # /tin/0 is answered 429 and not tried again; the others wait as long as it was asked.
    waited = [] if later is None else [("/tin/1", later), ("/tin/2", later)]
    assert starts == [("/tin/0", 0.0), *waited]


def test_a_pause_that_comes_while_waiting_for_the_gap_is_kept(fake_time: Any) -> None:
    limits = HostLimits(4, 2, 1.0, sleep=fake_time.sleep, clock=fake_time.clock)
    started: list[float] = []

    async def start(host: str) -> None:
        async with limits.slot(host):
            started.append(fake_time.clock())

    async def main() -> None:
        await start("huyendakha.kontum.gov.vn")
        waiting = asyncio.create_task(start("huyendakha.kontum.gov.vn"))
        await asyncio.sleep(0)  # it is asleep for the 1 s gap
        limits.pause("huyendakha.kontum.gov.vn", 5.0)
        await waiting
        await start("ngochoi.kontum.gov.vn")

    asyncio.run(main())
    assert started == [0.0, 6.0, 6.0]  # paused at 1.0 for 5 s; the other host never was
    assert fake_time.sleeps == [1.0, 5.0]


def test_one_idn_host_spelt_two_ways_is_one_host(http: Any, fake_time: Any) -> None:
    # The source is configured in Unicode; the CMS writes its absolute links in the
    # IDNA form. Both reach one server, under one Host header: one gap between them.
    unicode_host = "đắktô.kontum.gov.vn"
    ascii_host = unicode_host.encode("idna").decode("ascii")
    starts: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append((request.headers["host"], fake_time.clock()))
        return httpx.Response(200, content=b"<html>tin</html>")

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            fetcher = Fetcher(
                http(host_delay=10.0, per_host=1),
                client=client,
                sleep=fake_time.sleep,
                clock=fake_time.clock,
            )
            await fetcher.fetch(f"http://{unicode_host}/tin")
            await fetcher.fetch(f"http://{ascii_host}/tin/bai-1.html")
            await fetcher.fetch(f"http://{ascii_host.upper()}./tin/bai-2.html")

    asyncio.run(main())
    assert {host.rstrip(".") for host, _ in starts} == {ascii_host}
    assert [t for _, t in starts] == [0.0, 10.0, 20.0]
