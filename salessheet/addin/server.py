"""``salessheet serve``: a small ASGI app speaking the xlwings Server protocol for the formulas and macros.

Endpoints (JSON unless noted):

- ``GET  /xlwings/custom-functions-meta``: the functions' metadata Excel registers.
- ``GET  /xlwings/custom-functions-code``: the custom-functions JavaScript (text/javascript).
- ``POST /xlwings/custom-functions-call``: run one ``=SALES_...`` call -> ``{"result": [[...]]}``.
- ``GET  /xlwings/custom-scripts-meta``: the macros' metadata.
- ``POST /xlwings/custom-scripts-call/{script}``: run a macro on the workbook JSON
  (optional ``"args"`` list in the body) -> ``{"actions": [...]}`` for Excel to apply.
- ``GET  /taskpane.html``: the task pane with one button per macro (text/html).
- ``GET  /health``: ``{"status": "ok", ...}``.

A formula or macro that fails answers 400 with ``{"detail": message}``. xlwings'
server-side module is dual-licensed: set ``XLWINGS_LICENSE_KEY=noncommercial`` to
evaluate, buy a license for commercial use (xlwings Lite needs no key).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

os.environ.setdefault("XLWINGS_ON_SERVER", "true")  # before xlwings is first imported

from salessheet.errors import ConfigError, SalessheetError

try:
    import xlwings as xw
    from xlwings import server as xlserver
except Exception as exc:  # xlwings.LicenseError without a key
    raise ConfigError(
        f"xlwings Server could not start: {exc}. Set XLWINGS_LICENSE_KEY=noncommercial to evaluate "
        "(commercial use needs a paid xlwings license), or use xlwings Lite, which is free.",
        f"无法启动 xlwings Server：{exc}。评估可设置 XLWINGS_LICENSE_KEY=noncommercial"
        "（商业使用需购买 xlwings 许可），或改用免费的 xlwings Lite。",
    ) from exc

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from salessheet import __version__
from salessheet.addin import client, formulas, macros, team_macros

__all__ = ["CALL_PATH", "SCRIPTS_PATH", "create_app", "free_port", "running"]

CALL_PATH = "/xlwings/custom-functions-call"
SCRIPTS_PATH = "/xlwings/custom-scripts-call/"


def _check_registered(module: ModuleType, attribute: str) -> None:
    if not any(hasattr(obj, attribute) for obj in vars(module).values()):
        raise ConfigError(
            f"{module.__name__} was imported before XLWINGS_ON_SERVER=true was set; "
            "start the server in a fresh process (salessheet serve)."
        )


def _error(exc: Exception) -> HTTPException:
    message = exc.message() if isinstance(exc, SalessheetError) else str(exc)
    return HTTPException(status_code=400, detail=message or type(exc).__name__)


def create_app() -> FastAPI:
    """The ASGI app serving ``salessheet.addin.formulas`` and ``salessheet.addin.macros``."""
    _check_registered(formulas, "__xlfunc__")
    _check_registered(macros, "__xlscript__")
    _check_registered(team_macros, "__xlscript__")
    app = FastAPI(title="salessheet", version=__version__, docs_url=None, redoc_url=None)
    names = [f.__name__ for f in formulas.FORMULAS]
    scripts = {m.__name__: macros for m in macros.MACROS}
    scripts.update({m.__name__: team_macros for m in team_macros.TEAM_MACROS})

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "salessheet": __version__, "xlwings": xw.__version__}

    @app.get("/xlwings/custom-functions-meta")
    async def functions_meta() -> dict[str, Any]:
        meta: dict[str, Any] = xlserver.custom_functions_meta(formulas)  # type: ignore[no-untyped-call]
        return meta

    @app.get("/xlwings/custom-functions-code")
    async def functions_code(request: Request) -> PlainTextResponse:
        call_url = str(request.base_url).rstrip("/") + CALL_PATH
        return PlainTextResponse(client.functions_js(names, call_url, xw.__version__),
                                 media_type="text/javascript")

    @app.post(CALL_PATH)
    async def functions_call(request: Request) -> JSONResponse:
        data = await request.json()
        if data.get("func_name") not in names:
            raise HTTPException(status_code=404, detail=f"unknown function {data.get('func_name')!r}")
        try:
            result = await xlserver.custom_functions_call(data, formulas)
        except Exception as exc:  # a formula error becomes a cell error, never a crash
            raise _error(exc) from exc
        if isinstance(result, xw.CustomFunctionResult):
            return JSONResponse({"result": result.value, "script": result.script})
        return JSONResponse({"result": result})

    @app.get("/xlwings/custom-scripts-meta")
    async def scripts_meta() -> list[dict[str, Any]]:
        meta: list[dict[str, Any]] = [
            *xlserver.custom_scripts_meta(macros),  # type: ignore[no-untyped-call]
            *xlserver.custom_scripts_meta(team_macros),  # type: ignore[no-untyped-call]
        ]
        return meta

    @app.post(SCRIPTS_PATH + "{script_name}")
    async def scripts_call(script_name: str, request: Request) -> JSONResponse:
        if script_name not in scripts:
            raise HTTPException(status_code=404, detail=f"unknown macro {script_name!r}")
        data = await request.json()
        args = data.pop("args", None) or []
        try:
            book = xw.Book(json=data)
            result = await xlserver.custom_scripts_call(
                scripts[script_name], script_name, typehint_to_value={xw.Book: book}, args=list(args)
            )
        except Exception as exc:
            raise _error(exc) from exc
        return JSONResponse(result.json())

    @app.get("/taskpane.html")
    async def taskpane(request: Request) -> HTMLResponse:
        scripts_url = str(request.base_url).rstrip("/") + SCRIPTS_PATH
        every = (*macros.MACROS, *team_macros.TEAM_MACROS)
        return HTMLResponse(client.taskpane_html(every, scripts_url, xw.__version__))

    return app


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def running(host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Serve the app with uvicorn in a background thread; yields its base URL, stops it on exit."""
    import uvicorn

    chosen = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(create_app(), host=host, port=chosen, log_level="warning"))
    thread = threading.Thread(target=server.run, name="salessheet-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{chosen}")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{chosen}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
