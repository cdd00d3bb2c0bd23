"""Load the sample articles: hand-written text plus seeded filler, as typed records.

The result is deterministic: every random choice comes from an RNG seeded by the
article id, so the same data file always gives the same site.
"""

from __future__ import annotations

import random
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from syndicate.demo import sources as demo_sources
from syndicate.demo.layouts import layout_for
from syndicate.demo.records import Block, DemoArticle, DemoImage, DemoSource
from syndicate.demo.text import parse_portal_date, tone_new_style

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# The edits a province editor makes when republishing a district story.
EDITS = frozenset({"tone-new", "reflow", "drop-byline", "drop-last-paragraph", "drop-image"})


def load_articles() -> tuple[DemoArticle, ...]:
    """Every sample article, in data-file order."""
    return _load()


@cache
def _load() -> tuple[DemoArticle, ...]:
    data = _read_toml("articles.toml")["articles"]
    pools = _read_toml("pools.toml")
    numbers = _numbers(data)
    built: dict[str, DemoArticle] = {}
    for raw in data:
        if "copy_of" in raw:
            built[raw["id"]] = _copy(raw, built[raw["copy_of"]], numbers[raw["id"]])
        else:
            built[raw["id"]] = _compose(raw, pools, numbers[raw["id"]])
    return tuple(_mark_listing_dates(list(built.values())))


def article_path(source: DemoSource, number: int, title: str) -> str:
    """Where an article page lives; the portal's CMS decides the shape."""
    portal = demo_sources.portal(source.portal)
    return layout_for(portal).article_path(portal, source, number, title)


def image_path(source: DemoSource, article: DemoArticle | None, name: str) -> str:
    portal = demo_sources.portal(source.portal)
    return layout_for(portal).image_path(portal, article, name)


def new_article(
    article_id: str,
    source_id: str,
    title: str,
    paragraphs: Sequence[str],
    published: str,
    *,
    category: str | None = None,
    sapo: str = "",
    number: int | None = None,
) -> DemoArticle:
    """A fresh article for tests that add one to a source (see build_site's overrides)."""
    source = demo_sources.source(source_id)
    portal = demo_sources.portal(source.portal)
    number = number or source.first_number + 900
    return DemoArticle(
        id=article_id,
        source=source_id,
        district=portal.district,
        category=category or source.section,
        title=_nfc(title),
        sapo=_nfc(sapo or paragraphs[0]),
        body=tuple(_nfc(p) for p in paragraphs),
        author=None,
        organisation=None,
        published=parse_portal_date(published),
        path=article_path(source, number, title),
        number=number,
        story=article_id,
    )


def _read_toml(name: str) -> dict[str, Any]:
    text = (
        resources.files("syndicate.demo")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(unicodedata.normalize("NFC", text))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _numbers(data: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Numeric ids rising with the publication date inside each source, with gaps."""
    by_source: dict[str, list[Mapping[str, Any]]] = {}
    for raw in data:
        by_source.setdefault(raw["source"], []).append(raw)
    numbers: dict[str, int] = {}
    for source_id, items in by_source.items():
        rng = random.Random(f"numbers:{source_id}")
        number = demo_sources.source(source_id).first_number
        for raw in sorted(items, key=lambda r: parse_portal_date(r["date"])):
            number += rng.randint(3, 41)
            numbers[raw["id"]] = number
    return numbers


def _compose(raw: Mapping[str, Any], pools: Mapping[str, Any], number: int) -> DemoArticle:
    source = demo_sources.source(raw["source"])
    portal = demo_sources.portal(source.portal)
    unit = pools["units"][portal.unit]
    published = parse_portal_date(raw["date"])
    rng = random.Random(f"article:{raw['id']}")
    communes = rng.sample(unit["communes"], 2)
    fill = {
        "dv": unit["dv"],
        "cap": unit["cap"],
        "xa": communes[0],
        "xa2": communes[1],
        "nam": str(published.year),
    }
    own = [raw["lead"], *([raw["detail"]] if "detail" in raw else [])]
    topic = pools["topics"][raw["topic"]]
    # 3 to 6 body paragraphs, at least one of filler; each takes 2 or 3 pool sentences.
    extra = min(max(1, rng.randint(3, 6) - len(own)), len(topic) // 2)
    pool = rng.sample(topic, k=len(topic))
    filler = []
    for left in range(extra, 0, -1):
        take = 3 if len(pool) - 3 >= 2 * (left - 1) and rng.random() < 0.5 else 2
        sentences, pool = pool[:take], pool[take:]
        filler.append(" ".join(_capitalise(s.format(**fill)) for s in sentences))
    paragraphs = own + filler

    path = article_path(source, number, raw["title"])
    stub = DemoArticle(
        raw["id"], source.id, portal.district, raw["category"], raw["title"], raw["sapo"],
        (), None, None, published, path, number, raw["id"],
    )  # fmt: skip
    images = [
        DemoImage(image_path(source, stub, f"{raw['id']}-{i + 1}"), caption)
        for i, caption in enumerate(raw["captions"])
    ]
    body: list[Block] = [paragraphs[0], images[0], *paragraphs[1:]]
    if len(images) > 1:
        body.insert(len(body) - 1, images[1])  # the second image sits before the last paragraph
    author, organisation, *credit = unit["bylines"][
        raw.get("byline", rng.randrange(len(unit["bylines"])))
    ]
    return replace(
        stub,
        body=tuple(body),
        author=author,
        organisation=organisation or None,
        byline_credit="".join(credit),
        views=rng.randint(180, 4800),
        byline_separator=unit.get("byline_separator", " - "),
    )


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _copy(raw: Mapping[str, Any], original: DemoArticle, number: int) -> DemoArticle:
    """A province copy of a district story, with the edits its editor made."""
    source = demo_sources.source(raw["source"])
    edits = tuple(raw.get("edits", ()))
    unknown = set(edits) - EDITS
    if unknown:
        raise ValueError(f"{raw['id']}: unknown edits {sorted(unknown)}")
    published = parse_portal_date(raw["date"])
    copy = replace(
        original,
        id=raw["id"],
        source=source.id,
        district=demo_sources.portal(source.portal).district,
        category=raw["category"],
        title=raw["title"],
        published=published,
        path=article_path(source, number, raw["title"]),
        number=number,
        copy_of=original.id,
        views=random.Random(f"article:{raw['id']}").randint(90, 2500),
        byline_separator=" - ",
    )
    # The province re-uploads the pictures under its own paths.
    body: list[Block] = []
    pictures = 0
    for block in copy.body:
        if isinstance(block, DemoImage):
            pictures += 1
            block = DemoImage(image_path(source, copy, f"{raw['id']}-{pictures}"), block.caption)
        body.append(block)
    if "drop-image" in edits:
        last = max(i for i, block in enumerate(body) if isinstance(block, DemoImage))
        del body[last]
    if "drop-last-paragraph" in edits:
        last = max(i for i, block in enumerate(body) if isinstance(block, str))
        del body[last]
    if "reflow" in edits:
        body = _reflow(body)
    copy = replace(copy, body=tuple(body))
    if "drop-byline" in edits:
        copy = replace(copy, author=None, organisation=None, byline_credit="")
    if "tone-new" in edits:
        copy = replace(
            copy,
            sapo=tone_new_style(copy.sapo),
            body=tuple(
                replace(b, caption=tone_new_style(b.caption))
                if isinstance(b, DemoImage)
                else tone_new_style(b)
                for b in copy.body
            ),
        )
    return copy


def _reflow(body: list[Block]) -> list[Block]:
    """Join two neighbouring paragraphs into one, or split the longest at a sentence."""
    for i in range(len(body) - 1):
        first, second = body[i], body[i + 1]
        if isinstance(first, str) and isinstance(second, str):
            return [*body[:i], f"{first} {second}", *body[i + 2 :]]
    texts = {i: b for i, b in enumerate(body) if isinstance(b, str)}
    longest = max(texts, key=lambda i: len(texts[i]))
    parts = _SENTENCE_END.split(texts[longest], maxsplit=1)
    if len(parts) < 2:
        return body
    return [*body[:longest], *parts, *body[longest + 1 :]]


def _mark_listing_dates(articles: Sequence[DemoArticle]) -> list[DemoArticle]:
    """In every source, one article in four shows its date only on its own page."""
    by_source: dict[str, list[DemoArticle]] = {}
    for article in articles:
        by_source.setdefault(article.source, []).append(article)
    hidden = {
        a.id
        for items in by_source.values()
        for i, a in enumerate(sorted(items, key=lambda a: a.published))
        if i % 4 == 1
    }
    return [replace(a, listed_date=a.id not in hidden) for a in articles]
