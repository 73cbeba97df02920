"""The history of consolidated periods: previous period, same period last year, trend, replacement, a killed run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import NOW, fill_like_agency
from test_period_runs import QUARTER_DEADLINES, run_period

from pii_excel.history import HISTORY_FILE, KILL_POINT, read_records
from pii_excel.pipeline import consolidate
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import make_period
from pii_excel.sample.demo import demo_plan

ROOT = Path(__file__).resolve().parents[1]
# the order staff consolidate in: last year's fourth quarter and year, then this year's quarters and year
SEQUENCE = ("2023-Q4", "2023", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024")


def history_plan() -> Plan:
    plan = demo_plan()
    plan.periods = [make_period("2023-Q4", date(2023, 12, 20)), make_period("2023", date(2023, 12, 20))]
    plan.periods += [make_period(f"2024-Q{q}", d) for q, d in QUARTER_DEADLINES.items()]
    plan.periods.append(make_period("2024", date(2024, 12, 20)))
    return plan


@pytest.fixture(scope="module")
def sequence(tmp_path_factory):
    """Every period consolidated in turn, each with other answers; the runs by period id."""
    plan, work = history_plan(), tmp_path_factory.mktemp("history")
    runs = {pid: run_period(plan, pid, work, seed=n + 1) for n, pid in enumerate(SEQUENCE)}
    return plan, work, runs


def _overall(run) -> float:
    return next(p.score for p in run.model.evaluation.pillars if p.code == "TONG")


def _report_text(run) -> str:
    return "\n".join(p.text for p in docx.Document(run.outputs["report"]).paragraphs)


def test_each_period_is_compared_with_its_previous_period_and_the_same_period_a_year_ago(sequence):
    _, _, runs = sequence
    expected = {  # period: (previous, year ago) as recorded when it ran
        "2023-Q4": (None, None),
        "2023": (None, None),
        "2024-Q1": ("2023-Q4", None),
        "2024-Q2": ("2024-Q1", None),
        "2024-Q3": ("2024-Q2", None),
        "2024-Q4": ("2024-Q3", "2023-Q4"),
        "2024": ("2023", "2023"),
    }
    for pid, (previous, year_ago) in expected.items():
        h = runs[pid].model.history
        assert (getattr(h.previous, "period_id", None), getattr(h.year_ago, "period_id", None)) == (previous, year_ago)
        data = json.loads(Path(runs[pid].outputs["run_json"]).read_text(encoding="utf-8"))
        assert (data["history"]["previous"] or {}).get("id") == previous


def test_the_report_states_the_right_previous_and_year_ago_figures(sequence):
    _, _, runs = sequence
    for pid, earlier, label in (
        ("2024-Q2", "2024-Q1", "kỳ trước"),
        ("2024-Q4", "2023-Q4", "cùng kỳ năm trước"),
        ("2024", "2023", "cùng kỳ năm trước"),
    ):
        text = _report_text(runs[pid])
        change = round(_overall(runs[pid]) - _overall(runs[earlier]), 2)
        word = "tăng" if change > 0 else "giảm"
        said = (
            f"{word} {abs(change):.2f}".replace(".", ",") + f" điểm so với {label} ({runs[earlier].model.period.label}"
        )
        assert said in text, (pid, said)
    assert "kỳ đầu tiên" in _report_text(runs["2023-Q4"])
    line = next(x for x in _report_text(runs["2024-Q2"]).splitlines() if x.startswith("So với kỳ trước"))
    assert "2.2.2" not in line and "2.2.3" not in line  # yearly indicators are not owed in a quarter
    assert "chưa đủ số liệu" not in line  # every agency reported: nothing else lacks figures


def test_the_trend_has_one_point_per_recorded_period(sequence):
    _, _, runs = sequence
    q4 = runs["2024-Q4"]
    quarters = ["Quý IV năm 2023", "Quý I năm 2024", "Quý II năm 2024", "Quý III năm 2024", "Quý IV năm 2024"]
    assert [r.label for r in q4.model.history.trend] == quarters
    ws = openpyxl.load_workbook(q4.outputs["summary"])["Diễn biến"]
    headers = [c.value for c in ws[4]]
    assert headers[4:9] == quarters
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[2] == "Chỉ số PII (chung)")
    assert total[8] == pytest.approx(_overall(q4)) and total[4] == pytest.approx(_overall(runs["2023-Q4"]))
    with zipfile.ZipFile(q4.outputs["report"]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("word/charts/chart")]
    trend = next(c for c in charts if "qua các kỳ" in c)
    assert trend.count("<c:ser>") == len(quarters)  # one bar per recorded quarter, for every pillar
    with zipfile.ZipFile(q4.outputs["summary"]) as z:
        xlsx_charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    line = next(c for c in xlsx_charts if "lineChart" in c)
    assert "'Diễn biến'!$E$4:$I$4" in line  # categories: the five quarter columns


def test_rerunning_a_period_replaces_its_record(sequence):
    plan, work, _ = sequence
    path = work / "output" / plan.id / HISTORY_FILE
    again = run_period(plan, "2024-Q2", work, seed=99)
    records = read_records(path)
    assert [r.period_id for r in records].count("2024-Q2") == 1 and len(records) == len(SEQUENCE)
    q2 = next(r for r in records if r.period_id == "2024-Q2")
    assert q2.run_id == again.model.run_id
    assert q2.measure("total", "TONG").value == pytest.approx(_overall(again))
    with sqlite3.connect(path) as con:
        n = con.execute("SELECT count(*) FROM measures WHERE period_id = '2024-Q2'").fetchone()[0]
    assert n == len(q2.measures)


def test_ranks_over_different_numbers_of_provinces_are_never_compared(tmp_path):
    plan = history_plan()
    plan.periods = [
        make_period("2024", date(2024, 12, 20), ranking_size=63),
        make_period("2025", date(2025, 12, 19), ranking_size=34),
    ]
    run_period(plan, "2024", tmp_path, seed=1)
    later = run_period(plan, "2025", tmp_path, seed=2)
    assert [r.ranking_size for r in read_records(tmp_path / "output" / plan.id / HISTORY_FILE)] == [63, 34]
    text = _report_text(later)
    assert "/34" in text and "không so sánh trực tiếp thứ hạng" in text and "bậc" not in text
    ws = openpyxl.load_workbook(later.outputs["summary"])["Diễn biến"]
    assert "34 tỉnh" in ws["A3"].value and "63 tỉnh" in ws["A3"].value


def test_the_history_survives_a_run_killed_while_recording(pii_2024, tmp_path):
    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    for code in ("SKHCN", "SKHDT", "STC"):
        fill_like_agency(plan, made, code, inp / f"{code}.xlsx")
    first = consolidate(plan, "2024", inp, out, now=NOW)
    path = out / plan.id / HISTORY_FILE
    shares = {m.code: m.value for m in first.model.history.current.measures if m.kind == "agency"}
    # an agency that has not reported has no share done, not 0 %: «Diễn biến» never calls it worse (issue #35)
    assert shares["SCT"] is None and shares["SKHCN"] is not None
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PII_EXCEL_KILL_AT": KILL_POINT}
    done = subprocess.run(
        [sys.executable, "-m", "pii_excel", "consolidate", plan.id, "--period", "2024", "-i", str(inp), "-o", str(out)],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    records = read_records(path)  # the killed transaction rolled back: the first run's record, whole
    assert [(r.period_id, r.run_id) for r in records] == [("2024", first.model.run_id)]
    assert len(records[0].measures) == len(first.model.history.current.measures)
    again = consolidate(plan, "2024", inp, out, now=NOW)
    assert [r.run_id for r in read_records(path)] == [again.model.run_id]


def test_an_unreadable_history_never_stops_a_run(pii_2024, tmp_path):
    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    fill_like_agency(plan, made, "SKHCN", inp / "SKHCN.xlsx")
    (out / plan.id).mkdir(parents=True)
    broken = b"this is not a database" * 100
    (out / plan.id / HISTORY_FILE).write_bytes(broken)
    run = consolidate(plan, "2024", inp, out, now=NOW)
    assert (out / plan.id / HISTORY_FILE).read_bytes() == broken  # never written over: nothing is lost
    assert Path(run.outputs["report"]).exists()
    assert any("lịch sử" in n and HISTORY_FILE in n for n in run.notes)
    assert run.model.history.problem and "Traceback" not in run.model.history.problem
    assert "database" not in run.model.history.problem  # the library's English stays out of what staff read


def test_history_command_lists_what_is_recorded(sequence):
    from click.testing import CliRunner

    from pii_excel.cli import main

    plan, work, _ = sequence
    # the command finds the plan by id; the demo plan is the built-in one with illustrative bounds
    result = CliRunner().invoke(main, ["history", plan.id, "-o", str(work / "output"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["id"] for p in data["periods"]] == ["2023-Q4", "2023", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024"]
    text = CliRunner().invoke(main, ["history", plan.id, "-o", str(work / "output")]).output
    assert "Quý II năm 2024: số liệu đến 14/06/2024, xếp hạng trên 63 tỉnh" in text
    empty = CliRunner().invoke(main, ["history", plan.id, "-o", str(work / "khong-co")])
    assert empty.exit_code == 0 and "Chưa có kỳ nào" in empty.output


def test_a_relative_results_folder_keeps_its_history(pii_2024, tmp_path, monkeypatch):
    """`-o out` as staff type it: the second run reads the history the first wrote (a relative path once broke
    opening the database read-only)."""
    plan, made = pii_2024
    monkeypatch.chdir(tmp_path)
    fill_like_agency(plan, made, "SNV", tmp_path / "input" / "snv.xlsx")
    for _ in range(2):
        run = consolidate(plan, "2024", Path("input"), Path("out"), now=NOW)
    assert not run.model.history.problem
    assert [r.period_id for r in read_records(Path("out") / plan.id / HISTORY_FILE)] == ["2024"]
