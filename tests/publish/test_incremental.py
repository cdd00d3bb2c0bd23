"""Incremental publishing: the manifest skips unchanged documents, never a changed one,
and archive pages rendered by worker processes are the bytes one process renders."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import syndicate.publish
from syndicate.config import Config, parse_config
from syndicate.model import FeedEntry
from syndicate.publish import FORMATS, plan_feeds, publish
from syndicate.publish.fragments import Fragments
from syndicate.publish.manifest import MANIFEST_FILE, page_digest
from tests.publish.factories import BASE, ORIGINS, PROVINCE, make_config, make_entry
from tests.publish.test_writer import without_next_archive
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


def day_dated(count: int) -> list[FeedEntry]:
    """Entries dated by the day alone, never edited: one second for all, kept apart by
    milliseconds in every document."""
    midnight = datetime(2024, 9, 1, 17, tzinfo=UTC)
    return [replace(e, published=midnight, updated=midnight) for e in entries(count)]


def test_entries_kept_apart_by_milliseconds_republish_byte_for_byte(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish(config, day_dated(23), [], out)
    before = snapshot(out)
    assert b".001+00:00</updated>" in before["archive/province/0.atom"]
    age_all(out)
    assert publish(config, day_dated(23)[::-1], [], out).written == []
    assert touched(out) == set()
    (out / MANIFEST_FILE).unlink()  # rendered again from scratch: the same bytes
    assert publish(config, day_dated(23), [], out).written == []
    assert snapshot(out) == before


def test_pages_published_moving_shared_seconds_back_are_written_again(
    config: Config, tmp_path: Path
) -> None:
    """Manifests before version 4 moved entries sharing a second one second back, to
    before they were published: those pages are written again, once, and no other."""
    out = tmp_path / "public"
    mixed = [*day_dated(10), *entries(23)[10:]]  # province pages 0 and 1 share a second
    publish(config, mixed, [], out)
    good = snapshot(out)
    for relative in ("archive/province/0.atom", "archive/province/1.atom"):
        # As the old rule wrote it: 17:00:00, 16:59:59, 16:59:58...
        moved_back = re.sub(rb"\.00(\d)\+00:00", rb"-00:0\1", good[relative])
        assert moved_back != good[relative]
        (out / relative).write_bytes(moved_back)
    manifest = json.loads((out / MANIFEST_FILE).read_bytes())
    (out / MANIFEST_FILE).write_text(json.dumps({**manifest, "version": 3}))
    age_all(out)
    report = publish(config, mixed, [], out)
    assert set(report.written) == {"archive/province/0.atom", "archive/province/1.atom"}
    assert snapshot(out) == good
    assert touched(out) == set(report.written)
    assert json.loads((out / MANIFEST_FILE).read_bytes())["version"] == 4
    assert publish(config, mixed, [], out).written == []


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


@pytest.mark.parametrize("how", ["emptied", "cut short"])
def test_an_archive_page_cut_short_is_written_again(
    config: Config, tmp_path: Path, how: str
) -> None:
    # Only existing, it stayed broken through every later run, changed store or not.
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    before = snapshot(out)
    page = out / "archive" / "province" / "0.atom"
    page.write_bytes(b"" if how == "emptied" else page.read_bytes()[:100])
    assert publish(config, entries(23), [], out).written == ["archive/province/0.atom"]
    assert snapshot(out) == before
    page.write_bytes(page.read_bytes()[:100])
    assert "archive/province/0.atom" in publish(config, entries(24), [], out).written
    assert (out / "archive/province/0.atom").read_bytes() == before["archive/province/0.atom"]


def test_the_newest_pages_json_stays_as_written_when_the_next_page_is_cut(
    config: Config, tmp_path: Path
) -> None:
    # A JSON archive page says it expired: it never changes again. Its Atom and RSS
    # gain their next-archive link once, and what changed in their entries with it;
    # JSON Feed links back alone, so its page had been rewritten for nothing.
    out = tmp_path / "public"
    publish(config, entries(23), [], out)
    newest = max(int(p.stem) for p in (out / "archive" / "province").glob("*.json"))
    page = out / "archive" / "province" / f"{newest}.json"
    listed = json.loads(page.read_bytes())["items"]
    edited_id = listed[0]["id"]
    age_all(out)
    before = page.read_bytes()
    later = [
        replace(e, title=e.title + " (cập nhật)") if e.id == edited_id else e for e in entries(28)
    ]
    report = publish(config, later, [], out)
    key = f"archive/province/{newest}"
    assert {key + ".atom", key + ".rss"} <= set(report.written)
    assert key + ".json" not in report.written
    assert page.read_bytes() == before and page.stat().st_mtime == OLD
    assert "(cập nhật)" in (out / f"{key}.atom").read_text(encoding="utf-8")
    assert f"archive/province/{newest + 1}.json" in report.written
    for extension in FORMATS:
        check_feed_file(out / f"{key}{extension}", extension)
    # and an unchanged run after leaves every file as it is
    age_all(out)
    assert publish(config, later, [], out).written == []


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


def walk_province(out: Path) -> list[str]:
    return walk(out, "province")


def walk(out: Path, key: str) -> list[str]:
    """Entry ids a client collects from the published Atom files of feed `key`: the
    current document, then prev-archive links back to the first page. The current
    document may repeat the newest archived entries (RFC 5005 lets it); an archive page
    may not repeat another's."""
    import feedparser

    current: list[str] = []
    archived: list[str] = []
    path = out / f"{key}.atom"
    while True:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        (archived if current else current).extend(e.id for e in parsed.entries)
        older = [link.href for link in parsed.feed.links if link.rel == "prev-archive"]
        if not older:
            assert len(archived) == len(set(archived)), "an entry on two archive pages"
            return list(dict.fromkeys(current + archived))
        path = out / older[0].removeprefix(BASE)


def test_a_withdrawn_entry_leaves_its_archive_page_and_the_walk_stays_whole(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    first = entries(40)  # archive pages of 5, current documents of 10
    publish(config, first, [], out)
    gone = first[1]
    assert gone.id in (out / "archive" / "province" / "0.atom").read_text(encoding="utf-8")
    age_all(out)
    kept = [e for e in first if e.id != gone.id]
    report = publish(config, kept, [], out)
    for path in out.rglob("*"):
        if path.suffix in FORMATS:
            assert gone.id not in path.read_text(encoding="utf-8"), path
    walked = walk_province(out)
    assert len(walked) == len(set(walked)) and set(walked) == {e.id for e in kept}
    # Pages before the withdrawn entry are left alone.
    assert "archive/province/0.atom" in report.written
    assert not any(p.startswith("archive/categories/thong-bao/") for p in report.written)


def test_a_withdrawn_entry_moves_no_other_entry_between_pages(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    first = entries(40)  # the province has eight complete pages of 5, 0 to 7
    publish(config, first, [], out)
    before = snapshot(out)
    report = publish(config, first[1:], [], out)
    province_pages = {p for p in report.written if p.startswith("archive/province/")}
    assert province_pages == {f"archive/province/0{ext}" for ext in FORMATS}
    after = snapshot(out)
    for number in range(1, 8):
        for ext in FORMATS:
            key = f"archive/province/{number}{ext}"
            assert after[key] == before[key]
    assert report.removed == []
    assert set(walk_province(out)) == {e.id for e in first[1:]}


def test_an_entry_joining_a_feed_late_goes_to_a_new_page(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = entries(40)
    publish(config, first, [], out)
    before = snapshot(out)
    # An old dak-to story turns out to be republished by kon-plong: it joins that feed.
    joined = replace(first[2], also_on=(ORIGINS["kon-plong-tin"],))
    later = [*first[:2], joined, *first[3:], *entries(55)[40:]]
    publish(config, later, [], out)
    after = snapshot(out)
    old_pages = [k for k in before if k.startswith("archive/districts/kon-plong/")]
    assert old_pages
    for key in old_pages:  # the newest gains its next-archive link, nothing else
        assert without_next_archive(after[key]) == before[key] or after[key] == before[key], key
    walked = walk(out, "districts/kon-plong")
    assert walked.count(joined.id) == 1
    assert len(walked) == len(set(walked))


def test_pages_past_the_end_are_removed_when_the_records_are_lost(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    first = entries(40)
    publish(config, first, [], out)
    assert (out / "archive/province/7.atom").is_file()
    (out / MANIFEST_FILE).unlink()
    report = publish(config, first[5:], [], out)
    assert {f"archive/province/7{ext}" for ext in FORMATS} <= set(report.removed)
    assert not (out / "archive/province/7.rss").exists()
    assert set(walk_province(out)) == {e.id for e in first[5:]}


def test_pages_without_records_keep_their_files_when_their_bytes_are_the_same(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    (out / MANIFEST_FILE).unlink()
    page = out / "archive" / "province" / "0.atom"
    page.write_bytes(page.read_bytes())  # same bytes, touched
    age_all(out)
    report = publish(config, entries(40), [], out)
    assert not [p for p in report.written if p.startswith("archive/")]


def test_turning_archives_off_removes_the_pages(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    assert list((out / "archive").rglob("*.atom"))
    report = publish(make_config(tmp_path, archive_page_size=0), entries(40), [], out)
    assert not list((out / "archive").rglob("*.atom"))
    assert any(p.startswith("archive/province/") for p in report.removed)


def test_a_new_base_url_reaches_every_archive_page(config: Config, tmp_path: Path) -> None:
    """Moving the published folder (to https, say) must move the pages' links too, or
    a client walking back from the new current document lands on the old address."""
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    moved_to = "https://tin-moi.example.org/kt/"
    moved = replace(config, province=replace(config.province, base_url=moved_to))
    report = publish(moved, entries(40), [], out)
    assert "archive/province/0.atom" in report.written
    for path in (out / "archive").rglob("*.*"):
        key = path.relative_to(out).with_suffix("").as_posix()
        check_feed_file(path, path.suffix, self_url=f"{moved_to}{key}{path.suffix}")
        assert BASE not in path.read_text(encoding="utf-8"), path
    age_all(out)
    assert publish(moved, entries(40), [], out).written == []


def test_a_failed_publication_leaves_the_folder_as_it_was(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also when the worker processes had finished their pages: a first publication
    of a large store stages gigabytes, and what a failure left behind (on a full disk,
    say) would still fill the disk when the next run writes it all again."""
    out = tmp_path / "public"
    publish(config, entries(10), [], out)
    before = snapshot(out)

    def fail_once_the_workers_are_done(*args: object) -> bytes:
        deadline = time.monotonic() + 30
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(syndicate.publish, "index_around_health", fail_once_the_workers_are_done)
    with pytest.raises(OSError, match="No space"):
        publish(config, entries(160), [], out, workers=2)
    assert snapshot(out) == before
    assert list(out.rglob(".*.tmp")) == []


def without(config_raw: dict[str, Any], district: str, category: str) -> dict[str, Any]:
    """The province of `factories` with one district (and its sources) and one
    category taken out of the configuration."""
    return {
        **config_raw,
        "districts": [d for d in config_raw["districts"] if d["slug"] != district],
        "sources": [s for s in config_raw["sources"] if s.get("district") != district],
        "categories": [c for c in config_raw["categories"] if c["slug"] != category],
    }


GONE_FEEDS = (
    "districts/kon-plong",
    "categories/kinh-te",
    "archive/districts/kon-plong/",
    "archive/categories/kinh-te/",
)


def test_feeds_taken_out_of_the_configuration_are_removed_with_their_pages(
    config: Config, tmp_path: Path
) -> None:
    """A reader polling a feed that is no longer published must not see it quietly stop
    changing: its files, archive pages and records go; files the publisher never wrote
    stay, even in its folders."""
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    assert (out / "archive/districts/kon-plong/0.atom").is_file()
    assert (out / "archive/categories/kinh-te/0.atom").is_file()
    foreign = [out / "districts/kon-plong.html", out / "archive/districts/kon-plong/NOTES"]
    for path in foreign:
        path.write_text("not published by syndicate", encoding="utf-8")
    before = snapshot(out)
    age_all(out)

    smaller = parse_config(without(PROVINCE, "kon-plong", "kinh-te"), tmp_path / "s.toml")
    report = publish(smaller, entries(40), [], out)

    gone = {p for p in before if p.startswith(GONE_FEEDS) and Path(p).suffix in FORMATS}
    assert gone and set(report.removed) == gone
    assert not any(p.startswith(GONE_FEEDS) for p in snapshot(out) if Path(p).suffix in FORMATS)
    assert not (out / "archive/categories/kinh-te").exists()
    assert all(path.read_text(encoding="utf-8") for path in foreign)
    manifest = (out / MANIFEST_FILE).read_text(encoding="utf-8")
    assert "kon-plong" not in manifest and "kinh-te" not in manifest
    assert b"kon-plong" not in (out / "feeds.opml").read_bytes()
    # Feeds still planned are left as they were.
    assert touched(out) <= {"feeds.opml", "index.html"}
    assert publish(smaller, entries(40), [], out).removed == []


def test_only_files_the_manifest_records_are_removed(config: Config, tmp_path: Path) -> None:
    """Without a manifest nothing says which files were published: none is removed."""
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    (out / MANIFEST_FILE).unlink()
    smaller = parse_config(without(PROVINCE, "kon-plong", "kinh-te"), tmp_path / "s.toml")
    report = publish(smaller, entries(40), [], out)
    assert report.removed == []
    assert (out / "districts/kon-plong.atom").is_file()
    assert (out / "archive/categories/kinh-te/0.atom").is_file()


def test_feeds_taken_out_are_removed_after_a_new_version_too(
    config: Config, tmp_path: Path
) -> None:
    """A new renderer forgets the current documents' records, not which feeds exist."""
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    manifest = json.loads((out / MANIFEST_FILE).read_bytes())
    (out / MANIFEST_FILE).write_text(json.dumps({**manifest, "renderer": "older"}))
    smaller = parse_config(without(PROVINCE, "kon-plong", "kinh-te"), tmp_path / "s.toml")
    report = publish(smaller, entries(40), [], out)
    assert {f"districts/kon-plong{ext}" for ext in FORMATS} <= set(report.removed)
    assert not (out / "categories/kinh-te.json").exists()


def test_a_damaged_record_removes_nothing_outside_the_folder(
    config: Config, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish(config, entries(10), [], out)
    victim = tmp_path / "victim.atom"
    victim.write_text("keep", encoding="utf-8")
    manifest = json.loads((out / MANIFEST_FILE).read_bytes())
    manifest["pages"]["../victim"] = []
    manifest["archives"]["archive/../../victim"] = "0"
    (out / MANIFEST_FILE).write_text(json.dumps(manifest))
    assert publish(config, entries(10), [], out).removed == []
    assert victim.read_text(encoding="utf-8") == "keep"


def archive_links(out: Path) -> list[tuple[str, str]]:
    """(page, href) of every link between documents in the published Atom archive pages."""
    import feedparser

    found = []
    for path in sorted((out / "archive").rglob("*.atom")):
        for link in feedparser.parse(path.read_bytes()).feed.links:
            if link.rel in ("current", "prev-archive", "next-archive"):
                found.append((path.relative_to(out).as_posix(), link.href))
    return found


def test_every_archive_link_leads_to_a_published_page(config: Config, tmp_path: Path) -> None:
    """The newest page has no next-archive until the page after it is published; then
    it gains one, in one rewrite of that page alone, and nothing moves after that."""
    out = tmp_path / "public"
    published: list[str] = []  # the province's pages so far, oldest first
    for count in (7, 12, 13, 14, 23, 40, 40):
        report = publish(config, entries(count), [], out)
        links = archive_links(out)
        for page, href in links:
            assert (out / href.removeprefix(BASE)).is_file(), (count, page, href)
        pages = {Path(p).with_suffix("").name for p in report.written if "/province/" in p}
        assert pages & set(published) <= set(published[-1:]), count
        published += sorted(pages - set(published), key=int)
    assert published == [str(n) for n in range(8)]
    for n in range(7):  # every page but the newest names the one after it
        assert (f"archive/province/{n}.atom", f"{BASE}archive/province/{n + 1}.atom") in links
    assert not [href for page, href in links if page == "archive/province/7.atom" and "/8." in href]
    assert report.written == []


def test_a_newest_page_published_linking_on_to_nowhere_is_written_again(
    config: Config, tmp_path: Path
) -> None:
    """Earlier publications linked the newest page on to the page after it before that
    existed, and recorded it as any other page: the next run drops the link."""
    out = tmp_path / "public"
    publish(config, entries(40), [], out)
    page = out / "archive/province/7.atom"
    good = page.read_bytes()
    link = f'  <link href="{BASE}archive/province/8.atom" rel="next-archive"/>\n'
    page.write_bytes(good.replace(b"  <fh:archive/>", link.encode() + b"  <fh:archive/>"))
    province = plan_feeds(config, entries(40))[0]
    manifest = json.loads((out / MANIFEST_FILE).read_bytes())
    manifest["archives"]["archive/province/7"] = page_digest(province.page_members(7))
    (out / MANIFEST_FILE).write_text(json.dumps(manifest))
    report = publish(config, entries(40), [], out)
    assert "archive/province/7.atom" in report.written
    assert page.read_bytes() == good


class Texts:
    """The text of entries handed out without it, counting what was asked for."""

    def __init__(self, whole: list[FeedEntry]) -> None:
        self.whole = {e.id: e for e in whole}
        self.asked: list[str] = []

    def __call__(self, wanted: Collection[FeedEntry]) -> dict[str, FeedEntry]:
        self.asked += [e.id for e in wanted]
        return {e.id: self.whole[e.id] for e in wanted}


def without_text(whole: list[FeedEntry]) -> list[FeedEntry]:
    return [replace(e, summary="", content_html="", has_text=False) for e in whole]


@pytest.mark.parametrize("workers", [1, 2])
def test_entries_without_text_publish_the_same_bytes(
    config: Config, tmp_path: Path, workers: int
) -> None:
    # A large store is read without its text, which is read for what is written only.
    whole = entries(160)
    texts = Texts(whole)
    full, lean = tmp_path / "full", tmp_path / "lean"
    publish(config, whole, [], full, workers=workers)
    publish(config, without_text(whole), [], lean, workers=workers, texts=texts)
    assert snapshot(lean) == snapshot(full)
    assert (lean / MANIFEST_FILE).read_bytes() == (full / MANIFEST_FILE).read_bytes()
    if workers == 1:  # the workers' questions stay in their processes
        assert sorted(set(texts.asked)) == sorted(e.id for e in whole)


def test_an_unchanged_republish_reads_the_text_of_current_documents_only(
    config: Config, tmp_path: Path
) -> None:
    whole = entries(160)
    out = tmp_path / "public"
    publish(config, whole, [], out)
    age_all(out)
    texts = Texts(whole)
    report = publish(config, without_text(whole), [], out, texts=texts)
    assert report.written == [] and touched(out) == set()
    current = {e.id for feed in plan_feeds(config, whole) for e in feed.current_members}
    assert sorted(texts.asked) == sorted(current)  # each once, in one go
    assert len(current) < len(whole) // 4


def test_a_new_entry_reads_the_text_of_its_pages_and_current_documents(
    config: Config, tmp_path: Path
) -> None:
    whole = entries(161)
    out = tmp_path / "public"
    publish(config, whole[:160], [], out)
    texts = Texts(whole)
    publish(config, without_text(whole), [], out, texts=texts)
    fresh = tmp_path / "fresh"
    publish(config, whole, [], fresh)
    assert snapshot(out) == snapshot(fresh)
    assert whole[-1].id in texts.asked
    assert len(set(texts.asked)) < len(whole) // 2


def test_entries_without_text_and_nothing_to_read_it_publish_nothing(
    config: Config, tmp_path: Path
) -> None:
    # Rendered as they are, they would be published empty, and archived so for good.
    out = tmp_path / "public"
    with pytest.raises(ValueError, match="without their text"):
        publish(config, without_text(entries(30)), [], out, workers=1)
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_a_sparse_feed_does_not_keep_every_entry_between_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One category has an entry in a hundred: each of its pages spans 500 seqs, and is
    # rendered once its newest entry is, long after its oldest. Entries no page still to
    # come lists are forgotten all the same, with their text.
    config = make_config(tmp_path, archive_page_size=5)
    whole = [
        make_entry(n, category="thong-bao" if n % 100 == 0 else "kinh-te") for n in range(1, 1001)
    ]
    held: list[int] = []
    render = Fragments.render

    def counting(self: Fragments, *args: Any) -> dict[str, list[bytes]]:
        held.append(max(len(self), len(self._loaded)))
        return render(self, *args)

    monkeypatch.setattr(Fragments, "render", counting)
    lean, full = tmp_path / "lean", tmp_path / "full"
    publish(config, without_text(whole), [], lean, workers=1, texts=Texts(whole))
    assert max(held) < 100  # 411 when forgotten below the lowest seq still to come
    monkeypatch.undo()
    publish(config, whole, [], full, workers=1)
    assert snapshot(lean) == snapshot(full)
