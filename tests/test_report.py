"""Run reporting: the summary line and the Prometheus metrics file."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from syndicate.errors import FetchError
from syndicate.model import SourceHealth, SourceRun
from syndicate.report import JsonFormatter, RunTotals, _size, summary_line, write_metrics

NOW = datetime(2025, 1, 22, 1, 30, tzinfo=UTC)
RUNS = [
    SourceRun(
        "dak-to", "ok", NOW, duration=1.5, requests=12, bytes=300_000, found=10, new=4, updated=1
    ),
    SourceRun("ngoc-hoi", "not-modified", NOW, duration=0.1, requests=1, not_modified=1),
    SourceRun(
        "kon-ray",
        "failed",
        NOW,
        duration=2.0,
        requests=3,
        error=FetchError("http-status", "HTTP 500 Internal Server Error"),
    ),
    SourceRun("sa-thay", "skipped", NOW),
]


def test_summary_line_counts_everything() -> None:
    totals = RunTotals.of(RUNS, 3.25)
    assert summary_line(totals) == (
        "sources: 2 ok, 1 failed, 1 skipped (backoff); articles: 4 new, 1 updated; "
        "requests: 16 (1 not modified); 293.0 KB in 3.2 s"
    )


def test_metrics_file_is_valid_prometheus_text(tmp_path: Path) -> None:
    path = tmp_path / "metrics" / "syndicate.prom"
    write_metrics(path, RUNS, RunTotals.of(RUNS, 3.25))
    families = {f.name: f for f in text_string_to_metric_families(path.read_text())}
    samples = {
        (s.name, s.labels.get("source")): s.value for f in families.values() for s in f.samples
    }
    assert samples[("syndicate_source_new", "dak-to")] == 4
    assert samples[("syndicate_source_not_modified", "ngoc-hoi")] == 1
    durations = {s for s, source in samples if source and s.startswith("syndicate_source_dur")}
    assert durations == {"syndicate_source_duration_seconds"}  # the unit ends the name
    assert samples[("syndicate_source_up", "kon-ray")] == 0
    assert samples[("syndicate_source_up", "dak-to")] == 1
    assert ("syndicate_source_new", "sa-thay") not in samples  # it did not run
    assert samples[("syndicate_sources_failed", None)] == 1


def test_a_source_waiting_out_its_backoff_stays_down_in_the_metrics(tmp_path: Path) -> None:
    # Skipped for backoff, the source has no figures this run, but it is still failing:
    # its up series must not vanish, or an alert on it would resolve until the next try.
    health = [
        SourceHealth("sa-thay", "sa-thay", consecutive_failures=3, failing_since=NOW),
        SourceHealth("kon-ray", "kon-ray", consecutive_failures=1, failing_since=NOW),
        SourceHealth("dak-to", "dak-to", articles=10, last_success=NOW),
        SourceHealth("ngoc-hoi", "ngoc-hoi", last_success=NOW),
    ]
    path = tmp_path / "syndicate.prom"
    write_metrics(path, RUNS, RunTotals.of(RUNS, 3.25), health)
    samples = {
        (s.name, s.labels.get("source")): s.value
        for f in text_string_to_metric_families(path.read_text())
        for s in f.samples
    }
    assert samples[("syndicate_source_up", "sa-thay")] == 0
    assert samples[("syndicate_source_consecutive_failures", "sa-thay")] == 3
    assert samples[("syndicate_source_up", "dak-to")] == 1
    assert samples[("syndicate_source_last_success_timestamp_seconds", "dak-to")] == (
        NOW.timestamp()
    )
    assert samples[("syndicate_sources_failed", None)] == 2


def test_a_source_removed_from_the_config_leaves_the_metrics(tmp_path: Path) -> None:
    # The store keeps a removed source's history, its failure streak included; an
    # alert on it must resolve once the operator has taken the source out.
    health = [
        SourceHealth("da-bo", "dak-to", consecutive_failures=7, failing_since=NOW),
        SourceHealth("dak-to", "dak-to", articles=10, last_success=NOW),
    ]
    path = tmp_path / "syndicate.prom"
    write_metrics(path, RUNS, RunTotals.of(RUNS, 3.25), health)
    sources = {
        s.labels.get("source")
        for f in text_string_to_metric_families(path.read_text())
        for s in f.samples
    }
    assert "da-bo" not in sources
    samples = {
        s.name: s.value
        for f in text_string_to_metric_families(path.read_text())
        for s in f.samples
        if "source" not in s.labels
    }
    assert samples["syndicate_sources_failed"] == 1  # kon-ray only


def test_json_log_lines_are_json() -> None:
    record = logging.LogRecord(
        "syndicate.collect",
        logging.WARNING,
        __file__,
        1,
        "%s failed: %s",
        ("kon-ray", "HTTP 500"),
        None,
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "warning"
    assert line["message"] == "kon-ray failed: HTTP 500"


def test_json_log_times_say_their_zone() -> None:
    record = logging.LogRecord("syndicate", logging.ERROR, __file__, 1, "x", (), None)
    record.created = NOW.timestamp()
    stamp = datetime.fromisoformat(json.loads(JsonFormatter().format(record))["time"])
    assert stamp == NOW and stamp.tzinfo is not None


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (1024 * 1024 - 1, "1.0 MB"),  # not "1024.0 KB"
        (1024 * 1024 - 40, "1.0 MB"),
        (1024 * 1024 - 80, "1023.9 KB"),
        (5 * 1024 * 1024, "5.0 MB"),
        (3 * 1024**3, "3072.0 MB"),
    ],
)
def test_sizes_read_as_a_person_would_write_them(n: int, shown: str) -> None:
    assert _size(n) == shown


def test_status_shows_when_a_working_source_is_next_tried_after_a_retry_after() -> None:
    from syndicate.cli import format_status

    held = SourceHealth(
        "dak-to-tin",
        "dak-to",
        articles=12,
        last_success=datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
        last_error_kind="http-status",
        last_error="HTTP 429 (Retry-After: 3600)",
        next_attempt=datetime(2025, 3, 1, 3, 0, tzinfo=UTC),
    )
    [_, row] = format_status([held]).splitlines()
    assert "2025-03-01 03:00" in row  # not "-", which reads as due now
