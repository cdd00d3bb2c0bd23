"""Fixtures for publishing tests: the small province of `factories`."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicate.config import Config
from tests.publish.factories import make_config


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)
