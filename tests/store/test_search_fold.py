"""The index folds text word by word; the key must be exactly what `search_fold` gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate.text.searchtext import fold_words, search_fold

# Letters, marks, spaces and the invisible or illegal characters portals paste in.
_LETTERS = list("aoeuyqQĐđƠưÝýİß'’")
_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u031b"]
_SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u200b", "\u2060", "\ufeff", "\x00", "\x0b"]
_WORDS = ["hòa", "hoà", "thuý", "quý", "Đắk", "Tô", "H’Drai", "H'", "Ê-đê", ".", ",", "-", "\ud800"]
_PIECES = st.sampled_from([*_LETTERS, *_MARKS, *_SPACES, *_WORDS])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Ủy ban nhân dân huyện Đăk Tô tổ chức Hội nghị",
        "hòa\u200bgiải  ở\u00a0cơ sở.",
        "Ia H’Drai, Kon Plông – TUY",
        "e\u0301 \u0301a \x00 b",
        "H’\u0301Drai 'H'’Mông' K\u02bc",
    ],
)
def test_examples(text: str) -> None:
    assert fold_words(text) == search_fold(text)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_word_by_word_is_the_same_key(text: str) -> None:
    assert fold_words(text) == search_fold(text)


@given(st.text(max_size=60))
def test_any_text(text: str) -> None:
    assert fold_words(text) == search_fold(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ia H’Drai", "ia hdrai"),
        ("Ia H'Drai, H\u02bcMông", "ia hdrai, hmong"),
        ("Ngày hội 'văn hóa'", "ngay hoi 'van hoa'"),  # quotation marks stay apart
        ("H' Drai", "h' drai hdrai"),  # also joined: see below
        ("14°20'15\"", "14°20'15\""),  # minutes and seconds, not a name
        ("'", "'"),
    ],
)
def test_an_apostrophe_inside_a_word_is_dropped(text: str, key: str) -> None:
    assert search_fold(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a name written apart is followed by its joined form, right after it
        ("Người Ê-đê, Ba-na.", "nguoi e-de ede, ba-na bana."),
        ("Xơ‑đăng", "xo‑dang xodang"),  # a non-breaking hyphen
        ("(Ba-na)-Xơ-đăng", "(ba-na bana)-xo-dang xodang"),
        ("Ia H' Drai, Kon Tum", "ia h' drai hdrai, kon tum"),
        ("(H’ Mông)", "(h' mong hmong)"),
        # a name beside a digit is a code; a dash between words, a long word before an
        # apostrophe: all stay as they are
        ("covid-19", "covid-19"),
        ("4G-LTE, khu A-B2, H' Drai2", "4g-lte, khu a-b2, h' drai2"),
        ("Ba-na,H' Mông", "ba-na bana,h' mong hmong"),  # no space after the comma
        ("kinh tế - xã hội", "kinh te - xa hoi"),
        ("'văn hóa' mới", "'van hoa' moi"),
        ("H'", "h'"),
    ],
)
def test_a_name_written_apart_is_also_joined(text: str, key: str) -> None:
    assert search_fold(text) == key
    assert fold_words(text) == key
