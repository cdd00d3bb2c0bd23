"""RSS 2.0 and Atom 1.0 renderers over feedgen: a `FeedDocument` in, UTF-8 bytes out.

Written to pass the W3C Feed Validation Service without errors or warnings:
- entries are added with `order="append"` to an already sorted list (feedgen prepends
  by default) and every date is aware UTC, whole seconds; RSS dates end in `+0000`;
- every string goes through `strip_xml_illegal` first (lxml refuses the rest);
- Atom: `rel="self"` and `rel="alternate"` links, an author on the feed and on every
  entry, `content type="html"` (never feedgen's invalid `type="CDATA"`), a plain-text
  summary, `source` with id, title, updated and link, the lead image as
  `link rel="enclosure"` without `length` (optional in RFC 4287; we do not know it);
- RSS: `atom:link rel="self"`, `guid isPermaLink="false"` (our ids are tag: URIs),
  `dc:creator` (RSS `author` must be an e-mail address), `description` = the summary as
  escaped HTML, `content:encoded` = the full HTML, and `enclosure length="0"`, which is
  what the validator itself recommends for an unknown length;
- archive pages carry `<fh:archive/>` and `current`/`prev-archive`/`next-archive`
  links; a WebSub hub is announced with `rel="hub"`.
Both start with an `xml-stylesheet` instruction pointing to feed.xsl so a browser shows
a readable page.
"""

from __future__ import annotations

import html
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from syndicate.model import FeedDocument, FeedEntry
from syndicate.publish.fields import (
    GENERATOR,
    clean,
    entry_author,
    entry_title,
    feed_id,
    image_type,
    is_web_url,
    link_href,
    self_url,
    source_id,
    stylesheet_href,
    utc,
)

ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
_EXTENSION = "syndicate"


def render_atom(doc: FeedDocument) -> bytes:
    """The document as Atom 1.0."""
    fg = _generator(doc, ".atom", ATOM_TYPE)
    for entry in doc.entries:
        fe = fg.add_entry(order="append")
        _common_entry(fe, doc, entry)
        fe.updated(utc(entry.updated))
        # feedgen needs an alternate link or content, but 1.0.0 drops the rel and type
        # of entry links (a shadowed variable in atom_entry): the extension rewrites them.
        fe.link(href=entry.url)
        extra = getattr(fe, _EXTENSION)
        extra.links.append((entry.url, "alternate", "text/html"))
        fe.author({"name": entry_author(entry)})
        content = clean(entry.content_html)
        summary = clean(entry.summary).strip()
        if content.strip():
            fe.content(content, type="html")
        elif not summary:
            summary = entry_title(entry)  # an entry needs some textual content
        if summary:
            fe.summary(summary)
        if entry.image_url and is_web_url(entry.image_url):
            extra.links.append((entry.image_url, "enclosure", image_type(entry.image_url)))
        extra.source = _atom_source(doc, entry)
    return _serialize(doc, fg.atom_str(pretty=True, xml_declaration=False))


def render_rss(doc: FeedDocument) -> bytes:
    """The document as RSS 2.0."""
    fg = _generator(doc, ".rss", RSS_TYPE)
    fg.load_extension("dc", atom=False, rss=True)
    for entry in doc.entries:
        fe = fg.add_entry(order="append")
        _common_entry(fe, doc, entry)
        fe.link(href=entry.url)
        summary = clean(entry.summary).strip()
        content = clean(entry.content_html)
        if summary:
            # description is HTML by convention: the plain summary is escaped into it.
            fe.description(html.escape(summary, quote=False))
        if content.strip():
            fe.content(content)
        fe.dc.dc_creator(entry_author(entry))
        if entry.image_url and is_web_url(entry.image_url):
            fe.enclosure(url=entry.image_url, length=0, type=image_type(entry.image_url))
        if is_web_url(entry.origin.source_url):
            title = clean(entry.origin.source_title).strip() or entry.origin.source_id
            fe.source(url=entry.origin.source_url, title=title)
    return _serialize(doc, fg.rss_str(pretty=True, xml_declaration=False))


def _generator(doc: FeedDocument, extension: str, media_type: str) -> Any:
    """A FeedGenerator holding the document's metadata and links for one format."""
    fg = FeedGenerator()
    fg.register_extension(_EXTENSION, _FeedExtension, _EntryExtension)
    fg.id(feed_id(doc))
    fg.title(clean(doc.title))
    fg.subtitle(clean(doc.subtitle) or clean(doc.title))
    fg.language(doc.language)
    # feedgen defaults both to "now"; the document's own time keeps output reproducible.
    fg.updated(utc(doc.updated))
    fg.generator(GENERATOR)
    fg.author({"name": clean(doc.title), "uri": doc.home_url})
    extra = getattr(fg, _EXTENSION)
    extra.archive = doc.archive
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


def _common_entry(fe: Any, doc: FeedDocument, entry: FeedEntry) -> None:
    fe.id(entry.id)
    fe.title(entry_title(entry))
    fe.published(utc(entry.published))
    if entry.category:
        label = clean(entry.category_title).strip() or entry.category
        fe.category(term=entry.category, label=label, scheme=f"{doc.base_url}categories/")


def _atom_source(doc: FeedDocument, entry: FeedEntry) -> dict[str, str]:
    origin = entry.origin
    return {
        "id": source_id(doc, origin.source_id),
        "title": clean(origin.source_title).strip() or origin.source_id,
        "updated": utc(entry.updated).isoformat(),
        "link": origin.source_url if is_web_url(origin.source_url) else "",
    }


def _serialize(doc: FeedDocument, body: bytes) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{stylesheet_href(doc)}"?>\n'
    )
    return head.encode("utf-8") + body


class _FeedExtension:
    """Feed-level additions feedgen lacks: fh:archive, and extra atom:links in RSS."""

    def __init__(self) -> None:
        self.archive = False
        self.rss_links: list[tuple[str, str, str | None]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"fh": FH_NS} if self.archive else {}

    def extend_atom(self, feed: Any) -> Any:
        # Called before feedgen appends the entries: metadata must precede them.
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


class _EntryExtension:
    """Entry-level Atom additions: links with their rel and type, a complete `source`."""

    def __init__(self) -> None:
        self.links: list[tuple[str, str, str]] = []  # href, rel, type
        self.source: dict[str, str] | None = None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, entry: Any) -> Any:
        # feedgen writes Atom elements without a namespace under a root carrying xmlns;
        # elements added here follow suit.
        if self.links:
            for stale in entry.findall("link"):
                entry.remove(stale)
            for href, rel, media_type in self.links:
                etree.SubElement(entry, "link", href=href, rel=rel, type=media_type)
        if self.source:
            source = etree.SubElement(entry, "source")
            etree.SubElement(source, "id").text = self.source["id"]
            etree.SubElement(source, "title").text = self.source["title"]
            etree.SubElement(source, "updated").text = self.source["updated"]
            if self.source["link"]:
                # No type: a source may be a portal page or a feed.
                etree.SubElement(source, "link", href=self.source["link"], rel="alternate")
        return entry

    def extend_rss(self, item: Any) -> Any:
        return item
