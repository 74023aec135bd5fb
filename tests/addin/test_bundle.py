"""The xlwings Lite bundle and the formula reference are generated and up to date; imports stay Lite-safe."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from xlwings import server

from salessheet.addin import formulas, generate, macros

ROOT = Path(__file__).resolve().parents[2]


def test_lite_files_are_generated_from_the_addin():
    lite = ROOT / generate.LITE_DIR
    assert (lite / "main.py").read_text(encoding="utf-8") == generate.lite_main()
    assert (lite / "requirements.txt").read_text(encoding="utf-8") == generate.lite_requirements()


def test_lite_main_registers_the_same_functions_and_scripts_as_the_addin():
    spec = importlib.util.spec_from_file_location("lite_main", ROOT / generate.LITE_DIR / "main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert server.custom_functions_meta(module) == server.custom_functions_meta(formulas)
    assert server.custom_scripts_meta(module) == server.custom_scripts_meta(macros)


def test_formula_reference_in_the_docs_is_up_to_date():
    text = (ROOT / generate.DOCS).read_text(encoding="utf-8")
    assert generate.REFERENCE_START in text and generate.REFERENCE_END in text
    assert generate.update_docs(text) == text, "run: python -m salessheet.addin.generate"
    for f in formulas.FORMULAS:
        assert f"### `{f.__name__}(" in text


_IMPORT_CHECK = textwrap.dedent(
    """
    import builtins, io, os, subprocess, sys, threading
    import salessheet
    ROOT = os.path.dirname(salessheet.__file__)

    def guard(original, what):
        def wrapped(*args, **kwargs):
            caller = sys._getframe(1).f_code.co_filename
            if caller.startswith(ROOT):
                raise AssertionError(f"{what} at import in {caller}")
            return original(*args, **kwargs)
        return wrapped

    builtins.open = io.open = guard(builtins.open, "file access")
    threading.Thread.start = guard(threading.Thread.start, "thread")
    subprocess.Popen.__init__ = guard(subprocess.Popen.__init__, "process")
    os.system = guard(os.system, "process")
    import salessheet.addin.formulas, salessheet.addin.macros
    heavy = ("python_calamine", "sqlalchemy", "fastapi", "uvicorn", "gspread", "psycopg", "xlsxwriter")
    print(",".join(m for m in heavy if m in sys.modules))
    """
)


def test_formulas_and_macros_import_like_under_pyodide():
    """No file, thread or process use by salessheet at import; no server, database or Rust extension."""
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_ON_SERVER"}  # desktop decorators
    result = subprocess.run([sys.executable, "-c", _IMPORT_CHECK], capture_output=True, text=True, env=env,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
