"""Article HTML made safe and self-contained: absolute URLs, a reading subset of tags,
no empty paragraphs, and image captions turned into <figure>/<figcaption>.

Pure functions from HTML text to HTML text (or to plain values read from it). lxml
does the tree surgery; nh3 (ammonia) has the last word on what is allowed, so its
output is both safe and serialized the same way every time.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lxml.html
import nh3
from lxml import etree
from lxml.html import HtmlElement

from syndicate.text.fold import clean_text, nfc, strip_xml_illegal
from syndicate.urls import absolute_url

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "img", "figure", "figcaption", "strong", "b", "em", "i", "u",
        "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "table", "thead",
        "tbody", "tr", "th", "td", "span", "div", "sup", "sub", "hr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    # Merged cells are common in published schedules; without these the table misreads.
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Removed with everything inside: their content is code, fallbacks or form chrome,
# never article text. <noscript> often repeats a lazy image, which would show twice.
DROPPED_WITH_CONTENT = (
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "template", "svg", "math", "canvas", "audio", "video", "form", "button", "input",
    "select", "textarea", "head", "title", "meta", "link",
)  # fmt: skip
# Tags outside the subset whose boundaries matter: the sanitizer would unwrap them and
# run their words into the neighbours'. The article title is the h1, so a second one
# inside the body is a section heading.
RENAMED = {
    "h1": "h2",
    "center": "div",
    "section": "div",
    "article": "div",
    "main": "div",
    "header": "div",
    "footer": "div",
    "aside": "div",
    "address": "p",
    "pre": "p",
    "dl": "div",
    "dt": "p",
    "dd": "p",
}
# Where lazy-loading scripts keep the real image while `src` holds a placeholder.
LAZY_SRC_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src")

CAPTION_MAX_CHARS = 200
# A sentence end followed by more text: "… hội nghị. Ảnh: …" has one.
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+\S")

_BLOCKS = frozenset(
    {"p", "div", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption"}
    | {"ul", "ol", "table", "thead", "tbody", "tr", "th", "td", "hr"}
)
_PARAGRAPHS = frozenset({"p", "div", "li", "blockquote"})
_NOT_BODY_TEXT = frozenset({"figure", "figcaption", "table"})
_EMPTY_BLOCKS = (
    "p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "ul", "ol", "figure",
    "figcaption",
)  # fmt: skip
_MAX_TIDY_ROUNDS = 4
_EMPTY_INLINE = ("span", "strong", "b", "em", "i", "u", "sup", "sub", "a")
_SUBSTANCE = ("img", "hr", "table")

_BLANK = " \t\n\r\f\v\xa0\u200b\ufeff"

# Marks <br> while collecting text; control characters never survive parsing.
_LINE_BREAK = "\x00"

_CHAR_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",  # every URL was made absolute first; a leftover is unusable
    link_rel=None,  # feed readers apply their own; keep the markup plain
    strip_comments=True,
)


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the content, in document order, with its caption if it has one."""

    src: str
    caption: str | None = None


def sanitize_html(html: str, base: str) -> str:
    """Absolute URLs, real image sources, the allowed subset, no empty paragraphs."""
    root = _parse(html)
    for element in list(root.iter(*DROPPED_WITH_CONTENT)):
        _remove(element)
    for element in root.iter(*RENAMED):
        element.tag = RENAMED[element.tag]
    _absolutize(root, base)
    text = _finish(root)
    # Two HTML parsers disagree on misnested markup (lxml here, html5ever inside the
    # sanitizer), and either may leave new empty elements behind. Repeat until a pass
    # changes nothing, so sanitizing the output again gives the output.
    for _ in range(_MAX_TIDY_ROUNDS):
        root = _parse(text)
        _tidy(root)
        again = _finish(root)
        if again == text:
            break
        text = again
    return text


def add_figures(html: str, *, exclude: Callable[[str], bool] = lambda text: False) -> str:
    """Turn "image, then a short caption paragraph" into a <figure> with <figcaption>.

    The image must stand alone (in its own paragraph or directly in a container) and
    the paragraph right after it must look like a caption and not be `exclude`d (the
    byline). Existing figures are left as they are.
    """
    root = _parse(html)
    changed = False
    for img in list(root.iter("img")):
        if any(a.tag == "figure" for a in img.iterancestors()):
            continue
        holder, unit = _image_holder(img, root)
        if holder is None:
            continue
        following = _caption_after(holder, exclude)
        if following is None:
            continue
        figure = etree.Element("figure")
        figure.tail = following.tail
        holder.getparent().replace(holder, figure)
        unit.tail = None
        figure.append(unit)
        caption = etree.SubElement(figure, "figcaption")
        caption.text = following.text
        caption.extend(list(following))
        following.getparent().remove(following)
        changed = True
    return _finish(root) if changed else html


def _caption_after(holder: HtmlElement, exclude: Callable[[str], bool]) -> HtmlElement | None:
    """The paragraph right after an image's holder, if it reads as the image's caption."""
    following = holder.getnext()
    if following is None or following.tag not in ("p", "div") or _has_text(holder.tail):
        return None
    if any(d.tag in _BLOCKS or d.tag == "img" for d in following.iterdescendants()):
        return None
    text = clean_text(_text_of(following))
    if not looks_like_caption(text) or exclude(text):
        return None
    return following


def looks_like_caption(text: str) -> bool:
    """Short, one or two sentences, and not the lead-in to what follows."""
    return (
        0 < len(text) <= CAPTION_MAX_CHARS
        and not text.endswith((":", ",", ";", "-", "–"))
        and len(_SENTENCE_BREAK.findall(text)) <= 1
    )


def paragraph_texts(html: str) -> list[str]:
    """Plain text of each body paragraph in order; captions and tables excluded."""
    root = _parse(html)
    texts: list[str] = []
    for element in root.iter(*_PARAGRAPHS):
        if any(a.tag in _NOT_BODY_TEXT for a in element.iterancestors()):
            continue
        if any(d.tag in _BLOCKS for d in element.iterdescendants()):
            continue  # a container; its leaf blocks are visited on their own
        texts.extend(_lines(element))
    return texts or _lines(root)


def images(html: str) -> list[Image]:
    """Every image of sanitized content, with the caption of its figure if any."""
    found = []
    for img in _parse(html).iter("img"):
        src = img.get("src")
        if not src:
            continue
        caption = None
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        if figure is not None:
            figcaption = figure.find(".//figcaption")
            if figcaption is not None:
                caption = clean_text(_text_of(figcaption)) or None
        found.append(Image(src, caption))
    return found


def plain_text(html: str) -> str:
    """Text of an HTML fragment: tags stripped, entities decoded, whitespace collapsed."""
    root = _parse(html)
    for element in list(root.iter("script", "style")):
        _remove(element)
    return clean_text(_text_of(root))


def _drop_illegal_reference(match: re.Match[str]) -> str:
    number = match.group(1)
    code = int(number[1:], 16) if number[0] in "xX" else int(number)
    if code > 0x10FFFF or not strip_xml_illegal(chr(code)):
        return ""
    return match.group(0)


def _finish(root: HtmlElement) -> str:
    """The sanitizer's serialization; character references can reintroduce what the
    first cleaning removed, so clean again after it."""
    return nfc(strip_xml_illegal(_CLEANER.clean(_serialize(root)))).strip()


def _parse(html: str) -> HtmlElement:
    """Parse a fragment into a wrapping <div>; any markup, even none, is accepted."""
    # lxml refuses control characters outright, even written as references ("&#11;");
    # NFC first so text nodes come out composed.
    html = nfc(strip_xml_illegal(_CHAR_REFERENCE.sub(_drop_illegal_reference, html)))
    if not html.strip():
        return lxml.html.Element("div")
    root: HtmlElement = lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    return root


def _serialize(root: HtmlElement) -> str:
    inner = html_lib.escape(root.text or "", quote=False)
    return inner + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in root
    )


def _lines(element: HtmlElement) -> list[str]:
    """The non-empty lines of an element's text, split at <br>.

    Old editors end paragraphs with <br> inside one <p>, so the byline is often the
    last line of the last paragraph rather than a paragraph of its own.
    """
    lines = (clean_text(line) for line in _text_of(element, _LINE_BREAK).split(_LINE_BREAK))
    return [line for line in lines if line]


def _text_of(element: HtmlElement, line_break: str = " ") -> str:
    """Text content with a space at block boundaries and `line_break` at <br>, so words
    never fuse."""

    def walk(node: HtmlElement) -> Iterator[str]:
        block = node.tag in _BLOCKS
        if block:
            yield " "
        if node.tag == "br":
            yield line_break
        if node.text:
            yield node.text
        for child in node:
            if isinstance(child.tag, str):
                yield from walk(child)
            if child.tail:
                yield child.tail
        if block:
            yield " "

    return "".join(walk(element))


def _absolutize(root: HtmlElement, base: str) -> None:
    for img in list(root.iter("img")):
        src = None
        for name in (*LAZY_SRC_ATTRIBUTES, "src"):
            src = absolute_url(img.get(name) or "", base)
            if src:
                break
        if src is None:
            _remove(img)  # a placeholder or a data: URI with nothing real behind it
            continue
        img.set("src", src)
        for name in ("srcset", "sizes", *LAZY_SRC_ATTRIBUTES):
            img.attrib.pop(name, None)  # candidates resolve against the page; drop them
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        if href.lower().startswith("mailto:"):
            continue
        resolved = absolute_url(href, base) if href else None
        if resolved is None:
            link.drop_tag()  # a javascript: or empty link: keep its words, lose the link
        else:
            link.set("href", resolved)


def _tidy(root: HtmlElement) -> None:
    """Drop elements with nothing to read (only spaces, &nbsp; or <br>) and blank-line runs."""
    for element in reversed(list(root.iter(*_EMPTY_BLOCKS, *_EMPTY_INLINE))):
        if element is root or _has_text(element.text_content()):
            continue
        if any(True for _ in element.iter(*_SUBSTANCE)):
            continue
        if element.tag in _EMPTY_INLINE:
            element.drop_tag()  # keeps a separating space, if it held one
        else:
            _remove(element)
    # Removed blocks leave runs of blank lines between their neighbours.
    for element in root.iter(*_BLOCKS):
        if element.tail is not None and not _has_text(element.tail):
            element.tail = "\n"
    if not _has_text(root.text):
        root.text = None


def _image_holder(img: HtmlElement, root: HtmlElement) -> tuple[HtmlElement | None, HtmlElement]:
    """The element a figure replaces (a lone-image paragraph or the image itself)."""
    unit = img
    parent = img.getparent()
    # A linked image (to the full-size file) moves into the figure with its link.
    if parent is not None and parent.tag == "a" and _alone(parent, img):
        unit, parent = parent, parent.getparent()
    if parent is None:
        return None, unit
    if parent is not root and parent.tag in ("p", "div") and _alone(parent, unit):
        return parent, unit
    if parent.tag in ("div", "blockquote", "td", "li") or parent is root:
        return (None, unit) if _has_text(unit.tail) else (unit, unit)
    return None, unit


def _alone(parent: HtmlElement, child: HtmlElement) -> bool:
    """Whether `child` is all that `parent` shows (stray <br>s aside)."""
    if _has_text(parent.text):
        return False
    for other in parent:
        if other is child:
            continue
        if other.tag != "br" or _has_text(other.tail):
            return False
    return not _has_text(child.tail)


def _has_text(text: str | None) -> bool:
    # No-break and zero-width spaces are how editors pad "empty" paragraphs.
    return text is not None and bool(text.strip(_BLANK))


def _remove(element: HtmlElement) -> None:
    """Remove an element and its content but keep the text that follows it."""
    element.drop_tree()
