"""One broken source never stops the others; crashes and overlaps leave the store whole."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from syndicate.demo import DemoServer, load_articles
from tests.e2e.conftest import Demo
from tests.e2e.test_sync import check_all_feeds, stored

ARTICLES = load_articles()


def source_path(server: DemoServer, source_id: str) -> str:
    parts = urlsplit(server.site.source_url(source_id))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def articles_of(db: Path, source_id: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM articles WHERE source_id = ?", (source_id,)
            ).fetchone()[0]
        )


def last_error(db: Path, source_id: str) -> tuple[str, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT error_kind, error FROM fetch_log WHERE source_id = ? "
            "ORDER BY rowid DESC LIMIT 1",
            (source_id,),
        ).fetchone()
    return row[0], row[1]


@pytest.mark.parametrize(
    ("source_id", "fault", "kind", "message"),
    [
        ("ngoc-hoi-rss", "500", "http-status", "HTTP 500"),
        ("kon-plong-atom", "malformed", "parse", ""),
        ("dak-to-tin-tuc", "hang", "timeout", ""),
        ("dak-glei-tin", "500", "http-status", "HTTP 500"),
    ],
)
def test_one_broken_source_exits_1_and_the_rest_is_stored_and_published(
    demo: Demo, source_id: str, fault: str, kind: str, message: str
) -> None:
    demo.server.faults[source_path(demo.server, source_id)] = fault  # type: ignore[assignment]
    assert demo.run("sync") == 1
    assert articles_of(demo.db, source_id) == 0
    assert last_error(demo.db, source_id)[0] == kind
    assert message in last_error(demo.db, source_id)[1]
    expected_others = [a for a in ARTICLES if a.source != source_id]
    assert len(stored(demo.db)) == len(expected_others)
    check_all_feeds(demo.out, demo.config.province.base_url)
    # The next run, with the portal mended, collects it (backoff is overridden by --force).
    demo.server.faults.clear()
    assert demo.run("sync", "--force") == 0
    assert articles_of(demo.db, source_id) == sum(a.source == source_id for a in ARTICLES)


def test_a_failing_source_is_tried_less_often(demo: Demo) -> None:
    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "500"
    assert demo.run("sync") == 1
    before = demo.server.count(source_path(demo.server, "ngoc-hoi-rss"))
    assert demo.run("sync") == 0  # in backoff: skipped, the others fine
    assert demo.server.count(source_path(demo.server, "ngoc-hoi-rss")) == before
    assert demo.run("sync", "--force") == 1


def test_503_once_is_retried_and_succeeds(demo: Demo) -> None:
    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "503-once"
    assert demo.run("sync") == 0
    assert articles_of(demo.db, "ngoc-hoi-rss") == sum(a.source == "ngoc-hoi-rss" for a in ARTICLES)


def syndicate_process(demo: Demo, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "syndicate", "--config", str(demo.config_path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_concurrent_syncs_exactly_one_collects(demo: Demo) -> None:
    # One hanging portal keeps the first sync busy for a few seconds.
    demo.server.faults[source_path(demo.server, "dak-to-tin-tuc")] = "hang"
    first = syndicate_process(demo, "sync")
    time.sleep(1.5)
    second = syndicate_process(demo, "sync")
    _, second_err = second.communicate(timeout=60)
    first.communicate(timeout=60)
    assert second.returncode == 75
    assert b"another sync is running" in second_err
    assert first.returncode == 1  # the hanging source failed; everything else stored
    with sqlite3.connect(demo.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(stored(demo.db)) == sum(a.source != "dak-to-tin-tuc" for a in ARTICLES)


@pytest.mark.parametrize("kill_after", [0.4, 0.8, 1.2, 1.6])
def test_sync_killed_mid_run_then_a_normal_run_completes(demo: Demo, kill_after: float) -> None:
    victim = syndicate_process(demo, "sync")
    time.sleep(kill_after)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    assert demo.run("sync", "--force") == 0
    with sqlite3.connect(demo.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == len(ARTICLES)
    check_all_feeds(demo.out, demo.config.province.base_url)
    leftovers = [
        p
        for p in demo.out.rglob("*")
        if p.name.startswith(".") and p.is_file() and not p.name.endswith(".json")
    ]
    assert not [p for p in leftovers if "tmp" in p.name]


def test_a_bug_while_storing_one_source_fails_only_that_source(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syndicate import collect

    plan = collect.plan_changes

    def buggy(source_id: str, *args: object, **kwargs: object) -> object:
        if source_id == "ngoc-hoi-rss":
            raise RuntimeError("không lường trước")
        return plan(source_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(collect, "plan_changes", buggy)
    assert demo.run("sync") == 1
    assert articles_of(demo.db, "ngoc-hoi-rss") == 0
    assert articles_of(demo.db, "dak-to-tin-tuc") > 0
    assert last_error(demo.db, "ngoc-hoi-rss") == ("internal", "RuntimeError: không lường trước")
    check_all_feeds(demo.out, demo.config.province.base_url)
    monkeypatch.setattr(collect, "plan_changes", plan)
    assert demo.run("sync", "--force") == 0
    assert articles_of(demo.db, "ngoc-hoi-rss") > 0
