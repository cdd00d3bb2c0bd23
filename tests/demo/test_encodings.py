"""The four awkward sources really are served in their encodings."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable

import pytest

from syndicate.demo import Site
from syndicate.text.encodings import tcvn3_to_unicode, vni_to_unicode

Reader = Callable[[bytes], str]
CASES: list[tuple[str, str, str, Reader]] = [
    (
        "dak-ha-kinh-te",
        "windows-1258",
        "",
        lambda b: unicodedata.normalize("NFC", b.decode("cp1258")),
    ),
    ("kon-ray-van-hoa", "utf-8", "", lambda b: unicodedata.normalize("NFC", b.decode("utf-8"))),
    ("ia-h-drai-qpan", "windows-1252", ".VnTime", lambda b: tcvn3_to_unicode(b.decode("cp1252"))),
    (
        "tu-mo-rong-phap-luat",
        "windows-1252",
        "VNI-Times",
        lambda b: vni_to_unicode(b.decode("cp1252")),
    ),
]


def pages_of(site: Site, source_id: str) -> list[str]:
    return [*site.listing_paths(source_id), *(a.path for a in site.listed(source_id))]


@pytest.mark.parametrize(("source_id", "charset", "font", "read"), CASES)
def test_pages_are_served_in_the_legacy_encoding(
    site: Site, source_id: str, charset: str, font: str, read: Reader
) -> None:
    for path in pages_of(site, source_id):
        page = site[path]
        assert page.content_type == f"text/html; charset={charset}"
        assert f"charset={charset}".encode() in page.body  # declared in the page too
        assert font.encode() in page.body


@pytest.mark.parametrize(("source_id", "charset", "font", "read"), CASES)
def test_text_reads_back_only_through_its_encoding(
    site: Site, source_id: str, charset: str, font: str, read: Reader
) -> None:
    for article in site.listed(source_id):
        body = site[article.path].body
        text = read(body)
        pieces = (article.title, article.sapo, *article.paragraphs, article.byline or "")
        for piece in pieces:
            assert html.escape(piece) in text
        as_utf8 = body.decode("utf-8", errors="replace")
        assert html.escape(article.title) not in as_utf8


def test_windows_1258_keeps_tone_marks_apart(site: Site) -> None:
    article = site.listed("dak-ha-kinh-te")[0]
    raw = site[article.path].body.decode("cp1258")
    assert not unicodedata.is_normalized("NFC", raw)
    assert "\u0301" in raw or "\u0300" in raw


def test_nfd_source_is_decomposed_utf8(site: Site) -> None:
    article = site.listed("kon-ray-van-hoa")[0]
    raw = site[article.path].body.decode("utf-8")
    assert unicodedata.normalize("NFD", article.title) in raw
    assert article.title not in raw


def test_vntimeh_only_dresses_the_headings(site: Site) -> None:
    """A .VnTimeH font shows lowercase codes as capitals; the article title must not use it."""
    body = site[site.listed("ia-h-drai-qpan")[0].path].body.decode("cp1252")
    assert ".banner, .Head { font-family: .VnTimeH; }" in body
    assert '<h1 class="TieuDe">' in body
