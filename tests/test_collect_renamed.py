"""A source whose id the operator renames keeps what the store holds under the old id:
its articles, the pages its listing showed, its health and its fetch log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from syndicate.config import Config
from syndicate.store import Store
from tests.test_collect_html import Portal, config


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
    assert "source dak-to-tin is now dak-to-tin-tuc" in caplog.text


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
