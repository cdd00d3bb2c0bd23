"""NukeViet portals, the Vietnamese PHP CMS, in its two URL forms.

With rewriting: `/news/tin-trong-huyen/slug-123.html`, pages `/news/tin-trong-huyen/page-2`.
Without: `/index.php?language=vi&nv=news&op=kinh-te/slug-123`, so article links carry
query strings with `&amp;` in the HTML. Uploads live under `/uploads/news/2024_05/`,
thumbnails under `/assets/news/`; dates read "Thứ ba - 27/06/2023 10:14"; the related
blocks are the stock "Những tin mới hơn" / "Những tin cũ hơn".
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
    views,
)
from syndicate.demo.records import DemoArticle, DemoImage, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import dmy, dmy_hm, slugify

# NukeViet writes the weekday in lower case after "Thứ".
_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


class NukeViet(Layout):
    name = "nukeviet"
    related_label = "Những tin cũ hơn"
    empty_pages_up_to = 0  # paged by links only

    def __init__(self, *, rewrite: bool) -> None:
        self.rewrite = rewrite

    def _module(self, portal: DemoPortal, op: str | None = None, module: str = "news") -> str:
        if self.rewrite:
            return f"{portal.prefix}/{module}/" + (op or "")
        base = f"{portal.prefix}/index.php?language=vi&nv={module}"
        return base + (f"&op={op}" if op else "")

    def home_aliases(self, portal: DemoPortal) -> tuple[str, ...]:
        return (self._module(portal),)  # the news module's front page lists the latest too

    def contact_path(self, portal: DemoPortal) -> str:
        return self._module(portal, module="contact")

    def listing_path(self, portal: DemoPortal, source: DemoSource, page: int) -> str:
        if self.rewrite:
            base = self._module(portal, f"{source.slug}/")
            return base if page == 1 else f"{base}page-{page}"
        return self._module(portal, source.slug if page == 1 else f"{source.slug}/page-{page}")

    def listing_aliases(self, portal: DemoPortal, source: DemoSource, page: int) -> tuple[str, ...]:
        return ()

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        op = f"{source.slug}/{slugify(title)}-{number}"
        return self._module(portal, op + ".html" if self.rewrite else op)

    def image_path(self, portal: DemoPortal, article: DemoArticle | None, name: str) -> str:
        return f"{portal.prefix}/uploads/news/{self._month(article)}/{name}{self.image_extension}"

    def thumbnail_path(self, portal: DemoPortal, image: DemoImage) -> str:
        return image.path.replace("/uploads/news/", "/assets/news/", 1)

    @staticmethod
    def _month(article: DemoArticle | None) -> str:
        return f"{article.published:%Y_%m}" if article else "2024_01"

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        menu = "\n".join(
            f'<li><a href="{esc(href)}" title="{esc(label)}">{esc(label)}</a></li>'
            for href, label in nav_items(self, ctx)
        )
        today = ctx.today
        return (
            head(title, encoding, extra='<meta name="generator" content="NukeViet v4.5">\n')
            + '<body>\n<div class="body-bg"><div class="wraper">\n<header>\n'
            + f'<div class="logo"><a title="{esc(ctx.portal.title)}" href="{esc(self.home_path(ctx.portal))}">'
            + f"{esc(ctx.portal.title)}</a></div>\n"
            + f'<div class="headerDate">{_WEEKDAYS[today.weekday()]}, {dmy(today)}</div>\n</header>\n'
            + f'<nav class="second-nav" id="menusite"><ul class="nav navbar-nav">\n{menu}\n</ul></nav>\n'
            + f'<section><div class="row"><div class="col-md-16">\n{main}\n</div></div></section>\n'
            + f"{footer(ctx.portal, 'footerContent')}\n</div></div>\n</body>\n</html>\n"
        )

    def _breadcrumbs(self, ctx: PortalContext, source: DemoSource, last: bool) -> str:
        section = (
            f'<li><a href="{esc(self.listing_path(ctx.portal, source, 1))}" title="{esc(source.section)}">'
            f"<span>{esc(source.section)}</span></a></li>"
            if last
            else f"<li><span>{esc(source.section)}</span></li>"
        )
        return (
            '<div class="breadcrumbs-wrap"><ul class="breadcrumbs list-none">'
            f'<li><a href="{esc(self.home_path(ctx.portal))}" title="Trang nhất"><span>Trang nhất</span></a></li>'
            f'<li><a href="{esc(self._module(ctx.portal))}" title="Tin Tức"><span>Tin Tức</span></a></li>'
            f"{section}</ul></div>"
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
                f'<a href="{esc(a.path)}" title="{esc(a.title)}"><img alt="{esc(a.title)}" '
                f'src="{esc(self.thumbnail_path(ctx.portal, image))}" width="183" class="img-thumbnail pull-left imghome" /></a>\n'
                if image
                else ""
            )
            meta = (
                '<div class="text-muted"><ul class="list-unstyled list-inline">'
                f'<li><em class="fa fa-clock-o">&nbsp;</em> {dmy_hm(a.published)}</li>'
                f'<li><em class="fa fa-eye">&nbsp;</em> {views(a)}</li></ul></div>\n'
                if a.listed_date
                else ""
            )
            rows.append(
                f'<div class="panel panel-default"><div class="panel-body">\n{thumb}'
                f'<h3><a href="{esc(a.path)}" title="{esc(a.title)}">{esc(a.title)}</a></h3>\n'
                f"{meta}<p>{esc(a.sapo)}</p>\n</div></div>"
            )
        pager = []
        for n in range(1, pages + 1):
            href = esc(self.listing_path(ctx.portal, source, n))
            pager.append(
                f'<li class="active"><a href="#">{n}</a></li>'
                if n == page
                else f'<li><a href="{href}">{n}</a></li>'
            )
        if page < pages:
            pager.append(
                f'<li><a rel="next" href="{esc(self.listing_path(ctx.portal, source, page + 1))}">&raquo;</a></li>'
            )
        main = (
            self._breadcrumbs(ctx, source, last=False)
            + f'\n<div class="news_column">\n<h1 class="cat-title">{esc(source.section)}</h1>\n'
            '<div class="panel-heading">DANH SÁCH TIN BÀI</div>\n'
            + "\n".join(rows)
            + f'\n<div class="text-center"><ul class="pagination">{"".join(pager)}</ul></div>\n</div>'
        )
        return self.page(ctx, f"{source.section} - {ctx.portal.title}", main, source.encoding)

    def render_article(
        self,
        ctx: PortalContext,
        source: DemoSource,
        article: DemoArticle,
        related: Sequence[DemoArticle],
    ) -> str:
        p = article.published
        newer = [a for a in ctx.listed.get(source.id, ()) if a.published > p][-3:]
        main = (
            self._breadcrumbs(ctx, source, last=True)
            + '\n<div class="news_column panel panel-default"><div class="panel-body">\n'
            f'<h1 class="title margin-bottom-lg">{esc(article.title)}</h1>\n'
            f'<div class="row margin-bottom-lg"><span class="h5">{_WEEKDAYS[p.weekday()]} - {dmy_hm(p)}</span>'
            f' <span class="hitstotal">{views(article)}</span></div>\n'
            f'<div class="hometext m-bottom"><strong>{esc(article.sapo)}</strong></div>\n'
            f'<div id="news-bodyhtml" class="bodytext margin-bottom-lg">\n{article_body(article)}\n</div>\n'
            f"{share_buttons(ctx.absolute(article.path), article.title)}\n"
            "</div></div>\n"
            '<div class="news_column panel panel-default"><div class="panel-body other-news">\n'
            f"{related_block('Những tin mới hơn', newer, 'related newer')}\n"
            f"{related_block(self.related_label, related, 'related older')}\n</div></div>"
        )
        return self.page(ctx, article.title, main, source.encoding)


LAYOUT = NukeViet(rewrite=True)
QUERY_LAYOUT = NukeViet(rewrite=False)
