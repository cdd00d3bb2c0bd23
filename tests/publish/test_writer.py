"""write_files and publish: atomic, incremental, archives untouched by new entries, every
file valid."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from syndicate.config import Config
from syndicate.model import FeedEntry
from syndicate.publish import FORMATS, publish, write_files, writer
from tests.publish.factories import BASE, make_entry
from tests.publish.validate import check_feed_file

OLD = 1_000_000_000  # an mtime far in the past, to see whether a file was touched


def age(path: Path) -> None:
    os.utime(path, (OLD, OLD))


def without_next_archive(feed: bytes) -> bytes:
    return b"".join(line for line in feed.splitlines(True) if b'rel="next-archive"' not in line)


def next_archive(path: Path) -> str:
    """Where an RSS or Atom archive page's next-archive link leads, under the base URL."""
    found = re.search(rb'href="([^"]+)" rel="next-archive"', path.read_bytes())
    assert found is not None, path
    return found[1].decode().removeprefix(BASE)


class TestWriteFiles:
    def test_writes_new_files_and_folders(self, tmp_path: Path) -> None:
        report = write_files(tmp_path / "out", {"a.txt": b"1", "x/y/b.txt": b"2"})
        assert report.written == ["a.txt", "x/y/b.txt"] and report.unchanged == []
        assert (tmp_path / "out" / "x" / "y" / "b.txt").read_bytes() == b"2"
        assert (tmp_path / "out" / "a.txt").stat().st_mode & 0o777 == 0o644

    def test_identical_bytes_keep_the_file_and_its_mtime(self, tmp_path: Path) -> None:
        write_files(tmp_path, {"feed.rss": b"same"})
        age(tmp_path / "feed.rss")
        inode = (tmp_path / "feed.rss").stat().st_ino
        report = write_files(tmp_path, {"feed.rss": b"same"})
        assert report.unchanged == ["feed.rss"] and report.written == []
        stat = (tmp_path / "feed.rss").stat()
        assert (stat.st_mtime, stat.st_ino) == (OLD, inode)

    @pytest.mark.parametrize("new", [b"other", b"longer content", b""])
    def test_changed_bytes_replace_the_file_atomically(self, tmp_path: Path, new: bytes) -> None:
        write_files(tmp_path, {"feed.rss": b"old!!"})
        reader = (tmp_path / "feed.rss").open("rb")  # a reader holding the old file
        report = write_files(tmp_path, {"feed.rss": new})
        assert report.written == ["feed.rss"]
        assert (tmp_path / "feed.rss").read_bytes() == new
        assert reader.read() == b"old!!"  # replaced by rename, not rewritten in place
        reader.close()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.rss"]  # no temp left

    def test_temporary_files_of_a_killed_publication_are_swept(self, tmp_path: Path) -> None:
        (tmp_path / "categories").mkdir()
        stale = [
            tmp_path / ".province.rss.abc123.tmp",
            tmp_path / "categories" / ".y-te.atom.x.tmp",
        ]
        for path in stale:
            path.write_bytes(b"half a feed")
            age(path)
        kept = tmp_path / ".well-known.tmp.txt"  # not one of ours: another name pattern
        kept.write_bytes(b"x")
        age(kept)
        write_files(tmp_path, {"province.rss": b"whole"})
        assert not any(p.exists() for p in stale)
        assert kept.exists() and (tmp_path / "province.rss").read_bytes() == b"whole"

    def test_leftovers_are_swept_before_writing_so_a_disk_they_fill_heals(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A killed first publication can leave gigabytes behind: were they swept only
        after a successful run, a disk they filled would fail every run after it."""
        stale = tmp_path / ".province.rss.abc123.tmp"
        stale.write_bytes(b"half of a very large feed")
        age(stale)

        def disk_full(fd: int, chunks: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(writer, "_write_all", disk_full)
        with pytest.raises(OSError, match="No space"):
            write_files(tmp_path, {"province.rss": b"whole"})
        assert not stale.exists()

    def test_a_fresh_temporary_file_is_left_to_its_writer(self, tmp_path: Path) -> None:
        fresh = tmp_path / ".province.rss.running.tmp"
        fresh.write_bytes(b"being written")
        os.utime(fresh, (2**33, 2**33))  # newer than this writer's start
        write_files(tmp_path, {"other.rss": b"1"})
        assert fresh.exists()

    def test_a_failed_publication_removes_what_its_stopped_workers_left(
        self, tmp_path: Path
    ) -> None:
        # A worker stopped between creating a temporary file and recording it leaves
        # one that no list names; the failed publication removes it all the same.
        with pytest.raises(KeyboardInterrupt), writer.FileWriter(tmp_path) as files:
            files.write("province.rss", b"whole")
            (tmp_path / "archive").mkdir()
            (tmp_path / "archive" / ".3.atom.k7x2.tmp").write_bytes(b"half a page")
            raise KeyboardInterrupt
        assert [p for p in tmp_path.rglob("*") if p.is_file()] == []

    def test_short_writes_resume_inside_a_piece(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real_writev = os.writev

        def dribble(fd: int, buffers: list[bytes]) -> int:  # at most 7 bytes a call
            data = b"".join(bytes(b) for b in buffers)[:7]
            return real_writev(fd, [data])

        monkeypatch.setattr(os, "writev", dribble)
        pieces = [b"<feed>", b"", "Tin trong huyện".encode(), b"", b"x" * 30, b"</feed>"]
        write_files(tmp_path, {"province.atom": pieces})
        assert (tmp_path / "province.atom").read_bytes() == b"".join(pieces)

    @pytest.mark.parametrize(
        "path",
        [
            "../escape.txt",
            "a/../../escape.txt",
            "/etc/passwd",
            "a\\b.txt",
            "",
            "a//b",
            "./a",
            "a\x00",
        ],
    )
    def test_paths_escaping_the_folder_are_refused_before_writing(
        self, tmp_path: Path, path: str
    ) -> None:
        out = tmp_path / "out"
        with pytest.raises(ValueError, match="outside the output folder"):
            write_files(out, {"fine.txt": b"1", path: b"x"})
        assert not (out / "fine.txt").exists()

    def test_a_symlinked_folder_leading_out_is_refused(self, tmp_path: Path) -> None:
        out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
        out.mkdir()
        elsewhere.mkdir()
        (out / "link").symlink_to(elsewhere)
        with pytest.raises(ValueError):
            write_files(out, {"link/x.txt": b"x"})
        assert not (elsewhere / "x.txt").exists()


class TestPublish:
    def entries(self, count: int) -> list[FeedEntry]:
        sources = ("dak-to-tin", "kon-plong-tin", "tinh-tin")
        return [make_entry(n, source=sources[n % 3]) for n in range(1, count + 1)]

    def test_every_published_file_is_valid(self, config: Config, tmp_path: Path) -> None:
        out = tmp_path / "public"
        report = publish(config, self.entries(17), [], out)
        assert {"index.html", "feeds.opml", "feed.xsl", "province.atom"} <= set(report.written)
        feeds = [p for p in out.rglob("*") if p.suffix in FORMATS]
        assert len(feeds) == len(report.written) - 3
        for path in feeds:
            key = path.relative_to(out).with_suffix("").as_posix()
            check_feed_file(path, path.suffix, self_url=f"{BASE}{key}{path.suffix}")
        assert (out / "archive" / "districts" / "dak-to" / "0.rss").is_file()
        assert b"<xsl:stylesheet" in (out / "feed.xsl").read_bytes()

    def test_publishing_again_changes_nothing(self, config: Config, tmp_path: Path) -> None:
        publish(config, self.entries(17), [], tmp_path)
        for path in tmp_path.rglob("*.*"):
            age(path)
        report = publish(config, self.entries(17), [], tmp_path)
        assert report.written == []
        assert all(p.stat().st_mtime == OLD for p in tmp_path.rglob("*.*"))

    def test_new_entries_change_no_archive_page_but_link_the_newest_on(
        self, config: Config, tmp_path: Path
    ) -> None:
        """A page keeps its bytes for good, but for the next-archive link the newest page
        gains once the page after it exists. Written again for that, it shows its entries
        as they are now (an edit included); JSON Feed names older pages only."""
        publish(config, self.entries(16), [], tmp_path)
        archives = {p: p.read_bytes() for p in (tmp_path / "archive").rglob("*.*")}
        newest = {p.with_suffix("") for p in archives if p.suffix == ".atom"} - {
            p.with_suffix("") for p in archives if b'rel="next-archive"' in archives[p]
        }
        for path in archives:
            age(path)
        # An article already archived changes, and many new ones arrive.
        changed = [*self.entries(40)]
        changed[0] = make_entry(1, source="kon-plong-tin", title="Tiêu đề đã sửa")
        report = publish(config, changed, [], tmp_path)
        relinked = {tmp_path / p for p in report.written if tmp_path / p in archives}
        assert {p.with_suffix("") for p in relinked} == newest
        for path, data in archives.items():
            if path.with_suffix("") not in newest:
                assert path.read_bytes() == data and path.stat().st_mtime == OLD
            elif path.suffix != ".json" and changed[0].id.encode() not in data:
                assert without_next_archive(path.read_bytes()) == data
                assert (tmp_path / next_archive(path)).is_file()
        assert any(p.startswith("archive/") for p in report.written)  # new pages did get written
        assert "province.atom" in report.written
        for path in (tmp_path / "archive").rglob("*.*"):
            age(path)
        assert publish(config, changed, [], tmp_path).written == []

    def test_output_folder_defaults_to_the_configuration(
        self, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        report = publish(config, [], [])
        assert (config.storage.output / "index.html").is_file()
        assert "districts/ia-h-drai.json" in report.written
