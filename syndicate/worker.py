"""CPU-bound steps of collection: bytes in, normalized articles out.

These run in a process pool (see `pool`) so parsing uses every core while the event
loop keeps fetching. The configuration is installed once per worker (it is the same for
every call), so each call only ships the bytes it parses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from lxml.etree import LxmlError

from syndicate.config import Config, HtmlOptions, Source
from syndicate.dedup import PackedPrint, print_of_text
from syndicate.errors import ParseError, SourceError
from syndicate.html_clean import paragraph_texts, plain_text
from syndicate.model import Article, Listing, ListingItem, RawItem
from syndicate.normalize import BodyText, normalize_with_text
from syndicate.pool import ParsedArticles, installed_config
from syndicate.sources.auto import extract_article
from syndicate.sources.dom import parse_document, select_one, text_of
from syndicate.sources.feed import parse_feed
from syndicate.sources.html import parse_article_or_extract, parse_listing
from syndicate.sources.pagemeta import find_date_element, title_element
from syndicate.sources.unavailable import (
    Unavailable,
    may_be_notice,
    notice_of,
    reads_as_prose,
    redirected_away,
)
from syndicate.text.encodings import decode_html
from syndicate.text.searchtext import fold_columns

# What a library may raise on one malformed item (markup nested past the recursion
# limit, a value it refuses): the item is rejected, the rest of its source is stored.
_ITEM_ERRORS = (RecursionError, ValueError, ArithmeticError, LxmlError)


def _source(source_id: str) -> tuple[Config, Source]:
    config = installed_config()
    return config, config.source(source_id)


def parse_feed_body(
    source_id: str,
    body: bytes,
    url: str,
    headers: dict[str, str],
    now: datetime,
    stored: Mapping[str, str],
) -> ParsedArticles:
    """`stored`: content hash by URL of the articles this source carries already."""
    config, source = _source(source_id)
    try:
        feed = parse_feed(body, url=url, headers=headers)
    except ParseError:
        _raise_if_notice(decode_html(body, headers.get("content-type", ""), None).text, url)
        raise
    if feed.problem:
        # A truncated or broken document may end in a half-written entry: store none of
        # it this time; what earlier runs stored stays, and the next run tries again.
        raise ParseError(f"malformed feed: {feed.problem}")
    return _normalize_all(feed.items, source, config, now, stored, home=url)


def parse_listing_body(source_id: str, body: bytes, content_type: str, url: str) -> Listing:
    _, source = _source(source_id)
    options = _html_options(source)
    text = decode_html(body, content_type, options.encoding).text
    try:
        return parse_listing(text, url, options)
    except ParseError:
        _raise_if_notice(text, url)
        raise


def _raise_if_notice(text: str, url: str) -> None:
    """A page that gave nothing because it is a notice ("Hệ thống đang bảo trì"): the
    portal failed, as with a 503 or a 404, rather than its page's layout."""
    if not may_be_notice(text):
        return
    try:
        root, _ = parse_document(text, url)
    except ParseError:
        return
    notice = notice_of(root, None, url=url, gave_nothing=True)
    if notice is not None:
        raise SourceError("http-status", notice.answered(url))


def parse_article_bodies(
    source_id: str,
    pages: list[tuple[bytes, str, str, str, ListingItem | None]],
    now: datetime,
    stored: Mapping[str, str],
) -> ParsedArticles:
    """Parse every fetched article page of one source: (body, content type, url, final
    url, item); `stored` as for `parse_feed_body`.

    An article keeps the URL it is listed under; its relative links resolve against
    the final URL, where redirects left the page.
    """
    config, source = _source(source_id)
    options = _html_options(source)
    raws: list[RawItem] = []
    rejected: list[str] = []
    notes: list[str] = []
    unavailable: list[tuple[str, str]] = []
    for body, content_type, url, final_url, item in pages:
        try:
            text = decode_html(body, content_type, options.encoding).text
            notice = redirected_away(url, final_url)
            note = None
            if notice is None:
                if options.automatic:
                    raw = extract_article(text, final_url, item)
                else:
                    raw, note = parse_article_or_extract(text, final_url, options, item)
                notice = _notice(text, final_url, item, raw, options)
            if notice is not None and notice.kind == "maintenance":
                unavailable.append((url, notice.answered(final_url)))
                continue
            if notice is not None:
                raise ParseError(notice.reason)
            if note:
                notes.append(f"{url}: {note}")
            raws.append(replace(raw, url=url))
        except SourceError as exc:
            rejected.append(f"{url}: {exc.message}")
        except _ITEM_ERRORS as exc:
            rejected.append(_unexpected(url, exc))
    parsed = _normalize_all(raws, source, config, now, stored)
    return replace(
        parsed,
        rejected=tuple(rejected) + parsed.rejected,
        notes=tuple(notes),
        unavailable=tuple(unavailable),
    )


def _notice(
    text: str, url: str, item: ListingItem | None, raw: RawItem, options: HtmlOptions
) -> Unavailable | None:
    """What the page read as `raw` is instead of the article, if it is a notice. Not a
    page with a dateline (the source's `date`, or as the article reader finds one: a
    notice bears none); and a page that gave prose is judged by its title and headline
    only (see `notice_of`)."""
    if not may_be_notice(text):
        return None
    root, _ = parse_document(text, url)
    content = raw.content_html or ""
    notice = notice_of(
        root,
        item.title if item is not None else None,
        url=url,
        has_text=reads_as_prose(paragraph_texts(content)),
        content=plain_text(content),
    )
    if notice is None:
        return None
    dateline = select_one(root, options.date) if options.date else None
    if dateline is None:  # as the article reader finds it, never the header's "today" banner
        dateline = find_date_element(root, title_element(root))
    return None if dateline is not None and any(c.isdigit() for c in text_of(dateline)) else notice


def _normalize_all(
    items: tuple[RawItem, ...] | list[RawItem],
    source: Source,
    config: Config,
    now: datetime,
    stored: Mapping[str, str],
    *,
    home: str | None = None,
) -> ParsedArticles:
    """Normalize `items`; with `home`, the document that listed them, an article linked
    over both http and https is kept once (`_one_per_address`)."""
    articles: list[Article] = []
    texts: list[BodyText] = []
    rejected: list[str] = []
    for raw in items:
        try:
            article, text = normalize_with_text(raw, source, config, now=now)
        except ParseError as exc:
            rejected.append(f"{raw.url}: {exc.message}")
            continue
        except _ITEM_ERRORS as exc:
            rejected.append(_unexpected(raw.url, exc))
            continue
        articles.append(article)
        texts.append(text)
    if home is not None:
        articles, texts = _one_per_address(articles, texts, home)
    # Most items of a changed feed are stored already, unchanged: they need neither.
    fresh = [stored.get(a.url) != a.content_hash for a in articles]
    made = list(zip(articles, texts, fresh, strict=True))
    return ParsedArticles(
        tuple(articles),
        tuple(rejected),
        prints=tuple(
            PackedPrint.of(print_of_text(a.title, a.summary, t.plain, t.paragraphs)) if f else None
            for a, t, f in made
        ),
        folds=tuple(fold_columns(a.title, a.summary, t.plain) if f else None for a, t, f in made),
    )


def _one_per_address(
    articles: list[Article], texts: list[BodyText], home: str
) -> tuple[list[Article], list[BodyText]]:
    """One article per address whatever its scheme, at its first place: a feed linking
    one page over http and https (a template with the portal's address typed in)
    carries one article, under the scheme `home` is served over when it has it."""
    scheme = home.partition("://")[0].lower()
    at: dict[str, int] = {}
    kept: list[tuple[Article, BodyText]] = []
    for article, text in zip(articles, texts, strict=True):
        key = article.url.partition("://")[2]
        place = at.get(key)
        if place is None:
            at[key] = len(kept)
            kept.append((article, text))
        elif not kept[place][0].url.startswith(f"{scheme}:") and article.url.startswith(
            f"{scheme}:"
        ):
            kept[place] = (article, text)
    return [a for a, _ in kept], [t for _, t in kept]


def _unexpected(url: str, exc: BaseException) -> str:
    """The reason a rejected item gives when a library failed on it."""
    return f"{url}: could not be read ({type(exc).__name__}: {exc})"


def _html_options(source: Source) -> HtmlOptions:
    if not isinstance(source.options, HtmlOptions):
        raise ParseError(f"source {source.id} is not an html source")
    return source.options
