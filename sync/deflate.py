"""Compressed pieces of a zip member, and a zip writer that stores them without recompressing.

A big master sheet is made of one piece per rep workbook: a piece compressed in an earlier
run is copied as it is when that workbook did not change. ``zipfile`` can only compress what
it is given, so members are written here: each piece is raw deflate data that ends on a byte
boundary (a sync flush) and is not final, so pieces concatenate into one valid stream; the
member's CRC-32 is combined from the pieces' CRCs.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from salessheet.errors import TooLargeError
from salessheet.io.fastzlib import fast_zlib as _deflate

__all__ = ["Piece", "ZipWriter", "compress_piece", "crc32_combine", "join_pieces"]

_LEVEL = 1
"""Level 1: the master's XML is repetitive, and zlib's level 1 costs a third of its default."""

_POLY = 0xEDB88320
_ZIP32_LIMIT = 0xFFFFFFFF


@dataclass(frozen=True)
class Piece:
    """Raw deflate data of ``size`` bytes whose CRC-32 is ``crc``."""

    data: bytes
    crc: int
    size: int


def compress_piece(text: bytes, *, final: bool = False) -> Piece:
    """Compress ``text`` on its own (no back-references outside it).

    ``final`` ends the deflate stream; a piece that is not final can be followed by another.
    """
    compressor = _deflate.compressobj(_LEVEL, _deflate.DEFLATED, -15)
    data = compressor.compress(text) + compressor.flush(_deflate.Z_FINISH if final else _deflate.Z_SYNC_FLUSH)
    return Piece(data, _deflate.crc32(text), len(text))


def _times(matrix: Sequence[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: Sequence[int]) -> list[int]:
    return [_times(matrix, matrix[n]) for n in range(32)]


_OPERATORS: list[list[int]] = []
"""Operator k appends 2**k zero bytes to a CRC (a 32x32 bit matrix over GF(2)); made as needed."""


def _operator(power: int) -> list[int]:
    if not _OPERATORS:
        one_bit = [_POLY] + [1 << n for n in range(31)]
        _OPERATORS.append(_square(_square(_square(one_bit))))  # 8 zero bits: one zero byte
    while len(_OPERATORS) <= power:
        _OPERATORS.append(_square(_OPERATORS[-1]))
    return _OPERATORS[power]


def crc32_combine(first: int, second: int, second_size: int) -> int:
    """CRC-32 of A + B from CRC-32(A), CRC-32(B) and len(B) (zlib's crc32_combine)."""
    power = 0
    while second_size:
        if second_size & 1:
            first = _times(_operator(power), first)
        second_size >>= 1
        power += 1
    return first ^ second


def join_pieces(pieces: Iterable[Piece]) -> Piece:
    """One member's data from its pieces in order (the last one must be final)."""
    data: list[bytes] = []
    crc, size = 0, 0
    for piece in pieces:
        data.append(piece.data)
        crc = crc32_combine(crc, piece.crc, piece.size)
        size += piece.size
    return Piece(b"".join(data), crc, size)


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: a fixed stamp, so equal content gives equal bytes
_DOS_TIME = 0
_VERSION = 20
_DEFLATED = 8


class ZipWriter:
    """Writes deflated members to ``handle``, then the central directory on ``close``.

    Raises:
        TooLargeError: a member or the package would need Zip64 (over 4 GiB or 65,535
            members), which is beyond what a spreadsheet holds.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._directory: list[bytes] = []
        self._offset = 0

    def _write(self, data: bytes) -> None:
        self._handle.write(data)
        self._offset += len(data)

    def add(self, name: str, member: Piece, external_attr: int = 0) -> None:
        """Add member ``name`` (its pieces already joined and final)."""
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        if max(len(member.data), member.size, self._offset) >= _ZIP32_LIMIT:
            raise TooLargeError(f"the workbook would be over 4 GiB ({name}): too large to write",
                                f"工作簿将超过 4 GiB（{name}），无法写入")
        fields = (_VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, member.crc, len(member.data), member.size,
                  len(encoded))
        offset = self._offset
        self._write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded)
        self._write(member.data)
        self._directory.append(
            struct.pack("<IH", 0x02014B50, (3 << 8) | _VERSION)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, external_attr, offset)
            + encoded)

    def add_bytes(self, name: str, data: bytes, external_attr: int = 0) -> None:
        """Compress ``data`` and add it as member ``name``."""
        self.add(name, compress_piece(data, final=True), external_attr)

    def close(self) -> None:
        """Write the central directory (the handle stays open)."""
        if len(self._directory) >= 0xFFFF:
            raise TooLargeError("the workbook would have more than 65,535 parts: too large to write",
                                "工作簿的组成部分超过 65,535 个，无法写入")
        start = self._offset
        for entry in self._directory:
            self._write(entry)
        count = len(self._directory)
        self._write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, self._offset - start, start, 0))
