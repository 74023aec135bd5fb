"""The registry is complete, consistent and the only list of columns."""

from __future__ import annotations

import itertools
import re

import pytest

from salessheet.schema import (
    CHOICE_LISTS,
    DYNAMIC_LISTS,
    MIGRATIONS,
    SHEETS,
    TEMPLATE_VERSION,
    ColumnKind,
    WorkbookConfig,
    renamed_columns,
    renamed_values,
    schema_hash,
    sheet,
)

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_every_column_is_fully_described(spec):
    assert spec.columns, spec.key
    for col in spec.columns:
        assert SNAKE.match(col.key), col.key
        assert col.label_en and col.label_zh and col.help_en and col.help_zh, col.key
        assert col.label_en != col.label_zh or col.label_en.isascii() is False, col.key
        if col.choices:
            assert col.choices in CHOICE_LISTS or col.choices in DYNAMIC_LISTS, col.choices


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_labels_are_unique_within_a_sheet(spec):
    for lang in ("en", "zh"):
        labels = [c.label(lang).casefold() for c in spec.columns]
        assert len(labels) == len(set(labels)), (spec.key, lang)


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_key_columns_exist_and_are_input_columns(spec):
    for key in spec.key_columns:
        assert not spec.column(key).computed


def test_sheet_names_unique_in_both_languages():
    for lang in ("en", "zh"):
        names = [s.name(lang) for s in SHEETS]
        assert len(names) == len(set(names))


def test_required_columns_of_the_issue_are_present():
    pipeline = {c.key for c in sheet("pipeline").columns}
    assert {
        "deal_id", "customer", "owner", "stage", "amount", "currency", "probability",
        "forecast_category", "created_date", "expected_close_date", "actual_close_date",
        "last_activity_date", "next_step", "next_step_due", "product", "source", "cost",
    } <= pipeline
    assert {"score", "rag"} <= {c.key for c in sheet("risks").computed_columns}
    risks = sheet("risks")
    assert risks.column("likelihood").minimum == 1 and risks.column("likelihood").maximum == 5


def test_kinds_follow_annotations():
    pipeline = sheet("pipeline")
    assert pipeline.column("amount").kind is ColumnKind.MONEY
    assert pipeline.column("created_date").kind is ColumnKind.DATE
    assert pipeline.column("stage").kind is ColumnKind.CHOICE
    assert pipeline.column("probability").kind is ColumnKind.PERCENT


def test_default_config_stages():
    cfg = WorkbookConfig()
    assert [(s.en, s.zh, s.probability) for s in cfg.stages] == [
        ("Lead", "线索", 0.1), ("Qualified", "初步沟通", 0.2), ("Demo", "方案演示", 0.4),
        ("Proposal", "报价", 0.6), ("Negotiation", "谈判", 0.8), ("Won", "赢单", 1.0),
        ("Lost", "输单", 0.0),
    ]
    assert cfg.won_stage.key == "won"


def test_config_rejects_inverted_thresholds():
    with pytest.raises(ValueError):
        WorkbookConfig(risk_amber=15, risk_red=8)


def test_schema_hash_is_stable_and_short():
    assert schema_hash() == schema_hash()
    assert re.fullmatch(r"[0-9a-f]{12}", schema_hash())


def test_migrations_are_consecutive_and_end_at_the_current_version():
    versions = [(m.from_version, m.to_version) for m in MIGRATIONS]
    assert all(b == a + 1 for a, b in versions)
    assert all(later[0] == earlier[1] for earlier, later in itertools.pairwise(versions))
    assert versions[-1][1] == TEMPLATE_VERSION


def test_renames_apply_only_to_older_versions():
    assert renamed_columns("pipeline", 1) == {"close_date": "expected_close_date"}
    assert renamed_columns("pipeline", TEMPLATE_VERSION) == {}
    assert renamed_values("pipeline", "stage", 1)["Discovery"] == "Qualified"
    for step in MIGRATIONS:
        for sheet_key, renames in step.column_renames.items():
            current = {c.key for c in sheet(sheet_key).columns}
            assert set(renames.values()) <= current
