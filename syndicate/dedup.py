"""Recognise one story published under several URLs: the same text, lightly edited.

The province portal republishes district stories and districts copy each other's
announcements, each time with small edits: a "[Đăk Tô]" prefix, another case or tone
placement, a dropped byline, caption or last paragraph, a sentence reworded.
`story_print` reduces an article to what survives such edits: the words of its title
and text (prefix stripped, folded, no punctuation) as a set of word shingles, a
64-bin one-permutation MinHash sketch of that set, and the numbers and names it
mentions. The store indexes the sketch's band keys, so the candidates for a batch
come from one lookup; `same_story` then decides on the exact shingle sets, and
numbers and names must agree, which keeps apart the monthly announcements that share
a template but not their dates.
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
import struct
from array import array
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from syndicate.madeelsewhere import MadeElsewhere, text_key
from syndicate.model import Article, StoredArticle
from syndicate.text.byline import find_byline
from syndicate.text.fold import fold, nfc

STORY_WINDOW = timedelta(days=3)  # copies are published within this of their original
_DAY = timedelta(days=1)
SHINGLE_WORDS = 4
SKETCH_BINS = 64
BAND_ROWS = 2  # two bins per band: a copy at Jaccard 0.4 shares a band 99.6% of the time
BANDS = SKETCH_BINS // BAND_ROWS
# Thresholds on the exact shingle sets. Containment (shared / smaller set) stays high
# when a copy drops a caption, the byline or the last paragraph; the Jaccard floor stops
# a short piece from matching every long one that quotes it.
MIN_CONTAINMENT = 0.8
MIN_JACCARD = 0.4
# Below this many words besides the title a text is too short to judge: two photo
# galleries or PDF notices under one stock title are not one story for that.
MIN_TEXT_WORDS = 12
NAME_SLACK = 4  # one name in four of the smaller set may be missing from the larger
# Candidates whose sketches agree on fewer bins are not compared exactly: far below the
# Jaccard floor, so no decision changes, only work is saved.
CANDIDATE_FLOOR = 0.15

_EMPTY_BIN = 1 << 32  # above every 32-bit bin value
_MASK64 = (1 << 64) - 1
_BAND_KEY_BITS = 47  # six bytes in SQLite's record format; collisions only add candidates
_SKETCH_FORMAT = struct.Struct(f"<{SKETCH_BINS}I")

# A number keeps its inner separators ("22/01/2021", "1.453", "2020-2025"); words are
# runs of letters. Everything else is punctuation and goes. Folded Vietnamese is ASCII,
# so the ASCII alternatives come first: they run at twice the speed of \w.
_TOKEN = re.compile(r"[a-z]+|[0-9]+(?:[.,/:-][0-9]+)*|[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
# Dates written with dashes read as with slashes: "22 - 01 - 2021" as "22/01/2021", and
# "2021-01-22" (ISO, day last) turned round to it.
_DASHED_DATE = re.compile(
    "(?<![0-9.,/:])([0-9]{1,2}) *[-\u2013] *([0-9]{1,2}) *[-\u2013] *([0-9]{4})(?![0-9])"
)
_ISO_DATE = re.compile("(?<![0-9.,/:-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
# An en or em dash between numbers is a hyphen as typed by a word processor: "2021–2025"
# is "2021-2025", one number ("12-4" is a date); with spaces around it, two.
_NUMBER_DASH = re.compile("(?<=[0-9])([ ]*)[\u2013\u2014]([ ]*)(?=[0-9])")
# A thousands point, which one copy writes and another leaves out ("1.245 ha", "1245
# ha"): a point before three digits that end the number or meet another separator. A
# date's parts have one, two or four digits, so "18.7.2025" keeps its points.
_THOUSANDS = re.compile(r"(?<=[0-9])\.(?=[0-9]{3}(?![0-9]))")
# Numbers are compared in `_canonical_number`'s spelling: "18.7", and "18.7.2025".
_DAY_MONTH = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
_YEAR = re.compile(r"\.[0-9]{4}")

_UPPER = re.escape("".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper()))
_CAPITALISED = rf"[{_UPPER}][\w'’]*"
# "[Kon Tum] ", "(Đăk Tô) ", or one to four capitalised words before ":" or a dash.
_TITLE_PREFIX = re.compile(
    rf"\s*(?:[\[(][^\[\]()]{{1,40}}[\])]\s*[:|\-–—]?\s*"
    rf"|(?:{_CAPITALISED}\s+){{0,3}}{_CAPITALISED}\s*(?::|\s[|\-–—])\s+)"
)
# Two or more capitalised words in a row after a space: "Đặng Hoàng Nam", "Kon Plông".
# One capitalised word is too often just a sentence start or "Hội nghị".
_NAME = re.compile(rf"(?<=\s){_CAPITALISED}(?:[ \t]+{_CAPITALISED})+")


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on demand with `fold` of each character.

    `fold` walks a string character by character in Python; after NFC, folding each
    character alone gives the same words, and translate does it at C speed.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = " " if char.isspace() else fold(char)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_TOKEN_VALUES: dict[str, tuple[int, int, int, int]] = {}
_TOKEN_CACHE_LIMIT = 100_000  # syllables are a few thousand; numbers come and go


@dataclass(frozen=True, slots=True)
class StoryPrint:
    """What an article's text is reduced to for near-duplicate matching."""

    shingles: frozenset[int]
    sketch: tuple[int, ...]  # SKETCH_BINS values; () when the text has no words
    title_numbers: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    text_words: int  # words of the summary and body


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How much two shingle sets share."""

    containment: float  # shared / the smaller set
    jaccard: float  # shared / union


def strip_title_prefix(title: str) -> str:
    """The title without a leading "[Kon Tum]", "(Đăk Tô)" or "Đăk Tô:" style label."""
    title = nfc(title).strip()
    for _ in range(3):  # "[Kon Tum] Đăk Tô: ..." carries two
        match = _TITLE_PREFIX.match(title)
        if not match or match.end() >= len(title) or any(c.isdigit() for c in match.group()):
            break  # a label never holds a number; a title is never only a label
        title = title[match.end() :]
    return title


def story_words(text: str) -> list[str]:
    """The words of `text` as matching sees them: folded, no punctuation, numbers in one
    spelling ("22/01/2021", "22-1-2021" and "2021-01-22" are all "22.1.2021", "1.245"
    and "1245" both "1245", "2021–2025" and "2021-2025" both "2021.2025")."""
    folded = nfc(text).translate(_FOLD_TABLE)
    if "-" in folded or "\u2013" in folded or "\u2014" in folded:
        folded = _NUMBER_DASH.sub(r"\1-\2", folded)
        folded = _ISO_DATE.sub(r"\3/\2/\1", _DASHED_DATE.sub(r"\1/\2/\3", folded))
    # `_is_number` inlined: this runs for every word of every article printed
    return [_canonical_number(t) if "0" <= t[0] <= "9" else t for t in _TOKEN.findall(folded)]


def story_print(article: Article) -> StoryPrint:
    """The print of an article's title, summary and body text."""
    known = _KNOWN_PRINTS.get(article)
    return known.unpack() if known is not None else text_print(*text_key(article))


def story_sketch(article: Article) -> tuple[int, ...]:
    """The sketch of `story_print(article)`, without unpacking a print made elsewhere."""
    known = _KNOWN_PRINTS.get(article)
    return unpack_sketch(known.sketch) if known is not None else story_print(article).sketch


def story_sketch_blob(article: Article) -> bytes:
    """`pack_sketch(story_sketch(article))`, as a print made elsewhere already has it."""
    known = _KNOWN_PRINTS.get(article)
    return known.sketch if known is not None else pack_sketch(story_print(article).sketch)


def story_band_keys(article: Article) -> bytes:
    """`band_keys(story_sketch(article))` packed (`pack_band_keys`), taken from a print
    made elsewhere if there is one."""
    known = _KNOWN_PRINTS.get(article)
    if known is not None:
        return known.bands
    return pack_band_keys(band_keys(story_print(article).sketch))


@dataclass(frozen=True, slots=True)
class PackedPrint:
    """A StoryPrint in a few bytes objects, to cross a process boundary and wait there:
    a frozenset of Python ints takes ten times the memory of its packed values."""

    shingles: bytes
    sketch: bytes
    bands: bytes  # the sketch's band keys, made where the print was
    title_numbers: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    text_words: int

    @classmethod
    def of(cls, p: StoryPrint) -> PackedPrint:
        return cls(
            array("Q", p.shingles).tobytes(),
            pack_sketch(p.sketch),
            pack_band_keys(band_keys(p.sketch)),
            p.title_numbers,
            p.numbers,
            p.names,
            p.text_words,
        )

    def unpack(self) -> StoryPrint:
        shingles = array("Q")
        shingles.frombytes(self.shingles)
        return StoryPrint(
            frozenset(shingles),
            unpack_sketch(self.sketch),
            self.title_numbers,
            self.numbers,
            self.names,
            self.text_words,
        )


# Prints made by the parsing workers, while the articles they came with are stored.
_KNOWN_PRINTS: MadeElsewhere[PackedPrint] = MadeElsewhere()


def known_prints(pairs: Iterable[tuple[Article, PackedPrint]]) -> AbstractContextManager[None]:
    """Use these articles' prints, made by the worker that normalized them, instead of
    printing again: printing is most of the cost of recording a new article."""
    return _KNOWN_PRINTS.using(pairs)


# A print holds a few hundred ints (tens of KB): the cache stays small.
@lru_cache(maxsize=512)
def text_print(title: str, summary: str, content_html: str) -> StoryPrint:
    """The print of a title, a plain-text summary and an HTML body (cached: planning a
    batch and storing it may both need a print)."""
    return make_print(title, summary, content_html)


def make_print(title: str, summary: str, content_html: str) -> StoryPrint:
    """`text_print` without the cache, for callers that need each print once."""
    # Imported here, as the parsers are: a run that stores nothing new never loads lxml.
    from syndicate.html_clean import paragraph_texts, plain_text

    return print_of_text(title, summary, plain_text(content_html), paragraph_texts(content_html))


def print_of_text(
    title: str, summary: str, body_text: str, paragraphs: Sequence[str]
) -> StoryPrint:
    """The print of a title and summary and the body's plain text and paragraph texts
    (`html_clean.plain_text` and `paragraph_texts` of the body), for a caller that has
    them already."""
    title_words = story_words(strip_title_prefix(title))
    summary_words, body_words = story_words(summary), story_words(body_text)
    words = title_words + summary_words + body_words
    shingles = _shingles(words)
    # Names are read line by line: across a paragraph end, "… xã Ia Đal" and the next
    # paragraph's "Đơn vị …" would run into one name that a reflowed copy lacks.
    # Captions are left out, being what copies drop most, and so is the byline, which
    # the portal that republishes a story replaces with its own.
    lines = "\n".join((summary, *_without_byline(paragraphs)))
    return StoryPrint(
        shingles=shingles,
        sketch=_sketch(shingles),
        title_numbers=frozenset(w for w in title_words if _is_number(w)),
        numbers=frozenset(w for w in words if _is_number(w)),
        names=frozenset(" ".join(story_words(m)) for m in _NAME.findall(nfc("\n" + lines))),
        text_words=_text_words(summary_words, body_words),
    )


def _without_byline(paragraphs: Sequence[str]) -> Sequence[str]:
    found = find_byline(paragraphs)
    if found is None:
        return paragraphs
    return [*paragraphs[: found[0]], *paragraphs[found[0] + 1 :]]


def _text_words(summary: Sequence[str], body: Sequence[str]) -> int:
    """How many words the summary and body hold, a summary that repeats the body's
    text counted once: a page without one gets its lead as summary, and a short
    notice counted twice would pass for a text long enough to judge."""
    lead = summary[:-1]  # the last word may be cut short, where "…" ends a summary
    if lead and f" {' '.join(lead)} " in f" {' '.join(body)} ":
        return len(body)
    return len(summary) + len(body)


def _is_number(word: str) -> bool:
    return "0" <= word[0] <= "9"  # ASCII only: "²" is a digit to str.isdigit, not to _TOKEN


def _canonical_number(token: str) -> str:
    if "." in token:
        token = _THOUSANDS.sub("", token)
    return ".".join(g.lstrip("0") or "0" for g in _DIGITS.findall(token))


def _token_values(token: str) -> tuple[int, int, int, int]:
    """Four independent 64-bit values of a word, one per shingle position."""
    values = _TOKEN_VALUES.get(token)
    if values is None:
        if len(_TOKEN_VALUES) >= _TOKEN_CACHE_LIMIT:
            _TOKEN_VALUES.clear()
        digest = hashlib.blake2b(
            token.encode("utf-8"), digest_size=32, person=b"syndicate"
        ).digest()
        a, b, c, d = struct.unpack("<4Q", digest)
        values = _TOKEN_VALUES[token] = (a, b, c, d)
    return values


def _shingles(words: Sequence[str]) -> frozenset[int]:
    """Hashes of every run of SHINGLE_WORDS words (tabulation hashing: the xor of one
    random value per position and word, which MinHash needs no better than)."""
    known = _TOKEN_VALUES
    v = [known.get(w) or _token_values(w) for w in words]
    if len(v) < SHINGLE_WORDS:
        h = 0
        for i, values in enumerate(v):
            h ^= values[i]
        return frozenset([h]) if v else frozenset()
    return frozenset(
        a[0] ^ b[1] ^ c[2] ^ d[3] for a, b, c, d in zip(v, v[1:], v[2:], v[3:], strict=False)
    )


def _sketch(shingles: Iterable[int]) -> tuple[int, ...]:
    """One-permutation MinHash: each shingle falls into a bin by its low bits and the
    bin keeps the least of the high bits; empty bins borrow from the next full one."""
    bins = [_EMPTY_BIN] * SKETCH_BINS
    for h in shingles:
        i = h & (SKETCH_BINS - 1)
        value = h >> 32
        if value < bins[i]:
            bins[i] = value
    if all(b == _EMPTY_BIN for b in bins):
        return ()
    # Rotation densification (Shrivastava and Li, 2014): two sets with the same empty
    # bins fill them the same way, so a shared bin still means a shared minimum.
    filled = list(bins)
    for i, value in enumerate(bins):
        if value != _EMPTY_BIN:
            continue
        distance = 1
        while bins[(i + distance) % SKETCH_BINS] == _EMPTY_BIN:
            distance += 1
        borrowed = bins[(i + distance) % SKETCH_BINS]
        filled[i] = (borrowed + distance * 0x9E3779B1) & 0xFFFFFFFF
    return tuple(filled)


def pack_sketch(sketch: Sequence[int]) -> bytes:
    """The sketch as a compact blob (4 bytes a bin; empty for an empty sketch)."""
    return _SKETCH_FORMAT.pack(*sketch) if sketch else b""


def unpack_sketch(blob: bytes) -> tuple[int, ...]:
    return _SKETCH_FORMAT.unpack(blob) if blob else ()


def pack_band_keys(keys: Sequence[int]) -> bytes:
    """Band keys as a blob of 8-byte integers, to store and to ship between processes."""
    return array("q", keys).tobytes()


def unpack_band_keys(blob: bytes) -> array[int]:
    return array("q", blob)


def band_keys(sketch: Sequence[int]) -> tuple[int, ...]:
    """One key per band of BAND_ROWS bins: two sketches sharing a key are candidates."""
    if not sketch:
        return ()
    keys = []
    for band in range(BANDS):
        first, second = sketch[band * BAND_ROWS], sketch[band * BAND_ROWS + 1]
        x = ((first << 32) | second) ^ ((band + 1) * 0x9E3779B97F4A7C15 & _MASK64)
        # splitmix64 finalizer, so keys of neighbouring bands spread over the index
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
        keys.append((x ^ (x >> 31)) >> (64 - _BAND_KEY_BITS))
    return tuple(keys)


def estimate(a: Sequence[int], b: Sequence[int]) -> float:
    """The share of bins two sketches agree on, an estimate of the sets' Jaccard index."""
    if not a or not b:
        return 0.0
    if len(a) != len(b):
        raise ValueError("sketches of different sizes")
    agree: int = sum(map(operator.eq, a, b))  # map, not a generator: runs per candidate
    return agree / SKETCH_BINS


# The lowest bit of every 32-bit bin of a sketch number.
_BIN_LOW_BITS = int.from_bytes(b"\x01\x00\x00\x00" * SKETCH_BINS, "little")


def sketch_number(blob: bytes) -> int:
    """A packed sketch as one integer, 32 bits a bin, for `estimate_numbers`."""
    return int.from_bytes(blob, "little")


def estimate_numbers(a: int, b: int) -> float:
    """`estimate` of two sketches given as `sketch_number`s, in a few big-integer
    operations instead of a Python step per bin: the bins that agree are the 32-bit
    lanes where the two numbers' xor is zero."""
    x = a ^ b
    # Fold each lane onto its lowest bit. A shift brings the next lane's bits no lower
    # than bit 1 (16 + 8 + 4 + 2 + 1 = 31), so a lane's lowest bit sees only its own.
    x |= x >> 16
    x |= x >> 8
    x |= x >> 4
    x |= x >> 2
    x |= x >> 1
    return (SKETCH_BINS - (x & _BIN_LOW_BITS).bit_count()) / SKETCH_BINS


def resemblance(a: StoryPrint, b: StoryPrint) -> Resemblance:
    shared = len(a.shingles & b.shingles)
    smaller = min(len(a.shingles), len(b.shingles))
    union = len(a.shingles) + len(b.shingles) - shared
    return Resemblance(shared / smaller if smaller else 0.0, shared / union if union else 0.0)


def candidate(a: StoryPrint, b: StoryPrint) -> bool:
    """Whether the index would bring these two together for an exact comparison."""
    return bool(set(band_keys(a.sketch)) & set(band_keys(b.sketch))) and (
        estimate(a.sketch, b.sketch) >= CANDIDATE_FLOOR
    )


def same_story(a: StoryPrint, b: StoryPrint) -> bool:
    """Whether two prints are one story: the texts resemble and the specifics agree."""
    if a.title_numbers and b.title_numbers and not _same_numbers(a.title_numbers, b.title_numbers):
        return False  # "tháng 5" and "tháng 6" of one announcement
    return same_text(a, b) and _missing_numbers(a.numbers, b.numbers) == 0


def same_text(a: StoryPrint, b: StoryPrint) -> bool:
    """Whether two prints are one text edited: they resemble as copies of a story do,
    whatever their figures say (a page corrected where it stands: "6 tháng" was "9
    tháng"). Names still count: two communes' reports from one template are two texts."""
    if min(a.text_words, b.text_words) < MIN_TEXT_WORDS:
        return False
    found = resemblance(a, b)
    if found.containment < MIN_CONTAINMENT or found.jaccard < MIN_JACCARD:
        return False
    return (
        not _a_name_swapped(a, b)
        and _missing(a.names, b.names) <= min(len(a.names), len(b.names)) // NAME_SLACK
    )


def _missing(a: frozenset[str], b: frozenset[str]) -> int:
    """How many of the smaller set's names the larger set lacks.

    A copy that drops a paragraph loses names, it never gains new ones; names get some
    slack, since capitals are read from the text and an editor may recase a sentence's
    start or name the district in the lead.
    """
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    return len(smaller - larger)


def _a_name_swapped(a: StoryPrint, b: StoryPrint) -> bool:
    """Whether one text is the other with a name put in another's place: two districts'
    reports from one template ("Huyện đoàn Đăk Hà…", "Huyện đoàn Kon Plông…").

    Each side names someone or somewhere the other does not, and what else tells them
    apart is as much on one side as on the other: the shingles around the names. A copy
    that names the district in its lead and drops a paragraph differs by far more on the
    side that kept the paragraph.
    """
    if not (a.names - b.names and b.names - a.names):
        return False
    only_a, only_b = len(a.shingles - b.shingles), len(b.shingles - a.shingles)
    # A name's every place costs each side a few shingles; a paragraph, a dozen or more.
    return max(only_a, only_b) <= min(only_a, only_b) * 3 // 2 + SHINGLE_WORDS // 2


def _missing_numbers(a: frozenset[str], b: frozenset[str]) -> int:
    """How many of the smaller set's numbers the larger set lacks, where a day and month
    ("18.7") and the same day and month with a year ("18.7.2025") are one date: the
    province portal's editor often adds the year the district left out. Numbers must
    all agree: two notices that differ only in a date are two notices."""
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    return sum(not _number_in(number, larger) for number in smaller - larger)


def _same_numbers(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether each number of either set is in the other, a date with or without its year."""
    return a == b or (_covered(a, b) and _covered(b, a))


def _covered(numbers: frozenset[str], by: frozenset[str]) -> bool:
    return all(_number_in(n, by) for n in numbers)


def _number_in(number: str, numbers: frozenset[str]) -> bool:
    """Whether `number` is among `numbers`: itself, the same date with or without its
    year, or a range and its two ends apart ("2021-2025" and "2021 - 2025", "từ 2021 đến
    2025"), either way round. Only a range of numbers of three digits or more: "12-4"
    is a date, not 12 and 4."""
    if number in numbers or any(_one_date(number, other) for other in numbers):
        return True
    ends = _range_ends(number)
    if ends is not None:
        return ends[0] in numbers and ends[1] in numbers
    return any(number in ends for other in numbers if (ends := _range_ends(other)) is not None)


def _range_ends(number: str) -> tuple[str, str] | None:
    parts = number.split(".")
    if len(parts) == 2 and len(parts[0]) >= 3 and len(parts[1]) >= 3:
        return parts[0], parts[1]
    return None


def _one_date(a: str, b: str) -> bool:
    """Whether two numbers are one date, written with and without its year."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return bool(_DAY_MONTH.fullmatch(short)) and bool(
        long.startswith(short) and _YEAR.fullmatch(long, len(short))
    )


def canonical_rank(article: Article, authority: int) -> tuple[int, float]:
    """Sorts the canonical copy of a story first: higher authority, then earlier."""
    return (-authority, article.published.astimezone(UTC).timestamp())


def ranks_before(article: Article, authority: int, other: Article, other_authority: int) -> bool:
    """Whether `article` would lead a story before `other`: higher authority, then an
    earlier day, then an earlier time that day.

    A day printed without a time is stored as the day's first moment, yet the story
    may have appeared any time that day: against a copy of the same day it ranks
    neither before nor after, and the story stays led as it is. Else a copy dated by
    the day alone took the credit from an original whose time that day is known (and,
    ranked as the day's end instead, a province's timed copy took it from the many
    district portals that print the day alone).
    """
    if authority != other_authority:
        return authority > other_authority
    mine, theirs = article.published.astimezone(_DAYS_IN), other.published.astimezone(_DAYS_IN)
    if mine.date() != theirs.date():
        return mine.date() < theirs.date()
    if mine.time() == time(0) or theirs.time() == time(0):
        return False
    return mine < theirs


# Where a day printed alone begins: a bare date is stored as midnight there. The same
# zone as `text.dates.VIETNAM`, which the collecting process does not load.
_DAYS_IN = ZoneInfo("Asia/Ho_Chi_Minh")


def within_window(a: datetime, b: datetime, window: timedelta = STORY_WINDOW) -> bool:
    """Whether two publication times are at most `window` apart.

    Most district portals print the day without a time, which is stored as the start
    of that day: when the earlier of the two is such a bare date, the story may have
    appeared up to a day later, so the gap gets a day of slack.
    """
    earlier, later = sorted((a, b))
    slack = _DAY if _bare_date(earlier) else timedelta(0)
    return later - earlier <= window + slack


def _bare_date(moment: datetime) -> bool:
    # Midnight in a whole-hour zone (Vietnam's +07:00) is on the hour in UTC; an exact
    # hour printed with a time gets the slack too, which only widens the window a day.
    return moment.minute == moment.second == moment.microsecond == 0


def window_days(window: timedelta) -> int:
    """Whole days either side of a publication day that can hold a `window` match:
    the window, the bare-date slack, and a day for where the day boundary falls."""
    return math.ceil(window / _DAY) + 2


class StoryIndex:
    """A few stored articles indexed by band key: the stories fresh ones may repeat."""

    def __init__(self, stored: Iterable[StoredArticle]) -> None:
        self._by_id: dict[str, StoredArticle] = {}
        self._bands: dict[int, list[StoredArticle]] = {}
        for s in stored:
            self._by_id[s.id] = s
            for key in band_keys(story_print(s.article).sketch):
                self._bands.setdefault(key, []).append(s)

    def get(self, article_id: str) -> StoredArticle | None:
        return self._by_id.get(article_id)

    def matches(self, article: Article, window: timedelta = STORY_WINDOW) -> list[StoredArticle]:
        """Stored articles telling the same story, published within `window`; the
        closest first."""
        sketch = story_sketch(article)
        fresh: StoryPrint | None = None  # unpacked for the first close candidate only
        seen: set[str] = set()
        found: list[tuple[float, str, StoredArticle]] = []
        for key in band_keys(sketch):
            for s in self._bands.get(key, ()):
                if s.id in seen:
                    continue
                seen.add(s.id)
                if not within_window(s.article.published, article.published, window):
                    continue
                known = story_print(s.article)
                if estimate(sketch, known.sketch) < CANDIDATE_FLOOR:
                    continue
                fresh = fresh or story_print(article)
                if same_story(fresh, known):
                    found.append((-resemblance(fresh, known).containment, s.id, s))
        return [s for *_, s in sorted(found, key=lambda f: (f[0], f[1]))]
