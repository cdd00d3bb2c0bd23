"""The feeds three of the sample sources publish: RSS 2.0, RSS 2.0 with naive
Vietnamese date strings, and Atom 1.0, each carrying full content and images.

Built with lxml so they are well-formed whatever the text holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from syndicate.demo.images import image_for
from syndicate.demo.layouts.base import article_body, esc
from syndicate.demo.records import DemoArticle, DemoPortal, DemoSource
from syndicate.demo.text import VN_TZ, WEEKDAY_NAMES, dmy_hm

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_path(portal: DemoPortal, source: DemoSource) -> str | None:
    if source.feed is None:
        return None
    if source.feed == "atom":
        return f"{portal.prefix}/feeds/{source.slug}.atom"
    return f"{portal.prefix}/rss/{source.slug}.rss"


def feed_media_type(source: DemoSource) -> str:
    return "application/atom+xml" if source.feed == "atom" else "application/rss+xml"


def render_feed(
    base_url: str,
    portal: DemoPortal,
    source: DemoSource,
    home_path: str,
    articles: Sequence[DemoArticle],
) -> bytes:
    """The feed document of `source`; `articles` newest first."""
    path = feed_path(portal, source)
    if path is None:
        raise ValueError(f"{source.id} publishes no feed")
    title = f"{portal.title} - {source.section}"
    if source.feed == "atom":
        root = _atom(base_url, base_url + path, title, base_url + home_path, articles)
    else:
        root = _rss(
            base_url,
            base_url + path,
            title,
            base_url + home_path,
            articles,
            naive=source.feed == "rss-naive",
        )
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)  # type: ignore[no-any-return]


def _content(base_url: str, article: DemoArticle, *, absolute: bool) -> str:
    lead = f"<p><strong>{esc(article.sapo)}</strong></p>\n"
    return lead + article_body(article, image_base=base_url if absolute else "")


def _naive_date(moment: datetime) -> str:
    """What the older district CMS writes into pubDate: "Thứ Tư, 10/07/2024 09:00"."""
    return f"{WEEKDAY_NAMES[moment.weekday()]}, {dmy_hm(moment)}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _rss(
    base_url: str,
    self_url: str,
    title: str,
    home_url: str,
    articles: Sequence[DemoArticle],
    *,
    naive: bool,
) -> etree._Element:
    rss = etree.Element(
        "rss", {"version": "2.0"}, nsmap={"content": CONTENT, "atom": ATOM, "dc": DC}
    )
    channel = _sub(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", home_url)
    _sub(channel, "description", f"Tin bài mới nhất của chuyên mục {title}")
    _sub(channel, "language", "vi")
    _sub(channel, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/rss+xml")
    if articles:
        newest = max(a.published for a in articles)
        _sub(channel, "lastBuildDate", _naive_date(newest) if naive else format_datetime(newest))
    for article in articles:
        url = base_url + article.path
        item = _sub(channel, "item")
        _sub(item, "title", article.title)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(
            item,
            "pubDate",
            _naive_date(article.published) if naive else format_datetime(article.published),
        )
        _sub(item, "category", article.category)
        if article.author:
            _sub(item, f"{{{DC}}}creator", article.author)
        image = article.image
        lead_image = f'<img src="{esc(base_url + image.path)}" alt="" /><br />' if image else ""
        _sub(item, "description").text = etree.CDATA(lead_image + esc(article.sapo))
        # The naive feed's CMS leaves image paths relative, as many did.
        _sub(item, f"{{{CONTENT}}}encoded").text = etree.CDATA(
            _content(base_url, article, absolute=not naive)
        )
        if image:
            body, media_type = image_for(image.path)
            _sub(
                item, "enclosure", url=base_url + image.path, length=str(len(body)), type=media_type
            )
    return rss


def _atom(
    base_url: str,
    self_url: str,
    title: str,
    home_url: str,
    articles: Sequence[DemoArticle],
) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", {XML_LANG: "vi"}, nsmap={None: ATOM})
    _sub(feed, f"{{{ATOM}}}id", self_url)
    _sub(feed, f"{{{ATOM}}}title", title)
    newest = max((a.published for a in articles), default=datetime(2024, 1, 1, tzinfo=VN_TZ))
    _sub(feed, f"{{{ATOM}}}updated", newest.isoformat())
    _sub(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=home_url)
    author = _sub(feed, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", title.split(" - ")[0])
    for article in articles:
        url = base_url + article.path
        entry = _sub(feed, f"{{{ATOM}}}entry")
        _sub(entry, f"{{{ATOM}}}id", url)
        _sub(entry, f"{{{ATOM}}}title", article.title)
        _sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        image = article.image
        if image:
            body, media_type = image_for(image.path)
            _sub(
                entry, f"{{{ATOM}}}link",
                rel="enclosure", type=media_type, href=base_url + image.path, length=str(len(body)),
            )  # fmt: skip
        _sub(entry, f"{{{ATOM}}}published", article.published.isoformat())
        _sub(entry, f"{{{ATOM}}}updated", article.published.isoformat())
        if article.author:
            _sub(_sub(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", article.author)
        _sub(entry, f"{{{ATOM}}}category", term=article.category, label=article.category)
        _sub(entry, f"{{{ATOM}}}summary", article.sapo, type="text")
        _sub(entry, f"{{{ATOM}}}content", _content(base_url, article, absolute=True), type="html")
    return feed
