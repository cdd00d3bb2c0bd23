"""TCVN3 and VNI, the pre-Unicode Vietnamese font encodings: tables and converters.

Both were carried by fonts, not by a declared charset, so their pages arrive labelled
windows-1252 and every legacy byte becomes one cp1252 character. The tables are written
in those terms: the cp1252 text of the legacy bytes on one side, Unicode on the other.
Deciding *whether* a page is legacy is `syndicate.text.encodings`' job.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

EncodeErrors = Literal["strict", "replace", "xmlcharrefreplace"]

# TCVN 5712:1993 VN3, the "ABC" fonts (.VnTime, .VnArial ...): one byte per letter.
# VN3 has no code points for capitals carrying a tone mark; the matching ".VnTimeH"
# fonts draw the lowercase codes as capitals instead. The lowercase rows agree with
# glibc `iconv -f TCVN5712-1` (tests check this where iconv exists); the bytes glibc
# fills with VN1 capitals and combining marks are left out, as ABC fonts lack them.
TCVN3_TO_UNICODE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI-Windows (VNI-Times, VNI-Helve ...): most toned vowels are an ASCII base letter
# followed by a mark byte; i, ỵ, đ and the horn letters ơ/ư have bytes of their own.
# Tones in the order grave, acute, hook, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_VNI_TONE_MARKS = "øùûõï"  # after a, e, o, u, y, ơ, ư
_VNI_CIRCUMFLEX_MARKS = "àáåãä"  # after a, e, o: the circumflex and a tone in one byte
_VNI_BREVE_MARKS = "èéúüë"  # after a: the breve and a tone in one byte
_VNI_I = "ìíæóò"  # ì í ỉ ĩ ị, one byte each


def _vni_lowercase() -> dict[str, str]:
    """Every lowercase Vietnamese letter that needs more than ASCII, to its VNI text."""
    table: dict[str, str] = {
        "đ": "ñ",
        "ă": "aê",
        "â": "aâ",
        "ê": "eâ",
        "ô": "oâ",
        "ơ": "ô",
        "ư": "ö",
    }
    plain = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ơ": "ô", "ư": "ö"}
    for letter, base in plain.items():
        for tone, mark in zip(_TONES, _VNI_TONE_MARKS, strict=True):
            table[unicodedata.normalize("NFC", letter + tone)] = base + mark
    for letter in "aeo":
        for tone, mark in zip(_TONES, _VNI_CIRCUMFLEX_MARKS, strict=True):
            table[unicodedata.normalize("NFC", letter + "\u0302" + tone)] = letter + mark
    for tone, mark in zip(_TONES, _VNI_BREVE_MARKS, strict=True):
        table[unicodedata.normalize("NFC", "a\u0306" + tone)] = "a" + mark
    for tone, mark in zip(_TONES, _VNI_I, strict=True):
        table[unicodedata.normalize("NFC", "i" + tone)] = mark
    table["ỵ"] = "î"  # the dotted y has its own byte; "yï" is never written
    return table


def _with_capitals(lower: dict[str, str]) -> dict[str, str]:
    # Capitals are the upper-cased letters over the upper-cased VNI text: every VNI
    # byte above 0x7F is a Latin-1 letter whose capital sits exactly 0x20 lower.
    table = dict(lower)
    table.update({letter.upper(): vni.upper() for letter, vni in lower.items()})
    return table


UNICODE_TO_VNI: dict[str, str] = _with_capitals(_vni_lowercase())

# Decoding also accepts a mark byte whose case differs from its base letter's, which
# hand-edited VNI text contains; the base letter decides the case of the result.
VNI_TO_UNICODE: dict[str, str] = {vni: letter for letter, vni in UNICODE_TO_VNI.items()}
for _vni, _letter in list(VNI_TO_UNICODE.items()):
    if len(_vni) == 2:
        VNI_TO_UNICODE.setdefault(_vni[0] + _vni[1].swapcase(), _letter)

# The cp1252 characters a VNI decoder reads as marks or letters: text outside Vietnamese
# that uses them cannot be written in VNI without being misread.
VNI_SPECIAL_CHARACTERS: frozenset[str] = frozenset(
    ch for vni in UNICODE_TO_VNI.values() for ch in vni if ord(ch) > 0x7F
)


# --- windows-1252 as browsers read it ------------------------------------------------

# WHATWG windows-1252: cp1252, except that its five unassigned bytes (0x81 0x8D 0x8F
# 0x90 0x9D) decode to the C1 control of the same number instead of failing. Going
# through latin-1 (byte n -> U+00nn) and translating 0x80-0x9F does exactly that, so any
# byte string decodes, and a page labelled iso-8859-1 reads as browsers show it.
_CP1252_C1 = {
    chr(b): bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)
}
_CP1252_TRANSLATION = str.maketrans(_CP1252_C1)


def decode_cp1252(data: bytes) -> str:
    """Decode like a browser decodes windows-1252: never fails, undefined bytes -> U+0081 ..."""
    return data.decode("latin-1").translate(_CP1252_TRANSLATION)


# --- converters ------------------------------------------------------------------

_TCVN3_TRANSLATION = str.maketrans({chr(b): u for b, u in TCVN3_TO_UNICODE.items()})


# Non-ASCII characters an encoder may write as the cp1252 byte they are read back from.
_CP1252_BYTES = {decode_cp1252(bytes([b])): b for b in range(0x80, 0x100)}


def _tcvn3_encoder() -> dict[str, bytes]:
    table = {ch: bytes([b]) for ch, b in _CP1252_BYTES.items() if b not in TCVN3_TO_UNICODE}
    for b, letter in TCVN3_TO_UNICODE.items():
        table[letter] = bytes([b])
    capitals = set(TCVN3_TO_UNICODE.values())
    for b, letter in TCVN3_TO_UNICODE.items():
        # No toned capitals in TCVN3: write the lowercase code (a .VnTimeH font shows it).
        if letter.upper() not in capitals:
            table[letter.upper()] = bytes([b])
    return table


_TCVN3_ENCODE = _tcvn3_encoder()
_VNI_ENCODE: dict[str, bytes] = {
    ch: bytes([b]) for ch, b in _CP1252_BYTES.items() if ch not in VNI_SPECIAL_CHARACTERS
} | {letter: vni.encode("latin-1") for letter, vni in UNICODE_TO_VNI.items()}

_VNI_SINGLES = "".join(re.escape(k) for k in sorted(VNI_TO_UNICODE) if len(k) == 1)
_VNI_BASES = "".join(re.escape(c) for c in sorted({k[0] for k in VNI_TO_UNICODE if len(k) == 2}))
_VNI_MARKS = "".join(re.escape(c) for c in sorted({k[1] for k in VNI_TO_UNICODE if len(k) == 2}))
_VNI_PATTERN = re.compile(f"[{_VNI_BASES}][{_VNI_MARKS}]|[{_VNI_SINGLES}]")


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """Convert TCVN3 text read as cp1252; `upper` for text set in a .VnTimeH-style font."""
    converted = text.translate(_TCVN3_TRANSLATION)
    return converted.upper() if upper else converted


def _vni_letter(match: re.Match[str]) -> str:
    found = match.group()
    letter = VNI_TO_UNICODE.get(found)
    if letter is not None:
        return letter
    # A base letter before a mark it cannot take: the base stands alone (no mark byte
    # is also a letter byte, so the mark is left as it was).
    return VNI_TO_UNICODE.get(found[0], found[0]) + found[1:]


def vni_to_unicode(text: str) -> str:
    """Convert VNI text read as cp1252 (base letter + mark byte) to Unicode."""
    return _VNI_PATTERN.sub(_vni_letter, text)


def _encode(text: str, table: dict[str, bytes], name: str, errors: EncodeErrors) -> bytes:
    text = unicodedata.normalize("NFC", text)
    out = bytearray()
    for i, ch in enumerate(text):
        if ch < "\x80":
            out.append(ord(ch))
        elif (code := table.get(ch)) is not None:
            out += code
        elif errors == "xmlcharrefreplace":
            out += f"&#{ord(ch)};".encode("ascii")
        elif errors == "replace":
            out += b"?"
        else:
            raise UnicodeEncodeError(name, text, i, i + 1, f"no {name} code for this character")
    return bytes(out)


def unicode_to_tcvn3(text: str, *, errors: EncodeErrors = "xmlcharrefreplace") -> bytes:
    """Encode text in TCVN3; toned capitals get their lowercase code (show in .VnTimeH).

    Characters TCVN3 cannot hold become HTML character references by default, since
    the output is meant for legacy-encoded web pages.
    """
    return _encode(text, _TCVN3_ENCODE, "tcvn3", errors)


def unicode_to_vni(text: str, *, errors: EncodeErrors = "xmlcharrefreplace") -> bytes:
    """Encode text in VNI-Windows; unencodable characters as with `unicode_to_tcvn3`."""
    return _encode(text, _VNI_ENCODE, "vni", errors)


# Font names that give a legacy page away: .VnTime, .VnArial ... (TCVN3; the ones ending
# in H hold only capitals) and VNI-Times, VNI-Helve ...
TCVN3_FONT = re.compile(r"\.Vn[A-Z][A-Za-z]*")
TCVN3_CAPITALS_FONT = re.compile(r"\.Vn[A-Z][A-Za-z]*H\b")
VNI_FONT = re.compile(r"\bVNI[-_ ][A-Za-z]{3,}", re.IGNORECASE)

# --- .VnTimeH capitals ----------------------------------------------------------------

_MARKUP = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>|<[^>]*>", re.DOTALL)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_ENTITY = re.compile(r"(&#?[A-Za-z0-9]+;)")
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _capitals_selectors(html: str) -> tuple[frozenset[str], frozenset[str]]:
    """Classes and element names a <style> block sets in a capitals-only font."""
    classes: set[str] = set()
    elements: set[str] = set()
    for block in _STYLE_BLOCK.findall(html):
        for selectors, declarations in _CSS_RULE.findall(block):
            if not TCVN3_CAPITALS_FONT.search(declarations):
                continue
            for selector in selectors.split(","):
                last = selector.split()[-1] if selector.split() else ""
                found = re.findall(r"\.([A-Za-z_][\w-]*)", last)
                classes.update(found)
                if not found and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", last):
                    elements.add(last.lower())
    return frozenset(classes), frozenset(elements)


def _sets_capitals(
    name: str, attributes: str, styled: tuple[frozenset[str], frozenset[str]]
) -> bool:
    if TCVN3_CAPITALS_FONT.search(attributes) or name in styled[1]:
        return True
    match = _CLASS_ATTRIBUTE.search(attributes)
    names = "".join(g or "" for g in match.groups()).split() if match else []
    return any(c in styled[0] for c in names)


def _upper_text(segment: str) -> str:
    parts = _ENTITY.split(segment)  # odd parts are entities: &nbsp; must stay lowercase
    return "".join(p if i % 2 else p.upper() for i, p in enumerate(parts))


def upper_capitals_fonts(html: str) -> str:
    """Upper-case the text of elements set in a .VnTimeH-style font; markup is untouched."""
    if not TCVN3_CAPITALS_FONT.search(html):
        return html
    styled = _capitals_selectors(html)
    out: list[str] = []
    open_elements: list[tuple[str, int]] = []  # (element, nesting depth of that name)
    position = 0
    for match in _MARKUP.finditer(html):
        text = html[position : match.start()]
        out.append(_upper_text(text) if open_elements else text)
        out.append(match.group())
        position = match.end()
        closing, name, attributes = (
            match.group(1),
            (match.group(2) or "").lower(),
            match.group(3) or "",
        )
        if not name or name in _VOID_ELEMENTS or attributes.rstrip().endswith("/"):
            continue
        top = open_elements[-1] if open_elements else None
        if closing:
            if top is not None and top[0] == name:
                open_elements[-1:] = [(name, top[1] - 1)] if top[1] > 1 else []
        elif _sets_capitals(name, attributes, styled):
            open_elements.append((name, 1))
        elif top is not None and top[0] == name:
            open_elements[-1] = (name, top[1] + 1)
    tail = html[position:]
    out.append(_upper_text(tail) if open_elements else tail)
    return "".join(out)
