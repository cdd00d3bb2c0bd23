"""A fault-injecting HTTP/1.1 server on several loopback addresses, plus fake time.

The server runs its own event loop in a thread, so the code under test can use
`asyncio.run` freely. Tests register one async handler per path; the server counts
hits and how many requests each host was serving at once.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest

from syndicate.config import Http

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


@dataclass
class Request:
    host: str  # the loopback address the request arrived on
    path: str
    headers: dict[str, str]
    writer: asyncio.StreamWriter

    async def respond(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        length: int | None = None,
    ) -> None:
        """Write a whole response; `length` overrides Content-Length (to lie about it)."""
        self.head(
            status,
            {"Content-Length": str(len(body) if length is None else length), **(headers or {})},
        )
        self.writer.write(body)
        await self.writer.drain()

    def head(self, status: int, headers: dict[str, str]) -> None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP/1.1 {status} {reason}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


Handler = Callable[[Request], Awaitable[None]]


async def _not_found(request: Request) -> None:
    await request.respond(404, b"no such page")


@dataclass
class FaultServer:
    """Serves `routes` on every address in HOSTS, all on one port."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    requests: list[Request] = field(default_factory=list)
    active: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    active_total: int = 0
    peak_total: int = 0
    starts: list[tuple[str, str, float]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str = HOSTS[0]) -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str, host: str = HOSTS[0]) -> int:
        return self.hits[(host, path)]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            first, *lines = head.decode("latin-1").split("\r\n")
            path = first.split(" ")[1]
            headers = {}
            for line in lines:
                if ":" in line:
                    key, value = line.split(":", 1)
                    headers[key.strip().lower()] = value.strip()
            request = Request(host, path, headers, writer)
            self.requests.append(request)
            self.hits[(host, path)] += 1
            self.starts.append((host, path, time.monotonic()))
            self.active[host] += 1
            self.active_total += 1
            self.peak[host] = max(self.peak[host], self.active[host])
            self.peak_total = max(self.peak_total, self.active_total)
            try:
                await self.routes.get(path.split("?")[0], _not_found)(request)
            finally:
                self.active[host] -= 1
                self.active_total -= 1
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up, which several tests make it do on purpose
        finally:
            writer.close()


def _bind_all(server: FaultServer, loop: asyncio.AbstractEventLoop) -> list[asyncio.Server]:
    """Bind every address on one free port; retry if another process took it meanwhile."""
    for _ in range(20):
        probe = socket.socket()
        probe.bind((HOSTS[0], 0))
        port = probe.getsockname()[1]
        probe.close()
        servers: list[asyncio.Server] = []
        try:
            for host in HOSTS:
                coro = asyncio.start_server(server.handle, host, port)
                servers.append(asyncio.run_coroutine_threadsafe(coro, loop).result(5))
        except OSError:
            for s in servers:
                loop.call_soon_threadsafe(s.close)
            continue
        server.port = port
        return servers
    raise RuntimeError("no free port on the loopback addresses")


@pytest.fixture
def server() -> Iterator[FaultServer]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fault = FaultServer()
    servers = _bind_all(fault, loop)

    async def shutdown() -> None:
        for s in servers:
            s.close()
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    try:
        yield fault
    finally:
        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


class FakeTime:
    """A clock that only moves when the code under test sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def settings(**changes: object) -> Http:
    """Fast, deterministic defaults for tests; each test states what it relies on."""
    values: dict[str, object] = {
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 5.0,
        "host_delay": 0.0,
        "retries": 0,
        "backoff": 0.01,
        "respect_robots": False,
    }
    values.update(changes)
    return Http(**values)  # type: ignore[arg-type]


@pytest.fixture
def http() -> Callable[..., Http]:
    return settings
