"""`syndicate check` against a portal served through MockTransport."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicate.check import check_source, format_check
from tests.test_collect_html import Portal, config


@pytest.mark.parametrize("limit", [1, 5, 20])
def test_articles_listed_does_not_depend_on_the_limit(tmp_path: Path, limit: int) -> None:
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)
    portal = Portal(total=50, per_page=20)
    result = check_source(cfg, cfg.sources[0], limit=limit, client=portal.client())
    assert (result.found, len(result.articles)) == (20, limit)
    assert format_check(result).startswith(
        f"source dak-to-tin: 20 articles listed, {limit} extracted"
    )
    # the articles asked for are all on page one: no further page is read
    assert (portal.listing_hits(), portal.article_hits()) == (1, limit)


def test_a_bug_while_checking_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Collection records such a failure as the source's "internal" error and goes on;
    # check died with a traceback.
    cfg = config(tmp_path, page_template="?page={n}", max_pages=3)

    def broken(*args: object) -> None:
        raise LookupError("unknown encoding: undefined")

    monkeypatch.setattr("syndicate.worker.parse_listing_body", broken)
    result = check_source(cfg, cfg.sources[0], client=Portal(total=5, per_page=5).client())
    assert result.error is not None and result.error.kind == "internal"
    assert "LookupError: unknown encoding: undefined" in format_check(result)
