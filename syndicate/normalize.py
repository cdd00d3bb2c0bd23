"""A source's raw item turned into a clean Article: the one pure step between parsing
and storing.

Text is NFC without control characters (XML-illegal or C1), HTML is sanitized with
absolute URLs, dates are real UTC instants (or honestly marked estimated), the category
is mapped to a canonical slug, and the content hash covers what a reader sees.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from syndicate.config import Config, Source, categories_for
from syndicate.errors import ParseError
from syndicate.html_clean import VIDEO_LINK_TEXT, Fragment, plain_text, sanitize, title_text
from syndicate.model import Article, RawItem
from syndicate.text.byline import (
    Byline,
    find_byline,
    is_anonymous_signoff,
    is_bare_credit,
    is_source_note,
    parse_byline,
)
from syndicate.text.dates import (
    ParsedDate,
    choose_published,
    is_banner_date,
    parse_feed_date,
    parse_relative_date,
    parse_vietnamese_date,
)
from syndicate.text.fold import clean_text, match_key, shows_nothing, strip_controls
from syndicate.urls import absolute_url, canonical_url, escape_url

SUMMARY_MAX_CHARS = 300
TITLE_MAX_CHARS = 120  # for the rare item that has content but no title
ELLIPSIS = "…"
_HASH_SEPARATOR = "\x1f"  # cannot occur in cleaned text, so fields never run together


@dataclass(frozen=True, slots=True)
class BodyText:
    """The text of an article's content, read off the tree normalizing parsed anyway:
    what its story print and search columns are made of."""

    plain: str  # html_clean.plain_text(content_html)
    paragraphs: tuple[str, ...]  # html_clean.paragraph_texts(content_html)


def normalize(raw: RawItem, source: Source, config: Config, *, now: datetime) -> Article:
    """Turn one raw item into an Article; `now` (aware) is when it was first seen.

    Raises ParseError for an item with neither title nor content, or whose URL is
    not an http(s) URL, as written or resolved against `raw.base_url` (a feed's items
    may link relative to the feed).
    """
    return normalize_with_text(raw, source, config, now=now)[0]


def normalize_with_text(
    raw: RawItem, source: Source, config: Config, *, now: datetime
) -> tuple[Article, BodyText]:
    """`normalize`, and the text of the article's content."""
    url = _article_url(raw)
    if url is None:
        raise ParseError(f"article URL is not an absolute http(s) URL: {raw.url!r}")
    base = (absolute_url(raw.base_url, url) if raw.base_url else None) or url

    title = _shown(title_text(raw.title or ""))
    sanitized = sanitize(raw.content_html or "", base)
    paragraphs = sanitized.paragraph_texts()
    shown = [p for p in map(_without_video_links, paragraphs) if not shows_nothing(p)]
    if not title and not shown:
        raise ParseError(f"article has neither a title nor any content: {url}")

    found = find_byline(paragraphs)
    signature, office = _signature(paragraphs, found)
    # The byline, a sign-off naming no one and a source note after the last photo are
    # not its caption (the office alone may well be: a photo of its building).
    fragment = sanitized.with_figures(
        lambda text: (
            text in signature
            or parse_byline(text) is not None
            or is_source_note(text)
            or is_anonymous_signoff(text)
        )
    )
    content = fragment.html
    author, organisation = _author(raw.author, found[1] if found else None, raw.feed_author)

    texts = paragraphs if fragment is sanitized else fragment.paragraph_texts()
    # A video's stand-in link is no lead: video news opens with the player.
    body = [
        p
        for p in map(_without_video_links, texts)
        if p not in signature and p != office and not shows_nothing(p)
    ]
    summary = _shown(plain_text(raw.summary_html or "")) or (body[0] if body else "")
    summary = shorten(summary, SUMMARY_MAX_CHARS)
    if not title:
        title = shorten(summary or shown[0], TITLE_MAX_CHARS)

    image_url, image_caption = _lead_image(raw.image_url, base, fragment)

    zone = ZoneInfo(source.timezone or config.province.timezone)
    published, estimated = choose_published(_parse_date(raw.published, zone, now), now)
    updated = _updated(raw.updated, published, zone, now)

    native = clean_text(raw.category or source.category or "") or None
    category = categories_for(config.categories).of_article(native, source)

    article = Article(
        url=canonical_url(url),
        source_id=source.id,
        district=source.district,
        category=category,
        title=title,
        summary=summary,
        content_html=content,
        published=published,
        updated=updated,
        date_estimated=estimated,
        author=author,
        organisation=organisation,
        image_url=image_url,
        image_caption=image_caption,
        native_category=native,
        guid=(strip_controls(raw.guid).strip() or None) if raw.guid else None,
    )
    text = BodyText(fragment.plain_text(), tuple(texts))
    return _with_hash(article), text


def _without_video_links(text: str) -> str:
    """A paragraph's text without the stand-ins of the videos in it ("Xem video")."""
    return " ".join(text.replace(VIDEO_LINK_TEXT, " ").split()) if VIDEO_LINK_TEXT in text else text


def _signature(
    paragraphs: Sequence[str], found: tuple[int, Byline] | None
) -> tuple[frozenset[str], str | None]:
    """The byline's line, and its names and office read as one line (across the line
    break, as a caption's text is); and the office's own line under the names when it
    signs on two lines."""
    if found is None:
        return frozenset(), None
    index, byline = found
    office = byline.organisation
    if office is not None and office not in byline.text:
        under = next((p for p in paragraphs[index + 1 :] if clean_text(p)), None)
        if under is not None and clean_text(under) == office:
            return frozenset({byline.text, clean_text(f"{byline.text} {under}")}), under
    return frozenset({byline.text}), None


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, ending with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    space = cut.rfind(" ")
    # A single enormous word (a URL, say) has no boundary worth keeping.
    cut = cut[:space] if space > limit // 2 else cut[: limit - len(ELLIPSIS)]
    return cut.rstrip(" ,.;:-–") + ELLIPSIS


def content_hash(article: Article) -> str:
    """sha256 over the fields a reader sees; an estimated date does not count."""
    fields = (
        article.title,
        article.summary,
        article.content_html,
        article.published.isoformat() if not article.date_estimated else "",
        article.author or "",
        article.image_url or "",
    )
    return hashlib.sha256(_HASH_SEPARATOR.join(fields).encode("utf-8")).hexdigest()


def _shown(text: str) -> str:
    """`text`, or "" when it draws nothing (soft hyphens, joiners, direction marks),
    so the fallback for a missing title or summary applies."""
    return "" if shows_nothing(text) else text


def _article_url(raw: RawItem) -> str | None:
    """The item's absolute http(s) URL; feeds may link items relative to the feed
    ("/tin/1.html", "//a.vn/tin/1.html")."""
    # Resolving against itself leaves only a URL that is already absolute http(s).
    if (own := absolute_url(raw.url, raw.url)) is not None:
        return own
    if not raw.base_url:
        return None
    resolved = absolute_url(raw.url, raw.base_url)
    # "#", "?" or "//" resolve to the base itself, which is no item's page.
    if resolved is None or canonical_url(resolved) == canonical_url(raw.base_url):
        return None
    return resolved


# Login names content systems put in an item's author field, whoever wrote it.
_ACCOUNTS = frozenset(
    match_key(name)
    for name in (
        "admin",
        "administrator",
        "super user",
        "superuser",
        "webmaster",
        "root",
        "quản trị",
        "quản trị viên",
        "quản trị hệ thống",
    )
)


def _author(
    raw_author: str | None, body: Byline | None, feed_author: str | None = None
) -> tuple[str | None, str | None]:
    """Author and organisation: the item's author field first, else the body's byline,
    else the author the whole feed names.

    An author field that names no writer (the portal, its office, the vendor, a login
    such as "admin") gives way to the byline the article itself ends with: such fields
    say the same on every page.
    """
    written = _writer_field(raw_author)
    if written:
        parsed = parse_byline(written)
        if parsed is None and body is not None:
            return body.author, body.organisation
        if parsed is None:
            return written, None
        organisation = parsed.organisation
        # The feed names the writer; the page's byline may add where they work.
        same_writer = body is not None and match_key(body.author) == match_key(parsed.author)
        if organisation is None and body is not None and same_writer:
            organisation = body.organisation
        return parsed.author, organisation
    if body is not None:
        return body.author, body.organisation
    if feed_author and match_key(feed_author) not in _ACCOUNTS:
        return _author(feed_author, None)
    return None, None


# The label some portals print in their author field: "Tác giả: admin"; Joomla's and
# WordPress's say "Viết bởi Super User", "Bởi Admin", "By admin" without a colon.
_AUTHOR_LABEL = re.compile(
    r"^\s*(?:(?:tác giả|người đăng|người viết|đăng bởi|viết bởi|author)\s*:\s*"
    r"|(?:viết bởi|đăng bởi|bởi|written by|posted by|by)\s+)",
    re.I,
)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def _writer_field(field: str | None) -> str | None:
    """An author field without its label, if it may name a writer: None when it is
    empty, a login ("Tác giả: admin"), labels without a name ("Tin, ảnh:"), a source
    note ("Nguồn: Báo Kon Tum") or an e-mail address alone (what RSS's <author> holds)."""
    text = _AUTHOR_LABEL.sub("", clean_text(field or ""))
    if is_bare_credit(text):
        return None  # "Tin:", "Tin, ảnh:": the form's label, left without a name
    # What separated it from an e-mail address the feed parser took away ("Tên, a@b.vn").
    text = text.rstrip(",;:-– ").strip()
    if not text or match_key(text) in _ACCOUNTS:
        return None
    if is_source_note(text) or _EMAIL.match(text) is not None:
        return None
    return text


def _lead_image(
    raw_image: str | None, base: str, content: Fragment
) -> tuple[str | None, str | None]:
    found = content.images()
    # Content images lose control characters when sanitized; this one must match them.
    url = absolute_url(strip_controls(raw_image), base) if raw_image else None
    if url is None:
        return (found[0].src, found[0].caption) if found else (None, None)
    # Sanitizing escaped the content's image URLs ("Hội nghị 1.jpg"): compare alike.
    url = escape_url(url)
    key = canonical_url(url)
    caption = next((image.caption for image in found if canonical_url(image.src) == key), None)
    return url, caption


def _parse_date(
    value: datetime | str | None, zone: tzinfo, now: datetime
) -> ParsedDate | datetime | None:
    """A page's date text or a feed's datetime or date text (zoneless RFC 822 stays
    text until here); a banner date (today's) counts as none. A date printed relative
    to the page's reading ("2 giờ trước") is read against `now`, the run's time."""
    if value is None:
        return None
    if isinstance(value, datetime):
        # Records promise aware datetimes; a naive one is read as the source's local time.
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    # Uncleaned: the parsers clean it themselves, taking out what was pasted into a date.
    parsed = (
        parse_feed_date(value, zone)
        or parse_vietnamese_date(value, zone)
        or parse_relative_date(value, now, zone)
    )
    if parsed is None:
        return None
    today: date = now.astimezone(zone).date()
    return None if is_banner_date(parsed, today) else parsed


def _updated(
    value: datetime | None, published: datetime, zone: tzinfo, now: datetime
) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    updated, estimated = choose_published(value, now)
    # An unusable (future) update time is dropped rather than replaced with `now`. One
    # at or before publication (a draft's save time, or a date in another zone) is
    # dropped too, not clamped: a clamped one would claim an edit on publication.
    if estimated or updated <= published:
        return None
    return updated.astimezone(UTC)


def _with_hash(article: Article) -> Article:
    return replace(article, content_hash=content_hash(article))
