"""RSS plain text that reads like markup, written as the RSS Best Practices Profile asks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from syndicate.config import Config
from syndicate.publish import build_documents, render_rss
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
