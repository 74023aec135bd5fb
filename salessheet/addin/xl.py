"""The xlwings decorators that fit the runtime: Office.js protocol (Lite, Server) or desktop xlwings.

xlwings picks its ``func``/``script`` decorators once, when it is first imported, from
``XLWINGS_ON_SERVER``. This module makes the same choice when *it* is imported, so that
``salessheet serve`` (which sets the variable) gets the xlwings Server decorators even
if xlwings was imported earlier in the process:

- xlwings Lite (Pyodide, ``sys.platform == "emscripten"``): ``xlwings.func`` etc.
- xlwings Server (``XLWINGS_ON_SERVER=true``): ``xlwings.server.func`` etc.; importing
  ``xlwings.server`` checks the xlwings license key (``XLWINGS_LICENSE_KEY``).
- desktop xlwings (Windows add-in): ``xlwings.func`` etc. (classic UDFs and macros).

``OfficeCells`` is a return converter for the Office.js protocol that gives the cells
xlwings' default conversion gives, without its per-cell checks for the common cells.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["OfficeCells", "arg", "func", "office_js", "ret", "script"]


def office_js() -> bool:
    """True when the functions are served over the Office.js protocol (xlwings Lite or Server)."""
    return sys.platform == "emscripten" or os.environ.get("XLWINGS_ON_SERVER") == "true"


_SOURCE = importlib.import_module(
    "xlwings.server" if office_js() and sys.platform != "emscripten" else "xlwings"
)

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

func: Callable[..., Any] = _SOURCE.func
"""``func(f)`` registers ``f`` as a custom function."""
arg: Callable[..., Decorator] = _SOURCE.arg
"""``arg(name, convert=None, doc=..., **options)``: converter and help of one argument."""
ret: Callable[..., Decorator] = _SOURCE.ret
"""``ret(convert=None, **options)``: converter of the return value."""
script: Callable[..., Decorator] = _SOURCE.script
"""``script(name=...)``: registers a macro taking the workbook as ``book: xw.Book``."""


def _office_cells(value: Any, options: dict[str, Any]) -> list[list[Any]]:
    """A result as the cells xlwings' default return conversion gives on the Office.js protocol.

    Numbers, booleans and text pass as they are and None becomes "" (what xlwings does);
    each distinct date is converted once, and anything else (NaN, "#N/A" text, numpy and
    pandas values) by xlwings' own per-cell conversion.
    """
    prepare = importlib.import_module("xlwings").engines["officejs"].impl.prepare_xl_data_element
    if not isinstance(value, list | tuple):  # as xlwings' Ensure2DStage
        value = [[value]]
    elif value and not isinstance(value[0], list | tuple):
        value = [value]
    days: dict[dt.date, Any] = {}

    def cell(x: Any) -> Any:
        kind = type(x)
        if kind is float:
            return x if x == x else prepare(x, options)
        if kind is int or kind is bool:
            return x
        if kind is str:
            return prepare(x, options) if x.startswith("#") else x
        if x is None:
            return ""
        if kind is dt.date:
            if x not in days:
                days[x] = prepare(x, options)
            return days[x]
        return prepare(x, options)

    return [[cell(x) for x in row] for row in value]


def _office_cells_converter() -> type | None:
    if not office_js():
        return None
    converter: type = importlib.import_module("xlwings.conversion").Converter

    class Cells(converter):  # type: ignore[misc,valid-type]
        base_type = "raw"  # the cells go to Excel as write_value leaves them
        write_value = staticmethod(_office_cells)

    return Cells


OfficeCells: type | None = _office_cells_converter()
"""Return converter (Office.js protocol only; None on desktop): xlwings' default cells, faster."""
