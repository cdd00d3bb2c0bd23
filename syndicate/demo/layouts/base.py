"""What every CMS generation shares: the layout interface and common page fragments.

A layout decides the URL shapes of its portal (listing, pagination, article, image)
and writes the HTML of each page kind. Fragments every portal has in some form (the
article body with captions under images, share buttons, related-article blocks) live
here so the layout modules show only what makes each generation different.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote

from syndicate.demo.charsets import FONT_CSS, declared_charset
from syndicate.demo.records import DemoArticle, DemoImage, DemoPortal, DemoSource, Encoding
from syndicate.demo.text import dmy, thousands

DatePrecision = Literal["minute", "day"]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class PortalContext:
    """Everything a layout needs to write the pages of one portal."""

    base_url: str  # no trailing slash
    today: date
    portal: DemoPortal
    sources: tuple[DemoSource, ...]
    listed: Mapping[str, tuple[DemoArticle, ...]]  # per source id, newest first

    @property
    def encoding(self) -> Encoding:
        """The portal-wide pages (home, contact) share the first section's encoding."""
        return self.sources[0].encoding

    def absolute(self, path: str) -> str:
        return self.base_url + path


class Layout:
    """One CMS generation. Subclasses override the URL shapes and the page templates."""

    name = "base"
    image_extension = ".jpg"
    date_precision: DatePrecision = "minute"  # what the article page prints
    related_label = "Các tin khác"
    # `?page=N` CMSs answer a page past the end with an empty list, not a 404.
    empty_pages_up_to = 5

    # ---------------------------------------------------------------- URLs
    def home_path(self, portal: DemoPortal) -> str:
        return portal.prefix + "/"

    def home_aliases(self, portal: DemoPortal) -> tuple[str, ...]:
        """Other paths serving the home page (a module's own front page, say)."""
        return ()

    def contact_path(self, portal: DemoPortal) -> str:
        return portal.prefix + "/lien-he"

    def listing_path(self, portal: DemoPortal, source: DemoSource, page: int) -> str:
        base = f"{portal.prefix}/{source.slug}"
        return base if page == 1 else f"{base}?page={page}"

    def listing_aliases(self, portal: DemoPortal, source: DemoSource, page: int) -> tuple[str, ...]:
        """Other paths serving the same listing page (a page template may ask for page 1)."""
        return (f"{portal.prefix}/{source.slug}?page=1",) if page == 1 else ()

    def article_path(self, portal: DemoPortal, source: DemoSource, number: int, title: str) -> str:
        raise NotImplementedError

    def category_path(self, portal: DemoPortal, source: DemoSource, category: str) -> str | None:
        """A page listing one native category of a mixed section, where the CMS has one."""
        return None

    def image_path(self, portal: DemoPortal, article: DemoArticle | None, name: str) -> str:
        year = article.published.year if article else 2024
        return f"{portal.prefix}/Uploads/images/{year}/{name}{self.image_extension}"

    def thumbnail_path(self, portal: DemoPortal, image: DemoImage) -> str:
        return image.path

    # ---------------------------------------------------------------- pages
    def render_listing(
        self,
        ctx: PortalContext,
        source: DemoSource,
        page: int,
        pages: int,
        items: Sequence[DemoArticle],
    ) -> str:
        raise NotImplementedError

    def render_article(
        self,
        ctx: PortalContext,
        source: DemoSource,
        article: DemoArticle,
        related: Sequence[DemoArticle],
    ) -> str:
        raise NotImplementedError

    def render_home(self, ctx: PortalContext) -> str:
        blocks = []
        for source in ctx.sources:
            items = "\n".join(
                f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>'
                for a in ctx.listed.get(source.id, ())[:5]
            )
            href = esc(self.listing_path(ctx.portal, source, 1))
            blocks.append(
                f'<section class="home-block"><h2><a href="{href}">{esc(source.section)}</a></h2>'
                f"\n<ul>\n{items}\n</ul></section>"
            )
        return self.page(ctx, ctx.portal.title, "\n".join(blocks), ctx.encoding)

    def render_contact(self, ctx: PortalContext) -> str:
        body = (
            f"<h1>Liên hệ</h1>\n<p>{esc(contact_line(ctx.portal))}</p>\n"
            "<p>Mọi ý kiến góp ý xin gửi về hộp thư của Ban biên tập.</p>"
        )
        return self.page(ctx, f"Liên hệ - {ctx.portal.title}", body, ctx.encoding)

    def page(self, ctx: PortalContext, title: str, main: str, encoding: Encoding) -> str:
        """The whole document around `main`; layouts give it their own chrome."""
        return (
            head(title, encoding)
            + f"<body>\n<header><h1>{esc(ctx.portal.title)}</h1></header>\n"
            + nav(self, ctx)
            + f"<main>\n{main}\n</main>\n{footer(ctx.portal)}\n</body>\n</html>\n"
        )


# -------------------------------------------------------------------- fragments
def head(
    title: str, encoding: Encoding, *, doctype: str = "<!DOCTYPE html>", extra: str = ""
) -> str:
    font = FONT_CSS.get(encoding)
    style = f'<style type="text/css">{font}</style>\n' if font else ""
    return (
        f'{doctype}\n<html lang="vi">\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={declared_charset(encoding)}">\n'
        f"<title>{esc(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{style}{extra}</head>\n"
    )


def nav_items(layout: Layout, ctx: PortalContext) -> list[tuple[str, str]]:
    """The site menu: home, each news section, contact."""
    items = [(layout.home_path(ctx.portal), "Trang chủ")]
    items += [(layout.listing_path(ctx.portal, s, 1), s.section) for s in ctx.sources]
    items.append((layout.contact_path(ctx.portal), "Liên hệ"))
    return items


def nav(layout: Layout, ctx: PortalContext, cls: str = "menu") -> str:
    links = "\n".join(
        f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for href, label in nav_items(layout, ctx)
    )
    return f'<nav class="{cls}"><ul>\n{links}\n</ul></nav>\n'


def contact_line(portal: DemoPortal) -> str:
    phone = 3800000 + int(hashlib.sha256(portal.key.encode()).hexdigest()[:4], 16) % 99999
    return f"Cơ quan chủ quản: Ủy ban nhân dân {portal.name[0].lower()}{portal.name[1:]}. Điện thoại: 0260.{phone}"


def footer(portal: DemoPortal, cls: str = "footer") -> str:
    return (
        f'<footer class="{cls}">\n<p>{esc(portal.title)}</p>\n<p>{esc(contact_line(portal))}</p>\n'
        "<p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p>\n</footer>"
    )


def article_body(article: DemoArticle, *, image_base: str = "") -> str:
    """Paragraphs; each image in its own centred paragraph, the caption right under it;
    the byline, in capitals, as the last paragraph. `image_base` makes image URLs absolute."""
    parts = []
    for block in article.body:
        if isinstance(block, DemoImage):
            parts.append(
                f'<p style="text-align: center;"><img alt="" src="{esc(image_base + block.path)}" '
                'style="width: 600px; height: 400px;" /></p>'
            )
            parts.append(
                f'<p class="caption" style="text-align: center;"><em>{esc(block.caption)}</em></p>'
            )
        else:
            parts.append(f'<p style="text-align: justify;">{esc(block)}</p>')
    if article.byline:
        parts.append(f'<p style="text-align: right;"><strong>{esc(article.byline)}</strong></p>')
    return "\n".join(parts)


def share_buttons(url: str, title: str) -> str:
    u = quote(url, safe="")
    return (
        '<div class="share-buttons"><span>Chia sẻ:</span>\n'
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={u}" target="_blank" rel="nofollow">Facebook</a>\n'
        f'<a class="share-zalo" href="https://sp.zalo.me/share_inline?url={u}" target="_blank" rel="nofollow">Zalo</a>\n'
        f'<a class="share-mail" href="mailto:?subject={quote(title)}&amp;body={u}">Gửi email</a>\n'
        '<a class="share-print" href="javascript:window.print()">In bài viết</a>\n</div>'
    )


def related_block(label: str, articles: Sequence[DemoArticle], cls: str = "related") -> str:
    if not articles:
        return ""
    items = "\n".join(
        f'<li><a href="{esc(a.path)}">{esc(a.title)}</a> <span class="date">({dmy(a.published)})</span></li>'
        for a in articles
    )
    return f'<div class="{cls}">\n<h3>{esc(label)}</h3>\n<ul>\n{items}\n</ul>\n</div>'


def views(article: DemoArticle) -> str:
    return f"{thousands(article.views)} lượt xem"


def short_id(text: str, length: int = 12) -> str:
    """A stable CMS-looking identifier (Liferay portlet instances and the like)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    digest = hashlib.sha256(text.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])
