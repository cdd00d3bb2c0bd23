"""A synthetic province for `make bench`: seeded, in memory, served on 127.0.0.N.

Each district gets its own loopback address so per-host politeness and the global
concurrency limit are both exercised. Every response waits a fixed latency, as a
distant government server would, and sets TCP_NODELAY (http.server otherwise adds
~40 ms to each kept-alive response through Nagle's algorithm).

Run as a script it serves until killed:
    python scripts/benchsite.py --districts 20 --sources 200 --articles 50 --port 8800 [--no-304]
and prints one line, "ready", when every address is listening.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import json
import random
import socket
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_VOCABULARY = (
    "hội nghị triển khai nhiệm vụ kinh tế xã hội huyện năm nông thôn mới đồng chí chủ tịch "
    "ủy ban nhân dân phát triển sản xuất nông nghiệp cà phê cao su đường giao thông trường "
    "học trạm y tế người dân đồng bào dân tộc thiểu số giảm nghèo bền vững an ninh trật tự "
    "biên giới văn hóa lễ hội cồng chiêng thôn làng xã thị trấn kế hoạch tổng kết đánh giá "
    "kết quả"
)
WORDS = _VOCABULARY.split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def district_host(d: int) -> str:
    return f"127.0.0.{d + 2}"


class Province:
    """Pages of the synthetic province keyed by (host, path)."""

    def __init__(self, districts: int, sources: int, articles: int, seed: int = 20250122):
        rng = random.Random(seed)
        self.pages: dict[tuple[str, str], tuple[bytes, str, str, str]] = {}
        self.sources: list[tuple[str, str, str]] = []  # (source id, district, feed url path)
        start = datetime(2025, 6, 30, 10, 0, tzinfo=UTC)
        for s in range(sources):
            d = s % districts
            host = district_host(d)
            sid = f"s{s:03d}"
            items = []
            for a in range(articles):
                published = start - timedelta(hours=s * 7 + a * 5)
                title = f"{sentence(rng, 7)[:-1]} ({sid}-{a})"
                paragraphs = [sentence(rng, rng.randint(18, 40)) for _ in range(5)]
                body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
                body += f'<p><img src="/img/{sid}-{a}.jpg" alt=""></p><p>Ảnh minh họa {a}</p>'
                body += "<p>NGUYỄN VĂN AN - Trung tâm VHTT huyện</p>"
                path = f"/{sid}/tin-tuc/bai-viet-{a}.html"
                items.append((title, path, published, paragraphs[0], body))
                self._add(host, path, _article_page(title, published, body), "text/html", published)
            self._add(
                host, f"/{sid}/rss.xml", _rss(host, sid, items), "application/rss+xml", items[0][2]
            )
            for page in range(0, articles, 10):
                path = f"/{sid}/tin-tuc" + (f"?page={page // 10 + 1}" if page else "")
                self._add(host, path, _listing(items[page : page + 10]), "text/html", items[0][2])
            self.sources.append((sid, f"d{d:02d}", f"/{sid}/rss.xml"))
        for d in range(districts):
            self._add(
                district_host(d),
                "/robots.txt",
                b"User-agent: *\nDisallow: /admin/\n",
                "text/plain",
                start,
            )

    def _add(self, host: str, path: str, body: bytes, ctype: str, modified: datetime) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        self.pages[(host, path)] = (
            body,
            f"{ctype}; charset=utf-8",
            etag,
            format_datetime(modified, usegmt=True),
        )


def _rss(host: str, sid: str, items: list) -> bytes:
    out = [
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Nguồn {sid}</title><link>http://{host}/{sid}/</link>"
        f"<description>Tin tức</description>"
    ]
    for title, path, published, summary, body in items:
        out.append(
            f"<item><title>{html.escape(title)}</title><link>http://{host}{path}</link>"
            f"<guid>http://{host}{path}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<category>Tin trong huyện</category>"
            f"<description>{html.escape(summary)}</description>"
            f"<content:encoded>{html.escape(body)}</content:encoded></item>"
        )
    out.append("</channel></rss>")
    return "".join(out).encode()


def _listing(items: list) -> bytes:
    rows = "".join(
        f'<li class="tin"><a href="{path}">{html.escape(title)}</a>'
        f'<span class="ngay">{published.strftime("%d/%m/%Y %H:%M")}</span>'
        f'<p class="sapo">{html.escape(summary)}</p></li>'
        for title, path, published, summary, _ in items
    )
    return (
        f'<html><body><h2>Tin trong huyện</h2><div class="danh-sach"><h3>DANH SÁCH TIN BÀI'
        f"</h3><ul>{rows}</ul></div></body></html>"
    ).encode()


def _article_page(title: str, published: datetime, body: str) -> bytes:
    return (
        f'<html><head><title>{html.escape(title)}</title></head><body><h1 class="tieu-de">'
        f'{html.escape(title)}</h1><div class="ngay-dang">Ngày đăng: '
        f'{published.strftime("%d/%m/%Y %H:%M")}</div><div class="noi-dung">{body}</div>'
        f"</body></html>"
    ).encode()


class Counters:
    """Requests seen by every address, read by the benchmark through /__stats."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.not_modified = 0

    def add(self, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.not_modified += status == 304


def make_handler(
    province: Province, latency: float, honour_conditional: bool, counters: Counters
) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/__stats":
                body = json.dumps(
                    {"requests": counters.requests, "not_modified": counters.not_modified}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            time.sleep(latency)
            host = self.server.server_address[0]
            page = province.pages.get((host, self.path))
            if page is None:
                counters.add(404)
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, ctype, etag, modified = page
            if honour_conditional and (
                self.headers.get("If-None-Match") == etag
                or self.headers.get("If-Modified-Since") == modified
            ):
                counters.add(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            counters.add(200)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if honour_conditional:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(
    province: Province, districts: int, port: int, latency: float, honour_conditional: bool
) -> list[ThreadingHTTPServer]:
    handler = make_handler(province, latency, honour_conditional, Counters())
    servers = []
    for d in range(districts):
        server = ThreadingHTTPServer((district_host(d), port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--no-304", action="store_true")
    args = parser.parse_args()
    province = Province(args.districts, args.sources, args.articles)
    serve(province, args.districts, args.port, args.latency, not args.no_304)
    print("ready", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # serve until the parent closes our stdin or kills us


if __name__ == "__main__":
    main()
