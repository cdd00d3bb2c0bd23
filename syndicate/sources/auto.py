"""Automatic mode: article links and article pages read without any selector.

Links are found by where they sit (not in menus, headers, footers, pagers) and by
what their URL looks like on the portal platforms of vn-sources.md; article pages
go through trafilatura plus our own date heuristics.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml.html import HtmlElement

from syndicate.config import HtmlOptions
from syndicate.model import ListingItem, RawItem
from syndicate.sources.article import build_article
from syndicate.sources.dom import (
    HEADING_TAGS,
    absolute_url,
    ancestors,
    host_of,
    in_chrome,
    marks,
    parse_document,
    text_of,
)
from syndicate.sources.listing import describe_card, merge_items
from syndicate.text.fold import fold
from syndicate.urls import canonical_url, same_site

_FILE_EXTENSIONS = frozenset(
    [
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "svg",
        "bmp",
        "ico",
        "tif",
        "tiff",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "zip",
        "rar",
        "7z",
        "gz",
        "tar",
        "mp3",
        "mp4",
        "avi",
        "mov",
        "wmv",
        "flv",
        "wav",
        "txt",
        "xml",
        "rss",
        "json",
        "css",
        "js",
    ]
)
_PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "aspx", "asp", "php", "jsp", "jspx"})
_LISTING_PATH = re.compile(
    r"/(?:page|trang)[-/]?\d+(?:\.html?)?/?$|/(?:tag|tags|rss|feed|search|tim-kiem|"
    r"category|categories|chuyen-muc|danh-muc|lien-he|so-do-site|sitemap)(?:/|$|\.)",
    re.IGNORECASE,
)
_PAGING_KEYS = frozenset({"page", "trang", "p", "pg", "pageindex", "pagenum", "paged", "start"})
_ID_KEY = re.compile(r"id$", re.IGNORECASE)
# Ids of what holds articles, not of an article: DNN's tab and module, a category, a
# language. A link with only these is a section page ("Default.aspx?tabid=55").
_CONTAINER_ID_KEYS = frozenset(
    {
        "tabid",
        "mid",
        "moduleid",
        "portalid",
        "catid",
        "cateid",
        "cat_id",
        "categoryid",
        "category_id",
        "menuid",
        "zoneid",
        "langid",
        "languageid",
    }
)
# Joomla's views of one article (com_content, K2); its category views carry ids too.
_JOOMLA_ARTICLE_VIEWS = frozenset({"article", "item"})
_SLUG_WITH_ID = re.compile(r"[\w%]+(?:[-_][\w%]+)*[-_]\d+$")
# Joomla's rewritten article URLs put the id first: /tin-trong-huyen/123-ra-quan-ve-sinh
_ID_FIRST_SLUG = re.compile(r"\d+-[a-z][\w%]*(?:-[\w%]+)+", re.IGNORECASE)
_MIN_SLUG_WORDS = 7  # category pages have short slugs; article slugs are the title


def is_article_url(url: str) -> bool:
    """Whether a same-site URL looks like an article page on a known portal platform."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    keys = {k.lower(): v for k, v in query}
    lower = path.lower()
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    stem, dot, extension = last.rpartition(".")
    if not dot:
        stem, extension = last, ""
    extension = extension.lower()
    if extension in _FILE_EXTENSIONS or _LISTING_PATH.search(path) or _DATE_ARCHIVE.search(path):
        return False
    if any(k in _PAGING_KEYS or k.endswith("_cur") for k in keys):
        return False
    if "/asset_publisher/" in lower:  # Liferay: only /content/<slug> is an article
        return "/content/" in "/" + lower.split("/asset_publisher/", 1)[1]
    if re.search(r"/pages/detail/\d+", lower):
        return True
    if "option" in keys and "view" in keys:  # Joomla without URL rewriting
        return keys["view"].lower() in _JOOMLA_ARTICLE_VIEWS
    if "nv" in keys:  # NukeViet without URL rewriting: op=<category>/<slug>
        op = keys.get("op", "")
        return "/" in op and not op.startswith("rss")
    # DNN also writes its ids as path pairs: /tabid/55/Default.aspx, /ArticleId/2345/x.aspx
    path_ids = [
        s
        for before, s in zip(["", *segments], segments[:-1], strict=False)
        if s.isdigit() and before.lower() not in _CONTAINER_ID_KEYS
    ]
    numeric_id = bool(path_ids) or any(
        _ID_KEY.search(k) and k not in _CONTAINER_ID_KEYS and v.isdigit() for k, v in keys.items()
    )
    words = len([w for w in re.split(r"[-_\s]+", stem) if w])
    if extension in _PAGE_EXTENSIONS or not extension:
        if _SLUG_WITH_ID.fullmatch(stem) and words >= 2:
            return True
        if _ID_FIRST_SLUG.fullmatch(stem) and len(segments) >= 2:
            return True
        if extension and (numeric_id or words >= _MIN_SLUG_WORDS):
            return True
        if not extension and stem.isdigit() and len(segments) >= 2:
            return True
        # WordPress's dated permalinks: /2025/06/05/ra-quan-ve-sinh/, the day optional.
        if not extension and words >= 2 and _DATED_PERMALINK.search(path):
            return True
    return False


# A month's or a day's archive, which lists articles: /2025/06/, /2025/06/05/.
_DATE_ARCHIVE = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/?$")
_DATED_PERMALINK = re.compile(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/)?[^/]+/?$"
)


def discover_in(
    root: HtmlElement, base: str, page_url: str, allowed_hosts: Collection[str] = ()
) -> list[ListingItem]:
    """Article links of an already parsed listing page (see `discover_links`)."""
    host = host_of(page_url)
    here = canonical_url(absolute_url(page_url, page_url) or page_url)
    items: list[ListingItem] = []
    boxed: list[ListingItem] = []
    titles: dict[HtmlElement, HtmlElement | None] = {}  # each block's, looked for once
    for link in root.iter("a"):
        url = absolute_url(link.get("href"), base)
        # The rule fetching applies: an allowed host may name its port.
        if not url or not same_site(url, host, allowed_hosts) or canonical_url(url) == here:
            continue
        if not is_article_url(url) or in_chrome(link):
            continue
        item = describe_card(link, url, base)
        (boxed if _in_side_box(link, titles) else items).append(item)
    # A page whose only list is such a box lists what it shows, rather than nothing.
    return list(merge_items(items or boxed, page_url))


# Headings of the boxes portals set beside a listing, in whatever column: other
# sections' articles ("Tin nổi bật", "Tin xem nhiều"), not this listing's. Not "Tin mới
# nhất" or "Tiêu điểm", which head many a listing's own list.
_SIDE_BOX_HEADINGS = frozenset(
    fold(heading)
    for heading in (
        "Tin nổi bật",
        "Tin xem nhiều",
        "Xem nhiều",
        "Đọc nhiều",
        "Tin đọc nhiều",
        "Tin khác",
        "Các tin khác",
        "Tin liên quan",
        "Bài viết liên quan",
        "Tin cùng chuyên mục",
        "Sự kiện nổi bật",
    )
)
# A box's title set as a block of its own: <div class="box-title">, <span class="tieu-de">.
_BOX_TITLE_MARK = re.compile(r"title|heading|tieu-?de|tieude", re.IGNORECASE)
_BOX_TITLE_MAX = 60
_MAX_BOX_CLIMB = 5


def _in_side_box(link: HtmlElement, titles: dict[HtmlElement, HtmlElement | None]) -> bool:
    """Whether a link sits in a box headed as a side box ("Tin nổi bật"): the nearest
    enclosing block with a heading of its own (not the card title holding the link)
    is named so. `titles` keeps each block's first title across the links of a page:
    looked for afresh, a long list without headings cost its length for every link."""
    for block in list(ancestors(link))[:_MAX_BOX_CLIMB]:
        if block not in titles:
            titles[block] = next(
                (e for e in block.iter() if e is not block and _is_box_title(e)), None
            )
        heading = titles[block]
        if heading is None or any(a is link for a in heading.iter("a")):
            continue  # no heading yet, or the link's own card title: look further out
        return fold(text_of(heading)).strip(" :") in _SIDE_BOX_HEADINGS
    return False


def _is_box_title(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag in HEADING_TAGS:
        return True
    return (
        element.tag in ("div", "span", "p", "strong", "b")
        and _BOX_TITLE_MARK.search(marks(element)) is not None
        and 0 < len(text_of(element)) <= _BOX_TITLE_MAX
    )


def discover_links(
    text: str, page_url: str, allowed_hosts: Collection[str] = ()
) -> list[ListingItem]:
    """Article links on a listing page, in page order, each once, with what the page shows.

    Kept: links on the page's host (or `allowed_hosts`) whose URL looks like an article,
    outside headers, menus, footers, sidebars, breadcrumbs and pagers.
    """
    root, base = parse_document(text, page_url)
    return discover_in(root, base, page_url, allowed_hosts)


_AUTOMATIC = HtmlOptions()


def extract_article(text: str, url: str, item: ListingItem | None = None) -> RawItem:
    """An article page read with no selectors: trafilatura's main text, our date heuristics."""
    return build_article(text, url, _AUTOMATIC, item)
