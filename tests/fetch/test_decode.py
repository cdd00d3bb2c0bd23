"""Bodies whose Content-Encoding label is wrong."""

from __future__ import annotations

import gzip
import zlib

import pytest

from syndicate.errors import FetchError
from syndicate.fetch.decode import BoundedDecoder

FEED = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel/></rss>'


@pytest.mark.parametrize("coding", ["gzip", "x-gzip"])
@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_a_plain_body_labelled_gzip_arrives_as_it_was_sent(coding: str, chunk: int) -> None:
    # A gzip stream opens with 0x1f, which no text does: the label is plainly wrong.
    decoder = BoundedDecoder(coding, len(FEED), "http://h/rss")
    parts = [decoder.decode(FEED[i : i + chunk]) for i in range(0, len(FEED), chunk)]
    assert b"".join([*parts, decoder.flush()]) == FEED
    assert decoder.size == len(FEED)


def test_a_plain_body_labelled_gzip_still_counts_against_the_limit() -> None:
    decoder = BoundedDecoder("gzip", 10, "http://h/rss")
    with pytest.raises(FetchError) as caught:
        decoder.decode(FEED)
    assert caught.value.kind == "too-large"


def _decode_all(decoder: BoundedDecoder, body: bytes, chunk: int) -> bytes:
    parts = [decoder.decode(body[i : i + chunk]) for i in range(0, len(body), chunk)]
    return b"".join(parts) + decoder.flush()


PAGE = "<p>Hội nghị tổng kết công tác năm 2024 của huyện Đăk Tô.</p>".encode() * 200


@pytest.mark.parametrize("chunk", [7, 4096])
def test_a_gzip_body_cut_short_in_transfer_is_an_error_not_a_shorter_page(chunk: int) -> None:
    # A body that ends when the connection closes says nothing of its length: only
    # the gzip stream's own end tells a whole page from a part of one.
    cut = gzip.compress(PAGE)[: len(gzip.compress(PAGE)) // 2]
    decoder = BoundedDecoder("gzip", 10_000_000, "http://dakto.example.vn/tin/1")
    with pytest.raises(FetchError, match="body ends before its gzip stream does") as caught:
        _decode_all(decoder, cut, chunk)
    assert caught.value.kind == "encoding"


@pytest.mark.parametrize("chunk", [5, 4096])
def test_every_member_of_a_gzip_body_is_read(chunk: int) -> None:
    body = gzip.compress(PAGE[:3000]) + gzip.compress(PAGE[3000:])
    decoder = BoundedDecoder("gzip", 10_000_000, "http://dakto.example.vn/tin/1")
    assert _decode_all(decoder, body, chunk) == PAGE


def test_an_empty_body_labelled_gzip_is_empty() -> None:
    decoder = BoundedDecoder("gzip", 1000, "http://dakto.example.vn/tin/1")
    assert decoder.decode(b"") + decoder.flush() == b""


@pytest.mark.parametrize("chunk", [1, 7, 4096])
@pytest.mark.parametrize(
    "body",
    [
        FEED,
        b"\xef\xbb\xbf\r\n" + FEED,
        PAGE,
        b'{"version": "https://jsonfeed.org/version/1.1"}',
        # "{\n  " and "[\n  " happen to be whole raw deflate streams, the rest of the
        # text left over after them.
        b'{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": "Tin huyen"\n}\n',
        b'[\n  {"id": 1}\n]\n',
        # No markup at all: robots.txt.
        b"User-agent: *\nDisallow: /tim-kiem\n",
        b"# robots.txt\nUser-agent: *\nDisallow: /quan-tri/\n",
        b"x",  # one byte: no deflate stream is that short
    ],
)
def test_a_plain_body_labelled_deflate_arrives_as_it_was_sent(body: bytes, chunk: int) -> None:
    # No first byte tells raw deflate from text; inflating markup fails at once.
    decoder = BoundedDecoder("deflate", 10_000_000, "http://dakto.example.vn/rss")
    assert _decode_all(decoder, body, chunk) == body
    assert decoder.size == len(body)


def test_a_plain_body_labelled_deflate_still_counts_against_the_limit() -> None:
    decoder = BoundedDecoder("deflate", 100, "http://dakto.example.vn/tin/1")
    with pytest.raises(FetchError) as caught:
        _decode_all(decoder, PAGE, 4096)
    assert caught.value.kind == "too-large"


@pytest.mark.parametrize("chunk", [7, 4096])
def test_a_damaged_deflate_body_is_still_an_error(chunk: int) -> None:
    # Inflating gave bytes before failing: a compressed body damaged in transfer, not
    # one sent plain.
    packed = bytearray(zlib.compress(PAGE))
    packed[len(packed) // 2 :] = bytes(len(packed) - len(packed) // 2)
    decoder = BoundedDecoder("deflate", 10_000_000, "http://dakto.example.vn/tin/1")
    with pytest.raises(FetchError) as caught:
        _decode_all(decoder, bytes(packed), chunk)
    assert caught.value.kind == "encoding"


def test_binary_labelled_deflate_that_will_not_inflate_is_an_error() -> None:
    decoder = BoundedDecoder("deflate", 10_000_000, "http://dakto.example.vn/tin/1")
    with pytest.raises(FetchError, match="not valid deflate") as caught:
        _decode_all(decoder, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 30, 4096)  # a JPEG
    assert caught.value.kind == "encoding"


def test_one_byte_labelled_deflate_that_is_no_text_is_an_error() -> None:
    decoder = BoundedDecoder("deflate", 1000, "http://dakto.example.vn/tin/1")
    with pytest.raises(FetchError) as caught:
        decoder.decode(b"\x08")
        decoder.flush()
    assert caught.value.kind == "encoding"


@pytest.mark.parametrize(
    "after",
    [
        [b"A" * 65536] * 64,  # garbage after the stream
        [gzip.compress(b"") * 4000] * 64,  # endless empty members, each decoding to nothing
    ],
)
def test_what_follows_a_gzip_stream_counts_against_the_limit(after: list[bytes]) -> None:
    decoder = BoundedDecoder("gzip", 1024 * 1024, "http://h/rss")
    with pytest.raises(FetchError) as caught:
        for chunk in [gzip.compress(FEED), *after]:
            decoder.decode(chunk)
    assert caught.value.kind == "too-large"
    assert decoder.received <= 1024 * 1024 + 65536 * 4
