"""Formulas turning a period label ("2026-Q3", "FY2026-H1", "2026-W05") into its first and last day."""

# Same forms and semantics as compute.periods.parse_period (plus the 1901-2199 year range of
# compute.columns), written without LET or regular expressions so that Excel, LibreOffice and
# Google Sheets agree. The fiscal year start month comes from cfg_fiscal_start; invalid labels give "".

from __future__ import annotations

__all__ = ["period_end", "period_start"]


class _Parts:
    """Sub-expressions of one period cell, built as formula text."""

    def __init__(self, cell: str) -> None:
        self.text = f"UPPER(TRIM({cell}))"
        self.fiscal = f'(LEFT({self.text},2)="FY")'
        body = f"MID({self.text},1+2*{self.fiscal},99)"
        self.year_text = f"LEFT({body},4)"
        self.year = f"VALUE({self.year_text})"
        self.rest = f"MID({body},5,99)"
        self.tag = f"LEFT({self.rest},2)"

    @property
    def shift(self) -> str:
        """1 when the fiscal year starts in the previous calendar year, else 0."""
        return f"IF(AND({self.fiscal},cfg_fiscal_start>1),1,0)"

    @property
    def year_ok(self) -> str:
        """Four digits, and the (fiscal) year starts in 1901-2199, like ``compute.columns``."""
        first = f"{self.year}-{self.shift}"
        return f'AND({self.year_text}=TEXT({self.year},"0000"),{first}>=1901,{first}<=2199)'

    @property
    def year_start(self) -> str:
        """First day of the (fiscal) year."""
        month = f"IF({self.fiscal},cfg_fiscal_start,1)"
        return f"DATE({self.year}-{self.shift},{month},1)"


def _number_in(digits: str, max_len: int, low: int, high: int) -> str:
    """Condition: ``digits`` is 1..max_len decimal digits with a value in [low, high]; never errors."""
    value = f"VALUE({digits})"
    checks = (
        f"LEN({digits})>=1,LEN({digits})<={max_len},"
        f'{digits}=TEXT({value},REPT("0",LEN({digits}))),{value}>={low},{value}<={high}'
    )
    return f"IFERROR(AND({checks}),FALSE)"


def _iso_week_start(p: _Parts, week: str) -> str:
    jan4 = f"DATE({p.year},1,4)"
    return f"{jan4}-WEEKDAY({jan4},2)+1+7*({week}-1)"


def period_start(cell: str) -> str:
    """Formula body (no ``=``) for the first day of the period written in ``cell``.

    >>> period_start("A2").startswith("IFERROR(")
    True
    """
    p = _Parts(cell)
    digit = f"MID({p.rest},3,1)"
    quarter = (
        f'IF(ISNUMBER(FIND({digit},"1234")),EDATE({p.year_start},3*(VALUE({digit})-1)),NA())'
    )
    half = f'IF(ISNUMBER(FIND({digit},"12")),EDATE({p.year_start},6*(VALUE({digit})-1)),NA())'
    week_text = f"MID({p.rest},3,9)"
    week_start = _iso_week_start(p, f"VALUE({week_text})")
    week = (
        f"IF(AND(NOT({p.fiscal}),{_number_in(week_text, 2, 1, 53)}),"
        f"IF(YEAR({week_start}+3)={p.year},{week_start},NA()),NA())"
    )
    month_text = f"MID({p.rest},2,9)"
    month = (
        f"IF(AND(NOT({p.fiscal}),{_number_in(month_text, 2, 1, 12)}),"
        f"DATE({p.year},VALUE({month_text}),1),NA())"
    )
    by_form = (
        f'IF({p.rest}="",{p.year_start},'
        f'IF(AND(LEN({p.rest})=3,{p.tag}="-Q"),{quarter},'
        f'IF(AND(LEN({p.rest})=3,{p.tag}="-H"),{half},'
        f'IF({p.tag}="-W",{week},'
        f'IF(LEFT({p.rest},1)="-",{month},NA())))))'
    )
    return f'IFERROR(IF({p.year_ok},{by_form},NA()),"")'


def period_end(cell: str, start_cell: str) -> str:
    """Formula body for the last day of the period in ``cell``, given its first day in ``start_cell``.

    >>> period_end("A2", "G2").startswith("IF(ISNUMBER(G2)")
    True
    """
    p = _Parts(cell)
    months = f'IF({p.rest}="",12,IF({p.tag}="-Q",3,IF({p.tag}="-H",6,1)))'
    return (
        f'IF(ISNUMBER({start_cell}),'
        f'IF({p.tag}="-W",{start_cell}+6,EDATE({start_cell},{months})-1),"")'
    )
