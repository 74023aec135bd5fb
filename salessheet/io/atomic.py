"""Safe writes: temp file in the same folder, fsync, rename; optional backup; lock detection."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from salessheet.errors import WriteRefusedError, os_reason

__all__ = ["atomic_write", "atomic_write_bytes", "backup_path", "ensure_folder", "excel_lock_file",
           "make_backup", "refuse_if_open", "refused_on_os_error"]


def excel_lock_file(path: Path) -> Path | None:
    """The ``~$name.xlsx`` owner file Excel keeps while ``path`` is open, if present."""
    for candidate in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if candidate.exists():
            return candidate
    return None


def refuse_if_open(path: Path) -> None:
    """Raise WriteRefusedError when Excel has ``path`` open (its ``~$`` lock file exists)."""
    lock = excel_lock_file(path)
    if lock is not None:
        raise WriteRefusedError(
            f"{path.name} is open in Excel ({lock.name} exists); close it and run again",
            f"{path.name} 正在 Excel 中打开（存在 {lock.name}）；请关闭后重试",
            location=str(path),
        )


def backup_path(path: Path) -> Path:
    """Where the backup of ``path`` goes: ``name.xlsx.bak`` (``.bak1``, ... if taken)."""
    candidate = path.with_name(path.name + ".bak")
    index = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{index}")
        index += 1
    return candidate


def make_backup(path: Path) -> Path:
    """Copy ``path`` to a fresh backup file (metadata kept) and return the backup's path."""
    target = backup_path(path)
    shutil.copy2(path, target)
    return target


@contextlib.contextmanager
def refused_on_os_error(path: Path, *, unchanged: bool = False) -> Iterator[None]:
    """Turn a failed write (a read-only folder, a full disk, a file where a folder should be)
    into one located WriteRefusedError; ``unchanged``: an earlier ``path`` is still as it was."""
    try:
        yield
    except OSError as exc:
        english, chinese = os_reason(exc)
        kept_en, kept_zh = ("; the previous file is unchanged", "；原文件未改动") if unchanged else ("", "")
        raise WriteRefusedError(f"cannot write {path.name}: {english}{kept_en}",
                                f"无法写入 {path.name}：{chinese}{kept_zh}", location=str(path)) from exc


def ensure_folder(folder: Path) -> None:
    """Create the output folder ``folder`` and its parents if missing.

    Raises:
        WriteRefusedError: it cannot be created (no permission, a file of that name, read-only).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        english, chinese = os_reason(exc)
        if isinstance(exc, FileExistsError):  # (what mkdir says of a file where the folder should be)
            english, chinese = "a file of that name is in the way", "已有同名的文件"
        raise WriteRefusedError(f"cannot create the folder: {english}", f"无法创建该文件夹：{chinese}",
                                location=str(folder)) from exc


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def atomic_write(path: Path, write: Callable[[Path], None], *, backup: bool = False) -> Path | None:
    """Write ``path`` through ``write(temp_path)`` then rename into place.

    A crash at any point leaves either the old file or the new one, never a mix.

    Args:
        path: destination file.
        write: writes the complete new content to the temp path it is given.
        backup: copy an existing ``path`` to a ``.bak`` file first.

    Returns:
        The backup's path when one was made.

    Raises:
        WriteRefusedError: the file is open in Excel, or it cannot be written (its folder
            cannot be made or written, the disk is full); an earlier file is left as it was.
    """
    path = Path(path)
    refuse_if_open(path)
    ensure_folder(path.parent)
    with refused_on_os_error(path, unchanged=path.exists()):
        saved = make_backup(path) if backup and path.exists() else None
        with _temp_beside(path) as temp:
            write(temp)
            with open(temp, "rb") as handle:
                os.fsync(handle.fileno())
            if path.exists():
                shutil.copymode(path, temp)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            os.replace(temp, path)
    return saved


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False) -> Path | None:
    """``atomic_write`` of content already in memory."""

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return atomic_write(path, write, backup=backup)
