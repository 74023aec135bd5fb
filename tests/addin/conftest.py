"""Addin tests run the formulas and macros through xlwings' Office.js protocol (xlwings Server).

xlwings' server-side module is dual-licensed: the "noncommercial" key enables it for
evaluation and tests; commercial use needs a paid key.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ["XLWINGS_ON_SERVER"] = "true"
