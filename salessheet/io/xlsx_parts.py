"""Facts calamine does not give, read straight from the xlsx package: hidden rows, error cells, props.

Every member is decompressed once here, never beyond its declared size, and CRC-checked, which
is also what proves the package is not a disguised zip bomb. Members of a package held in
memory are inflated by ``fast_zlib`` (a third of the time ``zipfile`` takes through zlib).
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from salessheet.address import a1_to_rowcol
from salessheet.errors import UnreadableFileError
from salessheet.io.fastzlib import ERRORS, fast_zlib
from salessheet.io.safety import Limits

__all__ = ["PackageFacts", "SheetFacts", "read_package_facts"]

_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>/]*)(?:/>|>(.*?)</c>)', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class SheetFacts:
    """Hidden rows, formula-error cells and the row count of one worksheet."""

    hidden_rows: frozenset[int] = frozenset()
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    row_count: int = 0


@dataclass
class PackageFacts:
    """Per-sheet facts by tab name, and the custom document properties."""

    sheets: dict[str, SheetFacts] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Tab name -> worksheet part path, from workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in archive.namelist():
        for rel in ElementTree.fromstring(archive.read(rels_name)):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id", "")] = posixpath.normpath(target)
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) == "sheet":
            rel_id = element.get(f"{{{_REL_NS}}}id", "")
            if rel_id in targets:
                parts[element.get("name", "")] = targets[rel_id]
    return parts


def _row_count(xml: bytes) -> int:
    """Rows in a sheet: the number of its last ``<row r=...>`` (counted when rows are unnumbered)."""
    last = xml.rfind(b"<row ")
    number = _ROW_NUMBER.search(xml, last, xml.find(b">", last)) if last >= 0 else None
    if number is not None:
        return int(number.group(1))
    return xml.count(b"<row ") + xml.count(b"<row>")


_HIDDEN_ATTRIBUTE = re.compile(rb"hidden=")
"""(A literal pattern: ``re`` finds it in sheet XML in half the time ``in`` takes.)"""


def _scan_sheet(xml: bytes) -> SheetFacts:
    facts = SheetFacts(row_count=_row_count(xml))
    if _HIDDEN_ATTRIBUTE.search(xml):
        hidden = set()
        for match in _ROW_TAG.finditer(xml):
            attrs = match.group(1)
            number = _ROW_NUMBER.search(attrs)
            if number and _HIDDEN.search(attrs):
                hidden.add(int(number.group(1)))
        facts.hidden_rows = frozenset(hidden)
    # Every error value starts with "#" (#N/A, #DIV/0!, ...): one byte is looked for first, at
    # the speed of memchr, and most sheets have none.
    if b"#" in xml and b't="e"' in xml:
        for match in _ERROR_CELL.finditer(xml):
            ref = _CELL_REF.search(match.group(1))
            value = _VALUE.search(match.group(2) or b"")
            if ref and value:
                facts.errors[a1_to_rowcol(ref.group(1).decode())] = value.group(1).decode(errors="replace")
    return facts


def _properties(xml: bytes) -> dict[str, str]:
    props: dict[str, str] = {}
    for prop in ElementTree.fromstring(xml):
        name = prop.get("name")
        if name and len(prop):
            props[name] = (prop[0].text or "").strip()
    return props


_LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A member's local header: its signature, then (after 22 bytes) the lengths of its name and extra field."""


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, content: bytes | None) -> bytes:
    """A member's bytes, checked against its declared size and CRC-32.

    With the package's ``content`` at hand, a stored or deflated member that is not encrypted
    is sliced out and inflated here; any other through ``zipfile``, which checks the same.
    """
    if content is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
            or info.flag_bits & 0x1:
        return archive.read(info)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(content, info.header_offset)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    raw = content[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename} is truncated")
    data = raw
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = fast_zlib.decompressobj(-15)
        data = inflater.decompress(raw, info.file_size + 1)  # one byte more tells a lie apart
    if len(data) != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} is not the size it declares")
    if fast_zlib.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 for {info.filename}")
    return bytes(data)


def read_package_facts(archive: zipfile.ZipFile, path: Path, limits: Limits,
                       content: bytes | None = None) -> PackageFacts:
    """Decompress and CRC-check every member; collect sheet facts and custom properties.

    Args:
        archive: the package, opened by ``open_package``.
        path: where it comes from (for messages).
        limits: size limits.
        content: the package's bytes, when the archive was opened from them.

    Raises:
        UnreadableFileError: a member is corrupt, lies about its size, or a sheet has too many rows.
    """
    facts = PackageFacts()
    try:
        parts = {part: name for name, part in _sheet_parts(archive).items()}
        for info in archive.infolist():
            data = _member(archive, info, content)
            if info.filename in parts:
                sheet = _scan_sheet(data)
                if sheet.row_count > limits.max_rows:
                    raise UnreadableFileError(
                        f"sheet {parts[info.filename]} has more than {limits.max_rows} rows",
                        f"工作表 {parts[info.filename]} 超过 {limits.max_rows} 行", location=str(path))
                facts.sheets[parts[info.filename]] = sheet
            elif info.filename == "docProps/custom.xml":
                facts.properties = _properties(data)
    except UnreadableFileError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, EOFError, OSError,
            NotImplementedError, KeyError, RuntimeError, struct.error, *ERRORS) as exc:
        raise UnreadableFileError(f"the file is damaged: {type(exc).__name__}: {exc}"[:200],
                                  "文件已损坏", location=str(path)) from exc
    except Exception as exc:  # defusedxml refusals (entities, DTDs) and other hostile content
        raise UnreadableFileError(f"the file contains unsafe or invalid XML: {type(exc).__name__}",
                                  "文件包含不安全或无效的 XML", location=str(path)) from exc
    return facts
