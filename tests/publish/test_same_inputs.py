"""A publication from the inputs the last one recorded (the store's generation, the
config, the code) reads no entry and rewrites nothing but the front page's health
table; anything missing or different publishes in full, to the same bytes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicate.config import Config
from syndicate.model import FeedEntry, SourceHealth
from syndicate.publish import publish
from syndicate.publish.manifest import MANIFEST_FILE
from tests.publish.factories import make_config, make_entry
from tests.publish.validate import check_feed_file

OLD = 1_000_000_000
HEALTHY = [
    SourceHealth("dak-to-tin", "dak-to", articles=30, last_success=datetime(2025, 3, 9, tzinfo=UTC))
]
FAILING = [
    SourceHealth(
        "dak-to-tin",
        "dak-to",
        articles=30,
        last_success=datetime(2025, 3, 9, tzinfo=UTC),
        consecutive_failures=1,
        last_error_kind="timeout",
        last_error="hết thời gian chờ sau 20 giây",
    )
]


class Reads:
    """Entries handed out on request, counting the requests."""

    def __init__(self, entries: Sequence[FeedEntry]) -> None:
        self.entries = list(entries)
        self.count = 0

    def __call__(self) -> Sequence[FeedEntry]:
        self.count += 1
        return self.entries


def entries(count: int = 30) -> list[FeedEntry]:
    sources = ("dak-to-tin", "kon-plong-tin", "tinh-tin")
    return [make_entry(n, source=sources[n % 3]) for n in range(1, count + 1)]


def files(out: Path) -> dict[str, tuple[bytes, float]]:
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def contents(out: Path) -> dict[str, bytes]:
    return {k: data for k, (data, _) in files(out).items() if k != MANIFEST_FILE}


def age_all(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


@pytest.fixture
def published(config: Config, tmp_path: Path) -> Path:
    out = tmp_path / "public"
    reads = Reads(entries())
    publish(config, reads, HEALTHY, out, generation=7)
    assert reads.count == 1
    age_all(out)
    return out


def test_the_same_generation_reads_nothing_and_writes_nothing(
    config: Config, published: Path
) -> None:
    before = files(published)
    reads = Reads(entries())
    report = publish(config, reads, HEALTHY, published, generation=7)
    assert reads.count == 0
    assert report.written == []
    assert files(published) == before
    assert set(report.unchanged) == set(before) - {MANIFEST_FILE}


def test_changed_health_rewrites_the_front_page_alone_as_a_full_run_writes_it(
    config: Config, published: Path, tmp_path: Path
) -> None:
    before = files(published)
    reads = Reads(entries())
    report = publish(config, reads, FAILING, published, generation=7)
    assert reads.count == 0
    assert report.written == ["index.html"]
    after = files(published)
    assert {k for k in after if after[k] != before[k]} == {"index.html"}
    assert "hết thời gian chờ sau 20 giây" in (published / "index.html").read_text("utf-8")

    full = tmp_path / "full"
    publish(config, entries(), FAILING, full)
    # The same bytes but for the manifest, which records the store's generation.
    assert contents(full) == contents(published)


def test_another_generation_publishes_what_it_reads(config: Config, published: Path) -> None:
    reads = Reads(entries(31))
    report = publish(config, reads, HEALTHY, published, generation=8)
    assert reads.count == 1
    assert "province.atom" in report.written
    assert "Hội nghị triển khai nhiệm vụ số 31" in (published / "province.atom").read_text("utf-8")
    for extension in (".rss", ".atom", ".json"):
        check_feed_file(published / f"province{extension}", extension)
    # Recorded in its turn: the next run with it reads nothing.
    again = Reads(entries(31))
    assert publish(config, again, HEALTHY, published, generation=8).written == []
    assert again.count == 0


def test_no_generation_always_reads(config: Config, published: Path) -> None:
    reads = Reads(entries())
    assert publish(config, reads, HEALTHY, published).written == []
    assert reads.count == 1
    # Nor is that run's record taken for the store's: the next one reads again.
    reads = Reads(entries())
    publish(config, reads, HEALTHY, published, generation=7)
    assert reads.count == 1


@pytest.mark.parametrize("damage", ["delete", "cut short"])
@pytest.mark.parametrize("name", ["feeds.opml", "feed.xsl", "index.html"])
def test_the_files_besides_the_feeds_are_repaired_without_a_read(
    config: Config, published: Path, name: str, damage: str
) -> None:
    whole = (published / name).read_bytes()
    if damage == "delete":
        (published / name).unlink()
    else:
        (published / name).write_bytes(whole[: len(whole) // 2])
    reads = Reads(entries())
    report = publish(config, reads, HEALTHY, published, generation=7)
    assert reads.count == 0
    assert report.written == [name]
    assert (published / name).read_bytes() == whole


@pytest.mark.parametrize("lost", ["province.atom", "archive/province/0.json"])
def test_a_missing_file_publishes_in_full(config: Config, published: Path, lost: str) -> None:
    before = files(published)
    (published / lost).unlink()
    reads = Reads(entries())
    report = publish(config, reads, HEALTHY, published, generation=7)
    assert reads.count == 1
    assert report.written == [lost]
    assert (published / lost).read_bytes() == before[lost][0]


def test_a_current_file_cut_short_publishes_in_full(config: Config, published: Path) -> None:
    whole = (published / "districts/dak-to.rss").read_bytes()
    (published / "districts/dak-to.rss").write_bytes(whole[:100])
    reads = Reads(entries())
    assert publish(config, reads, HEALTHY, published, generation=7).written == [
        "districts/dak-to.rss"
    ]
    assert reads.count == 1
    assert (published / "districts/dak-to.rss").read_bytes() == whole


def test_another_config_publishes_in_full(published: Path, tmp_path: Path) -> None:
    renamed = make_config(tmp_path, entries_per_feed=5)
    reads = Reads(entries())
    report = publish(renamed, reads, HEALTHY, published, generation=7)
    assert reads.count == 1
    assert "province.rss" in report.written


def test_the_config_file_named_another_way_is_the_same_publication(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cron names the file in full, the operator from its folder: nothing published
    # depends on how, nor on the store's path or the HTTP settings.
    monkeypatch.chdir(tmp_path)
    relative = make_config(Path("."))
    assert relative.path != make_config(tmp_path).path
    reads = Reads(entries())
    assert publish(relative, reads, HEALTHY, published, generation=7).written == []
    assert reads.count == 0


def test_another_address_for_the_feed_ids_publishes_in_full(
    config: Config, published: Path
) -> None:
    reads = Reads(entries())
    report = publish(
        config, reads, HEALTHY, published, generation=7, id_base="https://tin.kontum.gov.vn/"
    )
    assert reads.count == 1
    assert "province.atom" in report.written
    assert "<id>https://tin.kontum.gov.vn/province</id>" in (published / "province.atom").read_text(
        "utf-8"
    )


def test_the_configured_address_as_the_id_base_is_the_same_publication(
    config: Config, published: Path
) -> None:
    # The store names the feeds' id base once published (`Store.feed_id_base`): the
    # configured base_url, which a publication given no id base builds on as well.
    reads = Reads(entries())
    report = publish(
        config, reads, HEALTHY, published, generation=7, id_base=config.province.base_url
    )
    assert reads.count == 0
    assert report.written == []  # the same health: not even the front page


def test_sync_takes_the_code_digest_before_collecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync runs for minutes; code upgraded on disk meanwhile must not be recorded as
    what rendered the run's files, or the next run would take them for its own."""
    from syndicate import cli
    from syndicate.codehash import code_digest
    from syndicate.store import Store
    from tests.e2e.conftest import demo_config_text

    config_path = tmp_path / "demo.toml"
    config_path.write_text(demo_config_text("http://127.0.0.1:9"), encoding="utf-8")
    Store(tmp_path / "demo.db").close()
    code_digest.cache_clear()
    taken_before: list[bool] = []

    def collecting(*args: object, **kwargs: object) -> object:
        taken_before.append(code_digest.cache_info().currsize == 1)
        raise SystemExit(0)  # the rest of the run does not matter here

    monkeypatch.setattr(cli, "_run_collect", collecting)
    cli.main(["--config", str(config_path), "--quiet", "sync"], standalone_mode=False)
    assert taken_before == [True]
