"""Dates as Vietnamese portals print them (syndicate.text.dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate.text.dates import (
    DATE_ONLY_STYLES,
    SECONDS_STYLES,
    STYLES,
    ParsedDate,
    choose_published,
    format_vietnamese_date,
    is_banner_date,
    parse_feed_date,
    parse_relative_date,
    parse_vietnamese_date,
    publication_text,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# (text, expected instant in UTC or None, has_time). Local times are UTC+7, so a
# date-only value is 17:00 UTC on the day before.
PARSE_CASES: list[tuple[str, datetime | None, bool]] = [
    # numeric dates, with and without labels
    ("22/01/2021", utc(2021, 1, 21, 17, 0), False),
    ("Ngày đăng: 22/04/2019  22:02", utc(2019, 4, 22, 15, 2), True),
    ("22/01/2021 08:30", utc(2021, 1, 22, 1, 30), True),
    ("22-1-2021", utc(2021, 1, 21, 17, 0), False),
    # the part of the day after a 12-hour time; "8g30", "giờ" cut short
    ("02/09/2024 2:30 chiều", utc(2024, 9, 2, 7, 30), True),
    ("2 giờ 30 chiều ngày 2/9/2024", utc(2024, 9, 2, 7, 30), True),
    ("02/09/2024 lúc 7 giờ tối", utc(2024, 9, 2, 12, 0), True),
    ("02/09/2024 10 giờ đêm", utc(2024, 9, 2, 15, 0), True),
    ("02/09/2024 1 giờ trưa", utc(2024, 9, 2, 6, 0), True),
    ("02/09/2024 11 giờ trưa", utc(2024, 9, 2, 4, 0), True),
    ("02/09/2024 14:30 chiều", utc(2024, 9, 2, 7, 30), True),
    ("02/09/2024 8 giờ sáng", utc(2024, 9, 2, 1, 0), True),
    ("8g30 ngày 02/09/2024", utc(2024, 9, 2, 1, 30), True),
    # year first with slashes (ASP.NET), never read as a day
    ("2021/01/22 08:30:00", utc(2021, 1, 22, 1, 30), True),
    ("2021/1/22", utc(2021, 1, 21, 17, 0), False),
    ("12/2021/01/22", None, False),
    ("12-7-2017", utc(2017, 7, 11, 17, 0), False),
    ("22.01.2021", utc(2021, 1, 21, 17, 0), False),
    ("(22/01/2021)", utc(2021, 1, 21, 17, 0), False),
    ("Cập nhật: 03/9/2024 - 14:05", utc(2024, 9, 3, 7, 5), True),
    ("Số 15/2021/KH-UBND ngày 22/01/2021 của UBND huyện", utc(2021, 1, 21, 17, 0), False),
    # weekdays, all spellings
    ("Thứ Hai, 25/01/2021 08:30", utc(2021, 1, 25, 1, 30), True),
    ("Thứ 2, 25/01/2021", utc(2021, 1, 24, 17, 0), False),
    ("T2, 25/01/2021", utc(2021, 1, 24, 17, 0), False),
    ("Thứ ba - 27/06/2023 10:14", utc(2023, 6, 27, 3, 14), True),
    ("Thứ tư, 24/04/2024", utc(2024, 4, 23, 17, 0), False),
    ("Thứ 4, Ngày 24/04/2024 -", utc(2024, 4, 23, 17, 0), False),
    ("Thứ Năm, 01/01/2015 07:00", utc(2015, 1, 1, 0, 0), True),
    ("THỨ SÁU, 02/01/2015", utc(2015, 1, 1, 17, 0), False),
    ("Thứ bẩy, 23/01/2021", utc(2021, 1, 22, 17, 0), False),
    ("Thứ Bảy, 23/01/2021 19:45", utc(2021, 1, 23, 12, 45), True),
    ("Chủ nhật, 24/01/2021", utc(2021, 1, 23, 17, 0), False),
    ("CN, 24/01/2021", utc(2021, 1, 23, 17, 0), False),
    # long forms and zones
    ("Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT+7)", utc(2024, 12, 8, 9, 2), True),
    ("Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT +7)", utc(2024, 12, 8, 9, 2), True),
    ("ngày 21 tháng 1 năm 2025", utc(2025, 1, 20, 17, 0), False),
    # without "năm", as some feeds print their dates (feedparser cannot read them)
    ("Thứ hai, 02 Tháng 9 2024 08:30:00 +0700", utc(2024, 9, 2, 1, 30), True),
    ("21 tháng 1, 2025", utc(2025, 1, 20, 17, 0), False),
    ("Thứ ba, 02 Tháng 9 2024", None, False),  # 02/09/2024 was a Monday
    ("trong 3 tháng 2024", None, False),
    ("Cập nhật lúc 08:56, Thứ Hai, 09/07/2018 (GMT+7)", utc(2018, 7, 9, 1, 56), True),
    ("22/01/2021 16:02:11 GMT+07:00", utc(2021, 1, 22, 9, 2, 11), True),
    ("22/01/2021 16:02 (GMT+0)", utc(2021, 1, 22, 16, 2), True),  # explicit zone wins
    ("22/01/2021 10:00 UTC-5", utc(2021, 1, 22, 15, 0), True),
    ("22/01/2021 10:00 ICT", utc(2021, 1, 22, 3, 0), True),
    ("22/01/2021 10:00 -0500", utc(2021, 1, 22, 15, 0), True),
    ("22/01/2021 10:00 +0545", utc(2021, 1, 22, 4, 15), True),
    # a count after the time is not a zone
    ("02/09/2024 08:30 -1234 lượt xem", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 08:30 -1500 lượt xem", utc(2024, 9, 2, 1, 30), True),
    # times before the date and in words
    ("08h30 22/01/2021", utc(2021, 1, 22, 1, 30), True),
    ("8h 22/01/2021", utc(2021, 1, 22, 1, 0), True),
    ("22/01/2021 08h30", utc(2021, 1, 22, 1, 30), True),
    ("8 giờ 30 phút, ngày 22/01/2021", utc(2021, 1, 22, 1, 30), True),
    ("20 giờ, ngày 22/01/2021", utc(2021, 1, 22, 13, 0), True),
    ("8 giờ 30, ngày 22/01/2021", utc(2021, 1, 22, 1, 30), True),
    ("Thứ Sáu, 22/01/2021, 08 giờ 30", utc(2021, 1, 22, 1, 30), True),
    ("ngày 22/01/2021 lúc 20 giờ 15'", utc(2021, 1, 22, 13, 15), True),
    ("ngày 22/01/2021 lúc 20 giờ", utc(2021, 1, 22, 13, 0), True),
    ("Lúc 16:02:11 ngày 22/01/2021", utc(2021, 1, 22, 9, 2, 11), True),
    # 12-hour clocks: AM/PM, and SA/CH (sáng/chiều) as .NET prints them in Vietnamese
    ("02/09/2024 08:30 PM", utc(2024, 9, 2, 13, 30), True),
    ("02/09/2024 08:30 CH", utc(2024, 9, 2, 13, 30), True),
    ("02/09/2024 8:30:15 ch", utc(2024, 9, 2, 13, 30, 15), True),
    ("02/09/2024 08:30 AM", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 08:30 SA", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 08:30pm (GMT+7)", utc(2024, 9, 2, 13, 30), True),
    ("02/09/2024 12:00 AM", utc(2024, 9, 1, 17, 0), True),
    ("02/09/2024 12:15 SA", utc(2024, 9, 1, 17, 15), True),
    ("02/09/2024 12:00 PM", utc(2024, 9, 2, 5, 0), True),
    ("02/09/2024 12:00 CH", utc(2024, 9, 2, 5, 0), True),
    ("8:30 CH, Thứ Hai, 02/09/2024", utc(2024, 9, 2, 13, 30), True),
    ("02/09/2024 14:30 Sa Thầy", utc(2024, 9, 2, 7, 30), True),  # a place, not "sáng"
    # the minutes marked after "h", the time in brackets
    ("08h30' 02/09/2024", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 08h30p", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 (08:30)", utc(2024, 9, 2, 1, 30), True),
    ("(08:30) 02/09/2024", utc(2024, 9, 2, 1, 30), True),
    ("02/09/2024 (3 giờ trước)", utc(2024, 9, 1, 17, 0), False),  # how long ago
    ("02/09/2024 - 1 giờ 30 phút trước", utc(2024, 9, 1, 17, 0), False),
    # twelve at night is midnight, never noon
    ("02/09/2024 12 giờ đêm", utc(2024, 9, 1, 17, 0), True),
    ("02/09/2024 12:30 đêm", utc(2024, 9, 1, 17, 30), True),
    ("02/09/2024 12 giờ tối", utc(2024, 9, 1, 17, 0), True),
    ("02/09/2024 12h đêm", utc(2024, 9, 1, 17, 0), True),
    ("02/09/2024 12 giờ trưa", utc(2024, 9, 2, 5, 0), True),
    ("02/09/2024 12 GIỜ ĐÊM", utc(2024, 9, 1, 17, 0), True),
    # a capitalised word after the time opens the next text: no part of the day
    ("02/09/2024 12:30 Đêm nhạc mừng Quốc khánh", utc(2024, 9, 2, 5, 30), True),
    ("02/09/2024 8:30 Tối 1/9, UBND huyện", utc(2024, 9, 2, 1, 30), True),
    # ... before the date it is the time's
    ("2:30 Chiều, 02/09/2024", utc(2024, 9, 2, 7, 30), True),
    ("Cập nhật lúc 8:30 Tối ngày 02/09/2024", utc(2024, 9, 2, 13, 30), True),
    # .NET's en-US culture (DateTime.ToString()): slashes, no leading zero, seconds and
    # an English AM/PM, the month first
    ("9/2/2024 8:30:00 AM", utc(2024, 9, 2, 1, 30), True),
    ("9/2/2024 8:30:00 PM", utc(2024, 9, 2, 13, 30), True),
    ("9/25/2024 8:30:00 AM", utc(2024, 9, 25, 1, 30), True),
    ("12/25/2024 10:30:00 AM", utc(2024, 12, 25, 3, 30), True),  # day first is impossible
    ("25/9/2024 8:30:00 AM", utc(2024, 9, 25, 1, 30), True),  # month first is impossible
    ("Thứ Hai, 2/9/2024 8:30:00 AM", utc(2024, 9, 2, 1, 30), True),  # the weekday decides
    # ... and what is not it: day first
    ("12/11/2024 10:30:00 AM", utc(2024, 11, 12, 3, 30), True),  # nothing tells
    ("11/12/2024 8:30:00 AM", utc(2024, 11, 12, 1, 30), True),  # the hour tells
    ("12/11/2024 8:30 am", utc(2024, 11, 12, 1, 30), True),  # the hour alone tells nothing
    ("2/9/2024 8:30 AM", utc(2024, 9, 2, 1, 30), True),  # no seconds: PHP's "j/n/Y g:i A"
    ("9/2/2024 08:30:00 AM", utc(2024, 2, 9, 1, 30), True),  # a zero: a template's
    ("9/2/2024 8:30:00 SA", utc(2024, 2, 9, 1, 30), True),  # Vietnamese culture
    ("9-2-2024 8:30:00 AM", utc(2024, 2, 9, 1, 30), True),  # not .NET's separator
    ("2/31/2024 8:30 AM", None, False),
    ("02/09/2024 08:30 Chủ tịch", utc(2024, 9, 2, 1, 30), True),
    # invisible characters pasted in: beside a separator dropped, elsewhere a space
    ("22/01/2021 08\u200b:30", utc(2021, 1, 22, 1, 30), True),
    ("22\u200b/01/2021 08:30", utc(2021, 1, 22, 1, 30), True),
    ("22/01/2021\u200c08:30", utc(2021, 1, 22, 1, 30), True),
    ("22/01/2021\u200e 08:30\u200e (GMT+0)", utc(2021, 1, 22, 8, 30), True),
    ("Thứ Sáu\u200d, 22/01/2021\ufeff", utc(2021, 1, 21, 17, 0), False),
    ("Thứ Bảy\u200d, 22/01/2021", None, False),  # the weekday still checked
    # ISO
    ("2024-09-02", utc(2024, 9, 1, 17, 0), False),
    ("2024-09-02 08:30:00", utc(2024, 9, 2, 1, 30), True),
    ("2024-09-02T08:30:00", utc(2024, 9, 2, 1, 30), True),
    ("2024-09-02T08:30:00+07:00", utc(2024, 9, 2, 1, 30), True),
    ("2024-09-02T08:30:00Z", utc(2024, 9, 2, 8, 30), True),
    ("2024-09-02T08:30:00.123+0530", utc(2024, 9, 2, 3, 0), True),
    # ISO with a 12-hour clock's marker, by the same rules
    ("2024-09-02 08:30 PM", utc(2024, 9, 2, 13, 30), True),
    ("2024-09-02T08:30:00 CH", utc(2024, 9, 2, 13, 30), True),
    ("2024-09-02 08:30:15 ch", utc(2024, 9, 2, 13, 30, 15), True),
    ("2024-09-02 08:30 AM", utc(2024, 9, 2, 1, 30), True),
    ("2024-09-02 08:30 SA", utc(2024, 9, 2, 1, 30), True),
    ("2024-09-02 12:00 AM", utc(2024, 9, 1, 17, 0), True),
    ("2024-09-02T12:15:00 SA", utc(2024, 9, 1, 17, 15), True),
    ("2024-09-02 12:00 PM", utc(2024, 9, 2, 5, 0), True),
    ("2024-09-02 08:30pm (GMT+7)", utc(2024, 9, 2, 13, 30), True),
    ("2024-09-02 08:30 PM +05:30", utc(2024, 9, 2, 15, 0), True),
    ("2024-09-02 14:30 Sa Thầy", utc(2024, 9, 2, 7, 30), True),  # a place, not "sáng"
    ("2024-09-02 08:30 Chủ tịch", utc(2024, 9, 2, 1, 30), True),
    # the first date wins
    ("Từ 22/01/2021 đến 25/01/2021", utc(2021, 1, 21, 17, 0), False),
    # rejections
    ("Thứ Ba, 25/01/2021 08:30", None, False),  # 25/01/2021 was a Monday
    ("CN, 25/01/2021", None, False),
    ("31/02/2021", None, False),
    ("25/13/2021", None, False),
    ("22/01/2021 25:00", None, False),
    ("22/01/2021 24:00", None, False),
    ("25 giờ, ngày 22/01/2021", None, False),
    ("22/01/2021 08:61", None, False),
    ("02/09/2024 13:30 PM", None, False),
    ("02/09/2024 20:30 CH", None, False),
    ("22/01/1989", None, False),
    ("22/01/2101", None, False),
    ("2024-09-02T08:30:00+15:00", None, False),
    ("2024-09-02 13:30 PM", None, False),
    ("2024-09-02T20:30:00 CH", None, False),
    ("Không có ngày tháng", None, False),
    ("", None, False),
    ("1.453 lượt xem", None, False),
    ("9.677,3 km²", None, False),
    ("nhiệm kỳ 2020-2025", None, False),
    ("Cụm công nghiệp 24/4", None, False),
    ("Sáng 31/8", None, False),  # no year: never guessed
]


@pytest.mark.parametrize(("text", "expected", "has_time"), PARSE_CASES)
def test_parse_vietnamese_date(text: str, expected: datetime | None, has_time: bool) -> None:
    parsed = parse_vietnamese_date(text, VN)
    if expected is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.value.astimezone(UTC) == expected
    assert parsed.value.tzinfo is not None
    assert parsed.has_time is has_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no zone: the given one (UTC+7 here)
        ("Mon, 02 Sep 2024 08:30:00", utc(2024, 9, 2, 1, 30)),
        ("2 Sep 2024 08:30", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 24 08:30:00", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 2024 08:30:00 XYZ", utc(2024, 9, 2, 1, 30)),  # a name nobody knows
        # zones: numeric, the RFC's names, and the ones portals write
        ("Mon, 02 Sep 2024 08:30:00 +0000", utc(2024, 9, 2, 8, 30)),
        ("Mon, 02 Sep 2024 08:30:00 GMT", utc(2024, 9, 2, 8, 30)),
        ("Mon, 02 Sep 2024 08:30:00 EST", utc(2024, 9, 2, 13, 30)),
        ("Mon, 2 Sep 2024 08:30 ICT", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 2024 08:30:00 GMT+7", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 2024 08:30:00 (GMT+07:00)", utc(2024, 9, 2, 1, 30)),
        # an offset in hours alone, and Windows' name of the zone (.NET): no longer
        # taken for no zone, estimated
        ("Mon, 02 Sep 2024 08:30:00 +07", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 2024 08:30:00 -05", utc(2024, 9, 2, 13, 30)),
        ("Mon, 02 Sep 2024 08:30:00 SE Asia Standard Time", utc(2024, 9, 2, 1, 30)),
        ("Mon, 02 Sep 2024 08:30:00 +99", None),
        # a 12-hour clock's marker, read as on page dates, not taken for a zone name
        ("Mon, 02 Sep 2024 8:30 PM", utc(2024, 9, 2, 13, 30)),
        ("Mon, 02 Sep 2024 08:30:00 CH", utc(2024, 9, 2, 13, 30)),
        ("Mon, 02 Sep 2024 12:15:00 AM", utc(2024, 9, 1, 17, 15)),
        ("Mon, 02 Sep 2024 08:30:00 SA +0000", utc(2024, 9, 2, 8, 30)),
        ("Mon, 02 Sep 2024 08:30 PM GMT+7", utc(2024, 9, 2, 13, 30)),
        ("Mon, 02 Sep 2024 08:30 PM EST", utc(2024, 9, 3, 1, 30)),
        ("Mon, 02 Sep 2024 08:30\u200b:00 +0000", utc(2024, 9, 2, 8, 30)),
        # not RFC 822, or impossible
        ("02/09/2024 08:30", None),
        ("Mon, 02 Sep 2024", None),
        ("Fri, 31 Feb 2024 08:30:00", None),
        ("Mon, 02 Sep 2024 25:30:00", None),
        ("Mon, 02 Foo 2024 08:30:00", None),
        ("Mon, 02 Sep 1989 08:30:00", None),
        ("Mon, 01 Jan 0001 00:00:00 GMT", None),  # .NET's DateTime.MinValue, not 2001
        ("Mon, 01 Jan 0024 00:00:00 GMT", None),
        ("Mon, 02 Sep 2024 08:30:00 - 1.234 lượt xem", None),
        ("Mon, 02 Sep 2024 20:30 PM", None),
    ],
)
def test_parse_feed_date(text: str, expected: datetime | None) -> None:
    parsed = parse_feed_date(text, VN)
    if expected is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.value.astimezone(UTC) == expected
    assert parsed.has_time is True


def test_feed_dates_without_a_zone_use_the_given_zone_and_ict_is_plus_seven() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert parse_feed_date("Mon, 02 Sep 2024 08:30:00", tokyo) == ParsedDate(
        datetime(2024, 9, 2, 8, 30, tzinfo=tokyo), has_time=True
    )
    ict = parse_feed_date("Mon, 02 Sep 2024 08:30:00 ICT", tokyo)
    assert ict is not None and ict.value.astimezone(UTC) == utc(2024, 9, 2, 1, 30)


def test_parsed_value_keeps_the_local_date() -> None:
    parsed = parse_vietnamese_date("Thứ Hai, 25/01/2021", VN)
    assert parsed == ParsedDate(value=datetime(2021, 1, 25, tzinfo=VN), has_time=False)


def test_zone_less_dates_use_the_given_zone() -> None:
    parsed = parse_vietnamese_date("22/01/2021 08:30", UTC)
    assert parsed is not None
    assert parsed.value == utc(2021, 1, 22, 8, 30)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Thứ 3, ngày 21 tháng 1 năm 2025", date(2025, 1, 21), True),
        ("Thứ 4, Ngày 24/04/2024 -", date(2024, 4, 24), True),
        ("Thứ 3, ngày 21 tháng 1 năm 2025", date(2025, 1, 22), False),  # yesterday's item
        ("21/01/2025 08:00", date(2025, 1, 21), False),  # a time: a real post date
    ],
)
def test_is_banner_date(text: str, today: date, expected: bool) -> None:
    parsed = parse_vietnamese_date(text, VN)
    assert parsed is not None
    assert is_banner_date(parsed, today) is expected


FIRST_SEEN = datetime(2024, 9, 2, 12, 0, tzinfo=VN)  # 05:00 UTC


@pytest.mark.parametrize(
    ("parsed", "expected"),
    [
        (None, (utc(2024, 9, 2, 5, 0), True)),
        (
            ParsedDate(datetime(2024, 9, 1, 8, 30, tzinfo=VN), has_time=True),
            (utc(2024, 9, 1, 1, 30), False),
        ),
        (
            ParsedDate(datetime(2024, 9, 2, tzinfo=VN), has_time=False),
            (utc(2024, 9, 1, 17, 0), False),
        ),
        # later the same day (a clock a little ahead) is still believed
        (datetime(2024, 9, 2, 20, 0, tzinfo=VN), (utc(2024, 9, 2, 13, 0), False)),
        # exactly one day ahead is the limit
        (datetime(2024, 9, 3, 12, 0, tzinfo=VN), (utc(2024, 9, 3, 5, 0), False)),
        # more than a day in the future: a typo, so first_seen, estimated
        (datetime(2024, 9, 3, 12, 1, tzinfo=VN), (utc(2024, 9, 2, 5, 0), True)),
        (
            ParsedDate(datetime(2042, 9, 2, tzinfo=VN), has_time=False),
            (utc(2024, 9, 2, 5, 0), True),
        ),
        (datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-5))), (utc(2020, 1, 1, 5), False)),
        # a placeholder (PHP's date('r', 0), .NET's DateTime.MinValue) is no date
        (datetime(1970, 1, 1, tzinfo=UTC), (utc(2024, 9, 2, 5, 0), True)),
        (datetime(1, 1, 1, tzinfo=UTC), (utc(2024, 9, 2, 5, 0), True)),
        # a date that is itself an estimate ("2 giờ trước") stays one
        (
            ParsedDate(datetime(2024, 9, 2, 10, 0, tzinfo=VN), has_time=True, estimated=True),
            (utc(2024, 9, 2, 3, 0), True),
        ),
    ],
)
def test_choose_published(
    parsed: ParsedDate | datetime | None, expected: tuple[datetime, bool]
) -> None:
    result = choose_published(parsed, FIRST_SEEN)
    assert result == expected
    assert result[0].tzinfo is UTC


def test_choose_published_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        choose_published(datetime(2024, 9, 2), FIRST_SEEN)
    with pytest.raises(ValueError, match="aware"):
        choose_published(None, datetime(2024, 9, 2))


SAMPLE = datetime(2024, 12, 8, 16, 2, 11, tzinfo=VN)  # a Sunday


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dmy", "08/12/2024"),
        ("dmy-hm", "08/12/2024 16:02"),
        ("dash", "8-12-2024"),
        ("dot", "08.12.2024"),
        ("weekday-dmy-hm", "Chủ nhật, 08/12/2024 16:02"),
        ("weekday-num", "CN, 08/12/2024"),
        ("nukeviet", "Chủ nhật - 08/12/2024 16:02"),
        ("long", "Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT+7)"),
        ("updated", "Cập nhật lúc 16:02, Chủ nhật, 08/12/2024 (GMT+7)"),
        ("label", "Ngày đăng: 08/12/2024  16:02"),
        ("hm-h", "16h02 08/12/2024"),
        ("gio-phut", "16 giờ 2 phút, ngày 08/12/2024"),
        ("dmy-12h", "08/12/2024 4:02 CH"),
        ("iso", "2024-12-08T16:02:11+07:00"),
    ],
)
def test_format_vietnamese_date(style: str, expected: str) -> None:
    assert format_vietnamese_date(SAMPLE, style) == expected


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (datetime(2021, 1, 25, 8, 0, tzinfo=VN), "hm-h", "8h 25/01/2021"),
        (datetime(2021, 1, 25, 20, 0, tzinfo=VN), "gio-phut", "20 giờ, ngày 25/01/2021"),
        (datetime(2021, 1, 25, 0, 5, tzinfo=VN), "dmy-12h", "25/01/2021 12:05 SA"),
        (datetime(2021, 1, 25, 12, 5, tzinfo=VN), "dmy-12h", "25/01/2021 12:05 CH"),
        (datetime(2021, 1, 25, 8, 30, tzinfo=VN), "weekday-num", "Thứ 2, 25/01/2021"),
        (datetime(2021, 1, 26, 8, 30, tzinfo=VN), "nukeviet", "Thứ ba - 26/01/2021 08:30"),
        (
            datetime(2021, 1, 25, 8, 30, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
            "long",
            "Thứ Hai, ngày 25 tháng 1 năm 2021 08:30 (GMT-3:30)",
        ),
    ],
)
def test_format_variants(value: datetime, style: str, expected: str) -> None:
    assert format_vietnamese_date(value, style) == expected


def test_format_rejects_unknown_style_and_naive_zone_styles() -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        format_vietnamese_date(SAMPLE, "rfc822")
    with pytest.raises(ValueError, match="aware"):
        format_vietnamese_date(datetime(2024, 12, 8, 16, 2), "long")


def test_styles_cover_the_documented_ones() -> None:
    documented = {"dmy", "dmy-hm", "dash", "weekday-dmy-hm", "weekday-num", "long", "label"}
    assert documented | {"hm-h", "gio-phut", "iso"} <= set(STYLES)
    assert set(STYLES) >= DATE_ONLY_STYLES | SECONDS_STYLES


ZONES: list[tzinfo] = [
    VN,
    UTC,
    timezone(timedelta(hours=7)),
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-9, minutes=-30)),
    timezone(timedelta(hours=14)),
]


@given(
    value=st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 12, 31, 23, 59, 59),
        timezones=st.sampled_from(ZONES),
    ),
    style=st.sampled_from(STYLES),
)
def test_round_trip(value: datetime, style: str) -> None:
    value = value.replace(microsecond=0)
    if style not in SECONDS_STYLES:
        value = value.replace(second=0)
    assert value.tzinfo is not None
    text = format_vietnamese_date(value, style)
    parsed = parse_vietnamese_date(text, value.tzinfo)
    assert parsed is not None, text
    if style in DATE_ONLY_STYLES:
        assert parsed.value.date() == value.date()
        assert parsed.has_time is False
    else:
        assert parsed.value.astimezone(UTC) == value.astimezone(UTC), text
        assert parsed.has_time is True


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2025, 1, 13, 17, 0, tzinfo=UTC), "14/01/2025"),  # the day alone
        (datetime(2025, 1, 14, 1, 30, tzinfo=UTC), "14/01/2025 08:30"),
        (datetime(2025, 1, 14, 0, 0, tzinfo=UTC), "14/01/2025 07:00"),  # UTC midnight
        (datetime(2025, 12, 31, 17, 1, tzinfo=UTC), "01/01/2026 00:01"),
    ],
)
def test_publication_text_shows_no_time_nobody_gave(moment: datetime, shown: str) -> None:
    assert publication_text(moment, VN) == shown


READ_AT = datetime(2024, 9, 2, 12, 30, 45, 123456, tzinfo=VN)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # time ago: as precise as its unit, so an estimate; whole seconds
        ("2 giờ trước", ParsedDate(datetime(2024, 9, 2, 10, 30, 45, tzinfo=VN), True, True)),
        ("2 tiếng trước", ParsedDate(datetime(2024, 9, 2, 10, 30, 45, tzinfo=VN), True, True)),
        ("5 Phút Trước", ParsedDate(datetime(2024, 9, 2, 12, 25, 45, tzinfo=VN), True, True)),
        ("30 giây trước", ParsedDate(datetime(2024, 9, 2, 12, 30, 15, tzinfo=VN), True, True)),
        ("1 giờ 30 phút trước", ParsedDate(datetime(2024, 9, 2, 11, 0, 45, tzinfo=VN), True, True)),
        (
            "Đăng  (3\u200b giờ trước)",
            ParsedDate(datetime(2024, 9, 2, 9, 30, 45, tzinfo=VN), True, True),
        ),
        # a day or more ago: the day alone, at local midnight, still an estimate
        ("3 ngày trước", ParsedDate(datetime(2024, 8, 30, tzinfo=VN), False, True)),
        ("2 tuần trước", ParsedDate(datetime(2024, 8, 19, tzinfo=VN), False, True)),
        ("1 tháng trước", ParsedDate(datetime(2024, 8, 3, tzinfo=VN), False, True)),
        ("1 năm trước", ParsedDate(datetime(2023, 9, 3, tzinfo=VN), False, True)),
        # a named day: with its time that time, else the day
        ("Hôm qua 08:15", ParsedDate(datetime(2024, 9, 1, 8, 15, tzinfo=VN), True)),
        ("Hôm qua, lúc 08:15", ParsedDate(datetime(2024, 9, 1, 8, 15, tzinfo=VN), True)),
        ("08:15 hôm qua", ParsedDate(datetime(2024, 9, 1, 8, 15, tzinfo=VN), True)),
        ("hôm nay 10h20", ParsedDate(datetime(2024, 9, 2, 10, 20, tzinfo=VN), True)),
        ("Hôm kia 8:05 CH", ParsedDate(datetime(2024, 8, 31, 20, 5, tzinfo=VN), True)),
        ("Hôm qua", ParsedDate(datetime(2024, 9, 1, tzinfo=VN), False)),
        # not a date
        ("2 ngày trước khi khai mạc", None),
        ("3 giờ", None),
        ("Hôm qua 25:10", None),
        ("Hôm quan trọng", None),
        ("100000 năm trước", None),
    ],
)
def test_parse_relative_date(text: str, expected: ParsedDate | None) -> None:
    assert parse_relative_date(text, READ_AT, VN) == expected


def test_relative_date_is_read_in_the_zone_given() -> None:
    # 00:30 on 3 September in Kon Tum is still 2 September in UTC: "yesterday" is local.
    read_at = datetime(2024, 9, 2, 17, 30, tzinfo=UTC)
    parsed = parse_relative_date("Hôm qua 08:15", read_at, VN)
    assert parsed == ParsedDate(datetime(2024, 9, 2, 8, 15, tzinfo=VN), True)
