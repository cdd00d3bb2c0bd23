"""Unicode hygiene, tone placement and comparison keys (syndicate.text.fold)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from syndicate.text.fold import (
    clean_text,
    fold,
    match_key,
    nfc,
    nfc_markup,
    shows_nothing,
    slugify,
    strip_controls,
    strip_xml_illegal,
    unify_tone_placement,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hòa", "hoà"),
        ("hoà", "hoà"),
        ("Hòa Bình", "Hoà Bình"),
        ("HÒA", "HOÀ"),
        ("thủy", "thuỷ"),
        ("Thủy", "Thuỷ"),
        ("Luật Thủy sản", "Luật Thuỷ sản"),
        ("khỏe", "khoẻ"),
        ("KHỎE", "KHOẺ"),
        ("Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("tòa án, lòe loẹt", "toà án, loè loẹt"),
        ("hủy bỏ; túy; lũy; ngụy", "huỷ bỏ; tuý; luỹ; nguỵ"),
        ("Văn hóa - Xã hội", "Văn hoá - Xã hội"),
        # "qu" is a consonant: the mark is already on the vowel
        ("quý", "quý"),
        ("Quý", "Quý"),
        ("quả", "quả"),
        ("QUỲNH", "QUỲNH"),
        ("qúy", "qúy"),  # even mistyped with the mark on the u, "qu" is left alone
        ("QỦY", "QỦY"),
        # the diphthong does not end the syllable: both styles agree already
        ("hoàn", "hoàn"),
        ("toán", "toán"),
        ("thuyền", "thuyền"),
        ("khuỷu", "khuỷu"),
        ("ngoẻo", "ngoẻo"),
        ("hoặc", "hoặc"),
        ("", ""),
    ],
)
def test_unify_tone_placement(text: str, expected: str) -> None:
    assert unify_tone_placement(text) == expected
    assert unify_tone_placement(nfd(text)) == expected  # NFD in, NFC out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội nghị Đăk Tô", "hoi nghi dak to"),
        ("Đăk Tô", "dak to"),
        ("Kon Rẫy", "kon ray"),
        ("HUYỆN", "huyen"),
        ("Ia H’Drai", "ia h'drai"),
        ("Ia H'Drai", "ia h'drai"),
        ("Đắk Hà", "dak ha"),
        ("Hòa  Bình\u00a0và\u200bThủy", "hoa binh va thuy"),
        ("  Tu Mơ Rông ", "tu mo rong"),
        ("Ngọc Hồi", "ngoc hoi"),
        ("Ưu tiên", "uu tien"),
        ("ÐĂK TÔ, Ðắk Hà", "dak to, dak ha"),  # the eth some editors type for Đ
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert fold(nfd(text)) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Văn hoá - Xã hội", "văn hóa và xã hội"),
        ("Văn hóa – Xã hội", "VĂN HOÁ — XÃ HỘI"),
        ("Văn hóa/Xã hội", "Văn hoá, xã hội"),
        ("Văn hóa & Xã hội", "Văn hoá  -  Xã hội."),
        ("Tin tức - Sự kiện", "Tin tức – sự kiện:"),
        ("Tin tức hoạt động / Thông tin tổng hợp", "tin tức hoạt động - thông tin tổng hợp"),
        ("Quốc phòng - An ninh", "Quốc phòng và an ninh"),
        ("“Tin trong huyện”", "Tin trong huyện"),
        ("Ia H’Drai", "Ia H'Drai"),
    ],
)
def test_match_key_equivalences(left: str, right: str) -> None:
    assert match_key(left) == match_key(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Văn hoá - Xã hội", "văn hoá - xã hội"),
        ("Văn hóa, Thể thao & Du lịch", "văn hoá - thể thao - du lịch"),
        ("- Tin tức -", "tin tức"),
        ("Thông báo!", "thông báo"),
        ("Vàng và bạc", "vàng - bạc"),  # "và" only as a word
    ],
)
def test_match_key_values(text: str, expected: str) -> None:
    assert match_key(text) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Văn hóa - Xã hội", "Văn hóa xã hội"),  # a separator is not nothing
        ("Kinh tế", "Kinh tế - Xã hội"),
        ("Hòa", "Hoa"),  # diacritics kept
    ],
)
def test_match_key_distinctions(left: str, right: str) -> None:
    assert match_key(left) != match_key(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tin\x0btức", "Tintức"),
        ("a\x00b\x08c\x1fd", "abcd"),
        ("tab\tnl\ncr\r", "tab\tnl\ncr\r"),
        ("\ud800lone\udfff", "lone"),
        ("\ufffe\uffff\ufffd", "\ufffd"),
        ("emoji \U0001f600 ok", "emoji \U0001f600 ok"),
        ("\ue000private", "\ue000private"),
    ],
)
def test_strip_xml_illegal(text: str, expected: str) -> None:
    assert strip_xml_illegal(text) == expected


def _xml_char(code: int) -> bool:
    """The XML 1.0 Char production, spelled out as the standard gives it."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def test_strip_xml_illegal_keeps_exactly_the_xml_characters() -> None:
    every = "".join(map(chr, range(0x110000)))
    kept = "".join(ch for ch in every if _xml_char(ord(ch)))
    assert strip_xml_illegal(every) == kept
    # NEL ends a line, so it becomes a space; the rest of DEL and C1 go.
    kept = kept.replace("\x85", " ")
    assert strip_controls(every) == "".join(ch for ch in kept if not 0x7F <= ord(ch) <= 0x9F)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x0bc\ud800d", "abcd"),  # what XML forbids
        # DEL, and the C1 controls decode_cp1252 gives for undefined bytes
        ("Tin\x7f tức", "Tin tức"),
        ("x\x80\x81\x8d\x8f\x90\x9d\x9fy", "xy"),
        ("dòng\x85dòng", "dòng dòng"),  # NEL ends a line: a space
        ("\xa0 ¡ é", "\xa0 ¡ é"),  # the Latin-1 letters just past them stay
    ],
)
def test_strip_controls(text: str, expected: str) -> None:
    assert strip_controls(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Hội\u00a0\u00a0nghị \u200b tổng kết\n\t", "Hội nghị tổng kết"),
        (nfd("Huyện Đăk Tô"), "Huyện Đăk Tô"),
        ("a\x0b\u0301", "á"),  # the mark composes once the control character is gone
        ("a\x81\u0301", "á"),  # a C1 control as well
        ("Nghị\x9d quyết\x7f số\x85 01", "Nghị quyết số 01"),
        ("\ufeffĐầu trang", "Đầu trang"),
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_clean_text_takes_every_unicode_space_and_the_zero_width_ones() -> None:
    # (control characters among them are not spaces but XML-illegal, and go first)
    spaces = [c for c in map(chr, range(0x3001)) if c.isspace() and strip_xml_illegal(c)]
    assert {"\u00a0", "\u2003", "\u3000", "\u2028", "\x85"} <= set(spaces)
    for space in [*spaces, "\u200b", "\u2060", "\ufeff"]:
        assert clean_text(f"{space}Đăk{space}{space}Tô{space}") == "Đăk Tô", hex(ord(space))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Văn hóa – Xã hội", "van-hoa-xa-hoi"),
        ("Ia H’Drai", "ia-hdrai"),
        ("Huyện Đăk Glei", "huyen-dak-glei"),
        ("Năm 2024: tổng kết!", "nam-2024-tong-ket"),
        ("---", ""),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


VIETNAMESE = (
    "aăâeêioôơuưyđbcdghklmnpqrstvx"
    "AĂÂEÊIOÔƠUƯYĐ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    " -–,/&'’\u00a0\u200b"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
)


@given(st.text(alphabet=VIETNAMESE) | st.text())
def test_fold_is_idempotent_and_form_blind(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(nfc(text)) == folded
    assert fold(nfd(text)) == folded


@given(st.text(alphabet=VIETNAMESE) | st.text())
@example("ụ'Y")  # dropping the apostrophe makes a final "uy" whose tone must move
def test_keys_are_stable(text: str) -> None:
    assert match_key(match_key(text)) == match_key(text)
    assert match_key(nfd(text)) == match_key(nfc(text))
    assert unify_tone_placement(unify_tone_placement(text)) == unify_tone_placement(text)
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert strip_xml_illegal(cleaned) == cleaned
    assert strip_controls(cleaned) == cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        (" \u00a0\t", True),
        ("\u00ad\u200d\u200c", True),  # soft hyphen, joiners
        ("\u200e\u202b\u202c\u2067\u2069\u061c", True),  # direction marks, isolates
        ("\ufe0f\u3164\U000e0041", True),  # variation selector, Hangul filler, tag
        ("Tin\u00ad tức", False),
        ("\u200d.", False),
        ("\U0001f468\u200d\U0001f469", False),  # an emoji sequence draws something
    ],
)
def test_shows_nothing(text: str, expected: bool) -> None:
    assert shows_nothing(text) is expected


@pytest.mark.parametrize(
    "attribute",
    [
        'src="/Uploads/{}.jpg"',
        "src='/Uploads/{}.jpg'",
        "src=/Uploads/{}.jpg",
        'data-src="/Uploads/{}.jpg"',
        'data-lazy-src="/Uploads/{}.jpg"',
        'data-original="/Uploads/{}.jpg"',
        'data-url="/Uploads/{}.jpg"',
        'srcset="/Uploads/{}.jpg 2x, /Uploads/{}-nho.jpg 1x"',
        'SRC = "/Uploads/{}.jpg"',
    ],
)
def test_nfc_markup_keeps_image_addresses_as_typed(attribute: str) -> None:
    name = nfd("Ảnh-hội-nghị")
    typed = attribute.format(name, name)
    html = f'<p>{nfd("Đại biểu dự hội nghị")}</p><img alt="{nfd("Ảnh")}" {typed}>'
    out = nfc_markup(html)
    assert typed in out  # the server's file name, as the page wrote it
    assert "<p>Đại biểu dự hội nghị</p>" in out  # text composed
    assert 'alt="Ảnh"' in out  # other attributes too
    assert out.replace(typed, "") == unicodedata.normalize("NFC", html.replace(typed, ""))


def test_nfc_markup_composes_links_and_text_that_only_look_like_attributes() -> None:
    html = f'<a href="/{nfd("tin-tức")}">{nfd("Tin tức")}</a><p>source={nfd("ảnh")}</p>'
    assert nfc_markup(html) == unicodedata.normalize("NFC", html)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="og:image" content="https://huyen.vn/Uploads/{}.jpg">',
        "<meta content='https://huyen.vn/Uploads/{}.jpg' name='twitter:image'>",
    ],
)
def test_nfc_markup_keeps_the_pages_picture_as_typed(meta: str) -> None:
    tag = meta.format(nfd("Ảnh-hội-nghị"))
    html = f"<head><title>{nfd('Hội nghị')}</title>{tag}</head>"
    out = nfc_markup(html)
    assert tag in out and "<title>Hội nghị</title>" in out


def test_nfc_markup_of_composed_markup_is_that_markup() -> None:
    html = '<p>Hội nghị</p><img src="/Uploads/ảnh.jpg">'
    assert nfc_markup(html) is html
