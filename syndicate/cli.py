"""The command line: parse arguments, call the library, format what it returns.

Exit codes: 0 all good; 1 some sources failed (the rest were still stored and
published); 2 bad configuration or usage; 74 the published files or the metrics file
could not be written (a full disk: EX_IOERR); 75 another sync holds the lock
(EX_TEMPFAIL: cron may simply try again next time); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import shlex
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import click

from syndicate import collect as collect_stage
from syndicate.codehash import code_digest
from syndicate.config import Config, holds_store, load_config
from syndicate.entry import EXIT_INTERRUPTED
from syndicate.errors import LockedError, SyndicateError, UsageError, WriteError
from syndicate.lock import run_lock
from syndicate.model import FeedEntry, SourceHealth, SourceRun, configured_health
from syndicate.pool import parse_pool
from syndicate.report import (
    RunTotals,
    configure_logging,
    json_text,
    logs_json,
    summary_line,
    summary_object,
    write_metrics,
)
from syndicate.store import Store, UnknownArticleError
from syndicate.store.schema import READ_OPTIONAL, cannot_write

EXIT_LOCKED = 75
# Results `search` shows at most: SQLite's integers end at 2**63 - 1, and no one reads more.
SEARCH_LIMIT_MAX = 100_000
DEFAULT_CONFIG = "config/province.toml"

log = logging.getLogger(__name__)

# What writing a file meets when its folder's path names a file, or a place not ours
# to write: a wrong --out, [storage] output or --metrics-file, not a fault. A full disk
# is a fault.
_NOT_A_FOLDER_WE_WRITE = frozenset(
    {errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS}
)
# Publishing tells a read-only mount apart: one remounted after disk errors is a fault,
# reported as a full disk is (EX_IOERR), and the next run finishes the job.
_NOT_AN_OUTPUT_FOLDER = _NOT_A_FOLDER_WE_WRITE - {errno.EROFS}

# SQLite's answers when the store path names something else: a wrong --db, not a fault.
_NOT_A_STORE = {
    "SQLITE_NOTADB": "not an SQLite database",
    "SQLITE_CANTOPEN": "cannot be opened as an SQLite database",
}


@dataclass(frozen=True, slots=True)
class Context:
    config_path: str
    db: str | None
    quiet: bool

    def config(self) -> Config:
        config = load_config(self.config_path)
        if self.db:
            config = replace(config, storage=replace(config.storage, database=Path(self.db)))
        return config

    def publish_command(self) -> str:
        """`syndicate publish` as this command was given its config and store."""
        words = ["syndicate", "--config", shlex.quote(self.config_path)]
        if self.db:
            words += ["--db", shlex.quote(self.db)]
        return " ".join([*words, "publish"])


class _Commands(click.Group):
    """click answers a KeyboardInterrupt with a blank line on stderr, which is no JSON
    log object; an Abort it passes on as it is, and `main` reports it."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise click.exceptions.Abort from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="SYNDICATE_CONFIG",
    default=DEFAULT_CONFIG,
    show_default=True,
    help="Configuration file (TOML).",
)
@click.option("--db", envvar="SYNDICATE_DB", help="SQLite store; overrides [storage] database.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Log every source and warning.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines as text or as one JSON object per line.",
)
@click.version_option(package_name="syndicate")
@click.pass_context
def cli(
    ctx: click.Context,
    config_path: str,
    db: str | None,
    quiet: bool,
    verbose: bool,
    log_format: str,
) -> None:
    """Turn district government news portals into clean, valid feeds."""
    configure_logging(quiet=quiet, verbose=verbose, fmt=log_format)
    ctx.obj = Context(config_path, db, quiet)


pass_context = click.make_pass_decorator(Context)


def _collect_options(fn: Any) -> Any:
    fn = click.option(
        "--metrics-file",
        type=click.Path(path_type=Path),  # a folder: reported after publishing, as README says
        help="Write per-source figures in Prometheus text format.",
    )(fn)
    fn = click.option(
        "--only",
        "only",
        multiple=True,
        metavar="SOURCE_ID",
        help="Collect only this source (repeatable).",
    )(fn)
    fn = click.option(
        "--force", is_flag=True, help="Ignore failure backoff and try every source now."
    )(fn)
    return fn


@cli.command()
@_collect_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder; overrides [storage] output.",
)
@pass_context
def sync(
    obj: Context, force: bool, only: tuple[str, ...], metrics_file: Path | None, out: Path | None
) -> None:
    """Collect every due source, then publish the feeds."""
    config = obj.config()
    _check_collect_options(config, only, metrics_file)
    folder = _output_folder(config, out)
    code_digest()  # of the code this run renders with, before an upgrade may replace it
    with _locked(config):
        collected = _run_collect(obj, config, force, only, need_health=bool(metrics_file))
        # Published first: a metrics file that cannot be written must not keep the
        # feeds from their readers on every run.
        try:
            with _open_store(config) as store:
                _publish(config, store, folder)
        except BaseException:
            # The figures are still written, but their failure cannot hide why the
            # publication failed: that error is the one reported, and decides the exit.
            try:
                _write_metrics(metrics_file, collected)
            except (WriteError, UsageError) as metrics_error:
                log.error("%s", metrics_error)
            raise
        _write_metrics(metrics_file, collected)
    sys.exit(1 if any(r.failed for r in collected.runs) else 0)


@cli.command()
@_collect_options
@pass_context
def collect(obj: Context, force: bool, only: tuple[str, ...], metrics_file: Path | None) -> None:
    """Collect every due source into the store, without publishing."""
    config = obj.config()
    _check_collect_options(config, only, metrics_file)
    with _locked(config):
        collected = _run_collect(obj, config, force, only, need_health=bool(metrics_file))
        _write_metrics(metrics_file, collected)
    sys.exit(1 if any(r.failed for r in collected.runs) else 0)


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder; overrides [storage] output.",
)
@pass_context
def publish(obj: Context, out: Path | None) -> None:
    """Write every feed, feeds.opml and index.html from the store."""
    config = obj.config()
    _require_store(config)  # before the lock, whose file would be left beside nothing
    folder = _output_folder(config, out)
    code_digest()  # of the code this run renders with, before an upgrade may replace it
    with _locked(config), _open_store(config) as store:
        report = _publish(config, store, folder)
    if not obj.quiet:
        click.echo(f"published {len(report.written)} files, {len(report.unchanged)} unchanged")


def publish_store(config: Config, store: Store, folder: Path) -> Any:
    """Publish what the store holds into `folder`, as `syndicate publish` does."""
    from syndicate.publish import publish as publish_feeds
    from syndicate.publish.documents import entry_stamps, stamp_records

    def stamps(entries: Sequence[FeedEntry]) -> Mapping[str, int]:
        # The stamps earlier publications gave stay put; new ones are kept for the next.
        recorded = store.recorded_stamps()
        given = entry_stamps(entries, recorded)
        try:
            store.record_stamps(*stamp_records(entries, given, recorded))
        except sqlite3.OperationalError as exc:
            # Another process writing the store (a shell, a VACUUM) or a store this
            # command cannot write: the feeds are still published with these stamps,
            # which the next run works out the same and keeps.
            if exc.sqlite_errorname != "SQLITE_BUSY" and not cannot_write(exc):
                raise
            log.warning("entry stamps not kept this time (%s); the next run keeps them", exc)
        return given

    # Without their text, most of a store's bytes: only what is written needs it; and
    # not at all if the store is as the last publication left it. The generation is
    # read first (see `publish`).
    generation = store.generation(config)
    return publish_feeds(
        config,
        lambda: store.feed_entries(config, texts=False),
        store.health(),
        folder,
        texts=store.entry_texts(),
        generation=generation,
        id_base=store.feed_id_base(config),
        stamps=stamps,
    )


def _publish(config: Config, store: Store, folder: Path) -> Any:
    """Publish, then tell the WebSub hub (if any) which current feeds were rewritten."""
    from syndicate.publish.websub import notify_hub

    try:
        report = publish_store(config, store, folder)
    except OSError as exc:
        if exc.errno not in _NOT_AN_OUTPUT_FOLDER:
            raise
        raise UsageError(
            f"{folder}: cannot publish there ({exc.strerror}: {exc.filename}); "
            "check --out or [storage] output"
        ) from None
    notify_hub(config.publish.websub_hub, config.province.base_url, report.written)
    return report


def _output_folder(config: Config, out: Path | None) -> Path:
    """The folder to publish or serve, which must not hold the store (`--db` and `--out`
    escape the config's own check)."""
    folder = out or config.storage.output
    if holds_store(folder, config.storage.database):
        raise UsageError(
            f"{folder}: holds the store {config.storage.database}, which would be served "
            "to everyone; choose another --out or --db"
        )
    return folder


def _locked(config: Config) -> Any:
    return run_lock(config.storage.database)


def _store_exists(config: Config) -> bool:
    """Whether there is something at the store's path; a path through a file or a
    folder is something too, which opening then reports."""
    try:
        config.storage.database.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _require_store(config: Config) -> None:
    """A usage error when there is no store yet: commands that work on what a sync
    stored have nothing to work on, and opening would leave an empty store behind."""
    if not _store_exists(config):
        raise UsageError(
            f"{config.storage.database}: no store yet; run `syndicate sync` first "
            "(or check --db or [storage] database)"
        )


def _open_existing_store(config: Config) -> AbstractContextManager[Store]:
    _require_store(config)
    return _open_store(config)


@contextmanager
def _open_store(config: Config) -> Iterator[Store]:
    """The store, open for the block; a usage error naming the file when it is no SQLite
    database, or one the block cannot write (another user's, the cron job's)."""
    path = config.storage.database
    with _store_at(path) as store:
        try:
            yield store
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorname == "SQLITE_BUSY":
                # Not a sync (that is the run lock's 75 too), but some other writer: a
                # shell, a VACUUM. Nothing half-written stays; the next run goes on.
                raise LockedError(
                    f"{path}: the store is busy: another process kept it locked for writing "
                    "longer than we wait; try again later"
                ) from None
            if not cannot_write(exc):
                raise
            # Each source is its own transaction: those stored before stand.
            kept = "what was stored before stays, and the next run goes on from there"
            raise _store_write_error(path, exc, kept) from None


def _store_write_error(path: Path, exc: sqlite3.Error, kept: str) -> SyndicateError:
    """A store that cannot be written: read-only (see `_unwritable_store`), or a full disk
    or failing device, a write error (74), never a source's failure (1), which a
    systemd unit takes for success. `kept` says what stays as it was."""
    if exc.sqlite_errorname.startswith("SQLITE_READONLY"):
        return _unwritable_store(path, exc)
    return WriteError(f"{path}: cannot write the store ({exc}); {kept}")


def _on_read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _unwritable_store(path: Path, exc: sqlite3.Error) -> SyndicateError:
    """A store on a file system remounted read-only after errors is a fault, reported as
    a full disk is (EX_IOERR); otherwise its permissions are the operator's to fix."""
    if _on_read_only_mount(path):
        return WriteError(f"{path}: cannot write the store ({exc}): its file system is read-only")
    return UsageError(
        f"{path}: cannot write the store ({exc}); check its owner and permissions, "
        "--db or [storage] database"
    )


@contextmanager
def _reading_store(config: Config) -> Iterator[Store]:
    """The store opened read-only: it may be the cron job's, which its reader can
    neither write nor, without a sync's lock, migrate. A store an earlier version left
    is opened as commands that write open it, migrating it, as reading it as it is
    could fail on what this version added."""
    reader = _current_store_read_only(config.storage.database)
    if reader is not None:
        with reader:
            yield reader
        return
    with contextlib.ExitStack() as stack:
        try:
            store = stack.enter_context(_open_store(config))
        except (UsageError, WriteError):
            _not_migrated_for_this_user(config.storage.database)
            raise
        yield store


def _not_migrated_for_this_user(path: Path) -> None:
    """A usage error saying so when the store could not be opened to read because it
    still waits for migrations this user cannot write (the cron job's store after an
    upgrade): its owner's next sync makes it readable."""
    try:
        with Store(path, read_only=True) as reader:
            pending = reader.pending_migrations()
    except sqlite3.DatabaseError:
        return
    if pending:
        raise UsageError(
            f"{path}: the store is not migrated to this version yet ({', '.join(pending)}), "
            "and this user cannot write it; the next sync by its owner migrates it"
        )


def _current_store_read_only(path: Path) -> Store | None:
    """The store opened read-only when this version can read it as it is (what it
    lacks, if anything, only publishing reads: `READ_OPTIONAL`); else None (an earlier
    version's, or no SQLite file, which opening it to write reports)."""
    try:
        reader = Store(path, read_only=True)
    except sqlite3.DatabaseError:
        return None
    try:
        if set(reader.pending_migrations()) <= READ_OPTIONAL:
            return reader
    except sqlite3.DatabaseError:
        pass
    reader.close()
    return None


def _store_at(path: Path) -> Store:
    """The store, or a usage error naming the file when it is no SQLite database."""
    try:
        return Store(path)
    except sqlite3.DatabaseError as exc:
        problem = _NOT_A_STORE.get(exc.sqlite_errorname)
        if (
            exc.sqlite_errorname == "SQLITE_CANTOPEN"
            and path.is_file()
            and _on_read_only_mount(path)
        ):
            # A store in WAL mode cannot be opened to write where its -shm file cannot
            # be made: a disk remounted read-only after errors is a fault, not the --db.
            raise _unwritable_store(path, exc) from None
        if problem is not None:
            raise UsageError(
                f"{path}: {problem} ({exc}); check --db or [storage] database"
            ) from None
        if cannot_write(exc):  # creating or migrating it
            raise _store_write_error(path, exc, "it was left as it was") from None
        raise
    except OSError as exc:  # its folder is a file, or not ours to write
        raise UsageError(
            f"{path}: cannot open the store ({exc.strerror}); check --db or [storage] database"
        ) from None


def _check_collect_options(config: Config, only: Sequence[str], metrics_file: Path | None) -> None:
    """Usage errors of a collecting run, found before it takes the lock: a typo must
    not exit 75 while another run holds it, nor leave a lock file on a fresh machine."""
    unknown = [s for s in only if s not in {src.id for src in config.sources}]
    if unknown:
        raise click.UsageError(f"unknown source id: {', '.join(unknown)}")
    if metrics_file:
        _metrics_folder(metrics_file)


@dataclass(frozen=True, slots=True)
class _Collected:
    """What a collecting run did, and the health its metrics report."""

    runs: list[SourceRun]
    totals: RunTotals
    health: list[SourceHealth]


def _run_collect(
    obj: Context, config: Config, force: bool, only: Sequence[str], *, need_health: bool
) -> _Collected:
    started = time.monotonic()
    selected = [s for s in config.sources if not only or s.id in only]
    # A bar would break a JSON log's one object per line.
    show_bar = not obj.quiet and not logs_json() and sys.stderr.isatty()
    with _open_store(config) as store, _progress(show_bar, len(selected)) as bar:
        pool = parse_pool(config) if len(selected) > 4 else None
        try:
            runs = collect_stage.collect(
                config,
                store,
                only=only or None,
                force=force,
                executor=pool,
                on_run=lambda run: bar.update(1),
            )
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        health = store.health() if need_health else []
    totals = RunTotals.of(runs, time.monotonic() - started)
    _report_failures(runs)
    if not obj.quiet:  # under JSON logs, one object per line on both streams, for a journal
        json_logs = logs_json()
        click.echo(
            json_text(summary_object(totals), sys.stdout) if json_logs else summary_line(totals)
        )
    return _Collected(runs, totals, health)


def _write_metrics(metrics_file: Path | None, collected: _Collected) -> None:
    if metrics_file is None:
        return
    try:
        write_metrics(metrics_file, collected.runs, collected.totals, collected.health)
    except OSError as exc:
        _metrics_unwritable(metrics_file, exc)


def _metrics_folder(metrics_file: Path) -> None:
    """Make the metrics file's folder before collecting: a path no file can be written
    at is a usage error found before the run, not a traceback after it that skipped
    publishing."""
    try:
        metrics_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _metrics_unwritable(metrics_file, exc)


def _metrics_unwritable(metrics_file: Path, exc: OSError) -> NoReturn:
    if exc.errno not in _NOT_A_FOLDER_WE_WRITE:
        raise WriteError(
            f"{metrics_file}: cannot write the metrics file ({exc.strerror}); "
            "the next run writes it again"
        ) from None
    if metrics_file.is_dir():
        reason = "it is a folder"
    else:
        # The file written first is a temporary one beside it, whose name means nothing
        # to whoever typed the path; the folder that failed is worth naming.
        named = (
            exc.filename if exc.filename in (str(metrics_file), str(metrics_file.parent)) else None
        )
        reason = f"{exc.strerror}: {named}" if named else str(exc.strerror)
    raise UsageError(
        f"{metrics_file}: cannot write the metrics file ({reason}); check --metrics-file"
    ) from None


def _report_failures(runs: Sequence[SourceRun]) -> None:
    """One error line per failed source; in JSON, a log object a shipper can parse."""
    for run in runs:
        if not run.failed or run.error is None:
            continue
        if logs_json():
            fields = {"source": run.source_id, "error_kind": run.error.kind}
            log.error("%s: %s", run.source_id, run.error, extra={"fields": fields})
        else:
            click.echo(f"error: {run.source_id}: {run.error}", err=True)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _progress(show: bool, length: int) -> Any:
    if show:
        return click.progressbar(length=length, label="collecting", file=sys.stderr)
    return _NoBar()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def status(obj: Context, as_json: bool) -> None:
    """Show the health of every source, worst first."""
    config = obj.config()
    stored: list[SourceHealth] = []
    if _store_exists(config):
        with _reading_store(config) as store:
            stored = store.health()
    elif not obj.quiet and not as_json:
        _note(f"no store yet at {config.storage.database}")
    health = _configured_health(config, stored)
    if as_json:
        click.echo(json_text([_health_json(h) for h in health], sys.stdout, indent=2))
        return
    # On a terminal the table fits its width: the last error is cut to what is left.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(format_status(health, width=width))


# The last error's characters in the status table: at most, and at least on a terminal.
ERROR_WIDTH = 60
ERROR_WIDTH_MIN = 24


def _configured_health(config: Config, stored: Sequence[SourceHealth]) -> list[SourceHealth]:
    """The health of every configured source, worst first as the store orders it: one the
    store does not know yet was never tried, and its district is the config's. The store
    keeps sources taken out of the config; one that was failing would head the list for
    good, though nothing collects it any more."""
    health = configured_health(stored, [(s.id, s.district) for s in config.sources])
    return sorted(health, key=_worst_first)


def _worst_first(health: SourceHealth) -> tuple[int, bool, datetime, str]:
    """The longest failure streak, then the longest without a success (never counts as
    the oldest), then the id."""
    succeeded = health.last_success is not None
    return (
        -health.consecutive_failures,
        succeeded,
        health.last_success or datetime.min.replace(tzinfo=UTC),
        health.source_id,
    )


def _health_json(health: SourceHealth) -> dict[str, Any]:
    row = asdict(health)
    for key, value in row.items():
        if isinstance(value, datetime):
            row[key] = value.isoformat()
    return row


def format_status(health: Sequence[SourceHealth], *, width: int | None = None) -> str:
    """The health table, a source a line. Its last column, the last error, is cut to
    `ERROR_WIDTH` characters, or to what `width` leaves of a line (at least
    `ERROR_WIDTH_MIN`); an error's line breaks are spaces, which keep it on its line."""
    headers = (
        "SOURCE",
        "DISTRICT",
        "ARTICLES",
        "LAST SUCCESS UTC",
        "FAILS",
        "FAILING SINCE UTC",
        "NEXT TRY UTC",
        "LAST ERROR",
    )
    rows = [
        (
            h.source_id,
            h.district or "-",
            str(h.articles),
            _when(h.last_success),
            str(h.consecutive_failures),
            _when(h.failing_since),
            # Also for a source that worked but whose server asked for quiet.
            _when(h.next_attempt),
            " ".join(f"{h.last_error_kind}: {h.last_error}".split()) if h.last_error_kind else "-",
        )
        for h in health
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    # Each column but the last takes its width and two spaces.
    room = ERROR_WIDTH if width is None else width - sum(widths[:-1]) - 2 * (len(widths) - 1)
    room = max(room, ERROR_WIDTH_MIN)
    rows = [(*r[:-1], _cut(r[-1], room)) for r in rows]
    widths[-1] = max(len(r[-1]) for r in [headers, *rows])
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [headers, *rows]
    ]
    return "\n".join(lines)


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1] + "…"


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to serve; defaults to [storage] output.",
)
@pass_context
def serve(obj: Context, host: str, port: int, out: Path | None) -> None:
    """Serve the published folder (and search feeds) over HTTP."""
    from syndicate.serve import run_server

    config = obj.config()
    announce = None if obj.quiet else _note
    run_server(config, _output_folder(config, out), host=host, port=port, announce=announce)


@cli.command()
@click.argument("source_id")
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Articles to fetch at most.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def check(obj: Context, source_id: str, limit: int, as_json: bool) -> None:
    """Fetch one source and show what would be stored, storing nothing."""
    from syndicate.check import check_source, format_check

    config = obj.config()
    try:
        source = config.source(source_id)
    except KeyError:
        raise click.UsageError(f"unknown source id: {source_id}") from None
    result = check_source(config, source, limit=limit)
    click.echo(
        json_text(result.as_json(), sys.stdout, indent=2) if as_json else format_check(result)
    )
    sys.exit(1 if result.error else 0)


@cli.command()
@click.argument("article_id")
@click.option(
    "--reason",
    required=True,
    callback=lambda ctx, param, value: _said(value),
    help="Why it is withdrawn (kept in the store).",
)
@pass_context
def hide(obj: Context, article_id: str, reason: str) -> None:
    """Withdraw an article from every feed (e.g. a retracted announcement).

    It leaves the feeds at the next publish and stays out, even when its source still
    lists it, until `unhide` brings it back. ARTICLE_ID is an id from `search` or a
    feed entry id.
    """
    config = obj.config()
    with _open_existing_store(config) as store:
        article_id, note = _article_to_hide(store, _article_id(store, article_id))
        store.hide(article_id, reason, now=datetime.now(UTC))
    if not obj.quiet:
        click.echo(
            f"hidden: {article_id} ({reason}){note}; run `{obj.publish_command()}` to update feeds"
        )


def _article_to_hide(store: Store, given: str) -> tuple[str, str]:
    """The article `hide` withdraws for the id given, and a note for the operator.

    The id `search` gave before a story was taken over is the id its entry still
    carries: the story readers see is meant, not the copy merged into it. Any other
    merged copy is hidden alone, and the note says its story stays in the feeds.
    """
    story = store.article_of_entry(given)
    if story != given:
        return story, f"; {given} is the id of the entry of story {story}"
    stored = store.article(given)
    if stored is not None and stored.canonical_of is not None:
        return given, f"; a copy merged into {stored.canonical_of}, which stays in the feeds"
    return given, ""


def _said(reason: str) -> str:
    """The reason, which `show` gives later as why the article is gone: never blank."""
    if not reason.strip():
        raise click.BadParameter("must say why the article is withdrawn")
    return reason.strip()


@cli.command()
@click.argument("article_id")
@pass_context
def unhide(obj: Context, article_id: str) -> None:
    """Bring back an article withdrawn with `hide` (a mistaken withdrawal).

    It returns to the feeds, under the same entry id, at the next publish, and its
    source's later edits reach it again. ARTICLE_ID is an id from `search` or a feed
    entry id.
    """
    config = obj.config()
    with _open_existing_store(config) as store:
        # As `hide` took it: the id of a story's entry is the story's (`_article_to_hide`).
        article_id, _ = _article_to_hide(store, _article_id(store, article_id))
        was_hidden = store.unhide(article_id, now=datetime.now(UTC))
    if obj.quiet:
        return
    if was_hidden:
        click.echo(f"restored: {article_id}; run `{obj.publish_command()}` to update feeds")
    else:
        click.echo(f"{article_id} was not hidden; nothing to do")


def _article_id(store: Store, given: str) -> str:
    """An article id from what an operator typed: the id `search` prints, or the entry
    id a feed shows (the store's published prefix, then the article id)."""
    prefix = store.entry_id_prefix()
    if prefix and given.startswith(prefix):
        # A story taken over by a copy from a higher-ranked source kept its entry id.
        return store.article_of_entry(given[len(prefix) :])
    return given


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def show(obj: Context, article_id: str, as_json: bool) -> None:
    """Show one article: where it came from, whether it is in the feeds, and what each
    earlier version read. ARTICLE_ID is an id from `search` or a feed entry id."""
    from syndicate import show as show_record  # only this command needs it

    config = obj.config()
    _require_store(config)
    with _reading_store(config) as store:
        prefix = store.entry_id_prefix()
        article_id = _article_id(store, article_id)
        stored = store.article(article_id)
        if stored is None:
            raise UnknownArticleError(article_id)
        record = show_record.ArticleRecord(
            stored,
            store.article_versions(article_id),
            withdrawn=store.withdrawal(article_id),
            entry_id_prefix=prefix,
            story_entry_id=store.story_entry_id(article_id),
            story_withdrawn=store.withdrawal(stored.canonical_of) if stored.canonical_of else None,
        )
    if as_json:
        click.echo(json_text(show_record.as_json(record), sys.stdout, indent=2))
        return
    zone = ZoneInfo(config.province.timezone)
    place = config.district_name(stored.article.district)
    click.echo("\n".join(show_record.as_text(record, zone, place)))


@cli.command()
@click.argument("query")
@click.option("--district", help="District slug.")
@click.option("--category", help="Canonical category slug.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before.")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(min=1, max=SEARCH_LIMIT_MAX)
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def search(
    obj: Context,
    query: str,
    district: str | None,
    category: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    as_json: bool,
) -> None:
    """Find articles by words, with or without diacritics ("hoi nghi dak to")."""
    config = obj.config()
    if district and config.district(district) is None:
        raise click.UsageError(f"unknown district: {district}")
    if category and config.category(category) is None:
        raise click.UsageError(f"unknown category: {category}")
    _check_day_bounds(since=since, until=until)
    _require_store(config)
    with _reading_store(config) as store:
        hits = store.search(
            query,
            district=district,
            category=category,
            since=_local_day(config, since),
            # The store's bound is exclusive; a person means "up to and including".
            until=_local_day(config, until + timedelta(days=1) if until else None),
            limit=limit + 1,  # one more than shown tells whether there are more
        )
    more = len(hits) > limit
    hits = hits[:limit]
    if as_json:
        rows = [
            {
                "id": hit.id,
                "title": hit.article.title,
                "url": hit.article.url,
                "published": hit.article.published.isoformat(),
                "district": hit.article.district,
                "category": hit.article.category,
                "summary": hit.article.summary,
            }
            for hit in hits
        ]
        click.echo(json_text(rows, sys.stdout, indent=2))
        return
    from syndicate.text.dates import publication_text  # date parsing: loaded when needed

    for hit in hits:
        when = publication_text(hit.article.published, ZoneInfo(config.province.timezone))
        where = config.district_name(hit.article.district)
        click.echo(f"{hit.id}  {when:<16}  {where}  {hit.article.title}")
    if not obj.quiet:
        # More than the limit: a count alone would hide them.
        _note(f"{len(hits)} shown, the best; --limit shows more" if more else f"{len(hits)} found")


def _check_day_bounds(**days: datetime | None) -> None:
    """A usage error for a day too far out to be worked with in every time zone (the
    year 1, 9999-12-31), as the served search feeds refuse it."""
    from syndicate.publish.queries import EARLIEST_SINCE, LATEST_SINCE

    for name, day in days.items():
        if day is not None and not EARLIEST_SINCE <= day.date() <= LATEST_SINCE:
            raise click.BadParameter(
                f"a day from {EARLIEST_SINCE} to {LATEST_SINCE}", param_hint=f"--{name}"
            )


def _local_day(config: Config, day: datetime | None) -> datetime | None:
    """A calendar day typed by a person means that day in the province's time zone."""
    if day is None:
        return None
    return day.replace(tzinfo=ZoneInfo(config.province.timezone)).astimezone(UTC)


def main(argv: Sequence[str] | None = None, *, standalone_mode: bool = True) -> int:
    """Entry point; returns the exit code instead of exiting when not standalone."""
    _escape_what_stdout_cannot_encode()
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="syndicate",
            standalone_mode=False,
        )
    except LockedError as exc:
        _error(exc)
        return _finish(EXIT_LOCKED, standalone_mode)
    except SyndicateError as exc:
        _error(exc)
        return _finish(exc.exit_code, standalone_mode)
    except click.ClickException as exc:
        if not logs_json() and _asks_for_json(argv if argv is not None else sys.argv[1:]):
            # Refused before the options were taken (an unknown command is found before
            # the group's own options run): JSON was asked for all the same.
            configure_logging(quiet=False, verbose=False, fmt="json")
        if logs_json():
            _log_error(exc.format_message(), exc)
        else:
            exc.show()
        return _finish(2 if isinstance(exc, click.UsageError) else exc.exit_code, standalone_mode)
    except click.exceptions.Abort as exc:  # click's form of a KeyboardInterrupt
        if logs_json():
            _log_error("interrupted", exc)
        else:
            click.echo("interrupted", err=True)
        return _finish(EXIT_INTERRUPTED, standalone_mode)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return _finish(code, standalone_mode)
    # click returns the exit code itself for --help and --version
    return _finish(code if isinstance(code, int) else 0, standalone_mode)


def _asks_for_json(argv: Sequence[str]) -> bool:
    """Whether the command line asks for JSON logs, before click has read it."""
    words = list(argv)
    pairs = itertools.pairwise(words)
    return "--log-format=json" in words or ("--log-format", "json") in pairs


def _escape_what_stdout_cannot_encode() -> None:
    """A terminal whose charset has no Vietnamese (a Latin-1 locale) shows "Huy\\u1ec7n"
    rather than a traceback, as Python already does on stderr."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _note(message: str) -> None:
    """A line for the person at the terminal, on stderr beside the output; when the logs
    are JSON, an info object, shown at any level as the plain line is (--quiet skips it)."""
    if logs_json():
        log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, message, (), None))
    else:
        click.echo(message, err=True)


def _error(exc: SyndicateError) -> None:
    """A command's error, as a log object when the logs are JSON, else as a plain line."""
    if logs_json():
        _log_error(str(exc), exc)
    else:
        click.echo(f"syndicate: {exc}", err=True)


def _log_error(message: str, exc: Exception) -> None:
    """An error that ends the command, as the one JSON object a shipper reads."""
    log.error("%s", message, extra={"fields": {"error": type(exc).__name__}})


def _finish(code: int, standalone_mode: bool) -> int:
    if standalone_mode:
        sys.exit(code)
    return code
