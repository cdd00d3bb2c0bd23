"""Unicode hygiene and comparison keys for Vietnamese text.

`clean_text` is what every stored string goes through; `fold` is the diacritic-free
search key (SQLite's FTS cannot fold "đ"), `match_key` the diacritic-keeping key for
category labels and titles, and `slugify` the ASCII form used in paths.
"""

from __future__ import annotations

import re
import unicodedata

# What the XML 1.0 Char production leaves out; lxml (and so feedgen) refuses a string
# holding any of it. Listed rather than negated: a negated class over all of Unicode
# takes milliseconds to compile, paid by every command at start-up.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# That, and DEL and the C1 controls (U+007F-U+009F): XML allows them, yet they are never
# text. legacy_tables.decode_cp1252 maps undefined windows-1252 bytes to them, broken
# sources send them, and feed validators warn about them. Publishing drops them too.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# `\s` already covers NBSP and the other Unicode spaces; zero-width space, word joiner
# and BOM are not whitespace to Python but portals paste them between words.
_WHITESPACE = re.compile("[\\s\u200b\u2060\ufeff]+")
_ZERO_WIDTH_TO_SPACE = str.maketrans(dict.fromkeys("\u200b\u2060\ufeff", " "))
# Unicode's Default_Ignorable_Code_Point: characters that draw nothing (soft hyphen,
# joiners, direction marks and isolates, variation selectors, Hangul fillers, tags).
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+"
)

# Old-style tone placement, seen in NFD: the mark sits on the first vowel of a final
# oa, oe or uy ("hòa" = h, o, grave, a). Only the five tone marks can sit there; the
# second vowel must end the syllable (so "hoàn", "toán", "thuyền" never match), and
# "qu" is a consonant, so "quý" is left alone.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE_END = "(?![\\w\u0300-\u036f])"
_OLD_STYLE_TONE = re.compile(
    f"(?<![qQ])(?P<first>[oO])(?P<tone>[{_TONES}])(?P<second>[aAeE]){_SYLLABLE_END}"
    f"|(?<![qQ])(?P<u>[uU])(?P<utone>[{_TONES}])(?P<y>[yY]){_SYLLABLE_END}"
)

# Apostrophes seen in minority names ("Ia H’Drai", "H'Lênh"); keys use one spelling.
_APOSTROPHE_LIKE = "'\u2018\u2019\u02bc\u0060\u00b4\u2032"
_TO_ASCII_APOSTROPHE = str.maketrans(dict.fromkeys(_APOSTROPHE_LIKE, "'"))
_TO_D = str.maketrans(dict.fromkeys("đð", "d"))

# Separators between the parts of a label ("Văn hoá - Xã hội", "Văn hoá và Xã hội").
# Every Unicode dash counts, so en and em dashes and minus signs need no list.
_SEPARATOR_MARKS = frozenset("/,&|;")
_SEPARATOR = " - "
_AND_WORD = re.compile(r"(?<!\w)và(?!\w)")
_SEPARATOR_RUN = re.compile(r"\s*(?:-\s*)+")

_SLUG_WORD = re.compile(r"[a-z0-9]+")


def nfc(text: str) -> str:
    """Canonical composition: the one form text is stored and compared in."""
    return unicodedata.normalize("NFC", text)


# Attributes naming an image file (src, srcset, poster and lazy loaders' data-src,
# data-original, data-url...), with their values, inside a tag; and whole <meta> tags
# naming the page's picture (og:image, twitter:image), whose `content` is its address.
_IMAGE_ADDRESS = re.compile(
    r"""(?<=[\s"'/])(?:src|srcset|poster|data-[a-z-]*(?:src|original|url)[a-z-]*)\s*=\s*"""
    r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
    r"""|<meta\s[^>]*?["'](?:og:image(?::url|:secure_url)?|twitter:image(?::src)?)["'][^>]*>""",
    re.IGNORECASE,
)


def nfc_markup(html: str) -> str:
    """`nfc` for HTML, but for the addresses of images, which keep their spelling.

    An image file name is the server's, typed however the uploader's system wrote
    it: one named with combining accents (NFD, as macOS writes names) is found only
    under that spelling, and composed it is a 404. Browsers send the bytes the page
    holds; so do we, percent-encoded once the address is made absolute. Links keep
    being composed: an article's address is its identity in the store, fixed long
    before this rule.
    """
    if unicodedata.is_normalized("NFC", html):
        return html
    parts: list[str] = []
    at = 0
    for found in _IMAGE_ADDRESS.finditer(html):
        parts += (nfc(html[at : found.start()]), found.group())
        at = found.end()
    parts.append(nfc(html[at:]))
    return "".join(parts)


def strip_xml_illegal(text: str) -> str:
    """Drop every character XML 1.0 forbids (control characters, lone surrogates...)."""
    return _XML_ILLEGAL.sub("", text)


def strip_controls(text: str) -> str:
    """`strip_xml_illegal`, and DEL and the C1 controls too; NEL becomes a space."""
    # NEL (U+0085) ends a line, so it is whitespace to Python: a space, not nothing.
    if "\x85" in text:
        text = text.replace("\x85", " ")
    return CONTROL_CHARACTERS.sub("", text)


def clean_text(text: str) -> str:
    """NFC, XML-safe, no control characters (C1 included), every whitespace run one
    space, no space at either end."""
    # Stripping first lets a base letter and a mark that sat either side of a removed
    # control character compose.
    text = nfc(strip_controls(text))
    if "\u200b" in text or "\u2060" in text or "\ufeff" in text:
        text = text.translate(_ZERO_WIDTH_TO_SPACE)
    # str.split() and regex \s agree on what is whitespace; split is several times faster
    # than substituting every run of a long text.
    return " ".join(text.split())


def shows_nothing(text: str) -> bool:
    """Whether `text` is only whitespace and characters that draw nothing: such a
    title or summary would be published as an invisible one."""
    return not _IGNORABLE.sub("", text).strip()


def unify_tone_placement(text: str) -> str:
    """Move the tone of a final oa, oe, uy to the second vowel ("hòa" → "hoà"); NFC out.

    This is the placement of Quyết định 1989/QĐ-BGDĐT; both spellings are common, and
    they stay different strings after NFC, so keys must agree on one.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_STYLE_TONE.sub(_move_tone, decomposed))


def _move_tone(match: re.Match[str]) -> str:
    if match.group("first") is not None:
        return match.group("first") + match.group("second") + match.group("tone")
    return match.group("u") + match.group("y") + match.group("utone")


def fold(text: str) -> str:
    """The search key: no diacritics, đ as d, casefolded ("Đăk Tô" → "dak to")."""
    # Casefold before dropping marks: casefolding can itself produce a combining mark
    # ("İ" → "i" + dot above).
    text = unify_tone_placement(clean_text(text)).casefold()
    bare = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text)
        if not unicodedata.category(ch).startswith("M")
    )
    # U+0111 has no decomposition, which is why no FTS tokenizer folds it. Its look-alike
    # U+00F0 (Icelandic eth, casefolded from "Ð") is what some editors typed for "Đ".
    bare = bare.translate(_TO_D).translate(_TO_ASCII_APOSTROPHE)
    return _WHITESPACE.sub(" ", nfc(bare)).strip()


def match_key(text: str) -> str:
    """The key for matching labels and titles, diacritics kept.

    Tones unified, casefolded, every separator (dashes, "/", ",", "&", "và") one " - ",
    other punctuation dropped: `match_key("Văn hoá - Xã hội") == match_key("văn hóa và
    xã hội") == "văn hoá - xã hội"`.
    """
    text = _AND_WORD.sub(_SEPARATOR, clean_text(text).casefold())
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _SEPARATOR_MARKS or category == "Pd":
            out.append(_SEPARATOR)
        elif ch in _APOSTROPHE_LIKE:
            continue  # inside a word: "H’Drai" and "H'Drai" both become "hdrai"
        elif category.startswith("P"):
            out.append(" ")
        else:
            out.append(ch)
    key = _SEPARATOR_RUN.sub(_SEPARATOR, _WHITESPACE.sub(" ", "".join(out)))
    # Tones last: dropping an apostrophe can join letters into a new final "uy".
    return unify_tone_placement(key.strip(" -"))


def slugify(text: str) -> str:
    """ASCII letters and digits of the folded text joined by "-" ("Ia H’Drai" → "ia-hdrai")."""
    return "-".join(_SLUG_WORD.findall(fold(text).replace("'", "")))
