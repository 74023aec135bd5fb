"""Run the ``>>>`` examples in the package's docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import salessheet

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(salessheet.__path__, "salessheet.")
    if not m.name.startswith("salessheet.addin") and m.name != "salessheet.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
