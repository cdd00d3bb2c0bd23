"""The text an article is searched by: its title, summary and body folded word by word.

The key is `fold`'s, with one difference: an apostrophe between two letters belongs to
a name ("Ia H’Drai", "H'Mông"), so it is dropped and the name stays one word to the
index ("hdrai"), found however it is typed. Elsewhere an apostrophe is a quotation
mark and parts words as the index's other punctuation does. (`fold` itself keeps it:
near-duplicate prints fold a character at a time and read "h'drai" as two words.)

Pure text functions, apart from the store, so the parsing workers fold fresh articles
without loading the store's modules (see `store.search`, which indexes the result).
"""

from __future__ import annotations

import re
from functools import lru_cache

from syndicate.text.fold import fold, strip_xml_illegal

_TAG = re.compile(r"<[^>]*>")
# What `fold` treats as a space; text is folded a word at a time between these.
_SPACE = re.compile("[\\s\u200b\u2060\ufeff]+")
# Distinct words of a district corpus, punctuation attached, run to tens of thousands.
_WORD_CACHE = 1 << 18
# `fold` writes every apostrophe (’ ʼ ‘ ...) as "'". Letters on both sides: "14°20'15"
# is an angle, not a name.
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")

Folded = tuple[str, str, str]  # title, summary and body, folded


def fold_columns(title: str, summary: str, body_text: str) -> Folded:
    """The folded columns of a title, a summary and the body's text (`html_text`)."""
    return fold_words(title), fold_words(summary), fold_words(body_text)


def search_fold(text: str) -> str:
    """`fold(text)` with every apostrophe inside a word dropped: "Ia H’Drai" → "ia hdrai"."""
    return join_names(fold(text))


def join_names(folded: str) -> str:
    """A `fold` result with every apostrophe inside a word dropped."""
    return _INNER_APOSTROPHE.sub("", folded) if "'" in folded else folded


def fold_words(text: str) -> str:
    """`search_fold(text)`, computed word by word with each distinct word folded once.

    Every step of `search_fold` stays inside a word (cleaning, tone placement,
    casefolding, dropping marks, joining a name) and spaces collapse to one, so folding
    the words apart gives the same key; articles repeat the same few thousand words, so
    most are cache hits.
    """
    # Illegal characters go first, as in `fold`: some (U+001F...) count as spaces.
    words = _SPACE.split(strip_xml_illegal(text))
    return " ".join(key for key in map(_fold_word, words) if key)


@lru_cache(maxsize=_WORD_CACHE)
def _fold_word(word: str) -> str:
    return search_fold(word)


def html_text(html: str) -> str:
    """The text of an HTML fragment as a reader sees it (`html_clean.plain_text`): a
    space where blocks and line breaks part words, none inside a word that a tag cuts
    (a drop cap: "<strong>H</strong>ội" is "Hội")."""
    if not html.strip():
        return ""
    # Imported here, as the parsers are: a run that stores nothing new never loads lxml.
    from syndicate.errors import ParseError
    from syndicate.html_clean import plain_text

    try:
        return plain_text(html)
    except (ParseError, ValueError):
        return " ".join(_TAG.sub(" ", html).split())
