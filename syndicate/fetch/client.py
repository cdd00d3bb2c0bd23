"""The Fetcher: one polite, bounded, retrying HTTP GET per call, as a FetchResult."""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import ssl
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from types import TracebackType
from typing import Any, Self
from urllib.parse import urldefrag, urljoin, urlsplit

import httpcore
import httpx

from syndicate.config import Http
from syndicate.errors import FetchError
from syndicate.fetch.decode import BoundedDecoder
from syndicate.fetch.failures import (
    Failure,
    resolution_failure,
    status_message,
    transport_failure,
)
from syndicate.fetch.headers import (
    base_headers,
    conditional_headers,
    response_validators,
    robots_token,
)
from syndicate.fetch.limits import HostLimits
from syndicate.fetch.retry import (
    RETRY_AFTER_CAP,
    backoff_delay,
    is_retryable_status,
    parse_retry_after,
)
from syndicate.fetch.robots import RobotsCache
from syndicate.model import FetchResult, RobotsRecord, Validators
from syndicate.urls import host_key, on_hosts

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(slots=True)
class FetchStats:
    """Running totals over the Fetcher's life, for run reports and metrics; or over
    the fetches of one source, given to each `Fetcher.fetch` as its `tally`."""

    requests: int = 0  # every request sent: retries, redirect hops and robots.txt included
    not_modified: int = 0  # fetches answered 304
    bytes_received: int = 0  # decoded body bytes
    retries: int = 0


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


class _Retry(Exception):
    """An attempt failed in a way another attempt may fix."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.error.message)
        self.failure = failure


def http_timeout(http: Http) -> httpx.Timeout:
    """httpx's per-phase timeouts; the total deadline is enforced separately."""
    return httpx.Timeout(
        connect=http.connect_timeout,
        read=http.read_timeout,
        write=http.connect_timeout,
        pool=http.connect_timeout,
    )


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses a host's name was checked at, not to what the name
    resolves to by the time the connection is made: a name that answered a public
    address to the check cannot answer 169.254.169.254 to the connection (DNS
    rebinding). TLS still names the host, so its certificate is checked as usual."""

    def __init__(self, addresses: Sequence[IPAddress]) -> None:
        self._addresses = list(addresses)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        # One connect timeout in all, as for a name: each address is given its share of
        # what is left, so a silent first one (IPv6 dropped on the way) leaves time
        # for the next.
        deadline = None if timeout is None else time.monotonic() + timeout
        failure: Exception | None = None
        for i, address in enumerate(self._addresses):
            share = None
            if deadline is not None:
                share = (deadline - time.monotonic()) / (len(self._addresses) - i)
                if share <= 0:
                    break
            try:
                return await self._inner.connect_tcp(
                    str(address), port, share, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure or httpcore.ConnectTimeout(f"timed out connecting to {host}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def make_client(
    http: Http,
    *,
    verify: ssl.SSLContext | None = None,
    pinned: Sequence[IPAddress] = (),
) -> httpx.AsyncClient:
    """A client for one origin, keeping open the connections our limits allow to it.

    Our own limits bound the requests in flight (`concurrency`, `per_host`); the pool
    keeps as many idle connections as one host may use at once, so the next source on
    that host finds one still open instead of connecting anew. One pool per origin
    keeps httpcore's bookkeeping, which scans every connection of its pool on each
    request, to a couple of connections instead of one per host of the province.
    """
    transport = httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=http.per_host),
        http2=False,
        trust_env=False,  # no proxy or netrc picked up from whoever runs us
        verify=verify if verify is not None else True,
    )
    if pinned:
        # httpx takes no network backend of its own; its connection pool does.
        pool = transport._pool
        assert isinstance(pool, httpcore.AsyncConnectionPool)
        pool._network_backend = PinnedBackend(pinned)
    return httpx.AsyncClient(
        timeout=http_timeout(http),
        follow_redirects=False,  # followed by hand so every hop is checked
        trust_env=False,
        transport=transport,
    )


class OriginClients:
    """An httpx client per origin (scheme, host, port), made on first use.

    The https ones share one TLS context: loading the CA bundle takes tens of
    milliseconds, a tenth of an unchanged run of a province served over plain http,
    which therefore never loads it. A client sends only to its own origin (redirects
    are followed by hand, each hop through the client of its origin), so a plain http
    client never uses its context and gets one with nothing loaded.
    """

    def __init__(self, http: Http) -> None:
        self._http = http
        self._clients: dict[tuple[str, str], httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None
        self._no_tls: ssl.SSLContext | None = None
        self._pins: dict[str, list[IPAddress]] = {}

    def __call__(self, url: str) -> httpx.AsyncClient:
        parts = urlsplit(url)
        origin = (parts.scheme.lower(), parts.netloc.lower())
        client = self._clients.get(origin)
        if client is None:
            pinned = self._pins.get((parts.hostname or "").rstrip(".").lower(), [])
            client = self._clients[origin] = make_client(
                self._http, verify=self._context(origin[0]), pinned=pinned
            )
        return client

    def pin(self, host: str, addresses: Sequence[IPAddress]) -> None:
        """Connect to `host` only at these addresses, the ones it was checked at, from
        its first client on (see `PinnedBackend`); a client made already keeps its own."""
        self._pins.setdefault(host.lower(), list(addresses))

    def _context(self, scheme: str) -> ssl.SSLContext:
        if scheme == "https":
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            return self._tls
        if self._no_tls is None:
            # Verifying, as the real one, should it ever be used: with no CA loaded,
            # every certificate fails rather than passing unchecked.
            self._no_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return self._no_tls

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()


def check_url(url: str, allowed_hosts: Collection[str] | None = None) -> str:
    """Return the URL's host, or raise forbidden-url for what we must not fetch."""
    host = _fetchable_host(url)
    # The rule the listing's links were chosen by, so a fetch never refuses one of them.
    if allowed_hosts is not None and not on_hosts(url, allowed_hosts):
        raise FetchError("forbidden-url", f"host {host} is not one of this source's hosts: {url}")
    return host


# A fetch checks its URL up to three times (on entry, per hop, per exchange), and
# parsing it the way httpx does costs as much as a tenth of the request itself.
@lru_cache(maxsize=4096)
def _fetchable_host(url: str) -> str:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
        httpx.URL(url)  # refuses what httpx would not send: control characters, huge URLs
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchError("forbidden-url", f"malformed URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("forbidden-url", f"only http(s) URLs are fetched, not {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("forbidden-url", f"URL has no host: {url!r}")
    return host


def _literal_address(host: str) -> IPAddress | None:
    """The address `host` spells, in any form the resolver accepts ("127.1",
    "2130706433"), or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None


def is_public(address: IPAddress) -> bool:
    """Whether a public site may live at `address`: not private, loopback, link-local,
    reserved, shared, unspecified or multicast."""
    return address.is_global and not address.is_multicast


def non_public_address(host: str) -> IPAddress | None:
    """The address `host` names if it is an IP literal no public site lives at, else None.

    Names are not resolved here: see `resolve_addresses`.
    """
    address = _literal_address(host)
    return None if address is None or is_public(address) else address


async def resolve_addresses(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for `host` (IDNA-encoded), any of which
    a connection to it may use."""
    loop = asyncio.get_running_loop()
    found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found]


# How a Fetcher resolves names; tests pass one that answers without DNS.
Resolver = Callable[[str, int], Awaitable[Collection[IPAddress]]]


def _redirect_target(current: str, location: str) -> str:
    """Where a redirect from `current` leads, without its fragment."""
    try:
        return urldefrag(urljoin(current, location)).url
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise FetchError(
            "redirect", f"unreadable Location {location!r} ({exc}) in the redirect from {current}"
        ) from None


def check_redirect(current: str, target: str, allowed_hosts: Collection[str] | None) -> None:
    """Raise forbidden-url unless `target` passes `check_url` (and the allow-list).

    Without an allow-list, where the target's host leads is checked next
    (`Fetcher._check_destination`).
    """
    try:
        check_url(target, allowed_hosts)
    except FetchError as exc:
        raise FetchError("forbidden-url", f"redirect from {current}: {exc.message}") from None


def _connect_target(url: str) -> tuple[str, int]:
    """The host (IDNA-encoded, as httpx connects to it) and port of a checked URL."""
    parsed = httpx.URL(url)
    return parsed.raw_host.decode("ascii"), parsed.port or (443 if parsed.scheme == "https" else 80)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Fetcher:
    """Fetches URLs for the collector under the configured limits.

    Every request holds a per-host and a global slot, waits for the host's gap, runs
    under connect/read timeouts plus a total deadline, and streams at most
    `max_body_bytes` of decoded body. Redirects are followed by hand and re-checked.
    """

    def __init__(
        self,
        http: Http,
        *,
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
        robots: Mapping[str, RobotsRecord] | None = None,
        now: Callable[[], datetime] = _utc_now,
        resolve: Resolver = resolve_addresses,
    ) -> None:
        """`robots`: records of earlier runs by origin, used while fresh (see
        `robots_loaded` for those to keep). `resolve`: how redirect targets' names
        are looked up for `_check_destination`."""
        self._http = http
        # A client passed in (a test's mock transport) serves every origin.
        self._own_clients: OriginClients | None = None
        self._client_for: Callable[[str], httpx.AsyncClient]
        if client is None:
            self._own_clients = self._client_for = OriginClients(http)
        else:
            shared = client
            self._client_for = lambda _url: shared
        self._timeout = http_timeout(http)
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._headers = base_headers(http)
        self._token = robots_token(self._headers["User-Agent"])
        self._limits = HostLimits(
            http.concurrency, http.per_host, http.host_delay, sleep=sleep, clock=clock
        )
        self._now = now
        self._made = clock()
        self._resolve = resolve
        self._robots = RobotsCache(self._token, now, known=robots)
        self.stats = FetchStats()
        # Where redirects led this run, host to hosts (see `quiet_hosts`).
        self._redirected: dict[str, set[str]] = {}

    @property
    def robots_loaded(self) -> dict[str, RobotsRecord]:
        """robots.txt records fetched by this fetcher, by origin."""
        return self._robots.loaded

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client if we made it; a client passed in belongs to the caller."""
        if self._own_clients is not None:
            await self._own_clients.aclose()

    async def fetch(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        allowed_hosts: Collection[str] | None = None,
        tally: FetchStats | None = None,
    ) -> FetchResult:
        """GET `url` (conditionally when `validators` are given); raise FetchError on failure.

        `tally` counts this fetch's requests, bytes and 304s too, failed ones included,
        for the source it belongs to (the fetcher's own `stats` count every fetch).
        """
        started = self._clock()
        check_url(url, allowed_hosts)
        tallies = (self.stats,) if tally is None else (self.stats, tally)
        attempt = 0
        while True:
            try:
                response = await self._follow(url, validators, allowed_hosts, tallies=tallies)
                break
            except _Retry as retry:
                delay = self._retry_delay(retry.failure, attempt)
                attempt += 1
                if delay is None:
                    raise _final(retry.failure, attempt, self._elapsed()) from retry.__cause__
            for counts in tallies:
                counts.retries += 1
            await self._sleep(delay)
        if response.status == 304 and not validators:
            # Nothing was asked to be compared, so nothing is known to be unchanged: an
            # empty body taken for the page would lose it (a cache or CMS misbehaving).
            raise FetchError("http-status", f"HTTP 304 Not Modified to a plain GET: {url}")
        if response.status == 304:
            for counts in tallies:
                counts.not_modified += 1
            new = response_validators(response.headers, validators or Validators())
        else:
            new = response_validators(response.headers)
        return FetchResult(
            url=url,
            final_url=response.url,
            status=response.status,
            headers=response.headers,
            body=response.body,
            validators=new,
            elapsed=self._clock() - started,
            attempts=attempt + 1,
        )

    def _retry_delay(self, failure: Failure, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if attempt >= self._http.retries:
            return None
        if failure.retry_after is None:
            return backoff_delay(attempt, self._http.backoff, self._jitter)
        if failure.retry_after > RETRY_AFTER_CAP:
            return None
        return failure.retry_after

    async def _follow(
        self,
        url: str,
        validators: Validators | None,
        allowed_hosts: Collection[str] | None,
        *,
        tallies: tuple[FetchStats, ...],
        robots_txt: bool = False,
    ) -> _Response:
        """One attempt: request `url` and follow its redirects, checking every hop.

        `robots_txt`: this is a robots.txt request, so it is not checked against
        robots.txt, and an error status is an answer rather than a failure.
        """
        headers = {**self._headers, **conditional_headers(validators)}
        current = url
        for hop in range(self._http.max_redirects + 1):
            if not robots_txt and self._http.respect_robots:
                # Loading robots.txt counts for the fetch that needed it, so the run's
                # figures add up to every request the hosts saw.
                load = partial(self._load_robots, tallies=tallies)
                rules = await self._robots.rules(current, load)
                if not rules.allows(current):
                    raise FetchError("robots", f"robots.txt disallows {current}")
                if rules.crawl_delay:  # never lowers the gap: cheap to repeat
                    self._limits.slow_down(check_url(current), rules.crawl_delay)
            response = await self._exchange(current, headers, tallies, any_status=robots_txt)
            # A redirect status without a Location is an answer (only robots.txt takes
            # one: for any other request it is an error status).
            if response.status not in REDIRECT_STATUSES or not response.headers.get("location"):
                return response
            target = _redirect_target(current, response.headers["location"])
            check_redirect(current, target, allowed_hosts)
            if hop == self._http.max_redirects:
                raise FetchError(
                    "redirect",
                    f"more than {self._http.max_redirects} redirects from {url} (next: {target})",
                )
            if allowed_hosts is None:
                # With an allow-list, every host a redirect may reach was named by the operator.
                await self._check_destination(url, current, target)
            self._redirected.setdefault(host_key(check_url(current)), set()).add(
                host_key(check_url(target))
            )
            current = target
        raise AssertionError("unreachable: the loop returns or raises")

    async def _check_destination(self, start: str, current: str, target: str) -> None:
        """Raise forbidden-url when a redirect off the host the fetch started on leads to
        an address no public site lives at, or a public feed could send us into the
        network we run in ("metadata.internal", a name for 169.254.169.254).

        A name counts by every address it resolves to, any of which a connection may
        use. The starting host's own addresses are the exception, so a portal on such
        an address (the demo, a LAN mirror) may still redirect within itself.
        """
        host = check_url(target)
        if host == check_url(start):
            return
        addresses = await self._addresses(target)
        hidden = [address for address in addresses if not is_public(address)]
        own = await self._own_addresses(start) if hidden else set()
        strangers = [address for address in hidden if address not in own]
        if not strangers:
            if self._own_clients is not None and _literal_address(host) is None:
                # Connected to at these addresses only: checked now, they are not asked
                # of the name again when the connection is made.
                self._own_clients.pin(host, addresses)
            return
        named = "" if _literal_address(host) is not None else f"{host}, which resolves to "
        raise FetchError(
            "forbidden-url",
            f"redirect from {current} to {named}the non-public address {strangers[0]}: {target}",
        )

    async def _own_addresses(self, start: str) -> set[IPAddress]:
        """The addresses of the host a fetch started on; none when they cannot be
        looked up now, which refuses the redirect rather than guessing."""
        try:
            return set(await self._addresses(start))
        except (_Retry, FetchError):
            return set()

    async def _addresses(self, url: str) -> list[IPAddress]:
        """The address a URL's host spells, or every address its name resolves to.

        Resolving fails as connecting to the name would: kind "dns" (retried when the
        resolver says to try again), or "timeout" after the connect timeout.
        """
        literal = _literal_address(check_url(url))
        if literal is not None:
            return [literal]
        host, port = _connect_target(url)
        try:
            async with asyncio.timeout(self._http.connect_timeout):
                return list(await self._resolve(host, port))
        except TimeoutError:
            error = FetchError("timeout", f"timed out resolving the host: {url}")
            raise _Retry(Failure(error, retryable=True)) from None
        except OSError as exc:
            failure = resolution_failure(exc, url)
            if failure.retryable:
                raise _Retry(failure) from exc
            raise failure.error from exc

    async def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        tallies: tuple[FetchStats, ...],
        *,
        any_status: bool = False,
    ) -> _Response:
        """Send one GET under the limits and the total deadline; read the body if wanted."""
        host = check_url(url)
        deadline = self._http.total_timeout
        # Made before the slot is taken: a host's first client loads the CA bundle,
        # which must not eat into the gap measured from this request's start.
        client = self._client_for(url)
        async with self._limits.slot(host):
            # After the wait for a slot: a request queued behind the one told to go away
            # is not sent either.
            self._check_not_closed(host, url)
            for counts in tallies:
                counts.requests += 1
            try:
                async with asyncio.timeout(deadline):
                    return await self._send(client, url, headers, tallies, any_status)
            except _Retry as retry:
                wait = retry.failure.retry_after
                # The host asked for quiet, not just this request: its queue waits too,
                # or, asked for longer than we wait, gets nothing more this run.
                if wait is not None and wait <= RETRY_AFTER_CAP:
                    self._limits.pause(host, wait)
                elif wait is not None:
                    self._limits.close(host, wait)
                raise
            except TimeoutError:
                error = FetchError("timeout", f"no complete response within {deadline:g} s: {url}")
                raise _Retry(Failure(error, retryable=True)) from None
            except httpx.InvalidURL as exc:
                # Not an HTTPError: httpx reads a redirect's Location even when it does
                # not follow it, and "mailto:…" or "http:page" is no address to go to.
                raise FetchError(
                    "redirect", f"unreadable Location ({exc}) in the redirect from {url}"
                ) from exc
            except httpx.HTTPError as exc:
                failure = transport_failure(exc, url)
                if failure.retryable:
                    raise _Retry(failure) from exc
                raise failure.error from exc

    def _check_not_closed(self, host: str, url: str) -> None:
        """FetchError, sending nothing, while `host` asks to be left alone this run."""
        left = self._limits.closed_for(host)
        if left is not None:
            raise FetchError(
                "http-status",
                f"{host} asked for no requests for {left:.0f} s more (Retry-After), "
                f"so none is sent this run: {url}",
                retry_after=self._elapsed() + left,
            )

    def quiet_hosts(self) -> dict[str, float]:
        """Hosts that asked, with a Retry-After longer than a run waits, for no requests
        for a while yet: host → seconds from this fetcher's start until then (counted
        as `FetchError.retry_after` is); with them, the hosts that redirected there this
        run (a portal's bare name sending every request to its www. one), whose sources
        reach the quiet host through them. Hosts spelt as `urls.host_key` spells them."""
        quiet = {host: until - self._made for host, until in self._limits.closed_hosts().items()}
        grown = bool(quiet)
        while grown:
            grown = False
            for origin, targets in self._redirected.items():
                waits = [quiet[target] for target in targets if target in quiet]
                if origin not in quiet and waits:
                    quiet[origin] = max(waits)
                    grown = True
        return quiet

    def _elapsed(self) -> float:
        """Seconds since this fetcher was made: when the run started, which is when the
        store counts a failed source's next attempt from."""
        return max(0.0, self._clock() - self._made)

    async def _send(
        self,
        client: httpx.AsyncClient,
        url: str,
        headers: dict[str, str],
        tallies: tuple[FetchStats, ...],
        any_status: bool,
    ) -> _Response:
        request = client.stream(
            "GET", url, headers=headers, timeout=self._timeout, follow_redirects=False
        )
        async with request as response:
            status = response.status_code
            found = {k.lower(): v for k, v in response.headers.items()}
            if status == 304:
                # It has no body; reading to its end is what lets httpx keep the
                # connection for the next request instead of closing it.
                await response.aread()
                return _Response(url, status, found, b"")
            if status in REDIRECT_STATUSES and found.get("location"):
                return _Response(url, status, found, b"")
            if status >= 300 and any_status:
                return _Response(url, status, found, b"")
            if status >= 300:
                error = FetchError(
                    "http-status", status_message(status, response.reason_phrase, url)
                )
                if not is_retryable_status(status):
                    raise error
                wait = parse_retry_after(found.get("retry-after"), datetime.now(UTC))
                raise _Retry(Failure(error, retryable=True, retry_after=wait))
            return _Response(url, status, found, await self._read_body(response, url, tallies))

    async def _read_body(
        self, response: httpx.Response, url: str, tallies: tuple[FetchStats, ...]
    ) -> bytes:
        limit = self._http.max_body_bytes
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(
                "too-large", f"Content-Length {declared} is over the {limit}-byte limit: {url}"
            )
        chunks: list[bytes] = []
        if response.is_stream_consumed:
            # Built in memory (httpx.MockTransport): httpx has already decoded it.
            decoder = BoundedDecoder("identity", limit, url)
            raw_chunks: AsyncIterator[bytes] = _once(response.content)
        else:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit, url)
            raw_chunks = response.aiter_raw()
        try:
            async for raw in raw_chunks:
                chunks.append(decoder.decode(raw))
            chunks.append(decoder.flush())
        finally:
            for counts in tallies:
                counts.bytes_received += decoder.size
        return b"".join(chunks)

    async def _load_robots(self, url: str, *, tallies: tuple[FetchStats, ...]) -> RobotsRecord:
        """An origin's robots.txt, through the same limits; any failure allows all."""
        try:
            response = await self._follow(url, None, None, tallies=tallies, robots_txt=True)
        except (_Retry, FetchError):
            # Unreachable or failing robots.txt: see rules_for_status for why we allow.
            return RobotsRecord(0, b"", self._now())
        return RobotsRecord(response.status, response.body, self._now())


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


def _final(failure: Failure, attempts: int, elapsed: float) -> FetchError:
    """The error reported once we stop trying, saying why we stopped; `elapsed` is the
    run's time so far, from which on a Retry-After counts (see `FetchError`)."""
    message = failure.error.message
    if failure.retry_after is not None and failure.retry_after > RETRY_AFTER_CAP:
        message += (
            f"; gave up: Retry-After asks for {failure.retry_after:g} s,"
            f" more than the {RETRY_AFTER_CAP:g} s we wait"
        )
    if attempts > 1:
        message += f" (after {attempts} attempts)"
    asked = failure.retry_after
    return FetchError(
        failure.error.kind, message, retry_after=None if asked is None else elapsed + asked
    )
