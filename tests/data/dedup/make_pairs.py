"""Write pairs.json: labelled article pairs for the near-duplicate matcher.

Run `python tests/data/dedup/make_pairs.py` to regenerate; the output is the same on
every run (one seeded RNG). District stories are composed from the sentence banks in
bank.py, written for this set: a topic's sentences with their places, people and
figures filled in. Each pair is labelled:

- same: a story and a republished copy with the edits portal editors make (a title
  prefix, another case, tone placement or punctuation; paragraphs reflowed or laid out
  with <div> or <br>; the byline, the picture or the last paragraph dropped; the lead
  cut to its first sentence; a sentence reworded; a credit added; decomposed Unicode);
- different: hard negatives that share much of their text without being one story:
  the same boilerplate title over different bodies, one announcement template filled
  with other dates, names, places and figures, and one topic reported by two districts.
"""

from __future__ import annotations

import json
import random
import unicodedata
import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bank import (  # run as a script: this folder is on sys.path
    DISTRICTS,
    FAMILY,
    GIVEN,
    LEADERS,
    MIDDLE,
    OFFICES,
    REWORDINGS,
    TONE_PAIRS,
    TOPICS,
    VILLAGES,
)

SEED = 20250605
OUT = Path(__file__).with_name("pairs.json")


@dataclass
class Story:
    topic: str
    district: str
    title: str
    sapo: str
    paragraphs: list[str]
    closing: str
    caption: str
    image_at: int  # the picture follows this paragraph
    byline: str
    published: datetime
    credit: str = ""
    html_style: str = "p"  # "p", "div" or "br": how a portal's editor lays text out
    extra: dict[str, Any] = field(default_factory=dict)

    def html(self, host: str) -> str:
        figure = (
            f'<figure><img src="http://{host}/Uploads/images/{self.published:%Y}/anh-{zlib.crc32(self.sapo.encode()) % 9999}.jpg">'
            f"<figcaption>{self.caption}</figcaption></figure>"
            if self.caption
            else ""
        )
        blocks = [f"<strong>{self.sapo}</strong>", *self.paragraphs]
        if self.closing:
            blocks.append(self.closing)
        if self.byline:
            blocks.append(self.byline)
        if self.credit:
            blocks.append(f"<em>{self.credit}</em>")
        out = []
        for i, block in enumerate(blocks):
            if self.html_style == "br" and 0 < i < len(blocks) - 1:
                out.append(f"{block}<br><br>")
            elif self.html_style == "div":
                out.append(f"<div>{block}</div>")
            else:
                out.append(f"<p>{block}</p>")
            if figure and i == self.image_at + 1:
                out.append(figure)
        if self.html_style == "br":
            return "<p>" + "".join(out) + "</p>"
        return "".join(out)


def number(n: int) -> str:
    """Vietnamese digit grouping: 1.250."""
    return f"{n:,}".replace(",", ".")


def decimal(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)},{rng.randint(1, 9)}"


def person(rng: random.Random) -> str:
    family = rng.choice(FAMILY)
    if family in ("Y", "A"):
        return f"{family} {rng.choice(GIVEN)}"
    return f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def slots(rng: random.Random, district: str, year: int, when: datetime) -> dict[str, str]:
    name, communes = DISTRICTS[district]
    xa, xa2 = rng.sample(communes, 2)
    later = when + timedelta(days=rng.randint(5, 25))
    return {
        "huyen": name,
        "xa": xa,
        "xa2": xa2,
        "nguoi": person(rng),
        "chucvu": rng.choice(LEADERS),
        "dan": f"{person(rng)} ({xa}),",
        "ngay": f"{when.day}/{when.month}",
        "ngay2": f"{later.day}/{later.month}",
        "nam": str(year),
        "nam_truoc": str(year - 1),
        "nam_sau": str(year + 1),
        "ty": decimal(rng, 2, 90),
        "ty2": decimal(rng, 1, 9),
        "pct": str(rng.randint(62, 98)),
        "pct_small": str(rng.randint(2, 9)),
        "pct_high": str(rng.randint(90, 100)),
        "pct_half": str(rng.choice((30, 40, 50, 60, 70))),
        "dec": str(rng.randint(1, 9)),
        "thu_nhap": str(rng.randint(26, 48)),
        "ha": str(rng.randint(12, 900)),
        "ha2": number(rng.randint(1_100, 9_800)),
        "so_nguoi": str(rng.randint(80, 640)),
        "so_ho": str(rng.randint(12, 240)),
        "xa_count": str(rng.randint(2, 12)),
        "xa_total": str(rng.randint(5, 15)),
        "so_tap_the": str(rng.randint(5, 30)),
        "so_ca_nhan": str(rng.randint(10, 60)),
        "tan": str(rng.randint(2, 30)),
        "so_cay": number(rng.randint(200, 3_000)),
        "so_mo_hinh": str(rng.randint(5, 40)),
        "so_tui": number(rng.randint(200, 2_000)),
        "so_diem": str(rng.randint(5, 40)),
        "so_cong_trinh": str(rng.randint(2, 20)),
        "km": decimal(rng, 1, 12),
        "km2": decimal(rng, 2, 25),
        "so_tre": number(rng.randint(800, 5_000)),
        "so_can_bo": str(rng.randint(20, 150)),
        "so_ca": str(rng.randint(1, 12)),
        "nang_suat": decimal(rng, 2, 4),
        "so_hs": number(rng.randint(5_000, 20_000)),
        "so_truong": str(rng.randint(20, 60)),
        "so_lop": str(rng.randint(300, 900)),
        "so_lop_them": str(rng.randint(3, 30)),
        "so_hs_ra_lop": str(rng.randint(10, 150)),
        "so_gv": str(rng.randint(10, 90)),
        "so_hsg": str(rng.randint(10, 80)),
        "m2": number(rng.randint(2_000, 15_000)),
        "so_ngay": str(rng.randint(5, 30)),
        "so_nha": str(rng.randint(5, 30)),
        "m2nha": str(rng.randint(30, 60)),
        "trieu": str(rng.randint(50, 80)),
        "so_nha2": str(rng.randint(40, 300)),
        "so_choi": str(rng.randint(5, 30)),
        "so_vu": str(rng.randint(1, 9)),
        "so_tan_binh": str(rng.randint(60, 200)),
        "so_dang_vien": str(rng.randint(2, 15)),
        "so_thang": str(rng.randint(3, 9)),
    }


def byline(rng: random.Random) -> str:
    return f"{person(rng).upper()} - {rng.choice(OFFICES)}"


def moment(rng: random.Random) -> datetime:
    day = datetime(2023, 1, 2, tzinfo=UTC) + timedelta(days=rng.randint(0, 900))
    return day + timedelta(hours=rng.randint(0, 10), minutes=rng.choice((0, 15, 30, 45)))


def compose(
    rng: random.Random,
    topic_key: str,
    district: str,
    *,
    title: str | None = None,
    when: datetime | None = None,
) -> Story:
    topic = TOPICS[topic_key]
    when = when or moment(rng)
    values = slots(rng, district, when.year, when)
    sentences = rng.sample(topic.body, rng.randint(5, min(8, len(topic.body))))
    paragraphs = []
    while sentences:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(s.format(**values) for s in sentences[:size]))
        sentences = sentences[size:]
    return Story(
        topic=topic_key,
        district=district,
        title=(title or rng.choice(topic.titles)).format(**values),
        sapo=rng.choice(topic.openings).format(**values),
        paragraphs=paragraphs,
        closing=rng.choice(topic.closings).format(**values),
        caption=rng.choice(topic.captions).format(**values) if rng.random() < 0.8 else "",
        image_at=rng.randint(0, max(0, len(paragraphs) - 1)),
        byline=byline(rng) if rng.random() < 0.85 else "",
        published=when,
    )


# Announcements: one template per kind; a district fills it in each month or each time.
def reception_schedule(
    rng: random.Random,
    district: str,
    month: int,
    year: int,
    *,
    leaders: tuple[str, str] | None = None,
    with_month: bool = True,
) -> Story:
    name, _ = DISTRICTS[district]
    first, second = leaders or (person(rng), person(rng))
    days = sorted(rng.sample(range(3, 28), 2))
    title = (
        f"Thông báo lịch tiếp công dân định kỳ tháng {month} năm {year}"
        if with_month
        else "Thông báo lịch tiếp công dân định kỳ của lãnh đạo Ủy ban nhân dân huyện"
    )
    return Story(
        topic="tiep-cong-dan",
        district=district,
        title=title,
        sapo=(
            "Căn cứ Luật Tiếp công dân năm 2013 và Nghị định số 64/2014/NĐ-CP của Chính phủ, "
            f"Ủy ban nhân dân huyện {name} thông báo lịch tiếp công dân định kỳ của lãnh đạo "
            f"Ủy ban nhân dân huyện tháng {month} năm {year} như sau:"
        ),
        paragraphs=[
            f"1. Ngày {days[0]:02d}/{month:02d}/{year}: đồng chí {first} – Chủ tịch Ủy ban nhân dân huyện tiếp công dân.",
            f"2. Ngày {days[1]:02d}/{month:02d}/{year}: đồng chí {second} – Phó Chủ tịch Ủy ban nhân dân huyện tiếp công dân.",
            "Thời gian: buổi sáng từ 7 giờ 30 đến 11 giờ 00; buổi chiều từ 13 giờ 30 đến 17 giờ 00.",
            f"Địa điểm: Trụ sở Ban Tiếp công dân huyện {name}.",
            "Công dân đến trình bày khiếu nại, tố cáo, kiến nghị, phản ánh mang theo căn cước và các tài liệu liên quan.",
        ],
        closing="Ủy ban nhân dân huyện thông báo để các cơ quan, đơn vị và Nhân dân biết, thực hiện.",
        caption="",
        image_at=0,
        byline="",
        published=datetime(year, month, 1, 2, 0, tzinfo=UTC) - timedelta(days=rng.randint(0, 2)),
        extra={"leaders": (first, second)},
    )


def power_cut(rng: random.Random, district: str, when: datetime, phone: str) -> Story:
    name, communes = DISTRICTS[district]
    start = rng.choice((6, 7, 8, 13))
    villages = ", ".join(rng.sample(VILLAGES, rng.randint(2, 4)))
    return Story(
        topic="cat-dien",
        district=district,
        title="Thông báo lịch tạm ngừng cung cấp điện",
        sapo=f"Điện lực {name} thông báo tạm ngừng cung cấp điện để bảo dưỡng, sửa chữa lưới điện như sau:",
        paragraphs=[
            f"Thời gian: từ {start} giờ 00 đến {start + rng.randint(2, 4)} giờ 30 ngày {when.day:02d}/{when.month:02d}/{when.year}.",
            f"Khu vực: {villages} thuộc {rng.choice(communes)}.",
            f"Lý do: {rng.choice(['thay cột điện hư hỏng', 'phát quang hành lang tuyến', 'lắp đặt trạm biến áp mới'])}.",
        ],
        closing=(
            f"Điện lực {name} xin thông báo để khách hàng biết và chủ động sắp xếp sản xuất, "
            f"sinh hoạt. Mọi thắc mắc xin liên hệ số điện thoại {phone}."
        ),
        caption="",
        image_at=0,
        byline="",
        published=when - timedelta(days=rng.randint(2, 4)),
    )


def recruitment(rng: random.Random, district: str, year: int) -> Story:
    name, _ = DISTRICTS[district]
    total = rng.randint(12, 80)
    kindergarten = rng.randint(2, total // 3)
    primary = rng.randint(2, total // 3)
    deadline = datetime(year, rng.randint(5, 9), rng.randint(1, 28), tzinfo=UTC)
    return Story(
        topic="tuyen-dung",
        district=district,
        title=f"Thông báo tuyển dụng viên chức giáo dục năm {year}",
        sapo=(
            f"Ủy ban nhân dân huyện {name} thông báo tuyển dụng {total} chỉ tiêu viên chức làm việc "
            "tại các trường mầm non, tiểu học và trung học cơ sở công lập trực thuộc."
        ),
        paragraphs=[
            f"Cụ thể: giáo viên mầm non {kindergarten} chỉ tiêu; giáo viên tiểu học {primary} chỉ tiêu; "
            f"giáo viên trung học cơ sở {total - kindergarten - primary} chỉ tiêu.",
            "Người dự tuyển phải có trình độ chuẩn được đào tạo theo quy định của Luật Giáo dục và có đủ sức khỏe để thực hiện nhiệm vụ.",
            f"Hồ sơ nộp tại Phòng Nội vụ huyện {name} trong giờ hành chính, hạn cuối ngày {deadline.day:02d}/{deadline.month:02d}/{year}.",
            "Việc tuyển dụng thực hiện bằng hình thức xét tuyển qua hai vòng theo Nghị định số 115/2020/NĐ-CP.",
        ],
        closing=f"Chi tiết xin liên hệ Phòng Nội vụ huyện, điện thoại 0260.38{rng.randint(10000, 99999)}.",
        caption="",
        image_at=0,
        byline="",
        published=datetime(year, rng.randint(3, 5), rng.randint(1, 28), 3, 0, tzinfo=UTC),
    )


def poor_households(rng: random.Random, district: str, commune: str, year: int) -> Story:
    name, _ = DISTRICTS[district]
    poor = rng.randint(20, 260)
    near = rng.randint(15, 200)
    start = datetime(year, 11, rng.randint(1, 20), tzinfo=UTC)
    return Story(
        topic="ho-ngheo",
        district=district,
        title=f"Niêm yết công khai danh sách hộ nghèo, hộ cận nghèo năm {year}",
        sapo=(
            f"Ủy ban nhân dân {commune}, huyện {name} niêm yết công khai kết quả rà soát hộ nghèo, "
            f"hộ cận nghèo năm {year} trên địa bàn xã."
        ),
        paragraphs=[
            f"Kết quả rà soát, toàn xã có {poor} hộ nghèo và {near} hộ cận nghèo.",
            f"Danh sách được niêm yết tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn từ ngày {start.day:02d}/11/{year}.",
            "Trong thời gian niêm yết, người dân có ý kiến thắc mắc, khiếu nại gửi về Ủy ban nhân dân xã để được xem xét, giải quyết.",
        ],
        closing=f"Thời gian niêm yết là {rng.choice((5, 7, 10))} ngày làm việc.",
        caption="",
        image_at=0,
        byline="",
        published=start + timedelta(hours=2),
    )


# Copy edits -----------------------------------------------------------------------


def swap_tones(text: str, rng: random.Random) -> str:
    for old, new in TONE_PAIRS:
        text = text.replace(old, new) if rng.random() < 0.9 else text
    return text


def edit_title(rng: random.Random, story: Story, edits: list[str]) -> str:
    title = story.title
    name = DISTRICTS[story.district][0]
    choice = rng.random()
    if choice < 0.55:
        prefix = rng.choice(
            [f"[{name}] ", "[Kon Tum] ", f"{name}: ", f"({name}) ", f"{name.upper()} - "]
        )
        title = prefix + title
        edits.append("title-prefix")
    if rng.random() < 0.3:
        title = title.upper()
        edits.append("title-upper")
    elif rng.random() < 0.2:
        title = title[0] + title[1:].lower()
        edits.append("title-lower")
    if rng.random() < 0.5:
        title = swap_tones(title, rng)
        edits.append("title-tones")
    if rng.random() < 0.3:
        title = title.replace(",", "") + "."
        edits.append("title-punctuation")
    return title


def reword(rng: random.Random, sentence_block: str) -> str:
    for old, new in rng.sample(REWORDINGS, len(REWORDINGS)):
        if old in sentence_block:
            return sentence_block.replace(old, new, 1)
    return "Theo đó, " + sentence_block[0].lower() + sentence_block[1:]


def republish(rng: random.Random, story: Story, *, credit_from: str) -> tuple[Story, list[str]]:
    """A copy of `story` as another portal's editor would post it."""
    edits: list[str] = []
    copy = replace(story, paragraphs=list(story.paragraphs), extra={})
    copy.title = edit_title(rng, story, edits)
    body_edits = rng.sample(
        [
            "reflow",
            "drop-byline",
            "drop-image",
            "drop-last",
            "reword",
            "tones",
            "credit",
            "layout",
            "nfd",
            "trim-sapo",
        ],
        rng.randint(2, 4),
    )
    for edit in body_edits:
        if edit == "reflow" and len(copy.paragraphs) > 1:
            i = rng.randrange(len(copy.paragraphs) - 1)
            copy.paragraphs[i : i + 2] = [copy.paragraphs[i] + " " + copy.paragraphs[i + 1]]
        elif edit == "drop-byline" and copy.byline:
            copy.byline = ""
        elif edit == "drop-image" and copy.caption:
            copy.caption = ""
        elif edit == "drop-last":
            if copy.closing:
                copy.closing = ""
            elif len(copy.paragraphs) > 2:
                copy.paragraphs.pop()
            else:
                continue
        elif edit == "reword":
            i = rng.randrange(len(copy.paragraphs))
            copy.paragraphs[i] = reword(rng, copy.paragraphs[i])
        elif edit == "tones":
            copy.sapo = swap_tones(copy.sapo, rng)
            copy.paragraphs = [swap_tones(p, rng) for p in copy.paragraphs]
        elif edit == "trim-sapo" and ". " in copy.sapo:
            copy.sapo = copy.sapo.split(". ")[0] + "."
        elif edit == "credit":
            copy.credit = f"(Theo Cổng thông tin điện tử {credit_from})"
        elif edit == "layout":
            copy.html_style = rng.choice(("div", "br"))
        elif edit == "nfd":
            copy.sapo = unicodedata.normalize("NFD", copy.sapo)
            copy.paragraphs = [unicodedata.normalize("NFD", p) for p in copy.paragraphs]
        else:
            continue
        edits.append(edit)
    copy.published = story.published + timedelta(hours=rng.randint(1, 40))
    return copy, edits


# Output ---------------------------------------------------------------------------

HOSTS = {d: f"{d.replace('-', '')}.kontum.example.vn" for d in DISTRICTS}


def article(story: Story, source: str, n: int) -> dict[str, Any]:
    host = "kontum.example.vn" if source == "tinh" else HOSTS[story.district]
    html = story.html(host)
    summary = unicodedata.normalize("NFC", story.sapo)
    if len(summary) > 200:
        summary = summary[:197].rsplit(" ", 1)[0] + "…"
    return {
        "url": f"http://{host}/tin-tuc/bai-{n}",
        "source_id": source if source == "tinh" else f"{story.district}-{source}",
        "district": None if source == "tinh" else story.district,
        "title": story.title,
        "summary": summary,
        "content_html": html,
        "published": story.published.isoformat(),
    }


def main() -> None:
    rng = random.Random(SEED)
    pairs: list[dict[str, Any]] = []
    counter = iter(range(1, 10_000))

    def add(
        label: bool, kind: str, a: tuple[Story, str], b: tuple[Story, str], edits: list[str]
    ) -> None:
        pairs.append(
            {
                "id": f"{'same' if label else 'diff'}-{len(pairs) + 1:03d}",
                "label": label,
                "kind": kind,
                "edits": edits,
                "a": article(a[0], a[1], next(counter)),
                "b": article(b[0], b[1], next(counter)),
            }
        )

    districts = list(DISTRICTS)
    # Republications of news stories: the province takes a district story, or a
    # district takes a neighbour's.
    for i in range(110):
        topic = list(TOPICS)[i % len(TOPICS)]
        original = compose(rng, topic, rng.choice(districts))
        to_province = rng.random() < 0.7
        copy, edits = republish(
            rng, original, credit_from=f"huyện {DISTRICTS[original.district][0]}"
        )
        add(
            True,
            "republished",
            (original, "tin"),
            (copy, "tinh" if to_province else "tin-lai"),
            edits,
        )
    # Republished announcements: schedules and notices copied whole.
    for i in range(30):
        district = rng.choice(districts)
        year = rng.choice((2023, 2024, 2025))
        maker = i % 4
        if maker == 0:
            original = reception_schedule(rng, district, rng.randint(1, 12), year)
        elif maker == 1:
            original = power_cut(rng, district, moment(rng), f"0260.38{rng.randint(10000, 99999)}")
        elif maker == 2:
            original = recruitment(rng, district, year)
        else:
            original = poor_households(rng, district, rng.choice(DISTRICTS[district][1]), year)
        copy, edits = republish(rng, original, credit_from=f"huyện {DISTRICTS[district][0]}")
        add(True, "republished-announcement", (original, "thong-bao"), (copy, "tinh"), edits)

    # Hard negatives 1: the same boilerplate title over two districts' own stories.
    for _ in range(35):
        first, second = rng.sample(districts, 2)
        when = moment(rng)
        a = compose(rng, "hoi-nghi", first, when=when)
        b = compose(rng, "hoi-nghi", second, when=when + timedelta(hours=rng.randint(0, 48)))
        b.title = a.title
        add(False, "same-title", (a, "tin"), (b, "tin"), [])
    # Hard negatives 2: one announcement template, other dates, names and figures.
    for i in range(45):
        district = rng.choice(districts)
        year = rng.choice((2023, 2024, 2025))
        kind = i % 5
        if kind in (0, 1):  # next month's schedule, same leaders; every other one untitled
            month = rng.randint(1, 11)
            a = reception_schedule(rng, district, month, year, with_month=kind == 0)
            b = reception_schedule(
                rng, district, month + 1, year, leaders=a.extra["leaders"], with_month=kind == 0
            )
            b.published = a.published + timedelta(hours=rng.randint(0, 60))
        elif kind == 2:  # two power cuts: a few days apart, or the same day elsewhere
            phone = f"0260.38{rng.randint(10000, 99999)}"
            when = moment(rng)
            a = power_cut(rng, district, when, phone)
            if i % 2:
                b = power_cut(rng, district, when + timedelta(days=rng.randint(1, 3)), phone)
            else:
                b = replace(a, paragraphs=list(a.paragraphs))
                b.paragraphs[1] = power_cut(rng, district, when, phone).paragraphs[1]
        elif kind == 3:  # two districts recruit in the same year
            other = rng.choice([d for d in districts if d != district])
            a = recruitment(rng, district, year)
            b = recruitment(rng, other, year)
            b.published = a.published + timedelta(hours=rng.randint(0, 60))
        else:  # two communes post their lists
            first, second = rng.sample(DISTRICTS[district][1], 2)
            a = poor_households(rng, district, first, year)
            b = poor_households(rng, district, second, year)
        add(False, "same-template", (a, "thong-bao"), (b, "thong-bao"), [])
    # Hard negatives 3: one topic, two districts, the same days.
    for i in range(35):
        topic = [t for t in TOPICS if t != "hoi-nghi"][i % (len(TOPICS) - 1)]
        first, second = rng.sample(districts, 2)
        when = moment(rng)
        a = compose(rng, topic, first, when=when)
        b = compose(rng, topic, second, when=when + timedelta(hours=rng.randint(0, 48)))
        add(False, "same-topic", (a, "tin"), (b, "tin"), [])

    OUT.write_text(json.dumps(pairs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs written to {OUT}")


if __name__ == "__main__":
    main()
