"""`syndicate serve`: the published folder and query feeds over HTTP, as pollers need them.

Static files: media types with charset, strong ETags (a digest of the bytes) and
Last-Modified from the files themselves, 304 on If-None-Match / If-Modified-Since,
HEAD, gzip and Cache-Control; nothing outside the folder, and no dot-file in it, is
ever reachable. Query feeds (`/search.atom?q=…`, `/feed.rss?district=…&category=…`,
any of .rss, .atom, .json) are made from the store on request (see
`syndicate.publish.queries`) and answered the same way, without Last-Modified: their
newest entry's time does not date them (a hidden article changes a feed too). A query
feed is served only at its canonical URL, which is also its self link: the scheme, Host
and path the request came with (behind a proxy, pass Host, X-Forwarded-Proto and the
path on unchanged), the query re-encoded with its parameters in a fixed order. Any
other spelling of the query (`+` for a space, empty parameters, another order) gets a
301 to the canonical URL, so a validator or poller never reads a feed whose self link
is not where it found it.

Everything is served under the path of the province's `base_url`, where the published
self links say the folder is, and also at the root, for local use.

gzip: a gzipped body is a different representation from the identity one, so it
gets its own strong ETag, the identity tag with `-gzip` inside the quotes (a strong
tag promises byte-identical bodies, and gzip here is deterministic: fixed level, no
timestamp). Every answer carries `Vary: Accept-Encoding`; a conditional request
matches the tag of the representation its Accept-Encoding selects (RFC 9110 13.1.2).

A store that cannot be read (locked past the busy timeout, damaged, unopenable, or not
yet migrated by a sync of this version) makes query feeds answer 503 with a one-line
reason, and Retry-After when a sync will mend it (busy, or not migrated yet);
the server logs one line saying why, and static files are served as ever.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import socket
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, quote_from_bytes, unquote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from syndicate.config import Config
from syndicate.errors import UsageError
from syndicate.model import FeedEntry
from syndicate.publish import INDEX_FILE
from syndicate.publish.documents import entry_stamps
from syndicate.publish.formats import FORMATS
from syndicate.publish.queries import (
    FeedQuery,
    QueryError,
    QueryKind,
    filtered_entries,
    parse_feed_query,
    query_document,
    query_feed_id,
    query_parameters,
    render_query_feed,
    search_entries,
)
from syndicate.report import log_as_ours
from syndicate.store import Store

MEDIA_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
BINARY = "application/octet-stream"
# Pollers come every few minutes at most. Archive pages too: hiding an article
# rewrites the page that holds it, and a retraction must leave every feed.
CACHE_CONTROL = "public, max-age=300"
QUERY_CACHE_CONTROL = "public, max-age=300"
GZIP_MIN_BYTES = 512
GZIP_LEVEL = 6
_GZIP_CACHE_BYTES = 64 * 1024 * 1024
_QUERY_CACHE_SIZE = 256
# Query feeds carry full articles (up to a megabyte each), and anyone can vary a query:
# the renderings kept are bounded in bytes too.
_QUERY_CACHE_BYTES = 32 * 1024 * 1024
# What a path may hold as it is (RFC 3986 pchar and "/"), percent-escapes included.
_PATH_SAFE = "/%!$&'()*+,;=:@"
# A sync holds the write lock for seconds at a time; a minute sees it through.
STORE_BUSY_RETRY_AFTER = 60

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Representation:
    """A body ready to send, with its validators (Last-Modified only for files)."""

    body: bytes
    etag: str  # strong, of the identity bytes
    media_type: str
    cache_control: str
    last_modified: float | None = None


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def gzip_etag(etag: str) -> str:
    """The tag of the gzipped representation: still strong, never equal to `etag`."""
    return etag[:-1] + '-gzip"'


def _qualities(header: str | None) -> dict[str, float]:
    """The q-value of each name an Accept or Accept-Encoding header lists, lower case."""
    found: dict[str, float] = {}
    for part in (header or "").split(","):
        name, *params = part.split(";")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.strip():
            found[name.strip().lower()] = q
    return found


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether Accept-Encoding allows gzip: named (or `*`) with a q-value above zero."""
    found = _qualities(accept_encoding)
    chosen = found.get("gzip", found.get("x-gzip", found.get("*")))
    return chosen is not None and chosen > 0


# Browsers show a feed served with its own media type as bare text (Chromium) or offer
# to save it (Firefox); served as XML they apply its xml-stylesheet, feed.xsl, and show
# a page. A browser asks for HTML and names no feed type; feed readers do not ask so.
_FEED_MEDIA_TYPES = {
    "application/rss+xml; charset=utf-8": "application/rss+xml",
    "application/atom+xml; charset=utf-8": "application/atom+xml",
}
BROWSER_FEED_MEDIA_TYPE = "application/xml; charset=utf-8"


def browser_media_type(media_type: str, accept: str | None) -> str | None:
    """The media type to show a feed to a browser with, or None to keep `media_type`."""
    feed_type = _FEED_MEDIA_TYPES.get(media_type)
    if feed_type is None:
        return None
    wanted = _qualities(accept)
    if wanted.get("text/html", 0.0) > 0 and feed_type not in wanted:
        return BROWSER_FEED_MEDIA_TYPE
    return None


def browser_etag(etag: str) -> str:
    """The tag of a feed shown to a browser as XML: other headers, another tag."""
    return etag[:-1] + '-xml"'


def not_modified(request: Request, etag: str, mtime: float | None) -> bool:
    """RFC 9110: If-None-Match (weak comparison) wins over If-Modified-Since."""
    # A field sent in several lines is one list (RFC 9110 5.3).
    if_none_match = request.headers.getlist("if-none-match")
    if if_none_match:
        tags = {t.strip().removeprefix("W/") for t in ",".join(if_none_match).split(",")}
        return "*" in tags or etag in tags
    since = http_date(request.headers.get("if-modified-since"))
    if since is None or mtime is None or since > time.time():
        # A time still to come is a client's clock running ahead, not a copy we sent:
        # a feed published before it would answer 304 to that client after changing.
        return False
    return int(mtime) <= since


def http_date(text: str | None) -> float | None:
    """The timestamp of an HTTP-date, or None for anything else. All three forms are
    GMT; the asctime one names no zone, which Python would take for local time."""
    try:
        when = parsedate_to_datetime(text or "")
    except (TypeError, ValueError, IndexError, OverflowError):  # 10**20 hours overflows
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def _compressible(media_type: str) -> bool:
    kind = media_type.split(";")[0]
    return kind.startswith("text/") or kind.endswith(("xml", "json"))


class GzipCache:
    """gzipped bodies by identity ETag, least recently used dropped past a byte budget."""

    def __init__(self, budget: int = _GZIP_CACHE_BYTES) -> None:
        self.budget = budget
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, etag: str, body: bytes) -> bytes:
        with self._lock:
            if etag in self._bodies:
                self._bodies.move_to_end(etag)
                return self._bodies[etag]
        packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        with self._lock:
            if etag not in self._bodies and len(packed) <= self.budget:
                self._bodies[etag] = packed
                self._size += len(packed)
                while self._size > self.budget:
                    _, dropped = self._bodies.popitem(last=False)
                    self._size -= len(dropped)
        return packed


def respond(request: Request, rep: Representation, gzipped: GzipCache) -> Response:
    """The answer to GET or HEAD for `rep`: 304, or 200 gzipped or not."""
    compress = (
        _compressible(rep.media_type)
        and len(rep.body) >= GZIP_MIN_BYTES
        and accepts_gzip(request.headers.get("accept-encoding"))
    )
    shown_as = browser_media_type(rep.media_type, request.headers.get("accept"))
    etag = browser_etag(rep.etag) if shown_as else rep.etag
    etag = gzip_etag(etag) if compress else etag
    vary = "Accept-Encoding, Accept" if rep.media_type in _FEED_MEDIA_TYPES else "Accept-Encoding"
    headers = {"ETag": etag, "Cache-Control": rep.cache_control, "Vary": vary}
    if rep.last_modified is not None:
        # Never a time still to come (RFC 9110 8.8.2.1): a file's mtime may be ahead.
        headers["Last-Modified"] = formatdate(min(rep.last_modified, time.time()), usegmt=True)
    if not_modified(request, etag, rep.last_modified):
        return Response(status_code=304, headers=headers)
    body = gzipped.get(rep.etag, rep.body) if compress else rep.body
    if compress:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(body))
    if request.method == "HEAD":
        body = b""
    return Response(body, media_type=shown_as or rep.media_type, headers=headers)


def plain(status: int, message: str) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def _plainly_inside(resolved: Path, root: Path) -> bool:
    """Whether a resolved path lies in the (resolved) root with no dot-segment below it:
    a symlink may point anywhere, the publisher's hidden files included."""
    if not resolved.is_relative_to(root):
        return False
    return not any(part.startswith(".") for part in resolved.relative_to(root).parts)


class PublishedFiles:
    """Files of the output folder, each file's ETag remembered until the file changes."""

    def __init__(self, root: Path) -> None:
        # Kept as configured and resolved on each request: a folder replaced by turning
        # a symlink to another release (or made after start) is served as it is now.
        self.root = root.absolute()
        self._resolved_root: Path | None = None
        self._etags: dict[Path, tuple[tuple[int, int, int], str]] = {}
        self._lock = threading.Lock()

    def resolve(self, relative: str) -> Path | None:
        """The file a decoded URL path names, or None for anything not plainly inside.

        Refused: NUL and backslashes, any segment starting with a dot (`..`, and the
        publisher's own `.publish-manifest` and temporary files), and whatever resolves
        outside the root or to a dot-file once symlinks are followed. A folder means its
        index.html, which is resolved and checked in turn (it may be a symlink too); a
        file named as a folder (a trailing slash) is nothing.
        """
        if "\x00" in relative or "\\" in relative:
            return None
        segments = [s for s in relative.split("/") if s]
        if any(s.startswith(".") for s in segments):
            return None
        try:
            root = self.root.resolve()
            with self._lock:
                if root != self._resolved_root:
                    # Another release: the old one's tags would only pile up.
                    self._etags.clear()
                    self._resolved_root = root
            candidate = root.joinpath(*segments).resolve()
            if candidate.is_dir():
                candidate = (candidate / "index.html").resolve()
            elif relative.endswith("/"):  # a file as a folder: its relative links would break
                return None
            if not _plainly_inside(candidate, root):
                return None
            return candidate if candidate.is_file() else None
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop (3.11, 3.12)
            return None

    def representation(self, path: Path) -> Representation | None:
        """The file's bytes and validators, read through one open descriptor so the
        bytes and the stat agree even while the publisher replaces the file."""
        try:
            with open(path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                body = handle.read()
        except OSError:
            return None
        identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._etags.get(path)
        if known is not None and known[0] == identity:
            etag = known[1]
        else:
            etag = strong_etag(body)
            with self._lock:
                self._etags[path] = (identity, etag)
        return Representation(
            body=body,
            etag=etag,
            media_type=MEDIA_TYPES.get(path.suffix, BINARY),
            cache_control=CACHE_CONTROL,
            last_modified=stat.st_mtime_ns / 1e9,
        )


class StoreUnavailable(Exception):
    """The store cannot be read now; `detail` says why, for the log."""

    def __init__(self, detail: str, *, busy: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.busy = busy  # locked by another connection: worth trying again soon

    @property
    def reason(self) -> str:
        """What the client is told: nothing about paths or SQLite."""
        if self.busy:
            return "the store is busy (a sync may be writing to it); try again in a minute"
        return "the store cannot be read"


_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# Primary SQLite result codes that blame the store file, not the statement run on it
# (it is opened read-only: a folder in its place fails its first read, SQLITE_IOERR).
_STORE_TROUBLE = {
    **dict.fromkeys(_BUSY_CODES, "is locked"),
    **dict.fromkeys((sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB), "is damaged"),
    **dict.fromkeys(
        (
            sqlite3.SQLITE_CANTOPEN,
            sqlite3.SQLITE_IOERR,
            sqlite3.SQLITE_PERM,
            sqlite3.SQLITE_READONLY,
            sqlite3.SQLITE_FULL,
            sqlite3.SQLITE_AUTH,
            sqlite3.SQLITE_NOLFS,
            sqlite3.SQLITE_PROTOCOL,
        ),
        "cannot be opened",
    ),
}


@contextmanager
def reading_store(path: Path) -> Iterator[None]:
    """Turn the store at `path` failing to open or read into StoreUnavailable.

    Other SQLite errors (a malformed statement, say) are bugs and stay what they are.
    """
    try:
        yield
    except sqlite3.Error as exc:
        # Extended result codes (SQLITE_BUSY_SNAPSHOT, ...) add bits above the primary one.
        code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
        trouble = _STORE_TROUBLE.get(code)
        if trouble is None:
            raise
        name = getattr(exc, "sqlite_errorname", "")
        raise StoreUnavailable(
            f"store {path} {trouble}: {exc} ({name})", busy=code in _BUSY_CODES
        ) from exc
    except OSError as exc:  # e.g. its folder is a file
        raise StoreUnavailable(f"store {path} cannot be opened: {exc}") from exc


@dataclass(slots=True, weakref_slot=True)
class _Entries:
    signature: tuple[int, ...]
    entries: list[FeedEntry]
    by_url: dict[str, FeedEntry] = field(default_factory=dict)
    # Every entry's `updated` in milliseconds, as publishing gives them.
    stamps: dict[str, int] = field(default_factory=dict)


class StoreReader:
    """What query feeds read from the store, opened per request (SQLite in WAL mode
    lets any number of readers run beside a sync).

    Reading every entry is the expensive part (about 0.2 s for 20 000 articles, read
    without their text, which is read for the few a feed lists), so requests running
    at the same time share one read, and rendered feeds are cached until the database
    files change. Entries are kept only while a request uses them: holding them in
    memory for good would cost more than reading them again after the next sync.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.path = config.storage.database
        self._lock = threading.Lock()
        self._shared: weakref.ref[_Entries] | None = None

    def signature(self) -> tuple[int, ...] | None:
        """The size and modification time of the database and its WAL, which a commit
        changes (only a commit that leaves the WAL the same size within the file
        system's timestamp granularity could go unseen, until the next one); None when
        there is no store yet."""
        values: list[int] = []
        for path in (self.path, Path(f"{self.path}-wal")):
            try:
                stat = path.stat()
            except FileNotFoundError:
                if path == self.path:
                    return None
                values += (0, 0)
                continue
            values += (stat.st_mtime_ns, stat.st_size)
        return tuple(values)

    def check_migrated(self, store: Store) -> None:
        """StoreUnavailable (busy) unless every migration of this version has run.

        Opened read-only, the store is never migrated here: a file the first sync has
        not yet given its tables, or one an earlier version left, waits for the next
        sync, which migrates it.
        """
        pending = store.pending_migrations()
        if pending:
            raise StoreUnavailable(
                f"store {self.path} is not migrated yet ({', '.join(pending)}); "
                "the next sync migrates it",
                busy=True,
            )

    def entries(self, signature: tuple[int, ...]) -> _Entries:
        with self._lock:
            shared = self._shared() if self._shared is not None else None
            if shared is not None and shared.signature == signature:
                return shared
            with Store(self.path, read_only=True) as store:
                entries = store.feed_entries(self.config, texts=False)
                stamps = entry_stamps(entries, store.recorded_stamps())
            shared = _Entries(signature, entries, {e.url: e for e in entries}, stamps)
            self._shared = weakref.ref(shared)
            return shared

    def feed(self, query: FeedQuery, signature: tuple[int, ...]) -> tuple[list[FeedEntry], str]:
        """The entries `query` lists, newest first, with their text; and what feed ids
        are built on (`Store.feed_id_base`)."""
        limit = self.config.publish.entries_per_feed
        with Store(self.path, read_only=True) as store:
            self.check_migrated(store)
            shared = self.entries(signature)
            if query.kind == "feed":
                chosen = filtered_entries(query, shared.entries, limit, shared.stamps)
            else:
                assert query.q is not None
                hits = store.search(
                    query.q,
                    district=query.district,
                    category=query.category,
                    since=query.since_utc(self.config.province.timezone),
                    limit=limit,
                    newest=True,  # a feed: what matched last, not the best of all time
                )
                chosen = search_entries(hits, shared.by_url, shared.stamps) if hits else []
            whole = store.entry_texts()(chosen)
            id_base = store.feed_id_base(self.config)
        return [whole[e.id] for e in chosen], id_base


class QueryFeeds:
    """Query feeds rendered on request, the latest renderings kept per served URL."""

    def __init__(self, config: Config, reader: StoreReader | None = None) -> None:
        self.config = config
        self.reader = reader or StoreReader(config)
        self._cache: OrderedDict[tuple[str, tuple[int, ...]], Representation] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.Lock()

    def answer(self, query: FeedQuery, extension: str, served: str) -> Representation:
        """The feed of `query` served at `served` (its URL without the query string).
        Raises QueryError when there is no store yet, StoreUnavailable when it
        cannot be read."""
        self_url = f"{served}?{query.query_string()}"
        with reading_store(self.reader.path):
            signature = self.reader.signature()
        if signature is None:
            raise QueryError(503, "no store yet: run `syndicate sync` first")
        key = (self_url, signature)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        with reading_store(self.reader.path):
            entries, id_base = self.reader.feed(query, signature)
        doc = query_document(self.config, query, entries, id_base)
        body = render_query_feed(doc, extension, self_url, query_feed_id(query, id_base))
        rep = Representation(body, strong_etag(body), MEDIA_TYPES[extension], QUERY_CACHE_CONTROL)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = rep
                self._cached_bytes += len(rep.body)
            while self._cache and (
                len(self._cache) > _QUERY_CACHE_SIZE or self._cached_bytes > _QUERY_CACHE_BYTES
            ):
                _, dropped = self._cache.popitem(last=False)
                self._cached_bytes -= len(dropped.body)
        return rep

    @property
    def cached_bytes(self) -> int:
        """The size of the renderings kept."""
        return self._cached_bytes


def create_app(config: Config, out_dir: Path) -> Starlette:
    """The ASGI app: query feeds at /search.* and /feed.*, the folder everywhere else."""
    files = PublishedFiles(out_dir)
    feeds = QueryFeeds(config)
    gzipped = GzipCache()

    def static_file(request: Request) -> Response:
        path = files.resolve(request.path_params["path"])
        rep = files.representation(path) if path is not None else None
        if rep is None:
            return plain(404, "Not Found")
        return respond(request, rep, gzipped)

    async def static(request: Request) -> Response:
        # Reading, hashing and compressing block: keep them off the event loop.
        return await run_in_threadpool(static_file, request)

    def query_route(kind: QueryKind, extension: str) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                params = query_parameters(request.scope["query_string"])
                query = parse_feed_query(kind, params, config)
                served = served_url(request)
                canonical = query.query_string()
                # Compared raw: `+` and `%20`, `%e1` and `%E1` decode alike but are other URLs.
                if request.scope["query_string"] != canonical.encode("ascii"):
                    return moved_permanently(f"{served}?{canonical}")
                rep = await run_in_threadpool(feeds.answer, query, extension, served)
            except QueryError as error:
                if error.status >= 500:  # no store yet: the operator's to know, once a request
                    log.warning("%s answered %d: %s", request.url.path, error.status, error.message)
                return plain(error.status, error.message)
            except StoreUnavailable as error:
                return store_unavailable(request, error)
            return await run_in_threadpool(respond, request, rep, gzipped)

        return Route(f"/{kind}{extension}", endpoint, methods=["GET", "HEAD"])

    routes: list[BaseRoute] = [
        query_route(kind, ext) for kind in ("search", "feed") for ext in FORMATS
    ]
    routes.append(Route("/{path:path}", static, methods=["GET", "HEAD"]))
    # Routes match the decoded path; base_url spells it percent-encoded.
    prefix = unquote(urlsplit(config.province.base_url).path.rstrip("/"))
    if prefix:

        async def to_folder(request: Request) -> Response:
            # The folder's own address is with the slash, as base_url says.
            return moved_permanently(served_url(request) + "/")

        routes[:0] = [
            Mount(prefix, routes=list(routes)),
            Route(prefix, to_folder, methods=["GET", "HEAD"]),
        ]
    return Starlette(routes=routes)


def served_url(request: Request) -> str:
    """The URL a request came to, without its query, its path spelled as it was sent:
    Starlette's URL has the decoded path, which would put raw UTF-8 in self links."""
    raw_path: bytes | None = request.scope.get("raw_path")
    path = quote_from_bytes(raw_path, safe=_PATH_SAFE) if raw_path else quote(request.scope["path"])
    return str(request.url.replace(path=path, query="", fragment=""))


def store_unavailable(request: Request, error: StoreUnavailable) -> Response:
    """503 with the short reason; the log gets the one line an operator needs."""
    level = logging.WARNING if error.busy else logging.ERROR
    log.log(level, "%s answered 503: %s", request.url.path, error.detail)
    response = plain(503, error.reason)
    if error.busy:
        response.headers["Retry-After"] = str(STORE_BUSY_RETRY_AFTER)
    return response


def moved_permanently(location: str) -> Response:
    """301 rather than 308: the same for GET and HEAD, the only methods served, and
    understood by every feed reader (older HTTP clients, Python's urllib before 3.11
    among them, treat 308 as an error)."""
    return RedirectResponse(
        location, status_code=301, headers={"Cache-Control": QUERY_CACHE_CONTROL}
    )


def run_server(
    config: Config,
    out_dir: Path,
    *,
    host: str,
    port: int,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted. UsageError when the address cannot be listened on.
    `announce` is told the address served at, the port chosen for port 0 included."""
    import uvicorn

    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: not a folder; check --out or [storage] output")
    listening = listen(host, port)
    if announce is not None:
        shown = f"[{host}]" if ":" in host else host
        announce(f"serving {out_dir} at http://{shown}:{listening.getsockname()[1]}/")
        if not (out_dir / INDEX_FILE).is_file():  # missing, empty, or not a published folder
            announce(f"{out_dir}: nothing published there yet: every file answers 404 until then")
    log_as_ours("uvicorn")
    # No log_config: uvicorn would install its own text handlers over ours.
    app = create_app(config, out_dir)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_config=None))
    server.run(sockets=[listening])


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to the address, as uvicorn would bind it, but bound here: uvicorn
    logs a failure and exits 3, which is no exit code of ours."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:  # in use, not ours to bind, or a host that does not resolve
        sock.close()
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock
