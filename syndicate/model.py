"""Plain records that cross stage boundaries.

Every datetime in these records is timezone-aware; the ones that come out of
normalization are in UTC. Nothing here does I/O or imports other syndicate modules.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from syndicate.errors import SourceError


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators remembered per URL and sent back as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One HTTP exchange. `body` is empty when `not_modified` (a 304)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    validators: Validators
    elapsed: float = 0.0
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True, slots=True)
class RawItem:
    """What a source parser found for one article, before normalization.

    Text may still be un-normalized Unicode and HTML unsanitized. `published` is
    either an aware datetime (feeds) or the date text as printed on the page.
    """

    url: str
    title: str
    published: datetime | str | None = None
    updated: datetime | None = None
    summary_html: str | None = None
    content_html: str | None = None
    author: str | None = None
    category: str | None = None
    image_url: str | None = None
    guid: str | None = None
    base_url: str | None = None  # what relative links in the HTML resolve against
    # An Atom feed's own author, which its entries inherit when they name none (RFC
    # 4287 §4.2.1); a byline on the page is more precise and comes first.
    feed_author: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A normalized article, ready to store and publish."""

    url: str  # canonical URL
    source_id: str
    district: str | None  # district slug; None for province-level sources
    category: str | None  # canonical category slug; None when unmapped
    title: str
    summary: str  # plain text
    content_html: str  # sanitized, every URL absolute
    published: datetime  # aware, UTC
    updated: datetime | None = None  # aware, UTC
    date_estimated: bool = False
    author: str | None = None
    organisation: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    native_category: str | None = None
    guid: str | None = None
    content_hash: str = ""  # over the fields a reader sees; a change means an update


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store knows it: a stable id plus its current fields."""

    id: str
    article: Article
    first_seen: datetime
    last_updated: datetime
    canonical_of: str | None = None  # id of the article this one duplicates, if merged
    hidden: bool = False
    sources: tuple[str, ...] = ()  # every source it was seen on, canonical first


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    """An article as it read before an update replaced it."""

    article: Article
    since: datetime  # when this version became current
    replaced: datetime  # when the next one took its place


RunStatus = Literal["ok", "not-modified", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class SourceRun:
    """What collecting one source did. Errors are values, never raised past here."""

    source_id: str
    status: RunStatus
    started: datetime
    duration: float = 0.0
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    found: int = 0
    new: int = 0
    updated: int = 0
    error: SourceError | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How a source has been doing, for `syndicate status` and for backoff."""

    source_id: str
    district: str | None
    articles: int = 0
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_error_kind: str | None = None
    last_error: str | None = None
    next_attempt: datetime | None = None


def configured_health(
    stored: Iterable[SourceHealth], sources: Iterable[tuple[str, str | None]]
) -> list[SourceHealth]:
    """The health of each configured source (its id and district), in the config's
    order: a source the store does not know yet was never tried, and the district is
    the config's (the store records the one of its last run). The store keeps sources
    taken out of the config; they are left out, or a failing one would head every
    list for good, though nothing collects it any more."""
    known = {h.source_id: h for h in stored}
    return [
        replace(known[source_id], district=district)
        if source_id in known
        else SourceHealth(source_id, district)
        for source_id, district in sources
    ]


@dataclass(frozen=True, slots=True)
class EntryOrigin:
    """Where a published entry came from, for attribution in merged feeds."""

    source_id: str
    source_title: str
    source_url: str
    district: str | None
    district_name: str


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a published feed; renderers see only this, never the store."""

    id: str  # stable, never changes once published
    seq: int  # store insertion order; archives are cut by it: new articles never move old pages
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    author: str | None
    organisation: str | None
    category: str | None
    category_title: str | None
    image_url: str | None
    image_caption: str | None
    origin: EntryOrigin
    also_on: tuple[EntryOrigin, ...] = ()
    # False when read without `summary` and `content_html` (both then empty): publishing
    # plans every feed from such entries and reads the text of those it writes only.
    has_text: bool = True
    # The seq of the article whose text the entry shows, when not `seq`: a story taken
    # over keeps the place of the article first published (see `store.feed`).
    text_seq: int | None = None


# Reads the text of entries read without it: the same entries, keyed by id, whole.
EntryTexts = Callable[[Collection[FeedEntry]], Mapping[str, FeedEntry]]


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A link between published documents (RFC 5005 archives, alternates)."""

    rel: str
    href: str


@dataclass(frozen=True, slots=True)
class FeedDocument:
    """Everything a renderer needs to write one feed file in any format."""

    key: str  # e.g. "province", "districts/dak-to", "categories/kinh-te"
    title: str
    subtitle: str
    home_url: str  # the human page this feed is about
    base_url: str  # where published files live; self links are built from it
    language: str
    entries: tuple[FeedEntry, ...]
    # The newest entry's updated time, or for a current document the time it was last
    # published with if later (never dated back); never "now".
    updated: datetime
    links: tuple[FeedLink, ...] = field(default=())
    archive: bool = False  # RFC 5005 complete archive document
    hub: str | None = None
    # What feed and source ids are built on, when not `base_url`: the published address
    # they were first published under, which a moved site keeps (RFC 4287 §4.2.6).
    id_base: str = ""


# RFC 9309 §2.4: a crawler should not use a cached robots.txt for more than 24 hours.
ROBOTS_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class RobotsRecord:
    """How one origin's robots.txt request ended, kept between runs.

    `status` 0 means the host could not be reached (which allows all, like a 4xx).
    """

    status: int
    body: bytes
    fetched: datetime

    def fresh(self, now: datetime) -> bool:
        """Whether to obey this record instead of asking again.

        Only an answer is kept a day: a file (2xx) or the lack of one (4xx). An
        unreachable host, a server error or a 429 may be gone by the next run, and
        trusting it for a day would set robots.txt aside for that long.
        """
        status = self.status
        answered = 200 <= status < 300 or (400 <= status < 500 and status != 429)
        return answered and now - self.fetched < ROBOTS_MAX_AGE


@dataclass(frozen=True)
class ListingItem:
    """One article as a listing page shows it; `url` is absolute, without fragment."""

    url: str
    title: str | None = None
    summary: str | None = None  # plain text
    date_text: str | None = None  # as printed
    image_url: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a listing page gives: its articles, and the next page if it links one."""

    items: tuple[ListingItem, ...]
    next_url: str | None
