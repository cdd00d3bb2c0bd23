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
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from syndicate.sources.dom import text_of
from syndicate.sources.pagemeta import title_element
from syndicate.text.fold import fold

# A text of no more than this is a line or two: an article's text that says it is a
# notice is one, and a script on a page showing no more may send its reader home.
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
    "back soon",
)
# A page that sends its reader elsewhere at once (a meta refresh, a script's location)
# is a small one: most pages name "location" somewhere in their scripts.
_SENDING_HINTS = ("refresh", "location")
SENDING_PAGE_CHARS = 20_000
# "404" alone: not inside an id ("-140401"), a phone number or a base64 blob.
_HINT_404 = re.compile(r"(?<![\w.+/=-])404(?![\w.+/=-])")
# Vietnamese letters written as character references (&#7843;, &ocirc;): unescaped
# before looking, as the parser will.
_REFERENCES = ("&#", "circ;", "grave;", "acute;", "tilde;", "breve;")

# Read on folded text (lower case, no diacritics), in a title, a heading or a notice
# alone on its page.
_MAINTENANCE = re.compile(
    r"\b(?:(?:website|trang web|trang thong tin|cong thong tin|cong ttdt|trang ttdt|site)"
    r"(?:,? \w+){0,12}?|he thong|may chu|chung toi)(?: hien)?"
    r" (?:dang|tam|tam thoi)(?: duoc)?(?: trong (?:qua trinh|thoi gian))?(?: duoc)?(?: tam)?"
    r" (?:bao tri|nang cap|ngung hoat dong|dung hoat dong)\b"
    r"|\b(?:website|trang web|trang thong tin|cong thong tin|cong ttdt)(?:,? \w+){0,12}?"
    r" tam(?: thoi)? (?:ngung|dung)\b"
    r"|\btam (?:ngung|dung) hoat dong de (?:bao tri|nang cap)\b"
    r"|\b(?:dang|tam|thong bao) bao tri (?:he thong|website|trang web|cong thong tin)\b"
    r"|^thong bao bao tri\b|\bbao tri he thong$"
    r"|\bwe(?:'|’| wi)ll be back soon\b|\bperforming (?:some )?(?:scheduled )?maintenance\b"
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
HEADINGS_READ = 6  # the logo, a column's heading, the notice's own
_REFRESH_URL = re.compile(r"url\s*=\s*(\S+)", re.IGNORECASE)
_SCRIPT_LOCATION = re.compile(
    r"location(?:\.href)?\s*=\s*['\"]([^'\"]*)['\"]|location\.replace\(\s*['\"]([^'\"]*)['\"]"
)
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_BARE_404 = re.compile(r"^\W*(?:404|not found)\W*$")

# The last segment of an address a redirect ends on, when it names an error page.
_MAINTENANCE_PAGES = frozenset({"baotri", "bao-tri", "bao_tri", "maintenance", "maintain"})
# An error page's name, its separators dropped: "404", "error", "trang-loi",
# "GenericErrorPage", "FileNotFound", "PageNotFoundError", "khong-tim-thay". Whole
# names only: an article's number may well hold "404" ("…-140401").
_MISSING_PAGE = re.compile(
    r"(?:generic|custom)?(?:errors?|loi|trangloi)(?:page|404)?|(?:error)?404(?:error|page)?"
    r"|(?:page|file)?notfound(?:error|page)?|khongtimthay"
)
# Where a portal's home page lives, without its extension ("Trang" is SharePoint's page
# library in Vietnamese).
_HOME_PATHS = frozenset(
    {"/", "/index", "/default", "/home", "/portal", "/trang-chu", "/trangchu", "/home/index"}
    | {"/pages/default", "/pages/home", "/pages/trangchu", "/trang/default", "/trang/home"}
    | {"/trang/trangchu", "/vi", "/en", "/vn", "/vi-vn", "/en-us", "/vi/trang-chu"}
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

    def answered(self, url: str) -> str:
        """What a fetch of `url` answered, as a page error says it."""
        return f"HTTP 200 but {self.reason} ({url})"


def redirected_away(url: str, final_url: str) -> Unavailable | None:
    """A redirect from an article's address to the portal's home page or an error page."""
    final, asked = urlsplit(final_url), urlsplit(url)
    path, asked_path = _path(final.path), _path(asked.path)
    if (path, final.query) == (asked_path, asked.query):
        return None  # to https or to www, or nowhere: the same page
    if _stem(path) in _HOME_PATHS and not final.query:
        return Unavailable(
            "missing", f"the address redirects to the portal's home page {final_url}"
        )
    if "aspxerrorpath=" in final.query.lower():  # ASP.NET's customErrors page
        return Unavailable("missing", f"the address redirects to an error page {final_url}")
    if path == asked_path:
        return None  # the same path with another query: a page still
    segment = _stem(path).rsplit("/", 1)[-1]
    if segment in url.lower():
        return None  # "?p=404" to "/archives/404": the article's own number
    if segment in _MAINTENANCE_PAGES:
        return Unavailable(
            "maintenance", f"the address redirects to a maintenance page {final_url}"
        )
    if _MISSING_PAGE.fullmatch(segment.replace("-", "").replace("_", "")):
        return Unavailable("missing", f"the address redirects to an error page {final_url}")
    return None


def _path(path: str) -> str:
    return path.lower().rstrip("/") or "/"


def _stem(path: str) -> str:
    """A lower-cased path without its page's extension: "/trang-chu.html" is "/trang-chu"."""
    head, _, last = path.rpartition("/")
    return f"{head}/{last.split('.', 1)[0]}" if last else path


def may_be_notice(text: str) -> bool:
    """Whether `text` (markup) holds any word of a notice: if not, it is none."""
    low = text.lower()
    if any(hint in low for hint in _HINTS) or _HINT_404.search(low):
        return True
    if len(low) <= SENDING_PAGE_CHARS and any(hint in low for hint in _SENDING_HINTS):
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
    root: HtmlElement,
    expected_title: str | None,
    *,
    url: str = "",
    has_text: bool = False,
    content: str = "",
    gave_nothing: bool = False,
) -> Unavailable | None:
    """The notice the page at `url` is, if it is one rather than the page titled
    `expected_title` (a listing's title for it; None when there is none).

    A page that shows the title it was listed under, in its text or its `<title>`, is
    that page. Otherwise the page is a notice when it sends the reader home (a meta
    refresh, or a script on a page with nothing else), when its `<title>` says so in a
    few words, or when its `content` (what was read as the article's text) is a line or
    two that say so. A page headed as news is no notice beyond that (`_headed_as_news`).
    Else a heading of a few words that says so makes it one, and, for a page without
    an article's text (`has_text`), so does its whole text; a page with such text is
    judged by its first heading only, a sidebar box's saying nothing of it. With no
    title to look for, a long page is judged only when it `gave_nothing` (a listing
    without links, a feed that is a web page).
    """
    text = " ".join(_visible_text(root)[:READ_CHARS].split())
    folded = fold(text)
    title = fold(_page_title(root))
    if expected_title and _shows_title(f"{title}\n{folded}", expected_title):
        return None
    if len(text) > SHORT_PAGE_CHARS and not expected_title and not gave_nothing:
        return None
    shown = f' ("{_quote(root, text)}")'
    sent = _sent_to(root, url, script=len(text) <= NOTICE_ONLY_CHARS)
    if sent is not None:
        moved = redirected_away(url, sent)
        if moved is not None:
            return replace(moved, reason=moved.reason.replace("redirects", "sends the reader"))
    said = " ".join(content.split())
    first = [title] if len(title.split()) <= NOTICE_WORDS else []
    if said and len(said) <= NOTICE_ONLY_CHARS:
        first.append(fold(said))
    found = _said(first, shown)
    if found is not None or _headed_as_news(root):
        return found
    headings = [fold(text_of(h)) for h in _headings(root, first_only=has_text)]
    found = _said([h for h in headings if len(h.split()) <= NOTICE_WORDS], shown)
    if found is not None or has_text:
        return found
    return _said([folded], shown, figures=True)


def _said(places: Sequence[str], shown: str, *, figures: bool = False) -> Unavailable | None:
    """The notice one of `places` (folded text) is; a heading with figures ("tạm ngừng
    từ 20 giờ ngày 20/5") announces, unless `figures` (a notice's whole text)."""
    # "Not found" first: IIS's 404 page adds that the page may be "temporarily unavailable".
    if any(_MISSING.search(p) or _BARE_404.match(p) for p in places if p):
        return Unavailable("missing", f"the page says it does not exist{shown}")
    if any(_MAINTENANCE.search(p) for p in places if p and (figures or not _DIGIT.search(p))):
        return Unavailable("maintenance", f"the page is a maintenance notice{shown}")
    return None


def _headed_as_news(root: HtmlElement) -> bool:
    """Whether the page's own headline (its h1, not the portal's name) is a headline of
    news: longer than a notice's heading and no notice itself. What a ticker or an empty
    box of the layout says then says nothing of the page."""
    heading = title_element(root)
    if heading is None:
        return False
    headline = fold(text_of(heading))
    return (
        len(headline.split()) > NOTICE_WORDS
        and not _MISSING.search(headline)
        and not _MAINTENANCE.search(headline)
    )


def _sent_to(root: HtmlElement, url: str, *, script: bool) -> str | None:
    """Where the page sends its reader at once: a meta refresh's address, or, on a page
    showing nothing else, a script's `location`."""
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH_URL.search(meta.get("content") or "")
            if found:
                target: str = found.group(1)
                return _joined(url, target.strip("'\" "))
    if script:
        for element in root.iter("script"):
            found = _SCRIPT_LOCATION.search(element.text or "")
            if found:
                target = str(found.group(1) or found.group(2) or "")
                return _joined(url, target)
    return None


def _joined(url: str, target: str) -> str | None:
    try:
        return urljoin(url, target)
    except ValueError:  # "http://[bad/": an address no reader is sent to
        return None


def _visible_text(root: HtmlElement) -> str:
    body = root.find("body")
    parts: list[str] = _VISIBLE(body if body is not None else root)
    return " ".join(parts)


def _page_title(root: HtmlElement) -> str:
    return " ".join((root.findtext(".//title") or "").split())


def _headings(root: HtmlElement, *, first_only: bool) -> list[HtmlElement]:
    if first_only:
        found: list[HtmlElement] = root.xpath("(//h1)[1]") or root.xpath("(//h2|//h3)[1]")
        return found
    found = root.xpath("//h1|//h2|//h3")
    return found[:HEADINGS_READ]


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
