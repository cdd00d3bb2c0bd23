"""When to try a request again and how long to wait first (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# A server asking for more than this is treated as "not today": we give up instead of
# holding a slot for minutes while other sources wait.
RETRY_AFTER_CAP = 60.0


def is_retryable_status(status: int) -> bool:
    """True for statuses worth another try: 429 and every 5xx.

    They say "not now", not "never"; any other 4xx will not change on a second try.
    """
    return status == 429 or 500 <= status <= 599


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date).

    None when the header is missing or unreadable; a date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT even when they forget to say so
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, backoff: float, jitter: Callable[[], float]) -> float:
    """Delay before retry number `attempt + 1`: `backoff * 2**attempt`, plus up to half again.

    The jitter spreads retries of many sources that failed together (one portal host
    serving several districts) so they do not come back in lockstep.
    """
    base = backoff * 2.0**attempt
    return base + base * 0.5 * jitter()
