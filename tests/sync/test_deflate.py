"""Compressed pieces join into one valid zip member, whatever their sizes and boundaries."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.errors import TooLargeError
from sync import deflate
from sync.deflate import ZipWriter, compress_piece, crc32_combine, join_pieces


@given(st.binary(max_size=300), st.binary(max_size=3000))
def test_combined_crc_equals_the_crc_of_the_joined_bytes(first, second):
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def test_combined_crc_over_long_second_parts():
    first, second = b"head", bytes(range(256)) * 40_000  # 10 MB: every power of two up to 2**23
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


@given(st.lists(st.binary(max_size=2000) | st.text(max_size=400).map(str.encode), min_size=1, max_size=8))
def test_pieces_join_into_a_member_zipfile_reads_back(parts):
    pieces = [compress_piece(p) for p in parts[:-1]] + [compress_piece(parts[-1], final=True)]
    buffer = io.BytesIO()
    writer = ZipWriter(buffer)
    writer.add("xl/worksheets/sheet1.xml", join_pieces(pieces), 0o644 << 16)
    writer.add_bytes("[Content_Types].xml", b"<Types/>")
    writer.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        assert package.testzip() is None
        assert package.namelist() == ["xl/worksheets/sheet1.xml", "[Content_Types].xml"]
        assert package.read("xl/worksheets/sheet1.xml") == b"".join(parts)
        assert package.getinfo("xl/worksheets/sheet1.xml").date_time == (1980, 1, 1, 0, 0, 0)


def test_the_master_is_compressed_with_isal_where_it_is_installed():
    from isal import isal_zlib

    assert deflate._deflate is isal_zlib  # a dependency on every desktop platform, zlib elsewhere


@given(st.lists(st.tuples(st.booleans(), st.binary(max_size=2000) | st.text(max_size=400).map(str.encode)),
                min_size=1, max_size=8))
def test_pieces_of_isal_and_of_zlib_join_into_one_member(parts):
    """A row cache filled where only zlib was at hand (Pyodide, an older install) mixes with
    pieces compressed by ISA-L: each piece is plain raw deflate."""
    pieces = []
    for n, (fallback, text) in enumerate(parts):
        original = deflate._deflate
        deflate._deflate = zlib if fallback else original  # type: ignore[assignment]
        try:
            pieces.append(compress_piece(text, final=n == len(parts) - 1))
        finally:
            deflate._deflate = original
    joined = join_pieces(pieces)
    assert zlib.decompress(joined.data, -15) == b"".join(t for _, t in parts)
    assert joined.crc == zlib.crc32(b"".join(t for _, t in parts))


def test_a_member_too_large_for_zip32_is_refused():
    class Huge:
        data = b""
        crc = 0
        size = 2**32

    with pytest.raises(TooLargeError, match="over 4 GiB"):
        ZipWriter(io.BytesIO()).add("big.xml", Huge())  # type: ignore[arg-type]
