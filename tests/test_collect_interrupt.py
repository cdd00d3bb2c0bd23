"""An interrupted collection records nothing about the sources it did not finish: a
Ctrl-C must not leave them failed, backing off, in `status` and the metrics."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from syndicate.collect import collect_async
from syndicate.config import parse_config
from syndicate.store import Store
from tests.live import LiveServer

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>'
    "<item><title>Hội nghị tổng kết</title><link>http://dakto.example.vn/tin/1</link>"
    "<description>Sáng nay huyện tổ chức hội nghị.</description></item></channel></rss>"
).encode()


async def slow_portal(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await asyncio.sleep(0.2)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/rss+xml; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": RSS})


def test_sources_a_cancelled_run_did_not_finish_are_not_failed(tmp_path: Path) -> None:
    with LiveServer(slow_portal) as server:
        raw = {
            "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": "https://f.vn/"},
            "storage": {"database": "t.db", "output": "public"},
            "http": {"respect_robots": False, "host_delay": 0.0, "per_host": 2},
            "districts": [{"slug": "dak-to", "name": "Huyện Đăk Tô"}],
            "sources": [
                {"id": f"s{n}", "district": "dak-to", "kind": "feed", "url": f"{server.url}/{n}"}
                for n in range(8)
            ],
        }
        config = parse_config(raw, tmp_path / "t.toml")
        with Store(tmp_path / "t.db") as store:

            async def interrupted() -> None:
                run = asyncio.create_task(collect_async(config, store, now=NOW))
                await asyncio.sleep(0.3)  # two sources answered, two are in flight
                run.cancel()
                with suppress(asyncio.CancelledError):
                    await run
                await asyncio.sleep(0.6)  # what the run left behind would finish by now

            asyncio.run(interrupted())
            failed = {h.source_id: h.last_error for h in store.health() if h.consecutive_failures}
    assert failed == {}
