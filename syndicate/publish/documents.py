"""Decide which feed documents exist and which entries each holds (pure, no I/O).

One logical feed per scope: the whole province, each configured district, each
configured category. Each logical feed is published as a current (subscription)
document plus RFC 5005 archive pages. Archive pages are cut by `seq`, the store's
insertion order, so a complete page always holds the same entries: page k of a feed
holds that feed's entries k*P .. (k+1)*P-1 (P = `publish.archive_page_size`). Only
complete pages are published, and the writer never rewrites one that exists.

Links between our own documents (`current`, `prev-archive`, `next-archive`) carry a
format-neutral href, the document URL without its extension (`feed_url(base, key)`);
each renderer appends its own extension (.rss, .atom, .json).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from syndicate.config import Config, Province
from syndicate.model import FeedDocument, FeedEntry, FeedLink

# `updated` of a feed with no entries: fixed, so an empty feed never changes bytes.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)
PROVINCE_KEY = "province"
ARCHIVE_PREFIX = "archive/"
ARCHIVE_RELS = frozenset({"current", "prev-archive", "next-archive"})
_ONE_SECOND = timedelta(seconds=1)


def feed_url(base_url: str, key: str, extension: str = "") -> str:
    """Where the document `key` is published; without an extension it names the logical feed."""
    return f"{base_url}{key}{extension}"


def archive_key(key: str, page: int) -> str:
    """`archive/districts/dak-to/3`: page 3 of the feed `districts/dak-to`."""
    return f"{ARCHIVE_PREFIX}{key}/{page}"


def logical_key(key: str) -> str:
    """The feed a document belongs to: itself, or for an archive page its current feed."""
    if key.startswith(ARCHIVE_PREFIX):
        return key[len(ARCHIVE_PREFIX) :].rsplit("/", 1)[0]
    return key


def newest_first(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """The order of every published document: newest `published` first, then id."""
    return sorted(entries, key=lambda e: (e.published, e.id), reverse=True)


def build_documents(config: Config, entries: Sequence[FeedEntry]) -> list[FeedDocument]:
    """Every document to publish: for each logical feed, its current document and archives.

    `entries` are all visible articles, one per story. The result is ordered: province,
    districts, categories (configuration order), each current document followed by its
    archive pages oldest first.
    """
    by_seq = sorted(entries, key=lambda e: (e.seq, e.id))
    districts: dict[str, list[FeedEntry]] = {d.slug: [] for d in config.districts}
    categories: dict[str, list[FeedEntry]] = {c.slug: [] for c in config.categories}
    for entry in by_seq:
        for slug in _districts_of(entry):
            if slug in districts:
                districts[slug].append(entry)
        if entry.category in categories:
            categories[entry.category].append(entry)

    province = config.province
    base = province.base_url
    province_name = _in_sentence(province.name)
    province_home = province.home_url or base
    docs = _feed_documents(
        config,
        PROVINCE_KEY,
        by_seq,
        title=f"Tin tức {province_name}",
        subtitle=f"Tin bài từ cổng thông tin điện tử các huyện, thành phố của {province_name}",
        home_url=province_home,
        capped=True,
    )
    for district in config.districts:
        docs += _feed_documents(
            config,
            f"districts/{district.slug}",
            districts[district.slug],
            title=f"{district.name} — tin tức",
            subtitle=f"Tin bài từ cổng thông tin điện tử {_in_sentence(district.name)}, "
            f"{province_name}",
            home_url=district.home_url or province_home,
            # A district feed is mostly its own portal: a per-source cap would only shrink it.
            capped=False,
        )
    for category in config.categories:
        docs += _feed_documents(
            config,
            f"categories/{category.slug}",
            categories[category.slug],
            title=f"{category.title} — tin tức các huyện",
            subtitle=f"Chuyên mục {category.title}: tin bài từ các huyện, thành phố của "
            f"{province_name}",
            home_url=province_home,
            capped=True,
        )
    return docs


def _districts_of(entry: FeedEntry) -> set[str]:
    """Districts whose feeds carry the entry: its origin's and every republisher's."""
    found = {o.district for o in entry.also_on if o.district}
    if entry.origin.district:
        found.add(entry.origin.district)
    return found


def _in_sentence(name: str) -> str:
    """`Tỉnh Kon Tum` → `tỉnh Kon Tum`: unit words are lower case inside a sentence."""
    for unit in ("Tỉnh ", "Huyện ", "Thành phố ", "Thị xã "):
        if name.startswith(unit):
            return unit.lower() + name[len(unit) :]
    return name


def _feed_documents(
    config: Config,
    key: str,
    members: Sequence[FeedEntry],
    *,
    title: str,
    subtitle: str,
    home_url: str,
    capped: bool,
) -> list[FeedDocument]:
    """One logical feed: its current document, then its complete archive pages (seq order)."""
    publish = config.publish
    province: Province = config.province
    base = province.base_url
    size = publish.archive_page_size
    pages = len(members) // size if size > 0 else 0
    archived = pages * size

    cap = publish.per_source_cap if capped and publish.per_source_cap > 0 else None
    current = {e.id: e for e in _newest(members, publish.entries_per_feed, cap)}
    # Entries not yet in a complete page live only in the current document; dropping
    # them would lose them for anyone walking the archives.
    for entry in members[archived:]:
        current.setdefault(entry.id, entry)

    links: list[FeedLink] = []
    if pages:
        links.append(FeedLink("prev-archive", feed_url(base, archive_key(key, pages - 1))))
    docs = [
        _document(
            key,
            title,
            subtitle,
            home_url,
            base,
            province.language,
            current.values(),
            links,
            archive=False,
            hub=publish.websub_hub,
        )
    ]
    for page in range(pages):
        # next-archive always names page+1, even before that page is complete, so a
        # page's bytes never depend on when it was first written.
        page_links = [FeedLink("current", feed_url(base, key))]
        if page > 0:
            page_links.append(FeedLink("prev-archive", feed_url(base, archive_key(key, page - 1))))
        page_links.append(FeedLink("next-archive", feed_url(base, archive_key(key, page + 1))))
        docs.append(
            _document(
                archive_key(key, page),
                title,  # the same feed, only older: RFC 5005 archives keep its title
                subtitle,
                home_url,
                base,
                province.language,
                members[page * size : (page + 1) * size],
                page_links,
                archive=True,
                hub=None,
            )
        )
    return docs


def _newest(members: Sequence[FeedEntry], limit: int, cap: int | None) -> list[FeedEntry]:
    """The newest `limit` entries; with a cap, at most `cap` of them from one source.

    Entries skipped by the cap are not lost: the archive pages still hold them.
    """
    chosen: list[FeedEntry] = []
    per_source: dict[str, int] = {}
    for entry in newest_first(members):
        if len(chosen) == limit:
            break
        source = entry.origin.source_id
        if cap is not None and per_source.get(source, 0) >= cap:
            continue
        per_source[source] = per_source.get(source, 0) + 1
        chosen.append(entry)
    return chosen


def _document(
    key: str,
    title: str,
    subtitle: str,
    home_url: str,
    base_url: str,
    language: str,
    entries: Iterable[FeedEntry],
    links: Sequence[FeedLink],
    *,
    archive: bool,
    hub: str | None,
) -> FeedDocument:
    ordered = tuple(newest_first(distinct_updated(entries)))
    updated = max((e.updated for e in ordered), default=EMPTY_FEED_UPDATED)
    return FeedDocument(
        key=key,
        title=title,
        subtitle=subtitle,
        home_url=home_url,
        base_url=base_url,
        language=language,
        entries=ordered,
        updated=updated,
        links=tuple(links),
        archive=archive,
        hub=hub,
    )


def distinct_updated(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """The entries with `updated` in UTC, whole seconds, and no two alike within the set.

    The W3C validator warns when two Atom entries of one feed share `updated`. Entries
    that collide are moved one second back each, in id order, until every value is
    unique: deterministic, never later than the real time, and the newest entry keeps
    its own time (so the document's `updated` is the real newest change).
    """
    cleaned = [(_utc_second(e.updated), e) for e in entries]
    cleaned.sort(key=lambda pair: (-pair[0].timestamp(), pair[1].id))
    result: list[FeedEntry] = []
    previous: datetime | None = None
    for when, entry in cleaned:
        if previous is not None and when >= previous:
            when = previous - _ONE_SECOND
        previous = when
        result.append(entry if entry.updated == when else replace(entry, updated=when))
    return result


def _utc_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)
