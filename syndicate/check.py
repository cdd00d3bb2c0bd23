"""`syndicate check`: fetch one source and show what would be stored.

Nothing is written. For each article the extracted fields are shown and the empty
ones named, so selectors can be tuned against the real portal in minutes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx

from syndicate.config import Config, Source
from syndicate.errors import SourceError
from syndicate.fetch import Fetcher
from syndicate.harvest import HarvestContext, harvest
from syndicate.model import Article
from syndicate.pool import install_config

CHECKED_FIELDS = (
    "title",
    "published",
    "author",
    "organisation",
    "summary",
    "content_html",
    "image_url",
    "image_caption",
    "category",
)


@dataclass(slots=True)
class CheckResult:
    source_id: str
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    found: int = 0
    error: SourceError | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source_id,
            "found": self.found,
            "error": str(self.error) if self.error else None,
            "warnings": self.warnings,
            "articles": [
                {
                    **{name: _plain(getattr(a, name)) for name in ("url", *CHECKED_FIELDS)},
                    "date_estimated": a.date_estimated,
                    "missing": missing_fields(a),
                }
                for a in self.articles
            ],
        }


def missing_fields(article: Article) -> list[str]:
    missing = [name for name in CHECKED_FIELDS if not getattr(article, name)]
    if article.date_estimated:
        missing.append("published (no date found: the first-seen time stands in)")
    return missing


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def check_source(
    config: Config, source: Source, *, limit: int = 10, client: httpx.AsyncClient | None = None
) -> CheckResult:
    return asyncio.run(_check(config, source, limit, client))


async def _check(
    config: Config, source: Source, limit: int, client: httpx.AsyncClient | None
) -> CheckResult:
    install_config(config)
    loop = asyncio.get_running_loop()

    async def run_cpu(fn: Any, *args: Any) -> Any:
        return await loop.run_in_executor(None, partial(fn, *args))

    result = CheckResult(source.id)
    async with Fetcher(config.http, client=client) as fetcher:
        ctx = HarvestContext(
            fetcher=fetcher,
            run_cpu=run_cpu,
            cached=lambda url: None,
            known_listing={},
            now=datetime.now(UTC),
            conditional=False,
            article_limit=limit,
        )
        try:
            harvested = await harvest(source, ctx)
        except SourceError as exc:
            result.error = exc
            return result
        except Exception as exc:  # as collect's boundary: a report, not a traceback
            result.error = SourceError("internal", f"{type(exc).__name__}: {exc}")
            return result
    result.articles = harvested.articles[:limit]
    result.warnings = harvested.warnings
    result.found = harvested.found
    if harvested.page_errors and not harvested.articles:
        result.error = harvested.page_errors[0]
    return result


def format_check(result: CheckResult) -> str:
    lines = [
        f"source {result.source_id}: {result.found} articles listed, "
        f"{len(result.articles)} extracted"
    ]
    if result.error:
        lines.append(f"error: {result.error}")
    for warning in result.warnings:
        lines.append(f"warning: {warning}")
    for article in result.articles:
        lines.append("")
        lines.append(article.url)
        lines.append(f"  title:     {article.title}")
        estimated = " (estimated)" if article.date_estimated else ""
        lines.append(f"  published: {article.published.astimezone(UTC).isoformat()}{estimated}")
        lines.append(
            f"  author:    {article.author or '-'}"
            f"{' / ' + article.organisation if article.organisation else ''}"
        )
        lines.append(f"  category:  {article.category or '-'} ({article.native_category or '-'})")
        lines.append(f"  summary:   {article.summary[:100]}")
        lines.append(f"  body:      {len(article.content_html)} characters of HTML")
        lines.append(f"  image:     {article.image_url or '-'}")
        lines.append(f"  caption:   {article.image_caption or '-'}")
        missing = missing_fields(article)
        lines.append(f"  missing:   {', '.join(missing) if missing else 'nothing'}")
    return "\n".join(lines)
