"""Incremental publishing: the manifest skips unchanged documents, never a changed one,
and archive pages rendered by worker processes are the bytes one process renders."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from syndicate.config import Config
from syndicate.model import FeedEntry
from syndicate.publish import FORMATS, publish
from syndicate.publish.manifest import MANIFEST_FILE
from tests.publish.factories import BASE, make_entry
from tests.publish.validate import check_feed_file

OLD = 1_000_000_000


def entries(count: int) -> list[FeedEntry]:
    sources = ("dak-to-tin", "kon-plong-tin", "tinh-tin")
    return [make_entry(n, source=sources[n % 3]) for n in range(1, count + 1)]


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_FILE
    }


def age_all(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def touched(out: Path) -> set[str]:
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime != OLD and p.name != MANIFEST_FILE
    }


def test_unchanged_republish_renders_and_touches_nothing(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    assert (out / MANIFEST_FILE).is_file()
    age_all(out)
    report = publish(config, entries(23), [], out)
    assert report.written == []
    assert touched(out) == set()


def test_a_changed_entry_rewrites_exactly_the_current_documents_listing_it(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    first = entries(23)
    publish(config, first, [], out)
    age_all(out)
    recent = first[-2]  # seq 22, from kon-plong-tin: in the province, district, category
    edited = replace(
        recent, title="Hội nghị đã sửa tiêu đề", updated=recent.updated.replace(hour=23)
    )
    report = publish(config, [*first[:-2], edited, first[-1]], [], out)
    written_feeds = {
        Path(p).with_suffix("").as_posix() for p in report.written if Path(p).suffix in FORMATS
    }
    assert written_feeds == {"province", "districts/kon-plong", "categories/kinh-te"}
    assert "Hội nghị đã sửa tiêu đề".encode() in (out / "province.atom").read_bytes()
    assert touched(out) == set(report.written)


def test_a_deleted_or_edited_file_is_written_again(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    before = snapshot(out)
    (out / "province.rss").unlink()
    (out / "districts" / "dak-to.json").write_bytes(b"{}")
    report = publish(config, entries(23), [], out)
    assert {"province.rss", "districts/dak-to.json"} <= set(report.written)
    assert snapshot(out) == before


@pytest.mark.parametrize("manifest", [b"", b"not json", b'{"version": 99}', b"[1, 2]"])
def test_a_damaged_manifest_means_rendering_everything_again(
    config: Config, tmp_path: Path, manifest: bytes
) -> None:
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    before = snapshot(out)
    (out / MANIFEST_FILE).write_bytes(manifest)
    (out / "province.atom").write_bytes(b"x" * len(before["province.atom"]))  # same size
    publish(config, entries(23), [], out)
    assert snapshot(out) == before


def test_worker_processes_render_the_same_bytes_as_one_process(
    config: Config, tmp_path: Path
) -> None:
    many = entries(160)  # archive pages of 5: dozens of pages per feed
    serial, forked = tmp_path / "serial", tmp_path / "forked"
    publish(config, many, [], serial, workers=1)
    report = publish(config, many, [], forked, workers=2)
    assert snapshot(forked) == snapshot(serial)
    pages = [p for p in report.written if p.startswith("archive/")]
    assert len(pages) > 100
    for relative in [*pages[:: len(pages) // 12], "province.atom", "province.rss"]:
        path = forked / relative
        key = Path(relative).with_suffix("").as_posix()
        check_feed_file(path, path.suffix, self_url=f"{BASE}{key}{path.suffix}")
    assert not [p for p in forked.rglob(".*.tmp")]
