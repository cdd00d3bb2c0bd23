"""The parsing process pool and the configuration its workers parse with.

Kept apart from `worker` (the parsers) so that starting a pool, or running a collection
in which nothing changed, never imports lxml, feedparser or trafilatura in the parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context

from syndicate.config import Config

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


def parse_pool(config: Config, workers: int | None = None) -> Executor:
    """A process pool for parsing; spawned (the parent runs threads), dying with the parent."""
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=get_context("spawn"),
        initializer=init_pool_worker,
        initargs=(config, os.getpid()),
    )


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
