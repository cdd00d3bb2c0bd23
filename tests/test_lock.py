"""The run lock: one holder at a time, released even when the holder is killed."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syndicate.errors import LockedError, UsageError, WriteError
from syndicate.lock import run_lock

HOLD = """
import sys, time
from pathlib import Path
from syndicate.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_second_holder_is_refused_at_once(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with run_lock(db):
        started = time.monotonic()
        with pytest.raises(LockedError, match="another sync is running"), run_lock(db):
            pass
        assert time.monotonic() - started < 1
    with run_lock(db):  # released on exit
        pass


def test_lock_dies_with_a_killed_process(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(LockedError, match=f"pid {holder.pid}"), run_lock(db):
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
        with run_lock(db):
            pass
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


@pytest.mark.parametrize("written", [b"", b"99999999999999999999", b"-1", b"\xff\xfe"])
def test_a_lock_held_by_something_else_names_no_dead_pid(tmp_path: Path, written: bytes) -> None:
    # A shell's `flock` holds the lock; the file still says what our last run wrote,
    # the pid of a process long gone (or nothing a pid can be).
    db = tmp_path / "store.db"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()
    lock_file = tmp_path / "store.db.lock"
    lock_file.write_bytes(written or gone.encode())
    fd = os.open(lock_file, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(LockedError) as raised, run_lock(db):
            pass
    finally:
        os.close(fd)
    assert "held by another process" in str(raised.value)
    assert "pid" not in str(raised.value)


def test_a_store_reached_through_a_symlink_is_the_same_store(tmp_path: Path) -> None:
    # `--db var/current.db` (a link) and the config's var/kontum.db are one store: two
    # runs must not write and publish it at once.
    (tmp_path / "var").mkdir()
    real = tmp_path / "var" / "kontum.db"
    real.touch()
    link = tmp_path / "current.db"
    link.symlink_to(real)
    with run_lock(real), pytest.raises(LockedError), run_lock(link):
        pass


def test_a_file_system_without_locks_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NFS without its lock daemon, or a FUSE mount, refuses flock itself: not another
    # run holding the lock, and not a crash with a traceback either.
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    db = tmp_path / "store.db"
    with pytest.raises(UsageError, match="cannot lock") as caught, run_lock(db):
        pass
    assert str(db) in str(caught.value)
    assert os.strerror(errno.ENOLCK) in str(caught.value)


def test_a_full_disk_that_cannot_take_the_pid_leaves_the_lock_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new lock file on a full disk: writing the pid failed with a traceback, exit 1,
    # which cron and the systemd unit take for "some sources failed".
    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    db = tmp_path / "store.db"
    with run_lock(db), pytest.raises(LockedError), run_lock(db):
        pass


@pytest.mark.parametrize("error", [errno.EROFS, errno.ENOSPC])
def test_a_disk_that_cannot_take_the_lock_file_is_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    # A store on a read-only mount is the disk's doing (exit 74), not a config mistake.
    real_open = os.open

    def refused(path: str, *args: int) -> int:
        if str(path).endswith(".lock"):
            raise OSError(error, os.strerror(error))
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", refused)
    with (
        pytest.raises(WriteError, match="cannot create the lock file"),
        run_lock(tmp_path / "store.db"),
    ):
        pass


def test_a_store_path_that_is_a_folder_is_refused_without_a_lock_file(tmp_path: Path) -> None:
    # `--db /tmp` left a "/tmp.lock" behind before saying it was no store.
    folder = tmp_path / "store"
    folder.mkdir()
    with pytest.raises(UsageError, match="is a folder, not a store file"), run_lock(folder):
        pass
    assert not (tmp_path / "store.lock").exists()
