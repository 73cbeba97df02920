"""Consolidations of a plan with quarterly and yearly indicators: what a period does not owe is never missing."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from pii_excel.pipeline import consolidate
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import make_period
from pii_excel.sample.demo import demo_plan, sample_inputs

QUARTER_DEADLINES = {1: date(2024, 3, 20), 2: date(2024, 6, 20), 3: date(2024, 9, 20), 4: date(2024, 12, 20)}


def quarterly_plan() -> Plan:
    """The demo plan reported every quarter and for the year; two of its indicators are yearly (2.2.2, 2.2.3)."""
    plan = demo_plan()
    plan.periods = [make_period(f"2024-Q{q}", d) for q, d in QUARTER_DEADLINES.items()]
    plan.periods.append(make_period("2024", date(2024, 12, 20)))
    return plan


def run_period(plan: Plan, period_id: str, work: Path, *, seed: int = 0, quirks: bool = False):
    inputs, _ = sample_inputs(plan, period_id, work, seed=seed, quirks=quirks)
    return consolidate(plan, period_id, inputs, work / "output", now=datetime(2025, 1, 10, 9))


@pytest.fixture(scope="module")
def quarter_run(tmp_path_factory):
    plan = quarterly_plan()
    return plan, run_period(plan, "2024-Q3", tmp_path_factory.mktemp("q3"), quirks=True)


def test_a_quarter_never_lists_a_yearly_indicator_as_missing_or_against_its_agency(quarter_run):
    plan, run = quarter_run
    yearly = {i.code for i in plan.indicators if i.frequency == "yearly"}
    assert yearly == {"2.2.2", "2.2.3"}
    data = json.loads(Path(run.outputs["run_json"]).read_text(encoding="utf-8"))
    status = {r["indicator"]: r["status"] for r in data["results"]}
    assert {status[c] for c in yearly} == {"not_due"}
    assert "2.2.3" in next(a for a in data["agencies"] if a["agency"] == "SKHCN")["led"]
    for agency in data["agencies"]:  # led, but counted in no outcome (missing, not met, awaiting...)
        for key in ("no_data", "not_met", "awaiting", "met"):
            assert not yearly & set(agency[key]), (agency["agency"], key)
    assert not [f["message"] for f in data["findings"] if any(c in f["message"] for c in yearly)]


def test_the_summary_and_the_report_say_not_this_period(quarter_run):
    _, run = quarter_run
    wb = openpyxl.load_workbook(run.outputs["summary"], read_only=True)
    rows = {r[0]: r for r in wb["Chỉ số"].iter_rows(values_only=True) if r and r[0] in ("2.2.2", "2.2.3")}
    for row in rows.values():
        assert "Không thuộc kỳ này" in row and "Không có số liệu" not in row and "chờ kết quả công bố" not in row
    overview = {r[0]: r[1] for r in wb["Tổng quan"].iter_rows(values_only=True) if r and r[0]}
    assert overview["— Không thuộc kỳ này"] == 2
    doc = docx.Document(run.outputs["report"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2 chỉ số không thuộc kỳ báo cáo này" in text
    assert "Số liệu tính từ 15/06/2024 đến 14/09/2024" in text
    for line in text.splitlines():  # never among what is missing or to improve (II.1, III.1, IV)
        if "chưa có số liệu" in line or "chưa đạt" in line:
            assert "2.2.2" not in line and "2.2.3" not in line, line
    appendix = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    for cells in appendix:
        if "2.2.3" in cells[:2]:
            assert "Không thuộc kỳ này" in cells and "chưa có" not in cells and "Không có số liệu" not in cells
