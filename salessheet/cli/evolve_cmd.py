"""`salessheet doctor` and `salessheet upgrade`: template drift per workbook, and the safe upgrade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from salessheet.cli.app import app, console, language
from salessheet.cli.issue_table import issue_table
from salessheet.evolve.drift import doctor
from salessheet.evolve.findings import fix_of
from salessheet.evolve.upgrade import UpgradeResult, summary, upgrade_files
from salessheet.io.features import features_json
from salessheet.issues import Report
from salessheet.schema import TEMPLATE_VERSION

__all__ = ["doctor_command", "upgrade_command"]


def _version_line(entry: dict[str, Any], lang: str) -> str:
    name, version, fixable = Path(entry["file"]).name, entry["template_version"], entry.get("pending", 0)
    if lang == "zh":
        found = version if version is not None else "未标记"
        return f"{name}: 模板版本 {found}（当前 {TEMPLATE_VERSION}），{fixable} 处可由 upgrade 修复"
    found = version if version is not None else "unstamped"
    return f"{name}: template version {found} (current {TEMPLATE_VERSION}), {fixable} fixable finding(s)"


@app.command("doctor")
def doctor_command(
    paths: Annotated[list[Path], typer.Argument(help="Team folder(s) or workbooks (.xlsx/.xlsm).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: en or zh.")] = None,
) -> None:
    """Report template drift per workbook. Exit 0: clean; 1: drift found; 2: a file could not be read."""
    chosen = language(lang)
    report, files, code = doctor(paths, chosen)
    if as_json:
        payload = {"version": 1, "template_version": TEMPLATE_VERSION, "exit_code": code, "files": files,
                   "summary": report.counts()}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        raise typer.Exit(code)
    if len(report):
        console.print(issue_table(report, chosen, "salessheet doctor", fix_of))
    for entry in files:
        if not entry["readable"]:
            console.print(entry["error"], highlight=False, soft_wrap=True)  # (located: it names the file)
            continue
        console.print(_version_line(entry, chosen), highlight=False)
    raise typer.Exit(code)


def _result_json(result: UpgradeResult, lang: str) -> dict[str, Any]:
    return {"file": str(result.path), "template_version": result.version, "applied": result.applied,
            "backup": str(result.backup) if result.backup else None, "blocked": result.blocked,
            "blocked_zh": result.blocked_zh,
            "not_carried": features_json(result.not_carried),
            "changes": [{**c.to_dict(), "fix": fix_of(c, lang)} for c in result.changes]}


@app.command("upgrade")
def upgrade_command(
    paths: Annotated[list[Path], typer.Argument(help="Team folder(s) or workbooks to upgrade.")],
    apply: Annotated[bool, typer.Option(
        "--apply", help="Rewrite the files (.bak backup first, atomic replace). Default: dry run.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: en or zh.")] = None,
) -> None:
    """Upgrade workbooks to the current template (dry run unless --apply).

    Exit 0: nothing left to do; 1: changes pending (dry run) or a file left alone; 2: a file
    could not be read; 3: a write was refused."""
    chosen = language(lang)
    results, code = upgrade_files(paths, apply=apply)
    if as_json:
        payload = {"version": 1, "template_version": TEMPLATE_VERSION, "apply": apply, "exit_code": code,
                   "files": [_result_json(r, chosen) for r in results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        raise typer.Exit(code)
    for result in results:
        console.print(summary(result, chosen), highlight=False, soft_wrap=True)
        if result.changes and not result.blocked:
            console.print(issue_table(Report(result.changes), chosen, result.path.name, fix_of))
        if result.backup:
            console.print(f"  {'备份' if chosen == 'zh' else 'backup'}: {result.backup}", highlight=False)
    if not apply and any(r.pending for r in results):
        console.print("演练：未写入任何文件；加 --apply 写入" if chosen == "zh" else
                      "dry run: nothing was written; run again with --apply", highlight=False)
    raise typer.Exit(code)
