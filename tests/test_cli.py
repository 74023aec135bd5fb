"""The CLI's global behaviour: version, help, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

from salessheet import __version__
from salessheet.cli.app import run


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salessheet", *args], capture_output=True, text=True, check=False
    )


def test_version():
    result = _cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_help_lists_exit_codes():
    result = _cli("--help")
    assert result.returncode == 0
    assert "Exit codes" in result.stdout


def test_unknown_command_is_usage_error_without_traceback():
    result = _cli("no-such-command")
    assert result.returncode == 64
    assert "Traceback" not in result.stderr


def test_schema_json_lists_every_sheet():
    result = _cli("schema", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["key"] for s in data["sheets"]] == ["targets", "pipeline", "tasks", "risks", "roster"]


def test_schema_table_in_each_language():
    from salessheet.schema import TEMPLATE_VERSION

    english, chinese = _cli("schema"), _cli("--lang", "zh", "schema")
    assert english.returncode == chinese.returncode == 0
    assert english.stdout.startswith(f"template version {TEMPLATE_VERSION}, schema hash ")
    assert chinese.stdout.startswith(f"模板版本 {TEMPLATE_VERSION}，结构哈希 ")
    assert "必填" in chinese.stdout and "商机 (pipeline)" in chinese.stdout
    assert "required" not in chinese.stdout
    assert "Pipeline (pipeline)" in english.stdout and "Amount" in english.stdout


def test_run_returns_exit_code_in_process():
    assert run(["schema", "--json"]) == 0


def test_names_with_brackets_are_printed_as_they_are(tmp_path):
    """File names and values are never read as rich markup (which would eat or restyle them)."""
    missing = tmp_path / "[bold]dana[red].xlsx"
    result = _cli("validate", str(missing))
    assert result.returncode == 2 and "[bold]dana[red].xlsx" in result.stdout, result.stdout
    team = tmp_path / "[red]team"
    result = _cli("consolidate", str(team))
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {team}: ") and "[red]team" in result.stderr
