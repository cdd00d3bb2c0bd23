"""Pages a portal answers with 200 that are not the page asked for.

A portal under maintenance, or one that no longer has an article, often answers with
a notice ("Hệ thống đang bảo trì", "Không tìm thấy trang") or a redirect to its home
page or an error page, all with 200 OK. Read as articles, these would be stored in
place of the real text. A maintenance notice is a passing failure, to be tried again
like a 503; a page that says the article is gone is an article page that gave none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from syndicate.text.fold import fold
from syndicate.urls import canonical_url

# A page longer than this, in visible characters, is a page of the site's own layout:
# its notice must then be its heading or title to count.
SHORT_PAGE_CHARS = 3_000

# What every such notice holds one of, looked for in the raw markup before any
# parsing: most pages hold none and cost a search.
_HINT = re.compile(
    r"b[aả]o tr[iì]|n[aâ]ng c[aấ]p|maintenance|unavailable|quay l[aạ]i sau|th[uử] l[aạ]i sau"
    r"|t[aạ]m (?:ng[uừ]ng|d[uừ]ng)|kh[oô]ng t[iì]m th[aấ]y|kh[oô]ng (?:c[oò]n )?t[oồ]n t[aạ]i"
    r"|\b404\b|not found|does not exist|no longer available|đ[aã] b[iị] (?:x[oó]a|g[oỡ])",
    re.IGNORECASE,
)

# Read on folded text: lower case, no diacritics.
_MAINTENANCE = re.compile(
    r"\b(?:website|web|trang web|trang|he thong|cong thong tin|trang thong tin|may chu|site)"
    r"\b[^.!?\n]{0,40}?\b(?:bao tri|nang cap)\b"
    r"|\b(?:tam (?:ngung|dung) (?:hoat dong|truy cap|cung cap|phuc vu))"
    r"|\b(?:vui long|xin vui long|hay) (?:quay lai|truy cap lai|thu lai) sau\b"
    r"|\bunder maintenance\b|\bmaintenance mode\b|\bdown for maintenance\b"
    r"|\bscheduled maintenance\b|\btemporarily unavailable\b|\bservice unavailable\b"
)
_MISSING = re.compile(
    r"\bkhong tim thay (?:trang|bai viet|noi dung|du lieu|tin|thong tin|duong dan)"
    r"|\b(?:trang|bai viet|noi dung|tin bai|tin|duong dan|lien ket|du lieu)"
    r"(?: (?:ban|quy vi|quy khach))?(?: dang)?(?: (?:tim|tim kiem|truy cap|yeu cau|can tim))?"
    r"(?: hien)? khong (?:con )?ton tai\b"
    r"|\b(?:bai viet|tin bai|noi dung) (?:da bi xoa|da bi go|da duoc go|khong con)\b"
    r"|\bpage not found\b|\b404 not found\b|\berror 404\b|\bloi 404\b"
    r"|\bdoes not exist\b|\bno longer available\b"
)
_WORD = re.compile(r"\w+")
_BARE_404 = re.compile(r"^\W*(?:404|not found)\W*$")

# The last segment of an address a redirect ends on, when it names an error page.
_MAINTENANCE_PAGES = frozenset({"baotri", "bao-tri", "maintenance", "maintain", "bao_tri"})
_MISSING_PAGES = frozenset(
    {
        "404",
        "error",
        "errors",
        "loi",
        "trang-loi",
        "notfound",
        "not-found",
        "pagenotfound",
        "page-not-found",
        "error404",
        "404error",
        "khong-tim-thay",
    }
)
# Where a portal's home page lives.
_HOME_PATHS = frozenset(
    {"", "/", "/index.php", "/index.html", "/index.htm", "/index.aspx", "/default.aspx"}
    | {"/pages/default.aspx", "/home", "/trang-chu", "/trangchu", "/portal"}
)
_VISIBLE = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a page is not the one asked for; `maintenance` passes, `missing` lasts."""

    kind: Literal["maintenance", "missing"]
    reason: str


def redirected_away(url: str, final_url: str) -> Unavailable | None:
    """A redirect from an article's address to the portal's home page or an error page."""
    if canonical_url(final_url) == canonical_url(url):
        return None
    final = urlsplit(final_url)
    asked = urlsplit(url)
    path = final.path.lower().rstrip("/") or "/"
    if path in _HOME_PATHS and not final.query and (asked.path.lower().rstrip("/") or "/") != path:
        return Unavailable(
            "missing", f"the address redirects to the portal's home page {final_url}"
        )
    segment = path.rsplit("/", 1)[-1].split(".", 1)[0]
    if segment in _MAINTENANCE_PAGES:
        return Unavailable(
            "maintenance", f"the address redirects to a maintenance page {final_url}"
        )
    if segment in _MISSING_PAGES:
        return Unavailable("missing", f"the address redirects to an error page {final_url}")
    return None


def may_be_notice(text: str) -> bool:
    """Whether `text` (markup) holds any word of a notice: if not, it is none."""
    return _HINT.search(text) is not None


def notice_of(
    root: HtmlElement, expected_title: str | None, *, gave_nothing: bool = False
) -> Unavailable | None:
    """The notice a parsed page is, if it is one rather than the page titled
    `expected_title` (a listing's title for it; None when there is none).

    A page that shows the title it was listed under is that page, whatever it says. So
    is a long page whose notice is neither its title nor a heading: an article about the
    maintenance of a road, or of the portal itself. With no title to look for, only a
    short page is judged, unless it `gave_nothing` (a listing without links, a feed
    that is a web page): then a notice as its title or heading says why.
    """
    text = " ".join(_visible_text(root).split())
    folded = fold(text)
    if expected_title and _shows_title(folded, expected_title):
        return None
    title = fold(_page_title(root))
    headings = fold(" ".join(" ".join(h.text_content().split()) for h in _headings(root)))
    prominent = f"{title}\n{headings}"
    short = len(text) <= SHORT_PAGE_CHARS
    if not short and not expected_title and not gave_nothing:
        return None
    where = folded if short else prominent
    shown = f' ("{_quote(root, text)}")'
    if _MAINTENANCE.search(where):
        return Unavailable("maintenance", f"the page is a maintenance notice{shown}")
    if _MISSING.search(where) or _BARE_404.match(title) or _BARE_404.match(headings):
        return Unavailable("missing", f"the page says it does not exist{shown}")
    return None


def _visible_text(root: HtmlElement) -> str:
    body = root.find("body")
    parts: list[str] = _VISIBLE(body if body is not None else root)
    return " ".join(parts)


def _page_title(root: HtmlElement) -> str:
    return " ".join((root.findtext(".//title") or "").split())


def _headings(root: HtmlElement) -> list[HtmlElement]:
    found: list[HtmlElement] = root.xpath("//h1|//h2|//h3")
    return found[:5]


def _shows_title(folded_page: str, title: str) -> bool:
    """Whether the page shows the listed title: its first words, as a listing may cut
    it, punctuation aside (quotes and dashes are typed differently in two places)."""
    wanted = _WORD.findall(fold(title))[:8]
    return bool(wanted) and f" {' '.join(wanted)} " in f" {' '.join(_WORD.findall(folded_page))} "


def _quote(root: HtmlElement, text: str) -> str:
    shown = _page_title(root) or text
    return shown if len(shown) <= 80 else shown[:79] + "…"
