"""What every renderer derives from a document or an entry the same way (pure).

Keeping these in one place is what makes the RSS, Atom and JSON versions of a feed
agree: the same author fallback, the same UTC dates (whole seconds, but for the
milliseconds that keep two entries' `updated` apart), the same image
media type, the same text cleaning. `EntryText` is an entry cleaned once for all three
formats, `EntryXml` the same escaped for both XML formats (as lxml would escape it).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from syndicate.model import EntryOrigin, FeedDocument, FeedEntry, FeedLink
from syndicate.publish.documents import ARCHIVE_RELS, logical_key
from syndicate.text.fold import CONTROL_CHARACTERS
from syndicate.urls import ascii_host

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
    """Text fit for every format: what XML 1.0 forbids, the C1 controls and U+FFFD
    removed."""
    if not text:
        return ""
    # NEL too: in text stored before collection dropped it, it is debris, not a break.
    cleaned = CONTROL_CHARACTERS.sub("", text)
    if "\ufffd" in cleaned:
        # What a page cut short in a letter decoded to: validators warn about it, as
        # about the C1 controls, and readers see a box.
        cleaned = cleaned.replace("\ufffd", "")
    if len(cleaned) != len(text):
        # A letter and a mark that sat either side of a removed control compose again.
        cleaned = unicodedata.normalize("NFC", cleaned)
    return cleaned


def plain_text_xml(text: str) -> str:
    """Plain text in an element readers may take for HTML (an RSS item's title, an Atom
    text construct): "&", "<" and ">" as hexadecimal references, as the RSS Best
    Practices Profile asks. The W3C validator warns about such an element without any
    (a title "<<Giai điệu tuổi hồng>>", how portals quote a name, or "tháng 3&4")."""
    if MARKUP_SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&#x26;")
        .replace("<", "&#x3C;")
        .replace(">", "&#x3E;")
        .replace("\r", "&#13;")
    )


# What makes plain text read as markup, or breaks a line in an XML parser's reading.
MARKUP_SPECIAL = re.compile("[&<>\r]")


def utc(moment: datetime) -> datetime:
    """Every published date: UTC, whole seconds (RFC 822 has no fractions anyway)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def utc_iso(moment: datetime) -> str:
    """`2024-09-02T01:30:00+00:00`, and `01:30:00.001+00:00` when there are milliseconds:
    an `updated` time kept apart from another one's (see `documents._listed`). Whole
    seconds keep the form they always had, so a republish leaves those bytes alone."""
    when = moment.astimezone(UTC)
    return when.isoformat(timespec="milliseconds" if when.microsecond >= 1000 else "seconds")


def rfc3339(moment: datetime) -> str:
    """`2024-09-02T01:30:00Z` (`01:30:00.001Z` with milliseconds, as `utc_iso`), the
    form Atom and JSON Feed both accept."""
    return utc_iso(moment).removesuffix("+00:00") + "Z"


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
    path = _web_path(url)
    extension = posixpath.splitext(urlsplit(url).path if path is None else path)[1].lower()
    return _IMAGE_TYPES.get(extension, DEFAULT_IMAGE_TYPE)


def is_web_url(url: str | None) -> bool:
    """An absolute http(s) address: the only kind the validators accept in these slots."""
    return bool(url) and _web_path(url or "") is not None


# The usual shape of an address, read without urlsplit (which is slow enough to show at
# publishing scale); anything else goes through urlsplit itself.
_PLAIN_WEB_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?P<path>/[^?#]*)?(?:[?#].*)?", re.S
)


def _web_path(url: str) -> str | None:
    """The path of an http(s) address with a host, as urlsplit reads it; else None."""
    if "\t" not in url and "\n" not in url and "\r" not in url:
        match = _PLAIN_WEB_URL.fullmatch(url)
        if match:
            return match["path"] or ""
    parts = urlsplit(url)
    return parts.path if parts.scheme in ("http", "https") and parts.netloc else None


# What an address may hold after its host: RFC 3986's unreserved and reserved
# characters, less the brackets (only an IPv6 host may have them), and "%" only as the
# start of an escape.
_NOT_IN_URI = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")
_NOT_IN_AUTHORITY = re.compile(r"[^A-Za-z0-9\-._~:@!$&'()*+,;=%\[\]]|%(?![0-9A-Fa-f]{2})")
_AUTHORITY_END = re.compile("[/?#]")


def web_uri(url: str) -> str:
    """A web address as a URI: what a URI cannot hold (a space, a Vietnamese letter, a
    bracket in the path, a "%" that starts no escape) percent-encoded as UTF-8.

    Portals link images by the names they were uploaded with, and browsers fetch
    them so; RSS validators and JSON Feed's `uri` fields accept only the URI. Escapes
    already there are kept, so the result is the same when given again.
    """
    url = ascii_host(url)  # a host is written in its IDNA form, never percent-encoded
    if _NOT_IN_URI.search(url) is None:
        return url
    scheme, separator, rest = url.partition("://")
    end = _AUTHORITY_END.search(rest)
    split = end.start() if end else len(rest)
    authority, tail = rest[:split], rest[split:]
    return (
        scheme
        + separator
        + _NOT_IN_AUTHORITY.sub(_percent_encoded, authority)
        + _NOT_IN_URI.sub(_percent_encoded, tail)
    )


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8"))


def self_url(doc: FeedDocument, extension: str) -> str:
    return f"{doc.base_url}{doc.key}{extension}"


def feed_id(doc: FeedDocument) -> str:
    """One id per logical feed, shared by its current document and its archive pages,
    under the address the feed was first published at (`FeedDocument.id_base`)."""
    return f"{doc.id_base or doc.base_url}{logical_key(doc.key)}"


def source_uri(base_url: str, source: str) -> str:
    """A stable URI naming one configured source, under the published base."""
    return f"{base_url}sources/{source}"


def link_href(link: FeedLink, extension: str) -> str:
    """Links between our documents are format-neutral; each format points to its own."""
    return link.href + extension if link.rel in ARCHIVE_RELS else link.href


def stylesheet_href(doc: FeedDocument) -> str:
    """The path from the document's folder to feed.xsl at the output root."""
    return "../" * doc.key.count("/") + STYLESHEET


def xml_text(text: str) -> str:
    """Character data as lxml writes it; a carriage return would not survive parsing."""
    if _XML_TEXT_SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def xml_attr(text: str) -> str:
    """An attribute value (in double quotes) as lxml writes it: whitespace kept exactly."""
    if _XML_ATTR_SPECIAL.search(text) is None:
        return text
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


_XML_TEXT_SPECIAL = re.compile("[&<>\r]")
_XML_ATTR_SPECIAL = re.compile('[&<>\r"\n\t]')


class EntryText:
    """An entry's fields cleaned once and shared by every renderer.

    `content` is empty when the entry has no content worth a content element;
    `image_url` is None unless it is a web address, and then a URI (`web_uri`);
    `category_label` is None when the entry has no category. `xml` is the same escaped for XML, made on first use and
    shared by RSS and Atom.
    """

    __slots__ = (
        "_xml",
        "author",
        "base_url",
        "category_label",
        "content",
        "entry",
        "id_base",
        "image_type",
        "image_url",
        "origin",
        "published",
        "summary",
        "title",
    )

    def __init__(self, entry: FeedEntry, base_url: str, id_base: str = "") -> None:
        if not entry.has_text:
            # Rendered, it would be published empty, and kept so for good in an archive.
            raise ValueError(f"{entry.id}: rendered without its text")
        self.entry = entry
        self.base_url = base_url
        self.id_base = id_base or base_url  # see `FeedDocument.id_base`
        self.title = entry_title(entry)
        self.summary = clean(entry.summary).strip()
        content = clean(entry.content_html)
        self.content = content if content.strip() else ""
        self.author = entry_author(entry)
        self.published = utc(entry.published)
        self.image_url = web_uri(entry.image_url or "") if is_web_url(entry.image_url) else None
        self.image_type = image_type(self.image_url) if self.image_url else None
        self.category_label = None
        if entry.category:
            self.category_label = clean(entry.category_title).strip() or entry.category
        self.origin = origin_text(entry.origin)
        self._xml: EntryXml | None = None

    @property
    def xml(self) -> EntryXml:
        if self._xml is None:
            self._xml = EntryXml(self)
        return self._xml


class EntryXml:
    """An entry's text escaped for XML: character data (`*_text`) and attribute values."""

    __slots__ = ("author", "content", "id", "image", "summary", "title", "url_attr", "url_text")

    def __init__(self, text: EntryText) -> None:
        entry = text.entry
        self.id = xml_text(entry.id)
        self.title = plain_text_xml(text.title)
        self.url_text = xml_text(entry.url)
        self.url_attr = xml_attr(entry.url)
        self.summary = plain_text_xml(text.summary)
        self.content = xml_text(text.content)
        self.author = _repeated_xml_text(text.author)
        self.image = xml_attr(text.image_url) if text.image_url else None


@dataclass(frozen=True, slots=True)
class OriginText:
    """A source as entries name it: cleaned, its address kept only if it is a web one,
    and both escaped for XML. Made once per source."""

    source_id: str
    title: str
    url: str | None
    xml_title: str
    xml_url: str | None


@lru_cache(maxsize=4096)
def origin_text(origin: EntryOrigin) -> OriginText:
    title = clean(origin.source_title).strip() or origin.source_id
    url = web_uri(origin.source_url) if is_web_url(origin.source_url) else None
    return OriginText(
        origin.source_id, title, url, plain_text_xml(title), xml_attr(url) if url else None
    )


# Bylines and the like repeat from entry to entry.
_repeated_xml_text = lru_cache(maxsize=4096)(xml_text)
