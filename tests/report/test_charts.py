"""The waterfall's geometry: bars that chain from start to end, and an axis that shows the moves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from salessheet.compute.waterfall import WATERFALL_STEPS, waterfall_bars, waterfall_floor
from salessheet.report.charts import waterfall_chart

MOVES = ("new", "increased", "decreased", "won", "lost", "slipped")
IN = {"new", "increased"}

amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)


def _balanced(start: float, moves: dict[str, float]) -> dict[str, float]:
    end = start + sum(v if k in IN else -v for k, v in moves.items())
    return {"start": start, **moves, "end": end}


@given(start=amounts, moves=st.fixed_dictionaries({k: amounts for k in MOVES}))
def test_each_move_floats_from_the_level_the_last_one_left(start, moves):
    parts = _balanced(start, moves)
    bars = waterfall_bars(parts)
    assert len(bars) == len(WATERFALL_STEPS)
    level = start
    for step, (bottom, height) in zip(WATERFALL_STEPS[1:-1], bars[1:-1], strict=True):
        assert height == moves[step]
        after = level + height if step in IN else level - height
        assert bottom == min(level, after)
        level = after
    assert bars[-1] == (0.0, parts["end"])
    floor = waterfall_floor(bars)
    lowest = min(start, parts["end"], *(b for b, _ in bars[1:-1]))
    highest = max(b + h for b, h in bars)
    assert floor >= 0
    if floor > 0:  # lifted only below every level, and only for moves in the top fifth
        assert floor < lowest
        assert highest - lowest < 0.2 * highest


def test_a_weeks_small_moves_lift_the_axis_off_zero():
    parts = _balanced(8_270_000, {"new": 88_000, "increased": 14_600, "decreased": 49_000, "won": 32_000,
                                  "lost": 24_600, "slipped": 99_300})
    floor = waterfall_floor(waterfall_bars(parts))
    assert 7_000_000 <= floor < parts["end"]
    assert floor % 10_000 == 0  # a round value


def test_moves_big_enough_to_see_keep_the_axis_at_zero():
    parts = _balanced(2_950_000, {"new": 420_000, "increased": 160_000, "decreased": 90_000, "won": 380_000,
                                  "lost": 210_000, "slipped": 120_000})
    assert waterfall_floor(waterfall_bars(parts)) == 0
    assert waterfall_floor(waterfall_bars(_balanced(500, {"won": 500}))) == 0  # down to nothing
    # Found by hypothesis: with nothing moving there is nothing to lift the axis for.
    assert waterfall_floor(waterfall_bars(_balanced(1.0, dict.fromkeys(MOVES, 0.0)))) == 0


def test_the_lifted_chart_renders():
    parts = _balanced(8_270_000, {"new": 88_000, "won": 32_000})
    assert waterfall_chart(parts, "en").lstrip().startswith(("<svg", "<?xml"))
