"""Automatic main-text extraction with trafilatura, for pages without a body selector.

trafilatura is asked for HTML with its metadata in <meta> tags, which is its public,
stable output; the body keeps paragraphs, headings, lists, tables, images and links.
trafilatura (with courlan and htmldate) takes a fifth of a second and tens of megabytes
to import, so it is imported on the first extraction: feed-only runs and pool workers
that only parse feeds never load it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from syndicate.sources.dom import clean_text, inner_html

# trafilatura logs a warning for every page it finds too short; that is a value for
# us (no body), not something to print. Loggers exist before their modules import.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# htmldate's extensive search scans every text node for dates; the page's own date
# line is found by our heuristics, so trafilatura's date is only a last resort.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class Extracted:
    body_html: str | None
    title: str | None = None
    author: str | None = None
    date: str | None = None  # trafilatura gives a day without a time: "2021-01-22"


def extract_main_text(root: HtmlElement, url: str) -> Extracted:
    """The article's main text as HTML, plus trafilatura's title, author and date.

    `root` is not modified: trafilatura works on its own copy of the tree.
    """
    import trafilatura  # heavy: only pages without selectors need it

    result = trafilatura.extract(
        root,
        url=url,
        output_format="html",
        with_metadata=True,
        include_images=True,
        include_formatting=True,
        include_tables=True,
        include_links=True,
        include_comments=False,
        deduplicate=False,
        # fast: no readability/jusText fallback passes, which triple the time per page
        # and rarely help on these portals' simple article markup.
        fast=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if not result:
        return Extracted(body_html=None)
    try:
        doc = lxml.html.document_fromstring(result)
    except (etree.ParserError, ValueError):
        return Extracted(body_html=None)
    meta = {
        (m.get("name") or "").lower(): clean_text(m.get("content"))
        for m in doc.iter("meta")
        if m.get("content")
    }
    body = doc.find("body")
    html = inner_html(body) if body is not None else ""
    return Extracted(
        body_html=html or None,
        title=meta.get("title") or None,
        author=meta.get("author") or None,
        date=meta.get("date") or None,
    )
