"""Collect every due source concurrently and record each outcome in the store.

Each source is one unit of failure: whatever goes wrong with it becomes a failed
`SourceRun` recorded on that source, and the others carry on. The store is written
once per source, in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx

from syndicate.changes import Insert, Update, plan_changes
from syndicate.config import Config, Source
from syndicate.dedup import known_prints
from syndicate.errors import FetchError, SourceError
from syndicate.fetch import Fetcher
from syndicate.fetch.client import check_url
from syndicate.harvest import Harvest, HarvestContext, harvest
from syndicate.model import RunStatus, SourceRun, StoredArticle
from syndicate.pool import install_config
from syndicate.store import Store
from syndicate.store.schema import cannot_write
from syndicate.store.search import known_folds
from syndicate.urls import article_number, host_key, other_scheme

log = logging.getLogger(__name__)

OnRun = Callable[[SourceRun], None]
# Sources collected at once, per request the fetcher may have in flight: enough that
# requests never wait for a source to start, few enough to bound what waits in memory.
SOURCES_PER_REQUEST_SLOT = 4


def utc_now() -> datetime:
    return datetime.now(UTC)


def collect(
    config: Config,
    store: Store,
    *,
    only: Collection[str] | None = None,
    force: bool = False,
    executor: Executor | None = None,
    client: httpx.AsyncClient | None = None,
    now: datetime | None = None,
    on_run: OnRun | None = None,
) -> list[SourceRun]:
    """Collect the configured sources (or `only` those) and return one run per source.

    Without an executor, parsing runs on threads of this process (tests, small runs).
    """
    return asyncio.run(
        collect_async(
            config,
            store,
            only=only,
            force=force,
            executor=executor,
            client=client,
            now=now,
            on_run=on_run,
        )
    )


async def collect_async(
    config: Config,
    store: Store,
    *,
    only: Collection[str] | None = None,
    force: bool = False,
    executor: Executor | None = None,
    client: httpx.AsyncClient | None = None,
    now: datetime | None = None,
    on_run: OnRun | None = None,
) -> list[SourceRun]:
    now = now or utc_now()
    if executor is None:
        install_config(config)
    loop = asyncio.get_running_loop()
    # Calls tried again after a parsing process died go one at a time: a page that
    # kills its process whenever it is parsed then breaks the pool under itself alone,
    # not under the calls tried again beside it, which would fail for good.
    one_retry_at_a_time = asyncio.Lock()

    async def run_cpu(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return await loop.run_in_executor(executor, partial(fn, *args))
        except BrokenProcessPool:
            if executor is None:
                raise
        # A parsing process died under this call (see `pool.ParsePool`), which may be
        # another source's doing: once more, in the pool started anew.
        async with one_retry_at_a_time:
            return await loop.run_in_executor(executor, partial(fn, *args))

    for old, new in store.sync_sources(config.sources):
        log.warning("what source %s held is now under %s (its articles and history)", old, new)
    store.remap_categories(config)
    sources = [s for s in config.sources if only is None or s.id in only]
    due = {s.id for s in sources} if force else store.due([s.id for s in sources], now)
    runs: list[SourceRun] = []
    robots = store.robots()
    reread = store.to_reread()
    # What a source yields waits in memory until the store has taken it; with thousands
    # of sources and parsing faster than storing, that would be all of them at once.
    at_once = asyncio.Semaphore(SOURCES_PER_REQUEST_SLOT * config.http.concurrency)
    async with Fetcher(config.http, client=client, robots=robots, now=lambda: now) as fetcher:

        async def one(source: Source) -> SourceRun:
            if source.id not in due:
                return SourceRun(source.id, "skipped", now)
            async with at_once:
                ctx = HarvestContext(
                    fetcher=fetcher,
                    run_cpu=run_cpu,
                    cached=store.cached,
                    known_listing=store.source_listing(source.id),
                    now=now,
                    stored=partial(store.content_hashes, source.id),
                    conditional=source.id not in reread,
                )
                return await collect_source(source, ctx, store)

        tasks = [asyncio.ensure_future(one(s)) for s in sources]
        try:
            for task in asyncio.as_completed(tasks):
                run = await task
                runs.append(run)
                if on_run:
                    on_run(run)
        finally:
            # An interrupted run (Ctrl-C) stops its sources here, before the fetcher
            # closes under them: one left running would fail on the closed client and
            # be recorded as failed, backing off, though nothing was wrong with it.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        store.save_robots(fetcher.robots_loaded)
        # Every source of the host, those left out by --only too.
        _hold_quiet_hosts(config.sources, fetcher.quiet_hosts(), store, now)
    order = {s.id: i for i, s in enumerate(sources)}
    return sorted(runs, key=lambda r: order[r.source_id])


async def collect_source(source: Source, ctx: HarvestContext, store: Store) -> SourceRun:
    """Harvest one source and record the outcome; never raises for the source's faults."""
    started = time.monotonic()
    try:
        result = await harvest(source, ctx)
    except SourceError as exc:
        return _record_failure(source, ctx, store, exc, started)
    except Exception as exc:  # the broad boundary: a bug must not stop other sources
        return _record_bug(source, ctx, store, exc, "collecting", started)
    try:
        run = _record_harvest(source, ctx, store, result, started)
    except Exception as exc:
        if cannot_write(exc):
            # No fault of the source's, and every source after it would fail too.
            # Recorded as the source's failure, with a full disk the small write of
            # that record often still succeeded, and every source backed off for it.
            raise
        # Planning and storing are the same boundary: what this source brought may
        # trip a bug, and its transaction has rolled back.
        return _record_bug(source, ctx, store, exc, "storing", started)
    # For -v: every source, as a failed one is (see `_record_failure`).
    log.info(
        "%s %s: %d new, %d updated, %d requests, %d not modified",
        source.id,
        run.status,
        run.new,
        run.updated,
        run.requests,
        run.not_modified,
        extra=_about(source),
    )
    return run


def _homes(source: Source, stored: Sequence[StoredArticle], store: Store) -> dict[str, str] | None:
    """The hosts of `source` and of the other sources `stored` articles are under, for
    `plan_changes`; None when every one is under `source` (the common case: no query)."""
    others = {known.article.source_id for known in stored} - {source.id}
    if not others:
        return None
    urls = store.source_urls(others)
    urls[source.id] = source.url
    return {sid: host for sid, url in urls.items() if (host := _host_name(url))}


def _hold_quiet_hosts(
    sources: Sequence[Source], quiet: Mapping[str, float], store: Store, now: datetime
) -> None:
    """A host that asked for hours of quiet told one request, but meant every source it
    serves: those collected before it said so, or not due this run, wait too. (A source
    refused by it this run already carries the wait as its error's.)"""
    if not quiet:
        return
    waits = {s.id: quiet[host] for s in sources if (host := _host_of(s.url)) in quiet}
    store.hold_back(waits, now=now)


def _host_name(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _host_of(url: str) -> str:
    """The host as the fetcher keys its limits by (`urls.host_key`)."""
    try:
        return host_key(check_url(url))
    except FetchError:
        return ""


def _about(source: Source, **fields: str) -> dict[str, dict[str, str]]:
    """A log record's fields naming its source, for --log-format json."""
    return {"fields": {"source": source.id, **fields}}


def _record_bug(
    source: Source, ctx: HarvestContext, store: Store, exc: Exception, doing: str, started: float
) -> SourceRun:
    log.exception("unexpected error while %s %s", doing, source.id, extra=_about(source))
    error = SourceError("internal", f"{type(exc).__name__}: {exc}")
    return _record_failure(source, ctx, store, error, started)


def _record_failure(
    source: Source, ctx: HarvestContext, store: Store, error: SourceError, started: float
) -> SourceRun:
    run = SourceRun(
        source.id,
        "failed",
        ctx.now,
        duration=time.monotonic() - started,
        requests=ctx.tally.requests,
        not_modified=ctx.tally.not_modified,
        bytes=ctx.tally.bytes_received,
        error=error,
    )
    store.record_failure(run, now=ctx.now)
    # The command line reports each failure once, as an error; this is for -v.
    log.info("%s failed: %s", source.id, error, extra=_about(source, error_kind=error.kind))
    return run


def _record_harvest(
    source: Source, ctx: HarvestContext, store: Store, result: Harvest, started: float
) -> SourceRun:
    for warning in result.warnings:
        log.info("%s: %s", source.id, warning, extra=_about(source))
    with known_prints(result.prints), known_folds(result.folds):
        return _store_harvest(source, ctx, store, result, started)


def _store_harvest(
    source: Source, ctx: HarvestContext, store: Store, result: Harvest, started: float
) -> SourceRun:
    stored = store.articles_by_url(a.url for a in result.articles)
    # Stories other sources already carry: a new article republishing one is merged.
    unseen = [a for a in result.articles if a.url not in stored]
    candidates = store.story_candidates(unseen) if unseen else []
    guids = {a.guid for a in unseen if a.guid}
    numbers = {number for a in unseen if (number := article_number(a.url))}
    twins = {a.url: twin for a in unseen if (twin := other_scheme(a.url))}
    under_other_scheme = store.articles_by_url(twins.values()) if twins else {}
    changes = plan_changes(
        source.id,
        stored,
        result.articles,
        ctx.now,
        candidates=candidates,
        authority=store.source_authority() if candidates else None,
        by_guid=store.articles_by_guid(source.id, guids) if guids else None,
        by_scheme={
            url: under_other_scheme[twin]
            for url, twin in twins.items()
            if twin in under_other_scheme
        },
        homes=_homes(source, [*stored.values(), *under_other_scheme.values()], store),
        by_number=_numbered(store, source, numbers, result.listed) if numbers else None,
    )
    new = sum(isinstance(c, Insert) for c in changes)
    updated = sum(isinstance(c, Update) for c in changes)
    status = _status(result)
    # Article pages that failed while others arrived: the source works, but say so.
    error = _run_error(result.page_errors)
    run = SourceRun(
        source.id,
        status,
        ctx.now,
        duration=time.monotonic() - started,
        requests=result.requests,
        not_modified=result.not_modified,
        bytes=result.bytes,
        found=result.found,
        new=new,
        updated=updated,
        error=error,
    )
    if status == "failed":
        store.record_failure(run, now=ctx.now)
    elif status == "not-modified" and not result.cache:
        store.record_not_modified(run, now=ctx.now)
    else:
        new, updated = store.apply(
            run,
            changes,
            now=ctx.now,
            cache=result.cache,
            listing=result.listing,
            # What a listing page that could not be reached lists was not read afresh.
            reread=not ctx.conditional and not result.listing_pages_unread,
        )
        run = replace(run, new=new, updated=updated)
    return run


def _numbered(
    store: Store, source: Source, numbers: set[str], listed: set[str]
) -> dict[str, list[StoredArticle]]:
    """The one stored article of the source filed under each of `numbers`, unless its
    listing still shows it under its own address: an article listed beside a new page
    of its number is not the one that moved there. A number that files several is no
    article's own (a category's, a month's folder): it files none."""
    found = store.articles_by_number(source.id, numbers)

    def shown(url: str) -> bool:  # a portal moved to https may still list over http
        return url in listed or other_scheme(url) in listed

    return {
        n: stored
        for n, stored in found.items()
        if len(stored) == 1 and not shown(stored[0].article.url)
    }


def _run_error(page_errors: Sequence[SourceError]) -> SourceError | None:
    """The page error a run reports: one whose server asked for quiet (Retry-After),
    the longest asked for, which the source's next attempt must wait out; else the
    first."""
    asking = [e for e in page_errors if isinstance(e, FetchError) and e.retry_after]
    if asking:
        return max(asking, key=lambda e: e.retry_after or 0.0)
    return page_errors[0] if page_errors else None


def _status(result: Harvest) -> RunStatus:
    if result.unchanged:
        return "not-modified"
    # Every article page failed: the source is not working, unless all of them had
    # failed before (a dead link the listing keeps showing), when the run just says so.
    if not result.articles and len(result.page_errors) > result.retries_failed:
        return "failed"
    return "ok"
