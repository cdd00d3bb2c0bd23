"""Removing what is never article content: scripts, related-article blocks, toolbars, counters.

Runs on the parsed page before any field is read, so the body, the summary and the
date candidates are all taken from what a reader would call the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from lxml.html import HtmlElement

from syndicate.html_clean import videos_as_links
from syndicate.sources.dom import ancestors, fold, marks, own_text, select, text_of

ALWAYS_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "nav",
    "template",
    "object",
    "embed",
    "button",
    "select",
    "input",
    "textarea",
)

# Headings of "other articles" blocks: NukeViet's stock labels plus common ones elsewhere.
RELATED_LABELS = frozenset(
    fold(label)
    for label in (
        "Các tin khác",
        "Tin liên quan",
        "Tin bài liên quan",
        "Tin cùng chuyên mục",
        "Những tin mới hơn",
        "Những tin cũ hơn",
        "Bài viết liên quan",
        "Tin khác",
        "Các bài viết khác",
        "Tin đã đăng",
        "Các tin đã đưa",
        "Xem thêm",
    )
)

# A view counter, "1.453 lượt xem" or "Lượt xem: 1453".
_COUNTER = re.compile(
    r"(?:\d[\d.,]*\s*(?:lượt xem|lần xem|lượt đọc|lượt truy cập|views?)\b)"
    r"|(?:(?:số )?(?:lượt xem|lần xem|lượt đọc|đã xem|lượt truy cập|views?)\s*:?\s*\d[\d.,]*)",
    re.IGNORECASE,
)
# The words a share/print/font-size toolbar consists of. A block is a toolbar only when
# nothing else is left once these are taken out, so a paragraph that merely starts
# with "Chia sẻ tại hội nghị, …" is never mistaken for one.
_TOOLBAR_WORDS = re.compile(
    r"(?<!\w)(?:chia sẻ bài viết|chia sẻ|mặc định|cỡ chữ|in bài viết|in bài|in trang|bản in|"
    r"gửi cho bạn bè|gửi bài viết|gửi bài|gửi email|gửi|email|lưu bài viết|lưu bài|lưu tin|"
    r"phóng to|thu nhỏ|về đầu trang|đầu trang|quay lại|trở về|share|print|tweet|like|"
    r"facebook|zalo|twitter|a[+−-]?)(?!\w)",
    re.IGNORECASE,
)
_TOOLBAR_MARKS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|addthis|a2a|print|toolbar|tool-bar|tools|"
    r"font-?size|text-?size|zoom-?text|fb-like|zalo-share|like-share)(?:$|[\s_-])"
)
_TRAILING_PUNCT = " :.-–—»>|"
# A page's facts line: a date or a time, its fields set apart or the count labelled
# ("12/05/2025 08:30 | 1.234 lượt xem", "Ngày đăng: 12/05/2025 Lượt xem: 1234").
_DATE_OR_TIME = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}")
_FIELDS_APART = re.compile(
    r"[|•·]|\s[-–]\s|(?:lượt xem|lần xem|lượt đọc|đã xem|lượt truy cập|views?)\s*:", re.I
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})

# Heuristic drops never take away a block longer than this: toolbars and counters are
# short, so a long block that matches (e.g. a "print-area" wrapper) is real content.
_SHORT = 200
_LONG_FORM = 1000


def remove_boilerplate(
    root: HtmlElement,
    drop: Iterable[str] = (),
    keep: HtmlElement | Sequence[HtmlElement] | None = None,
) -> None:
    """Remove the configured `drop` selectors, then everything that is never content.

    `keep` (the article body, when already known: every block its selector matched)
    and its ancestors are never removed, by the heuristics however they are named, nor
    by a `drop` selector that also matches them (`drop = [".box"]` for side boxes, on a
    portal whose body is a "box" too): what is inside the body a selector may drop.
    """
    keeps: Keeps = () if keep is None else (keep,) if isinstance(keep, HtmlElement) else tuple(keep)
    for selector in drop:
        for element in select(root, selector):
            if not _contains(element, keeps):
                _drop(element)
    _drop_input_boxes(root, keeps)  # while the controls that tell them are there
    for element in root.xpath(_PORTLET_TOPPER):
        if not _contains(element, keeps):
            _drop(element)  # Liferay's bar of a portlet: its section's title, its controls
    videos_as_links(root, None)  # a video the article embeds stays, as a link
    for element in list(root.iter(*ALWAYS_DROPPED_TAGS)):
        if element.getparent() is None or _contains(element, keeps):
            continue
        if element.tag == "form" and _wraps_page(element):
            continue
        _drop(element)
    _drop_related_blocks(root, keeps)
    _drop_toolbars(root, keeps)
    _drop_counters(root, keeps)


_PORTLET_TOPPER = "//*[contains(concat(' ', normalize-space(@class), ' '), ' portlet-topper ')]"
# Controls a reader fills in: a poll's choices, a comment box's fields.
_INPUTS = ("input", "textarea", "select")
_NOT_FILLED_IN = frozenset({"hidden", "button", "submit", "reset", "image", "file"})
_BOX_BLOCKS = frozenset({"div", "section", "aside", "fieldset", "table", "ul", "dl", "p"})


def _drop_input_boxes(root: HtmlElement, keeps: Keeps) -> None:
    """A poll ("Thăm dò ý kiến") or a comment box ("Họ tên:", "Nội dung:") outside a
    form of its own (ASP.NET wraps the page in one): the smallest block around its
    controls that holds little else goes, labels and question with it."""
    doomed: list[HtmlElement] = []
    for control in list(root.iter(*_INPUTS)):
        # Fields filled in, not a tools line's buttons ("In bài", "Gửi email").
        if control.get("type", "text").lower() in _NOT_FILLED_IN or _inside(control, keeps):
            continue
        box: HtmlElement | None = None
        for node in ancestors(control):
            if node.tag in ("body", "html", "form") or _contains(node, keeps):
                break
            # A short notice with its title is no box to drop, however little it says.
            if len(text_of(node)) > _SHORT or node.xpath(".//h1 | .//h2"):
                break
            if node.tag in _BOX_BLOCKS:
                box = node
        if box is not None:
            doomed.append(box)
    for box in doomed:
        _drop(box)


def _wraps_page(form: HtmlElement) -> bool:
    """ASP.NET portals wrap the whole page in one <form>, however short the article;
    only small forms (search boxes, polls, logins) are furniture."""
    return (
        form.find(".//h1") is not None
        or form.find(".//input[@name='__VIEWSTATE']") is not None
        or len(text_of(form)) > _LONG_FORM
    )


def is_related_label(text: str) -> bool:
    return fold(text).rstrip(_TRAILING_PUNCT) in RELATED_LABELS


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


# The article body's blocks, when known.
Keeps = tuple[HtmlElement, ...]


def _contains(element: HtmlElement, keeps: Keeps) -> bool:
    """Whether `element` is one of `keeps` or holds one."""
    for keep in keeps:
        node: HtmlElement | None = keep
        while node is not None:
            if node is element:
                return True
            node = node.getparent()
    return False


def _is_kept(node: HtmlElement, keeps: Keeps) -> bool:
    return any(node is keep for keep in keeps)


# Inside the article body, a table cell is the article's own: a cell reading "A" (a
# grade) or "Email", or "125.000 lượt truy cập"; so is a list item that links nowhere
# ("Zalo", "Facebook": the channels to write to), where a toolbar's items are links.
# Toolbars there are still found by their class names.
_TABLE_CELLS = frozenset({"td", "th"})
_LIST_ITEMS = frozenset({"li", "dt", "dd"})


def _own_cell(node: HtmlElement, keeps: Keeps, *, toolbar: bool = False) -> bool:
    """Whether `node` sits in a cell of the article's own: a table cell of the body
    (or, for toolbars, a list item of it without a link). Where the body is not known
    (automatic extraction), for toolbars, a cell or item without a link anywhere on
    the page: a toolbar's are links."""
    cell = False
    current: HtmlElement | None = node
    while current is not None:
        if _is_kept(current, keeps):
            return cell
        if not cell and current.tag in _TABLE_CELLS:
            cell = bool(keeps) or (toolbar and _linkless(current))
        elif not cell and current.tag in _LIST_ITEMS:
            cell = toolbar and _linkless(current)
        current = current.getparent()
    return cell and not keeps


def _linkless(element: HtmlElement) -> bool:
    return next(element.iter("a"), None) is None


def _inside(node: HtmlElement, keeps: Keeps) -> bool:
    """Whether `node` is one of `keeps` or within one."""
    return any(_is_kept(a, keeps) for a in (node, *node.iterancestors()))


def _letters(element: HtmlElement) -> int:
    return sum(1 for char in element.text_content() if char.isalpha())


def _link_dense(element: HtmlElement, ignore: HtmlElement | None = None) -> bool:
    """Mostly link text: a list of other articles rather than prose.

    Letters only are counted, so the dates printed beside each link do not count.
    """
    total = _letters(element) - (_letters(ignore) if ignore is not None else 0)
    if total <= 0:
        return False
    ignored: Keeps = () if ignore is None else (ignore,)
    linked = sum(_letters(a) for a in element.iter("a") if not _contains(a, ignored))
    return linked * 2 >= total


def _label_element(node: HtmlElement) -> HtmlElement:
    """Climb from the innermost label element while the text stays the same."""
    own = fold(text_of(node))
    parent = node.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if fold(text_of(parent)) != own:
            break
        node, parent = parent, parent.getparent()
    return node


def _drop_related_blocks(root: HtmlElement, keeps: Keeps) -> None:
    labels: list[HtmlElement] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("html", "body"):
            continue
        own = own_text(node)
        if own and len(own) <= 40 and is_related_label(text_of(node)):
            labels.append(node)
    for node in labels:
        if node.getparent() is None or _contains(node, keeps):
            continue
        label = _label_element(node)
        parent = label.getparent()
        if parent is None:
            continue
        first = next((c for c in parent if isinstance(c.tag, str)), None)
        if (
            first is label
            and parent.tag not in ("body", "html")
            and not _contains(parent, keeps)
            and (len(parent) == 1 or _link_dense(parent, ignore=label))
        ):
            _drop(parent)
            continue
        # The label sits among other content: drop it and the link lists after it.
        sibling = label.getnext()
        _drop(label)
        while sibling is not None and isinstance(sibling.tag, str) and _link_dense(sibling):
            following = sibling.getnext()
            if not _contains(sibling, keeps):
                _drop(sibling)
            sibling = following


def _is_toolbar(text: str) -> bool:
    folded = fold(text)
    words = [m.group().lower() for m in _TOOLBAR_WORDS.finditer(folded)]
    # A lone "A" is a letter, a grade or a list mark: "A A+ A-" is a toolbar.
    if not words or all(word == "a" for word in words):
        return False
    return not re.search(r"\w", _TOOLBAR_WORDS.sub("", folded))


def _is_counter(text: str) -> bool:
    """A view counter and nothing else, like "1.453 lượt xem" or "| Lượt xem: 45"."""
    folded = fold(text)
    return bool(_COUNTER.search(folded)) and not re.search(r"\w", _COUNTER.sub("", folded))


def _climb(node: HtmlElement, keeps: Keeps, same: Callable[[str], bool]) -> HtmlElement:
    """The outermost ancestor whose whole text is still of the same kind (all toolbar, …)."""
    parent = node.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if _contains(parent, keeps) or not same(text_of(parent)):
            break
        node, parent = parent, parent.getparent()
    return node


def _drop_toolbars(root: HtmlElement, keeps: Keeps) -> None:
    doomed: list[HtmlElement] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("html", "body") or _is_kept(node, keeps):
            continue
        if _TOOLBAR_MARKS.search(marks(node)):
            if len(text_of(node)) <= _SHORT and not _contains(node, keeps):
                doomed.append(node)
            continue
        own = own_text(node)
        if (
            own
            and len(own) <= _SHORT
            and _is_toolbar(text_of(node))
            and not _own_cell(node, keeps, toolbar=True)
        ):
            doomed.append(_climb(node, keeps, _is_toolbar))
    for node in doomed:
        _drop(node)


def _is_facts_line(line: str, without_counter: str) -> bool:
    """Whether a line holding a view count is the page's facts about itself, whose count
    may go, rather than the article's own words about views ("Tính đến 20/6/2025,
    video đạt 25.000 lượt xem."), which stay whole."""
    return bool(_DATE_OR_TIME.search(without_counter) and _FIELDS_APART.search(line))


def _drop_counters(root: HtmlElement, keeps: Keeps) -> None:
    doomed: list[HtmlElement] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("html", "body") or _is_kept(node, keeps):
            continue
        own = own_text(node)
        if not own or len(own) > 80:
            continue
        text = text_of(node)
        if _is_counter(text):
            if not _own_cell(node, keeps):
                doomed.append(_climb(node, keeps, _is_counter))
        elif node.text and node.tag not in _HEADINGS:
            # The counter shares a line with other facts (a date): cut just the words.
            # Only there: "đạt 25.000 lượt xem" in a title or a sentence is no counter,
            # nor anything of the article's own.
            line = unicodedata.normalize("NFC", node.text)
            cut = _COUNTER.sub("", line)
            if cut != line and _is_facts_line(line, cut) and not _inside(node, keeps):
                node.text = cut.rstrip(" |-–")
    for node in doomed:
        _drop(node)
