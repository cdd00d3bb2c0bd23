"""Feeds made on request: a search, or the entries of one district and/or category.

Pure: the query string in, a `FeedQuery` out (or a `QueryError` carrying the HTTP
status); the store's entries in, a `FeedDocument` out; the document in, the bytes of
one format out, with the URL actually served as its self link.

The renderers build a document's self link as `base_url + key + extension`, while a
query feed's self link has its query string after the extension. So a query document
is rendered under a placeholder key that cannot occur in any entry (a random token)
and the placeholder is then replaced by the served URL, escaped for the format.

Query feeds announce no WebSub hub: nothing pings a hub when their results change.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode
from zoneinfo import ZoneInfo

from syndicate.config import Config
from syndicate.errors import SyndicateError
from syndicate.model import FeedDocument, FeedEntry, StoredArticle
from syndicate.publish.documents import EMPTY_FEED_UPDATED, distinct_updated, newest_first
from syndicate.publish.formats import FORMATS

QueryKind = Literal["search", "feed"]
# What each kind of query feed accepts, in the order of the canonical query string.
PARAMETERS: Mapping[QueryKind, tuple[str, ...]] = {
    "search": ("q", "district", "category", "since"),
    "feed": ("district", "category"),
}
MAX_QUERY_CHARS = 200
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The days `since` may name: nothing published is older than the first, and every day
# between them still has a start in UTC whatever the time zone (midnight on 0001-01-01
# at +07:00 would fall before year 1, on 9999-12-31 at -05:00 after year 9999).
EARLIEST_SINCE = date(1900, 1, 1)
LATEST_SINCE = date(9999, 12, 30)
# C0 and C1 controls (tab and newline included: nobody types them into a search).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# No slash (the stylesheet is found relative to the key) and never guessable, so no
# article text can contain it.
_PLACEHOLDER = "query-" + secrets.token_hex(16)


class QueryError(SyndicateError):
    """A query feed that cannot be made: 400 for a malformed request, 404 for an
    unknown district or category, 503 while there is no store to read."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class FeedQuery:
    """A validated request for a query feed; `q` is NFC with single spaces."""

    kind: QueryKind
    q: str | None = None
    district: str | None = None
    category: str | None = None
    since: date | None = None

    def query_string(self) -> str:
        """The canonical query string: known parameters in a fixed order, UTF-8
        percent-encoded (`%20` for a space), absent ones left out."""
        values = {
            "q": self.q,
            "district": self.district,
            "category": self.category,
            "since": self.since.isoformat() if self.since else None,
        }
        pairs = [(name, values[name]) for name in PARAMETERS[self.kind] if values[name]]
        return urlencode(pairs, quote_via=quote, safe="")

    def since_utc(self, timezone: str) -> datetime | None:
        """The start of `since` in the province's time zone: a day typed by a person."""
        if self.since is None:
            return None
        start = datetime(self.since.year, self.since.month, self.since.day)
        return start.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def query_parameters(query_string: bytes) -> list[tuple[str, str]]:
    """The decoded parameters of a raw query string, in order; 400 unless every one is
    UTF-8 (a form sent in another charset would otherwise search for U+FFFD)."""
    try:
        return parse_qsl(query_string.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise QueryError(
            400, "the query string is not UTF-8: percent-encode each character's UTF-8 bytes"
        ) from None


def parse_feed_query(
    kind: QueryKind, params: Iterable[tuple[str, str]], config: Config
) -> FeedQuery:
    """Validate the decoded query parameters of a query feed.

    Unknown or repeated parameters, a missing or overlong `q`, control characters and
    a `since` that is not a YYYY-MM-DD date are 400; an unknown district or category is
    404. An empty `district`, `category` or `since` counts as absent (an HTML form sends
    its empty fields).
    """
    known = PARAMETERS[kind]
    values: dict[str, str] = {}
    for name, value in params:
        if name not in known:
            raise QueryError(400, f"unknown parameter {name!r}; {kind} takes {', '.join(known)}")
        if name in values:
            raise QueryError(400, f"parameter {name!r} given more than once")
        if _CONTROL.search(value):
            raise QueryError(400, f"parameter {name!r} contains control characters")
        values[name] = value.strip()

    q = None
    if kind == "search":
        q = " ".join(unicodedata.normalize("NFC", values.get("q", "")).split())
        if not q:
            raise QueryError(400, "parameter 'q' is required: the words to search for")
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError(400, f"parameter 'q' is longer than {MAX_QUERY_CHARS} characters")
    since = _day(values.get("since") or None)
    district = values.get("district") or None
    category = values.get("category") or None
    if kind == "feed" and district is None and category is None:
        raise QueryError(
            400, "give district, category or both; the whole province is province.atom"
        )
    if district is not None and config.district(district) is None:
        raise QueryError(404, f"unknown district {district!r}")
    if category is not None and config.category(category) is None:
        raise QueryError(404, f"unknown category {category!r}")
    return FeedQuery(kind, q, district, category, since)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise QueryError(
            400, f"parameter 'since' must be a date YYYY-MM-DD, not {text!r}"
        ) from None
    if not EARLIEST_SINCE <= day <= LATEST_SINCE:
        raise QueryError(
            400, f"parameter 'since' must be a day from {EARLIEST_SINCE} to {LATEST_SINCE}"
        )
    return day


def filtered_entries(
    query: FeedQuery,
    entries: Iterable[FeedEntry],
    limit: int,
    stamps: Mapping[str, int] | None = None,
) -> list[FeedEntry]:
    """The newest `limit` entries of the district and/or category, newest first with
    distinct `updated` times: their `stamps`, worked out over every entry as the
    published feeds' are, so an entry reads the same in both and does not move as
    the window does. A district carries what other portals republished from it, as
    its published feed does; no per-source cap applies, unlike a published category
    feed's: a query feed has no archive pages to keep what a cap leaves out."""
    chosen = [
        e
        for e in entries
        if (query.district is None or query.district in _districts_of(e))
        and (query.category is None or e.category == query.category)
    ]
    return distinct_updated(newest_first(chosen)[:limit], stamps)


def search_entries(
    hits: Sequence[StoredArticle],
    entries_by_url: Mapping[str, FeedEntry],
    stamps: Mapping[str, int] | None = None,
) -> list[FeedEntry]:
    """The feed entries of search hits (matched by canonical URL), newest first with
    distinct `updated` times (`stamps`, as in `filtered_entries`); a hit without an
    entry is skipped."""
    found = [entries_by_url[h.article.url] for h in hits if h.article.url in entries_by_url]
    return distinct_updated(found, stamps)


def _districts_of(entry: FeedEntry) -> set[str]:
    found = {o.district for o in entry.also_on if o.district}
    if entry.origin.district:
        found.add(entry.origin.district)
    return found


def query_document(
    config: Config, query: FeedQuery, entries: Sequence[FeedEntry], id_base: str = ""
) -> FeedDocument:
    """The document of a query feed; `entries` are already chosen and in order.
    `id_base`: what published feed ids are built on (`FeedDocument.id_base`)."""
    province = config.province
    district = config.district(query.district)
    category = config.category(query.category)
    scope = [district.name if district else province.name]
    if category:
        scope.append(f"chuyên mục {category.title}")
    if query.since:
        scope.append(f"từ ngày {query.since:%d/%m/%Y}")
    where = ", ".join(scope)
    if query.kind == "search":
        title = f"Tìm kiếm “{query.q}” — {where}"
        subtitle = f"Tin bài có “{query.q}”: {where}"
    else:
        parts = [p for p in (district and district.name, category and category.title) if p]
        title = " — ".join([*parts, "tin tức"])
        subtitle = f"Tin bài từ cổng thông tin điện tử các huyện, thành phố: {where}"
    home = (district.home_url if district else None) or province.home_url or province.base_url
    return FeedDocument(
        key=_PLACEHOLDER,
        title=title,
        subtitle=subtitle,
        home_url=home,
        base_url=province.base_url,
        id_base=id_base,
        language=province.language,
        entries=tuple(entries),
        updated=max((e.updated for e in entries), default=EMPTY_FEED_UPDATED),
    )


def query_feed_id(query: FeedQuery, id_base: str) -> str:
    """A query feed's id, one for all its formats: its route without the extension and
    its canonical query, under the address feed ids are built on. Like the published
    feeds' ids it stays put when the site moves, and it does not depend on the name
    or path the feed was requested by (the folder is served at the root too)."""
    return f"{id_base}{query.kind}?{query.query_string()}"


def render_query_feed(doc: FeedDocument, extension: str, self_url: str, feed_id: str) -> bytes:
    """`doc` (from `query_document`) in the format of `extension`, with `self_url` as
    its self link and `feed_id` as its Atom id."""
    body = FORMATS[extension].render(doc).decode("utf-8")
    link = doc.base_url + doc.key + extension  # as `fields.self_url` builds it
    rendered_id = (doc.id_base or doc.base_url) + doc.key  # as `fields.feed_id` does
    json = extension == ".json"
    escapes: list[Callable[[str], str]] = [_json_string] if json else [_xml_attr, _xml_text]
    for escape in escapes:
        body = body.replace(escape(link), escape(self_url))
        body = body.replace(escape(rendered_id), escape(feed_id))
    if doc.key in body:
        # A renderer put the key somewhere new: better a loud error than a feed that
        # links to a URL which does not exist.
        raise RuntimeError(f"query feed placeholder left in the {extension} output")
    return body.encode("utf-8")


def _json_string(text: str) -> str:
    quoted: str = encode_basestring(text)
    return quoted[1:-1]


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")
