"""What a listing says about an article, compared from run to run."""

from __future__ import annotations

import pytest

from syndicate.harvest import listing_fingerprint
from syndicate.model import ListingItem

URL = "http://huyendakto.example.vn/tin-trong-huyen/hoi-nghi-101.html"


def item(date_text: str | None) -> ListingItem:
    return ListingItem(URL, "Hội nghị tổng kết năm", "Huyện tổng kết công tác.", date_text)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("2 giờ trước", "3 giờ trước"),
        ("45 phút trước", "1 giờ trước"),
        ("Hôm nay 08:15", "Hôm qua 08:15"),
        ("Cập nhật: 3 ngày trước", "Cập nhật: 4 ngày trước"),
    ],
)
def test_a_relative_date_that_reads_on_is_no_change(earlier: str, later: str) -> None:
    # Read again an hour later, it would have the article fetched on every run.
    assert listing_fingerprint(item(earlier)) == listing_fingerprint(item(later))


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("02/09/2024", "03/09/2024"),
        ("Thứ Hai, 02/09/2024 - 08:15", "Thứ Hai, 02/09/2024 - 09:15"),
        ("Trước Tết, 02/09/2024", "Trước Tết, 03/09/2024"),
    ],
)
def test_a_printed_date_that_changes_is_a_change(earlier: str, later: str) -> None:
    assert listing_fingerprint(item(earlier)) != listing_fingerprint(item(later))
