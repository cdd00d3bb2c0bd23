"""Source parsers: bytes or text of one fetched document → RawItem records.

Pure functions, no HTTP and no database. One module per `Source.kind`:

    kind   module                   entry points
    feed   syndicate.sources.feed   parse_feed(body, url=, headers=) -> ParsedFeed
    html   syndicate.sources.html   parse_listing, page_url, parse_article

An `html` source with no body selector goes through syndicate.sources.auto
(discover_links, extract_article). Adding a kind means adding a module and a row to
`KIND_MODULES`; callers look the module up with `module_for`. The other modules here
are shared parts: dom (parsing, selectors, URLs), cleanup (never-content blocks),
pagemeta (title, date, summary, image, category heuristics), listing (listing records
and cards), article (one article page), extraction (trafilatura).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from syndicate.sources.auto import discover_links, extract_article
from syndicate.sources.feed import ParsedFeed, parse_feed
from syndicate.sources.html import (
    Listing,
    ListingItem,
    page_url,
    parse_article,
    parse_listing,
)

# Source.kind → the module that parses that kind of source.
KIND_MODULES: dict[str, str] = {
    "feed": "syndicate.sources.feed",
    "html": "syndicate.sources.html",
}


def module_for(kind: str) -> ModuleType:
    """The parser module of a source kind; KeyError names an unknown kind."""
    return import_module(KIND_MODULES[kind])


__all__ = [
    "KIND_MODULES",
    "Listing",
    "ListingItem",
    "ParsedFeed",
    "discover_links",
    "extract_article",
    "module_for",
    "page_url",
    "parse_article",
    "parse_feed",
    "parse_listing",
]
