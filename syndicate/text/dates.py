"""Dates as Vietnamese portals print them: a strict parser, its printer, and the rules
for turning what a page shows into a publication time; RFC 822 dates as their feeds
print them, often with no zone; and dates printed relative to when a listing was read
("2 giờ trước", "Hôm qua 08:15").

The parser finds the first date in a line and the time, weekday and zone printed
around it. It rejects rather than guesses: an impossible date, a weekday that
disagrees with the date, or an out-of-range time gives None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from syndicate.text.fold import clean_text

# Vietnam's zone, where portals print their days: days are compared there before the
# source's own zone is applied (almost always this one).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR = 1990
MAX_YEAR = 2100
# How far past first sight a printed date may lie before it is taken as a typo; one
# day absorbs zone mix-ups and portals that post-date by a few hours.
FUTURE_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class ParsedDate:
    """A date found in text; `value` is aware, midnight local when `has_time` is False.

    `estimated`: the text gives the date only roughly ("3 giờ trước", three hours ago).
    """

    value: datetime
    has_time: bool
    estimated: bool = False


_FLAGS = re.IGNORECASE
# A 12-hour clock's marker: AM/PM, or SA (sáng, morning) and CH (chiều, afternoon) as
# .NET prints them in Vietnamese. "Sa" also starts place names ("Sa Thầy", "Sa Pa"),
# so SA counts only when no word follows it.
_MERIDIEM = r"(?:\s*(?P<meridiem>AM|PM|CH|SA(?!\s*[^\W\d_]))(?!\w))?"

# --- Date forms: each gives named groups day, month, year (ISO also its time). --------

_DATE_FORMS: tuple[re.Pattern[str], ...] = (
    # 22/01/2021, 22-1-2021, 22.01.2021 (one separator throughout; not inside a number)
    re.compile(
        r"(?<!\d)(?<!\d[/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
        r"(?P<year>\d{4})(?!\d)"
    ),
    # ngày 08 tháng 12 năm 2024; 02 Tháng 9 2024 and 02 tháng 9, 2024 as feeds print it
    re.compile(
        r"(?<!\d)(?:ngày\s*)?(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2}),?\s+(?:năm\s+)?"
        r"(?P<year>\d{4})(?!\d)",
        _FLAGS,
    ),
    # 2024/09/02, as ASP.NET portals print it in their feeds (year first: never a day)
    re.compile(r"(?<![\d/])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"),
    # 2024-09-02, 2024-09-02 08:30:00, 2024-09-02T08:30:00+07:00 / Z, 2024-09-02 08:30 PM
    re.compile(
        r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
        rf"(?i:{_MERIDIEM})(?P<offset>Z|[+-]\d{{2}}(?::?\d{{2}})?)?)?(?!\d)",
    ),
)

# --- Times: each gives named groups hour and, optionally, minute and second. ---------

# The part of the day written after a time: "2 giờ 30 chiều" is 14:30, "10 giờ đêm" 22:00.
_PART_OF_DAY = r"(?:\s*(?P<part>sáng|trưa|chiều|tối|đêm)(?!\w))?"

_TIME_FORMS: tuple[str, ...] = (
    # 08:30, 16:02:11, 8:30 PM, 8:30:00 CH, 2:30 chiều
    rf"(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?(?![\d:]){_MERIDIEM}"
    + _PART_OF_DAY,
    # 20 giờ, 8 giờ 30 phút, 8 giờ 30, 7 giờ tối
    r"(?P<hour>\d{1,2})\s*giờ(?:\s*(?P<minute>\d{1,2})(?:\s*phút|')?)?(?!\w)" + _PART_OF_DAY,
    # 08h30, 8h, and with the minutes marked: 08h30', 08h30p
    r"(?P<hour>\d{1,2})h(?:(?P<minute>\d{2})(?:'|p(?!\w))?)?(?!\w)" + _PART_OF_DAY,
    r"(?P<hour>\d{1,2})g(?P<minute>\d{2})(?!\w)" + _PART_OF_DAY,  # 8g30 ("giờ" cut short)
)
_TIME_AT = tuple(re.compile(rf"(?<!\d){form}", _FLAGS) for form in _TIME_FORMS)
_TIME_AT_END = tuple(re.compile(rf"(?<![\d:]){form}\Z", _FLAGS) for form in _TIME_FORMS)

# --- Zones: "(GMT+7)", "(GMT +7)", "GMT+07:00", "UTC+7", a bare "+07:00", or "ICT". ---

_ZONE_AT = re.compile(
    r"\(?\s*(?:GMT|UTC|UT)(?:\s*(?P<sign>[+\-\u2212])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?"
    r"\s*\)?(?!\w)"
    r"|(?P<bare_sign>[+\-\u2212])(?P<bare_hours>\d{2}):?(?P<bare_minutes>\d{2})(?!\d)"
    r"|\(?(?P<ict>ICT)\)?(?!\w)",  # Indochina Time, as some feeds name the zone
    _FLAGS,
)
_ICT = timezone(timedelta(hours=7))

# --- RFC 822 as feeds print it: "Mon, 02 Sep 2024 08:30:00 +0700". The zone is read
# apart: feeds also write "ICT", "GMT+7" or none, all of which the email parser takes
# for no zone at all. A zone that is neither one of those nor a name is not a date. ---

_RFC_822 = re.compile(
    r"(?P<stamp>(?:[a-z]{3,9},?\s*)?\d{1,2}\s+[a-z]{3,9}\s+(?P<year>\d{2,4})\s+\d{1,2}:\d{2}"
    r"(?::\d{2})?)"
    r"(?:\s*(?P<meridiem>AM|PM|SA|CH)(?!\w))?"  # not RFC 822, but printed; never a zone
    r"(?:\s*(?P<zone>\S.*))?",
    _FLAGS,
)
_ZONE_NAME = re.compile(r"[a-z]{1,5}", _FLAGS)
# Where only the feed's date line is read, two more spellings of a zone: an offset in
# hours alone, and the name Windows gives Vietnam's zone (.NET prints it).
_HOURS_ONLY = re.compile("([+\\-\u2212])(\\d{1,2})")
_WINDOWS_ICT = re.compile(r"\(?SE Asia Standard Time\)?", _FLAGS)

# --- Weekdays, Monday = 0 as in `date.weekday()`. ----------------------------------

_WEEKDAY_NAMES = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_WEEKDAY_AT_END = re.compile(
    r"(?<!\w)(?:thứ\s*(?P<name>hai|ba|tư|năm|sáu|bảy|bẩy)|(?:thứ\s*|t)(?P<number>[2-7])"
    r"|(?P<sunday>chủ\s*nhật|cn))\Z",
    _FLAGS,
)

# What may sit between the parts of one date line: spaces, commas, dashes, bars, a
# colon after a label, brackets around the time ("02/09/2024 (08:30)"), and the words
# "ngày" (day), "lúc"/"vào lúc" (at).
_GLUE = r"(?:[\s,|:()\-\u2013\u2014]|(?<!\w)(?:ngày|vào|lúc)(?!\w))*"
_GLUE_AT = re.compile(_GLUE, _FLAGS)
_GLUE_AT_END = re.compile(rf"{_GLUE}\Z", _FLAGS)
_SPACES_AT = re.compile(r"\s*")


# Invisible characters pasted into dates: zero-width space, non-joiner and joiner, the
# direction marks, word joiner, BOM. Beside a separator ("08\u200b:30") they are
# dropped; elsewhere they part words, so they become a space.
_INVISIBLE = "\u200b-\u200f\u2060\ufeff"
_INVISIBLE_BY_SEPARATOR = re.compile(f"[{_INVISIBLE}]+(?=[/.:-])|(?<=[/.:-])[{_INVISIBLE}]+")
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")


def _date_text(text: str) -> str:
    """`clean_text`, with the invisible characters pasted into a date taken out."""
    text = _INVISIBLE_BY_SEPARATOR.sub("", text)
    return clean_text(_INVISIBLE_RUN.sub(" ", text))


class _Reject(ValueError):
    """A date was found but is impossible; the whole parse gives None."""


def parse_vietnamese_date(text: str, tz: tzinfo) -> ParsedDate | None:
    """The first date in `text` with the time, weekday and zone printed around it.

    A date with no zone is in `tz`; an explicit offset wins. None when there is no
    date, or it is impossible, outside 1990-2100, or contradicted by its weekday.
    """
    text = _date_text(text)
    found = _first_date(text)
    if found is None:
        return None
    try:
        return _assemble(text, found, tz)
    except _Reject:
        return None


def parse_feed_date(text: str, tz: tzinfo) -> ParsedDate | None:
    """An RFC 822 date ("Mon, 02 Sep 2024 08:30:00 +0700"), the whole of `text`.

    A date with no zone, or a zone name the RFC does not know, is in `tz`; "ICT" is
    +07:00. A 12-hour clock's AM/PM or SA/CH after the time counts, as on pages. None
    for anything else, an impossible date, or a year outside 1990-2100. The weekday is
    not checked: feed software prints it, and readers ignore it too.
    """
    found = _RFC_822.fullmatch(_date_text(text))
    if found is None:
        return None
    try:
        zone = _rfc_822_zone(found.group("zone"), found.group("stamp"))
        value = parsedate_to_datetime(found.group("stamp"))  # naive: the zone was cut off
        if meridiem := found.group("meridiem"):
            value = value.replace(hour=_clock({"hour": str(value.hour), "meridiem": meridiem})[0])
    except (_Reject, ValueError):  # 31 Feb, 25:00, an unknown month, 20:30 PM
        return None
    # The library takes any year below 100 for a two-digit one: "0001" is not 2001.
    if len(found.group("year")) > 2 and int(found.group("year")) != value.year:
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return ParsedDate(value=value.replace(tzinfo=zone or tz), has_time=True)


def _rfc_822_zone(zone: str | None, stamp: str) -> tzinfo | None:
    if not zone:
        return None
    if (m := _ZONE_AT.fullmatch(zone)) is not None:
        return _zone_of(m)
    if (hours := hours_offset(zone)) is not None:
        return hours
    if _WINDOWS_ICT.fullmatch(zone):
        return _ICT
    if _ZONE_NAME.fullmatch(zone) is None:
        raise _Reject(f"not a zone: {zone!r}")
    # The RFC's names (UT, EST, PDT...); any other name reads as no zone.
    return parsedate_to_datetime(f"{stamp} {zone}").tzinfo  # not past a 12-hour marker


def hours_offset(text: str) -> tzinfo | None:
    """The zone of an offset in hours alone ("+07", as PostgreSQL and some PHP templates
    print it, or "+7"), or None for any other text."""
    found = _HOURS_ONLY.fullmatch(text.strip())
    if found is None or int(found[2]) > 14:
        return None
    return timezone(timedelta(hours=int(found[2]) * (1 if found[1] == "+" else -1)))


def _first_date(text: str) -> re.Match[str] | None:
    matches = [m for form in _DATE_FORMS if (m := form.search(text)) is not None]
    # Earliest wins; at the same place the longer reading (ISO with its time) wins.
    return min(matches, key=lambda m: (m.start(), -m.end()), default=None)


def _assemble(text: str, found: re.Match[str], tz: tzinfo) -> ParsedDate:
    groups = found.groupdict()
    zone: tzinfo | None = None
    if groups.get("hour") is not None:  # ISO carries its own time and offset
        clock: tuple[int, int, int] | None = _clock(groups)
        if groups.get("offset"):
            zone = _iso_offset(groups["offset"])
        after = found.end()
    else:
        clock, after = _time_after(text, found.end())
    if zone is None:
        zone = _zone_after(text, after)

    before = text[: found.start()]
    weekday, before = _weekday_before(before)
    day = _the_day(found, weekday, _en_us_hour_after(text, found.end()))
    if clock is None:
        clock = _time_before(before)

    hour, minute, second = clock or (0, 0, 0)
    value = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone or tz)
    return ParsedDate(value=value, has_time=clock is not None)


def _the_day(found: re.Match[str], weekday: int | None, en_us_hour: str | None) -> date:
    """The date `found` names, day first as Vietnamese print it; a weekday printed
    with it must agree.

    One form may be .NET's en-US culture, which many portals run under: what
    `DateTime.ToString()` prints there, "9/2/2024 8:30:00 AM", is 2 September. It has
    slashes, a time with seconds and an English AM or PM (never Vietnamese SA/CH), and
    no leading zero anywhere; so a day, month or hour of one digit reads the month first.
    A field written with its zero ("02/09/2024 08:30:00 AM") is a template's, day
    first, and so is a time without seconds ("2/9/2024 8:30 AM", as PHP's "j/n/Y g:i A"
    prints). Where the reading preferred is impossible ("25/9/2024 8:30:00 AM") or its
    weekday disagrees, the other one is taken.
    """
    year, month, day = found.group("year"), found.group("month"), found.group("day")
    readings = [(day, month)]
    if en_us_hour is not None and found["sep"] == "/":
        unpadded = any(len(field) == 1 for field in (day, month, en_us_hour))
        zero_padded = any(len(field) == 2 and field[0] == "0" for field in (day, month, en_us_hour))
        month_first = unpadded and not zero_padded
        readings = [(month, day), (day, month)] if month_first else [(day, month), (month, day)]
    possible: list[date] = []
    rejected: list[_Reject] = []
    for day_text, month_text in readings:
        try:
            possible.append(_calendar_date(year, month_text, day_text))
        except _Reject as impossible:
            rejected.append(impossible)
    if not possible:
        raise rejected[0]
    agreeing = [d for d in possible if weekday is None or d.weekday() == weekday]
    if not agreeing:
        raise _Reject("weekday disagrees with the date")
    return agreeing[0]


def _en_us_hour_after(text: str, pos: int) -> str | None:
    """The hour as written, when the time printed after the date reads as .NET's en-US
    does: with seconds and an English AM or PM ("8:30:00 AM")."""
    start = _GLUE_AT.match(text, pos)
    found = _TIME_AT[0].match(text, start.end() if start else pos)
    if found is None or not found.group("second"):
        return None
    if (found.group("meridiem") or "").upper() not in ("AM", "PM"):
        return None
    return found.group("hour")


def _calendar_date(year_text: str, month_text: str, day_text: str) -> date:
    year, month, day = int(year_text), int(month_text), int(day_text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Reject("year out of range")
    try:
        return date(year, month, day)
    except ValueError as exc:  # 31/02, 25/13
        raise _Reject(str(exc)) from exc


def _clock(groups: dict[str, str | None], *, after_the_date: bool = False) -> tuple[int, int, int]:
    hour, minute, second = (int(groups.get(name) or 0) for name in ("hour", "minute", "second"))
    if meridiem := (groups.get("meridiem") or "").upper():
        if hour > 12:
            raise _Reject("a 12-hour clock past 12")
        # 12 AM is midnight and 12 PM noon.
        hour = hour % 12 + (12 if meridiem in ("PM", "CH") else 0)
    part = groups.get("part") or ""
    # Capitalised after the date, the word opens what follows the date line ("12:30 Đêm
    # nhạc…", "8:30 Tối 1/9, UBND…"): no part of the day. In lower or upper case, or
    # before the date ("2:30 Chiều, 02/09/2024"), it is one.
    if after_the_date and part[:1].isupper() and not part.isupper():
        part = ""
    hour = _in_part_of_day(hour, part.lower())
    if hour > 23 or minute > 59 or second > 59:
        raise _Reject("time out of range")
    return hour, minute, second


def _in_part_of_day(hour: int, part: str) -> int:
    """The hour of a 12-hour time said with its part of the day; a 24-hour one (14 giờ
    chiều) stays as it is."""
    if hour > 12 or not part or part == "sáng":
        return hour
    if hour == 12 and part in ("tối", "đêm"):
        # Midnight, as 12 AM is; of the date printed, as with a 12-hour clock.
        return 0
    if part in ("chiều", "tối"):
        return hour % 12 + 12
    if part == "trưa":  # around noon: 11 giờ trưa, 12 giờ trưa, 1 giờ trưa
        return hour + 12 if hour < 6 else hour
    return hour % 12 + 12 if hour >= 6 else hour  # đêm: 10 giờ đêm, 2 giờ đêm


def _time_after(text: str, pos: int) -> tuple[tuple[int, int, int] | None, int]:
    start = _GLUE_AT.match(text, pos)
    at = start.end() if start else pos
    if _AGO.match(text, at):
        return None, pos  # "02/09/2024 (3 giờ trước)": how long ago, not a time of day
    for form in _TIME_AT:
        if (m := form.match(text, at)) is not None:
            return _clock(m.groupdict(), after_the_date=True), m.end()
    return None, pos


def _time_before(before: str) -> tuple[int, int, int] | None:
    for form in _TIME_AT_END:
        if (m := form.search(before)) is not None:
            return _clock(m.groupdict())
    return None


def _weekday_before(before: str) -> tuple[int | None, str]:
    """The weekday printed just before the date, and the text left in front of it."""
    before = _strip_glue(before)
    m = _WEEKDAY_AT_END.search(before)
    if m is None:
        return None, before
    if m.group("name"):
        weekday = _WEEKDAY_NAMES[m.group("name").lower()]
    elif m.group("number"):
        weekday = int(m.group("number")) - 2
    else:
        weekday = 6
    return weekday, _strip_glue(before[: m.start()])


def _strip_glue(before: str) -> str:
    m = _GLUE_AT_END.search(before)
    return before[: m.start()] if m else before


def _zone_after(text: str, pos: int) -> tzinfo | None:
    gap = _SPACES_AT.match(text, pos)
    m = _ZONE_AT.match(text, gap.end() if gap else pos)
    if m is None or not _plausible_bare_offset(m):
        return None
    return _zone_of(m)


def _plausible_bare_offset(m: re.Match[str]) -> bool:
    """A bare "-1234" after a time is a count ("-1234 lượt xem"), not a zone, unless it
    could be one: every zone's offset is whole hours up to 14, or :30 or :45 past."""
    if m.group("bare_sign") is None:
        return True
    return int(m.group("bare_hours")) <= 14 and m.group("bare_minutes") in ("00", "30", "45")


def _zone_of(m: re.Match[str]) -> tzinfo:
    if m.group("ict"):
        return _ICT
    sign = m.group("sign") or m.group("bare_sign")
    hours = m.group("hours") or m.group("bare_hours") or "0"
    minutes = m.group("minutes") or m.group("bare_minutes") or "0"
    return _offset(sign, int(hours), int(minutes))


def _iso_offset(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    return _offset(text[0], int(digits[:2]), int(digits[2:] or 0))


def _offset(sign: str | None, hours: int, minutes: int) -> tzinfo:
    if hours > 14 or minutes > 59:
        raise _Reject("offset out of range")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign in ("-", "\u2212") else delta)


# --- Relative dates, as some listings print them: "2 giờ trước" (2 hours ago), "Hôm
# qua 08:15" (yesterday). "tiếng" is the spoken hour; a month and a year are rough. ---

_AGO_UNITS = {
    "giây": timedelta(seconds=1),
    "phút": timedelta(minutes=1),
    "giờ": timedelta(hours=1),
    "tiếng": timedelta(hours=1),
    "ngày": timedelta(days=1),
    "tuần": timedelta(weeks=1),
    "tháng": timedelta(days=30),
    "năm": timedelta(days=365),
}
_AGO_UNIT = "|".join(_AGO_UNITS)
_AGO_AMOUNT = re.compile(rf"(?P<count>\d{{1,4}})\s*(?P<unit>{_AGO_UNIT})(?!\w)", _FLAGS)
# "1 giờ 30 phút trước" counts both; "2 ngày trước khi …" (before the …) is no date.
_AGO = re.compile(
    rf"(?<![\w.,:/])(?P<amounts>(?:\d{{1,4}}\s*(?:{_AGO_UNIT})\s*)+)trước(?!\w)"
    r"(?!\s*(?:khi|đó)(?!\w))",
    _FLAGS,
)
_DAYS_BACK = {"nay": 0, "qua": 1, "kia": 2}
_NAMED_DAY = re.compile(r"(?<!\w)hôm\s*(?P<day>nay|qua|kia)(?!\w)", _FLAGS)


def reads_as_relative(text: str) -> bool:
    """Whether `text` prints a date relative to when it was read ("2 giờ trước", "Hôm
    qua 08:15"): the same date reads differently from one hour or day to the next."""
    text = _date_text(text)
    return _AGO.search(text) is not None or _NAMED_DAY.search(text) is not None


def parse_relative_date(text: str, now: datetime, tz: tzinfo) -> ParsedDate | None:
    """A date printed relative to `now`, when the page was read: a time ago ("2 giờ
    trước", "1 giờ 30 phút trước") or a named day ("Hôm nay", "Hôm qua 08:15", "Hôm kia").

    A time ago is as precise as its unit, so it is `estimated`; from a day up it gives
    the day alone (a time of day would claim what the page never said). A named day
    with its time printed is that time in `tz`; without one, the day. `now` is aware.
    """
    text = _date_text(text)
    try:
        if (ago := _AGO.search(text)) is not None:
            return _time_ago(ago.group("amounts"), now, tz)
        if (named := _NAMED_DAY.search(text)) is not None:
            return _named_day(text, named, now, tz)
    except (_Reject, OverflowError):  # 25:10, or thousands of years ago
        return None
    return None


def _time_ago(amounts: str, now: datetime, tz: tzinfo) -> ParsedDate | None:
    ago = sum(
        (int(m["count"]) * _AGO_UNITS[m["unit"].lower()] for m in _AGO_AMOUNT.finditer(amounts)),
        timedelta(),
    )
    moment = (now - ago).astimezone(tz).replace(microsecond=0)
    if moment.year < MIN_YEAR:
        return None
    if ago < timedelta(days=1):
        return ParsedDate(value=moment, has_time=True, estimated=True)
    midnight = datetime.combine(moment.date(), time(), tzinfo=tz)
    return ParsedDate(value=midnight, has_time=False, estimated=True)


def _named_day(text: str, named: re.Match[str], now: datetime, tz: tzinfo) -> ParsedDate:
    day = now.astimezone(tz).date() - timedelta(days=_DAYS_BACK[named["day"].lower()])
    clock, _ = _time_after(text, named.end())
    if clock is None:
        clock = _time_before(_strip_glue(text[: named.start()]))
    hour, minute, second = clock or (0, 0, 0)
    value = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    return ParsedDate(value=value, has_time=clock is not None)


def is_banner_date(parsed: ParsedDate, today: date) -> bool:
    """True for the page-header line ("Thứ 3, ngày 21 tháng 1 năm 2025"): today, no time.

    Portals print today's date in their banner; it is never a publication date.
    """
    return not parsed.has_time and parsed.value.date() == today


def choose_published(
    parsed: ParsedDate | datetime | None, first_seen: datetime
) -> tuple[datetime, bool]:
    """(publication time in UTC, estimated): the parsed date, else when it was first seen.

    A date more than a day after `first_seen` is a typo or a wrong zone, and one
    outside 1990-2100 a placeholder, so it is replaced by `first_seen` and marked
    estimated as well. A parsed date that is itself
    an estimate ("2 giờ trước") is used, and stays marked estimated.
    """
    if first_seen.tzinfo is None:
        raise ValueError("first_seen must be timezone-aware")
    value = parsed.value if isinstance(parsed, ParsedDate) else parsed
    if value is not None and value.tzinfo is None:
        raise ValueError("a published date must be timezone-aware")
    # A year outside MIN_YEAR..MAX_YEAR is a placeholder (PHP's 1970, .NET's year 1),
    # as the text parsers hold: no date.
    if (
        value is None
        or not MIN_YEAR <= value.year <= MAX_YEAR
        or value - first_seen > FUTURE_TOLERANCE
    ):
        return first_seen.astimezone(UTC), True
    return value.astimezone(UTC), isinstance(parsed, ParsedDate) and parsed.estimated


# --- Printing: one row per style the parser reads back. -----------------------------

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_WEEKDAYS_NUMBERED = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "CN")


def _gmt(value: datetime) -> str:
    """The zone as portals print it: "GMT+7", "GMT-5:30"."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("this style prints the zone, so the datetime must be aware")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}:{minutes:02d}" if minutes else f"GMT{sign}{hours}"


def _dmy(v: datetime) -> str:
    return f"{v.day:02d}/{v.month:02d}/{v.year}"


def _hm(v: datetime) -> str:
    return f"{v.hour:02d}:{v.minute:02d}"


def _hour_h(v: datetime) -> str:
    return f"{v.hour:02d}h{v.minute:02d}" if v.minute else f"{v.hour}h"


def _gio_phut(v: datetime) -> str:
    return f"{v.hour} giờ {v.minute} phút" if v.minute else f"{v.hour} giờ"


def _hm_12(v: datetime) -> str:
    """The time as .NET prints it in Vietnamese: "8:30 SA", "12:05 CH"."""
    return f"{v.hour % 12 or 12}:{v.minute:02d} {'SA' if v.hour < 12 else 'CH'}"


_FORMATTERS: dict[str, Callable[[datetime], str]] = {
    "dmy": _dmy,  # 22/01/2021
    "dmy-hm": lambda v: f"{_dmy(v)} {_hm(v)}",  # 22/01/2021 08:30
    "dash": lambda v: f"{v.day}-{v.month}-{v.year}",  # 22-1-2021
    "dot": lambda v: f"{v.day:02d}.{v.month:02d}.{v.year}",  # 22.01.2021
    "weekday-dmy-hm": lambda v: f"{_WEEKDAYS[v.weekday()]}, {_dmy(v)} {_hm(v)}",
    "weekday-num": lambda v: f"{_WEEKDAYS_NUMBERED[v.weekday()]}, {_dmy(v)}",
    "nukeviet": lambda v: f"{_WEEKDAYS_LOWER[v.weekday()]} - {_dmy(v)} {_hm(v)}",
    "long": lambda v: (
        f"{_WEEKDAYS[v.weekday()]}, ngày {v.day:02d} tháng {v.month} năm {v.year} "
        f"{_hm(v)} ({_gmt(v)})"
    ),
    "updated": lambda v: f"Cập nhật lúc {_hm(v)}, {_WEEKDAYS[v.weekday()]}, {_dmy(v)} ({_gmt(v)})",
    "label": lambda v: f"Ngày đăng: {_dmy(v)}  {_hm(v)}",  # the double space is real
    "hm-h": lambda v: f"{_hour_h(v)} {_dmy(v)}",  # 08h30 22/01/2021
    "gio-phut": lambda v: f"{_gio_phut(v)}, ngày {_dmy(v)}",  # 8 giờ 30 phút, ngày 22/01/2021
    "dmy-12h": lambda v: f"{_dmy(v)} {_hm_12(v)}",  # 22/01/2021 8:30 CH
    "iso": lambda v: v.isoformat(timespec="seconds"),  # 2024-09-02T08:30:00+07:00
}
STYLES: tuple[str, ...] = tuple(_FORMATTERS)
# Styles that print no time of day, and the one that prints seconds.
DATE_ONLY_STYLES: frozenset[str] = frozenset({"dmy", "dash", "dot", "weekday-num"})
SECONDS_STYLES: frozenset[str] = frozenset({"iso"})


def format_vietnamese_date(value: datetime, style: str) -> str:
    """`value` printed in one of `STYLES`, in its own zone, the way portals print it."""
    try:
        formatter = _FORMATTERS[style]
    except KeyError:
        raise ValueError(f"unknown date style {style!r}; known: {', '.join(STYLES)}") from None
    return formatter(value)


def publication_text(moment: datetime, zone: tzinfo) -> str:
    """A publication time for a person in `zone`: "dd/mm/yyyy HH:MM", or the day alone
    at local midnight, which is how a portal that prints only the day is stored ("00:00"
    would claim a time nobody gave)."""
    local = moment.astimezone(zone)
    if (local.hour, local.minute) == (0, 0):
        return f"{local:%d/%m/%Y}"
    return f"{local:%d/%m/%Y %H:%M}"
