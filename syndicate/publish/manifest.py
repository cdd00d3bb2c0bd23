"""What the last publication wrote, so an unchanged document is not even rendered.

`.publish-manifest` in the output folder records, for every current document, a
digest of everything its bytes depend on (the document's fields, each listed entry
with its `updated` time in that document, and the renderer code itself) and the size
of each of its files. A document whose digest matches and whose files are all there
at the recorded sizes is skipped. Files edited by hand to the same size go unnoticed
until the document's inputs change; anything else (a deleted file, a changed entry, a
new version of syndicate) renders it again, and the writer still compares bytes.

Archive pages are listed apart, by a digest of which entries they hold (`page_digest`):
a page keeps its entries, so it is skipped while its files exist, unless an entry on
it was withdrawn (`hide`) or merged into a story shown elsewhere, or it was the newest
page and a page was cut after it (it gains its next-archive link). The manifest also
records which entries each page holds (`pages`, by seq), which is what keeps them
there from one run to the next (see `documents`). Both survive a new renderer:
published archive pages are not rewritten for a new version of syndicate, only when
what they list changed, or when what every page of a feed says besides its entries
changed (`archive_context`: the published address, the feed's title, language...),
which would leave their links pointing where the feed no longer is. Pages recorded
before version 4 whose entries share a second are written again once: they dated
some entries' updates before their publication (see `documents._listed`). Each current
document's `updated` is recorded too, and survives a new renderer: a feed is never
dated before it was last published.

The manifest also records what the whole publication was made from (`inputs_key`: the
store's generation, the config, the code), the front page around its health table and
the OPML: the next publication from the same inputs reads nothing, and writes only the
health table, or those files if they were damaged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from syndicate.codehash import code_digest, renderer_digest
from syndicate.config import Config
from syndicate.model import FeedDocument, FeedEntry
from syndicate.publish.documents import Feed, Listed, logical_key
from syndicate.publish.formats import FORMATS

MANIFEST_FILE = ".publish-manifest"
VERSION = 4
# Version 2 had no page records; its pages were cut the way a first cut still is.
# Pages recorded before version 4 moved entries that share a second back, not forward
# (see `documents._listed`).
READABLE_VERSIONS = frozenset({2, 3, VERSION})
STAMPS_FORWARD = 4


@dataclass(slots=True)
class Manifest:
    """Digest and file sizes per current document key."""

    renderer: str = ""
    documents: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict)
    archives: dict[str, str] = field(default_factory=dict)  # page key -> page_digest
    # Page key -> the sizes of its files in FORMATS order, as written: a page cut short
    # or emptied by hand is written again. Absent from manifests before it was recorded.
    archive_sizes: dict[str, list[int]] = field(default_factory=dict)
    pages: dict[str, Sequence[Sequence[int]]] = field(default_factory=dict)  # key -> seqs
    contexts: dict[str, str] = field(default_factory=dict)  # feed key -> archive_context
    # Current document key -> the `updated` it was published with: never gone back from.
    updated: dict[str, datetime] = field(default_factory=dict)
    version: int = VERSION  # of the manifest read; a new one is always written as VERSION
    # What the whole publication was made from (`inputs_key`), and the front page around
    # its health table, which is all a publication from the same inputs has to redo.
    inputs: str = ""
    index: tuple[str, str] = ("", "")
    opml: str = ""  # feeds.opml as written: such a publication writes it again if damaged

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest of the folder; empty when missing or unreadable, and without its
        current documents when written by another renderer."""
        try:
            raw: Any = json.loads((out_dir / MANIFEST_FILE).read_bytes())
            if raw["version"] not in READABLE_VERSIONS:
                return cls(renderer_digest())
            archives = {str(key): str(digest) for key, digest in raw["archives"].items()}
            archive_sizes = {
                str(key): _ints(sizes) for key, sizes in raw.get("archive_sizes", {}).items()
            }
            pages: dict[str, Sequence[Sequence[int]]] = {
                str(key): [_ints(page) for page in feed_pages]
                for key, feed_pages in raw.get("pages", {}).items()
            }
            # Absent from manifests written before contexts were recorded.
            contexts = {str(key): str(digest) for key, digest in raw.get("contexts", {}).items()}
            # Absent from manifests written before feed stamps were recorded.
            updated = {
                str(key): _aware(datetime.fromisoformat(stamp))
                for key, stamp in raw.get("updated", {}).items()
            }
            version = int(raw["version"])
            if raw["renderer"] != renderer_digest():
                return cls(
                    renderer_digest(),
                    archives=archives,
                    archive_sizes=archive_sizes,
                    pages=pages,
                    contexts=contexts,
                    updated=updated,
                    version=version,
                )
            documents = {
                str(key): (str(digest), {str(p): int(s) for p, s in sizes.items()})
                for key, (digest, sizes) in raw["documents"].items()
            }
            # Absent from manifests written before publications recorded their inputs.
            inputs = str(raw.get("inputs", ""))
            before, after = raw.get("index", ("", ""))
            opml = str(raw.get("opml", ""))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(renderer_digest())
        return cls(
            renderer_digest(),
            documents,
            archives,
            archive_sizes,
            pages,
            contexts,
            updated,
            version,
            inputs,
            (str(before), str(after)),
            opml,
        )

    @property
    def stamps_moved_back(self) -> bool:
        """Whether the pages it records moved entries sharing a second back in time."""
        return self.version < STAMPS_FORWARD

    def up_to_date(self, out_dir: Path, key: str, digest: str) -> bool:
        """Whether the document `key` was last written from inputs with this digest and
        its files are still there, at the sizes written."""
        recorded = self.documents.get(key)
        if recorded is None or recorded[0] != digest:
            return False
        for relative, size in recorded[1].items():
            try:
                if (out_dir / relative).stat().st_size != size:
                    return False
            except OSError:
                return False
        return True

    def page_intact(self, key: str, on_disk: Mapping[str, int]) -> bool:
        """Whether archive page `key` has its files in `on_disk` (relative path to size),
        at the sizes written when they were recorded."""
        sizes = self.archive_sizes.get(key)
        paths = [key + extension for extension in FORMATS]
        if sizes is None or len(sizes) != len(paths):
            return all(path in on_disk for path in paths)
        return all(on_disk.get(path) == size for path, size in zip(paths, sizes, strict=True))

    def record(self, out_dir: Path, key: str, digest: str, paths: Iterable[str]) -> None:
        """Remember a document as its files now are on disk."""
        self.documents[key] = (digest, {p: (out_dir / p).stat().st_size for p in paths})

    def published_files(self) -> dict[str, set[str]]:
        """The files this manifest says were published, by the feed they belong to.

        A feed's records of pages and context outlive a new renderer, which drops the
        current documents' records: they still say that its current files were written.
        """
        found: dict[str, set[str]] = {}
        for key, (_, sizes) in self.documents.items():
            found.setdefault(logical_key(key), set()).update(sizes)
        for key in (*self.pages, *self.contexts, *self.archives):
            found.setdefault(logical_key(key), set()).update(key + ext for ext in FORMATS)
        return found

    def to_bytes(self) -> bytes:
        data = {
            "version": VERSION,
            "renderer": self.renderer,
            "documents": {k: list(v) for k, v in sorted(self.documents.items())},
            "archives": dict(sorted(self.archives.items())),
            "archive_sizes": dict(sorted(self.archive_sizes.items())),
            "pages": dict(sorted(self.pages.items())),
            "contexts": dict(sorted(self.contexts.items())),
            "updated": {key: stamp.isoformat() for key, stamp in sorted(self.updated.items())},
            "inputs": self.inputs,
            "index": list(self.index),
            "opml": self.opml,
        }
        # No indent: a large store records hundreds of thousands of seqs, and only
        # json's C encoder writes them fast enough for every run.
        return (json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _aware(moment: datetime) -> datetime:
    """A recorded stamp as written (UTC, aware); ValueError for anything else."""
    if moment.tzinfo is None:
        raise ValueError("a recorded feed stamp without its zone")
    return moment


def _ints(values: Any) -> list[int]:
    """A list of ints as json gave it back; TypeError for anything else."""
    if type(values) is not list or not all(type(v) is int for v in values):
        raise TypeError("a page record is not a list of seqs")
    return values


def page_digest(entries: Iterable[FeedEntry], *, newest: bool = False) -> str:
    """Which entries an archive page lists (their ids, in order), and whether it is the
    feed's newest page, which has no next-archive link yet."""
    h = hashlib.blake2b(digest_size=16)
    for entry in entries:
        h.update(entry.id.encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    if newest:
        h.update(b"\x00newest")  # ids are tag URIs, never a NUL: no list of ids reads so
    return h.hexdigest()


def archive_context(feed: Feed) -> str:
    """What every archive page of `feed` says besides its entries: a page written under
    another context is written again, whatever entries it holds."""
    fields: tuple[str, ...] = (
        feed.base_url,
        feed.title,
        feed.subtitle,
        feed.home_url,
        feed.language,
    )
    if feed.id_base:  # only where it differs: pages recorded before it keep their context
        fields += (feed.id_base,)
    return hashlib.blake2b(
        repr(fields).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def document_digest(
    header: FeedDocument, listed: Sequence[Listed], entry_digests: EntryDigests
) -> str:
    """A digest of everything a current document's files are made from."""
    h = hashlib.blake2b(digest_size=20)
    h.update(renderer_digest().encode())
    h.update(repr(header).encode("utf-8", "surrogatepass"))
    for entry, when in listed:
        h.update(entry_digests.of(entry))
        h.update(when.isoformat().encode())
    return h.hexdigest()


class EntryDigests:
    """Each entry's digest, computed once per run however many documents list it."""

    def __init__(self) -> None:
        self._seen: dict[str, bytes] = {}

    def of(self, entry: FeedEntry) -> bytes:
        found = self._seen.get(entry.id)
        if found is None:
            if not entry.has_text:
                raise ValueError(f"{entry.id}: digested without its text")
            # repr covers every field, nested origins included, so a field added to
            # FeedEntry later is part of the digest without anyone remembering to.
            found = hashlib.blake2b(
                repr(entry).encode("utf-8", "surrogatepass"), digest_size=20
            ).digest()
            self._seen[entry.id] = found
        return found


def inputs_key(config: Config, generation: int, id_base: str = "") -> str:
    """What a whole publication is made from besides the sources' health: the store's
    state (`Store.generation`), what feed ids are built on, the config, and the code
    that reads and renders it.
    The health table of the front page is all that differs between two publications
    with the same key.

    Only the parts of the config publishing reads count: the config file named another
    way (`-c province.toml` by hand, the full path from cron) is the same publication.
    """
    read = (config.province, config.publish, config.categories, config.districts, config.sources)
    # A feed id base that is the configured base_url is no other base (see `plan_feeds`).
    id_base = "" if id_base == config.province.base_url else id_base
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{generation}\n{id_base}\n{read!r}\n".encode("utf-8", "surrogatepass"))
    h.update(code_digest().encode())
    return h.hexdigest()
