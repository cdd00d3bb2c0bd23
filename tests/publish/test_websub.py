"""WebSub: feeds announce the hub, and `ping_hub` pings a real (fake) hub on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from syndicate.publish import publish, websub
from syndicate.publish.websub import changed_feed_urls, notify_hub, ping_hub
from tests.fakehub import FakeHub
from tests.publish.factories import BASE, make_config, make_entry

HUB = "https://hub.example.net/"
NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        yield fake


FEEDS = [f"{BASE}province.atom", f"{BASE}province.rss", f"{BASE}districts/dak-to.json"]


def test_one_form_post_per_feed(hub: FakeHub) -> None:
    assert ping_hub(hub.url, FEEDS) == []
    assert [form for _, form in hub.requests] == [
        [("hub.mode", "publish"), ("hub.url", url)] for url in FEEDS
    ]
    headers = hub.requests[0][0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["User-Agent"].startswith("syndicate")


def test_duplicates_are_pinged_once(hub: FakeHub) -> None:
    assert ping_hub(hub.url, [FEEDS[0], FEEDS[1], FEEDS[0]]) == []
    assert [dict(form)["hub.url"] for _, form in hub.requests] == FEEDS[:2]


def test_nothing_to_ping(hub: FakeHub) -> None:
    assert ping_hub(hub.url, []) == []
    assert hub.requests == []


@pytest.mark.parametrize("status", [200, 202, 204])
def test_any_success_status(hub: FakeHub, status: int) -> None:
    hub.status = status
    assert ping_hub(hub.url, FEEDS[:1]) == []


def test_refusals_are_returned_per_feed(hub: FakeHub) -> None:
    hub.status_for = {FEEDS[0]: 400, FEEDS[1]: 404}
    errors = ping_hub(hub.url, FEEDS)
    assert errors == [
        f"{FEEDS[0]}: hub answered 400 hub trouble",
        f"{FEEDS[1]}: hub answered 404 hub trouble",
    ]
    assert len(hub.requests) == 3, "a refusal of one feed does not stop the others"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_hub_in_trouble_is_not_asked_again_for_every_feed(hub: FakeHub, status: int) -> None:
    # Pings run under the store's lock: a hub answering 503 after a wait, asked once per
    # feed, held a demo sync for minutes.
    hub.status_for = {FEEDS[1]: status}
    errors = ping_hub(hub.url, FEEDS)
    assert errors == [
        f"{FEEDS[1]}: hub answered {status} hub trouble",
        f"{FEEDS[2]}: not pinged after the answer above",
    ]
    assert len(hub.requests) == 2


def test_all_the_pings_together_have_a_deadline(hub: FakeHub) -> None:
    # A hub that answers slowly, or trickles its answer a byte at a time, restarts the
    # read timeout with every byte: only a deadline over them all bounds the pinging.
    ticks = iter(range(100))
    errors = ping_hub(hub.url, FEEDS, deadline=2.0, clock=lambda: float(next(ticks)))
    assert len(hub.requests) == 1
    assert errors == [f"{url}: not pinged: 2 s of pinging spent" for url in FEEDS[1:]]


def unreachable_hub() -> str:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hub"


def test_an_unreachable_hub_is_an_error_not_an_exception() -> None:
    errors = ping_hub(unreachable_hub(), FEEDS)
    assert len(errors) == 3
    assert errors[0].startswith(f"{FEEDS[0]}: ConnectError")
    # no point waiting out a dead hub once per feed
    assert errors[1:] == [f"{url}: not pinged after the error above" for url in FEEDS[1:]]


def test_notify_hub_pings_current_feeds_only(hub: FakeHub) -> None:
    notify_hub(hub.url, BASE, ["province.atom", "archive/province/0.atom", "index.html"])
    assert hub.pinged == [f"{BASE}province.atom"]


def test_notify_hub_without_hub_or_changes_posts_nothing(hub: FakeHub) -> None:
    notify_hub(None, BASE, ["province.atom"])
    notify_hub(hub.url, BASE, ["index.html", "feeds.opml"])
    assert hub.requests == []


def test_notify_hub_logs_trouble_once(hub: FakeHub, caplog: pytest.LogCaptureFixture) -> None:
    hub.status = 403
    with caplog.at_level(logging.WARNING, logger="syndicate"):
        notify_hub(hub.url, BASE, ["province.atom", "province.rss"])
    assert len(hub.requests) == 2
    [record] = caplog.records
    assert record.getMessage() == (
        f"WebSub hub {hub.url}: 2 of 2 changed feeds not pinged: "
        f"{BASE}province.atom: hub answered 403 hub trouble (and 1 more)"
    )


def test_a_given_client_is_used_and_left_open(hub: FakeHub) -> None:
    with httpx.Client(headers={"User-Agent": "syndicate/9 (+https://example.org)"}) as client:
        assert ping_hub(hub.url, FEEDS[:1], client=client) == []
        assert not client.is_closed
    assert hub.requests[0][0]["User-Agent"] == "syndicate/9 (+https://example.org)"


def test_changed_feed_urls_are_current_feed_files_only() -> None:
    written = [
        "province.atom",
        "districts/dak-to.rss",
        "categories/kinh-te.json",
        "archive/province/0.atom",
        "index.html",
        "feeds.opml",
        "feed.xsl",
    ]
    assert changed_feed_urls(BASE, written) == [
        f"{BASE}province.atom",
        f"{BASE}districts/dak-to.rss",
        f"{BASE}categories/kinh-te.json",
    ]


def test_publish_then_ping_the_written_feeds(tmp_path: Path, hub: FakeHub) -> None:
    config = make_config(tmp_path, websub_hub=hub.url)
    report = publish(config, [make_entry(n) for n in range(1, 4)], [], tmp_path / "out")
    urls = changed_feed_urls(config.province.base_url, report.written)
    assert f"{BASE}districts/dak-to.atom" in urls
    assert ping_hub(hub.url, urls) == []
    assert {dict(form)["hub.url"] for _, form in hub.requests} == set(urls)


def test_current_feeds_announce_the_hub_and_archives_do_not(tmp_path: Path) -> None:
    config = make_config(tmp_path, websub_hub=HUB, archive_page_size=2)
    out = tmp_path / "out"
    publish(config, [make_entry(n) for n in range(1, 6)], [], out)
    for key, announced in [
        ("province", True),
        ("districts/dak-to", True),
        ("archive/province/0", False),
    ]:
        atom = etree.parse(str(out / f"{key}.atom"))
        assert atom.xpath("/atom:feed/atom:link[@rel='hub']/@href", namespaces=NS) == (
            [HUB] if announced else []
        ), key
        rss = etree.parse(str(out / f"{key}.rss"))
        assert rss.xpath("/rss/channel/atom:link[@rel='hub']/@href", namespaces=NS) == (
            [HUB] if announced else []
        ), key
        feed = json.loads((out / f"{key}.json").read_text(encoding="utf-8"))
        assert feed.get("hubs") == ([{"type": "WebSub", "url": HUB}] if announced else None), key


def test_no_hub_configured_none_announced(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    out = tmp_path / "out"
    publish(config, [make_entry(1)], [], out)
    assert b'rel="hub"' not in (out / "province.atom").read_bytes()
    assert "hubs" not in json.loads((out / "province.json").read_text(encoding="utf-8"))


def test_a_hub_trickling_its_answer_is_left_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Every byte restarts httpx's read timeout: one request to such a hub held the
    # publication, and the store's lock, as long as the hub liked.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            for byte in b"HTTP/1.1 202 Accepted\r\n" * 100:
                if stop.wait(0.1):
                    return
                connection.sendall(bytes([byte]))

    threading.Thread(target=trickle, daemon=True).start()
    monkeypatch.setattr(websub, "DEADLINE", 0.3)
    monkeypatch.setattr(websub, "DEADLINE_GRACE", 0.3)
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger="syndicate"):
            notify_hub(f"http://127.0.0.1:{listener.getsockname()[1]}/hub", BASE, ["province.atom"])
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 3
    [record] = caplog.records
    assert "still answering after 1 s" in record.getMessage()
