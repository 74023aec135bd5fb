"""Exceptions the toolkit raises, each with a bilingual message and a CLI exit code.

Bad *data* is never an exception (see ``issues``); these are for files that cannot be
read, writes that are refused and wrong usage.
"""

from __future__ import annotations

import errno
from enum import IntEnum

__all__ = [
    "ConfigError",
    "ExitCode",
    "SalessheetError",
    "ToolMissingError",
    "UnreadableFileError",
    "UsageError",
    "WriteRefusedError",
    "os_reason",
]


class ExitCode(IntEnum):
    """Documented exit codes of the ``salessheet`` command."""

    OK = 0
    PROBLEMS_FOUND = 1
    UNREADABLE_INPUT = 2
    WRITE_REFUSED = 3
    BAD_CONFIG = 4
    TOOL_MISSING = 5
    USAGE = 64
    INTERRUPTED = 130


class SalessheetError(Exception):
    """Base of the project's errors; carries a bilingual message and where it happened.

    Attributes:
        message_en / message_zh: one line for the user in each language.
        location: file (and sheet/cell when known) the error is about.
        transient: True when retrying the same action may succeed (a locked file).
    """

    exit_code: ExitCode = ExitCode.UNREADABLE_INPUT
    transient: bool = False

    def __init__(self, message_en: str, message_zh: str | None = None, *, location: str = ""):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or message_en
        self.location = location

    def message(self, lang: str = "en") -> str:
        """The located one-line message in ``lang``."""
        text = self.message_zh if lang == "zh" else self.message_en
        return f"{self.location}: {text}" if self.location else text


class UnreadableFileError(SalessheetError):
    """A file that is not a readable workbook (corrupt, encrypted, wrong format, too big)."""

    exit_code = ExitCode.UNREADABLE_INPUT


class WriteRefusedError(SalessheetError):
    """A write that was not done to protect existing data (file open in Excel, no access)."""

    exit_code = ExitCode.WRITE_REFUSED
    transient = True


class TooLargeError(WriteRefusedError):
    """A workbook that would be over Excel's limits (rows in a sheet, size): nothing is written."""

    transient = False


class ConfigError(SalessheetError):
    """A team description, mapping or Config sheet that cannot be used."""

    exit_code = ExitCode.BAD_CONFIG


class UsageError(SalessheetError):
    """A command given options it cannot use together, or an option value it cannot use."""

    exit_code = ExitCode.USAGE


class ToolMissingError(SalessheetError):
    """An external program a command needs (Chromium for PDF) is not installed."""

    exit_code = ExitCode.TOOL_MISSING


_OS_REASONS_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.EROFS: "文件系统为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已存在",
    errno.EBUSY: "正被占用",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "读写错误",
    errno.EINVAL: "参数无效",
    getattr(errno, "EDQUOT", -1): "超出磁盘配额",
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why a file operation failed, in English and Chinese (the system's own words when no
    translation is known).

    >>> os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    ('No such file or directory', '文件或文件夹不存在')
    """
    english = exc.strerror or str(exc) or type(exc).__name__
    return english, _OS_REASONS_ZH.get(exc.errno or 0, english)
