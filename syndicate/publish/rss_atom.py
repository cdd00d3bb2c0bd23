"""RSS 2.0 and Atom 1.0: a `FeedDocument` in, UTF-8 bytes out.

The feed-level part of a document (channel or feed metadata, links, archive marker)
is built by feedgen, which knows both formats' rules; it is a fraction of a
millisecond per document. Entries are not: feedgen builds an lxml tree per entry per
document, and at publishing scale (every entry sits in three archive pages and three
formats) that was nearly all the time. So each entry is written once per format from
a string template (`rss_item`, `atom_entry`), escaped as lxml would escape it, and the
same bytes are spliced into every document that lists the entry.

Written to pass the W3C Feed Validation Service without errors or warnings:
- entries are in document order and every date is UTC, whole seconds, but for the
  milliseconds that keep Atom `updated` values apart (the feed's own included); RSS
  dates end in `+0000`;
- every string goes through `fields.clean` first (no XML-illegal or C1 characters);
- Atom: `rel="self"` and `rel="alternate"` links, an author on the feed and on every
  entry, `content type="html"`, a plain-text summary, `source` with id, title,
  updated and link, the lead image as `link rel="enclosure"` without `length`
  (optional in RFC 4287; we do not know it);
- RSS: `atom:link rel="self"`, `guid isPermaLink="false"` (our ids are tag: URIs),
  `dc:creator` (RSS `author` must be an e-mail address), `description` = the summary as
  escaped HTML, `content:encoded` = the full HTML, `enclosure length="0"`, which is
  what the validator itself recommends for an unknown length, and "&", "<" and ">" of
  plain text (title, category, source) as hexadecimal references (`plain_text_xml`);
- archive pages carry `<fh:archive/>` and `current`/`prev-archive`/`next-archive`
  links; a WebSub hub is announced with `rel="hub"`.
Both start with an `xml-stylesheet` instruction pointing to feed.xsl so a browser shows
a readable page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from syndicate.model import FeedDocument
from syndicate.publish.fields import (
    GENERATOR,
    MARKUP_SPECIAL,
    EntryText,
    clean,
    feed_id,
    link_href,
    plain_text_xml,
    self_url,
    source_uri,
    stylesheet_href,
    utc,
    utc_iso,
    xml_attr,
    xml_text,
)

ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
_EXTENSION = "syndicate"
_RSS_END = b"  </channel>\n</rss>\n"
_ATOM_END = b"</feed>\n"

# An entry as pieces with a gap between each two for its `updated` stamp, the one
# thing that may differ from one document to the next: an Atom entry has two gaps
# (its own updated and its source's), an RSS item none.
Parts = tuple[bytes, ...]


def render_atom(doc: FeedDocument) -> bytes:
    """The document as Atom 1.0."""
    listed = [
        (atom_entry(EntryText(e, doc.base_url, doc.id_base)), atom_stamp(e.updated))
        for e in doc.entries
    ]
    return b"".join(atom_document(doc, listed))


def render_rss(doc: FeedDocument) -> bytes:
    """The document as RSS 2.0."""
    listed = [(rss_item(EntryText(e, doc.base_url, doc.id_base)), b"") for e in doc.entries]
    return b"".join(rss_document(doc, listed))


def atom_document(header: FeedDocument, listed: Sequence[tuple[Parts, bytes]]) -> list[bytes]:
    """The pieces of an Atom file: `header`'s metadata, then each entry with its stamp."""
    chunks = [_head(header, _atom_head(header), _ATOM_END)]
    for parts, stamp in listed:
        chunks += _with_stamp(parts, stamp)
    chunks.append(_ATOM_END)
    return chunks


def rss_document(header: FeedDocument, listed: Sequence[tuple[Parts, bytes]]) -> list[bytes]:
    """The pieces of an RSS file: `header`'s channel metadata, then each item."""
    chunks = [_head(header, _rss_head(header), _RSS_END)]
    for (item,), _ in listed:
        chunks.append(item)
    chunks.append(_RSS_END)
    return chunks


def atom_stamp(moment: datetime) -> bytes:
    """An Atom date: `2024-09-02T01:30:00+00:00`, or `2024-09-02T01:30:00.001+00:00`."""
    return utc_iso(moment).encode("ascii")


def rss_stamp(moment: datetime) -> bytes:
    """Nothing: an RSS item has no modification time, so it is the same in every feed."""
    return b""


def _with_stamp(parts: Parts, stamp: bytes) -> list[bytes]:
    """The pieces of an entry with `stamp` in each gap between them."""
    chunks = [parts[0]]
    for part in parts[1:]:
        chunks += (stamp, part)
    return chunks


def rss_item(text: EntryText) -> Parts:
    """One `<item>`, indented for its place in the channel, in one piece."""
    xml = text.xml
    lines = ["    <item>", f"      <title>{plain_text_xml(text.title)}</title>"]
    if text.entry.url:
        lines.append(f"      <link>{xml.url_text}</link>")
    if text.summary:
        # description is HTML by convention: the plain summary is escaped into it.
        escaped = xml_text(html.escape(text.summary, quote=False))
        lines.append(f"      <description>{escaped}</description>")
        if text.content:
            lines.append(f"      <content:encoded>{xml.content}</content:encoded>")
    elif text.content:
        # Without a summary the full HTML is the description.
        lines.append(f"      <description>{xml.content}</description>")
    lines.append(f'      <guid isPermaLink="false">{xml.id}</guid>')
    if text.category_label is not None:
        lines.append(_rss_category(text.id_base, text.category_label))
    if xml.image:
        lines.append(f'      <enclosure url="{xml.image}" length="0" type="{text.image_type}"/>')
    lines.append(f"      <pubDate>{_rfc822(text.published)}</pubDate>")
    origin = text.origin
    if origin.xml_url is not None:
        title = _rss_source_title(origin.title)
        lines.append(f'      <source url="{origin.xml_url}">{title}</source>')
    lines += [f"      <dc:creator>{xml.author}</dc:creator>", "    </item>", ""]
    return ("\n".join(lines).encode("utf-8"),)


def atom_entry(text: EntryText) -> Parts:
    """One `<entry>`, indented for its place in the feed, in three pieces around its
    two `updated` stamps (see `atom_document`)."""
    xml = text.xml
    start = f"  <entry>\n    <id>{xml.id}</id>\n    <title>{xml.title}</title>\n    <updated>"
    middle = ["</updated>", "    <author>", f"      <name>{xml.author}</name>", "    </author>"]
    if text.content:
        middle.append(f'    <content type="html">{xml.content}</content>')
        if text.summary:
            middle.append(f"    <summary>{xml.summary}</summary>")
    else:
        # An entry needs some textual content.
        middle.append(f"    <summary>{xml.summary if text.summary else xml.title}</summary>")
    if text.category_label is not None and text.entry.category:
        middle.append(_atom_category(text.id_base, text.entry.category, text.category_label))
    middle += [
        f"    <published>{text.published.isoformat()}</published>",
        f'    <link href="{xml.url_attr}" rel="alternate" type="text/html"/>',
    ]
    if xml.image:
        middle.append(f'    <link href="{xml.image}" rel="enclosure" type="{text.image_type}"/>')
    origin = text.origin
    middle += [
        "    <source>",
        f"      <id>{_source_uri(text.id_base, origin.source_id)}</id>",
        f"      <title>{origin.xml_title}</title>",
        "      <updated>",
    ]
    end = ["</updated>"]
    if origin.xml_url is not None:
        # No type: a source may be a portal page or a feed.
        end.append(f'      <link href="{origin.xml_url}" rel="alternate"/>')
    end += ["    </source>", "  </entry>", ""]
    return (
        start.encode("utf-8"),
        "\n".join(middle).encode("utf-8"),
        "\n".join(end).encode("utf-8"),
    )


# Sources are few and repeat from item to item.
_rss_source_title = lru_cache(maxsize=4096)(plain_text_xml)


@lru_cache(maxsize=1024)
def _rss_category(id_base: str, label: str) -> str:
    scheme = xml_attr(category_scheme(id_base))
    return f'      <category domain="{scheme}">{plain_text_xml(label)}</category>'


@lru_cache(maxsize=1024)
def _atom_category(id_base: str, term: str, label: str) -> str:
    scheme = xml_attr(category_scheme(id_base))
    return f'    <category term="{xml_attr(term)}" scheme="{scheme}" label="{xml_attr(label)}"/>'


@lru_cache(maxsize=4096)
def _source_uri(base_url: str, source: str) -> str:
    return xml_text(source_uri(base_url, source))


def category_scheme(id_base: str) -> str:
    """The category scheme: the folder of category feeds, under the address feed ids
    are built on, since it names the scheme rather than locating it (it stays put
    when the site moves, as the ids do)."""
    return f"{id_base}categories/"


def _rfc822(moment: datetime) -> str:
    # English names whatever the locale, as RFC 822 wants; strftime would follow it.
    when = utc(moment)
    return (
        f"{_DAYS[when.weekday()]}, {when.day:02d} {_MONTHS[when.month - 1]} {when.year:04d} "
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d} +0000"
    )


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _head(doc: FeedDocument, body: bytes, end: bytes) -> bytes:
    """The XML declaration, the stylesheet instruction and the metadata up to `end`."""
    if not body.endswith(end):
        raise RuntimeError(f"unexpected feedgen output for {doc.key}: {body[-40:]!r}")
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{stylesheet_href(doc)}"?>\n'
    )
    return head.encode("utf-8") + body[: -len(end)]


def _atom_head(doc: FeedDocument) -> bytes:
    result: bytes = _generator(doc, ".atom", ATOM_TYPE).atom_str(pretty=True, xml_declaration=False)
    # The feed's title and subtitle are text constructs, checked as an entry's title is
    # (a search feed's title carries the query as typed): the same references.
    return _plain_text_written(
        result, (("title", clean(doc.title)), ("subtitle", _rss_subtitle(doc)))
    )


def _plain_text_written(result: bytes, fields: Sequence[tuple[str, str]]) -> bytes:
    """`result` with the first element of each (tag, text) written by `plain_text_xml`
    where the serializer escaped it its own way."""
    for tag, text in fields:
        if MARKUP_SPECIAL.search(text) is not None:
            escaped = html.escape(text, quote=False).replace("\r", "&#13;")  # as lxml writes it
            written = f"<{tag}>{escaped}</{tag}>".encode()
            wanted = f"<{tag}>{plain_text_xml(text)}</{tag}>".encode()
            result = result.replace(written, wanted, 1)
    return result


def _rss_head(doc: FeedDocument) -> bytes:
    fg = _generator(doc, ".rss", RSS_TYPE)
    # The items use dc:creator; feedgen's own dc extension would import itself per call.
    getattr(fg, _EXTENSION).namespaces["dc"] = DC_NS
    result: bytes = fg.rss_str(pretty=True, xml_declaration=False)
    # The channel's title and description are checked as an item's title is (a search
    # feed's carries the query as typed): the same hexadecimal references.
    return _plain_text_written(
        result, (("title", clean(doc.title)), ("description", _rss_subtitle(doc)))
    )


def _rss_subtitle(doc: FeedDocument) -> str:
    return clean(doc.subtitle) or clean(doc.title)


def _generator(doc: FeedDocument, extension: str, media_type: str) -> Any:
    """A FeedGenerator holding the document's metadata and links for one format."""
    fg = FeedGenerator()
    fg.register_extension(_EXTENSION, _FeedExtension, _NoEntryExtension)
    fg.id(feed_id(doc))
    fg.title(clean(doc.title))
    fg.subtitle(_rss_subtitle(doc))
    fg.language(doc.language)
    # feedgen defaults both to "now"; the document's own time keeps output reproducible.
    # It would write microseconds, so Atom's is set again by the extension.
    fg.updated(utc(doc.updated))
    fg.generator(GENERATOR)
    fg.author({"name": clean(doc.title), "uri": doc.home_url})
    extra = getattr(fg, _EXTENSION)
    extra.archive = doc.archive
    extra.updated = utc_iso(doc.updated)
    fg.link(href=self_url(doc, extension), rel="self", type=media_type)
    if doc.hub:
        fg.link(href=doc.hub, rel="hub")
        extra.rss_links.append(("hub", doc.hub, None))
    for link in doc.links:
        href = link_href(link, extension)
        fg.link(href=href, rel=link.rel, type=media_type)
        extra.rss_links.append((link.rel, href, media_type))
    # Last: feedgen takes the RSS channel <link> from the last link added.
    fg.link(href=doc.home_url, rel="alternate", type="text/html")
    return fg


class _FeedExtension:
    """Feed-level additions feedgen lacks: fh:archive, extra atom:links in RSS, and an
    Atom `updated` in milliseconds when the newest entry's has some."""

    def __init__(self) -> None:
        self.archive = False
        self.updated = ""
        self.rss_links: list[tuple[str, str, str | None]] = []
        self.namespaces: dict[str, str] = {}

    def extend_ns(self) -> dict[str, str]:
        return {"fh": FH_NS, **self.namespaces} if self.archive else self.namespaces

    def extend_atom(self, feed: Any) -> Any:
        feed.find("updated").text = self.updated
        if self.archive:
            etree.SubElement(feed, f"{{{FH_NS}}}archive")
        return feed

    def extend_rss(self, rss: Any) -> Any:
        channel = rss.find("channel")
        for rel, href, media_type in self.rss_links:
            link = etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=href, rel=rel)
            if media_type:
                link.set("type", media_type)
        if self.archive:
            etree.SubElement(channel, f"{{{FH_NS}}}archive")
        return rss


class _NoEntryExtension:
    """feedgen wants an entry class with every extension; entries are not its job here."""

    def extend_ns(self) -> dict[str, str]:
        return {}
