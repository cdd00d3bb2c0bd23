"""Fetch one source and turn what changed into articles, without touching the store.

A harvest reads the store's knowledge only through the values it is handed
(cached validators, listing fingerprints) and returns everything the store must
record as one value, so `collect` can apply it in one transaction and `check` can
show it without storing anything.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from syndicate.config import HtmlOptions, Source
from syndicate.errors import FetchError, SourceError
from syndicate.fetch import Fetcher, FetchStats
from syndicate.model import Article, FetchResult, Listing, Validators
from syndicate.pool import call_worker
from syndicate.store import CachedResponse
from syndicate.urls import canonical_url, on_hosts, page_url

if TYPE_CHECKING:
    from syndicate.dedup import PackedPrint
    from syndicate.model import ListingItem
    from syndicate.pool import ParsedArticles
    from syndicate.text.searchtext import Folded

T = TypeVar("T")
RunCpu = Callable[..., Awaitable[Any]]


@dataclass(slots=True)
class Harvest:
    """Everything one source yielded in one run."""

    source_id: str
    articles: list[Article] = field(default_factory=list)
    cache: list[tuple[str, Validators, str | None]] = field(default_factory=list)
    listing: dict[str, str] = field(default_factory=dict)  # canonical url -> fingerprint
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    unchanged: bool = False  # the feed or first listing page had not changed
    found: int = 0
    warnings: list[str] = field(default_factory=list)
    page_errors: list[SourceError] = field(default_factory=list)
    retries_failed: int = 0  # of those, pages that had failed before already
    listing_pages_unread: int = 0  # later listing pages that could not be reached
    # Canonical URLs of every article the listing pages read showed, fetched or not.
    listed: set[str] = field(default_factory=set)
    # Made by the parsing workers for storing the articles (see pool.ParsedArticles).
    prints: list[tuple[Article, PackedPrint]] = field(default_factory=list)
    folds: list[tuple[Article, Folded]] = field(default_factory=list)

    def add(self, parsed: ParsedArticles) -> None:
        """Take the articles of one parsing call, with what was made for storing them."""
        self.articles.extend(parsed.articles)
        self.warnings.extend(parsed.rejected)
        self.warnings.extend(parsed.notes)
        self.prints += [(a, p) for a, p in zip(parsed.articles, parsed.prints, strict=True) if p]
        self.folds += [(a, f) for a, f in zip(parsed.articles, parsed.folds, strict=True) if f]


@dataclass(frozen=True, slots=True)
class HarvestContext:
    """What a harvest may use: the fetcher, the CPU pool and the store's memory."""

    fetcher: Fetcher
    run_cpu: RunCpu
    cached: Callable[[str], CachedResponse | None]
    known_listing: Mapping[str, str]  # canonical url -> fingerprint, for this source
    now: datetime
    # url -> content hash of what the source carries; read only when something changed
    stored: Callable[[], Mapping[str, str]] = dict
    # This source's requests, bytes and 304s, failed fetches included.
    tally: FetchStats = field(default_factory=FetchStats)
    conditional: bool = True  # False: every page afresh (`check`, a source to reread)
    article_limit: int | None = None  # `check` looks at a few articles only


async def harvest(source: Source, ctx: HarvestContext) -> Harvest:
    """Collect one source; raises SourceError when the source as a whole failed."""
    if isinstance(source.options, HtmlOptions):
        out = await _harvest_html(source, source.options, ctx)
    else:
        out = await _harvest_feed(source, ctx)
    out.requests = ctx.tally.requests
    out.not_modified = ctx.tally.not_modified
    out.bytes = ctx.tally.bytes_received
    return out


async def _fetch_changed(
    url: str, ctx: HarvestContext, out: Harvest, allowed: frozenset[str] | None = None
) -> FetchResult | None:
    """Conditional GET; None when the document has not changed since it was last parsed."""
    cached = ctx.cached(url) if ctx.conditional else None
    result = await ctx.fetcher.fetch(
        url, cached.validators if cached else None, allowed_hosts=allowed, tally=ctx.tally
    )
    if result.not_modified:
        # A 304 may bring new validators (RFC 9111 4.3.4): the next request sends them.
        if cached is not None and result.validators != cached.validators:
            out.cache.append((url, result.validators, cached.body_sha256))
        return None
    digest = hashlib.sha256(result.body).hexdigest()
    out.cache.append((url, result.validators, digest))
    # Many portals ignore conditional requests; identical bytes need no parsing either.
    if cached is not None and cached.body_sha256 == digest:
        return None
    return result


async def _harvest_feed(source: Source, ctx: HarvestContext) -> Harvest:
    out = Harvest(source.id)
    result = await _fetch_changed(source.url, ctx, out)
    if result is None:
        out.unchanged = True
        return out
    parsed = await ctx.run_cpu(
        call_worker,
        "parse_feed_body",
        source.id,
        result.body,
        result.final_url,
        result.headers,
        ctx.now,
        ctx.stored(),
    )
    out.add(parsed)
    out.found = len(parsed.articles) + len(parsed.rejected)
    return out


def listing_fingerprint(item: ListingItem) -> str:
    """What the listing says about an article; a change means the page is fetched again.

    A relative date ("2 giờ trước") is left out: it reads differently every hour, and
    each run would fetch the article again and read the listing to its last page."""
    date_text = item.date_text
    if date_text and _RELATIVE_HINT.search(date_text):
        from syndicate.text.dates import reads_as_relative  # the parsers' module, seldom

        if reads_as_relative(date_text):
            date_text = None
    text = "\x1f".join(v or "" for v in (item.title, item.summary, date_text, item.image_url))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Words every relative date has; the collecting process does not load the date parser
# for the dates that have neither.
_RELATIVE_HINT = re.compile(r"trước|hôm", re.IGNORECASE)


# The fingerprint remembered for a listed article whose page failed (or, under its own
# URL, for a listing page that could not be reached): it matches no listing, so the
# article is fetched again, and the listing read until it is found.
RETRY = ""
# ... and for one such article the whole listing no longer shows: sought no more.
GONE = "gone"
# How a listing page past the first fails when the portal could not be reached, rather
# than when it answered past the listing's end (with a 404, a 500 or an empty page).
UNREACHED = frozenset({"dns", "connect", "timeout"})


async def _harvest_html(source: Source, options: HtmlOptions, ctx: HarvestContext) -> Harvest:
    out = Harvest(source.id)
    allowed = frozenset({source.host, *options.allowed_hosts})
    wanted: dict[str, ListingItem] = {}
    # Articles whose pages failed last time, wherever the listing shows them now, and
    # listing pages that could not be reached.
    sought = (
        {key for key, f in ctx.known_listing.items() if f == RETRY} if ctx.conditional else set()
    )
    read_through = False
    url: str | None = source.url
    visited: set[str] = set()  # canonical URLs of the listing pages read
    listed: set[str] = set()  # canonical URLs of the articles they list
    for n in range(1, options.max_pages + 1):
        if url is None:
            break
        page = canonical_url(url)
        visited.add(page)
        listing = await _listing_page(source, url, n, ctx, out, allowed)
        if listing is None:
            break
        if listing is _LISTING_ENDS:
            read_through = True  # every page there is was read
            break
        if page in sought:
            out.listing[page] = GONE  # a page that could not be reached, read at last
        keys = {canonical_url(item.url) for item in listing.items}
        if keys <= listed:
            # A page read already under another URL ("?page=1"), or a portal answering
            # past the end with an earlier page: the listing has ended.
            read_through = True
            break
        fresh = _select_items(listing, ctx, allowed, wanted, out, listed)
        listed |= keys
        sought -= {*keys, page}
        if options.page_template:
            url = page_url(source.url, options.page_template, n + 1)
        else:
            url = listing.next_url
        if url is not None and canonical_url(url) in visited:
            url = None  # a "next" link back to a page already read
        read_through = url is None or n == options.max_pages
        if not fresh and not sought:
            break  # reached articles we already have
        if ctx.article_limit is not None and len(wanted) >= ctx.article_limit:
            break  # `check` has the articles it asked for
    out.listed = listed
    if wanted:
        await _harvest_articles(source, wanted, ctx, allowed, out)
    if read_through:
        out.listing.update(dict.fromkeys(sought, GONE))
    if RETRY in out.listing.values():
        # Remembered as read, an unchanged listing would not be read again and its
        # failed articles or pages never retried: forget how the listing pages looked.
        out.cache = [(url, Validators(), None) for url, _, _ in out.cache]
    return out


# A later listing page that answers an error, or holds no listing: the listing ends.
_LISTING_ENDS = Listing(items=(), next_url=None)


async def _listing_page(
    source: Source, url: str, n: int, ctx: HarvestContext, out: Harvest, allowed: frozenset[str]
) -> Listing | None:
    """One listing page; `_LISTING_ENDS` when the listing ends before it; None when
    pagination should stop here for another reason (unchanged, unreachable).

    Only page one can fail the source: a later page that is missing, empty or broken
    just means the listing ends there (portals answer past-the-end pages either way).
    """
    try:
        result = await _fetch_changed(url, ctx, out, allowed)
        if result is None:
            # New articles appear on page one first: unchanged page one, unchanged source.
            out.unchanged = n == 1
            return None
        listing: Listing = await ctx.run_cpu(
            call_worker,
            "parse_listing_body",
            source.id,
            result.body,
            result.content_type,
            result.final_url,
        )
    except SourceError as exc:
        if n == 1:
            raise
        if exc.kind in UNREACHED:
            # The listing goes on past it, maybe with articles not yet stored: the next
            # run reads on to this page, as it seeks an article whose page failed.
            out.listing[canonical_url(url)] = RETRY
            out.listing_pages_unread += 1
            out.warnings.append(f"listing page {n} could not be read, read again next run: {exc}")
        else:
            out.warnings.append(f"listing page {n} ends the listing: {exc}")
            return _LISTING_ENDS
        return None
    return listing


def _select_items(
    listing: Listing,
    ctx: HarvestContext,
    allowed: frozenset[str],
    wanted: dict[str, ListingItem],
    out: Harvest,
    listed: set[str],
) -> int:
    """Queue the listed articles that are new, changed or failed last time; return how
    many were new or changed. Articles `listed` on an earlier page were seen there."""
    fresh = 0
    for item in listing.items:
        key = canonical_url(item.url)
        if key in listed:
            continue
        if not on_hosts(item.url, allowed):
            out.warnings.append(f"link to another host skipped: {item.url}")
            continue
        out.found += 1
        known = ctx.known_listing.get(key) if ctx.conditional else None
        if known == listing_fingerprint(item):
            continue
        if ctx.article_limit is not None and len(wanted) >= ctx.article_limit:
            continue  # still counted as found: the figure must not depend on the limit
        if key not in wanted:
            wanted[key] = item
            if known != RETRY:
                fresh += 1
    return fresh


async def _harvest_articles(
    source: Source,
    wanted: Mapping[str, ListingItem],
    ctx: HarvestContext,
    allowed: frozenset[str],
    out: Harvest,
) -> None:
    async def get(item: ListingItem) -> FetchResult | FetchError:
        try:
            return await ctx.fetcher.fetch(item.url, None, allowed_hosts=allowed, tally=ctx.tally)
        except FetchError as exc:
            return exc

    results = await asyncio.gather(*(get(item) for item in wanted.values()))
    pages: list[tuple[bytes, str, str, str, ListingItem | None]] = []
    fetched: dict[str, ListingItem] = {}
    for (key, item), result in zip(wanted.items(), results, strict=True):
        if isinstance(result, FetchError):
            _page_failed(key, item.url, result, ctx, out)
            continue
        pages.append((result.body, result.content_type, item.url, result.final_url, item))
        fetched[key] = item
    read: set[str] = set()
    if pages:
        parsed = await ctx.run_cpu(
            call_worker, "parse_article_bodies", source.id, pages, ctx.now, ctx.stored()
        )
        out.add(parsed)
        read = {canonical_url(article.url) for article in parsed.articles}
        for url, message in parsed.unavailable:
            # A portal under maintenance answers 200: a failure like a 503 all the same.
            key = canonical_url(url)
            _page_failed(key, url, SourceError("http-status", message), ctx, out)
            fetched.pop(key, None)
    # A failed page is remembered as one to fetch again: see _harvest_html. So is a page
    # that came but gave no article (an empty 200 after a server error): remembered
    # as read, it would never be fetched again, and the article was lost for good. Once:
    # one that answers so again is taken as it is, or a dead link the listing keeps
    # would be fetched on every run, and the listing never asked for conditionally.
    for key, item in fetched.items():
        again = ctx.conditional and ctx.known_listing.get(key) == RETRY
        out.listing[key] = listing_fingerprint(item) if key in read or again else RETRY


def _page_failed(key: str, url: str, error: SourceError, ctx: HarvestContext, out: Harvest) -> None:
    """An article page that could not be had, to be fetched again on the next run."""
    out.page_errors.append(error)
    out.warnings.append(f"{url}: {error}")
    if ctx.conditional and ctx.known_listing.get(key) == RETRY:
        out.retries_failed += 1
    out.listing[key] = RETRY
