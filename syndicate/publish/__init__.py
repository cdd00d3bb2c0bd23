"""The publishing stage: feed entries in, a folder of feeds, OPML and index.html out.

`publish` is the only function here that touches the disk. Everything it calls
before that is pure: `plan_feeds` decides the logical feeds and their documents,
`Fragments` renders each entry once per format for every document that lists it,
`render_document` turns one document into its three files independently of the rest.

Publishing is incremental. Archive pages already on disk are not rendered again, not
even assembled, unless the entries they list changed or, for a feed's newest page, a
page was cut after it, which it now links to (see `manifest.page_digest`); a
current document whose inputs match the manifest of the last run is skipped too. Archive
pages are rendered in seq order, so the entries they share are rendered once and
forgotten once no later page lists them.

A run from the very inputs the last one recorded (the store's generation, the config,
the code) does less still: it reads no entry and plans no feed, and redoes only the
front page's table of how the sources are doing, which changes with every collection.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from syndicate.config import Config
from syndicate.model import EntryTexts, FeedDocument, FeedEntry, SourceHealth
from syndicate.publish.documents import (
    ARCHIVE_PREFIX,
    Feed,
    build_documents,
    plan_feeds,
    shares_a_second,
    with_entries,
)
from syndicate.publish.fields import STYLESHEET
from syndicate.publish.formats import FORMATS, Format
from syndicate.publish.fragments import Fragments
from syndicate.publish.index import index_around_health, index_with_health, render_index
from syndicate.publish.jsonfeed import EXTENSION as JSON_EXTENSION
from syndicate.publish.jsonfeed import render_json
from syndicate.publish.manifest import (
    MANIFEST_FILE,
    EntryDigests,
    Manifest,
    archive_context,
    document_digest,
    inputs_key,
    page_digest,
)
from syndicate.publish.opml import render_opml
from syndicate.publish.parallel import Page, default_workers, render_pages
from syndicate.publish.rss_atom import render_atom, render_rss
from syndicate.publish.writer import FileWriter, PublishError, WriteReport, write_files

OPML_FILE = "feeds.opml"
INDEX_FILE = "index.html"

# Every entry's `updated` in milliseconds, given the entries (see `publish`).
Stamper = Callable[[Sequence[FeedEntry]], Mapping[str, int]]

__all__ = [
    "FORMATS",
    "Format",
    "PublishError",
    "WriteReport",
    "build_documents",
    "plan_feeds",
    "publish",
    "render_atom",
    "render_document",
    "render_index",
    "render_json",
    "render_opml",
    "render_rss",
    "static_files",
    "write_files",
]


def render_document(doc: FeedDocument) -> dict[str, bytes]:
    """One document in every format: `<key>.rss`, `<key>.atom`, `<key>.json`."""
    return {doc.key + extension: fmt.render(doc) for extension, fmt in FORMATS.items()}


# Where feed.xsl keeps the zone's offset, in minutes east of UTC.
_ZONE_OFFSET = re.compile(rb'<xsl:variable name="zone-offset" select="-?\d+"/>')


def static_files(timezone: str = "Asia/Ho_Chi_Minh") -> dict[str, bytes]:
    """Files shipped with the package and copied to the output root, the stylesheet
    set to show times in `timezone`: at its offset of mid-January, since XSLT 1.0 has no
    zone rules (Vietnam keeps one offset all year)."""
    folder = resources.files(__name__).joinpath("static")
    offset = ZoneInfo(timezone).utcoffset(datetime(2025, 1, 15)) or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    setting = f'<xsl:variable name="zone-offset" select="{minutes}"/>'.encode()
    stylesheet, found = _ZONE_OFFSET.subn(setting, folder.joinpath(STYLESHEET).read_bytes())
    if found != 1:
        raise RuntimeError(f"{STYLESHEET} has no zone-offset variable to set")
    return {STYLESHEET: stylesheet}


def publish(
    config: Config,
    entries: Sequence[FeedEntry] | Callable[[], Sequence[FeedEntry]],
    health: Sequence[SourceHealth],
    out_dir: Path | None = None,
    *,
    workers: int | None = None,
    texts: EntryTexts | None = None,
    generation: int | None = None,
    id_base: str = "",
    stamps: Stamper | None = None,
) -> WriteReport:
    """Render and write every published file that changed; the rest is left untouched.

    `entries` may come without their text (`FeedEntry.has_text`), as a large store is
    best read: `texts` then reads the text of those written, and of the current
    documents, whose digests cover it. An unchanged run reads a few hundred.

    `entries` may also be a function that reads them, called only if needed: with the
    store's `generation` as the last publication recorded it (and the same config and
    code), every feed is as it was, and only the front page's health table is redone,
    from the two halves of the page the manifest keeps. `id_base` is what feed ids are
    built on when not the configured `base_url`: where the feeds were first published
    (`Store.feed_id_base`), so that a moved site keeps them. Read the generation before the
    entries: a change committed in between then only makes the next run a full one,
    where the other way round it would be recorded as published. `stamps` gives every
    entry's `updated` in milliseconds (`documents.entry_stamps` with what earlier
    publications recorded, recording the new ones); without it they are worked out
    from the entries alone.

    Missing archive pages are rendered by `workers` processes (default: one per core
    when there are enough pages; see `parallel`). Nothing is moved into place unless
    every file could be written. The files of feeds no longer configured are removed,
    those the manifest records only.

    Raises PublishError for any OSError on the way (a full disk, say): no temporary
    file is left behind, and every published file is whole, either as it was or new.
    """
    out = out_dir if out_dir is not None else config.storage.output
    try:
        manifest = Manifest.load(out)
        inputs = inputs_key(config, generation, id_base) if generation is not None else ""
        if inputs and inputs == manifest.inputs:
            same = _republish_index(config, health, out, manifest)
            if same is not None:
                return same
        if callable(entries):
            entries = entries()
        stamped = stamps(entries) if stamps is not None else None
        return _publish(
            config, entries, health, out, workers, texts, manifest, inputs, id_base, stamped
        )
    except OSError as error:
        raise PublishError(out, error) from error


def _republish_index(
    config: Config, health: Sequence[SourceHealth], out: Path, manifest: Manifest
) -> WriteReport | None:
    """A publication from the inputs the last one recorded: every file but the front
    page is as it was, if it is still there (else None: publish in full)."""
    published = _published_files(out, manifest)
    if published is None:
        return None
    # What the writer finds as it should be it leaves alone: only a damaged file (or the
    # front page with new health figures) is written.
    with FileWriter(out) as writer:
        writer.write(OPML_FILE, manifest.opml.encode("utf-8"))
        writer.write(INDEX_FILE, index_with_health(config, manifest.index, health))
        for relative, data in static_files(config.province.timezone).items():
            writer.write(relative, data)
    report = writer.report
    report.unchanged += published
    return report


def _published_files(out: Path, manifest: Manifest) -> list[str] | None:
    """The feeds' files the manifest says the last publication left, or None if one is
    missing (a current document's, or at another size) or the manifest keeps no
    front page or OPML to write again."""
    if not all(manifest.index) or not manifest.opml:
        return None
    current = [(key, digest) for key, (digest, _) in manifest.documents.items()]
    if not all(manifest.up_to_date(out, key, digest) for key, digest in current):
        return None
    on_disk = _archive_files(out)
    if not all(manifest.page_intact(key, on_disk) for key in manifest.archives):
        return None
    archives = [key + extension for key in manifest.archives for extension in FORMATS]
    files = [p for _, (_, sizes) in sorted(manifest.documents.items()) for p in sizes]
    return [*files, *archives]


def _publish(
    config: Config,
    entries: Sequence[FeedEntry],
    health: Sequence[SourceHealth],
    out: Path,
    workers: int | None,
    texts: EntryTexts | None,
    manifest: Manifest,
    inputs: str,
    id_base: str,
    stamps: Mapping[str, int] | None,
) -> WriteReport:
    feeds = plan_feeds(config, entries, manifest.pages, id_base=id_base, stamps=stamps)
    fresh = Manifest(manifest.renderer, pages={f.key: f.page_seqs_lists() for f in feeds})
    pages, kept = _pages_to_write(out, feeds, manifest, fresh)
    # Which archive pages to write was decided above; the writer still compares bytes.
    with FileWriter(out) as writer:
        count = workers if workers is not None else default_workers(len(pages))
        rendering = render_pages(pages, config.province.base_url, writer, count, texts)
        try:
            current, unchanged = _write_current(out, feeds, manifest, fresh, writer, texts)
            kept += unchanged
            opml = render_opml(config, current)
            fresh.opml = opml.decode("utf-8")
            writer.write(OPML_FILE, opml)
            fresh.index = index_around_health(config, current)
            writer.write(INDEX_FILE, index_with_health(config, fresh.index, health))
            for relative, data in static_files(config.province.timezone).items():
                writer.write(relative, data)
        except BaseException:
            rendering.abort()
            raise
        rendering.finish()
    report = writer.report
    report.unchanged += kept
    report.removed += _remove_pages_past_the_end(out, feeds, manifest)
    report.removed += _remove_feeds_no_longer_planned(out, feeds, manifest)
    for key, (digest, _) in list(fresh.documents.items()):
        fresh.record(out, key, digest, [key + extension for extension in FORMATS])
    on_disk = _archive_files(out)
    for key in fresh.archives:
        sizes = [on_disk.get(key + extension) for extension in FORMATS]
        if None not in sizes:
            fresh.archive_sizes[key] = [size for size in sizes if size is not None]
    fresh.inputs = inputs
    # Last, so a run that dies before this point is simply redone next time; an
    # unchanged manifest is not even serialized (a large store's records are megabytes).
    if fresh != manifest:
        write_files(out, {MANIFEST_FILE: fresh.to_bytes()})
    return report


def _pages_to_write(
    out: Path, feeds: Sequence[Feed], manifest: Manifest, fresh: Manifest
) -> tuple[list[Page], list[str]]:
    """Archive pages to render, in seq order (see `parallel`), and the files of those
    already published as they should be.

    A page is kept while its files exist and it lists the entries it listed when they
    were written, under the same `archive_context`. A page without a record (the
    manifest was lost) is rendered again; the writer leaves its files alone if their
    bytes come out the same. So is a page whose entries share a second when the
    manifest is from before they were moved forward (`Manifest.stamps_moved_back`):
    it was published saying some were updated before they were published.
    """
    existing = _archive_files(out)
    kept: list[str] = []
    missing: list[tuple[int, Page]] = []
    for feed in feeds:
        context = fresh.contexts[feed.key] = archive_context(feed)
        # A manifest from before contexts were recorded is taken to match, as a new
        # renderer is: rewriting every page of a large store is what both avoid.
        same_context = manifest.contexts.get(feed.key, context) == context
        for page in range(feed.pages):
            key = feed.page_key(page)
            # Digested from what the page holds now, never taken from the record: a
            # store restored from a backup hands the recorded seqs to other articles,
            # and its pages must say so.
            newest = page == feed.pages - 1
            members = feed.page_members(page)
            digest = page_digest(members, newest=newest)
            fresh.archives[key] = digest
            paths = [key + extension for extension in FORMATS]
            recorded = manifest.archives.get(key)
            as_written = (
                same_context
                and manifest.page_intact(key, existing)
                and not (manifest.stamps_moved_back and shares_a_second(members))
            )
            if as_written and recorded == digest:
                kept += paths
            elif as_written and not newest and recorded == page_digest(members, newest=True):
                # Only its link on to the page cut after it is new. JSON Feed links back
                # alone, so its file is complete as written, and says so ("expired"):
                # it stays, bytes and mtime, whatever its entries became since.
                kept.append(key + JSON_EXTENSION)
                formats = tuple(e for e in FORMATS if e != JSON_EXTENSION)
                missing.append((feed.page_seqs(page)[1], (feed, page, formats)))
            else:
                missing.append((feed.page_seqs(page)[1], (feed, page, tuple(FORMATS))))
    missing.sort(key=lambda item: item[0])
    return [page for _, page in missing], kept


def _remove_pages_past_the_end(out: Path, feeds: Sequence[Feed], manifest: Manifest) -> list[str]:
    """Delete archive pages a feed no longer has: pages are kept for good while the
    manifest records them, so this happens only when its records were lost (pages cut
    afresh can come out fewer) or archives were turned off. The last page links on to
    such pages, and they would list again entries that are now elsewhere."""
    removed = []
    for feed in feeds:
        recorded = manifest.pages.get(feed.key)
        if recorded is not None and len(recorded) <= feed.pages:
            continue  # its pages were recorded, and recorded pages stay: none past the end
        for path in sorted((out / ARCHIVE_PREFIX / feed.key).glob("*.*")):
            number = path.name.split(".", 1)[0]
            if number.isdigit() and int(number) >= feed.pages and path.suffix in FORMATS:
                path.unlink(missing_ok=True)
                removed.append(path.relative_to(out).as_posix())
    return removed


def _remove_feeds_no_longer_planned(
    out: Path, feeds: Sequence[Feed], manifest: Manifest
) -> list[str]:
    """Delete the files of feeds the configuration no longer has (a district or category
    taken out), archive pages included: left in place, they would look alive to every
    reader polling them while never changing again. Only files the manifest says were
    published go; their records go with them, as the new manifest lists planned feeds
    alone. Folders left empty are removed too."""
    planned = {feed.key for feed in feeds}
    paths = FileWriter(out)
    removed: list[str] = []
    for key, published in sorted(manifest.published_files().items()):
        if key in planned:
            continue
        for relative in sorted(published):
            try:
                path = paths.check(relative)
            except ValueError:
                continue  # a damaged record: nothing this publisher writes lives there
            if path.suffix not in FORMATS or not path.is_file():
                continue
            path.unlink()
            removed.append(relative)
            _remove_empty_folders(path.parent, paths.root)
    return removed


def _remove_empty_folders(folder: Path, out: Path) -> None:
    """Remove `folder` and then its parents below `out`, up to the first one not empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or not ours to remove): neither are its parents
        folder = folder.parent


def _write_current(
    out: Path,
    feeds: Sequence[Feed],
    manifest: Manifest,
    fresh: Manifest,
    writer: FileWriter,
    texts: EntryTexts | None,
) -> tuple[list[FeedDocument], list[str]]:
    """Hand over each current document whose inputs changed; return all the documents,
    and the files of those left as they are."""
    fragments = Fragments(
        feeds[0].base_url if feeds else "", texts, feeds[0].id_base if feeds else ""
    )
    digests = EntryDigests()
    current: list[FeedDocument] = []
    unchanged: list[str] = []
    listings = [feed.listing(None) for feed in feeds]
    fragments.load(entry for _, listed in listings for entry, _ in listed)
    for header, listed in listings:
        listed = [(fragments.whole(entry), when) for entry, when in listed]
        header = _never_back(header, manifest.updated.get(header.key))
        fresh.updated[header.key] = header.updated
        digest = document_digest(header, listed, digests)
        if manifest.up_to_date(out, header.key, digest):
            unchanged += [header.key + extension for extension in FORMATS]
        else:
            for extension, chunks in fragments.render(header, listed).items():
                writer.write(header.key + extension, chunks)
        fresh.documents[header.key] = (digest, {})
        current.append(with_entries(header, listed))
    return current, unchanged


def _never_back(header: FeedDocument, published: datetime | None) -> FeedDocument:
    """The current document dated no earlier than it was last published: its newest
    entry withdrawn, merged away or moved to another category, it would go back in time,
    to 2000 for a feed left empty, and a poller may take an older feed for a stale copy."""
    if published is not None and header.updated < published:
        return replace(header, updated=published)
    return header


def _archive_files(out: Path) -> dict[str, int]:
    """Every file under the archive folder: its size by its relative path."""
    found: dict[str, int] = {}
    folders = [(out / ARCHIVE_PREFIX, ARCHIVE_PREFIX.rstrip("/"))]
    while folders:
        folder, relative = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # none yet, or gone meanwhile
            continue
        for entry in entries:
            name = f"{relative}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((Path(entry.path), name))
                elif entry.is_file(follow_symlinks=False):
                    found[name] = entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return found
