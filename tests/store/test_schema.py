"""Opening a store file: folders, pragmas, migrations, and how datetimes are stored."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import tempfile
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlite_utils import Database

from syndicate.changes import Insert, article_id
from syndicate.store import ArticleVersion, Store, schema
from syndicate.store.schema import from_text, m007_article_versions, migrations, to_text
from syndicate.store.stories import day_number

TABLES = {
    "sources",
    "articles",
    "appearances",
    "http_cache",
    "listing_fingerprints",
    "fetch_log",
    "source_health",
    "article_search",
    "article_versions",
}


def table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_empty_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "store.db"
    with Store(path) as store:
        assert store.health() == []
    assert table_names(path) >= TABLES
    with sqlite3.connect(path) as conn:
        applied = conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert applied == [("syndicate", m.name) for m in migrations._migrations]


def test_reopen_keeps_data_and_applies_nothing_twice(tmp_path: Path, make_article, ok_run) -> None:
    path = tmp_path / "store.db"
    with Store(path) as store:
        store.apply(ok_run(), [], now=datetime(2025, 1, 1, tzinfo=UTC))
    with Store(path) as store:
        assert [h.source_id for h in store.health()] == ["dak-to-tin"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
            migrations._migrations
        )


def test_connection_enforces_foreign_keys(store: Store) -> None:
    db = store._db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    with pytest.raises(sqlite3.IntegrityError), db.atomic():
        db.execute("INSERT INTO appearances VALUES ('no-such-article', 's', 'u', 'x', 'x')")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2025, 1, 22, 3, 0, tzinfo=UTC), "2025-01-22T03:00:00.000000Z"),
        (
            datetime(2025, 1, 22, 10, 0, 0, 250, tzinfo=timezone(timedelta(hours=7))),
            "2025-01-22T03:00:00.000250Z",
        ),
        # strftime wrote the year 1 as "1", which read back as nothing: every publication
        # after a portal's DateTime.MinValue failed
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00.000000Z"),
    ],
)
def test_datetimes_are_fixed_width_utc_text(moment: datetime, text: str) -> None:
    assert to_text(moment) == text
    back = from_text(text)
    assert back == moment
    assert back.utcoffset() == timedelta(0)


def test_a_short_year_an_earlier_version_wrote_reads_back() -> None:
    assert from_text("1-01-01T00:00:00.000000Z") == datetime(1, 1, 1, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_text(datetime(2025, 1, 1))


def test_a_writer_waits_for_another_instead_of_failing(
    tmp_path: Path, make_article, ok_run, now
) -> None:
    path = tmp_path / "store.db"
    with Store(path) as store:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO sources (id) VALUES ('khac')")
        release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
        release.start()
        try:
            article = make_article(1)
            assert store.apply(ok_run(), [Insert(article_id(article.url), article)], now=now) == (
                1,
                0,
            )
        finally:
            release.join()
            other.close()
        assert {h.source_id for h in store.health()} == {"khac", "dak-to-tin"}


def test_a_store_from_before_article_versions_is_migrated(
    tmp_path: Path, make_article, collect_once, now
) -> None:
    path = tmp_path / "old.db"
    article = make_article(1)
    with Store(path) as store:
        [insert] = collect_once(store, "dak-to-tin", [article])
    # Undo the migration, as if the file had been written by an older release.
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "DROP TRIGGER articles_keep_version; DROP TABLE article_versions; "
            "DROP INDEX articles_source_guid; "
            "DELETE FROM _sqlite_migrations WHERE name = 'm007_article_versions';"
        )
    conn.close()
    later = now + timedelta(hours=1)
    with Store(path) as store:
        assert store.article_versions(insert.id) == []
        edited = replace(article, title="Tiêu đề đã sửa", content_hash="hash-1b")
        collect_once(store, "dak-to-tin", [edited], later)
        assert store.article_versions(insert.id) == [
            ArticleVersion(article, since=now, replaced=later)
        ]
        # Run again over what it made, it leaves everything as it is.
        with store._db.atomic():
            m007_article_versions(store._db)
        assert len(store.article_versions(insert.id)) == 1


def _search_index_is_sound(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        # With rank 1, FTS5 checks its index against the articles it indexes and raises
        # on a mismatch (a row indexed twice included).
        conn.execute(
            "INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)"
        )
    conn.close()


def test_new_articles_are_indexed_for_search_once(
    tmp_path: Path, make_article, collect_once
) -> None:
    path = tmp_path / "store.db"
    with Store(path) as store:
        collect_once(store, "dak-to-tin", [make_article(n) for n in (1, 2, 3)])
        assert len(store.search("bai viet so")) == 3
        indexed = store._db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0]
        assert indexed == 3
    _search_index_is_sound(path)


def test_a_store_indexing_inserts_by_trigger_is_migrated(
    tmp_path: Path, make_article, collect_once, now
) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        collect_once(store, "dak-to-tin", [make_article(1)])
    # As an older release left it: new articles indexed by a trigger.
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
                INSERT INTO article_search(rowid, title_fold, summary_fold, body_fold)
                VALUES (new.seq, new.title_fold, new.summary_fold, new.body_fold);
            END;
            DELETE FROM _sqlite_migrations WHERE name = 'm008_search_insert_in_code';
            """
        )
    conn.close()
    with Store(path) as store:
        collect_once(store, "dak-to-tin", [make_article(2)], now + timedelta(hours=1))
        assert len(store.search("bai viet so")) == 2
    _search_index_is_sound(path)
    with sqlite3.connect(path) as conn:
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    conn.close()
    assert "articles_search_insert" not in triggers


def test_a_store_folded_the_old_way_is_refolded_for_search(
    tmp_path: Path, make_article, collect_once
) -> None:
    path = tmp_path / "old.db"
    name = make_article(1, title="Huyện Ia H’Drai ra quân trồng cây")
    drop_cap = make_article(2, content_html="<p><strong>H</strong>ội nghị bàn về giống cà phê</p>")
    with Store(path) as store:
        collect_once(store, "dak-to-tin", [name, drop_cap])
    # As an older release folded them: the name in two words, the drop cap apart.
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            UPDATE articles SET title_fold = 'huyen ia h''drai ra quan trong cay' WHERE seq = 1;
            UPDATE articles SET body_fold = 'h oi nghi ban ve giong ca phe' WHERE seq = 2;
            DELETE FROM _sqlite_migrations WHERE name = 'm009_search_text_refolded';
            """
        )
    conn.close()
    with Store(path) as store:
        assert [hit.article.url for hit in store.search("hdrai")] == [name.url]
        assert [hit.article.url for hit in store.search("hoi nghi giong")] == [drop_cap.url]
    _search_index_is_sound(path)


def test_two_processes_opening_a_store_to_migrate_migrate_it_once(tmp_path: Path) -> None:
    # `hide` or `status` open the store without the run lock, so a sync and one of them
    # may both find an upgraded release's migrations pending.
    path = tmp_path / "store.db"
    last = migrations._migrations[-1].name
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("PRAGMA journal_mode = wal")
        migrations.apply(Database(conn, execute_plugins=False), stop_before=last)
    conn.close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other process is migrating
    migrations.apply(Database(other, execute_plugins=False))
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with Store(path) as store:
            assert store.health() == []
    finally:
        release.join()
        other.close()
    with sqlite3.connect(path) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    conn.close()
    assert applied == [m.name for m in migrations._migrations]


def _health_as_another_user(path: Path, sender: Connection) -> None:
    """In a child: the store's health read by a user who cannot write its folder."""
    if os.geteuid() == 0:
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    try:
        with Store(path, read_only=True) as store:
            sender.send([h.source_id for h in store.health()])
    except sqlite3.Error as exc:
        sender.send(f"{exc} ({exc.sqlite_errorname})")


NOBODY = 65534


def test_a_reader_that_cannot_write_the_folder_reads_the_store(ok_run, now) -> None:
    # `serve` as www-data, or an operator's `status`, beside the cron job's store: the
    # -shm file SQLite reads WAL through is gone once the last writer closes, and a
    # reader who cannot create it in the folder could not read the store at all.
    with tempfile.TemporaryDirectory() as parent:  # not tmp_path: nobody can walk to it
        folder = Path(parent) / "var"
        path = folder / "store.db"
        with Store(path) as store:
            store.apply(ok_run(), [], now=now)
        assert not Path(f"{path}-shm").exists()
        Path(parent).chmod(0o755)
        folder.chmod(0o555)
        try:
            receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
            child = multiprocessing.get_context("fork").Process(
                target=_health_as_another_user, args=(path, sender)
            )
            child.start()
            got = receiver.recv()
            child.join()
        finally:
            folder.chmod(0o755)
    assert got == ["dak-to-tin"]


def test_a_store_on_a_read_only_mount_is_read_as_it_is(
    tmp_path: Path, ok_run, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite cannot open the -shm file on a read-only mount and says SQLITE_CANTOPEN,
    # which `status` and `search` reported as "not an SQLite database", exit 2.
    path = tmp_path / "store.db"
    with Store(path) as store:
        store.apply(ok_run(), [], now=now)
    real_reader = schema._reader

    def mounted_read_only(uri: str) -> Any:
        if "immutable=1" not in uri:
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorname = "SQLITE_CANTOPEN"  # type: ignore[attr-defined]
            raise error
        return real_reader(uri)

    monkeypatch.setattr(schema, "_reader", mounted_read_only)
    monkeypatch.setattr(os, "statvfs", lambda p: SimpleNamespace(f_flag=os.ST_RDONLY))
    with Store(path, read_only=True) as store:
        assert [h.source_id for h in store.health()] == ["dak-to-tin"]
    # on a writable disk the same error stands: the file is missing or unreadable
    monkeypatch.setattr(os, "statvfs", lambda p: SimpleNamespace(f_flag=0))
    with pytest.raises(sqlite3.OperationalError), Store(path, read_only=True):
        pass


def test_placeholder_dates_stored_before_are_taken_for_no_date(
    tmp_path: Path, make_article, collect_once, now
) -> None:
    # An earlier version stored .NET's year 1 (as "1-01-01…") and PHP's 1970 as dates,
    # and published them; normalizing takes them for no date now, and so does the store.
    path = tmp_path / "store.db"
    with Store(path) as store:
        store.sync_sources([])
        collect_once(store, "dak-to-tin", [make_article(1), make_article(2), make_article(3)])
    conn = sqlite3.connect(path, isolation_level=None)
    stored = {
        "1": ("1-01-01T00:00:00.000000Z", None),
        "2": ("1970-01-01T00:00:00.000000Z", "1970-01-01T07:00:00.000000Z"),
    }
    for n, (published, updated) in stored.items():
        conn.execute(
            "UPDATE articles SET published = ?, updated = ? WHERE url LIKE ?",
            [published, updated, f"%-{n}"],
        )
    conn.execute("UPDATE story_prints SET day = 1")  # where the placeholders filed them
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_placeholder_dates'")
    conn.close()
    with Store(path) as store:
        rows = store._db.execute(
            "SELECT url, published, updated, date_estimated, first_seen FROM articles"
        ).fetchall()
    by_n = {url.rsplit("-", 1)[1]: rest for url, *rest in rows}
    for n in ("1", "2"):
        published, updated, estimated, first_seen = by_n[n]
        assert (published, updated, estimated) == (first_seen, None, 1)
    assert by_n["3"][2] == 0  # a real date stays
    # their prints are filed under the day copies of them are looked for on
    with Store(path) as store:
        days = dict(
            store._db.execute(
                "SELECT a.url, p.day FROM story_prints p JOIN articles a ON a.seq = p.seq"
            ).fetchall()
        )
    for url, day in days.items():
        n = url.rsplit("-", 1)[1]
        if n in stored:
            assert day == day_number(from_text(by_n[n][3])), n


def test_names_written_apart_stored_before_are_found_joined(
    tmp_path: Path, make_article, collect_once
) -> None:
    # An earlier version indexed "Ê-đê" as "e de" only: "ede" did not find it.
    path = tmp_path / "store.db"
    article = make_article(1, title="Lễ hội của người Ê-đê ở Ia H' Drai", content_html="")
    with Store(path) as store:
        store.sync_sources([])
        collect_once(store, "dak-to-tin", [article])
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE articles SET title_fold = 'le hoi cua nguoi e-de o ia h'' drai'")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_search_names_joined'")
    conn.close()
    with Store(path, read_only=True) as store:
        assert store.search("ede") == []  # a reader does not migrate
    with Store(path) as store:
        for query in ("ede", "hdrai", "Ê-đê", "H' Drai"):
            assert [s.article.url for s in store.search(query)] == [article.url], query
