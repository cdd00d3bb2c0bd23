"""The pure parts of fetching: headers, validators, bounded decoding, error mapping."""

from __future__ import annotations

import gzip
import socket
import zlib
from typing import Any

import httpx
import pytest

from syndicate.config import Http
from syndicate.errors import FetchError
from syndicate.fetch import check_url, user_agent
from syndicate.fetch.client import non_public_address
from syndicate.fetch.decode import BoundedDecoder
from syndicate.fetch.failures import is_dns_failure, status_message, transport_failure
from syndicate.fetch.headers import conditional_headers, response_validators, robots_token
from syndicate.fetch.robots import origin_of, robots_url
from syndicate.model import Validators

TEXT = "Huyện Đăk Tô tổ chức hội nghị triển khai nhiệm vụ năm 2024. ".encode() * 200


@pytest.mark.parametrize(
    ("agent", "contact", "expected"),
    [
        ("syndicate/0.1", None, "syndicate/0.1"),
        ("syndicate/0.1", "https://so.example/lh", "syndicate/0.1 (+https://so.example/lh)"),
        (
            "syndicate/0.1 (+https://so.example/lh)",
            "https://so.example/lh",
            "syndicate/0.1 (+https://so.example/lh)",
        ),
    ],
)
def test_user_agent(agent: str, contact: str | None, expected: str) -> None:
    assert user_agent(Http(user_agent=agent, contact_url=contact)) == expected


@pytest.mark.parametrize(
    ("agent", "token"),
    [("syndicate/0.1 (+https://x)", "syndicate"), ("KonTumFeeds", "KonTumFeeds"), ("", "*")],
)
def test_robots_token(agent: str, token: str) -> None:
    assert robots_token(agent) == token


@pytest.mark.parametrize(
    ("validators", "headers"),
    [
        (None, {}),
        (Validators(), {}),
        (Validators(etag='W/"7"'), {"If-None-Match": 'W/"7"'}),
        (
            Validators('"a"', "Tue, 21 Jan 2025 03:00:00 GMT"),
            {"If-None-Match": '"a"', "If-Modified-Since": "Tue, 21 Jan 2025 03:00:00 GMT"},
        ),
    ],
)
def test_conditional_headers(validators: Validators | None, headers: dict[str, str]) -> None:
    assert conditional_headers(validators) == headers


@pytest.mark.parametrize(
    ("headers", "kept", "expected"),
    [
        ({"etag": '"n"', "last-modified": "L"}, None, Validators('"n"', "L")),
        ({}, None, Validators()),
        ({}, Validators('"o"', "OL"), Validators('"o"', "OL")),  # a bare 304
        ({"etag": '"n"'}, Validators('"o"', "OL"), Validators('"n"', "OL")),
    ],
)
def test_response_validators(
    headers: dict[str, str], kept: Validators | None, expected: Validators
) -> None:
    assert response_validators(headers, kept) == expected


def _deflate_raw(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "encoded"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("GZIP", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _deflate_raw(TEXT)),  # what many servers send as "deflate"
    ],
)
@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_bounded_decoder_round_trips(coding: str, encoded: bytes, chunk: int) -> None:
    decoder = BoundedDecoder(coding, len(TEXT), "http://h/")
    parts = [decoder.decode(encoded[i : i + chunk]) for i in range(0, len(encoded), chunk)]
    assert b"".join([*parts, decoder.flush()]) == TEXT
    assert decoder.size == len(TEXT)


@pytest.mark.parametrize(("coding", "pack"), [("gzip", gzip.compress), ("deflate", zlib.compress)])
def test_bounded_decoder_never_inflates_past_the_limit(coding: str, pack: Any) -> None:
    bomb = pack(b"\0" * 50_000_000)
    decoder = BoundedDecoder(coding, 10_000, "http://h/bom")
    with pytest.raises(FetchError) as caught:
        decoder.decode(bomb)
    assert caught.value.kind == "too-large"
    assert decoder.size == 10_001  # one byte past the limit proves it, no more


def test_bounded_decoder_counts_plain_bodies_too() -> None:
    decoder = BoundedDecoder("identity", 10_000, "http://h/")
    decoder.decode(b"a" * 6_000)
    with pytest.raises(FetchError) as caught:
        decoder.decode(b"a" * 6_000)
    assert caught.value.kind == "too-large"


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip, gzip", "compress"])
def test_bounded_decoder_refuses_codings_we_did_not_ask_for(coding: str) -> None:
    with pytest.raises(FetchError) as caught:
        BoundedDecoder(coding, 100, "http://h/")
    assert caught.value.kind == "encoding"


def test_bounded_decoder_reports_corrupt_gzip() -> None:
    decoder = BoundedDecoder("gzip", 100, "http://h/")
    with pytest.raises(FetchError) as caught:
        decoder.decode(b"\x1f\x8b this is not gzip at all")
    assert caught.value.kind == "encoding"


@pytest.mark.parametrize(
    ("url", "allowed", "host"),
    [
        ("http://huyendakto.kontum.gov.vn/tin", None, "huyendakto.kontum.gov.vn"),
        ("HTTPS://Konplong.Kontum.gov.vn/", ["konplong.kontum.gov.vn"], "konplong.kontum.gov.vn"),
        ("http://127.0.0.1:8080/", ["127.0.0.1"], "127.0.0.1"),
        ("http://[::1]:8080/", None, "::1"),
        # the rule listing links are chosen by: www., IDNA, a port only when named
        ("https://www.huyen.example.vn/tin", ["huyen.example.vn"], "www.huyen.example.vn"),
        ("http://huyen.example.vn/tin", ["www.huyen.example.vn"], "huyen.example.vn"),
        (
            "http://cms.example.vn:8080/a",
            ["huyen.example.vn", "cms.example.vn:8080"],
            "cms.example.vn",
        ),
        ("http://đắktô.vn/", ["xn--kt-9ja7i316n.vn"], "đắktô.vn"),
    ],
)
def test_check_url_accepts(url: str, allowed: list[str] | None, host: str) -> None:
    assert check_url(url, allowed) == host


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("ftp://huyendakto.kontum.gov.vn/", None),
        ("javascript:void(0)", None),
        ("mailto:ubnd@kontum.gov.vn", None),
        ("data:text/html,<b>x</b>", None),
        ("http://", None),
        ("http://[::1/", None),
        ("http://h:port/", None),
        ("http://169.254.169.254/latest/", ["huyendakto.kontum.gov.vn"]),
        ("http://huyendakto.kontum.gov.vn.evil.example/", ["huyendakto.kontum.gov.vn"]),
        ("http://cms.example.vn:9090/a", ["cms.example.vn:8080"]),
        ("http://huyendakto.kontum.gov.vn/bai-2\x7f", None),  # httpx would not send it
        ("http://huyendakto.kontum.gov.vn/" + "a" * 70_000, None),
    ],
)
def test_check_url_refuses(url: str, allowed: list[str] | None) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, allowed)
    assert caught.value.kind == "forbidden-url"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("10.1.2.3", "10.1.2.3"),
        ("192.168.1.1", "192.168.1.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("100.64.0.1", "100.64.0.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("239.1.1.1", "239.1.1.1"),
        ("::1", "::1"),
        ("fe80::1", "fe80::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
        ("huyendakto.kontum.gov.vn", None),
        ("đắktô.vn", None),
    ],
)
def test_non_public_address(host: str, address: str | None) -> None:
    found = non_public_address(host)
    assert (None if found is None else str(found)) == address


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://Huyendakto.kontum.gov.vn/a/b?c", "http://huyendakto.kontum.gov.vn"),
        ("https://user:pw@h.example:8443/x", "https://h.example:8443"),
    ],
)
def test_robots_origin(url: str, origin: str) -> None:
    assert origin_of(url) == origin
    assert robots_url(url) == origin + "/robots.txt"


def _wrapped(cause: BaseException) -> httpx.ConnectError:
    error = httpx.ConnectError("")
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("exc", "dns"),
    [
        (_wrapped(socket.gaierror(-2, "Name or service not known")), True),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), True),
        (httpx.ConnectError("nodename nor servname provided, or not known"), True),
        (_wrapped(ConnectionRefusedError(111, "Connection refused")), False),
        (httpx.ConnectError("All connection attempts failed"), False),
    ],
)
def test_is_dns_failure(exc: BaseException, dns: bool) -> None:
    assert is_dns_failure(exc) is dns


def _unreadable_location() -> httpx.RemoteProtocolError:
    """What httpx raises for a redirect whose Location it cannot parse."""
    error = httpx.RemoteProtocolError("Invalid URL in location header: bad.")
    error.__context__ = httpx.InvalidURL("Invalid non-printable ASCII character in URL")
    return error


@pytest.mark.parametrize(
    ("exc", "kind", "retryable"),
    [
        (httpx.ConnectTimeout(""), "timeout", True),
        (httpx.PoolTimeout(""), "timeout", True),
        (_wrapped(ConnectionRefusedError(111, "Connection refused")), "connect", True),
        (httpx.ReadError("reset by peer"), "connect", True),
        (httpx.DecodingError("bad gzip"), "encoding", False),
        (httpx.UnsupportedProtocol("gopher"), "forbidden-url", False),
        (_unreadable_location(), "redirect", False),
        (httpx.RemoteProtocolError("illegal status line"), "connect", True),
    ],
)
def test_transport_failure(exc: httpx.HTTPError, kind: str, retryable: bool) -> None:
    failure = transport_failure(exc, "http://h/")
    assert (failure.error.kind, failure.retryable) == (kind, retryable)
    assert failure.error.message.endswith("http://h/")


@pytest.mark.parametrize(
    ("status", "reason", "message"),
    [
        (500, "Internal Server Error", "HTTP 500 Internal Server Error (http://h/)"),
        (404, "", "HTTP 404 Not Found (http://h/)"),
        (599, "", "HTTP 599 (http://h/)"),
    ],
)
def test_status_message(status: int, reason: str, message: str) -> None:
    assert status_message(status, reason, "http://h/") == message
