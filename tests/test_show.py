"""What `syndicate show` says about one article, from plain values."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from syndicate.model import Article, ArticleVersion, StoredArticle
from syndicate.show import ArticleRecord, as_json, as_text, changed_fields, entry_id

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SEEN = datetime(2025, 3, 1, 1, 0, tzinfo=UTC)
PREFIX = "tag:kontum.example.vn,2025:kon-tum/"
ARTICLE = Article(
    url="http://huyendakto.example.vn/tin-trong-huyen/bai-viet-7",
    source_id="dak-to-tin",
    district="dak-to",
    category="kinh-te",
    title="Đăk Tô thu hoạch sâm dây",
    summary="Bà con xã Ngọk Tụ thu hoạch sâm dây vụ đầu.",
    content_html="<p>Bà con xã Ngọk Tụ thu hoạch sâm dây vụ đầu.</p>",
    published=datetime(2025, 3, 1, 0, 30, tzinfo=UTC),
    native_category="Tin trong huyện",
    content_hash="h2",
)


def record(**fields: object) -> ArticleRecord:
    stored = StoredArticle(
        "a1b2c3d4e5f60718", ARTICLE, SEEN, SEEN + timedelta(hours=2), sources=("dak-to-tin",)
    )
    base = ArticleRecord(stored, versions=(), entry_id_prefix=PREFIX)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_changed_fields_names_what_an_edit_changed_and_ignores_the_hash() -> None:
    moved = replace(ARTICLE, url=ARTICLE.url + "-moi", title="Sâm dây Đăk Tô", content_hash="x")
    assert changed_fields(ARTICLE, moved) == ["url", "title"]
    assert changed_fields(ARTICLE, replace(ARTICLE, content_hash="other")) == []


def test_versions_are_compared_with_the_version_that_replaced_each() -> None:
    oldest = replace(ARTICLE, title="Bản đầu", summary="Tóm tắt đầu")
    middle = replace(ARTICLE, title="Bản giữa")
    versions = (
        ArticleVersion(middle, since=SEEN + timedelta(hours=1), replaced=SEEN + timedelta(hours=2)),
        ArticleVersion(oldest, since=SEEN, replaced=SEEN + timedelta(hours=1)),
    )
    shown = as_json(record(versions=versions))
    assert [(v["title"], v["changed"]) for v in shown["versions"]] == [
        ("Bản giữa", ["title"]),
        ("Bản đầu", ["title", "summary"]),
    ]
    text = as_text(record(versions=versions), ZONE, "Huyện Đăk Tô")
    assert "versions:     2 earlier" in text
    assert (
        "  until 01/03/2025 10:00 (since 01/03/2025 09:00): title changed; it read: Bản giữa"
        in text
    )


def test_a_merged_copy_points_at_the_story_its_entry_belongs_to() -> None:
    merged = record()
    merged = replace(merged, stored=replace(merged.stored, canonical_of="ffffeeeeddddcccc"))
    assert entry_id(merged) == PREFIX + "ffffeeeeddddcccc"
    assert as_json(merged)["state"] == "duplicate"
    assert any(
        line.startswith("state:        merged into ffffeeeeddddcccc")
        for line in as_text(merged, ZONE, "Huyện Đăk Tô")
    )


def test_a_merged_copy_of_a_withdrawn_story_is_out_of_the_feeds_too() -> None:
    merged = record(story_withdrawn=("đăng nhầm", datetime(2025, 3, 2, 3, 15, tzinfo=UTC)))
    merged = replace(merged, stored=replace(merged.stored, canonical_of="ffffeeeeddddcccc"))
    shown = as_json(merged)
    assert shown["state"] == "withdrawn"
    assert shown["withdrawn"] is None  # the copy itself was not hidden
    assert shown["story_withdrawn"] == {"reason": "đăng nhầm", "at": "2025-03-02T03:15:00+00:00"}
    assert (
        "state:        merged into ffffeeeeddddcccc, withdrawn 02/03/2025 10:15: đăng nhầm"
        in as_text(merged, ZONE, "Huyện Đăk Tô")
    )


def test_a_withdrawn_article_says_why_and_when_in_local_time() -> None:
    withdrawn = record(withdrawn=("đăng nhầm", datetime(2025, 3, 2, 3, 15, tzinfo=UTC)))
    shown = as_json(withdrawn)
    assert shown["state"] == "withdrawn"
    assert shown["withdrawn"] == {"reason": "đăng nhầm", "at": "2025-03-02T03:15:00+00:00"}
    text = as_text(withdrawn, ZONE, "Huyện Đăk Tô")
    assert "state:        withdrawn 02/03/2025 10:15: đăng nhầm" in text
    assert "category:     kinh-te (on the source: Tin trong huyện)" in text
    assert "published:    01/03/2025 07:30" in text


def test_before_any_publication_there_is_no_entry_id() -> None:
    unpublished = record(entry_id_prefix=None)
    assert entry_id(unpublished) is None
    assert as_json(unpublished)["entry_id"] is None
    assert not any(line.startswith("entry id:") for line in as_text(unpublished, ZONE, "x"))


def test_a_story_taken_over_shows_the_entry_id_it_was_first_published_under() -> None:
    canonical = record(story_entry_id="0f1e2d3c4b5a6978")
    assert entry_id(canonical) == PREFIX + "0f1e2d3c4b5a6978"
    copy = replace(canonical, stored=replace(canonical.stored, canonical_of="ffffeeeeddddcccc"))
    assert as_json(copy)["entry_id"] == PREFIX + "0f1e2d3c4b5a6978"
