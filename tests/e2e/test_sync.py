"""Sync the sample province over real HTTP and check what is stored and published."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from syndicate.demo import build_site, load_articles
from syndicate.urls import canonical_url
from tests.e2e.conftest import Demo
from tests.publish.validate import check_feed_file

ARTICLES = load_articles()
SITE = build_site("http://127.0.0.1:8719")


def stored(db: Path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM articles").fetchall()
    conn.close()
    return {row["url"]: row for row in rows}


def published_files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def check_all_feeds(out: Path, base_url: str) -> int:
    checked = 0
    for path in sorted(out.rglob("*")):
        kind = {".rss": "rss", ".atom": "atom", ".json": "json"}.get(path.suffix)
        if kind:
            self_url = base_url + str(path.relative_to(out))
            check_feed_file(path, kind, self_url=self_url)
            checked += 1
    return checked


def test_sync_stores_every_sample_article_with_its_ground_truth(demo: Demo) -> None:
    assert demo.run("sync") == 0
    rows = stored(demo.db)
    base = demo.server.base_url
    expected = {canonical_url(a.url(base)): a for a in ARTICLES}
    assert set(rows) == set(expected)
    for url, article in expected.items():
        row = rows[url]
        assert row["title"] == article.title, url
        assert row["district"] == article.district, url
        assert row["category"] == article.category_slug, url
        published = datetime.fromisoformat(row["published"])
        local = article.published
        if SITE.date_precision(article.source) == "day":
            local = local.replace(hour=0, minute=0)  # the portal prints the day only
        assert published == local.astimezone(UTC), url
        assert published.utcoffset() is not None and published.utcoffset().total_seconds() == 0
        assert not row["date_estimated"], url
        if article.author:
            assert row["author"] == article.author.title(), url
        if article.image:
            assert row["image_url"] == base + article.image.path, url
            assert row["image_caption"] == article.caption, url
            figure = re.search(r"<figcaption>(.*?)</figcaption>", row["content_html"], re.S)
            assert figure and article.caption in figure.group(1), url
        assert article.paragraphs[0][:40] in row["content_html"], url
        for banned in ("<script", "onclick", "javascript:", "<style", "lượt xem"):
            assert banned not in row["content_html"], (url, banned)


def test_counts_per_district_and_category(demo: Demo) -> None:
    assert demo.run("sync") == 0
    rows = stored(demo.db).values()
    by_district = Counter(r["district"] for r in rows)
    by_category = Counter(r["category"] for r in rows)
    assert by_district == Counter(a.district for a in ARTICLES)
    assert by_category == Counter(a.category_slug for a in ARTICLES)


def test_every_published_file_is_valid(demo: Demo) -> None:
    assert demo.run("sync") == 0
    config = demo.config
    out = demo.out
    checked = check_all_feeds(out, config.province.base_url)
    expected = 3 * (1 + len(config.districts) + len(config.categories))
    assert checked >= expected
    for name in (
        "province",
        *(f"districts/{d.slug}" for d in config.districts),
        *(f"categories/{c.slug}" for c in config.categories),
    ):
        for ext in ("rss", "atom", "json"):
            assert (out / f"{name}.{ext}").is_file(), name
    assert (out / "feeds.opml").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    for district in config.districts:
        assert district.name in index
    province = feedparser.parse((out / "province.atom").read_bytes())
    assert province.bozo == 0
    assert len(province.entries) >= 50


def test_second_sync_is_conditional_stores_nothing_and_keeps_files(demo: Demo) -> None:
    assert demo.run("sync") == 0
    before_rows = stored(demo.db)
    before_files = published_files(demo.out)
    first_requests = len(demo.server.requests)
    assert demo.run("sync") == 0
    # robots.txt is kept from the first run (a day); only feeds and first listing pages,
    # all conditionally.
    assert any(r[1] == "/robots.txt" for r in demo.server.requests[:first_requests])
    second = demo.server.requests[first_requests:]
    assert len(second) == len(demo.config.sources)
    assert all("if-none-match" in headers for _, _, headers in second)
    assert stored(demo.db) == before_rows
    # index.html shows each source's last success to the minute, so it changes when the
    # two runs straddle a minute; every feed, the OPML and the rest keep bytes and mtime.
    after_files = published_files(demo.out)
    assert after_files.keys() == before_files.keys()
    assert {k: v for k, v in after_files.items() if k != "index.html"} == {
        k: v for k, v in before_files.items() if k != "index.html"
    }
    conn = sqlite3.connect(demo.db)
    statuses = Counter(
        r[0]
        for r in conn.execute(
            "SELECT status FROM fetch_log WHERE started = (SELECT max(started) FROM fetch_log)"
        )
    )
    conn.close()
    assert statuses == {"not-modified": len(demo.config.sources)}


def test_status_json_lists_every_source(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("status", "--json") == 0
    health = json.loads(capsys.readouterr().out)
    assert {h["source_id"] for h in health} == {s.id for s in demo.config.sources}
    assert all(h["consecutive_failures"] == 0 and h["articles"] > 0 for h in health)


COLLECT_AND_LIST_MODULES = """
import sys
from syndicate.cli import main
code = main(["--config", sys.argv[1], "--quiet", "collect"], standalone_mode=False)
print(code, *[m for m in sys.argv[2:] if m in sys.modules])
"""


def collect_loads(demo: Demo, *modules: str) -> list[str]:
    """Collect in a process of its own; its exit code, then which of `modules` it loaded."""
    result = subprocess.run(
        [sys.executable, "-c", COLLECT_AND_LIST_MODULES, str(demo.config_path), *modules],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


def test_the_collecting_process_loads_no_parser(demo: Demo) -> None:
    # Parsing happens in the pool's workers; the parent only fetches and stores, and
    # the parsers' modules would be megabytes of it (and of `sync`'s publishing). It may
    # load lxml to compare a story with a stored one, whose print it makes itself.
    assert collect_loads(demo, "feedparser", "trafilatura", "syndicate.worker") == ["0"]
    assert demo.run("status", "--json") == 0  # and the first run did store the province


def test_an_unchanged_run_loads_no_parser(demo: Demo) -> None:
    # An unchanged province is cron's common case: it should cost a process start and
    # one conditional request per source, not the import of every parser.
    assert demo.run("sync") == 0
    parsers = ("lxml", "feedparser", "trafilatura", "nh3", "syndicate.worker")
    assert collect_loads(demo, *parsers) == ["0"]


def test_metrics_keep_a_source_down_while_it_waits_out_its_backoff(demo: Demo) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from tests.e2e.test_faults import source_path

    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "500"
    metrics = demo.folder / "syndicate.prom"
    assert demo.run("collect", "--metrics-file", str(metrics)) == 1
    # The next run skips it for backoff; the file must still say it is down.
    assert demo.run("collect", "--metrics-file", str(metrics)) == 0
    samples = {
        (s.name, s.labels.get("source")): s.value
        for family in text_string_to_metric_families(metrics.read_text(encoding="utf-8"))
        for s in family.samples
    }
    assert samples[("syndicate_source_up", "ngoc-hoi-rss")] == 0
    assert samples[("syndicate_source_up", "dak-to-tin-tuc")] == 1
    assert samples[("syndicate_sources_failed", None)] == 1


def test_status_leaves_out_a_source_taken_out_of_the_config(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.e2e.test_faults import source_path

    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "500"
    assert demo.run("collect") == 1
    # The operator drops the broken source: it is no longer collected, so its last
    # failure must not head "worst first" for good.
    text = demo.config_path.read_text(encoding="utf-8")
    start = text.index('[[sources]]\nid = "ngoc-hoi-rss"')
    end = text.index("[[sources]]", start + 1)
    demo.config_path.write_text(text[:start] + text[end:], encoding="utf-8")
    capsys.readouterr()
    assert demo.run("status", "--json") == 0
    health = json.loads(capsys.readouterr().out)
    assert {h["source_id"] for h in health} == {s.id for s in demo.config.sources}
    assert demo.run("status") == 0
    assert "ngoc-hoi-rss" not in capsys.readouterr().out
