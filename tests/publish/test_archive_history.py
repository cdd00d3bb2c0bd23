"""Many publications of a changing store, walked as an RFC 5005 client walks them.

A seeded simulation publishes the same folder run after run while the store and the
configuration change under it: articles arriving out of date order, hides and unhides,
merges that move a story's districts, category changes, edits, entries_per_feed,
per_source_cap and archive_page_size changed, districts and categories added and taken
out, the manifest lost or left by an older version. After every run each current feed
is walked back through its prev-archive links, and the history must hold: every entry
the feed carries is found, on one archive page at most; a page never gains or swaps
entries, and loses only those that left the feed; the newest page gains next-archive
and nothing else; no two entries of a document share `updated`; a current document is
never dated back; a capped current document lists its capped newest entries first.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from syndicate.config import Config, parse_config
from syndicate.model import EntryOrigin, FeedEntry
from syndicate.publish import FORMATS, plan_feeds, publish
from syndicate.publish.documents import newest_first
from syndicate.publish.manifest import MANIFEST_FILE

BASE = "https://tin.example.org/gia-lai/"
ATOM = "{http://www.w3.org/2005/Atom}"
START = datetime(2024, 9, 2, 1, 30, tzinfo=UTC)

DISTRICTS = ("an-khe", "chu-se", "ia-pa", "kbang")
CATEGORIES = ("kinh-te", "van-hoa", "thong-bao", "quoc-phong")
# Source id -> district (None: the province's own portal).
SOURCES = {
    "an-khe-tin": "an-khe",
    "an-khe-thong-bao": "an-khe",
    "chu-se-tin": "chu-se",
    "ia-pa-tin": "ia-pa",
    "kbang-tin": "kbang",
    "tinh-tin": None,
}
ORIGINS = {
    source: EntryOrigin(
        source, f"Nguồn {source}", f"https://{source}.example.vn/", district, district or "Tỉnh"
    )
    for source, district in SOURCES.items()
}


def make_config(
    tmp_path: Path,
    districts: tuple[str, ...],
    categories: tuple[str, ...],
    publish: dict[str, int],
) -> Config:
    raw: dict[str, Any] = {
        "province": {"name": "Tỉnh Gia Lai", "slug": "gia-lai", "base_url": BASE},
        "publish": publish,
        "districts": [{"slug": d, "name": f"Huyện {d}"} for d in districts],
        "categories": [{"slug": c, "title": c.title()} for c in categories],
        "sources": [
            {"id": s, "district": d, "kind": "feed", "url": f"https://{s}.example.vn/rss"}
            for s, d in SOURCES.items()
            if d is None or d in districts
        ],
    }
    return parse_config(raw, tmp_path / "syndicate.toml")


def article(seq: int, source: str, published: datetime, category: str | None) -> FeedEntry:
    return FeedEntry(
        id=f"tag:tin.example.org,2025:gia-lai/{seq:05d}",
        seq=seq,
        url=f"https://{source}.example.vn/bai-{seq}",
        title=f"Bài số {seq}",
        summary=f"Tóm tắt bài số {seq}.",
        content_html=f"<p>Nội dung bài số {seq}.</p>",
        published=published,
        updated=published,
        author=None,
        organisation=None,
        category=category,
        category_title=None,
        image_url=None,
        image_caption=None,
        origin=ORIGINS[source],
    )


@dataclass
class Store:
    """The articles a store would hand publishing, and how each run changes them."""

    rng: random.Random
    clock: datetime = START
    articles: dict[int, FeedEntry] = field(default_factory=dict)  # by seq, hidden too
    hidden: set[int] = field(default_factory=set)
    merged: dict[int, int] = field(default_factory=dict)  # merged-away seq -> canonical seq

    def visible(self) -> list[FeedEntry]:
        return [e for s, e in self.articles.items() if s not in self.hidden | set(self.merged)]

    def add(self) -> None:
        seq = len(self.articles) + 1
        roll = self.rng.random()
        if roll < 0.2:  # an old article found late
            published = self.clock - timedelta(days=self.rng.randint(1, 20), minutes=seq)
        elif roll < 0.35:  # dated by the day alone: many share one second
            day = self.clock - timedelta(days=self.rng.randint(0, 2))
            published = day.replace(hour=17, minute=0, second=0)
        else:
            published = self.clock - timedelta(minutes=self.rng.randint(0, 90))
        source = self.rng.choice(list(SOURCES))
        self.articles[seq] = article(seq, source, published, self._a_category())

    def _a_category(self) -> str | None:
        return self.rng.choice([*CATEGORIES, *CATEGORIES, None, "khong-co"])

    def change(self) -> None:
        """One random change to what is stored."""
        rng = self.rng
        visible = self.visible()
        kind = rng.choice(["hide", "unhide", "merge", "unmerge", "category", "edit"])
        if kind == "hide" and visible:
            self.hidden.add(rng.choice(visible).seq)
        elif kind == "unhide" and self.hidden:
            self.hidden.discard(rng.choice(sorted(self.hidden)))
        elif kind == "merge" and len(visible) > 1:
            canonical, copy = rng.sample(visible, 2)
            also_on = (*canonical.also_on, copy.origin, *copy.also_on)
            also_on = tuple(o for o in dict.fromkeys(also_on) if o != canonical.origin)
            self.articles[canonical.seq] = replace(canonical, also_on=also_on)
            self.merged[copy.seq] = canonical.seq
            for seq, into in self.merged.items():
                if into == copy.seq:
                    self.merged[seq] = canonical.seq
        elif kind == "unmerge" and self.merged:
            seq = rng.choice(sorted(self.merged))
            canonical = self.articles[self.merged.pop(seq)]
            copy = self.articles[seq]
            left = [o for o in canonical.also_on if o not in (copy.origin, *copy.also_on)]
            self.articles[canonical.seq] = replace(canonical, also_on=tuple(left))
        elif kind == "category" and visible:
            entry = rng.choice(visible)
            self.articles[entry.seq] = replace(entry, category=self._a_category())
        elif kind == "edit" and visible:
            entry = rng.choice(visible)
            self.articles[entry.seq] = replace(entry, updated=max(self.clock, entry.published))


def members(key: str, entries: list[FeedEntry]) -> set[str]:
    """The ids feed `key` carries, by the rules of membership written out again."""
    if key == "province":
        return {e.id for e in entries}
    kind, slug = key.split("/")
    if kind == "categories":
        return {e.id for e in entries if e.category == slug}
    return {e.id for e in entries if slug in {e.origin.district, *(o.district for o in e.also_on)}}


@dataclass
class Page:
    ids: list[str]
    has_next: bool
    data: bytes


@dataclass
class Walked:
    current: list[str]
    updated: datetime
    pages: list[Page]  # oldest first


def read_atom(path: Path) -> tuple[Any, dict[str, str]]:
    root = etree.fromstring(path.read_bytes())
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    return root, links


def check_document(path: Path) -> list[str]:
    """The document's entry ids, after checking their `updated` stamps."""
    root, _ = read_atom(path)
    entries = root.findall(f"{ATOM}entry")
    stamps = [e.findtext(f"{ATOM}updated") for e in entries]
    assert len(stamps) == len(set(stamps)), f"{path}: two entries share updated"
    for entry, stamp in zip(entries, stamps, strict=True):
        published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
        assert datetime.fromisoformat(stamp) >= published, f"{path}: updated before published"
    if stamps:
        newest = max(datetime.fromisoformat(s) for s in stamps)
        # A current document is never dated back (it may be later than what it lists).
        assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) >= newest, path
    return [e.findtext(f"{ATOM}id") for e in entries]


def walk(out: Path, key: str) -> Walked:
    """The feed as a client walking prev-archive from its current document finds it."""
    path = out / f"{key}.atom"
    root, links = read_atom(path)
    walked = Walked(
        check_document(path), datetime.fromisoformat(root.findtext(f"{ATOM}updated")), []
    )
    seen = {path}
    while "prev-archive" in links:
        path = out / links["prev-archive"].removeprefix(BASE)
        assert path not in seen, f"{key}: the archive walk loops at {path}"
        seen.add(path)
        _, links = read_atom(path)
        assert links["current"] == f"{BASE}{key}.atom"
        walked.pages.insert(
            0, Page(check_document(path), "next-archive" in links, path.read_bytes())
        )
    for number, page in enumerate(walked.pages):
        assert page.has_next == (number < len(walked.pages) - 1), f"{key} page {number}"
    on_disk = {p.relative_to(out).as_posix() for p in (out / "archive" / key).glob("*.*")}
    expected = {f"archive/{key}/{n}{ext}" for n in range(len(walked.pages)) for ext in FORMATS}
    assert on_disk == expected, f"{key}: pages on disk that no walk reaches, or missing"
    return walked


def capped_selection(entries: list[FeedEntry], limit: int, cap: int) -> set[str]:
    """The newest `limit` entries, at most `cap` of one source (0: no cap)."""
    chosen: list[str] = []
    per_source: Counter[str] = Counter()
    for entry in newest_first(entries):
        if len(chosen) == limit:
            break
        if cap and per_source[entry.origin.source_id] >= cap:
            continue
        per_source[entry.origin.source_id] += 1
        chosen.append(entry.id)
    return set(chosen)


def tamper(out: Path, rng: random.Random) -> str:
    """Lose the manifest, or make it look written by an older version; or leave it."""
    roll = rng.random()
    manifest = out / MANIFEST_FILE
    if roll < 0.06:
        manifest.unlink(missing_ok=True)
        return "lost"
    if roll < 0.12 and manifest.is_file():
        raw = json.loads(manifest.read_bytes())
        raw.update(version=2)
        del raw["pages"], raw["contexts"]
        manifest.write_text(json.dumps(raw))
        return "v2"
    if roll < 0.18 and manifest.is_file():
        manifest.write_text(json.dumps({**json.loads(manifest.read_bytes()), "version": 3}))
        return "v3"
    return ""


def choose_config(rng: random.Random, tmp_path: Path, previous: Config | None) -> Config:
    if previous is not None and rng.random() < 0.6:
        return previous
    districts = tuple(d for d in DISTRICTS if rng.random() < 0.8)
    categories = tuple(c for c in CATEGORIES if rng.random() < 0.8)
    settings = {
        "entries_per_feed": rng.choice([3, 5, 8]),
        "per_source_cap": rng.choice([0, 1, 2, 3]),
        "archive_page_size": rng.choice([0, 2, 3, 4, 6] if rng.random() < 0.1 else [2, 3, 4, 6]),
    }
    return make_config(tmp_path, districts, categories, settings)


def feed_keys(config: Config) -> list[str]:
    return [
        "province",
        *(f"districts/{d.slug}" for d in config.districts),
        *(f"categories/{c.slug}" for c in config.categories),
    ]


def check_capped_current(
    key: str, current: list[str], entries: list[FeedEntry], config: Config, context: str
) -> None:
    """A capped feed's current document holds its capped newest entries: the cap is on
    the newest `entries_per_feed`, which older entries on no page yet follow."""
    cap = config.publish.per_source_cap
    carried = [e for e in entries if e.id in members(key, entries)]
    chosen = capped_selection(carried, config.publish.entries_per_feed, cap)
    assert chosen <= set(current), f"{key}: {context}"
    if config.publish.archive_page_size:  # with no pages, it holds everything, in order
        newest = sorted(chosen, key=current.index)
        assert current[: len(newest)] == newest, f"{key}: capped newest first: {context}"


def check_history(
    key: str, before: Walked | None, now: Walked, carried: set[str], *, recut: bool, stamps: bool
) -> None:
    """The feed `key` as walked after a run, against the same feed after the run before
    (None when it is new); `recut` when its pages were cut afresh, `stamps` when pages
    may be written again for their stamps (a manifest from before version 4)."""
    archived = [i for page in now.pages for i in page.ids]
    assert len(archived) == len(set(archived)), f"{key}: an entry on two archive pages"
    assert set(now.current) | set(archived) == carried, f"{key}: the walk misses or adds"
    if before is None or recut:
        return
    assert len(now.pages) >= len(before.pages), f"{key}: pages lost"
    for number, (old, new) in enumerate(zip(before.pages, now.pages, strict=False)):
        assert new.ids == [i for i in old.ids if i in carried], f"{key} page {number} moved"
        if new.has_next != old.has_next:  # rewritten, with the entries as they now read
            assert number == len(before.pages) - 1 and not old.has_next, f"{key} page {number}"
        elif new.ids == old.ids and not stamps:
            assert new.data == old.data, f"{key} page {number} rewritten"


@pytest.mark.parametrize("seed", range(4))
def test_every_feed_keeps_its_whole_history_across_many_runs(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(rng)
    out = tmp_path / "public"
    config: Config | None = None
    history: dict[str, Walked] = {}
    for run in range(24):
        store.clock += timedelta(minutes=rng.randint(5, 600))
        for _ in range(rng.randint(0, 9)):
            store.add()
        for _ in range(rng.randint(0, 3)):
            store.change()
        previous_size = config.publish.archive_page_size if config else None
        config = choose_config(rng, tmp_path, config)
        tampered = tamper(out, rng) if run else ""
        entries = store.visible()
        rng.shuffle(entries)  # the store's order is no promise
        publish(config, entries, [], out, workers=1)
        size = config.publish.archive_page_size
        recut = tampered in ("lost", "v2") or previous_size == 0 or size == 0
        context = f"seed {seed} run {run} ({tampered or 'manifest kept'})"
        keys = feed_keys(config)
        for key in keys:
            try:
                now = walk(out, key)
                check_history(
                    key,
                    history.get(key),
                    now,
                    members(key, entries),
                    recut=recut,
                    stamps=tampered == "v3",
                )
            except AssertionError as error:
                raise AssertionError(f"{context}: {error}") from error
            if size == 0:
                assert now.pages == [], context
            if key in history and tampered != "lost":  # the last stamp is in the manifest
                assert now.updated >= history[key].updated, f"{context}: {key} dated back"
            history[key] = now
        for key in set(history) - set(keys):
            del history[key]  # a feed taken out starts again if it comes back
            if tampered != "lost":
                assert not (out / f"{key}.atom").exists(), context
        for key in (k for k in keys if k == "province" or k.startswith("categories/")):
            check_capped_current(key, history[key].current, entries, config, context)


def test_older_entries_on_no_page_follow_the_capped_newest(tmp_path: Path) -> None:
    # Current documents of two, one of a source, pages of ten: the newest two hold the
    # cap, and kbang's two older ones, on no page yet, follow them rather than going to
    # a short page of their own (the cap is on the newest, which they do not crowd out).
    settings = {"entries_per_feed": 2, "per_source_cap": 1, "archive_page_size": 10}
    config = make_config(tmp_path, DISTRICTS, CATEGORIES, settings)
    hours = {1: ("kbang-tin", 1), 2: ("kbang-tin", 2), 3: ("ia-pa-tin", 5), 4: ("kbang-tin", 6)}
    entries = [
        article(seq, source, START + timedelta(hours=h), "kinh-te")
        for seq, (source, h) in hours.items()
    ]
    province = plan_feeds(config, entries)[0]
    assert [e.seq for e in province.document(None).entries] == [4, 3, 2, 1]
    assert province.page_seqs_lists() == []


def test_a_current_document_is_never_dated_before_the_last_run(tmp_path: Path) -> None:
    # Withdrawing the newest entry dated the province's feed back to the one before.
    settings = {"entries_per_feed": 5, "per_source_cap": 0, "archive_page_size": 5}
    config = make_config(tmp_path, DISTRICTS, CATEGORIES, settings)
    older, newer = (article(n, "kbang-tin", START + timedelta(hours=n), None) for n in (1, 2))
    out = tmp_path / "public"
    publish(config, [older, newer], [], out)
    before = walk(out, "province").updated
    publish(config, [older], [], out)
    assert walk(out, "province").updated >= before


def test_a_store_restored_from_a_backup_is_walked_whole(tmp_path: Path) -> None:
    # The restored store hands the seqs of the articles it lost to new ones. Pages kept
    # the digest recorded for them and stayed as written: some articles were on two
    # pages, others on none.
    settings = {"entries_per_feed": 3, "per_source_cap": 0, "archive_page_size": 2}
    config = make_config(tmp_path, DISTRICTS, CATEGORIES, settings)
    out = tmp_path / "public"

    def articles(seqs: range, label: str) -> list[FeedEntry]:
        return [
            replace(
                article(seq, "kbang-tin", START + timedelta(hours=seq), None),
                id=f"tag:tin.example.org,2025:gia-lai/{label}{seq:05d}",
            )
            for seq in seqs
        ]

    backup = articles(range(1, 5), "a")
    publish(config, backup + articles(range(5, 11), "lost"), [], out)
    restored = backup + articles(range(5, 11), "new")  # collected again, other ids
    publish(config, restored, [], out)
    walked = walk(out, "province")
    on_pages = [entry for page in walked.pages for entry in page.ids]
    assert len(on_pages) == len(set(on_pages))
    assert set(on_pages) | set(walked.current) == {e.id for e in restored}


class _Killed(BaseException):
    """Stands for a SIGKILL: nothing after it runs."""


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("kill_at", range(1, 40, 3))
def test_a_publication_killed_while_moving_files_leaves_every_walk_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill_at: int, workers: int
) -> None:
    # Files went into place in the order they were rendered: a feed's newest page,
    # replaced with its new next-archive link, came before the new page it links to;
    # and pages rendered in parallel came after a new feed's current document.
    settings = {"entries_per_feed": 3, "per_source_cap": 0, "archive_page_size": 2}
    config = make_config(tmp_path, DISTRICTS, CATEGORIES, settings)
    if workers > 1:  # a category new to the second publication: a feed of its own
        config = make_config(tmp_path, DISTRICTS, CATEGORIES[:1], settings)
    out = tmp_path / "public"
    entries = [
        article(seq, source, START + timedelta(hours=seq), CATEGORIES[seq % 2])
        for seq, source in enumerate(list(SOURCES) * 2, start=1)
    ]
    publish(config, entries[:7], [], out)
    real_replace = os.replace
    moved = []

    def replace_or_die(source: Any, target: Any) -> None:
        if len(moved) + 1 == kill_at:
            raise _Killed
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_or_die)
    if workers > 1:
        config = make_config(tmp_path, DISTRICTS, CATEGORIES, settings)
    with contextlib.suppress(_Killed):
        publish(config, entries, [], out, workers=workers)
    monkeypatch.setattr(os, "replace", real_replace)
    for current in out.rglob("*.atom"):
        if "archive" in current.relative_to(out).parts:
            continue
        _, links = read_atom(current)
        while "prev-archive" in links:  # a client walking back reaches every page
            page = out / links["prev-archive"].removeprefix(BASE)
            assert page.is_file(), f"{current}: walked to a missing {page}"
            _, links = read_atom(page)
            forward = links.get("next-archive")
            assert forward is None or (out / forward.removeprefix(BASE)).is_file(), page
