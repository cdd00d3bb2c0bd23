"""Near-duplicate merging: one story carried by several sources is one feed entry.

The labelled pairs in tests/data/dedup/pairs.json (made by make_pairs.py there) hold
true republications and hard negatives; the matcher must keep precision and recall
on them. Then the planner, the store's story index and collection are checked with
copies taken from that set.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicate import collect
from syndicate.changes import Insert, Merge, Seen, Update, article_id, plan_changes
from syndicate.cli import _article_id as cli_article_id
from syndicate.cli import _article_to_hide
from syndicate.config import Config, parse_config
from syndicate.dedup import (
    BANDS,
    SKETCH_BINS,
    PackedPrint,
    StoryIndex,
    band_keys,
    candidate,
    estimate,
    estimate_numbers,
    known_prints,
    pack_sketch,
    same_story,
    sketch_number,
    story_print,
    story_sketch,
    story_words,
    strip_title_prefix,
    unpack_sketch,
)
from syndicate.harvest import Harvest
from syndicate.model import Article, RawItem, SourceRun, StoredArticle
from syndicate.normalize import normalize
from syndicate.store import Store
from syndicate.text.fold import fold

PAIRS = json.loads((Path(__file__).parent / "data" / "dedup" / "pairs.json").read_text("utf-8"))
NOW = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)


def as_article(data: dict[str, Any], **changes: Any) -> Article:
    article = Article(
        url=data["url"],
        source_id=data["source_id"],
        district=data["district"],
        category=None,
        title=data["title"],
        summary=data["summary"],
        content_html=data["content_html"],
        published=datetime.fromisoformat(data["published"]),
        content_hash=f"{data['url']}#1",
    )
    return replace(article, **changes)


def pair(kind: str, n: int = 0) -> tuple[Article, Article]:
    found = [p for p in PAIRS if p["kind"] == kind][n]
    return as_article(found["a"]), as_article(found["b"])


# The labelled set -----------------------------------------------------------------


def test_labelled_set_is_large_and_balanced() -> None:
    kinds = {p["kind"] for p in PAIRS}
    assert len(PAIRS) >= 200
    assert {"republished", "same-title", "same-template", "same-topic"} <= kinds
    assert sum(p["label"] for p in PAIRS) >= 100
    assert sum(not p["label"] for p in PAIRS) >= 100


def test_precision_and_recall_on_the_labelled_set() -> None:
    outcome = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    wrong = []
    for p in PAIRS:
        a, b = story_print(as_article(p["a"])), story_print(as_article(p["b"]))
        merged = candidate(a, b) and same_story(a, b)
        key = ("t" if merged == p["label"] else "f") + ("p" if merged else "n")
        outcome[key] += 1
        if merged != p["label"]:
            wrong.append((p["id"], p["kind"], p["edits"]))
    precision = outcome["tp"] / (outcome["tp"] + outcome["fp"])
    recall = outcome["tp"] / (outcome["tp"] + outcome["fn"])
    print(f"dedup on {len(PAIRS)} labelled pairs: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.99, wrong
    assert recall >= 0.95, wrong


# Normalization --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "[Kon Tum] Hội nghị triển khai nhiệm vụ năm 2025",
            "Hội nghị triển khai nhiệm vụ năm 2025",
        ),
        ("[Đăk Tô] Khai mạc hội thi cồng chiêng", "Khai mạc hội thi cồng chiêng"),
        ("Đăk Tô: Ra quân vệ sinh môi trường", "Ra quân vệ sinh môi trường"),
        ("ĐĂK TÔ: RA QUÂN VỆ SINH MÔI TRƯỜNG", "RA QUÂN VỆ SINH MÔI TRƯỜNG"),
        ("(Kon Plông) Trao nhà Đại đoàn kết", "Trao nhà Đại đoàn kết"),
        ("Ia H’Drai - Diễn tập chữa cháy rừng", "Diễn tập chữa cháy rừng"),
        ("Huyện Đăk Glei – Khai giảng năm học mới", "Khai giảng năm học mới"),
        ("[Kon Tum] Đăk Tô: Giao nhận quân", "Giao nhận quân"),
        ("  [Kon Tum]   Giao nhận quân", "Giao nhận quân"),
        # not labels: lowercase words, a number, nothing after the label
        ("Thông báo: lịch tiếp công dân tháng 5", "Thông báo: lịch tiếp công dân tháng 5"),
        ("Năm 2025: tổng kết công tác", "Năm 2025: tổng kết công tác"),
        ("Hội nghị triển khai nhiệm vụ năm 2025", "Hội nghị triển khai nhiệm vụ năm 2025"),
        ("[Kon Tum]", "[Kon Tum]"),
        ("Đăk Tô đẩy mạnh chuyển đổi số", "Đăk Tô đẩy mạnh chuyển đổi số"),
    ],
)
def test_title_prefix_is_stripped(title: str, expected: str) -> None:
    assert strip_title_prefix(title) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hội nghị triển khai", ["hoi", "nghi", "trien", "khai"]),
        ("HỘI NGHỊ, triển khai!", ["hoi", "nghi", "trien", "khai"]),
        ("Văn hóa và văn hoá", ["van", "hoa", "va", "van", "hoa"]),
        ("Thủy lợi, thuỷ lợi", ["thuy", "loi", "thuy", "loi"]),
        ("Đăk Tô – Đắk Tô", ["dak", "to", "dak", "to"]),
        ("Ia H’Drai, Ia H'Drai", ["ia", "h", "drai", "ia", "h", "drai"]),
        # decomposed input (Windows' Vietnamese keyboard) reads the same as composed
        ("Hội nghị", ["hoi", "nghi"]),
        ("ngày 22/01/2021 và 22-1-2021", ["ngay", "22.1.2021", "va", "22.1.2021"]),
        # a thousands point is written or not: a date's parts keep theirs
        ("1.453 lượt xem, 9.677,3 ha", ["1453", "luot", "xem", "9677.3", "ha"]),
        ("1.245.000 đồng, 18.7.2025, 1.5", ["1245000", "dong", "18.7.2025", "1.5"]),
        # a word processor's dash between numbers is a hyphen; spaced, it parts them,
        # and so does a dash opening a line (its range is matched in `same_story`)
        ("nhiệm kỳ 2020-2025.", ["nhiem", "ky", "2020.2025"]),
        ("2020–2025, 2021 — 2025, 12–4", ["2020.2025", "2021", "2025", "12.4"]),
        ("năm 2024\n- 15 hộ", ["nam", "2024", "15", "ho"]),
        ("1.245-1.300 ha, 1245 – 1300 ha", ["1245.1300", "ha", "1245", "1300", "ha"]),
        # dates with dashes read as with slashes, ISO's turned round
        ("22-1-2021, 22 - 01 - 2021, 2021-01-22", ["22.1.2021", "22.1.2021", "22.1.2021"]),
        ("“Sáng – xanh – sạch – đẹp”", ["sang", "xanh", "sach", "dep"]),
        ("", []),
    ],
)
def test_story_words(text: str, words: list[str]) -> None:
    import unicodedata

    assert story_words(text) == words
    assert story_words(unicodedata.normalize("NFD", text)) == words


_VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠUƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÀÁẠ"


@given(st.text(alphabet=_VIETNAMESE + " ,.;:!?–-'’\u0301\u0300\u00a0\n", max_size=80))
def test_story_words_fold_as_fold_does(text: str) -> None:
    # Character-wise folding is a speed-up of `fold`, never a different answer.
    assert story_words(text) == re.findall(r"[a-z]+", fold(text))


def test_sketch_round_trips_and_band_keys_are_stable() -> None:
    article, _ = pair("republished")
    sketch = story_print(article).sketch
    assert len(sketch) == SKETCH_BINS and all(0 <= v < 2**32 for v in sketch)
    assert unpack_sketch(pack_sketch(sketch)) == sketch
    assert len(pack_sketch(sketch)) == 4 * SKETCH_BINS
    keys = band_keys(sketch)
    assert len(keys) == BANDS and all(0 <= k < 2**47 for k in keys)
    # Stored prints are compared with new ones for years: the hashing must never move.
    fixed = story_print(
        replace(
            article,
            title="Ra quân",
            summary="",
            content_html="<p>Ra quân vệ sinh môi trường tại xã Hiếu</p>",
        )
    )
    assert fixed.sketch[:3] == (375846559, 2016378094, 3656909629)
    assert band_keys(fixed.sketch)[:2] == (138327116340529, 90325101813204)
    assert unpack_sketch(b"") == () and band_keys(()) == ()


def test_a_print_made_elsewhere_is_used_as_it_is_and_only_while_known() -> None:
    article, copy = pair("republished")
    made = story_print(article)
    packed = PackedPrint.of(made)
    assert packed.unpack() == made
    assert len(packed.shingles) == 8 * len(made.shingles)
    impostor = PackedPrint.of(story_print(copy))  # tells the two uses apart
    with known_prints([(article, impostor)]):
        assert story_print(article) == impostor.unpack()
        assert story_sketch(article) == impostor.unpack().sketch
    assert story_print(article) == made and story_sketch(article) == made.sketch


def test_texts_too_short_to_judge_never_merge() -> None:
    empty = story_print(as_article(PAIRS[0]["a"], title="", summary="", content_html=""))
    assert empty.sketch == () and not empty.shingles and band_keys(empty.sketch) == ()
    assert not same_story(empty, empty)
    # one stock title over a picture or a PDF link: nothing says it is one story
    gallery = as_article(
        PAIRS[0]["a"],
        title="Hình ảnh hoạt động kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam",
        summary="",
        content_html='<p><img src="http://x.example.vn/a.jpg"></p><p>Ảnh: Văn Tuấn</p>',
    )
    assert not same_story(story_print(gallery), story_print(gallery))
    words = " ".join(["Nội dung thông báo gửi các cơ quan đơn vị"] * 2)
    notice = replace(gallery, content_html=f"<p>{words}.</p>")
    assert same_story(story_print(notice), story_print(notice))


def test_numbers_must_agree() -> None:
    original, copy = pair("republished")
    a = story_print(original)
    assert same_story(a, story_print(copy))
    # the same text about another month is another notice
    title = original.title + " tháng 5"
    assert not same_story(
        story_print(replace(original, title=title)),
        story_print(replace(original, title=title.replace("5", "6"))),
    )
    changed = replace(copy, content_html=copy.content_html + "<p>Ngày 17/5/2025.</p>")
    assert not same_story(
        story_print(
            replace(original, content_html=original.content_html + "<p>Ngày 18/5/2025.</p>")
        ),
        story_print(changed),
    )


def test_a_number_with_or_without_its_thousands_point_is_one_number() -> None:
    original, copy = pair("republished")
    figures = "<p>Toàn huyện trồng mới 1.245 ha cà phê, hỗ trợ 2.500.000 đồng mỗi hộ.</p>"
    plain = "<p>Toàn huyện trồng mới 1245 ha cà phê, hỗ trợ 2500000 đồng mỗi hộ.</p>"
    assert same_story(
        story_print(replace(original, content_html=original.content_html + figures)),
        story_print(replace(copy, content_html=copy.content_html + plain)),
    )
    # another figure is still another figure
    other = plain.replace("1245", "1254")
    assert not same_story(
        story_print(replace(original, content_html=original.content_html + figures)),
        story_print(replace(copy, content_html=copy.content_html + other)),
    )


def test_a_range_with_its_dash_retyped_is_one_number() -> None:
    original, copy = pair("republished")
    term = "<p>Đại hội đề ra mục tiêu cho nhiệm kỳ 2025-2030 và giai đoạn 2026 - 2030.</p>"
    for retyped in ("2025 - 2030", "2025–2030", "2025 — 2030", "từ 2025 đến 2030"):
        assert same_story(
            story_print(replace(original, content_html=original.content_html + term)),
            story_print(
                replace(copy, content_html=copy.content_html + term.replace("2025-2030", retyped))
            ),
        )


def test_one_template_naming_two_districts_is_two_stories() -> None:
    # Two districts' reports of one province-wide campaign, written from one template
    # on the same day: only the district's name differs, in two paragraphs.
    template = (
        "<p>Sáng 12/4, Huyện đoàn {d} ra quân chiến dịch Thanh niên tình nguyện hè năm nay "
        "với khẩu hiệu tuổi trẻ xung kích vì cộng đồng. Tham dự có đại diện lãnh đạo "
        "Thường trực Huyện ủy, các phòng, ban, đoàn thể và đông đảo đoàn viên thanh niên.</p>"
        "<p>Tại buổi ra quân, Bí thư Huyện đoàn {d} giao chỉ tiêu cho từng cơ sở đoàn: sửa "
        "đường liên thôn, dọn vệ sinh trường học, trồng cây xanh và giúp người dân dùng dịch "
        "vụ công trực tuyến.</p>"
        "<p>Dịp này, Ban Chấp hành Huyện đoàn trao quà cho học sinh nghèo vượt khó và thăm "
        "gia đình chính sách trên địa bàn.</p>"
        "<p>Ban Thường vụ Huyện đoàn phối hợp với Hội Liên hiệp Thanh niên Việt Nam huyện "
        "phát động phong trào thắp sáng đường quê ở các thôn vùng sâu.</p>"
    )
    first, second = pair("republished")
    one = replace(first, title="Ra quân chiến dịch Thanh niên tình nguyện hè")
    two = replace(second, title=one.title)
    assert not same_story(
        story_print(replace(one, content_html=template.format(d="Sa Thầy"))),
        story_print(replace(two, content_html=template.format(d="Ngọc Hồi"))),
    )
    # the same report, copied with a paragraph fewer, stays one story
    copied = template.format(d="Sa Thầy")
    shorter = copied[: copied.index("<p>Dịp này")]
    assert same_story(
        story_print(replace(one, content_html=copied)),
        story_print(replace(two, content_html=shorter)),
    )
    # a copy naming its district after "huyện" in the lead, dropping the paragraph about
    # another district named after "huyện" too, is still the story
    visit = "<p>Dịp này, đoàn công tác huyện Ngọc Hồi đến thăm và tặng quà các em.</p>"
    kept = template.format(d="Sa Thầy") + visit
    retold = template.format(d="Sa Thầy").replace(
        "các phòng, ban", "các phòng, ban huyện Đăk Tô", 1
    )
    assert same_story(
        story_print(replace(one, content_html=kept)),
        story_print(replace(two, content_html=retold)),
    )
    # a template naming many, one swapped, stays two stories however many the others
    many = template.replace(
        "</p>", " Buổi lễ có ông Nguyễn Văn Hùng, bà Y Thị Lan và Đoàn Thanh niên xã.</p>", 1
    )
    assert not same_story(
        story_print(replace(one, content_html=many.format(d="Sa Thầy"))),
        story_print(replace(two, content_html=many.format(d="Ngọc Hồi"))),
    )
    # ... and so does a copy that names the district where the original did not, and
    # drops the paragraph naming others: a name added is no name put in another's place
    original = template.format(d="Sa Thầy").replace("tham dự có đại diện", "tham dự có")
    lead = original.replace("các phòng, ban", "các phòng, ban huyện Sa Thầy")
    assert same_story(
        story_print(replace(one, content_html=original)),
        story_print(replace(two, content_html=lead[: lead.index("<p>Ban Thường vụ")])),
    )


_NOTICE = (
    "<p>Điện lực huyện thông báo tạm ngừng cung cấp điện ngày {day} để bảo dưỡng đường "
    "dây trung thế, từ 7 giờ đến 15 giờ, tại các thôn thuộc xã Đăk Ui và xã Ngọk Réo. "
    "Khách hàng chủ động sắp xếp công việc trong thời gian mất điện.</p>"
    "<p>Mọi thắc mắc xin liên hệ tổng đài chăm sóc khách hàng để được giải đáp.</p>"
)


def test_dates_written_with_hyphens_keep_notices_apart_and_copies_together() -> None:
    first, second = pair("republished")
    one = replace(first, title="Thông báo tạm ngừng cung cấp điện", summary="")
    two = replace(second, title=one.title, summary="")

    def same(a: str, b: str) -> bool:
        return same_story(
            story_print(replace(one, content_html=_NOTICE.format(day=a))),
            story_print(replace(two, content_html=_NOTICE.format(day=b))),
        )

    assert not same("15-7", "17-7")  # two notices: never 15, 7 and 17, 7 apart
    assert same("15-7", "15/7")
    assert same("15-7-2025", "15/07/2025")
    assert same("15 - 7 - 2025", "2025-07-15")


def test_a_town_and_a_district_from_one_template_are_two_stories() -> None:
    # The unit's name follows another word in each ("thị xã", "huyện"); the words after
    # it are the template's.
    template = (
        "<p>Sáng 3/6, UBND {unit} tổ chức Hội nghị tổng kết công tác phòng, chống thiên tai "
        "năm trước và triển khai nhiệm vụ năm nay. Dự hội nghị có lãnh đạo Ban Chỉ huy "
        "phòng chống thiên tai và Tìm kiếm cứu nạn của tỉnh cùng các phòng, ban.</p>"
        "<p>Năm qua, UBND {unit} đã chỉ đạo các xã chủ động ứng phó mưa lũ, sơ tán dân "
        "khỏi vùng sạt lở, không để xảy ra thiệt hại về người.</p>"
        "<p>Hội nghị thống nhất phương án ứng phó theo phương châm bốn tại chỗ, giao Hội "
        "Chữ thập đỏ chuẩn bị hàng cứu trợ.</p>"
    )
    first, second = pair("republished")
    one = replace(first, title="Tổng kết công tác phòng, chống thiên tai", summary="")
    two = replace(second, title=one.title, summary="")
    assert not same_story(
        story_print(replace(one, content_html=template.format(unit="thị xã Đăk Hà"))),
        story_print(replace(two, content_html=template.format(unit="huyện Sa Thầy"))),
    )


def test_estimate() -> None:
    a, b = pair("republished")
    pa, pb = story_print(a), story_print(b)
    assert estimate(pa.sketch, pa.sketch) == 1.0
    assert 0.5 < estimate(pa.sketch, pb.sketch) <= 1.0
    assert estimate(pa.sketch, ()) == 0.0


# The planner ----------------------------------------------------------------------


def stored(
    article: Article, *, canonical_of: str | None = None, hidden: bool = False
) -> StoredArticle:
    return StoredArticle(
        id=article_id(article.url),
        article=article,
        first_seen=article.published,
        last_updated=article.published,
        canonical_of=canonical_of,
        hidden=hidden,
        sources=(article.source_id,),
    )


def test_a_republished_copy_becomes_a_duplicate_of_the_canonical() -> None:
    original, copy = pair("republished", 1)
    changes = plan_changes(copy.source_id, {}, [copy], NOW, candidates=[stored(original)])
    assert changes == [Insert(article_id(copy.url), copy, duplicate_of=article_id(original.url))]


def test_a_copy_of_a_duplicate_points_at_the_root() -> None:
    original, copy = pair("republished", 2)
    root = stored(original)
    province = stored(copy, canonical_of=root.id)
    third = replace(copy, url="http://ngochoi.kontum.example.vn/tin/3", source_id="ngoc-hoi-tin")
    changes = plan_changes("ngoc-hoi-tin", {}, [third], NOW, candidates=[province, root])
    assert changes == [Insert(article_id(third.url), third, duplicate_of=root.id)]


@pytest.mark.parametrize(
    ("authority", "copy_hours", "copy_is_canonical"),
    [
        ({}, 5, False),  # later copy, equal authority: the original stays canonical
        ({}, -5, True),  # the copy was published first: it is the canonical
        ({"tinh": 1}, 5, True),  # the province outranks the district whatever the date
        ({"dak-to-tin": 2, "tinh": 1}, -5, False),
        ({"tinh": -1}, -5, False),
    ],
)
def test_authority_then_earliest_picks_the_canonical(
    authority: dict[str, int], copy_hours: int, copy_is_canonical: bool
) -> None:
    original, copy = pair("republished", 3)
    original = replace(original, source_id="dak-to-tin")
    copy = replace(
        copy, source_id="tinh", published=original.published + timedelta(hours=copy_hours)
    )
    root = stored(original)
    changes = plan_changes("tinh", {}, [copy], NOW, candidates=[root], authority=authority)
    new_id = article_id(copy.url)
    if copy_is_canonical:
        assert changes == [Insert(new_id, copy), Merge(root.id, new_id)]
    else:
        assert changes == [Insert(new_id, copy, duplicate_of=root.id)]


@pytest.mark.parametrize(
    ("copy_at", "copy_is_canonical"),
    [
        # the same day printed without a time (stored as 00:00 at +07:00): the original's
        # 08:30 that day is known, the copy's time is not
        ("2024-07-25T17:00:00+00:00", False),
        # the day before, bare: the copy was there first whatever its time
        ("2024-07-24T17:00:00+00:00", True),
        # a time the copy gives, before the original's
        ("2024-07-26T00:30:00+00:00", True),
    ],
)
def test_a_copy_dated_by_the_day_alone_takes_no_credit_from_that_days_original(
    copy_at: str, copy_is_canonical: bool
) -> None:
    original, copy = pair("republished")
    original = replace(original, published=datetime(2024, 7, 26, 1, 30, tzinfo=UTC))
    copy = replace(copy, source_id="tinh", published=datetime.fromisoformat(copy_at))
    root = stored(original)
    changes = plan_changes("tinh", {}, [copy], NOW, candidates=[root])
    new_id = article_id(copy.url)
    if copy_is_canonical:
        assert changes == [Insert(new_id, copy), Merge(root.id, new_id)]
    else:
        assert changes == [Insert(new_id, copy, duplicate_of=root.id)]


def test_a_timed_copy_takes_no_credit_from_an_original_dated_by_the_day_alone() -> None:
    # Most district portals print the day alone; the province's copy carries its time.
    original, copy = pair("republished")
    original = replace(original, published=datetime(2024, 7, 25, 17, 0, tzinfo=UTC))
    copy = replace(copy, source_id="tinh", published=datetime(2024, 7, 26, 8, 36, tzinfo=UTC))
    root = stored(original)
    changes = plan_changes("tinh", {}, [copy], NOW, candidates=[root])
    assert changes == [Insert(article_id(copy.url), copy, duplicate_of=root.id)]


def test_a_story_an_earlier_rule_let_a_bare_date_lead_is_taken_over_by_no_later_copy() -> None:
    # Led by a copy dated 26/07 alone, with the 09:00 original merged into it (as the
    # rule before ranked them): a 10:00 copy must not take the story over.
    original, copy = pair("republished")
    leader = replace(copy, source_id="tinh", published=datetime(2024, 7, 25, 17, 0, tzinfo=UTC))
    member = replace(original, published=datetime(2024, 7, 26, 2, 0, tzinfo=UTC))
    later = replace(
        copy,
        url=copy.url + "-lai",
        source_id="kon-ray-tin",
        published=datetime(2024, 7, 26, 3, 0, tzinfo=UTC),
    )
    root = stored(leader)
    merged = replace(stored(member), canonical_of=root.id)
    changes = plan_changes("kon-ray-tin", {}, [later], NOW, candidates=[root, merged])
    assert changes == [Insert(article_id(later.url), later, duplicate_of=root.id)]


@pytest.mark.parametrize(
    ("original_at", "hours", "window", "merged"),
    [
        ("2024-07-26T01:10:00+00:00", 71, timedelta(days=3), True),
        ("2024-07-26T01:10:00+00:00", -71, timedelta(days=3), True),
        ("2024-07-26T01:10:00+00:00", 73, timedelta(days=3), False),
        ("2024-07-26T01:10:00+00:00", -73, timedelta(days=3), False),
        ("2024-07-26T01:10:00+00:00", 73, timedelta(days=4), True),
        ("2024-07-26T01:10:00+00:00", 20, timedelta(hours=12), False),
        # a bare date (26/07 printed without a time, stored as 00:00 at +07:00): the
        # story may have appeared any time that day, so a copy 29/07 10:30 is in
        ("2024-07-25T17:00:00+00:00", 82, timedelta(days=3), True),
        ("2024-07-25T17:00:00+00:00", 97, timedelta(days=3), False),
        ("2024-07-25T17:00:00+00:00", -73, timedelta(days=3), False),
    ],
)
def test_time_window_is_respected(
    original_at: str, hours: float, window: timedelta, merged: bool
) -> None:
    original, copy = pair("republished", 4)
    original = replace(original, published=datetime.fromisoformat(original_at))
    copy = replace(copy, published=original.published + timedelta(hours=hours, minutes=30))
    root = stored(original)
    [change, *rest] = plan_changes(
        copy.source_id, {}, [copy], NOW, candidates=[root], window=window
    )
    assert isinstance(change, Insert)
    if merged:
        assert change.duplicate_of == root.id or rest == [Merge(root.id, change.id)]
    else:
        assert change.duplicate_of is None and rest == []


def test_copies_within_one_source_are_not_merged() -> None:
    original, copy = pair("republished", 5)
    copy = replace(copy, source_id=original.source_id)
    changes = plan_changes(copy.source_id, {}, [copy], NOW, candidates=[stored(original)])
    assert changes == [Insert(article_id(copy.url), copy)]


def test_hard_negatives_are_not_merged() -> None:
    for kind in ("same-title", "same-template", "same-topic"):
        for n in range(5):
            a, b = pair(kind, n)
            changes = plan_changes(b.source_id + "-2", {}, [b], NOW, candidates=[stored(a)])
            assert changes == [Insert(article_id(b.url), b)], (kind, n)


def test_a_hidden_story_is_never_taken_over() -> None:
    original, copy = pair("republished", 6)
    copy = replace(copy, published=original.published - timedelta(hours=1))
    root = stored(original, hidden=True)
    changes = plan_changes(copy.source_id, {}, [copy], NOW, candidates=[root])
    assert changes == [Insert(article_id(copy.url), copy, duplicate_of=root.id)]


def test_two_copies_in_one_plan_follow_the_one_that_took_over() -> None:
    original, copy = pair("republished", 7)
    earlier = replace(copy, published=original.published - timedelta(hours=2))
    again = replace(earlier, url=earlier.url + "-lan-2", title=earlier.title + " (cập nhật)")
    root = stored(original)
    changes = plan_changes(copy.source_id, {}, [earlier, again], NOW, candidates=[root])
    first = article_id(earlier.url)
    assert changes == [
        Insert(first, earlier),
        Merge(root.id, first),
        Insert(article_id(again.url), again, duplicate_of=first),
    ]


def test_known_urls_are_never_merged_again() -> None:
    original, copy = pair("republished", 8)
    known = stored(copy, canonical_of=article_id(original.url))
    edited = replace(copy, title=copy.title + "!", content_hash="edited")
    changes = plan_changes(
        copy.source_id, {copy.url: known}, [copy, edited], NOW, candidates=[stored(original)]
    )
    assert changes == [Seen(known.id, copy.source_id, copy.url)]
    [update] = plan_changes(
        copy.source_id, {copy.url: known}, [edited], NOW, candidates=[stored(original)]
    )
    assert isinstance(update, Update) and update.id == known.id


def test_index_ranks_the_closest_first() -> None:
    original, copy = pair("republished", 9)
    trimmed = replace(
        copy, url=copy.url + "-b", content_html=copy.content_html[: len(copy.content_html) * 3 // 4]
    )
    index = StoryIndex([stored(trimmed), stored(original)])
    found = index.matches(copy)
    assert found and found[0].article.url in (original.url, trimmed.url)
    assert index.matches(replace(copy, published=copy.published + timedelta(days=9))) == []


# The store ------------------------------------------------------------------------

PROVINCE: dict[str, Any] = {
    "province": {
        "name": "Tỉnh Kon Tum",
        "slug": "kon-tum",
        "base_url": "https://tin.example.org/kon-tum/",
    },
    "districts": [
        {"slug": "dak-to", "name": "Huyện Đăk Tô"},
        {"slug": "kon-plong", "name": "Huyện Kon Plông"},
    ],
    "sources": [
        {
            "id": "dak-to-tin",
            "district": "dak-to",
            "kind": "html",
            "url": "http://dakto.example.vn/tin",
            "title": "Đăk Tô: Tin",
        },
        {
            "id": "kon-plong-tin",
            "district": "kon-plong",
            "kind": "html",
            "url": "http://konplong.example.vn/tin",
            "title": "Kon Plông: Tin",
        },
        {"id": "tinh", "kind": "feed", "url": "https://tinh.example.vn/rss", "title": "Cổng tỉnh"},
    ],
}


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return parse_config(PROVINCE, tmp_path / "syndicate.toml")


@pytest.fixture
def store(tmp_path: Path, config: Config) -> Any:
    with Store(tmp_path / "store.db") as s:
        s.sync_sources(config.sources)
        yield s


def collect_once(
    store: Store, source_id: str, fresh: list[Article], now: datetime = NOW
) -> list[Any]:
    """What collection does with one harvest (see collect._record_harvest)."""
    known = store.articles_by_url(a.url for a in fresh)
    candidates = store.story_candidates([a for a in fresh if a.url not in known])
    changes = plan_changes(
        source_id, known, fresh, now, candidates=candidates, authority=store.source_authority()
    )
    store.apply(SourceRun(source_id, "ok", now), changes, now=now)
    return changes


def district_and_province(n: int = 0) -> tuple[Article, Article]:
    original, copy = pair("republished", n)
    original = replace(original, source_id="dak-to-tin", district="dak-to")
    copy = replace(copy, source_id="tinh", district=None)
    return original, copy


def test_two_sources_one_story_one_province_entry(store: Store, config: Config) -> None:
    original, copy = district_and_province()
    collect_once(store, "dak-to-tin", [original])
    [change] = collect_once(store, "tinh", [copy])
    assert change.duplicate_of == article_id(original.url)
    [entry] = store.feed_entries(config)
    assert entry.url == original.url
    assert entry.origin.source_id == "dak-to-tin"
    assert [o.source_id for o in entry.also_on] == ["tinh"]
    # both appearances are kept: the copy's row and its own URL stay in the store
    kept = store.article(article_id(copy.url))
    assert kept is not None and kept.canonical_of == article_id(original.url)


def test_the_province_first_then_the_district(store: Store, config: Config) -> None:
    original, copy = district_and_province(1)
    collect_once(store, "tinh", [copy])
    [published] = store.feed_entries(config)
    changes = collect_once(store, "dak-to-tin", [original])
    assert changes == [
        Insert(article_id(original.url), original),
        Merge(article_id(copy.url), article_id(original.url)),
    ]
    [entry] = store.feed_entries(config)
    assert entry.origin.source_id == "dak-to-tin"
    assert entry.url == original.url
    assert [o.source_id for o in entry.also_on] == ["tinh"]
    # The story keeps the id it was published under: readers see it updated, not twice.
    assert entry.id == published.id == store.entry_id_prefix() + article_id(copy.url)
    assert store.article_of_entry(article_id(copy.url)) == article_id(original.url)
    assert store.story_entry_id(article_id(original.url)) == article_id(copy.url)
    assert store.story_entry_id(article_id(copy.url)) == article_id(copy.url)
    # `show` and `hide` given the entry id a reader sees find the story's article.
    assert cli_article_id(store, entry.id) == article_id(original.url)
    assert cli_article_id(store, article_id(copy.url)) == article_id(copy.url)


def test_hiding_by_the_id_search_gave_before_a_takeover_withdraws_the_story(
    store: Store, config: Config
) -> None:
    # `search` gave the province copy's id; the district's original took the story over
    # and its entry kept that id. `hide` of it hid the copy, already merged away, and
    # the story stayed in every feed.
    original, copy = district_and_province(1)
    collect_once(store, "tinh", [copy])
    collect_once(store, "dak-to-tin", [original])
    chosen, note = _article_to_hide(store, article_id(copy.url))
    assert chosen == article_id(original.url) and "entry" in note
    store.hide(chosen, "đăng nhầm", now=NOW)
    assert store.feed_entries(config) == []
    # and `unhide` of the same id, which takes it as `hide` does, brings the story back
    again, _ = _article_to_hide(store, article_id(copy.url))
    assert again == chosen and store.unhide(again, now=NOW)
    assert [e.url for e in store.feed_entries(config)] == [original.url]


_DAK_TO_REPORT = (
    "Sáng 20/7, Huyện đoàn Đăk Tô tổ chức lễ ra quân chiến dịch thanh niên tình nguyện hè "
    "tại xã Tân Cảnh với hơn 300 đoàn viên tham gia. Các đội hình sửa chữa 2 km đường giao "
    "thông nông thôn, trồng 1.500 cây xanh và tặng 40 suất quà cho học sinh nghèo vượt khó."
)
_SA_THAY_REPORT = (
    "Cùng ngày, tại xã Mô Rai, Huyện đoàn Sa Thầy ra mắt đội hình tình nguyện gồm 120 "
    "thanh niên, dọn vệ sinh khu dân cư làng Le, khám bệnh cấp thuốc miễn phí cho 250 "
    "người dân và bàn giao một công trình thắp sáng đường quê dài 800 mét."
)


def test_a_round_up_quoting_two_districts_merges_neither_into_the_other(
    store: Store, config: Config
) -> None:
    # The province's round-up tells both districts' stories: each matches it, not each
    # other. Merged into the round-up's story, the second report vanished into Đăk Tô's.
    def article(source: str, district: str | None, url: str, title: str, text: str) -> Article:
        return Article(
            url=url,
            source_id=source,
            district=district,
            category=None,
            title=title,
            summary="",
            content_html=text,
            published=NOW - timedelta(days=1),
            content_hash=url,
        )

    dak_to = article(
        "dak-to-tin",
        "dak-to",
        "http://dakto.example.vn/tin/ra-quan-he",
        "Đăk Tô ra quân chiến dịch thanh niên tình nguyện hè",
        f"<p>{_DAK_TO_REPORT}</p>",
    )
    round_up = article(
        "tinh",
        None,
        "https://tinh.example.vn/tin/tinh-nguyen-he",
        "Các địa phương ra quân chiến dịch thanh niên tình nguyện hè",
        f"<p>{_DAK_TO_REPORT}</p><p>{_SA_THAY_REPORT}</p>",
    )
    other = article(
        "kon-plong-tin",
        "kon-plong",
        "http://konplong.example.vn/tin/tinh-nguyen-he",
        "Ra mắt đội hình thanh niên tình nguyện hè tại xã Mô Rai",
        f"<p>{_SA_THAY_REPORT}</p>",
    )
    for source, fresh in (("dak-to-tin", dak_to), ("tinh", round_up), ("kon-plong-tin", other)):
        collect_once(store, source, [fresh])
    urls = {e.url for e in store.feed_entries(config)}
    assert {dak_to.url, other.url} <= urls


_REPORT = [
    "Sáng 12/5, Ủy ban nhân dân huyện Đăk Tô tổ chức hội nghị triển khai kế hoạch phòng chống "
    "thiên tai và tìm kiếm cứu nạn năm 2025 với sự tham dự của lãnh đạo các xã, thị trấn.",
    "Theo báo cáo, năm qua trên địa bàn huyện xảy ra 6 đợt mưa lớn kèm lốc xoáy làm tốc mái "
    "42 căn nhà, hư hỏng 15 ha hoa màu, tổng thiệt hại ước tính khoảng 1,2 tỷ đồng.",
    "Ngay sau thiên tai, chính quyền các cấp đã huy động lực lượng dân quân, đoàn viên thanh "
    "niên giúp người dân dựng lại nhà cửa, khắc phục hậu quả và ổn định cuộc sống.",
    "Năm 2025, huyện đặt mục tiêu chủ động phòng ngừa, ứng phó kịp thời, hạn chế thấp nhất "
    "thiệt hại về người và tài sản khi có thiên tai xảy ra trên địa bàn.",
    "Phát biểu chỉ đạo, Phó Chủ tịch Ủy ban nhân dân huyện đề nghị các xã rà soát khu vực có "
    "nguy cơ sạt lở, lũ quét để có phương án di dời dân kịp thời.",
    "Đồng thời các đơn vị chuẩn bị đầy đủ lương thực, thuốc men, phương tiện theo phương châm "
    "bốn tại chỗ, tổ chức diễn tập ở những xã trọng điểm trước mùa mưa bão.",
]


@pytest.mark.parametrize(
    ("province_part", "reposted_part", "province_after", "reposted_after"),
    [
        # days apart: the last copy is within the window of the province's, not the report's
        (6, 6, timedelta(days=2, hours=15), timedelta(days=5, hours=3)),
        (6, 5, timedelta(days=2), timedelta(days=4, hours=12)),
    ],
)
def test_a_copy_of_a_copy_joins_the_story(
    store: Store,
    config: Config,
    province_part: int,
    reposted_part: int,
    province_after: timedelta,
    reposted_after: timedelta,
) -> None:
    # The province reposts the district's report, and another district the province's
    # copy days later: past the report's window, it is still that story by every test.
    day = datetime(2025, 5, 12, tzinfo=timezone(timedelta(hours=7)))

    def article(source: str, district: str | None, url: str, shown: int, at: datetime) -> Article:
        return Article(
            url=url,
            source_id=source,
            district=district,
            category=None,
            title="Đăk Tô triển khai nhiệm vụ phòng chống thiên tai năm 2025",
            summary="",
            content_html="".join(f"<p>{p}</p>" for p in _REPORT[:shown]),
            published=at,
            content_hash=url,
        )

    original = article("dak-to-tin", "dak-to", "http://dakto.example.vn/tin/pctt", 6, day)
    collect_once(store, "dak-to-tin", [original])
    copy = article(
        "tinh", None, "https://tinh.example.vn/tin/pctt", province_part, day + province_after
    )
    collect_once(store, "tinh", [copy])
    reposted = article(
        "kon-plong-tin",
        "kon-plong",
        "http://konplong.example.vn/tin/pctt",
        reposted_part,
        day + reposted_after,
    )
    collect_once(store, "kon-plong-tin", [reposted])
    assert [e.url for e in store.feed_entries(config)] == [original.url]


def test_a_story_brought_back_is_led_by_its_best_copy(store: Store, config: Config) -> None:
    # The province's copy hidden, the district's original arriving was merged into it
    # (a copy never brings a hidden story back); unhidden, the story stayed the copy's,
    # with the province's address and no district, for good.
    original, copy = district_and_province(1)
    collect_once(store, "tinh", [copy])
    [published] = store.feed_entries(config)
    store.hide(article_id(copy.url), "nhầm", now=NOW)
    collect_once(store, "dak-to-tin", [original])
    assert store.feed_entries(config) == []
    assert store.unhide(article_id(copy.url), now=NOW + timedelta(hours=1))
    [entry] = store.feed_entries(config)
    assert (entry.id, entry.url, entry.origin.source_id) == (
        published.id,
        original.url,
        "dak-to-tin",
    )
    assert [o.source_id for o in entry.also_on] == ["tinh"]


def test_unhide_of_an_article_never_hidden_leaves_its_story_alone(
    store: Store, config: Config
) -> None:
    # A no-op for the operator, it rechecked the story's leader: with the province's
    # authority raised since, the story silently changed hands.
    original, copy = district_and_province(1)
    collect_once(store, "dak-to-tin", [original])
    collect_once(store, "tinh", [copy])
    raised = [replace(s, authority=5) if s.id == "tinh" else s for s in config.sources]
    store.sync_sources(raised)
    assert not store.unhide(article_id(original.url), now=NOW + timedelta(hours=1))
    [entry] = store.feed_entries(config)
    assert (entry.url, entry.origin.source_id) == (original.url, "dak-to-tin")


def test_a_story_taken_over_is_updated_when_it_was_taken_over(store: Store, config: Config) -> None:
    original, copy = district_and_province(1)
    assert original.published < copy.published  # the province republished it later
    collect_once(store, "tinh", [copy])
    [published] = store.feed_entries(config)
    later = NOW + timedelta(days=1)
    collect_once(store, "dak-to-tin", [original], later)
    [entry] = store.feed_entries(config)
    # Readers that go by `updated` take the new address and attribution: it moved
    # forward, to the takeover, not back to the original's older date.
    assert entry.id == published.id and entry.url == original.url
    assert entry.updated == later > published.updated
    assert entry.published == original.published


def test_a_story_taken_over_keeps_its_place_in_the_archives(store: Store, config: Config) -> None:
    # Archive pages are cut by seq: given the new article's, the entry left the complete
    # page it was on (rewritten, which must never happen) for a later one.
    original, copy = district_and_province(1)
    collect_once(store, "tinh", [copy])
    [published] = store.feed_entries(config)
    between = replace(pair("republished", 6)[0], source_id="dak-to-tin", district="dak-to")
    collect_once(store, "dak-to-tin", [between])  # another story, stored in between
    collect_once(store, "dak-to-tin", [original], NOW + timedelta(days=1))
    entries = {e.id: e for e in store.feed_entries(config, texts=False)}
    entry = entries[published.id]
    assert entry.seq == published.seq < min(e.seq for e in entries.values() if e is not entry)
    # ...and shows the new article's text, read by that article's seq
    [whole] = store.entry_texts()([entry]).values()
    assert (whole.url, whole.content_html) == (original.url, original.content_html)


def ranked_first(config: Config, source_id: str) -> Config:
    """The config with `source_id` outranking every other source (authority 5)."""
    sources = tuple(replace(s, authority=5) if s.id == source_id else s for s in config.sources)
    return replace(config, sources=sources)


def kon_plong_copy(original: Article, n: int) -> Article:
    """A third copy of a district story, from another district's portal."""
    return replace(
        original,
        url=f"http://konplong.example.vn/tin/{n}",
        source_id="kon-plong-tin",
        district="kon-plong",
    )


_SYLLABLES = (
    "dân vận cán bộ nhân dân xã thôn làng ban hội nghị tổng kết công tác phong trào "
    "thi đua kinh tế văn hóa giáo dục y tế nông nghiệp chăn nuôi trồng trọt rừng "
    "đường giao thông điện nước sạch trường học trạm đào tạo nghề"
)


def _paragraphs(seed: int, count: int) -> list[str]:
    """Paragraphs sharing no run of words: each is its own draw of district syllables."""
    rng = random.Random(seed)
    syllables = _SYLLABLES.split()
    return [
        "<p>" + " ".join(rng.choice(syllables) for _ in range(40)) + ".</p>" for _ in range(count)
    ]


_PARTS = _paragraphs(7, 8)


def test_a_copy_tied_with_a_stored_copy_it_does_not_resemble_takes_no_story(
    store: Store,
) -> None:
    # The leader, timed 10:00; a copy of its first half dated by the day alone (a tie,
    # so a copy); a copy of its second half timed 08:00, before the leader but tied with
    # the first copy, which its text does not bring up as a candidate.
    day = datetime(2025, 3, 8, tzinfo=timezone(timedelta(hours=7)))
    original, _ = district_and_province(5)
    leader = replace(original, content_html="".join(_PARTS), published=day + timedelta(hours=10))
    first_half = replace(kon_plong_copy(leader, 5), content_html="".join(_PARTS[:4]), published=day)
    second_half = replace(
        leader,
        url="https://tinh.example.vn/tin/5",
        source_id="tinh",
        district=None,
        content_html="".join(_PARTS[4:]),
        published=day + timedelta(hours=8),
    )
    collect_once(store, "dak-to-tin", [leader])
    collect_once(store, "kon-plong-tin", [first_half])
    collect_once(store, "tinh", [second_half])
    for copy in (first_half, second_half):
        got = store.article(article_id(copy.url))
        assert got is not None and got.canonical_of == article_id(leader.url)


def test_a_story_taken_over_twice_keeps_its_first_entry_id(tmp_path: Path, config: Config) -> None:
    config = ranked_first(config, "kon-plong-tin")
    original, copy = district_and_province(4)
    third = kon_plong_copy(original, 4)
    with Store(tmp_path / "twice.db") as store:
        store.sync_sources(config.sources)
        collect_once(store, "tinh", [copy])
        [first] = store.feed_entries(config)
        collect_once(store, "dak-to-tin", [original])
        collect_once(store, "kon-plong-tin", [third])
        [entry] = store.feed_entries(config)
        assert entry.url == third.url
        assert entry.id == first.id
        assert sorted(o.source_id for o in entry.also_on) == ["dak-to-tin", "tinh"]
        assert store.article_of_entry(article_id(copy.url)) == article_id(third.url)
        ids = store._db.execute("SELECT article_id, entry_id FROM entry_ids").fetchall()
        assert ids == [(article_id(third.url), article_id(copy.url))]


def test_authority_from_the_config_makes_the_province_canonical(
    tmp_path: Path, config: Config
) -> None:
    config = ranked_first(config, "tinh")
    original, copy = district_and_province(2)
    third = kon_plong_copy(original, 1)
    with Store(tmp_path / "authority.db") as store:
        store.sync_sources(config.sources)
        assert store.source_authority()["tinh"] == 5
        collect_once(store, "dak-to-tin", [original])
        collect_once(store, "kon-plong-tin", [third])
        collect_once(store, "tinh", [copy])
        [entry] = store.feed_entries(config)
        assert entry.url == copy.url
        assert entry.origin.source_id == "tinh"
        assert [o.source_id for o in entry.also_on] == ["dak-to-tin", "kon-plong-tin"]
        # one level: every copy points at the root
        for url in (original.url, third.url):
            got = store.article(article_id(url))
            assert got is not None and got.canonical_of == article_id(copy.url)


def test_an_edited_duplicate_stays_merged(store: Store, config: Config) -> None:
    original, copy = district_and_province(3)
    collect_once(store, "dak-to-tin", [original])
    collect_once(store, "tinh", [copy])
    edited = replace(
        copy,
        title=copy.title + " (cập nhật)",
        content_html=copy.content_html + "<p>Bổ sung.</p>",
        content_hash="v2",
    )
    [update] = collect_once(store, "tinh", [edited], NOW + timedelta(hours=3))
    assert isinstance(update, Update)
    got = store.article(article_id(copy.url))
    assert got is not None and got.article.title == edited.title
    assert got.canonical_of == article_id(original.url)
    [entry] = store.feed_entries(config)
    assert entry.url == original.url and [o.source_id for o in entry.also_on] == ["tinh"]
    # an edited canonical keeps its copies, and later copies still find the story
    rewritten = replace(
        original, content_html=original.content_html + "<p>Thêm một đoạn.</p>", content_hash="v2"
    )
    collect_once(store, "dak-to-tin", [rewritten], NOW + timedelta(hours=4))
    third = replace(
        original,
        url="http://konplong.example.vn/tin/2",
        source_id="kon-plong-tin",
        district="kon-plong",
    )
    [change] = collect_once(store, "kon-plong-tin", [third], NOW + timedelta(hours=5))
    assert change.duplicate_of == article_id(original.url)
    assert len(store.feed_entries(config)) == 1


def test_candidates_respect_the_window_and_resolve_roots(store: Store) -> None:
    original, copy = district_and_province(4)
    collect_once(store, "dak-to-tin", [original])
    collect_once(store, "tinh", [copy])
    third = replace(copy, url="http://konplong.example.vn/tin/3", source_id="kon-plong-tin")
    found = {s.article.url for s in store.story_candidates([third])}
    assert found == {original.url, copy.url}
    late = replace(third, published=original.published + timedelta(days=6))
    assert store.story_candidates([late]) == []
    unrelated = as_article(next(p for p in PAIRS if p["kind"] == "same-topic")["a"])
    assert store.story_candidates([replace(unrelated, published=original.published)]) == []
    assert store.story_candidates([]) == []


def test_candidates_read_each_day_of_prints_once(store: Store) -> None:
    original, copy = district_and_province(5)
    collect_once(store, "dak-to-tin", [original])
    db = store._db
    plan = " ".join(
        str(r[-1])
        for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT seq, day, sketch FROM story_prints WHERE day IN (1, 2)"
        )
    )
    assert "SEARCH story_prints USING INDEX story_prints_day (day=?)" in plan
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        first = store.story_candidates([copy])
        second = store.story_candidates([copy])
    finally:
        db.conn.set_trace_callback(None)
    assert [s.article.url for s in first] == [s.article.url for s in second] == [original.url]
    # the days around the copy are read once, in one statement; then they are indexed
    assert sum("FROM story_prints" in s for s in statements) == 1


def test_the_band_index_sees_other_connections_writes(tmp_path: Path, config: Config) -> None:
    original, copy = district_and_province(8)
    path = tmp_path / "shared.db"
    with Store(path) as reader, Store(path) as writer:
        reader.sync_sources(config.sources)
        assert reader.story_candidates([copy]) == []  # indexes the (empty) days around it
        collect_once(writer, "dak-to-tin", [original])
        assert [s.article.url for s in reader.story_candidates([copy])] == [original.url]


def test_the_band_index_stays_within_its_capacity(store: Store) -> None:
    originals = [
        replace(a, published=NOW - timedelta(days=30 * i), url=f"{a.url}?d={i}")
        for i, (a, _) in enumerate(district_and_province(n) for n in range(6))
    ]
    for original in originals:
        collect_once(store, "dak-to-tin", [original])
    store._bands.capacity = 2
    for i, original in enumerate(originals):
        found = store.story_candidates([replace(original, url=f"{original.url}&copy")])
        assert [s.article.url for s in found] == [original.url]
        assert len(store._bands._prints) <= 2, i
    # an evicted day is read again when needed
    found = store.story_candidates([replace(originals[0], url="http://x.example.vn/again")])
    assert [s.article.url for s in found] == [originals[0].url]


def test_a_store_from_before_story_prints_is_backfilled(tmp_path: Path, config: Config) -> None:
    original, copy = district_and_province(6)
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.sync_sources(config.sources)
        collect_once(store, "dak-to-tin", [original])
    # Undo the migration, as if the file had been written by an older release.
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE story_prints; ALTER TABLE sources DROP COLUMN authority; "
        "DELETE FROM _sqlite_migrations "
        "WHERE name IN ('m003_story_prints', 'm006_band_index_in_memory');"
    )
    conn.close()
    with Store(path) as store:
        assert [s.article.url for s in store.story_candidates([copy])] == [original.url]


def test_collection_merges_a_republished_story(store: Store, config: Config) -> None:
    original, copy = district_and_province(7)
    ctx: Any = SimpleNamespace(now=NOW, conditional=True)
    for source_id, article in (("dak-to-tin", original), ("tinh", copy)):
        run = collect._record_harvest(
            config.source(source_id),
            ctx,
            store,
            Harvest(source_id, articles=[article]),
            time.monotonic(),
        )
        assert (run.status, run.new) == ("ok", 1)
    [entry] = store.feed_entries(config)
    assert [o.source_id for o in entry.also_on] == ["tinh"]


def test_a_rolled_back_store_leaves_nothing_in_the_band_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, copy = district_and_province(9)
    collect_once(store, "dak-to-tin", [original])
    assert store.story_candidates([copy])  # the days around it are indexed now
    indexed = set(store._bands._prints)

    def broken(*args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("syndicate.store._cache.save_cache", broken)
    other = replace(copy, url="http://tinh.example.vn/khac", title="Một tin khác hẳn")
    with pytest.raises(sqlite3.OperationalError):
        collect_once(store, "tinh", [other])
    assert set(store._bands._prints) <= indexed  # the insert that was rolled back is gone
    monkeypatch.undo()
    assert [s.article.url for s in store.story_candidates([copy])] == [original.url]


_BIN = st.integers(min_value=0, max_value=2**32 - 1)


@given(
    st.lists(_BIN, min_size=SKETCH_BINS, max_size=SKETCH_BINS),
    st.lists(st.one_of(st.none(), _BIN), min_size=SKETCH_BINS, max_size=SKETCH_BINS),
)
def test_the_estimate_of_sketch_numbers_is_the_estimate_of_sketches(
    first: list[int], changes: list[int | None]
) -> None:
    # Bins left as they were agree; the others take any value, the same one included.
    second = [a if b is None else b for a, b in zip(first, changes, strict=True)]
    numbers = (sketch_number(pack_sketch(first)), sketch_number(pack_sketch(second)))
    assert estimate_numbers(*numbers) == estimate(first, second)


def test_sketch_numbers_compare_bins_not_bits() -> None:
    # One bit set anywhere in a bin makes that bin, and only that bin, disagree.
    base = [0] * SKETCH_BINS
    for bin_ in (0, 1, SKETCH_BINS - 1):
        for bit in (0, 1, 15, 16, 31):
            other = list(base)
            other[bin_] = 1 << bit
            got = estimate_numbers(
                sketch_number(pack_sketch(base)), sketch_number(pack_sketch(other))
            )
            assert got == (SKETCH_BINS - 1) / SKETCH_BINS, (bin_, bit)


# Pages as normalizing reads them --------------------------------------------------


def page(
    config: Config, source_id: str, url: str, title: str, body: str, published: str
) -> Article:
    """An article as collection stores it: no summary on the page, so the lead stands in."""
    raw = RawItem(url=url, title=title, published=published, content_html=body)
    return normalize(raw, config.source(source_id), config, now=NOW)


def test_two_districts_short_notices_stay_apart(store: Store, config: Config) -> None:
    # A ten-word notice: its summary is its only paragraph, which is still ten words.
    body = "<p>Chi tiết xem tại văn bản đính kèm dưới đây.</p>"
    title = "Thông báo tuyển dụng viên chức"
    dak_to = page(config, "dak-to-tin", "http://dakto.example.vn/tin/1", title, body, "05/06/2025")
    kon_plong = page(
        config, "kon-plong-tin", "http://konplong.example.vn/tin/9", title, body, "05/06/2025"
    )
    assert dak_to.summary == "Chi tiết xem tại văn bản đính kèm dưới đây."
    collect_once(store, "dak-to-tin", [dak_to])
    [change] = collect_once(store, "kon-plong-tin", [kon_plong])
    assert change == Insert(article_id(kon_plong.url), kon_plong)
    assert len(store.feed_entries(config)) == 2


_VACCINATION = (
    "<p><strong>Ngày 18/7, ngành y tế huyện Đăk Tô ra quân tiêm vắc xin cho trẻ em ở các "
    "thôn xa trung tâm.</strong></p><p>Trước khi tiêm, trẻ được khám sàng lọc, tư vấn và "
    "theo dõi ít nhất 30 phút sau tiêm. Một số phụ huynh ở vùng sâu còn e ngại phản ứng sau "
    "tiêm nên cán bộ y tế phải đến nhà nhiều lần.</p><p>Trung tâm Y tế huyện đã tập huấn "
    "cho 150 nhân viên y tế thôn bản về quy trình tiêm chủng an toàn. Kinh phí chiến dịch do "
    "ngân sách tỉnh và Chương trình tiêm chủng mở rộng quốc gia bảo đảm.</p>"
)


def test_a_copy_under_another_byline_is_merged(store: Store, config: Config) -> None:
    original = page(
        config,
        "dak-to-tin",
        "http://dakto.example.vn/tin/1",
        "Đăk Tô đẩy mạnh tiêm chủng mở rộng ở vùng sâu, vùng xa",
        _VACCINATION + "<p>A LỰC - Văn phòng HĐND-UBND huyện</p>",
        "18/07/2025",
    )
    copy = page(
        config,
        "tinh",
        "https://tinh.example.vn/tin/1",
        "[Đăk Tô] Đẩy mạnh tiêm chủng mở rộng ở vùng sâu, vùng xa",
        _VACCINATION + "<p>Thanh Hà (TH)</p>",
        "18/07/2025 20:15",
    )
    assert (original.author, copy.author) == ("A Lực", "Thanh Hà")
    collect_once(store, "dak-to-tin", [original])
    [change] = collect_once(store, "tinh", [copy])
    assert change == Insert(article_id(copy.url), copy, duplicate_of=article_id(original.url))
    [entry] = store.feed_entries(config)
    assert entry.url == original.url and [o.source_id for o in entry.also_on] == ["tinh"]


def test_a_copy_that_gives_the_date_its_year_is_merged(store: Store, config: Config) -> None:
    original = page(
        config,
        "dak-to-tin",
        "http://dakto.example.vn/tin/2",
        "Đăk Tô đẩy mạnh tiêm chủng mở rộng ở vùng sâu, vùng xa",
        _VACCINATION,
        "18/07/2025",
    )
    copy = page(
        config,
        "tinh",
        "https://tinh.example.vn/tin/2",
        "Đẩy mạnh tiêm chủng mở rộng ở vùng sâu, vùng xa",
        _VACCINATION.replace("Ngày 18/7,", "Ngày 18/7/2025,"),
        "19/07/2025 07:00",
    )
    collect_once(store, "dak-to-tin", [original])
    [change] = collect_once(store, "tinh", [copy])
    assert change == Insert(article_id(copy.url), copy, duplicate_of=article_id(original.url))

    # another day is another notice, and another year another date
    def copy_of(date: str) -> Article:
        body = _VACCINATION.replace("Ngày 18/7,", f"Ngày {date},")
        return page(config, "tinh", copy.url, copy.title, body, "19/07/2025 07:00")

    assert not same_story(story_print(original), story_print(copy_of("19/7/2025")))
    assert not same_story(story_print(copy), story_print(copy_of("18/7/2024")))


def test_a_title_that_gives_the_date_its_year_is_the_same_title() -> None:
    original, copy = pair("republished", 10)
    dated = story_print(replace(original, title=original.title + " ngày 18/7"))
    with_year = story_print(replace(copy, title=copy.title + " ngày 18/7/2025"))
    assert same_story(dated, with_year)
    assert not same_story(dated, story_print(replace(copy, title=copy.title + " ngày 19/7/2025")))
    # a title that gains a second number is another one
    assert not same_story(dated, story_print(replace(copy, title=copy.title + " ngày 18/7, 19/7")))
