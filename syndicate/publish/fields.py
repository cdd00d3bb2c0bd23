"""What every renderer derives from a document or an entry the same way (pure).

Keeping these in one place is what makes the RSS, Atom and JSON versions of a feed
agree: the same author fallback, the same UTC second-precision dates, the same image
media type, the same text cleaning.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from urllib.parse import urlsplit

from syndicate.model import FeedDocument, FeedEntry, FeedLink
from syndicate.publish.documents import ARCHIVE_RELS, logical_key
from syndicate.text.fold import strip_xml_illegal

STYLESHEET = "feed.xsl"
UNTITLED = "(không có tiêu đề)"
GENERATOR = "syndicate"

# Lead images on district portals are nearly always JPEG; an address without a known
# extension (a script URL, say) is announced as JPEG rather than left without a type.
_IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
DEFAULT_IMAGE_TYPE = "image/jpeg"


def clean(text: str | None) -> str:
    """Text safe for XML 1.0 (and so for every format): illegal characters removed."""
    return strip_xml_illegal(text) if text else ""


def utc(moment: datetime) -> datetime:
    """Every published date: UTC, whole seconds (RFC 822 has no fractions anyway)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def rfc3339(moment: datetime) -> str:
    """`2024-09-02T01:30:00Z`, the form Atom and JSON Feed both accept."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_title(entry: FeedEntry) -> str:
    return clean(entry.title).strip() or UNTITLED


def entry_author(entry: FeedEntry) -> str:
    """The byline; else the publishing office; else the district (or province) name."""
    for name in (entry.author, entry.organisation, entry.origin.district_name):
        cleaned = clean(name).strip()
        if cleaned:
            return cleaned
    return clean(entry.origin.source_title).strip() or entry.origin.source_id


def image_type(url: str) -> str:
    """The media type of an image, guessed from the extension of its path."""
    extension = posixpath.splitext(urlsplit(url).path)[1].lower()
    return _IMAGE_TYPES.get(extension, DEFAULT_IMAGE_TYPE)


def is_web_url(url: str | None) -> bool:
    """An absolute http(s) address: the only kind the validators accept in these slots."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def self_url(doc: FeedDocument, extension: str) -> str:
    return f"{doc.base_url}{doc.key}{extension}"


def feed_id(doc: FeedDocument) -> str:
    """One id per logical feed, shared by its current document and its archive pages."""
    return f"{doc.base_url}{logical_key(doc.key)}"


def source_id(doc: FeedDocument, source: str) -> str:
    """A stable URI naming one configured source, under the published base."""
    return f"{doc.base_url}sources/{source}"


def link_href(link: FeedLink, extension: str) -> str:
    """Links between our documents are format-neutral; each format points to its own."""
    return link.href + extension if link.rel in ARCHIVE_RELS else link.href


def stylesheet_href(doc: FeedDocument) -> str:
    """The path from the document's folder to feed.xsl at the output root."""
    return "../" * doc.key.count("/") + STYLESHEET
