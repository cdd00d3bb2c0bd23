"""RSS, Atom and JSON Feed renderers: every document valid, ordered, escaped, reproducible."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from syndicate.config import Config, parse_config
from syndicate.model import FeedDocument, FeedEntry
from syndicate.publish import (
    FORMATS,
    build_documents,
    render_atom,
    render_index,
    render_json,
    render_rss,
    static_files,
)
from syndicate.publish.fields import clean
from tests.publish.factories import BASE, ORIGINS, PROVINCE, make_entry
from tests.publish.validate import NS, check_feed_file

ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"
# C0 and C1 controls, and characters XML forbids: none of them may reach a feed.
HOSTILE_TITLE = "Tin \x0bn\x85óng\x00 & <b>đậm</b> \ufffe\x9f"
HOSTILE_HTML = (
    "<p>A &amp; B ]]> kết thúc CDATA</p><script>alert('x')</script>"
    "<p>ký tự\x07 điều\x7f khiển\x1f\x80</p>"
)
# DEL and C1 (U+007F-U+009F): XML allows them, feed validators flag them.
C1 = re.compile("[\x7f-\x9f]")


def mixed_entries() -> list[FeedEntry]:
    """Three sources, shared stories, equal timestamps, no images, no category, hostile text."""
    entries = [
        make_entry(
            n,
            source=("dak-to-tin", "kon-plong-tin", "tinh-tin")[n % 3],
            category=("kinh-te", "van-hoa-xa-hoi", None)[n % 3],
            also_on=("tinh-tin",) if n % 5 == 0 else (),
        )
        for n in range(1, 24)
    ]
    entries[3] = replace(entries[3], updated=entries[4].updated)  # same second
    entries[6] = replace(entries[6], title=HOSTILE_TITLE, content_html=HOSTILE_HTML)
    entries[7] = replace(entries[7], summary="", content_html="")
    entries[8] = replace(entries[8], author=None, organisation=None, image_url="data:x")
    return entries


def same_second_entries(count: int) -> list[FeedEntry]:
    """Entries published and updated at one second: local midnight, in UTC."""
    midnight = datetime(2024, 9, 1, 17, tzinfo=UTC)
    return [make_entry(n, published=midnight, updated=midnight) for n in range(1, count + 1)]


def check_feed_and_bytes(data: bytes, kind: str) -> bytes:
    check_feed_file(data, kind)
    return data


@pytest.fixture
def documents(config: Config) -> list[FeedDocument]:
    return build_documents(config, mixed_entries())


def test_entries_sharing_a_second_are_never_updated_before_published(config: Config) -> None:
    # check_feed_file asserts updated >= published for Atom, date_modified >=
    # date_published for JSON Feed; seven entries fill an archive page of five.
    documents = build_documents(config, same_second_entries(7))
    assert any(d.archive for d in documents)
    for doc in documents:
        for extension, fmt in FORMATS.items():
            check_feed_file(fmt.render(doc), extension)


def test_every_document_in_every_format_is_valid(documents: list[FeedDocument]) -> None:
    assert any(d.archive for d in documents) and any(not d.entries for d in documents)
    for doc in documents:
        for extension, fmt in FORMATS.items():
            check_feed_file(fmt.render(doc), extension, self_url=f"{BASE}{doc.key}{extension}")


def test_c1_controls_reach_no_format_and_not_the_index(tmp_path: Path) -> None:
    """Stored articles may hold C1 controls in any field, and a configuration in names."""
    raw = dict(PROVINCE)
    raw["province"] = {**PROVINCE["province"], "name": "Tỉnh\x85 Kon Tum"}
    raw["categories"] = [{"slug": "kinh-te", "title": "Kinh\x96 tế"}]
    config = parse_config(raw, tmp_path / "syndicate.toml")
    origin = replace(ORIGINS["dak-to-tin"], source_title="Đăk Tô\x9c", district_name="Đăk\x81 Tô")
    entry = make_entry(
        1,
        title="Hội\x85 nghị",
        summary="Tóm\x7f tắt",
        content_html="<p>Nội\x9f dung</p>",
        author="Nguyệt\x80 Hằng",
        category_title="Kinh\x96 tế",
        origin=origin,
        also_on=("tinh-tin",),
    )
    entry = replace(entry, also_on=(replace(entry.also_on[0], source_title="Cổng\x90 tỉnh"),))
    documents = build_documents(config, [entry])
    for doc in documents:
        for extension, fmt in FORMATS.items():
            data = fmt.render(doc)
            assert not C1.search(data.decode("utf-8")), (doc.key, extension)
            check_feed_file(data, extension, self_url=f"{BASE}{doc.key}{extension}")
    page = render_index(config, documents, []).decode("utf-8")
    assert not C1.search(page)
    assert "Hội nghị" in page and "Tỉnh Kon Tum" in page


def test_clean_composes_what_a_removed_control_kept_apart() -> None:
    assert clean("ho\x85\u0323\u0302i") == "hội"
    assert clean("nước\tsạch\n") == "nước\tsạch\n"  # tab and newline stay


@pytest.mark.parametrize("extension", list(FORMATS))
def test_entry_order_is_the_document_order(documents: list[FeedDocument], extension: str) -> None:
    doc = documents[0]
    parsed = check_feed_file(FORMATS[extension].render(doc), extension)
    items = parsed["items"] if extension == ".json" else parsed.entries
    assert [item["id"] for item in items] == [e.id for e in doc.entries]
    published = [e.published for e in doc.entries]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("extension", list(FORMATS))
def test_rendering_twice_gives_identical_bytes(config: Config, extension: str) -> None:
    render = FORMATS[extension].render
    first = [render(d) for d in build_documents(config, mixed_entries())]
    second = [render(d) for d in build_documents(config, mixed_entries())]
    assert first == second


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_stylesheet_instruction_points_to_the_root(
    documents: list[FeedDocument], extension: str
) -> None:
    for doc in documents:
        head = FORMATS[extension].render(doc).split(b"\n", 2)[1].decode()
        depth = doc.key.count("/")
        assert head == f'<?xml-stylesheet type="text/xsl" href="{"../" * depth}feed.xsl"?>'


class TestHostileText:
    def hostile_doc(self, config: Config) -> FeedDocument:
        entry = make_entry(1, title=HOSTILE_TITLE, content_html=HOSTILE_HTML, summary="x < y & z")
        return build_documents(config, [entry])[0]

    @pytest.mark.parametrize("extension", list(FORMATS))
    def test_control_characters_are_dropped_and_markup_stays_text(
        self, config: Config, extension: str
    ) -> None:
        data = FORMATS[extension].render(self.hostile_doc(config))
        parsed = check_feed_file(data, extension)
        if extension != ".json":  # in XML, markup in text must be escaped, never live
            assert b"<script>" not in data and b"<b>" not in data
        if extension == ".json":
            item = parsed["items"][0]
            title, content = item["title"], item["content_html"]
        else:
            title = parsed.entries[0].title
            content = etree.fromstring(data).xpath(
                "//atom:content/text() | //*[local-name()='encoded']/text()", namespaces=NS
            )[0]
        assert title == "Tin nóng & <b>đậm</b>"
        assert content == (
            "<p>A &amp; B ]]> kết thúc CDATA</p><script>alert('x')</script><p>ký tự điều khiển</p>"
        )

    def test_rss_description_is_the_summary_escaped_as_html(self, config: Config) -> None:
        data = render_rss(self.hostile_doc(config))
        description = etree.fromstring(data).findtext("channel/item/description")
        assert description == "x &lt; y &amp; z"


class TestAtom:
    def entry_element(self, doc: FeedDocument, index: int = 0) -> Any:
        return etree.fromstring(render_atom(doc)).findall(f"{ATOM}entry")[index]

    def test_entry_fields(self, config: Config) -> None:
        doc = build_documents(config, [make_entry(1)])[0]
        entry = self.entry_element(doc)
        links = {link.get("rel"): link.attrib for link in entry.findall(f"{ATOM}link")}
        assert links["alternate"]["href"] == make_entry(1).url
        assert links["enclosure"]["type"] == "image/jpeg"
        assert "length" not in links["enclosure"]
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Nguyệt Hằng"
        category = entry.find(f"{ATOM}category")
        assert (category.get("term"), category.get("label")) == ("kinh-te", "Kinh tế")
        source = entry.find(f"{ATOM}source")
        assert source.findtext(f"{ATOM}title") == "Đăk Tô: Tin trong huyện"
        assert source.findtext(f"{ATOM}id") == f"{BASE}sources/dak-to-tin"
        assert entry.findtext(f"{ATOM}id") == make_entry(1).id

    @pytest.mark.parametrize(
        ("fields", "author"),
        [
            ({"author": "Nguyệt Hằng"}, "Nguyệt Hằng"),
            (
                {"author": None, "organisation": "Trung tâm VHTTDL&TT huyện"},
                "Trung tâm VHTTDL&TT huyện",
            ),
            ({"author": " ", "organisation": None}, "Huyện Đăk Tô"),
        ],
    )
    def test_author_falls_back_to_organisation_then_district(
        self, config: Config, fields: dict[str, Any], author: str
    ) -> None:
        doc = build_documents(config, [make_entry(1, **fields)])[0]
        assert self.entry_element(doc).findtext(f"{ATOM}author/{ATOM}name") == author

    def test_archive_marker_and_links(self, documents: list[FeedDocument]) -> None:
        archive = next(d for d in documents if d.archive and d.key.endswith("/1"))
        root = etree.fromstring(render_atom(archive))
        assert root.find(f"{FH}archive") is not None
        rels = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        key = archive.key.removeprefix("archive/").rsplit("/", 1)[0]
        assert rels["current"] == f"{BASE}{key}.atom"
        assert rels["prev-archive"] == f"{BASE}archive/{key}/0.atom"
        current = next(d for d in documents if d.key == key)
        assert etree.fromstring(render_atom(current)).find(f"{FH}archive") is None

    def test_hub_link(self, config: Config) -> None:
        doc = replace(build_documents(config, [])[0], hub="https://hub.example.org/")
        root = etree.fromstring(render_atom(doc))
        assert root.xpath("atom:link[@rel='hub']/@href", namespaces=NS) == [
            "https://hub.example.org/"
        ]

    def test_equal_updated_times_move_forward_a_millisecond_each(self, config: Config) -> None:
        # Never edited, dated by day alone: published and updated at one local midnight.
        doc = build_documents(config, same_second_entries(3))[0]
        root = etree.fromstring(check_feed_and_bytes(render_atom(doc), "atom"))
        entries = root.findall(f"{ATOM}entry")
        by_id = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in entries}
        assert [by_id[make_entry(n).id] for n in (1, 2, 3)] == [
            "2024-09-01T17:00:00+00:00",
            "2024-09-01T17:00:00.001+00:00",
            "2024-09-01T17:00:00.002+00:00",
        ]
        assert root.findtext(f"{ATOM}updated") == "2024-09-01T17:00:00.002+00:00"
        sources = root.xpath("atom:entry/atom:source/atom:updated/text()", namespaces=NS)
        assert sorted(sources) == sorted(by_id.values())


class TestRss:
    def item(self, doc: FeedDocument) -> Any:
        return etree.fromstring(render_rss(doc)).find("channel/item")

    def test_item_fields(self, config: Config) -> None:
        doc = build_documents(config, [make_entry(1)])[0]
        item = self.item(doc)
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("guid") == make_entry(1).id
        assert item.findtext("pubDate") == "Mon, 02 Sep 2024 02:30:00 +0000"
        assert item.findtext("dc:creator", namespaces=NS) == "Nguyệt Hằng"
        enclosure = item.find("enclosure").attrib
        assert (enclosure["length"], enclosure["type"]) == ("0", "image/jpeg")
        assert item.find("source").get("url") == "http://huyendakto.example.vn/tin-trong-huyen"
        assert item.findtext("category") == "Kinh tế"

    def test_archive_marker_and_links(self, documents: list[FeedDocument]) -> None:
        archive = next(d for d in documents if d.archive)
        channel = etree.fromstring(render_rss(archive)).find("channel")
        assert channel.find(f"{FH}archive") is not None
        rels = channel.xpath("atom:link/@rel", namespaces=NS)
        assert {"self", "current", "next-archive"} <= set(rels)

    @pytest.mark.parametrize(
        ("url", "media_type"),
        [
            ("http://x.vn/a/anh.PNG", "image/png"),
            ("http://x.vn/a/anh.webp?w=300", "image/webp"),
            ("http://x.vn/GetImage.ashx?id=5", "image/jpeg"),
        ],
    )
    def test_enclosure_type_from_extension(self, config: Config, url: str, media_type: str) -> None:
        doc = build_documents(config, [make_entry(1, image_url=url)])[0]
        assert self.item(doc).find("enclosure").get("type") == media_type


class TestJson:
    def test_item_fields_and_attribution(self, config: Config) -> None:
        entry = make_entry(5, also_on=("kon-plong-tin",))
        feed = json.loads(render_json(build_documents(config, [entry])[0]))
        assert feed["language"] == "vi"
        item = feed["items"][0]
        assert item["date_published"] == "2024-09-02T06:30:00Z"
        assert item["tags"] == ["Kinh tế"]
        assert item["_syndicate"] == {
            "district": "dak-to",
            "district_name": "Huyện Đăk Tô",
            "source_id": "dak-to-tin",
            "source_title": "Đăk Tô: Tin trong huyện",
            "source_url": ORIGINS["dak-to-tin"].source_url,
            "category": "kinh-te",
            "also_on": [
                {
                    "district": "kon-plong",
                    "district_name": "Huyện Kon Plông",
                    "source_id": "kon-plong-tin",
                    "source_title": "Kon Plông: Tin tức",
                    "source_url": ORIGINS["kon-plong-tin"].source_url,
                }
            ],
        }

    def test_next_url_pages_through_the_archives(self, documents: list[FeedDocument]) -> None:
        by_url = {f"{BASE}{d.key}.json": d for d in documents}
        feed = json.loads(render_json(by_url[f"{BASE}districts/dak-to.json"]))
        pages = []
        while "next_url" in feed:
            pages.append(feed["next_url"])
            feed = json.loads(render_json(by_url[feed["next_url"]]))
            assert feed["expired"] is True
        assert pages == [f"{BASE}archive/districts/dak-to/0.json"]

    def test_entry_without_content_uses_text(self, config: Config) -> None:
        doc = build_documents(config, [make_entry(1, content_html="", summary="")])[0]
        item = json.loads(render_json(doc))["items"][0]
        assert item["content_text"] == item["title"]


def test_dates_are_utc_whatever_zone_they_arrive_in(config: Config) -> None:
    hanoi = datetime(2024, 9, 2, 8, 30, 15, 999, tzinfo=UTC).astimezone(
        ZoneInfo("Asia/Ho_Chi_Minh")
    )
    doc = build_documents(config, [make_entry(1, published=hanoi, updated=hanoi)])[0]
    assert b"Mon, 02 Sep 2024 08:30:15 +0000" in render_rss(doc)
    assert b"2024-09-02T08:30:15+00:00" in render_atom(doc)
    assert b'"2024-09-02T08:30:15Z"' in render_json(doc)


def test_a_large_document_keeps_every_entry_in_order(config: Config) -> None:
    entries = [make_entry(n) for n in range(1, 400)]
    doc = replace(build_documents(config, [])[0], entries=tuple(entries[::-1]))
    for extension, fmt in FORMATS.items():
        parsed = check_feed_file(fmt.render(doc), extension)
        items = parsed["items"] if extension == ".json" else parsed.entries
        assert [i["id"] for i in items] == [e.id for e in entries[::-1]]


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_the_stylesheet_turns_every_feed_into_a_readable_page(
    documents: list[FeedDocument], extension: str
) -> None:
    stylesheet = etree.XSLT(etree.XML(static_files()["feed.xsl"]))
    for doc in documents:
        page = str(stylesheet(etree.fromstring(FORMATS[extension].render(doc))))
        assert '<html lang="vi">' in page
        for entry in doc.entries:
            assert entry.url in page
        assert ("trang lưu trữ" in page) == doc.archive
        assert ("Chưa có tin bài" in page) == (not doc.entries)
        assert f"{BASE}{doc.key}{extension}" in page  # the address to subscribe to


@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_the_stylesheet_shows_entries_kept_apart_by_milliseconds(
    config: Config, extension: str
) -> None:
    doc = build_documents(config, same_second_entries(3))[0]
    stylesheet = etree.XSLT(etree.XML(static_files()["feed.xsl"]))
    page = etree.HTML(str(stylesheet(etree.fromstring(FORMATS[extension].render(doc)))))
    assert [time.text.strip() for time in page.iter("time")] == ["02/09/2024"] * 3


def _instants() -> list[datetime]:
    """Times either side of local midnight around every month's end, leap days included."""
    found = []
    for year in (2023, 2024, 2100):
        for month in range(1, 13):
            first = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
            for hours in (-31, -24, -7.5, -7, -6.5, 0, 16.25, 17, 23.9):
                found.append(first + timedelta(hours=hours))
    return found


@pytest.mark.parametrize("timezone", ["Asia/Ho_Chi_Minh", "America/Sao_Paulo"])
@pytest.mark.parametrize("extension", [".rss", ".atom"])
def test_the_stylesheet_shows_publication_times_in_the_provinces_zone(
    config: Config, extension: str, timezone: str
) -> None:
    instants = _instants()
    entries = [make_entry(n, published=when) for n, when in enumerate(instants, start=1)]
    doc = replace(build_documents(config, [])[0], entries=tuple(entries[::-1]))
    stylesheet = etree.XSLT(etree.XML(static_files(timezone)["feed.xsl"]))
    page = etree.HTML(str(stylesheet(etree.fromstring(FORMATS[extension].render(doc)))))
    shown = [time.text.strip() for time in page.iter("time")]
    zone = ZoneInfo(timezone)
    expected = []
    for when in instants[::-1]:
        local = when.astimezone(zone)
        midnight = (local.hour, local.minute) == (0, 0)
        expected.append(f"{local:%d/%m/%Y}" if midnight else f"{local:%d/%m/%Y %H:%M}")
    assert shown == expected


@pytest.mark.parametrize(
    ("url", "published"),
    [
        # Portals keep the names images were uploaded with: spaces, Vietnamese letters.
        (
            "http://huyendakto.example.vn/Uploads/ảnh hội nghị [1] 50%.jpg",
            "http://huyendakto.example.vn/Uploads/"
            "%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B%20%5B1%5D%2050%25.jpg",
        ),
        ("http://x.vn/a%20b.jpg?w=300&h=200", "http://x.vn/a%20b.jpg?w=300&h=200"),
        # a host beyond ASCII in its IDNA form: percent-encoded, no resolver finds it
        ("https://ảnh.kontum.vn/Uploads/a b.jpg", "https://xn--nh-k5s.kontum.vn/Uploads/a%20b.jpg"),
    ],
)
def test_an_image_address_is_published_as_a_uri(config: Config, url: str, published: str) -> None:
    doc = build_documents(config, [make_entry(1, image_url=url)])[0]
    for extension, fmt in FORMATS.items():
        check_feed_file(fmt.render(doc), extension)
    item = etree.fromstring(render_rss(doc)).find("channel/item")
    assert item.find("enclosure").get("url") == published
    entry = etree.fromstring(render_atom(doc)).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link[@rel='enclosure']").get("href") == published
    assert json.loads(render_json(doc))["items"][0]["image"] == published
