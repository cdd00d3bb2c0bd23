"""Typed records of the sample province: portals, sources and articles (the ground truth).

Tests assert against these: which district and category an article belongs to, the
title, date, byline, images and captions a parser should find, and which stories were
republished under other URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# How a page's text is turned into bytes (see demo/charsets.py).
Encoding = Literal["utf-8", "utf-8-nfd", "windows-1258", "tcvn3", "vni"]
# What a feed source publishes: RSS 2.0 with RFC 822 dates, RSS 2.0 with naive
# Vietnamese date strings, or Atom 1.0.
FeedFormat = Literal["rss", "rss-naive", "atom"]

# Native category labels used by the sample portals, to the canonical slugs of
# config/demo.toml. Tests check the config's alias table agrees with this.
CATEGORY_SLUGS: dict[str, str] = {
    "Tin tức - Sự kiện": "tin-tuc-su-kien",
    "Tin trong huyện": "tin-dia-phuong",
    "Hoạt động của lãnh đạo huyện": "hoat-dong-lanh-dao",
    "Kinh tế": "kinh-te",
    "Văn hóa - Xã hội": "van-hoa-xa-hoi",
    "Quốc phòng - An ninh": "quoc-phong-an-ninh",
    "Chỉ đạo điều hành": "chi-dao-dieu-hanh",
    "Thông báo": "thong-bao",
    "Tuyên truyền pháp luật": "tuyen-truyen-phap-luat",
    "Cải cách hành chính": "cai-cach-hanh-chinh",
}


@dataclass(frozen=True, slots=True)
class DemoPortal:
    """One government portal: a path prefix on the demo server and a CMS generation."""

    key: str
    prefix: str  # "/dakto": every path of the portal starts with it
    district: str | None  # district slug; None for the province portal
    name: str  # "Huyện Đăk Tô"
    title: str  # "Cổng thông tin điện tử huyện Đăk Tô"
    layout: str  # module name under demo/layouts
    unit: str  # key of the unit's text pools in pools.toml


@dataclass(frozen=True, slots=True)
class DemoSource:
    """One news section of a portal, as configured in config/demo.toml."""

    id: str
    portal: str  # DemoPortal.key
    section: str  # the listing heading, e.g. "Tin trong huyện"
    slug: str  # the section's URL part, e.g. "tin-trong-huyen"
    first_number: int  # numeric article ids start here
    encoding: Encoding = "utf-8"
    page_size: int = 8
    feed: FeedFormat | None = None


@dataclass(frozen=True, slots=True)
class DemoImage:
    """An image in an article body; its caption is the paragraph right under it."""

    path: str
    caption: str


Block = str | DemoImage


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One article as the sample site shows it, and what a parser should extract."""

    id: str
    source: str  # DemoSource.id
    district: str | None
    category: str  # the native label printed on the portal
    title: str
    sapo: str  # the bold lead
    body: tuple[Block, ...]  # paragraphs and images in page order, byline excluded
    author: str | None  # "MINH THƯ"; None when the byline was dropped
    organisation: str | None  # "Trung tâm VHTTDL&TT huyện"
    published: datetime  # aware, Asia/Ho_Chi_Minh (+07:00)
    path: str  # the article page on the demo server, percent-encoded
    number: int  # the portal's numeric article id
    story: str  # id of the original story; copies share it with their original
    copy_of: str | None = None  # set on a republished copy
    listed_date: bool = True  # False: the listing shows no date, only the page does
    views: int = 0
    byline_separator: str = " - "
    byline_credit: str = ""  # a role printed before the name, e.g. "CTV" (collaborator)

    @property
    def byline(self) -> str | None:
        """The last paragraph of the page, e.g. "MINH THƯ - Trung tâm VHTTDL&TT huyện"."""
        if not self.author:
            return None
        name = f"{self.byline_credit} {self.author}" if self.byline_credit else self.author
        if not self.organisation:
            return name
        return f"{name}{self.byline_separator}{self.organisation}"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Body text paragraphs, without captions and byline."""
        return tuple(b for b in self.body if isinstance(b, str))

    @property
    def images(self) -> tuple[DemoImage, ...]:
        return tuple(b for b in self.body if isinstance(b, DemoImage))

    @property
    def image(self) -> DemoImage | None:
        return next(iter(self.images), None)

    @property
    def caption(self) -> str | None:
        image = self.image
        return image.caption if image else None

    @property
    def category_slug(self) -> str:
        return CATEGORY_SLUGS[self.category]

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path
