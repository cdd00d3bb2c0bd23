"""WebSub: tell the hub which published feeds changed, so subscribers hear at once.

Feeds announce the hub themselves (`rel="hub"`, from `publish.websub_hub`); after a
publication the publisher pings the hub with the URL of every current feed file that
was written (`changed_feed_urls`). The ping is the de facto publish request of
PubSubHubbub 0.4 that hubs accept: a form-encoded POST of `hub.mode=publish` and
`hub.url=<feed>`, one request per feed, since not every hub takes several `hub.url`
in one body. Archive pages are never pinged: they announce no hub.

A failed ping loses nothing (subscribers still poll), so errors come back as values
(`ping_hub`) or one log line (`notify_hub`); nothing here raises. Pings run under the
store's lock, so a hub in trouble is not asked again, and all of them stop at a
deadline, however slowly a hub answers.
"""

from __future__ import annotations

import logging
import posixpath
import threading
import time
from collections.abc import Callable, Iterable, Sequence

import httpx

from syndicate.publish.documents import ARCHIVE_PREFIX
from syndicate.publish.formats import FORMATS

TIMEOUT = httpx.Timeout(10.0)
# All the pings of one publication, in seconds of wall clock: they run under the
# store's lock, and a hub trickling its answers must not hold the next cron run off.
DEADLINE = 30.0
DEADLINE_GRACE = 5.0  # for the request under way when the deadline passes
REASON_BYTES = 200  # of a refusal's body, for the log line
USER_AGENT = "syndicate (WebSub publisher)"

log = logging.getLogger(__name__)


def notify_hub(hub: str | None, base_url: str, written: Iterable[str]) -> None:
    """Ping `hub` for the current feeds among `written`; log hub trouble once, as a
    warning: a publication is complete whether or not the hub heard of it."""
    urls = changed_feed_urls(base_url, written)
    if not hub or not urls:
        return
    errors: list[str] = []
    # The deadline is checked between requests; one request a hub trickles its answer
    # to, a byte at a time, restarts httpx's read timeout with each. So the pings run
    # beside, and are left to themselves (a daemon thread) once the deadline is past.
    pinging = threading.Thread(target=lambda: errors.extend(ping_hub(hub, urls)), daemon=True)
    pinging.start()
    pinging.join(DEADLINE + DEADLINE_GRACE)
    if pinging.is_alive():
        log.warning(
            "WebSub hub %s: still answering after %.0f s; its pings are left unfinished",
            hub,
            DEADLINE + DEADLINE_GRACE,
        )
        return
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
    hub: str,
    feed_urls: Sequence[str],
    *,
    client: httpx.Client | None = None,
    deadline: float = DEADLINE,
    clock: Callable[[], float] = time.monotonic,
) -> list[str]:
    """POST `hub.mode=publish` for each feed URL (duplicates once); returns one message
    per feed the hub did not accept (a non-2xx answer or a transport error).

    A transport error (unreachable, timed out), a server error or a 429 ends the
    pinging: the hub would answer the same for every feed, each after its wait. So does
    `deadline`, for all the pings together, checked between requests (`notify_hub`
    bounds a request a hub trickles its answer to as well). The feeds left are
    reported as not pinged.
    """
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT})
    errors: list[str] = []
    urls = list(dict.fromkeys(feed_urls))
    end = clock() + deadline
    try:
        for i, url in enumerate(urls):
            if clock() >= end:
                errors.extend(
                    f"{rest}: not pinged: {deadline:.0f} s of pinging spent" for rest in urls[i:]
                )
                break
            try:
                with http.stream(
                    "POST", hub, data={"hub.mode": "publish", "hub.url": url}
                ) as response:
                    if response.is_success:
                        continue  # its body says nothing we need
                    reason = _first_bytes(response, end, clock).decode("utf-8", "replace").strip()
            except httpx.HTTPError as error:
                errors.append(f"{url}: {type(error).__name__}: {error}")
                errors.extend(f"{rest}: not pinged after the error above" for rest in urls[i + 1 :])
                break
            errors.append(f"{url}: hub answered {response.status_code} {reason}".rstrip())
            if response.status_code >= 500 or response.status_code == 429:
                errors.extend(
                    f"{rest}: not pinged after the answer above" for rest in urls[i + 1 :]
                )
                break
    finally:
        if own:
            http.close()
    return errors


def _first_bytes(response: httpx.Response, end: float, clock: Callable[[], float]) -> bytes:
    """The start of a response's body, as much as comes by `end`."""
    read = b""
    for chunk in response.iter_bytes():
        read += chunk
        if len(read) >= REASON_BYTES or clock() >= end:
            break
    return read[:REASON_BYTES]
