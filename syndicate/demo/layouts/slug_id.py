"""Slug + numeric id portals (about 2017-2025): `/tin-trong-huyen/Ten-bai-viet-5967`.

Recognisable by the banner line with TODAY's date ("Thứ 3, ngày 21 tháng 1 năm 2025"),
which must never be taken for the publication date, and a post date like "12-7-2024"
with no time.
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
    nav,
    related_block,
    share_buttons,
    views,
)
from syndicate.demo.records import DemoArticle, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import banner_date, dmy, slugify


class SlugId(Layout):
    name = "slug_id"
    date_precision = "day"
    related_label = "Các tin khác"

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        return f"{portal.prefix}/{source.slug}/{slugify(title, capitalised=True)}-{number}"

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        latest = [a for items in ctx.listed.values() for a in items]
        latest.sort(key=lambda a: a.published, reverse=True)
        sidebar = "\n".join(
            f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>' for a in latest[:5]
        )
        return (
            head(title, encoding)
            + '<body>\n<div class="top-bar">'
            + f'<span class="ngay-hien-tai">{banner_date(ctx.today)}</span>'
            + f' <a href="{esc(self.contact_path(ctx.portal))}">Liên hệ</a></div>\n'
            + f'<div class="banner"><div class="site-name">{esc(ctx.portal.title.upper())}</div></div>\n'
            + nav(self, ctx, "main-menu")
            + f'<div class="container">\n<div class="col-main">\n{main}\n</div>\n'
            + f'<div class="col-right"><div class="box"><h3>Tin mới nhất</h3><ul>\n{sidebar}\n</ul></div></div>\n'
            + f"</div>\n{footer(ctx.portal)}\n</body>\n</html>\n"
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
                f'<a class="thumb" href="{esc(a.path)}"><img src="{esc(self.thumbnail_path(ctx.portal, image))}" alt="{esc(a.title)}"></a>\n'
                if image
                else ""
            )
            date = f'<span class="news-date">{dmy(a.published)}</span>\n' if a.listed_date else ""
            rows.append(
                f'<div class="news-item">\n{thumb}<h3 class="news-title"><a href="{esc(a.path)}">{esc(a.title)}</a></h3>\n'
                f'{date}<p class="news-sapo">{esc(a.sapo)}</p>\n</div>'
            )
        links = " ".join(
            f'<span class="active">{n}</span>'
            if n == page
            else f'<a href="{esc(self.listing_path(ctx.portal, source, n))}">{n}</a>'
            for n in range(1, pages + 1)
        )
        main = (
            f'<div class="breadcrumb"><a href="{esc(self.home_path(ctx.portal))}">Trang chủ</a> » '
            f"<span>{esc(source.section)}</span></div>\n"
            f'<h2 class="cate-title">{esc(source.section)}</h2>\n'
            '<div class="list-news">\n<div class="title-list">DANH SÁCH TIN BÀI</div>\n'
            + "\n".join(rows)
            + f'\n</div>\n<div class="pagination">{links}</div>'
        )
        return self.page(ctx, f"{source.section} - {ctx.portal.title}", main, source.encoding)

    def render_article(
        self,
        ctx: PortalContext,
        source: DemoSource,
        article: DemoArticle,
        related: Sequence[DemoArticle],
    ) -> str:
        listing = esc(self.listing_path(ctx.portal, source, 1))
        crumbs = f'<a href="{esc(self.home_path(ctx.portal))}">Trang chủ</a> » <a href="{listing}">{esc(source.section)}</a>'
        if article.category != source.section:
            crumbs += f" » <span>{esc(article.category)}</span>"
        p = article.published
        main = (
            f'<div class="breadcrumb">{crumbs}</div>\n<div class="detail-news">\n'
            f'<h1 class="detail-title">{esc(article.title)}</h1>\n'
            f'<div class="detail-meta"><span class="detail-date">{p.day}-{p.month}-{p.year}</span>'
            f' | <span class="luot-xem">{views(article)}</span></div>\n'
            f'<div class="detail-sapo"><strong>{esc(article.sapo)}</strong></div>\n'
            f'<div class="detail-content">\n{article_body(article)}\n</div>\n'
            f"{share_buttons(ctx.absolute(article.path), article.title)}\n"
            f"{related_block(self.related_label, related, 'other-news')}\n</div>"
        )
        return self.page(ctx, article.title, main, source.encoding)


LAYOUT = SlugId()
