"""Tiny, valid PNG and JPEG images made in code, one flat colour per image path.

The sample portals need real image bytes at their image URLs (a parser may check the
type, a publisher may read the size), but nothing needs a picture worth looking at.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

WIDTH, HEIGHT = 16, 10


def image_for(path: str) -> tuple[bytes, str]:
    """Bytes and media type of the image served at `path` (by its extension)."""
    shade = hashlib.sha256(path.encode()).digest()
    if path.lower().endswith(".png"):
        return png(shade[0], shade[1], shade[2]), "image/png"
    return jpeg(shade[0]), "image/jpeg"


def png(red: int, green: int, blue: int) -> bytes:
    """A WIDTH x HEIGHT RGB PNG of one colour."""
    row = b"\x00" + bytes((red, green, blue)) * WIDTH  # filter byte 0, then pixels
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(row * HEIGHT, 9))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def jpeg(grey: int) -> bytes:
    """An 8x8 greyscale baseline JPEG of one shade.

    One block whose only non-zero coefficient is DC. With every quantisation step 8,
    the coded DC value is simply grey - 128, so the DC table needs categories 0-8
    (given 4-bit codes 0000-1000) and the AC table a single code, "0", for end of block.
    """
    dc = grey - 128
    category = abs(dc).bit_length()
    value = dc if dc >= 0 else dc + (1 << category) - 1  # negatives in one's complement
    bits = f"{category:04b}" + (f"{value:0{category}b}" if category else "") + "0"
    bits += "1" * (-len(bits) % 8)  # pad the last byte with 1-bits
    scan = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    scan = scan.replace(b"\xff", b"\xff\x00")  # byte stuffing
    quant = bytes([0]) + bytes([8] * 64)  # table 0, every step 8
    frame = struct.pack(">BHHB", 8, 8, 8, 1) + bytes([1, 0x11, 0])
    dht_dc = bytes([0x00]) + bytes([0, 0, 0, 9] + [0] * 12) + bytes(range(9))
    dht_ac = bytes([0x10]) + bytes([1] + [0] * 15) + bytes([0])
    sos = bytes([1, 1, 0x00, 0, 63, 0])
    return (
        b"\xff\xd8"
        + _jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _jpeg_segment(0xDB, quant)
        + _jpeg_segment(0xC0, frame)
        + _jpeg_segment(0xC4, dht_dc)
        + _jpeg_segment(0xC4, dht_ac)
        + _jpeg_segment(0xDA, sos)
        + scan
        + b"\xff\xd9"
    )


def _jpeg_segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data
