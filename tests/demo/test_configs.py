"""config/demo.toml and config/province.toml load, agree, and match the sample site."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import lxml.html
import pytest

from syndicate.config import Config, HtmlOptions, load_config
from syndicate.demo import CATEGORY_SLUGS, SOURCES, Site
from syndicate.demo.sources import portal

from .conftest import BASE_URL

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def demo() -> Config:
    return load_config(CONFIG / "demo.toml")


@pytest.fixture(scope="module")
def province() -> Config:
    return load_config(CONFIG / "province.toml")


def key(label: str) -> str:
    return unicodedata.normalize("NFC", label).casefold()


def test_both_configs_share_the_category_table(demo: Config, province: Config) -> None:
    assert demo.categories == province.categories
    assert {c.slug for c in demo.categories} == {
        "tin-tuc-su-kien", "tin-dia-phuong", "hoat-dong-lanh-dao", "chinh-tri", "kinh-te",
        "van-hoa-xa-hoi", "quoc-phong-an-ninh", "chi-dao-dieu-hanh", "thong-bao",
        "tuyen-truyen-phap-luat", "cai-cach-hanh-chinh",
    }  # fmt: skip


@pytest.mark.parametrize(("label", "slug"), sorted(CATEGORY_SLUGS.items()))
def test_every_native_label_of_the_sample_maps_to_its_category(
    demo: Config, label: str, slug: str
) -> None:
    matches = {
        c.slug for c in demo.categories if key(label) in {key(c.title), *map(key, c.aliases)}
    }
    assert matches == {slug}


def test_demo_sources_are_the_sample_sources(demo: Config, site: Site) -> None:
    assert [s.id for s in demo.sources] == [s.id for s in SOURCES]
    for configured, sample in zip(demo.sources, SOURCES, strict=True):
        assert configured.url == site.source_url(sample.id)
        assert site[configured.url.removeprefix(BASE_URL)].body
        assert configured.district == portal(sample.portal).district
        assert configured.kind == ("feed" if sample.feed else "html")
        if configured.category:
            assert configured.category == sample.section
            assert {a.category for a in site.listed(sample.id)} == {sample.section}


def test_demo_leaves_some_html_sources_automatic(demo: Config) -> None:
    options = [s.options for s in demo.sources if isinstance(s.options, HtmlOptions)]
    assert sum(1 for o in options if o.automatic and o.links is None) >= 2


def test_demo_selectors_find_their_elements(demo: Config, site: Site) -> None:
    for configured in demo.sources:
        options = configured.options
        if not isinstance(options, HtmlOptions) or options.automatic:
            continue
        article = site.listed(configured.id)[0]
        listing = lxml.html.fromstring(site[configured.url.removeprefix(BASE_URL)].body)
        page = lxml.html.fromstring(site[article.path].body)
        for selector in (options.item, options.links, options.item_title, options.item_summary):
            assert selector and listing.cssselect(selector), (configured.id, selector)
        for selector in (options.title, options.date, options.summary, options.body, *options.drop):
            assert selector and page.cssselect(selector), (configured.id, selector)


def test_demo_storage_and_province(demo: Config) -> None:
    assert demo.province.name == "Tỉnh Kon Tum (mẫu)"
    assert demo.province.base_url == "http://127.0.0.1:8080/"
    assert demo.storage.database.resolve() == (CONFIG.parent / "var" / "demo.db").resolve()
    assert demo.storage.output.resolve() == (CONFIG.parent / "public").resolve()
    assert demo.http.host_delay == 0


@pytest.mark.parametrize(
    ("slug", "code", "aliases"),
    [
        ("thanh-pho-kon-tum", 608, ["TP Kon Tum"]),
        ("dak-glei", 610, ["Đắk Glei", "Đắc Glây"]),
        ("ngoc-hoi", 611, []),
        ("dak-to", 612, ["Đắk Tô"]),
        ("kon-plong", 613, []),
        ("kon-ray", 614, ["Kon Rộy"]),
        ("dak-ha", 615, ["Đắk Hà", "Đắc Hà", "Đák Hà"]),
        ("sa-thay", 616, []),
        ("tu-mo-rong", 617, []),
        ("ia-h-drai", 618, ["Ia H’Drai", "Ia H' Drai"]),
    ],
)
def test_province_districts(province: Config, slug: str, code: int, aliases: list[str]) -> None:
    district = province.district(slug)
    assert district is not None and district.code == code
    assert set(aliases) <= set(district.aliases)
    assert (district.home_url is None) == (slug == "ia-h-drai")  # its host was not found


def test_province_sources_are_automatic_on_real_hosts(province: Config) -> None:
    assert province.province.home_url == "https://www.kontum.gov.vn/"
    assert {s.district for s in province.sources} == {
        d.slug for d in province.districts if d.home_url
    } | {None}
    for source in province.sources:
        assert source.host.endswith("kontum.gov.vn")
        assert isinstance(source.options, HtmlOptions) and source.options.automatic
