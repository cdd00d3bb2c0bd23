"""build_documents: which entries go in which document, in which order, and archives."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from syndicate.config import Config
from syndicate.model import FeedDocument, FeedEntry, FeedLink
from syndicate.publish import build_documents, plan_feeds
from syndicate.publish.documents import (
    ARCHIVE_RELS,
    EMPTY_FEED_UPDATED,
    distinct_updated,
    logical_key,
)
from tests.publish.factories import BASE, ORIGINS, T0, make_config, make_entry


def docs_by_key(docs: list[FeedDocument]) -> dict[str, FeedDocument]:
    return {d.key: d for d in docs}


def ids(doc: FeedDocument) -> list[str]:
    return [e.id for e in doc.entries]


def test_keys_cover_province_every_district_and_category(config: Config) -> None:
    docs = docs_by_key(build_documents(config, []))
    assert set(docs) == {
        "province",
        "districts/dak-to",
        "districts/kon-plong",
        "districts/ia-h-drai",
        "categories/kinh-te",
        "categories/van-hoa-xa-hoi",
        "categories/thong-bao",
    }


@pytest.mark.parametrize(
    ("key", "title", "home_url"),
    [
        ("province", "Tin tức tỉnh Kon Tum", "https://www.kontum.example.vn/"),
        ("districts/dak-to", "Huyện Đăk Tô — tin tức", "http://huyendakto.example.vn/"),
        ("districts/kon-plong", "Huyện Kon Plông — tin tức", "https://www.kontum.example.vn/"),
        ("categories/kinh-te", "Kinh tế — tin tức các huyện", "https://www.kontum.example.vn/"),
    ],
)
def test_titles_and_home_urls(config: Config, key: str, title: str, home_url: str) -> None:
    doc = docs_by_key(build_documents(config, []))[key]
    assert (doc.title, doc.home_url, doc.base_url, doc.language) == (title, home_url, BASE, "vi")
    assert doc.subtitle


def test_empty_feeds_exist_with_a_fixed_date(config: Config) -> None:
    docs = build_documents(config, [make_entry(1)])
    empty = docs_by_key(docs)["districts/ia-h-drai"]
    assert empty.entries == ()
    assert empty.updated == EMPTY_FEED_UPDATED


def test_newest_first_by_published_then_id(tmp_path: Path) -> None:
    config = make_config(tmp_path, archive_page_size=1000, entries_per_feed=1000, per_source_cap=0)
    entries = [make_entry(n, minutes=(n * 37) % 11) for n in range(1, 30)]
    random.Random(5).shuffle(entries)
    doc = docs_by_key(build_documents(config, entries))["province"]
    got = [(e.published, e.id) for e in doc.entries]
    assert got == sorted(got, reverse=True)
    assert len(got) == 29


def test_current_document_holds_the_newest_entries_per_feed(config: Config) -> None:
    # 30 entries, pages of 5: six complete pages, nothing left over, so exactly 10.
    entries = [make_entry(n, source="dak-to-tin") for n in range(1, 31)]
    doc = docs_by_key(build_documents(config, entries))["districts/dak-to"]
    assert ids(doc) == [make_entry(n).id for n in range(30, 20, -1)]


def test_entries_outside_complete_pages_stay_in_the_current_document(config: Config) -> None:
    # 13 entries: pages 0 and 1 complete (seq 1-10), seq 11-13 only in the current doc,
    # even the oldest by date.
    entries = [make_entry(n, minutes=0 if n > 10 else 100 + n) for n in range(1, 14)]
    doc = docs_by_key(build_documents(config, entries))["districts/dak-to"]
    assert {make_entry(n).id for n in (11, 12, 13)} <= set(ids(doc))
    assert len(doc.entries) == 13  # newest 10 overlap the 3 leftovers by id


def test_per_source_cap_keeps_a_prolific_source_from_crowding_out(config: Config) -> None:
    # dak-to publishes 20 stories newer than the others' 5; cap 4 of 10 slots.
    prolific = [make_entry(n, minutes=1000 + n) for n in range(1, 21)]
    quiet = [make_entry(n, source="kon-plong-tin", minutes=n) for n in range(21, 24)]
    quiet += [make_entry(n, source="tinh-tin", minutes=n) for n in range(24, 26)]
    doc = docs_by_key(build_documents(config, prolific + quiet))["province"]
    per_source = Counter(e.origin.source_id for e in doc.entries)
    assert per_source == {"dak-to-tin": 4, "kon-plong-tin": 3, "tinh-tin": 2}
    # the skipped stories are still published, in the archive pages
    archived = {i for d in build_documents(config, prolific + quiet) if d.archive for i in ids(d)}
    assert {e.id for e in prolific} <= archived


def test_the_cap_holds_before_the_capped_entries_fill_a_page(tmp_path: Path) -> None:
    config = make_config(tmp_path, archive_page_size=100)  # 10 per feed, cap 4
    quiet = [make_entry(n, source="kon-plong-tin", minutes=n) for n in range(1, 4)]
    quiet += [make_entry(n, source="tinh-tin", minutes=n) for n in range(4, 7)]
    prolific = [make_entry(n, minutes=1000 + n) for n in range(7, 27)]
    docs = docs_by_key(build_documents(config, quiet + prolific))
    current = docs["province"]
    assert len(current.entries) == 10
    assert Counter(e.origin.source_id for e in current.entries)["dak-to-tin"] == 4
    # What the cap kept out went to a page at once, with every entry on no page yet:
    # the current document lists some of them too.
    page = docs["archive/province/0"]
    assert set(ids(page)) == {e.id for e in quiet + prolific}
    assert set(ids(current)) < set(ids(page))


def test_a_source_writing_most_of_a_feed_does_not_cut_a_page_at_every_run(
    tmp_path: Path,
) -> None:
    # One article a run, nearly all from one portal: with cap 4, each run pushed one of
    # its entries out of the current document, and each was archived on a page alone.
    config = make_config(tmp_path, archive_page_size=20)  # 10 per feed, cap 4
    entries: list[FeedEntry] = []
    record: dict[str, list[list[int]]] = {}
    for n in range(1, 61):
        source = "kon-plong-tin" if n % 10 == 0 else "dak-to-tin"
        entries.append(make_entry(n, source=source, minutes=n))
        feeds = {f.key: f for f in plan_feeds(config, entries, record)}
        record = {key: feed.page_seqs_lists() for key, feed in feeds.items()}
    pages = record["province"]
    assert len(pages) <= 60 // 5, [len(p) for p in pages]  # at least cap + 1 a page
    # Every entry is still on a page or in the current document, each page once.
    archived = [seq for page in pages for seq in page]
    assert len(archived) == len(set(archived))
    current = {e.seq for e in feeds["province"].current_members}
    assert set(archived) | current == set(range(1, 61))


def test_recorded_pages_keep_their_entries(config: Config) -> None:
    first = [make_entry(n) for n in range(1, 16)]
    feeds = {f.key: f for f in plan_feeds(config, first)}
    record = {key: feed.page_seqs_lists() for key, feed in feeds.items()}
    assert record["districts/dak-to"] == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]]
    # Entry 2 withdrawn, entry 4 moved to kon-plong, and ten new ones.
    later = [e for e in first if e.seq != 2]
    later[2] = replace(later[2], origin=ORIGINS["kon-plong-tin"])
    later += [make_entry(n) for n in range(16, 26)]
    again = {f.key: f for f in plan_feeds(config, later, record)}
    pages = again["districts/dak-to"].page_seqs_lists()
    assert pages[:3] == [[1, 3, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]]
    assert pages[3:] == [[16, 17, 18, 19, 20], [21, 22, 23, 24, 25]]
    # In kon-plong, where it had been on no page, it is on no page yet.
    assert 4 not in {s for page in again["districts/kon-plong"].page_seqs_lists() for s in page}


def test_district_feeds_do_not_apply_the_source_cap(config: Config) -> None:
    entries = [make_entry(n) for n in range(1, 21)]
    doc = docs_by_key(build_documents(config, entries))["districts/dak-to"]
    assert len(doc.entries) == 10


@pytest.mark.parametrize(
    ("entry", "districts", "categories"),
    [
        (make_entry(1), {"dak-to"}, {"kinh-te"}),
        (make_entry(2, also_on=("kon-plong-tin",)), {"dak-to", "kon-plong"}, {"kinh-te"}),
        (make_entry(3, source="tinh-tin", also_on=("kon-plong-tin",)), {"kon-plong"}, {"kinh-te"}),
        (make_entry(4, source="tinh-tin", category=None), set(), set()),
        (make_entry(5, category="van-hoa-xa-hoi"), {"dak-to"}, {"van-hoa-xa-hoi"}),
        (make_entry(6, category="khong-co"), {"dak-to"}, set()),
    ],
)
def test_membership_by_origin_also_on_and_category(
    config: Config, entry: FeedEntry, districts: set[str], categories: set[str]
) -> None:
    docs = build_documents(config, [entry])
    holding = {d.key for d in docs if entry.id in ids(d)}
    expected = {"province"}
    expected |= {f"districts/{d}" for d in districts}
    expected |= {f"categories/{c}" for c in categories}
    assert holding == expected


def test_every_entry_appears_once_in_the_province_feed(config: Config) -> None:
    entries = [make_entry(n, also_on=("kon-plong-tin",)) for n in range(1, 5)]
    doc = docs_by_key(build_documents(config, entries))["province"]
    assert sorted(ids(doc)) == sorted(e.id for e in entries)


def test_updated_is_the_newest_entry_never_now(config: Config) -> None:
    entries = [make_entry(n) for n in range(1, 4)]
    doc = docs_by_key(build_documents(config, entries))["province"]
    assert doc.updated == max(e.updated for e in entries)


def test_building_twice_gives_equal_documents(config: Config) -> None:
    entries = [make_entry(n, source=("dak-to-tin", "tinh-tin")[n % 2]) for n in range(1, 40)]
    assert build_documents(config, entries) == build_documents(config, list(reversed(entries)))


class TestDistinctUpdated:
    def test_collisions_move_forward_one_millisecond_each_in_id_order(self) -> None:
        # Forward, not back: an entry never edited has updated == published, and moved
        # back it would read as updated before it was published.
        same = T0 + timedelta(microseconds=250)
        entries = [make_entry(n, published=T0, updated=same) for n in (3, 1, 2)]
        result = {e.id: e.updated for e in distinct_updated(entries)}
        assert result == {
            make_entry(1).id: T0,
            make_entry(2).id: T0 + timedelta(milliseconds=1),
            make_entry(3).id: T0 + timedelta(milliseconds=2),
        }

    def test_a_collision_does_not_land_on_a_neighbour(self) -> None:
        # Only a second's worth of collisions could reach the next second, and then
        # they push on past it.
        next_second = T0 + timedelta(seconds=1)
        entries = [make_entry(n, published=T0, updated=T0) for n in range(1, 1002)]
        entries.append(make_entry(1002, published=T0, updated=next_second))
        values = [e.updated for e in distinct_updated(entries)]
        assert len(set(values)) == len(entries)
        assert min(values) == T0
        assert max(values) == next_second + timedelta(milliseconds=1)

    def test_never_before_published_nor_the_real_update(self) -> None:
        entries = [
            make_entry(1, published=T0, updated=T0),
            make_entry(2, published=T0, updated=T0),
            make_entry(3, published=T0 - timedelta(hours=1), updated=T0),  # edited
            # A store from before updated times were checked may hold one too early.
            make_entry(4, published=T0, updated=T0 - timedelta(days=1)),
        ]
        given = {e.id: e for e in entries}
        result = distinct_updated(entries)
        assert len({e.updated for e in result}) == len(entries)
        for entry in result:
            assert entry.updated >= given[entry.id].published
            assert entry.updated >= given[entry.id].updated

    def test_distinct_values_are_left_alone(self) -> None:
        entries = [make_entry(n) for n in range(1, 4)]
        assert sorted(distinct_updated(entries), key=lambda e: e.seq) == entries


class TestArchives:
    def archives(self, docs: list[FeedDocument], key: str) -> dict[str, FeedDocument]:
        return {d.key: d for d in docs if d.archive and logical_key(d.key) == key}

    def test_complete_pages_only_cut_by_seq(self, config: Config) -> None:
        # seq order differs from date order: pages follow seq.
        entries = [make_entry(n, minutes=(n * 7) % 13) for n in range(1, 13)]
        docs = build_documents(config, entries)
        pages = self.archives(docs, "districts/dak-to")
        assert sorted(pages) == ["archive/districts/dak-to/0", "archive/districts/dak-to/1"]
        assert {e.seq for e in pages["archive/districts/dak-to/0"].entries} == {1, 2, 3, 4, 5}
        assert {e.seq for e in pages["archive/districts/dak-to/1"].entries} == {6, 7, 8, 9, 10}

    def test_links_between_pages(self, config: Config) -> None:
        docs = docs_by_key(build_documents(config, [make_entry(n) for n in range(1, 13)]))
        key = "districts/dak-to"

        def links(k: str) -> dict[str, str]:
            return {link.rel: link.href for link in docs[k].links}

        assert links(key) == {"prev-archive": f"{BASE}archive/{key}/1"}
        # The newest page names no next page: page 2 does not exist yet.
        assert links(f"archive/{key}/1") == {
            "current": f"{BASE}{key}",
            "prev-archive": f"{BASE}archive/{key}/0",
        }
        assert links(f"archive/{key}/0") == {
            "current": f"{BASE}{key}",
            "next-archive": f"{BASE}archive/{key}/1",
        }
        assert docs[f"archive/{key}/0"].hub is None

    @pytest.mark.parametrize("count", [0, 4, 5, 12, 23])
    def test_walking_prev_archive_collects_every_entry_once(
        self, config: Config, count: int
    ) -> None:
        entries = [
            make_entry(n, source=("dak-to-tin", "kon-plong-tin", "tinh-tin")[n % 3])
            for n in range(1, count + 1)
        ]
        docs = docs_by_key(build_documents(config, entries))
        for key in ("province", "districts/dak-to", "categories/kinh-te"):
            members = {e.id for e in docs[key].entries}
            archived: list[str] = []
            doc = docs[key]
            while older := next((x for x in doc.links if x.rel == "prev-archive"), None):
                doc = docs[older.href.removeprefix(BASE)]
                archived += ids(doc)
            assert len(archived) == len(set(archived)), "an entry sits on two archive pages"
            expected = {e.id for e in entries if e.id in members or e.id in archived}
            assert members | set(archived) == expected
        everything = {e.id for e in entries}
        province = docs["province"]
        seen = set(ids(province)) | {
            i
            for d in docs.values()
            if d.archive and d.key.startswith("archive/province/")
            for i in ids(d)
        }
        assert seen == everything

    def test_complete_pages_do_not_change_when_new_entries_arrive(self, config: Config) -> None:
        """Only the newest page changes, once: it gains a link to the page cut after it."""
        first = [make_entry(n) for n in range(1, 12)]
        later = [*first, *(make_entry(n) for n in range(12, 40))]
        before = {d.key: d for d in build_documents(config, first) if d.archive}
        after = {d.key: d for d in build_documents(config, later) if d.archive}
        assert before
        for key, doc in before.items():
            newest = not any(link.rel == "next-archive" for link in doc.links)
            if newest:
                next_page = f"{BASE}{key.rsplit('/', 1)[0]}/{int(key.rsplit('/', 1)[1]) + 1}"
                doc = replace(doc, links=(*doc.links, FeedLink("next-archive", next_page)))
            assert after[key] == doc

    @pytest.mark.parametrize("count", [5, 12, 23, 40])
    def test_every_archive_link_names_a_page_that_exists(self, config: Config, count: int) -> None:
        entries = [
            make_entry(n, source=("dak-to-tin", "kon-plong-tin", "tinh-tin")[n % 3])
            for n in range(1, count + 1)
        ]
        docs = docs_by_key(build_documents(config, entries))
        links = [(d, link) for d in docs.values() for link in d.links]
        assert any(link.rel == "next-archive" for _, link in links) == (count >= 10)
        for doc, link in links:
            if link.rel in ARCHIVE_RELS:
                assert link.href.removeprefix(BASE) in docs, (doc.key, link)

    def test_page_size_zero_disables_archives(self, tmp_path: Path) -> None:
        config = make_config(tmp_path, archive_page_size=0)
        docs = build_documents(config, [make_entry(n) for n in range(1, 30)])
        assert not any(d.archive for d in docs)
        assert len(docs_by_key(docs)["districts/dak-to"].entries) == 29


def test_entries_with_equal_updated_get_distinct_times_in_documents(config: Config) -> None:
    entries = [replace(make_entry(n), updated=T0) for n in range(1, 4)]
    doc = docs_by_key(build_documents(config, entries))["province"]
    assert len({e.updated for e in doc.entries}) == 3


def test_an_entry_never_edited_keeps_its_updated_time_when_its_day_grows(config: Config) -> None:
    # Dated by the day alone, a day's articles share a second and are kept apart by
    # milliseconds. A later article of that day whose id sorts first moved every other
    # one forward a millisecond, which readers going by `updated` took for an edit.
    midnight = T0.replace(hour=17)
    day = [replace(make_entry(n), published=midnight, updated=midnight) for n in range(5, 8)]
    later = replace(
        day[0], id="tag:tin.example.org,2025:kon-tum/0001", seq=8, url=day[0].url + "-b"
    )

    def stamps(entries: list[FeedEntry]) -> dict[str, object]:
        docs = docs_by_key(build_documents(config, entries))
        return {
            e.id: e.updated for key in ("province", "districts/dak-to") for e in docs[key].entries
        }

    before, after = stamps(day), stamps([*day, later])
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == len(after)  # still apart
