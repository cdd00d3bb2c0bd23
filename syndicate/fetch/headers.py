"""What we say in a request and what we keep from a response (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from syndicate.config import Http
from syndicate.model import Validators

# One Accept for feeds and pages alike: the collector asks for both through one fetcher,
# and portals that negotiate at all mostly just pick between HTML and XML.
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/xhtml+xml;q=0.8, "
    "*/*;q=0.5"
)
ACCEPT_LANGUAGE = "vi, en;q=0.5"

# Only what BoundedDecoder can inflate under the body limit: zlib stops at any output
# size we ask, which the brotli and zstd bindings do not reliably offer.
ACCEPT_ENCODING = "gzip, deflate"


def user_agent(http: Http) -> str:
    """The configured User-Agent, with the contact URL appended unless already in it."""
    agent = http.user_agent.strip()
    contact = (http.contact_url or "").strip()
    if contact and contact not in agent:
        agent = f"{agent} (+{contact})"
    return agent


def robots_token(agent: str) -> str:
    """The product token robots.txt groups are matched against: "syndicate/0.1 (…)" → "syndicate"."""
    first = agent.split(maxsplit=1)[0] if agent.strip() else "*"
    return first.split("/", 1)[0] or "*"


def base_headers(http: Http) -> dict[str, str]:
    """Headers sent with every request."""
    return {
        "User-Agent": user_agent(http),
        "Accept": ACCEPT,
        "Accept-Language": ACCEPT_LANGUAGE,
        "Accept-Encoding": ACCEPT_ENCODING,
    }


def conditional_headers(validators: Validators | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a conditional GET; empty without validators."""
    headers: dict[str, str] = {}
    if validators is None:
        return headers
    if etag := _sendable(validators.etag):
        headers["If-None-Match"] = etag
    if last_modified := _sendable(validators.last_modified):
        headers["If-Modified-Since"] = last_modified
    return headers


def response_validators(headers: Mapping[str, str], kept: Validators | None = None) -> Validators:
    """Validators from a response's headers; pass `kept` for a 304, which may omit them.

    A validator that could not be sent back as it came (letters outside ASCII, as a
    Vietnamese file name in an ETag) is not kept: the page is then fetched whole, and
    its unchanged bytes are still recognised (see `harvest`).
    """
    etag = _sendable(headers.get("etag"))
    last_modified = _sendable(headers.get("last-modified"))
    if kept is not None:
        etag = etag or kept.etag
        last_modified = last_modified or kept.last_modified
    return Validators(etag, last_modified)


def _sendable(value: str | None) -> str | None:
    """`value` if a request header can carry it back as it is (printable ASCII), else
    None: an HTTP client refuses to send anything else, and failed the source each run."""
    if value and value.isascii() and value.isprintable():
        return value
    return None
