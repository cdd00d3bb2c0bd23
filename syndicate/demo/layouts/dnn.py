"""DotNetNuke-like `.aspx` portals, the oldest generation.

Recognisable by the breadcrumb "Bạn đang ở : A > B", a "Text/HTML" module title, an
ASP.NET form with a view state around everything, and Vietnamese letters
percent-encoded in the path (`/Tin-trong-huy%E1%BB%87n.aspx`). The legacy-font
sections (TCVN3, VNI) of the sample are served by this layout.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from urllib.parse import quote

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
from syndicate.demo.records import DemoArticle, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import WEEKDAY_NAMES, dmy

_XHTML = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)


def _words(text: str) -> str:
    """ "Tin trong huyện" -> "Tin-trong-huyện": DNN kept the letters, marks and all."""
    return "-".join(re.findall(r"\w+", text))


def _aspx(*parts: str) -> str:
    return quote("/".join(parts) + ".aspx", safe="/-._~")


class DotNetNuke(Layout):
    name = "dnn"
    image_extension = ".png"
    related_label = "Tin liên quan"

    def home_path(self, portal: DemoPortal) -> str:
        return portal.prefix + "/Default.aspx"

    def contact_path(self, portal: DemoPortal) -> str:
        return _aspx(portal.prefix, _words("Liên hệ"))

    def listing_path(self, portal: DemoPortal, source: DemoSource, page: int) -> str:
        base = _aspx(portal.prefix, _words(source.section))
        return base if page == 1 else f"{base}?page={page}"

    def listing_aliases(self, portal: DemoPortal, source: DemoSource, page: int) -> tuple[str, ...]:
        return (self.listing_path(portal, source, 1) + "?page=1",) if page == 1 else ()

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        return _aspx(portal.prefix, _words(source.section), "ArticleId", str(number), _words(title))

    def image_path(self, portal: DemoPortal, article: DemoArticle | None, name: str) -> str:
        year = article.published.year if article else 2024
        return f"{portal.prefix}/Portals/0/Images/{year}/{name}{self.image_extension}"

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        state = base64.b64encode(hashlib.sha256(title.encode()).digest() * 3).decode()
        menu = "\n".join(
            f'<li><a href="{esc(href)}">{esc(label)}</a></li>'
            for href, label in nav_items(self, ctx)
        )
        return (
            head(title, encoding, doctype=_XHTML)
            + '<body id="Body">\n'
            + f'<form method="post" action="{esc(self.home_path(ctx.portal))}" id="Form">\n'
            + f'<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDw{state}" /></div>\n'
            + '<table class="header" width="100%" cellpadding="0" cellspacing="0"><tr><td class="banner">'
            + f"{esc(ctx.portal.title.upper())}</td></tr></table>\n"
            + f'<div class="menu"><ul id="dnn_dnnNAV_ctldnnNAV">\n{menu}\n</ul></div>\n'
            + f'<div id="dnn_ContentPane">\n{main}\n</div>\n'
            + f"{footer(ctx.portal, 'Footer')}\n</form>\n</body>\n</html>\n"
        )

    def _breadcrumb(self, ctx: PortalContext, trail: list[tuple[str, str]], here: str) -> str:
        links = [
            f'<a class="Breadcrumb" href="{esc(href)}">{esc(label)}</a>' for href, label in trail
        ]
        return (
            '<div class="breadcrumb"><span class="Breadcrumb">Bạn đang ở : '
            + " &gt; ".join([*links, f'<span class="BreadcrumbCurrent">{esc(here)}</span>'])
            + "</span></div>"
        )

    def render_home(self, ctx: PortalContext) -> str:
        # DNN's plain HTML module kept its stock title, "Text/HTML".
        intro = (
            '<div class="DnnModule DnnModule-DNN_HTML"><h2 class="c_title Head">Text/HTML</h2>\n'
            f"<p>Chào mừng bạn đến với {esc(ctx.portal.title)}.</p></div>\n"
        )
        blocks = []
        for source in ctx.sources:
            items = "".join(
                f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>'
                for a in ctx.listed.get(source.id, ())[:5]
            )
            blocks.append(
                f'<div class="DnnModule"><h2 class="Head"><a href="{esc(self.listing_path(ctx.portal, source, 1))}">'
                f"{esc(source.section)}</a></h2><ul>{items}</ul></div>"
            )
        return self.page(ctx, ctx.portal.title, intro + "\n".join(blocks), ctx.encoding)

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
                f'<img src="{esc(self.thumbnail_path(ctx.portal, image))}" alt="" width="120" />'
                if image
                else ""
            )
            date = f' <span class="NgayDang">({dmy(a.published)})</span>' if a.listed_date else ""
            rows.append(
                f'<tr><td class="Anh">{thumb}</td><td class="NoiDungTin">'
                f'<a class="TieuDe" href="{esc(a.path)}">{esc(a.title)}</a>{date}'
                f'<div class="TrichDan">{esc(a.sapo)}</div></td></tr>'
            )
        links = " ".join(
            f'<span class="TrangHienTai">{n}</span>'
            if n == page
            else f'<a class="Trang" href="{esc(self.listing_path(ctx.portal, source, n))}">{n}</a>'
            for n in range(1, pages + 1)
        )
        main = (
            self._breadcrumb(ctx, [(self.home_path(ctx.portal), "Trang chủ")], source.section)
            + f'\n<div class="DnnModule"><span class="Head">{esc(source.section)}</span>\n'
            '<div class="DanhSachTin"><div class="title-list">DANH SÁCH TIN BÀI</div>\n'
            '<table class="tblTinTuc" cellpadding="4">\n'
            + "\n".join(rows)
            + f'\n</table></div>\n<div class="PhanTrang">Trang: {links}</div></div>'
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
        updated = f"Cập nhật lúc {p:%H:%M}, {WEEKDAY_NAMES[p.weekday()]}, {dmy(p)} (GMT+7)"
        trail = [
            (self.home_path(ctx.portal), "Trang chủ"),
            (self.listing_path(ctx.portal, source, 1), source.section),
        ]
        main = (
            self._breadcrumb(ctx, trail, article.title) + '\n<div class="DnnModule ChiTietTin">\n'
            f'<h1 class="TieuDe">{esc(article.title)}</h1>\n'
            f'<div class="ThongTin"><span class="NgayDang">{updated}</span> - '
            f'<span class="LuotXem">{views(article)}</span></div>\n'
            f'<div class="TrichDan"><b>{esc(article.sapo)}</b></div>\n'
            f'<div class="NoiDung">\n{article_body(article)}\n</div>\n'
            f"{share_buttons(ctx.absolute(article.path), article.title)}\n"
            f"{related_block(self.related_label, related, 'TinKhac')}\n</div>"
        )
        return self.page(ctx, article.title, main, source.encoding)


LAYOUT = DotNetNuke()
