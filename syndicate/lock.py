"""One sync at a time per store: an advisory lock that dies with its process.

flock is released by the kernel when the holder exits, even on SIGKILL, so a
crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from syndicate.errors import LockedError, UsageError, WriteError


@contextmanager
def run_lock(database: Path) -> Iterator[None]:
    """Hold `<database>.lock` for the duration; LockedError at once if it is taken."""
    # Beside the file itself: a store reached through a symlink is still the one store.
    real = database.resolve()
    path = real.with_name(real.name + ".lock")
    if real.is_dir():  # refused before a lock file is left beside the folder
        raise UsageError(
            f"{database}: is a folder, not a store file; check --db or [storage] database"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # the store's folder is a file, or not ours to write
        if exc.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO):
            # The disk's doing, not the config's: what a write to the store would say.
            raise WriteError(
                f"{database}: cannot create the lock file beside the store ({exc.strerror})"
            ) from None
        raise UsageError(
            f"{database}: cannot create the lock file beside the store ({exc.strerror}); "
            "check --db or [storage] database"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(os.pread(fd, 32, 0))
            raise LockedError(
                f"another sync is running on {database} (or a collect or publish; "
                f"{holder}); exiting"
            ) from None
        except OSError as exc:  # ENOLCK: NFS without its lock daemon, some FUSE mounts
            raise UsageError(
                f"{database}: cannot lock {path} ({exc.strerror}): its file system keeps "
                "no locks; keep the store on a local disk"
            ) from None
        # The pid only tells a second run who holds the lock: a full disk that cannot
        # take it leaves the lock held all the same.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder(written: bytes) -> str:
    """Who holds the lock, as far as the lock file tells: the pid our last run wrote
    there, while that process lives. Something else may hold the lock (a shell's
    `flock`, an operator's backup script), and a pid long dead names no one."""
    text = written.decode(errors="replace").strip()
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
        return "held by another process"
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return "held by another process"
    except PermissionError:
        pass  # alive, under another user
    return f"pid {text}"
