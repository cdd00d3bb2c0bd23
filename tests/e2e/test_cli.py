"""The operator's commands over the synced sample province: check, search, hide, publish."""

from __future__ import annotations

import json

import pytest

from syndicate.lock import run_lock
from tests.e2e.conftest import Demo

Capsys = pytest.CaptureFixture[str]


def test_check_shows_fields_and_stores_nothing(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("check", "dak-to-tin-tuc", "--limit", "3", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"] == "dak-to-tin-tuc"
    assert len(report["articles"]) == 3
    for article in report["articles"]:
        assert article["title"] and article["published"] and article["content_html"]
        assert article["missing"] == [] or set(article["missing"]) <= {"organisation"}
    assert not demo.db.exists()
    assert demo.run("check", "kon-tum-tin-tuc", "--limit", "2") == 0  # automatic mode
    text = capsys.readouterr().out
    assert "title:" in text and "missing:" in text


@pytest.mark.parametrize("query", ["hoi nghi dak to", "Hội nghị Đăk Tô", "HOI NGHI DAK TO"])
def test_search_with_or_without_diacritics(demo: Demo, capsys: Capsys, query: str) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", query, "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["district"] == "dak-to"
    assert hits[0]["title"] == "Hội nghị triển khai nhiệm vụ năm 2025"
    assert demo.run("search", query, "--district", "dak-glei", "--json") == 0
    assert all(h["district"] == "dak-glei" for h in json.loads(capsys.readouterr().out))


def test_search_syntax_characters_are_text(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    for query in ['"hội', "nghị*", "NEAR(hội", "-dak", "tô:", "a AND OR NOT"]:
        assert demo.run("search", "--", query) == 0, query


def test_hidden_article_leaves_every_feed_and_never_comes_back(demo: Demo, capsys: Capsys) -> None:
    assert demo.run("sync") == 0
    capsys.readouterr()
    assert demo.run("search", "lễ mừng lúa mới Đăk Kôi", "--json") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["title"] in (demo.out / "province.atom").read_text(encoding="utf-8")
    assert demo.run("hide", hit["id"], "--reason", "bài đã bị gỡ") == 0
    assert demo.run("publish") == 0
    assert demo.run("sync", "--force") == 0
    for path in demo.out.rglob("*.atom"):
        assert hit["title"] not in path.read_text(encoding="utf-8"), path
    assert demo.run("hide", "no-such-article", "--reason", "x") == 2


def test_publish_exits_75_while_a_sync_holds_the_lock(demo: Demo) -> None:
    with run_lock(demo.db):
        assert demo.run("publish") == 75
    assert not demo.out.exists() or not any(demo.out.iterdir())
    assert demo.run("publish") == 0
    assert (demo.out / "province.atom").is_file()
