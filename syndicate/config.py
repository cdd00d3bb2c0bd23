"""TOML configuration turned into frozen dataclasses, validated once at the edge.

Every problem is reported as a ConfigError naming the file, the key path
(`sources[3].district`) and what is wrong, before anything is fetched.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import HTMLTranslator, SelectorError

from syndicate.errors import ConfigError
from syndicate.text.fold import clean_text, match_key

SourceKind = Literal["feed", "html"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    slug: str
    base_url: str  # where the published folder is served; ends with "/"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    home_url: str | None = None  # the provincial portal


@dataclass(frozen=True, slots=True)
class Storage:
    database: Path = Path("var/syndicate.db")
    output: Path = Path("public")


@dataclass(frozen=True, slots=True)
class Http:
    user_agent: str = "syndicate/0.1 (+https://github.com/syndicate-feeds/syndicate)"
    contact_url: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 16
    per_host: int = 2
    host_delay: float = 0.5  # seconds between requests to one host
    retries: int = 2
    backoff: float = 1.0  # first retry delay in seconds; doubles, with jitter
    respect_robots: bool = True


@dataclass(frozen=True, slots=True)
class Publish:
    entries_per_feed: int = 50
    per_source_cap: int = 20  # at most this many of one source among a merged feed's newest
    archive_page_size: int = 100
    websub_hub: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    title: str
    aliases: tuple[str, ...] = ()


class CategoryMap:
    """Native category labels to canonical slugs, for one configuration's categories.

    A label that is a canonical slug maps to itself. Otherwise its matching key
    (NFC, one tone style, case-folded, "-", "–", "và", "&", "/" alike) is looked up
    among the titles and aliases; failing that, the longest alias key contained in
    the label key wins, on word boundaries ("Tin Văn hóa - Xã hội huyện" contains
    "văn hoá - xã hội").
    """

    def __init__(self, categories: Sequence[Category]) -> None:
        self._slugs = frozenset(c.slug for c in categories)
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._contained: list[tuple[str, str]] = []
        for category in categories:
            for label in (category.title, *category.aliases):
                key = match_key(label)
                if not key:
                    continue
                self._exact.setdefault(key, category.slug)
                self._loose.setdefault(_without_separators(key), category.slug)
                self._contained.append((_without_separators(key), category.slug))
        # Longest first, so the most specific alias wins; stable for equal lengths.
        self._contained.sort(key=lambda pair: -len(pair[0]))

    def slug(self, label: str | None) -> str | None:
        """The canonical slug for `label`, or None when it is not mapped."""
        if not label:
            return None
        if label in self._slugs:
            return label
        key = match_key(label)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        # Then without separators: portals write "Phổ biến, giáo dục pháp luật" and
        # "An ninh - Trật tự" for the aliases "Phổ biến giáo dục pháp luật" and
        # "An ninh trật tự"; left in, the comma lost the long alias to "Giáo dục".
        loose = _without_separators(key)
        if loose in self._loose:
            return self._loose[loose]
        padded = f" {loose} "
        for alias, slug in self._contained:
            # Whole words only: "an ninh" must not match inside "quan ninh".
            if f" {alias} " in padded:
                return slug
        return None

    def of_article(self, native: str | None, source: Source | None) -> str | None:
        """An article's category: its own label (`native`, the source's category when
        the page gave none) mapped, else the category the operator gave its source. A
        label of the page's own that maps to nothing ("Tin nổi bật") leaves that one."""
        configured = clean_text(source.category or "") or None if source is not None else None
        return self.slug(native) or self.slug(configured)


def _without_separators(key: str) -> str:
    """A `match_key` with its separators (" - ") taken out: the words alone."""
    return " ".join(word for word in key.split() if word != "-")


@lru_cache(maxsize=16)
def categories_for(categories: tuple[Category, ...]) -> CategoryMap:
    """The CategoryMap of a configuration, built once and reused for every article."""
    return CategoryMap(categories)


@dataclass(frozen=True, slots=True)
class District:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    code: int | None = None
    home_url: str | None = None


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """Options of a `feed` source (RSS or Atom)."""


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """Options of an `html` source: a listing page plus one page per article.

    Every selector is CSS. With no `body` selector the article page is extracted
    automatically; with no `links` selector article links are discovered.
    """

    # listing page
    links: str | None = None  # article links; relative to `item` when given
    item: str | None = None  # one element per listed article
    item_title: str | None = None
    item_summary: str | None = None
    item_date: str | None = None
    item_image: str | None = None
    next_page: str | None = None  # a "next" link
    page_template: str | None = None  # e.g. "?page={n}"; n counts from 1
    max_pages: int = 3
    # article page
    title: str | None = None
    date: str | None = None
    summary: str | None = None
    body: str | None = None
    author: str | None = None
    image: str | None = None
    drop: tuple[str, ...] = ()  # blocks removed from the body before anything else
    allowed_hosts: tuple[str, ...] = ()
    encoding: str | None = None  # force a charset when a portal lies about it

    @property
    def automatic(self) -> bool:
        return self.body is None


# The options that hold a CSS selector (`drop` holds several).
_SELECTOR_OPTIONS: tuple[str, ...] = (
    "links",
    "item",
    "item_title",
    "item_summary",
    "item_date",
    "item_image",
    "next_page",
    "title",
    "date",
    "summary",
    "body",
    "author",
    "image",
)

# The smallest value each number may take, and the numbers that must stay above it.
_HTTP_AT_LEAST = {
    "concurrency": 1,
    "per_host": 1,
    "max_body_bytes": 1,
    "max_redirects": 0,
    "retries": 0,
    "host_delay": 0,
    "backoff": 0,
}
_HTTP_ABOVE = {"connect_timeout": 0, "read_timeout": 0, "total_timeout": 0}
# Generous ceilings, for the slip of a finger: a `host_delay` of 5000 would have a cron
# run hold the store's lock for hours, and ten sources on one host take half a day.
_HTTP_AT_MOST = {
    "host_delay": 60,
    "backoff": 60,
    "retries": 10,
    "max_redirects": 20,
    "connect_timeout": 300,
    "read_timeout": 300,
    "total_timeout": 3600,
}
_PUBLISH_AT_LEAST = {
    "entries_per_feed": 1,
    "archive_page_size": 0,  # 0: no archive pages
    "per_source_cap": 0,  # 0: no cap
}
_HTML_AT_LEAST = {"max_pages": 1}


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    district: str | None  # None: a province-level source
    kind: SourceKind
    url: str
    title: str
    category: str | None = None  # native label or canonical slug
    timezone: str | None = None
    authority: int = 0  # higher wins when republished copies are merged
    options: FeedOptions | HtmlOptions = field(default_factory=FeedOptions)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    province: Province
    storage: Storage
    http: Http
    publish: Publish
    categories: tuple[Category, ...]
    districts: tuple[District, ...]
    sources: tuple[Source, ...]

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def district(self, slug: str | None) -> District | None:
        return next((d for d in self.districts if d.slug == slug), None)

    def category(self, slug: str | None) -> Category | None:
        return next((c for c in self.categories if c.slug == slug), None)

    def district_name(self, slug: str | None) -> str:
        district = self.district(slug)
        return district.name if district else self.province.name


def holds_store(output: Path, database: Path) -> bool:
    """Whether the published folder holds the store: `serve` would hand it out, withdrawn
    articles and all."""
    return database.resolve().is_relative_to(output.resolve())


def load_config(path: str | Path) -> Config:
    """Read and validate a configuration file; relative paths resolve against its folder."""
    path = Path(path)
    name = str(path)
    try:
        # utf-8-sig: Windows editors begin a UTF-8 file with a byte order mark, which
        # TOML reads as an invalid statement on a line 1 that looks right.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(name, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, "", f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, "", f"not valid TOML: {exc}") from None
    return parse_config(raw, path)


def parse_config(raw: Mapping[str, Any], path: Path) -> Config:
    """Validate an already-parsed TOML document."""
    r = _Reader(str(path))
    r.only_keys(
        raw, "", {"province", "storage", "http", "publish", "categories", "districts", "sources"}
    )
    province = r.record(Province, r.table(raw, "province", required=True), "province")
    _check_url(r, province.base_url, "province.base_url", published=True)
    if "?" in province.base_url or "#" in province.base_url:
        # Feed paths are appended to it: "…/kon-tum?v=1/province.atom" is no link.
        r.fail(
            "province.base_url",
            f"must be a folder's address, without '?' or '#': {province.base_url!r}",
        )
    if province.home_url:
        _check_url(r, province.home_url, "province.home_url", published=True)
    if not _LANGUAGE_TAG.fullmatch(province.language):
        r.fail("province.language", f"not a language tag such as 'vi': {province.language!r}")
    if not province.base_url.endswith("/"):
        province = replace(province, base_url=province.base_url + "/")
    _check_zone(r, province.timezone, "province.timezone")
    _check_slug(r, province.slug, "province.slug")

    storage_raw = dict(r.table(raw, "storage"))
    # The defaults too: relative to the working folder, a cron job's store was another
    # one than the operator's.
    defaults = {f.name: str(f.default) for f in fields(Storage)}
    for key in ("database", "output"):
        value = storage_raw.get(key, defaults[key])
        # An empty one would be the config's own folder.
        if not isinstance(value, str) or not value.strip():
            r.fail(f"storage.{key}", "must be a non-empty string path")
        # "~/…" is the home folder, as a shell reads it, not a folder named "~" here.
        # Absolute and without "..", as the operator is shown it ("config/../var/demo.db"
        # is var/demo.db), the config's folder resolved first. The path's own symlinks
        # stay: an output folder may be one that is turned to each new release.
        joined = path.parent.resolve() / Path(value).expanduser()
        storage_raw[key] = Path(os.path.normpath(joined))
    storage = r.record(Storage, storage_raw, "storage")
    if holds_store(storage.output, storage.database):
        r.fail(
            "storage.database",
            f"must not be inside storage.output ({storage.output}): "
            "the published folder is served to everyone",
        )
    http = r.record(Http, r.table(raw, "http"), "http")
    _check_numbers(
        r, http, "http", at_least=_HTTP_AT_LEAST, above=_HTTP_ABOVE, at_most=_HTTP_AT_MOST
    )
    _check_header_value(r, http.user_agent, "http.user_agent")
    if http.contact_url:
        _check_url(r, http.contact_url, "http.contact_url", published=True)
    publish = r.record(Publish, r.table(raw, "publish"), "publish")
    _check_numbers(r, publish, "publish", at_least=_PUBLISH_AT_LEAST)
    if publish.websub_hub:
        _check_url(r, publish.websub_hub, "publish.websub_hub", published=True)

    categories = tuple(
        r.record(Category, item, f"categories[{i}]")
        for i, item in enumerate(r.array(raw, "categories"))
    )
    districts = tuple(
        r.record(District, item, f"districts[{i}]")
        for i, item in enumerate(r.array(raw, "districts"))
    )
    _unique(r, [c.slug for c in categories], "categories", "slug")
    _unique(r, [d.slug for d in districts], "districts", "slug")
    for i, c in enumerate(categories):
        _check_slug(r, c.slug, f"categories[{i}].slug")
    _check_category_labels(r, categories)
    for i, d in enumerate(districts):
        _check_slug(r, d.slug, f"districts[{i}].slug")
        if d.home_url:
            _check_url(r, d.home_url, f"districts[{i}].home_url", published=True)

    sources = []
    district_slugs = {d.slug for d in districts}
    for i, item in enumerate(r.array(raw, "sources")):
        where = f"sources[{i}]"
        if not isinstance(item, Mapping):
            r.fail(where, "must be a table")
        item = dict(item)
        kind = item.get("kind")
        if kind is None:
            r.fail(f"{where}.kind", "missing required key")
        if kind not in SOURCE_KINDS:
            r.fail(f"{where}.kind", f"must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
        options_type: type[FeedOptions] | type[HtmlOptions] = (
            HtmlOptions if kind == "html" else FeedOptions
        )
        item["options"] = r.record(
            options_type, r.table(item, "options", where), f"{where}.options"
        )
        item.setdefault("title", item.get("id", ""))
        item.setdefault("district", None)
        source = r.record(Source, item, where)
        _check_slug(r, source.id, f"{where}.id")
        _check_url(r, source.url, f"{where}.url")
        if source.district is not None and source.district not in district_slugs:
            r.fail(f"{where}.district", f"unknown district {source.district!r}")
        if source.timezone:
            _check_zone(r, source.timezone, f"{where}.timezone")
        if isinstance(source.options, HtmlOptions):
            _check_html_options(r, source.options, f"{where}.options")
        sources.append(source)
    _unique(r, [s.id for s in sources], "sources", "id")
    _check_source_categories(r, categories, sources)
    return Config(path, province, storage, http, publish, categories, districts, tuple(sources))


def _check_source_categories(
    r: _Reader, categories: tuple[Category, ...], sources: Sequence[Source]
) -> None:
    """A source's category names a configured one (its slug, title or an alias): a
    typo would keep every article of the source out of every category feed. Without
    any category configured, labels are only kept as they are."""
    if not categories:
        return
    mapping = categories_for(categories)
    for i, source in enumerate(sources):
        label = clean_text(source.category or "")
        if label and mapping.slug(label) is None:
            known = ", ".join(c.slug for c in categories)
            r.fail(
                f"sources[{i}].category",
                f"{source.category!r} names no configured category (slugs: {known}; "
                "or add it to one's aliases)",
            )


T = TypeVar("T")


class _Reader:
    """Turns TOML tables into dataclasses, failing with the file and key path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> None:
        raise ConfigError(self.file, key, problem)

    def only_keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(_join(where, key), "unknown key")

    def table(
        self, raw: Mapping[str, Any], key: str, where: str = "", *, required: bool = False
    ) -> Mapping[str, Any]:
        if key not in raw:
            if required:
                self.fail(_join(where, key), "missing table")
            return {}
        value = raw[key]
        if not isinstance(value, Mapping):
            self.fail(_join(where, key), "must be a table")
        return value  # type: ignore[no-any-return]

    def array(self, raw: Mapping[str, Any], key: str) -> list[Any]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "must be an array of tables")
        return list(value)

    def record(self, cls: Callable[..., T], raw: Any, where: str) -> T:
        if not isinstance(raw, Mapping):
            self.fail(where, "must be a table")
        known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
        self.only_keys(raw, where, set(known))
        kwargs: dict[str, Any] = {}
        for name, f in known.items():
            key = _join(where, name)
            if name not in raw:
                if f.default is MISSING and f.default_factory is MISSING:
                    self.fail(key, "missing required key")
                continue
            kwargs[name] = self._coerce(raw[name], f.type, key)
        return cls(**kwargs)

    def _coerce(self, value: Any, annotation: Any, key: str) -> Any:
        text = str(annotation)
        if text.startswith("FeedOptions") or text.startswith("Path"):
            return value
        if text.startswith("tuple"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(key, "must be an array of strings")
            return tuple(value)
        if value is None and "None" in text:
            return None
        if "bool" in text:
            if not isinstance(value, bool):
                self.fail(key, "must be true or false")
            return value
        if "float" in text:
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail(key, "must be a number")
            return float(value)
        if "int" in text:
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(key, "must be an integer")
            return value
        if "SourceKind" in text or "str" in text:
            if not isinstance(value, str) or not value.strip():
                self.fail(key, "must be a non-empty string")
            return value.strip()
        return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _unique(r: _Reader, values: list[str], where: str, key: str) -> None:
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        if value in seen:
            r.fail(
                f"{where}[{i}].{key}",
                f"duplicate {key} {value!r} (first at {where}[{seen[value]}])",
            )
        seen[value] = i


# What no URL may hold as written (RFC 3986): spaces and controls, quotes, angle
# brackets and the like. A published link holding one breaks the feed or the page.
_NOT_IN_URLS = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\^`{|}]')
# A language tag as BCP 47 writes it: "vi", "vi-VN", "en-Latn-US".
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _check_url(r: _Reader, url: str, key: str, *, published: bool = False) -> None:
    """An absolute http(s) URL; `published` ones (they go into feeds as they are) must
    also be plain ASCII."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "http://[127.0.0.1/": an unclosed IPv6 bracket
        r.fail(key, f"not an absolute http(s) URL: {url!r} ({exc})")
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        r.fail(key, f"bad port in {url!r}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        r.fail(key, f"not an absolute http(s) URL: {url!r}")
    if bad := _NOT_IN_URLS.search(url):
        r.fail(key, f"{bad.group(0)!r} cannot stand in a URL (percent-encode it): {url!r}")
    if published and not url.isascii():
        r.fail(key, f"must be ASCII: percent-encode the path, IDNA-encode the host: {url!r}")


# What a header value may hold as HTTP clients send it: printable ASCII and spaces.
_HEADER_VALUE = re.compile(r"[\x20-\x7e]+")


def _check_header_value(r: _Reader, value: str, key: str) -> None:
    """A value sent as a request header: anything else fails every request of every
    source, not the configuration."""
    if not _HEADER_VALUE.fullmatch(value):
        r.fail(key, f"must be printable ASCII (it is sent as a header): {value!r}")


def _check_zone(r: _Reader, zone: str, key: str) -> None:
    try:
        ZoneInfo(zone)
    # A folder of the zone database ("Asia") raises IsADirectoryError, an OSError.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        r.fail(key, f"unknown time zone {zone!r}")


def _check_numbers(
    r: _Reader,
    record: object,
    where: str,
    *,
    at_least: Mapping[str, int] | None = None,
    above: Mapping[str, int] | None = None,
    at_most: Mapping[str, int] | None = None,
) -> None:
    """Each named number is finite, at least (or above) its lower bound and at most its
    upper one."""
    for name, low in (at_least or {}).items():
        value = getattr(record, name)
        if not (math.isfinite(value) and value >= low):
            r.fail(_join(where, name), _out_of_bounds(value, f"at least {low}"))
    for name, low in (above or {}).items():
        value = getattr(record, name)
        if not (math.isfinite(value) and value > low):
            r.fail(_join(where, name), _out_of_bounds(value, f"greater than {low}"))
    for name, high in (at_most or {}).items():
        value = getattr(record, name)
        if math.isfinite(value) and value > high:
            r.fail(_join(where, name), f"must be at most {high}, not {value!r}")


def _out_of_bounds(value: float, bound: str) -> str:
    # TOML floats may be nan or inf; integers never are.
    kind = "a finite number, " if isinstance(value, float) else ""
    return f"must be {kind}{bound}, not {value!r}"


def _check_html_options(r: _Reader, options: HtmlOptions, where: str) -> None:
    _check_numbers(r, options, where, at_least=_HTML_AT_LEAST)
    if options.page_template is not None and "{n}" not in options.page_template:
        r.fail(
            f"{where}.page_template",
            f"must contain {{n}}, the page number: {options.page_template!r}",
        )
    if options.page_template is not None and options.next_page is not None:
        # One way to page on: the template wins, and the link would be ignored in silence.
        r.fail(f"{where}.next_page", "set either next_page or page_template, not both")
    for name in _SELECTOR_OPTIONS:
        selector = getattr(options, name)
        if selector is not None:
            _check_selector(r, selector, f"{where}.{name}")
    for i, selector in enumerate(options.drop):
        _check_selector(r, selector, f"{where}.drop[{i}]")
    if options.encoding is not None:
        _check_charset(r, options.encoding, f"{where}.encoding")
    for i, host in enumerate(options.allowed_hosts):
        _check_host(r, host, f"{where}.allowed_hosts[{i}]")


def _check_host(r: _Reader, host: str, key: str) -> None:
    """A host name, with a port or not: an address pasted in its place matches no link,
    and every article on that host would be refused."""
    try:
        parts = urlsplit(f"//{host.strip()}")
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        parts = None
    if parts is None or not parts.hostname or parts.netloc != host.strip() or "@" in host:
        r.fail(key, f"not a host name ('cms.example.vn' or 'cms.example.vn:8080'): {host!r}")


def _check_charset(r: _Reader, name: str, key: str) -> None:
    """A charset Python can decode: the decoder passes over a name it does not know,
    so a typo would read every page as if nothing were forced."""
    try:
        codecs.lookup(name)
    except LookupError:
        r.fail(key, f"unknown charset {name!r} (try 'windows-1258' or 'utf-8')")


def _check_selector(r: _Reader, selector: str, key: str) -> None:
    """Translate the selector with cssselect's HTML translator, as lxml's CSSSelector
    in the parsers does (without loading lxml here)."""
    try:
        HTMLTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        r.fail(key, f"invalid CSS selector {selector!r}: {exc}")
    # "ns|tr" translates, but pages are read without namespaces: it fails on every page.
    if _NAMESPACE_BAR.search(_QUOTED.sub("", selector)):
        r.fail(key, f"namespace prefixes are not supported in CSS selectors: {selector!r}")


# A bar that is no "|=" attribute operator, outside quoted strings: a namespace prefix.
_NAMESPACE_BAR = re.compile(r"\|(?!=)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _check_category_labels(r: _Reader, categories: Sequence[Category]) -> None:
    """No label names two categories: labels match after case folding and tone placement
    (see `CategoryMap`), so the second one would silently never be given an article."""
    claimed: dict[str, int] = {}
    for i, category in enumerate(categories):
        labels = [("title", category.title)]
        labels += [(f"aliases[{j}]", alias) for j, alias in enumerate(category.aliases)]
        for name, label in labels:
            key = match_key(label)
            first = claimed.setdefault(key, i) if key else i
            if first != i:
                r.fail(
                    f"categories[{i}].{name}",
                    f"{label!r} already names category {categories[first].slug!r} "
                    f"(categories[{first}])",
                )


def _check_slug(r: _Reader, slug: str, key: str) -> None:
    if (
        not slug
        or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
        or slug != slug.lower()
    ):
        r.fail(key, f"must be a lower-case ASCII slug (letters, digits, '-'), not {slug!r}")
