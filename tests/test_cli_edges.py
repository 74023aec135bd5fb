"""Wrong usage, outputs that cannot be written, a team with nothing in it yet: one line in the
run's language and a documented exit code, never a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from salessheet.cli.app import run
from salessheet.errors import WriteRefusedError
from salessheet.io.atomic import atomic_write, atomic_write_bytes

USAGE, WRITE_REFUSED, BAD_CONFIG = 64, 3, 4


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    return lines[0]


@pytest.fixture
def rep_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A team folder with one rep's (empty) workbook."""
    folder = tmp_path / "team"
    code, err = _run(capsys, "new-rep", "--rep-id", "ana", "--name", "Ana Li", "-o", str(folder / "ana.xlsx"))
    assert code == 0, err
    return folder


@pytest.mark.parametrize(("args", "english", "chinese", "command"), [
    (["validate", "--jsn", "x.xlsx"], "no such option: --jsn (did you mean --json?)",
     "没有选项 --jsn（是否要用 --json？）", "validate"),
    (["validate"], "missing argument FILES", "缺少参数 FILES", "validate"),
    (["new-rep", "--name", "Ana"], "missing option --rep-id", "缺少选项 --rep-id", "new-rep"),
    (["demo", "--reps", "0"], "--reps must be at least 1, not 0", "--reps 须不小于 1，而不是 0", "demo"),
    (["demo", "--deals", "many"], "--deals must be a whole number, not 'many'",
     "--deals 须为整数，而不是 'many'", "demo"),
    (["metrics", "x.xlsx", "--period", "2026", "--by", "team"],
     "--by must be one of owner, manager, region, product; not 'team'",
     "--by 须为 owner、manager、region、product 之一，而不是 'team'", "metrics"),
    (["consolidat"], "no such command 'consolidat' (did you mean 'consolidate'?)",
     "没有命令 'consolidat'（是否要用 'consolidate'？）", ""),
    (["changes", "a", "b"], "unexpected extra argument(s): b", "多余的参数：b", "changes"),
    (["validate", "x.xlsx", "--json=yes"], "option --json does not take a value", "选项 --json 不接受值", ""),
    (["--lang"], "option --lang needs a value", "选项 --lang 需要一个值", ""),
])
def test_a_wrong_command_line_is_one_line_in_each_language(capsys, args, english, chinese, command):
    help_of = f"salessheet {command}".strip()
    code, err = _run(capsys, *args)
    assert code == USAGE and _one_line(err) == f"usage: {english} (see {help_of} --help)"
    code, err = _run(capsys, "--lang", "zh", *args)
    assert code == USAGE and _one_line(err) == f"用法错误: {chinese}（用法见 {help_of} --help）"


def test_the_language_of_a_wrong_command_line_comes_from_the_environment_too(capsys, monkeypatch):
    monkeypatch.setenv("SALESSHEET_LANG", "zh-CN")
    code, err = _run(capsys, "no-such-command")
    assert code == USAGE and _one_line(err).startswith("用法错误: 没有命令 'no-such-command'")


@pytest.mark.parametrize("command", [
    ["report", "{team}", "-o", "{tmp}/r.html"], ["metrics", "{team}", "--period", "2026-Q4"],
    ["consolidate", "{team}", "-o", "{tmp}/m.xlsx"], ["demo", "--out", "{tmp}/demo"],
])
def test_a_bad_today_is_a_usage_error_not_a_crash(capsys, rep_folder, command):
    """``--today 2026-02-30`` used to end report and demo with an internal error."""
    args = [a.format(team=rep_folder, tmp=rep_folder.parent) for a in command]
    code, err = _run(capsys, *args, "--today", "2026-02-30")
    assert code == USAGE
    assert _one_line(err) == "usage: --today must be a date YYYY-MM-DD, not '2026-02-30'"
    code, err = _run(capsys, "--lang", "zh", *args, "--today", "2026-02-30")
    assert _one_line(err) == "用法错误: --today 须为 YYYY-MM-DD 格式的日期，而不是 '2026-02-30'"
    assert not (rep_folder.parent / "demo").exists()


@pytest.mark.parametrize(("period", "reason_en", "reason_zh"), [
    ("2026-Q9", "unknown period '2026-Q9'", "无法识别的期间 '2026-Q9'"),
    ("FY2026-W3", "fiscal weeks are not supported: 'FY2026-W3'", "不支持财年周：'FY2026-W3'"),
])
def test_a_bad_period_is_a_usage_error_in_report_and_metrics(capsys, rep_folder, tmp_path, period, reason_en,
                                                           reason_zh):
    report = ["report", str(rep_folder), "-o", str(tmp_path / "r.html")]
    for command in (report, ["metrics", str(rep_folder)]):
        code, err = _run(capsys, *command, "--period", period)
        assert code == USAGE
        assert _one_line(err) == (f"usage: --period: {reason_en}; use a form such as 2026, 2026-Q3, 2026-H1, "
                                  "2026-07, 2026-W27, FY2026-Q1")
        code, err = _run(capsys, "--lang", "zh", *command, "--period", period)
        assert _one_line(err) == (f"用法错误: --period：{reason_zh}；请用 2026、2026-Q3、2026-H1、2026-07、"
                                  "2026-W27、FY2026-Q1 等形式")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("command", [
    ["report", "{team}", "-o", "{out}/r.html"],
    ["consolidate", "{team}", "-o", "{out}/master.xlsx"],
    ["export", "{team}", "{out}/crm", "--to", "hubspot-csv"],
    ["validate", "{team}", "--annotate", "{out}/checked.xlsx"],
    ["new-rep", "--rep-id", "bo", "--name", "Bo", "-o", "{out}/bo.xlsx"],
    ["demo", "--reps", "1", "--deals", "2", "--out", "{out}/demo"],
])
def test_an_output_folder_that_cannot_be_made_is_one_line_with_exit_3(capsys, rep_folder, tmp_path, command):
    """A file where a folder of the output path should be: these ended in an internal error."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    args = [a.format(team=rep_folder, out=blocker) for a in command]
    code, err = _run(capsys, *args)
    assert code == WRITE_REFUSED
    line = _one_line(err)
    assert line.startswith(f"error: {blocker}"), line
    assert line.endswith(("cannot create the folder: a file of that name is in the way",
                          "cannot create the folder: Not a directory")), line
    code, err = _run(capsys, "--lang", "zh", *args)
    assert code == WRITE_REFUSED
    line = _one_line(err)
    assert line.startswith(f"错误: {blocker}"), line
    assert line.endswith(("无法创建该文件夹：已有同名的文件",
                          "无法创建该文件夹：路径中有一部分是文件而不是文件夹")), line
    assert blocker.read_text() == "not a folder"


def test_a_missing_output_folder_is_made(capsys, rep_folder, tmp_path):
    code, err = _run(capsys, "report", str(rep_folder), "-o", str(tmp_path / "weekly" / "2026" / "r.html"))
    assert code == 0, err
    assert (tmp_path / "weekly" / "2026" / "r.html").stat().st_size > 0


def test_an_export_database_that_cannot_be_opened_is_one_line(capsys, rep_folder, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, err = _run(capsys, "export", str(rep_folder), "--to", f"sqlite:///{blocker}/sales.db")
    assert code == BAD_CONFIG
    assert _one_line(err) == (f"error: sqlite:///{blocker}/sales.db: the export database cannot be opened: "
                              "unable to open database file; check --to")
    code, err = _run(capsys, "export", str(rep_folder), "--to", "mysql://db/sales")
    assert code == BAD_CONFIG and _one_line(err) == (
        "error: --to: unsupported database URL 'mysql'; use sqlite:/// or postgresql://")


def test_help_without_arguments_is_printed_once(capsys):
    for args in ([], ["template"]):
        assert run(args) == 0
        assert capsys.readouterr().out.count("Usage:") == 1


def test_a_full_disk_leaves_the_earlier_file_and_says_so(tmp_path):
    target = tmp_path / "master.xlsx"
    atomic_write_bytes(target, b"the earlier master")

    def write(temp: Path) -> None:
        temp.write_bytes(b"half of the new")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(WriteRefusedError) as raised:
        atomic_write(target, write)
    assert raised.value.message("en") == (f"{target}: cannot write master.xlsx: No space left on device; "
                                          "the previous file is unchanged")
    assert raised.value.message("zh") == f"{target}: 无法写入 master.xlsx：磁盘空间不足；原文件未改动"
    assert target.read_bytes() == b"the earlier master"
    assert [p.name for p in tmp_path.iterdir()] == ["master.xlsx"]  # no temp file left behind


def test_a_new_team_with_empty_workbooks_gets_its_report_and_metrics(capsys, rep_folder, tmp_path):
    """A new rep's workbook has no rows yet: the report ended in ``KeyError: 'deal_id'``."""
    out = tmp_path / "r.html"
    code, err = _run(capsys, "report", str(rep_folder), "-o", str(out), "--period", "2026-Q4",
                     "--today", "2026-11-25")
    assert code == 0 and err == "", err  # (no warning either: an all-zero chart once warned)
    assert "ana" in out.read_text(encoding="utf-8")
    assert run(["metrics", str(rep_folder), "--period", "2026-Q4", "--json"]) == 0
    assert '"open_deals": 0' in capsys.readouterr().out
