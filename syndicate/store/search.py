"""Full-text search that finds "Hội nghị" whether typed "hoi nghi", "HỘI NGHỊ" or "Hội nghị".

Each article carries folded copies of its title, summary and body text (`fold`: NFC,
no diacritics, đ→d, casefolded, and a name's apostrophe dropped, "H’Drai" → "hdrai";
see `text.searchtext`) that an FTS5 index reads.
Queries are folded the same way and every word is quoted, so user input is always
text, never FTS5 syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from syndicate.madeelsewhere import MadeElsewhere
from syndicate.model import Article
from syndicate.store.schema import to_text
from syndicate.text.fold import fold
from syndicate.text.searchtext import (
    HYPHENATED,
    SPACED_NAME,
    Folded,
    fold_columns,
    html_text,
    join_names,
)

# Title matches weigh most, then the summary, then the body (bm25 column weights).
WEIGHTS = (10.0, 4.0, 1.0)
_WEIGHTS = ", ".join(str(w) for w in WEIGHTS)
# An unfiltered search first ranks this many of the best matches per result wanted
# (plus a few), enough to make up for hidden and merged articles among them.
SHORTLIST_FACTOR = 4
SHORTLIST_EXTRA = 50
SHORTLIST_MAX = 5_000  # its seqs go into one statement, far below SQLite's variable limit
# A last word this long is also matched as a prefix ("nghi" finds "nghiệp"); shorter
# ones ("to" of "Đăk Tô") would match half the corpus.
PREFIX_MIN = 3
# Letters and digits: "_" is a word character to Python but a separator to the index,
# so a word of it alone would be a phrase of nothing, which no article matches.
_WORD = re.compile(r"[^\W_]+")
# A name written apart, as `text.searchtext` indexes it joined too: letters joined by
# hyphens ("e-de"), or one or two letters and an apostrophe, then letters ("h' drai").
_NAME_APART = re.compile(f"{HYPHENATED.pattern}|{SPACED_NAME.pattern}")
# The articles a district's feed carries: those its sources listed, or for a listed
# merged copy that is not hidden its canonical article (`store.feed` makes `also_on` of
# the same rows). Appearances are read through their source index, a district's worth,
# not all of them.
_CARRIED_IN_DISTRICT = """
    SELECT coalesce(c.seq, d.seq) FROM appearances ap
    JOIN articles d ON d.id = ap.article_id
    LEFT JOIN articles c ON c.id = d.canonical_of
    WHERE ap.source_id IN (SELECT id FROM sources WHERE district = ?) AND d.hidden = 0
"""


@dataclass(frozen=True, slots=True)
class SearchFilter:
    district: str | None = None  # listed by its sources, as in its feed
    category: str | None = None
    since: datetime | None = None  # published at or after
    until: datetime | None = None  # published before


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


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every word of `query`; None when it has none.

    A name written apart ("Ê-đê", "H' Drai") is found written either way: joined, as
    the index also holds it ("ede"), or as its parts one after the other ("e de").
    """
    words = _query_words(join_names(fold(query)))
    if not words:
        return None
    last = len(words) - 1
    return " AND ".join(
        _name_term(word, i == last)
        if isinstance(word, tuple)
        else _number_term(word) or _word_term(word, i == last)
        for i, word in enumerate(words)
    )


def _query_words(folded: str) -> list[str | tuple[str, ...]]:
    """The words of a folded query, a name written apart as the tuple of its parts."""
    words: list[str | tuple[str, ...]] = []
    at = 0
    for found in _NAME_APART.finditer(folded):
        words += _WORD.findall(folded[at : found.start()])
        words.append(tuple(_WORD.findall(found.group())))
        at = found.end()
    words += _WORD.findall(folded[at:])
    return words


def _name_term(parts: tuple[str, ...], last: bool) -> str:
    """A name joined or in its parts: `("ede" OR "e de")`, as prefixes when last."""
    joined, apart = "".join(parts), " ".join(parts)
    star = "*" if last and len(joined) >= PREFIX_MIN else ""
    return f'("{joined}"{star} OR "{apart}"{star})'


def _word_term(word: str, last: bool) -> str:
    """A quoted word (a word cannot contain a double quote, so quoting is enough to make
    it a string); a long enough last word is a prefix, unless it is a number: "số 123"
    asks for decision 123, not 1234."""
    prefix = last and len(word) >= PREFIX_MIN and not (word.isascii() and word.isdigit())
    return f'"{word}"*' if prefix else f'"{word}"'


def _number_term(word: str) -> str | None:
    """A day or month either way it is written ("5" or "05", as in 12/05/2025 and
    12/5/2025); None for any other word."""
    if not (word.isascii() and word.isdigit()):
        return None
    number = word.lstrip("0") or "0"
    if len(number) > 1:
        return None
    spellings = dict.fromkeys((number, f"0{number}", word))  # "000" of "2.000" as written
    return "(" + " OR ".join(f'"{spelling}"' for spelling in spellings) + ")"


def search_seqs(
    db: Database, query: str, where: SearchFilter, limit: int, *, newest: bool = False
) -> list[int]:
    """Seqs of matching visible articles, best first (bm25), newest first on ties; or,
    with `newest`, the newest matches whatever their rank (as a search feed lists them:
    chosen by rank, a new match weaker than the feed's older ones never showed)."""
    expression = match_expression(query)
    if expression is None or limit <= 0:
        return []
    if newest:
        return _ranked(db, expression, where, limit, order="a.published DESC, a.seq DESC")
    if where == SearchFilter():
        best = _best_ranked(db, expression, limit)
        if best is not None:
            return best
    return _ranked(db, expression, where, limit)


def _best_ranked(db: Database, expression: str, limit: int) -> list[int] | None:
    """`_ranked` without filters, from the best-ranked matches alone; None when those
    cannot decide it (too many hidden or merged, or a tie at the cut).

    A broad query matches a third of the store: joining every match with `articles` and
    sorting them all took a third of its time, and only the first few can be shown.
    """
    fetched = limit * SHORTLIST_FACTOR + SHORTLIST_EXTRA
    if fetched > SHORTLIST_MAX:
        return None  # a list that long is most of a broad query's matches anyway
    ranked: list[tuple[int, float]] = db.execute(
        f"SELECT rowid, bm25(article_search, {_WEIGHTS}) AS r FROM article_search "
        "WHERE article_search MATCH ? ORDER BY r LIMIT ?",
        [expression, fetched],
    ).fetchall()
    rank = dict(ranked)
    rows = db.execute(
        f"SELECT seq, published FROM articles WHERE seq IN ({', '.join('?' * len(rank))}) "
        "AND hidden = 0 AND canonical_of IS NULL",
        list(rank),
    ).fetchall()
    # Newest first, then (a stable sort) best first: bm25, published DESC, seq DESC.
    rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    rows.sort(key=lambda row: rank[row[0]])
    best = [seq for seq, _ in rows[:limit]]
    if len(ranked) < fetched:
        return best  # every match was there
    # Matches not fetched rank at or below the last one fetched: the cut must fall
    # strictly above it, or one of them could tie and be newer.
    if len(best) == limit and rank[best[-1]] < ranked[-1][1]:
        return best
    return None


_BEST_FIRST = f"bm25(article_search, {_WEIGHTS}), a.published DESC, a.seq DESC"


def _ranked(
    db: Database, expression: str, where: SearchFilter, limit: int, order: str = _BEST_FIRST
) -> list[int]:
    clauses = ["article_search MATCH ?", "a.hidden = 0", "a.canonical_of IS NULL"]
    params: list[object] = [expression]
    if where.district is not None:
        clauses.append(f"a.seq IN ({_CARRIED_IN_DISTRICT})")
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
    rows = db.execute(
        f"""
        SELECT a.seq FROM article_search JOIN articles a ON a.seq = article_search.rowid
        WHERE {" AND ".join(clauses)}
        ORDER BY {order}
        LIMIT ?
        """,
        [*params, limit],
    )
    return [r[0] for r in rows]
