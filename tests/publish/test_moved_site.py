"""A site moved to another address keeps its feeds' ids (RFC 4287 §4.2.6: an Atom
document relocated keeps its atom:id); only the links to the feeds move."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import feedparser
from lxml import etree

from syndicate.cli import publish_store
from syndicate.config import Config
from syndicate.publish import publish
from syndicate.store import Store
from tests.publish.factories import BASE, make_config, make_entry
from tests.publish.validate import check_feed_file

ATOM = "{http://www.w3.org/2005/Atom}"
MOVED = "https://tin.kontum.gov.vn/"


def moved(config: Config) -> Config:
    return replace(config, province=replace(config.province, base_url=MOVED))


def atom_ids(path: Path) -> tuple[str, list[str]]:
    root = etree.parse(str(path)).getroot()
    sources = [e.text or "" for e in root.iterfind(f"{ATOM}entry/{ATOM}source/{ATOM}id")]
    return root.findtext(f"{ATOM}id") or "", sources


def test_feed_ids_stay_under_the_first_address_and_links_follow_the_new_one(
    config: Config, tmp_path: Path
) -> None:
    entries = [make_entry(n, source=("dak-to-tin", "tinh-tin")[n % 2]) for n in range(1, 40)]
    first, later = tmp_path / "first", tmp_path / "later"
    publish(config, entries, [], first)
    publish(moved(config), entries, [], later, id_base=BASE)
    for name in ("province.atom", "districts/dak-to.atom", "archive/province/0.atom"):
        assert atom_ids(later / name) == atom_ids(first / name)
        feed_id, sources = atom_ids(later / name)
        assert feed_id.startswith(BASE) and sources and all(s.startswith(BASE) for s in sources)
    # The category scheme names the scheme, as an id does: it stays too.
    atom = etree.parse(str(later / "province.atom")).getroot()
    assert {c.get("scheme") for c in atom.iterfind(f"{ATOM}entry/{ATOM}category")} == {
        f"{BASE}categories/"
    }
    rss = etree.parse(str(later / "province.rss")).getroot()
    assert {c.get("domain") for c in rss.iterfind("channel/item/category")} == {
        f"{BASE}categories/"
    }
    for name in ("province.atom", "province.rss", "province.json"):
        check_feed_file(later / name, Path(name).suffix, self_url=f"{MOVED}{name}")
    parsed = feedparser.parse((later / "province.atom").read_bytes())
    assert parsed.feed.id == f"{BASE}province" and not parsed.bozo


def test_the_store_fixes_the_address_feed_ids_are_built_on(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "public"
    with Store(tmp_path / "store.db") as store:
        store.sync_sources(config.sources)
        publish_store(config, store, out)
        assert store.feed_id_base(moved(config)) == BASE
        publish_store(moved(make_config(tmp_path)), store, out)
    root = etree.parse(str(out / "province.atom")).getroot()
    assert root.findtext(f"{ATOM}id") == f"{BASE}province"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{MOVED}province.atom"
