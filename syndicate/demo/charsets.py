"""Turn a page's text into the bytes and Content-Type a portal of each kind serves.

Four of the sample sources are deliberately awkward: windows-1258 (tone marks stored
as combining bytes), decomposed (NFD) UTF-8, and the two font encodings TCVN3 and VNI,
which portals served labelled as windows-1252.
"""

from __future__ import annotations

import unicodedata

from syndicate.demo.records import Encoding

# The combining tone marks windows-1258 keeps apart from their letter; the letters
# â ê ô ơ ư ă đ have bytes of their own.
_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

# What each encoding declares, in the header and in the page.
_DECLARED: dict[Encoding, str] = {
    "utf-8": "utf-8",
    "utf-8-nfd": "utf-8",
    "windows-1258": "windows-1258",
    "tcvn3": "windows-1252",
    "vni": "windows-1252",
}

# The fonts that carried the legacy encodings; readers of the time needed them installed.
# .VnTimeH draws lowercase codes as capitals (TCVN3 has no toned capitals), so it is
# kept to the banner and section headings, which are shown in capitals anyway.
FONT_CSS: dict[Encoding, str] = {
    "tcvn3": "body, p, td, a { font-family: .VnTime, serif; } .banner, .Head { font-family: .VnTimeH; }",
    "vni": "body, p, td, a { font-family: VNI-Times, serif; } h1, h2 { font-family: VNI-Helve; }",
}


def declared_charset(encoding: Encoding) -> str:
    return _DECLARED[encoding]


def content_type(encoding: Encoding, media_type: str = "text/html") -> str:
    return f"{media_type}; charset={_DECLARED[encoding]}"


def encode_text(text: str, encoding: Encoding) -> bytes:
    """The bytes a portal of this kind would have stored for `text`."""
    if encoding == "utf-8":
        return unicodedata.normalize("NFC", text).encode("utf-8")
    if encoding == "utf-8-nfd":
        return unicodedata.normalize("NFD", text).encode("utf-8")
    if encoding == "windows-1258":
        return _to_cp1258(text)
    # Imported here: only the two legacy-font portals need the converters.
    from syndicate.text import encodings

    if encoding == "tcvn3":
        return encodings.unicode_to_tcvn3(text)
    return encodings.unicode_to_vni(text)


def _to_cp1258(text: str) -> bytes:
    """Base letters precomposed, tone marks as separate combining bytes, as Windows wrote it."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _CP1258_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")
