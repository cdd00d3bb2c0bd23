"""`make bench`: figures for collection, storage, search and publishing.

Collection is compared with the `reader` library on the same synthetic feeds, both
run as whole processes against the same local server (20 ms latency per request).
The last line has a fixed form that tools may grep:
    vs reader: first ×A, unchanged ×B, no-304 ×C, peak RSS N MB
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from benchsite import Province, district_host  # noqa: E402

PORT = 8800


@dataclass
class Figures:
    wall: float
    cpu: float
    peak_rss_mb: float
    requests: int
    not_modified: int
    articles: int

    def row(self, label: str) -> str:
        share = self.not_modified / self.requests if self.requests else 0.0
        return (
            f"  {label:<28} wall {self.wall:6.2f} s  cpu {self.cpu:6.2f} s  "
            f"requests {self.requests:6d}  304 {share:4.0%}  articles {self.articles:6d}  "
            f"peak RSS {self.peak_rss_mb:5.0f} MB"
        )


class SiteServer:
    """The synthetic province in its own process, so its CPU is not counted as ours."""

    def __init__(self, args: argparse.Namespace, *, no_304: bool = False) -> None:
        cmd = [
            sys.executable,
            str(HERE / "benchsite.py"),
            "--districts",
            str(args.districts),
            "--sources",
            str(args.sources),
            "--articles",
            str(args.articles),
            "--port",
            str(PORT),
        ]
        if no_304:
            cmd.append("--no-304")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != b"ready":
            raise RuntimeError("benchmark site did not start")

    def stats(self) -> dict[str, int]:
        url = f"http://{district_host(0)}:{PORT}/__stats"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait(10)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (workers included).

    Each process counts its proportional share (Pss) of the pages it shares with others:
    forked publishing workers share the parent's heap, and adding up their VmRSS would
    count those pages once per process. Without smaps_rollup, VmRSS is summed.
    """
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            total += _resident_kb(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def _resident_kb(pid: int) -> int:
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name) as f:
                for line in f:
                    if line.startswith(field):
                        return int(line.split()[1])
        except PermissionError:
            continue
    return 0


def run_measured(cmd: list[str], site: SiteServer, count_articles: callable) -> Figures:
    before = site.stats()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {err.decode()[-2000:]}")
    after = site.stats()
    cpu = (after_usage.ru_utime - usage.ru_utime) + (after_usage.ru_stime - usage.ru_stime)
    return Figures(
        wall,
        cpu,
        peak / 1024,
        after["requests"] - before["requests"],
        after["not_modified"] - before["not_modified"],
        count_articles(),
    )


def syndicate_config(folder: Path, province: Province, kind: str) -> Path:
    districts = sorted({d for _, d, _ in province.sources})
    lines = [
        textwrap.dedent(f"""
        [province]
        name = "Tỉnh Thử Nghiệm"
        slug = "thu-nghiem"
        base_url = "http://127.0.0.1:8080/"

        [storage]
        database = "{kind}.db"
        output = "public-{kind}"

        [http]
        host_delay = 0.0
        retries = 1
        user_agent = "syndicate-bench/1.0"

        [[categories]]
        slug = "tin-dia-phuong"
        title = "Tin địa phương"
        aliases = ["Tin trong huyện"]
        """)
    ]
    for d in districts:
        lines.append(f'[[districts]]\nslug = "{d}"\nname = "Huyện {d.upper()}"\n')
    for sid, d, feed_path in province.sources:
        host = district_host(int(d[1:]))
        if kind == "feed":
            lines.append(
                f'[[sources]]\nid = "{sid}"\ndistrict = "{d}"\nkind = "feed"\n'
                f'url = "http://{host}:{PORT}{feed_path}"\n'
            )
        else:
            lines.append(
                f'[[sources]]\nid = "{sid}"\ndistrict = "{d}"\nkind = "html"\n'
                f'url = "http://{host}:{PORT}/{sid}/tin-tuc"\ncategory = "Tin trong huyện"\n'
                f'[sources.options]\nitem = "li.tin"\nitem_date = ".ngay"\n'
                f'item_summary = ".sapo"\npage_template = "?page={{n}}"\nmax_pages = 5\n'
                f'title = "h1.tieu-de"\ndate = ".ngay-dang"\nbody = ".noi-dung"\n'
            )
    path = folder / f"{kind}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


READER_SCRIPT = """
import sys
from reader import make_reader
reader = make_reader(sys.argv[1])
for url in sys.argv[2:]:
    reader.add_feed(url, exist_ok=True)
reader.update_feeds(scheduled=False, workers=8)
reader.close()
"""


# The least an unchanged run can take: each feed asked for once, conditionally, as many
# at a time as our defaults allow (16, and 2 a host), over kept-alive connections, with
# nothing parsed or stored. Once over bare sockets, once through httpx (one client an
# origin, as ours): a run of ours is compared with these as well as with reader's.
FLOOR_SCRIPT = """
import asyncio, json, ssl, sys
targets, how = json.load(open(sys.argv[1])), sys.argv[2]
if how == "httpx":
    import httpx
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # nothing loaded: the feeds are http

async def bare(host, port, path, etag, idle):
    reader, writer = idle.pop() if idle else await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\\r\\nHost: {host}:{port}\\r\\nIf-None-Match: {etag}\\r\\n\\r\\n"
    writer.write(request.encode())
    head = await reader.readuntil(b"\\r\\n\\r\\n")
    assert head.split(b" ")[1] == b"304", head
    idle.append((reader, writer))

async def main():
    slots, hosts, pools = asyncio.Semaphore(16), {}, {}
    async def one(host, port, path, etag):
        async with hosts.setdefault(host, asyncio.Semaphore(2)), slots:
            if how == "httpx":
                if host not in pools:
                    pools[host] = httpx.AsyncClient(verify=tls, trust_env=False)
                url = f"http://{host}:{port}{path}"
                response = await pools[host].get(url, headers={"If-None-Match": etag})
                assert response.status_code == 304
            else:
                await bare(host, port, path, etag, pools.setdefault(host, []))
    await asyncio.gather(*(one(*target) for target in targets))

asyncio.run(main())
"""


def count_rows(db: Path, query: str) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute(query).fetchone()[0])


def bench_collection(args: argparse.Namespace, folder: Path) -> tuple[dict, dict]:
    province = Province(args.districts, args.sources, args.articles)
    config = syndicate_config(folder, province, "feed")
    ours_db = folder / "feed.db"
    reader_db = folder / "reader.sqlite"
    feed_urls = [f"http://{district_host(int(d[1:]))}:{PORT}{p}" for _, d, p in province.sources]
    # Both sides fetch, parse and store; publishing is timed on its own below.
    ours_cmd = [str(BIN / "syndicate"), "--config", str(config), "--quiet", "collect"]
    publish_cmd = [str(BIN / "syndicate"), "--config", str(config), "--quiet", "publish"]
    reader_cmd = [sys.executable, "-c", READER_SCRIPT, str(reader_db), *feed_urls]

    def ours_count() -> int:
        return count_rows(ours_db, "select count(*) from articles")

    def reader_count() -> int:
        return count_rows(reader_db, "select count(*) from entries")

    targets = folder / "floor.json"
    targets.write_text(
        json.dumps(
            [
                [
                    district_host(int(d[1:])),
                    PORT,
                    p,
                    province.pages[(district_host(int(d[1:])), p)][2],
                ]
                for _, d, p in province.sources
            ]
        ),
        encoding="utf-8",
    )
    floor_cmds = {
        how: [sys.executable, "-c", FLOOR_SCRIPT, str(targets), how] for how in ("sockets", "httpx")
    }

    ours: dict[str, Figures] = {}
    theirs: dict[str, Figures] = {}
    publish: dict[str, Figures] = {}
    floor: dict[str, Figures] = {}
    with SiteServer(args) as site:
        for label in ("first", "unchanged"):
            ours[label] = run_measured(ours_cmd, site, ours_count)
            theirs[label] = run_measured(reader_cmd, site, reader_count)
            publish[label] = run_measured(publish_cmd, site, ours_count)
        for how, cmd in floor_cmds.items():
            floor[how] = run_measured(cmd, site, lambda: 0)
    with SiteServer(args, no_304=True) as site:
        ours["no-304"] = run_measured(ours_cmd, site, ours_count)
        theirs["no-304"] = run_measured(reader_cmd, site, reader_count)
    print(
        f"Collection: {args.sources} feed sources x {args.articles} articles on "
        f"{args.districts} hosts, 20 ms latency"
    )
    for label in ours:
        print(ours[label].row(f"syndicate collect, {label}"))
        print(theirs[label].row(f"reader update, {label}"))
    for label, figures in publish.items():
        print(figures.row(f"syndicate publish, {label}"))
    print("The least an unchanged run takes: the same conditional requests, nothing else")
    for how, figures in floor.items():
        best = theirs["unchanged"].wall / figures.wall
        print(figures.row(f"floor, {how}") + f"  (reader ÷ it: ×{best:.1f})")
    return ours, theirs


def bench_html(args: argparse.Namespace, folder: Path) -> None:
    province = Province(args.districts, args.sources, args.articles)
    config = syndicate_config(folder, province, "html")
    db = folder / "html.db"
    cmd = [str(BIN / "syndicate"), "--config", str(config), "--quiet", "sync"]
    print(f"HTML collection: {args.sources} listing sources, article pages fetched one by one")
    with SiteServer(args) as site:
        for label in ("first", "unchanged"):
            figures = run_measured(
                cmd, site, lambda: count_rows(db, "select count(*) from articles")
            )
            print(figures.row(f"syndicate sync, {label}"))


def bench_scale(n: int) -> None:
    """The store, dedup and search at scale (see bench_store.py and bench_dedup.py)."""
    import bench_dedup
    import bench_store

    for title, module in (("store, publish and search", bench_store), ("dedup", bench_dedup)):
        print(f"\n{title}: {n} synthetic articles", flush=True)
        for name, value in module.run(n).items():
            print(f"  {name:<28} {value:12.3f}", flush=True)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument(
        "--store-articles",
        type=int,
        default=100_000,
        help="articles in the store, dedup and search benchmarks (0 skips them)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="syndicate-bench-") as tmp:
        folder = Path(tmp)
        ours, theirs = bench_collection(args, folder)
        if not args.skip_html:
            bench_html(args, folder)
        if args.store_articles:
            bench_scale(args.store_articles)
        ratios = {k: theirs[k].wall / ours[k].wall for k in ours}
        peak = max(f.peak_rss_mb for f in ours.values())
        print(
            f"vs reader: first ×{ratios['first']:.1f}, unchanged ×{ratios['unchanged']:.1f}, "
            f"no-304 ×{ratios['no-304']:.1f}, peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
