"""The small text helpers the sample pages are written with."""

from __future__ import annotations

from datetime import date

import pytest

from syndicate.demo.text import banner_date, parse_portal_date, slugify, thousands, tone_new_style


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa bình", "hoà bình"),
        ("Hòa Bình", "Hoà Bình"),
        ("HÒA", "HOÀ"),
        ("thủy lợi", "thuỷ lợi"),
        ("sức khỏe", "sức khoẻ"),
        ("Ủy ban", "Uỷ ban"),
        ("họa sĩ", "hoạ sĩ"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: the same in both styles
        ("của", "của"),  # "ua" is not one of oa, oe, uy
        ("quý", "quý"),  # "qu" is a consonant
        ("thuyền", "thuyền"),
    ],
)
def test_tone_new_style(old: str, new: str) -> None:
    assert tone_new_style(old) == new


@pytest.mark.parametrize(
    ("title", "capitalised", "slug"),
    [
        ("Khai mạc Hội thi cồng chiêng", False, "khai-mac-hoi-thi-cong-chieng"),
        ("Khai mạc Hội thi cồng chiêng", True, "Khai-mac-Hoi-thi-cong-chieng"),
        ("Đăk Glei: trồng mới 200 ha", True, "Dak-Glei-trong-moi-200-ha"),
        ("Ia H'Drai tổ chức", False, "ia-h-drai-to-chuc"),
    ],
)
def test_slugify(title: str, capitalised: bool, slug: str) -> None:
    assert slugify(title, capitalised=capitalised) == slug


@pytest.mark.parametrize(("n", "text"), [(7, "7"), (1453, "1.453"), (1234567, "1.234.567")])
def test_thousands(n: int, text: str) -> None:
    assert thousands(n) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 1, 21), "Thứ 3, ngày 21 tháng 1 năm 2025"),
        (date(2024, 6, 16), "Chủ nhật, ngày 16 tháng 6 năm 2024"),
        (date(2024, 4, 22), "Thứ 2, ngày 22 tháng 4 năm 2024"),
    ],
)
def test_banner_date(day: date, text: str) -> None:
    assert banner_date(day) == text


def test_portal_dates_are_aware_and_in_vietnam_time() -> None:
    moment = parse_portal_date("14/06/2024 19:30")
    assert moment.isoformat() == "2024-06-14T19:30:00+07:00"
