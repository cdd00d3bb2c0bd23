"""Fixtures for the sample province: a built site for a fixed day, and a live server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from syndicate.demo import DemoServer, Site, build_site

BASE_URL = "http://127.0.0.1:8719"
TODAY = date(2025, 1, 21)  # a Tuesday: "Thứ 3"


@pytest.fixture(scope="session")
def site() -> Site:
    return build_site(BASE_URL, today=TODAY)


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running
