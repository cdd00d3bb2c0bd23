"""Liferay portals (about 2012-2019): `/-/asset_publisher/<id>/content/<slug>`.

An Asset Publisher portlet lists the articles; its pager is a "Trang sau" link with
portlet-namespaced `_cur` parameters, not a plain `?page=N`. The article page dates
read "Thứ Sáu, ngày 14 tháng 06 năm 2024 19:30 (GMT+7)".
"""

from __future__ import annotations

from collections.abc import Sequence

from syndicate.demo.layouts.base import (
    Layout,
    PortalContext,
    article_body,
    esc,
    footer,
    head,
    nav_items,
    related_block,
    share_buttons,
    short_id,
    views,
)
from syndicate.demo.records import DemoArticle, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import WEEKDAY_NAMES, dmy, slugify


def _instance(portal: DemoPortal) -> str:
    return short_id(f"liferay:{portal.key}", 12)


class Liferay(Layout):
    name = "liferay"
    related_label = "Tin liên quan"
    empty_pages_up_to = 0  # paged by links only

    def contact_path(self, portal: DemoPortal) -> str:
        return f"{portal.prefix}/web/guest/lien-he"

    def listing_path(self, portal: DemoPortal, source: DemoSource, page: int) -> str:
        base = f"{portal.prefix}/{source.slug}"
        if page == 1:
            return base
        p = f"_101_INSTANCE_{_instance(portal)}"
        return f"{base}?p_p_id=101_INSTANCE_{_instance(portal)}&p_p_lifecycle=0&{p}_delta=6&{p}_cur={page}"

    def listing_aliases(self, portal: DemoPortal, source: DemoSource, page: int) -> tuple[str, ...]:
        return ()

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        return f"{portal.prefix}/{source.slug}/-/asset_publisher/{_instance(portal)}/content/{slugify(title)}"

    def category_path(self, portal: DemoPortal, source: DemoSource, category: str) -> str | None:
        """Asset categories have pages of their own, named by a numeric category id."""
        number = 30000 + sum(short_id(category, 6).encode()) * 7
        return f"{portal.prefix}/{source.slug}/-/asset_publisher/{_instance(portal)}/categories/{number}"

    def image_path(self, portal: DemoPortal, article: DemoArticle | None, name: str) -> str:
        folder = article.number if article else 0
        return f"{portal.prefix}/documents/20182/{folder}/{name}{self.image_extension}"

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        menu = "\n".join(
            f'<li><a href="{esc(href)}"><span>{esc(label)}</span></a></li>'
            for href, label in nav_items(self, ctx)
        )
        return (
            head(title, encoding)
            + '<body class="controls-visible guest-site signed-out public-page site">\n'
            + '<div id="wrapper">\n<header id="banner" role="banner">\n'
            + f'<div id="heading"><h1 class="site-title"><a href="{esc(self.home_path(ctx.portal))}">'
            + f"{esc(ctx.portal.title)}</a></h1></div>\n"
            + f'<nav class="sort-pages modify-pages" id="navigation"><ul>\n{menu}\n</ul></nav>\n</header>\n'
            + f'<div id="content">\n{main}\n</div>\n{footer(ctx.portal, "footer")}\n</div>\n</body>\n</html>\n'
        )

    def _portlet(
        self, ctx: PortalContext, crumbs: list[tuple[str | None, str]], title: str, content: str
    ) -> str:
        items = []
        for i, (href, label) in enumerate(crumbs):
            cls = "first" if i == 0 else ("current last" if i == len(crumbs) - 1 else "")
            inner = f'<a href="{esc(href)}">{esc(label)}</a>' if href else esc(label)
            items.append(f'<li class="{cls}"><span>{inner}</span></li>')
        return (
            '<div class="portlet-boundary portlet-boundary_73_ portlet-breadcrumb">\n'
            f'<ul class="breadcrumbs breadcrumbs-horizontal lfr-component">{"".join(items)}</ul>\n</div>\n'
            f'<div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_101_INSTANCE_{_instance(ctx.portal)}_">\n'
            f'<section class="portlet"><header class="portlet-topper"><h1 class="portlet-title">'
            f'<span class="portlet-title-text">{esc(title)}</span></h1></header>\n'
            f'<div class="portlet-content">\n{content}\n</div></section>\n</div>'
        )

    def render_listing(
        self,
        ctx: PortalContext,
        source: DemoSource,
        page: int,
        pages: int,
        items: Sequence[DemoArticle],
    ) -> str:
        rows = []
        for a in items:
            image = a.image
            thumb = (
                f'<div class="asset-small-image"><a href="{esc(a.path)}"><img class="asset-small-image" '
                f'src="{esc(self.thumbnail_path(ctx.portal, image))}" alt=""></a></div>\n'
                if image
                else ""
            )
            date = (
                f'<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{dmy(a.published)}</span></div>\n'
                if a.listed_date
                else ""
            )
            rows.append(
                f'<div class="asset-abstract">\n{thumb}<h3 class="asset-title"><a href="{esc(a.path)}">{esc(a.title)}</a></h3>\n'
                f'{date}<div class="asset-summary">{esc(a.sapo)}</div>\n</div>'
            )
        pager = []
        if page > 1:
            pager.append(
                f'<a class="previous" href="{esc(self.listing_path(ctx.portal, source, page - 1))}">Trang trước</a>'
            )
        pager.append(f'<span class="page-info">Trang {page} / {pages}</span>')
        if page < pages:
            pager.append(
                f'<a class="next" href="{esc(self.listing_path(ctx.portal, source, page + 1))}">Trang sau</a>'
            )
        content = (
            '<div class="title-list">DANH SÁCH TIN BÀI</div>\n'
            + "\n".join(rows)
            + '\n<div class="taglib-page-iterator"><div class="page-links">'
            + " ".join(pager)
            + "</div></div>"
        )
        crumbs = [(self.home_path(ctx.portal), "Trang chủ"), (None, source.section)]
        main = self._portlet(ctx, crumbs, source.section, content)
        return self.page(ctx, f"{source.section} - {ctx.portal.title}", main, source.encoding)

    def render_article(
        self,
        ctx: PortalContext,
        source: DemoSource,
        article: DemoArticle,
        related: Sequence[DemoArticle],
    ) -> str:
        p = article.published
        date = (
            f"{WEEKDAY_NAMES[p.weekday()]}, ngày {p.day:02d} tháng {p.month:02d} năm {p.year} "
            f"{p:%H:%M} (GMT+7)"
        )
        content = (
            '<div class="asset-full-content show-asset-title">\n'
            f'<h3 class="header-title"><span>{esc(article.title)}</span></h3>\n'
            '<div class="asset-metadata">'
            f'<span class="metadata-entry metadata-publish-date">{date}</span> '
            f'<span class="metadata-entry metadata-categories">{esc(article.category)}</span> '
            f'<span class="metadata-entry metadata-view-count">{views(article)}</span></div>\n'
            f'<div class="asset-summary"><strong>{esc(article.sapo)}</strong></div>\n'
            '<div class="asset-content"><div class="journal-content-article">\n'
            f"{article_body(article)}\n</div></div>\n"
            f"{share_buttons(ctx.absolute(article.path), article.title)}\n"
            f"{related_block(self.related_label, related, 'asset-links')}\n</div>"
        )
        crumbs: list[tuple[str | None, str]] = [
            (self.home_path(ctx.portal), "Trang chủ"),
            (self.listing_path(ctx.portal, source, 1), source.section),
        ]
        if article.category != source.section:
            crumbs.append(
                (self.category_path(ctx.portal, source, article.category), article.category)
            )
        crumbs.append((None, article.title))
        main = self._portlet(ctx, crumbs, source.section, content)
        return self.page(ctx, article.title, main, source.encoding)


LAYOUT = Liferay()
