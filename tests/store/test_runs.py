"""Fetch log, source health and backoff: a failing portal is retried less and less often."""

from __future__ import annotations

from datetime import timedelta

import pytest

from syndicate.changes import article_id
from syndicate.errors import FetchError, ParseError
from syndicate.model import SourceRun
from syndicate.store import Store, backoff


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (0, timedelta(0)),
        (1, timedelta(minutes=5)),
        (2, timedelta(minutes=10)),
        (3, timedelta(minutes=20)),
        (7, timedelta(minutes=320)),
        (8, timedelta(hours=6)),
        (50, timedelta(hours=6)),
        (10_000, timedelta(hours=6)),
    ],
)
def test_backoff(failures: int, wait: timedelta) -> None:
    assert backoff(failures) == wait


def failed(source_id: str, started, kind: str = "timeout") -> SourceRun:
    error = (
        ParseError("không tìm thấy danh sách tin")
        if kind == "parse"
        else FetchError("timeout", "read timed out after 20 s")
    )
    return SourceRun(source_id, "failed", started, duration=20.0, requests=3, error=error)


def test_failures_count_up_and_back_off(store: Store, now) -> None:
    for n in range(3):
        store.record_failure(
            failed("dak-to-tin", now + timedelta(hours=n)), now=now + timedelta(hours=n)
        )
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    last = now + timedelta(hours=2)
    assert h.consecutive_failures == 3
    assert h.failing_since == now
    assert h.last_attempt == last
    assert h.last_success is None
    assert (h.last_error_kind, h.last_error) == ("timeout", "read timed out after 20 s")
    assert h.next_attempt == last + timedelta(minutes=20)
    assert "dak-to-tin" not in store.due(["dak-to-tin"], last + timedelta(minutes=19))
    assert store.due(["dak-to-tin"], last + timedelta(minutes=20)) == {"dak-to-tin"}


def test_success_resets_the_streak(store: Store, ok_run, now) -> None:
    store.record_failure(failed("dak-to-tin", now), now=now)
    later = now + timedelta(hours=1)
    store.apply(ok_run("dak-to-tin", later, found=4), [], now=later)
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    assert (h.consecutive_failures, h.failing_since, h.next_attempt) == (0, None, None)
    assert h.last_success == later
    assert h.last_error is None
    store.record_failure(failed("dak-to-tin", later, "parse"), now=later + timedelta(hours=1))
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    assert h.failing_since == later + timedelta(hours=1)
    assert h.last_error_kind == "parse"


def test_not_modified_counts_as_success(store: Store, now) -> None:
    store.record_failure(failed("kon-plong-tin", now), now=now)
    later = now + timedelta(hours=1)
    store.record_not_modified(
        SourceRun("kon-plong-tin", "not-modified", later, requests=1, not_modified=1), now=later
    )
    [h] = [h for h in store.health() if h.source_id == "kon-plong-tin"]
    assert (h.consecutive_failures, h.last_success) == (0, later)
    assert store.counts()["kon-plong-tin"] == 0
    log = store.fetch_log()
    assert [(e["source_id"], e["status"]) for e in log] == [
        ("kon-plong-tin", "not-modified"),
        ("kon-plong-tin", "failed"),
    ]
    assert log[0]["started"] == later
    assert log[0]["not_modified"] == 1
    assert log[1]["error_kind"] == "timeout"


def test_due_for_unknown_and_healthy_sources(store: Store, now) -> None:
    store.record_failure(failed("tinh-tin", now), now=now)
    assert store.due(["dak-to-tin", "kon-plong-tin", "tinh-tin", "new-source"], now) == {
        "dak-to-tin",
        "kon-plong-tin",
        "new-source",
    }
    assert store.due([], now) == set()


def test_health_is_worst_first(store: Store, ok_run, make_article, collect_once, now) -> None:
    # tinh-tin: 2 failures; kon-plong-tin: 1 failure; dak-to-tin succeeded recently;
    # an unsynced source that succeeded long ago sorts before it (older success).
    store.record_failure(failed("tinh-tin", now), now=now)
    store.record_failure(failed("tinh-tin", now), now=now + timedelta(minutes=10))
    store.record_failure(failed("kon-plong-tin", now), now=now)
    collect_once(store, "dak-to-tin", [make_article(1), make_article(2)], now)
    old = now - timedelta(days=30)
    store.record_not_modified(ok_run("cu-tin", old), now=old)
    health = store.health()
    assert [h.source_id for h in health] == ["tinh-tin", "kon-plong-tin", "cu-tin", "dak-to-tin"]
    assert [h.articles for h in health] == [0, 0, 0, 2]
    assert health[-1].district == "dak-to"


def test_never_succeeded_is_worse_than_an_old_success(store: Store, ok_run, now) -> None:
    store.record_not_modified(ok_run("dak-to-tin", now), now=now)
    store.record_not_modified(
        ok_run("kon-plong-tin", now - timedelta(days=1)), now=now - timedelta(days=1)
    )
    assert [h.source_id for h in store.health()] == ["tinh-tin", "kon-plong-tin", "dak-to-tin"]


def test_fetch_log_limit_and_order(store: Store, ok_run, now) -> None:
    for n in range(5):
        moment = now + timedelta(minutes=n)
        store.record_not_modified(ok_run("dak-to-tin", moment), now=moment)
    log = store.fetch_log(limit=3)
    assert [e["started"] for e in log] == [now + timedelta(minutes=n) for n in (4, 3, 2)]
    assert set(log[0]) >= {"duration", "requests", "bytes", "found", "new", "updated", "error"}


def test_health_counts_visible_articles_from_an_index(
    store: Store, make_article, collect_once, now
) -> None:
    # Read from the table, each article's `hidden` sits behind its text.
    collect_once(store, "dak-to-tin", [make_article(n) for n in (1, 2, 3)])
    store.hide(article_id(make_article(2).url), "đăng nhầm", now=now)
    counts = {h.source_id: h.articles for h in store.health()}
    assert counts["dak-to-tin"] == 2
    plan = store._db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE hidden = 0"
    ).fetchall()
    assert [row[3] for row in plan] == ["SCAN articles USING INDEX articles_visible"]


def test_a_clock_set_back_does_not_stretch_a_backoff(store: Store, now) -> None:
    # A host whose clock ran a year ahead until NTP set it right: the failures it
    # recorded then must not keep the source waiting out the year.
    ahead = now + timedelta(days=365)
    store.record_failure(failed("dak-to-tin", ahead), now=ahead)
    assert "dak-to-tin" not in store.due(["dak-to-tin"], ahead + timedelta(minutes=4))
    assert store.due(["dak-to-tin"], now) == {"dak-to-tin"}


def test_a_server_asking_for_hours_of_quiet_gets_them(store: Store, now) -> None:
    asked = FetchError("http-status", "HTTP 503 (bảo trì)", retry_after=7_200)
    store.record_failure(SourceRun("dak-to-tin", "failed", now, error=asked), now=now)
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    assert h.next_attempt == now + timedelta(hours=2)  # not the first backoff's 5 minutes
    assert store.due(["dak-to-tin"], now + timedelta(hours=1)) == set()
    assert store.due(["dak-to-tin"], now + timedelta(hours=2, seconds=1)) == {"dak-to-tin"}


def test_a_retry_after_of_a_week_is_waited_out_for_a_day(store: Store, now) -> None:
    asked = FetchError("http-status", "HTTP 429", retry_after=7 * 86_400)
    store.record_failure(SourceRun("dak-to-tin", "failed", now, error=asked), now=now)
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    assert h.next_attempt == now + timedelta(days=1)
    # A plain failure after it backs off as usual again.
    later = now + timedelta(days=1, minutes=1)
    store.record_failure(failed("dak-to-tin", later), now=later)
    [h] = [h for h in store.health() if h.source_id == "dak-to-tin"]
    assert h.next_attempt == later + backoff(2)
    assert store.due(["dak-to-tin"], later + backoff(2) + timedelta(seconds=1)) == {"dak-to-tin"}
