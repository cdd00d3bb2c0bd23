"""Build the whole sample province as a map from request path to page bytes.

`build_site` is deterministic for a given base URL, day and set of overrides: tests
rebuild it with an article edited, unlisted or added to watch the pipeline react.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote, unquote

from syndicate.demo import charsets
from syndicate.demo import sources as demo_sources
from syndicate.demo.articles import load_articles
from syndicate.demo.feeds import feed_media_type, feed_path, render_feed
from syndicate.demo.images import image_for
from syndicate.demo.layouts import Layout, PortalContext, layout_for
from syndicate.demo.layouts.base import DatePrecision, esc
from syndicate.demo.records import DemoArticle, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import VN_TZ

RELATED = 5  # articles in a page's related block
ROBOTS = b"User-agent: *\nDisallow: /admin/\n"


@dataclass(frozen=True, slots=True)
class Page:
    """One response body. `last_modified` is the newest article date on the page."""

    body: bytes
    content_type: str
    last_modified: datetime | None = None


def site_key(target: str) -> str:
    """The one spelling of a request target: the path percent-encoded the same way
    whether the client sent it raw or encoded; the query string as sent."""
    path, sep, query = target.partition("?")
    return quote(unquote(path), safe="/-._~") + sep + query


class Site(Mapping[str, Page]):
    """The sample province: path (with query string) to page, plus the ground truth."""

    def __init__(
        self,
        pages: Mapping[str, Page],
        *,
        base_url: str,
        today: date,
        articles: Sequence[DemoArticle],
        unlisted: frozenset[str],
        overrides: Mapping[str, DemoArticle | None],
    ) -> None:
        self._pages = {site_key(path): page for path, page in pages.items()}
        self.base_url = base_url
        self.today = today
        self.built = datetime.combine(today, time(0, 0), VN_TZ)
        self.articles = tuple(articles)
        self.unlisted = unlisted
        self.overrides = dict(overrides)

    def __getitem__(self, path: str) -> Page:
        return self._pages[site_key(path)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    # ---------------------------------------------------------------- ground truth
    def article(self, article_id: str) -> DemoArticle:
        return next(a for a in self.articles if a.id == article_id)

    def listed(self, source_id: str) -> tuple[DemoArticle, ...]:
        """The articles a source's listing shows, newest first."""
        return _listed(self.articles, source_id, self.unlisted)

    def source_url(self, source_id: str) -> str:
        """What config/demo.toml points at: the feed, or the first listing page."""
        source = demo_sources.source(source_id)
        portal = demo_sources.portal(source.portal)
        path = feed_path(portal, source) or layout_for(portal).listing_path(portal, source, 1)
        return self.base_url + path

    def date_precision(self, source_id: str) -> DatePrecision:
        """How precisely a parser can know the dates of a source: feeds and most pages
        give the minute; slug+id portals print the day only ("12-7-2024")."""
        source = demo_sources.source(source_id)
        if source.feed:
            return "minute"
        return layout_for(demo_sources.portal(source.portal)).date_precision

    def listing_paths(self, source_id: str) -> tuple[str, ...]:
        source = demo_sources.source(source_id)
        portal = demo_sources.portal(source.portal)
        layout = layout_for(portal)
        return tuple(
            layout.listing_path(portal, source, n)
            for n in range(1, _page_count(self.listed(source_id), source) + 1)
        )

    # ---------------------------------------------------------------- changes
    def with_overrides(self, overrides: Mapping[str, DemoArticle | None]) -> Site:
        return build_site(
            self.base_url, today=self.today, overrides={**self.overrides, **overrides}
        )

    def edited(self, article_id: str, **changes: Any) -> Site:
        """The site with one article changed, e.g. `edited("dakto-03", title="...")`."""
        return self.with_overrides({article_id: replace(self.article(article_id), **changes)})

    def without(self, article_id: str) -> Site:
        """The site with an article gone from listings and feeds (its page still answers)."""
        return self.with_overrides({article_id: None})

    def with_article(self, article: DemoArticle) -> Site:
        return self.with_overrides({article.id: article})


def build_site(
    base_url: str,
    *,
    today: date | None = None,
    overrides: Mapping[str, DemoArticle | None] | None = None,
) -> Site:
    """Every page of the sample province, with links and feeds pointing at `base_url`.

    `overrides` maps an article id to a replacement article (an edit, or a new article
    when the id is new; see `articles.new_article`) or to None to unlist the article.
    """
    base_url = base_url.rstrip("/")
    today = today or date.today()
    overrides = dict(overrides or {})
    articles = {a.id: a for a in load_articles()}
    for article_id, article in overrides.items():
        if article is None:
            if article_id not in articles:
                raise KeyError(f"cannot unlist unknown article {article_id!r}")
        elif article.id != article_id:
            raise ValueError(f"override {article_id!r} carries article {article.id!r}")
        else:
            articles[article_id] = article
    unlisted = frozenset(k for k, v in overrides.items() if v is None)
    everything = tuple(articles.values())
    built = datetime.combine(today, time(0, 0), VN_TZ)

    pages: dict[str, Page] = {"/robots.txt": Page(ROBOTS, "text/plain; charset=utf-8", built)}
    for portal in demo_sources.PORTALS:
        pages.update(_portal_pages(base_url, today, portal, everything, unlisted, built))
    pages["/"] = Page(_directory(base_url).encode(), "text/html; charset=utf-8", built)
    return Site(
        pages,
        base_url=base_url,
        today=today,
        articles=everything,
        unlisted=unlisted,
        overrides=overrides,
    )


def _listed(
    articles: Sequence[DemoArticle], source_id: str, unlisted: frozenset[str]
) -> tuple[DemoArticle, ...]:
    chosen = [a for a in articles if a.source == source_id and a.id not in unlisted]
    return tuple(sorted(chosen, key=lambda a: (a.published, a.number), reverse=True))


def _page_count(listed: Sequence[DemoArticle], source: DemoSource) -> int:
    return max(1, math.ceil(len(listed) / source.page_size))


def _newest(articles: Sequence[DemoArticle], fallback: datetime) -> datetime:
    return max((a.published for a in articles), default=fallback)


def _html(text: str, encoding: Encoding, modified: datetime) -> Page:
    return Page(charsets.encode_text(text, encoding), charsets.content_type(encoding), modified)


def _portal_pages(
    base_url: str,
    today: date,
    portal: DemoPortal,
    articles: Sequence[DemoArticle],
    unlisted: frozenset[str],
    built: datetime,
) -> dict[str, Page]:
    layout = layout_for(portal)
    sources = demo_sources.portal_sources(portal.key)
    listed = {s.id: _listed(articles, s.id, unlisted) for s in sources}
    ctx = PortalContext(base_url, today, portal, sources, listed)
    newest = _newest([a for items in listed.values() for a in items], built)
    home = _html(layout.render_home(ctx), ctx.encoding, newest)
    pages = {path: home for path in (layout.home_path(portal), *layout.home_aliases(portal))}
    pages[layout.contact_path(portal)] = _html(layout.render_contact(ctx), ctx.encoding, built)
    for source in sources:
        own = [a for a in articles if a.source == source.id]
        pages.update(_source_pages(ctx, layout, source, own, built))
    return pages


def _source_pages(
    ctx: PortalContext,
    layout: Layout,
    source: DemoSource,
    articles: Sequence[DemoArticle],
    built: datetime,
) -> dict[str, Page]:
    """Listing pages, category pages, article pages with their images, and the feed."""
    portal, items = ctx.portal, ctx.listed[source.id]
    pages: dict[str, Page] = {}
    count = _page_count(items, source)
    for n in range(1, count + 1):
        chunk = items[(n - 1) * source.page_size : n * source.page_size]
        text = layout.render_listing(ctx, source, n, count, chunk)
        page = _html(text, source.encoding, _newest(chunk, built))
        for path in (
            layout.listing_path(portal, source, n),
            *layout.listing_aliases(portal, source, n),
        ):
            pages[path] = page
    for n in range(count + 1, layout.empty_pages_up_to + 1):
        text = layout.render_listing(ctx, source, n, count, ())
        pages[layout.listing_path(portal, source, n)] = _html(text, source.encoding, built)
    for category in sorted({a.category for a in items} - {source.section}):
        category_path = layout.category_path(portal, source, category)
        if category_path:
            chosen = tuple(a for a in items if a.category == category)
            text = layout.render_listing(ctx, replace(source, section=category), 1, 1, chosen)
            pages[category_path] = _html(text, source.encoding, _newest(chosen, built))
    for article in articles:
        older = [a for a in items if a.published < article.published and a.id != article.id]
        text = layout.render_article(ctx, source, article, older[:RELATED])
        pages[article.path] = _html(text, source.encoding, article.published)
        for image in article.images:
            for path in (image.path, layout.thumbnail_path(portal, image)):
                body, media_type = image_for(path)
                pages[path] = Page(body, media_type, article.published)
    feed = feed_path(portal, source)
    if feed:
        body = render_feed(ctx.base_url, portal, source, layout.home_path(portal), items)
        media_type = f"{feed_media_type(source)}; charset=utf-8"
        pages[feed] = Page(body, media_type, _newest(items, built))
    return pages


def _directory(base_url: str) -> str:
    """The server's root: a list of the sample portals, for people trying the demo."""
    rows = "\n".join(
        f'<li><a href="{esc(base_url + layout_for(p).home_path(p))}">{esc(p.title)}</a></li>'
        for p in demo_sources.PORTALS
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
        "<title>Tỉnh Kon Tum (mẫu)</title></head>\n<body>\n"
        f"<h1>Các cổng thông tin mẫu</h1>\n<ul>\n{rows}\n</ul>\n</body>\n</html>\n"
    )
