"""Pages a portal answers with 200 that are not the page asked for.

A portal under maintenance, or one that no longer has an article, often answers with
a notice ("Hệ thống đang bảo trì", "Không tìm thấy trang") or a redirect to its home
page or an error page, all with 200 OK. Read as articles, these would be stored in
place of the real text. A maintenance notice is a passing failure, to be tried again
like a 503; a page that says the article is gone is an article page that gave none.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from syndicate.text.fold import fold

# A page with no more visible text than this is the notice alone, read whole; a longer
# one is a page of the site's own layout, whose notice counts only as its title or a
# heading (a short article may well mention a system being upgraded).
NOTICE_ONLY_CHARS = 800
# A page longer than this is judged only when a listed title it lacks, or its having
# given nothing, says it is not the page asked for.
SHORT_PAGE_CHARS = 3_000
# An article with this much text in paragraphs of sentences is no notice.
PROSE_CHARS = 300
PROSE_WORDS = 8
_SENTENCE_ENDS = (".", "!", "?", "…", ":", ";")
_SENTENCE_END = re.compile(r"[.!?…:;](?=[\s\"'”’)»]|$)")
SENTENCE_WORDS = 60  # a long Vietnamese sentence; a menu run is hundreds of words
_CLOSING = " \"'”’)»"
# A notice's heading is a few words; a headline announcing maintenance ("Cổng thông tin
# điện tử huyện tạm ngừng hoạt động từ 20 giờ ngày 20/5/2025") is longer, and dated.
NOTICE_WORDS = 12
# Text read of a huge page, to look for its title: folding it whole costs seconds.
READ_CHARS = 200_000

# What every such notice holds one of, looked for in the lower-cased markup before any
# parsing: most pages hold none and cost a few substring searches.
_HINTS = (
    "bảo trì",
    "nâng cấp",
    "maintenance",
    "unavailable",
    "quay lại sau",
    "thử lại sau",
    "tạm ngừng",
    "tạm ngưng",
    "tạm dừng",
    "không tìm thấy",
    "tồn tại",
    "404",
    "not found",
    "cannot be found",
    "does not exist",
    "no longer available",
    "bị xóa",
    "bị xoá",
    "bị gỡ",
    "welcome to nginx",
    "iis windows",
    "default page",
)
# Vietnamese letters written as character references (&#7843;, &ocirc;): unescaped
# before looking, as the parser will.
_REFERENCES = ("&#", "circ;", "grave;", "acute;", "tilde;", "breve;")

# Read on folded text (lower case, no diacritics), in a title, a heading or a notice
# alone on its page.
_MAINTENANCE = re.compile(
    r"\b(?:(?:website|trang web|trang thong tin|cong thong tin|site)(?: \w+){0,6}?"
    r"|he thong|may chu)(?: hien)? (?:dang|tam)(?: duoc)?"
    r" (?:bao tri|nang cap|ngung hoat dong|dung hoat dong)\b"
    r"|\b(?:website|trang web|trang thong tin|cong thong tin)(?: \w+){0,6}? tam (?:ngung|dung)\b"
    r"|\b(?:dang|tam|thong bao) bao tri (?:he thong|website|trang web|cong thong tin)\b"
    r"|\bbao tri he thong$"
    r"|\b(?:vui long|xin vui long|hay) (?:quay lai|truy cap lai|thu lai) sau\b"
    r"|\bunder maintenance\b|\bmaintenance mode\b|\bdown for maintenance\b"
    r"|\bscheduled maintenance\b|\btemporarily unavailable\b|\bservice unavailable\b"
    r"|^welcome to nginx\b|^iis windows server$|\bdefault page\b|^test page for\b"
)
_MISSING = re.compile(
    r"\bkhong tim thay (?:trang|bai viet|noi dung|du lieu|tin|thong tin|duong dan)\b"
    r"|\b(?:trang|bai viet|noi dung|tin bai|tin tuc|tin|duong dan|lien ket|du lieu)"
    r"(?: nay)?(?: (?:ban|quy vi|quy khach))?(?: dang)?"
    r"(?: (?:tim|tim kiem|truy cap|yeu cau|can tim))?(?: hien)? khong (?:con )?ton tai\b"
    r"|\b(?:bai viet|tin bai|tin tuc|noi dung)(?: nay)? (?:da bi xoa|da bi go|da duoc go)\b"
    r"|\bpage not found\b|\b404 not found\b|\berror 404\b|\bloi 404\b"
    r"|\bcannot be found\b|\bdoes not exist\b|\bno longer available\b"
)
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_BARE_404 = re.compile(r"^\W*(?:404|not found)\W*$")

# The last segment of an address a redirect ends on, when it names an error page.
_MAINTENANCE_PAGES = frozenset({"baotri", "bao-tri", "bao_tri", "maintenance", "maintain"})
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
# Where a portal's home page lives ("Trang" is SharePoint's page library in Vietnamese).
_HOME_PATHS = frozenset(
    {"/", "/index.php", "/index.html", "/index.htm", "/index.aspx", "/default.aspx"}
    | {"/pages/default.aspx", "/pages/home.aspx", "/trang/default.aspx", "/trang/home.aspx"}
    | {"/home", "/trang-chu", "/trangchu", "/portal", "/vi", "/en", "/vn", "/vi/trang-chu"}
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
    final, asked = urlsplit(final_url), urlsplit(url)
    path, asked_path = _path(final.path), _path(asked.path)
    if (path, final.query) == (asked_path, asked.query):
        return None  # to https or to www, or nowhere: the same page
    if path in _HOME_PATHS and not final.query:
        return Unavailable(
            "missing", f"the address redirects to the portal's home page {final_url}"
        )
    if path == asked_path:
        return None  # the same path with another query: a page still
    segment = path.rsplit("/", 1)[-1].split(".", 1)[0]
    if segment in url.lower():
        return None  # "?p=404" to "/archives/404": the article's own number
    if segment in _MAINTENANCE_PAGES:
        return Unavailable(
            "maintenance", f"the address redirects to a maintenance page {final_url}"
        )
    if segment in _MISSING_PAGES:
        return Unavailable("missing", f"the address redirects to an error page {final_url}")
    return None


def _path(path: str) -> str:
    return path.lower().rstrip("/") or "/"


def may_be_notice(text: str) -> bool:
    """Whether `text` (markup) holds any word of a notice: if not, it is none."""
    low = text.lower()
    if any(hint in low for hint in _HINTS):
        return True
    if any(reference in low for reference in _REFERENCES):
        low = html.unescape(low)
        return any(hint in low for hint in _HINTS)
    return False


def reads_as_prose(paragraphs: Sequence[str]) -> bool:
    """Whether an article's extracted paragraphs are prose: a few lines of sentences. A
    notice is a line or two, and the menus extraction may take for a page's text end
    no sentences (their items run together, hundreds of words to a full stop)."""
    return sum(len(p) for p in paragraphs if _is_prose(p)) >= PROSE_CHARS


def _is_prose(paragraph: str) -> bool:
    words = len(paragraph.split())
    if words < PROSE_WORDS or not paragraph.rstrip(_CLOSING).endswith(_SENTENCE_ENDS):
        return False
    return words <= SENTENCE_WORDS * len(_SENTENCE_END.findall(paragraph))


def notice_of(
    root: HtmlElement, expected_title: str | None, *, gave_nothing: bool = False
) -> Unavailable | None:
    """The notice a parsed page is, if it is one rather than the page titled
    `expected_title` (a listing's title for it; None when there is none).

    Ask only of a page whose text is no prose (`reads_as_prose`): one with an
    article's text is that article, whatever its headings say. A page that
    shows the title it was listed under, in its text or its `<title>`, is that page.
    Otherwise a notice counts as the page's `<title>` or its headline (its first h1,
    or first heading without one: a sidebar box's heading says nothing of the page),
    or as the text of a page that holds little else. With no title to look for, a long
    page is judged only when it `gave_nothing` (a listing without links, a feed that
    is a web page).
    """
    text = " ".join(_visible_text(root)[:READ_CHARS].split())
    folded = fold(text)
    title = fold(_page_title(root))
    if expected_title and _shows_title(f"{title}\n{folded}", expected_title):
        return None
    if len(text) > SHORT_PAGE_CHARS and not expected_title and not gave_nothing:
        return None
    prominent = [p for p in (title, fold(_headline(root))) if len(p.split()) <= NOTICE_WORDS]
    places = [*prominent, folded] if len(text) <= NOTICE_ONLY_CHARS else prominent
    shown = f' ("{_quote(root, text)}")'
    # "Not found" first: IIS's 404 page adds that the page may be "temporarily unavailable".
    if any(_MISSING.search(p) or _BARE_404.match(p) for p in places if p):
        return Unavailable("missing", f"the page says it does not exist{shown}")
    if any(_MAINTENANCE.search(p) for p in places if p and (p is folded or not _DIGIT.search(p))):
        return Unavailable("maintenance", f"the page is a maintenance notice{shown}")
    return None


def _visible_text(root: HtmlElement) -> str:
    body = root.find("body")
    parts: list[str] = _VISIBLE(body if body is not None else root)
    return " ".join(parts)


def _page_title(root: HtmlElement) -> str:
    return " ".join((root.findtext(".//title") or "").split())


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _headline(root: HtmlElement) -> str:
    found: list[HtmlElement] = root.xpath("(//h1)[1]") or root.xpath("(//h2|//h3)[1]")
    return _text(found[0]) if found else ""


def _shows_title(folded_page: str, title: str) -> bool:
    """Whether the page shows the listed title: its first words, as a listing may cut it
    (mid-word too), punctuation aside (quotes and dashes are typed differently in two
    places); or, reworded, nearly all its words."""
    folded = fold(title).rstrip()
    wanted = _WORD.findall(folded)
    if folded.endswith(("…", "...")):
        wanted = wanted[:-1]  # the last word may be cut short
    if not wanted:
        return False
    page = _WORD.findall(folded_page)
    if f" {' '.join(wanted[:8])} " in f" {' '.join(page)} ":
        return True
    words = set(wanted)
    return len(words) >= 4 and len(words & set(page)) >= 0.8 * len(words)


def _quote(root: HtmlElement, text: str) -> str:
    shown = _page_title(root) or text
    return shown if len(shown) <= 80 else shown[:79] + "…"
