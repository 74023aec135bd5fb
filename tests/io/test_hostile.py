"""Hostile and broken files: always one UnreadableFileError, never another exception or a hang."""

from __future__ import annotations

import functools
import io
import struct
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from salessheet.errors import ExitCode, UnreadableFileError
from salessheet.io.reader import read_workbook
from salessheet.io.safety import Limits
from tests.io.workbooks import build, deal

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _unreadable(path: Path, limits: Limits | None = None) -> UnreadableFileError:
    with pytest.raises(UnreadableFileError) as caught:
        read_workbook(path, limits=limits)
    error = caught.value
    assert error.exit_code is ExitCode.UNREADABLE_INPUT
    assert "\n" not in error.message("en") and error.message_zh
    return error


@functools.cache
def _good() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "good.xlsx", rows={"pipeline": [deal(1), deal(2)]}, prefilled=2)
        return path.read_bytes()


@pytest.fixture
def good() -> bytes:
    return _good()


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"deal_id,amount\nD-1,100\n", "CSV"),
        (b"%PDF-1.7\n%binary", "PDF"),
        (_OLE + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100, "password"),
        (_OLE + b"\0" * 1000, ".xls"),
        (b"\x00\x01\x02\xff" * 50, "not an Excel"),
    ],
)
def test_wrong_formats(tmp_path: Path, content: bytes, words: str):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    assert words in _unreadable(path).message("en")


def test_not_a_file(tmp_path: Path):
    assert "not found" in _unreadable(tmp_path / "missing.xlsx").message("en")
    folder = tmp_path / "team"
    folder.mkdir()
    assert _unreadable(folder).message("en").endswith(": a folder with no .xlsx or .xlsm workbook in it")
    (folder / "alice.xlsx").write_bytes(b"")
    assert _unreadable(folder).message("en").endswith(": a folder, not a workbook")
    assert _unreadable(folder).message("zh").endswith(": 是文件夹，不是工作簿")


def test_truncated(tmp_path: Path, good: bytes):
    path = tmp_path / "cut.xlsx"
    for size in (10, len(good) // 2, len(good) - 30):
        path.write_bytes(good[:size])
        _unreadable(path)


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_bomb_ratio(tmp_path: Path):
    path = _zip(tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<workbook/>",
                                         "xl/worksheets/sheet1.xml": b"\0" * (50 * 2**20)})
    start = time.perf_counter()
    assert "zip bomb" in _unreadable(path).message("en")
    assert time.perf_counter() - start < 2


def test_zip_bomb_total_size_limit(tmp_path: Path, good: bytes):
    path = tmp_path / "big.xlsx"
    path.write_bytes(good)
    assert "exceeds" in _unreadable(path, Limits(max_uncompressed_bytes=1000)).message("en")
    assert "larger than" in _unreadable(path, Limits(max_file_bytes=100)).message("en")


def _liar(tmp_path: Path) -> Path:
    """A package whose 4 MB member declares 1,000 bytes."""
    path = _zip(tmp_path / "liar.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/big.xml": b"A" * 2**22})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/big.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    central = data.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == b"xl/big.xml":
            break
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    return path


def test_zip_lying_about_sizes(tmp_path: Path):
    """Declared sizes small, real content big: decompression stops at the declared size."""
    _unreadable(_liar(tmp_path))


def test_a_lying_member_is_never_inflated_beyond_its_declared_size(tmp_path: Path):
    import tracemalloc

    from salessheet.io.xlsx_parts import _member

    content = _liar(tmp_path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("xl/big.xml")
        tracemalloc.start()
        try:
            with pytest.raises(zipfile.BadZipFile, match="not the size it declares"):
                _member(archive, info, content)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 2**20  # the 4 MB it holds are never made


def _patched_crc(data: bytes, member: str) -> bytes:
    """``data`` with the CRC-32 of ``member`` changed in both its headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 14, info.CRC ^ 1)
    central = patched.index(b"PK\x01\x02")
    while bytes(patched[central + 46:central + 46 + struct.unpack_from("<H", patched, central + 28)[0]]) \
            != member.encode():
        central = patched.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", patched, central + 16, info.CRC ^ 1)
    return bytes(patched)


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_member_whose_crc_is_wrong_is_damaged(tmp_path: Path, good: bytes, method: int):
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    repacked = _zip(tmp_path / "repacked.xlsx", members, method)
    read_workbook(repacked)  # readable as it is
    for member in ("xl/worksheets/sheet3.xml", "xl/styles.xml"):
        path = tmp_path / "crc.xlsx"
        path.write_bytes(_patched_crc(repacked.read_bytes(), member))
        assert "damaged" in _unreadable(path).message("en")


def test_members_read_in_memory_equal_what_zipfile_reads(good: bytes):
    from salessheet.io.xlsx_parts import _member

    for method in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w", method) as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info))
        content = buffer.getvalue()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert all(_member(archive, info, content) == archive.read(info) for info in archive.infolist())


def test_too_many_rows(tmp_path: Path):
    path = build(tmp_path / "rows.xlsx", rows={"pipeline": [deal(i) for i in range(30)]}, prefilled=0)
    assert "more than 20 rows" in _unreadable(path, Limits(max_rows=20)).message("en")


def test_empty_workbook_and_foreign_sheets(tmp_path: Path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    assert "not a salessheet workbook" in _unreadable(path).message("en")


def test_zip_that_is_not_a_workbook(tmp_path: Path):
    path = _zip(tmp_path / "doc.xlsx", {"word/document.xml": b"<document/>"})
    assert "xl/workbook.xml" in _unreadable(path).message("en")


def test_entity_expansion_is_refused(tmp_path: Path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>')
    path = _zip(tmp_path / "laughs.xlsx", {"xl/workbook.xml": laughs})
    _unreadable(path)


# --- fuzzing -------------------------------------------------------------------------------------------

_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read_or_unreadable(path: Path) -> None:
    start = time.perf_counter()
    try:
        read_workbook(path)
    except UnreadableFileError as error:
        assert error.message("en")
    assert time.perf_counter() - start < 5


@_FUZZ
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes(tmp_path: Path, content: bytes):
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(content)
    _read_or_unreadable(path)


@_FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=8))
def test_fuzz_mutated_workbook(tmp_path: Path, edits):
    data = bytearray(_good())
    for position, value in edits:
        data[position % len(data)] = value
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(bytes(data))
    _read_or_unreadable(path)


_PARTS = st.sampled_from(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                          "docProps/custom.xml", "xl/sharedStrings.xml", "xl/styles.xml"])
_XMLISH = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"", b"<", b"<workbook>", b"<?xml version='1.0'?><a><b></a>",
                     b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b'<sheets><sheet name="Pipeline" sheetId="1" r:id="rId1" '
                     b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                     b"</sheets></workbook>",
                     b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row>'
                     b"</sheetData></worksheet>"]),
)


@_FUZZ
@given(st.dictionaries(_PARTS, _XMLISH, min_size=1, max_size=6))
def test_fuzz_malformed_parts(tmp_path: Path, replaced):
    with zipfile.ZipFile(io.BytesIO(_good())) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members.update(replaced)
    _read_or_unreadable(_zip(tmp_path / "parts.xlsx", members))


def test_stray_far_cell_area_limit(tmp_path: Path):
    path = build(tmp_path / "wide.xlsx", rows={"pipeline": [deal(1)]}, prefilled=0)
    book = openpyxl.load_workbook(path)
    book["Pipeline"]["XFD50"] = "stray"
    book.save(path)
    frame = read_workbook(path).frame("pipeline")
    assert frame["deal_id"].tolist() == ["D-0001"] and "(XFD)" not in frame  # row 50 is blank otherwise
    assert "too large" in _unreadable(path, Limits(max_cells=100_000)).message("en")
