"""The bundled sample province: Kon Tum-like portals of five CMS generations on one
local server, with the ground truth of every article they publish.

    site = build_site("http://127.0.0.1:8719")      # path -> Page
    with DemoServer(site) as server: ...             # or DemoServer() to build its own
    load_articles()                                  # what a parser should find
"""

from syndicate.demo.articles import load_articles, new_article
from syndicate.demo.records import (
    CATEGORY_SLUGS,
    DemoArticle,
    DemoImage,
    DemoPortal,
    DemoSource,
)
from syndicate.demo.server import FAULTS, DemoServer
from syndicate.demo.site import Page, Site, build_site
from syndicate.demo.sources import PORTALS, SOURCES

__all__ = [
    "CATEGORY_SLUGS",
    "FAULTS",
    "PORTALS",
    "SOURCES",
    "DemoArticle",
    "DemoImage",
    "DemoPortal",
    "DemoServer",
    "DemoSource",
    "Page",
    "Site",
    "build_site",
    "load_articles",
    "new_article",
]
