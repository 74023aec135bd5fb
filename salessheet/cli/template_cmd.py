"""`salessheet template build` and `salessheet new-rep`: generate templates and personal workbooks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from salessheet.cli import google_opts
from salessheet.cli.app import app, console, settings, wrote
from salessheet.errors import UsageError, WriteRefusedError
from salessheet.io.atomic import refused_on_os_error
from salessheet.schema import TEAM_OWNER
from salessheet.templates import build_workbook, save_workbook
from salessheet.templates.files import write_schema_doc, write_templates

template_app = typer.Typer(help="Generate the workbook templates from the schema.", no_args_is_help=True)
app.add_typer(template_app, name="template")

_REP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@template_app.command("build")
def build_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for the .xlsx templates.")] = Path(
        "workbook_templates"
    ),
    docs: Annotated[Path, typer.Option("--docs", help="Schema reference to regenerate.")] = Path(
        "docs/schema.md"
    ),
) -> None:
    """Write the rep and master templates (English and Chinese) and the schema reference."""
    with refused_on_os_error(out):
        for path in write_templates(out):
            console.print(wrote(path, settings.lang), highlight=False)
    with refused_on_os_error(docs):
        console.print(wrote(write_schema_doc(docs), settings.lang), highlight=False)


@app.command("new-rep")
def new_rep_command(
    rep_id: Annotated[str, typer.Option("--rep-id", help="Short unique id of the rep, e.g. alice.")],
    name: Annotated[str, typer.Option("--name", help="Full name as shown in reports.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Workbook to write (.xlsx); not with --google.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Workbook language: en or zh.")] = "en",
    email: Annotated[str | None, typer.Option("--email", help="Work email.")] = None,
    manager: Annotated[str | None, typer.Option("--manager", help="Manager's rep id or name.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Sales region or office.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    google: Annotated[
        bool, typer.Option("--google", help="Create a Google Sheet instead, shared with --email only.")
    ] = False,
    credentials: google_opts.CredentialsOption = None,
    oauth: google_opts.OAuthOption = False,
    folder: Annotated[str | None, typer.Option("--folder", help="Drive folder id for the new sheet.")] = None,
) -> None:
    """Write a personal workbook for one rep, with the rep in the Roster and the owner stamped.

    With --google, create it as a Google Sheet (same tabs, dropdowns, protected formulas)
    owned by the service account and shared with the rep's --email only."""
    if not _REP_ID.match(rep_id) or rep_id.upper() == TEAM_OWNER:
        raise UsageError("--rep-id: use letters, digits, '.', '_' or '-' (at most 40), and not TEAM",
                         "--rep-id：只能用字母、数字、'.'、'_' 或 '-'（最多 40 个），且不能是 TEAM")
    if not name.strip():
        raise UsageError("--name must not be empty", "--name 不能为空")
    if lang not in ("en", "zh"):
        raise UsageError(f"--lang must be en or zh, not {lang!r}", f"--lang 须为 en 或 zh，而不是 {lang!r}")
    roster = [{"rep_id": rep_id, "name": name.strip(), "email": email, "manager": manager,
               "region": region}]
    if google:
        _new_google_rep(rep_id, name.strip(), lang, roster, email, folder, credentials, oauth)
        return
    if output is None:
        raise UsageError("give the workbook to write with -o (or --google)",
                         "请用 -o 指定要写入的工作簿（或用 --google）")
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o: the workbook must end in .xlsx, not {output.name!r}",
                         f"-o：工作簿须以 .xlsx 结尾，而不是 {output.name!r}")
    if output.exists() and not force:
        raise WriteRefusedError(
            f"{output.name} already exists; pass --force to replace it",
            f"{output.name} 已存在；如需覆盖请加 --force",
            location=str(output),
        )
    wb = build_workbook("rep", lang, roster=roster, owner=rep_id)
    with refused_on_os_error(output):
        save_workbook(wb, output)
    message = {"en": f"wrote {output} for {rep_id}", "zh": f"已为 {rep_id} 生成 {output}"}
    console.print(message[settings.lang], highlight=False)


def _new_google_rep(rep_id: str, name: str, lang: str, roster: list[dict[str, str | None]],
                    email: str | None, folder: str | None, credentials: Path | None, oauth: bool) -> None:
    from salessheet.io.google import create_rep_spreadsheet

    connection = google_opts.open_google(credentials, oauth)
    title = f"SalesSheet - {name} ({rep_id})"
    created = create_rep_spreadsheet(connection, title, lang=lang, owner=rep_id, rep_email=email,
                                     roster=roster, folder_id=folder)
    shared = f", shared with {created.shared_with}" if created.shared_with else ""
    message = {"en": f"created Google Sheet {created.url} for {rep_id}{shared}",
               "zh": f"已为 {rep_id} 创建 Google 表格 {created.url}"}
    console.print(message[settings.lang], highlight=False)
