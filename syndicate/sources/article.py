"""One article page → RawItem, with CSS selectors where configured and heuristics elsewhere.

Order matters: page metadata and the breadcrumb are read first (cleanup removes menus),
then configured `drop` blocks and the never-content blocks go, then fields are read.
Without a body selector the main text comes from trafilatura.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from syndicate.config import HtmlOptions
from syndicate.errors import ParseError
from syndicate.model import ListingItem, RawItem
from syndicate.sources.cleanup import remove_boilerplate
from syndicate.sources.dom import (
    ancestors,
    inner_html,
    outer_html,
    parse_document,
    promote_lazy_images,
    select,
    select_one,
    text_of,
)
from syndicate.sources.extraction import Extracted, extract_main_text
from syndicate.sources.pagemeta import (
    element_image,
    find_date_element,
    find_summary,
    first_heading,
    first_image,
    names_site,
    publication_dateline,
    read_page_meta,
    title_element,
    without_site_name,
)
from syndicate.text.dates import VIETNAM, ParsedDate, parse_feed_date, parse_vietnamese_date

# A date or title line longer than this is a content block, not a line to remove.
_SHORT_LINE = 160
_MIN_TITLE = 20


# A picture every page of a portal shares: its logo or banner, a default share picture.
_SITE_PICTURE = re.compile(
    r"logo|banner|default|no-?image|no-?photo|placeholder|favicon|share", re.IGNORECASE
)


def site_picture(url: str | None) -> bool:
    """Whether `url` names a picture of the site rather than of the article (by its
    file name): templates put the portal's logo in og:image on every page, and every
    article's lead image was the logo, its own photo and caption passed over."""
    if not url:
        return False
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return _SITE_PICTURE.search(name) is not None


def build_article(
    text: str, url: str, options: HtmlOptions, item: ListingItem | None = None
) -> RawItem:
    """Read one article page; listing values fill what the page does not show."""
    root, base = parse_document(text, url)
    meta = read_page_meta(root, base)
    remove_boilerplate(root, options.drop, keep=select(root, options.body) if options.body else ())
    promote_lazy_images(root, base)

    heading = select_one(root, options.title)
    if heading is None:
        heading = title_element(root, meta.category)
    date_element = select_one(root, options.date)
    if date_element is None:
        date_element = find_date_element(root, heading)
    date_text = publication_dateline(date_element) if date_element is not None else None
    # A listing's title cut short to fit its box ("… năm 2024 và...") comes after the
    # page's own titles, which hold the whole of it.
    listed = item.title if item else None
    cut_short = listed is not None and listed.rstrip().endswith(("...", "…"))
    page_title = _first(
        text_of(heading) if heading is not None else None, None if cut_short else listed
    )

    body: HtmlElement | None = None
    if options.body:
        body, body_html = _selected_body(root, options.body)
        extracted = Extracted(body_html=body_html)
    else:
        # The title and date lines are not article text; trafilatura would keep them.
        titles = _title_forms(page_title, meta.og_title, meta.html_title)
        _drop_title_and_date(root, titles, date_element)
        _captions_as_paragraphs(root)
        _unwrap_layout_tables(root)
        extracted = extract_main_text(root, base)

    # trafilatura takes a title from the page's own, whose site name it may not see.
    extracted_title = without_site_name(extracted.title, meta.site_name, meta.category)
    if names_site(extracted_title, meta.site_name):
        extracted_title = None  # the site header's heading, which trafilatura may take
    title = _first(
        page_title,
        extracted_title,
        meta.og_title,
        first_heading(root, meta.site_name, meta.category),
        meta.html_title,
        listed,
    )
    if not title:
        raise ParseError("article has no title")
    published = _readable_date(
        date_text, meta.meta_date, item.date_text if item else None, extracted.date
    )

    summary_element = select_one(root, options.summary)
    if summary_element is None:
        summary_element = find_summary(root, body)
    summary_html = _first(
        inner_html(summary_element) if summary_element is not None else None,
        html.escape(item.summary, quote=False) if item and item.summary else None,
    )

    author_element = select_one(root, options.author)
    author = text_of(author_element) if author_element is not None else extracted.author

    image_element = select_one(root, options.image)
    image_url = _first(
        element_image(image_element, base) if image_element is not None else None,
        None if site_picture(meta.og_image) else meta.og_image,
        first_image(body, base)
        if body is not None
        else _first_image_in_html(extracted.body_html, base),
        item.image_url if item else None,
    )

    return RawItem(
        url=url,
        title=title,
        published=published,
        summary_html=summary_html,
        content_html=extracted.body_html,
        author=author or None,
        category=meta.category,
        image_url=image_url,
        base_url=base,
    )


class BodyNotFound(ParseError):
    """The configured body selector matched nothing on this page."""


def _selected_body(root: HtmlElement, selector: str) -> tuple[HtmlElement, str]:
    """The body element and its HTML; several disjoint matches are joined in order."""
    bodies = _outermost(select(root, selector))
    if not bodies:
        raise BodyNotFound(f"article body not found: {selector!r} matched nothing")
    if len(bodies) == 1:
        return bodies[0], inner_html(bodies[0])
    return bodies[0], "\n".join(outer_html(b) for b in bodies)


def _unwrap_layout_tables(root: HtmlElement) -> None:
    """Tables that lay the page out (old ASP.NET skins: a content pane and a right pane
    side by side) as plain blocks: trafilatura kept a whole row of one, the right
    column's boxes and counters with the article. A table is a layout one when a cell
    holds blocks only pages are made of (divs, headings, forms, other tables)."""
    for table in list(root.iter("table")):
        cells = [c for c in table.iter("td", "th") if next(c.iterancestors("table")) is table]
        # A cell holding what pages are made of, and named for its place in the page; a
        # pasted data table's cells hold a block of text each, and "text-left" is no place.
        if not any(c.xpath(_LAYOUT_BLOCKS) and _named_as_layout(c) for c in cells):
            continue
        own = [
            e
            for e in table.iter("thead", "tbody", "tfoot", "tr", "td", "th")
            if next(e.iterancestors("table")) is table
        ]
        for element in (table, *own):
            element.tag = "div"


_LAYOUT_BLOCKS = "./h1 | ./h2 | ./table | ./form | ./section | self::*[count(./div) >= 2]"
# How skins name the cells they lay the page out with: dnn_ContentPane, col-md-8…
_LAYOUT_TOKENS = frozenset({"col", "column", "sidebar", "layout", "wrapper", "maincol"})


# A place in the page as a name: tdRight, colMain, rightcolumn, maincontent; not a bare
# "left" or "content" (text-left, table-content).
_PLACE_NAME = re.compile(
    r"(?:td|col|column)(?:left|right|main|content|side|center)(?:col|column|content|pane)?"
    r"|(?:left|right|main|content|side|center)(?:col|column|content|pane)"
)


def _named_as_layout(cell: HtmlElement) -> bool:
    for name in f"{cell.get('class') or ''} {cell.get('id') or ''}".split():
        words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", name) if w]
        if any(w.endswith("pane") or w in _LAYOUT_TOKENS for w in words):
            return True
        if _PLACE_NAME.fullmatch("".join(words)):
            return True
    return False


def _captions_as_paragraphs(root: HtmlElement) -> None:
    """Each <figcaption> as a paragraph right after its figure: trafilatura drops
    figcaptions, and the paragraph after the picture was then taken for its caption.
    Sanitizing makes the picture and that paragraph a figure again."""
    for caption in list(root.iter("figcaption")):
        figure = next(caption.iterancestors("figure"), None)
        text = text_of(caption)
        caption.drop_tree()
        if figure is None or not text:
            continue
        paragraph = figure.makeelement("p", {})
        paragraph.text = text
        figure.addnext(paragraph)


def _title_forms(*titles: str | None) -> set[str]:
    """The ways a page may print its title: as given, or without a " - Site name" suffix."""
    forms: set[str] = set()
    for title in titles:
        if not title:
            continue
        forms.add(title)
        for separator in (" - ", " | ", " – "):
            head = title.rsplit(separator, 1)[0].strip()
            if separator in title and len(head) >= _MIN_TITLE:
                forms.add(head)
    return forms


def _drop_title_and_date(
    root: HtmlElement, titles: set[str], date_element: HtmlElement | None
) -> None:
    """Remove the title and date lines, so the extracted main text starts with the article."""
    if date_element is not None and len(text_of(date_element)) <= _SHORT_LINE:
        date_element.drop_tree()
    body = root.find("body")
    if not titles or body is None:
        return
    for element in list(body.iter()):
        if (
            isinstance(element.tag, str)
            and element.tag not in ("body", "a")
            and element.getparent() is not None
            and next(element.iter("img"), None) is None
            and text_of(element) in titles
        ):
            element.drop_tree()


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _readable_date(*texts: str | None) -> str | None:
    """The first text that reads as a date, else the first text at all, as printed.

    A page may print its date in a form the parser refuses (a two-digit year, a weekday
    that disagrees with the day); the listing's date then serves instead of none. A
    page that prints the day alone yields to a later text giving that day with its time
    (the listing's "12/05/2025 08:30"), which would otherwise be lost to midnight.
    """
    given = [text for text in texts if text]
    readable = [(t, found) for t in given if (found := _read_date(t)) is not None]
    if not readable:
        return given[0] if given else None
    first_text, first = readable[0]
    if not first.has_time:
        day = first.value.date()
        for text, found in readable[1:]:
            if found.has_time and found.value.astimezone(VIETNAM).date() == day:
                return text
    return first_text


def _read_date(text: str) -> ParsedDate | None:
    # In Vietnam's zone to compare printed days, as a meta tag may give its time in UTC
    # ("2024-09-01T18:30:00Z" is 01:30 on 2 September): the source's own zone is
    # applied when normalizing.
    return parse_feed_date(text, VIETNAM) or parse_vietnamese_date(text, VIETNAM)


def _outermost(found: list[HtmlElement]) -> list[HtmlElement]:
    """Matches that are not inside another match (a selector may hit nested blocks)."""
    chosen = set(found)
    return [e for e in found if not any(a in chosen for a in ancestors(e))]


def _first_image_in_html(fragment: str | None, base: str) -> str | None:
    if not fragment or "<img" not in fragment:
        return None
    try:
        root, _ = parse_document(f"<html><body>{fragment}</body></html>", base)
    except ParseError:
        return None
    return first_image(root, base)
