"""The byline of a district article: who wrote it and for which office.

District pages end with a line like "NGUYỆT HẰNG - Trung tâm VHTTDL&TT huyện". The
parser is deliberately narrow: every name word must be capitalised, and anything
with digits, sentence punctuation or ordinary lowercase words is refused, because a
caption or a sentence taken for an author is worse than a missing author.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from syndicate.text.fold import clean_text, unify_tone_placement

MAX_BYLINE_CHARS = 90
MAX_NAME_WORDS = 5
MAX_SYLLABLE_CHARS = 8  # the longest Vietnamese syllable ("nghiêng") has seven letters
# How many trailing source notes or view counters may sit after the byline.
MAX_TRAILING_NOTES = 2


@dataclass(frozen=True)
class Byline:
    """Authors in title case joined by ", ", their organisation, and the line as given."""

    author: str
    organisation: str | None
    text: str


_FLAGS = re.IGNORECASE

# Credits in front of the names: "Tin, ảnh:", "Bài và ảnh:", "CTV", "PV", "Theo" ...
# The short words "Tin"/"Bài" count only with their colon: "TIN LIÊN QUAN" is a heading.
_PREFIX = re.compile(
    r"(?:(?:tin|bài|bài viết|ảnh|video)\s*(?:,|/|-|–|&|\+|và)\s*(?:ảnh|bài|video|clip)\s*:"
    r"|(?:tin|bài|bài viết|thực hiện|tác giả|người viết|biên tập)\s*:"
    r"|(?:nhóm\s+)?(?:phóng viên|cộng tác viên|pv|ctv|btv|theo)(?:\s*:|(?!\w)))\s*",
    _FLAGS,
)
# A writer's role, and the newsroom's own names for itself.
_ROLES = "phóng viên|cộng tác viên|pv|ctv|btv"
_NEWSROOM = "bbt|ban biên tập"
_PREFIX_WORDS = re.compile(rf"\s*(?:{_ROLES})\s*", _FLAGS)
# Bracketed notes on the work after the names: "(TH)", "(tổng hợp)" (compiled), "(ST)",
# "(sưu tầm)" (collected). Like "(CTV)", they are dropped, never an organisation.
_WORK_NOTE = re.compile(r"\s*(?:tổng hợp|t\s*/\s*h|th|sưu tầm|st)\s*", _FLAGS)
# The photographer's credit after the writer's: "Tin: Quang Huy - Ảnh: Minh Châu".
_PHOTO_CREDIT = re.compile(r"\s*ảnh\s*:", _FLAGS)
# A source note in the brackets after the names: "Minh Châu (Theo Báo Kon Tum)".
_SOURCE_IN_PARENS = re.compile(r"\s*(?:theo|nguồn)\b", _FLAGS)

# Between authors, or between an author and the organisation. A hyphen separates only
# with spaces around it ("TT-TH" is one abbreviation); en and em dashes always do.
_PART_SEPARATOR = re.compile(r"\s+-\s+|\s*[–—]\s*|\s*,\s*|\s+&\s+|\s+và\s+", _FLAGS)
_TRAILING_PARENS = re.compile(r"\s*\(([^()]*)\)\s*\Z")

# Characters a byline may contain at all; digits, quotes, "!", "?" or ";" rule it out.
_BYLINE_CHARS = re.compile(r"[\w\s'’ʼ‘\-–—,&().:/]*", _FLAGS)
_HAS_DIGIT = re.compile(r"\d")
_APOSTROPHE = re.compile(r"['’ʼ‘]")
_SYLLABLE = re.compile(r"[^'’ʼ‘]+")

# Words that open the name of an office, compared casefolded with new-style tones.
_ORGANISATION_STARTS: tuple[str, ...] = tuple(
    unify_tone_placement(word).casefold() + " "
    for word in (
        "Trung tâm",
        "Phòng",
        "Ban",
        "UBND",
        "HĐND",
        "Ủy ban",
        "Huyện ủy",
        "Huyện đoàn",
        "Thành ủy",
        "Tỉnh ủy",
        "Đảng ủy",
        "Văn phòng",
        "Đài",
        "Báo",
        "Tạp chí",
        "Cổng",
        "Trang",
        "Hội",
        "Sở",
        "Trường",
        "Công an",
        "Ban Chỉ huy",
        "Bộ Chỉ huy",
        "Chi cục",
        "Cục",
        "Bệnh viện",
        "Mặt trận",
        "MTTQ",
        "Ủy ban MTTQ",
        "Đoàn",
        "Liên đoàn",
        "Hạt kiểm lâm",
        "Đồn",
        "Đồn Biên phòng",
        "Bộ đội Biên phòng",
        "Trạm",
        "Trung đoàn",
        "Chi hội",
        "Hợp tác xã",
        "Kho bạc",
        "Chi nhánh",
        "Viện",
        "Nhà",
        "Xã",
        "Thị trấn",
        "Huyện",
    )
)
# An abbreviation like VHTTDL, TT-TH, GD&ĐT, UBND: capitals only, and either without a
# vowel (no Vietnamese syllable lacks one) or one of the common ones that have one.
_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ]{2,}(?:[&\-/][A-ZĐ]{1,})*(?!\w)")
_ABBREVIATIONS_WITH_VOWELS = frozenset({"UBND", "UBMTTQ", "BCH", "BQL", "CA", "QĐ", "BĐBP"})

# Titles that make "Name - <title>" a portrait caption, not a byline; and honorifics
# that open a caption ("Ông Nguyễn Văn A ...").
_TITLE_STARTS: tuple[str, ...] = tuple(
    unify_tone_placement(word).casefold() + " "
    for word in (
        "phó",
        "chủ tịch",
        "bí thư",
        "giám đốc",
        "trưởng",
        "tổng",
        "thường trực",
        "ủy viên",
        "đại biểu",
        "chủ nhiệm",
        "chánh",
        "hiệu trưởng",
        "chỉ huy",
        "cán bộ",
        "đồng chí",
        "nguyên",
        "đại tá",
        "thượng tá",
        "trung tá",
        "thiếu tá",
        "đại úy",
        "già làng",
        "người dân",
    )
)
_HONORIFICS = frozenset({"ông", "bà", "cháu", "thầy", "đồng", "bác"})

# Words no Vietnamese personal name contains; they mark all-caps headings ("DANH SÁCH
# TIN BÀI", "TIN LIÊN QUAN", "THÔNG BÁO") and place names ("Kon Tum", "Đăk Tô").
_NOT_NAME_TEXT = (
    "tin tức bài sách báo nghị hội lượt xem huyện tỉnh xã của các những được trong "
    "với cho là có không này đã sẽ đang tại từ đến trên mới khác sự kiện mục ảnh "
    "nguồn tải đính kèm chia sẻ gửi phản luận thêm và hoặc nhưng thì mà ở ra vào "
    "người cùng chuyên về theo ngày tháng giờ phút kon tum đăk đắk glei plông rẫy "
    "phố video clip ban tập chủ đầu lại in hệ góp"
)
_NOT_NAME_WORDS = frozenset(
    unify_tone_placement(word).casefold() for word in _NOT_NAME_TEXT.split()
)
# ...but these are surnames (Lại, Từ), first in a name, and given names (Hội, Luận),
# last: a name holds them there when an office follows it, which headings and place
# names never have ("Hội Nông dân - Huyện đoàn" is an association, not a person).
_ALSO_SURNAMES = frozenset(unify_tone_placement(word).casefold() for word in ["lại", "từ"])
_ALSO_GIVEN_NAMES = frozenset(unify_tone_placement(word).casefold() for word in ["hội", "luận"])
# Words of the headings that close notices ("ĐƠN VỊ THỰC HIỆN", "CƠ QUAN PHỐI HỢP"), which
# read as names: above an office's line they are no writer's.
_HEADING_TEXT = "đơn vị cơ quan kết quả phối hợp thực hiện nổi bật chủ trì tham gia liên hệ địa chỉ"
_HEADING_WORDS = frozenset(unify_tone_placement(word).casefold() for word in _HEADING_TEXT.split())

# A day, and maybe its time, as printed beside or under a byline: "02/9/2024",
# "ngày 2-9-2024 08:15".
_DAY = r"(?:ngày\s*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*,?\s*\d{1,2}[:h]\d{2})?"
# The day the byline was written, after its names: "Minh Châu - 02/9/2024", "(02/09/2024)".
_DAY_AFTER = re.compile(rf"\s*(?:[-–—,|]\s*{_DAY}|\(\s*{_DAY}\s*\))\s*\Z", _FLAGS)

# Source notes and counters that may follow the byline: "Nguồn: …", "(Theo Báo Kon
# Tum)", "Theo baokontum.com.vn" (short, with no comma: "Theo kế hoạch, …" is a
# sentence), "1.453 lượt xem".
_TRAILING_NOTE = re.compile(
    r"^\(?\s*(?:nguồn\b|theo\s*:)|^\(?\s*theo\s[^,;!?]{1,60}$"
    r"|lượt\s+(?:xem|đọc|truy cập|thích)|^[\d.,\s]+$"
    # the day alone, or with its label: "(Ngày 2/9/2024)", "Ngày đăng: 02/09/2024 08:15"
    rf"|^\(?\s*(?:(?:ngày đăng|cập nhật)\s*:?\s*)?{_DAY}\s*\)?$",
    _FLAGS,
)


# A source signs most articles with the same few lines, and normalizing asks twice
# (finding the byline, then keeping it out of the captions).
@lru_cache(maxsize=4096)
def parse_byline(line: str) -> Byline | None:
    """The authors and organisation of a byline line, or None if it is not one."""
    text = _DAY_AFTER.sub("", clean_text(line)).rstrip(".").strip()
    if not text or len(text) > MAX_BYLINE_CHARS or _HAS_DIGIT.search(text):
        return None
    if _BYLINE_CHARS.fullmatch(text) is None:
        return None

    organisation: str | None = None
    parens = _TRAILING_PARENS.search(text)
    if parens is not None:
        inside = parens.group(1).strip()
        # "(CTV)" is a role, "(TH)" a note on the work and "(Theo Báo Kon Tum)" on
        # where it came from: all dropped.
        if not (
            _PREFIX_WORDS.fullmatch(inside)
            or _WORK_NOTE.fullmatch(inside)
            or _SOURCE_IN_PARENS.match(inside)
        ):
            if _starts_with(inside, _TITLE_STARTS):
                return None  # "Name (Phó Chủ tịch ...)": a caption
            if not _looks_like_organisation(inside):
                return None
            organisation = inside
        text = text[: parens.start()]

    authors, trailing_organisation = _split_authors(_strip_prefixes(text))
    if trailing_organisation is not None:
        if organisation is not None:
            return None  # two organisations: not a shape bylines have
        organisation = trailing_organisation
    signed = organisation is not None
    if not authors or any(not _looks_like_name(name, signed=signed) for name in authors):
        return None
    return Byline(
        author=", ".join(_title_case(name) for name in authors),
        organisation=organisation,
        text=line,
    )


# What no caption reads as: a source note in parentheses or labelled, a view counter.
# ("Theo dõi mực nước sông Pô Kô" may well be a caption: unlike after a byline, a bare
# "Theo …" is not taken for a note here.)
_SOURCE_NOTE = re.compile(
    r"^\(\s*(?:theo|nguồn)\b[^()]*\)$|^(?:nguồn|theo)\s*:|lượt\s+(?:xem|đọc|truy cập|thích)",
    _FLAGS,
)


# A sign-off that names no one: a role or the newsroom ("PV", "BBT", "Tin, ảnh: PV"), or
# the paper a story came from, the whole line ("Theo Báo Kon Tum"; "Theo báo cáo, …",
# "Theo dõi …" and "Theo Đài Khí tượng, mực nước …" open captions).
_ANONYMOUS = re.compile(rf"\s*(?:nhóm\s+)?(?:{_ROLES}|{_NEWSROOM})\s*\.?\s*", _FLAGS)
_CREDIT_LABEL = (
    r"(?:tin|bài|bài viết|ảnh|video|clip|thực hiện|tác giả|người viết|biên tập|theo|nguồn)"
)
_BARE_CREDIT = re.compile(
    rf"\s*{_CREDIT_LABEL}(?:\s*(?:,|/|-|–|&|\+|và)\s*{_CREDIT_LABEL})*\s*:?\s*", _FLAGS
)
_PAPER = (
    r"(?:báo(?!\s+cáo)|tạp chí|cổng thông tin|cổng tttđt|trang thông tin|trang tin"
    r"|trang điện tử|đài (?:phát thanh|truyền hình|truyền thanh|pt|tt)|ttxvn|vov|vtv)(?!\w)"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)(?!\w)"
)
_FROM_A_PAPER = re.compile(
    rf"^\(?\s*(?:theo|nguồn\s*:)\s*(?:{_PAPER})[^,;!?()]{{0,60}}\)?\.?$", _FLAGS
)


def is_anonymous_signoff(line: str) -> bool:
    """Whether `line` signs an article without naming anyone ("PV", "Tin, ảnh: BBT",
    "Theo Báo Kon Tum"): never a photo's caption."""
    text = clean_text(line)
    if len(text) > MAX_BYLINE_CHARS:
        return False  # a caption's sentence (it runs for every photo)
    return bool(_ANONYMOUS.fullmatch(_strip_prefixes(text) or "pv")) or bool(
        _FROM_A_PAPER.match(text)
    )


def is_bare_credit(line: str) -> bool:
    """Whether `line` is credit labels with no one after them ("Tin:", "Tin, ảnh:",
    "Bài và ảnh:"), as an author field left half filled reads. A role alone ("PV:")
    still signs for the newsroom."""
    return _BARE_CREDIT.fullmatch(clean_text(line)) is not None


def is_source_note(line: str) -> bool:
    """Whether `line` is a source note ("(Theo Báo Kon Tum)", "Nguồn: …") or a view
    counter, as articles end with: never a photo's caption."""
    return _SOURCE_NOTE.search(clean_text(line)) is not None


def find_byline(paragraphs: Sequence[str]) -> tuple[int, Byline] | None:
    """The byline in the last non-empty paragraph (looking past a source note or a view
    counter after it), with its index in `paragraphs`."""
    skipped = 0
    for index in range(len(paragraphs) - 1, -1, -1):
        text = clean_text(paragraphs[index])
        if not text:
            continue
        # A byline first: "Theo Trần Lan Anh" names the writer, "Theo Báo Kon Tum" the source.
        if (byline := parse_byline(paragraphs[index])) is not None:
            return index, byline
        if not _TRAILING_NOTE.search(text):
            return _signed_above(paragraphs, index, text) if _is_office(text) else None
        if skipped >= MAX_TRAILING_NOTES:
            return None
        skipped += 1
    return None


def _is_office(text: str) -> bool:
    """Whether a line is an office's name alone, as under a byline: short, no digit, and
    opening with an office word ("Trung tâm VHTTDL&TT huyện")."""
    return (
        len(text) <= MAX_BYLINE_CHARS
        and not _HAS_DIGIT.search(text)
        and _BYLINE_CHARS.fullmatch(text) is not None
        and _starts_with(text, _ORGANISATION_STARTS)
        and _looks_like_organisation(text)
    )


def _signed_above(
    paragraphs: Sequence[str], index: int, organisation: str
) -> tuple[int, Byline] | None:
    """The byline whose names are on the line above its office's (`index`), as right-
    aligned sign-offs are set: "NGUYỆT HẰNG", then "Trung tâm VHTTDL&TT huyện"."""
    above = next((i for i in range(index - 1, -1, -1) if clean_text(paragraphs[i])), None)
    if above is None:
        return None
    names = parse_byline(paragraphs[above])
    if names is None or names.organisation is not None:
        return None
    if any(_key(word) in _HEADING_WORDS for word in names.author.split()):
        return None
    return above, Byline(names.author, organisation, names.text)


def _strip_prefixes(text: str) -> str:
    while (m := _PREFIX.match(text)) is not None and m.end() > 0:
        text = text[m.end() :]
    return text.strip()


def _split_authors(text: str) -> tuple[list[str], str | None]:
    """Names before the first part that looks like an organisation, and that part on."""
    authors: list[str] = []
    start = 0
    for separator in [*_PART_SEPARATOR.finditer(text), None]:
        end = separator.start() if separator else len(text)
        part = text[start:end].strip()
        if authors and _starts_with(part, _TITLE_STARTS):
            return [], None  # "Name - Phó Chủ tịch ...": a caption
        if authors and _PHOTO_CREDIT.match(part):
            return authors, None  # the photos are credited, not the writing
        if authors and _PREFIX_WORDS.fullmatch(part):
            # "Minh Châu - PV": the writer's role, no office; what follows may be
            # another writer or the office.
            start = separator.end() if separator else len(text)
            continue
        if authors and _looks_like_organisation(part):
            return authors, text[start:].strip()
        authors.append(_strip_prefixes(part))
        start = separator.end() if separator else len(text)
    return authors, None


def _looks_like_organisation(text: str) -> bool:
    # Some office words are also surnames or given names ("Đoàn", "Trang").
    if _looks_like_name(text):
        return False
    if _starts_with(text, _ORGANISATION_STARTS):
        return True
    return any(
        not _has_vowel(token) or token in _ABBREVIATIONS_WITH_VOWELS
        for token in _ABBREVIATION.findall(text)
    )


def _looks_like_name(name: str, *, signed: bool = False) -> bool:
    """Whether `name` reads as a person's name; `signed`: an office follows it."""
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    if _key(words[0]) in _HONORIFICS:
        return False
    last = len(words) - 1
    return all(
        _looks_like_name_word(
            word,
            also=(_ALSO_SURNAMES if i == 0 else _ALSO_GIVEN_NAMES if i == last else frozenset())
            if signed
            else frozenset(),
        )
        for i, word in enumerate(words)
    )


def _looks_like_name_word(word: str, *, also: frozenset[str] = frozenset()) -> bool:
    key = _key(word)
    if key in _NOT_NAME_WORDS and key not in also:
        return False
    # Minority names split at an apostrophe: "H'Lênh", "K’Lin".
    pieces = [piece for piece in _APOSTROPHE.split(word) if piece]
    return bool(pieces) and all(_looks_like_syllable(piece) for piece in pieces)


def _looks_like_syllable(piece: str) -> bool:
    if not piece.isalpha() or len(piece) > MAX_SYLLABLE_CHARS or not piece[0].isupper():
        return False
    if len(piece) == 1:
        return True  # "Y Nhi", "A Thuấn", the "H" of "H'Lênh"
    if not (piece.isupper() or piece[1:].islower()):
        return False
    # Every syllable has a vowel; capitals without one are an abbreviation (TT, PV).
    return _has_vowel(piece)


def _has_vowel(text: str) -> bool:
    # In NFD every Vietnamese vowel letter starts with its plain Latin base.
    return any(ch in "aeiouyAEIOUY" for ch in unicodedata.normalize("NFD", text))


def _title_case(name: str) -> str:
    """Each syllable capitalised: NGUYỆT HẰNG → Nguyệt Hằng, H'LÊNH → H'Lênh."""
    return " ".join(_SYLLABLE.sub(lambda m: m.group(0).capitalize(), word) for word in name.split())


def _key(text: str) -> str:
    return unify_tone_placement(text).casefold()


def _starts_with(text: str, starts: tuple[str, ...]) -> bool:
    key = _key(text) + " "
    return key.startswith(starts)
