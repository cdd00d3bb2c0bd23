"""Turning what went wrong in an exchange into a FetchError kind, and whether to retry (pure)."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import httpx

from syndicate.errors import FetchError

# How resolvers word "no such name" when the gaierror itself is not in the chain
# (glibc, musl and the BSD/macOS libc respectively).
_DNS_MESSAGES = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "no address associated with hostname",
    "name does not resolve",
)
_TEMPORARY_DNS = "temporary failure in name resolution"


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed attempt: the error to report and whether another attempt may help."""

    error: FetchError
    retryable: bool
    retry_after: float | None = None


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from or during, innermost last."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def is_dns_failure(exc: BaseException) -> bool:
    """True when a connect error is really a name that did not resolve."""
    for link in _causes(exc):
        if isinstance(link, socket.gaierror):
            return True
        text = str(link).lower()
        if any(message in text for message in _DNS_MESSAGES):
            return True
    return False


def _is_temporary_dns(exc: BaseException) -> bool:
    for link in _causes(exc):
        if isinstance(link, socket.gaierror) and link.errno == socket.EAI_AGAIN:
            return True
        if _TEMPORARY_DNS in str(link).lower():
            return True
    return False


def _has_invalid_url(exc: BaseException) -> bool:
    return any(isinstance(link, httpx.InvalidURL) for link in _causes(exc))


def _detail(exc: BaseException) -> str:
    """The most specific message in the chain; httpx's own is often empty."""
    for link in reversed(_causes(exc)):
        text = str(link).strip()
        if text:
            return text
    return type(exc).__name__


def resolution_failure(exc: BaseException, url: str) -> Failure:
    """A name in `url` that did not resolve (`exc` is, or was raised from, the resolver's error).

    A name that does not exist will not exist a second later, and district portals
    disappear for good (the 2025 reorganisation), so only a resolver that says "try
    again" earns a retry.
    """
    return Failure(
        FetchError("dns", f"cannot resolve the host ({_detail(exc)}): {url}"),
        retryable=_is_temporary_dns(exc),
    )


def transport_failure(exc: httpx.HTTPError, url: str) -> Failure:
    """Map an httpx exception raised while talking to `url`."""
    if isinstance(exc, httpx.TimeoutException):
        phase = {
            httpx.ConnectTimeout: "connecting",
            httpx.ReadTimeout: "waiting for data",
            httpx.WriteTimeout: "sending the request",
            httpx.PoolTimeout: "waiting for a connection",
        }.get(type(exc), "the exchange")
        return Failure(FetchError("timeout", f"timed out {phase}: {url}"), retryable=True)
    if isinstance(exc, httpx.ConnectError):
        if is_dns_failure(exc):
            return resolution_failure(exc, url)
        return Failure(
            FetchError("connect", f"cannot connect ({_detail(exc)}): {url}"), retryable=True
        )
    if isinstance(exc, httpx.DecodingError):
        return Failure(
            FetchError("encoding", f"body cannot be decoded ({_detail(exc)}): {url}"),
            retryable=False,
        )
    if isinstance(exc, httpx.RemoteProtocolError) and _has_invalid_url(exc):
        # httpx reads every redirect's Location, and says so when it cannot.
        return Failure(
            FetchError("redirect", f"unreadable Location in a redirect ({_detail(exc)}): {url}"),
            retryable=False,
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return Failure(FetchError("forbidden-url", f"{_detail(exc)}: {url}"), retryable=False)
    if isinstance(exc, httpx.TransportError):
        # Resets, truncated bodies and protocol garbage: the connection broke mid-way.
        return Failure(
            FetchError("connect", f"connection failed ({_detail(exc)}): {url}"), retryable=True
        )
    return Failure(FetchError("connect", f"{_detail(exc)}: {url}"), retryable=False)


def status_message(status: int, reason: str, url: str) -> str:
    """'HTTP 500 Internal Server Error (url)', with the standard phrase when the server sent none."""
    phrase = reason.strip() or httpx.codes.get_reason_phrase(status)
    return f"HTTP {status} {phrase} ({url})".replace("  ", " ")
