"""The feed formats every document is published in: extension → how to write it.

Adding a format is adding a row here; `publish`, `Fragments` and the tests iterate
over this table. A format writes a whole document (`render`) or, for publishing at
scale, each entry once (`entry`, pieces with gaps for the entry's `updated` stamp)
and a document around already written entries (`document`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from syndicate.model import FeedDocument
from syndicate.publish.fields import EntryText
from syndicate.publish.jsonfeed import json_document, json_item, json_stamp, render_json
from syndicate.publish.rss_atom import (
    ATOM_TYPE,
    RSS_TYPE,
    atom_document,
    atom_entry,
    atom_stamp,
    render_atom,
    render_rss,
    rss_document,
    rss_item,
    rss_stamp,
)

Parts = tuple[bytes, ...]


class Format(NamedTuple):
    render: Callable[[FeedDocument], bytes]
    media_type: str
    # an entry, cleaned → its pieces, with a gap for the `updated` stamp between two
    entry: Callable[[EntryText], Parts]
    stamp: Callable[[datetime], bytes]
    # (document fields, [(entry pieces, stamp)]) → the file, as pieces to write in order
    document: Callable[[FeedDocument, Sequence[tuple[Parts, bytes]]], list[bytes]]


FORMATS: Mapping[str, Format] = {
    ".rss": Format(render_rss, RSS_TYPE, rss_item, rss_stamp, rss_document),
    ".atom": Format(render_atom, ATOM_TYPE, atom_entry, atom_stamp, atom_document),
    ".json": Format(render_json, "application/feed+json", json_item, json_stamp, json_document),
}
