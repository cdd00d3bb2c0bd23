"""`/pages/detail/<id>/<Slug>.html` portals (the province and the city).

Recognisable by the header "Thứ 4, Ngày 24/04/2024 -" (today), the label
"Ngày đăng: 22/04/2024  22:02" with its double space, and a "Mặc định / Cỡ chữ"
font-size switch above the article. Links are absolute.
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
from syndicate.demo.records import DemoArticle, DemoImage, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import WEEKDAY_NUMBERS, dmy, dmy_hm, slugify


class PagesDetail(Layout):
    name = "pages_detail"
    related_label = "Các tin khác"

    def contact_path(self, portal: DemoPortal) -> str:
        return f"{portal.prefix}/pages/lien-he.html"

    def listing_path(self, portal: DemoPortal, source: DemoSource, page: int) -> str:
        category = sum(short_id(source.id, 4).encode()) % 90 + 10
        base = f"{portal.prefix}/pages/cate/{category}/{slugify(source.section, capitalised=True)}.html"
        return base if page == 1 else f"{base}?page={page}"

    def listing_aliases(self, portal: DemoPortal, source: DemoSource, page: int) -> tuple[str, ...]:
        return (self.listing_path(portal, source, 1) + "?page=1",) if page == 1 else ()

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        return f"{portal.prefix}/pages/detail/{number}/{slugify(title, capitalised=True)}.html"

    def image_path(self, portal: DemoPortal, article: DemoArticle | None, name: str) -> str:
        when = article.published if article else None
        folder = f"{when.year}/{when.month:02d}" if when else "2024/01"
        return f"{portal.prefix}/Uploads/Images/{folder}/{name}{self.image_extension}"

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        today = ctx.today
        menu = "\n".join(
            f'<li><a href="{esc(ctx.absolute(href))}">{esc(label)}</a></li>'
            for href, label in nav_items(self, ctx)
        )
        return (
            head(title, encoding)
            + '<body>\n<div id="header">\n'
            + f'<div class="header-date">{WEEKDAY_NUMBERS[today.weekday()]}, Ngày {dmy(today)} -</div>\n'
            + f'<div class="logo"><a href="{esc(ctx.absolute(self.home_path(ctx.portal)))}">'
            + f"{esc(ctx.portal.title.upper())}</a></div>\n</div>\n"
            + f'<div id="menu"><ul class="menu-top">\n{menu}\n</ul></div>\n'
            + f'<div id="content">\n{main}\n</div>\n{footer(ctx.portal, "footer-bottom")}\n</body>\n</html>\n'
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
            url = esc(ctx.absolute(a.path))
            image = a.image
            thumb = (
                f'<a class="img" href="{url}"><img src="{esc(ctx.absolute(image.path))}" alt=""></a>'
                if isinstance(image, DemoImage)
                else ""
            )
            date = f'<span class="date">{dmy_hm(a.published)}</span>' if a.listed_date else ""
            rows.append(
                f'<li class="item">{thumb}\n<a class="title" href="{url}">{esc(a.title)}</a>\n'
                f'{date}\n<p class="sapo">{esc(a.sapo)}</p></li>'
            )
        links = []
        for n in range(1, pages + 1):
            href = esc(ctx.absolute(self.listing_path(ctx.portal, source, n)))
            links.append(
                f'<li class="active"><span>{n}</span></li>'
                if n == page
                else f'<li><a href="{href}">{n}</a></li>'
            )
        main = (
            f'<div class="breadcrumbs"><a href="{esc(ctx.absolute(self.home_path(ctx.portal)))}">Trang chủ</a>'
            f" / <span>{esc(source.section)}</span></div>\n"
            f'<div class="title-cate">{esc(source.section)}</div>\n'
            '<div class="list-title">DANH SÁCH TIN BÀI</div>\n<ul class="list-news">\n'
            + "\n".join(rows)
            + f'\n</ul>\n<ul class="paging">{"".join(links)}</ul>'
        )
        return self.page(ctx, f"{source.section} - {ctx.portal.title}", main, source.encoding)

    def render_article(
        self,
        ctx: PortalContext,
        source: DemoSource,
        article: DemoArticle,
        related: Sequence[DemoArticle],
    ) -> str:
        listing = esc(ctx.absolute(self.listing_path(ctx.portal, source, 1)))
        crumbs = (
            f'<a href="{esc(ctx.absolute(self.home_path(ctx.portal)))}">Trang chủ</a> / '
            f'<a href="{listing}">{esc(source.section)}</a>'
        )
        if article.category != source.section:
            crumbs += f" / <span>{esc(article.category)}</span>"
        # The CMS prints two spaces between date and time; keep them.
        posted = f"Ngày đăng: {dmy(article.published)}  {article.published:%H:%M}"
        main = (
            f'<div class="breadcrumbs">{crumbs}</div>\n<div class="news-detail">\n'
            '<div class="text-size"><a href="javascript:setFontSize(0)">Mặc định</a> / '
            '<a href="javascript:setFontSize(1)">Cỡ chữ</a> '
            '<a href="javascript:zoom(1)">A+</a> <a href="javascript:zoom(-1)">A-</a></div>\n'
            f'<h1 class="title-detail">{esc(article.title)}</h1>\n'
            f'<div class="date-detail">{esc(posted)}</div>\n'
            f'<div class="sapo-detail"><b>{esc(article.sapo)}</b></div>\n'
            f'<div class="content-detail">\n{article_body(article)}\n</div>\n'
            f'<div class="view-count">{views(article)}</div>\n'
            f"{share_buttons(ctx.absolute(article.path), article.title)}\n"
            f"{related_block(self.related_label, related, 'tin-khac')}\n</div>"
        )
        return self.page(ctx, article.title, main, source.encoding)


LAYOUT = PagesDetail()
