"""One story, one entry: republished copies in the sample province merge in the province feed."""

from __future__ import annotations

import feedparser

from syndicate.demo import load_articles
from tests.e2e.conftest import Demo

ARTICLES = {a.id: a for a in load_articles()}
COPIES = [a for a in ARTICLES.values() if a.copy_of]
SAME_TITLE = [a for a in ARTICLES.values() if a.title == "Hội nghị triển khai nhiệm vụ năm 2025"]


def entries(path: object) -> list[feedparser.FeedParserDict]:
    return feedparser.parse(path.read_bytes()).entries  # type: ignore[attr-defined]


def test_each_republished_story_is_one_province_entry_crediting_every_source(demo: Demo) -> None:
    assert len(COPIES) >= 3
    assert demo.run("sync") == 0
    province = entries(demo.out / "province.atom")
    province_json = (demo.out / "province.json").read_text(encoding="utf-8")
    for copy in COPIES:
        original = ARTICLES[copy.copy_of or ""]
        hits = [
            e
            for e in province
            if e.link.endswith(original.path.rsplit("/", 1)[-1])
            or e.link.endswith(copy.path.rsplit("/", 1)[-1])
        ]
        assert len(hits) == 1, (copy.id, [h.title for h in hits])
        assert copy.source in province_json and original.source in province_json
        # The district's own feed still carries it.
        district = entries(demo.out / "districts" / f"{original.district}.atom")
        assert any(e.link == hits[0].link for e in district), copy.id


def test_same_boilerplate_title_in_different_districts_stays_apart(demo: Demo) -> None:
    assert len(SAME_TITLE) >= 2
    assert demo.run("sync") == 0
    province = entries(demo.out / "province.atom")
    titles = [e.title for e in province]
    assert titles.count("Hội nghị triển khai nhiệm vụ năm 2025") == len(SAME_TITLE)
