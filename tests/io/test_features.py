"""What a rewrite through openpyxl would lose is counted from the package, and the write refused."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from salessheet.cli.app import run
from salessheet.errors import WriteRefusedError
from salessheet.io.annotate import annotate_workbook
from salessheet.io.features import describe_features, lost_features, package_features, refuse_losses
from salessheet.io.reader import read_workbook
from salessheet.templates import build_workbook, save_workbook
from salessheet.validate import validate_workbook
from tests.io.workbooks import TODAY
from tests.tools.authored import add_sparklines, authored_workbook


def _rewritten(data: bytes) -> bytes:
    with warnings.catch_warnings():  # (openpyxl warns of each extension it drops)
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(io.BytesIO(data))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _names(features: Counter[tuple[str, str, str]] | list[tuple[str, str, str]]) -> Counter[tuple[str, str]]:
    return Counter((where, en) for where, en, _ in (features.elements() if isinstance(features, Counter)
                                                    else features))


def test_every_feature_an_excel_workbook_holds_is_counted():
    assert _names(package_features(authored_workbook())) == Counter({
        ("", "chart"): 1, ("", "comments part"): 1,
        ("Targets", "chart or diagram"): 1, ("Targets", "picture"): 1, ("Targets", "shape or text box"): 1,
        ("Targets", "form control (Button)"): 1, ("Targets", "comment"): 1, ("Targets", "sparklines"): 1,
        ("Targets", "Excel 2010 conditional formats (data bars, icons)"): 1,
        ("Targets", "conditional format rule"): 1, ("Targets", "dropdown or input rule"): 1,
    })


def test_a_rewrite_through_openpyxl_loses_what_it_does_not_model():
    data = authored_workbook()
    assert _names(lost_features(data, _rewritten(data))) == Counter({
        ("Targets", "shape or text box"): 1, ("Targets", "form control (Button)"): 1,
        ("Targets", "sparklines"): 1, ("Targets", "Excel 2010 conditional formats (data bars, icons)"): 1,
    })  # the chart, the picture, the comment, the dropdown and the rule are kept
    assert lost_features(data, data) == []


@pytest.mark.parametrize(("kind", "lang"), [("rep", "en"), ("rep", "zh"), ("master", "en"), ("master", "zh")])
def test_our_own_workbooks_lose_nothing_in_a_rewrite(tmp_path: Path, kind: str, lang: str):
    path = save_workbook(build_workbook(kind, lang, owner="alice", prefilled_rows=10), tmp_path / "t.xlsx")
    data = path.read_bytes()
    assert sum(package_features(data).values()) > 100  # dropdowns, rules, tables, names, protection
    assert lost_features(data, _rewritten(data)) == []


def test_the_loss_is_told_sheet_by_sheet_in_both_languages(tmp_path: Path):
    lost = [("Pipeline", "shape or text box", "形状或文本框")] * 2 + [("Targets", "sparklines", "迷你图")]
    assert describe_features(lost) == "Pipeline: shape or text box ×2; Targets: sparklines"
    assert describe_features(lost, "zh") == "Pipeline: 形状或文本框 ×2；Targets: 迷你图"
    data = authored_workbook()
    with pytest.raises(WriteRefusedError) as caught:
        refuse_losses(data, _rewritten(data), tmp_path / "alice.xlsx")
    assert caught.value.message("en").startswith(f"{tmp_path / 'alice.xlsx'}: not written: ")
    assert "Targets: " in caught.value.message("en") and "sparklines" in caught.value.message("en")
    assert "迷你图" in caught.value.message("zh") and "请手动修改" in caught.value.message("zh")


def test_annotating_in_place_is_refused_when_it_would_lose_sparklines(tmp_path: Path):
    path = save_workbook(build_workbook("rep", "en", owner="alice", prefilled_rows=5), tmp_path / "a.xlsx")
    add_sparklines(path, "Targets")
    original = path.read_bytes()
    report = validate_workbook(read_workbook(path), today=TODAY)
    with pytest.raises(WriteRefusedError, match="Targets: sparklines"):
        annotate_workbook(path, report, path)
    assert path.read_bytes() == original and sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]
    copy = annotate_workbook(path, report, tmp_path / "checked.xlsx")  # a copy leaves the file as it is
    assert copy.path.exists() and path.read_bytes() == original and copy.backup is None
    assert copy.not_kept == [("Targets", "sparklines", "迷你图")]  # and says what it lacks


def test_validate_names_what_an_annotated_copy_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = save_workbook(build_workbook("rep", "en", owner="alice", prefilled_rows=5), tmp_path / "a.xlsx")
    plain = save_workbook(build_workbook("rep", "zh", owner="bo", prefilled_rows=5), tmp_path / "b.xlsx")
    add_sparklines(path, "Targets")
    assert run(["validate", str(path), "--annotate", str(tmp_path / "checked.xlsx")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"annotated copy: {tmp_path / 'checked.xlsx'}; the copy does not have Targets: sparklines " \
           "(salessheet cannot keep them; a.xlsx still has them)" in lines
    assert run(["validate", str(path), "--annotate", str(tmp_path / "checked.xlsx"), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert entry["not_kept"] == [{"sheet": "Targets", "what": "sparklines", "what_zh": "迷你图"}]
    assert run(["--lang", "zh", "validate", str(plain), "--in-place"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"已标注: {plain}（备份: {plain}.bak）" in lines


def test_legacy_vml_that_is_not_well_formed_xml_is_still_counted():
    """Excel's VML drawings are not always well-formed XML (an unclosed <br>, say)."""
    data = authored_workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename.endswith(".vml"):
                member = member.replace(b"</xml>", b"<br></xml>")
            target.writestr(info, member)
    broken = out.getvalue()
    assert broken != data
    wanted = {("Targets", "comment"), ("Targets", "form control (Button)")}
    assert wanted <= set(_names(package_features(broken)))


def test_validate_in_place_of_a_folder_leaves_a_refused_workbook_and_annotates_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    team = tmp_path / "team"
    team.mkdir()
    kept = save_workbook(build_workbook("rep", "en", owner="alice", prefilled_rows=5), team / "alice.xlsx")
    plain = save_workbook(build_workbook("rep", "zh", owner="bo", prefilled_rows=5), team / "bo.xlsx")
    add_sparklines(kept, "Targets")
    original = kept.read_bytes()
    assert run(["validate", str(team), "--in-place", "--json"]) == 3
    alice, bo = json.loads(capsys.readouterr().out)["files"]
    assert alice["refused"].startswith(f"{kept}: not written: ") and "Targets: sparklines" in alice["refused"]
    assert "annotated" not in alice and bo["annotated"] == str(plain)
    assert kept.read_bytes() == original and (team / "bo.xlsx.bak").exists()
    assert not (team / "alice.xlsx.bak").exists()
    assert run(["--lang", "zh", "validate", str(team), "--in-place"]) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith(f"错误: {kept}: 未写入：") and "迷你图" in captured.err
    assert f"已标注: {plain}（备份: {plain}.bak1）" in captured.out.splitlines()
