"""`salessheet validate`: read and check rep workbooks; print a table or JSON; optionally annotate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from salessheet.cli.app import app, console, err_console, error_line, language
from salessheet.cli.issue_table import issue_table
from salessheet.errors import ExitCode, SalessheetError, UnreadableFileError, UsageError, WriteRefusedError
from salessheet.io.features import describe_features, features_json
from salessheet.io.paths import workbook_paths
from salessheet.issues import Report
from salessheet.validate.catalogue import WORKBOOK_ISSUES

if TYPE_CHECKING:
    from salessheet.io.annotate import Annotation

__all__ = ["validate_command", "validate_files"]


def validate_files(paths: list[Path], annotate: Path | None = None, in_place: bool = False,
                   lang: str = "en") -> tuple[Report, list[dict[str, Any]], int]:
    """Validate each file (a folder: each workbook in it); unreadable files become one issue
    each and exit code 2. A workbook whose annotation is refused (open in Excel, or it holds
    what the rewrite would lose) is left as it is and named, the others are still annotated,
    and the exit code is 3.

    Returns:
        The combined report, one summary dict per file, and the exit code.
    """
    from salessheet.io.annotate import annotate_workbook
    from salessheet.io.reader import read_workbook
    from salessheet.validate import validate_workbook

    combined = Report()
    files: list[dict[str, Any]] = []
    unreadable = refused = False
    paths = workbook_paths(paths)
    for path in paths:
        try:
            data = read_workbook(path)
        except UnreadableFileError as exc:
            unreadable = True
            issue = WORKBOOK_ISSUES["workbook.file.unreadable"](file=str(path), raw=exc.message_en)
            issue = dataclasses.replace(issue, message_zh=exc.message_zh)
            combined.add(issue)
            files.append({"file": str(path), "readable": False, "error": exc.message(lang)})
            continue
        report = validate_workbook(data)
        combined.extend(report)
        entry: dict[str, Any] = {"file": str(path), "readable": True, "lang": data.lang,
                                 "template_version": data.template_version, "summary": report.counts()}
        if annotate is not None or in_place:
            target = path
            if annotate is not None:
                target = annotate if len(paths) == 1 else _numbered(annotate, path)
            try:
                written = annotate_workbook(path, report, target, lang=data.lang)
            except WriteRefusedError as exc:
                refused = True
                entry["refused"] = exc.message(lang)
            else:
                entry["annotated"], entry["not_kept"] = str(written.path), features_json(written.not_kept)
                entry["note"] = _annotated(path, written, lang)
        files.append(entry)
    if refused:
        code = ExitCode.WRITE_REFUSED
    elif unreadable:
        code = ExitCode.UNREADABLE_INPUT
    elif combined.errors:
        code = ExitCode.PROBLEMS_FOUND
    else:
        code = ExitCode.OK
    return combined, files, int(code)


def _numbered(annotate: Path, source: Path) -> Path:
    """With several inputs, ``--annotate OUT.xlsx`` writes ``OUT-<input name>.xlsx`` per input."""
    return annotate.with_name(f"{annotate.stem}-{source.stem}{annotate.suffix}")


def _annotated(source: Path, written: Annotation, lang: str) -> str:
    """Where the annotated workbook went, and what of the source it could not keep."""
    zh = lang == "zh"
    if written.backup is not None:
        line = (f"已标注: {written.path}（备份: {written.backup}）" if zh else
                f"annotated: {written.path} (backup: {written.backup})")
    else:
        line = f"已写入标注副本: {written.path}" if zh else f"annotated copy: {written.path}"
    if written.not_kept:
        told, kept = describe_features(written.not_kept, lang), source.name
        line += (f"；副本未保留 {told}（salessheet 无法保留；{kept} 中仍有）" if zh else
                 f"; the copy does not have {told} (salessheet cannot keep them; {kept} still has them)")
    return line


def _totals(files: int, counts: dict[str, int], lang: str) -> str:
    if lang == "zh":
        return f"{files} 个文件：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
    return (f"{files} file(s): {counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} info")


@app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Workbooks (.xlsx/.xlsm) or folders of them to check.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: en or zh.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the documented JSON report.")] = False,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="Write a copy with an Issues sheet and highlighted cells.")] = None,
    in_place: Annotated[bool, typer.Option(
        "--in-place", help="Annotate the original files (after a .bak backup).")] = False,
) -> int:
    """Check workbooks. Exit 0: no errors; 1: errors found; 2: a file could not be read; 3: an
    annotation was refused (the file is left as it is)."""
    if annotate is not None and in_place:
        raise UsageError("use either --annotate or --in-place, not both",
                         "--annotate 与 --in-place 只能选其一")
    chosen = language(lang)
    try:
        report, summaries, code = validate_files(files, annotate, in_place, chosen)
    except SalessheetError as exc:
        err_console.print(error_line(exc.message(chosen), chosen), highlight=False)
        raise typer.Exit(int(exc.exit_code)) from None
    if as_json:
        payload = json.loads(report.to_json())
        payload = {"version": 1, "exit_code": code, "files": summaries, **payload}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if len(report):
            console.print(issue_table(report, chosen, "salessheet validate"))
        for entry in summaries:
            if "note" in entry:
                console.print(entry["note"], highlight=False, soft_wrap=True)
            if "refused" in entry:
                err_console.print(error_line(entry["refused"], chosen), highlight=False)
        console.print(_totals(len(summaries), report.counts(), chosen), highlight=False)
    raise typer.Exit(code)
