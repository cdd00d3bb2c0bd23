"""Connections stay open between requests: a cron run that is all 304s across many
hosts should not connect anew for each source."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from syndicate.fetch import Fetcher
from syndicate.model import Validators
from tests.fetch.conftest import HOSTS, settings

ETAG = '"v1"'


class KeepAliveHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as district portals' servers do

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.end_headers()
            return
        body = b"<rss><channel><title>Tin</title></channel></rss>"
        self.send_response(200)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[list[ThreadingHTTPServer]]:
    running = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, 0), KeepAliveHandler)
        server.connections = 0  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    yield running
    for server in running:
        server.shutdown()
        server.server_close()


def test_not_modified_answers_keep_their_connection_across_hosts(
    servers: list[ThreadingHTTPServer],
) -> None:
    # Fewer requests in flight than hosts: each host's connection must wait, idle,
    # while the others are asked, and still be there for its next request.
    http = settings(concurrency=1, per_host=1)
    urls = [
        f"http://{host}:{s.server_address[1]}/feed" for host, s in zip(HOSTS, servers, strict=True)
    ]

    async def main() -> Counter[int]:
        statuses: Counter[int] = Counter()
        async with Fetcher(http) as fetcher:
            for _ in range(4):
                for url in urls:
                    result = await fetcher.fetch(url, Validators(ETAG, None))
                    statuses[result.status] += 1
        return statuses

    assert asyncio.run(main()) == Counter({304: 4 * len(HOSTS)})
    assert [s.connections for s in servers] == [1] * len(HOSTS)  # type: ignore[attr-defined]


def test_only_https_origins_load_the_ca_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    import httpx

    from syndicate.fetch.client import OriginClients

    loaded: list[ssl.SSLContext] = []

    def create_ssl_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        context = ssl.create_default_context()
        loaded.append(context)
        return context

    monkeypatch.setattr(httpx, "create_ssl_context", create_ssl_context)
    clients = OriginClients(settings())
    plain = clients("http://huyen-a.example.vn/tin")
    assert clients("http://huyen-a.example.vn/khac") is plain
    clients("http://huyen-b.example.vn/tin")
    assert loaded == []

    secure = clients("https://huyen-a.example.vn/tin")
    clients("https://huyen-b.example.vn/tin")
    assert len(loaded) == 1  # loaded once, shared by every https origin
    assert secure is not plain
    assert clients("HTTPS://Huyen-A.example.vn/x") is secure
