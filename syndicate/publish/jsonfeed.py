"""JSON Feed 1.1 renderer: a `FeedDocument` in, UTF-8 bytes out.

Attribution rides in the `_syndicate` extension object of each item. JSON Feed has no
archive standard, so RFC 5005 history is offered through pagination: `next_url` of
the current document names the newest complete archive page, and each page names the
one before it. An archive page is marked `expired`: it never changes again.
Serialization is stable: keys in a fixed order, `ensure_ascii=False`, two-space indent.
"""

from __future__ import annotations

import json
from typing import Any

from syndicate.model import EntryOrigin, FeedDocument, FeedEntry
from syndicate.publish.fields import (
    clean,
    entry_author,
    entry_title,
    is_web_url,
    link_href,
    rfc3339,
    self_url,
)

VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = ".json"


def render_json(doc: FeedDocument) -> bytes:
    """The document as JSON Feed 1.1."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": clean(doc.title),
        "home_page_url": doc.home_url,
        "feed_url": self_url(doc, EXTENSION),
        "description": clean(doc.subtitle),
        "language": doc.language,
        "authors": [{"name": clean(doc.title), "url": doc.home_url}],
    }
    older = next((link for link in doc.links if link.rel == "prev-archive"), None)
    if older is not None:
        feed["next_url"] = link_href(older, EXTENSION)
    if doc.hub:
        feed["hubs"] = [{"type": "WebSub", "url": doc.hub}]
    if doc.archive:
        feed["expired"] = True
    feed["items"] = [_item(entry) for entry in doc.entries]
    text = json.dumps(feed, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _item(entry: FeedEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.url, "title": entry_title(entry)}
    content = clean(entry.content_html)
    summary = clean(entry.summary).strip()
    if content.strip():
        item["content_html"] = content
    else:
        # An item needs content_html or content_text.
        item["content_text"] = summary or item["title"]
    if summary:
        item["summary"] = summary
    if entry.image_url and is_web_url(entry.image_url):
        item["image"] = entry.image_url
    item["date_published"] = rfc3339(entry.published)
    item["date_modified"] = rfc3339(entry.updated)
    item["authors"] = [{"name": entry_author(entry)}]
    if entry.category_title or entry.category:
        item["tags"] = [clean(entry.category_title).strip() or entry.category]
    item["_syndicate"] = {
        **_origin(entry.origin),
        "category": entry.category,
        "also_on": [_origin(o) for o in entry.also_on],
    }
    return item


def _origin(origin: EntryOrigin) -> dict[str, Any]:
    return {
        "district": origin.district,
        "district_name": clean(origin.district_name),
        "source_id": origin.source_id,
        "source_title": clean(origin.source_title),
        "source_url": origin.source_url or None,
    }
