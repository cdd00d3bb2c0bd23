"""Configuration: every bad case fails before any fetch, naming file, key and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicate.cli import main
from syndicate.config import HtmlOptions, load_config
from syndicate.errors import ConfigError

GOOD = """
[province]
name = "Tỉnh Kon Tum"
slug = "kon-tum"
base_url = "https://feeds.example.org/kon-tum"

[storage]
database = "var/test.db"

[[categories]]
slug = "kinh-te"
title = "Kinh tế"
aliases = ["Nông nghiệp"]

[[categories]]
slug = "tin-dia-phuong"
title = "Tin địa phương"
aliases = ["Tin trong huyện"]

[[districts]]
slug = "dak-to"
name = "Huyện Đăk Tô"
aliases = ["Đắk Tô"]

[[sources]]
id = "dak-to-tin"
district = "dak-to"
kind = "html"
url = "http://huyendakto.kontum.gov.vn/tin-trong-huyen"
category = "Tin trong huyện"

[sources.options]
body = ".noi-dung"
drop = [".tin-khac"]
max_pages = 2

[[sources]]
id = "tinh-rss"
kind = "feed"
url = "https://www.kontum.gov.vn/rss"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "syndicate.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_paths_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "etc").mkdir()
    monkeypatch.chdir(tmp_path)  # cron starts elsewhere than the config's folder
    text = GOOD.replace('[storage]\ndatabase = "var/test.db"\n', "")
    config = load_config(write(tmp_path / "etc", text))
    assert config.storage.database == tmp_path / "etc" / "var" / "syndicate.db"
    assert config.storage.output == tmp_path / "etc" / "public"


def test_a_home_folder_path_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Joined to the config's folder as it was written, "~/…" made a folder named "~"
    # there, and the run used a new, empty store.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    text = GOOD.replace(
        'database = "var/test.db"', 'database = "~/syndicate/test.db"\noutput = "~/public"'
    )
    config = load_config(write(tmp_path, text))
    assert config.storage.database == tmp_path / "home" / "syndicate" / "test.db"
    assert config.storage.output == tmp_path / "home" / "public"


def test_a_path_up_from_the_config_folder_is_shown_resolved(tmp_path: Path) -> None:
    # Printed as written, "…/etc/../var/test.db" told the operator little.
    (tmp_path / "etc").mkdir()
    text = GOOD.replace(
        'database = "var/test.db"', 'database = "../var/test.db"\noutput = "../pub"'
    )
    config = load_config(write(tmp_path / "etc", text))
    assert str(config.storage.database) == str(tmp_path / "var" / "test.db")
    assert str(config.storage.output) == str(tmp_path / "pub")


def test_an_output_folder_that_is_a_symlink_stays_one(tmp_path: Path) -> None:
    # `serve` follows a published folder turned to each new release; resolved when the
    # config was read, it was frozen to the release of that moment.
    (tmp_path / "r1").mkdir()
    (tmp_path / "public").symlink_to(tmp_path / "r1")
    text = GOOD.replace('database = "var/test.db"', 'database = "var/test.db"\noutput = "public"')
    config = load_config(write(tmp_path, text))
    assert config.storage.output == tmp_path / "public"


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    # Windows editors begin UTF-8 with one: "Invalid statement (at line 1, column 1)".
    path = tmp_path / "syndicate.toml"
    path.write_bytes("\ufeff".encode() + GOOD.encode())
    assert load_config(path).province.base_url == "https://feeds.example.org/kon-tum/"


def test_good_config_loads_into_typed_records(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.province.base_url == "https://feeds.example.org/kon-tum/"
    assert config.storage.database == tmp_path / "var/test.db"
    html = config.source("dak-to-tin")
    assert isinstance(html.options, HtmlOptions)
    assert html.options.drop == (".tin-khac",)
    assert html.options.max_pages == 2
    assert config.source("tinh-rss").district is None
    assert config.district_name(None) == "Tỉnh Kon Tum"
    assert config.district_name("dak-to") == "Huyện Đăk Tô"


BAD_CASES = [
    # A typo in a source's category kept every article of it out of the category feeds.
    (
        "a source category naming no category",
        ('category = "Tin trong huyện"', 'category = "Tin trong huyen xa"'),
        "sources[0].category",
        "'Tin trong huyen xa' names no configured category",
    ),
    # Both raised from deep inside the parsers, as a traceback or on every run.
    (
        "an unclosed bracket in a source address",
        ('url = "http://huyendakto', 'url = "http://[huyendakto'),
        "sources[0].url",
        "not an absolute http(s) URL",
    ),
    (
        "a namespace prefix in a selector",
        ('body = ".noi-dung"', 'body = "div ns|p"'),
        "sources[0].options.body",
        "namespace prefixes are not supported",
    ),
    (
        "store in the published folder",
        ('database = "var/test.db"', 'database = "site/var/test.db"\noutput = "site"'),
        "storage.database",
        "must not be inside storage.output",
    ),
    (
        "published folder around the store",
        ('database = "var/test.db"', 'database = "var/test.db"\noutput = "."'),
        "storage.database",
        "the published folder is served to everyone",
    ),
    # An empty path is the config's own folder: no store, no published folder.
    (
        "empty store path",
        ('database = "var/test.db"', 'database = ""'),
        "storage.database",
        "must be a non-empty string path",
    ),
    (
        "empty output path",
        ('database = "var/test.db"', 'database = "var/test.db"\noutput = " "'),
        "storage.output",
        "must be a non-empty string path",
    ),
    # Labels match after case folding and tone placement: a second category named
    # alike was never given an article, silently.
    (
        "a label of two categories",
        (
            'aliases = ["Nông nghiệp"]',
            'aliases = ["Nông nghiệp"]\n\n[[categories]]\nslug = "nong-nghiep"\n'
            'title = "NÔNG NGHIỆP"',
        ),
        "categories[1].title",
        "'NÔNG NGHIỆP' already names category 'kinh-te' (categories[0])",
    ),
    (
        "unknown top-level key",
        ("[province]", "[provinces]\n[province]"),
        "provinces",
        "unknown key",
    ),
    (
        "unknown source key",
        ('kind = "feed"', 'kind = "feed"\nurll = "x"'),
        "sources[1].urll",
        "unknown key",
    ),
    (
        "unknown option",
        ("max_pages = 2", "max_pages = 2\nbodyy = 'x'"),
        "sources[0].options.bodyy",
        "unknown key",
    ),
    (
        "missing url",
        ('url = "https://www.kontum.gov.vn/rss"\n', ""),
        "sources[1].url",
        "missing required key",
    ),
    ("missing province", ("[province]", "[other]"), "other", "unknown key"),
    (
        "unknown district",
        ('district = "dak-to"', 'district = "dak-ha"'),
        "sources[0].district",
        "unknown district 'dak-ha'",
    ),
    (
        "duplicate id",
        ('id = "tinh-rss"', 'id = "dak-to-tin"'),
        "sources[1].id",
        "duplicate id 'dak-to-tin'",
    ),
    (
        "malformed url",
        ('url = "https://www.kontum.gov.vn/rss"', 'url = "www.kontum.gov.vn/rss"'),
        "sources[1].url",
        "not an absolute http(s) URL",
    ),
    ("bad kind", ('kind = "feed"', 'kind = "rss"'), "sources[1].kind", "must be one of feed, html"),
    # TOML has no None: a missing kind is named as the missing key it is.
    ("missing kind", ('kind = "feed"\n', ""), "sources[1].kind", "missing required key"),
    (
        "wrong type",
        ("max_pages = 2", 'max_pages = "2"'),
        "sources[0].options.max_pages",
        "must be an integer",
    ),
    (
        "bad timezone",
        ('kind = "feed"', 'kind = "feed"\ntimezone = "Asia/Hanoi_City"'),
        "sources[1].timezone",
        "unknown time zone",
    ),
    ("bad slug", ('slug = "dak-to"', 'slug = "Đăk Tô"'), "districts[0].slug", "slug"),
    (
        "bad base url",
        ('base_url = "https://feeds.example.org/kon-tum"', 'base_url = "/feeds"'),
        "province.base_url",
        "not an absolute http(s) URL",
    ),
    (
        "space in base url",
        (
            'base_url = "https://feeds.example.org/kon-tum"',
            'base_url = "https://feeds.example.org/kon tum"',
        ),
        "province.base_url",
        "' ' cannot stand in a URL (percent-encode it)",
    ),
    (
        "quote in a home page",
        ('aliases = ["Đắk Tô"]', 'aliases = ["Đắk Tô"]\nhome_url = "http://dakto.vn/\\"x"'),
        "districts[0].home_url",
        "'\"' cannot stand in a URL",
    ),
    (
        "control character in the province home page",
        ('slug = "kon-tum"', 'slug = "kon-tum"\nhome_url = "https://kontum.gov.vn/\\u0007"'),
        "province.home_url",
        "'\\x07' cannot stand in a URL",
    ),
    (
        "letters in a published url",
        (
            'base_url = "https://feeds.example.org/kon-tum"',
            'base_url = "https://feeds.example.org/tin-tức"',
        ),
        "province.base_url",
        "must be ASCII",
    ),
    # Feed paths are appended to base_url: "…/kon-tum?v=1/province.atom" is no link.
    (
        "query in base url",
        (
            'base_url = "https://feeds.example.org/kon-tum"',
            'base_url = "https://feeds.example.org/kon-tum?v=1"',
        ),
        "province.base_url",
        "must be a folder's address, without '?' or '#'",
    ),
    (
        "fragment in base url",
        (
            'base_url = "https://feeds.example.org/kon-tum"',
            'base_url = "https://feeds.example.org/kon-tum/#feeds"',
        ),
        "province.base_url",
        "must be a folder's address, without '?' or '#'",
    ),
    (
        "bad port",
        ('url = "https://www.kontum.gov.vn/rss"', 'url = "https://www.kontum.gov.vn:99999/rss"'),
        "sources[1].url",
        "bad port",
    ),
    (
        "language",
        ('slug = "kon-tum"', 'slug = "kon-tum"\nlanguage = "tiếng Việt"'),
        "province.language",
        "not a language tag",
    ),
    (
        "time zone folder",  # ZoneInfo raises IsADirectoryError for it
        ('slug = "kon-tum"', 'slug = "kon-tum"\ntimezone = "Asia"'),
        "province.timezone",
        "unknown time zone 'Asia'",
    ),
    (
        "source time zone folder",
        ('kind = "feed"', 'kind = "feed"\ntimezone = "America"'),
        "sources[1].timezone",
        "unknown time zone 'America'",
    ),
]


def table(name: str, line: str) -> tuple[str, str]:
    """An edit of GOOD that adds a table of one line before [storage]."""
    return ("[storage]", f"[{name}]\n{line}\n\n[storage]")


NUMBER_CASES = [
    (
        table("http", "host_delay = nan"),
        "http.host_delay",
        "must be a finite number, at least 0, not nan",
    ),
    (
        table("http", "backoff = -0.5"),
        "http.backoff",
        "must be a finite number, at least 0, not -0.5",
    ),
    (table("http", "connect_timeout = inf"), "http.connect_timeout", "greater than 0, not inf"),
    (table("http", "read_timeout = 0"), "http.read_timeout", "greater than 0, not 0.0"),
    (table("http", "total_timeout = nan"), "http.total_timeout", "greater than 0, not nan"),
    (table("http", "retries = -1"), "http.retries", "must be at least 0, not -1"),
    (table("http", "max_redirects = -1"), "http.max_redirects", "must be at least 0, not -1"),
    (table("http", "concurrency = 0"), "http.concurrency", "must be at least 1, not 0"),
    (table("http", "host_delay = 5000"), "http.host_delay", "must be at most 60, not 5000.0"),
    (table("http", "backoff = 90.5"), "http.backoff", "must be at most 60, not 90.5"),
    (table("http", "retries = 11"), "http.retries", "must be at most 10, not 11"),
    (table("http", "total_timeout = 7200"), "http.total_timeout", "at most 3600, not 7200.0"),
    (table("publish", "entries_per_feed = 0"), "publish.entries_per_feed", "at least 1, not 0"),
    (table("publish", "archive_page_size = -1"), "publish.archive_page_size", "at least 0, not -1"),
    (table("publish", "per_source_cap = -1"), "publish.per_source_cap", "at least 0, not -1"),
    (("max_pages = 2", "max_pages = 0"), "sources[0].options.max_pages", "at least 1, not 0"),
]

# What is sent as the User-Agent: httpx cannot send anything but printable ASCII, and
# every source failed as `internal` on every run.
HEADER_CASES = [
    (
        table("http", 'user_agent = "syndicate (Cổng TTĐT tỉnh)"'),
        "http.user_agent",
        "must be printable ASCII (it is sent as a header): 'syndicate (Cổng TTĐT tỉnh)'",
    ),
    (
        table("http", 'user_agent = "syndicate\\r\\nX-Injected: 1"'),
        "http.user_agent",
        "must be printable ASCII",
    ),
    (
        table("http", 'contact_url = "https://cổng.example.vn/lien-he"'),
        "http.contact_url",
        "must be ASCII",
    ),
    (table("http", 'contact_url = "lien he"'), "http.contact_url", "not an absolute http(s) URL"),
]

OPTION_CASES = [
    (
        ("max_pages = 2", 'max_pages = 2\npage_template = "?page="'),
        "sources[0].options.page_template",
        "must contain {n}, the page number: '?page='",
    ),
    (
        ("max_pages = 2", 'max_pages = 2\npage_template = "?page={n}"\nnext_page = "a.next"'),
        "sources[0].options.next_page",
        "set either next_page or page_template, not both",
    ),
    (
        ('body = ".noi-dung"', 'body = "div["'),
        "sources[0].options.body",
        "invalid CSS selector 'div[': Expected ident",
    ),
    (
        ("max_pages = 2", 'max_pages = 2\nlinks = ".tin > "'),
        "sources[0].options.links",
        "invalid CSS selector '.tin >'",
    ),
    (
        ('drop = [".tin-khac"]', 'drop = [".tin-khac", "p::text"]'),
        "sources[0].options.drop[1]",
        "invalid CSS selector 'p::text': Pseudo-elements are not supported",
    ),
    # A charset Python does not know was ignored without a word: the portal's pages
    # were decoded as if nothing had been forced.
    (
        ("max_pages = 2", 'max_pages = 2\nencoding = "windows-1258x"'),
        "sources[0].options.encoding",
        "unknown charset 'windows-1258x'",
    ),
    # An address pasted where a host belongs matched no link: every article on that
    # host was refused as forbidden-url.
    (
        ("max_pages = 2", 'max_pages = 2\nallowed_hosts = ["https://cms.kontum.gov.vn/"]'),
        "sources[0].options.allowed_hosts[0]",
        "not a host name ('cms.example.vn' or 'cms.example.vn:8080'): 'https://cms.kontum.gov.vn/'",
    ),
    (
        ("max_pages = 2", 'max_pages = 2\nallowed_hosts = ["cms.kontum.gov.vn/tin"]'),
        "sources[0].options.allowed_hosts[0]",
        "not a host name",
    ),
]

BAD_CASES += [
    (key, edit, key, problem) for edit, key, problem in NUMBER_CASES + HEADER_CASES + OPTION_CASES
]


@pytest.mark.parametrize(
    ("case", "edit", "key", "problem"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_config_names_file_key_and_problem(
    tmp_path: Path, case: str, edit: tuple[str, str], key: str, problem: str
) -> None:
    old, new = edit
    assert old in GOOD, case
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path)
    assert info.value.key == key
    assert problem in info.value.problem


def test_bounds_and_selectors_that_are_fine(tmp_path: Path) -> None:
    text = GOOD.replace(
        "max_pages = 2",
        'max_pages = 1\npage_template = "?page={n}"\n'
        'links = "ul.tin li:nth-child(2n+1) > a:not(.quang-cao)"\n'
        "title = \"h1:contains('Tin|Bài'), h1[lang|='vi']\"\n"
        'encoding = "Windows-1258"\n'
        'allowed_hosts = ["cms.kontum.gov.vn", "www.kontum.gov.vn:8080", "cổng.vn"]',
    )
    text = text.replace(
        "[storage]",
        "[http]\nretries = 0\nmax_redirects = 0\nhost_delay = 0\nbackoff = 0.0\n"
        "connect_timeout = 0.5\n\n[publish]\nper_source_cap = 0\narchive_page_size = 0\n\n[storage]",
    )
    config = load_config(write(tmp_path, text))
    assert config.publish.per_source_cap == 0  # no cap
    assert config.publish.archive_page_size == 0  # no archive pages
    assert config.http.host_delay == 0.0
    options = config.source("dak-to-tin").options
    assert isinstance(options, HtmlOptions)
    assert options.page_template == "?page={n}"


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[province\n"))
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "command", [["sync"], ["collect"], ["publish"], ["status"], ["check", "dak-to-tin"]]
)
def test_cli_exits_2_on_bad_config_before_any_fetch(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD.replace('district = "dak-to"', 'district = "dak-ha"'))
    code = main(["--config", str(path), *command], standalone_mode=False)
    assert code == 2
    err = capsys.readouterr().err
    assert f"{path}: sources[0].district: unknown district 'dak-ha'" in err
    assert not (tmp_path / "var").exists()  # nothing was opened, let alone fetched


def test_cli_exits_2_on_a_time_zone_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD.replace('slug = "kon-tum"', 'slug = "kon-tum"\ntimezone = "Etc"'))
    assert main(["--config", str(path), "status"], standalone_mode=False) == 2
    assert capsys.readouterr().err == (
        f"syndicate: {path}: province.timezone: unknown time zone 'Etc'\n"
    )


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert main(["--config", str(path), "no-such-command"], standalone_mode=False) == 2
    assert main(["--config", str(path), "check", "no-such-source"], standalone_mode=False) == 2


def test_a_source_address_may_be_written_in_vietnamese_and_a_region_tagged(
    tmp_path: Path,
) -> None:
    # Operators paste source addresses from the browser; only published ones must be ASCII.
    text = GOOD.replace("/tin-trong-huyen", "/tin-trong-huyện").replace(
        'slug = "kon-tum"', 'slug = "kon-tum"\nlanguage = "vi-VN"'
    )
    config = load_config(write(tmp_path, text))
    assert config.source("dak-to-tin").url.endswith("/tin-trong-huyện")
    assert config.province.language == "vi-VN"
