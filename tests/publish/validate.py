"""Checks every published feed must pass; reused by the end-to-end tests.

`check_feed_file(path_or_bytes, kind)` asserts that an RSS, Atom or JSON Feed file:
parses back with feedparser without `bozo` (RSS, Atom); validates against the Atom
RELAX NG schema or the JSON Feed 1.1 JSON Schema (from the sibling `shared/schemas`
folder); and follows the W3C Feed Validation Service rules no schema covers: the self
link (and `feed_url`), URIs in the entries' URL slots, an author on every Atom entry,
unique ids, distinct Atom `updated` values, RFC 822 dates and `isPermaLink="false"`
guids in RSS, a declared content type, no control characters. Beyond the validator, an
entry is never updated before it was published (Atom `updated` and `published`, JSON
Feed `date_modified` and `date_published`): feed readers flag that. It returns the
parsed feed for further checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from html.entities import name2codepoint
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
from lxml import etree

SCHEMAS = Path(__file__).parents[2].parent / "shared" / "schemas"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM, "dc": "http://purl.org/dc/elements/1.1/"}
MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
# C0 controls other than tab/newline/return, DEL and C1, and the XML-illegal rest.
# U+FFFD too: the validator's BadCharacters check, as for C1.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d{2}:\d{2}:\d{2} \+0000$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# An absolute http(s) URI of RFC 3986: ASCII, no space, every "%" starting an escape.
# Validators reject anything else in RSS URL slots and JSON Feed's "uri" fields. Only
# entries' addresses are checked: they come from scraped pages, the feed's own from
# the configuration.
WEB_URI = re.compile(
    r"^https?://[A-Za-z0-9.\-:\[\]@%]+(/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*)?"
    r"(\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?(#[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?$"
)
_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


def check_feed_file(
    path_or_bytes: Path | str | bytes, kind: str, *, self_url: str | None = None
) -> Any:
    """Assert the feed is valid; `kind` is rss, atom or json (a leading dot is fine)."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    kind = kind.lstrip(".")
    text = data.decode("utf-8")  # every feed is UTF-8; this raises otherwise
    assert not CONTROL.search(text), f"control character in {kind} feed"
    if kind == "json":
        return _check_json(text, self_url)
    parsed = feedparser.parse(data, response_headers={"content-type": MEDIA_TYPES[kind]})
    assert parsed.bozo == 0, f"feedparser: {parsed.get('bozo_exception')!r}"
    root = etree.fromstring(data)
    if kind == "atom":
        _check_atom(root, self_url)
        _check_plain_text(root, data, _ATOM_PLAIN_TEXT)
    elif kind == "rss":
        _check_rss(root, self_url)
        _check_plain_text(root, data, _RSS_PLAIN_TEXT)
    else:
        raise ValueError(f"unknown feed kind {kind!r}")
    return parsed


@cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


@cache
def json_feed_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def _check_atom(root: etree._Element, self_url: str | None) -> None:
    schema = atom_schema()
    assert schema.validate(root), f"Atom RELAX NG: {schema.error_log.last_error}"
    selves = root.xpath("atom:link[@rel='self']/@href", namespaces=NS)
    assert len(selves) == 1, "Atom feed needs exactly one rel=self link"
    if self_url is not None:
        assert selves[0] == self_url
    assert root.xpath("atom:link[@rel='alternate']", namespaces=NS), "no alternate link"
    _check_rfc3339(root.xpath("atom:updated/text()", namespaces=NS))
    _check_uris(root.xpath("atom:entry//atom:link/@href", namespaces=NS))
    entries = root.xpath("atom:entry", namespaces=NS)
    ids = [e.findtext(f"{{{ATOM}}}id") for e in entries]
    assert len(ids) == len(set(ids)), "duplicate entry ids"
    updated = [e.findtext(f"{{{ATOM}}}updated") for e in entries]
    assert len(updated) == len(set(updated)), "two entries share atom:updated"
    _check_rfc3339(updated)
    for entry in entries:
        entry_updated = entry.findtext(f"{{{ATOM}}}updated")
        published = entry.findtext(f"{{{ATOM}}}published")
        if published is not None:
            _check_not_before(entry_updated, published, "atom:updated before atom:published")
        names = entry.xpath("atom:author/atom:name/text()", namespaces=NS)
        assert names and names[0].strip(), "Atom entry without an author"
        _check_rfc3339(entry.xpath("atom:published/text()", namespaces=NS))
        for content in entry.findall(f"{{{ATOM}}}content"):
            assert content.get("type") in ("text", "html", "xhtml"), "content type not declared"
        for summary in entry.findall(f"{{{ATOM}}}summary"):
            assert summary.get("type", "text") in ("text", "html", "xhtml")
        for link in entry.findall(f"{{{ATOM}}}link"):
            assert link.get("rel"), "entry link without rel"
            assert link.get("length") != "0", "length=0 is not a length"
        for source in entry.findall(f"{{{ATOM}}}source"):
            for child in ("id", "title", "updated"):
                assert source.find(f"{{{ATOM}}}{child}") is not None, f"source lacks {child}"


def _check_rss(root: etree._Element, self_url: str | None) -> None:
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"channel lacks {required}"
    selves = channel.xpath("atom:link[@rel='self']/@href", namespaces=NS)
    assert len(selves) == 1, "RSS channel needs exactly one atom:link rel=self"
    if self_url is not None:
        assert selves[0] == self_url
    _check_rfc822(channel.xpath("lastBuildDate/text() | pubDate/text()"))
    _check_uris(channel.xpath("item/link/text() | item/enclosure/@url | item/source/@url"))
    guids = []
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        guid = item.find("guid")
        assert guid is not None, "item without guid"
        assert guid.get("isPermaLink") == "false", "guid is a tag: URI, not a permalink"
        guids.append(guid.text)
        _check_rfc822(item.xpath("pubDate/text()"))
        assert item.find("author") is None, "RSS author must be an e-mail; use dc:creator"
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url") and enclosure.get("type")
            assert enclosure.get("length", "").isdigit(), "enclosure length required"
        for source in item.findall("source"):
            assert source.get("url"), "source needs url"
    assert len(guids) == len(set(guids)), "duplicate guids"


# Text the W3C validator takes for markup in an RSS element meant as plain text: a tag
# start, a character reference, an HTML entity name after "&" (RSS Best Practices).
_MARKUP_LIKE = re.compile(
    r"<[/a-zA-Z]|&#[x0-9]|&(?:[0-9]|" + "|".join(name2codepoint) + r"|apos)\b"
)


_RSS_PLAIN_TEXT = (
    "channel/title | channel/description"
    " | channel/item/title | channel/item/category | channel/item/source"
)
# Atom's text constructs: every title and summary not marked otherwise.
_ATOM_PLAIN_TEXT = (
    "//*[(local-name() = 'title' or local-name() = 'summary') and not(@type) or @type = 'text']"
)


def _check_plain_text(root: etree._Element, data: bytes, where: str) -> None:
    """Plain-text elements that read like markup are written with hexadecimal references
    (`&#x3C;`): the validator warns about a line without any."""
    lines = data.split(b"\n")
    for element in root.xpath(where):
        if _MARKUP_LIKE.search(element.text or ""):
            line = lines[element.sourceline - 1]
            assert b"&#x" in line, f"plain text that reads as markup: {line!r}"


def _check_json(text: str, self_url: str | None) -> dict[str, Any]:
    feed: dict[str, Any] = json.loads(text)
    jsonschema.validate(feed, json_feed_schema())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    if self_url is not None:
        assert feed["feed_url"] == self_url
    for item in feed["items"]:
        _check_uris(item[k] for k in ("url", "external_url", "image") if k in item)
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids)), "duplicate item ids"
    for item in feed["items"]:
        assert "content_html" in item or "content_text" in item, "item without content"
        _check_rfc3339([item[k] for k in ("date_published", "date_modified") if k in item])
        if "date_published" in item and "date_modified" in item:
            _check_not_before(
                item["date_modified"], item["date_published"], "date_modified before date_published"
            )
    _check_strings(feed)
    return feed


def _check_strings(value: Any) -> None:
    """JSON escapes control characters, so look at the decoded strings too."""
    if isinstance(value, str):
        assert not CONTROL.search(value), "control character in a JSON string"
    elif isinstance(value, dict):
        for v in value.values():
            _check_strings(v)
    elif isinstance(value, list):
        for v in value:
            _check_strings(v)


def _check_uris(values: Iterable[Any]) -> None:
    for value in values:
        uri = str(value)
        assert WEB_URI.match(uri) and not _STRAY_PERCENT.search(uri), f"not a URI: {uri!r}"


def _check_rfc3339(values: list[Any]) -> None:
    for value in values:
        assert RFC3339.match(str(value)), f"not RFC 3339: {value!r}"


def _check_not_before(later: Any, earlier: Any, message: str) -> None:
    """Feed readers flag an item changed before it appeared: compare as instants."""
    assert _instant(later) >= _instant(earlier), f"{message}: {later} < {earlier}"


def _instant(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _check_rfc822(values: list[Any]) -> None:
    for value in values:
        assert RFC822.match(str(value)), f"not RFC 822 in UTC: {value!r}"
        moment = parsedate_to_datetime(str(value))
        # The weekday must be the real one: validators check it.
        assert moment.strftime("%a") == str(value)[:3]
