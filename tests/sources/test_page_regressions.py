"""Ordinary district pages that stricter rules for portal noise must still read right:
each page here was once misread by a rule meant for another page's furniture."""

from __future__ import annotations

from pathlib import Path

from syndicate.config import HtmlOptions
from syndicate.sources import discover_links, extract_article, parse_listing

PAGES = Path(__file__).parent.parent / "data" / "pages"


def read(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_a_dateline_beside_its_sections_link_beats_a_comments_time() -> None:
    # Its block holds the section's link ("Tin trong huyện"): counted as a listed
    # article's time, it lost to a reader's comment below.
    raw = extract_article(
        read("date2.html"), "https://dakha.kontum.gov.vn/tin-tuc/ra-quan-12345.html"
    )
    assert raw.published == "12/05/2025 08:30"


def test_a_listing_headed_tin_moi_nhat_keeps_its_articles() -> None:
    # "Tin mới nhất" heads many a section's own list: taken for a side box, the page's
    # articles went and only a side "Thông báo" box's were kept.
    items = discover_links(read("list2.html"), "https://dakha.kontum.gov.vn/tin-tuc.html")
    urls = [item.url for item in items]
    assert len(urls) == 5
    assert (
        "https://dakha.kontum.gov.vn/tin-tuc/ra-quan-huong-ung-thang-hanh-dong-vi-moi-truong-1201.html"
        in urls
    )


def test_a_read_on_link_to_a_wordpress_article_is_no_next_page() -> None:
    # "?p=2381" is WordPress's address of an article, not a listing's page.
    listing = parse_listing(
        read("list3.html"),
        "https://konray.kontum.gov.vn/chuyen-muc/tin-hoat-dong",
        HtmlOptions(links="h2.entry-title a"),
    )
    assert listing.next_url is None


def test_a_breadcrumb_ending_in_the_article_gives_no_category() -> None:
    # The <title> worded unlike the <h1>: the <h1> is the headline, not a section's name.
    raw = extract_article(
        read("title1.html"),
        "https://dakha.kontum.gov.vn/tin-tuc/hoi-nghi-tong-ket-cong-tac-dan-van-2024-3321.html",
    )
    assert raw.category is None
    assert raw.title == "Hội nghị tổng kết công tác dân vận năm 2024"


def test_a_short_notice_with_a_print_button_keeps_its_text_and_date() -> None:
    # Under 200 characters with its title, the notice's block was taken for a poll box.
    raw = extract_article(
        read("short1.html"), "https://dakha.kontum.gov.vn/tin-tuc/thong-bao-nghi-le.aspx"
    )
    assert "nghỉ lễ Quốc khánh từ ngày 30/8" in (raw.content_html or "")
    assert raw.published == "Ngày đăng: 25/08/2025 14:00"
