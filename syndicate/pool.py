"""The parsing process pool, the configuration its workers parse with, and what they
send back.

Kept apart from `worker` (the parsers) so that the collecting process never imports
lxml, feedparser or trafilatura: it names the worker function to call (`call_worker`)
instead of pickling a reference to it, and what comes back is made of plain records
(`ParsedArticles`, `model`) that unpickle without the parsers.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from syndicate.config import Config
from syndicate.model import Article

if TYPE_CHECKING:
    from syndicate.dedup import PackedPrint
    from syndicate.text.searchtext import Folded

_config: Config | None = None
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def install_config(config: Config) -> None:
    """Remember the configuration for later parsing calls in this process."""
    global _config
    _config = config


def installed_config() -> Config:
    if _config is None:
        raise RuntimeError("parsing before install_config()")
    return _config


def parse_pool(config: Config, workers: int | None = None) -> ParsePool:
    """A process pool for parsing; spawned (the parent runs threads), dying with the parent."""
    return ParsePool(
        lambda: _ParsePool(
            max_workers=workers or os.cpu_count() or 1,
            mp_context=get_context("spawn"),
            initializer=init_pool_worker,
            initargs=(config, os.getpid()),
        )
    )


class ParsePool(Executor):
    """The parsing processes, started again when one of them died.

    A worker killed (by the kernel, short of memory, or a crash in a C parser) breaks
    a ProcessPoolExecutor for good: every call after fails, and every source of the run
    failed with it and backed off. A call to a broken pool starts a new one; the calls
    that were in the broken one fail, and the collector tries each once more
    (`collect.collect_async`).
    """

    def __init__(self, make: Callable[[], ProcessPoolExecutor]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self.processes = make()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        current = self.processes
        try:
            return current.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            return self._replace(current).submit(fn, *args, **kwargs)

    def _replace(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        with self._lock:  # many calls find it broken at once: one new pool for them all
            if self.processes is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self.processes = self._make()
            return self.processes

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.processes.shutdown(wait=wait, cancel_futures=cancel_futures)


class _ParsePool(ProcessPoolExecutor):
    """Workers that never see a Ctrl-C.

    A terminal sends SIGINT to the whole process group. The parent stops the run and
    the pool; a worker interrupted as well only adds a traceback per call in flight, or
    one of its own while still starting. Workers are started by `submit`, and a signal
    blocked in the thread that starts a process stays blocked in it, across exec.
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if not hasattr(signal, "pthread_sigmask"):
            return super().submit(fn, *args, **kwargs)
        # Held only while a worker may be started: a Ctrl-C in between waits, not lost.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return super().submit(fn, *args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def init_pool_worker(config: Config, parent_pid: int) -> None:
    """Process-pool initializer: die with the parent, then remember the configuration.

    A sync killed with SIGKILL cannot shut its pool down; without this its workers
    would linger forever, holding the terminal or cron's pipes open.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died while this worker was starting
        os._exit(0)
    install_config(config)


@dataclass(frozen=True, slots=True)
class ParsedArticles:
    """Articles that normalized, and a message for each item that did not.

    `prints` and `folds` (one per article, in order) are what storing the articles
    needs most CPU for; made here, they are made on every core (see `dedup.known_prints`).
    """

    articles: tuple[Article, ...]
    rejected: tuple[str, ...]
    # None for an article stored already with the same content: it will only be "seen".
    prints: tuple[PackedPrint | None, ...]
    folds: tuple[Folded | None, ...]
    # What the operator should know about pages that were read nonetheless.
    notes: tuple[str, ...] = ()
    # Pages that answered with a maintenance notice: (url, what it said), to be
    # fetched again as a page that failed is.
    unavailable: tuple[tuple[str, str], ...] = ()


def call_worker(name: str, *args: Any) -> Any:
    """`syndicate.worker.<name>(*args)`, imported here: submitted to the pool, only the
    name travels, so the submitting process never loads the parsers."""
    from syndicate import worker

    return getattr(worker, name)(*args)
