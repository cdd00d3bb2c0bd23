"""A fake WebSub hub on 127.0.0.1 in a background thread: records every POST it gets.

`with FakeHub() as hub:` starts and stops it; `hub.pinged` lists the `hub.url` of each
publish request in arrival order.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl


class FakeHub:
    """Records every POST; answers with `status` (or `status_for[url]`)."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], list[tuple[str, str]]]] = []
        self.status = 204
        self.status_for: dict[str, int] = {}
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = parse_qsl(self.rfile.read(length).decode("utf-8"))
                hub.requests.append((dict(self.headers.items()), form))
                status = hub.status_for.get(dict(form).get("hub.url", ""), hub.status)
                body = b"" if status == 204 else b"hub trouble"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        # A short poll interval: shutdown waits for the loop to look.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def pinged(self) -> list[str]:
        return [dict(form).get("hub.url", "") for _, form in self.requests]

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
