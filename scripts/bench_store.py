"""Store-scale benchmark: N synthetic articles through the store, then publish and search.

A seeded generator writes N Vietnamese-like articles (20 districts, 11 categories,
bodies of about 2 KB) into a fresh `Store` through `Store.apply`, in batches per
source as a collection run would, and measures:
- inserts per second (normalized rows, appearances and the FTS5 index together);
- `feed_entries` (reading every visible article back, without its text, as publishing does);
- publishing every feed from scratch into an empty folder; then again unchanged, as
  `syndicate publish` runs on a store as its last publication left it (the store's
  generation tells it so: no article is read); then planning every feed again with
  nothing to write, without and with the read before it, as a publication after a
  change elsewhere in the store costs at least;
- `Store.search` latency over queries typed with and without diacritics.

`run(n)` returns the figures; `python scripts/bench_store.py [N]` prints them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from syndicate.changes import Insert, article_id  # noqa: E402
from syndicate.cli import publish_store  # noqa: E402
from syndicate.config import Config, parse_config  # noqa: E402
from syndicate.model import Article, SourceRun  # noqa: E402
from syndicate.publish import publish  # noqa: E402
from syndicate.store import Store  # noqa: E402
from syndicate.text.fold import fold  # noqa: E402

SEED = 20_250_301
BASE_URL = "https://tin.example.org/kon-tum/"
BATCH = 1_000  # articles per `apply`: one source run's worth of a busy first sync
BODY_BYTES = 2_000  # article HTML, UTF-8
QUERIES = 200
START = datetime(2021, 1, 4, 1, 0, tzinfo=UTC)


def _split(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


# Syllables for place names: two of them make a district ("Đăk Rơ", "Kon Xốp").
_PLACE = _split("Đăk Kon Ia Ngọc Sa Tu Mơ Rông Plông Rẫy Hà Tô Glei Hồi Thầy Long Bờ Xốp Pxi Rơ")
CATEGORIES = (
    ("kinh-te", "Kinh tế"),
    ("chinh-tri", "Chính trị"),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"),
    ("nong-nghiep", "Nông nghiệp"),
    ("quoc-phong-an-ninh", "Quốc phòng - An ninh"),
    ("the-thao", "Thể thao"),
    ("du-lich", "Du lịch"),
    ("thong-bao", "Thông báo"),
    ("chuyen-doi-so", "Chuyển đổi số"),
)
# Phrases of district news; every sentence carries one among the filler words.
_PHRASES = _split(
    "hội nghị triển khai nhiệm vụ|ủy ban nhân dân huyện|hội đồng nhân dân|"
    "phát triển kinh tế|xây dựng nông thôn mới|đồng bào dân tộc thiểu số|"
    "trồng cây cà phê|vườn cao su|sâm Ngọc Linh|đường giao thông nông thôn|"
    "điểm trường thôn|trạm y tế xã|phòng chống thiên tai|mùa mưa bão|"
    "bảo vệ rừng đầu nguồn|an ninh biên giới|lễ hội cồng chiêng|nhà rông văn hóa|"
    "giải bóng đá thanh niên|giảm nghèo bền vững|giải quyết việc làm|"
    "hộ nghèo và cận nghèo|khen thưởng tập thể|mặt trận tổ quốc|đoàn viên thanh niên|"
    "hội liên hiệp phụ nữ|hội cựu chiến binh|hợp tác xã nông nghiệp|"
    "chăn nuôi bò sinh sản|công trình thủy lợi|đường bê tông liên thôn|kiểm tra giám sát|"
    "tuyên truyền phổ biến pháp luật|cải cách hành chính|chuyển đổi số cấp xã|"
    "dịch vụ công trực tuyến|tiêm chủng mở rộng|học sinh dân tộc nội trú|"
    "khai giảng năm học mới|du lịch cộng đồng|thác nước trên núi|chợ phiên vùng cao|"
    "tập huấn kỹ thuật|năm hai nghìn hai mươi lăm|kế hoạch sáu tháng cuối năm|"
    "đại biểu các sở ngành|các xã và thị trấn|kết quả bước đầu|những khó khăn vướng mắc|"
    "giải pháp trong thời gian tới|nguồn vốn chương trình mục tiêu quốc gia|"
    "người dân đồng tình hưởng ứng|tổ hòa giải ở cơ sở|diễn tập phòng thủ khu vực",
    "|",
)
# Filler words: made-up syllables (onset + rhyme + tone), drawn with Zipf frequencies
# so a few are everywhere and most are rare, as in real text; search selectivity
# depends on it.
_ONSETS = (*_split("b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x"), "")
_RHYMES = _split(
    "a ai am an ang anh ao au ay ac ach at ăn ăng ăm ăt âm ân âng âu ây ât e em en eo et "
    "ê êm ên ênh êu êt ech i im in inh iu ich it ia iêm iên iêng iêt iêu o oi om on ong "
    "oc ot oa oai oan oang oanh oat oe ô ôi ôm ôn ông ôc ôt ơ ơi ơm ơn ơt u ui um un ung "
    "uc ut ua uân uât uê uy uyên uyêt uôi uôn uông uôc ư ưa ưi ưng ưc ươi ươm ươn ương "
    "ươc ươt y yên"
)
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VOWELS = "aăâeêioôơuưy"
AUTHORS = ("Nguyệt Hằng", "Văn Tuấn", "Thu Trang", "A Thịnh", "Y Blưm", "Minh Đức", None, None)
ORGANISATIONS = ("Trung tâm Văn hóa - Thể thao và Truyền thông huyện", "Văn phòng HĐND-UBND")


class Vocabulary:
    """Seeded word lists: topical phrases plus Zipf-distributed filler syllables."""

    def __init__(self, seed: int = SEED) -> None:
        rng = random.Random(seed)
        syllables = sorted(
            {
                _syllable(onset, rhyme, mark)
                for onset in _ONSETS
                for rhyme in _RHYMES
                for mark in _TONE_MARKS
            }
        )
        rng.shuffle(syllables)
        self.syllables = syllables
        # Zipf: the k-th commonest syllable is k times rarer than the commonest.
        self.cumulative = list(accumulate(1.0 / rank for rank in range(1, len(syllables) + 1)))

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.syllables, cum_weights=self.cumulative, k=count)

    def sentence(self, rng: random.Random) -> str:
        words = self.words(rng, rng.randint(8, 16))
        words.insert(rng.randrange(len(words)), rng.choice(_PHRASES))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _syllable(onset: str, rhyme: str, mark: str) -> str:
    """The tone mark sits on the vowel with a hat or horn, else on the first vowel."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    at = next((i for i in vowels if rhyme[i] in "ăâêôơư"), vowels[0])
    return unicodedata.normalize("NFC", onset + rhyme[: at + 1] + mark + rhyme[at + 1 :])


def synthetic_config(folder: Path, districts: int = 20) -> Config:
    """A province of `districts` districts, two sources each, plus one provincial source."""
    rng = random.Random(SEED)
    names: list[str] = []
    while len(names) < districts:
        name = " ".join(rng.sample(_PLACE, 2))
        if name not in names:
            names.append(name)
    raw_districts = [
        {"slug": f"huyen-{i + 1:02d}", "name": f"Huyện {name}"} for i, name in enumerate(names)
    ]
    sources: list[dict[str, Any]] = [
        {
            "id": f"{d['slug']}-{kind}",
            "district": d["slug"],
            "kind": "html",
            "url": f"https://{d['slug']}.example.vn/{kind}",
            "title": f"{d['name']}: {label}",
        }
        for d in raw_districts
        for kind, label in (("tin-tuc", "Tin tức"), ("thong-bao", "Thông báo"))
    ]
    sources.append(
        {
            "id": "tinh-tin",
            "kind": "feed",
            "url": "https://tinh.example.vn/rss",
            "title": "Cổng tỉnh: Tin tức",
        }
    )
    raw = {
        "province": {"name": "Tỉnh Kon Tum", "slug": "kon-tum", "base_url": BASE_URL},
        "storage": {"database": str(folder / "bench.db"), "output": str(folder / "public")},
        "categories": [{"slug": slug, "title": title} for slug, title in CATEGORIES],
        "districts": raw_districts,
        "sources": sources,
    }
    return parse_config(raw, folder / "bench.toml")


def synthetic_article(
    rng: random.Random, vocabulary: Vocabulary, config: Config, n: int, when: datetime
) -> Article:
    """Article number `n`, published at `when`, from a source picked by `rng`."""
    source = rng.choice(config.sources)
    slug, _ = rng.choice(CATEGORIES)
    image = f"{source.url}/Uploads/{n}.jpg" if n % 3 else None
    body = f'<figure><img src="{image}" alt="Ảnh minh họa"></figure>' if image else ""
    while len(body.encode("utf-8")) < BODY_BYTES:
        body += "<p>" + " ".join(vocabulary.sentence(rng) for _ in range(3)) + "</p>"
    title = " ".join([*vocabulary.words(rng, rng.randint(4, 8)), rng.choice(_PHRASES)])
    return Article(
        url=f"{source.url}/bai-{n}",
        source_id=source.id,
        district=source.district,
        category=slug,
        title=title[0].upper() + title[1:],
        summary=vocabulary.sentence(rng),
        content_html=body,
        published=when,
        author=rng.choice(AUTHORS),
        organisation=ORGANISATIONS[n % 2] if n % 5 else None,
        image_url=image,
        content_hash=f"{n:016x}",
    )


def synthetic_articles(config: Config, n: int, seed: int = SEED) -> Iterator[Article]:
    """`n` articles in publication order, minutes to hours apart, as portals post them."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(seed)
    when = START
    for i in range(n):
        when += timedelta(seconds=rng.randint(60, 1_800))
        yield synthetic_article(rng, vocabulary, config, i + 1, when)


def fill_store(store: Store, config: Config, n: int) -> float:
    """Insert `n` articles, one `apply` per source and batch; return the seconds taken."""
    store.sync_sources(config.sources)
    pending: dict[str, list[Article]] = {}
    elapsed = 0.0

    def flush(source_id: str) -> None:
        nonlocal elapsed
        batch = pending.pop(source_id)
        changes = [Insert(article_id(a.url), a) for a in batch]
        now = batch[-1].published + timedelta(minutes=5)
        run = SourceRun(source_id, "ok", started=now, found=len(batch), new=len(batch))
        started = time.perf_counter()
        store.apply(run, changes, now=now)
        elapsed += time.perf_counter() - started

    for article in synthetic_articles(config, n):
        pending.setdefault(article.source_id, []).append(article)
        if len(pending[article.source_id]) >= BATCH:
            flush(article.source_id)
    for source_id in list(pending):
        flush(source_id)
    return elapsed


def search_queries(config: Config, count: int, seed: int = SEED) -> list[str]:
    """What readers type: half a topical phrase, half two words of a stored title."""
    rng = random.Random(seed + 1)
    titles = [a.title for a in synthetic_articles(config, 2_000, seed)]
    queries = []
    for i in range(count):
        words = rng.choice(_PHRASES).split() if i % 2 else rng.choice(titles).split()
        start = rng.randrange(max(1, len(words) - 1))
        queries.append(" ".join(words[start : start + 2]))
    return queries


def _latencies(store: Store, queries: Sequence[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        store.search(query, limit=20)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run(n: int = 100_000) -> dict[str, float]:
    """Fill a fresh store with `n` articles and measure it; figures keyed by name."""
    figures: dict[str, float] = {"articles": float(n)}
    with tempfile.TemporaryDirectory(prefix="syndicate-bench-store-") as tmp:
        folder = Path(tmp)
        config = synthetic_config(folder)
        with Store(config.storage.database) as store:
            seconds = fill_store(store, config, n)
            figures["insert_s"] = seconds
            figures["inserts_per_s"] = n / seconds

            # As `syndicate publish` reads them: without their text, which publishing
            # reads for what it writes (see `Store.entry_texts`).
            generation = store.generation(config)  # before the entries, as publishing reads
            started = time.perf_counter()
            entries = store.feed_entries(config, texts=False)
            figures["feed_entries_s"] = time.perf_counter() - started
            health = store.health()
            texts = store.entry_texts()

            out = folder / "public"
            started = time.perf_counter()
            report = publish(config, entries, health, out, texts=texts, generation=generation)
            figures["publish_scratch_s"] = time.perf_counter() - started
            figures["published_files"] = float(len(report.written))
            figures["published_mb"] = (
                sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
            )

            # What an unchanged `syndicate publish` does after opening the store.
            started = time.perf_counter()
            report = publish_store(config, store, out)
            figures["publish_unchanged_s"] = time.perf_counter() - started
            figures["republished_files"] = float(len(report.written))

            # Every feed planned again, and found unchanged: entries already read...
            started = time.perf_counter()
            report = publish(config, entries, health, out, texts=texts)
            figures["replan_unchanged_s"] = time.perf_counter() - started
            figures["replanned_files_written"] = float(len(report.written))

            # ...and read first, as after a change to the store that no feed shows.
            started = time.perf_counter()
            entries = store.feed_entries(config, texts=False)
            publish(config, entries, store.health(), out, texts=store.entry_texts())
            figures["replan_with_read_s"] = time.perf_counter() - started

            accented = search_queries(config, QUERIES)
            plain = [fold(q) for q in accented]
            # Steady state, as a server that has been answering for a while: one pass
            # first, so the index pages are in the page cache (publishing 2.8 GB just
            # pushed many of them out); the timed passes follow.
            _latencies(store, accented)
            for label, queries in (("accented", accented), ("plain", plain)):
                timings = _latencies(store, queries)
                figures[f"search_{label}_median_ms"] = statistics.median(timings)
                figures[f"search_{label}_p95_ms"] = _p95(timings)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="articles to store")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run(args.n)
    for name, value in figures.items():
        print(f"{name:<28} {value:12.3f}")
    print(f"{'total_s':<28} {time.perf_counter() - started:12.3f}")


if __name__ == "__main__":
    main()
