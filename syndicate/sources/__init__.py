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
from typing import Any

# Source.kind → the module that parses that kind of source.
KIND_MODULES: dict[str, str] = {
    "feed": "syndicate.sources.feed",
    "html": "syndicate.sources.html",
}


def module_for(kind: str) -> ModuleType:
    """The parser module of a source kind; KeyError names an unknown kind."""
    return import_module(KIND_MODULES[kind])


# The parsers are heavy (lxml, feedparser); importing the package must stay cheap, so
# a run with nothing to parse never loads them. Names resolve on first use.
_LAZY: dict[str, str] = {
    "discover_links": "syndicate.sources.auto",
    "extract_article": "syndicate.sources.auto",
    "ParsedFeed": "syndicate.sources.feed",
    "parse_feed": "syndicate.sources.feed",
    "Listing": "syndicate.sources.listing",
    "ListingItem": "syndicate.sources.listing",
    "page_url": "syndicate.sources.html",
    "parse_article": "syndicate.sources.html",
    "parse_listing": "syndicate.sources.html",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
