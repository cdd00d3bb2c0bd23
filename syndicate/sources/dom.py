"""HTML document helpers shared by the selector and automatic parsers.

Parsing never raises for odd markup: lxml's forgiving HTML parser repairs what it can.
Only text that is not an HTML page at all (empty, JSON, a feed) is a ParseError.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from syndicate import html_clean
from syndicate.errors import ParseError

# huge_tree lifts libxml2's limits on attribute and text size, so one absurd attribute
# does not make the parser throw away the rest of the page.
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
)
_FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL
)
_ANY_TAG = re.compile(r"<[a-zA-Z!/]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_URL_BREAKS = re.compile("[\t\n\r]")

# Schemes that never lead to an article page.
_NOT_WEB = ("javascript:", "mailto:", "tel:", "data:", "about:", "callto:", "sms:")


def parse_document(text: str, url: str) -> tuple[HtmlElement, str]:
    """Parse an HTML page; return its root and the URL its relative links resolve against."""
    head = text[:2000]
    if not text.strip():
        raise ParseError("not an HTML page: empty document")
    if _FEED_START.match(head):
        raise ParseError("not an HTML page: it is an RSS or Atom feed")
    if head.lstrip().startswith(("{", "[")) or not _ANY_TAG.search(text):
        raise ParseError("not an HTML page: no markup")
    # Encoding to bytes sidesteps lxml's refusal of str input that carries an
    # XML encoding declaration (XHTML pages); lone surrogates become "?".
    data = _XML_INVALID.sub("", text).encode("utf-8", "replace")
    try:
        root = lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not an HTML page: {exc}") from None
    html_clean.unnest_embeds(root)
    base = url
    for element in root.iter("base"):
        href = (element.get("href") or "").strip()
        if href:
            base = absolute_url(href, url) or url  # a broken <base> is ignored
            break
    return root, base


def elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Every element (no comments or processing instructions) in document order."""
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element


@lru_cache(maxsize=256)
def _compile(selector: str) -> CSSSelector:
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError as exc:
        raise ParseError(f"invalid CSS selector {selector!r}: {exc}") from None


def select(root: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements matching a CSS selector, in document order; a bad selector is a ParseError."""
    return [e for e in _compile(selector)(root) if isinstance(e.tag, str)]


def select_one(root: HtmlElement, selector: str | None) -> HtmlElement | None:
    if not selector:
        return None
    found = select(root, selector)
    return found[0] if found else None


def clean_text(text: str | None) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    # str.split() and regex \s agree on whitespace; this runs for most page elements
    return " ".join(text.split()) if text else ""


def text_of(element: HtmlElement) -> str:
    return clean_text(element.text_content())


def fold(text: str) -> str:
    """The form labels are compared in: NFC, case-folded, spaces collapsed."""
    return clean_text(unicodedata.normalize("NFC", text).casefold())


def inner_html(element: HtmlElement) -> str:
    """The element's content as HTML, without the element's own tag."""
    parts = [html.escape(element.text, quote=False)] if element.text else []
    for child in element:
        # with_tail: the text after a child belongs to this element's content
        parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def outer_html(element: HtmlElement) -> str:
    return str(lxml.html.tostring(element, encoding="unicode", with_tail=False))


def absolute_url(href: str | None, base: str) -> str | None:
    """An http(s) URL without fragment, or None for anchors, scripts, mail and junk."""
    # As browsers read an href: ends trimmed, line breaks and tabs inside removed (a
    # CMS that wraps long attributes), other spaces kept.
    href = _URL_BREAKS.sub("", href.strip()) if href else ""
    if not href or href.startswith("#") or href.lower().startswith(_NOT_WEB):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:  # e.g. a broken IPv6 literal
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def image_source(img: HtmlElement, base: str) -> str | None:
    """The real image of an <img>, absolute: lazy-loading attributes (a srcset too) win
    over a placeholder src, and an image with only a srcset is its largest candidate."""
    lazy = (img.get("data-url") or "").strip()
    return (absolute_url(lazy, base) if lazy else None) or html_clean.image_source(img, base)


def promote_lazy_images(root: HtmlElement, base: str) -> None:
    """Put the real image in src, so it survives sanitizing and main-text extraction
    (trafilatura keeps src alone)."""
    for img in root.iter("img"):
        real = image_source(img, base)
        if real and real != img.get("src"):
            img.set("src", real)


def ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def marks(element: HtmlElement) -> str:
    """The element's class and id, lower-cased, for matching on naming conventions."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def host_of(url: str) -> str:
    """A URL's host name without a leading "www.", for same-site comparisons."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


# Page furniture: regions that hold menus, banners and pagers rather than content.
_CHROME_TAGS = frozenset({"header", "nav", "footer", "menu"})
_CHROME_TOKENS = frozenset({"nav", "top", "head", "foot", "menu", "topbar", "navbar"})
_CHROME_PARTS = (
    "header",
    "footer",
    "menu",
    "breadcrumb",
    "pagination",
    "pager",
    "paging",
    "phantrang",
    "navigation",
    "sidebar",
    "copyright",
    "banner",
)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


def is_chrome_marked(element: HtmlElement) -> bool:
    """Whether the element itself is named or tagged like page furniture."""
    tag = element.tag
    if tag in _CHROME_TAGS or tag == "aside":
        return True
    tokens = [t for t in _TOKEN_SPLIT.split(marks(element)) if t]
    # "top" or "header" alone is the page's; "news-top" is the box a category page shows
    # its newest article in, "detail-header" or "header-title" an article's title block.
    if "top" in tokens and _TOP_BOX_TOKENS.intersection(tokens):
        tokens = [t for t in tokens if t != "top"]
    if _ARTICLE_TOKENS.intersection(tokens):
        tokens = [t for t in tokens if t not in ("header", "head")]
    return any(t in _CHROME_TOKENS or any(p in t for p in _CHROME_PARTS) for t in tokens)


# Words that name what an article's own blocks hold: with them, "header" is the head
# of an article ("detail-header", "news-header", "header-title"), not of the page.
_ARTICLE_TOKENS = frozenset(
    {"news", "tin", "article", "post", "bai", "detail", "chitiet", "title", "tieude"}
)
# With these, "top" is a box of articles ("news-top", "top-news", "box-top").
_TOP_BOX_TOKENS = _ARTICLE_TOKENS | {"articles", "posts", "box", "item", "story", "hot"}


def in_chrome(element: HtmlElement) -> bool:
    """Whether the element sits in a header, menu, footer, sidebar, breadcrumb or pager.

    An HTML5 <header>/<footer> inside <article> or <main> belongs to the content
    (it holds the title and date), so only the outer ones count.
    """
    chain = [element, *ancestors(element)]
    in_content = False
    for node in reversed(chain):  # from the root down
        if node.tag in ("article", "main"):
            in_content = True
            continue
        if node.tag in ("header", "footer") and in_content:
            continue
        if node.tag in ("html", "body"):
            continue
        if is_chrome_marked(node):
            return True
    return False


def own_text(element: HtmlElement) -> str:
    """The element's direct text (its text and its children's tails), without descendants."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return clean_text(" ".join(parts))
