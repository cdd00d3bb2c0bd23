"""Decide what one source's fresh articles change in the store, without touching it.

`plan_changes` compares the stored state with what a source just produced and returns
intents (`Insert`, `Update`, `Seen`, `Merge`); the store applies them in one
transaction. Being pure, it is tested with plain values: no SQLite, no HTTP, no clock.

Given the stored articles that may tell the same stories (`candidates`, from the
store's story index), a new article that republishes one of them from another source
is inserted as a duplicate of that story's canonical article; or, when it outranks the
canonical (higher source authority, else published earlier), it becomes the canonical
and the stored story is merged into it. Given the source's stored articles by guid
(`by_guid`), a fresh article under an unknown URL that is one of them, moved, is its
revision: same id, new URL.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from syndicate.dedup import (
    STORY_WINDOW,
    StoryIndex,
    ranks_before,
    same_story,
    same_text,
    story_print,
)
from syndicate.model import Article, StoredArticle
from syndicate.text.fold import match_key
from syndicate.urls import article_number, on_hosts, other_scheme

ARTICLE_ID_LENGTH = 16


@dataclass(frozen=True, slots=True)
class Insert:
    """A new article. `duplicate_of` names the canonical article of the story this one
    republishes; the store keeps the row but folds it into that article's feed entry."""

    id: str
    article: Article
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """A stored article whose content or URL changed: same id, `last_updated` moves."""

    id: str
    article: Article
    last_updated: datetime


@dataclass(frozen=True, slots=True)
class Seen:
    """A stored article listed again unchanged: only its appearance's last_seen moves."""

    id: str
    source_id: str
    url: str


@dataclass(frozen=True, slots=True)
class Merge:
    """A stored story steps down for a new canonical article inserted in the same plan:
    its canonical article and every duplicate of it now point at `canonical`."""

    id: str  # the stored canonical article that becomes a duplicate
    canonical: str


Change = Insert | Update | Seen | Merge


def article_id(canonical_url: str) -> str:
    """The stable id given to an article at first insert; never recomputed afterwards."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:ARTICLE_ID_LENGTH]


def plan_changes(
    source_id: str,
    stored: Mapping[str, StoredArticle],
    fresh: Sequence[Article],
    now: datetime,
    *,
    candidates: Sequence[StoredArticle] = (),
    authority: Mapping[str, int] | None = None,
    window: timedelta = STORY_WINDOW,
    by_guid: Mapping[str, Sequence[StoredArticle]] | None = None,
    by_scheme: Mapping[str, StoredArticle] | None = None,
    homes: Mapping[str, str] | None = None,
    by_number: Mapping[str, Sequence[StoredArticle]] | None = None,
) -> list[Change]:
    """Turn one source's fresh articles into changes, in the order they were found.

    `stored` is keyed by canonical URL. A URL listed twice counts once (first wins).
    `candidates` are stored articles that may tell the same story as a new one (with
    the canonical articles of those that are duplicates); `authority` ranks sources
    (absent ones rank 0); `window` bounds how far apart two copies were published.
    `by_guid` holds the source's stored articles by guid, for fresh articles whose URL
    is not stored: one that is a stored article moved to a new URL is its revision.
    `by_scheme` holds, by fresh URL, the stored article under that URL's other scheme
    (`urls.other_scheme`): a portal that moved to https keeps its articles.
    `homes` holds the host of this source and of the stored articles' sources, as their
    URLs name it: a page on this source's own host that another source brought in first
    (the province's feed linking to the district's page) becomes this source's.
    `by_number` holds the source's stored articles by `urls.article_number`, for fresh
    articles whose URL is not stored: a portal that corrects a title gives the page a
    new slug under the same number, and the article moves there as it does by guid.
    """
    moved = _moved(
        source_id, fresh, stored, by_guid or {}, by_scheme or {}, homes or {}, by_number or {}
    )
    changes: list[Change] = []
    planned: set[str] = set()
    for article in fresh:
        if article.url in planned:
            continue
        planned.add(article.url)
        known = stored.get(article.url) or moved.get(article.url)
        if known is None:
            changes.append(Insert(article_id(article.url), article))
            continue
        if article.url not in stored and _back_to_http(known.article.url, article.url):
            # A portal that moved to https, whose listing still links some pages over
            # http: the article stays where it moved, or every run would move it back
            # and forth, each move an edit readers see. A new slug is taken, over https.
            article = replace(article, url=other_scheme(article.url) or known.article.url)
        home = homes is not None and _home_of(article.url, source_id, known, homes)
        changes.append(revision(source_id, known, article, now, home=home))
    if candidates:
        changes = _merge_republished(source_id, changes, candidates, authority or {}, window)
    return changes


def _moved(
    source_id: str,
    fresh: Sequence[Article],
    stored: Mapping[str, StoredArticle],
    by_guid: Mapping[str, Sequence[StoredArticle]],
    by_scheme: Mapping[str, StoredArticle],
    homes: Mapping[str, str],
    by_number: Mapping[str, Sequence[StoredArticle]],
) -> dict[str, StoredArticle]:
    """Stored articles that fresh ones carry under a new URL, by that URL.

    The same address under the other scheme tells when the stored article is this
    source's (or another's, on this source's own host: see `homes` in `plan_changes`),
    is not listed under its own URL too, and the fresh article still reads
    as it: a different scheme may be another server with other content. The guid
    tells only when one fresh URL alone has it, exactly one stored article of the
    source has it, that one is not listed under its own URL too, and the fresh
    article still reads as it: feeds that give every item one guid, or reuse guids,
    move nothing. The number a page's address files it under tells as the guid does.
    """
    if not by_guid and not by_scheme and not by_number:
        return {}
    # Items are counted by URL: a feed that repeats an item still carries it once.
    counts = Counter(guid for guid, _ in {(a.guid, a.url) for a in fresh if a.guid})
    numbers = {a.url: article_number(a.url) for a in fresh if a.url not in stored}
    numbered = Counter(number for number in numbers.values() if number)
    listed = {known.id for known in stored.values()}
    moved: dict[str, StoredArticle] = {}
    taken: set[str] = set()  # each stored article moves to one fresh URL at most
    for article in fresh:
        if article.url in stored:
            continue
        twin = by_scheme.get(article.url)
        if (
            twin is not None
            and twin.id not in listed
            and twin.id not in taken
            and (
                twin.article.source_id == source_id or _home_of(article.url, source_id, twin, homes)
            )
            and _reads_as_twin(twin.article, article)
        ):
            moved[article.url] = twin
            taken.add(twin.id)
            continue
        number = numbers.get(article.url)
        for found, reads_as in (
            (
                by_guid.get(article.guid, ()) if article.guid and counts[article.guid] == 1 else (),
                _reads_as,
            ),
            # A title corrected is what gives a page a new slug: its text must tell.
            (by_number.get(number, ()) if number and numbered[number] == 1 else (), _same_text),
        ):
            if (
                len(found) == 1
                and found[0].id not in listed
                and found[0].id not in taken
                and reads_as(found[0].article, article)
            ):
                moved[article.url] = found[0]
                taken.add(found[0].id)
                break
    return moved


def _reads_as(known: Article, fresh: Article) -> bool:
    """Whether `fresh` is `known` revised: the same title, the same content, or the same
    story. A CMS that hands each new item the guid of the last one (a feed of a single
    item, say) must not have every new article overwrite the one before."""
    return (
        match_key(known.title) == match_key(fresh.title)
        or (bool(known.content_html) and known.content_html == fresh.content_html)
        or same_story(story_print(known), story_print(fresh))
    )


def _reads_as_twin(known: Article, fresh: Article) -> bool:
    """`_reads_as` for the same address under the other scheme, which tells enough that
    two pages with no text at all are one."""
    return known.content_html == fresh.content_html or _reads_as(known, fresh)


def _same_text(known: Article, fresh: Article) -> bool:
    """Whether `fresh` carries `known`'s text, edited or not: a title corrected is what
    gives a page a new slug, often with the figure it corrects in the text too. A text
    too short to judge tells nothing ("Chi tiết xem tại tệp đính kèm.")."""
    return same_text(story_print(known), story_print(fresh))


def _back_to_http(stored_url: str, fresh_url: str) -> bool:
    """Whether `fresh_url` is the https address `stored_url` under http again."""
    return stored_url.lower().startswith("https:") and fresh_url.lower().startswith("http:")


def _home_of(url: str, source_id: str, known: StoredArticle, homes: Mapping[str, str]) -> bool:
    """Whether the page at `url` is on `source_id`'s own host and not on that of the
    source it is stored under (hosts compared as `urls.on_hosts` does: "www." or not)."""
    home, origin = homes.get(source_id), homes.get(known.article.source_id)
    if source_id == known.article.source_id or not home or not on_hosts(url, [home]):
        return False
    return not (origin and on_hosts(url, [origin]))


def revision(
    source_id: str, known: StoredArticle, article: Article, now: datetime, *, home: bool = False
) -> Update | Seen:
    """What `article`, fresh from `source_id`, changes in `known`, the stored article
    it is (by URL, or by the feed's guid when the URL moved).

    `home`: the page is on `source_id`'s own portal and not on that of the source it is
    stored under (see `plan_changes`), which passes it over: the article, its district
    and its text become this source's, the other stays one of the sources carrying it.
    """
    if home and not known.hidden:
        moved = replace(
            _carry_over(known, article), source_id=article.source_id, district=article.district
        )
        return Update(known.id, moved, last_updated=now)
    merged = _carry_over(known, article)
    # A hidden article stays as it was hidden: record the sighting, never its content.
    # The origin source owns the text: another source listing the same page (a portal's
    # feed and its HTML listing, say) may read it differently, and taking each reading
    # in turn would edit the article back and forth on every run.
    if known.hidden or source_id != known.article.source_id:
        return Seen(known.id, source_id, article.url)
    if not _changed(known.article, merged):
        return Seen(known.id, source_id, article.url)
    return Update(known.id, merged, last_updated=now)


def _merge_republished(
    source_id: str,
    changes: list[Change],
    candidates: Sequence[StoredArticle],
    authority: Mapping[str, int],
    window: timedelta,
) -> list[Change]:
    """Rewrite the inserts that republish a stored story from another source."""
    index = StoryIndex(candidates)
    copies: dict[str, list[Article]] = {}  # stored canonical id -> its visible copies
    for known in candidates:
        if known.canonical_of and not known.hidden:
            copies.setdefault(known.canonical_of, []).append(known.article)
    taken_over: dict[str, str] = {}  # stored canonical id -> the new canonical's id
    merged: list[Change] = []
    for change in changes:
        root = _story_of(change, source_id, index, window) if isinstance(change, Insert) else None
        if not isinstance(change, Insert) or root is None:
            merged.append(change)
        elif root.id in taken_over:
            merged.append(replace(change, duplicate_of=taken_over[root.id]))
        elif not root.hidden and _outranks(
            change.article, [root.article, *copies.get(root.id, ())], authority
        ):
            # A hidden story stays hidden: a copy never brings it back as the canonical.
            merged += [change, Merge(root.id, change.id)]
            taken_over[root.id] = change.id
        else:
            merged.append(replace(change, duplicate_of=root.id))
    return merged


def _story_of(
    change: Insert, source_id: str, index: StoryIndex, window: timedelta
) -> StoredArticle | None:
    """The canonical article of the stored story `change` republishes, if any.

    Only copies across sources merge: one source posting a story twice under two URLs
    has its reasons, and one source's monthly notices are exactly what must stay apart.
    """
    matches = index.matches(change.article, window)
    matched = {match.id for match in matches}
    for match in matches:
        root = index.get(match.canonical_of) if match.canonical_of else match
        if root is None or source_id in (match.article.source_id, root.article.source_id):
            continue
        if root.id not in matched and not same_story(
            story_print(change.article), story_print(root.article)
        ):
            # A copy of that story may tell this one too (a province round-up quoting
            # two districts' reports), but the story itself is another: merged, one
            # district's story would vanish into the other's. A copy of a copy published
            # days after the story, past its window, is still that story by every test.
            continue
        return root
    return None


def _outranks(article: Article, story: Sequence[Article], authority: Mapping[str, int]) -> bool:
    """Whether `article` ranks before every stored copy of the story (its canonical
    first): a story is taken over only by a copy that would lead it by any of them.
    A tie keeps the stored canonical: published entries stay put."""
    mine = authority.get(article.source_id, 0)
    return all(
        ranks_before(article, mine, copy, authority.get(copy.source_id, 0)) for copy in story
    )


def _carry_over(known: StoredArticle, article: Article) -> Article:
    """Keep what must not move between runs."""
    # The first source that carried the article stays its origin, whichever source
    # lists it now; other sources are recorded as appearances.
    kept = replace(
        article,
        source_id=known.article.source_id,
        district=known.article.district,
        category=article.category or known.article.category,
    )
    # An estimated date is "when we first saw it"; re-estimating on every run would
    # make old articles look new. A real date printed later does replace the estimate.
    if article.date_estimated:
        kept = replace(
            kept,
            published=known.article.published,
            date_estimated=known.article.date_estimated,
        )
    return kept


def _changed(old: Article, new: Article) -> bool:
    # A portal that moves an article to another section moves it between category
    # feeds, its text unchanged.
    if old.url != new.url or old.category != new.category:
        return True
    if _fingerprint(old) != _fingerprint(new) and _visible(old) != _visible(new):
        # Hashes alone can differ over nothing a reader sees: an estimated date is left
        # out of one, and a page that lost its printed date keeps the stored date.
        return True
    # A real date that replaces an estimate is news even when the text is the same.
    return old.date_estimated and not new.date_estimated and old.published != new.published


def _fingerprint(article: Article) -> str:
    if article.content_hash:
        return article.content_hash
    # Articles built without a content hash (hand-made, older rows) still compare
    # on what a reader sees.
    return hashlib.sha256("\x1f".join(_visible(article)).encode("utf-8")).hexdigest()


def _visible(article: Article) -> tuple[str, ...]:
    """What a reader sees of an article: the fields its content hash covers."""
    return (
        article.title,
        article.summary,
        article.content_html,
        article.author or "",
        article.image_url or "",
        article.published.isoformat(),
    )
