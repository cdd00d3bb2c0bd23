"""index.html: the human front page of the published folder (pure, deterministic).

A responsive, accessible HTML5 page in Vietnamese with no script: the province feeds,
each district and category with its three feed links and five latest headlines, and a
table of how every source is doing. Links are relative, so the folder works wherever
it is served. Nothing depends on the clock: dates shown are the documents' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from syndicate.config import Config
from syndicate.model import FeedDocument, SourceHealth, configured_health
from syndicate.publish.documents import PROVINCE_KEY
from syndicate.publish.fields import clean, entry_title, utc
from syndicate.publish.formats import FORMATS
from syndicate.text.dates import publication_text

LATEST = 5
_FORMAT_LABELS = {".rss": "RSS", ".atom": "Atom", ".json": "JSON Feed"}

_CSS = """
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff;
  --card: #f6f8fa; --line: #d0d7de; --accent: #0b5cad; --bad: #a40e26; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa5b1;
  --bg: #0d1117; --card: #161b22; --line: #30363d; --accent: #6cb6ff; --bad: #ff7b72; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 0 0 .4rem; }
a { color: var(--accent); } a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.lead, .muted { color: var(--muted); }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem;
  overflow-wrap: anywhere; min-width: 0; }
.feeds { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .6rem; padding: 0; list-style: none; }
.feeds a { display: inline-block; padding: .15rem .6rem; border: 1px solid var(--line);
  border-radius: 1rem; text-decoration: none; font-size: .9rem; }
.latest { margin: 0; padding-left: 1.1rem; } .latest li { margin: .3rem 0; }
time { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; } .failing { color: var(--bad); font-weight: 600; }
td.error { overflow-wrap: anywhere; min-width: 12rem; }
"""


def render_index(
    config: Config, docs: Sequence[FeedDocument], health: Sequence[SourceHealth]
) -> bytes:
    """The front page for the current (non-archive) documents in `docs`."""
    return index_with_health(config, index_around_health(config, docs), health)


def index_with_health(
    config: Config, around: tuple[str, str], health: Sequence[SourceHealth]
) -> bytes:
    """The front page from what `index_around_health` made of the documents, with the
    table of how the sources are doing between its two halves."""
    before, after = around
    table = _health_table(config, health, ZoneInfo(config.province.timezone))
    return "\n".join([before, *table, after]).encode("utf-8")


def index_around_health(config: Config, docs: Sequence[FeedDocument]) -> tuple[str, str]:
    """The front page before and after its health table: all that the documents
    decide, which a publication that finds them unchanged reuses (see `publish`)."""
    zone = ZoneInfo(config.province.timezone)
    current = [d for d in docs if not d.archive]
    province = next((d for d in current if d.key == PROVINCE_KEY), None)
    districts = [d for d in current if d.key.startswith("districts/")]
    categories = [d for d in current if d.key.startswith("categories/")]
    title = _text(province.title if province else config.province.name)
    # The newest news is the newest headline's, not the last edit of an older one.
    newest = max((e.published for e in province.entries), default=None) if province else None

    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} — nguồn tin RSS, Atom, JSON Feed</title>",
    ]
    if province:
        for extension, fmt in FORMATS.items():
            out.append(
                f'<link rel="alternate" type="{fmt.media_type}" '
                f'title="{_attr(province.title)} ({_FORMAT_LABELS[extension]})" '
                f'href="{_attr(province.key + extension)}">'
            )
    out += [f"<style>{_CSS}</style>", "</head>", "<body>", "<header>", f"<h1>{title}</h1>"]
    if province:
        out.append(f'<p class="lead">{_text(province.subtitle)}</p>')
    out += [
        '<p class="lead">Sao chép một địa chỉ RSS, Atom hoặc JSON Feed bên dưới vào ứng '
        "dụng đọc tin của bạn để theo dõi.</p>",
        "</header>",
        "<main>",
    ]
    if province:
        out += _section("toan-tinh", "Toàn tỉnh", [province], zone)
    out += _section("theo-huyen", "Theo huyện", districts, zone)
    out += _section("theo-chuyen-muc", "Theo chuyên mục", categories, zone)
    before = "\n".join(out)
    out = [
        "</main>",
        "<footer>",
        '<p>Toàn bộ danh sách nguồn tin cho ứng dụng đọc tin: <a href="feeds.opml">'
        "feeds.opml</a> (OPML).</p>",
        f'<p class="muted">Tin mới nhất: {_when(newest, zone)}</p>'
        if newest is not None
        else '<p class="muted">Chưa có tin bài.</p>',
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return before, "\n".join(out)


def _section(anchor: str, heading: str, docs: Sequence[FeedDocument], zone: ZoneInfo) -> list[str]:
    out = [f'<section aria-labelledby="{anchor}">', f'<h2 id="{anchor}">{heading}</h2>']
    out.append('<div class="grid">')
    for doc in docs:
        out += _card(doc, zone)
    out += ["</div>", "</section>"]
    return out


def _card(doc: FeedDocument, zone: ZoneInfo) -> list[str]:
    name = _text(doc.title)
    out = ['<article class="card">', f'<h3><a href="{_attr(doc.home_url)}">{name}</a></h3>']
    out.append(f'<ul class="feeds" aria-label="Nguồn tin: {_attr(doc.title)}">')
    for extension in FORMATS:
        out.append(
            f'<li><a href="{_attr(doc.key + extension)}" type="{FORMATS[extension].media_type}">'
            f"{_FORMAT_LABELS[extension]}</a></li>"
        )
    out.append("</ul>")
    latest = doc.entries[:LATEST]
    if latest:
        out.append('<ol class="latest">')
        for entry in latest:
            # dir="auto" isolates the title: a direction override pasted into it would
            # otherwise run on into the date beside it and show it backwards.
            out.append(
                f'<li><a href="{_attr(entry.url)}" dir="auto">{_text(entry_title(entry))}</a> '
                f'<time datetime="{utc(entry.published).isoformat()}">'
                f"{publication_text(entry.published, zone)}</time></li>"
            )
        out.append("</ol>")
    else:
        out.append('<p class="muted">Chưa có tin bài.</p>')
    out.append("</article>")
    return out


def _health_table(config: Config, health: Iterable[SourceHealth], zone: ZoneInfo) -> list[str]:
    titles = {s.id: s.title for s in config.sources}
    # Configuration order, as everywhere else on the page; province-level sources last.
    district_rank = {d.slug: i for i, d in enumerate(config.districts)}
    source_rank = {s.id: i for i, s in enumerate(config.sources)}
    # The province as configured, as `status` shows it (see `configured_health`).
    health = list(health)
    known = {h.source_id for h in health}
    configured = configured_health(health, [(s.id, s.district) for s in config.sources])
    rows = sorted(
        configured,
        key=lambda h: (
            district_rank.get(h.district or "", len(district_rank)),
            source_rank.get(h.source_id, len(source_rank)),
            h.source_id,
        ),
    )
    out = [
        '<section aria-labelledby="tinh-trang">',
        '<h2 id="tinh-trang">Tình trạng nguồn tin</h2>',
    ]
    if not any(s.id in known for s in config.sources):
        return [*out, '<p class="muted">Chưa thu thập nguồn tin nào.</p>', "</section>"]
    out += [
        '<div class="table-wrap" role="region" aria-labelledby="tinh-trang" tabindex="0">',
        "<table>",
        '<thead><tr><th scope="col">Nguồn tin</th><th scope="col">Huyện</th>'
        '<th scope="col">Thành công lần cuối</th><th scope="col">Lỗi liên tiếp</th>'
        '<th scope="col">Lỗi gần nhất</th></tr></thead>',
        "<tbody>",
    ]
    for h in rows:
        success = _when(h.last_success, zone) if h.last_success else "chưa lần nào"
        error = ": ".join(_text(p) for p in (h.last_error_kind, h.last_error) if p)
        failing = ' class="num failing"' if h.consecutive_failures else ' class="num"'
        out.append(
            f'<tr><th scope="row">{_text(titles.get(h.source_id, h.source_id))}</th>'
            f"<td>{_text(config.district_name(h.district))}</td>"
            f"<td>{success}</td><td{failing}>{h.consecutive_failures}</td>"
            # An error names the address that failed, long and unbroken: it wraps
            # anywhere rather than widen the table past the page.
            f'<td class="error">{error or "—"}</td></tr>'
        )
    out += ["</tbody>", "</table>", "</div>", "</section>"]
    return out


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def _text(value: str | None) -> str:
    return escape(clean(value), quote=False)


def _attr(value: str | None) -> str:
    return escape(clean(value), quote=True)
