"""The sample province: enough realistic, deterministic content, every page and link sound."""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from datetime import datetime
from importlib import resources
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from syndicate.demo import PORTALS, SOURCES, Site, build_site, load_articles
from syndicate.demo.layouts import LAYOUTS, layout_for
from syndicate.demo.records import CATEGORY_SLUGS, DemoArticle
from syndicate.demo.site import site_key
from syndicate.demo.sources import portal, source

from .conftest import BASE_URL, TODAY

HTML_SOURCES = [s.id for s in SOURCES if s.feed is None]
# The title links of a listing, per CMS generation (sidebars link to articles too).
ITEM_LINKS = {
    "slug_id": "h3.news-title a",
    "pages_detail": "a.title",
    "dnn": "a.TieuDe",
    "liferay": "h3.asset-title a",
    "nukeviet": ".news_column h3 a",
    "nukeviet_query": ".news_column h3 a",
}
HARD_NEGATIVE = "Hội nghị triển khai nhiệm vụ năm 2025"
VN_START, VN_END = (
    datetime.fromisoformat("2024-01-01T00:00+07:00"),
    datetime.fromisoformat("2025-07-01T00:00+07:00"),
)


def text_of(site: Site, path: str) -> str:
    page = site[path]
    charset = page.content_type.partition("charset=")[2] or "utf-8"
    return page.body.decode("cp1252" if charset == "windows-1252" else charset)


def root_of(site: Site, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(text_of(site, path))


def test_volume_and_variety() -> None:
    articles = load_articles()
    assert len(articles) >= 70
    assert len(SOURCES) >= 9
    assert {p.layout for p in PORTALS} == set(LAYOUTS)
    assert len({a.source for a in articles}) == len(SOURCES)
    assert len({a.category for a in articles}) >= 9


def test_text_data_is_nfc() -> None:
    folder = resources.files("syndicate.demo").joinpath("data")
    for name in ("articles.toml", "pools.toml"):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), name
    for a in load_articles():
        for piece in (
            a.title,
            a.sapo,
            *a.paragraphs,
            *(i.caption for i in a.images),
            a.byline or "",
        ):
            assert unicodedata.is_normalized("NFC", piece), a.id


@pytest.mark.parametrize("article", load_articles(), ids=lambda a: a.id)
def test_article_shape(article: DemoArticle) -> None:
    low = 2 if article.copy_of else 3  # a copy may have lost its last paragraph
    assert low <= len(article.paragraphs) <= 6
    assert 0 <= len(article.images) <= 2
    assert VN_START <= article.published < VN_END
    assert article.published.utcoffset() is not None
    assert article.category in CATEGORY_SLUGS
    assert article.body[0] == article.paragraphs[0]  # the lead comes first
    if not article.copy_of:
        assert article.images and article.author and article.author == article.author.upper()


def test_titles_are_distinct_except_the_hard_negatives() -> None:
    originals = [a for a in load_articles() if not a.copy_of]
    counts = Counter(a.title for a in originals)
    assert {t for t, n in counts.items() if n > 1} == {HARD_NEGATIVE}
    negatives = [a for a in originals if a.title == HARD_NEGATIVE]
    assert len({a.district for a in negatives}) == len(negatives) >= 2
    assert len({a.paragraphs[0] for a in negatives}) == len(negatives)
    assert len({a.story for a in negatives}) == len(negatives)


def test_republished_stories() -> None:
    articles = {a.id: a for a in load_articles()}
    copies = [a for a in articles.values() if a.copy_of]
    assert len(copies) >= 3
    for copy in copies:
        original = articles[copy.copy_of or ""]
        assert copy.source == "kontum-tin-tuc" and original.source != copy.source
        assert copy.story == original.story == original.id
        assert copy.path != original.path and copy.title != original.title
        assert copy.body != original.body or copy.byline != original.byline
    edits = {
        "tone": any("hoà" in " ".join(c.paragraphs) for c in copies),
        "prefix": any(c.title.startswith("[") for c in copies),
        "case": any(c.title == c.title.upper() for c in copies),
        "byline dropped": any(c.byline is None for c in copies),
        "image dropped": any(len(c.images) < len(articles[c.copy_of or ""].images) for c in copies),
    }
    assert all(edits.values()), edits


def test_build_is_deterministic(site: Site) -> None:
    again = build_site(BASE_URL, today=TODAY)
    assert list(again) == list(site)
    assert all(again[path] == site[path] for path in site)


def test_every_article_has_a_page_and_its_images(site: Site) -> None:
    for a in site.articles:
        assert site[a.path].content_type.startswith("text/html")
        for image in a.images:
            page = site[image.path]
            magic = b"\x89PNG" if page.content_type == "image/png" else b"\xff\xd8\xff"
            assert page.body.startswith(magic), image.path


@pytest.mark.parametrize("path", ["/robots.txt", "/"])
def test_site_level_pages(site: Site, path: str) -> None:
    assert site[path].body
    if path == "/robots.txt":
        assert site[path].body.decode() == "User-agent: *\nDisallow: /admin/\n"


def _links(site: Site, path: str) -> set[str]:
    root = root_of(site, path)
    here = BASE_URL + path
    found = set()
    for value in root.xpath("//a/@href | //img/@src"):
        target = urljoin(here, html.unescape(value).strip())
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and parts.netloc == "127.0.0.1:8719":
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_every_internal_link_resolves(site: Site) -> None:
    pages = [p for p in site if site[p].content_type.startswith("text/html")]
    broken = {
        (page, link) for page in pages for link in _links(site, page) if site.get(link) is None
    }
    assert not broken


@pytest.mark.parametrize("source_id", HTML_SOURCES)
def test_listing_pages(site: Site, source_id: str) -> None:
    src = source(source_id)
    listed = site.listed(source_id)
    paths = site.listing_paths(source_id)
    seen: list[str] = []
    for n, path in enumerate(paths, start=1):
        text = text_of(site, path)
        assert "DANH SÁCH TIN BÀI" in unicodedata.normalize("NFC", text) or src.encoding in (
            "tcvn3",
            "vni",
        )
        anchors = root_of(site, path).cssselect(ITEM_LINKS[portal(src.portal).layout])
        hrefs = {a.get("href") for a in anchors}
        on_page = [a for a in listed if a.path in hrefs or BASE_URL + a.path in hrefs]
        assert 6 <= len(on_page) <= 10 or n == len(paths)
        seen += [a.id for a in on_page]
    assert sorted(seen) == sorted(a.id for a in listed)
    hidden = [a for a in listed if not a.listed_date]
    assert hidden, "some articles show their date only on their own page"


def test_some_sources_have_several_pages(site: Site) -> None:
    counts = {s: len(site.listing_paths(s)) for s in HTML_SOURCES}
    assert sum(1 for n in counts.values() if n >= 2) >= 3
    assert max(counts.values()) == 3


@pytest.mark.parametrize("source_id", [s.id for s in SOURCES])
def test_article_page_furniture(site: Site, source_id: str) -> None:
    article = site.listed(source_id)[0]
    root = root_of(site, article.path)
    text = unicodedata.normalize("NFC", text_of(site, article.path))
    if source(source_id).encoding not in ("tcvn3", "vni"):
        assert "lượt xem" in text and "Trang chủ" in text and "Liên hệ" in text
        assert html.escape(article.title) in text
    assert root.xpath("//a[contains(@href, 'facebook.com/sharer')]")
    related = [a.path for a in site.listed(source_id) if a.published < article.published][:5]
    assert related and _links(site, article.path) >= set(related)
    assert root.xpath("//nav | //*[@id='menu'] | //*[contains(@class, 'menu')]")


@pytest.mark.parametrize("source_id", [s.id for s in SOURCES if s.encoding == "utf-8"])
def test_captions_sit_under_their_images_and_the_byline_is_last(site: Site, source_id: str) -> None:
    article = site.listed(source_id)[0]
    root = root_of(site, article.path)
    for image in article.images:
        (img,) = root.xpath(f"//img[@src='{image.path}' or @src='{BASE_URL + image.path}']")
        caption = img.getparent().getnext()
        assert caption.text_content() == image.caption
    if article.byline:
        last = img.getparent().getparent().xpath("./p")[-1]
        assert last.text_content() == article.byline


@pytest.mark.parametrize(
    ("source_id", "marks"),
    [
        ("dak-glei-tin", ["Thứ 3, ngày 21 tháng 1 năm 2025", "DANH SÁCH TIN BÀI"]),
        ("kon-tum-tin-tuc", ["Thứ 3, Ngày 21/01/2025 -", "Mặc định", "Cỡ chữ"]),
        ("tu-mo-rong-tin", ["Bạn đang ở :", "__VIEWSTATE"]),
        ("dak-to-tin-tuc", ["asset_publisher", "Trang sau"]),
        ("sa-thay-tin", ["/uploads/news/", "/assets/news/", "/page-2"]),
        ("dak-ha-kinh-te", ["index.php?language=vi&amp;nv=news&amp;op=kinh-te/"]),
    ],
)
def test_cms_generation_marks(site: Site, source_id: str, marks: list[str]) -> None:
    """Each generation's tell-tale signs, on its first listing page and an article page."""
    paths = (site.listing_paths(source_id)[0], site.listed(source_id)[0].path)
    text = unicodedata.normalize("NFC", "".join(text_of(site, p) for p in paths))
    for mark in marks:
        assert mark in text


@pytest.mark.parametrize(
    ("source_id", "printed"),
    [
        ("kon-tum-tin-tuc", lambda a: f"Ngày đăng: {a.published:%d/%m/%Y}  {a.published:%H:%M}"),
        ("dak-glei-tin", lambda a: f"{a.published.day}-{a.published.month}-{a.published.year}"),
        ("sa-thay-tin", lambda a: f" - {a.published:%d/%m/%Y %H:%M}"),
        ("dak-to-tin-tuc", lambda a: f"năm {a.published.year} {a.published:%H:%M} (GMT+7)"),
        ("tu-mo-rong-tin", lambda a: f"Cập nhật lúc {a.published:%H:%M}, "),
    ],
)
def test_article_pages_print_the_date(site: Site, source_id: str, printed: object) -> None:
    for article in site.listed(source_id):
        text = unicodedata.normalize("NFC", text_of(site, article.path))
        assert printed(article) in text  # type: ignore[operator]


def test_percent_encoded_paths_answer_either_spelling(site: Site) -> None:
    listing = site.listing_paths("tu-mo-rong-tin")[0]
    assert "%E1%BB%87" in listing
    assert site["/tumorong/Tin-trong-huyện.aspx"] is site[listing]
    assert site_key("/tumorong/Tin-trong-huy%e1%bb%87n.aspx") == listing


def test_feed_sources_and_html_sources_have_their_urls(site: Site) -> None:
    for s in SOURCES:
        url = site.source_url(s.id)
        assert url.startswith(BASE_URL + portal(s.portal).prefix + "/")
        assert site[url.removeprefix(BASE_URL)]


def test_liferay_category_pages_list_one_category(site: Site) -> None:
    dak_to = portal("dak-to")
    labels = {a.category for a in site.listed("dak-to-tin-tuc")} - {"Tin tức - Sự kiện"}
    for label in labels:
        path = layout_for(dak_to).category_path(dak_to, source("dak-to-tin-tuc"), label)
        assert path is not None
        listed = _links(site, path)
        wanted = {a.path for a in site.listed("dak-to-tin-tuc") if a.category == label}
        others = {a.path for a in site.listed("dak-to-tin-tuc")} - wanted
        assert wanted <= listed and not (others & listed)
