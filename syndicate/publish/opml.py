"""feeds.opml: every current feed as an OPML 2.0 subscription list (pure).

Outlines are grouped "Toàn tỉnh", "Theo huyện", "Theo chuyên mục". Each points at the
Atom version (`xmlUrl`): Atom is the strictest of our formats (typed content, an author
and a permanent id per entry, RFC 5005 archive links) and every common reader takes
it; the RSS and JSON versions sit beside it under the same name. No dates are
written, so the file changes only when the list of feeds does.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from syndicate.config import Config
from syndicate.model import FeedDocument
from syndicate.publish.documents import PROVINCE_KEY
from syndicate.publish.fields import clean, self_url

GROUPS = ("Toàn tỉnh", "Theo huyện", "Theo chuyên mục")


def group_of(key: str) -> str | None:
    """The folder a current feed is listed under."""
    if key == PROVINCE_KEY:
        return GROUPS[0]
    if key.startswith("districts/"):
        return GROUPS[1]
    if key.startswith("categories/"):
        return GROUPS[2]
    return None


def render_opml(config: Config, docs: Sequence[FeedDocument]) -> bytes:
    """The subscription list of every current (non-archive) document in `docs`."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    # No <docs>: OPML 2.0 allows it, but the W3C Feed Validation Service reports it as
    # an undefined element.
    etree.SubElement(head, "title").text = f"Nguồn tin {clean(config.province.name)}"
    body = etree.SubElement(root, "body")
    current = [d for d in docs if not d.archive]
    for label in GROUPS:
        members = [d for d in current if group_of(d.key) == label]
        if not members:
            continue
        # Only `text` on a folder: any other attribute would call for a `type`.
        group = etree.SubElement(body, "outline", text=label)
        for doc in members:
            title = clean(doc.title)
            etree.SubElement(
                group,
                "outline",
                type="rss",
                text=title,
                title=title,
                xmlUrl=self_url(doc, ".atom"),
                htmlUrl=doc.home_url,
            )
    result: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return result
