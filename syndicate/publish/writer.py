"""Write published files atomically and only when their bytes change (the I/O edge).

An unchanged file is left alone, bytes and mtime, so pollers' ETag and Last-Modified
stay stable. A changed file is written to a temporary file in the same folder,
flushed to disk, then moved over the old one with `os.replace`, so a reader sees the
old file or the new one, never half of one. Which archive pages to write at all,
`publish` decides for itself (see `manifest.page_digest`).

A first publication writes gigabytes in thousands of files. A file arrives at
`FileWriter` as a list of pieces and goes to disk with `writev`, never joined in
memory. The temporary files are made durable together when the writer closes (one
`syncfs` rather than an fsync per file: a journal commit each is what made a large
publication slow) and only then moved into place, all in a row, so readers see the
old publication or the new one file by file, never a file without its bytes.
Writing happens in the rendering thread: writer threads beside a busy interpreter
wait for the GIL after every system call, and ran slower than no threads at all.
"""

from __future__ import annotations

import ctypes
import errno
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import TracebackType

from syndicate.errors import WriteError
from syndicate.publish.documents import ARCHIVE_PREFIX

FILE_MODE = 0o644  # published files are served: world-readable, like any web root
_IOV_MAX = 512  # buffers per writev call; POSIX guarantees at least 16, Linux takes 1024
# Up to this many files an fsync each is cheaper than flushing the whole file system.
FSYNC_EACH_MAX = 32

Data = bytes | Sequence[bytes]
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class PublishError(WriteError, OSError):
    """The published folder could not be written (a full disk, a read-only mount...).

    Still an OSError with the same errno, strerror and filename, so a caller that tells
    a wrong output folder (EACCES, ENOTDIR...) from a full disk by errno keeps doing so.
    """

    def __init__(self, out_dir: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror, error.filename)
        self.out_dir = out_dir

    def __str__(self) -> str:
        where = f" ({self.filename})" if self.filename is not None else ""
        fix = "free some space and publish again" if self.errno in _FULL else "publish again"
        return (
            f"{self.out_dir}: publishing stopped: {self.strerror}{where}; every published "
            f"file is whole, old or new; {fix} to bring them all up to date"
        )


@dataclass(slots=True)
class WriteReport:
    """Relative paths written, those left as they were, and those removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_files(out_dir: Path, files: Mapping[str, Data]) -> WriteReport:
    """Write `files` (relative POSIX path → bytes, or pieces of them) under `out_dir`.

    Raises ValueError, before writing anything, for a path that would land outside
    `out_dir` (absolute, `..`, backslashes, NUL).
    """
    writer = FileWriter(out_dir)
    for relative in files:
        writer.check(relative)
    with writer:
        for relative, data in files.items():
            writer.write(relative, data)
    return writer.report


# A file handed over: its relative path, where it lands, and the temporary file
# holding its new bytes (None when the file stays as it is).
Staged = tuple[str, Path, Path | None]


class FileWriter:
    """Writes files under one folder as they are handed over; `close` puts them in place.

    `report` lists paths in the order they were handed over. Paths are checked as in
    `write_files` (ValueError) when handed over. Used as a context manager, it first
    sweeps what a killed publication left (`sweep_leftovers`), and an error in the
    block leaves the folder as it was: nothing is moved into place, and every temporary
    file under it is removed (publications run one at a time, under the store's lock).

    Another process can do the writing (`staged` there, `adopt` here): only the
    process that closes the writer moves files into place.
    """

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir.resolve()
        self.report = WriteReport()
        self._staged: list[Staged] = []
        self._safe_dirs: set[Path] = {self.root}
        self._started = time.time()

    def check(self, relative: str) -> Path:
        """Where `relative` lands; ValueError if that is outside the folder."""
        target = _target(self.root, relative, self._safe_dirs)
        self._safe_dirs.add(target.parent)
        return target

    def write(self, relative: str, data: Data) -> None:
        """Hand over one file; it is written unless its bytes are already there."""
        target = self.check(relative)
        chunks = [data] if isinstance(data, bytes) else data
        self._staged.append((relative, target, _stage(target, chunks)))

    def adopt(self, staged: Sequence[Staged]) -> None:
        """Take over files another writer staged (see `staged`), to put them in place."""
        self._staged += staged

    def staged(self) -> list[Staged]:
        """The files handed over so far, none of them in place yet; this writer forgets
        them (whoever adopts them puts them in place or removes them)."""
        staged, self._staged = self._staged, []
        return staged

    def close(self) -> WriteReport:
        """Make every new file durable, move them all into place, and report.

        If that fails, its error is raised and the temporary files are removed.
        """
        files = self.staged()
        # Files new to the folder go in first, archive pages first of all: what replaces
        # a file may link to them (a page's next-archive), and so may a new feed's
        # current document (its prev-archive), whatever order they were staged in
        # (pages rendered in parallel are adopted last). A run killed in between would
        # leave those links pointing at nothing.
        new = [
            (staged, target)
            for _, target, staged in sorted(
                files, key=lambda item: (item[1].exists(), not _is_archive_page(item[0]))
            )
            if staged is not None
        ]
        try:
            _make_durable(self.root, [staged for staged, _ in new])
            for staged, target in new:
                os.replace(staged, target)
        except BaseException:
            _remove(files)
            raise
        for folder in sorted({target.parent for _, target in new}):
            _fsync_dir(folder)
        for relative, _, staged_or_none in files:
            report = self.report.unchanged if staged_or_none is None else self.report.written
            report.append(relative)
        return self.report

    def discard(self) -> None:
        """Remove every temporary file: the folder stays as it was."""
        _remove(self.staged())

    def __enter__(self) -> FileWriter:
        # Before anything is staged: what a killed publication left may be what filled
        # the disk, and a run that fails for want of space would never get to the end.
        sweep_leftovers(self.root, before=self._started)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
        else:
            self.discard()
            # A worker stopped between creating a temporary file and recording it left
            # one no list names. Publications run under the store's lock, and this
            # one's workers are stopped by now: every temporary file left is ours.
            sweep_leftovers(self.root, before=math.inf)


def sweep_leftovers(root: Path, *, before: float) -> list[Path]:
    """Remove temporary files a killed publication left under `root`.

    Only files older than `before` (this writer's start) go: publications run under
    the sync lock, so an older temporary file has no writer left to move it.
    """
    removed = []
    for leftover in root.rglob(".*.tmp"):
        try:
            if leftover.is_file() and leftover.stat().st_mtime < before:
                leftover.unlink()
                removed.append(leftover)
        except FileNotFoundError:
            continue
    return removed


def _remove(files: Iterable[Staged]) -> None:
    for _, _, temporary in files:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _is_archive_page(relative: str) -> bool:
    return relative.startswith(ARCHIVE_PREFIX)


def _stage(target: Path, chunks: Sequence[bytes]) -> Path | None:
    """Write the file's bytes to a temporary file beside it, unless the file may stay as
    it is (None)."""
    if target.exists() and _same_bytes(target, chunks):
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, chunks)
        finally:
            os.close(fd)
        os.chmod(name, FILE_MODE)
    except BaseException as error:
        Path(name).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(target)  # writev names no file: say which one it was
        raise
    return Path(name)


def _make_durable(root: Path, files: Sequence[Path]) -> None:
    """Every byte of `files` on disk before any of them is renamed into place."""
    if len(files) > FSYNC_EACH_MAX and _syncfs(root):
        return
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Flush the file system holding `folder` in one go (Linux); False where unavailable."""
    if sys.platform != "linux":
        return False
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _target(root: Path, relative: str, safe_dirs: set[Path]) -> Path:
    pure = PurePosixPath(relative)
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or pure.is_absolute()
        or any(part in ("..", ".", "") for part in relative.split("/"))
    ):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    target = root.joinpath(*pure.parts)
    if target.parent in safe_dirs:
        return target
    # A symlinked folder inside out_dir could still lead elsewhere.
    existing = target.parent
    while existing != root and not existing.exists():
        existing = existing.parent
    if existing != root and not existing.resolve().is_relative_to(root):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return target


def _same_bytes(target: Path, chunks: Sequence[bytes]) -> bool:
    try:
        if target.stat().st_size != sum(len(c) for c in chunks):
            return False
        return target.read_bytes() == b"".join(chunks)
    except OSError:
        return False


def _write_all(fd: int, chunks: Sequence[bytes]) -> None:
    """Every byte of every piece, in order, in as few system calls as the OS allows."""
    pieces: list[bytes | memoryview] = list(chunks)
    start = 0
    while start < len(pieces):
        written = os.writev(fd, pieces[start : start + _IOV_MAX])
        # A short write stops anywhere, even inside a piece: skip what went out.
        while start < len(pieces) and written >= len(pieces[start]):
            written -= len(pieces[start])
            start += 1
        if written:
            pieces[start] = memoryview(pieces[start])[written:]


def _fsync_dir(folder: Path) -> None:
    """Make the renames themselves durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
