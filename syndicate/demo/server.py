"""A threaded HTTP/1.1 server on 127.0.0.1 serving a sample Site, with fault injection.

It behaves like a well-run portal (strong ETags, a fixed Last-Modified per page, 304s
for conditional requests, HEAD, keep-alive) unless a test asks it to misbehave through
`faults`. Every request is logged in `requests` so tests can count and inspect them.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal

from syndicate.demo.site import Page, Site, build_site, site_key

Fault = Literal["500", "503-once", "malformed", "hang", "429"]
FAULTS: tuple[Fault, ...] = ("500", "503-once", "malformed", "hang", "429")
HANG_SECONDS = 30.0
MALFORMED_KEEP = 160  # bytes of the real page kept: the XML declaration or the HTML head


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def malformed(page: Page) -> bytes:
    """The page cut off inside its head and followed by junk, as a broken transfer looks:
    nothing (no feed entry, no article link) can be recovered from it."""
    return page.body[:MALFORMED_KEEP] + b"\x00\xff\xfe\xfd<<<&&& \x1b"


class DemoServer:
    """Serves a Site on 127.0.0.1; `with DemoServer() as server:` starts and stops it.

    Without a site it builds the sample province for its own base URL (port 0 picks a
    free port, so the URL is known only after binding).
    """

    def __init__(self, site: Site | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.faults: dict[str, Fault] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.demo = self
        bound_host, bound_port = self._httpd.server_address[:2]
        self.base_url = f"http://{bound_host!s}:{bound_port}"
        self.site = site if site is not None else build_site(self.base_url)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def set_site(self, site: Site) -> None:
        """Swap the content while running; the next request sees the new site."""
        with self._lock:
            self.site = site

    def start(self) -> DemoServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="demo-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases "hang" requests at once
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def count(self, path: str, method: str = "GET") -> int:
        """How many `method` requests reached `path` (any spelling of it)."""
        key = site_key(path)
        with self._lock:
            return sum(1 for m, p, _ in self.requests if m == method and site_key(p) == key)

    # ---------------------------------------------------------------- request handling
    def _log(self, method: str, path: str, headers: dict[str, str]) -> tuple[Site, Fault | None]:
        """Record the request; return the site to answer from and the fault to apply."""
        with self._lock:
            self.requests.append((method, path, headers))
            key = site_key(path)
            fault = next((f for p, f in self.faults.items() if site_key(p) == key), None)
            if fault == "503-once":
                self.faults = {p: f for p, f in self.faults.items() if site_key(p) != key}
            return self.site, fault

    def _wait_hang(self) -> None:
        self._stopping.wait(HANG_SECONDS)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    demo: DemoServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out or drop a keep-alive connection are normal here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server_version = "DemoPortal/1.0"
    disable_nagle_algorithm = True  # TCP_NODELAY on every accepted socket
    server: _HTTPServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read `DemoServer.requests` instead."""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        demo = self.server.demo
        headers = {k.lower(): v for k, v in self.headers.items()}
        site, fault = demo._log(self.command, self.path, headers)
        if fault == "hang":
            demo._wait_hang()
            self.close_connection = True
            return
        if fault == "500":
            return self._plain(500, b"Internal Server Error", head)
        if fault == "503-once":
            return self._plain(503, b"Service Unavailable", head)
        if fault == "429":
            return self._plain(429, b"Too Many Requests", head, {"Retry-After": "1"})
        page = site.get(self.path)
        if page is None:
            return self._plain(404, b"Not Found", head)
        body = malformed(page) if fault == "malformed" else page.body
        tag = etag(body)
        modified = (page.last_modified or site.built).astimezone(UTC).replace(microsecond=0)
        validators = {"ETag": tag, "Last-Modified": format_datetime(modified, usegmt=True)}
        if _not_modified(headers, tag, modified):
            return self._send(304, b"", validators, head=True)
        self._send(200, body, {"Content-Type": page.content_type, **validators}, head=head)

    def _plain(
        self, status: int, text: bytes, head: bool, extra: dict[str, str] | None = None
    ) -> None:
        self._send(
            status, text, {"Content-Type": "text/plain; charset=utf-8", **(extra or {})}, head=head
        )

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _not_modified(headers: dict[str, str], tag: str, modified: datetime) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since counts only without it."""
    if "if-none-match" in headers:
        wanted = [t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")]
        return "*" in wanted or tag in wanted
    since = headers.get("if-modified-since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
