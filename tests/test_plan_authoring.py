"""Authoring a new plan as staff do: `plan new`, filled in Excel, checked; a non-reporting group; plan ids that
would swap one plan for another."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import edit_plan_workbook

from pii_excel.cli import main
from pii_excel.plan import check_plan
from pii_excel.plan import workbook_schema as S
from pii_excel.vocab import Severity

INFO = {
    "id": "pii-2026-bac-ninh",
    "title": "Kế hoạch nâng cao Chỉ số đổi mới sáng tạo cấp địa phương (PII) tỉnh Bắc Ninh năm 2026",
    "index_kind": "PII",
    "province": "Bắc Ninh",
    "issuer": "UBND tỉnh Bắc Ninh",
    "doc_number": "12/KH-UBND",
    "doc_date": "15/01/2026",
    "baseline_year": 2025,
    "target_year": 2026,
    "coordinator": "SKHCN",
    "overall_baseline_score": 45.1,
    "overall_baseline_rank": 12,
    "input_baseline_score": "53,06",
    "output_baseline_score": "44,47",
}
TABLES = {
    S.SHEET_PILLARS: [
        {"code": "1", "name": "Thể chế", "side": "Đầu vào", "baseline_score": 60.2},
        {"code": "6", "name": "Sản phẩm tri thức, sáng tạo và công nghệ", "side": "Đầu ra", "baseline_score": 30.5},
    ],
    S.SHEET_INDICATORS: [
        {
            "code": "1.1.1",
            "name": "Chất lượng ban hành văn bản",
            "unit": "điểm",
            "pillar": "1",
            "baseline_year": 2025,
            "baseline_value": "41,2",
            "target_op": "≥",
            "target_value": 45,
            "lead": "XA",
            "frequency": "Hằng năm",
            "figure_from": "Chỉ theo kết quả công bố",
        },
        {
            "code": "6.1.1",
            "name": "Tỷ lệ doanh nghiệp không có hoạt động đổi mới",
            "unit": "%",
            "pillar": "6",
            "direction": "Thấp hơn là tốt hơn",
            "target_on": "Số liệu gốc",
            "baseline_year": 2025,
            "baseline_value": 40,
            "target_op": "≤",
            "target_value": 35,
            "lead": "SKHCN",
            "cooperating": "STC",
            "frequency": "Hằng quý",
            "figure_name": "Tỷ lệ doanh nghiệp không có hoạt động đổi mới",
            "figure_unit": "%",
        },
    ],
    S.SHEET_AGENCIES: [
        {"code": "SKHCN", "name": "Sở Khoa học và Công nghệ", "kind": "Sở, ban, ngành", "reports": "Có"},
        {"code": "STC", "name": "Sở Tài chính", "kind": "Sở, ban, ngành", "reports": "Có"},
        {
            "code": "XA",
            "name": "UBND các xã, phường",
            "kind": "Nhóm đơn vị",
            "reports": "Không",
            "by_coordinator": "Có",
        },
    ],
    S.SHEET_TASKS: [
        {"id": "1.1.1-01", "indicator": "1.1.1", "text": "Rà soát thủ tục hành chính cấp xã"},
        {"id": "6.1.1-01", "indicator": "6.1.1", "text": "Hỗ trợ doanh nghiệp đổi mới công nghệ"},
        {"id": "C-01", "text": "Tuyên truyền về đổi mới sáng tạo", "lead": "STC"},
    ],
    S.SHEET_PERIODS: [
        {"id": "2026-Q1", "deadline": "18/03/2026"},
        {"id": "2026", "deadline": "18/12/2026"},
    ],
}


def fill_plan_workbook(path: Path, info: dict, tables: dict) -> Path:
    """Type a plan into the blank workbook as staff would: values in «Thông tin chung» column C, rows under the
    headers of each table."""
    wb = openpyxl.load_workbook(path)
    ws = wb[S.SHEET_INFO]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for key, value in info.items():
        ws.cell(rows[key], 3).value = value
    for sheet, items in tables.items():
        ws = wb[sheet]
        keys = [c.key for c in S.TABLES[sheet]]
        for r, item in enumerate(items, start=2):
            for key, value in item.items():
                ws.cell(r, keys.index(key) + 1).value = value
    wb.save(path)
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def new_plan(tmp_path: Path) -> Path:
    target = tmp_path / "ke-hoach.xlsx"
    result = run("plan", "new", "-o", str(target))
    assert result.exit_code == 0, result.output
    return fill_plan_workbook(target, INFO, TABLES)


def test_plan_new_gives_an_empty_workbook_with_sheets_lists_and_guide(tmp_path):
    target = tmp_path / "trong.xlsx"
    assert run("plan", "new", "-o", str(target)).exit_code == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == [S.SHEET_GUIDE, S.SHEET_INFO, *S.TABLES]
    for sheet, columns in S.TABLES.items():
        ws = wb[sheet]
        assert ws.max_row == 1, sheet  # headers only: nothing of another plan to delete
        assert [ws.cell(1, i + 1).value.rstrip(" *") for i in range(len(columns))] == [c.header for c in columns]
    assert wb[S.SHEET_INDICATORS].data_validations.dataValidation  # drop-downs ready for the rows to come
    guide = "\n".join(str(c.value) for c in wb[S.SHEET_GUIDE]["A"] if c.value)
    assert "Hằng năm" in guide and "VÍ DỤ" in guide and "MÃ KẾ HOẠCH" in guide
    info = {r[0].value: r[2].value for r in wb[S.SHEET_INFO].iter_rows(min_row=2)}
    assert info["id"] is None and info["ranking_size"] == 34  # 34 provinces since July 2025
    # a blank plan is not usable yet: each missing field named at its cell
    missing = {f.location.cell for f in check_plan(target).findings}
    assert {"C2", "C3"} <= missing
    assert run("plan", "new", "-o", str(target)).exit_code == 2  # never overwrites
    assert run("plan", "new", "-o", str(tmp_path / "x.csv")).exit_code == 2


def test_a_new_plan_filled_in_is_clean_and_runs(tmp_path):
    from pii_excel.template.generate import make_templates

    result = check_plan(new_plan(tmp_path))
    assert result.ok, [f.message for f in result.findings]
    assert [f.code for f in result.findings if f.severity is not Severity.INFO] == []
    plan = result.plan
    assert (plan.input_baseline_score, plan.output_baseline_score) == (53.06, 44.47)
    assert plan.require_indicator("6.1.1").direction == "lower"
    # the checker explains what yearly indicators do in the quarter, and who reports for the communes
    infos = {f.code: f.message for f in result.findings}
    assert "1.1.1" in infos["PLAN_YEARLY_IN_SHORTER_PERIODS"] and "2026-Q1" in infos["PLAN_YEARLY_IN_SHORTER_PERIODS"]
    assert "SKHCN" in infos["PLAN_GROUP_REPORTED_BY_COORDINATOR"]

    # the year: the communes' task reaches the coordinator's template, marked as reported on their behalf
    made = {m.duties.agency.code: m for m in make_templates(plan, "2026", tmp_path / "mau", now=datetime(2026, 12, 1))}
    assert set(made) == {"SKHCN", "STC"}
    tasks = openpyxl.load_workbook(made["SKHCN"].path)["Nhiệm vụ"]
    rows = {str(r[0].value): [c.value for c in r] for r in tasks.iter_rows() if r[0].value}
    assert "Chủ trì (thay UBND các xã, phường)" in rows["1.1.1-01"]
    assert "Chủ trì" in rows["6.1.1-01"]
    # the quarter: the yearly indicator and its task are not owed
    quarter = {m.duties.agency.code: m.duties for m in make_templates(plan, "2026-Q1", tmp_path / "q1")}
    assert [t.id for t, _ in quarter["SKHCN"].tasks] == ["6.1.1-01"]


def test_a_non_reporting_group_is_reported_by_the_coordinator_through_intake(tmp_path):
    """The coordinator's filled template carries the communes' task back as a lead task of the plan."""
    from conftest import fill_like_agency

    from pii_excel.intake.folder import run_intake
    from pii_excel.template.generate import make_templates

    plan = check_plan(new_plan(tmp_path)).plan
    made = {m.duties.agency.code: m for m in make_templates(plan, "2026", tmp_path / "mau", now=datetime(2026, 12, 1))}
    inbox = tmp_path / "input"
    inbox.mkdir()
    fill_like_agency(plan, made, "SKHCN", inbox / "skhcn.xlsx", saved=datetime(2026, 12, 10), period_id="2026")
    intake = run_intake(plan, "2026", inbox, now=datetime(2026, 12, 20))
    reports = {t.task: t for t in intake.tasks}
    assert reports["1.1.1-01"].role.value == "lead" and reports["1.1.1-01"].status is not None


def test_an_agency_left_from_the_old_plan_is_a_warning(tmp_path):
    tables = {
        **TABLES,
        S.SHEET_AGENCIES: [
            *TABLES[S.SHEET_AGENCIES],
            {"code": "SGTVT", "name": "Sở Giao thông vận tải", "kind": "Sở, ban, ngành", "reports": "Có"},
        ],
    }
    target = tmp_path / "ke-hoach.xlsx"
    run("plan", "new", "-o", str(target))
    result = check_plan(fill_plan_workbook(target, INFO, tables))
    assert result.ok
    assert [(f.code, f.location.cell) for f in result.findings if f.severity is Severity.WARNING] == [
        ("PLAN_AGENCY_WITHOUT_DUTIES", "A5")
    ]


def test_a_plan_file_keeping_a_builtin_id_is_refused_everywhere(exported_plans, tmp_path):
    """The new province's plan made from the exported Bắc Giang plan, id left as it was: refused by plan check and
    by consolidate/templates, which never fall back to the built-in plan."""
    bad = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "ke-hoach.xlsx",
        [
            (S.SHEET_INFO, "", "id", "pii-2024-bac-giang"),
            (S.SHEET_INFO, "", "province", "Bắc Ninh"),
            (S.SHEET_INDICATORS, "2.2.3", "target_value", 30),
        ],
    )
    result = run("plan", "check", str(bad))
    assert result.exit_code == 1
    assert (
        "là mã của kế hoạch có sẵn" in result.stderr
        and "ô C2" in result.stderr
        and "pii-2024-bac-ninh" in result.stderr
    )
    inbox = tmp_path / "input"
    inbox.mkdir()
    out = tmp_path / "output"
    for args in (
        ["consolidate", str(bad), "--period", "2024", "-i", str(inbox), "-o", str(out)],
        ["templates", str(bad), "--period", "2024", "-o", str(tmp_path / "mau")],
    ):
        result = run(*args)
        assert result.exit_code == 1 and "là mã của kế hoạch có sẵn" in result.stderr, args
    assert not out.exists() and not (tmp_path / "mau").exists()
    # the same plan with only what a department adds over time (e-mails, deadlines, figure bounds) keeps its id
    same = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "cung.xlsx",
        [
            (S.SHEET_INFO, "", "id", "pii-2024-bac-giang"),
            (S.SHEET_AGENCIES, "STC", "email", "stc@bacgiang.gov.vn"),
            (S.SHEET_INDICATORS, "2.2.3", "figure_bounds_min", 0),
            (S.SHEET_INDICATORS, "2.2.3", "figure_bounds_max", 3),
        ],
    )
    assert check_plan(same).ok


def test_a_results_folder_used_by_another_plan_with_the_same_id_is_refused(tmp_path):
    """Two plan files with the same id for two provinces: the second never writes into the first one's folder."""
    first = new_plan(tmp_path)
    other_dir = tmp_path / "khac"
    other_dir.mkdir()
    second = fill_plan_workbook(
        new_plan(other_dir),
        {**INFO, "province": "Lạng Sơn", "issuer": "UBND tỉnh Lạng Sơn", "doc_number": "7/KH-UBND"},
        {},
    )
    inbox, out = tmp_path / "input", tmp_path / "output"
    inbox.mkdir()
    assert run("consolidate", str(first), "--period", "2026-Q1", "-i", str(inbox), "-o", str(out)).exit_code == 0
    owner = out / "pii-2026-bac-ninh" / "ke-hoach.json"
    assert "Bắc Ninh" in owner.read_text(encoding="utf-8")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    for args in (
        ["consolidate", str(second), "--period", "2026-Q1", "-i", str(inbox), "-o", str(out)],
        ["remind", str(second), "--period", "2026-Q1", "-i", str(inbox), "-o", str(out)],
        ["history", str(second), "-o", str(out)],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Lạng Sơn" in result.stderr and "Bắc Ninh" in result.stderr and "Traceback" not in result.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    # the same plan edited (a target changed) still writes there
    fill_plan_workbook(first, {}, {S.SHEET_INDICATORS: [{"target_value": 46}]})
    assert run("consolidate", str(first), "--period", "2026-Q1", "-i", str(inbox), "-o", str(out)).exit_code == 0


def test_side_baselines_reach_the_evaluation(tmp_path):
    from pii_excel.evaluate import evaluate
    from pii_excel.intake.folder import run_intake

    plan = check_plan(new_plan(tmp_path)).plan
    inbox = tmp_path / "input"
    inbox.mkdir()
    result = evaluate(plan, run_intake(plan, "2026", inbox, now=datetime(2026, 12, 10)), [], "2026")
    composites = {r.code: r for r in result.pillars if r.kind == "total"}
    assert composites["DAU_VAO"].baseline_score == 53.06 and composites["DAU_RA"].baseline_score == 44.47
    assert date(2026, 1, 15) == plan.doc_date


@pytest.mark.parametrize("bad", ["pii-2026-ca-mau-_______", "../../tmp/pii-2026", "PII 2026 Cà Mau"])
def test_a_plan_id_is_a_folder_name_and_is_validated(tmp_path, bad):
    """Issue #36: a rule typed under the province's name leaked into the id; the id names the results folder, so
    nothing but lower-case letters, digits and dashes passes, and the cell says what to type."""
    target = tmp_path / "ke-hoach.xlsx"
    run("plan", "new", "-o", str(target))
    result = check_plan(fill_plan_workbook(target, {**INFO, "id": bad}, TABLES))
    assert not result.ok
    found = next(f for f in result.findings if f.code == "PLAN_ID_INVALID")
    assert found.location.sheet == S.SHEET_INFO and "chữ thường không dấu" in found.message
    assert re.search(r"ví dụ «[a-z0-9-]+»", found.message)


def test_an_agency_named_only_beside_an_indicator_without_tasks_is_told_the_truth(tmp_path):
    """Issue #36: a cooperating agency of an indicator that has no task has no template; the warning names the
    indicator and the two ways out, never «a row left from an old plan»."""
    indicators = [dict(TABLES[S.SHEET_INDICATORS][0], cooperating="SGTVT"), TABLES[S.SHEET_INDICATORS][1]]
    tasks = TABLES[S.SHEET_TASKS][1:]  # 1.1.1 without its task
    agencies = [
        *TABLES[S.SHEET_AGENCIES],
        {"code": "SGTVT", "name": "Sở Giao thông vận tải", "kind": "Sở, ban, ngành", "reports": "Có"},
    ]
    tables = {**TABLES, S.SHEET_INDICATORS: indicators, S.SHEET_TASKS: tasks, S.SHEET_AGENCIES: agencies}
    target = tmp_path / "ke-hoach.xlsx"
    run("plan", "new", "-o", str(target))
    result = check_plan(fill_plan_workbook(target, INFO, tables))
    said = [f for f in result.findings if f.code.value.startswith("PLAN_AGENCY")]
    assert [f.code.value for f in said] == ["PLAN_AGENCY_NOTHING_TO_REPORT"]
    assert "chỉ số 1.1.1" in said[0].message and "kế hoạch cũ" not in said[0].message
