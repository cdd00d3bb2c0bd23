"""The text an article is searched by: its title, summary and body folded word by word.

The key is `fold`'s, with one difference: an apostrophe between two letters belongs to
a name ("Ia H’Drai", "H'Mông"), so it is dropped and the name stays one word to the
index ("hdrai"), found however it is typed. Elsewhere an apostrophe is a quotation
mark and parts words as the index's other punctuation does. (`fold` itself keeps it:
near-duplicate prints fold a character at a time and read "h'drai" as two words.)

Names are also written apart: "Ê-đê" beside "Êđê", "H' Drai" beside "H'Drai". The
index reads a hyphen as a space, so such a name is also given its joined form as a
word of its own, after it ("e-de ede", "h' drai hdrai"): "ede" and "hdrai" find it
too, and a query typed apart still finds it by its parts (`store.search`).

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

# Letters joined by hyphens (ASCII, U+2010 and the non-breaking U+2011): "e-de", "ba-na".
# A name is a word of its own: a digit beside it ("4g-lte", "a-b2") makes a code, which
# stays as it is, as does "covid-19".
HYPHENATED = re.compile("(?<![^\\W_])[^\\W\\d_]+(?:[-\u2010\u2011][^\\W\\d_]+)+(?![^\\W_])")
_HYPHENS = "-\u2010\u2011"
_HYPHEN = re.compile(f"[{_HYPHENS}]")
# A name's head written apart from the rest: one or two letters and an apostrophe, then
# a space and letters ("h' drai"), a word of its own too.
SPACED_NAME = re.compile(r"(?<![^\W_])([^\W\d_]{1,2})' ([^\W\d_]+)(?![^\W_])")

Folded = tuple[str, str, str]  # title, summary and body, folded


def fold_columns(title: str, summary: str, body_text: str) -> Folded:
    """The folded columns of a title, a summary and the body's text (`html_text`)."""
    return fold_words(title), fold_words(summary), fold_words(body_text)


def search_fold(text: str) -> str:
    """`fold(text)` with every apostrophe inside a word dropped ("Ia H’Drai" → "ia
    hdrai"), and each name written apart followed by its joined form ("Ê-đê" → "e-de
    ede")."""
    return with_joined_names(join_names(fold(text)))


def with_joined_names(folded: str) -> str:
    """A folded text (words one space apart) with the joined form of each name written
    apart added right after it: "e-de" → "e-de ede", "h' drai" → "h' drai hdrai"."""
    # Names are looked for only where a cheap scan finds a hyphen or "' ": the patterns,
    # run over a whole body, would cost more than folding it.
    joins: list[tuple[int, str]] = []
    done = -1
    for hyphen in _hyphens(folded):
        if hyphen < done:
            continue  # in a word already read
        begin = folded.rfind(" ", 0, hyphen) + 1
        done = folded.find(" ", hyphen)
        if done < 0:
            done = len(folded)
        for found in HYPHENATED.finditer(folded, begin, done):
            joins.append((found.end(), _HYPHEN.sub("", found.group())))
    at = folded.find("' ")
    while at >= 0:
        # The head is the one or two letters before the apostrophe.
        for start in (at - 2, at - 1):
            name = SPACED_NAME.match(folded, start) if start >= 0 else None
            if name:
                joins.append((name.end(), name[1] + name[2]))
                break
        at = folded.find("' ", at + 2)
    if not joins:
        return folded
    joins.sort(key=lambda join: join[0])  # stable: in the order found
    parts: list[str] = []
    at = 0
    for end, joined in joins:
        parts += (folded[at:end], " ", joined)
        at = end
    parts.append(folded[at:])
    return "".join(parts)


def _hyphens(text: str) -> list[int]:
    """Where the hyphens of `text` are, in order (str.find, several times faster than a
    regular expression's scan)."""
    found: list[int] = []
    for hyphen in _HYPHENS:
        at = text.find(hyphen)
        while at >= 0:
            found.append(at)
            at = text.find(hyphen, at + 1)
    return sorted(found)


def join_names(folded: str) -> str:
    """A `fold` result with every apostrophe inside a word dropped."""
    return _INNER_APOSTROPHE.sub("", folded) if "'" in folded else folded


def fold_words(text: str) -> str:
    """`search_fold(text)`, computed word by word with each distinct word folded once.

    Every step of `search_fold` but the last stays inside a word (cleaning, tone
    placement, casefolding, dropping marks, joining a name) and spaces collapse to one,
    so folding the words apart gives the same key; articles repeat the same few thousand
    words, so most are cache hits. The last, adding joined names, reads the whole.
    """
    # Illegal characters go first, as in `fold`: some (U+001F...) count as spaces.
    words = _SPACE.split(strip_xml_illegal(text))
    return with_joined_names(" ".join(key for key in map(_fold_word, words) if key))


@lru_cache(maxsize=_WORD_CACHE)
def _fold_word(word: str) -> str:
    return join_names(fold(word))


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
