"""feeds.opml and index.html: every feed listed, latest headlines shown, deterministic."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml import etree, html

from syndicate.config import Config
from syndicate.model import FeedDocument, SourceHealth
from syndicate.publish import build_documents, render_index, render_opml
from tests.publish.factories import BASE, T0, make_entry

HEALTH = [
    SourceHealth(
        "kon-plong-tin",
        "kon-plong",
        articles=4,
        last_success=datetime(2025, 3, 9, 23, 15, tzinfo=UTC),
        consecutive_failures=2,
        last_error_kind="timeout",
        last_error="hết thời gian chờ <30 s>",
    ),
    SourceHealth("dak-to-tin", "dak-to", articles=9, last_success=None),
    SourceHealth("nguon-cu", None),
]


@pytest.fixture
def documents(config: Config) -> list[FeedDocument]:
    entries = [
        make_entry(n, source=("dak-to-tin", "kon-plong-tin")[n % 2], title=f"Tin số {n} <mới>")
        for n in range(1, 14)
    ]
    return build_documents(config, entries)


class TestOpml:
    def test_lists_every_current_feed_once_in_its_group(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        root = etree.fromstring(render_opml(config, documents))
        assert root.get("version") == "2.0"
        assert root.findtext("head/title") == "Nguồn tin Tỉnh Kon Tum"
        groups = {
            g.get("text"): [o.get("xmlUrl") for o in g.findall("outline")]
            for g in root.findall("body/outline")
        }
        current = [d for d in documents if not d.archive]
        assert groups == {
            "Toàn tỉnh": [f"{BASE}province.atom"],
            "Theo huyện": [f"{BASE}{d.key}.atom" for d in current if "districts/" in d.key],
            "Theo chuyên mục": [f"{BASE}{d.key}.atom" for d in current if "categories/" in d.key],
        }
        assert len(groups["Theo huyện"]) == len(config.districts)

    def test_feed_outlines_carry_type_title_and_html_url(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        root = etree.fromstring(render_opml(config, documents))
        for outline in root.findall("body/outline/outline"):
            assert outline.get("type") == "rss"
            assert outline.get("text") == outline.get("title")
            assert outline.get("htmlUrl", "").startswith("http")
        for group in root.findall("body/outline"):
            assert set(group.attrib) == {"text"}

    def test_head_holds_only_what_the_feed_validator_knows(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        # The W3C Feed Validation Service reports any other head element, <docs> among
        # them (OPML 2.0 has it; the validator's rules do not), as an undefined element.
        known = {"title", "dateCreated", "dateModified", "ownerName", "ownerEmail", "ownerId"}
        known |= {"expansionState", "vertScrollState", "windowTop", "windowLeft"}
        known |= {"windowBottom", "windowRight"}
        head = etree.fromstring(render_opml(config, documents)).find("head")
        assert {child.tag for child in head} <= known

    def test_no_dates_so_bytes_only_change_with_the_list(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        more = build_documents(config, [make_entry(n) for n in range(1, 40)])
        assert render_opml(config, documents) == render_opml(config, more)
        assert b"dateCreated" not in render_opml(config, documents)


class TestIndex:
    def page(self, config: Config, documents: list[FeedDocument]) -> html.HtmlElement:
        return html.fromstring(render_index(config, documents, HEALTH))

    def page_with(self, config: Config, health: list[SourceHealth]) -> html.HtmlElement:
        return html.fromstring(render_index(config, build_documents(config, []), health))

    def test_language_viewport_and_alternate_links(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        page = self.page(config, documents)
        assert page.get("lang") == "vi"
        assert page.xpath("//meta[@name='viewport']")
        alternates = {
            (a.get("type"), a.get("href")) for a in page.xpath("//link[@rel='alternate']")
        }
        assert alternates == {
            ("application/rss+xml", "province.rss"),
            ("application/atom+xml", "province.atom"),
            ("application/feed+json", "province.json"),
        }
        assert not page.xpath("//script")

    def test_every_district_and_category_with_three_feeds(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        page = self.page(config, documents)
        text = page.text_content()
        for district in config.districts:
            assert district.name in text
            for extension in (".rss", ".atom", ".json"):
                assert page.xpath(f"//a[@href='districts/{district.slug}{extension}']")
        for category in config.categories:
            assert category.title in text
        assert page.xpath("//a[@href='feeds.opml']")

    def test_five_latest_headlines_per_feed_with_local_dates(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        page = self.page(config, documents)
        card = page.xpath("//article[.//a[@href='districts/dak-to.rss']]")[0]
        headlines = card.xpath(".//ol/li/a/text()")
        dak_to = next(d for d in documents if d.key == "districts/dak-to")
        assert headlines == [e.title for e in dak_to.entries[:5]]
        newest = dak_to.entries[0]
        local = newest.published.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        assert card.xpath(".//ol/li/time/text()")[0] == local.strftime("%d/%m/%Y %H:%M")
        empty = page.xpath("//article[.//a[@href='districts/ia-h-drai.rss']]")[0]
        assert "Chưa có tin bài" in empty.text_content()

    def test_a_day_without_a_time_shows_no_midnight(self, config: Config) -> None:
        # Stored at local midnight: the portal printed the day only.
        day_only = make_entry(1, published=datetime(2025, 1, 13, 17, 0, tzinfo=UTC))
        timed = make_entry(2, published=datetime(2025, 1, 14, 1, 30, tzinfo=UTC))
        page = self.page(config, build_documents(config, [day_only, timed]))
        card = page.xpath("//article[.//a[@href='province.rss']]")[0]
        assert card.xpath(".//ol/li/time/text()") == ["14/01/2025 08:30", "14/01/2025"]

    def test_a_direction_override_in_a_headline_stops_at_its_end(self, config: Config) -> None:
        # U+202E pasted into a title reverses what follows it up to the end of the line,
        # the date included, unless the title is isolated (dir="auto" does that).
        entry = make_entry(1, title="Tin \u202emới")
        page = self.page(config, build_documents(config, [entry]))
        for link in page.xpath("//ol[@class='latest']/li/a"):
            assert link.get("dir") == "auto"
            assert link.getnext().tag == "time"

    def test_a_first_seen_time_is_a_valid_html_datetime(self, config: Config) -> None:
        # An undated article is dated when first seen, to the microsecond; HTML allows
        # three digits of a second at most, and the feeds publish whole seconds.
        seen = datetime(2025, 3, 9, 23, 15, 42, 123456, tzinfo=UTC)
        page = self.page(config, build_documents(config, [make_entry(1, published=seen)]))
        shown = page.xpath("//ol[@class='latest']/li/time/@datetime")
        assert set(shown) == {"2025-03-09T23:15:42+00:00"}  # in every card listing it

    def test_a_quote_in_the_province_name_stays_in_the_alternate_links_title(
        self, config: Config
    ) -> None:
        # Written unescaped into the attribute, a name ending in '" href="…' replaced the
        # address of every feed a browser or reader discovers.
        name = 'Kon Tum "mẫu" href="https://x.example/feed.rss'
        config = replace(config, province=replace(config.province, name=name))
        page = html.fromstring(render_index(config, build_documents(config, []), HEALTH))
        links = page.xpath("//link[@rel='alternate']")
        assert {link.get("href") for link in links} == {
            "province.rss",
            "province.atom",
            "province.json",
        }
        assert all(name in link.get("title") for link in links)

    def test_headlines_are_escaped(self, config: Config, documents: list[FeedDocument]) -> None:
        data = render_index(config, documents, HEALTH)
        assert b"&lt;m\xe1\xbb\x9bi&gt;" in data and "<mới>".encode() not in data

    def test_source_health_table(self, config: Config, documents: list[FeedDocument]) -> None:
        page = self.page(config, documents)
        rows = [
            [cell.text_content() for cell in row.xpath("th|td")]
            for row in page.xpath("//table/tbody/tr")
        ]
        assert rows == [
            ["Đăk Tô: Tin trong huyện", "Huyện Đăk Tô", "chưa lần nào", "0", "—"],
            [
                "Kon Plông: Tin tức",
                "Huyện Kon Plông",
                "10/03/2025 06:15",
                "2",
                "timeout: hết thời gian chờ <30 s>",
            ],
            # configured, not collected yet: listed as never tried, as `status` lists it
            ["Cổng tỉnh: Tin tức", "Tỉnh Kon Tum", "chưa lần nào", "0", "—"],
        ]  # nguon-cu, stored but no longer configured, is not listed

    def test_the_health_table_is_of_the_province_as_configured(self, config: Config) -> None:
        # The store recorded dak-to-tin under kon-plong before the config moved it, and
        # knows no other source yet: the page said so until the next sync, as `status`
        # did not.
        stale = SourceHealth(
            "dak-to-tin", "kon-plong", articles=3, last_success=datetime(2025, 3, 1, tzinfo=UTC)
        )
        page = self.page_with(config, [stale])
        rows = {
            cells[0]: cells[1:]
            for row in page.xpath("//table/tbody/tr")
            if (cells := [cell.text_content() for cell in row.xpath("th|td")])
        }
        assert set(rows) == {s.title for s in config.sources}
        assert rows["Đăk Tô: Tin trong huyện"][0] == "Huyện Đăk Tô"

    def test_the_footers_newest_news_is_the_newest_headline(self, config: Config) -> None:
        # An old article edited a month on made the page claim news no headline has.
        newest = make_entry(2)
        edited_old = make_entry(1, updated=T0 + timedelta(days=30))
        page = html.fromstring(
            render_index(config, build_documents(config, [newest, edited_old]), [])
        )
        footer = page.xpath("string(//footer/p[@class='muted'])")
        latest = page.xpath("//article[.//a[@href='province.rss']]//ol/li/time/text()")[0]
        assert footer == f"Tin mới nhất: {latest}"

    def test_deterministic(self, config: Config, documents: list[FeedDocument]) -> None:
        assert render_index(config, documents, HEALTH) == render_index(
            config, list(documents), list(HEALTH)
        )

    def test_empty_province(self, config: Config) -> None:
        page = html.fromstring(render_index(config, build_documents(config, []), []))
        assert "Chưa có tin bài" in page.text_content()
        assert "Chưa thu thập nguồn tin nào" in page.text_content()

    def test_archive_documents_are_not_listed(
        self, config: Config, documents: list[FeedDocument]
    ) -> None:
        assert any(d.archive for d in documents)
        assert b"archive/" not in render_index(config, documents, HEALTH)
        doc = replace(documents[0], title="Tin tức riêng")
        assert "Tin tức riêng" in html.fromstring(render_index(config, [doc], [])).text_content()
