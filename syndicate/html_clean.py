"""Article HTML made safe and self-contained: absolute URLs, a reading subset of tags,
no empty paragraphs, and image captions turned into <figure>/<figcaption>.

Pure functions from HTML text to HTML text (or to plain values read from it). lxml
does the tree surgery; nh3 (ammonia) has the last word on what is allowed, so its
output is both safe and serialized the same way every time.

Normalization reads one article's HTML several times (paragraphs for the byline,
figures, paragraphs again, images), so `sanitize` returns a `Fragment` that keeps its
parsed tree: each step works on the tree instead of parsing the text again. Trees are
plain lxml.etree elements; lxml.html's element classes cost a Python call per node.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import nh3
from lxml import etree
from lxml.etree import _Element as Element
from lxml.html import defs as html_defs

from syndicate.errors import ParseError
from syndicate.text.fold import (
    clean_text,
    nfc,
    nfc_markup,
    strip_controls,
    strip_xml_illegal,
)
from syndicate.urls import absolute_url, ascii_host

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "img", "figure", "figcaption", "strong", "b", "em", "i", "u",
        "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "table", "thead",
        "tbody", "tfoot", "caption", "tr", "th", "td", "span", "div", "sup", "sub", "hr",
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
# The parsers read <noembed>, <noframes>, <xmp> and <plaintext> as raw text, whose
# markup came out escaped twice.
DROPPED_WITH_CONTENT = (
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "template", "svg", "math", "canvas", "audio", "video", "form", "button", "input",
    "select", "textarea", "head", "title", "meta", "link", "noembed", "noframes", "xmp",
    "plaintext",
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
LAZY_SRCSET_ATTRIBUTE = "data-srcset"

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

# Names no HTML element has: elements renamed to them are removed with their content,
# or unwrapped, all in one pass by lxml. One at a time, each would copy the text it
# joins to its neighbour's, quadratic over a paragraph of a hundred thousand links.
_REMOVED = "syndicate-removed"
_UNWRAPPED = "syndicate-unwrapped"

# Marks <br> while collecting text; control characters never survive parsing.
_LINE_BREAK = "\x00"

# A srcset candidate's URL, after the commas and spaces that separate candidates; and a
# descriptor: a width ("640w") or a pixel density ("2x", "1.5x").
_SRCSET_URL = re.compile(r"[\s,]*(\S+)")
_SRCSET_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)([wx])", re.IGNORECASE)

_CHAR_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")
# A start or end tag, as far as its name: what decides whether a title holds markup.
_TAG = re.compile(r"</?([a-zA-Z][\w:-]*)(?=[\s/>])")
# A "<" that opens no comment, doctype or other markup declaration.
_STRAY_OPENING = re.compile(r"<(?![!?])")

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
# How many elements deep libxml2 reads with huge_tree; past it, it stops reading.
_PARSER_MAX_DEPTH = 2048
# What lxml.html.fragment_fromstring checks before wrapping a fragment in a document.
_FULL_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)
# Text with none of these parses to itself: no tags, no references.
_MARKUP = re.compile("[<>&]")
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


class Fragment:
    """Sanitized HTML and its parsed tree, so every reader of it parses it only once.

    The tree is parsed from `html` on first use and must not be changed in place:
    `with_figures` works on a copy.
    """

    __slots__ = ("_root", "html")

    def __init__(self, html: str, root: Element | None = None) -> None:
        self.html = html
        self._root = root

    @property
    def root(self) -> Element:
        if self._root is None:
            self._root = _parse_sanitized(self.html)
        return self._root

    def paragraph_texts(self) -> list[str]:
        """Plain text of each body paragraph in order; captions and tables excluded."""
        return _paragraph_texts(self.root)

    def images(self) -> list[Image]:
        """Every image, with the caption of its figure if any."""
        return _images(self.root)

    def plain_text(self) -> str:
        """`plain_text(self.html)`, from the tree already parsed."""
        return clean_text(_text_of(self.root))

    def with_figures(self, exclude: Callable[[str], bool] = lambda text: False) -> Fragment:
        """This content with captioned images as figures (see `add_figures`)."""
        root = copy.deepcopy(self.root)
        if not _add_figures(root, exclude):
            return self
        html = _finish(root)
        # When the sanitizer kept lxml's serialization as it was, parsing it back gives
        # this tree again.
        return Fragment(html, root if _serialize(root) == html else None)


def unnest_embeds(root: Element) -> None:
    """Take out of an `<embed>` what the parser put inside it.

    HTML's `<embed>` has no content and no end tag, which libxml2's HTML parser does
    not know: it nests everything after a bare `<embed src=…>` inside it, and dropping
    the player (with its content, as players are) dropped the rest of the article.
    """
    for element in list(root.iter("embed")):
        parent = element.getparent()
        if parent is None or not (len(element) or element.text):
            continue
        children, tail = list(element), element.tail
        element.tail, element.text = element.text, None
        at = parent.index(element)
        for offset, child in enumerate(children, 1):
            parent.insert(at + offset, child)
        last = children[-1] if children else element
        last.tail = (last.tail or "") + (tail or "") or None


def sanitize(html: str, base: str) -> Fragment:
    """Absolute URLs, real image sources, the allowed subset, no empty paragraphs."""
    root = _parse(html)
    unnest_embeds(root)
    videos_as_links(root, base)
    etree.strip_elements(root, *DROPPED_WITH_CONTENT, with_tail=False)
    for element in root.iter(*RENAMED):
        element.tag = RENAMED[element.tag]
    _absolutize(root, base)
    text = _finish(root)
    # Two HTML parsers disagree on misnested markup (lxml here, html5ever inside the
    # sanitizer), and either may leave new empty elements behind. Repeat until a pass
    # changes nothing, so sanitizing the output again gives the output.
    for _ in range(_MAX_TIDY_ROUNDS):
        root = _parse_sanitized(text)
        tidied = _tidy(root)
        again = _finish(root)
        if again == text:
            # Untouched, the tree is the parse of the output: readers need not parse it.
            return Fragment(text, None if tidied else root)
        text = again
    return Fragment(text)


def sanitize_html(html: str, base: str) -> str:
    """Absolute URLs, real image sources, the allowed subset, no empty paragraphs."""
    return sanitize(html, base).html


def add_figures(html: str, *, exclude: Callable[[str], bool] = lambda text: False) -> str:
    """Turn "image, then a short caption paragraph" into a <figure> with <figcaption>.

    The image must stand alone (in its own paragraph or directly in a container) and
    the paragraph right after it must look like a caption and not be `exclude`d (the
    byline). Existing figures are left as they are.
    """
    root = _parse(html)
    return _finish(root) if _add_figures(root, exclude) else html


def _add_figures(root: Element, exclude: Callable[[str], bool]) -> bool:
    """`add_figures` on a tree, in place; whether anything changed."""
    changed = False
    for img in list(root.iter("img")):
        if next(img.iterancestors("figure"), None) is not None:
            continue
        if _table_to_figure(img, exclude):
            changed = True
            continue
        holder, unit = _image_holder(img, root)
        following = _caption_after(holder, exclude) if holder is not None else None
        if holder is not None and following is not None:
            _put_figure(holder, unit, following, tail=following.tail)
            _parent(following).remove(following)
            changed = True
        elif _caption_below(unit, root, exclude):
            changed = True
    return changed


def _caption_below(unit: Element, root: Element, exclude: Callable[[str], bool]) -> bool:
    """Turn a paragraph that opens with the image and ends with its caption after a line
    break (`<p><img><br><em>Toàn cảnh</em></p>`, as portal editors write them) into a
    figure; whether it was one."""
    paragraph = unit.getparent()
    if paragraph is None or paragraph is root or paragraph.tag not in ("p", "div"):
        return False
    children = list(paragraph)
    if _has_text(paragraph.text) or children[0] is not unit or _has_text(unit.tail):
        return False
    # The line breaks between the image and the caption, which starts after the last.
    breaks: list[Element] = []
    for child in children[1:]:
        if child.tag != "br":
            break
        breaks.append(child)
        if _has_text(child.tail):
            break
    rest = children[1 + len(breaks) :]
    # Editors leave a line break or two after the caption too (CKEditor, Word's paste).
    while rest and rest[-1].tag == "br" and not _has_text(rest[-1].tail):
        rest.pop()
    if not breaks:
        return False
    if any(
        child.tag in (*_BLOCKS, "br", "img")
        or next(child.iterdescendants(*_BLOCKS, "br", "img"), None) is not None
        for child in rest
    ):
        return False
    words = [breaks[-1].tail or "", *(_text_of(child) + (child.tail or "") for child in rest)]
    text = clean_text("".join(words))
    if not looks_like_caption(text) or exclude(text):
        return False
    caption = etree.Element("span")
    caption.text = breaks[-1].tail
    caption.extend(rest)
    _put_figure(paragraph, unit, caption, tail=paragraph.tail)
    return True


def _put_figure(replaced: Element, unit: Element, caption: Element, tail: str | None) -> None:
    """Put a <figure> of `unit` (an image, or its link), captioned with what `caption`
    holds, where `replaced` stands; `tail` is the text that follows the figure."""
    figure = etree.Element("figure")
    figure.tail = tail
    _parent(replaced).replace(replaced, figure)
    unit.tail = None
    figure.append(unit)
    figcaption = etree.SubElement(figure, "figcaption")
    figcaption.text = caption.text
    figcaption.extend(list(caption))


def _table_to_figure(img: Element, exclude: Callable[[str], bool]) -> bool:
    """Turn an image table (the image in one row, its caption in the next, one cell each,
    as many portal editors lay out a picture) into a figure; whether it was one."""
    cell = next(img.iterancestors("td", "th"), None)
    table = next(img.iterancestors("table"), None)
    if cell is None or table is None:
        return False
    # Two are enough to tell: listing them all, for each image of a table of a thousand,
    # made a photo gallery laid out as a table take minutes.
    if [*itertools.islice(table.iterdescendants("img", "table"), 2)] != [img]:
        return False  # nested tables, or more than this one image
    if any(clean_text(_text_of(caption)) for caption in table.iterchildren("caption")):
        return False  # the table's own caption, which a figure would lose
    # Empty rows (a Word table's spacer, an editor's leftover) lay nothing out.
    rows = [row for row in table.iter("tr") if _holds_anything(row)]
    cells = [list(row.iterchildren("td", "th")) for row in rows]
    if len(rows) != 2 or any(len(row) != 1 for row in cells) or cells[0][0] is not cell:
        return False
    if clean_text(_text_of(cell)):
        return False  # the image shares its cell with text
    caption = _caption_source(cells[1][0])
    text = clean_text(_text_of(caption))
    if next(caption.iterdescendants(*_BLOCKS), None) is not None:
        return False
    if not looks_like_caption(text) or exclude(text):
        return False
    parent = img.getparent()
    unit = parent if parent is not None and parent.tag == "a" and _alone(parent, img) else img
    _put_figure(table, unit, caption, tail=table.tail)
    return True


def _holds_anything(element: Element) -> bool:
    return bool(clean_text(_text_of(element))) or next(element.iter("img"), None) is not None


def _caption_source(cell: Element) -> Element:
    """The element holding a caption cell's text: the cell, or the one paragraph in it."""
    children = [child for child in cell if isinstance(child.tag, str)]
    if (
        len(children) == 1
        and children[0].tag in ("p", "div")
        and not _has_text(cell.text)
        and not _has_text(children[0].tail)
    ):
        return children[0]
    return cell


def _caption_after(holder: Element, exclude: Callable[[str], bool]) -> Element | None:
    """The paragraph right after an image's holder, if it reads as the image's caption."""
    following = holder.getnext()
    if following is None or following.tag not in ("p", "div") or _has_text(holder.tail):
        return None
    if next(following.iterdescendants(*_BLOCKS, "img"), None) is not None:
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
    return _paragraph_texts(_parse(html))


def _paragraph_texts(root: Element) -> list[str]:
    texts: list[str] = []
    _collect_paragraphs(root, texts)
    return texts or _lines(root)


def _collect_paragraphs(root: Element, texts: list[str]) -> None:
    """Add the lines of every leaf paragraph under `root` (itself included) to `texts`
    in document order.

    One walk instead of an ancestor and a descendant search per element. A leaf
    paragraph has no block below it, so no other paragraph's lines come from inside
    it and adding its lines when it closes keeps document order. The walk keeps its
    own stack: pasted markup can nest deeper than Python's recursion limit.
    """
    # Each open element: its children still to visit, whether it sits inside content
    # that is not body text and whether its children do; and, alongside, whether a
    # block was found below it.
    path: list[tuple[Element, Iterator[Element], bool, bool]] = [
        (root, iter(root), False, _excludes_children(root))
    ]
    holds_block = [False]
    while path:
        node, children, in_excluded, children_excluded = path[-1]
        child = next(children, None)
        if child is not None:
            if isinstance(child.tag, str):
                excludes = children_excluded or _excludes_children(child)
                path.append((child, iter(child), children_excluded, excludes))
                holds_block.append(False)
            continue
        path.pop()
        held = holds_block.pop()
        if not held and not in_excluded and node.tag in _PARAGRAPHS:
            texts.extend(_lines(node))
        if holds_block and (held or node.tag in _BLOCKS):
            holds_block[-1] = True


def _excludes_children(element: Element) -> bool:
    """Whether what `element` holds is not body text: a caption, or a data table's
    cells. A table of one cell is not one: old editors lay a whole article out in it."""
    if element.tag not in _NOT_BODY_TEXT:
        return False
    if element.tag != "table":
        return True
    rows = [*element.iterchildren("tr")]
    for section in element.iterchildren("thead", "tbody", "tfoot"):
        rows.extend(section.iterchildren("tr"))
    cells = [cell for row in rows for cell in row.iterchildren("td", "th")]
    return len(cells) != 1


def images(html: str) -> list[Image]:
    """Every image of sanitized content, with the caption of its figure if any."""
    return _images(_parse(html))


def _images(root: Element) -> list[Image]:
    found = []
    for img in root.iter("img"):
        src = img.get("src")
        if not src:
            continue
        caption = None
        figure = next(img.iterancestors("figure"), None)
        if figure is not None:
            figcaption = figure.find(".//figcaption")
            if figcaption is not None:
                caption = clean_text(_text_of(figcaption)) or None
        found.append(Image(src, caption))
    return found


def plain_text(html: str) -> str:
    """Text of an HTML fragment: tags stripped, entities decoded, whitespace collapsed."""
    if not _MARKUP.search(html):
        # Most titles: parsing would give back the same characters.
        return clean_text(html)
    root = _parse(html)
    etree.strip_elements(root, "script", "style", with_tail=False)
    return clean_text(_text_of(root))


def title_text(title: str) -> str:
    """A title's plain text: `plain_text` if it holds an HTML tag, else its references
    decoded. Sources hand titles over as text, where "<<Giai điệu tuổi hồng>>" or
    "<Tổng kết>" are words that parsing as HTML would drop for unknown tags; beside a
    real tag they stay words too."""
    if any(_is_html_tag(m.group(1)) for m in _TAG.finditer(title)):
        return plain_text(_STRAY_OPENING.sub(_escape_unless_tag, title))
    return clean_text(unescape(_CHAR_REFERENCE.sub(_drop_illegal_reference, title)))


def _escape_unless_tag(match: re.Match[str]) -> str:
    """A "<" as it was when it opens an HTML tag, else as "&lt;"."""
    found = _TAG.match(match.string, match.start())
    return "<" if found is not None and _is_html_tag(found.group(1)) else "&lt;"


def _is_html_tag(name: str) -> bool:
    # Word's namespaced tags (<o:p>) are tags too.
    return ":" in name or name.lower() in html_defs.tags


def _drop_illegal_reference(match: re.Match[str]) -> str:
    number = match.group(1)
    code = int(number[1:], 16) if number[0] in "xX" else int(number)
    # References into U+0080-U+009F stay: the parser reads them as windows-1252, as
    # browsers do ("&#150;" is "–"); the undefined ones it leaves go in `_finish`.
    if code > 0x10FFFF or not strip_xml_illegal(chr(code)):
        return ""
    return match.group(0)


def _finish(root: Element) -> str:
    """The sanitizer's serialization; character references can reintroduce what the
    first cleaning removed, so clean again after it."""
    return nfc(strip_controls(_CLEANER.clean(_serialize(root)))).strip()


def _parse(html: str) -> Element:
    """Parse a fragment into a wrapping <div>; any markup, even none, is accepted."""
    # lxml refuses control characters outright, even written as references ("&#11;");
    # NFC first so text nodes come out composed (images' addresses keep their spelling).
    html = nfc_markup(strip_controls(_CHAR_REFERENCE.sub(_drop_illegal_reference, html)))
    return _fragment(html)


def _parse_sanitized(html: str) -> Element:
    """`_parse` for the sanitizer's own output, which is already NFC and XML-safe."""
    if "&#" in html:  # the sanitizer never writes references, but be exact if it did
        return _parse(html)
    return _fragment(html)


def _fragment(html: str) -> Element:
    """What lxml.html.fragment_fromstring(html, create_parent="div") builds."""
    root = etree.Element("div")
    if not html.strip():
        return root
    if not _FULL_DOCUMENT.match(html):
        html = f"<html><body>{html}</body></html>"
    document = etree.fromstring(html, _PARSER)
    if _PARSER.error_log.filter_types([etree.ErrorTypes.ERR_RESOURCE_LIMIT]):
        # The parser gave up part way and kept only what came before: fail the item
        # rather than store an article cut short without a word.
        raise ParseError(
            f"HTML nested deeper than {_PARSER_MAX_DEPTH} elements: the rest cannot be read"
        )
    if document is None:
        raise etree.ParserError("Document is empty")
    body = next(element for element in document if element.tag == "body")
    if body.text and body.text.strip():
        root.text = body.text
    root.extend(body)
    return root


def _serialize(root: Element) -> str:
    """The wrapping <div>'s content: its text escaped, then each child with its tail."""
    whole: str = etree.tostring(root, method="html", encoding="unicode")
    return whole[len("<div>") : -len("</div>")]


def _lines(element: Element) -> list[str]:
    """The non-empty lines of an element's text, split at <br>.

    Old editors end paragraphs with <br> inside one <p>, so the byline is often the
    last line of the last paragraph rather than a paragraph of its own.
    """
    lines = (clean_text(line) for line in _text_of(element, _LINE_BREAK).split(_LINE_BREAK))
    return [line for line in lines if line]


def _text_of(element: Element, line_break: str = " ") -> str:
    """Text content with a space at block boundaries and `line_break` at <br>, so words
    never fuse."""
    # A walk with its own stack: pasted markup can nest deeper than Python recurses.
    parts: list[str] = []
    _open_text(element, line_break, parts)
    path: list[tuple[Element, Iterator[Element]]] = [(element, iter(element))]
    while path:
        node, children = path[-1]
        child = next(children, None)
        if child is None:
            path.pop()
            if node.tag in _BLOCKS:
                parts.append(" ")
            if path and node.tail:  # the element's own tail is not its text
                parts.append(node.tail)
        elif isinstance(child.tag, str):
            _open_text(child, line_break, parts)
            path.append((child, iter(child)))
        elif child.tail:  # a comment or processing instruction: only its tail is text
            parts.append(child.tail)
    return "".join(parts)


def _open_text(node: Element, line_break: str, parts: list[str]) -> None:
    if node.tag in _BLOCKS:
        parts.append(" ")
    if node.tag == "br":
        parts.append(line_break)
    if node.text:
        parts.append(node.text)


def _absolutize(root: Element, base: str) -> None:
    for img in list(root.iter("img")):
        src = image_source(img, base)
        if src is None or _is_pixel(img):
            # A placeholder or a data: URI with nothing real behind it; a tracking pixel,
            # which every reader would load and which would be the lead image.
            img.tag = _REMOVED
            continue
        img.set("src", ascii_host(src))  # libxml2 would percent-encode the host
        for name in ("srcset", "sizes", *LAZY_SRC_ATTRIBUTES, LAZY_SRCSET_ATTRIBUTE):
            img.attrib.pop(name, None)  # candidates resolve against the page; drop them
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        if href.lower().startswith("mailto:"):
            continue
        resolved = absolute_url(href, base) if href else None
        if resolved is None:
            link.tag = _UNWRAPPED  # a javascript: or empty link: keep its words only
        else:
            link.set("href", ascii_host(resolved))
    _strip_marked(root)


def _is_pixel(img: Element) -> bool:
    """An image declared one pixel (or none) wide or high: a counter's tracking pixel."""
    for name in ("width", "height"):
        size = (img.get(name) or "").strip().lower().removesuffix("px").strip()
        if size in ("0", "1"):
            return True
    return False


# An embedded player is dropped with the other frames, and with it the video: where the
# video is plainly named (YouTube, Vimeo, a Facebook video, a <video> file), a link to
# it stands in its place.
VIDEO_LINK_TEXT = "Xem video"
_VIDEO_TAGS = ("iframe", "embed", "video")
_VIDEO_PARAGRAPH_HOLDERS = frozenset(
    {"div", "body", "section", "article", "main", "center", "td", "th", "li", "blockquote"}
    | {"figure", "header", "footer", "aside"}
)
_YOUTUBE_ID = re.compile(r"/embed/([\w-]{6,})")
_VIMEO_ID = re.compile(r"/video/(\d+)")


def videos_as_links(root: Element, base: str | None) -> None:
    """Replace each embedded video whose address is plain with a paragraph linking to it;
    `base` resolves relative addresses (None: they stay relative, for later)."""
    for element in list(root.iter(*_VIDEO_TAGS)):
        address = video_address(element, base)
        parent = element.getparent()
        if address is None or parent is None:
            continue
        link = etree.Element("a", href=address)
        link.text = VIDEO_LINK_TEXT
        # Among blocks, a paragraph of its own; inside a paragraph or beside text, the
        # link alone (a paragraph there would cut the one around it in two, or leave
        # the text beside it loose, in no paragraph).
        if parent.tag in _VIDEO_PARAGRAPH_HOLDERS and not _holds_loose_text(parent):
            stand_in = etree.Element("p")
            stand_in.append(link)
        else:
            stand_in = link
        stand_in.tail = element.tail
        parent.replace(element, stand_in)


def _holds_loose_text(element: Element) -> bool:
    return _has_text(element.text) or any(_has_text(child.tail) for child in element)


def video_address(element: Element, base: str | None) -> str | None:
    """The page or file of an embedded video, or None for any other frame (a map, a
    "like" button, an advertisement)."""
    if element.tag == "video":
        sources = [element.get("src"), *(s.get("src") for s in element.iter("source"))]
        src = next((s.strip() for s in sources if s and s.strip()), None)
        if src is None:
            return None
        return absolute_url(src, base) if base is not None else src
    src = (element.get("src") or element.get("data-src") or "").strip()
    try:
        parts = urlsplit(("https:" + src) if src.startswith("//") else src)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    except ValueError:  # "http://[object Object]", an advert's unfilled template
        return None
    if host in ("youtube.com", "youtube-nocookie.com") and (found := _YOUTUBE_ID.match(parts.path)):
        return _youtube_page(found[1], parse_qs(parts.query))
    if host == "player.vimeo.com" and (found := _VIMEO_ID.match(parts.path)):
        return f"https://vimeo.com/{found[1]}"
    if host == "facebook.com" and parts.path == "/plugins/video.php":
        shown = parse_qs(parts.query).get("href", [""])[0]
        return absolute_url(shown, "https://www.facebook.com/")
    return None


def _youtube_page(embedded: str, query: dict[str, list[str]]) -> str | None:
    """The page of a YouTube embed: a video's, a playlist's (`videoseries`), a channel's
    live stream's (`live_stream`)."""
    if embedded == "videoseries":
        playlist = query.get("list", [""])[0]
        return f"https://www.youtube.com/playlist?list={quote(playlist)}" if playlist else None
    if embedded == "live_stream":
        channel = query.get("channel", [""])[0]
        return f"https://www.youtube.com/channel/{quote(channel)}/live" if channel else None
    return f"https://www.youtube.com/watch?v={embedded}"


def image_source(img: Element, base: str) -> str | None:
    """The real image: a lazy loader's attribute, else `src`, else the largest candidate
    of a srcset on the image or of the first <source> of its <picture> that has one."""
    for name in LAZY_SRC_ATTRIBUTES:
        if src := absolute_url(img.get(name) or "", base):
            return src
    if src := _largest_candidate(img.get(LAZY_SRCSET_ATTRIBUTE) or "", base):
        return src
    if src := absolute_url(img.get("src") or "", base):
        return src  # a data: placeholder gives None and so falls through
    if src := _largest_candidate(img.get("srcset") or "", base):
        return src
    # lxml's parser does not know <source> is empty: it may hold the rest of the
    # <picture>, the image too. So: the sources of the picture that come before it.
    picture = next(img.iterancestors("picture"), None)
    if picture is None:
        return None
    for source in picture.iter("source", "img"):
        if source is img:
            break
        for name in (LAZY_SRCSET_ATTRIBUTE, "srcset"):
            if src := _largest_candidate(source.get(name) or "", base):
                return src
    return None


def _largest_candidate(srcset: str, base: str) -> str | None:
    """The widest candidate of a srcset, or the densest when none gives a width."""
    widths: list[tuple[float, str]] = []
    densities: list[tuple[float, str]] = []
    for href, descriptor in _srcset_candidates(srcset):
        url = absolute_url(href, base)
        if url is None:
            continue
        m = _SRCSET_DESCRIPTOR.fullmatch(descriptor)
        if m is not None and m.group(2).lower() == "w":
            widths.append((float(m.group(1)), url))
        else:  # no descriptor means 1x; one that cannot be read counts as that too
            densities.append((float(m.group(1)) if m else 1.0, url))
    ranked = widths or densities
    return max(ranked, key=lambda candidate: candidate[0])[1] if ranked else None


def _srcset_candidates(srcset: str) -> Iterator[tuple[str, str]]:
    """(URL, descriptor) of each candidate, split as the HTML standard splits them: a
    URL may hold commas ("w_640,q_80"), but not at its end."""
    pos = 0
    while (m := _SRCSET_URL.match(srcset, pos)) is not None:
        url, pos = m.group(1), m.end()
        if url.endswith(","):
            yield url.rstrip(","), ""
            continue
        comma = srcset.find(",", pos)
        end = len(srcset) if comma < 0 else comma
        yield url, srcset[pos:end].strip()
        pos = end + 1


def _tidy(root: Element) -> bool:
    """Drop elements with nothing to read (only spaces, &nbsp; or <br>) and blank-line
    runs; whether anything changed."""
    holding = _holding(root)
    changed = False
    for element in list(root.iter(*_EMPTY_BLOCKS, *_EMPTY_INLINE)):
        if element is root or element in holding:
            continue
        # An inline element is unwrapped: it keeps a separating space, if it held one.
        element.tag = _UNWRAPPED if element.tag in _EMPTY_INLINE else _REMOVED
        changed = True
    if changed:
        _strip_marked(root)
    # Removed blocks leave runs of blank lines between their neighbours.
    for element in root.iter(*_BLOCKS):
        if element.tail is not None and element.tail != "\n" and not _has_text(element.tail):
            element.tail = "\n"
            changed = True
    if root.text is not None and not _has_text(root.text):
        root.text = None
        changed = True
    return changed


def _holding(root: Element) -> set[Element]:
    """The elements with something to read in them: text, an image, a rule or a table.

    Worked out for all at once from the children's answers: asking each element for
    all the text below it reads deep content once per level.
    """
    holding: set[Element] = set()
    # Reversed document order reaches every element after all of its descendants.
    for element in reversed(list(root.iter())):
        if (
            element.tag in _SUBSTANCE
            or _has_text(element.text)
            or any(child in holding or _has_text(child.tail) for child in element)
        ):
            holding.add(element)
    return holding


def _image_holder(img: Element, root: Element) -> tuple[Element | None, Element]:
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


def _alone(parent: Element, child: Element) -> bool:
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


def _parent(element: Element) -> Element:
    parent = element.getparent()
    if parent is None:
        raise ValueError("the wrapping <div> has no parent")
    return parent


def _strip_marked(root: Element) -> None:
    """Remove the elements renamed `_REMOVED` with their content and unwrap those
    renamed `_UNWRAPPED`; the text after each stays where it was."""
    etree.strip_elements(root, _REMOVED, with_tail=False)
    etree.strip_tags(root, _UNWRAPPED)
