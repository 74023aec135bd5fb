"""Hostile-input checks before any parser sees a file: format sniffing, zip-bomb and size limits."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from salessheet.errors import UnreadableFileError
from salessheet.io.paths import is_workbook_file

__all__ = ["Limits", "check_file", "check_size", "open_package", "sniff"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Limits:
    """Ceilings that keep a hostile or accidental file from exhausting memory or time.

    Attributes:
        max_file_bytes: size of the file on disk.
        max_uncompressed_bytes: total declared size of all zip members.
        max_ratio: uncompressed / compressed size of any large member.
        max_members: number of zip members.
        max_rows: rows in any one sheet.
        max_cells: rows x columns of the used area of any one sheet (a stray value in column XFD
            makes every row 16,384 cells wide).
    """

    max_file_bytes: int = 100 * 2**20
    max_uncompressed_bytes: int = 400 * 2**20
    max_ratio: float = 200.0
    max_members: int = 5000
    max_rows: int = 200_000
    max_cells: int = 20_000_000


def _unreadable(path: Path, en: str, zh: str) -> UnreadableFileError:
    return UnreadableFileError(en, zh, location=str(path))


def sniff(head: bytes) -> str:
    """Guess a file's format from its first bytes: zip, ole, pdf, empty, text or binary.

    >>> sniff(b"PK\\x03\\x04rest"), sniff(b"%PDF-1.7"), sniff(b"a,b\\n1,2")
    ('zip', 'pdf', 'text')
    """
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    try:
        head[:512].decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "text"


def check_size(path: Path, size: int, limits: Limits) -> None:
    """Raise UnreadableFileError when a file of ``size`` bytes is over the limit."""
    if size > limits.max_file_bytes:
        raise _unreadable(path, f"file is larger than {limits.max_file_bytes // 2**20} MB",
                          f"文件超过 {limits.max_file_bytes // 2**20} MB")


def check_file(path: Path, limits: Limits) -> None:
    """Raise UnreadableFileError unless ``path`` looks like a zip-based workbook of sane size."""
    if not path.exists():
        raise _unreadable(path, "file not found", "找不到文件")
    if path.is_dir():
        if not any(is_workbook_file(p) for p in path.iterdir()):
            raise _unreadable(path, "a folder with no .xlsx or .xlsm workbook in it",
                              "文件夹中没有 .xlsx 或 .xlsm 工作簿")
        raise _unreadable(path, "a folder, not a workbook", "是文件夹，不是工作簿")
    if not path.is_file():
        raise _unreadable(path, "not a file", "不是文件")
    size = path.stat().st_size
    check_size(path, size, limits)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            kind = sniff(head)
            if kind == "ole":
                handle.seek(0)
                data = handle.read(min(size, 4 * 2**20))
    except OSError as exc:
        raise _unreadable(path, f"cannot open: {exc.strerror}", f"无法打开：{exc.strerror}") from exc
    if kind == "zip":
        return
    if kind == "ole":
        if _ENCRYPTION in data:
            raise _unreadable(path, "the workbook is password-protected; remove the password and save again",
                              "工作簿设置了密码；请取消密码后重新保存")
        raise _unreadable(path, "legacy .xls format is not supported; save it as .xlsx",
                          "不支持旧版 .xls 格式；请另存为 .xlsx")
    messages = {
        "empty": ("the file is empty", "文件为空"),
        "pdf": ("this is a PDF, not an Excel workbook", "这是 PDF 文件，不是 Excel 工作簿"),
        "text": ("this is a text/CSV file, not an Excel workbook; save it as .xlsx",
                 "这是文本/CSV 文件，不是 Excel 工作簿；请另存为 .xlsx"),
    }
    en, zh = messages.get(kind, ("not an Excel workbook", "不是 Excel 工作簿"))
    raise _unreadable(path, en, zh)


def open_package(path: Path, limits: Limits, content: bytes | None = None) -> zipfile.ZipFile:
    """Open ``path`` (or its ``content``, already read) as a zip after checking member count,
    declared sizes and ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content) if content is not None else path)
    except Exception as exc:  # BadZipFile, NotImplementedError, OSError... all mean "damaged"
        raise _unreadable(path, "the file is damaged or truncated (not a valid zip)",
                          "文件已损坏或不完整（不是有效的 zip）") from exc
    try:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise _unreadable(path, "too many parts in the file", "文件内部部件过多")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 2**20 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise _unreadable(path, f"compression ratio of {info.filename} is suspicious (zip bomb?)",
                                  f"{info.filename} 的压缩比异常（疑似压缩炸弹）")
        if total > limits.max_uncompressed_bytes:
            megabytes = limits.max_uncompressed_bytes // 2**20
            raise _unreadable(path, f"uncompressed content exceeds {megabytes} MB",
                              f"解压后内容超过 {megabytes} MB")
        names = {info.filename for info in infos}
        if "xl/workbook.bin" in names:
            raise _unreadable(path, "binary .xlsb workbooks are not supported; save as .xlsx",
                              "不支持二进制 .xlsb 工作簿；请另存为 .xlsx")
        if "xl/workbook.xml" not in names:
            raise _unreadable(path, "not an Excel workbook (no xl/workbook.xml)",
                              "不是 Excel 工作簿（缺少 xl/workbook.xml）")
    except BaseException:
        archive.close()
        raise
    return archive
