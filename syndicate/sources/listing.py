"""Listing-page records and the pieces both listing parsers share.

A listing page names articles (link, title, and whatever the page shows beside them:
date, summary, thumbnail) and maybe the next page. Values are taken as printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from syndicate.model import ListingItem
from syndicate.sources.dom import (
    HEADING_TAGS,
    absolute_url,
    ancestors,
    clean_text,
    elements,
    fold,
    marks,
    own_text,
    select,
    text_of,
)
from syndicate.sources.pagemeta import (
    dateline_value,
    first_image,
    has_date,
    is_date_marked,
    is_summary_marked,
    names_another_date,
)
from syndicate.text.dates import reads_as_relative
from syndicate.urls import canonical_url

# "Next page" link texts, words first: "»" and ">" sometimes mean "last page" instead.
_NEXT_TEXTS: tuple[tuple[str, ...], ...] = (
    ("trang sau", "trang tiếp", "trang kế", "tiếp theo", "tiếp", "sau", "next"),
    ("›", "»", ">", ">>", "→"),
    # Also what an article's own "read on" link says: taken only to a listing's page.
    ("xem tiếp", "xem thêm", "tin cũ hơn", "các tin cũ hơn", "tin cũ", "bài cũ hơn"),
)
_READ_ON = len(_NEXT_TEXTS) - 1
# A listing's page by its address: /trang-2, /page/2, ?page=2, ?paged=2.
_PAGE_ADDRESS = re.compile(
    r"(?:^|[/?&_.-])(?:trang|page|paged)(?:[-/=_]|%3d)?\d+(?:\.\w+)?/?$", re.IGNORECASE
)  # not "?p=2381": WordPress's address of an article
_CARD_TAGS = frozenset({"li", "article", "tr", "dd", "dl", "section"})
_CARD_MARKS = re.compile(r"item|news|post|card|entry|article|row|box|tin|bai", re.IGNORECASE)
_MAX_CLIMB = 6
_BLOCKS = frozenset(
    {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img"}
)
_ARROWS = " .:»›>→<«‹"


def link_title(link: HtmlElement) -> str | None:
    """A link's visible text, else its title attribute, else its image's alt text. Text
    the box cut short ("… năm 2024 và...") gives way to the title attribute holding
    the whole of it."""
    text = text_of(link)
    whole = clean_text(link.get("title"))
    if text and whole and _cut_short_of(text, whole):
        return whole
    text = text or whole
    if not text:
        img = next(link.iter("img"), None)
        if img is not None:
            text = clean_text(img.get("alt")) or clean_text(img.get("title"))
    return text or None


def _cut_short_of(text: str, whole: str) -> bool:
    """Whether `text` is the start of `whole`, cut short with an ellipsis."""
    stem = text.rstrip(" .…")
    return stem != text and len(whole) > len(stem) and whole.startswith(stem)


def first_link(scope: HtmlElement, base: str, need_text: bool = True) -> HtmlElement | None:
    """The link to a web page in scope (or scope itself) that is its title's, preferring
    one with text: in a heading, else to the page linked most often (the title, the
    thumbnail and "Xem tiếp" lead to the article; a card's section label leads to the
    section once), else the first.

    A "Chia sẻ" (javascript:), mailto: or "#binh-luan" link before the title leads nowhere.
    """
    links = [a for a in scope.iter("a") if absolute_url(a.get("href"), base)]
    if need_text:
        with_text = [a for a in links if text_of(a)]
        headed = [a for a in with_text if _in_heading(a, scope)]
        if headed:
            return headed[0]
        if len(with_text) > 1:
            times = Counter(_target(a, base) for a in links)
            most = max(times[_target(a, base)] for a in with_text)
            if most > 1:
                return next(a for a in with_text if times[_target(a, base)] == most)
        if with_text:
            return with_text[0]
    return links[0] if links else None


def _target(link: HtmlElement, base: str) -> str:
    return canonical_url(absolute_url(link.get("href"), base) or "")


def _in_heading(link: HtmlElement, scope: HtmlElement) -> bool:
    for node in (link, *ancestors(link)):
        if node.tag in HEADING_TAGS:
            return True
        if node is scope:
            break
    return False


def card_of(link: HtmlElement, url: str, base: str) -> HtmlElement | None:
    """The list item or article card around a link, if it holds no other article."""
    card: HtmlElement | None = None
    key = canonical_url(url)
    for level, node in enumerate(ancestors(link)):
        if level >= _MAX_CLIMB or node.tag in ("body", "html"):
            break
        # Stops at the first link elsewhere, so a long list costs one step per item.
        if any(_links_elsewhere(a, key, base) for a in node.iter("a") if a.get("href")):
            break
        card = node
        if node.tag in _CARD_TAGS or (node.tag == "div" and _CARD_MARKS.search(marks(node))):
            break
    return card


def _links_elsewhere(link: HtmlElement, key: str, base: str) -> bool:
    """Whether a link leads to another page than `key` (a canonical URL)."""
    target = absolute_url(link.get("href"), base)
    return target is not None and canonical_url(target) != key


def card_date(card: HtmlElement) -> str | None:
    """The first date in a card: a marked element (.date, time), a relative one there
    too ("3 giờ trước"), else a dateline."""
    fallback: str | None = None
    for element in elements(card):
        marked = is_date_marked(element)
        if not marked and (element.tag == "a" or _inside_link(element, card)):
            continue  # a title that mentions a date is not the date
        value = dateline_value(element)  # with a time printed apart after it
        if not value or len(value) > 80:
            continue
        if not has_date(value):
            if marked and reads_as_relative(value):
                return value  # "3 giờ trước", read against the run's time when normalized
            continue
        if marked:
            return value
        own = own_text(element)
        if fallback is None and has_date(own) and not names_another_date(own):
            fallback = own
    return fallback


def card_summary(card: HtmlElement, title: str | None) -> str | None:
    """The card's sapo text: a marked element, else the first prose block that is not the title."""
    for element in elements(card):
        if element is not card and is_summary_marked(element):
            text = text_of(element)
            if text and text != title:
                return text
    for element in elements(card):
        if element is card or element.tag not in ("p", "div", "span"):
            continue
        if any(child.tag in _BLOCKS for child in element) or _inside_link(element, card):
            continue
        text = text_of(element)
        if len(text) >= 20 and text != title and not (has_date(text) and len(text) < 40):
            return text
    return None


def _inside_link(element: HtmlElement, card: HtmlElement) -> bool:
    for node in ancestors(element):
        if node is card:
            return False
        if node.tag == "a":
            return True
    return False


def describe_card(link: HtmlElement, url: str, base: str) -> ListingItem:
    """A ListingItem for a link, with the date, summary and image of its card."""
    title = link_title(link)
    card = card_of(link, url, base)
    if card is None:
        return ListingItem(url=url, title=title)
    if not text_of(link):
        # A thumbnail's link: its alt ("Hội nghị", "anh1") is no title where the card's
        # title link or heading says what the article is called.
        named = next(
            (a for a in card.iter("a") if text_of(a) and absolute_url(a.get("href"), base) == url),
            None,
        )
        heading = next((h for h in card.iter("h2", "h3", "h4", "h5") if text_of(h)), None)
        if named is not None:
            title = link_title(named)
        elif heading is not None:
            title = text_of(heading)
    return ListingItem(
        url=url,
        title=title,
        summary=card_summary(card, title),
        date_text=card_date(card),
        image_url=first_image(card, base),  # not a bullet or an icon
    )


def merge_items(
    items: Iterable[ListingItem], page_url: str | None = None
) -> tuple[ListingItem, ...]:
    """Drop repeated URLs, keeping the first position and filling its empty fields.

    URLs compare canonically: a thumbnail linked as "www.…/a-12/" and a title linked as
    "/a-12" name one article; so do "http://…/a-12" and "https://…/a-12" (a template
    with the portal's address typed in), which keep the scheme of the listing page
    `page_url`, where the portal is.
    """
    scheme = urlsplit(page_url).scheme.lower() if page_url else ""
    merged: dict[str, ListingItem] = {}
    for item in items:
        key = canonical_url(item.url).partition("://")[2]
        seen = merged.get(key)
        if seen is None:
            merged[key] = item
            continue
        url = seen.url
        if urlsplit(url).scheme.lower() != scheme and urlsplit(item.url).scheme.lower() == scheme:
            url = item.url
        merged[key] = replace(
            seen,
            url=url,
            title=seen.title or item.title,
            summary=seen.summary or item.summary,
            date_text=seen.date_text or item.date_text,
            image_url=seen.image_url or item.image_url,
        )
    return tuple(merged.values())


def link_target(element: HtmlElement, base: str) -> str | None:
    """The URL an element points to: its own href, else its first link's."""
    if element.get("href"):
        return absolute_url(element.get("href"), base)
    link = first_link(element, base, need_text=False)
    return absolute_url(link.get("href"), base) if link is not None else None


def find_next_url(root: HtmlElement, base: str, page: str, selector: str | None) -> str | None:
    """The next listing page: the configured link, else rel=next or a "Trang sau" link."""
    if selector:
        for element in select(root, selector):
            url = link_target(element, base)
            if url and url != page:
                return url
        return None
    for element in elements(root):
        if element.tag in ("a", "link") and "next" in (element.get("rel") or "").lower().split():
            url = absolute_url(element.get("href"), base)
            if url and url != page:
                return url
    links = [a for a in root.iter("a") if a.get("href")]
    for rank, texts in enumerate(_NEXT_TEXTS):
        found: list[tuple[HtmlElement, str]] = []
        for link in links:
            label = fold(link_title(link) or "").strip(" .:")
            words = label.strip(_ARROWS)
            if label in texts or (rank in (0, _READ_ON) and words in texts):
                url = absolute_url(link.get("href"), base)
                if url and url != page and (rank != _READ_ON or _PAGE_ADDRESS.search(url)):
                    found.append((link, url))
        if found:
            # A side box's own "Trang sau" may come first: the listing's is in its pager.
            in_pager = [url for link, url in found if _in_pager(link)]
            return in_pager[0] if in_pager else found[0][1]
    return None


_PAGER_MARKS = re.compile(
    r"paginat|pager|paging|phantrang|phan-trang|pagenav|page-nav", re.IGNORECASE
)


def _in_pager(link: HtmlElement) -> bool:
    """Whether a link sits in a block named as a pager (.pagination, .paging, …)."""
    return any(_PAGER_MARKS.search(marks(a)) for a in (link, *ancestors(link)))
