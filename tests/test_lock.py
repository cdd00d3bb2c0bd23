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

from syndicate.errors import LockedError, UsageError
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
