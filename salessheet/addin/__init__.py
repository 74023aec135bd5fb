"""Excel delivery through xlwings: formulas (@func), macros (@script) and the ``salessheet serve`` app.

The modules of this package are the only ones importing xlwings. Importing the package
itself imports nothing from xlwings; import ``salessheet.addin.formulas`` or
``salessheet.addin.macros`` for the functions, ``salessheet.addin.server`` for the app.
"""

__all__: list[str] = []
