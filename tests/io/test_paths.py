"""Which workbooks a path given by the user stands for."""

from __future__ import annotations

from pathlib import Path

import pytest

from salessheet.errors import UnreadableFileError
from salessheet.io.paths import expand_workbooks, is_workbook_file, workbook_paths


def _team(tmp_path: Path) -> Path:
    team = tmp_path / "team"
    team.mkdir()
    for name in ("bob.xlsx", "alice.XLSX", "carol.xlsm", "~$bob.xlsx", "._alice.xlsx", "notes.txt",
                 "old.xls"):
        (team / name).write_bytes(b"")
    (team / "archive.xlsx").mkdir()  # a folder with a workbook's name is not one
    return team


def test_a_folder_stands_for_its_workbooks_sorted_without_lock_or_hidden_files(tmp_path: Path):
    team = _team(tmp_path)
    assert [p.name for p in workbook_paths([team])] == ["alice.XLSX", "bob.xlsx", "carol.xlsm"]
    assert not is_workbook_file(team / "~$bob.xlsx") and not is_workbook_file(team / "._alice.xlsx")


def test_files_are_kept_as_given_in_order_and_an_empty_folder_stands_for_itself(tmp_path: Path):
    team, empty, missing = _team(tmp_path), tmp_path / "empty", tmp_path / "nope.xlsx"
    empty.mkdir()
    given = [missing, team / "carol.xlsm", empty]
    assert workbook_paths(given) == given  # each is then reported where it is read


def test_a_command_that_needs_every_input_stops_at_the_first_it_cannot_use(tmp_path: Path):
    team, empty = _team(tmp_path), tmp_path / "empty"
    empty.mkdir()
    assert len(expand_workbooks([team, team / "bob.xlsx"])) == 4
    with pytest.raises(UnreadableFileError) as caught:
        expand_workbooks([team, empty])
    assert "no .xlsx or .xlsm workbook in folder" in caught.value.message("en")
    assert "文件夹" in caught.value.message("zh")
    with pytest.raises(UnreadableFileError, match="file not found"):
        expand_workbooks([tmp_path / "nope.xlsx"])
