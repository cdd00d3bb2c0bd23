"""Archive pages rendered in forked worker processes when there are many of them.

A first publication of a large store renders thousands of archive pages; rendering
is pure Python, so one process uses one core. `render_pages` splits the pages, in
seq order, into one contiguous run per worker (pages close in seq share entries, so
each worker renders an entry about once) and forks the workers, which inherit the
planned feeds instead of receiving gigabytes through a pipe. Each worker writes its
files to temporary files and sends back only their names; the parent puts them in
place with everything else (see `FileWriter.adopt`), so a worker that fails leaves
nothing behind in the published folder.

Fork is used only where the platform offers it; elsewhere, and for few pages, the
pages are rendered in the calling process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Sequence
from itertools import pairwise
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from syndicate.model import EntryTexts
from syndicate.publish.documents import Feed
from syndicate.publish.fragments import Fragments
from syndicate.publish.writer import FileWriter, Staged

# (feed, page number, the extensions of the formats to write): one archive page.
Page = tuple[Feed, int, tuple[str, ...]]
# Fewer pages than this per worker are not worth a process.
PAGES_PER_WORKER = 64
# Archive pages between two clear-outs of entries no later page lists. Clearing out is
# cheap; at 64 a worker held four times the rendered entries (a 10k-article first
# publication peaked at 178 MB over its processes, 166 MB at 16).
FORGET_EVERY = 16
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>

# The pages of the current run, set before forking; each worker reads its slice, and
# the text of its entries through `_texts`.
_pages: Sequence[Page] = ()
_texts: EntryTexts | None = None


def default_workers(pages: int) -> int:
    """How many processes to render `pages` archive pages with: one per core, if each
    gets at least PAGES_PER_WORKER pages and fork is available; else 1 (in-process)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, pages // PAGES_PER_WORKER))


class Rendering:
    """Archive pages being rendered by worker processes (or already rendered here)."""

    def __init__(self, writer: FileWriter, running: Sequence[tuple[BaseProcess, Connection]]):
        self.writer = writer
        self.running = running

    def finish(self) -> None:
        """Wait for every worker and hand its files to the writer; raise the first error
        once all are done (the writer then removes every temporary file on discard)."""
        error: BaseException | None = None
        try:
            for process, receiver in self.running:
                try:
                    status, value = receiver.recv()
                except EOFError:
                    status = "error"
                    process.join()
                    value = RuntimeError(f"publishing worker died (exit code {process.exitcode})")
                if status == "error":
                    error = error or value
                else:
                    self.writer.adopt(value)
        except BaseException:
            self.abort()
            raise
        self.abort()
        if error is not None:
            raise error

    def abort(self) -> None:
        """Stop the workers; each removes its temporary files as it goes, and those of
        a worker that had finished are removed here."""
        for process, receiver in self.running:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
            _discard_unclaimed(receiver, self.writer.root)
            receiver.close()
        self.running = ()


def _discard_unclaimed(receiver: Connection, root: Path) -> None:
    """Remove the files of a worker whose answer nobody read: they will not be put in
    place, and a first publication's pages are gigabytes."""
    try:
        if not receiver.poll():
            return
        status, value = receiver.recv()
    except (EOFError, OSError, pickle.UnpicklingError):
        return  # no answer, or a worker stopped while answering: nothing to claim
    if status == "ok":
        leftover = FileWriter(root)
        leftover.adopt(value)
        leftover.discard()


def render_pages(
    pages: Sequence[Page],
    base_url: str,
    writer: FileWriter,
    workers: int,
    texts: EntryTexts | None = None,
) -> Rendering:
    """Start rendering `pages` (in seq order) into `writer`'s folder.

    With one worker the pages are rendered here and now. With more, the workers are
    forked at once; call `finish` on the result to wait for them (or `abort` to give
    up). `texts` reads the text of entries that come without it, in each worker.
    """
    if workers <= 1 or len(pages) < 2:
        write_pages(pages, Fragments(base_url, texts, _id_base(pages)), writer)
        return Rendering(writer, ())
    global _pages, _texts
    _pages, _texts = pages, texts
    context = multiprocessing.get_context("fork")
    bounds = [len(pages) * i // workers for i in range(workers + 1)]
    running: list[tuple[BaseProcess, Connection]] = []
    # Frozen objects are never scanned by the collector, so a worker's collections
    # do not copy the whole inherited heap page by page.
    gc.freeze()
    try:
        for start, stop in pairwise(bounds):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker,
                args=(start, stop, base_url, writer.root, sender, os.getpid()),
                name="publish-worker",
                daemon=True,
            )
            process.start()
            sender.close()
            running.append((process, receiver))
    except BaseException:
        Rendering(writer, running).abort()
        raise
    finally:
        gc.unfreeze()
        _pages, _texts = (), None
    return Rendering(writer, running)


def write_pages(pages: Sequence[Page], fragments: Fragments, writer: FileWriter) -> None:
    """Render each page in every format and hand the files to `writer`, forgetting the
    entries that no later page lists as it goes, and reading the text of those that
    come without it a few pages ahead."""
    last_listed = _last_listed(pages)
    for i, (feed, page, formats) in enumerate(pages):
        if i % FORGET_EVERY == 0:
            if i:
                fragments.forget(e for done in last_listed[i - FORGET_EVERY : i] for e in done)
            ahead = pages[i : i + FORGET_EVERY]
            fragments.load(e for later, p, _ in ahead for e in later.page_members(p))
        header, listed = feed.listing(page)
        for extension, chunks in fragments.render(header, listed).items():
            if extension in formats:
                writer.write(header.key + extension, chunks)


def _last_listed(pages: Sequence[Page]) -> list[list[str]]:
    """For each page, the ids of the entries no later page lists.

    By id, not by seq: a page of a sparse feed (a category with one article in a
    hundred) spans thousands of seqs, and forgetting below the lowest seq still to come
    kept every entry rendered in between, with its text.
    """
    last: dict[str, int] = {}
    for i, (feed, page, _) in enumerate(pages):
        for entry in feed.page_members(page):
            last[entry.id] = i
    found: list[list[str]] = [[] for _ in pages]
    for entry_id, i in last.items():
        found[i].append(entry_id)
    return found


def _id_base(pages: Sequence[Page]) -> str:
    """What the ids of the pages' feeds are built on (the same for every feed)."""
    return pages[0][0].id_base if pages else ""


def _worker(
    start: int,
    stop: int,
    base_url: str,
    out: Path,
    sender: Connection,
    parent: int,
) -> None:
    _die_with_parent(parent)
    # A Ctrl-C reaches the whole process group: the parent takes it and stops us with
    # SIGTERM. Taking it here as well, a worker died mid-way, or was stopped again
    # while removing its files, and left hundreds of them in the published folder.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Terminated (the parent gave up): unwind, so the temporary files are removed.
    signal.signal(signal.SIGTERM, _exit)
    writer = FileWriter(out)
    try:
        write_pages(_pages[start:stop], Fragments(base_url, _texts, _id_base(_pages)), writer)
        staged: list[Staged] = writer.staged()
    except BaseException as error:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # unwinding already: finish it
        writer.discard()
        sender.send(("error", _picklable(error)))
    else:
        sender.send(("ok", staged))
    finally:
        sender.close()


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _picklable(error: BaseException) -> BaseException:
    """The error itself when it crosses a pipe intact, else its text in a RuntimeError."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _die_with_parent(parent: int) -> None:
    """A publish killed with SIGKILL cannot stop its workers; the kernel can. A parent
    already gone before the kernel was asked is not told: the worker would live on,
    holding the run's lock through the file it inherited."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
