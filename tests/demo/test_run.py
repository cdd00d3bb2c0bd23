"""`make demo`: the runner serves the sample where the config points and runs `sync`."""

from __future__ import annotations

import shlex
import socket
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

import syndicate.cli
from syndicate.config import load_config
from syndicate.demo import run
from syndicate.errors import ConfigError

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo.toml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def config_copy(tmp_path: Path, port: int) -> Path:
    """demo.toml on another port, its store and output inside tmp_path."""
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "demo.toml"
    path.write_text(
        DEMO.read_text(encoding="utf-8").replace(":8719/", f":{port}/"), encoding="utf-8"
    )
    return path


def test_demo_address_is_the_one_all_sources_share() -> None:
    assert run.demo_address(load_config(DEMO)) == ("127.0.0.1", 8719)


def test_sources_on_several_ports_are_refused(tmp_path: Path) -> None:
    path = config_copy(tmp_path, 8719)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(":8719/tinh/", ":8720/tinh/"), encoding="utf-8")
    with pytest.raises(ConfigError, match="share one host and port"):
        run.demo_address(load_config(path))


def test_describe_output(tmp_path: Path) -> None:
    (tmp_path / "districts").mkdir()
    (tmp_path / "districts" / "dak-to.rss").write_text("x")
    (tmp_path / "index.html").write_text("x")
    (tmp_path / ".publish-manifest").write_text("{}")  # the publisher's, not a feed
    lines = run.describe_output(tmp_path)
    assert lines[0] == f"Feeds published in {tmp_path.resolve()} (2 files):"
    assert lines[1:] == ["  index.html", "  districts/ (1 files)"]
    assert run.describe_output(tmp_path / "missing") == [
        f"Nothing was published to {tmp_path / 'missing'}."
    ]


def test_main_serves_the_sample_while_sync_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    path = config_copy(tmp_path, port)
    seen: list[int] = []

    def fake_cli(argv: Sequence[str], *, standalone_mode: bool = True) -> int:
        # --force: a sync run by hand while no demo served left every source in backoff;
        # --db: the demo's store, never one SYNDICATE_DB names
        store = str(load_config(path).storage.database)
        assert list(argv) == ["--config", str(path), "--db", store, "sync", "--force"]
        assert not standalone_mode
        seen.append(httpx.get(f"http://127.0.0.1:{port}/tinh/rss/tin-tuc-su-kien.rss").status_code)
        (tmp_path / "public").mkdir()
        (tmp_path / "public" / "index.html").write_text("x")
        return 1

    monkeypatch.setattr(syndicate.cli, "main", fake_cli)
    assert run.main(["--config", str(path)]) == 1  # the sync's exit code
    assert seen == [200]
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/" in out and "index.html" in out
    with pytest.raises(httpx.ConnectError):  # stopped afterwards
        httpx.get(f"http://127.0.0.1:{port}/robots.txt")


@pytest.mark.parametrize("installed", [True, False])
def test_main_names_a_command_that_runs_outside_the_virtual_environment(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    installed: bool,
) -> None:
    # `make demo` installs syndicate in .venv, which is not on the PATH.
    bin_folder = tmp_path / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    if installed:
        (bin_folder / "syndicate").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(bin_folder / "python"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(syndicate.cli, "main", lambda argv, *, standalone_mode=True: 0)
    path = config_copy(tmp_path, free_port())
    assert run.main(["--config", str(path)]) == 0
    hint = capsys.readouterr().out.splitlines()[-1]
    command = ".venv/bin/syndicate" if installed else f"{bin_folder / 'python'} -m syndicate"
    assert hint.startswith(f"Serve them with: {command} --config {path} serve")


def test_main_reports_a_busy_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        path = config_copy(tmp_path, busy.getsockname()[1])
        assert run.main(["--config", str(path)]) == 1
    assert "another demo running" in capsys.readouterr().err


def test_main_reports_a_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--config", str(tmp_path / "nope.toml")]) == 2
    assert "file not found" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real `sync` over the whole sample: every source collected, feeds published."""
    path = config_copy(tmp_path, free_port())
    assert run.main(["--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "public" / "index.html").is_file()
    assert "Feeds published in" in out


@pytest.mark.slow
def test_the_demo_collects_after_a_sync_run_while_it_was_not_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sync by hand with no demo serving puts every source in backoff; the demo then
    # collected nothing and published what it had.
    path = config_copy(tmp_path, free_port())
    assert (
        syndicate.cli.main(["--config", str(path), "--quiet", "sync"], standalone_mode=False) == 1
    )
    capsys.readouterr()
    assert run.main(["--config", str(path)]) == 0
    assert "0 failed" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "var" / "demo.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 50
    conn.close()


def test_the_site_alone_is_served_until_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    path = config_copy(tmp_path, port)
    seen: list[int] = []

    def interrupted() -> None:
        seen.append(httpx.get(f"http://127.0.0.1:{port}/tinh/rss/tin-tuc-su-kien.rss").status_code)
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "wait_forever", interrupted)
    monkeypatch.setattr(syndicate.cli, "main", lambda *a, **k: pytest.fail("no sync"))
    assert run.main(["--config", str(path), "--site-only"]) == 0
    assert seen == [200]
    assert "sync (or check) meanwhile; Ctrl-C stops." in capsys.readouterr().out


def test_the_hint_quotes_a_config_path_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Cấu hình demo"
    folder.mkdir()
    path = config_copy(folder, free_port())
    monkeypatch.setattr(run, "wait_forever", lambda: None)
    assert run.main(["--config", str(path), "--site-only"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Run "))
    words = shlex.split(line.removeprefix("Run ").split(" sync (or check)")[0])
    assert words[words.index("--config") + 1] == str(path)
