"""RSS and Atom feeds → RawItem records, through feedparser.

feedparser is the reference and the fallback. Plain UTF-8 RSS 2.0 first goes through
`feed_fast` (lxml, several times faster), which gives the same items or declines.
Either way a feed typed in the TCVN3 or VNI font encodings is converted to Unicode,
judged once for the whole document.

feedparser is told not to sanitize or resolve anything: raw HTML goes to normalization,
which sanitizes it and resolves links against `base_url`. Dates that carry a zone become
UTC datetimes; zoneless ones stay text so the source's own timezone is applied later.
"""

from __future__ import annotations

import calendar
import html
import html.entities
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import partial
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml import etree

from syndicate.errors import ParseError
from syndicate.model import RawItem
from syndicate.sources.feed_fast import parse_simple_rss
from syndicate.text.dates import hours_offset, parse_feed_date, parse_vietnamese_date
from syndicate.text.encodings import (
    Legacy,
    convert_legacy,
    detect_legacy_in,
    may_be_mojibake,
    read_encoding,
    reads_text,
    repair_mojibake,
)

# Malformations that still leave a trustworthy result: a charset the server got wrong
# (the bytes were decoded another way that worked) or an HTML media type on a feed.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)

# A zone after a time: "+0700", "+07:00", "Z", or an RFC 822 zone name.
_ZONED = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[+-]\d{2}:?\d{2}\b|Z\b|"
    r"(?:UTC|UT|GMT|[ECMP][SD]T)(?![+-]\d)\b|\(?SE Asia Standard Time\b|"
    # an offset in hours alone ends the date: "08:30 -02-09-2024" is a time and a day
    r"[+\u2212-]\d{2}\s*$|\s[+\u2212-]\d\s*$)",
    re.IGNORECASE,
)
# That offset, apart, for reading the date before it in its zone.
# "+07", or "+7" after a space (a day "2024-9-2" ends so)
_HOURS_AT_END = re.compile("(?:\\s*[+\\-\u2212]\\d{2}|\\s+[+\\-\u2212]\\d)\\s*$")
_ZONE_NAMED_BEFORE = re.compile(r"(?:GMT|UTC|UT)\s*$", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://|/", re.IGNORECASE)
_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])", re.IGNORECASE)
_FEED_CONTENT_TYPES = ("xml", "rss", "atom", "rdf")
# The end tag of a feed's root element, possibly prefixed (</atom:feed>, </rdf:RDF>).
_ROOT_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\s*>")
_ROOT_END_TRIES = 3  # the last few end tags: a root end tag quoted in CDATA is rare
_UTF8_BOM = b"\xef\xbb\xbf"
_XML_SPACE = b" \t\r\n"
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n]")
# Where a feed starts, after whatever a script printed first; looked for this far in.
_FEED_START = re.compile(rb"<\?xml[ \t\r\n]|<(?:rss|feed|rdf:RDF)[ \t\r\n>]")
_PREAMBLE_WINDOW = 8192
# A CDATA section (its text is as written), or an "&" with the reference it starts.
_CDATA_OR_AMPERSAND = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|&(?:(?P<name>[A-Za-z_:][\w.:-]*);|#[0-9]+;|#[xX][0-9A-Fa-f]+;)?",
    re.S,
)
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
# An "&" that starts neither one of XML's five entities nor a character reference.
_NOT_XML_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9A-Fa-f]+);)")


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None
    items: tuple[RawItem, ...]
    problem: str | None = None  # a tolerated malformation, e.g. broken XML with entries


def parse_feed(body: bytes, *, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parse an RSS 2.0, RSS 1.0 or Atom document; anything else is a ParseError."""
    if not body.strip():
        raise ParseError("not an RSS or Atom feed: empty body")
    body, headers = _prepared(body, headers)
    fast = parse_simple_rss(body, url=url, headers=headers, zoned=_ZONED)
    if fast is not None:
        title, link, entries = fast
        fast_items = (_simple_item(entry, url) for entry in entries)
        return _in_unicode(ParsedFeed(title, link, tuple(item for item in fast_items if item)))
    return parse_with_feedparser(body, url=url, headers=headers)


def parse_with_feedparser(body: bytes, *, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """`parse_feed` through feedparser alone: the tolerant path, and the reference."""
    body, headers = _prepared(body, headers)
    response_headers = _response_headers(body, headers)
    parsed = _feedparser(body, response_headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not isinstance(problem, _HARMLESS):
        parsed = _without_trailing_junk(body, response_headers) or parsed
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        raise ParseError(f"not an RSS or Atom feed: {_describe(body, problem)}")
    if problem is not None and not isinstance(problem, _HARMLESS) and not entries:
        raise ParseError(f"malformed feed with no entries: {problem}")
    feed = parsed.get("feed") or {}
    # Only Atom makes the feed's author every entry's (RSS's managingEditor is an editor).
    feed_author = _author(feed) if str(parsed.get("version", "")).startswith("atom") else None
    items = tuple(
        item for entry in entries if (item := _raw_item(entry, url, feed_author)) is not None
    )
    return _in_unicode(
        ParsedFeed(
            title=feed.get("title") or None,
            link=feed.get("link") or None,
            items=items,
            problem=str(problem)
            if problem is not None and not isinstance(problem, _HARMLESS)
            else None,
        )
    )


def _prepared(body: bytes, headers: Mapping[str, str]) -> tuple[bytes, Mapping[str, str]]:
    """The body and headers both parsers read: in an encoding the byte repairs can work
    on (`_in_utf8`), then repaired (`_repaired`). Doing it again changes nothing."""
    body, headers = _in_utf8(body, headers)
    return _repaired(body), headers


def _in_utf8(body: bytes, headers: Mapping[str, str]) -> tuple[bytes, Mapping[str, str]]:
    """A UTF-16 or UTF-32 feed (by its byte order mark, or its first "<?" as XML
    detects it) as UTF-8, declared so in its XML declaration and its headers. The
    repairs work on bytes as ASCII, which these are not: every "&amp;" edited shifted
    the rest of the document. Also a UTF-8 mark in front of bytes that are not UTF-8
    dropped, and a declared encoding no codec reads passed over; any other body as it
    came."""
    if body.startswith(_UTF8_BOM) and not _is_utf8(body[len(_UTF8_BOM) :]):
        # A template saved "UTF-8 with BOM" in front of bytes in another charset: the
        # mark is stray, and the labels say what the bytes are.
        return _without_unreadable_declared_encoding(body[len(_UTF8_BOM) :]), headers
    codec = _wide_codec(body[:4])
    if codec is None:
        return _without_unreadable_declared_encoding(body), headers
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return body, headers  # the parsers judge it as it is
    text = _DECLARED_ENCODING.sub(r'\1"utf-8"', text.removeprefix("\ufeff"), count=1)
    others = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    media_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    media_type = media_type.split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), {**others, "content-type": f"{media_type}; charset=utf-8"}


def _without_unreadable_declared_encoding(body: bytes) -> bytes:
    """The body without its XML declaration's encoding when no codec reads with it
    ("undefined", a template's unset variable): then the HTTP charset, or XML's UTF-8,
    decides, where the parsers refused the whole feed."""
    found = _DECLARED_ENCODING_BYTES.match(body)
    if found is None or reads_text(found.group(2).decode("ascii", "replace")):
        return body
    return body[: found.start(1)] + found.group(1).rstrip() + body[found.end() :]


_DECLARED_ENCODING_BYTES = re.compile(
    rb"""((?:\xef\xbb\xbf)?\s*<\?xml[^>]*?)\sencoding\s*=\s*["']([^"']*)["']""", re.ASCII
)


def _wide_codec(start: bytes) -> str | None:
    for prefix, codec in _WIDE_STARTS:
        if start.startswith(prefix):
            return codec
    return None


# XML's autodetection (Appendix F), longest first: UTF-32 starts as UTF-16 does.
_WIDE_STARTS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARED_ENCODING = re.compile(r"""(\A\s*<\?xml[^>]*?\bencoding\s*=\s*)["'][^"']*["']""")


def _repaired(body: bytes) -> bytes:
    """The body with what makes a complete feed malformed XML undone."""
    return _ampersands_as_xml(_declaration_first(body))


def _ampersands_as_xml(body: bytes) -> bytes:
    """HTML's named entities ("&nbsp;", "&agrave;") as numeric references, and a bare
    "&" ("Sách & Em", "?nv=news&op=rss") escaped.

    Portals write both in feeds, where XML knows five entity names and no DTD is read:
    both parsers called the complete feed broken (and under a DOCTYPE, dropped the
    entities' letters in silence). CDATA keeps its text as written. The bytes are
    matched as ASCII, which every encoding a feed declares in practice agrees with.
    """
    if body.startswith((b"\xff\xfe", b"\xfe\xff")) or not _NOT_XML_REFERENCE.search(body):
        return body  # most feeds: one scan in C, no callback per "&amp;"
    has_dtd = b"<!DOCTYPE" in body[:_PREAMBLE_WINDOW].upper()
    return _CDATA_OR_AMPERSAND.sub(partial(_as_xml, has_dtd=has_dtd), body)


def _as_xml(match: re.Match[bytes], *, has_dtd: bool) -> bytes:
    found = match.group(0)
    if found == b"&":
        return b"&amp;"
    name = match.group("name")
    if name is None or name in _XML_ENTITIES:
        return found  # CDATA, a character reference or one of XML's own
    text = html.entities.html5.get(name.decode("ascii") + ";")
    if text is None:
        # An unknown name may be the DTD's own: left for the parsers to judge. Without
        # one it is a typo ("&nbps;"), which reads as written, as a browser shows it.
        return found if has_dtd else b"&amp;" + found[1:]
    return "".join(f"&#{ord(ch)};" for ch in text).encode("ascii")


def _declaration_first(body: bytes) -> bytes:
    """The body without what a script printed before its XML declaration or its root:
    blank lines (a PHP file with a blank line before "<?php"), or a PHP notice
    ("<br />\n<b>Warning</b>: Cannot modify header information…"). XML allows nothing
    there, so both parsers would call a complete feed broken. A prolog (a DOCTYPE, a
    comment, a stylesheet's instruction) is XML's own and stays."""
    bom = _UTF8_BOM if body.startswith(_UTF8_BOM) else b""
    rest = body[len(bom) :]
    start = len(rest) - len(rest.lstrip(_XML_SPACE))
    if start and _DECLARATION.match(rest, start):
        return bom + rest[start:]
    if rest[start : start + 2] in (b"<?", b"<!"):
        return body
    found = _FEED_START.search(rest, start, start + _PREAMBLE_WINDOW)
    if found is not None and found.start() > start:
        return bom + rest[found.start() :]
    return body


# HTML escaped once more than it should be (a CMS escaped what it stored, and the feed's
# writer escaped or wrapped it in CDATA again): tags that arrive as text ("&lt;p&gt;"),
# or entities that arrive as references to themselves ("&amp;quot;").
_ESCAPED_TAG = re.compile(
    r"&lt;/?(?:p|br|img|a|div|span|strong|b|em|i|u|h[1-6]|ul|ol|li|table|tr|td|figure)"
    r"(?=[\s/]|&gt;)",
    re.IGNORECASE,
)
_ESCAPED_ENTITY = re.compile(r"&amp;([A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _escaped_once(value: str) -> str:
    """A title or HTML escaped twice, escaped once: HTML with no element but escaped
    tags unescaped whole; references to an entity's own reference made that reference.
    (Text a feed marks as plain is escaped by us, once, and never comes here.)"""
    # "&lt;" and "&amp;" looked for first: a substring test runs in C, a pattern does not.
    if "&lt;" not in value and "&amp;" not in value:
        return value
    if "<" not in value and _ESCAPED_TAG.search(value):
        return html.unescape(value)
    return _ESCAPED_ENTITY.sub(_entity_once, value)


def _entity_once(found: re.Match[str]) -> str:
    """ "&amp;ldquo;" as "&ldquo;": HTML's names and character references only."""
    name = found[1]
    if name.startswith("#") or name + ";" in html.entities.html5:
        return f"&{name};"
    return found[0]


def _in_unicode(feed: ParsedFeed) -> ParsedFeed:
    """The feed with text typed in TCVN3 or VNI converted. One CMS with one font writes
    the whole document, so it is judged as a whole: one odd item cannot decide."""
    legacy = detect_legacy_in(_texts(feed))
    if legacy is None:
        return _mojibake_undone(feed)
    title = convert_legacy(feed.title, legacy) if feed.title else feed.title
    items = tuple(_item_in_unicode(item, legacy) for item in feed.items)
    return replace(feed, title=title, items=items)


def _mojibake_undone(feed: ParsedFeed) -> ParsedFeed:
    """The feed with UTF-8 that its CMS once read as windows-1252 and saved again
    ("Há»™i nghá»‹") put right, as a page's is. Judged on the whole document first, as
    legacy fonts are; then field by field, so text that is right stays as it is."""
    whole = "\n".join(text for text in _texts(feed) if text)
    if not may_be_mojibake(whole) or not repair_mojibake(whole)[1]:
        return feed

    def fixed(value: str) -> str:
        return repair_mojibake(value)[0]

    items = tuple(_rewritten(item, fixed) for item in feed.items)
    return replace(feed, title=fixed(feed.title) if feed.title else feed.title, items=items)


def _texts(feed: ParsedFeed) -> Iterator[str | None]:
    yield feed.title
    for item in feed.items:
        yield item.title
        yield item.summary_html
        yield item.content_html
        yield item.author
        yield item.category
        yield item.feed_author
        if isinstance(item.published, str):
            yield item.published


def _item_in_unicode(item: RawItem, legacy: Legacy) -> RawItem:
    return _rewritten(
        item,
        lambda value: convert_legacy(value, legacy),
        lambda value: convert_legacy(value, legacy, html=True),
    )


def _rewritten(
    item: RawItem, text: Callable[[str], str], markup: Callable[[str], str] | None = None
) -> RawItem:
    """The item with `text` applied to each of its texts (`_texts` reads the same) and
    `markup` to its HTML (`text` there too when not given); empty ones stay."""
    html = markup or text

    def plain(value: str | None) -> str | None:
        return text(value) if value else value

    published = item.published
    return replace(
        item,
        title=text(item.title) if item.title else item.title,
        published=plain(published) if isinstance(published, str) else published,
        summary_html=html(item.summary_html) if item.summary_html else item.summary_html,
        content_html=html(item.content_html) if item.content_html else item.content_html,
        author=plain(item.author),
        category=plain(item.category),
        feed_author=plain(item.feed_author),
    )


def _feedparser(body: bytes, response_headers: dict[str, str]) -> Any:
    try:
        return feedparser.parse(
            body,
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    # feedparser raises on some character references (#599): ValueError for
    # &#x110000;, UnicodeEncodeError for a lone surrogate; its loose parser has more.
    except (
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise ParseError(f"unreadable feed: {type(exc).__name__}: {exc}") from None


def _without_trailing_junk(body: bytes, response_headers: dict[str, str]) -> Any | None:
    """The document cut after its root element, if that alone makes it well-formed.

    Portals append PHP warnings, debug comments or a stray script after </rss>: the
    feed itself is complete, so it must not count as a broken one.
    """
    ends = list(_ROOT_END.finditer(body))
    for end in reversed(ends[-_ROOT_END_TRIES:]):
        if not body[end.end() :].strip():
            continue  # nothing to cut after this one
        parsed = _feedparser(body[: end.end()], response_headers)
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is None or isinstance(problem, _HARMLESS):
            return parsed
    return None


def _response_headers(body: bytes, headers: Mapping[str, str]) -> dict[str, str]:
    """The real headers, lower-cased, with the charset corrected when it is provably wrong.

    Servers often label UTF-8 feeds iso-8859-1 or windows-1252. feedparser believes
    the header and re-decodes afterwards only for iso-8859-1, so windows-1252 leaves
    mojibake ("Há»™i"). Bytes that decode as UTF-8 and are not ASCII are UTF-8 beyond
    reasonable doubt: legacy Vietnamese text is practically never valid UTF-8.

    Content-Location is left out on purpose: feedparser would resolve entry links and
    guids against it, and raw items keep links as written (`base_url` says the base).
    """
    out = {k.lower(): v for k, v in headers.items() if k.lower() != "content-location"}
    content_type = out.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not media_type or not any(word in media_type for word in _FEED_CONTENT_TYPES):
        # A feed served as text/html or octet-stream: decode it by the XML rules.
        media_type = "application/xml"
    if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        out["content-type"] = media_type  # a byte-order mark decides
    elif not body.isascii() and _is_utf8(body):
        out["content-type"] = f"{media_type}; charset=utf-8"
    elif not body.isascii() and (corrected := _corrected_charset(body, content_type)):
        out["content-type"] = f"{media_type}; charset={corrected}"
    else:
        charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        # A label no codec reads with ("undefined", a template's unset variable) is none.
        if charset and reads_text(charset.group(1)):
            out["content-type"] = f"{media_type}; charset={charset.group(1)}"
        else:
            out["content-type"] = media_type
    return out


def _corrected_charset(body: bytes, content_type: str) -> str | None:
    """The charset to read single-byte Vietnamese bytes with when the label cannot be
    trusted to give it; HTML pages get the same corrections."""
    reading = read_encoding(body, content_type)
    if reading.legacy is not None:
        # TCVN3 or VNI bytes, whatever their label says, are parsed in the windows-1252
        # reading their fonts were made for, and `_in_unicode` converts that. (Read as
        # latin-1, a closing "…" would be U+0085, which feedparser strips as a space.)
        return "windows-1252"
    if reading.encoding == "cp1258":
        # Windows-1258 labelled latin-1, utf-8 or nothing: feedparser would read it as
        # windows-1252 and store "Tin týìc".
        return "cp1258"
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _describe(body: bytes, problem: object) -> str:
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "it is an HTML page"
    if head.startswith((b"{", b"[")):
        return "it is JSON"
    return str(problem) if problem else "no rss, feed or rdf root element"


def _raw_item(
    parsed: Mapping[str, Any], feed_url: str, feed_author: str | None = None
) -> RawItem | None:
    # A plain dict view: FeedParserDict answers "updated" with the published date
    # (a deprecated fallback), and RawItem.updated must only be a real update time.
    entry: dict[str, Any] = dict(parsed)
    guid = (entry.get("id") or "").strip() or None
    link = (entry.get("link") or "").strip()
    pages = [x for x in entry.get("links") or [] if x.get("rel", "alternate") == "alternate"]
    if entry.get("guidislink") and not pages:
        link = ""  # feedparser's copy of a permalink guid: judged as a guid, below
    link = _address(link, guid)
    if not link:
        return None
    content, content_base = _content(entry)
    summary_detail = entry.get("summary_detail")
    # Without a summary element of its own, feedparser copies an Atom entry's content
    # into `summary`, unescaped even when it is plain text: that is no summary.
    has_summary = summary_detail is not None or not entry.get("content")
    summary = _html_of(summary_detail, entry.get("summary")) if has_summary else None
    content = content or summary
    published = _date(entry, "published") or _date(entry, "created")
    updated = _date(entry, "updated")
    return RawItem(
        url=link,
        title=_title(entry),
        published=published if published is not None else updated,
        updated=updated if isinstance(updated, datetime) else None,
        summary_html=summary if summary != content else None,
        content_html=content,
        author=_author(entry),
        category=_category(entry),
        image_url=_image(entry),
        guid=guid,
        base_url=_base_url(feed_url, content_base),
        feed_author=feed_author,
    )


def _simple_item(fields: Mapping[str, Any], feed_url: str) -> RawItem | None:
    """`_raw_item` for the fast path's fields (plain RSS 2.0: no images, no updates)."""
    guid = (fields["guid"] or "").strip() or None
    link = _address(str(fields["link"]).strip(), guid)
    if not link:
        return None
    summary: str | None = _escaped_once(fields["summary"]) if fields["summary"] else None
    content = _escaped_once(fields["content"]) if fields["content"] else summary
    return RawItem(
        url=link,
        title=_escaped_once(fields["title"]) if fields["title"] else fields["title"],
        published=fields["published"],
        summary_html=summary if summary != content else None,
        content_html=content,
        author=fields["author"],
        category=fields["category"],
        guid=guid,
        base_url=feed_url,
    )


def _address(link: str, guid: str | None) -> str:
    """The item's link, else its guid when that reads as an address.

    Some portals print an empty <link> and the address in the guid. feedparser takes a
    permalink guid for the link only where no <link> element is, and keeps no
    isPermaLink, so any guid that is an address serves: an item without one is lost.
    """
    if link or guid is None:
        return link
    return guid if _ADDRESS.match(guid) else ""


def _base_url(feed_url: str, content_base: str | None) -> str:
    """The entry's xml:base resolved against the feed URL; a broken one is ignored."""
    if not content_base:
        return feed_url
    try:
        return urljoin(feed_url, content_base)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 literal)
        return feed_url


def _content(entry: Mapping[str, Any]) -> tuple[str | None, str | None]:
    base = (entry.get("summary_detail") or {}).get("base")
    contents = entry.get("content") or []
    if contents:
        first = contents[0]
        return _html_of(first, first.get("value")), first.get("base") or base
    return None, base


def _html_of(detail: Mapping[str, Any] | None, value: str | None) -> str | None:
    """Content as HTML: plain-text constructs are escaped so they stay text."""
    if not value:
        return None
    if detail and detail.get("type") == "text/plain":
        return html.escape(value, quote=False)
    return _escaped_once(str(value))


def _title(entry: Mapping[str, Any]) -> str:
    title = _escaped_once(str(entry.get("title") or ""))
    detail = entry.get("title_detail") or {}
    if detail.get("type") in ("text/html", "application/xhtml+xml") and "<" in title:
        try:
            return str(lxml.html.fragment_fromstring(title, create_parent="div").text_content())
        except (etree.ParserError, ValueError):
            return title
    return title


def _date(entry: Mapping[str, Any], key: str) -> datetime | str | None:
    """A zoned date as an aware UTC datetime; a zoneless one as the text the feed printed."""
    raw = (entry.get(key) or "").strip()
    if not raw:
        return None
    if not _ZONED.search(raw):
        return raw
    if (ours := _zoned_reading(raw)) is not None:
        return ours
    parsed: time.struct_time | None = entry.get(f"{key}_parsed")
    if parsed is not None:
        try:
            # feedparser's struct_time is already UTC; timegm reads it as such.
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, OSError):
            return raw
    return raw


# Stands for "no zone printed" while reading a date that should carry one.
_UNSTATED = timezone(timedelta(0), "unstated")


def _zoned_reading(raw: str) -> datetime | None:
    """A zoned date as we read dates, when that finds its zone: feedparser takes
    "02-09-2024 08:30 +07:00", as district portals print it, for 20 September 2002,
    and "2024/09/02 08:30:00 GMT" for November; its reading stands for the rest
    (zone names other than GMT and UTC)."""
    zone: tzinfo = _UNSTATED
    at_end = _HOURS_AT_END.search(raw)
    if at_end is not None and _ZONE_NAMED_BEFORE.search(raw, 0, at_end.start()):
        at_end = None  # "GMT +7": the name's offset, which the date's reading takes whole
    if at_end is not None and (hours := hours_offset(at_end.group())) is not None:
        # "02-09-2024 08:30 +07": the date read on its own, in that zone (feedparser took
        # it for 20 September 2002 at midnight).
        zone, raw = hours, raw[: at_end.start()]
    found = parse_feed_date(raw, zone) or parse_vietnamese_date(raw, zone)
    if found is None or found.value.tzinfo is _UNSTATED or not found.has_time:
        return None
    return found.value.astimezone(UTC)


def _author(entry: Mapping[str, Any]) -> str | None:
    detail = entry.get("author_detail") or {}
    name = str(detail.get("name") or entry.get("author") or "").strip()
    return name or None


def _category(entry: Mapping[str, Any]) -> str | None:
    for tag in entry.get("tags") or []:
        label = (tag.get("term") or tag.get("label") or "").strip()
        if label:
            return str(label)
    return None


def _image(entry: Mapping[str, Any]) -> str | None:
    for link in entry.get("links") or []:
        href = link.get("href")
        if link.get("rel") == "enclosure" and href:
            kind = (link.get("type") or "").lower()
            if kind.startswith("image/") or (not kind and _IMAGE_SUFFIX.search(href)):
                return str(href)
    # The picture itself before its thumbnail, which portals make a hundred pixels wide.
    for media in entry.get("media_content") or []:
        kind = (media.get("type") or "").lower()
        medium = (media.get("medium") or "").lower()
        is_image = medium == "image" or kind.startswith("image/")
        unknown = not medium and not kind and _IMAGE_SUFFIX.search(media.get("url") or "")
        if media.get("url") and (is_image or unknown):
            return str(media["url"])
    for thumbnail in entry.get("media_thumbnail") or []:
        if thumbnail.get("url"):
            return str(thumbnail["url"])
    return None
