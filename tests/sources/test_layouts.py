"""Every saved portal layout, read with explicit selectors and with none.

Each folder under tests/data/layouts/ holds listing.html, article.html and
expected.json (the fields a reader sees on those pages); the selectors below are what
an operator would configure for that layout.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from syndicate.config import HtmlOptions
from syndicate.sources import (
    ListingItem,
    discover_links,
    extract_article,
    parse_article,
    parse_listing,
)

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


@dataclass(frozen=True)
class Layout:
    name: str
    listing_url: str
    article_url: str
    options: HtmlOptions

    @property
    def folder(self) -> Path:
        return LAYOUTS / self.name

    @property
    def listing(self) -> str:
        return (self.folder / "listing.html").read_text(encoding="utf-8")

    @property
    def article(self) -> str:
        return (self.folder / "article.html").read_text(encoding="utf-8")

    @property
    def expected(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / "expected.json").read_text("utf-8"))
        return data


ALL = (
    Layout(
        "dnn-aspx",
        "http://huyentumorong.kontum.gov.vn/Tin-t%e1%bb%a9c/Tin-trong-huy%e1%bb%87n.aspx",
        "http://huyentumorong.kontum.gov.vn/Tin-t%e1%bb%a9c/Tin-trong-huy%e1%bb%87n/ArticleID/2145/"
        "H%e1%bb%99i-ngh%e1%bb%8b-s%c6%a1-k%e1%ba%bft-c%c3%b4ng-t%c3%a1c-6-th%c3%a1ng-"
        "%c4%91%e1%ba%a7u-n%c4%83m-2023.aspx",
        HtmlOptions(
            item=".news-item",
            links=".news-title a",
            item_date=".news-date",
            item_summary=".news-summary",
            item_image="img.news-thumb",
            page_template="?page={n}",
            title="h1.news-detail-title",
            date=".ngaydang",
            summary=".sapo",
            body=".news-detail-content",
        ),
    ),
    Layout(
        "liferay",
        "http://huyendakto.kontum.gov.vn/tin-trong-huyen",
        "http://huyendakto.kontum.gov.vn/tin-trong-huyen/-/asset_publisher/Xq7bT2kLm9Ra/content/"
        "ra-quan-huong-ung-tet-trong-cay-xuan-quy-mao-2023",
        HtmlOptions(
            item=".asset-abstract",
            links=".asset-title a",
            item_date=".metadata-publish-date",
            item_summary=".asset-summary",
            next_page=".lfr-pagination-buttons li.next a",
            title=".header-title",
            date=".metadata-publish-date",
            body=".journal-content-article",
            image="meta[property='og:image']",
        ),
    ),
    Layout(
        "slug-id",
        "https://huyendakglei.kontum.gov.vn/thong-tin-tuyen-truyen",
        "https://huyendakglei.kontum.gov.vn/thong-tin-tuyen-truyen/"
        "Phong-tru-benh-dao-on-tren-lua-vu-Dong-Xuan-5968",
        HtmlOptions(
            links="ul.list-news a.title",
            page_template="?page={n}",
            title="h1.post-title",
            date=".post-date",
            body=".post-content",
        ),
    ),
    Layout(
        "pages-detail",
        "https://kontumcity.kontum.gov.vn/pages/tin-tuc-su-kien.html",
        "https://kontumcity.kontum.gov.vn/pages/detail/7012/"
        "Thanh-pho-Kon-Tum-ra-quan-ve-sinh-moi-truong-huong-ung-Ngay-Trai-dat.html",
        HtmlOptions(
            item="table.list-news tr",
            links="a.link-title",
            item_date=".time-post",
            item_summary=".des",
            item_image=".td-img img",
            next_page=".phantrang a",
            title=".detail-title",
            date=".detail-date",
            body=".detail-content",
            drop=(".detail-bottom",),
        ),
    ),
    Layout(
        "nukeviet",
        "https://ngochoi.kontum.gov.vn/news/tin-tuc/",
        "https://ngochoi.kontum.gov.vn/news/tin-tuc/"
        "ngoc-hoi-to-chuc-ngay-hoi-dai-doan-ket-toan-dan-toc-nam-2023-1187.html",
        HtmlOptions(
            item=".news_column .panel-body",
            links="h3 a",
            item_date=".text-muted li:first-child",
            item_summary="p",
            page_template="/page-{n}",
            title="h1.title",
            date=".row .h5",
            summary=".hometext",
            body="#news-bodyhtml",
        ),
    ),
)


LAYOUT_IDS = [layout.name for layout in ALL]


@pytest.mark.parametrize("layout", ALL, ids=LAYOUT_IDS)
def test_listing_with_selectors(layout: Layout) -> None:
    expected = layout.expected["listing"]
    listing = parse_listing(layout.listing, layout.listing_url, layout.options)
    assert [item.url for item in listing.items] == expected["urls"]
    assert dataclasses.asdict(listing.items[0]) == expected["first"]
    assert listing.next_url == expected["next_url"]


@pytest.mark.parametrize("layout", ALL, ids=LAYOUT_IDS)
def test_article_with_selectors(layout: Layout) -> None:
    expected = layout.expected["article"]
    raw = parse_article(layout.article, layout.article_url, layout.options)
    assert raw.url == layout.article_url
    assert raw.title == expected["title"]
    assert raw.published == expected["date_text"]
    assert raw.summary_html is not None
    assert raw.summary_html.startswith(expected["summary_start"])
    assert raw.content_html is not None
    assert raw.content_html.startswith(expected["body_start"])
    for text in expected["body_contains"]:
        assert text in raw.content_html
    for text in layout.expected["absent"]:
        assert text not in raw.content_html, text
    assert raw.image_url == expected["image_url"]
    assert raw.category == expected["category"]
    assert raw.author is None
    assert raw.guid is None


@pytest.mark.parametrize("layout", ALL, ids=LAYOUT_IDS)
def test_listing_discovered_without_selectors(layout: Layout) -> None:
    listing = parse_listing(layout.listing, layout.listing_url, HtmlOptions())
    assert [item.url for item in listing.items] == layout.expected["discovered"]
    assert listing.next_url == layout.expected["discovered_next"]
    items = discover_links(layout.listing, layout.listing_url)
    assert tuple(items) == listing.items
    first = layout.expected["listing"]["first"]
    assert (items[0].title, items[0].date_text) == (first["title"], first["date_text"])


@pytest.mark.parametrize("layout", ALL, ids=LAYOUT_IDS)
def test_article_extracted_without_selectors(layout: Layout) -> None:
    expected = layout.expected["auto"]
    raw = extract_article(layout.article, layout.article_url)
    assert raw.title == layout.expected["article"]["title"]
    assert isinstance(raw.published, str)
    assert expected["date"] in raw.published
    assert raw.content_html is not None
    assert expected["first_paragraph"] in raw.content_html
    for text in layout.expected["absent"]:
        assert text not in raw.content_html, text
    assert raw.image_url == layout.expected["article"]["image_url"]
    assert raw.category == layout.expected["article"]["category"]
    assert raw.base_url is not None


@pytest.mark.parametrize("layout", ALL, ids=LAYOUT_IDS)
def test_listing_values_fill_gaps(layout: Layout) -> None:
    """A page that shows no date or image still gets the listing's."""
    item = ListingItem(
        url=layout.article_url,
        title="Tiêu đề trong danh sách",
        summary="Tóm tắt trong danh sách & chú thích",
        date_text="01/02/2023",
        image_url="https://example.vn/anh.jpg",
    )
    bare = "<html><head><title>x</title></head><body><div class='nd'><p>Nội dung</p></div></body></html>"
    raw = parse_article(bare, layout.article_url, HtmlOptions(body=".nd"), item)
    assert raw.title == "Tiêu đề trong danh sách"
    assert raw.published == "01/02/2023"
    assert raw.summary_html == "Tóm tắt trong danh sách &amp; chú thích"
    assert raw.image_url == "https://example.vn/anh.jpg"
    assert raw.content_html == "<p>Nội dung</p>"
