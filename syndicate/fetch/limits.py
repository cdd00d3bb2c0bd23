"""Politeness limits: a global slot, per-host slots, a gap and any asked-for pause per host."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from syndicate.urls import host_key


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    delay: float
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)  # who is next to start
    last_start: float = float("-inf")
    paused_until: float = float("-inf")  # a Retry-After: no start before this
    closed_until: float = float("-inf")  # a Retry-After too long to wait: none this run


class HostLimits:
    """Hands out the right to start one request to a host.

    A request first waits for a slot of its host, then for the host's gap since the
    previous start, and only then for a global slot, so a slow or rate-limited host
    queues behind itself without keeping other hosts from the global slots.
    """

    def __init__(
        self,
        concurrency: int,
        per_host: int,
        host_delay: float,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        self._global = asyncio.Semaphore(max(1, concurrency))
        self._per_host = max(1, per_host)
        self._delay = max(0.0, host_delay)
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        key = host_key(host)
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(asyncio.Semaphore(self._per_host), self._delay)
        return state

    def slow_down(self, host: str, delay: float) -> None:
        """Raise one host's gap between starts (e.g. a robots.txt Crawl-delay); never lowers it."""
        state = self._host(host)
        state.delay = max(state.delay, delay)

    def close(self, host: str, seconds: float) -> None:
        """Send `host` nothing more for `seconds` (a Retry-After longer than we wait)."""
        state = self._host(host)
        state.closed_until = max(state.closed_until, self._clock() + seconds)

    def closed_for(self, host: str) -> float | None:
        """Seconds `host` asked to be left alone for still, or None when it did not."""
        left = self._host(host).closed_until - self._clock()
        return left if left > 0 else None

    def closed_hosts(self) -> dict[str, float]:
        """The hosts still asking to be left alone, with when (on the clock) they reopen;
        each spelt as `urls.host_key` spells it."""
        now = self._clock()
        return {h: s.closed_until for h, s in self._hosts.items() if s.closed_until > now}

    def pause(self, host: str, seconds: float) -> None:
        """Start no request to `host` for `seconds` from now (a Retry-After); never shortens."""
        state = self._host(host)
        state.paused_until = max(state.paused_until, self._clock() + seconds)

    def delay(self, host: str) -> float:
        """The current gap between two starts of requests to `host`."""
        return self._host(host).delay

    @staticmethod
    def _earliest(state: _Host) -> float:
        return max(state.last_start + state.delay, state.paused_until)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold a host slot and a global slot for the duration of one request."""
        state = self._host(host)
        async with state.slots:
            async with state.turn:
                # The gap is read now, not when the previous request started, so a
                # Crawl-delay learnt from robots.txt applies to the very next request;
                # and read again after waiting, for a pause that came in meanwhile.
                earliest = self._earliest(state)
                while (wait := earliest - self._clock()) > 0:
                    await self._sleep(wait)
                    earliest = self._earliest(state)
                await self._global.acquire()
                # Stamped when we really start, so a long wait for the global slot cannot
                # squeeze the next request to this host closer to ours.
                state.last_start = max(self._clock(), earliest)
            try:
                yield
            finally:
                self._global.release()
