"""Run the ``>>>`` examples in the sync package's docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sync

MODULES = sorted(m.name for m in pkgutil.walk_packages(sync.__path__, "sync."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
