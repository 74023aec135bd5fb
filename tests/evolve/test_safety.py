"""An upgrade that fails or is killed while writing leaves the original workbook byte for byte."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest

import salessheet.evolve.upgrade as upgrade_module
from salessheet.evolve.upgrade import upgrade_file, upgrade_files
from salessheet.io import read_workbook
from tests.evolve.workbooks import write_version

TODAY = dt.date(2026, 11, 25)

_SLOW_WRITER = """
import sys, time
from pathlib import Path
import salessheet.evolve.upgrade as up

def slow(temp, data):
    with open(temp, "wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        Path(sys.argv[2]).write_text("half written")
        time.sleep(120)

up._write = slow
up.upgrade_file(Path(sys.argv[1]), apply=True)
"""


def test_failed_write_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_version(tmp_path, 1, "en", TODAY)
    original = path.read_bytes()

    def failing(temp: Path, data: bytes) -> None:
        temp.write_bytes(data[:1000])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(upgrade_module, "_write", failing)
    result = upgrade_file(path, apply=True)
    assert result.refused and not result.applied and "No space left" in str(result.blocked)
    assert result.reason("zh") == "无法写入 v1-en.xlsx：磁盘空间不足；原文件未改动"
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1-en.xlsx", "v1-en.xlsx.bak"]
    assert upgrade_file(path).pending


def test_killed_upgrade_leaves_original(tmp_path: Path) -> None:
    path = write_version(tmp_path, 2, "zh", TODAY)
    original = path.read_bytes()
    marker = tmp_path / "marker"
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(path), str(marker)],
                               cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the upgrade never reached the write"
    finally:
        process.kill()
        process.wait()
    assert path.read_bytes() == original
    assert read_workbook(path).template_version == 2
    assert upgrade_file(path, apply=True).applied
    assert read_workbook(path).template_version == 3


def test_file_open_in_excel_is_not_touched(tmp_path: Path) -> None:
    alice = write_version(tmp_path, 1, "en", TODAY, name="alice.xlsx")
    bob = write_version(tmp_path, 1, "en", TODAY, name="bob.xlsx")
    (tmp_path / "~$alice.xlsx").write_bytes(b"owner")
    original = alice.read_bytes()
    results, code = upgrade_files([tmp_path], apply=True)
    assert code == 3
    assert [(r.path.name, r.refused, r.applied) for r in results] == [("alice.xlsx", True, False),
                                                                      ("bob.xlsx", False, True)]
    assert alice.read_bytes() == original and read_workbook(bob).template_version == 3
