"""Bodies whose Content-Encoding label is wrong."""

from __future__ import annotations

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
