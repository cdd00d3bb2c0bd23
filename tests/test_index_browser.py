"""The published folder in a real browser: headless Chromium over `serve` on 127.0.0.1.

What Chromium does with the feeds (Chromium 156, Debian 12): a feed served with its
own media type (application/rss+xml, application/atom+xml) is shown as plain text,
the XML source in a <pre>, and the xml-stylesheet instruction is ignored; Chromium
applies XSLT only to documents served as application/xml or text/xml, and then adds
a banner announcing that XSLT is deprecated. So `serve` shows a feed to a browser (a
request that asks for HTML and names no feed type) as application/xml, and keeps the
feed media types for feed readers and validators. The stylesheet is checked while
Chromium still has XSLT.
"""

from __future__ import annotations

import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from syndicate.config import Config
from syndicate.model import FeedEntry, SourceHealth
from syndicate.publish import publish
from syndicate.serve import create_app
from tests.live import LiveServer
from tests.publish.factories import make_config, make_entry

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (`make browser` installs Debian's chromium)",
)
WIDTH, HEIGHT = 1280, 1800
LATEST = "Khánh thành cầu treo mới nối hai bờ sông Pô Kô ở xã Đăk Trăm"


@dataclass
class Published:
    config: Config
    out: Path
    entries: list[FeedEntry]
    url: str  # where `serve` answers


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    folder = tmp_path_factory.mktemp("browser")
    config = make_config(folder)
    # Six entries: the province feed (pages of five) gets its first archive page.
    entries = [
        make_entry(1),
        make_entry(2, source="kon-plong-tin", category="van-hoa-xa-hoi"),
        make_entry(3, source="tinh-tin", category="thong-bao"),
        make_entry(4, source="kon-plong-tin"),
        make_entry(5, category="van-hoa-xa-hoi"),
        make_entry(6, title=LATEST),
    ]
    checked = datetime(2024, 9, 2, 6, 0, tzinfo=UTC)
    health = [
        SourceHealth("dak-to-tin", "dak-to", articles=2, last_success=checked),
        SourceHealth(
            "kon-plong-tin",
            "kon-plong",
            articles=1,
            last_attempt=checked,
            last_success=checked - timedelta(days=1),
            consecutive_failures=2,
            last_error_kind="timeout",
            last_error="no answer within 20 s",
        ),
    ]
    out = folder / "public"
    publish(config, entries, health, out)
    with LiveServer(create_app(config, out)) as server:
        yield Published(config, out, entries, server.url)


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with a throwaway profile; its standard output."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def page_text(dom: str) -> str:
    return " ".join(lxml.html.document_fromstring(dom).text_content().split())


def test_index_shows_every_district_and_the_latest_headline(
    published: Published, tmp_path: Path
) -> None:
    dom = chromium(tmp_path, "--dump-dom", published.url + "/")
    root = lxml.html.document_fromstring(dom)
    text = page_text(dom)
    for district in published.config.districts:
        assert district.name in text, district.name
    for category in published.config.categories:
        assert category.title in text, category.title
    # The province card lists the newest article first.
    province = root.cssselect("section[aria-labelledby=toan-tinh] ol.latest li a")
    assert [a.text_content() for a in province][:1] == [LATEST]
    assert "timeout: no answer within 20 s" in text
    assert root.findtext(".//title").startswith("Tin tức tỉnh Kon Tum")


def test_index_screenshot_is_a_real_picture(published: Published, tmp_path: Path) -> None:
    size = f"--window-size={WIDTH},{HEIGHT}"
    shot, blank = tmp_path / "index.png", tmp_path / "blank.png"
    chromium(tmp_path, f"--screenshot={shot}", size, published.url + "/")
    chromium(tmp_path, f"--screenshot={blank}", size, "about:blank")
    picture = read_png(shot.read_bytes())
    assert picture[:2] == (WIDTH, HEIGHT)
    # Headings, cards, links and a table compress far worse than an empty page.
    assert picture[2] > 5 * read_png(blank.read_bytes())[2]


@pytest.mark.parametrize("name", ["province.atom", "province.rss", "districts/dak-to.atom"])
def test_served_feeds_read_in_the_browser(published: Published, tmp_path: Path, name: str) -> None:
    """As a page or as text, whatever this Chromium does with XSLT: correct UTF-8."""
    text = page_text(chromium(tmp_path, "--dump-dom", f"{published.url}/{name}"))
    assert "Đăk Tô" in text
    assert LATEST in text


@pytest.mark.parametrize("name", ["province.atom", "province.rss", "archive/province/0.atom"])
def test_served_feeds_are_shown_as_pages(published: Published, tmp_path: Path, name: str) -> None:
    dom = chromium(tmp_path, "--dump-dom", f"{published.url}/{name}")
    root = lxml.html.document_fromstring(dom)
    if not root.cssselect("main article"):
        if "xml-stylesheet" in dom or root.cssselect("feed, rss"):
            pytest.skip("this Chromium no longer applies XSLT stylesheets")
        pytest.fail(f"feed.xsl produced no articles:\n{dom[:2000]}")
    assert root.findtext(".//h1") == "Tin tức tỉnh Kon Tum"
    links = [a.get("href") for a in root.cssselect("main article h2 a")]
    listed = feed_urls(published, name)
    assert links == listed
    assert "Kon Tum" in root.findtext(".//title")


def feed_urls(published: Published, name: str) -> list[str]:
    """The article links of a published feed file, in document order."""
    data = (published.out / name).read_bytes()
    tree = lxml.etree.fromstring(data)
    if tree.tag == "rss":
        return [str(link) for link in tree.xpath("/rss/channel/item/link/text()")]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return [
        str(h) for h in tree.xpath("/a:feed/a:entry/a:link[@rel='alternate']/@href", namespaces=ns)
    ]


def read_png(data: bytes) -> tuple[int, int, int]:
    """Width, height and compressed image size of a well-formed 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, kinds, idat, header = 8, [], b"", b""
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        crc = int.from_bytes(data[position + 8 + length : position + 12 + length], "big")
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        kinds.append(kind)
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour = header[8], header[9]
    assert depth == 8 and colour in (2, 6), "8-bit RGB or RGBA"
    # One filter byte per row, then the row's pixels: the image data is all there.
    channels = 3 if colour == 2 else 4
    assert len(zlib.decompress(idat)) == height * (1 + width * channels)
    return width, height, len(idat)


# Written after the page has laid out: how wide it is, against how wide the window is.
_MEASURE = """<script>
addEventListener("load", () => {
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = document.documentElement.scrollWidth + " " + innerWidth;
  document.body.append(out);
});
</script>"""


@pytest.mark.parametrize("page", ["index.html", "feed"])
def test_a_headline_of_one_long_word_keeps_the_page_inside_a_phone(
    tmp_path: Path, page: str
) -> None:
    # Portals title notices with file names: one word wider than a card drew over the
    # next card, and a phone's page scrolled sideways.
    config = make_config(tmp_path)
    title = "Thông báo: Ke_hoach_trien_khai_chuyen_doi_so_nam_2025_UBND_huyen_Dak_To.docx"
    # the page's heading too: a served search feed's is the query as typed
    long_name = "Kon_Tum_" + "_".join(["tim_kiem_ho_so_trien_khai_chuyen_doi_so"] * 3)
    config = replace(config, province=replace(config.province, name=long_name))
    out = tmp_path / "public"
    publish(config, [make_entry(1, title=title)], [], out)
    if page == "feed":
        stylesheet = etree.XSLT(etree.parse(str(out / "feed.xsl")))
        shown = str(stylesheet(etree.parse(str(out / "province.atom"))))
    else:
        shown = (out / "index.html").read_text(encoding="utf-8")
    assert title in shown
    measured = tmp_path / "measured.html"
    measured.write_text(shown.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(tmp_path, "--window-size=500,900", "--dump-dom", measured.as_uri())
    [text] = lxml.html.document_fromstring(dom).xpath("//pre[@id='measured']/text()")
    width, window = (int(n) for n in text.split())
    assert width <= window, f"{page} is {width} px wide in a {window} px window"
