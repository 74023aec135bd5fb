"""Header detection and tolerant header mapping (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.read.headers import find_header_row, header_lookup, map_header, match_header
from salessheet.schema import SHEETS, sheet

_COLUMNS = [(spec, column) for spec in SHEETS for column in spec.columns]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(st.sampled_from(_COLUMNS), st.sampled_from(["en", "zh"]),
       st.sampled_from(["plain", "upper", "spaces", "full", "unit"]))
def test_labels_map_back_to_their_key(item, lang, style):
    spec, column = item
    label = column.label(lang)
    text = {"plain": label, "upper": label.upper(), "spaces": f"  {label}  ",
            "full": _full_width(label), "unit": f"{label} (¥)" if lang == "en" else f"{label}（元）"}[style]
    assert match_header(text, header_lookup(spec)) == column.key


@pytest.mark.parametrize(
    ("sheet_key", "text", "key"),
    [("pipeline", "Opportunity ID", "deal_id"), ("pipeline", "金额（元）", "amount"),
     ("pipeline", "Close date", "expected_close_date"),
     ("pipeline", "成交日期（预计）", "expected_close_date"),
     ("pipeline", "成交日期", "actual_close_date"), ("pipeline", "Win probability", "win_probability"),
     ("pipeline", "probability", "probability"), ("pipeline", "deal_id", "deal_id"),
     ("risks", "Likelihood", "likelihood"), ("tasks", "Due date", "due_date"), ("targets", "Quota", "value")],
)
def test_synonyms_old_labels_and_precedence(sheet_key, text, key):
    assert match_header(text, header_lookup(sheet(sheet_key))) == key


def test_find_header_below_titles_and_map_extras():
    lookup = header_lookup(sheet("pipeline"))
    rows = [["Q3 pipeline"], [], ["", "Deal ID", "Customer", "Amount", "Stage", "My column", "Amount"]]
    assert find_header_row(rows, lookup) == 2
    mapped = map_header(rows[2], lookup, {"deal_id", "amount", "_row"})
    assert mapped.known == {"deal_id": 1, "customer": 2, "amount": 3, "stage": 4}
    assert mapped.extras == {"My column": 5, "Amount": 6}
    assert mapped.duplicates == ["amount"]


def test_extra_headers_never_take_the_tools_own_underscore_names():
    lookup = header_lookup(sheet("pipeline"))
    row = ["Deal ID", "_state", "_weighted", "_row", "_state*"]
    mapped = map_header(row, lookup, {"deal_id", "_row"})
    assert mapped.extras == {"_state*": 1, "_weighted*": 2, "_row*": 3, "_state**": 4}
    assert mapped.labels["_state*"] == "_state"  # the header text the rep typed


def test_no_header():
    assert find_header_row([["a", "b"], [1, 2]], header_lookup(sheet("tasks"))) is None
