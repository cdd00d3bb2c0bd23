"""Tests change the sample site: edit an article, unlist one, add one."""

from __future__ import annotations

import pytest

from syndicate.demo import Site, build_site, new_article

from .conftest import BASE_URL, TODAY


def test_editing_an_article_changes_its_page_listing_and_feed(site: Site) -> None:
    original = site.article("kontum-01")
    edited = site.edited("kontum-01", title="Phiên họp thường kỳ tháng 3 đã bế mạc")
    assert edited.article("kontum-01").path == original.path  # the URL stays
    assert "Phiên họp thường kỳ tháng 3 đã bế mạc" in edited[original.path].body.decode()
    feed = site.source_url("kontum-tin-tuc").removeprefix(BASE_URL)
    assert edited[feed].body != site[feed].body
    assert site[original.path].body != edited[original.path].body
    assert site.article("kontum-01").title == original.title  # the old site is untouched


def test_editing_the_body(site: Site) -> None:
    edited = site.edited("dakglei-04", body=("Cầu treo đã được bàn giao cho thôn quản lý.",))
    page = edited[site.article("dakglei-04").path].body.decode()
    assert "Cầu treo đã được bàn giao cho thôn quản lý." in page
    assert site.article("dakglei-04").paragraphs[0] not in page


def test_unlisting_hides_an_article_from_listings_but_keeps_its_page(site: Site) -> None:
    gone = site.listed("sa-thay-tin")[0]
    smaller = site.without(gone.id)
    assert gone.id not in {a.id for a in smaller.listed("sa-thay-tin")}
    first = smaller.listing_paths("sa-thay-tin")[0]
    assert gone.path.encode() not in smaller[first].body
    assert smaller[gone.path].body  # still answers, as on a real portal


def test_adding_an_article_puts_it_on_top(site: Site) -> None:
    fresh = new_article(
        "dakglei-new",
        "dak-glei-tin",
        "Đăk Glei khai trương chợ phiên vùng cao",
        [
            "Sáng nay, chợ phiên đầu tiên của xã Đăk Choong đã mở cửa.",
            "Bà con mang nông sản đến bán.",
        ],
        "20/06/2025 07:30",
    )
    grown = site.with_article(fresh)
    assert grown.listed("dak-glei-tin")[0].id == "dakglei-new"
    assert fresh.path.encode() in grown[grown.listing_paths("dak-glei-tin")[0]].body
    assert "Đăk Glei khai trương chợ phiên vùng cao" in grown[fresh.path].body.decode()
    assert fresh.path.startswith(
        "/dakglei/tin-trong-huyen/Dak-Glei-khai-truong-cho-phien-vung-cao-"
    )


def test_overrides_compose(site: Site) -> None:
    changed = site.without("dakto-01").edited("dakto-02", title="Sâm dây Đăk Tô vào mùa thu hoạch")
    assert set(changed.overrides) == {"dakto-01", "dakto-02"}
    assert changed.today == site.today == TODAY


def test_unlisting_an_unknown_article_fails_loudly() -> None:
    with pytest.raises(KeyError, match="khong-co"):
        build_site(BASE_URL, today=TODAY, overrides={"khong-co": None})


def test_an_override_must_carry_its_own_id(site: Site) -> None:
    with pytest.raises(ValueError, match="carries article"):
        build_site(BASE_URL, today=TODAY, overrides={"dakto-01": site.article("dakto-02")})
