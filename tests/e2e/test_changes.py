"""Upstream edits, disappearing articles and new ones, seen through real re-syncs."""

from __future__ import annotations

import sqlite3

import pytest

from syndicate.demo import load_articles
from tests.e2e.conftest import Demo
from tests.e2e.test_sync import stored

ARTICLES = load_articles()


def row_for(demo: Demo, article_id: str) -> sqlite3.Row:
    article = demo.server.site.article(article_id)
    rows = stored(demo.db)
    return next(r for url, r in rows.items() if url.endswith(article.path.split("/")[-1]))


def test_edited_article_is_updated_in_place_and_keeps_its_previous_version(demo: Demo) -> None:
    feed_article = next(a for a in ARTICLES if a.source == "ngoc-hoi-rss")
    assert demo.run("sync") == 0
    before = row_for(demo, feed_article.id)
    demo.server.set_site(demo.server.site.edited(feed_article.id, title="Tiêu đề đã sửa lại"))
    assert demo.run("sync") == 0
    after = row_for(demo, feed_article.id)
    assert after["id"] == before["id"]
    assert after["title"] == "Tiêu đề đã sửa lại"
    assert after["last_updated"] > before["last_updated"]
    with sqlite3.connect(demo.db) as conn:
        kept = conn.execute(
            "SELECT title, content_hash, replaced FROM article_versions WHERE article_id = ?",
            [before["id"]],
        ).fetchall()
    conn.close()
    assert kept == [(before["title"], before["content_hash"], after["last_updated"])]
    assert "Tiêu đề đã sửa lại" in (demo.out / "province.atom").read_text(encoding="utf-8")


def test_article_dropped_by_its_source_stays(demo: Demo) -> None:
    gone = next(a for a in ARTICLES if a.source == "kon-plong-atom")
    assert demo.run("sync") == 0
    count = len(stored(demo.db))
    demo.server.set_site(demo.server.site.without(gone.id))
    assert demo.run("sync") == 0
    assert len(stored(demo.db)) == count
    assert row_for(demo, gone.id)["title"] == gone.title


@pytest.mark.parametrize("source", ["ngoc-hoi-rss", "dak-to-tin-tuc"])
def test_edits_made_while_hidden_arrive_when_the_article_comes_back(
    demo: Demo, source: str
) -> None:
    # Hidden, an article takes no edit; brought back, it is read again at the next run,
    # though its feed or listing has not changed since the edit arrived.
    article = next(a for a in ARTICLES if a.source == source)
    assert demo.run("sync") == 0
    stored_id = row_for(demo, article.id)["id"]
    assert demo.run("hide", stored_id, "--reason", "chờ đính chính") == 0
    demo.server.set_site(demo.server.site.edited(article.id, title="Tiêu đề đã đính chính"))
    assert demo.run("sync") == 0
    assert row_for(demo, article.id)["title"] == article.title  # as it was hidden
    assert demo.run("unhide", stored_id) == 0
    assert demo.run("sync") == 0
    assert row_for(demo, article.id)["title"] == "Tiêu đề đã đính chính"
    assert "Tiêu đề đã đính chính" in (demo.out / "province.atom").read_text(encoding="utf-8")
    # read afresh once: the next run is conditional again
    with sqlite3.connect(demo.db) as conn:
        left = conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'reread:%'").fetchone()
    conn.close()
    assert left == (0,)


def test_a_reread_that_could_not_reach_a_listing_page_is_tried_again(demo: Demo) -> None:
    # What that page lists was not read afresh: the next run reads the source afresh too.
    text = demo.config_path.read_text(encoding="utf-8")
    demo.config_path.write_text(
        text.replace("retries = 1", "retries = 0").replace(
            "read_timeout = 2.0", "read_timeout = 0.5"
        ),
        encoding="utf-8",
    )
    source = "tu-mo-rong-tin"
    article = next(a for a in ARTICLES if a.source == source)
    assert demo.run("sync") == 0
    stored_id = row_for(demo, article.id)["id"]
    assert demo.run("hide", stored_id, "--reason", "x") == 0
    assert demo.run("unhide", stored_id) == 0

    def left() -> list[str]:
        with sqlite3.connect(demo.db) as conn:
            rows = conn.execute("SELECT key FROM settings WHERE key LIKE 'reread:%'").fetchall()
        conn.close()
        return [key for (key,) in rows]

    assert left() == [f"reread:{source}"]
    demo.server.faults["/tumorong/Tin-trong-huy%E1%BB%87n.aspx?page=2"] = "hang"
    demo.run("sync")
    assert left() == [f"reread:{source}"]
    demo.server.faults.clear()
    assert demo.run("sync") == 0
    assert left() == []
