"""`salessheet validate` through a subprocess: exit codes, JSON, languages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.io.workbooks import build, deal, task


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salessheet", *args], capture_output=True, text=True,
                          check=False, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    broken = folder / "broken.xlsx"
    broken.write_bytes(b"not a workbook at all")
    return {
        "clean": build(folder / "clean.xlsx", rows={"pipeline": [deal(1)], "tasks": [task(1)]}, prefilled=3),
        "bad": build(folder / "bad.xlsx", rows={"pipeline": [deal(1, amount="12,5O0")]}, prefilled=3),
        "broken": broken,
    }


def test_clean_file_exits_0(files):
    result = _cli("validate", str(files["clean"]))
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout


def test_errors_exit_1_with_located_message(files):
    result = _cli("validate", str(files["bad"]))
    assert result.returncode == 1
    assert "Pipeline!G2" in result.stdout and "12,5O0" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unreadable_file_exits_2_and_others_still_validated(files):
    result = _cli("validate", "--json", str(files["broken"]), str(files["bad"]))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert payload["exit_code"] == 2
    assert [f["readable"] for f in payload["files"]] == [False, True]
    codes = {i["code"] for i in payload["issues"]}
    assert {"workbook.file.unreadable", "pipeline.amount.not_a_number"} <= codes


def test_json_fields_are_stable(files):
    payload = json.loads(_cli("validate", "--json", str(files["bad"])).stdout)
    assert set(payload) == {"version", "exit_code", "files", "summary", "issues"}
    assert payload["summary"] == {"error": 1, "warning": 0, "info": 1}
    issue = next(i for i in payload["issues"] if i["cell"] == "G2")
    assert set(issue) == {"code", "severity", "message_en", "message_zh", "file", "sheet", "cell", "row",
                          "column", "column_label", "raw", "location"}
    assert (issue["location"], issue["raw"], issue["severity"]) == ("Pipeline!G2", "12,5O0", "error")


def test_chinese_messages(files):
    result = _cli("validate", "--lang", "zh", str(files["bad"]))
    assert "不是数字" in result.stdout
    # the table and the totals speak the run's language too, not only the messages
    assert all(word in result.stdout for word in ("级别", "位置", "说明", "错误", "提示"))
    assert result.stdout.rstrip().splitlines()[-1] == "1 个文件：错误 1，警告 0，提示 1"
    assert not any(word in result.stdout for word in ("severity", "error", "warning", "file(s)"))


def test_a_missing_file_in_a_chinese_run(tmp_path: Path):
    result = _cli("validate", "--lang", "zh", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "错误" in result.stdout + result.stderr and "nope.xlsx" in result.stdout + result.stderr


def test_missing_file_is_one_line(tmp_path: Path):
    result = _cli("validate", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_annotate_and_in_place_together_is_usage_error(files, tmp_path: Path):
    result = _cli("validate", str(files["bad"]), "--annotate", str(tmp_path / "o.xlsx"), "--in-place")
    assert result.returncode == 64
    assert "Traceback" not in result.stderr


def test_a_folder_is_each_workbook_in_it_and_an_empty_one_is_reported(files, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _cli("validate", "--json", str(files["clean"].parent), str(empty))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    names = [Path(f["file"]).name for f in payload["files"]]
    assert names == ["bad.xlsx", "broken.xlsx", "clean.xlsx", "empty"]
    unread = [i for i in payload["issues"] if i["code"] == "workbook.file.unreadable"]
    assert [i["message_en"] for i in unread][-1] == "a folder with no .xlsx or .xlsm workbook in it"


def test_metrics_of_a_team_folder_and_a_chinese_error_line(files, tmp_path: Path):
    result = _cli("metrics", str(files["clean"].parent / "clean.xlsx"), "--period", "2026", "--json")
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "clean.xlsx").write_bytes(files["clean"].read_bytes())
    from_folder = _cli("metrics", str(folder), "--period", "2026", "--json")
    assert result.returncode == from_folder.returncode == 0, from_folder.stderr
    assert json.loads(from_folder.stdout)["groups"] == json.loads(result.stdout)["groups"]
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = _cli("--lang", "zh", "metrics", str(empty), "--period", "2026")
    assert failed.returncode == 2 and failed.stderr.startswith(f"错误: {empty}: 文件夹 ")
