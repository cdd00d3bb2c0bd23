"""A store written by any earlier schema opens as the current one, its data intact.

Each older store is built by the migrations up to its release and filled with what a
store at the current schema holds (hidden articles, merged duplicates, edited articles
with their versions, the run log), as far as its tables can hold it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from syndicate.changes import Insert, article_id
from syndicate.config import Config
from syndicate.store import Store
from syndicate.store.schema import migrations

NAMES = [m.name for m in migrations._migrations]
# Tables rebuilt from the articles rather than copied, or set afresh by a migration.
DERIVED = {"_sqlite_migrations", "article_search", "story_bands", "generation"}
# Every article, an edited title, the hidden one (never found), the merged copy's text.
QUERIES = ["bai viet so", "hdrai", "doan thu hai", "noi dung bai viet so 4", "so 7"]


@pytest.fixture
def current(tmp_path: Path, config: Config, make_article, collect_once, ok_run, now) -> Path:
    """A store at the current schema holding a bit of everything."""
    path = tmp_path / "current.db"
    with Store(path) as store:
        store.sync_sources(config.sources)
        articles = [make_article(n) for n in range(1, 6)]
        inserts = collect_once(store, "dak-to-tin", articles)
        copy = make_article(
            7, url="https://tinh.example.vn/tin/bai-dang-lai-7", source_id="tinh-tin"
        )
        merged = Insert(article_id(copy.url), copy, duplicate_of=inserts[0].id)
        store.apply(ok_run("tinh-tin"), [merged], now=now)
        collect_once(store, "kon-plong-tin", [replace(articles[1], source_id="kon-plong-tin")])
        edited = replace(articles[2], title="Tiêu đề đã sửa về Ia H’Drai", content_hash="h-3b")
        collect_once(store, "dak-to-tin", [edited], now + timedelta(hours=1))
        store.hide(inserts[3].id, "đăng nhầm", now=now)
        store.feed_entries(config)  # fixes the entry id prefix
    return path


def older_store(path: Path, current: Path, before: str) -> None:
    """A store as the release whose last migration comes just before `before` left
    it, holding what `current` holds, in the columns it had."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = wal")
    migrations.apply(Database(db), stop_before=before)
    db.execute("ATTACH ? AS cur", [str(current)])
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name NOT LIKE 'article_search%'"
        )
    ]
    db.execute("BEGIN")
    for table in tables:
        if table in DERIVED:
            continue
        columns = ", ".join(r[1] for r in db.execute(f"PRAGMA table_info({table})"))
        db.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM cur.{table}")
    # Inserts reached the index by a trigger until m008, by the code since.
    db.execute("INSERT INTO article_search(article_search) VALUES ('rebuild')")
    db.execute("COMMIT")
    db.execute("DETACH cur")
    db.close()


def tables_before(name: str) -> set[str]:
    """The tables a store has before the migration `name`."""
    with sqlite3.connect(":memory:", isolation_level=None) as conn:
        migrations.apply(Database(conn, execute_plugins=False), stop_before=name)
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def story_prints(path: Path) -> list[tuple[int, int, bytes, bytes]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT seq, day, sketch, bands FROM story_prints ORDER BY seq")
        found = rows.fetchall()
    conn.close()
    return found


@pytest.mark.parametrize("before", NAMES[1:])
def test_an_older_store_is_upgraded_with_its_data(
    tmp_path: Path, config: Config, current: Path, before: str
) -> None:
    path = tmp_path / "older.db"
    older_store(path, current, before)
    with Store(current) as store:
        entries = store.feed_entries(config)
        health = store.health()
        found = {q: [hit.article.url for hit in store.search(q)] for q in QUERIES}
        log = store.fetch_log()
        ids = [a for (a,) in store._db.execute("SELECT id FROM articles ORDER BY seq")]
        withdrawn = [store.withdrawal(a) for a in ids]
        versions = [store.article_versions(a) for a in ids]
    assert len(found["bai viet so"]) == 4 and len(found["hdrai"]) == 1  # the hidden one is not
    with Store(path) as store:
        assert store.feed_entries(config) == entries
        assert store.health() == health
        assert {q: [hit.article.url for hit in store.search(q)] for q in QUERIES} == found
        assert store.fetch_log() == log
        assert [store.withdrawal(a) for a in ids] == withdrawn
        if "article_versions" in tables_before(before):
            assert [store.article_versions(a) for a in ids] == versions
    assert story_prints(path) == story_prints(current)
    with sqlite3.connect(path) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        conn.execute(
            "INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)"
        )
    conn.close()
    assert applied == NAMES
