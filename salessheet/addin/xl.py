"""The xlwings decorators that fit the runtime: Office.js protocol (Lite, Server) or desktop xlwings.

xlwings picks its ``func``/``script`` decorators once, when it is first imported, from
``XLWINGS_ON_SERVER``. This module makes the same choice when *it* is imported, so that
``salessheet serve`` (which sets the variable) gets the xlwings Server decorators even
if xlwings was imported earlier in the process:

- xlwings Lite (Pyodide, ``sys.platform == "emscripten"``): ``xlwings.func`` etc.
- xlwings Server (``XLWINGS_ON_SERVER=true``): ``xlwings.server.func`` etc.; importing
  ``xlwings.server`` checks the xlwings license key (``XLWINGS_LICENSE_KEY``).
- desktop xlwings (Windows add-in): ``xlwings.func`` etc. (classic UDFs and macros).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["arg", "func", "office_js", "ret", "script"]


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
