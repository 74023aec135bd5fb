"""The command line's help in Chinese: every text translated, the help screen's own words too."""

from __future__ import annotations

import re

import typer

from salessheet.cli.app import app, run
from salessheet.cli.help_zh import HELP_ZH, help_texts

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # (punctuation too: "2026、2026-Q3")


def test_every_help_text_of_every_command_has_its_chinese():
    texts = {text for _, text in help_texts(typer.main.get_command(app))}
    missing = sorted(t.split("\n")[0] for t in texts - HELP_ZH.keys())
    assert not missing, f"add these to salessheet/cli/help_zh.py: {missing}"
    stale = sorted(t.split("\n")[0] for t in HELP_ZH.keys() - texts)
    assert not stale, f"no command has these any more: {stale}"
    assert [en for en, zh in HELP_ZH.items() if not _CHINESE.search(zh)] == []


def test_help_is_chinese_in_a_chinese_run_and_english_after(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["--lang", "zh", "validate", "--help"]) == 0
    chinese = capsys.readouterr().out
    assert "检查工作簿。退出码 0：没有错误" in chinese
    assert "要检查的工作簿（.xlsx/.xlsm）或其所在文件夹。" in chinese and "[必填]" in chinese
    assert "选项" in chinese and "参数" in chinese and "显示此帮助并退出。" in chinese
    assert "Check workbooks" not in chinese and "Show this message" not in chinese
    assert run(["validate", "--help"]) == 0
    english = capsys.readouterr().out
    assert "Check workbooks." in english and "Options" in english and "[required]" in english
    assert not _CJK.search(english)


def test_the_environment_asks_for_chinese_help_too(capsys, monkeypatch):
    monkeypatch.setenv("SALESSHEET_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    assert "校验、计算并汇总销售团队的工作簿。" in out and "命令" in out
    assert "[环境变量：SALESSHEET_LANG]" in out
