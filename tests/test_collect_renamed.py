"""A source whose id the operator renames keeps what the store holds under the old id:
its articles, the pages its listing showed, its health and its fetch log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from syndicate.changes import Insert, article_id
from syndicate.config import Category, Config, Source
from syndicate.model import Article, SourceRun
from syndicate.store import Store
from tests.test_collect_html import HOST, NOW, Portal, config


def renamed(cfg: Config, new_id: str, **changes: object) -> Config:
    return replace(cfg, sources=(replace(cfg.sources[0], id=new_id, **changes),))


def test_a_renamed_source_carries_on_with_its_articles(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    portal, cfg = Portal(total=3, per_page=10), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        assert portal.collect(cfg, store, 0).new == 3
        cfg2 = renamed(cfg, "dak-to-tin-tuc")
        run = portal.collect(cfg2, store, 10)
        # Known pages, listed as before: not one article page asked for again.
        assert (run.source_id, run.new, portal.article_hits()) == ("dak-to-tin-tuc", 0, 0)
        assert [(h.source_id, h.articles) for h in store.health()] == [("dak-to-tin-tuc", 3)]
        entries = store.feed_entries(cfg2)
        assert {e.origin.source_id for e in entries} == {"dak-to-tin-tuc"}
        assert {r["source_id"] for r in store.fetch_log()} == {"dak-to-tin-tuc"}
    assert "what source dak-to-tin held is now under dak-to-tin-tuc" in caplog.text


def test_a_source_renamed_with_a_new_address_is_a_new_source(tmp_path: Path) -> None:
    portal, cfg = Portal(total=3, per_page=10), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        other = renamed(cfg, "dak-to-moi", url=cfg.sources[0].url + "?page=1")
        assert store.sync_sources(other.sources) == []
        assert {h.source_id for h in store.health()} == {"dak-to-tin", "dak-to-moi"}


def test_two_new_sources_at_the_old_address_take_nothing_over(tmp_path: Path) -> None:
    portal, cfg = Portal(total=3, per_page=10), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        one = replace(cfg.sources[0], id="mot")
        two = replace(cfg.sources[0], id="hai")
        assert store.sync_sources([one, two]) == []


def test_a_source_still_configured_lends_nothing_to_a_new_one(tmp_path: Path) -> None:
    portal, cfg = Portal(total=3, per_page=10), config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        twin = replace(cfg.sources[0], id="dak-to-ban-sao")
        assert store.sync_sources([cfg.sources[0], twin]) == []


def at(cfg: Config, *pairs: tuple[str, str]) -> list[Source]:
    """The configured source under each id, collecting from the portal path given."""
    base = cfg.sources[0]
    return [replace(base, id=id_, url=f"http://{HOST}/{path}") for id_, path in pairs]


def store_one(store: Store, source: Source) -> None:
    """One article of `source`, collected from its portal."""
    page = f"{source.url}/bai-viet-1"
    article = Article(
        url=page,
        source_id=source.id,
        district=source.district,
        category=None,
        title=f"Tin của {source.url}",
        summary="",
        content_html="<p>Nội dung.</p>",
        published=NOW,
        content_hash=page,
    )
    store.apply(SourceRun(source.id, "ok", NOW), [Insert(article_id(page), article)], now=NOW)


def holders(store: Store) -> dict[str, str]:
    """The portal path of each stored article, by the id it is stored under."""
    entries = store.articles_by_url(
        f"http://{HOST}/{p}/bai-viet-1" for p in ("x", "y", "z")
    ).values()
    return {s.article.url.split("/")[3]: s.article.source_id for s in entries}


def test_ids_passed_along_or_swapped_follow_the_portals(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        first = at(cfg, ("a", "x"), ("b", "y"))
        store.sync_sources(first)
        for source in first:
            store_one(store, source)
        store.sync_sources(at(cfg, ("b", "x"), ("c", "y")))  # a→b while b→c
        assert holders(store) == {"x": "b", "y": "c"}
        store.sync_sources(at(cfg, ("c", "x"), ("b", "y")))  # and swapped
        assert holders(store) == {"x": "c", "y": "b"}


def test_an_id_given_to_another_portal_leaves_its_old_one_under_a_retired_id(
    tmp_path: Path,
) -> None:
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        old = at(cfg, ("d", "y"))
        store.sync_sources(old)
        store_one(store, old[0])
        store.sync_sources(at(cfg, ("a", "x")))  # d dropped, a added
        store_one(store, at(cfg, ("a", "x"))[0])
        moves = store.sync_sources(at(cfg, ("d", "x")))  # a renamed to the old id d
        assert sorted(moves) == [("a", "d"), ("d", "d~1")]
        assert holders(store) == {"x": "d", "y": "d~1"}


def test_a_source_whose_address_changed_keeps_what_it_holds(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        store.sync_sources(at(cfg, ("a", "x")))
        store_one(store, at(cfg, ("a", "x"))[0])
        assert store.sync_sources(at(cfg, ("a", "z"))) == []  # the portal moved
        assert holders(store) == {"x": "a"}


def test_of_ids_left_at_one_address_the_last_collected_is_taken_over(tmp_path: Path) -> None:
    # An id renamed before renames were followed stayed behind at the address.
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        store.sync_sources(at(cfg, ("cu", "x")))
        store.sync_sources(at(cfg, ("a", "x")))  # two ids at x now: neither taken over
        store_one(store, at(cfg, ("a", "x"))[0])
        assert store.sync_sources(at(cfg, ("b", "x"))) == [("a", "b")]


def test_a_renamed_source_given_another_category_moves_its_articles(tmp_path: Path) -> None:
    # The category each source was given is remembered by id: it had stayed with the
    # old one, and the articles in the old category for good.
    portal = Portal(total=2, per_page=10)
    categories = (
        Category("tin-trong-huyen", "Tin trong huyện"),
        Category("thong-bao", "Thông báo"),
    )
    cfg = replace(config(tmp_path), categories=categories)
    with Store(tmp_path / "t.db") as store:
        portal.collect(cfg, store, 0)
        assert {e.category for e in store.feed_entries(cfg)} == {"tin-trong-huyen"}
        cfg2 = renamed(cfg, "dak-to-thong-bao", category="Thông báo")
        portal.collect(cfg2, store, 10)
        assert {e.category for e in store.feed_entries(cfg2)} == {"thong-bao"}


def test_sections_renumbered_keep_their_own(tmp_path: Path) -> None:
    # Both ids still configured, each at the address the other had: a portal that
    # renumbered its sections ("?id=1" → "?id=2"), not a rename.
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        first = at(cfg, ("tin-tuc", "x"), ("thong-bao", "y"))
        store.sync_sources(first)
        for source in first:
            store_one(store, source)
        assert store.sync_sources(at(cfg, ("tin-tuc", "y"), ("thong-bao", "z"))) == []
        assert holders(store) == {"x": "tin-tuc", "y": "thong-bao"}


def test_ids_left_at_one_address_by_one_run_give_nothing_up(tmp_path: Path) -> None:
    # Which of them was the one renamed cannot be told: nothing moves.
    cfg = config(tmp_path)
    with Store(tmp_path / "t.db") as store:
        both = at(cfg, ("noi-bat", "x"), ("thong-bao", "x"))
        store.sync_sources(both)
        for source in both:
            store.record_not_modified(SourceRun(source.id, "not-modified", NOW), now=NOW)
        assert store.sync_sources(at(cfg, ("dak-to-thong-bao", "x"))) == []
