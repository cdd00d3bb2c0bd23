"""Decide which feed documents exist and which entries each holds (pure, no I/O).

One logical feed per scope: the whole province, each configured district, each
configured category. Each logical feed is published as a current (subscription)
document plus RFC 5005 archive pages.

An archive page, once cut, keeps its entries for good: which entries each page holds
is recorded (`Feed.page_seqs_lists`, kept by publishing in its manifest) and handed
back to `plan_feeds` on the next run. New pages are cut from the feed's entries not on
any page yet, in `seq` order (the store's insertion order), P at a time
(P = `publish.archive_page_size`), so an article that joins a feed late (a story
merged with a district's copy, a changed category) goes to a new page rather than
pushing the old ones along. A page changes only when an entry on it leaves the feed
(withdrawn with `hide`, merged into a story shown elsewhere): it is written again
without that entry, and no other page moves.

The current document lists the feed's newest `entries_per_feed` entries (at most
`per_source_cap` from one source in capped feeds), followed by the entries not yet on
a page. When the cap kept out an entry not yet on a page, every entry on no page and
not chosen goes to a new page at once, however few, so what the cap kept out cannot
come back through the current document.

Links between our own documents (`current`, `prev-archive`, `next-archive`) carry a
format-neutral href, the document URL without its extension (`feed_url(base, key)`);
each renderer appends its own extension (.rss, .atom, .json). Every link names a
document that exists: the newest archive page has no `next-archive` until the page
after it is cut, and then gains one (its entries stay as they were).

`plan_feeds` sorts the entries once and hands out `Feed`s, from which any single
document can be built without building the others: publishing skips archive pages
already on disk without ever assembling them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from operator import attrgetter

from syndicate.config import Config
from syndicate.model import FeedDocument, FeedEntry, FeedLink

# `updated` of a feed with no entries: fixed, so an empty feed never changes bytes, and
# not before 1990, which validators take for a mistake.
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)
PROVINCE_KEY = "province"
ARCHIVE_PREFIX = "archive/"
ARCHIVE_RELS = frozenset({"current", "prev-archive", "next-archive"})
_ONE_SECOND = timedelta(seconds=1)

# An entry as a document lists it: with its distinct `updated` time in that document.
Listed = tuple[FeedEntry, datetime]
_BY_SEQ = attrgetter("seq")  # unique: the store hands each article its own
_NO_SEQ = 2**63  # past every seq SQLite can hand out
_BY_DATE = attrgetter("published", "id")


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
    return sorted(entries, key=_BY_DATE, reverse=True)


@dataclass(frozen=True, slots=True)
class Feed:
    """One logical feed: its archive pages and its current selection."""

    key: str
    title: str
    subtitle: str
    home_url: str
    base_url: str
    language: str
    hub: str | None
    archive: Sequence[Sequence[FeedEntry]]  # the pages, oldest first, each in seq order
    archive_seqs: Sequence[Sequence[int]]  # the seqs of each page
    current_members: Sequence[FeedEntry]
    # Each entry's `updated` in milliseconds, the same in every document (`entry_stamps`).
    stamps: Mapping[str, int] = field(default_factory=dict)
    id_base: str = ""  # see `FeedDocument.id_base`

    @property
    def pages(self) -> int:
        """How many archive pages the feed has."""
        return len(self.archive)

    def page_seqs_lists(self) -> Sequence[Sequence[int]]:
        """Which entries each page holds, to hand back to the next `plan_feeds`."""
        return self.archive_seqs

    def page_key(self, page: int | None) -> str:
        """The document key of an archive page, or of the current document for None."""
        return self.key if page is None else archive_key(self.key, page)

    def page_members(self, page: int) -> Sequence[FeedEntry]:
        """The entries of an archive page, in seq order."""
        return self.archive[page]

    def page_seqs(self, page: int) -> tuple[int, int]:
        """The lowest and highest seq on an archive page (past every seq when empty)."""
        members = self.archive[page]
        if not members:
            return _NO_SEQ, _NO_SEQ
        return min(e.seq for e in members), max(e.seq for e in members)

    def listing(self, page: int | None) -> tuple[FeedDocument, list[Listed]]:
        """A document without its entries, and the entries it lists, in order.

        The renderers take the two apart so an entry is rendered once however many
        documents list it; `document` puts them together.
        """
        members = self.current_members if page is None else self.page_members(page)
        listed = _listed(members, self.stamps)
        updated = max((when for _, when in listed), default=EMPTY_FEED_UPDATED)
        header = FeedDocument(
            key=self.page_key(page),
            title=self.title,  # archive pages are the same feed, only older (RFC 5005)
            subtitle=self.subtitle,
            home_url=self.home_url,
            base_url=self.base_url,
            id_base=self.id_base,
            language=self.language,
            entries=(),
            updated=updated,
            links=self._links(page),
            archive=page is not None,
            hub=self.hub if page is None else None,
        )
        return header, listed

    def document(self, page: int | None) -> FeedDocument:
        """The current document (None) or an archive page, entries included."""
        return with_entries(*self.listing(page))

    def documents(self) -> list[FeedDocument]:
        """The current document followed by the archive pages, oldest first."""
        return [self.document(None), *(self.document(p) for p in range(self.pages))]

    def _links(self, page: int | None) -> tuple[FeedLink, ...]:
        def url(p: int) -> str:
            return feed_url(self.base_url, archive_key(self.key, p))

        if page is None:
            return (FeedLink("prev-archive", url(self.pages - 1)),) if self.pages else ()
        links = [FeedLink("current", feed_url(self.base_url, self.key))]
        if page > 0:
            links.append(FeedLink("prev-archive", url(page - 1)))
        # The newest page names no next page until one is cut (RFC 5005 section 4): a
        # link to a page that does not exist yet answers 404 to whoever follows it.
        if page + 1 < self.pages:
            links.append(FeedLink("next-archive", url(page + 1)))
        return tuple(links)


# Per feed key, the seqs each archive page held when last published, oldest page first.
ArchiveRecord = Mapping[str, Sequence[Sequence[int]]]


def build_documents(
    config: Config, entries: Sequence[FeedEntry], archived: ArchiveRecord | None = None
) -> list[FeedDocument]:
    """Every document to publish: for each logical feed, its current document and archives.

    `entries` are all visible articles, one per story. The result is ordered: province,
    districts, categories (configuration order), each current document followed by its
    archive pages oldest first.
    """
    return [doc for feed in plan_feeds(config, entries, archived) for doc in feed.documents()]


def plan_feeds(
    config: Config,
    entries: Sequence[FeedEntry],
    archived: ArchiveRecord | None = None,
    *,
    id_base: str = "",
    stamps: Mapping[str, int] | None = None,
) -> list[Feed]:
    """Every logical feed in publishing order: province, districts, categories.

    `archived` is what `Feed.page_seqs_lists` said on the last run, by feed key: those
    pages keep their entries. Without it pages are cut afresh. `id_base`: what feed ids
    are built on, when not the configured `base_url` (see `FeedDocument.id_base`).
    `stamps`: every entry's `updated` in milliseconds (`entry_stamps`, with what earlier
    publications recorded); without them, worked out from the entries alone.
    """
    by_seq = sorted(entries, key=_BY_SEQ)
    province = _Scope(
        PROVINCE_KEY,
        by_seq,
        title=f"Tin tức {_in_sentence(config.province.name)}",
        subtitle="Tin bài từ cổng thông tin điện tử các huyện, thành phố của "
        f"{_in_sentence(config.province.name)}",
        home_url=config.province.home_url or config.province.base_url,
        capped=True,
    )
    scopes = [province, *_district_scopes(config, province), *_category_scopes(config, province)]
    districts = {s.key.removeprefix("districts/"): s for s in scopes if s.district}
    categories = {s.key.removeprefix("categories/"): s for s in scopes if s.category}
    for entry in by_seq:
        for scope in _scopes_of(entry, districts, categories):
            scope.members.append(entry)
    _choose_current(config, scopes, districts, categories, newest_first(entries))
    recorded = archived or {}
    stamps = entry_stamps(by_seq) if stamps is None else stamps
    id_base = "" if id_base == config.province.base_url else id_base
    return [scope.feed(config, recorded.get(scope.key, ()), stamps, id_base) for scope in scopes]


class _Scope:
    """A logical feed while it is being planned: words, members, current selection."""

    def __init__(
        self,
        key: str,
        members: list[FeedEntry],
        *,
        title: str,
        subtitle: str,
        home_url: str,
        capped: bool,
        district: bool = False,
        category: bool = False,
    ) -> None:
        self.key = key
        self.members = members
        self.title = title
        self.subtitle = subtitle
        self.home_url = home_url
        self.capped = capped
        self.district = district
        self.category = category
        self.current: list[FeedEntry] = []
        self.per_source: dict[str, int] = {}
        self.skipped: set[str] = set()  # ids the cap kept out of the current selection

    def offer(self, entry: FeedEntry, limit: int, cap: int | None) -> bool:
        """Take the entry into the current selection unless the source is capped; True
        once the selection is full."""
        if not self.capped:
            cap = None
        source = entry.origin.source_id
        if cap is None or self.per_source.get(source, 0) < cap:
            self.per_source[source] = self.per_source.get(source, 0) + 1
            self.current.append(entry)
        else:
            self.skipped.add(entry.id)
        return len(self.current) >= limit

    def feed(
        self,
        config: Config,
        recorded: Sequence[Sequence[int]],
        stamps: Mapping[str, int],
        id_base: str = "",
    ) -> Feed:
        size = config.publish.archive_page_size
        pages, page_seqs, loose = _cut_pages(self.members, recorded, size)
        chosen = {e.id for e in self.current}
        if size > 0 and any(e.id in self.skipped for e in loose):
            # What the cap keeps out of the current document must be on a page now, or
            # no one walking the archives would see it. The page takes every entry on
            # no page yet, the chosen ones too, which the current document lists as
            # well (RFC 5005 lets the two overlap): with the newest alone, a source
            # that writes most of a feed cut a page of one entry at every run.
            pages.append(list(loose))
            page_seqs.append([e.seq for e in loose])
            loose = []
        # Entries on no page live only in the current document; dropping them would
        # lose them for anyone walking the archives.
        current = self.current + [e for e in loose if e.id not in chosen]
        return Feed(
            key=self.key,
            title=self.title,
            subtitle=self.subtitle,
            home_url=self.home_url,
            base_url=config.province.base_url,
            language=config.province.language,
            hub=config.publish.websub_hub,
            archive=pages,
            archive_seqs=page_seqs,
            current_members=current,
            stamps=stamps,
            id_base=id_base,
        )


def _cut_pages(
    members: list[FeedEntry], recorded: Sequence[Sequence[int]], size: int
) -> tuple[list[Sequence[FeedEntry]], list[Sequence[int]], list[FeedEntry]]:
    """The feed's archive pages, the seqs of each, and its entries on none of them, all
    in seq order.

    Recorded pages keep the entries they held that are still in the feed; the other
    members are cut into new pages of `size` in seq order, and what does not fill a
    page is left over. `size` 0 means no archive at all.
    """
    if size <= 0:
        return [], [], list(members)
    if _recorded_prefix(members, recorded):
        # Nothing left the feed or joined it late, the usual case: the recorded pages
        # are the first members, one after the other, and their records stand as given.
        pages: list[Sequence[FeedEntry]] = []
        start = 0
        for seqs in recorded:
            pages.append(members[start : start + len(seqs)])
            start += len(seqs)
        page_seqs = list(recorded)
        loose = members[start:]
    else:
        unplaced = {e.seq: e for e in members}  # placing a member takes it out
        # Sorting ints that are in order already costs next to nothing.
        pages = [[unplaced.pop(s) for s in sorted(seqs) if s in unplaced] for seqs in recorded]
        page_seqs = [[e.seq for e in page] for page in pages]
        loose = list(unplaced.values())
    whole = len(loose) - len(loose) % size
    for i in range(0, whole, size):
        pages.append(loose[i : i + size])
        page_seqs.append([e.seq for e in loose[i : i + size]])
    return pages, page_seqs, loose[whole:]


def _recorded_prefix(members: Sequence[FeedEntry], recorded: Sequence[Sequence[int]]) -> bool:
    """Whether the recorded pages, one after the other, are the members' first seqs."""
    flat = [seq for seqs in recorded for seq in seqs]
    return len(flat) <= len(members) and [e.seq for e in members[: len(flat)]] == flat


def _district_scopes(config: Config, province: _Scope) -> list[_Scope]:
    province_name = _in_sentence(config.province.name)
    return [
        _Scope(
            f"districts/{district.slug}",
            [],
            title=f"{district.name} — tin tức",
            subtitle=f"Tin bài từ cổng thông tin điện tử {_in_sentence(district.name)}, "
            f"{province_name}",
            home_url=district.home_url or province.home_url,
            # A district feed is mostly its own portal: a per-source cap would only
            # shrink it.
            capped=False,
            district=True,
        )
        for district in config.districts
    ]


def _category_scopes(config: Config, province: _Scope) -> list[_Scope]:
    province_name = _in_sentence(config.province.name)
    return [
        _Scope(
            f"categories/{category.slug}",
            [],
            title=f"{category.title} — tin tức các huyện",
            subtitle=f"Chuyên mục {category.title}: tin bài từ các huyện, thành phố của "
            f"{province_name}",
            home_url=province.home_url,
            capped=True,
            category=True,
        )
        for category in config.categories
    ]


def _scopes_of(
    entry: FeedEntry, districts: dict[str, _Scope], categories: dict[str, _Scope]
) -> list[_Scope]:
    """The district and category feeds that carry the entry (the province's carries all)."""
    found: list[_Scope] = []
    if entry.also_on:
        found += (districts[slug] for slug in sorted(_districts_of(entry)) if slug in districts)
    elif entry.origin.district in districts:
        found.append(districts[entry.origin.district])
    if entry.category in categories:
        found.append(categories[entry.category])
    return found


def _choose_current(
    config: Config,
    scopes: Sequence[_Scope],
    districts: dict[str, _Scope],
    categories: dict[str, _Scope],
    newest: Sequence[FeedEntry],
) -> None:
    """Fill each feed's current selection: its newest `entries_per_feed` entries, at
    most `per_source_cap` of them from one source where the feed is capped.

    One walk down the newest-first list serves every feed and stops once all are
    full. Entries skipped by the cap are not lost: the archive pages still hold them.
    """
    limit = config.publish.entries_per_feed
    cap = config.publish.per_source_cap if config.publish.per_source_cap > 0 else None
    province = scopes[0]
    open_scopes = len(scopes)
    full: set[str] = set()
    for entry in newest:
        for scope in (province, *_scopes_of(entry, districts, categories)):
            if scope.key not in full and scope.offer(entry, limit, cap):
                full.add(scope.key)
                open_scopes -= 1
        if not open_scopes:
            break


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


def with_entries(header: FeedDocument, listed: Sequence[Listed]) -> FeedDocument:
    """A `Feed.listing` put together: the document with its entries, each carrying its
    `updated` time in this document."""
    entries = tuple(e if e.updated == when else replace(e, updated=when) for e, when in listed)
    return replace(header, entries=entries)


def _listed(entries: Iterable[FeedEntry], stamps: Mapping[str, int] | None = None) -> list[Listed]:
    """Entries newest first, each with an `updated` time no other entry shares: its
    stamp in `stamps` (from `entry_stamps` over a set they are all part of), else
    worked out over these entries alone."""
    entries = list(entries)
    when = stamps if stamps and all(e.id in stamps for e in entries) else entry_stamps(entries)
    ordered = sorted(entries, key=_BY_DATE, reverse=True)
    return [(e, _from_millis(when[e.id])) for e in ordered]


def entry_stamps(
    entries: Iterable[FeedEntry], recorded: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Each entry's `updated` time in milliseconds, no two of them the same.

    The W3C validator warns when two Atom entries of one feed share `updated`. Each
    entry starts from its updated second (every date is published in whole seconds),
    or its published second if that is later; entries that collide take the next
    millisecond free, in insertion (seq) order. Never before the entry's published or
    real updated second: moved back instead, entries never edited (updated ==
    published) that share a second, as articles dated by the day alone do, would read
    as updated before they were published, which feed readers flag. The document's
    `updated`, the newest of these, is never before the real newest change.

    Worked out once over every entry, the stamps are the same in every document. An
    entry keeps the stamp `recorded` for it (by an earlier publication: see
    `stamp_records`) while it starts from the same second, and a recorded stamp of an
    entry not listed now (withdrawn, merged away) stays taken: so one leaving its
    second, or being edited out of it, moves no other entry of that second, which
    readers going by `updated` took for an edit; nor does it coming back. The first
    entry of a second takes its start before any entry spilling over from a full
    second before it does.
    """
    recorded = recorded or {}
    entries = list(entries)
    listed = {e.id for e in entries}
    taken = {millis for entry_id, millis in recorded.items() if entry_id not in listed}
    when: dict[str, int] = {}
    pending: list[tuple[int, int, str]] = []
    for entry in entries:
        start = _start_millis(entry)
        kept = recorded.get(entry.id)
        if kept is not None and start <= kept < start + _KEPT_SPAN and kept not in taken:
            when[entry.id] = kept
            taken.add(kept)
        else:
            pending.append((start, entry.seq, entry.id))
    pending.sort()
    rest: list[tuple[int, int, str]] = []
    for start, seq, entry_id in pending:
        if start in taken:
            rest.append((start, seq, entry_id))
        else:
            when[entry_id] = start
            taken.add(start)
    # The next millisecond to try for each start: a second shared by thousands of
    # entries (a first collection of undated items) is then walked once, not per entry.
    next_try: dict[int, int] = {}
    for start, _, entry_id in rest:
        millis = next_try.get(start, start)
        while millis in taken:
            millis += 1
        when[entry_id] = millis
        taken.add(millis)
        next_try[start] = millis + 1
    return when


# How far past its second's start a kept stamp may lie: a second of more than a
# thousand entries spills into the next ones.
_KEPT_SPAN = 3_600_000


def stamp_records(
    entries: Iterable[FeedEntry], stamps: Mapping[str, int], recorded: Mapping[str, int]
) -> tuple[dict[str, int], list[str]]:
    """What to keep for the next publication's `entry_stamps`, and which records are
    no longer needed. Kept: the stamp of every entry moved off its second's start, and
    of every entry of a second it shares with another (listed, or recorded and gone),
    so that its millisecond stays its own while it is gone and comes back with it. An
    entry alone at its second's start needs none: nothing can take that from it."""
    entries = list(entries)
    listed = {e.id for e in entries}
    sharing = Counter(_start_millis(e) for e in entries)
    for entry_id, millis in recorded.items():
        if entry_id not in listed:
            sharing[millis - millis % 1000] += 1
    keep: dict[str, int] = {}
    drop: list[str] = []
    for entry in entries:
        millis = stamps[entry.id]
        start = _start_millis(entry)
        if millis != start or sharing[start] > 1:
            if recorded.get(entry.id) != millis:
                keep[entry.id] = millis
        elif entry.id in recorded:
            drop.append(entry.id)
    return keep, drop


def shares_a_second(entries: Iterable[FeedEntry]) -> bool:
    """Whether two of the entries start from the same second, so that `_listed` moves
    one of them."""
    starts = [_start_millis(e) for e in entries]
    return len(set(starts)) < len(starts)


def distinct_updated(
    entries: Iterable[FeedEntry], stamps: Mapping[str, int] | None = None
) -> list[FeedEntry]:
    """The entries with `updated` in UTC, whole seconds but for the milliseconds that
    keep any two within the set apart: their `stamps` (worked out over every entry, as
    publishing does) when given for all of them (see `_listed`); in document order,
    newest first."""
    listed = _listed(entries, stamps)
    return [e if e.updated == when else replace(e, updated=when) for e, when in listed]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _start_millis(entry: FeedEntry) -> int:
    """Where an entry's time starts before collisions move it: its updated or published
    second, whichever is later, in milliseconds since the epoch."""
    return max(_utc_seconds(entry.updated), _utc_seconds(entry.published)) * 1000


def _utc_seconds(moment: datetime) -> int:
    """Whole seconds since the epoch, rounded down (so the fraction is dropped)."""
    return (moment - _EPOCH) // _ONE_SECOND


def _from_millis(millis: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=millis)
