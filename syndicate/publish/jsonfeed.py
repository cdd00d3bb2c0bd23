"""JSON Feed 1.1 renderer: a `FeedDocument` in, UTF-8 bytes out.

Attribution rides in the `_syndicate` extension object of each item. JSON Feed has no
archive standard, so RFC 5005 history is offered through pagination: `next_url` of
the current document names the newest complete archive page, and each page names the
one before it. An archive page is marked `expired`: it never changes again.

Serialization is stable and is exactly `json.dumps(feed, ensure_ascii=False,
indent=2)`: keys in a fixed order, two-space indent. Items are written from a template
of that layout (`json_item`) rather than through `json.dumps`, whose indenting encoder
is pure Python: an item is written once and reused by every document that lists it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

from syndicate.model import EntryOrigin, FeedDocument
from syndicate.publish.fields import (
    EntryText,
    clean,
    link_href,
    rfc3339,
    self_url,
)

VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = ".json"
_END = b"\n  ]\n}\n"
_ITEM_SEPARATOR = b",\n"

# An item is two pieces around its `date_modified` value, which may differ from one
# document to the next.
Parts = tuple[bytes, ...]


def render_json(doc: FeedDocument) -> bytes:
    """The document as JSON Feed 1.1."""
    listed = [
        (json_item(EntryText(e, doc.base_url, doc.id_base)), json_stamp(e.updated))
        for e in doc.entries
    ]
    return b"".join(json_document(doc, listed))


def json_document(header: FeedDocument, listed: Sequence[tuple[Parts, bytes]]) -> list[bytes]:
    """The pieces of a JSON Feed file: `header`'s fields, then each item with its stamp."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": clean(header.title),
        "home_page_url": header.home_url,
        "feed_url": self_url(header, EXTENSION),
        "description": clean(header.subtitle),
        "language": header.language,
        "authors": [{"name": clean(header.title), "url": header.home_url}],
    }
    older = next((link for link in header.links if link.rel == "prev-archive"), None)
    if older is not None:
        feed["next_url"] = link_href(older, EXTENSION)
    if header.hub:
        feed["hubs"] = [{"type": "WebSub", "url": header.hub}]
    if header.archive:
        feed["expired"] = True
    feed["items"] = []
    text = json.dumps(feed, ensure_ascii=False, indent=2)
    if not listed:
        return [(text + "\n").encode("utf-8")]
    # `"items": []` closes the text; the items go between the brackets instead.
    chunks = [text[: -len("]\n}")].encode("utf-8") + b"\n"]
    for i, ((start, end), stamp) in enumerate(listed):
        if i:
            chunks.append(_ITEM_SEPARATOR)
        chunks += (start, stamp, end)
    chunks.append(_END)
    return chunks


def json_stamp(moment: datetime) -> bytes:
    """A JSON Feed date, quoted: `"2024-09-02T01:30:00Z"`."""
    return f'"{rfc3339(moment)}"'.encode("ascii")


def json_item(text: EntryText) -> Parts:
    """One item as `json.dumps(..., indent=2)` lays it out inside `items`, in two pieces
    around its `date_modified` value (see `json_document`)."""
    entry = text.entry
    lines = [
        "    {",
        f'      "id": {_string(entry.id)},',
        f'      "url": {_string(entry.url)},',
        f'      "title": {_string(text.title)},',
    ]
    if text.content:
        lines.append(f'      "content_html": {_string(text.content)},')
    else:
        # An item needs content_html or content_text.
        lines.append(f'      "content_text": {_string(text.summary or text.title)},')
    if text.summary:
        lines.append(f'      "summary": {_string(text.summary)},')
    if text.image_url:
        lines.append(f'      "image": {_string(text.image_url)},')
    lines += [
        f'      "date_published": "{rfc3339(text.published)}",',
        '      "date_modified": ',
    ]
    start = "\n".join(lines)
    lines = [
        ",",
        '      "authors": [',
        "        {",
        f'          "name": {_string(text.author)}',
        "        }",
        "      ],",
    ]
    if entry.category_title or entry.category:
        tag = clean(entry.category_title).strip() or entry.category
        lines += ['      "tags": [', f"        {_value(tag)}", "      ],"]
    lines += [
        '      "_syndicate": {',
        _origin_lines(entry.origin, 8) + ",",
        f'        "category": {_value(entry.category)},',
    ]
    if entry.also_on:
        others = ",\n".join(
            "          {\n" + _origin_lines(o, 12) + "\n          }" for o in entry.also_on
        )
        lines += ['        "also_on": [', others, "        ]"]
    else:
        lines.append('        "also_on": []')
    lines += ["      }", "    }"]
    return start.encode("utf-8"), "\n".join(lines).encode("utf-8")


@lru_cache(maxsize=1024)
def _origin_lines(origin: EntryOrigin, indent: int) -> str:
    """An origin's fields, one per line; few sources, so each is written once."""
    pad = " " * indent
    fields = {
        "district": origin.district,
        "district_name": clean(origin.district_name),
        "source_id": origin.source_id,
        "source_title": clean(origin.source_title),
        "source_url": origin.source_url or None,
    }
    return ",\n".join(f"{pad}{_string(k)}: {_value(v)}" for k, v in fields.items())


def _string(text: str) -> str:
    result: str = encode_basestring(text)
    return result


def _value(value: str | None) -> str:
    return "null" if value is None else _string(value)
