"""The figures of a run add up: every request a source made is counted for it, failed
ones too, so the summary line and the metrics say what the portals really saw."""

from __future__ import annotations

import json
import logging
import os
import signal
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from syndicate import collect as collect_module
from syndicate.config import Config, parse_config
from syndicate.fetch import Fetcher
from syndicate.pool import parse_pool
from syndicate.report import JsonFormatter, RunTotals
from syndicate.store import Store

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
LISTING = """<html><body><ul>
<li class="tin"><a href="/tin/bai-1.html">Hội nghị tổng kết năm</a></li>
<li class="tin"><a href="/tin/bai-2.html">Khai giảng năm học mới</a></li>
</ul></body></html>"""
ARTICLE = """<html><body><h1>Hội nghị tổng kết năm</h1><span class="ngay">12/05/2025 08:30</span>
<div class="noi-dung"><p>Sáng nay, huyện tổ chức hội nghị tổng kết công tác năm.</p></div>
</body></html>"""


def handler(request: httpx.Request) -> httpx.Response:
    host, path = request.url.host, request.url.path
    if host == "tinh.example.vn":
        return httpx.Response(503, text="bảo trì")
    if path == "/tin":
        return httpx.Response(200, text=LISTING, headers={"content-type": "text/html"})
    if path == "/tin/bai-1.html":
        return httpx.Response(200, text=ARTICLE, headers={"content-type": "text/html"})
    return httpx.Response(404, text="không có")


def province(tmp_path: Path, sources: list[dict[str, object]], **http: object) -> Config:
    """A config of `sources` in one district, HTTP without waits or robots.txt."""
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.example/"},
        "storage": {"database": "t.db", "output": "public"},
        "http": {"respect_robots": False, "backoff": 0.0, "host_delay": 0.0, **http},
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
        "sources": sources,
    }
    return parse_config(raw, tmp_path / "t.toml")


def two_sources(tmp_path: Path) -> Config:
    """A feed whose host answers 503 and a listing whose second article is not found."""
    sources: list[dict[str, object]] = [
        {"id": "tinh-rss", "kind": "feed", "url": "http://tinh.example.vn/rss"},
        {
            "id": "dak-to-tin",
            "district": "dak-to",
            "kind": "html",
            "url": "http://dakto.example.vn/tin",
            "options": {"item": "li.tin", "body": ".noi-dung", "date": ".ngay"},
        },
    ]
    return province(tmp_path, sources, retries=2)


def test_failed_fetches_count_for_their_source(tmp_path: Path) -> None:
    config = two_sources(tmp_path)
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with Store(tmp_path / "t.db") as store:
        runs = {
            r.source_id: r for r in collect_module.collect(config, store, client=client, now=NOW)
        }
    feed, html = runs["tinh-rss"], runs["dak-to-tin"]
    assert feed.status == "failed" and feed.error is not None
    assert feed.error.kind == "http-status"
    assert (feed.requests, feed.bytes) == (3, 0)  # three tries, none read
    assert html.status == "ok" and html.new == 1
    # The listing, the article that came and the one that was not found.
    assert html.requests == 3
    assert html.bytes == len(LISTING.encode()) + len(ARTICLE.encode())


def test_json_log_lines_of_a_source_name_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = two_sources(tmp_path)
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with Store(tmp_path / "t.db") as store, caplog.at_level(logging.INFO, logger="syndicate"):
        collect_module.collect(config, store, client=client, now=NOW)
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    by_source: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_source.setdefault(line["source"], []).append(line)
    assert len(lines) == 3, lines
    [failed] = by_source["tinh-rss"]
    assert failed["message"].startswith("tinh-rss failed: ")
    assert failed["error_kind"] == "http-status"
    warning, done = by_source["dak-to-tin"]  # a page not found, then the source's line
    assert warning["message"].startswith("dak-to-tin: http://dakto.example.vn/")
    assert done["message"] == "dak-to-tin ok: 1 new, 0 updated, 3 requests, 0 not modified"


def test_robots_txt_requests_count_for_the_source_that_needed_them(tmp_path: Path) -> None:
    config = two_sources(tmp_path)
    config = replace(config, http=replace(config.http, respect_robots=True))
    seen: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /admin/\n")
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(counting))
    with Store(tmp_path / "t.db") as store:
        runs = collect_module.collect(config, store, client=client, now=NOW)
    robots = [u for u in seen if u.endswith("/robots.txt")]
    assert len(robots) == 2  # one per host
    assert RunTotals.of(runs, 0.0).requests == len(seen)
    html = next(r for r in runs if r.source_id == "dak-to-tin")
    assert html.requests == 4  # robots.txt, the listing and two article pages


def test_a_portal_down_for_maintenance_is_not_asked_again_before_it_said(
    tmp_path: Path,
) -> None:
    config = two_sources(tmp_path)

    def maintenance(request: httpx.Request) -> httpx.Response:
        if request.url.host == "tinh.example.vn":
            return httpx.Response(503, text="bảo trì", headers={"Retry-After": "10800"})
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(maintenance))
    with Store(tmp_path / "t.db") as store:
        collect_module.collect(config, store, client=client, now=NOW)
        [health] = [h for h in store.health() if h.source_id == "tinh-rss"]
        # Three hours from the answer, which came a moment into the run.
        assert NOW + timedelta(hours=3) <= health.next_attempt < NOW + timedelta(hours=3, minutes=1)
        # The next runs, from cron every five minutes, leave it alone until then.
        assert store.due(["tinh-rss"], NOW + timedelta(hours=2, minutes=55)) == set()
        assert store.due(["tinh-rss"], NOW + timedelta(hours=3, minutes=1)) == {"tinh-rss"}


def limited_after_one(request: httpx.Request) -> httpx.Response:
    """The listing and one article come back, then the portal asks for an hour."""
    if request.url.host == "tinh.example.vn":
        return httpx.Response(200, text="<rss version='2.0'><channel></channel></rss>")
    if request.url.path in ("/tin", "/tin/bai-1.html"):
        return handler(request)
    return httpx.Response(429, text="chậm lại", headers={"Retry-After": "3600"})


def gone_then_limited(request: httpx.Request) -> httpx.Response:
    """The first article is gone (404), the second asked for an hour (429)."""
    if request.url.path == "/tin/bai-1.html":
        return httpx.Response(404, text="không có")
    return limited_after_one(request)


@pytest.mark.parametrize(
    ("portal", "status"), [(limited_after_one, "ok"), (gone_then_limited, "failed")]
)
def test_a_page_asking_for_quiet_holds_its_source_back_however_the_run_ended(
    tmp_path: Path, portal: Any, status: str
) -> None:
    config = two_sources(tmp_path)
    client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
    with Store(tmp_path / "t.db") as store:
        [run] = collect_module.collect(config, store, client=client, now=NOW, only=["dak-to-tin"])
        assert run.status == status
        assert run.error is not None and "429" in run.error.message
        [health] = [h for h in store.health() if h.source_id == "dak-to-tin"]
        assert NOW + timedelta(hours=1) <= health.next_attempt < NOW + timedelta(minutes=61)
        assert store.due(["dak-to-tin"], NOW + timedelta(minutes=55)) == set()
        assert store.due(["dak-to-tin"], NOW + timedelta(minutes=62)) == {"dak-to-tin"}
        if status == "ok":
            assert health.consecutive_failures == 0 and health.last_success == NOW


def test_the_wait_asked_for_counts_from_the_answer_not_the_runs_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [0.0]
    late = 40 * 60.0  # other sources kept the run busy this long before the portal answered

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    def answer(request: httpx.Request) -> httpx.Response:
        clock[0] += late
        return httpx.Response(503, text="bảo trì", headers={"Retry-After": "3600"})

    monkeypatch.setattr(
        collect_module, "Fetcher", partial(Fetcher, clock=lambda: clock[0], sleep=sleep)
    )
    config = two_sources(tmp_path)
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    with Store(tmp_path / "t.db") as store:
        collect_module.collect(config, store, client=client, now=NOW, only=["tinh-rss"])
        [health] = [h for h in store.health() if h.source_id == "tinh-rss"]
    # Answered 40 minutes into the run, asking for an hour from then.
    assert health.next_attempt == NOW + timedelta(seconds=late + 3600)


FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tỉnh</title>
<item><title>Hội nghị tổng kết công tác năm 2024</title><link>http://tinh.example.vn/tin/1</link>
<pubDate>Sat, 01 Mar 2025 08:00:00 +0700</pubDate><description>Tổng kết năm.</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "validator",
    [
        (b"etag", '"tin-tức-1"'.encode()),  # a file name in the ETag
        (b"last-modified", "Thứ 7, 01/03/2025 08:00".encode()),  # a date in Vietnamese
        (b"last-modified", b"Sat, 01 Mar 2025 08:00:00 GMT\xa0"),  # a Latin-1 space
    ],
)
def test_a_validator_that_cannot_be_sent_back_fails_no_later_run(
    tmp_path: Path, validator: tuple[bytes, bytes]
) -> None:
    # Kept, it went back in If-None-Match / If-Modified-Since, which the HTTP client
    # refuses to encode: the source failed as an internal error on every run after.
    def portal(request: httpx.Request) -> httpx.Response:
        assert all(value.isascii() for value in request.headers.values())
        headers = [(b"content-type", b"application/rss+xml"), validator]
        return httpx.Response(200, content=FEED.encode(), headers=headers)

    config = two_sources(tmp_path)
    with Store(tmp_path / "t.db") as store:
        for minutes in (0, 5, 10):
            client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
            later = NOW + timedelta(minutes=minutes)
            [run] = collect_module.collect(
                config, store, client=client, now=later, only=["tinh-rss"]
            )
            assert run.status != "failed", (minutes, run.error)


def collect_in_pool(config: Config, portal: Any, pool: Any, tmp_path: Path) -> list[Any]:
    """One collection through `portal`, parsing in `pool`, which is shut down after."""
    client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
    with Store(tmp_path / "t.db") as store:
        try:
            return collect_module.collect(config, store, client=client, now=NOW, executor=pool)
        finally:
            pool.shutdown(cancel_futures=True)


def test_a_parsing_process_killed_fails_no_source_of_the_run(tmp_path: Path) -> None:
    # Killed (the kernel short of memory, a crash in a C parser), a worker broke the
    # pool for good: every source parsed after it failed as an internal error.
    sources: list[dict[str, object]] = [
        {"id": f"s{n}", "district": "dak-to", "kind": "feed", "url": f"http://s{n}.example.vn/rss"}
        for n in range(6)
    ]
    config = province(tmp_path, sources, retries=0, concurrency=1)
    pool = parse_pool(config, workers=2)
    pool.submit(os.getpid).result()  # the workers are up
    killed: list[int] = []

    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.host == "s2.example.vn" and not killed:
            for pid in list(pool.processes._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        item = FEED.replace("tinh.example.vn", request.url.host)
        return httpx.Response(200, text=item, headers={"content-type": "application/rss+xml"})

    runs = collect_in_pool(config, portal, pool, tmp_path)
    assert killed
    assert [(r.source_id, r.status, r.new) for r in runs if r.failed or r.new != 1] == []


def _poisoned_worker(config: Config, parent_pid: int) -> None:
    """A parsing process in which a feed naming "ĐỘC" kills its process whenever it is
    parsed (a crash in a C parser, the same page every time), and every other parse
    takes a moment, so calls sit in the pool beside it."""
    import time

    from syndicate import worker
    from syndicate.pool import init_pool_worker

    init_pool_worker(config, parent_pid)
    parse = worker.parse_feed_body

    def parse_feed_body(source_id: str, body: bytes, *args: Any) -> Any:
        time.sleep(0.2)
        if "ĐỘC".encode() in body:
            os._exit(70)
        return parse(source_id, body, *args)

    worker.parse_feed_body = parse_feed_body  # type: ignore[assignment]


def test_a_page_that_kills_its_parsing_process_every_time_fails_only_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from syndicate.pool import ParsePool

    # The spawned workers import this module for their initializer, whatever folder
    # an earlier test left the process in.
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))

    sources: list[dict[str, object]] = [
        {"id": f"s{n}", "district": "dak-to", "kind": "feed", "url": f"http://s{n}.example.vn/rss"}
        for n in range(6)
    ]
    config = province(tmp_path, sources, retries=0)
    pool = ParsePool(
        lambda: ProcessPoolExecutor(
            max_workers=2,
            mp_context=get_context("spawn"),
            initializer=_poisoned_worker,
            initargs=(config, os.getpid()),
        )
    )

    def portal(request: httpx.Request) -> httpx.Response:
        item = FEED.replace("tinh.example.vn", request.url.host)
        if request.url.host == "s2.example.vn":
            item = item.replace("Hội nghị tổng kết", "ĐỘC Hội nghị tổng kết")
        return httpx.Response(200, text=item, headers={"content-type": "application/rss+xml"})

    runs = collect_in_pool(config, portal, pool, tmp_path)
    assert [r.source_id for r in runs if r.failed] == ["s2"]
    assert all(r.new == 1 for r in runs if r.source_id != "s2")


def test_a_host_asking_for_hours_of_quiet_holds_back_its_sources_that_ran_before(
    tmp_path: Path,
) -> None:
    # One portal serves two feeds; the first is read, then the second is told to come
    # back in two hours. That answer is the portal's, not the second feed's: the next
    # runs, every five minutes, leave both alone until then.
    feed = FEED.encode()

    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.host.rstrip(".") == "tinh.example.vn" and request.url.path == "/b.rss":
            return httpx.Response(503, text="bảo trì", headers={"Retry-After": "7200"})
        return httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})

    sources: list[dict[str, object]] = [
        {"id": "tinh-a", "kind": "feed", "url": "http://tinh.example.vn/a.rss", "title": "A"},
        {"id": "tinh-b", "kind": "feed", "url": "http://TINH.example.vn./b.rss", "title": "B"},
        {"id": "dak-to-rss", "kind": "feed", "url": "http://dakto.example.vn/rss", "title": "C"},
    ]
    # One request at a time, in the order of the sources: the first feed is read first.
    config = province(tmp_path, sources, concurrency=1, per_host=1)
    client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
    with Store(tmp_path / "t.db") as store:
        runs = {
            r.source_id: r for r in collect_module.collect(config, store, client=client, now=NOW)
        }
        assert runs["tinh-a"].status == "ok" and runs["tinh-b"].status == "failed"
        health = {h.source_id: h for h in store.health()}
        held = health["tinh-a"]
        assert held.consecutive_failures == 0 and held.last_success == NOW
        assert NOW + timedelta(hours=2) <= held.next_attempt < NOW + timedelta(hours=2, minutes=1)
        everyone = ["tinh-a", "tinh-b", "dak-to-rss"]
        assert store.due(everyone, NOW + timedelta(minutes=5)) == {"dak-to-rss"}
        assert store.due(everyone, NOW + timedelta(hours=1, minutes=55)) == {"dak-to-rss"}
        assert store.due(everyone, NOW + timedelta(hours=2, minutes=1)) == set(everyone)


def _quiet_on(path: str) -> Any:
    feed = FEED.encode()

    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.path == path:
            return httpx.Response(503, text="bảo trì", headers={"Retry-After": "7200"})
        return httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})

    return portal


def test_a_source_left_out_by_only_is_held_back_with_its_host(tmp_path: Path) -> None:
    # An operator tries two of a portal's feeds by hand; the portal asks for two hours.
    # Its third feed is as much the portal's: the next cron run leaves it alone too.
    sources: list[dict[str, object]] = [
        {"id": f"tinh-{n}", "kind": "feed", "url": f"http://tinh.example.vn/{n}.rss", "title": n}
        for n in ("a", "b", "c")
    ]
    config = province(tmp_path, sources, concurrency=1, per_host=1)
    client = httpx.AsyncClient(transport=httpx.MockTransport(_quiet_on("/b.rss")))
    with Store(tmp_path / "t.db") as store:
        runs = collect_module.collect(
            config, store, client=client, now=NOW, only={"tinh-a", "tinh-b"}
        )
        assert {r.source_id: r.status for r in runs} == {"tinh-a": "ok", "tinh-b": "failed"}
        everyone = ["tinh-a", "tinh-b", "tinh-c"]
        assert store.due(everyone, NOW + timedelta(minutes=5)) == set()


def test_an_idn_host_asking_for_quiet_holds_back_both_its_spellings(tmp_path: Path) -> None:
    host = "đắktô.example.vn"
    sources: list[dict[str, object]] = [
        {"id": "a", "kind": "feed", "url": f"http://{host}/a.rss", "title": "A"},
        {"id": "b", "kind": "feed", "url": f"http://{host.encode('idna').decode()}/b.rss"},
    ]
    config = province(tmp_path, sources, concurrency=1, per_host=1)
    client = httpx.AsyncClient(transport=httpx.MockTransport(_quiet_on("/b.rss")))
    with Store(tmp_path / "t.db") as store:
        runs = collect_module.collect(config, store, client=client, now=NOW)
        assert {r.source_id: r.status for r in runs} == {"a": "ok", "b": "failed"}
        assert store.due(["a", "b"], NOW + timedelta(minutes=5)) == set()


def test_quiet_asked_by_the_host_a_portal_redirects_to_holds_its_other_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The portal's bare name sends every request on to its www. host, which asks for
    # two hours: the other feed, configured under the bare name, reaches it all the same.
    import ipaddress

    async def public(host: str, port: int) -> list[Any]:
        return [ipaddress.ip_address("203.0.113.7")]  # no DNS: a documentation address

    monkeypatch.setattr(collect_module, "Fetcher", partial(Fetcher, resolve=public))
    feed = FEED.encode()

    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.host == "tinh.example.vn":
            location = f"http://www.tinh.example.vn{request.url.path}"
            return httpx.Response(301, headers={"location": location})
        if request.url.path == "/b.rss":
            return httpx.Response(503, text="bảo trì", headers={"Retry-After": "7200"})
        return httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})

    sources: list[dict[str, object]] = [
        {"id": f"tinh-{n}", "kind": "feed", "url": f"http://tinh.example.vn/{n}.rss", "title": n}
        for n in ("a", "b")
    ]
    config = province(tmp_path, sources, concurrency=1, per_host=1)
    client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
    with Store(tmp_path / "t.db") as store:
        runs = {
            r.source_id: r for r in collect_module.collect(config, store, client=client, now=NOW)
        }
        assert (runs["tinh-a"].status, runs["tinh-b"].status) == ("ok", "failed")
        assert store.due(["tinh-a", "tinh-b"], NOW + timedelta(minutes=5)) == set()
        assert store.due(["tinh-a"], NOW + timedelta(hours=2, minutes=1)) == {"tinh-a"}


def test_validators_a_304_brings_are_sent_next_time(tmp_path: Path) -> None:
    # Some servers turn their ETag over while the page stays the same and say so with
    # the 304 (RFC 9111 4.3.4): kept unchanged, every later request sent the old one.
    seen: list[str | None] = []

    def portal(request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("if-none-match")
        seen.append(sent)
        if sent is None:
            headers = {"content-type": "application/rss+xml", "etag": '"v1"'}
            return httpx.Response(200, text=FEED, headers=headers)
        return httpx.Response(304, headers={"etag": '"v2"'})

    config = two_sources(tmp_path)
    with Store(tmp_path / "t.db") as store:
        for minutes in (0, 5, 10):
            client = httpx.AsyncClient(transport=httpx.MockTransport(portal))
            later = NOW + timedelta(minutes=minutes)
            [run] = collect_module.collect(
                config, store, client=client, now=later, only=["tinh-rss"]
            )
            assert run.status in ("ok", "not-modified"), run
        assert store.articles_by_url(["http://tinh.example.vn/tin/1"])
    assert seen == [None, '"v1"', '"v2"']


PROVINCE_RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Tin các huyện</title><link>http://tinh.example.vn/</link>
<item><title>Hội nghị tổng kết năm</title><link>http://dakto.example.vn/tin/bai-1.html</link>
<description>Sáng nay, huyện tổ chức hội nghị tổng kết công tác năm.</description>
<pubDate>Mon, 12 May 2025 08:30:00 +0700</pubDate></item>
</channel></rss>"""


def test_a_district_page_the_province_feed_brought_in_first_becomes_the_districts(
    tmp_path: Path,
) -> None:
    # The province's feed links straight to the district's page, and is collected
    # before the district's own listing shows it: the article was the province's for good.
    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.host == "tinh.example.vn":
            return httpx.Response(
                200, text=PROVINCE_RSS, headers={"content-type": "application/rss+xml"}
            )
        return handler(request)

    config = two_sources(tmp_path)
    client = httpx.AsyncClient(transport=httpx.MockTransport(serve))
    with Store(tmp_path / "t.db") as store:
        collect_module.collect(config, store, only={"tinh-rss"}, client=client, now=NOW)
        (entry,) = store.feed_entries(config)
        assert (entry.origin.source_id, entry.origin.district) == ("tinh-rss", None)
        first_id = entry.id
        later = NOW + timedelta(hours=1)
        collect_module.collect(config, store, client=client, now=later, force=True)
        (entry,) = store.feed_entries(config)
        assert (entry.origin.source_id, entry.origin.district) == ("dak-to-tin", "dak-to")
        assert [o.source_id for o in entry.also_on] == ["tinh-rss"]
        assert entry.id == first_id  # the portal keys on it
        # the province listing it again leaves it where it belongs
        collect_module.collect(
            config, store, client=client, now=later + timedelta(hours=1), force=True
        )
        (entry,) = store.feed_entries(config)
        assert (entry.origin.source_id, entry.origin.district) == ("dak-to-tin", "dak-to")
