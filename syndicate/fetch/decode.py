"""Undo a response's Content-Encoding without ever holding more than the body limit.

httpx decodes each network chunk in one go, so a 64 KiB chunk of a gzip bomb would
inflate to ~64 MiB before anyone can count it. zlib's `max_length` lets us inflate
only as much as the limit still allows, so memory stays bounded by the limit.

Some servers label a body gzip that they never compressed; a gzip stream's first byte
(0x1f) is a control character no text or markup opens with, so such a body is taken
as it came. A body labelled deflate has no such mark (a raw deflate stream may start
with any byte, and text may inflate to a few bytes before it fails, or even to a
whole stream with the rest of the text left over), so what it inflates to is held
back over its first bytes: when inflating fails or ends early there and what came
reads as text, the body is taken as it came.
"""

from __future__ import annotations

import zlib

from syndicate.errors import FetchError

# The codings we advertise in Accept-Encoding and can inflate with a bound.
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_GZIP_FIRST_BYTE = 0x1F
# Raw bytes of a "deflate" body kept (and what they inflate to held back) in case it
# was sent plain: inflating text fails, or ends, within its first bytes.
_PLAIN_PROBE_BYTES = 64 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
# Compressed bytes are as good as random: 256 of them without a control character
# other than whitespace do not happen (a chance of about 1e-15).
_TEXT_HEAD = 256
_CONTROL = bytes(set(range(32)) - {9, 10, 13})


class BoundedDecoder:
    """Decodes a body chunk by chunk; raises too-large once it would pass `limit` bytes."""

    def __init__(self, content_encoding: str, limit: int, url: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise FetchError(
                "encoding", f"unsupported Content-Encoding {content_encoding!r}: {url}"
            )
        self._coding = codings[0] if codings else None
        self._inflater = zlib.decompressobj(_WBITS[self._coding]) if self._coding else None
        self._head = b""  # "deflate" bytes held until the wrapping can be told
        self._check_gzip = self._coding in ("gzip", "x-gzip")  # until the first byte
        self._limit = limit
        self._url = url
        self.size = 0  # decoded bytes so far
        self.received = 0  # bytes as sent so far
        self._fed = False  # whether any compressed byte reached the inflater
        # A "deflate" body's first bytes as sent, and what they inflated to, held back;
        # and why inflating them failed, while too few came to tell whether it is text.
        self._probe: bytearray | None = bytearray() if self._coding == "deflate" else None
        self._held: list[bytes] = []
        self._failure: zlib.error | None = None
        self._trailing = False  # bytes came after the end of the stream

    def decode(self, data: bytes) -> bytes:
        decoded = self._decode(data)
        # Bytes sent count too: what follows a stream's end (garbage, or endless empty
        # gzip members) decodes to nothing, and would be read until the deadline.
        self.received += len(data)
        if self.received > self._limit:
            raise FetchError(
                "too-large", f"body is over the {self._limit}-byte limit as sent: {self._url}"
            )
        return decoded

    def _decode(self, data: bytes) -> bytes:
        if self._check_gzip and data:
            self._check_gzip = False
            if data[0] != _GZIP_FIRST_BYTE:
                self._inflater = None  # labelled gzip, sent plain
        if self._inflater is None:
            return self._count(data)
        if self._probe is None:
            try:
                return self._inflate_chunk(data)
            except zlib.error as exc:
                raise self._corrupt(exc) from None
        self._probe += data
        if self._failure is None:
            try:
                self._held.append(self._inflate_chunk(data))
            except zlib.error as exc:
                self._failure = exc
        if self._failure is not None:
            return self._settle(final=False)
        if self._trailing and self._plain_verdict():
            # Text that happened to inflate as a short stream ("{\n  " does), the rest
            # of it left over: sent plain after all.
            return self._take_as_sent()
        if len(self._probe) <= _PLAIN_PROBE_BYTES:
            return b""
        return self._release()

    def _release(self) -> bytes:
        """Stop probing: hand out what was held back."""
        held, self._held, self._probe = self._held, [], None
        return b"".join(held)

    def _inflate_chunk(self, data: bytes) -> bytes:
        assert self._inflater is not None
        if self._coding == "deflate" and len(self._head) < 2:
            data = self._choose_deflate(data)
        parts: list[bytes] = []
        while data:
            if self._inflater.eof and not self._next_member(data):
                self._trailing = True
                break  # bytes after the stream's end, which browsers ignore too
            parts.append(self._count(self._inflate(data)))
            # Output stopped at max_length; what zlib did not read yet is in the tail,
            # and what follows a gzip member's end (another member) in unused_data.
            data = self._inflater.unconsumed_tail or (
                self._inflater.unused_data if self._inflater.eof else b""
            )
        return b"".join(parts)

    def flush(self) -> bytes:
        if self._failure is not None:
            return self._settle(final=True)
        if self._inflater is not None and not self._fed and self._head:
            # One byte came, labelled deflate: too short to be a deflate stream.
            self._failure = zlib.error("a deflate stream cannot be one byte long")
            return self._settle(final=True)
        if self._inflater is None or not self._fed:
            return self._release()
        try:
            rest = self._count(self._inflater.flush())
        except zlib.error as exc:
            self._failure = exc
            return self._settle(final=True)
        if not self._inflater.eof and self._probe is not None and self._plain_verdict():
            return self._take_as_sent()
        if not self._inflater.eof:
            # The connection closed before the stream ended: what came is only a part,
            # and stored as the whole page it would never be fetched again.
            raise FetchError(
                "encoding", f"body ends before its {self._coding} stream does: {self._url}"
            )
        return self._release() + rest

    def _next_member(self, data: bytes) -> bool:
        """Start inflating the next member of a gzip body (RFC 1952 allows several);
        False for anything else after the end."""
        if self._coding not in ("gzip", "x-gzip") or data[:1] != bytes([_GZIP_FIRST_BYTE]):
            return False
        assert self._coding is not None
        self._inflater = zlib.decompressobj(_WBITS[self._coding])
        return True

    def _choose_deflate(self, data: bytes) -> bytes:
        """ "deflate" should be zlib-wrapped, but many servers send it raw; the first two
        bytes tell (a zlib header names method 8 and is a multiple of 31)."""
        self._head += data
        if len(self._head) < 2:
            return b""
        first, second = self._head[0], self._head[1]
        if not (first & 0x0F == 8 and (first << 8 | second) % 31 == 0):
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._head

    def _inflate(self, data: bytes) -> bytes:
        assert self._inflater is not None
        self._fed = True
        room = self._limit - self.size + 1  # one byte more than allowed proves "too large"
        return self._inflater.decompress(data, room)

    def _plain_verdict(self) -> bool | None:
        """Whether the "deflate" body being probed reads as text (markup, JSON, a
        robots.txt); None while too little came to tell (nothing but a BOM or
        whitespace)."""
        if self._probe is None:
            return False
        head = bytes(self._probe[:_TEXT_HEAD])
        if _UTF8_BOM.startswith(head):
            return None
        head = head.removeprefix(_UTF8_BOM)
        if head.translate(None, _CONTROL) != head:
            return False
        return True if head.strip(b" \t\r\n") else None

    def _settle(self, *, final: bool) -> bytes:
        """After inflating failed while probing: the body as it came if it reads as
        text, the error if not, or nothing yet while that cannot be told."""
        assert self._probe is not None and self._failure is not None
        verdict = self._plain_verdict()
        if verdict is None and not final and len(self._probe) <= _PLAIN_PROBE_BYTES:
            return b""
        if not verdict:
            raise self._corrupt(self._failure) from None
        return self._take_as_sent()

    def _take_as_sent(self) -> bytes:
        """The body so far, as it came: it was sent plain, whatever its label said."""
        assert self._probe is not None
        body = bytes(self._probe)
        self._probe, self._held, self._failure, self._inflater = None, [], None, None
        self.size = 0
        return self._count(body)

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self._limit:
            raise FetchError(
                "too-large", f"body is over the {self._limit}-byte limit once decoded: {self._url}"
            )
        return data

    def _corrupt(self, exc: zlib.error) -> FetchError:
        return FetchError("encoding", f"body is not valid {self._coding} ({exc}): {self._url}")
