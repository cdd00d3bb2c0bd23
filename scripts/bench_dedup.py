"""Near-duplicate benchmark: N synthetic articles through story matching, then the labelled set.

A seeded generator writes N Vietnamese-like articles (syllables of Vietnamese shape,
common words far more frequent than rare ones, stock sentences shared across
articles) in publication order, about 100 a day, in batches of 50 from one of 20
sources as a collection run would. One article in twenty is a copy of a recent
article from another source, with a "[Kon Tum]" prefix and its last paragraph gone.
Each batch goes through what collection does with it, each step timed:
- signing: `story_print` of every article (cached, so later steps reuse it);
- candidate lookup: `Store.story_candidates`, one indexed query for the batch;
- decision: `plan_changes` with those candidates (exact comparison, canonical choice);
- storing: `Store.apply`, which also writes each new article's print and band keys.
Dedup throughput counts the first three. The store grows to N articles; the lookup
time per article of the first and last tenth of batches shows it does not grow.
Then precision and recall on tests/data/dedup/pairs.json.

`run(n)` returns the figures; `python scripts/bench_dedup.py [N]` prints them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from syndicate.changes import Insert, Merge, plan_changes  # noqa: E402
from syndicate.dedup import candidate, same_story, story_print  # noqa: E402
from syndicate.model import Article, SourceRun  # noqa: E402
from syndicate.store import Store  # noqa: E402

SEED = 20_250_605
BATCH = 50
SOURCES = 20
PER_DAY = 100
COPY_SHARE = 0.05
START = datetime(2022, 1, 3, 1, 0, tzinfo=UTC)
PAIRS = ROOT / "tests" / "data" / "dedup" / "pairs.json"

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh",
           "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "iê", "ươ", "uô",
           "oa"]  # fmt: skip
_CODAS = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"]
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


@dataclass
class Corpus:
    """The synthetic province's words: a Zipf-weighted vocabulary and stock sentences."""

    words: list[str]
    cumulative: list[float]  # Zipf weights, summed once: `choices` would sum them per call
    stock: list[str]

    @classmethod
    def make(cls, rng: random.Random, size: int = 4_000) -> Corpus:
        vocabulary: dict[str, None] = {}
        while len(vocabulary) < size:
            nucleus = rng.choice(_NUCLEI)
            toned = nucleus[0] + rng.choice(_TONES) + nucleus[1:]
            syllable = rng.choice(_ONSETS) + toned + rng.choice(_CODAS)
            vocabulary[unicodedata.normalize("NFC", syllable)] = None
        words = list(vocabulary)
        cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
        corpus = cls(words, cumulative, [])
        corpus.stock = [corpus.sentence(rng, 12, 24) for _ in range(40)]
        return corpus

    def sentence(self, rng: random.Random, low: int, high: int) -> str:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, rng: random.Random) -> str:
        sentences = [self.sentence(rng, 10, 25) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.4:  # stock phrasing every portal uses
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(self.stock))
        # figures make stories differ where words alone would not
        sentences.append(
            f"Năm {rng.randint(2015, 2025)} đạt {rng.randint(2, 999)} {rng.choice(self.words)}."
        )
        return " ".join(sentences)


def articles(n: int, seed: int = SEED) -> Iterator[tuple[Article, bool]]:
    """N articles in publication order, each with whether it is a planted copy."""
    rng = random.Random(seed)
    corpus = Corpus.make(rng)
    recent: list[Article] = []
    step = timedelta(days=1) / PER_DAY
    for i in range(n):
        source = f"nguon-{(i // BATCH) % SOURCES:02d}"
        published = START + step * i + timedelta(minutes=rng.randint(0, 30))
        originals = [a for a in recent[-PER_DAY:] if a.source_id != source]  # within a day
        if originals and rng.random() < COPY_SHARE:
            original = rng.choice(originals)
            body = original.content_html.split("</p>")
            article = Article(
                url=f"https://tinh.example.vn/{source}/bai-{i}",
                source_id=source,
                district=None,
                category=None,
                title=f"[Kon Tum] {original.title}",
                summary=original.summary,
                content_html="</p>".join([*body[:-2], ""]),  # the last paragraph goes
                published=max(published, original.published + timedelta(hours=1)),
                content_hash=f"copy-{i}",
            )
            yield article, True
            continue
        paragraphs = [corpus.paragraph(rng) for _ in range(rng.randint(3, 6))]
        article = Article(
            url=f"https://{source}.example.vn/tin/bai-{i}",
            source_id=source,
            district=source,
            category=None,
            title=corpus.sentence(rng, 6, 12).rstrip("."),
            summary=paragraphs[0][:200],
            content_html="".join(f"<p>{p}</p>" for p in paragraphs),
            published=published,
            content_hash=f"article-{i}",
        )
        recent.append(article)
        yield article, False


def labelled_set() -> dict[str, float]:
    """Precision and recall of the matcher on the labelled pairs."""
    tp = fp = fn = 0
    for p in json.loads(PAIRS.read_text("utf-8")):
        a, b = (
            story_print(
                Article(
                    url=d["url"],
                    source_id=d["source_id"],
                    district=d["district"],
                    category=None,
                    title=d["title"],
                    summary=d["summary"],
                    content_html=d["content_html"],
                    published=datetime.fromisoformat(d["published"]),
                )
            )
            for d in (p["a"], p["b"])
        )
        merged = candidate(a, b) and same_story(a, b)
        tp += merged and p["label"]
        fp += merged and not p["label"]
        fn += p["label"] and not merged
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn)}


@dataclass
class Timings:
    sign: float = 0.0
    lookup: float = 0.0
    decide: float = 0.0
    store: float = 0.0
    # seconds per article of each batch's lookup, to show it does not grow with the store
    lookups: list[float] = field(default_factory=list)


def run(n: int = 100_000) -> dict[str, float]:
    """Figures for N synthetic articles plus the labelled set."""
    took = Timings()
    planted = merged = merged_planted = candidates_seen = 0
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        batch: list[tuple[Article, bool]] = []

        def flush() -> None:
            nonlocal merged, merged_planted, candidates_seen
            source_id = batch[0][0].source_id
            fresh = [a for a, _ in batch]
            copies = {a.url for a, is_copy in batch if is_copy}
            started = time.perf_counter()
            for article in fresh:  # prints are cached: the lookup and the plan reuse them
                story_print(article)
            signed = time.perf_counter()
            found = store.story_candidates(fresh)
            looked_up = time.perf_counter()
            changes = plan_changes(source_id, {}, fresh, now, candidates=found)
            decided = time.perf_counter()
            store.apply(SourceRun(source_id, "ok", now), changes, now=now)
            took.store += time.perf_counter() - decided
            took.sign += signed - started
            took.lookup += looked_up - signed
            took.decide += decided - looked_up
            took.lookups.append((looked_up - signed) / len(fresh))
            candidates_seen += len(found)
            for change in changes:
                if isinstance(change, Insert) and change.duplicate_of:
                    merged += 1
                    merged_planted += change.article.url in copies
                elif isinstance(change, Merge):
                    merged += 1
            batch.clear()

        for article, is_copy in articles(n):
            planted += is_copy
            if batch and batch[0][0].source_id != article.source_id:
                flush()
            batch.append((article, is_copy))
        if batch:
            flush()
    tenth = max(1, len(took.lookups) // 10)
    labelled = labelled_set()
    return {
        "articles": float(n),
        "dedup_per_s": n / (took.sign + took.lookup + took.decide),
        "sign_per_s": n / took.sign,
        "lookup_per_s": n / took.lookup,
        "decide_per_s": n / took.decide,
        "store_per_s": n / took.store,
        "lookup_ms_first_tenth": 1000 * statistics.fmean(took.lookups[:tenth]),
        "lookup_ms_last_tenth": 1000 * statistics.fmean(took.lookups[-tenth:]),
        "candidates_per_article": candidates_seen / n,
        "planted_copies": float(planted),
        "merged": float(merged),
        "planted_recall": merged_planted / planted if planted else 1.0,
        "false_merges": float(merged - merged_planted),
        "labelled_precision": labelled["precision"],
        "labelled_recall": labelled["recall"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="synthetic articles")
    args = parser.parse_args()
    figures = run(args.n)
    print(f"dedup over {args.n} synthetic articles (batches of {BATCH}, {SOURCES} sources):")
    print(f"  sign + candidate lookup + decision  {figures['dedup_per_s']:9.0f} articles/s")
    print(
        f"    of which sign {figures['sign_per_s']:.0f}/s, lookup {figures['lookup_per_s']:.0f}/s,"
        f" decide {figures['decide_per_s']:.0f}/s"
    )
    print(
        f"  lookup per article, first tenth {figures['lookup_ms_first_tenth']:.3f} ms,"
        f" last tenth {figures['lookup_ms_last_tenth']:.3f} ms"
    )
    print(f"  store (rows, FTS, story index)      {figures['store_per_s']:9.0f} articles/s")
    print(f"  candidates per article              {figures['candidates_per_article']:9.2f}")
    print(
        f"  planted copies merged               {figures['planted_recall']:9.1%}"
        f"  ({figures['planted_copies']:.0f} planted, {figures['false_merges']:.0f} false merges)"
    )
    print(
        f"labelled set: precision {figures['labelled_precision']:.3f}, "
        f"recall {figures['labelled_recall']:.3f}"
    )


if __name__ == "__main__":
    main()
