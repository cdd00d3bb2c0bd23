"""Finding an article page's title, date text, summary, lead image and category.

The heuristics here serve both the selector parser (for fields it has no selector for)
and the automatic one. Dates are returned as printed; parsing them is normalization's job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from syndicate.sources.dom import (
    absolute_url,
    ancestors,
    clean_text,
    elements,
    fold,
    image_source,
    in_chrome,
    is_chrome_marked,
    marks,
    own_text,
    text_of,
)

_DATE = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}"  # 22/04/2019, 12-7-2017
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2024-09-02
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}"  # ngày 21 tháng 1
    r"|\d{1,2}\s+tháng\s+\d{1,2}",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}\s*(?::|h|giờ)\s*\d{2}\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:thứ\s+(?:[2-7]|hai|ba|tư|năm|sáu|bảy|bẩy)|chủ nhật|cn)\b", re.I)
# Words that say a date is the article's own ("posted on", "updated").
_PUBLISHED = (
    r"ngày đăng|đăng ngày|đăng lúc|ngày xuất bản|xuất bản|thời gian đăng|ngày gửi|posted|published"
)
_DATE_LABEL = re.compile(rf"{_PUBLISHED}|ngày cập nhật|cập nhật", re.IGNORECASE)
# The label of the publication date itself, which an update date beside it must not beat.
_PUBLISHED_LABEL = re.compile(_PUBLISHED, re.IGNORECASE)
_TODAY = re.compile(r"hôm nay", re.IGNORECASE)
_TODAY_MARK = re.compile(r"today|homnay|hom-nay|current-?date|curdate|ngayhientai", re.IGNORECASE)
# A line giving the date of something else, as notices do: when and where an event
# takes place, a deadline. Never the page's own date unless labelled or marked so.
_EVENT_DATE = re.compile(
    r"^\s*(?:thời gian|thời hạn|hạn chót|hạn cuối|lịch|từ ngày|đến ngày|vào lúc|địa điểm)\b",
    re.IGNORECASE,
)
_DATE_MARK = re.compile(r"date|time|ngay|thoi-?gian", re.IGNORECASE)  # thời gian: time
_MAX_DATE_TEXT = 120

_MAX_LINKED_DATA = 200_000  # characters of one JSON-LD script worth reading
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
_HOME_LABELS = frozenset(fold(x) for x in ("Trang chủ", "Trang nhất", "Home", "Trang chính"))
_HOME_PATHS = frozenset(
    {"", "index.html", "index.htm", "index.php", "index.aspx", "default.aspx", "trang-chu"}
)
_CRUMB_SEPARATORS = " >»›/|:-–"
# What a portal calls itself around an article's name in <title> and og:title: "Cổng
# thông tin điện tử huyện …", "Cổng TTĐT …", "Trang TTĐT …", "UBND huyện …", its address.
_SITE_NAME = re.compile(
    r"(?:cổng|trang|website)\s+(?:thông tin|tin|ttđt|tttđt|tt|điện tử)", re.IGNORECASE
)
# "UBND huyện Đăk Tô" names the portal's owner; "UBND huyện tiếp xúc cử tri …" is news.
# The place's name is capitalised and short.
_OWNER_NAME = re.compile(
    r"(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:huyện|thị xã|thành phố|tỉnh|tp\.?)\s+"
    r"(?P<place>\S+(?:\s+\S+){0,2})",
    re.IGNORECASE,
)
_SITE_ADDRESS = re.compile(r"(?:www\.)?(?:[\w-]+\.)+(?:vn|com|net|org)", re.IGNORECASE)
_MAX_SITE_NAME_WORDS = 9
# Separators between a page's name parts; a site may lead its titles only before a bar.
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")
_SUMMARY_PARTS = ("sapo", "summary", "description", "tomtat", "chapeau", "hometext")
_SUMMARY_TOKENS = frozenset({"lead", "intro", "desc", "mota", "trichdan"})


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself outside the article body, read before cleanup."""

    og_title: str | None  # without the site's name (see `without_site_name`)
    og_image: str | None
    meta_date: str | None
    html_title: str | None  # without the site's name
    category: str | None
    site_name: str | None  # og:site_name, or as the titles print it


# A page's <title> shorter than this is no headline to judge its <h1> by; an <h1>
# longer than the other is a headline, no section's name ("Tin trong huyện").
_MIN_TITLE_WORDS = 4
_MAX_SECTION_WORDS = 6


def _meta_content(root: HtmlElement, *keys: str) -> str | None:
    wanted = {k.lower() for k in keys}
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = clean_text(meta.get("content"))
        if key in wanted and content and key not in found:
            found[key] = content
    return next((found[k.lower()] for k in keys if k.lower() in found), None)


def _linked_data_date(root: HtmlElement) -> str | None:
    """The `datePublished` of the page's JSON-LD (schema.org's NewsArticle), as some
    CMSs give their date only there."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _MAX_LINKED_DATA:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # a template's broken JSON, or a hostile one
            continue
        if (found := _date_published(data)) is not None:
            return found
    return None


def _date_published(data: object, depth: int = 0) -> str | None:
    """The first `datePublished` text in `data`, an object, its `@graph` or a list of
    them, looking no deeper than a graph's nodes do (an article's `about` or `citation`
    dates other works)."""
    if depth > 2:
        return None
    if isinstance(data, list):
        return next((f for item in data if (f := _date_published(item, depth + 1))), None)
    if not isinstance(data, dict):
        return None
    value = data.get("datePublished")
    if isinstance(value, str) and clean_text(value):
        return clean_text(value)
    return _date_published(data.get("@graph"), depth + 1)


def read_page_meta(root: HtmlElement, base: str) -> PageMeta:
    """Metadata and breadcrumb, taken before menus and scripts are removed."""
    og_image = _meta_content(root, "og:image", "og:image:url", "twitter:image")
    site = _meta_content(root, "og:site_name", "application-name")
    og_title, og_site = _split_site_name(_meta_content(root, "og:title", "twitter:title"), site)
    html_title, html_site = _split_site_name(
        next((text_of(t) for t in root.iter("title")), None), site
    )
    heading = find_title(root)
    category = breadcrumb_category(root, heading or og_title)
    page_title = og_title or html_title
    if (
        category is None
        and heading
        and page_title
        and fold(heading) != fold(page_title)
        and len(heading.split()) <= _MAX_SECTION_WORDS
        and len(page_title.split()) >= _MIN_TITLE_WORDS
        and not names_site(page_title, site)
    ):
        # The <h1> may name the section, as the breadcrumb's last item does, above the
        # article's own <h2> (Joomla's "componentheading"): the page's <title> says
        # which it is.
        category = breadcrumb_category(root, page_title)
    return PageMeta(
        og_title=without_site_name(og_title, category),
        og_image=absolute_url(og_image, base) if og_image else None,
        meta_date=_meta_content(root, *_META_DATE_KEYS) or _linked_data_date(root),
        html_title=without_site_name(html_title, category),
        category=category,
        site_name=site or og_site or html_site,
    )


def without_site_name(title: str | None, *names: str | None) -> str | None:
    """A page's title without the portal's name (or one of `names`: the site's, the
    section's) printed after it, or before it and a bar; None if nothing else is left."""
    return _split_site_name(title, *names)[0]


def _split_site_name(title: str | None, *names: str | None) -> tuple[str | None, str | None]:
    """`without_site_name`, and the site's name as the title printed it."""
    if not title:
        return None, None
    known = {fold(name) for name in names if name}
    removed: list[str] = []
    for separator in _TITLE_SEPARATORS:
        parts = title.split(separator)
        while len(parts) > 1 and _names_site(parts[-1], known):
            removed.append(parts.pop())
        while separator == " | " and len(parts) > 1 and _names_site(parts[0], known):
            removed.append(parts.pop(0))
        title = separator.join(parts)
    # A title that is all site name: a known one, or an address. A name found by its
    # words alone ("Cổng thông tin điện tử huyện ra mắt …") may be an article's.
    folded = fold(title)
    if folded in known or _SITE_ADDRESS.fullmatch(folded):
        return None, title
    site = next((part for part in removed if fold(part) not in known), None)
    return title, site


def _names_site(part: str, known: set[str]) -> bool:
    folded = fold(part)
    if folded in known or _SITE_ADDRESS.fullmatch(folded):
        return True
    if _names_owner(part):
        return True
    return len(folded.split()) <= _MAX_SITE_NAME_WORDS and _SITE_NAME.match(folded) is not None


def _names_owner(text: str) -> bool:
    """Whether `text` is the name of the portal's owner ("UBND huyện Đăk Tô"): its
    place is short and capitalised, where a headline goes on in lower case."""
    owner = _OWNER_NAME.fullmatch(clean_text(text))
    if owner is None:
        return False
    place = owner.group("place")
    return place.isupper() or all(word[:1].isupper() for word in place.split())


def title_element(root: HtmlElement, *not_titles: str | None) -> HtmlElement | None:
    """The article's <h1>: the first with text outside the site header, else none.
    Not one that is the portal's name (a logo box is no header to `in_chrome`), nor
    one of `not_titles`: the section's name, which some templates head the page with
    above the article's own <h2>."""
    headings = [
        h
        for h in root.iter("h1")
        if (text := text_of(h)) and not _links_home(h) and not names_site(text, *not_titles)
    ]
    return next((h for h in headings if not in_chrome(h)), None)


def find_title(root: HtmlElement) -> str | None:
    heading = title_element(root)
    return text_of(heading) if heading is not None else None


def first_heading(root: HtmlElement, *site_names: str | None) -> str | None:
    """The first <h1>'s text, in the page's chrome too (an article's title sits in a
    "header" box on some templates), but not one that is the portal's name, as the
    heading of a site header often is."""
    for heading in root.iter("h1"):
        text = text_of(heading)
        if text and not _links_home(heading) and not names_site(text, *site_names):
            return text
    return None


def names_site(text: str | None, *site_names: str | None) -> bool:
    """Whether `text` is a portal's name rather than an article's title: one of
    `site_names`, an address, or the few words portals name themselves with
    ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN ĐĂK TÔ")."""
    if not text:
        return False
    known = {fold(name) for name in site_names if name}
    if _names_site(text, known):
        return True
    if _names_owner(text):
        return True
    words = clean_text(text).casefold()
    return len(words.split()) <= _MAX_SITE_NAME_WORDS and _SITE_NAME.match(words) is not None


def _links_home(heading: HtmlElement) -> bool:
    """The site's name or logo as a heading, linking to the home page: not a title."""
    for link in heading.iter("a"):
        href = (link.get("href") or "").strip()
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if (
            href
            and not href.startswith("#")
            and parts.scheme in ("", "http", "https")
            and not parts.query
            and parts.path.strip("/").lower() in _HOME_PATHS
        ):
            return True
    return False


# -- dates -----------------------------------------------------------------------------


def names_another_date(text: str) -> bool:
    """Whether a line with a date dates something else than the page: an event
    ("Thời gian: 7 giờ 30, ngày 12/9/2024"), or a sentence ("Ngày 8/9/2024, Huyện đoàn
    ra quân …")."""
    words = text.split()
    return _EVENT_DATE.match(text) is not None or (
        len(words) > 6 and text.rstrip().endswith((".", ";", "…"))
    )


def is_date_marked(element: HtmlElement) -> bool:
    """A <time>, or an element whose class or id names a date ("ngay-dang", "post-date")."""
    return element.tag == "time" or _DATE_MARK.search(marks(element)) is not None


def has_date(text: str) -> bool:
    return _DATE.search(text) is not None


def date_value(element: HtmlElement) -> str:
    """The date an element shows: a machine-readable attribute first, else its text."""
    if element.tag == "time" and clean_text(element.get("datetime")):
        return clean_text(element.get("datetime"))
    if element.tag == "meta":
        return clean_text(element.get("content"))
    return text_of(element)


# A time and nothing else, as printed in an element of its own beside the date:
# "08:30", "lúc 8h30", "08:30 (GMT+7)".
_TIME_ALONE = re.compile(
    r"(?:lúc\s*)?\d{1,2}\s*(?::|h|giờ)\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?"
    r"(?:\s*\(?\s*(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?)?",
    re.IGNORECASE,
)


def dateline_value(element: HtmlElement) -> str:
    """`date_value`, with the time the next element prints when the date has none:
    `<span class="date">02/09/2024</span> <span class="time">08:30</span>`."""
    value = date_value(element)
    if _TIME.search(value) or element.tag in ("time", "meta"):
        return value
    following = element.getnext()
    if following is None or clean_text(element.tail):
        return value
    time_text = text_of(following)
    return f"{value} {time_text}" if _TIME_ALONE.fullmatch(time_text) else value


def _is_banner(element: HtmlElement, title: HtmlElement | None) -> bool:
    """In the site's header (today's date), not in the block that carries the title."""
    for node in (element, *ancestors(element)):
        if node.tag in ("html", "body"):
            return False
        if is_chrome_marked(node):
            return title is None or not _holds(node, title)
    return False


def _holds(outer: HtmlElement, inner: HtmlElement) -> bool:
    return any(node is outer for node in ancestors(inner))


def _date_candidates(everything: list[HtmlElement]) -> list[HtmlElement]:
    found: list[HtmlElement] = []
    for element in everything:
        if element.tag in ("html", "body", "head", "title", "meta", "script", "style"):
            continue
        own = unicodedata.normalize("NFC", own_text(element))
        if (
            (element.tag == "time" and element.get("datetime"))
            or _DATE_MARK.search(marks(element))
            or (own and len(own) <= _MAX_DATE_TEXT and (has_date(own) or _DATE_LABEL.search(own)))
        ):
            found.append(element)
    return found


def _date_score(element: HtmlElement, text: str, order: int, title_order: int) -> int | None:
    if not text or len(text) > _MAX_DATE_TEXT or not has_date(text) or _TODAY.search(text):
        return None
    if _TODAY_MARK.search(marks(element)):
        return None  # ASP.NET's "lblToday", a "current-date" box: today's, not the page's
    labelled = _DATE_LABEL.search(text) is not None or _labelled_before(element)
    marked = is_date_marked(element)
    timed = _TIME.search(text) is not None
    # Above the title, a weekday and a day without a time, unlabelled: the header's
    # date box ("Thứ Năm, ngày 19 tháng 9 năm 2024"), which shows the day it is read.
    if not labelled and not timed and 0 <= order < title_order and _WEEKDAY.search(text):
        return None
    own = own_text(element)
    # An unmarked, unlabelled date must at least look like a dateline of its own, not
    # like a notice's "Thời gian: 7 giờ 30, Thứ Năm, ngày 12/9/2024." (an event).
    if not (labelled or marked) and (
        not (has_date(own) and (timed or _WEEKDAY.search(own)) and len(own) <= 60)
        or _EVENT_DATE.match(text)
        or (element.tag == "p" and text.rstrip().endswith((".", ";")))
    ):
        return None
    score = 4 * int(labelled) + 2 * int(timed) + int(marked) + int(element.tag == "time")
    if title_order >= 0:
        score += 1 if order > title_order else -1
    return score


def _label_of(element: HtmlElement, text: str) -> str | None:
    """ "published" for a date labelled as the publication's, "updated" for one labelled
    otherwise ("Cập nhật"), None for one with no label."""
    if _labelled_published(element, text):
        return "published"
    if _DATE_LABEL.search(text) is not None or _labelled_before(element):
        return "updated"
    return None


def _labelled_published(element: HtmlElement, text: str) -> bool:
    before = element.getprevious()
    label = text_of(before) if before is not None and isinstance(before.tag, str) else ""
    return _PUBLISHED_LABEL.search(text) is not None or (
        _labelled_before(element) and _PUBLISHED_LABEL.search(label) is not None
    )


def _labelled_before(element: HtmlElement) -> bool:
    """Labelled by the cell or term before it, and by nothing else there:
    <td>Ngày đăng:</td><td>14/01/2025</td>."""
    before = element.getprevious()
    if before is None or not isinstance(before.tag, str):
        return False
    label = unicodedata.normalize("NFC", text_of(before)).strip(" :")
    return _DATE_LABEL.fullmatch(label) is not None


def find_date_element(root: HtmlElement, title: HtmlElement | None = None) -> HtmlElement | None:
    """The element showing the publication date, never the header's "today" banner.

    Prefers a labelled date ("Ngày đăng: …", "Cập nhật …") with a time, after the title.
    """
    # The list keeps every element proxy alive, so identity lookups stay valid.
    everything = list(elements(root))
    order = {element: i for i, element in enumerate(everything)}
    title_order = order.get(title, -1) if title is not None else -1
    scored: list[tuple[int, HtmlElement, str | None]] = []
    first_after_title = True
    for element in _date_candidates(everything):
        text = unicodedata.normalize("NFC", dateline_value(element))
        score = _date_score(element, text, order[element], title_order)
        if score is None or _is_banner(element, title):
            continue
        if order[element] > title_order:
            # Beside a link to another page, in a block of little more: a listed
            # article's time ("Tin nổi bật" after the article), marked as a time as it
            # may be. Not the first date after the title, the page's own dateline
            # however small its block (its section's link beside it).
            if not first_after_title and _in_a_card(element):
                score -= 3
            first_after_title = False
        scored.append((score, element, _label_of(element, text)))
    # "Cập nhật: …" gives way to "Ngày đăng: …" printed beside it; alone, it is the
    # page's dateline as any other label makes one.
    if any(label == "published" for _, _, label in scored):
        scored = [(score - (label == "updated"), e, label) for score, e, label in scored]
    best: int | None = None
    chosen: HtmlElement | None = None
    for score, element, _ in scored:
        if best is None or score > best:  # on a tie the first in document order wins
            best, chosen = score, element
    return chosen


def publication_dateline(element: HtmlElement) -> str:
    """`dateline_value`, from the publication date's label on when an update date is
    printed before it ("Ngày cập nhật: 04/09/2024 15:00 | Ngày đăng: 02/09/2024 08:30"),
    as the first date in the line is the one read."""
    text = unicodedata.normalize("NFC", dateline_value(element))
    published = _PUBLISHED_LABEL.search(text)
    if (
        published is None
        or not _DATE_LABEL.search(text[: published.start()])
        or not has_date(text[published.end() :])  # "… | Posted by admin", "Nhà xuất bản"
    ):
        return text
    return text[published.start() :]


# -- summary, image, category ----------------------------------------------------------


def is_summary_marked(element: HtmlElement) -> bool:
    tokens = [t for t in re.split(r"[^a-z0-9]+", marks(element)) if t]
    return any(t in _SUMMARY_TOKENS or any(p in t for p in _SUMMARY_PARTS) for t in tokens)


def find_summary(root: HtmlElement, scope: HtmlElement | None = None) -> HtmlElement | None:
    """A sapo block (.sapo, .summary, …), else the first all-bold paragraph of the body.

    Not one in a card of another article (a "Tin nổi bật" box's items carry their
    own summaries): such a block sits beside a link, in its item.
    """
    for element in elements(root):
        if element.tag in ("meta", "html", "body") or not is_summary_marked(element):
            continue
        text = text_of(element)
        if 20 <= len(text) <= 1500 and not in_chrome(element) and not _in_a_card(element):
            return element
    for paragraph in (scope if scope is not None else root).iter("p"):
        text = text_of(paragraph)
        if len(text) < 40:
            continue
        bold = clean_text(" ".join(text_of(b) for b in paragraph.iter("strong", "b")))
        if bold == text and not in_chrome(paragraph):
            return paragraph
        if scope is not None:
            break  # only the body's first real paragraph can be its sapo
    return None


def element_image(element: HtmlElement, base: str) -> str | None:
    """The image an element stands for: itself, its content attribute, or its first <img>."""
    if element.tag == "img":
        return image_source(element, base)
    if element.tag == "meta":
        return absolute_url(element.get("content"), base)
    img = next(element.iter("img"), None)
    if img is not None:
        return image_source(img, base)
    if element.tag == "a":
        return absolute_url(element.get("href"), base)
    return None


def first_image(scope: HtmlElement, base: str) -> str | None:
    """The first content image: tracking pixels and icons are skipped by their size."""
    for img in scope.iter("img"):
        sizes = [img.get("width", ""), img.get("height", "")]
        if any(s.isdigit() and int(s) < 50 for s in sizes):
            continue
        url = image_source(img, base)
        if url:
            return url
    return None


def _in_a_card(element: HtmlElement) -> bool:
    """Whether a block sits with a link to a page in the item around it: a listed
    article's summary, not the page's own sapo (which has no link beside it)."""
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return False
    # An item holds the summary and its title link, little else; the block around a
    # page's own sapo holds the whole article, links and all.
    if len(text_of(parent)) > len(text_of(element)) + 300:
        return False
    return any(
        text_of(link) and (link.get("href") or "").strip() and not _holds(element, link)
        for link in parent.iter("a")
    )


def _breadcrumb(root: HtmlElement) -> HtmlElement | None:
    for element in elements(root):
        if element.tag in ("html", "body"):
            continue
        if "breadcrumb" in marks(element) or "BreadcrumbList" in (element.get("itemtype") or ""):
            return element
    for element in elements(root):
        if fold(own_text(element)).startswith(("bạn đang ở", "vị trí", "đường dẫn")):
            return element
    return None


def breadcrumb_category(root: HtmlElement, title: str | None = None) -> str | None:
    """The breadcrumb's section: its last item, or the one before when that is the page."""
    crumb = _breadcrumb(root)
    if crumb is None:
        return None
    items = crumb.xpath(".//li[not(.//li)]") or crumb.xpath(".//a")
    # Each item's text, and its link: "linked", "nowhere" (href="#") or "none".
    entries: list[tuple[str, str]] = []
    for item in items:
        text = text_of(item).strip(_CRUMB_SEPARATORS)
        text = re.sub(r"^(?:bạn đang ở|vị trí|đường dẫn)\s*:?\s*", "", text, flags=re.I)
        if not text or fold(text) in _HOME_LABELS:
            continue
        link = item if item.tag == "a" else next(item.iter("a"), None)
        kind = "none" if link is None else "nowhere" if _links_nowhere(link) else "linked"
        entries.append((text, kind))
    # The current page (the article title, or its start cut short with "...", or
    # "Chi tiết tin", or a link to "#") is not a section. An item with no link at all
    # is the page only when nothing says what the page is called: Bootstrap shows the
    # section itself so (`<li class="active">Tin trong huyện</li>`).
    if entries:
        text, kind = entries[-1]
        if _names_the_page(text, title) or kind == "nowhere" or (kind == "none" and not title):
            entries.pop()
    return entries[-1][0] if entries else None


_PAGE_CRUMBS = frozenset(
    fold(label)
    for label in ("Chi tiết", "Chi tiết tin", "Chi tiết bài viết", "Nội dung", "Xem tin")
)


def _links_nowhere(link: HtmlElement) -> bool:
    href = (link.get("href") or "").strip()
    return not href or href.startswith(("#", "javascript:"))


def _names_the_page(text: str, title: str | None) -> bool:
    """Whether a breadcrumb's last item is the page rather than its section: the
    title (or its start, cut short with an ellipsis) or a "details" label."""
    folded = fold(text)
    if folded in _PAGE_CRUMBS:
        return True
    if not title:
        return False
    shortened = fold(text.rstrip(" .…"))
    return folded == fold(title) or (
        shortened != folded and len(shortened) >= 10 and fold(title).startswith(shortened)
    )
