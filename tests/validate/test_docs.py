"""docs/validation.md lists every issue code, exactly as the catalogue generates them."""

from __future__ import annotations

import re
from pathlib import Path

from salessheet.validate.catalogue import all_issue_types, markdown_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


def test_doc_lists_every_code():
    text = DOC.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", text, flags=re.M))
    assert listed == {t.code for t in all_issue_types()}


def test_doc_table_is_current():
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- issue-codes:start -->\n", 1)[1].split("\n<!-- issue-codes:end -->", 1)[0]
    assert block == markdown_table(), "regenerate the table with salessheet.validate.catalogue.markdown_table"


def test_codes_are_unique_and_dotted():
    codes = [t.code for t in all_issue_types()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+\.[a-z0-9_]+\.[a-z_]+", c) for c in codes)


def test_python_example_runs(tmp_path, monkeypatch, capsys):
    from tests.io.workbooks import build, deal

    build(tmp_path / "alice.xlsx", rows={"pipeline": [deal(1, amount="12,5O0")]}, prefilled=2)
    monkeypatch.chdir(tmp_path)
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(example, str(DOC), "exec"), {})
    assert "pipeline.amount.not_a_number" in capsys.readouterr().out
