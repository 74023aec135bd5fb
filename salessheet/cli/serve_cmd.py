"""`salessheet serve`: the formulas and macros for Excel over the xlwings Server protocol (local only)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from salessheet.cli.app import app, console, labelled

__all__ = ["serve_command"]


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on; keep 127.0.0.1.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    team: Annotated[Path | None, typer.Option(
        "--team", help="team.toml, team folder or master for the Consolidate and Distribute buttons."
    )] = None,
) -> None:
    """Serve =SALES_ formulas, macros and the task pane to Excel (xlwings Server protocol).

    xlwings' server module is dual-licensed: set XLWINGS_LICENSE_KEY=noncommercial to
    evaluate; commercial use needs a paid xlwings license. xlwings Lite is free.
    """
    os.environ["XLWINGS_ON_SERVER"] = "true"
    if team is not None:
        os.environ["SALESSHEET_TEAM"] = str(team.resolve())
    import uvicorn  # imported here so that the CLI starts fast

    from salessheet.addin.server import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(labelled("warning", f"listening on {host}: anyone who can reach it can run the macros",
                               "yellow"))
    console.print(f"salessheet serve: http://{host}:{port}/taskpane.html (Ctrl+C to stop)")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
