"""A full disk (or any OSError) while publishing: one clear error, no temporary file
left behind, and every published file whole, as it was or as new."""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from syndicate.cli import main
from syndicate.config import Config
from syndicate.errors import SyndicateError
from syndicate.publish import PublishError, parallel, publish
from syndicate.store import Store
from tests.e2e.conftest import demo_config_text
from tests.publish.test_incremental import entries, snapshot


def fail_after(calls: int, real: Callable[..., Any], *, half: bool = False) -> Callable[..., Any]:
    """`real` for the first `calls` calls, then a full disk (after writing half of the
    first piece, as a disk filling up mid-write does, when `half`)."""
    done = 0

    def failing(*args: Any) -> Any:
        nonlocal done
        done += 1
        if done <= calls:
            return real(*args)
        if half:
            fd, pieces = args
            os.write(fd, bytes(pieces[0][: len(pieces[0]) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return failing


def temporaries(out: Path) -> list[Path]:
    return list(out.rglob(".*.tmp"))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_disk_filling_up_while_writing_leaves_the_folder_as_it_was(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    before = snapshot(out)
    # Forked workers inherit the failing writev: their error crosses the pipe.
    monkeypatch.setattr(os, "writev", fail_after(40, os.writev, half=True))
    with pytest.raises(PublishError) as raised:
        publish(config, entries(160), [], out, workers=workers)
    error = raised.value
    assert isinstance(error, SyndicateError) and error.exit_code == 74
    assert error.errno == errno.ENOSPC and error.filename is not None
    assert Path(error.filename).is_relative_to(out.resolve())
    assert str(error) == (
        f"{out}: publishing stopped: No space left on device ({error.filename}); every "
        "published file is whole, old or new; free some space and publish again to bring "
        "them all up to date"
    )
    assert snapshot(out) == before
    assert temporaries(out) == []


def test_a_failure_while_moving_files_into_place_leaves_each_file_whole(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, clean = tmp_path / "public", tmp_path / "clean"
    publish(config, entries(23), [], out)
    publish(config, entries(40), [], clean)
    old, new = snapshot(out), snapshot(clean)
    monkeypatch.setattr(os, "replace", fail_after(20, os.replace))
    with pytest.raises(PublishError, match="No space left on device"):
        publish(config, entries(40), [], out)
    moved = snapshot(out)
    assert moved != old
    for relative, data in moved.items():
        assert data in (old.get(relative), new.get(relative)), relative
    assert temporaries(out) == []
    monkeypatch.undo()
    publish(config, entries(40), [], out)
    assert snapshot(out) == new


def test_a_read_only_folder_is_still_told_apart_by_its_errno(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line turns EACCES, EROFS and the like into a usage error about the
    output folder: the error stays an OSError with the errno it had."""
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS), "somewhere")

    def refuse(*args: Any) -> None:
        raise read_only

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError) as raised:
        publish(config, entries(5), [], tmp_path / "public")
    assert isinstance(raised.value, PublishError)
    assert (raised.value.errno, raised.value.filename) == (errno.EROFS, "somewhere")
    assert "free some space" not in str(raised.value)


def test_the_command_line_reports_a_full_disk_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path = tmp_path / "demo.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:9"), encoding="utf-8")
    Store(tmp_path / "demo.db").close()
    monkeypatch.setattr(os, "writev", fail_after(0, os.writev))
    code = main(["--config", str(config_path), "--quiet", "publish"], standalone_mode=False)
    err = capsys.readouterr().err
    assert code == 74
    assert err.startswith(f"syndicate: {tmp_path / 'public'}: publishing stopped: No space")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert temporaries(tmp_path / "public") == []


def test_publishing_workers_leave_a_ctrl_c_to_the_parent(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A terminal interrupts the whole process group. The parent stops the workers and
    # removes their files; a worker that took the interrupt itself could die half-way
    # through removing them.
    real = parallel.write_pages

    def interrupted(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)  # in a forked worker only: workers=2
        return real(*args)

    monkeypatch.setattr(parallel, "write_pages", interrupted)
    out = tmp_path / "public"
    report = publish(config, entries(160), [], out, workers=2)
    assert any(path.startswith("archive/") for path in report.written)
    assert temporaries(out) == []


def test_a_worker_whose_parent_is_already_gone_stops_at_once() -> None:
    # Killed between the fork and the kernel's being asked to stop the worker with it,
    # the parent would leave it running, holding the run's lock through its file.
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked worker
        try:
            parallel._die_with_parent(os.getppid() + 1_000_000)
            os._exit(0)
        finally:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 1
