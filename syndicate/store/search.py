"""Full-text search that finds "Hội nghị" whether typed "hoi nghi", "HỘI NGHỊ" or "Hội nghị".

Each article carries folded copies of its title, summary and body text (`fold`: NFC,
no diacritics, đ→d, casefolded) that an FTS5 index reads. Queries are folded the same
way and every word is quoted, so user input is always text, never FTS5 syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlite_utils import Database

from syndicate.madeelsewhere import MadeElsewhere
from syndicate.model import Article
from syndicate.store.schema import to_text
from syndicate.text.fold import fold, strip_xml_illegal

# Title matches weigh most, then the summary, then the body (bm25 column weights).
WEIGHTS = (10.0, 4.0, 1.0)
# A last word this long is also matched as a prefix ("nghi" finds "nghiệp"); shorter
# ones ("to" of "Đăk Tô") would match half the corpus.
PREFIX_MIN = 3
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
# What `fold` treats as a space; text is folded a word at a time between these.
_SPACE = re.compile("[\\s\u200b\u2060\ufeff]+")
# Distinct words of a district corpus, punctuation attached, run to tens of thousands.
_WORD_CACHE = 1 << 18


@dataclass(frozen=True, slots=True)
class SearchFilter:
    district: str | None = None
    category: str | None = None
    since: datetime | None = None  # published at or after
    until: datetime | None = None  # published before


Folded = tuple[str, str, str]
# Folds made by the parsing workers, while the articles they came with are stored.
_KNOWN_FOLDS: MadeElsewhere[Folded] = MadeElsewhere()


def known_folds(pairs: Iterable[tuple[Article, Folded]]) -> AbstractContextManager[None]:
    """Use these articles' folded columns, made elsewhere, instead of folding again."""
    return _KNOWN_FOLDS.using(pairs)


def folded_columns(article: Article) -> Folded:
    """The title, summary and body text as the index sees them."""
    known = _KNOWN_FOLDS.get(article)
    if known is not None:
        return known
    return fold_columns(article.title, article.summary, html_text(article.content_html))


def fold_columns(title: str, summary: str, body_text: str) -> Folded:
    """The folded columns of a title, a summary and the body's text (`html_text`)."""
    return fold_words(title), fold_words(summary), fold_words(body_text)


def fold_words(text: str) -> str:
    """`fold(text)`, computed word by word with each distinct word folded once.

    Every step of `fold` stays inside a word (cleaning, tone placement, casefolding,
    dropping marks) and spaces collapse to one, so folding the words apart gives the
    same key; articles repeat the same few thousand words, so most are cache hits.
    """
    # Illegal characters go first, as in `fold`: some (U+001F...) count as spaces.
    words = _SPACE.split(strip_xml_illegal(text))
    return " ".join(key for key in map(_fold_word, words) if key)


@lru_cache(maxsize=_WORD_CACHE)
def _fold_word(word: str) -> str:
    return fold(word)


def html_text(html: str) -> str:
    """The text of an HTML fragment, one space between elements so words never merge
    (`Fragment.spaced_text` of a sanitized fragment)."""
    if not html.strip():
        return ""
    # Imported here, as the parsers are: a run that stores nothing new never loads lxml.
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(_TAG.sub(" ", html).split())
    return " ".join(" ".join(root.itertext()).split())


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every word of `query`; None when it has none."""
    words = _WORD.findall(fold(query))
    if not words:
        return None
    # \w+ cannot contain a double quote, so quoting is enough to make each word a string.
    terms = [f'"{word}"' for word in words]
    if len(words[-1]) >= PREFIX_MIN:
        terms[-1] += "*"
    return " AND ".join(terms)


def search_seqs(db: Database, query: str, where: SearchFilter, limit: int) -> list[int]:
    """Seqs of matching visible articles, best first (bm25), newest first on ties."""
    expression = match_expression(query)
    if expression is None or limit <= 0:
        return []
    clauses = ["article_search MATCH ?", "a.hidden = 0", "a.canonical_of IS NULL"]
    params: list[object] = [expression]
    if where.district is not None:
        clauses.append("a.district = ?")
        params.append(where.district)
    if where.category is not None:
        clauses.append("a.category = ?")
        params.append(where.category)
    if where.since is not None:
        clauses.append("a.published >= ?")
        params.append(to_text(where.since))
    if where.until is not None:
        clauses.append("a.published < ?")
        params.append(to_text(where.until))
    weights = ", ".join(str(w) for w in WEIGHTS)
    rows = db.execute(
        f"""
        SELECT a.seq FROM article_search JOIN articles a ON a.seq = article_search.rowid
        WHERE {" AND ".join(clauses)}
        ORDER BY bm25(article_search, {weights}), a.published DESC, a.seq DESC
        LIMIT ?
        """,
        [*params, limit],
    )
    return [r[0] for r in rows]
