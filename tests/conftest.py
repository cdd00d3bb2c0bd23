"""Shared fixtures: paths to the schemas every published feed is checked against."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    return SHARED / "schemas"


@pytest.fixture(autouse=True)
def _package_logger_restored():
    """The CLI configures the `syndicate` logger for a terminal (own handler, no
    propagation); in-process CLI tests must not leave that behind for caplog."""
    logger = logging.getLogger("syndicate")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved
