"""Next year's plan from a consolidated year: results become baselines, targets are left for staff to set."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner

from pii_excel.history import HISTORY_FILE, read_records
from pii_excel.pipeline import consolidate
from pii_excel.plan import check_plan, load_plan
from pii_excel.plan.workbook_write import write_plan_workbook
from pii_excel.roll_over import RollOverError, next_plan
from pii_excel.sample.demo import sample_inputs

CASES = [
    ("pii-2024-bac-giang", "2024", "pii-2025-bac-giang", "2025"),
    ("pci-2020-skhcn", "2020", "pci-2021-skhcn", "2021"),
]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def rolled(request, tmp_path_factory):
    plan_id, period_id, new_id, new_year = request.param
    work = tmp_path_factory.mktemp(plan_id)
    plan = load_plan(plan_id)
    inputs, _ = sample_inputs(plan, period_id, work, seed=3, quirks=False)
    consolidate(plan, period_id, inputs, work / "output", now=datetime(2025, 1, 10, 9))
    record = next(r for r in read_records(work / "output" / plan.id / HISTORY_FILE) if r.period_id == period_id)
    target = write_plan_workbook(next_plan(plan, record), work / "ke-hoach-moi.xlsx")
    return plan, record, target, new_id, new_year, work


def test_the_new_plan_is_accepted_apart_from_the_targets_staff_must_set(rolled):
    plan, _, target, new_id, new_year, _ = rolled
    result = check_plan(target)
    problems = [f for f in result.findings if f.severity.value in ("error", "warning")]
    assert {f.code for f in problems} == {"PLAN_TARGET_MISSING"}
    assert len(problems) == len(plan.indicators)  # one per indicator, each at its cell
    new = result.plan
    assert new is not None and new.id == new_id and new.doc_number == "" and new.baseline_year == int(new_year) - 1
    assert new.periods and all(p.id.startswith(new_year) for p in new.periods)
    assert all(p.goal.is_empty() for p in new.pillars) and new.overall_goal.is_empty()


def test_baselines_are_the_periods_results(rolled):
    _, record, target, _, _, _ = rolled
    new = check_plan(target).plan  # a plan without targets is not yet loadable for a run, but it reads whole
    assert new is not None
    for ind in new.indicators:
        m = record.measure("indicator", ind.code)
        expected = None
        if m is not None:
            expected = (m.score if m.basis in ("official", "estimate") else None) if ind.target_on_score else m.value
        assert ind.baseline_value == (pytest.approx(expected) if expected is not None else None), ind.code
        if m is not None and m.basis == "estimate":
            assert "ước tính" in ind.note  # an estimate never passes for a published score
    for p in new.pillars:
        m = record.measure("pillar", p.code)
        assert (p.baseline_score, p.baseline_rank) == (m.score, m.rank)
    total = record.measure("total", "TONG")
    assert (new.overall_baseline_score, new.overall_baseline_rank) == (total.score, total.rank)
    assert any(m.score is not None for m in record.measures if m.kind == "pillar")  # the check compared something


def test_plan_next_command(rolled):
    from pii_excel.cli import main

    plan, _, _, new_id, _, work = rolled
    year = "2024" if plan.id.startswith("pii") else "2020"
    out = work / "tu-lenh.xlsx"
    result = CliRunner().invoke(
        main, ["plan", "next", plan.id, "--from", year, "--ket-qua", str(work / "output"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Đã ghi kế hoạch «{new_id}»" in result.output and "mục cần điền" in result.output
    assert getattr(check_plan(out).plan, "id", None) == new_id
    missing = CliRunner().invoke(
        main, ["plan", "next", plan.id, "--from", "2031", "--ket-qua", str(work / "output"), "-o", str(work / "x.xlsx")]
    )
    assert missing.exit_code == 1 and "chưa được tổng hợp" in missing.output and "Traceback" not in missing.output
    bad = CliRunner().invoke(main, ["plan", "next", plan.id, "--from", "2024-Q9", "-o", str(work / "x.xlsx")])
    assert bad.exit_code == 2 and "không phải mã kỳ" in bad.output


def test_plan_next_is_a_library_use_case_that_returns_what_it_wrote(rolled):
    """Issue #37: the CLI only parses and prints; `roll_over` reads the history, writes the workbook and returns the
    path, the new plan, what to tell staff and how much is still to fill; a period never consolidated is a
    RollOverError naming the command to run, and nothing is written."""
    from pii_excel.roll_over import roll_over

    plan, _, _, new_id, _, work = rolled
    year = "2024" if plan.id.startswith("pii") else "2020"
    done = roll_over(plan, year, work / "thu-vien.xlsx", work / "output")
    assert done.path.is_file() and done.plan.id == new_id == check_plan(done.path).plan.id
    assert done.messages[-1].startswith(f"Còn {done.still_to_fill} mục cần điền")
    with pytest.raises(RollOverError, match=r"chưa được tổng hợp.*pii-excel consolidate"):
        roll_over(plan, "2031", work / "khong-ghi.xlsx", work / "output")
    assert not (work / "khong-ghi.xlsx").exists()


def test_plan_next_finds_the_demo_results_folder(rolled, tmp_path, monkeypatch):
    """Issue #35: the demo writes to output/demo and other commands default to output/; `plan next` said to
    consolidate again instead of pointing at the folder that has the period."""
    import shutil

    from pii_excel.cli import main

    plan, _, _, _, _, work = rolled
    year = "2024" if plan.id.startswith("pii") else "2020"
    shutil.copytree(work / "output" / plan.id, tmp_path / "output" / "demo" / plan.id)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["plan", "next", plan.id, "--from", year, "-o", "ke-hoach-moi.xlsx"])
    assert result.exit_code == 1 and "--ket-qua output/demo" in result.output and "consolidate" not in result.output


def test_a_baseline_from_a_figure_still_under_verification_is_listed_to_check():
    """Issue #35: `plan next` used an estimate made from a «Cần xác minh» figure as a baseline without a word."""
    from dataclasses import replace

    from pii_excel.model import Measure, PeriodRecord

    plan = load_plan("pii-2024-bac-giang")
    measures = (
        Measure(
            "indicator", "4.2.2", "Mật độ doanh nghiệp", 4.55, "doanh nghiệp/1.000 dân", 25.18, "estimate", "unverified"
        ),
        Measure("indicator", "2.2.4", "Số tổ chức KH&CN", 0.23, "tổ chức/10.000 dân", 17.8, "estimate", "not_met"),
    )
    record = PeriodRecord(
        "2024", "Năm 2024", "year", datetime(2024, 12, 14).date(), 63, "r1", datetime(2024, 12, 20), measures
    )
    new = next_plan(plan, record)
    doubted = next(i for i in new.indicators if i.code == "4.2.2")
    assert doubted.baseline_value == 25.18 and "cần xác minh" in doubted.note
    assert "cần xác minh" not in next(i for i in new.indicators if i.code == "2.2.4").note
    assert any("4.2.2" in n and "cần xác minh" in n for n in new.notes)
    assert not any(
        "2.2.4" in n and "cần xác minh" in n for n in next_plan(plan, replace(record, measures=measures[1:])).notes
    )


def test_only_a_year_seeds_next_years_plan():
    from pii_excel.model import PeriodRecord

    record = PeriodRecord(
        "2024-Q3", "Quý III năm 2024", "quarter", datetime(2024, 9, 14).date(), 63, "x", datetime(2024, 10, 1)
    )
    with pytest.raises(RollOverError, match="không phải kỳ năm"):
        next_plan(load_plan("pii-2024-bac-giang"), record)


@pytest.mark.slow  # two consolidations with sample inputs: CI runs it with the slow tests
def test_next_years_report_compares_with_the_year_before_in_both_sections(tmp_path):
    """Issue #35: the 2025 report compared with 2024 in I.1 and said «kỳ đầu tiên» in I.5. Through the plan's
    lineage (`predecessor`), both sections compare with 2024 and agree."""
    import docx

    plan = load_plan("pii-2024-bac-giang")
    inputs, _ = sample_inputs(plan, "2024", tmp_path / "a", quirks=False)
    consolidate(plan, "2024", inputs, tmp_path / "output", now=datetime(2025, 1, 10, 9))
    record = next(r for r in read_records(tmp_path / "output" / plan.id / HISTORY_FILE) if r.period_id == "2024")
    new = next_plan(plan, record)
    for ind in new.indicators:  # staff set the targets
        ind.target.op, ind.target.value = "≥", (ind.baseline_value or 1) * 1.1
    period = new.periods[-1].id
    later, _ = sample_inputs(new, period, tmp_path / "b", quirks=False)
    run = consolidate(new, period, later, tmp_path / "output", now=datetime(2026, 1, 10, 9))
    paragraphs = [p.text for p in docx.Document(run.outputs["report"]).paragraphs]
    general = paragraphs[paragraphs.index("1. Kết quả chung") + 1]
    trend = paragraphs[paragraphs.index("5. So sánh với các kỳ trước") + 1]
    assert "so với năm cơ sở" in general and "kỳ đầu tiên" not in "\n".join(paragraphs)
    assert "(Năm 2024:" in trend and "năm 2024 xếp hạng" in trend
