"""Selector mode: listing pages and article pages read with configured CSS selectors.

Every selector is optional; what is not configured is found by the shared heuristics
(and, for a listing with no selectors at all, by automatic link discovery).
"""

from __future__ import annotations

from dataclasses import replace

from lxml.html import HtmlElement

from syndicate.config import HtmlOptions
from syndicate.errors import ParseError
from syndicate.model import Listing, ListingItem, RawItem
from syndicate.sources.article import BodyNotFound, build_article
from syndicate.sources.auto import discover_in
from syndicate.sources.dom import (
    absolute_url,
    parse_document,
    select,
    select_one,
    text_of,
)
from syndicate.sources.listing import (
    card_date,
    card_summary,
    describe_card,
    find_next_url,
    first_link,
    link_target,
    link_title,
    merge_items,
)
from syndicate.sources.pagemeta import date_value, element_image, first_image
from syndicate.urls import canonical_url

__all__ = ["Listing", "ListingItem", "parse_article", "parse_listing"]


def parse_listing(text: str, page_url: str, options: HtmlOptions) -> Listing:
    """The articles a listing page names, in page order, and its next page if any."""
    root, base = parse_document(text, page_url)
    here = absolute_url(page_url, page_url) or page_url
    if options.item:
        found = [_item_of(element, base, options) for element in select(root, options.item)]
        items = [item for item in found if item is not None]
    elif options.links:
        items = []
        for element in select(root, options.links):
            link = element if element.get("href") else first_link(element, base, need_text=False)
            url = absolute_url(link.get("href"), base) if link is not None else None
            if link is not None and url:
                items.append(describe_card(link, url, base))
    else:
        items = discover_in(root, base, page_url, options.allowed_hosts)
    # A link back to the listing itself ("Tin trong huyện", written "/tin-trong-huyen/")
    # is no article, however it is spelled.
    items = [item for item in items if canonical_url(item.url) != canonical_url(here)]
    if not items:
        raise ParseError(f"no article links found on the listing page {page_url}")
    next_url = None
    if options.next_page or not options.page_template:
        next_url = find_next_url(root, base, here, options.next_page)
    return Listing(items=merge_items(items, page_url), next_url=next_url)


def _item_of(element: HtmlElement, base: str, options: HtmlOptions) -> ListingItem | None:
    """One listed article from its item element; selectors are relative to it."""
    link: HtmlElement | None = None
    url: str | None = None
    if options.links:
        for candidate in select(element, options.links):
            url = link_target(candidate, base)
            if url:
                link = candidate
                break
    else:
        link = first_link(element, base)
        url = absolute_url(link.get("href"), base) if link is not None else None
    if link is None or url is None:
        return None

    def pick(selector: str | None) -> HtmlElement | None:
        return select_one(element, selector)

    title_element = pick(options.item_title)
    title = text_of(title_element) if title_element is not None else link_title(link)
    summary_element = pick(options.item_summary)
    date_element = pick(options.item_date)
    image_element = pick(options.item_image)
    return ListingItem(
        url=url,
        title=title or None,
        summary=(
            text_of(summary_element) or None
            if summary_element is not None
            else card_summary(element, title)
        ),
        date_text=(
            date_value(date_element) or None if date_element is not None else card_date(element)
        ),
        # Without a selector, the item's first picture that is no bullet or icon.
        image_url=(
            element_image(image_element, base)
            if image_element is not None
            else first_image(element, base)
        ),
    )


def parse_article(
    text: str, url: str, options: HtmlOptions, item: ListingItem | None = None
) -> RawItem:
    """One article page read with the configured selectors; heuristics fill the rest.

    Raises BodyNotFound (a ParseError) when the body selector matches nothing.
    """
    return build_article(text, url, options, item)


def parse_article_or_extract(
    text: str, url: str, options: HtmlOptions, item: ListingItem | None = None
) -> tuple[RawItem, str | None]:
    """`parse_article`, or, where the body selector matches nothing, the page read with
    its body extracted automatically; and then a note saying so.

    A portal lays out some pages differently (a photo story, a video, a notice) and may
    redesign its article page: their text is worth more than the item's loss, and the
    note tells the operator that the selector no longer fits.
    """
    try:
        return build_article(text, url, options, item), None
    except BodyNotFound as missing:
        raw = build_article(text, url, replace(options, body=None), item)
        return raw, f"{missing.message}; its text was extracted automatically"
