"""`syndicate status` as a table: one line a source, fitting a terminal's width."""

from __future__ import annotations

from datetime import UTC, datetime

from syndicate.cli import ERROR_WIDTH, ERROR_WIDTH_MIN, format_status
from syndicate.model import SourceHealth

SINCE = datetime(2026, 11, 2, 1, 5, tzinfo=UTC)
# What a server's error page can put in a message: long, and over several lines.
LONG = "HTTP 503 Service Unavailable:\n  Máy chủ đang bảo trì, vui lòng quay lại sau. " * 4


def _health() -> list[SourceHealth]:
    return [
        SourceHealth(
            "dak-ha-tin",
            "dak-ha",
            12,
            last_success=SINCE,
            consecutive_failures=3,
            failing_since=SINCE,
            last_error_kind="http-status",
            last_error=LONG,
            next_attempt=SINCE,
        ),
        SourceHealth("ngoc-hoi-rss", "ngoc-hoi", 40, last_success=SINCE),
    ]


def test_a_long_error_is_cut_to_the_terminal_width() -> None:
    for width in (150, 200):
        lines = format_status(_health(), width=width).splitlines()
        assert len(lines) == 3  # the header and a line a source: the error's breaks are spaces
        assert max(len(line) for line in lines) == width
        assert lines[1].endswith("…")
        assert "http-status: HTTP 503 Service Unavailable: Máy chủ" in lines[1]


def test_a_narrow_terminal_still_shows_the_start_of_the_error() -> None:
    line = format_status(_health(), width=40).splitlines()[1]
    error = line[line.index("http-status") :]
    assert len(error) == ERROR_WIDTH_MIN and error.endswith("…")


def test_off_a_terminal_the_error_is_cut_at_a_fixed_width() -> None:
    line = format_status(_health()).splitlines()[1]
    assert len(line[line.index("http-status") :]) == ERROR_WIDTH


def test_a_short_error_is_whole() -> None:
    health = [SourceHealth("s", "d", last_error_kind="dns", last_error="no such host")]
    assert format_status(health, width=80).splitlines()[1].endswith("dns: no such host")


def test_the_times_say_their_zone() -> None:
    # `show` and `search` print local times: these, in UTC, looked seven hours apart.
    header = format_status(_health()).splitlines()[0]
    for column in ("LAST SUCCESS UTC", "FAILING SINCE UTC", "NEXT TRY UTC"):
        assert column in header
