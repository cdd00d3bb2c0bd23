"""Plain text that reads like markup, in RSS and in Atom's text constructs, written as
the RSS Best Practices Profile asks and as the W3C validator checks both."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from lxml import etree

from syndicate.config import Config
from syndicate.publish import build_documents, render_atom, render_rss
from tests.publish.factories import ORIGINS, make_entry
from tests.publish.validate import check_feed_file


@pytest.mark.parametrize(
    "title",
    [
        "Chương trình <<Giai điệu tuổi hồng>> năm 2024",  # how portals quote a title
        "<Tổng kết> công tác năm",
        "Hội nghị lần 1&2 & Q&A",
        "Sửa lỗi &nbsp; và &#7899; trong tiêu đề",
    ],
)
def test_a_title_that_reads_as_markup_stays_text_for_the_validator(
    config: Config, title: str
) -> None:
    origin = replace(ORIGINS["dak-to-tin"], source_title="Đăk Tô <Tin>")
    entry = make_entry(1, title=title, origin=origin)
    data = render_rss(build_documents(config, [entry])[0])
    check_feed_file(data, "rss")
    item = etree.fromstring(data).find("channel/item")
    assert (item.findtext("title"), item.findtext("source")) == (title, "Đăk Tô <Tin>")


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "title",
    ["Lịch thi đấu tháng 3&4", "Chương trình <<Giai điệu tuổi hồng>>", "Sửa lỗi &nbsp; và &#7899;"],
)
def test_atom_text_that_reads_as_markup_stays_text_for_the_validator(
    config: Config, title: str
) -> None:
    # The validator checks Atom's text constructs as RSS's plain text: "&4" warned.
    origin = replace(ORIGINS["dak-to-tin"], source_title="Đăk Tô & <Tin>")
    entry = make_entry(1, title=title, summary=f"Tóm tắt: {title}", origin=origin)
    data = render_atom(build_documents(config, [entry])[0])
    check_feed_file(data, "atom")
    found = etree.fromstring(data).find(f"{ATOM}entry")
    assert found is not None
    assert found.findtext(f"{ATOM}title") == title
    assert found.findtext(f"{ATOM}summary") == f"Tóm tắt: {title}"
    assert found.findtext(f"{ATOM}source/{ATOM}title") == "Đăk Tô & <Tin>"


def test_a_replacement_character_is_not_published(config: Config) -> None:
    # What a page cut short in a letter decodes to; the validator warns about it.
    entry = make_entry(1, title="Tin t\ufffdc huyện", summary="Tin t\ufffdc")
    for render, kind in ((render_atom, "atom"), (render_rss, "rss")):
        data = render(build_documents(config, [entry])[0])
        check_feed_file(data, kind)
        assert "\ufffd" not in data.decode("utf-8")


@pytest.mark.parametrize(("render", "kind"), [(render_atom, "atom"), (render_rss, "rss")])
def test_a_feed_title_with_a_carriage_return_gets_the_references(
    config: Config, render: Any, kind: str
) -> None:
    # The serializer writes "\r" as "&#13;": looked for as written raw, it was missed.
    doc = replace(
        build_documents(config, [make_entry(1)])[0], title="Văn hóa\r<Xã hội>", subtitle=""
    )
    check_feed_file(render(doc), kind)
