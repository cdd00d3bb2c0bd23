"""index.html laid out by headless Chromium: what the page shows fits the screen."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from syndicate.config import Config
from syndicate.model import SourceHealth
from syndicate.publish import build_documents, render_index
from tests.publish.factories import make_entry

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (`make browser` installs Debian's chromium)",
)
# Measures the health table once laid out and leaves the figures in the page.
_MEASURE = """<script>
addEventListener("load", () => {
  const wrap = document.querySelector(".table-wrap");
  document.body.dataset.layout = JSON.stringify({
    overflow: wrap.scrollWidth - wrap.clientWidth,
  });
});
</script></body>"""


def laid_out(page: bytes, tmp_path: Path, width: int) -> dict[str, float]:
    path = tmp_path / "index.html"
    path.write_bytes(page.replace(b"</body>", _MEASURE.encode()))
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={width},900",
        "--dump-dom",
        path.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    body = lxml.html.document_fromstring(done.stdout.decode("utf-8")).body
    figures: dict[str, float] = json.loads(body.get("data-layout"))
    return figures


def test_a_long_error_wraps_within_the_health_table(config: Config, tmp_path: Path) -> None:
    # Errors name the address that failed, and portal addresses are long and unbroken.
    address = (
        "http://huyendakto.example.vn/" + "tin-tuc/chuyen-muc/" * 12 + "?page=2&id=" + "9" * 80
    )
    health = [
        SourceHealth(
            "dak-to-tin",
            "dak-to",
            articles=3,
            last_success=datetime(2025, 3, 9, 23, 15, tzinfo=UTC),
            consecutive_failures=3,
            last_error_kind="http-status",
            last_error=f"404 Not Found: {address}",
        )
    ]
    page = render_index(config, build_documents(config, [make_entry(1)]), health)
    layout = laid_out(page, tmp_path, 1000)
    assert layout["overflow"] <= 0, "the table is wider than the page"
