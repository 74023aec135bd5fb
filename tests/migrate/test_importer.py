"""import_frame on a messy export: every row and value either imported or reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.errors import ConfigError
from salessheet.migrate import ImportMapping, import_frame, load_mapping, read_source


def _run(messy: dict[str, Path]):  # type: ignore[no-untyped-def]
    mapping = load_mapping(messy["mapping"])
    frame, _ = read_source(messy["source"])
    team, _ = read_source(messy["team"])
    return import_frame(frame, mapping, team=team, source="export.csv")


def test_rows_split_by_owner_with_canonical_values(messy: dict[str, Path]) -> None:
    result = _run(messy)
    assert sorted(result.rows) == ["darcel.schlecht", "moses.frase", "zoe.muller"]
    won, prospect = result.rows["moses.frase"]
    assert won == {
        "deal_id": "A-1", "customer": "Cancity", "stage": "won", "amount": 1054.0,
        "created_date": dt.date(2016, 10, 20), "expected_close_date": dt.date(2017, 3, 1),
        "product": "GTX Pro", "owner": "moses.frase",
    }
    assert prospect["customer"] == "(no account)" and prospect["amount"] == 0.0
    assert prospect["created_date"] == dt.date(2016, 10, 1) and prospect["stage"] == "lead"
    assert "expected_close_date" not in prospect
    darcel = result.rows["darcel.schlecht"]
    assert [r["deal_id"] for r in darcel] == ["A-3"]
    assert darcel[0]["amount"] == 0.0 and darcel[0]["probability"] == 0.4
    assert darcel[0]["product"] == "Widget X"
    zoe = result.rows["zoe.muller"][0]
    assert zoe["stage"] == "won" and zoe["amount"] == -50.0 and "probability" not in zoe


def test_report_lists_every_problem_where_it_is(messy: dict[str, Path]) -> None:
    result = _run(messy)
    flat = [[i.cell, i.code, i.severity.value] for i in result.report.sorted() if i.row]
    assert flat == [
        ["C3", "import.value.defaulted", "warning"],
        ["E3", "import.value.defaulted", "warning"],
        ["F3", "import.value.defaulted", "warning"],
        ["E4", "import.value.defaulted", "warning"],
        ["G4", "import.value.dropped", "warning"],
        ["H4", "import.product.not_in_catalogue", "warning"],
        ["B5", "import.owner.missing", "error"],
        ["D6", "import.value.invalid", "error"],
        ["A7", "import.id.duplicate", "error"],
        ["H8", "import.product.not_in_catalogue", "warning"],
        ["I8", "import.value.dropped", "warning"],
    ]
    assert result.source_rows == 7 and result.imported_rows == 4 and result.skipped_rows == 3
    by_cell = {i.cell: i for i in result.report}
    assert by_cell["E4"].message_en == 'Value: "12,5O0" is not an amount; filled with the default "0"'
    assert "Mystery" in by_cell["D6"].message_en and "row not imported" in by_cell["D6"].message_en
    assert by_cell["A7"].message_en == 'Opp #: "A-3" was already imported from row 4; row not imported'
    assert by_cell["J1"].column_label == "Misc"


def test_roster_joins_team_list_and_reports_gaps(messy: dict[str, Path]) -> None:
    result = _run(messy)
    central = {"region": "Central"}
    assert result.roster == [
        {"rep_id": "moses.frase", "name": "Moses Frase", "manager": "Dustin Brinkmann", **central},
        {"rep_id": "darcel.schlecht", "name": "Darcel Schlecht", "manager": "Melvin Marxen", **central},
        {"rep_id": "anna.snelling", "name": "Anna Snelling", "manager": "Dustin Brinkmann", **central},
        {"rep_id": "zoe.muller", "name": "Zoë Müller"},
    ]
    codes = sorted((i.code, i.raw) for i in result.report if i.row is None and i.cell is None)
    assert codes == [("import.owner.not_in_roster", "Zoë Müller"), ("import.roster.no_rows", "Anna Snelling")]


def test_import_is_deterministic(messy: dict[str, Path]) -> None:
    first, second = _run(messy), _run(messy)
    assert first.rows == second.rows and first.roster == second.roster
    assert first.report.to_json() == second.report.to_json()


def test_mapping_problems_are_config_errors(messy: dict[str, Path]) -> None:
    frame, _ = read_source(messy["source"])
    with pytest.raises(ConfigError, match="no column 'Deal'"):
        import_frame(frame, ImportMapping(columns={"deal_id": "Deal", "owner": "Rep"}))
    with pytest.raises(ConfigError, match="required column 'customer'"):
        import_frame(frame, ImportMapping(columns={"deal_id": "Opp #", "owner": "Rep"}))
    bad = ImportMapping(columns={"deal_id": "Opp #", "owner": "Rep", "customer": "Client", "stage": "Phase",
                                 "amount": "Value", "created_date": "Opened"}, defaults={"amount": "lots"})
    with pytest.raises(ConfigError, match="amount"):
        import_frame(frame, bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns = 3", "columns"),
        ("[columns]\ndeal_id = 'x'", "owner"),
        ("[columns]\nowner = 'x'\nfoo = 'y'", "not on pipeline: foo"),
        ("[columns]\nowner = 'x'\n[stages]\nNew = 'nope'", "unknown stage keys: nope"),
        ("this is = not toml [", "not a TOML file"),
    ],
)
def test_bad_mapping_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_mapping(path)


def test_roster_without_a_roster_section_joins_on_the_owner_header(messy: dict[str, Path]) -> None:
    from salessheet.migrate import import_file

    text = messy["mapping"].read_text(encoding="utf-8")
    messy["mapping"].write_text(text.split("[roster]")[0], encoding="utf-8")
    team = messy["team"].parent / "reps.csv"
    rows = "Rep,Manager,Region,Email\nMoses Frase,Dustin,Central,moses@example.com\n"
    team.write_text(rows, encoding="utf-8")
    result, output = import_file(messy["source"], messy["mapping"], messy["team"].parent, roster=team,
                                 write=False)
    assert output is None
    assert result.roster[0] == {"rep_id": "moses.frase", "name": "Moses Frase", "manager": "Dustin",
                                "region": "Central", "email": "moses@example.com"}
