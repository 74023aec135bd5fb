"""zlib's interface from ISA-L where it is installed, else zlib itself.

ISA-L (the ``isal`` package) reads and writes the same raw deflate streams and CRC-32s as
zlib, several times faster: inflating a rep workbook's members and checking their CRCs takes
a third of zlib's time, and deflating the master's sheet XML at level 1 a quarter. Where no
wheel of it exists (Pyodide) zlib does the same work, slower.
"""

from __future__ import annotations

import zlib
from types import ModuleType

__all__ = ["ERRORS", "fast_zlib"]

fast_zlib: ModuleType = zlib
try:
    from isal import isal_zlib

    fast_zlib = isal_zlib
except ImportError:  # pragma: no cover - isal is a dependency on every desktop platform
    pass

ERRORS: tuple[type[Exception], ...] = tuple({zlib.error, fast_zlib.error})
"""What a damaged deflate stream raises, from either library."""
