"""`salessheet template build` and `salessheet new-rep`."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from salessheet.cli.app import run
from salessheet.errors import ExitCode
from salessheet.schema import sheet
from salessheet.templates.config_sheet import parse_config_rows
from salessheet.templates.files import TEMPLATES, template_filename
from salessheet.templates.schema_doc import schema_markdown


def test_template_build_writes_every_template_and_the_reference(rebuilt: Path) -> None:
    for kind, lang in TEMPLATES:
        assert (rebuilt / template_filename(kind, lang)).stat().st_size > 0
    assert (rebuilt / "schema.md").read_text(encoding="utf-8") == schema_markdown() + "\n"


def test_new_rep_prefills_roster_and_owner_stamp(tmp_path: Path) -> None:
    out = tmp_path / "alice.xlsx"
    code = run(["new-rep", "--rep-id", "alice", "--name", "Alice Wang", "--lang", "zh",
                "--region", "North", "-o", str(out)])
    assert code == 0
    wb = openpyxl.load_workbook(out)
    roster = wb[sheet("roster").name("zh")]
    assert [roster["A2"].value, roster["B2"].value, roster["E2"].value] == ["alice", "Alice Wang", "North"]
    _, stamp = parse_config_rows([[c.value for c in r] for r in wb["配置"].iter_rows()])
    assert stamp["owner"] == "alice" and stamp["language"] == "zh" and stamp["workbook_kind"] == "rep"


def test_new_rep_refuses_to_overwrite_and_bad_input(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bob.xlsx"
    out.write_bytes(b"rep data")
    assert run(["new-rep", "--rep-id", "bob", "--name", "Bob", "-o", str(out)]) == ExitCode.WRITE_REFUSED
    assert out.read_bytes() == b"rep data"
    assert "already exists" in capsys.readouterr().err
    assert run(["new-rep", "--rep-id", "bob", "--name", "Bob", "-o", str(out), "--force"]) == 0
    team = ["new-rep", "--rep-id", "TEAM", "--name", "x", "-o", str(tmp_path / "t.xlsx")]
    assert run(team) == ExitCode.USAGE
    assert run(["new-rep", "--rep-id", "c", "--name", "x", "-o", str(tmp_path / "c.csv")]) == ExitCode.USAGE
    assert run(["new-rep", "--rep-id", "c", "--name", "x", "--lang", "fr",
                "-o", str(tmp_path / "c.xlsx")]) == ExitCode.USAGE


def test_unwritable_output_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert run(["template", "build", "--out", str(blocker / "sub")]) == ExitCode.WRITE_REFUSED
    new_rep = ["new-rep", "--rep-id", "d", "--name", "D", "-o", str(blocker / "d.xlsx")]
    assert run(new_rep) == ExitCode.WRITE_REFUSED
    err = capsys.readouterr().err
    assert err.count("cannot create the folder") == 2 and "Traceback" not in err
