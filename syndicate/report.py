"""How a run is told: the one-line summary, log formats and Prometheus metrics."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from syndicate.model import SourceHealth, SourceRun

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry


@dataclass(frozen=True, slots=True)
class RunTotals:
    ok: int
    failed: int
    skipped: int
    new: int
    updated: int
    requests: int
    not_modified: int
    bytes: int
    seconds: float

    @classmethod
    def of(cls, runs: Sequence[SourceRun], seconds: float) -> RunTotals:
        return cls(
            ok=sum(r.status in ("ok", "not-modified") for r in runs),
            failed=sum(r.failed for r in runs),
            skipped=sum(r.status == "skipped" for r in runs),
            new=sum(r.new for r in runs),
            updated=sum(r.updated for r in runs),
            requests=sum(r.requests for r in runs),
            not_modified=sum(r.not_modified for r in runs),
            bytes=sum(r.bytes for r in runs),
            seconds=seconds,
        )


def summary_line(totals: RunTotals) -> str:
    skipped = f", {totals.skipped} skipped (backoff)" if totals.skipped else ""
    return (
        f"sources: {totals.ok} ok, {totals.failed} failed{skipped}; "
        f"articles: {totals.new} new, {totals.updated} updated; "
        f"requests: {totals.requests} ({totals.not_modified} not modified); "
        f"{_size(totals.bytes)} in {totals.seconds:.1f} s"
    )


def summary_object(totals: RunTotals) -> dict[str, object]:
    """The summary line as a JSON log object, for `--log-format json`: the line itself
    as its message, and each figure as a field of its own."""
    figures = {
        "sources_ok": totals.ok,
        "sources_failed": totals.failed,
        "sources_skipped": totals.skipped,
        "articles_new": totals.new,
        "articles_updated": totals.updated,
        "requests": totals.requests,
        "not_modified": totals.not_modified,
        "bytes": totals.bytes,
        "seconds": round(totals.seconds, 3),
    }
    return log_object(time.time(), "info", "syndicate.cli", summary_line(totals), figures)


def log_object(
    created: float, level: str, logger: str, message: str, fields: Mapping[str, object]
) -> dict[str, object]:
    """One JSON log line's object: when (UTC, with its offset: a shipper must not guess
    the host's zone), how grave, from where, what, and any fields of its own."""
    return {
        "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="seconds"),
        "level": level,
        "logger": logger,
        "message": message,
        **fields,
    }


def _size(n: int) -> str:
    """Bytes for a person: "512 B", "1.5 KB", "2.0 MB" (never "1024.0 KB")."""
    if n < 1024:
        return f"{n} B"
    size = n / 1024
    if round(size, 1) < 1024:
        return f"{size:.1f} KB"
    return f"{size / 1024:.1f} MB"


def write_metrics(
    path: Path,
    runs: Sequence[SourceRun],
    totals: RunTotals,
    health: Sequence[SourceHealth] = (),
) -> None:
    """Per-source figures in Prometheus text format, written atomically.

    The figures of this run cover the sources that ran; whether a source is up comes
    from its health, so one waiting out its failure backoff stays down between tries.
    Health is read only for the sources the run was about: the store keeps sources
    removed from the config, and one that was failing would stay down for good.
    """
    # Imported here: only a run asked for metrics needs it (a cron run starts faster).
    from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

    registry = CollectorRegistry()
    _run_gauges(registry, runs)
    asked = {run.source_id for run in runs}
    health = [h for h in health if h.source_id in asked]
    up = {run.source_id: not run.failed for run in runs if run.status != "skipped"}
    up |= {h.source_id: h.consecutive_failures == 0 for h in health}
    _health_gauges(registry, up, health)
    Gauge("syndicate_sync_seconds", "wall time of the run", registry=registry).set(totals.seconds)
    Gauge(
        "syndicate_sources_failed",
        "sources whose last attempt failed, those waiting out their backoff included",
        registry=registry,
    ).set(sum(not ok for ok in up.values()))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry)


def _run_gauges(registry: CollectorRegistry, runs: Sequence[SourceRun]) -> None:
    from prometheus_client import Gauge

    # SourceRun field -> (metric name, help); a unit, where there is one, ends the name.
    per_source = {
        "requests": ("syndicate_source_requests", "HTTP requests made"),
        "not_modified": ("syndicate_source_not_modified", "responses that were 304"),
        "bytes": ("syndicate_source_bytes", "body bytes received"),
        "new": ("syndicate_source_new", "articles stored for the first time"),
        "updated": ("syndicate_source_updated", "stored articles that changed"),
        "duration": ("syndicate_source_duration_seconds", "time spent on the source"),
    }
    gauges = {
        field: Gauge(metric, help_, ["source"], registry=registry)
        for field, (metric, help_) in per_source.items()
    }
    for run in runs:
        if run.status == "skipped":
            continue
        for name, gauge in gauges.items():
            gauge.labels(run.source_id).set(getattr(run, name))


def _health_gauges(
    registry: CollectorRegistry, up: dict[str, bool], health: Sequence[SourceHealth]
) -> None:
    from prometheus_client import Gauge

    up_gauge = Gauge(
        "syndicate_source_up",
        "1 when the last attempt at the source succeeded",
        ["source"],
        registry=registry,
    )
    for source_id, ok in up.items():
        up_gauge.labels(source_id).set(1 if ok else 0)
    failures = Gauge(
        "syndicate_source_consecutive_failures",
        "failed attempts since the last success",
        ["source"],
        registry=registry,
    )
    last_success = Gauge(
        "syndicate_source_last_success_timestamp_seconds",
        "when the source last succeeded (Unix time)",
        ["source"],
        registry=registry,
    )
    for h in health:
        failures.labels(h.source_id).set(h.consecutive_failures)
        if h.last_success is not None:
            last_success.labels(h.source_id).set(h.last_success.timestamp())


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        extra = getattr(record, "fields", None)
        entry = log_object(
            record.created,
            record.levelname.lower(),
            record.name,
            record.getMessage(),
            extra if isinstance(extra, dict) else {},
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json_text(entry, sys.stderr)


def json_text(data: object, stream: TextIO, indent: int | None = None) -> str:
    """`data` as JSON for `stream`: its own escapes where the stream's charset cannot
    show the text. Else the escapes the stream falls back to (backslashreplace) would
    write an emoji as "\\U0001f600", which is no JSON."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    utf = encoding.startswith("utf")
    return json.dumps(data, ensure_ascii=not utf, indent=indent)


def configure_logging(*, quiet: bool, verbose: bool, fmt: str) -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("syndicate")
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    root.propagate = False


def log_as_ours(name: str) -> None:
    """Send a library's logger (uvicorn's, under `serve`) through the handler and level
    configure_logging chose, so that --quiet and JSON lines hold for its lines too."""
    ours = logging.getLogger("syndicate")
    theirs = logging.getLogger(name)
    theirs.handlers[:] = ours.handlers
    theirs.setLevel(ours.level)
    theirs.propagate = False


def logs_json() -> bool:
    """Whether configure_logging chose JSON lines, which every stderr line must then be."""
    handlers = logging.getLogger("syndicate").handlers
    return any(isinstance(h.formatter, JsonFormatter) for h in handlers)
