"""Write published files atomically and only when their bytes change (the I/O edge).

An unchanged file is left alone, bytes and mtime, so pollers' ETag and Last-Modified
stay stable. A changed file is written to a temporary file in the same folder,
fsynced, then moved over the old one with `os.replace`, so a reader sees the old file
or the new one, never half of one. Immutable paths (archive pages) are written only
when missing: once written, an archive page is never rewritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from syndicate.publish.documents import ARCHIVE_PREFIX

FILE_MODE = 0o644  # published files are served: world-readable, like any web root


@dataclass(slots=True)
class WriteReport:
    """Relative paths written, and those left as they were."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def is_archive(path: str) -> bool:
    """Archive pages never change once complete: the default immutable set."""
    return path.startswith(ARCHIVE_PREFIX)


def write_files(
    out_dir: Path,
    files: Mapping[str, bytes],
    *,
    immutable: Callable[[str], bool] = is_archive,
) -> WriteReport:
    """Write `files` (relative POSIX path → bytes) under `out_dir`.

    Raises ValueError, before writing anything, for a path that would land outside
    `out_dir` (absolute, `..`, backslashes, NUL).
    """
    root = out_dir.resolve()
    targets = {relative: _target(root, relative) for relative in files}
    report = WriteReport()
    touched_dirs: set[Path] = set()
    for relative, data in files.items():
        target = targets[relative]
        if target.exists() and (immutable(relative) or _same_bytes(target, data)):
            report.unchanged.append(relative)
            continue
        _atomic_write(target, data)
        touched_dirs.add(target.parent)
        report.written.append(relative)
    for folder in sorted(touched_dirs):
        _fsync_dir(folder)
    return report


def _target(root: Path, relative: str) -> Path:
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
    # A symlinked folder inside out_dir could still lead elsewhere.
    existing = target.parent
    while existing != root and not existing.exists():
        existing = existing.parent
    if existing != root and not existing.resolve().is_relative_to(root):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return target


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, FILE_MODE)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


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
