"""`syndicate serve`: the published folder over HTTP, done the way pollers need it.

Strong ETags and Last-Modified from the files themselves, 304 on conditional
requests, gzip, Cache-Control, correct media types with charset, and nothing
outside the folder ever reachable.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from syndicate.config import Config

MEDIA_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
CACHE_CONTROL = "public, max-age=300"


@dataclass(frozen=True, slots=True)
class _Cached:
    mtime_ns: int
    size: int
    etag: str
    body: bytes


class PublishedFiles:
    """Reads files of the output folder, remembering each file's ETag until it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[Path, _Cached] = {}

    def resolve(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/") or "index.html"
        if "\x00" in relative or "\\" in relative:
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def read(self, path: Path) -> _Cached:
        stat = path.stat()
        cached = self._cache.get(path)
        if cached and cached.mtime_ns == stat.st_mtime_ns and cached.size == stat.st_size:
            return cached
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        cached = _Cached(stat.st_mtime_ns, stat.st_size, etag, body)
        self._cache[path] = cached
        return cached


def not_modified(request: Request, etag: str, mtime: float) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def file_response(request: Request, files: PublishedFiles) -> Response:
    path = files.resolve(request.url.path)
    if path is None:
        return Response("Not Found\n", status_code=404, media_type="text/plain")
    cached = files.read(path)
    mtime = cached.mtime_ns / 1e9
    headers = {
        "ETag": cached.etag,
        "Last-Modified": formatdate(mtime, usegmt=True),
        "Cache-Control": CACHE_CONTROL,
    }
    if not_modified(request, cached.etag, mtime):
        return Response(status_code=304, headers=headers)
    media_type = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    body = b"" if request.method == "HEAD" else cached.body
    response = Response(body, media_type=media_type, headers=headers)
    if request.method == "HEAD":
        response.headers["content-length"] = str(cached.size)
    return response


def create_app(config: Config, out_dir: Path) -> Starlette:
    files = PublishedFiles(out_dir)

    async def static(request: Request) -> Response:
        return file_response(request, files)

    routes = [Route("/{path:path}", static, methods=["GET", "HEAD"])]
    return Starlette(routes=routes, middleware=[Middleware(GZipMiddleware, minimum_size=512)])


def run_server(config: Config, out_dir: Path, *, host: str, port: int) -> None:
    import uvicorn

    os.makedirs(out_dir, exist_ok=True)
    uvicorn.run(create_app(config, out_dir), host=host, port=port, log_level="warning")
