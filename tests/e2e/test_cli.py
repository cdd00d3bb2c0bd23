"""The operator's commands over the synced sample province: check, search, hide, publish
(and the WebSub hub it pings)."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import uvicorn

from syndicate.cli import main
from syndicate.config import load_config
from syndicate.demo import new_article
from syndicate.lock import run_lock
from syndicate.report import configure_logging
from syndicate.store import Store
from tests.e2e.conftest import Demo
from tests.fakehub import FakeHub

Capsys = pytest.CaptureFixture[str]


def test_check_shows_fields_and_stores_nothing(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("check", "dak-to-tin-tuc", "--limit", "3", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"] == "dak-to-tin-tuc"
    assert len(report["articles"]) == 3
    for article in report["articles"]:
        assert article["title"] and article["published"] and article["content_html"]
        assert article["missing"] == [] or set(article["missing"]) <= {"organisation"}
    assert not demo.db.exists()
    assert demo.run("check", "kon-tum-tin-tuc", "--limit", "2") == 0  # automatic mode
    text = capsys.readouterr().out
    assert "title:" in text and "missing:" in text


@pytest.mark.parametrize("query", ["hoi nghi dak to", "Hội nghị Đăk Tô", "HOI NGHI DAK TO"])
def test_search_with_or_without_diacritics(demo: Demo, capsys: Capsys, query: str) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", query, "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["district"] == "dak-to"
    assert hits[0]["title"] == "Hội nghị triển khai nhiệm vụ năm 2025"
    assert demo.run("search", query, "--district", "dak-glei", "--json") == 0
    assert all(h["district"] == "dak-glei" for h in json.loads(capsys.readouterr().out))


def test_a_limit_below_one_is_a_usage_error(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("collect") == 0
    asked = len(demo.server.requests)
    # A search with --limit -1 or 0 answered "0 found" however many articles matched.
    for limit in ("0", "-1"):
        assert demo.run("search", "hoi nghi", "--limit", limit) == 2
        assert demo.run("check", "dak-to-tin-tuc", "--limit", limit) == 2
    assert "Invalid value for '--limit'" in capsys.readouterr().err
    assert len(demo.server.requests) == asked
    # nor past what SQLite's integers hold: it was a traceback
    assert demo.run("search", "hoi nghi", "--limit", "99999999999999999999") == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--limit'" in err and "Traceback" not in err


def test_search_syntax_characters_are_text(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    for query in ['"hội', "nghị*", "NEAR(hội", "-dak", "tô:", "a AND OR NOT"]:
        assert demo.run("search", "--", query) == 0, query


def test_hidden_article_leaves_every_feed_and_never_comes_back(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["title"] in (demo.out / "province.atom").read_text(encoding="utf-8")
    assert demo.run("hide", hit["id"], "--reason", "bài đã bị gỡ") == 0
    assert demo.run("publish") == 0
    assert demo.run("sync", "--force") == 0
    for path in demo.out.rglob("*.atom"):
        assert hit["title"] not in path.read_text(encoding="utf-8"), path
    assert demo.run("hide", "no-such-article", "--reason", "x") == 2


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_blank_reason_hides_nothing(demo: Demo, capsys: Capsys, reason: str) -> None:
    """The reason is what an operator later reads to learn why an article is gone."""
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert demo.run("hide", hit["id"], "--reason", reason) == 2
    assert "--reason" in capsys.readouterr().err
    assert demo.run("show", hit["id"], "--json") == 0
    assert json.loads(capsys.readouterr().out)["state"] == "published"


def test_publish_exits_75_while_a_sync_holds_the_lock(demo: Demo) -> None:
    assert demo.run("collect") == 0
    with run_lock(demo.db):
        assert demo.run("publish") == 75
    assert not demo.out.exists() or not any(demo.out.iterdir())
    assert demo.run("publish") == 0
    assert (demo.out / "province.atom").is_file()


def test_a_fresh_machine_gets_answers_and_no_files(demo: Demo, capsys: Capsys) -> None:
    """Before the first sync, commands that read the store say there is none (exit 2)
    and status lists the configured sources as never tried; none leaves a file."""
    before = set(demo.folder.rglob("*"))
    assert demo.run("status", "--json") == 0
    health = json.loads(capsys.readouterr().out)
    assert [h["source_id"] for h in health] == sorted(s.id for s in demo.config.sources)
    assert {h["articles"] for h in health} == {0}
    assert {h["last_success"] for h in health} == {None}
    for args in (
        ["search", "hoi nghi"],
        ["show", "0123456789abcdef"],
        ["hide", "0123456789abcdef", "--reason", "x"],
        ["unhide", "0123456789abcdef"],
        ["publish"],
    ):
        assert demo.run(*args) == 2, args
        assert capsys.readouterr().err == (
            f"syndicate: {demo.db}: no store yet; run `syndicate sync` first "
            "(or check --db or [storage] database)\n"
        )
    assert set(demo.folder.rglob("*")) == before


def read_only_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores opened from now on refuse every write, as one belonging to another user
    (the cron job's) does."""
    stores_opened_with(monkeypatch, "PRAGMA query_only = ON")


def stores_opened_with(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
    from syndicate.store import schema

    def open_with_pragma(path: object) -> object:
        db = open_database(path)
        db.execute(pragma)
        return db

    open_database = schema.open_database
    monkeypatch.setattr("syndicate.store.open_database", open_with_pragma)


@pytest.mark.parametrize("command", ["collect", "sync", "hide", "unhide"])
def test_a_store_that_cannot_be_written_is_a_usage_error(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    assert demo.run("collect") == 0
    capsys.readouterr()
    assert demo.run("search", "hoi nghi", "--json") == 0
    article_id = json.loads(capsys.readouterr().out)[0]["id"]
    args = {"hide": [article_id, "--reason", "x"], "unhide": [article_id]}.get(command, [])
    read_only_stores(monkeypatch)
    assert demo.run(command, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {demo.db}: cannot write the store (attempt to write"), err
    assert "Traceback" not in err


def test_a_store_on_a_read_only_mount_exits_74(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Remounted read-only after disk errors: a fault for cron to report, as a full disk.
    assert demo.run("collect") == 0
    read_only_stores(monkeypatch)
    monkeypatch.setattr(os, "statvfs", lambda path: SimpleNamespace(f_flag=os.ST_RDONLY))
    capsys.readouterr()
    assert demo.run("collect") == 74
    assert capsys.readouterr().err == (
        f"syndicate: {demo.db}: cannot write the store (attempt to write a readonly "
        "database): its file system is read-only\n"
    )


@pytest.fixture
def a_mount(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own, which a test may remount read-only (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root")
    mount = tmp_path / "mnt"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)]).returncode:
        pytest.skip("no tmpfs can be mounted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)  # lazily, if still busy


@pytest.mark.parametrize("command", [["hide", "x", "--reason", "r"], ["unhide", "x"]])
def test_hide_on_a_store_remounted_read_only_exits_74(
    a_mount: Path, command: list[str], capsys: Capsys
) -> None:
    # A store in WAL mode cannot even be opened to write there: that said "cannot be
    # opened as an SQLite database; check --db", exit 2, for a disk fault.
    db = a_mount / "kontum.db"
    with Store(db):
        pass  # as a first sync leaves it
    subprocess.run(["mount", "-o", "remount,ro", str(a_mount)], check=True)
    config = Path(__file__).parents[2] / "config" / "demo.toml"
    assert main(["--config", str(config), "--db", str(db), *command], standalone_mode=False) == 74
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {db}: cannot write the store (") and err.endswith(
        "its file system is read-only\n"
    ), err


def test_status_reads_a_store_it_cannot_write(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator or a monitoring check may read the cron job's store without the right
    to write it; a source added to the config since the last sync is listed too."""
    assert demo.run("sync") == 0
    text = demo.config_path.read_text(encoding="utf-8")
    start = text.index('[[sources]]\nid = "ngoc-hoi-rss"')
    source = text[start : text.index("[[sources]]", start + 1)]
    demo.config_path.write_text(text + source.replace("ngoc-hoi-rss", "ngoc-hoi-moi"))
    read_only_stores(monkeypatch)
    capsys.readouterr()
    assert demo.run("status", "--json") == 0
    health = {h["source_id"]: h for h in json.loads(capsys.readouterr().out)}
    assert set(health) == {s.id for s in demo.config.sources}
    assert health["ngoc-hoi-rss"]["articles"] > 0
    assert health["ngoc-hoi-moi"]["articles"] == 0
    assert health["ngoc-hoi-moi"]["district"] == "ngoc-hoi"
    assert next(iter(health)) == "ngoc-hoi-moi"  # never succeeded: the oldest success
    assert demo.run("status") == 0


@pytest.mark.parametrize("command", ["publish", "sync"])
@pytest.mark.parametrize("where", ["--out inside a file", "[storage] output a file"])
def test_an_output_folder_that_cannot_be_one_is_a_usage_error(
    demo: Demo, capsys: Capsys, command: str, where: str
) -> None:
    assert demo.run("collect") == 0
    capsys.readouterr()
    plain_file = demo.folder / "plain-file"
    plain_file.write_text("x", encoding="utf-8")
    if where == "--out inside a file":
        out, args = plain_file / "public", ["--out", str(plain_file / "public")]
    else:  # click checks --out, but nothing checks the config's output before writing
        text = demo.config_path.read_text(encoding="utf-8")
        demo.config_path.write_text(text.replace('output = "public"', 'output = "plain-file"'))
        out, args = plain_file, []
    assert demo.run(command, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {out}: cannot publish there ("), err
    assert err.endswith("; check --out or [storage] output\n"), err
    assert plain_file.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("command", ["collect", "sync"])
def test_a_metrics_file_under_a_file_is_a_usage_error_before_collecting(
    demo: Demo, capsys: Capsys, command: str
) -> None:
    plain_file = demo.folder / "plain-file"
    plain_file.write_text("x", encoding="utf-8")
    metrics = plain_file / "syndicate.prom"
    assert demo.run(command, "--metrics-file", str(metrics)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {metrics}: cannot write the metrics file ("), err
    assert "Traceback" not in err
    assert demo.server.requests == []


@pytest.mark.parametrize("command", ["collect", "sync"])
def test_an_unknown_only_is_a_usage_error_before_the_lock(
    demo: Demo, capsys: Capsys, command: str
) -> None:
    before = set(demo.folder.rglob("*"))
    assert demo.run(command, "--only", "dak-to-tin-tuc", "--only", "no-such-source") == 2
    assert "unknown source id: no-such-source" in capsys.readouterr().err
    assert set(demo.folder.rglob("*")) == before, "no store and no lock file"
    with run_lock(demo.db):  # another run holds it: still the typo's exit code
        assert demo.run(command, "--only", "no-such-source") == 2
    assert demo.server.requests == []


@pytest.mark.parametrize("command", ["publish", "sync", "serve"])
def test_an_output_folder_holding_the_store_is_a_usage_error(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`serve` would hand the store out, withdrawn articles and all."""
    monkeypatch.setattr(uvicorn.Server, "run", lambda *args, **kwargs: pytest.fail("served"))
    assert demo.run("collect") == 0
    capsys.readouterr()
    asked = len(demo.server.requests)
    assert demo.run(command, "--out", str(demo.folder)) == 2
    assert capsys.readouterr().err == (
        f"syndicate: {demo.folder}: holds the store {demo.db}, which would be served "
        "to everyone; choose another --out or --db\n"
    )
    assert not (demo.folder / "province.atom").exists()
    assert len(demo.server.requests) == asked


def interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_an_interrupted_command_exits_130(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    assert demo.run("collect") == 0
    monkeypatch.setattr("syndicate.cli._publish", interrupt)
    assert demo.run("publish") == 130


def with_hub(demo: Demo, hub_url: str) -> None:
    text = demo.config_path.read_text(encoding="utf-8")
    text = text.replace("[publish]\n", f'[publish]\nwebsub_hub = "{hub_url}"\n', 1)
    demo.config_path.write_text(text, encoding="utf-8")


def current_feeds(demo: Demo, carrying: str = "") -> set[str]:
    """Published URLs of the current (not archive) feed files, in every format; with
    `carrying`, only those whose text contains it."""
    base = demo.config.province.base_url
    return {
        base + path.relative_to(demo.out).as_posix()
        for path in demo.out.rglob("*")
        if path.suffix in (".rss", ".atom", ".json")
        and not path.relative_to(demo.out).as_posix().startswith("archive/")
        and carrying in path.read_text(encoding="utf-8")
    }


def test_the_hub_hears_of_every_rewritten_feed_and_no_other(demo: Demo) -> None:
    with FakeHub() as hub:
        with_hub(demo, hub.url)
        assert demo.run("sync") == 0
        first = current_feeds(demo)
        assert {"province.atom", "province.rss", "province.json"} <= {
            url.rsplit("/", 1)[1] for url in first
        }
        assert sorted(hub.pinged) == sorted(first)  # each one once

        hub.requests.clear()
        assert demo.run("publish") == 0
        assert demo.run("sync") == 0
        assert hub.pinged == []  # nothing changed, nothing to tell

        title = "Đăk Glei khai trương chợ phiên vùng cao"
        fresh = new_article(
            "dakglei-new",
            "dak-glei-tin",
            title,
            ["Chợ phiên đầu tiên đã mở cửa."],
            "20/06/2025 07:30",
        )
        demo.server.set_site(demo.server.site.with_article(fresh))
        assert demo.run("sync") == 0
        carrying = current_feeds(demo, carrying=title)
        assert f"{demo.config.province.base_url}districts/dak-glei.atom" in carrying
        assert sorted(hub.pinged) == sorted(carrying)
        assert len(carrying) < len(first)


@pytest.mark.parametrize("trouble", ["refuses", "is down"])
def test_hub_trouble_is_logged_once_and_the_exit_code_stays(
    demo: Demo, capsys: Capsys, trouble: str
) -> None:
    argv = ["--config", str(demo.config_path), "sync"]
    with FakeHub() as hub:
        hub.status = 500
        with_hub(demo, hub.url)
        if trouble == "refuses":
            assert main(argv, standalone_mode=False) == 0
    if trouble == "is down":  # stopped: its port refuses connections
        assert main(argv, standalone_mode=False) == 0
    err = capsys.readouterr().err
    assert err.count(f"WebSub hub {hub.url}: ") == 1, err
    assert (demo.out / "province.atom").is_file()


@pytest.mark.parametrize("command", ["status", "collect", "publish", "sync", "search"])
def test_a_db_that_is_not_sqlite_is_a_usage_error(demo: Demo, capsys: Capsys, command: str) -> None:
    notes = demo.folder / "notes.txt"
    notes.write_text("not a store\n" * 100, encoding="utf-8")
    args = [command, "hoi nghi"] if command == "search" else [command]
    assert demo.run("--db", str(notes), *args) == 2
    assert capsys.readouterr().err == (
        f"syndicate: {notes}: not an SQLite database (file is not a database); "
        "check --db or [storage] database\n"
    )
    assert notes.read_text(encoding="utf-8") == "not a store\n" * 100
    assert demo.server.requests == []  # stopped before fetching anything


def test_a_db_that_is_a_folder_is_a_usage_error(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("--db", str(demo.folder), "status") == 2
    assert f"syndicate: {demo.folder}: cannot be opened as an SQLite database" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("command", ["status", "collect", "publish"])
def test_a_db_inside_a_file_is_a_usage_error(demo: Demo, capsys: Capsys, command: str) -> None:
    not_a_folder = demo.folder / "plain-file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert demo.run("--db", str(not_a_folder / "store.db"), command) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {not_a_folder / 'store.db'}: ")
    assert "Traceback" not in err


def test_json_logs_keep_stderr_one_json_object_per_line(demo: Demo, capsys: Capsys) -> None:
    from tests.e2e.test_faults import source_path

    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "500"
    assert demo.run("--log-format", "json", "collect") == 1
    lines = capsys.readouterr().err.splitlines()
    entries = [json.loads(line) for line in lines]
    failure = next(e for e in entries if e.get("source") == "ngoc-hoi-rss")
    assert failure["level"] == "error"
    assert failure["error_kind"] == "http-status"
    assert "HTTP 500" in failure["message"]


def test_json_logs_get_no_progress_bar_even_on_a_terminal(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    code = main(
        ["--config", str(demo.config_path), "--log-format", "json", "collect"],
        standalone_mode=False,
    )
    assert code == 0
    captured = capsys.readouterr()
    for line in captured.err.splitlines():
        assert isinstance(json.loads(line), dict)
    # the run's summary too, on stdout as the command's output, with its figures apart
    (summary,) = [json.loads(line) for line in captured.out.splitlines()]
    assert summary["level"] == "info"
    assert summary["message"].startswith("sources: 12 ok, 0 failed;")
    assert (summary["sources_ok"], summary["sources_failed"]) == (12, 0)
    assert summary["articles_new"] > 0 and summary["requests"] >= summary["not_modified"]


@pytest.mark.parametrize(("option", "day"), [("--until", "9999-12-31"), ("--since", "0001-01-01")])
def test_a_search_day_beyond_every_zone_is_a_usage_error(
    demo: Demo, capsys: Capsys, option: str, day: str
) -> None:
    # Moved into the province's zone or a day on, it overflowed: a traceback, exit 1.
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "hoi nghi", option, day) == 2
    err = capsys.readouterr().err
    assert f"Invalid value for {option}: a day from 1900-01-01 to 9999-12-30" in err
    assert "Traceback" not in err


def test_verbose_logs_every_source(demo: Demo, capsys: Capsys) -> None:
    # As --help says: a source that went well was never mentioned, and an unchanged run
    # printed nothing at all.
    argv = ["--config", str(demo.config_path), "-v", "--log-format", "json", "collect"]
    for _ in range(2):  # the first run, then an unchanged one
        capsys.readouterr()
        assert main(argv, standalone_mode=False) == 0
        logged = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        sources = {r["source"] for r in logged if r["message"].startswith(r.get("source", "?"))}
        assert sources == {s.id for s in load_config(demo.config_path).sources}


def test_search_until_includes_the_day_named(demo: Demo, capsys: Capsys) -> None:
    # Published 05/03/2025 14:30 in the province's time zone.
    title = "Hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia"
    assert demo.run("sync") == 0
    capsys.readouterr()
    day = ["--since", "2025-03-05", "--until", "2025-03-05"]
    assert demo.run("search", "hồ sơ trực tuyến", *day, "--json") == 0
    assert [h["title"] for h in json.loads(capsys.readouterr().out)] == [title]
    assert demo.run("search", "hồ sơ trực tuyến", "--until", "2025-03-04", "--json") == 0
    assert title not in [h["title"] for h in json.loads(capsys.readouterr().out)]


def test_json_logs_report_a_config_error_as_json(demo: Demo, capsys: Capsys) -> None:
    missing = str(demo.folder / "missing.toml")
    assert main(["--config", missing, "--log-format", "json", "status"], standalone_mode=False) == 2
    (entry,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert entry["level"] == "error"
    assert "missing.toml" in entry["message"]


def test_json_logs_keep_the_notes_of_status_and_search_json(demo: Demo, capsys: Capsys) -> None:
    """The lines telling there is no store yet and how many articles were found are on
    stderr too, where a JSON log's shipper reads one object a line."""

    def json_run(*args: str) -> int:
        argv = ["--config", str(demo.config_path), "--log-format", "json", *args]
        return main(argv, standalone_mode=False)

    assert json_run("status") == 0
    assert json_run("sync") == 0
    assert json_run("search", "hoi nghi") == 0
    entries = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(e["level"], e["message"]) for e in entries] == [
        ("info", f"no store yet at {demo.db}"),
        ("info", "20 shown, the best; --limit shows more"),
    ]
    # fewer than the limit, or as many: all there are
    assert json_run("search", "hoi nghi", "--limit", "1000") == 0
    (entry,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    count = int(entry["message"].removesuffix(" found"))
    assert 20 < count < 1000
    assert json_run("search", "hoi nghi", "--limit", str(count)) == 0
    (entry,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert entry["message"] == f"{count} found"


def test_json_logs_report_usage_errors_and_interruptions_as_json(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    def json_run(*args: str) -> int:
        argv = ["--config", str(demo.config_path), "--log-format", "json", *args]
        return main(argv, standalone_mode=False)

    assert json_run("collect", "--only", "no-such-source") == 2
    assert json_run("search", "hoi", "--limit", "0") == 2
    monkeypatch.setattr("syndicate.cli._run_collect", interrupt)
    assert json_run("collect") == 130
    entries = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(e["level"], e["error"]) for e in entries] == [
        ("error", "UsageError"),
        ("error", "BadParameter"),
        ("error", "Abort"),
    ]
    assert entries[0]["message"] == "unknown source id: no-such-source"
    assert "'--limit'" in entries[1]["message"]
    assert entries[2]["message"] == "interrupted"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--log-format", "json", "no-such-command"], "NoSuchCommand"),
        (["--log-format=json", "status", "--no-such-option"], "NoSuchOption"),
    ],
)
def test_json_logs_report_what_click_refuses_before_reading_them(
    capsys: Capsys, argv: list[str], error: str
) -> None:
    # An unknown command is refused before the options are taken: it was click's plain
    # usage text, among JSON lines.
    configure_logging(quiet=False, verbose=False, fmt="text")
    assert main(argv, standalone_mode=False) == 2
    (entry,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert (entry["level"], entry["error"]) == ("error", error)


def test_show_tells_an_articles_history_and_state(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    site_article = next(
        a for a in demo.server.site.listed(hit_source(demo, hit["id"])) if a.title == hit["title"]
    )
    demo.server.set_site(demo.server.site.edited(site_article.id, title="Lễ mừng lúa mới (đã sửa)"))
    assert demo.run("sync") == 0
    capsys.readouterr()

    assert demo.run("show", hit["id"], "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["id"], shown["state"], shown["title"]) == (
        hit["id"],
        "published",
        "Lễ mừng lúa mới (đã sửa)",
    )
    [version] = shown["versions"]
    assert (version["title"], version["changed"]) == (hit["title"], ["title"])
    assert version["replaced"] == shown["last_updated"]
    # The id a feed reader sees finds the same article.
    assert shown["entry_id"] in (demo.out / "province.atom").read_text(encoding="utf-8")
    assert demo.run("show", shown["entry_id"], "--json") == 0
    assert json.loads(capsys.readouterr().out)["id"] == hit["id"]

    assert demo.run("hide", hit["id"], "--reason", "bài đã bị gỡ") == 0
    assert demo.run("show", hit["id"]) == 0
    text = capsys.readouterr().out
    assert "state:        withdrawn " in text and text.rstrip().count("\n") > 10
    assert "bài đã bị gỡ" in text and f"it read: {hit['title']}" in text
    assert demo.run("show", "no-such-article") == 2


def hit_source(demo: Demo, article_id: str) -> str:
    """The demo source that lists a stored article."""
    with sqlite3.connect(demo.db) as conn:
        (source,) = conn.execute(
            "SELECT source_id FROM articles WHERE id = ?", [article_id]
        ).fetchone()
    conn.close()
    return str(source)


def test_show_tells_a_merged_copy_of_a_hidden_story_is_out_of_the_feeds(
    demo: Demo, capsys: Capsys
) -> None:
    assert demo.run("sync") == 0
    with sqlite3.connect(demo.db) as conn:
        copy, story = conn.execute(
            "SELECT id, canonical_of FROM articles WHERE canonical_of IS NOT NULL LIMIT 1"
        ).fetchone()
    assert demo.run("hide", story, "--reason", "tin sai") == 0
    capsys.readouterr()
    assert demo.run("show", copy, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["state"], shown["story_withdrawn"]["reason"]) == ("withdrawn", "tin sai")
    assert demo.run("show", copy) == 0
    assert f"state:        merged into {story}, withdrawn " in capsys.readouterr().out


def test_a_hidden_article_comes_back_with_unhide(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    before = (demo.out / "province.atom").read_text(encoding="utf-8")
    # The entry id a feed reader sees names the article as well as its id does.
    entry_id = next(
        line.strip()[len("<id>") : -len("</id>")]
        for line in before.splitlines()
        if line.strip().startswith("<id>") and line.strip().endswith(f"{hit['id']}</id>")
    )
    assert demo.run("hide", entry_id, "--reason", "nhầm bài") == 0
    assert demo.run("publish") == 0
    assert hit["title"] not in (demo.out / "province.atom").read_text(encoding="utf-8")
    capsys.readouterr()

    assert demo.run("unhide", entry_id) == 0
    assert demo.run("publish") == 0
    after = (demo.out / "province.atom").read_text(encoding="utf-8")
    assert hit["title"] in after and f"{entry_id}</id>" in after
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == hit["id"]

    assert demo.run("unhide", hit["id"]) == 0  # not hidden: nothing to do
    capsys.readouterr()
    # the publication to run next is told as this command was given its config
    argv = ["--config", str(demo.config_path), "hide", hit["id"], "--reason", "nhầm bài"]
    assert main(argv, standalone_mode=False) == 0  # not quiet
    told = f"run `syndicate --config {demo.config_path} publish` to update feeds"
    assert told in capsys.readouterr().out
    assert demo.run("unhide", "no-such-article") == 2


def test_a_terminal_that_cannot_show_vietnamese_gets_escapes_not_a_traceback(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo.run("sync") == 0
    # A Latin-1 terminal (LANG=en_US.ISO-8859-1): Python encodes stdout strictly.
    latin1 = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", latin1)
    assert demo.run("search", "hoi nghi dak to", "--limit", "1") == 0
    latin1.flush()
    shown = latin1.buffer.getvalue().decode("latin-1")  # type: ignore[attr-defined]
    assert "Hội nghị".encode("ascii", "backslashreplace").decode() in shown


@pytest.mark.parametrize(
    ("error", "code", "told"),
    [
        # node_exporter's folder made read-only for us after the run began: a usage error
        (errno.EACCES, 2, "(Permission denied: "),
        # a full disk: a fault for cron to report (EX_IOERR)
        (errno.ENOSPC, 74, "(No space left on device); the next run writes it again"),
    ],
)
def test_a_metrics_file_that_cannot_be_written_still_lets_sync_publish(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, error: int, code: int, told: str
) -> None:
    # The feeds are what readers wait for, and every cron run would skip them.
    def refuse(path: object, *args: object) -> None:
        raise OSError(error, os.strerror(error), str(path))

    monkeypatch.setattr("syndicate.cli.write_metrics", refuse)
    metrics = demo.folder / "syndicate.prom"
    assert demo.run("sync", "--metrics-file", str(metrics)) == code
    assert (demo.out / "province.atom").is_file()
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {metrics}: cannot write the metrics file {told}"), err


def test_a_metrics_file_that_is_a_folder_still_lets_sync_publish(
    demo: Demo, capsys: Capsys
) -> None:
    # Refused by the option's type before anything ran, a cron line with this typo
    # never collected or published.
    folder = demo.folder / "metrics"
    folder.mkdir()
    assert demo.run("sync", "--metrics-file", str(folder)) == 2
    assert (demo.out / "province.atom").is_file()
    err = capsys.readouterr().err
    # The path typed, not the temporary file beside it that was tried ("metrics.123.456")
    assert (
        err
        == f"syndicate: {folder}: cannot write the metrics file (it is a folder); check --metrics-file\n"
    )


def test_a_read_only_mount_under_the_published_folder_exits_74(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file system remounted read-only after errors is a fault for cron to report, as
    # a full disk is (EX_IOERR), not a mistake in the configuration (exit 2).
    assert demo.run("collect") == 0
    capsys.readouterr()

    def read_only(*args: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(args[-1]))

    monkeypatch.setattr(os, "replace", read_only)
    assert demo.run("publish") == 74
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {demo.out}: publishing stopped: Read-only file system")


def test_a_failed_publication_is_the_error_reported_when_metrics_fail_too(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The metrics file is written after a failed publication too; its own failure, a
    # usage error (exit 2), must not stand for the fault that stopped the feeds (74).
    def refuse(path: object, *args: object) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def read_only(*args: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(args[-1]))

    monkeypatch.setattr("syndicate.cli.write_metrics", refuse)
    monkeypatch.setattr(os, "replace", read_only)
    metrics = demo.folder / "syndicate.prom"
    assert demo.run("sync", "--metrics-file", str(metrics)) == 74
    err = capsys.readouterr().err
    assert f"{demo.out}: publishing stopped: Read-only file system" in err
    assert f"{metrics}: cannot write the metrics file (Permission denied: " in err


@pytest.mark.parametrize("command", ["collect", "sync"])
def test_a_full_disk_under_the_store_stops_collecting_with_74(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # Taken for each source's own failure, a full disk put every source into backoff
    # (the small record of the failure often still fits) and exited 1 with a traceback
    # for each. It is the store's fault: the run stops at once, exit 74, one line.
    stores_opened_with(monkeypatch, "PRAGMA max_page_count = 1")  # no room to grow
    assert demo.run(command) == 74
    assert capsys.readouterr().err == (
        f"syndicate: {demo.db}: cannot write the store (database or disk is full); what "
        "was stored before stays, and the next run goes on from there\n"
    )
    monkeypatch.undo()
    assert demo.run("collect") == 0  # no source was held back for the disk
    with Store(demo.db) as store:
        assert not [h for h in store.health() if h.consecutive_failures]


def test_status_opens_a_current_store_read_only(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened to write, the store is migrated without the run lock, and a reader who
    # cannot write its folder (the cron job's store) gets a traceback.
    assert demo.run("sync") == 0

    def no_writing(path: object) -> object:
        raise AssertionError("status opened the store to write it")

    monkeypatch.setattr("syndicate.store.open_database", no_writing)
    capsys.readouterr()
    assert demo.run("status", "--json") == 0
    assert {h["source_id"] for h in json.loads(capsys.readouterr().out)} == {
        s.id for s in demo.config.sources
    }


def test_json_for_a_terminal_that_cannot_show_it_is_still_json(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left to the terminal's own escapes, an emoji in a title read "\U0001f389": no JSON.
    assert demo.run("sync") == 0
    [hit] = json.loads(_stdout_of(demo, monkeypatch, "utf-8", "search", "Đăk Kôi", "--json"))
    with Store(demo.db) as store:
        store._db.execute("UPDATE articles SET title = title || ' 🎉' WHERE id = ?", [hit["id"]])
        store._db.conn.commit()
    shown = _stdout_of(demo, monkeypatch, "latin-1", "search", "Đăk Kôi", "--json")
    [found] = json.loads(shown)
    assert found["title"].endswith(" 🎉") and found["title"].startswith(hit["title"])
    assert "\\\\u" not in shown and "\\U" not in shown


def _stdout_of(demo: Demo, monkeypatch: pytest.MonkeyPatch, encoding: str, *args: str) -> str:
    """What a command prints to a terminal of this charset."""
    terminal = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    monkeypatch.setattr(sys, "stdout", terminal)
    assert demo.run(*args) == 0
    terminal.flush()
    return terminal.buffer.getvalue().decode(encoding)  # type: ignore[attr-defined]


def test_a_sync_with_nothing_new_reads_no_article_to_publish(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo.run("sync") == 0
    province = (demo.out / "province.atom").read_bytes()
    reads: list[bool] = []
    feed_entries = Store.feed_entries

    def counted(self: Store, *args: object, **kwargs: object) -> object:
        reads.append(True)
        return feed_entries(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "feed_entries", counted)
    assert demo.run("sync") == 0
    assert demo.run("publish") == 0
    assert reads == []
    assert (demo.out / "province.atom").read_bytes() == province

    # A source failing changes the front page alone, still without reading an article.
    from tests.e2e.test_faults import source_path

    demo.server.faults[source_path(demo.server, "ngoc-hoi-rss")] = "500"
    assert "HTTP 500" not in (demo.out / "index.html").read_text(encoding="utf-8")
    assert demo.run("sync", "--force") == 1
    assert reads == []
    assert "HTTP 500" in (demo.out / "index.html").read_text(encoding="utf-8")
    assert (demo.out / "province.atom").read_bytes() == province
    demo.server.faults.clear()

    title = "Đăk Tô khánh thành nhà văn hóa thôn mới"
    fresh = new_article(
        "dakto-new", "dak-to-tin-tuc", title, ["Nhà văn hóa đã hoàn thành."], "21/06/2025 08:00"
    )
    demo.server.set_site(demo.server.site.with_article(fresh))
    assert demo.run("sync") == 0
    assert reads == [True]
    assert title in (demo.out / "province.atom").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["collect", "sync"])
def test_a_full_disk_while_the_store_is_made_exits_74(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # Creating or migrating the store (the first run, the first after an upgrade) failed
    # outside the handler of a full disk: a traceback and exit 1, which the systemd
    # unit of the README takes for success.
    from syndicate.store import schema

    migrate = schema._migrate

    def on_a_full_disk(db: object) -> None:
        pages = db.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")  # type: ignore[attr-defined]
        migrate(db)  # type: ignore[arg-type]

    monkeypatch.setattr(schema, "_migrate", on_a_full_disk)
    assert demo.run(command) == 74
    err = capsys.readouterr().err
    assert err.startswith(f"syndicate: {demo.db}: cannot write the store (database or disk is")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def as_before_entry_stamps(db: Path) -> None:
    """The store as the version before entry stamps were kept left it (m013)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TABLE entry_stamps")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_entry_stamps'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.mark.parametrize("command", [["status"], ["search", "hoi nghi"]])
def test_reading_commands_read_a_store_an_upgrade_has_not_migrated_yet(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # After an upgrade and before cron's next sync: what the store lacks only publishing
    # reads, so the cron job's store is read as it is, neither migrated (without the run
    # lock) nor refused for the right to write it.
    assert demo.run("sync") == 0
    as_before_entry_stamps(demo.db)
    before = demo.db.read_bytes()
    read_only_stores(monkeypatch)
    capsys.readouterr()
    assert demo.run(*command) == 0, capsys.readouterr().err
    assert demo.db.read_bytes() == before


def test_a_store_further_behind_says_who_can_migrate_it(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two upgrades behind, it needs migrations reading cannot do without: the reader,
    # who cannot write it, was told to check the file's owner and permissions.
    assert demo.run("sync") == 0
    as_before_entry_stamps(demo.db)
    conn = sqlite3.connect(demo.db, isolation_level=None)
    conn.execute("ALTER TABLE source_health DROP COLUMN retry_after")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_source_retry_after'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    from syndicate.store import schema

    def refused(db: object) -> None:
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorname = "SQLITE_READONLY"  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(schema, "_migrate", refused)  # the cron job's file: not ours
    capsys.readouterr()
    assert demo.run("status") == 2
    err = capsys.readouterr().err
    assert "not migrated to this version yet (m013_source_retry_after, m014_entry_stamps)" in err
    assert "the next sync by its owner migrates it" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_show_reads_a_store_it_cannot_write(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "hoi nghi", "--json") == 0
    article_id = json.loads(capsys.readouterr().out)[0]["id"]
    read_only_stores(monkeypatch)
    for command in (["show", article_id], ["search", "hoi nghi"]):
        assert demo.run(*command) == 0, capsys.readouterr().err


@pytest.mark.parametrize("command", ["publish", "collect"])
def test_a_store_another_process_keeps_locked_is_no_traceback(
    demo: Demo, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # A shell or a VACUUM holds the store's write lock longer than we wait: publishing,
    # which only reads the store but for the stamps it keeps, still publishes; collecting
    # stops with one line and EX_TEMPFAIL, for cron to try again.
    monkeypatch.setattr("syndicate.store.schema.BUSY_TIMEOUT_MS", 200)
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "hoi nghi", "--json") == 0
    article_id = json.loads(capsys.readouterr().out)[0]["id"]
    assert demo.run("hide", article_id, "--reason", "đăng nhầm") == 0  # something to publish
    holder = sqlite3.connect(demo.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = demo.run(command)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if command == "publish":
        assert code == 0
        assert article_id not in (demo.out / "province.atom").read_text(encoding="utf-8")
    else:
        assert code == 75
        assert err.startswith(f"syndicate: {demo.db}: the store is busy"), err


def test_a_ctrl_c_while_the_command_loads_is_one_line_and_130(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first few tenths of a second go to importing: a Ctrl-C then printed a Python
    # traceback and the process died by the signal.
    import builtins

    from syndicate import entry

    real_import = builtins.__import__

    def interrupted(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "syndicate.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
