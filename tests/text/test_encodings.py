"""Decoding portal bytes: charsets, TCVN3/VNI fonts, mojibake, NFC (syndicate.text.encodings)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate.text import encodings
from syndicate.text.encodings import (
    DecodedText,
    Reading,
    charset_from_content_type,
    convert_legacy,
    decode_cp1252,
    decode_html,
    detect_legacy,
    detect_legacy_in,
    may_be_mojibake,
    read_encoding,
    repair_mojibake,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    upper_capitals_fonts,
    vni_to_unicode,
)
from syndicate.text.legacy_tables import TCVN3_TO_UNICODE

DATA = Path(__file__).resolve().parent.parent / "data" / "encodings"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
VOWELS = "aăâeêioôơuưy"
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]
# The only capitals TCVN3 has: the unaccented letters and the seven bare modified ones.
TCVN3_CAPITALS = set("AEIOUYĂÂÊÔƠƯĐ")

CP1258_TEXTS = [
    "Huyện Đăk Hà tổng kết công tác khuyến nông năm 2023",
    "Chiều 12/01, Ủy ban nhân dân huyện Đăk Hà tổ chức hội nghị tổng kết công tác "
    "khuyến nông năm 2023 và triển khai nhiệm vụ năm 2024.",
    "Trong năm, toàn huyện đã chuyển giao nhiều mô hình trồng cà phê xen cây ăn quả, "
    "giúp bà con tăng thu nhập và giảm rủi ro khi giá nông sản biến động.",
    "THU HIỀN - Trung tâm VHTTDL&TT huyện",
]
NFD_TEXTS = [
    "Sa Thầy ra quân dọn vệ sinh môi trường đón Tết",
    "Sáng 20/01, Đoàn Thanh niên huyện Sa Thầy phối hợp với các xã, thị trấn tổ chức "
    "ra quân dọn vệ sinh đường làng, ngõ xóm, khơi thông cống rãnh trước Tết Nguyên đán.",
    "MINH KHÔI",
]
TCVN3_TEXTS = [
    "HUYỆN ĐĂK GLEI TRIỂN KHAI KẾ HOẠCH TRỒNG RỪNG",  # .VnTimeH: typed lowercase, shown as capitals
    "Ngày 05/3, UBND huyện Đăk Glei tổ chức hội nghị triển khai kế hoạch trồng rừng "
    "năm 2024 cho các xã vùng cao.",
    "Theo kế hoạch, toàn huyện phấn đấu trồng mới hơn 300 ha rừng, ưu tiên các loài cây "
    "bản địa như sao đen, giổi xanh và lim xẹt.",
    "THANH BÌNH - TRUNG TÂM VHTTDL&TT HUYỆN",
]
VNI_TEXTS = [
    "Ngọc Hồi khánh thành cầu treo qua suối Đăk Mốt",
    "Ủy ban nhân dân huyện Ngọc Hồi vừa tổ chức lễ khánh thành cầu treo dân sinh, giúp "
    "người dân hai thôn đi lại thuận tiện trong mùa mưa.",
    "Công trình có tổng kinh phí gần 2,5 tỷ đồng, do Ủy ban Mặt trận Tổ quốc Việt Nam "
    "tỉnh vận động các nhà hảo tâm đóng góp.",
    "ĐỨC TRỌNG",
]
UTF8_TEXTS = [
    "Tu Mơ Rông hỗ trợ nhà ở cho hộ nghèo",
    "Năm nay, huyện Tu Mơ Rông dành hơn 4 tỷ đồng hỗ trợ xây mới và sửa chữa nhà ở cho "
    "các hộ nghèo, hộ có hoàn cảnh khó khăn.",
    "NGỌC ANH",
]
MOJIBAKE_TEXTS = [
    "Kon Rẫy tập huấn chuyển đổi số cho cán bộ xã",
    "Ngày 09/4, huyện Kon Rẫy mở lớp tập huấn kỹ năng sử dụng dịch vụ công trực tuyến "
    "cho cán bộ, công chức cấp xã.",
    "HOÀNG LONG",
]
WIN1252 = "text/html; charset=windows-1252"


def paragraphs(html: str) -> list[str]:
    return [el.text_content() for el in lxml.html.fromstring(html).xpath("//h1|//p")]


@pytest.mark.parametrize(
    ("sample", "content_type", "encoding", "legacy", "repaired", "expected"),
    [
        ("cp1258.html", "text/html; charset=windows-1258", "cp1258", None, False, CP1258_TEXTS),
        ("cp1258.html", None, "cp1258", None, False, CP1258_TEXTS),  # charset-normalizer
        ("cp1258.html", "text/html; charset=utf-8", "cp1258", None, False, CP1258_TEXTS),
        ("cp1258.html", "text/html; charset=iso-8859-1", "cp1258", None, False, CP1258_TEXTS),
        ("cp1258.html", "text/html; charset=x-unknown", "cp1258", None, False, CP1258_TEXTS),
        ("nfd.html", "text/html", "utf-8", None, False, NFD_TEXTS),
        ("tcvn3.html", WIN1252, "cp1252", "tcvn3", False, TCVN3_TEXTS),
        ("tcvn3.html", None, "cp1252", "tcvn3", False, TCVN3_TEXTS),
        ("vni.html", WIN1252, "cp1252", "vni", False, VNI_TEXTS),
        ("vni.html", None, "cp1252", "vni", False, VNI_TEXTS),
        ("utf8.html", "text/html; charset=iso-8859-1", "utf-8", None, True, UTF8_TEXTS),
        ("utf8.html", WIN1252, "utf-8", None, True, UTF8_TEXTS),
        ("utf8.html", "text/html; charset=UTF-8", "utf-8", None, False, UTF8_TEXTS),
        ("mojibake.html", None, "utf-8", None, True, MOJIBAKE_TEXTS),
        ("mojibake.html", "text/html; charset=utf-8", "utf-8", None, True, MOJIBAKE_TEXTS),
    ],
)
def test_sample_pages_decode_to_nfc_vietnamese(
    sample: str,
    content_type: str | None,
    encoding: str,
    legacy: str | None,
    repaired: bool,
    expected: list[str],
) -> None:
    decoded = decode_html((DATA / sample).read_bytes(), content_type)
    assert paragraphs(decoded.text) == expected
    assert (decoded.encoding, decoded.legacy, decoded.repaired) == (encoding, legacy, repaired)
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_markup_survives_legacy_conversion() -> None:
    decoded = decode_html((DATA / "tcvn3.html").read_bytes(), WIN1252)
    assert '<h1><font face=".VnTimeH">HUYỆN ĐĂK GLEI' in decoded.text
    assert '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' in (
        decoded.text
    )


@pytest.mark.parametrize(("legacy", "font"), [("tcvn3", ".VnTime"), ("vni", "VNI-Times")])
def test_a_legacy_passage_in_a_unicode_page_is_converted_alone(legacy: str, font: str) -> None:
    # A paragraph pasted from an old document keeps its font; the rest of the page,
    # its title, captions and addresses among it, is Unicode and must stay as it is.
    passage = "Sáng nay, đoàn viên thanh niên của xã đã ra quân làm đường giao thông nông thôn."
    encode = unicode_to_tcvn3 if legacy == "tcvn3" else unicode_to_vni
    typed = encode(passage).decode("cp1252")
    page = (
        "<html><head><meta charset='utf-8'><title>Xã Đăk Trăm ra quân</title></head><body>"
        "<h1>Xã Đăk Trăm ra quân xây dựng nông thôn mới</h1>"
        f'<p><span style="font-family: {font}">{typed}</span></p>'
        "<p><img src='/Uploads/anh-ra-quân.jpg' alt='Ra quân'></p><p>Toàn cảnh buổi ra quân</p>"
        # Unicode without a letter only Unicode has: a legacy font would read it otherwise.
        "<p>Thôn 3 trồng cà phê.</p><p>TÔ HÀ</p></body></html>"
    )
    decoded = decode_html(page.encode("utf-8"), "text/html; charset=utf-8")
    assert decoded.legacy == legacy
    assert passage in decoded.text
    assert "<h1>Xã Đăk Trăm ra quân xây dựng nông thôn mới</h1>" in decoded.text
    assert "<p>Toàn cảnh buổi ra quân</p>" in decoded.text
    assert "src='/Uploads/anh-ra-quân.jpg' alt='Ra quân'" in decoded.text
    assert "<p>Thôn 3 trồng cà phê.</p><p>TÔ HÀ</p>" in decoded.text


def test_samples_really_are_what_their_names_say() -> None:
    # Guards the fixtures themselves, so a regenerated sample cannot pass by accident.
    assert b"huy\xd6n" in (DATA / "tcvn3.html").read_bytes()  # TCVN3 ệ is 0xD6
    assert b"huye\xe4n" in (DATA / "vni.html").read_bytes()  # VNI ệ is e + 0xE4
    assert b"huy\xea\xf2n" in (DATA / "cp1258.html").read_bytes()  # ê, then dot below
    assert "huyá»‡n".encode() in (DATA / "mojibake.html").read_bytes()
    assert not unicodedata.is_normalized("NFC", (DATA / "nfd.html").read_text("utf-8"))


@pytest.mark.parametrize(
    ("body", "content_type", "forced", "expected"),
    [
        # forced beats the HTTP charset, which beats <meta>
        (b"\xd0\xe3k T\xf4", "text/html; charset=utf-8", "windows-1258", "Đăk Tô"),
        (
            b'<meta charset="utf-8">\xd0\xe3k',
            "text/html; charset=cp1258",
            None,
            '<meta charset="utf-8">Đăk',
        ),
        # <meta> in either form, then the XML declaration
        (b'<meta charset="windows-1258">\xd0\xe3k', None, None, '<meta charset="windows-1258">Đăk'),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">\xd0\xe3k',
            None,
            None,
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">Đăk',
        ),
        (
            b'<?xml version="1.0" encoding="windows-1258"?><p>\xd0\xe3k</p>',
            None,
            None,
            '<?xml version="1.0" encoding="windows-1258"?><p>Đăk</p>',
        ),
        # a BOM when nothing is declared; unknown and non-text labels are passed over
        ("\ufeffKon Plông".encode("utf-16-le"), None, None, "Kon Plông"),
        ("\ufeffKon Plông".encode(), "text/html; charset=bogus", None, "Kon Plông"),
        # a BOM over the server's label, as in browsers: a page saved as "Unicode"
        ("<p>Đăk Tô</p>".encode("utf-16"), "text/html; charset=iso-8859-1", None, "<p>Đăk Tô</p>"),
        ("\ufeffĐăk Tô".encode(), "text/html; charset=windows-1252", None, "Đăk Tô"),
        # a UTF-16 or UTF-32 label on bytes with no NUL: no such text, whatever the length
        ("<p>Đăk Tô</p>".encode(), "text/html; charset=utf-16", None, "<p>Đăk Tô</p>"),
        ("<p>Đăk Tô!</p>".encode(), "text/html; charset=UTF-16LE", None, "<p>Đăk Tô!</p>"),
        ("<p>Kon Tum</p>".encode("ascii"), "text/html; charset=utf-32", None, "<p>Kon Tum</p>"),
        # ...and true to the label when it has them, BOM or not
        ("<p>Đăk Tô</p>".encode("utf-16-le"), "text/html; charset=utf-16le", None, "<p>Đăk Tô</p>"),
        ("<p>Đăk Tô</p>".encode("utf-16-be"), "text/html; charset=utf-16be", None, "<p>Đăk Tô</p>"),
        ("Kon Plông".encode(), "text/html; charset=base64", None, "Kon Plông"),
        (b"+ADw-script+AD4-", "text/html; charset=utf-7", None, "+ADw-script+AD4-"),  # never UTF-7
        # a codec that refuses all: what a template prints for a charset it was not given
        ("Kon Plông".encode(), "text/html; charset=undefined", None, "Kon Plông"),
        (b"", None, None, ""),
    ],
)
def test_charset_order_of_trust(
    body: bytes, content_type: str | None, forced: str | None, expected: str
) -> None:
    assert decode_html(body, content_type, forced).text == expected


def test_bytes_no_charset_reads_keep_what_they_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    # charset-normalizer gives no answer for some short TCVN3 pages: read as UTF-8 with
    # U+FFFD, the letters were lost before the legacy fonts could be judged.
    monkeypatch.setattr(encodings, "_guessed_charset", lambda body: None)
    title = "Người dân thôn Đăk Rơ Wa vui mừng đón nước sạch về làng"
    decoded = decode_html(unicode_to_tcvn3(f"<h1>{title}</h1>"))
    assert (decoded.text, decoded.legacy) == (f"<h1>{title}</h1>", "tcvn3")
    # UTF-8 with one sequence damaged (a page cut short in a letter) stays UTF-8
    damaged = "<p>Đăk Tô tổ chức hội nghị</p>".encode() + "ả".encode()[:2]
    decoded = decode_html(damaged)
    assert (decoded.text, decoded.encoding) == ("<p>Đăk Tô tổ chức hội nghị</p>\ufffd", "utf-8")


def test_a_forced_charset_is_obeyed_even_when_another_reads_better() -> None:
    decoded = decode_html(b"\xd0\xe3k T\xf4", "text/html; charset=windows-1258", "windows-1252")
    assert (decoded.text, decoded.encoding) == ("Ðãk Tô", "cp1252")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'<meta charset="windows-1258">\xd0\xe3k', '<meta charset="windows-1258">Đăk'),
        (
            b"<?xml version='1.0' encoding='cp1258'?><p>\xd0\xe3k</p>",
            "<?xml version='1.0' encoding='cp1258'?><p>Đăk</p>",
        ),
        (b" " * 5000 + b'<meta charset="windows-1258">\xd0\xe3k', None),  # too far in
    ],
)
def test_markup_declarations_decide_without_a_guess(
    monkeypatch: pytest.MonkeyPatch, body: bytes, expected: str | None
) -> None:
    # charset-normalizer reads <meta> itself; take it away to see the declaration work alone.
    monkeypatch.setattr(encodings, "_guessed_charset", lambda body: None)
    decoded = decode_html(body)
    if expected is None:
        # Nothing trusted is left: windows-1252 keeps every byte, and the cp1258 reading
        # beats it, as it would a page labelled so.
        assert (decoded.text[-3:], decoded.encoding) == ("Đăk", "cp1258")
    else:
        assert (decoded.text, decoded.encoding) == (expected, "cp1258")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", "utf-8"),
        ('text/html; charset="windows-1258"', "windows-1258"),
        ("text/html;charset=ISO-8859-1 ", "iso-8859-1"),
        ("text/html; boundary=x; charset = cp1252", "cp1252"),
        ("text/html", None),
        ("text/html; charset=", None),
        ("", None),
        (None, None),
    ],
)
def test_charset_from_content_type(header: str | None, expected: str | None) -> None:
    assert charset_from_content_type(header) == expected


# --- legacy conversion ---------------------------------------------------------------
# Legacy pages reach us as cp1252 text, so every round trip goes bytes -> decode_cp1252 ->
# converter. Python's own cp1252 codec would fail on 0x81 0x8D 0x8F 0x90 0x9D; the helper
# reads those as U+0081 ... like a browser (latin-1, then 0x80-0x9F mapped to cp1252).


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trip(letter: str) -> None:
    assert vni_to_unicode(decode_cp1252(unicode_to_vni(letter))) == letter


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_tcvn3_round_trip(letter: str) -> None:
    back = tcvn3_to_unicode(decode_cp1252(unicode_to_tcvn3(letter)))
    if letter.islower() or letter in TCVN3_CAPITALS:
        assert back == letter
    else:  # a toned capital: stored as its lowercase code, shown capital by .VnTimeH
        assert back == letter.lower()
        assert tcvn3_to_unicode(decode_cp1252(unicode_to_tcvn3(letter)), upper=True) == letter


VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from([*ALL_LETTERS, *"bcdghklmnpqrstvx BCDGHKLMNPQRSTVX0123456789.,-“”–"]),
    max_size=60,
)


@given(VIETNAMESE_TEXT)
def test_vni_round_trips_any_text(text: str) -> None:
    assert vni_to_unicode(decode_cp1252(unicode_to_vni(text, errors="strict"))) == text


@given(VIETNAMESE_TEXT)
def test_tcvn3_round_trips_any_text_but_toned_capitals(text: str) -> None:
    expected = "".join(ch if ch.isascii() or ch in TCVN3_CAPITALS else ch.lower() for ch in text)
    assert tcvn3_to_unicode(decode_cp1252(unicode_to_tcvn3(text, errors="strict"))) == expected


@pytest.mark.parametrize(
    ("text", "tcvn3", "vni"),
    [
        ("Huyện Đăk Tô", b"Huy\xd6n \xa7\xa8k T\xab", b"Huye\xe4n \xd1a\xeak To\xe2"),
        ("NGƯỜI", b"NG\xa6\xeaI", b"NG\xd6\xd4\xd8I"),
        ("thuở", b"thu\xeb", b"thu\xf4\xfb"),
        ("kỹ thuật – 25°C", b"k\xfc thu\xcbt \x96 25\xb0C", b"ky\xf5 thua\xe4t \x96 25\xb0C"),
    ],
)
def test_known_encodings(text: str, tcvn3: bytes, vni: bytes) -> None:
    assert unicode_to_tcvn3(text) == tcvn3
    assert unicode_to_vni(text) == vni


@pytest.mark.parametrize(
    ("errors", "tcvn3", "vni"),
    [
        ("xmlcharrefreplace", b"\xa9n &#169; &#241;", b"a\xe2n \xa9 &#241;"),
        ("replace", b"\xa9n ? ?", b"a\xe2n \xa9 ?"),
    ],
)
def test_characters_outside_the_encoding(errors: str, tcvn3: bytes, vni: bytes) -> None:
    # © is a TCVN3 letter byte (â) and ñ a VNI one (đ): there they cannot stand for themselves.
    assert unicode_to_tcvn3("ân © ñ", errors=errors) == tcvn3  # type: ignore[arg-type]
    assert unicode_to_vni("ân © ñ", errors=errors) == vni  # type: ignore[arg-type]


def test_strict_encoding_names_the_character() -> None:
    with pytest.raises(UnicodeEncodeError) as error:
        unicode_to_tcvn3("Kon Tum ©", errors="strict")
    assert (error.value.encoding, error.value.start) == ("tcvn3", 8)


def test_encoders_compose_decomposed_input() -> None:
    assert unicode_to_vni(unicodedata.normalize("NFD", "Rẫy")) == b"Ra\xe3y"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")
def test_tcvn3_lowercase_agrees_with_glibc_iconv() -> None:
    codes = bytes(b for b, letter in TCVN3_TO_UNICODE.items() if letter.islower())
    shown = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=codes, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert len(codes) == 67
    assert shown == "".join(TCVN3_TO_UNICODE[b] for b in codes)


def test_cp1252_helper_decodes_every_byte_like_a_browser() -> None:
    text = decode_cp1252(bytes(range(256)))
    assert len(text) == 256
    assert text[0x80] == "€"
    assert text[0x99] == "™"
    assert [text[b] for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)] == [
        "\x81",
        "\x8d",
        "\x8f",
        "\x90",
        "\x9d",
    ]
    assert text[0xA0:] == bytes(range(0xA0, 0x100)).decode("latin-1")


# --- detection -------------------------------------------------------------------------

NEWS = "Sáng nay, Ủy ban nhân dân huyện Đăk Tô họp bàn kế hoạch phát triển kinh tế năm tới."


def cp1258_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (decode_cp1252(unicode_to_tcvn3(NEWS.lower())), "tcvn3"),
        (decode_cp1252(unicode_to_vni(NEWS)), "vni"),
        ('<font face=".VnTime">' + decode_cp1252(unicode_to_tcvn3("huyện")) + "</font>", "tcvn3"),
        ('<font face="VNI-Times">' + decode_cp1252(unicode_to_vni("huyện")) + "</font>", "vni"),
        (decode_cp1252(unicode_to_tcvn3("huyện")), None),  # one word and no font: too little
        (NEWS, None),
        (unicodedata.normalize("NFD", NEWS), None),
        (decode_cp1252(cp1258_bytes(NEWS)), None),
        ("Café crème à la carte, naïve façade.", None),
        ("", None),
    ],
)
def test_detect_legacy(text: str, expected: str | None) -> None:
    assert detect_legacy(text) == expected


WORDS = ["huyện", "nông thôn", "đường làng", "trồng rừng", "dân vận"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Each word alone is too little to tell a font by; together they are not.
        ([decode_cp1252(unicode_to_tcvn3(w)) for w in WORDS], "tcvn3"),
        ([decode_cp1252(unicode_to_vni(w)) for w in WORDS], "vni"),
        # Text with letters only Unicode has is left out, not taken for a verdict.
        ([decode_cp1252(unicode_to_tcvn3(w)) for w in WORDS] + [NEWS, None, ""], "tcvn3"),
        ([NEWS, "Hà Vi", "Thông tin", "Weekly report", None], None),
        ([decode_cp1252(unicode_to_tcvn3(w)) for w in WORDS[:1]], None),
        ([], None),
    ],
)
def test_detect_legacy_in(texts: list[str | None], expected: str | None) -> None:
    assert detect_legacy_in(texts) == expected


def test_convert_legacy_leaves_unicode_text_alone() -> None:
    tcvn3 = decode_cp1252(unicode_to_tcvn3("<b>đăk tô</b> huyện"))
    assert convert_legacy(tcvn3, "tcvn3") == "<b>đăk tô</b> huyện"
    assert convert_legacy(decode_cp1252(unicode_to_vni(NEWS)), "vni") == NEWS
    assert convert_legacy(NEWS, "tcvn3") == NEWS
    capitals = '<p style="font-family:.VnTimeH">' + tcvn3 + "</p>"
    assert convert_legacy(capitals, "tcvn3", html=True) == (
        '<p style="font-family:.VnTimeH"><b>ĐĂK TÔ</b> HUYỆN</p>'
    )


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (NEWS.encode(), "text/html; charset=utf-8", Reading("utf-8", None)),
        (cp1258_bytes(NEWS), "text/html; charset=iso-8859-1", Reading("cp1258", None)),
        (unicode_to_tcvn3(NEWS.lower()), "text/html; charset=latin-1", Reading("cp1252", "tcvn3")),
        # Bytes that are not UTF-8: a guess says iso8859-10, a rereading windows-1258.
        (unicode_to_tcvn3(NEWS.lower()), "text/html; charset=utf-8", Reading("cp1252", "tcvn3")),
        (unicode_to_vni(NEWS), "text/html; charset=utf-8", Reading("cp1252", "vni")),
    ],
)
def test_read_encoding(body: bytes, content_type: str, expected: Reading) -> None:
    assert read_encoding(body, content_type) == expected


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [
        (decode_cp1252(NEWS.encode()), NEWS, True),  # "huyá»‡n"
        (NEWS.encode().decode("latin-1"), NEWS, True),  # C1 controls instead of ‡ …
        ("huyện nêu rõ".encode().decode("cp1258"), "huyện nêu rõ", True),  # "nĂªu"
        (decode_cp1252(decode_cp1252(NEWS.encode()).encode()), NEWS, True),  # twice over
        ("Tiêu đề: " + decode_cp1252("Đăk Tô".encode()), "Tiêu đề: Đăk Tô", True),  # mixed
        # right text beside the broken that reads as a sequence too: "Ê”" is U+0294
        (
            "Chương trình “VỀ QUÊ” " + decode_cp1252("năm nay có gì mới".encode()),
            "Chương trình “VỀ QUÊ” năm nay có gì mới",
            True,
        ),
        (NEWS, NEWS, False),
        ("Âu Cơ ‘Ô’ và “Đăk Tô”", "Âu Cơ ‘Ô’ và “Đăk Tô”", False),
        ("Price: 5 € — naïve", "Price: 5 € — naïve", False),
    ],
)
def test_repair_mojibake(text: str, expected: str, repaired: bool) -> None:
    assert repair_mojibake(text) == (expected, repaired)


# --- .VnTimeH capitals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p><font face=".VnTimeH">đăk tô</font> huyện</p>',
            '<p><font face=".VnTimeH">ĐĂK TÔ</font> huyện</p>',
        ),
        (
            '<div style="font-family:.VnArialH"><div>xã</div>ngọc<br>hồi</div>đây',
            '<div style="font-family:.VnArialH"><div>XÃ</div>NGỌC<br>HỒI</div>đây',
        ),
        (
            "<style>h2.tieude, .ten { font-family: .VnTimeH }</style>"
            '<h2 class="tieude lon">tin&nbsp;mới</h2><span class="ten">an</span><b>bé</b>',
            "<style>h2.tieude, .ten { font-family: .VnTimeH }</style>"
            '<h2 class="tieude lon">TIN&nbsp;MỚI</h2><span class="ten">AN</span><b>bé</b>',
        ),
        ('<p face=".VnTime">huyện</p>', '<p face=".VnTime">huyện</p>'),
    ],
)
def test_upper_capitals_fonts(html: str, expected: str) -> None:
    assert upper_capitals_fonts(html) == expected


# --- Unicode passes through ----------------------------------------------------------------

INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh"]
INITIALS += ["ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "ươ", "iê"]
NUCLEI += ["ua", "ưa", "ai", "ao", "âu", "ôi", "ơi", "ưu", "ay", "ây", "uô", "oe"]
FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    nucleus = draw(st.sampled_from(NUCLEI))
    tone = draw(st.sampled_from(["", *TONES]))
    where = draw(st.integers(0, len(nucleus) - 1))
    nucleus = (
        nucleus[:where] + unicodedata.normalize("NFC", nucleus[where] + tone) + nucleus[where + 1 :]
    )
    word = draw(st.sampled_from(INITIALS)) + nucleus + draw(st.sampled_from(FINALS))
    case = draw(st.sampled_from(["lower", "title", "upper"]))
    return word.upper() if case == "upper" else word.capitalize() if case == "title" else word


VIETNAMESE_ISH = st.lists(
    st.tuples(syllables(), st.sampled_from([" ", ", ", ". ", " - ", "\n", " 2024 ", ": “"])),
    max_size=25,
).map(lambda parts: "".join(word + sep for word, sep in parts))


@given(VIETNAMESE_ISH, st.sampled_from([None, "text/html", "text/html; charset=utf-8"]))
def test_nfc_utf8_passes_through_unchanged(text: str, content_type: str | None) -> None:
    decoded = decode_html(text.encode("utf-8"), content_type)
    assert decoded == DecodedText(text, "utf-8", None, False)


@pytest.mark.parametrize(
    ("text", "hinted"),
    [
        ("Há»™i nghá»‹ triá»ƒn khai", True),  # UTF-8 read as windows-1252
        ("nĂªu gÆ°Æ¡ng", True),  # ... as windows-1258
        ("ThÃ¡i", True),
        # capitalised Vietnamese holds the lead characters alone: no repair to try
        ("UBND XÃ ĐĂK TÔ TỔ CHỨC HỘI NGHỊ NĂM 2024", False),
        ("NGÃ BA ĐÔNG DƯƠNG", False),
    ],
)
def test_only_a_lead_character_with_its_continuation_hints_at_mojibake(
    text: str, hinted: bool
) -> None:
    assert may_be_mojibake(text) is hinted
