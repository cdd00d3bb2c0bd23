"""Entries of one second are kept apart by milliseconds (the W3C validator warns about
equal `updated` values), and each keeps its stamp while it starts from that second:
readers going by `updated` take a stamp that moves for an edit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from syndicate.cli import publish_store
from syndicate.config import Config
from syndicate.model import Article, FeedEntry
from syndicate.publish.documents import entry_stamps, stamp_records
from syndicate.serve import create_app
from syndicate.store import Store
from tests.live import LiveServer
from tests.publish.factories import make_entry
from tests.test_serve import NOW, article, collect, make_config

ATOM = "{http://www.w3.org/2005/Atom}"
DAY = datetime(2024, 10, 5, 17, 0, tzinfo=UTC)  # midnight in Kon Tum: dated by the day
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def day_only(n: int, second: datetime = DAY) -> FeedEntry:
    return replace(make_entry(n), published=second, updated=second)


def millis(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def test_entries_of_one_second_take_the_next_milliseconds_in_seq_order() -> None:
    entries = [day_only(n) for n in (3, 1, 2)]
    assert entry_stamps(entries) == {e.id: millis(DAY) + e.seq - 1 for e in entries}


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=40))
def test_without_records_the_stamps_are_those_published_before_they_were_kept(
    offsets: list[tuple[int, int]],
) -> None:
    # No stamp published by an earlier version moves when its first record is made.
    entries = [
        replace(
            make_entry(n + 1),
            published=DAY + timedelta(seconds=p),
            updated=DAY + timedelta(seconds=p + u),
        )
        for n, (p, u) in enumerate(offsets)
    ]
    expected: dict[str, int] = {}
    previous: int | None = None
    for start, _, entry_id in sorted(
        (millis(max(e.updated, e.published)), e.seq, e.id) for e in entries
    ):
        previous = expected[entry_id] = start if previous is None else max(start, previous + 1)
    assert entry_stamps(entries) == expected


def test_a_recorded_stamp_stays_when_an_entry_before_it_leaves_or_moves() -> None:
    first, second, third = (day_only(n) for n in (1, 2, 3))
    stamps = entry_stamps([first, second, third])
    keep, drop = stamp_records([first, second, third], stamps, {})
    # All three, the first at its second's start too: the second is shared.
    assert keep == {e.id: millis(DAY) + n for n, e in enumerate((first, second, third))}
    assert drop == []

    withdrawn = entry_stamps([second, third], keep)
    assert withdrawn == {second.id: stamps[second.id], third.id: stamps[third.id]}

    edited = replace(first, updated=DAY + timedelta(hours=5))
    after_edit = entry_stamps([edited, second, third], keep)
    assert after_edit[second.id] == stamps[second.id]
    assert after_edit[third.id] == stamps[third.id]
    assert after_edit[edited.id] == millis(edited.updated)


def test_a_new_entry_of_the_second_takes_a_free_millisecond_and_no_recorded_one() -> None:
    first, second, third = (day_only(n) for n in (1, 2, 3))
    recorded = {second.id: millis(DAY) + 1, third.id: millis(DAY) + 2}
    # The third is withdrawn: its millisecond stays taken, should it come back.
    stamps = entry_stamps([first, second, day_only(4)], recorded)
    assert stamps[first.id] == millis(DAY)
    assert stamps[second.id] == millis(DAY) + 1
    assert stamps[day_only(4).id] == millis(DAY) + 3
    assert len(set(stamps.values())) == 3


def publish_run(
    entries: list[FeedEntry], recorded: dict[str, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """One publication as `cli.publish_store` makes it: the stamps, then the records."""
    given = entry_stamps(entries, recorded)
    keep, drop = stamp_records(entries, given, recorded)
    after = {**recorded, **keep}
    for entry_id in drop:
        del after[entry_id]
    return given, after


def test_the_first_of_a_second_coming_back_moves_no_entry_that_came_meanwhile() -> None:
    first, second, third = day_only(1), day_only(2), day_only(3)
    stamps, records = publish_run([first, second], {})
    hidden, records = publish_run([second], records)  # the first is withdrawn
    assert hidden[second.id] == stamps[second.id]
    arrived, records = publish_run([second, third], records)  # one more of that day
    back, records = publish_run([first, second, third], records)  # the first is back
    assert back == {**arrived, first.id: stamps[first.id]}


def test_an_entry_spilled_past_a_full_second_keeps_its_stamp() -> None:
    entries = [day_only(n) for n in range(1, 1002)]
    stamps, records = publish_run(entries, {})
    last = entries[-1]
    assert stamps[last.id] == millis(DAY) + 1000
    after, records = publish_run(entries[1:], records)  # the first is withdrawn
    assert after[last.id] == stamps[last.id]


def test_a_full_second_growing_moves_no_entry_of_the_next_second() -> None:
    entries = [day_only(n) for n in range(1, 1001)]
    following = day_only(1001, DAY + timedelta(seconds=1))
    stamps, records = publish_run([*entries, following], {})
    assert stamps[following.id] == millis(DAY) + 1000
    after, records = publish_run([*entries, following, day_only(1002)], records)
    assert after[following.id] == stamps[following.id]
    assert len(set(after.values())) == len(after)


def test_an_entry_moved_to_another_second_loses_its_record() -> None:
    first, second = day_only(1), day_only(2)
    recorded = {second.id: millis(DAY) + 1}
    moved = replace(second, updated=DAY + timedelta(days=1))
    stamps = entry_stamps([first, moved], recorded)
    assert stamps[moved.id] == millis(moved.updated)
    assert stamp_records([first, moved], stamps, recorded) == ({}, [moved.id])


def test_thousands_of_entries_of_one_second_are_stamped_apart_quickly() -> None:
    # A first collection of undated items dates them all when they were first seen.
    entries = [day_only(n) for n in range(1, 20_001)]
    stamps = entry_stamps(entries)
    assert sorted(stamps.values()) == list(range(millis(DAY), millis(DAY) + 20_000))


# --- Through the store, as a sync publishes ------------------------------------------


store_and_publish = collect  # stores as collection runs would, publishes as a sync does


def updated_of(body: bytes) -> dict[str, str]:
    root = etree.fromstring(body)
    return {
        e.findtext(f"{ATOM}id") or "": e.findtext(f"{ATOM}updated") or ""
        for e in root.iter(f"{ATOM}entry")
    }


def published_stamps(config: Config, name: str = "province.atom") -> dict[str, str]:
    return updated_of((config.storage.output / name).read_bytes())


def three_of_a_day(config: Config) -> list[Article]:
    articles = [article(n, "dak-to-tin", "dak-to", "kinh-te", published=DAY) for n in (1, 2, 3)]
    for one in articles:  # a run each: stored in this order
        store_and_publish(config, [one])
    return articles


def test_an_edit_moves_no_other_entry_of_its_day(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    articles = three_of_a_day(config)
    before = published_stamps(config)
    assert len(set(before.values())) == 3
    edited = replace(articles[0], content_html="<p>Bài đã được sửa.</p>", content_hash="sua-1")
    store_and_publish(config, [edited, *articles[1:]], now=NOW + timedelta(days=1))
    after = published_stamps(config)
    assert [i for i in before if before[i] != after[i]] == [
        next(i for i in before if i.endswith(_entry_suffix(config, articles[0])))
    ]


def _entry_suffix(config: Config, one: Article) -> str:
    with Store(config.storage.database) as store:
        [found] = store.articles_by_url([one.url]).values()
    return found.id


def test_an_article_of_the_day_brought_back_moves_no_other(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    articles = three_of_a_day(config)
    with Store(config.storage.database) as store:
        [first] = store.articles_by_url([articles[0].url]).values()
        store.hide(first.id, "đăng nhầm", now=NOW + timedelta(hours=1))
        publish_store(config, store, config.storage.output)
    fourth = article(4, "dak-to-tin", "dak-to", "kinh-te", published=DAY)
    store_and_publish(config, [fourth], now=NOW + timedelta(hours=2))
    before = published_stamps(config)
    with Store(config.storage.database) as store:
        assert store.unhide(first.id)
        publish_store(config, store, config.storage.output)
    after = published_stamps(config)
    assert len(after) == 4 and len(set(after.values())) == 4
    assert {i: after[i] for i in before} == before


def test_a_withdrawal_moves_no_other_entry_of_its_day(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    articles = three_of_a_day(config)
    before = published_stamps(config)
    with Store(config.storage.database) as store:
        [first] = store.articles_by_url([articles[0].url]).values()
        store.hide(first.id, "đăng nhầm", now=NOW + timedelta(hours=1))
        publish_store(config, store, config.storage.output)
    after = published_stamps(config)
    assert len(after) == 2
    assert after == {i: before[i] for i in after}


def test_query_feeds_date_an_entry_as_the_published_feeds_do(tmp_path: Path) -> None:
    # Another district's article of the day came first: in a district's query feed,
    # worked out over its own entries, the district's articles read a millisecond early.
    config = make_config(tmp_path, entries_per_feed=2)
    store_and_publish(config, [article(1, "kon-plong-tin", "kon-plong", "kinh-te", published=DAY)])
    three_of_a_day(config)
    published = published_stamps(config, "districts/dak-to.atom")
    with LiveServer(create_app(config, config.storage.output)) as server:
        served = updated_of(httpx.get(server.url + "/feed.atom?district=dak-to").content)
        searched = updated_of(
            httpx.get(server.url + "/search.atom?q=b%C3%A0i&district=dak-to").content
        )
        # The window moves on: a newer article pushes the oldest of the day out.
        store_and_publish(config, [article(9, "dak-to-tin", "dak-to", "kinh-te")])
        later = updated_of(httpx.get(server.url + "/feed.atom?district=dak-to").content)
    assert served and served == {i: published[i] for i in served}
    assert searched and searched == {i: published[i] for i in searched}
    assert {i: later[i] for i in later if i in served} == {
        i: served[i] for i in later if i in served
    }
