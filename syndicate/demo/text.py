"""Small text helpers for building the sample pages: slugs, tone placement, dates, numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

# Python's weekday(): Monday is 0. Portals write both "Thứ Hai" and "Thứ 2".
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAY_NUMBERS = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật")

# Old tone placement puts the mark on the first vowel of a final "oa", "oe" or "uy";
# the 2018 rule puts it on the main vowel. Only open syllables differ ("hoàn" is the
# same in both), and "qu" is a consonant, so "quý" never changes.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oO])([{_TONES}])([aAeE])(?!\w)|(?<![qQ])([uU])([{_TONES}])([yY])(?!\w)"
)


def parse_portal_date(text: str) -> datetime:
    """ "14/06/2024 19:30" (Asia/Ho_Chi_Minh) to an aware datetime."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN_TZ)


def ascii_fold(text: str) -> str:
    """Vietnamese without marks, đ/Đ included (which Unicode does not decompose)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slugify(text: str, *, capitalised: bool = False) -> str:
    """ "Khai mạc Hội thi" -> "khai-mac-hoi-thi" (or "Khai-mac-Hoi-thi", as some CMSs do)."""
    words = re.findall(r"[A-Za-z0-9]+", ascii_fold(text))
    if not capitalised:
        words = [w.lower() for w in words]
    return "-".join(words)


def tone_new_style(text: str) -> str:
    """ "hòa", "thủy", "khỏe" -> "hoà", "thuỷ", "khoẻ"; NFC in, NFC out."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE.sub(
        lambda m: (m[1] + m[3] + m[2]) if m[1] else (m[4] + m[6] + m[5]), decomposed
    )
    return unicodedata.normalize("NFC", moved)


def thousands(n: int) -> str:
    """1453 -> "1.453": Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")


def dmy(moment: datetime | date) -> str:
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year}"


def dmy_hm(moment: datetime) -> str:
    return f"{dmy(moment)} {moment.hour:02d}:{moment.minute:02d}"


def banner_date(day: date) -> str:
    """The header line of slug+id portals: "Thứ 3, ngày 21 tháng 1 năm 2025" (today)."""
    return f"{WEEKDAY_NUMBERS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"
