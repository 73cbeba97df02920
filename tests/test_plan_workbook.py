"""Plan workbooks: export, load back the same plan, and report every problem with its sheet and cell."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import convert_with_libreoffice, edit_plan_workbook

from pii_excel.plan import check_plan, load_plan
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.fingerprint import plan_fingerprint
from pii_excel.plan.serialize import plan_to_dict


@pytest.mark.parametrize("plan_id", ["pii-2024-bac-giang", "pci-2020-skhcn"])
def test_round_trip_gives_back_the_same_plan(plan_id, exported_plans):
    result = check_plan(exported_plans[plan_id])
    assert result.ok, [f.message for f in result.findings]
    original = load_plan(plan_id)
    assert plan_to_dict(result.plan) == plan_to_dict(original)
    assert plan_fingerprint(result.plan) == plan_fingerprint(original)


def test_bounds_previous_figures_and_a_profile_round_trip(tmp_path):
    from pii_excel.plan.model import ProfileScore
    from pii_excel.plan.workbook_write import write_plan_workbook
    from pii_excel.sample.demo import demo_plan

    plan = demo_plan()  # last year's figures for most indicators
    figure = plan.require_indicator("6.1.1").figure
    figure.bounds_min, figure.bounds_max, figure.bounds_year = 0.0, 2.5, 2023  # bounds the plan sets itself
    plan.profile = [
        ProfileScore("1.1.2", "Chỉ số 1.1.2", "1.1", 55.5, 2023),
        ProfileScore("6.1.2", "Chỉ số 6.1.2", "6.1"),
    ]
    result = check_plan(write_plan_workbook(plan, tmp_path / "ke-hoach.xlsx"))
    assert result.ok, [f.message for f in result.findings]
    assert plan_to_dict(result.plan) == plan_to_dict(plan)
    figure = result.plan.require_indicator("6.1.1").figure
    assert (figure.bounds_min, figure.bounds_max, figure.bounds_year) == (0.0, 2.5, 2023)
    assert plan_fingerprint(result.plan) == plan_fingerprint(plan) != plan_fingerprint(load_plan(plan.id))


def test_a_plan_workbook_without_the_new_sheets_still_reads(exported_plans, tmp_path):
    wb = openpyxl.load_workbook(exported_plans["pci-2020-skhcn"])
    del wb[S.SHEET_GROUPS], wb[S.SHEET_PROFILE]  # made before groups and profiles existed
    wb.save(tmp_path / "cu.xlsx")
    result = check_plan(tmp_path / "cu.xlsx")
    assert result.ok and result.plan.groups == [] and result.plan.profile == []


def test_workbook_has_every_part_with_drop_downs(exported_plans):
    wb = openpyxl.load_workbook(exported_plans["pii-2024-bac-giang"])
    assert wb.sheetnames == [S.SHEET_GUIDE, S.SHEET_INFO, *S.TABLES]
    ws = wb[S.SHEET_INDICATORS]
    assert [c.value for c in ws[1]][:3] == ["Mã chỉ số *", "Tên chỉ số *", "Đơn vị tính *"]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "≥" in lists["J"]  # comparator column
    assert "Cao hơn là tốt hơn" in lists["F"]  # direction
    assert "Điểm số" in lists["G"]  # what the target is on
    assert "Thường xuyên" in lists["O"]  # frequency
    assert "Chỉ theo kết quả công bố" in lists["P"]  # who supplies the figure
    assert ws.freeze_panes == "B2"
    assert wb[S.SHEET_AGENCIES].data_validations.dataValidation  # kind and yes/no lists


def _codes(findings):
    return sorted((f.code, f.location.sheet, f.location.cell) for f in findings if f.severity.value == "error")


def test_check_locates_each_error(exported_plans, tmp_path):
    bad = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "bad.xlsx",
        [
            (S.SHEET_INDICATORS, "2.2.3", "lead", "SKHCN; SO_KHONG_CO"),
            (S.SHEET_INDICATORS, "2.2.4", "target_value", "hai mươi"),
            (S.SHEET_INDICATORS, "6.1.1", "target_op", "≈"),
            (S.SHEET_INDICATORS, "6.2.3", "target_op", "≤"),
            (S.SHEET_INDICATORS, "1.2.1", "frequency", "Hai năm một lần"),
            (S.SHEET_AGENCIES, "SGDDT", "code", "SKHDT"),
            (S.SHEET_PERIODS, "2025", "id", "2025-Q5"),
        ],
    )
    result = check_plan(bad)
    assert not result.ok
    assert _codes(result.findings) == sorted(
        [
            ("PLAN_AGENCY_UNKNOWN", S.SHEET_INDICATORS, "M3"),
            ("PLAN_VALUE_NOT_NUMBER", S.SHEET_INDICATORS, "K4"),
            ("PLAN_COMPARATOR_INVALID", S.SHEET_INDICATORS, "J5"),
            ("PLAN_TARGET_AGAINST_DIRECTION", S.SHEET_INDICATORS, "J6"),
            ("PLAN_VALUE_NOT_IN_LIST", S.SHEET_INDICATORS, "O8"),
            ("PLAN_CODE_DUPLICATE", S.SHEET_AGENCIES, "A4"),  # at the repeat, not the first use
            ("PLAN_PERIOD_INVALID", S.SHEET_PERIODS, "A3"),
            # SGDDT disappeared: its indicator and duties now name an unknown agency
            ("PLAN_AGENCY_UNKNOWN", S.SHEET_INDICATORS, "M11"),
            *[("PLAN_AGENCY_UNKNOWN", S.SHEET_TASKS, f"D{r}") for r in (64, 65, 66)],
        ]
    )
    messages = " ".join(f.message for f in result.findings)
    assert "SO_KHONG_CO" in messages and "hai mươi" in messages


def test_check_flags_target_contradicting_lower_is_better(exported_plans, tmp_path):
    bad = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "lower.xlsx",
        [(S.SHEET_INDICATORS, "3.1.1", "direction", "Thấp hơn là tốt hơn")],
    )
    assert _codes(check_plan(bad).findings) == [("PLAN_TARGET_AGAINST_DIRECTION", S.SHEET_INDICATORS, "J14")]


def test_increase_target_must_agree_with_baseline(exported_plans, tmp_path):
    bad = edit_plan_workbook(
        exported_plans["pci-2020-skhcn"], tmp_path / "inc.xlsx", [(S.SHEET_INDICATORS, "1", "target_increase", 1.5)]
    )
    result = check_plan(bad)
    assert result.ok  # a warning only: the department may have rounded
    assert [(f.code, f.location.cell) for f in result.findings] == [("PLAN_TARGET_INCONSISTENT", "K2")]


def test_typed_values_are_understood(exported_plans, tmp_path):
    """Numbers typed as text with a decimal comma, dates as text, codes separated by commas."""
    edited = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "typed.xlsx",
        [
            (S.SHEET_INDICATORS, "2.2.3", "target_value", "12,5"),
            (S.SHEET_INDICATORS, "2.2.3", "cooperating", "SKHDT, STC"),
            (S.SHEET_PERIODS, "2024", "deadline", "20/12/2024"),
            (S.SHEET_INFO, "", "ranking_size", 34),
        ],
    )
    plan = check_plan(edited).plan
    ind = plan.indicator("2.2.3")
    assert ind.target.value == 12.5 and ind.cooperating == ["SKHDT", "STC"]
    assert plan.period("2024").deadline.isoformat() == "2024-12-20"
    assert plan.ranking_size == 34


def test_missing_sheet_and_unreadable_file(exported_plans, tmp_path):
    wb = openpyxl.load_workbook(exported_plans["pii-2024-bac-giang"])
    del wb[S.SHEET_TASKS]
    wb.save(tmp_path / "no-tasks.xlsx")
    result = check_plan(tmp_path / "no-tasks.xlsx")
    assert result.plan is None
    assert [(f.code, f.location.sheet) for f in result.findings] == [("PLAN_SHEET_MISSING", S.SHEET_TASKS)]

    (tmp_path / "not-excel.xlsx").write_text("STT;Chỉ số\n1;2\n", encoding="utf-8")
    result = check_plan(tmp_path / "not-excel.xlsx")
    assert result.plan is None and [f.code for f in result.findings] == ["PLAN_UNREADABLE"]


def test_a_new_plan_for_another_province_needs_no_code(exported_plans, tmp_path):
    edited = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"],
        tmp_path / "bac-ninh.xlsx",
        [
            (S.SHEET_INFO, "", "id", "pii-2026-bac-ninh"),
            (S.SHEET_INFO, "", "province", "Bắc Ninh"),
            (S.SHEET_INFO, "", "ranking_size", 34),
            (S.SHEET_PERIODS, "2024", "id", "2027"),
            (S.SHEET_PERIODS, "2027", "deadline", "15/12/2027"),
        ],
    )
    plan = load_plan(edited)
    assert (plan.id, plan.province, plan.ranking_size) == ("pii-2026-bac-ninh", "Bắc Ninh", 34)
    assert plan.period("2027").label == "Năm 2027"
    # the data period follows the renamed id (Nghị định 09/2019: 15/12 of the previous year to 14/12)
    assert (plan.period("2027").start, plan.period("2027").end) == (date(2026, 12, 15), date(2027, 12, 14))


@pytest.mark.libreoffice
def test_plan_saved_by_libreoffice_as_ods_loads_the_same(exported_plans, tmp_path):
    ods = convert_with_libreoffice(exported_plans["pci-2020-skhcn"], "ods", tmp_path)
    result = check_plan(ods)
    assert result.ok, [f.message for f in result.findings]
    assert plan_to_dict(result.plan) == plan_to_dict(load_plan("pci-2020-skhcn"))


def test_a_percentage_target_over_100_is_located(exported_plans, tmp_path):
    bad = edit_plan_workbook(
        exported_plans["pci-2020-skhcn"], tmp_path / "pct.xlsx", [(S.SHEET_INDICATORS, "8.1", "target_value", 145)]
    )
    found = [(f.code, f.location.sheet) for f in check_plan(bad).findings if f.code == "PLAN_PERCENT_OUT_OF_RANGE"]
    assert found == [("PLAN_PERCENT_OUT_OF_RANGE", S.SHEET_INDICATORS)]


def test_a_plan_without_coordinator_is_told_so(exported_plans, tmp_path):
    bad = edit_plan_workbook(
        exported_plans["pii-2024-bac-giang"], tmp_path / "no-coord.xlsx", [(S.SHEET_INFO, "", "coordinator", None)]
    )
    result = check_plan(bad)
    assert not result.ok
    assert "PLAN_FIELD_MISSING" in {f.code for f in result.findings}
