"""Shared fixtures: paths to the schemas every published feed is checked against."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    return SHARED / "schemas"
