"""How many sources a collection keeps in flight: bounded, so what they yield and what
waits for the store stays small however many sources the province has."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicate import collect as collect_module
from syndicate.config import Source, parse_config
from syndicate.harvest import Harvest, HarvestContext
from syndicate.store import Store

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)


def test_sources_in_flight_are_bounded_by_the_request_concurrency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.example/"},
        "storage": {"database": "t.db", "output": "public"},
        "http": {"concurrency": 2, "respect_robots": False},
        "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
        "sources": [
            {
                "id": f"nguon-{n:02d}",
                "district": "dak-to",
                "kind": "feed",
                "url": f"http://huyen{n}.example.vn/rss",
            }
            for n in range(30)
        ],
    }
    config = parse_config(raw, tmp_path / "t.toml")
    active = peak = 0

    async def slow_harvest(source: Source, ctx: HarvestContext) -> Harvest:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1
        return Harvest(source.id, unchanged=True)

    monkeypatch.setattr(collect_module, "harvest", slow_harvest)
    with Store(tmp_path / "t.db") as store:
        runs = collect_module.collect(config, store, now=NOW)
    assert [r.status for r in runs] == ["not-modified"] * 30
    assert peak == collect_module.SOURCES_PER_REQUEST_SLOT * 2
