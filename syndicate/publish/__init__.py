"""The publishing stage: feed entries in, a folder of feeds, OPML and index.html out.

`publish` is the only function here that touches the disk (through `write_files`).
Everything it calls before that is pure: `build_documents` decides the documents,
`render_document` turns one document into its three files, independently of the rest,
so unchanged documents can be skipped. Archive pages already on disk are never
rendered again: their bytes are final.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from syndicate.config import Config
from syndicate.model import FeedDocument, FeedEntry, SourceHealth
from syndicate.publish.documents import build_documents
from syndicate.publish.fields import STYLESHEET
from syndicate.publish.formats import FORMATS, Format
from syndicate.publish.index import render_index
from syndicate.publish.jsonfeed import render_json
from syndicate.publish.opml import render_opml
from syndicate.publish.rss_atom import render_atom, render_rss
from syndicate.publish.writer import WriteReport, is_archive, write_files

OPML_FILE = "feeds.opml"
INDEX_FILE = "index.html"

__all__ = [
    "FORMATS",
    "Format",
    "WriteReport",
    "build_documents",
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


def static_files() -> dict[str, bytes]:
    """Files shipped with the package and copied to the output root as they are."""
    folder = resources.files(__name__).joinpath("static")
    return {STYLESHEET: folder.joinpath(STYLESHEET).read_bytes()}


def publish(
    config: Config,
    entries: Sequence[FeedEntry],
    health: Sequence[SourceHealth],
    out_dir: Path | None = None,
) -> WriteReport:
    """Build, render and write every published file; unchanged files are left untouched."""
    out = out_dir if out_dir is not None else config.storage.output
    docs = build_documents(config, entries)
    files: dict[str, bytes] = {}
    kept: list[str] = []
    for doc in docs:
        if doc.archive and _on_disk(out, doc):
            kept += [doc.key + extension for extension in FORMATS]
            continue
        files.update(render_document(doc))
    files[OPML_FILE] = render_opml(config, docs)
    files[INDEX_FILE] = render_index(config, docs, health)
    files.update(static_files())
    report = write_files(out, files, immutable=is_archive)
    report.unchanged.extend(kept)
    return report


def _on_disk(out: Path, doc: FeedDocument) -> bool:
    return all((out / (doc.key + extension)).is_file() for extension in FORMATS)
