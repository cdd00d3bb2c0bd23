"""Turn the bytes of a portal page into clean NFC text, whatever the page was written in.

District portals declare charsets wrongly or not at all, some still hold text typed in
the TCVN3 (ABC) or VNI font encodings, and some carry UTF-8 that was once read as a
single-byte charset and saved again. `decode_html` picks a charset in a fixed order of
trust, then lets the text itself decide whether it is legacy or mojibake: a reading is
only replaced by one that is clearly more Vietnamese (more tokens that are well-formed
Vietnamese syllables, fewer that are not). Feeds have parsers that decode by themselves:
`read_encoding` tells them how to read the bytes, and `detect_legacy_in` with
`convert_legacy` puts the text they parsed right.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from charset_normalizer import from_bytes

from syndicate.text.fold import nfc_markup
from syndicate.text.legacy_tables import (
    TCVN3_FONT,
    VNI_FONT,
    decode_cp1252,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    upper_capitals_fonts,
    vni_to_unicode,
)

__all__ = [
    "DecodedText",
    "Legacy",
    "Reading",
    "charset_from_content_type",
    "convert_legacy",
    "decode_cp1252",
    "decode_html",
    "detect_legacy",
    "detect_legacy_in",
    "read_encoding",
    "repair_mojibake",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "upper_capitals_fonts",
    "vni_to_unicode",
]

Legacy = Literal["tcvn3", "vni"]


@dataclass(frozen=True)
class DecodedText:
    """A decoded page: NFC text, the charset the bytes were read with, what was fixed."""

    text: str
    encoding: str  # Python codec name: "utf-8", "cp1252", "cp1258" ...
    legacy: str | None  # "tcvn3" or "vni" when font-encoded text was converted
    repaired: bool  # UTF-8 read as a single-byte charset was put right


# --- judging which reading is Vietnamese ---------------------------------------------


@dataclass(frozen=True)
class _Score:
    valid: int  # non-ASCII tokens that are well-formed Vietnamese syllables
    invalid: int  # non-ASCII tokens that are not


# Split on whitespace and ASCII punctuation only: the Latin-1 symbols that legacy text
# and mojibake are made of (© µ ¸ » ‡ ...) must stay inside the words they spoil.
_TOKEN = re.compile(r"[^\s!-/:-@\[-`{-~]+")
_EDGE_PUNCTUATION = "“”‘’–—…«»•·"
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vowel groups of Vietnamese with the tone taken off, longest first.
_NUCLEI = (
    "iêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|yêu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(
    # Initials allow the clusters of minority place names (Kon Plông, Đăk Glei).
    r"(?:ngh|qu|gi|[bcdđfghjklmnpqrstvwxz]{1,3})?"
    f"(?:{_NUCLEI})"
    r"(?:ch|ng|nh|[cmnptk])?"  # k: place names again (Đăk, Măk)
)


@lru_cache(maxsize=8192)
def _is_syllable(token: str) -> bool:
    word = unicodedata.normalize("NFD", token.lower())
    if sum(ch in _TONE_MARKS for ch in word) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in word if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


def _judge(text: str) -> _Score:
    valid = invalid = 0
    for raw in _TOKEN.findall(text):
        if raw.isascii():
            continue
        token = raw.strip(_EDGE_PUNCTUATION)
        if not token or token.isascii():
            continue
        if _is_syllable(token):
            valid += 1
        else:
            invalid += 1
    return _Score(valid, invalid)


def _clearly_better(new: _Score, old: _Score, min_gain: int) -> bool:
    return new.invalid < old.invalid and new.valid >= old.valid + min_gain


# --- legacy detection -----------------------------------------------------------------

# Letters only Unicode text has; a cp1252 reading of legacy bytes never contains them.
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u0300-\u036f\u1ea0-\u1ef9]")
_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}


def _font_hint(text: str) -> Legacy | None:
    tcvn3, vni = len(TCVN3_FONT.findall(text)), len(VNI_FONT.findall(text))
    if not tcvn3 and not vni:
        return None
    return "tcvn3" if tcvn3 >= vni else "vni"


def _legacy_reading(text: str, baseline: _Score) -> tuple[Legacy, str] | None:
    """The legacy conversion of `text` that reads clearly better than `baseline`, if any."""
    hint = _font_hint(text)
    if hint is None and _UNICODE_VIETNAMESE.search(text):
        return None
    best: tuple[Legacy, str, _Score] | None = None
    name: Legacy
    for name in ("tcvn3", "vni"):
        converted = _CONVERTERS[name](text)
        score = _judge(converted)
        if name == hint:
            good = _clearly_better(score, baseline, min_gain=1)
        else:  # no font says so: ask for more words and a text that is mostly Vietnamese
            good = _clearly_better(score, baseline, min_gain=3) and score.valid >= 4 * score.invalid
        if good and (best is None or score.valid - score.invalid > best[2].valid - best[2].invalid):
            best = (name, converted, score)
    return None if best is None else (best[0], best[1])


def detect_legacy(text: str) -> Legacy | None:
    """Say whether text (a page read as cp1252 or latin-1) is TCVN3 or VNI, else None."""
    found = _legacy_reading(text, _judge(text))
    return None if found is None else found[0]


def _may_be_legacy(text: str) -> bool:
    return _UNICODE_VIETNAMESE.search(text) is None


def detect_legacy_in(texts: Iterable[str | None]) -> Legacy | None:
    """`detect_legacy` for texts typed with one font, such as the titles, summaries and
    content of one feed: judged as one document, so that no single text decides.

    A text with letters only Unicode has was typed in Unicode and is left out of the
    judging; in an ordinary Unicode feed that is every text, found by a search that
    stops at its first such letter, and the whole check costs next to nothing.
    """
    candidates = [text for text in texts if text and _may_be_legacy(text)]
    if all(text.isascii() for text in candidates):
        return None
    return detect_legacy("\n".join(candidates))


# Text between two tags of a page (what a legacy font can have been applied to).
_TEXT_RUN = re.compile(r"(?<=>)[^<]+")
# A start tag naming a legacy font in its attributes (face=".VnTime",
# style="font-family: VNI-Times").
_LEGACY_FONT_TAG = re.compile(
    r"<(?P<tag>[a-zA-Z][\w:-]*)(?=[^>]*?(?:\.Vn[A-Z]|(?i:vni[-_ ][a-z]{3})))[^>]*>"
)


def _convert_font_elements(html: str, legacy: Legacy) -> str:
    """`html` with the text of every element set in a legacy font converted, and the
    rest as it was."""
    parts: list[str] = []
    at = 0
    for start in _LEGACY_FONT_TAG.finditer(html):
        if start.start() < at:
            continue  # inside an element already converted
        end = _element_end(html, start.group("tag"), start.end())
        parts.append(html[at : start.start()])
        parts.append(
            _TEXT_RUN.sub(lambda run: convert_legacy(run[0], legacy), html[start.start() : end])
        )
        at = end
    parts.append(html[at:])
    return "".join(parts)


def _element_end(html: str, tag: str, pos: int) -> int:
    """Where the element whose start tag ends at `pos` ends (after its end tag), counting
    nested elements of the same name; the end of `html` if it is never closed."""
    tags = re.compile(rf"<(/?){re.escape(tag)}(?=[\s>/])[^>]*>", re.IGNORECASE)
    depth = 1
    for found in tags.finditer(html, pos):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return len(html)


def convert_legacy(text: str, legacy: Legacy, *, html: bool = False) -> str:
    """Text typed in `legacy`'s font (read as cp1252) in Unicode; text with letters only
    Unicode has is Unicode already and stays as it was. `html` also upper-cases what a
    .VnTimeH-style font shows as capitals."""
    if not _may_be_legacy(text):
        return text
    converted = _CONVERTERS[legacy](text)
    return upper_capitals_fonts(converted) if html and legacy == "tcvn3" else converted


# --- mojibake -------------------------------------------------------------------------


def _byte_of(codec: str) -> dict[str, int]:
    """Which byte each character of a single-byte charset reading came from."""
    table: dict[str, int] = {}
    for b in range(0x80, 0x100):
        byte = bytes([b])
        table[decode_cp1252(byte) if codec == "cp1252" else byte.decode(codec, "ignore")] = b
    # Bytes a codec leaves undefined, and text once read as latin-1, show as C1 controls.
    table.update({chr(b): b for b in range(0x80, 0xA0) if chr(b) not in table})
    table.pop("", None)
    return table


def _utf8_sequence_pattern(byte_of: dict[str, int]) -> re.Pattern[str]:
    def chars(low: int, high: int) -> str:
        return "".join(re.escape(ch) for ch, b in byte_of.items() if low <= b <= high)

    lead2, lead3, lead4 = chars(0xC2, 0xDF), chars(0xE0, 0xEF), chars(0xF0, 0xF4)
    cont = chars(0x80, 0xBF)
    return re.compile(f"[{lead2}][{cont}]|[{lead3}][{cont}]{{2}}|[{lead4}][{cont}]{{3}}")


# UTF-8 read as cp1252 or latin-1 ("huyá»‡n") or as cp1258 ("nĂªu"): each multi-byte
# sequence became 2-4 characters, found here and turned back into bytes.
_MOJIBAKE_CODECS = [
    (byte_of, _utf8_sequence_pattern(byte_of))
    for byte_of in (_byte_of("cp1252"), _byte_of("cp1258"))
]


def _undo_mojibake(text: str, byte_of: dict[str, int], pattern: re.Pattern[str]) -> str:
    def restore(match: re.Match[str]) -> str:
        try:
            restored = bytes(byte_of[ch] for ch in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        # Right text beside the broken can read as a sequence too ("Ê”" is U+0294):
        # only a letter or mark a Vietnamese or Latin text holds is put back.
        return restored if _PLAUSIBLE.fullmatch(restored) else match.group()

    return pattern.sub(restore, text)


# Latin letters and their marks, Vietnamese ones, punctuation, currency, №/™ (and C1
# controls, which text that went through the mistake twice holds half way back): what
# UTF-8 mojibake of a Vietnamese page undoes to. IPA, Greek, CJK... are right text misread.
_PLAUSIBLE = re.compile(
    "[\u0080-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]"
)


def may_be_mojibake(text: str) -> bool:
    """Whether `text` holds what Vietnamese UTF-8 read as a single-byte charset always
    shows ("á»" for ộ, "Ä‘" for đ, "Æ°" for ư...): cheaper than trying the repair."""
    return _MOJIBAKE_HINT.search(text) is not None


def _mojibake_hint() -> re.Pattern[str]:
    """The lead bytes of Vietnamese letters in UTF-8 (C3, C4, C5, C6; E1 BA, E1 BB) as
    windows-1252 and windows-1258 show them, followed by a continuation byte's
    character. "Ã" and "Ă" alone are letters of capitalised Vietnamese ("XÃ", "ĐĂK"),
    and taken alone they had every such feed's text run through the repair."""
    leads: set[str] = set()
    continuations: set[str] = set()
    for byte_of, _ in _MOJIBAKE_CODECS:
        leads |= {ch for ch, b in byte_of.items() if 0xC3 <= b <= 0xC6}
        continuations |= {ch for ch, b in byte_of.items() if 0x80 <= b <= 0xBF}

    def one_of(chars: set[str]) -> str:
        return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"

    return re.compile(f"{one_of(leads)}{one_of(continuations)}|á[»º]")


_MOJIBAKE_HINT = _mojibake_hint()


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 that was read as a single-byte charset; (text, whether it changed)."""
    current, score, repaired = text, None, False
    for _ in range(2):  # text that went through the mistake twice
        candidates = [_undo_mojibake(current, *codec) for codec in _MOJIBAKE_CODECS]
        scored = [(_judge(c), c) for c in candidates if c != current]
        if not scored:
            break  # nothing looked like mojibake: no need to judge the text itself
        score = score or _judge(current)
        better = [(s, c) for s, c in scored if _clearly_better(s, score, min_gain=1)]
        if not better:
            break
        score, current = max(better, key=lambda sc: sc[0].valid - sc[0].invalid)
        repaired = True
    return current, repaired


# --- charsets -------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
_META_WINDOW = 4096  # a declaration further into the page is not believed
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels the web reads as windows-1252 (WHATWG Encoding); utf-7 is never honoured.
_AS_CP1252 = frozenset({"cp1252", "iso8859-1", "latin-1", "ascii"})


def charset_from_content_type(content_type: str | None) -> str | None:
    """The lower-cased charset parameter of a Content-Type header, if there is one."""
    if not content_type:
        return None
    for parameter in content_type.split(";")[1:]:
        name, sep, value = parameter.partition("=")
        if sep and name.strip().lower() == "charset":
            return value.strip().strip("\"'").strip().lower() or None
    return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name == "utf-7":
        return None
    return "cp1252" if name in _AS_CP1252 else name


def reads_text(label: str) -> bool:
    """Whether a charset label names a codec that decodes text (ASCII at least)."""
    name = _codec_name(label)
    return name is not None and _decode_strictly(b"a", name) == "a"


def _decode_strictly(body: bytes, name: str) -> str | None:
    if name == "cp1252":
        return decode_cp1252(body)
    try:
        return body.decode("utf-8-sig" if name == "utf-8" else name)
    # LookupError: a non-text codec (base64 ...); UnicodeError: one that refuses all
    # ("undefined", what a template prints for a charset it was not given).
    except (UnicodeError, LookupError):
        return None


def _declared_in_markup(body: bytes) -> str | None:
    head = body[:_META_WINDOW]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    name = _codec_name(match.group(1).decode("ascii"))
    # A page that could read its own <meta> as ASCII is not UTF-16 (WHATWG says UTF-8).
    return "utf-8" if name is not None and name.startswith("utf-16") else name


def _bom_charset(body: bytes) -> str | None:
    return next((name for bom, name in _BOMS if body.startswith(bom)), None)


def _guessed_charset(body: bytes) -> str | None:
    match = from_bytes(body).best()
    return None if match is None else _codec_name(match.encoding)


def _trusted_charsets(
    body: bytes, content_type: str | None, forced: str | None
) -> Iterator[str | None]:
    """Charsets in order of trust, each worked out only when the ones before failed.

    A byte order mark comes before the server's label, as in browsers (WHATWG): a
    UTF-16 page served as iso-8859-1 read as Latin-1 with a NUL between letters.
    """
    yield _codec_name(forced)
    yield _bom_charset(body)
    yield _served_charset(body, content_type)
    yield _declared_in_markup(body)
    yield "utf-8"  # well-formed UTF-8 is UTF-8: cheaper and surer than a guess
    yield _guessed_charset(body)


def _served_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server names, unless it is UTF-16 or UTF-32 and the bytes show
    otherwise: markup in those has a NUL byte beside every ASCII character, so a page
    without one is not in them. (Its even length would decode it to CJK letters.)"""
    name = _codec_name(charset_from_content_type(content_type))
    if (
        name is not None
        and name.startswith(("utf-16", "utf-32"))
        and b"\0" not in body[:_NUL_WINDOW]
    ):
        return None
    return name


# Bytes looked at for a NUL: a few characters of markup hold one in UTF-16 or UTF-32.
_NUL_WINDOW = 1024


def _read(body: bytes, content_type: str | None, forced: str | None) -> tuple[str, str]:
    """Text and codec from the first trusted charset that decodes the body strictly."""
    for name in _trusted_charsets(body, content_type, forced):
        if name is not None and (text := _decode_strictly(body, name)) is not None:
            return text, name
    return _last_resort(body)


def _last_resort(body: bytes) -> tuple[str, str]:
    """Bytes no charset reads: UTF-8 with a few damaged sequences (a page cut short in
    a letter) reads as UTF-8 with U+FFFD for them; anything else as windows-1252,
    which keeps every byte for the legacy fonts and mojibake repair to judge (a TCVN3
    page that charset-normalizer cannot place is nearly all U+FFFD in UTF-8)."""
    text = body.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    letters = sum(1 for char in text if char > "\x7f") - damaged
    if damaged * _MOSTLY_UTF8 <= letters:
        return text, "utf-8"
    return decode_cp1252(body), "cp1252"


# UTF-8 letters per damaged sequence at least, for a body to count as UTF-8.
_MOSTLY_UTF8 = 2


# --- the whole page -------------------------------------------------------------------


def _rereadings(body: bytes, encoding: str) -> list[DecodedText]:
    """Other readings of the bytes that could beat the declared one: a single-byte label
    is a claim the text can contradict (UTF-8 or cp1258 bytes served as windows-1252)."""
    if encoding.startswith("utf"):
        return []
    found = []
    for name in ("utf-8", "cp1258"):
        reread = _decode_strictly(body, name) if name != encoding else None
        if reread is not None:
            found.append(DecodedText(reread, name, None, repaired=name == "utf-8"))
    return found


def _best_reading(
    body: bytes, content_type: str | None, forced: str | None
) -> tuple[DecodedText, _Score]:
    """The trusted reading, or a UTF-8 or cp1258 one that is clearly more Vietnamese."""
    text, encoding = _read(body, content_type, forced)
    result = DecodedText(text, encoding, None, repaired=False)
    score = _judge(text)
    # A forced charset is the operator's word; any other label may be contradicted.
    obeyed = forced is not None and encoding == _codec_name(forced)
    for other in [] if obeyed else _rereadings(body, encoding):
        other_score = _judge(other.text)
        if _clearly_better(other_score, score, min_gain=1):
            result, score = other, other_score
    return result, score


class Reading(NamedTuple):
    """How `decode_html` reads a page's bytes, for parsers that decode by themselves."""

    encoding: str  # the codec: cp1252 for bytes in a legacy font, which it was made for
    legacy: Legacy | None  # that font ("tcvn3", "vni"), to convert the parsed text from


def read_encoding(body: bytes, content_type: str | None = None) -> Reading:
    """The codec `decode_html` reads these bytes with and, when they are not UTF, the
    legacy font it converts them from. UTF text holding legacy letters is for the parser
    to find in what it parsed (`detect_legacy_in`); mojibake is not repaired."""
    result, score = _best_reading(body, content_type, None)
    if result.encoding.startswith("utf"):
        return Reading(result.encoding, None)
    legacy = _legacy_reading(decode_cp1252(body), score)
    return Reading(result.encoding, None) if legacy is None else Reading("cp1252", legacy[0])


def decode_html(
    body: bytes, content_type: str | None = None, forced: str | None = None
) -> DecodedText:
    """Decode an HTML page: charset by trust, legacy fonts converted, mojibake repaired, NFC.

    Trust order: `forced`, the HTTP charset, <meta>/XML declaration, BOM, well-formed
    UTF-8, charset-normalizer's guess, then UTF-8 with replacement characters. Unless
    it was forced, that reading gives way to a UTF-8 or cp1258 one that is clearly more
    Vietnamese; then TCVN3/VNI text is converted, or else mojibake repaired.
    """
    result, score = _best_reading(body, content_type, forced)
    # Legacy bytes are judged in the cp1252 reading their fonts were made for.
    unicode_read = result.encoding.startswith("utf")
    legacy = _legacy_reading(result.text if unicode_read else decode_cp1252(body), score)
    if legacy is not None:
        name, converted = legacy
        if unicode_read and _UNICODE_VIETNAMESE.search(result.text):
            # A Unicode page with a passage pasted in a legacy font: only the text of
            # the elements set in such a font is that passage. The rest, the title,
            # captions, tags and addresses, is Unicode, even where it has no letter
            # only Unicode has ("Thôn" would turn into "Thụn").
            converted = _convert_font_elements(result.text, name)
        if name == "tcvn3":
            converted = upper_capitals_fonts(converted)
        encoding = result.encoding if unicode_read else "cp1252"
        result = DecodedText(converted, encoding, name, repaired=False)
    else:
        fixed, repaired = repair_mojibake(result.text)
        result = DecodedText(fixed, result.encoding, None, repaired or result.repaired)
    # Images' addresses keep their spelling: see `nfc_markup`.
    return DecodedText(nfc_markup(result.text), result.encoding, result.legacy, result.repaired)
