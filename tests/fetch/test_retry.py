"""Retries: which failures are tried again, how long we wait, and what is reported."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from syndicate.errors import FetchError
from syndicate.fetch import Fetcher
from syndicate.fetch.retry import backoff_delay, is_retryable_status, parse_retry_after


class Recorder:
    """An injected sleep that records instead of waiting, and the clock it moves."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.now = 0.0

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def scripted(*replies: httpx.Response | Exception) -> tuple[httpx.AsyncClient, list[str]]:
    """A client whose transport answers with `replies` in order, recording each URL."""
    seen: list[str] = []
    queue = list(replies)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        reply = queue.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


def run(http: Any, *replies: httpx.Response | Exception, jitter: float = 0.0) -> Any:
    """Fetch once through scripted replies; return (result or error, sleeps, requests, stats)."""

    async def main() -> Any:
        client, seen = scripted(*replies)
        sleeps = Recorder()
        fetcher = Fetcher(
            http, client=client, sleep=sleeps, clock=sleeps.clock, jitter=lambda: jitter
        )
        async with client, fetcher as f:
            try:
                outcome: Any = await f.fetch("http://huyensathay.kontum.gov.vn/tin-tuc")
            except FetchError as exc:
                outcome = exc
            return outcome, sleeps.calls, seen, f.stats

    return asyncio.run(main())


def test_429_with_retry_after_then_200(http: Any) -> None:
    result, sleeps, seen, stats = run(
        http(retries=2, backoff=5.0),
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.Response(200, content=b"<html>tin</html>"),
    )
    assert (result.status, result.body, result.attempts) == (200, b"<html>tin</html>", 2)
    assert sleeps == [pytest.approx(1.0)]  # the server's wish, not our 5 s backoff
    assert (len(seen), stats.requests, stats.retries) == (2, 2, 1)


def test_503_then_success_backs_off_exponentially_with_jitter(http: Any) -> None:
    result, sleeps, _, _ = run(
        http(retries=3, backoff=2.0),
        httpx.Response(503),
        httpx.Response(502),
        httpx.Response(200, content=b"ok"),
        jitter=0.5,
    )
    assert (result.status, result.attempts) == (200, 3)
    assert sleeps == [pytest.approx(2.5), pytest.approx(5.0)]  # 2·2⁰ and 2·2¹, +25 %


@pytest.mark.parametrize("status", [400, 403, 404, 410, 451])
def test_client_errors_are_not_retried(http: Any, status: int) -> None:
    error, sleeps, seen, _ = run(http(retries=3), httpx.Response(status))
    assert isinstance(error, FetchError)
    assert error.kind == "http-status"
    assert error.message.startswith(f"HTTP {status} ")
    assert (sleeps, len(seen)) == ([], 1)


def test_retries_exhausted_reports_the_status_and_the_attempts(http: Any) -> None:
    error, sleeps, seen, _ = run(http(retries=2), *[httpx.Response(500)] * 3)
    assert error.kind == "http-status"
    assert error.message.startswith("HTTP 500 Internal Server Error")
    assert error.message.endswith("(after 3 attempts)")
    assert (len(sleeps), len(seen)) == (2, 3)


def test_retry_after_longer_than_the_cap_gives_up_at_once(http: Any) -> None:
    error, sleeps, seen, _ = run(
        http(retries=3), httpx.Response(503, headers={"Retry-After": "3600"})
    )
    assert error.kind == "http-status"
    assert "Retry-After asks for 3600 s, more than the 60 s we wait" in error.message
    assert (sleeps, len(seen)) == ([], 1)


def _connect_error(cause: OSError) -> httpx.ConnectError:
    error = httpx.ConnectError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("failure", "kind", "tries"),
    [
        (_connect_error(ConnectionRefusedError(111, "Connection refused")), "connect", 3),
        (httpx.ReadTimeout("read timed out"), "timeout", 3),
        (httpx.RemoteProtocolError("peer closed connection"), "connect", 3),
        # a name that does not exist is not asked about again; "try again" is
        (_connect_error(socket.gaierror(socket.EAI_NONAME, "Name or service not known")), "dns", 1),
        (
            _connect_error(
                socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            ),
            "dns",
            3,
        ),
    ],
)
def test_transport_failures(http: Any, failure: Exception, kind: str, tries: int) -> None:
    error, sleeps, seen, _ = run(http(retries=2), *[failure] * 3)
    assert error.kind == kind
    assert (len(seen), len(sleeps)) == (tries, tries - 1)


def test_failure_then_success_counts_every_attempt(http: Any) -> None:
    result, _, _, stats = run(
        http(retries=2),
        httpx.ConnectTimeout("slow"),
        httpx.Response(200, content=b"x"),
    )
    assert (result.attempts, stats.requests) == (2, 2)


NOW = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("Mon, 02 Sep 2024 08:00:30 GMT", 30.0),
        ("Mon, 02 Sep 2024 07:00:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


@pytest.mark.parametrize(
    ("attempt", "backoff", "jitter", "delay"),
    [(0, 1.0, 0.0, 1.0), (1, 1.0, 0.0, 2.0), (2, 1.0, 0.0, 4.0), (2, 0.5, 1.0, 3.0)],
)
def test_backoff_delay(attempt: int, backoff: float, jitter: float, delay: float) -> None:
    assert backoff_delay(attempt, backoff, lambda: jitter) == delay


@pytest.mark.parametrize(
    ("status", "retry"),
    [(429, True), (500, True), (503, True), (599, True), (404, False), (400, False), (418, False)],
)
def test_is_retryable_status(status: int, retry: bool) -> None:
    assert is_retryable_status(status) is retry


def test_a_host_asking_for_longer_quiet_than_we_wait_gets_nothing_more_this_run(
    http: Any,
) -> None:
    # Told to come back in an hour, we gave up that page and went on asking for the
    # host's others, each refused the same way.
    async def main() -> Any:
        seen: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(str(request.url))
            if request.url.host == "huyensathay.kontum.gov.vn":
                return httpx.Response(503, headers={"Retry-After": "3600"})
            return httpx.Response(200, text="ok")

        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        sleeps = Recorder()
        fetcher = Fetcher(
            http(retries=3), client=client, sleep=sleeps, clock=sleeps.clock, jitter=lambda: 0.0
        )
        errors = []
        async with client, fetcher as f:
            for path in ("tin-tuc", "thong-bao"):
                with pytest.raises(FetchError) as caught:
                    await f.fetch(f"http://huyensathay.kontum.gov.vn/{path}")
                errors.append(caught.value)
            other = await f.fetch("http://huyenkonray.kontum.gov.vn/tin-tuc")
            sleeps.now += 3_601
            with pytest.raises(FetchError):  # the hour is over: asked again
                await f.fetch("http://huyensathay.kontum.gov.vn/thong-bao")
        return errors, other, seen

    errors, other, seen = asyncio.run(main())
    assert [e.kind for e in errors] == ["http-status", "http-status"]
    assert "asked for no requests for 3600 s more (Retry-After)" in errors[1].message
    # Both say how long the host asked for: the sources' next attempts wait it out.
    assert [e.retry_after for e in errors] == [3600, 3600]
    assert other.status == 200
    assert seen == [
        "http://huyensathay.kontum.gov.vn/tin-tuc",
        "http://huyenkonray.kontum.gov.vn/tin-tuc",
        "http://huyensathay.kontum.gov.vn/thong-bao",
    ]
