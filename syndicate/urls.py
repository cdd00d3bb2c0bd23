"""Canonical URLs: one spelling per article address, so the same page is stored once.

Everything here is pure string work over `urllib.parse`. `canonical_url` is idempotent:
its output, canonicalized again, is unchanged.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from syndicate.errors import ParseError

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that never change what a page shows: campaign tags, click ids,
# session ids and Liferay portlet state. Compared lower-case. Not `sid`: PHP-Nuke
# portals name the story with it (modules.php?name=News&file=article&sid=123), and
# dropping a story's id would fold every article of such a portal into one; a session
# id left in a URL costs at worst a copy that story merging then finds.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "zarsrc",  # Zalo shares
        "_ga",
        "ref",
        "phpsessid",
        "jsessionid",
        "asp.net_sessionid",
        "p_p_auth",
        "p_p_state",
        "p_p_mode",
        "p_p_lifecycle",
        "redirect",
        "inheritredirect",  # Liferay adds it next to `redirect`
    }
)
TRACKING_PREFIXES = ("utm_", "mc_", "p_p_col_")
# Liferay namespaces `redirect` with the portlet id: `_101_INSTANCE_x_redirect`.
_NAMESPACED_REDIRECT = re.compile(r"^_\w+_redirect$", re.IGNORECASE)
# Java servlet containers put the session in a path parameter: `/a;jsessionid=ABC?x=1`.
_JSESSIONID_PATH = re.compile(r";jsessionid=[^/;?#]*", re.IGNORECASE)

_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = frozenset("!$&'()*+,;=")
# Characters left literal in each component; anything else ASCII is percent-escaped.
_PATH_SAFE = _UNRESERVED | _SUB_DELIMS | frozenset(":@/")
_QUERY_SAFE = (_UNRESERVED | _SUB_DELIMS | frozenset(":@/?")) - frozenset("&=")


def other_scheme(url: str) -> str | None:
    """A canonical http(s) URL under the other of the two schemes; None for any other URL.

    For telling a portal that moved to https (or back) from a new article: what is
    stored under the other scheme may be the same article, if it reads the same.
    """
    for this, that in (("http://", "https://"), ("https://", "http://")):
        if url.startswith(this):
            return that + url[len(this) :]
    return None


# The number a CMS files an article under, in the last segment of its path: Joomla's
# "/123-slug.html", most portals' "/slug-12345.html" or "/slug-t12345.html", or a
# segment of digits alone; or the segment before it. Three digits at least: "-2"
# tells two slugs apart.
_LEADING_NUMBER = re.compile(r"^(\d{3,})[-_]")
_TRAILING_NUMBER = re.compile(r"(?:^|[-_.a-z])(\d{3,})$")
# A year, or a month's or a day's folder ("202503", "20250122"): dates, not numbers.
_YEAR = re.compile(r"(?:19|20)\d\d(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?)?")
_NUMBER_SEGMENT = re.compile(r"(\d{3,})")
_NAMES_ID = re.compile(r"(?:id|detail|chi-?tiet)$")


def article_number(url: str) -> str | None:
    """The host, section and number an article's address files it under, or None: a
    portal that corrects a title gives the article a new slug, and keeps its number
    and section ("/video/…-456" and "/tin-tuc/…-456" are numbered apart)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    section, _, segment = parts.path.rstrip("/").lower().rpartition("/")
    stem = segment.split(".", 1)[0] if "." in segment else segment
    above, _, parent = section.rpartition("/")
    # A segment of digits before the slug first ("/pages/detail/7005/<slug>", DNN's
    # "/ArticleID/2131/<slug>.aspx"): a figure may end the slug's title ("…-cho-350").
    # A year there is a folder, unless the segment before names an id.
    found = _NUMBER_SEGMENT.fullmatch(parent)
    if found and (not _YEAR.fullmatch(found.group(1)) or _NAMES_ID.search(above)):
        number, section = found.group(1), above
    else:
        # Then the end of the slug ("…-12345"), then its start (Joomla's "123-…"): a
        # title may begin with a figure too ("500 suất quà…").
        numbers = [
            m.group(1) for m in (_TRAILING_NUMBER.search(stem), _LEADING_NUMBER.match(stem)) if m
        ]
        # "…-nam-2025": a year ends many slugs, and files nothing.
        number = next((n for n in numbers if not _YEAR.fullmatch(n)), "")
        if not number:
            return None
    host = host_key(parts.hostname).removeprefix("www.")
    return f"{host} {section}/ {number}"


def canonical_url(url: str) -> str:
    """Return the one spelling of `url` that the store and the feeds use.

    Lower-cases scheme and host, IDNA-encodes the host, drops `www.`, default ports,
    the fragment (but a hashbang route), tracking and session parameters and trailing
    slashes; resolves dot
    segments; sorts the remaining query parameters and normalizes percent-encoding.
    Anything that is not an absolute http(s) URL is returned stripped but unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError:  # a malformed IPv6 host or a port out of range
        return url
    scheme = parts.scheme.lower()
    # http and https stay distinct: on these portals a different scheme can be a
    # different server with different content, so merging them would be a guess.
    if scheme not in WEB_SCHEMES or not hostname:
        return url
    netloc = _canonical_host(hostname)
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _JSESSIONID_PATH.sub("", parts.path)
    path = _remove_dot_segments(_normalize_escapes(path, _PATH_SAFE))
    if not path.startswith("/"):
        path = "/" + path
    path = path.rstrip("/") or "/"
    # A hashbang ("#!/tin-tuc/12") is a page of its own on a script-driven portal: the
    # AJAX crawling scheme's address of it. Any other fragment is a place in a page.
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path, _canonical_query(parts.query), fragment))


def absolute_url(href: str, base: str) -> str | None:
    """Resolve `href` against `base`; None unless the result is an http(s) URL.

    javascript:, data:, mailto:, about: and other schemes, and empty links, give None.
    """
    href = _backslashes_as_slashes(href.strip())
    if not href:
        return None
    try:
        own = urlsplit(href)
        scheme = own.scheme.lower()
        # "http:" or "http:page" with no host would silently resolve to the base.
        if scheme and (scheme not in WEB_SCHEMES or not own.netloc):
            return None
        resolved = urljoin(base.strip(), href)
        parts = urlsplit(resolved)
        if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
            return None
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return resolved


def _backslashes_as_slashes(href: str) -> str:
    """Backslashes before the query or fragment turned into the slashes browsers read
    them as in http(s) URLs (WHATWG URL): "\\Uploads\\a.jpg" is "/Uploads/a.jpg"."""
    if "\\" not in href:
        return href
    end = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:end].replace("\\", "/") + href[end:]


def escape_url(url: str) -> str:
    """`url` with what may not appear in a URL (spaces, Vietnamese letters in a file
    name) percent-encoded as UTF-8, the host in its IDNA form (`ascii_host`); escapes
    already there stay as they are.

    Unlike `canonical_url` this keeps the address exactly as the server knows it
    (`www.`, parameter order), so it can be handed to readers for fetching.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = quote(parts.path, safe=_ESCAPE_SAFE)
    query = quote(parts.query, safe=_ESCAPE_SAFE + "?")
    fragment = quote(parts.fragment, safe=_ESCAPE_SAFE + "?")
    return ascii_host(urlunsplit((parts.scheme, parts.netloc, path, query, fragment)))


# Reserved characters and "%" (escapes already made): what `escape_url` leaves alone.
_ESCAPE_SAFE = "!$&'()*+,;=:@/%"


def on_hosts(url: str, hosts: Collection[str]) -> bool:
    """Whether `url` is on one of `hosts`: the one host rule for links and fetches alike.

    Hosts compare lower-case, IDNA-encoded and without `www.`, as `canonical_url`
    spells them. Ports are ignored, because a portal is the same site on :80 and on
    :8080, unless a given host names a port ("cms.example.vn:8080"): then the URL's
    port (explicit, or its scheme's default) must be that one.
    """
    try:
        parts = urlsplit(url.strip())
        url_host = parts.hostname
        url_port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return False
    if not url_host:
        return False
    url_host = _canonical_host(url_host)
    for candidate in hosts:
        want_host, want_port = _split_host(candidate)
        if want_host == url_host and (want_port is None or want_port == url_port):
            return True
    return False


def same_site(url: str, host: str, allowed_hosts: Collection[str] = ()) -> bool:
    """Whether `url` is on `host` or on one of `allowed_hosts` (see `on_hosts`)."""
    return on_hosts(url, (host, *allowed_hosts))


def _split_host(host: str) -> tuple[str, int | None]:
    """Split "example.vn:8080" (or a bare host) into a canonical host and a port."""
    host = host.strip()
    try:
        parts = urlsplit(f"//{host}")
        name, port = parts.hostname or "", parts.port
    except ValueError:
        return _canonical_host(host), None
    return _canonical_host(name), port


@lru_cache(maxsize=4096)  # asked for on every request, of a few dozen hosts
def host_key(host: str) -> str:
    """One spelling for a host however a URL writes it: lower case, no final dot, and
    IDNA-encoded, so "đắktô.example.vn" and its "xn--" form are one server, as the
    Host header they send says. What politeness per host is counted by."""
    host = unicodedata.normalize("NFC", host).lower().rstrip(".")
    if ":" in host:  # an IPv6 literal: urlsplit dropped the brackets
        return f"[{host}]"
    # An over-long or empty label cannot be IDNA-encoded: keep the lower-cased spelling.
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return host.lower()


def ascii_host(url: str) -> str:
    """`url` with a host in letters beyond ASCII written in its IDNA ("xn--") form, as
    RFC 3986 (3.2.2) asks of whoever produces a URI: percent-encoded, as an HTML
    serializer writes it, no resolver finds it. Anything else stays as it was."""
    if url.isascii():
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    if host.isascii():
        return url
    encoded = host_key(host)
    if not encoded.isascii():  # a label IDNA cannot take
        return url
    return urlunsplit(parts._replace(netloc=f"{userinfo}{at}{encoded}{colon}{port}"))


def _canonical_host(host: str) -> str:
    host = host_key(host)
    if host.startswith("www.") and "." in host[4:]:
        host = host[4:]
    return host


def _canonical_query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for field in query.split("&"):
        if not field:
            continue
        key, eq, value = field.partition("=")
        key = _normalize_escapes(key, _QUERY_SAFE)
        if _is_tracking(key):
            continue
        pairs.append((key, eq + _normalize_escapes(value, _QUERY_SAFE | {"="})))
    # Stable sort on the name only: repeated names keep their order, which may matter.
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(key + value for key, value in pairs)


def _is_tracking(key: str) -> bool:
    name = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), key).lower()
    return (
        name in TRACKING_PARAMS
        or name.startswith(TRACKING_PREFIXES)
        or bool(_NAMESPACED_REDIRECT.match(name))
    )


def _normalize_escapes(component: str, safe: frozenset[str]) -> str:
    """One percent-encoding per component: NFC text, upper-case UTF-8 escapes.

    Escaped unreserved characters are decoded, escaped reserved ones stay escaped
    (decoding "%2F" would change the meaning), and byte runs that are not UTF-8
    survive as their original bytes.
    """
    pieces: list[str] = []
    pending = bytearray()

    def flush() -> None:
        if pending:
            # surrogateescape keeps invalid bytes recoverable for re-encoding below.
            pieces.append(pending.decode("utf-8", "surrogateescape"))
            pending.clear()

    pos = 0
    for match in _ESCAPE.finditer(component):
        if match.start() > pos:
            flush()
            pieces.append(component[pos : match.start()])
        byte = int(match.group(1), 16)
        if byte >= 0x80:
            pending.append(byte)
        else:
            flush()
            char = chr(byte)
            pieces.append(char if char in _UNRESERVED else f"%{byte:02X}")
        pos = match.end()
    flush()
    pieces.append(component[pos:])
    text = unicodedata.normalize("NFC", "".join(pieces))

    out: list[str] = []
    for i, char in enumerate(text):
        # Every escape left in `text` is a kept reserved one, already upper-case; a
        # "%" that starts no escape is a literal percent sign and gets escaped.
        if (char == "%" and _ESCAPE.match(text, i)) or char in safe:
            out.append(char)
        else:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8", "surrogateescape"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, over already-normalized segments."""
    if "." not in path:
        return path
    absolute = path.startswith("/")
    segments = path.split("/")
    output: list[str] = []
    for segment in segments[1:] if absolute else segments:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    # A path ending in "." or ".." names a folder.
    if segments[-1] in (".", ".."):
        output.append("")
    joined = "/".join(output)
    return "/" + joined if absolute else joined


def page_url(source_url: str, template: str, n: int) -> str:
    """Listing page `n` (counting from 1) of a source; page 1 is the source URL itself.

    "?page={n}" and "&trang={n}" set query parameters, "/page-{n}" extends the path,
    a full URL is used as given, anything else resolves against the source URL.
    """
    if n <= 1:
        return source_url
    if "{n}" not in template:
        raise ParseError(f"page_template {template!r} has no {{n}} placeholder")
    filled = template.replace("{n}", str(n))
    parts = urlsplit(source_url)
    if "://" in filled:
        return filled
    if filled.startswith(("?", "&")):
        return urlunsplit((*parts[:3], _with_parameters(parts.query, filled[1:]), ""))
    if filled.startswith("/"):
        path = parts.path.rstrip("/") + filled
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return urljoin(source_url, filled)


def _with_parameters(query: str, added: str) -> str:
    """`query` with the parameters of `added` set: each in the place of the first one
    of its name, if any (the others of that name go), else at the end. The rest of the
    query stays as the source wrote it: a repeated parameter ("loai=1&loai=2"), a bare
    flag ("?tin-tuc"), its escapes."""
    pairs = [pair for pair in query.split("&") if pair]
    for pair in (pair for pair in added.split("&") if pair):
        name = pair.split("=", 1)[0]
        at = [i for i, old in enumerate(pairs) if old.split("=", 1)[0] == name]
        if at:
            pairs[at[0]] = pair
            pairs = [old for i, old in enumerate(pairs) if i not in at[1:]]
        else:
            pairs.append(pair)
    return "&".join(pairs)
