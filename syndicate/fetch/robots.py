"""robots.txt: parse once per origin, then answer "may we fetch this URL?"."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from protego import Protego

from syndicate.model import RobotsRecord

# A Crawl-delay above this is honoured only up to here; district portals that set one
# copy a CMS default (often 10) and a full run must still finish in minutes.
CRAWL_DELAY_CAP = 10.0


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt allows our user agent. No parser means allow all.

    Rules match as RFC 9309 says: the longest matching path wins whatever the order,
    an Allow on a tie, and `*` and `$` are wildcards.
    """

    parser: Protego | None = None
    token: str = "*"

    def allows(self, url: str) -> bool:
        return self.parser is None or self.parser.can_fetch(url, self.token)

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.token)
        return None if delay is None else min(float(delay), CRAWL_DELAY_CAP)


ALLOW_ALL = RobotsRules()


def parse_robots(body: bytes, token: str) -> RobotsRules:
    """Rules from a robots.txt body; undecodable bytes are replaced, a BOM ignored."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
    return RobotsRules(Protego.parse(text), token)


def rules_for_status(status: int, body: bytes, token: str) -> RobotsRules:
    """Rules from how the robots.txt request ended.

    2xx: parse it. 4xx: there is no robots.txt, so everything is allowed (RFC 9309 §2.3.1.3).
    5xx: RFC 9309 says to assume "disallow all", but district portals answer 500 for any
    missing file, so following it would stop us reading sites that never meant to block
    anyone; we treat it like a missing file instead. Unreachable hosts are handled by the
    caller the same way, and the page request then fails on its own merits.
    """
    if 200 <= status < 300:
        return parse_robots(body, token)
    return ALLOW_ALL


def origin_of(url: str) -> str:
    """scheme://host[:port]: robots.txt applies per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def robots_url(url: str) -> str:
    return origin_of(url) + "/robots.txt"


class RobotsCache:
    """Loads each origin's rules once; concurrent first requests share one load.

    Records from earlier runs (`known`) are used while fresh, so a run every five
    minutes asks each host for robots.txt once a day (or again next run, when it could
    not be had); what was loaded this run is in `loaded`, for the caller to keep.
    """

    def __init__(
        self,
        token: str,
        now: Callable[[], datetime],
        known: Mapping[str, RobotsRecord] | None = None,
    ) -> None:
        self._token = token
        self._known = dict(known or {})
        self._now = now
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.loaded: dict[str, RobotsRecord] = {}

    async def rules(self, url: str, load: Callable[[str], Awaitable[RobotsRecord]]) -> RobotsRules:
        """The rules for `url`'s origin; `load` fetches its robots.txt if it must be."""
        origin = origin_of(url)
        cached = self._rules.get(origin)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                record = self._known.get(origin)
                if record is None or not record.fresh(self._now()):
                    record = self.loaded[origin] = await load(robots_url(url))
                self._rules[origin] = rules_for_status(record.status, record.body, self._token)
            return self._rules[origin]
