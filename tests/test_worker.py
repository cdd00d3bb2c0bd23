"""The parsing worker: what it derives for storing, and for which articles."""

from __future__ import annotations

import copy
import pickle
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from syndicate import worker
from syndicate.config import parse_config
from syndicate.dedup import story_print
from syndicate.errors import FetchError, ParseError, SourceError
from syndicate.model import RawItem
from syndicate.normalize import normalize_with_text
from syndicate.pool import install_config, parse_pool
from syndicate.store.search import folded_columns
from tests.store.conftest import PROVINCE

NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)
FEED_URL = "https://tinh.example.vn/rss"
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cổng tỉnh</title><link>https://tinh.example.vn/</link>
<description>Tin tức</description>
<item><title>Hội nghị triển khai nhiệm vụ năm 2025</title>
<link>https://tinh.example.vn/tin/hoi-nghi-2025</link>
<description>&lt;p&gt;Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ
năm 2025 với sự tham dự của lãnh đạo các huyện.&lt;/p&gt;</description>
<pubDate>Mon, 10 Mar 2025 01:00:00 +0000</pubDate></item>
<item><title>Ra quân trồng cây tại xã Đăk Tơ Lung</title>
<link>https://tinh.example.vn/tin/trong-cay</link>
<description>&lt;p&gt;Đoàn viên thanh niên xã Đăk Tơ Lung ra quân trồng hai nghìn cây
keo trên đồi trọc phía tây thôn.&lt;/p&gt;</description>
<pubDate>Mon, 10 Mar 2025 02:00:00 +0000</pubDate></item>
</channel></rss>
""".encode()


def parse(tmp_path: Path, stored: dict[str, str]) -> worker.ParsedArticles:
    install_config(parse_config(PROVINCE, tmp_path / "t.toml"))
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    return worker.parse_feed_body("tinh-tin", RSS, FEED_URL, headers, NOW, stored)


def test_new_articles_come_with_their_print_and_folded_text(tmp_path: Path) -> None:
    parsed = parse(tmp_path, {})
    assert len(parsed.articles) == 2
    for article, packed, folded in zip(parsed.articles, parsed.prints, parsed.folds, strict=True):
        assert packed is not None and packed.unpack() == story_print(article)
        assert folded == folded_columns(article)


def test_articles_stored_with_the_same_content_get_neither(tmp_path: Path) -> None:
    first = parse(tmp_path, {}).articles
    unchanged, edited = first
    stored = {unchanged.url: unchanged.content_hash, edited.url: "an older version"}
    parsed = parse(tmp_path, stored)
    assert parsed.prints[0] is None and parsed.folds[0] is None
    assert parsed.prints[1] is not None and parsed.folds[1] is not None


def test_item_links_relative_to_the_feed_are_kept(tmp_path: Path) -> None:
    install_config(parse_config(PROVINCE, tmp_path / "t.toml"))
    relative = RSS.replace(b"https://tinh.example.vn/tin/hoi-nghi-2025", b"/tin/hoi-nghi-2025")
    relative = relative.replace(b"https://tinh.example.vn/tin/", b"//tinh.example.vn/tin/")
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    parsed = worker.parse_feed_body("tinh-tin", relative, FEED_URL, headers, NOW, {})
    assert parsed.rejected == ()
    assert [a.url for a in parsed.articles] == [
        "https://tinh.example.vn/tin/hoi-nghi-2025",
        "https://tinh.example.vn/tin/trong-cay",
    ]


@pytest.mark.parametrize(
    ("feed_url", "kept"),
    [
        ("https://tinh.example.vn/rss", "https://tinh.example.vn/tin/trong-cay"),
        ("http://tinh.example.vn/rss", "http://tinh.example.vn/tin/trong-cay"),
    ],
)
def test_an_article_linked_over_both_schemes_is_one_article(
    tmp_path: Path, feed_url: str, kept: str
) -> None:
    # A template with the portal's address typed in links some items over http: the
    # same page was stored and published twice.
    install_config(parse_config(PROVINCE, tmp_path / "t.toml"))
    second = RSS.split(b"<item>")[2].split(b"</item>")[0]
    twin = second.replace(b"https://tinh.example.vn/tin/", b"http://tinh.example.vn/tin/")
    body = RSS.replace(b"</channel>", b"<item>" + twin + b"</item></channel>")
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    parsed = worker.parse_feed_body("tinh-tin", body, feed_url, headers, NOW, {})
    assert [a.url for a in parsed.articles] == [
        "https://tinh.example.vn/tin/hoi-nghi-2025",
        kept,
    ]
    assert len(parsed.prints) == len(parsed.folds) == 2


def test_an_item_a_library_fails_on_is_rejected_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_on_the_first(raw: RawItem, *args: Any, **kwargs: Any) -> Any:
        if raw.url.endswith("hoi-nghi-2025"):
            raise RecursionError("maximum recursion depth exceeded")
        return normalize_with_text(raw, *args, **kwargs)

    monkeypatch.setattr(worker, "normalize_with_text", failing_on_the_first)
    parsed = parse(tmp_path, {})
    assert [a.url for a in parsed.articles] == ["https://tinh.example.vn/tin/trong-cay"]
    assert parsed.rejected == (
        "https://tinh.example.vn/tin/hoi-nghi-2025: could not be read"
        " (RecursionError: maximum recursion depth exceeded)",
    )


def test_a_page_a_library_fails_on_is_rejected_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_config(parse_config(PROVINCE, tmp_path / "t.toml"))
    decode = worker.decode_html

    def failing_on_bad_bytes(body: bytes, *args: Any) -> Any:
        if body == b"bad":
            raise ValueError("All strings must be XML compatible")
        return decode(body, *args)

    monkeypatch.setattr(worker, "decode_html", failing_on_bad_bytes)
    page = "<html><body><h1>Hội nghị</h1><p>Nội dung của bài viết.</p></body></html>"
    good, bad = "http://huyendakto.example.vn/tin/1", "http://huyendakto.example.vn/tin/2"
    pages: list[tuple[bytes, str, str, str, Any]] = [
        (page.encode(), "text/html; charset=utf-8", good, good, None),
        (b"bad", "text/html", bad, bad, None),
    ]
    parsed = worker.parse_article_bodies("dak-to-tin", pages, NOW, {})
    assert [a.url for a in parsed.articles] == [good]
    assert parsed.rejected == (
        f"{bad}: could not be read (ValueError: All strings must be XML compatible)",
    )


def test_workers_load_neither_the_store_nor_the_network_modules() -> None:
    # Each parsing worker is a process of its own: what it imports, it holds in memory.
    heavy = ("sqlite_utils", "httpx", "click", "syndicate.store", "trafilatura")
    code = f"import sys, syndicate.worker; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_page_the_body_selector_misses_is_stored_with_a_note(tmp_path: Path) -> None:
    raw = copy.deepcopy(PROVINCE)
    raw["sources"][0]["options"] = {"body": ".noi-dung"}
    install_config(parse_config(raw, tmp_path / "t.toml"))
    text = "Đoàn viên thanh niên xã ra quân dọn vệ sinh môi trường dọc tuyến đường liên thôn."
    usual = f"<html><body><h1>Ra quân dọn vệ sinh</h1><div class='noi-dung'><p>{text}</p></div>"
    photo = f"<html><body><h1>Ảnh: Ngày hội</h1><div class='anh'><p>{text}</p><p>{text}</p></div>"
    first, second = "http://huyendakto.example.vn/tin/1", "http://huyendakto.example.vn/anh/2"
    pages: list[tuple[bytes, str, str, str, Any]] = [
        ((usual + "</body></html>").encode(), "text/html; charset=utf-8", first, first, None),
        ((photo + "</body></html>").encode(), "text/html; charset=utf-8", second, second, None),
    ]
    parsed = worker.parse_article_bodies("dak-to-tin", pages, NOW, {})
    assert [a.url for a in parsed.articles] == [first, second]
    assert text in parsed.articles[1].content_html
    assert parsed.rejected == ()
    assert parsed.notes == (
        f"{second}: article body not found: '.noi-dung' matched nothing; its text was "
        "extracted automatically",
    )


def test_parsing_workers_leave_a_ctrl_c_to_the_collector(tmp_path: Path) -> None:
    # A terminal interrupts the whole process group; a worker that took the Ctrl-C too
    # printed a traceback for every call in flight.
    pool = parse_pool(parse_config(PROVINCE, tmp_path / "t.toml"), workers=1)
    try:
        blocked = pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, []).result(timeout=60)
    finally:
        pool.shutdown()
    assert signal.SIGINT in blocked
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # ours is not


@pytest.mark.parametrize(
    "error",
    [
        ParseError("malformed feed: mismatched tag"),
        FetchError("timeout", "read timed out after 20 s", retry_after=90.0),
        SourceError("encoding", "không đọc được bảng mã"),
    ],
)
def test_source_errors_come_back_from_a_worker_as_they_were_raised(error: SourceError) -> None:
    # Rebuilt from their args, they read "parse: parse: malformed feed" in the log.
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.kind, back.message, str(back)) == (error.kind, error.message, str(error))
    assert getattr(back, "retry_after", None) == getattr(error, "retry_after", None)
