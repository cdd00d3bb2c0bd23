"""A fast path for plain, well-formed UTF-8 RSS 2.0: lxml.etree straight to RawItems.

feedparser is the reference and the fallback: it reads every RSS and Atom dialect and
tolerates broken XML, but at about 1 300 items a second. Most portals publish simple
RSS 2.0, which lxml reads many times faster. `parse_simple_rss` returns exactly the
items feedparser's path (`syndicate.sources.feed`) would, or None to decline: on an XML
error, a DOCTYPE, xml:base, another encoding or dialect (Atom, RSS 0.9x/1.0), or any
item element or value whose handling by feedparser is not reproduced here. A
differential test holds the two paths equal on every feed fixture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
_DC_NS = "{http://purl.org/dc/elements/1.1/}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# The item elements read here; any other element makes the fast path decline, since
# feedparser may map it onto a field we read (dc:date → updated, dc:subject → tags…).
_ITEM_ELEMENTS = frozenset(
    {
        "title",
        "link",
        "guid",
        "pubDate",
        "description",
        f"{_CONTENT_NS}encoded",
        "category",
        f"{_DC_NS}creator",
        "comments",
    }
)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)[\"']")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# RFC 822 as RSS prints it, with a numeric zone or GMT/UT/UTC; anything else declines.
# The year starts with 1-9: email.utils reads "0024" as 2024, feedparser as year 24;
# and a space follows the day's comma, without which feedparser reads no date.
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s+)?\d{1,2}\s+[A-Za-z]{3}\s+[1-9]\d{3}\s+\d{2}:\d{2}:\d{2}\s+"
    r"(?:[+-]\d{4}|GMT|UTC|UT)"
)
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_LINK_REFERENCE = re.compile("&([A-Za-z0-9_]+);")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)


class Decline(Exception):
    """This document needs feedparser."""


def parse_simple_rss(
    body: bytes, *, url: str, headers: Mapping[str, str], zoned: re.Pattern[str]
) -> tuple[str | None, str | None, list[dict[str, object]]] | None:
    """Feed title, feed link and per-item fields, or None when feedparser must decide.

    Each item is a dict of the fields `syndicate.sources.feed` turns into a RawItem.
    `zoned` is feed.py's test for a date that carries a zone.
    """
    try:
        return _parse(body, headers, zoned)
    except (Decline, etree.XMLSyntaxError, ValueError, OverflowError):
        return None


def _parse(
    body: bytes, headers: Mapping[str, str], zoned: re.Pattern[str]
) -> tuple[str | None, str | None, list[dict[str, object]]]:
    _check_encoding(body, headers)
    root = etree.fromstring(body, _PARSER)
    if root.getroottree().docinfo.doctype or root.tag != "rss" or root.get("version") != "2.0":
        raise Decline
    if any(e.get(_XML_BASE) is not None for e in root.iter()):
        raise Decline
    channels = [child for child in root if child.tag == "channel"]
    if len(channels) != 1 or len(root) != 1:
        raise Decline
    channel = channels[0]
    titles = [c for c in channel if c.tag == "title"]
    links = [c for c in channel if c.tag == "link"]
    if len(titles) > 1 or len(links) > 1:
        raise Decline
    if any(c.tag in ("image", "textInput", "textinput") for c in channel):
        raise Decline  # feedparser's title bookkeeping inside these is not reproduced
    title = _text(titles[0]) if titles else None
    link = _link_text(_text(links[0])) if links else None
    items = [_item(element, zoned) for element in channel if element.tag == "item"]
    if len(items) != sum(1 for _ in channel.iter("item")):
        raise Decline  # items wrapped in another element, which feedparser still finds
    return title or None, link or None, items


def _check_encoding(body: bytes, headers: Mapping[str, str]) -> None:
    """Only UTF-8 (or ASCII) bytes declared as such: feedparser's encoding rules and
    their overrides are not reproduced."""
    if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise Decline
    body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _UTF8_NAMES:
        raise Decline
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    charset = _CHARSET.search(content_type)
    if charset and charset.group(1).lower() not in _UTF8_NAMES and not body.isascii():
        raise Decline
    if not declared and not body.isascii():
        raise Decline


def _item(element: etree._Element, zoned: re.Pattern[str]) -> dict[str, object]:
    if element.keys():
        raise Decline  # rdf:about (a guid), lastmod (a date): feedparser reads them
    fields: dict[str, object] = {}
    categories: list[str] = []
    for child in element:
        tag = child.tag
        if tag not in _ITEM_ELEMENTS or len(child):
            raise Decline
        if tag == "category":
            if set(child.keys()) - {"domain"}:
                raise Decline
            categories.append(_text(child))
            continue
        if tag in fields:
            raise Decline  # a repeated element: which one feedparser keeps is its business
        if tag != "guid" and child.keys():
            raise Decline
        fields[tag] = child
    out: dict[str, object] = {}
    link = fields.get("link")
    if not isinstance(link, etree._Element):
        raise Decline  # feedparser would take a permalink guid as the link
    out["link"] = _link_text(_fix_uri(_text(link)))
    title = _text(fields["title"], plain=True) if "title" in fields else ""
    if "<" in title or "&" in title:
        raise Decline  # feedparser guesses whether such a title is HTML
    out["title"] = title
    out["guid"] = _guid(fields.get("guid"))
    out["published"] = _date(fields.get("pubDate"), zoned)
    description = fields.get("description")
    content = fields.get(f"{_CONTENT_NS}encoded")
    content_text = _text(content) if content is not None else None
    summary = _text(description) if description is not None else content_text
    out["summary"] = summary or None
    out["content"] = content_text or None
    creator = fields.get(f"{_DC_NS}creator")
    author = _text(creator) if creator is not None else ""
    if "@" in author:
        raise Decline  # feedparser splits out an e-mail address
    out["author"] = author or None
    out["category"] = next((label for label in categories if label.strip()), None)
    return out


def _guid(element: object) -> str | None:
    if element is None:
        return None
    if not isinstance(element, etree._Element) or set(element.keys()) - {"isPermaLink"}:
        raise Decline
    permalink = element.get("isPermaLink", "true")
    if permalink not in ("true", "false"):
        raise Decline
    value = _text(element)
    return _fix_uri(value) if permalink == "true" and value else value


def _date(element: object, zoned: re.Pattern[str]) -> datetime | str | None:
    if element is None:
        return None
    if not isinstance(element, etree._Element):
        raise Decline
    raw = _text(element)
    if not raw:
        return None
    if not zoned.search(raw):
        return raw  # a zoneless date stays text, whatever feedparser made of it
    if not _RFC822.fullmatch(raw):
        raise Decline
    when = parsedate_to_datetime(raw)
    if when.tzinfo is None:  # "-0000": UTC with its source unknown (RFC 2822), not local time
        when = when.replace(tzinfo=UTC)
    # feedparser keeps whole seconds in UTC.
    return when.astimezone(UTC).replace(microsecond=0)


def _text(element: object, *, plain: bool = False) -> str:
    """An element's text as feedparser gives it: stripped, with its two repairs.

    `plain`: feedparser reads this text as it is, never through its HTML sanitizer (a
    title without markup), so whether its repair applies can be told exactly.
    """
    if not isinstance(element, etree._Element):
        raise Decline
    text = (element.text or "").strip()
    if not text:
        return ""
    if not text.isascii():
        # feedparser undoes UTF-8 read as Latin-1, then maps C1 controls as windows-1252;
        # text where either would change something goes to feedparser.
        try:
            text.encode("iso-8859-1").decode("utf-8")
        except UnicodeEncodeError:
            pass
        except UnicodeDecodeError:
            # Vietnamese with only Latin-1 letters ("Giao dân biên"): left as it is, but
            # sanitizing markup could join two parts that decode, so only plain text.
            if not plain:
                raise Decline from None
        else:
            raise Decline  # feedparser would repair it
        if _C1_CONTROLS.search(text):
            raise Decline
    return text


def _fix_uri(uri: str) -> str:
    return _URI_FIXER.sub(r"\1\3", uri)


def _link_text(link: str) -> str:
    """feedparser's repair of query strings that were escaped twice."""
    return _LINK_REFERENCE.sub(r"&\g<1>", link.replace("&amp;", "&"))
