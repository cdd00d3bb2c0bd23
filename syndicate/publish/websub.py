"""WebSub: tell the hub which published feeds changed, so subscribers hear at once.

Feeds announce the hub themselves (`rel="hub"`, from `publish.websub_hub`); after a
publication the publisher pings the hub with the URL of every current feed file that
was written (`changed_feed_urls`). The ping is the de facto publish request of
PubSubHubbub 0.4 that hubs accept: a form-encoded POST of `hub.mode=publish` and
`hub.url=<feed>`, one request per feed, since not every hub takes several `hub.url`
in one body. Archive pages are never pinged: they announce no hub.

A failed ping loses nothing (subscribers still poll), so errors come back as values
(`ping_hub`) or one log line (`notify_hub`); nothing here raises.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterable, Sequence

import httpx

from syndicate.publish.documents import ARCHIVE_PREFIX
from syndicate.publish.formats import FORMATS

TIMEOUT = httpx.Timeout(10.0)
USER_AGENT = "syndicate (WebSub publisher)"

log = logging.getLogger(__name__)


def notify_hub(hub: str | None, base_url: str, written: Iterable[str]) -> None:
    """Ping `hub` for the current feeds among `written`; log hub trouble once, as a
    warning: a publication is complete whether or not the hub heard of it."""
    urls = changed_feed_urls(base_url, written)
    if not hub or not urls:
        return
    errors = ping_hub(hub, urls)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        log.warning(
            "WebSub hub %s: %d of %d changed feeds not pinged: %s%s",
            hub,
            len(errors),
            len(urls),
            errors[0],
            more,
        )


def changed_feed_urls(base_url: str, written: Iterable[str]) -> list[str]:
    """The published URLs of the current feed files among `written` (relative paths,
    as `WriteReport.written` lists them), in their order."""
    urls = []
    for path in written:
        if posixpath.splitext(path)[1] in FORMATS and not path.startswith(ARCHIVE_PREFIX):
            urls.append(base_url + path)
    return urls


def ping_hub(
    hub: str, feed_urls: Sequence[str], *, client: httpx.Client | None = None
) -> list[str]:
    """POST `hub.mode=publish` for each feed URL (duplicates once); returns one message
    per feed the hub did not accept (a non-2xx answer or a transport error).

    A transport error (unreachable, timed out) ends the pinging: the hub would fail the
    same way for every feed, each after waiting out the timeout. The feeds left are
    reported as not pinged.
    """
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT})
    errors: list[str] = []
    urls = list(dict.fromkeys(feed_urls))
    try:
        for i, url in enumerate(urls):
            try:
                response = http.post(hub, data={"hub.mode": "publish", "hub.url": url})
            except httpx.HTTPError as error:
                errors.append(f"{url}: {type(error).__name__}: {error}")
                errors.extend(f"{rest}: not pinged after the error above" for rest in urls[i + 1 :])
                break
            if not response.is_success:
                reason = response.text.strip()[:200]
                errors.append(f"{url}: hub answered {response.status_code} {reason}".rstrip())
    finally:
        if own:
            http.close()
    return errors
