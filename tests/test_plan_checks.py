"""Every plan check, reached the way staff make the mistake (editing the exported plan workbook), at its cell."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import edit_plan_workbook

from pii_excel.plan import check_plan
from pii_excel.plan import workbook_schema as S

PII = "pii-2024-bac-giang"
PCI = "pci-2020-skhcn"


def _found(path):
    return {(f.code, f.location.sheet, f.location.cell) for f in check_plan(path).findings}


CASES = [
    # (plan, edits, expected (code, sheet, cell))
    (PII, [(S.SHEET_AGENCIES, "STC", "code", "Sở Tài chính")], ("PLAN_CODE_INVALID", S.SHEET_AGENCIES, "A8")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "lead", None)], ("PLAN_FIELD_MISSING", S.SHEET_INDICATORS, "M3")),
    (PII, [(S.SHEET_TASKS, "1.1.1-01", "indicator", "9.9.9")], ("PLAN_INDICATOR_UNKNOWN", S.SHEET_TASKS, "B2")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "pillar", "9")], ("PLAN_PILLAR_UNKNOWN", S.SHEET_INDICATORS, "D3")),
    (PII, [(S.SHEET_PILLARS, "1", "baseline_rank", 70)], ("PLAN_RANK_OUT_OF_RANGE", S.SHEET_PILLARS, "F2")),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "05/01/2023")],
     ("PLAN_DEADLINE_NOT_AFTER_CUT_OFF", S.SHEET_PERIODS, "B2")),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "16/12/2024")],
     ("PLAN_DEADLINE_NO_WORKING_DAY", S.SHEET_PERIODS, "B2")),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "21/12/2024")], ("PLAN_DEADLINE_DAY_OFF", S.SHEET_PERIODS, "B2")),
    (PII, [(S.SHEET_PERIODS, "2024", "start", "01/01/2025")], ("PLAN_DATA_PERIOD_INVALID", S.SHEET_PERIODS, "C2")),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "31/02/2025")], ("PLAN_VALUE_NOT_DATE", S.SHEET_PERIODS, "B2")),
    (PCI, [(S.SHEET_INDICATORS, "1", "target_increase", -0.5)],
     ("PLAN_INCREASE_NOT_POSITIVE", S.SHEET_INDICATORS, "L2")),
    (PCI, [(S.SHEET_INDICATORS, "1", "baseline_value", None)],
     ("PLAN_INCREASE_BASELINE_MISSING", S.SHEET_INDICATORS, "I2")),
    (PCI, [(S.SHEET_PILLARS, "1", "weight", 50)], ("PLAN_WEIGHTS_NOT_100", "", "")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "figure_bounds_min", 5), (S.SHEET_INDICATORS, "2.2.3", "figure_bounds_max", 1)],
     ("PLAN_BOUNDS_INVALID", S.SHEET_INDICATORS, "AB3")),
    (PII, [(S.SHEET_INDICATORS, "2.2.4", "figure_bounds_min", 0.1)],
     ("PLAN_BOUNDS_INCOMPLETE", S.SHEET_INDICATORS, "AB4")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "figure_denominator", None)],
     ("PLAN_RATIO_INCOMPLETE", S.SHEET_INDICATORS, "U3")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "group", "9.9")], ("PLAN_GROUP_UNKNOWN", S.SHEET_INDICATORS, "E3")),
    (PII, [(S.SHEET_GROUPS, "2.2", "pillar", "9")], ("PLAN_PILLAR_UNKNOWN", S.SHEET_GROUPS, "C5")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "figure_name", None)], ("PLAN_FIGURE_UNNAMED", S.SHEET_INDICATORS, "Q3")),
]  # fmt: skip


@pytest.mark.parametrize(("plan_id", "edits", "expected"), CASES, ids=[c[2][0] for c in CASES])
def test_each_mistake_is_found_at_its_cell(exported_plans, tmp_path, plan_id, edits, expected):
    bad = edit_plan_workbook(exported_plans[plan_id], tmp_path / "ke-hoach.xlsx", edits)
    assert expected in _found(bad)


def _edit_rows(src, dst, sheet: str, change) -> None:
    wb = openpyxl.load_workbook(src)
    change(wb[sheet])
    wb.save(dst)


def test_a_renamed_header_is_a_missing_column_at_the_header(exported_plans, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"
    _edit_rows(exported_plans[PII], bad, S.SHEET_INDICATORS, lambda ws: setattr(ws["B1"], "value", "Tên"))
    assert ("PLAN_COLUMN_MISSING", S.SHEET_INDICATORS, "1") in _found(bad)


def test_a_group_inside_a_group_and_an_indicator_without_lead(exported_plans, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"
    src = exported_plans[PII]
    wb = openpyxl.load_workbook(src)
    agencies = wb[S.SHEET_AGENCIES]
    groups = [r for r in range(2, agencies.max_row + 1) if agencies.cell(r, 4).value == "Nhóm đơn vị"]
    assert len(groups) >= 2, "the built-in plan has groups"
    first, second = (agencies.cell(r, 1).value for r in groups[:2])
    agencies.cell(groups[0], 6).value = second  # members of the first group: the second group
    agencies.cell(groups[0], 7).value = "Không"
    wb.save(bad)
    found = _found(bad)
    assert ("PLAN_GROUP_NESTED", S.SHEET_AGENCIES, f"F{groups[0]}") in found, (first, second, found)


def test_no_periods_and_no_reporting_agency(exported_plans, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"
    wb = openpyxl.load_workbook(exported_plans[PII])
    periods = wb[S.SHEET_PERIODS]
    periods.delete_rows(2, periods.max_row)
    agencies = wb[S.SHEET_AGENCIES]
    for r in range(2, agencies.max_row + 1):
        if agencies.cell(r, 1).value:
            agencies.cell(r, 8).value = "Không"
    wb.save(bad)
    codes = {code for code, _, _ in _found(bad)}
    assert {"PLAN_PERIODS_MISSING", "PLAN_REPORTER_MISSING"} <= codes


def test_an_indicator_without_lead_in_the_json_form(tmp_path):
    import json

    from pii_excel.plan import load_plan
    from pii_excel.plan.serialize import plan_to_dict

    data = plan_to_dict(load_plan(PII))
    data["indicators"][0]["lead"] = []
    path = tmp_path / "ke-hoach.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "PLAN_LEAD_MISSING" in {f.code for f in check_plan(path).findings}


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("hong.json", b'{"id": "x", "title": ', "dòng 1"),
        ("mang.json", b"[1, 2]", "cấu trúc"),
        ("thieu.json", b'{"id": "x", "title": "y", "periods": [{"id": "2024"}]}', "thiếu trường «deadline»"),
        ("sai-kieu.json", b'{"id": "x", "title": "y", "indicators": [{"code": "1", "name": "a", "tasks": 5}]}',
         "cấu trúc"),
        ("latin.json", '{"id": "ké"}'.encode("latin-1"), "UTF-8"),
        ("hong.xlsx", b"PK\x03\x04 not a workbook", "bị hỏng"),
    ],
)  # fmt: skip
def test_a_broken_plan_file_is_explained_in_vietnamese(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    result = check_plan(path)
    assert result.plan is None and [f.code for f in result.findings] == ["PLAN_UNREADABLE"]
    message = result.findings[0].message
    assert said in message and "Error" not in message and "__init__" not in message, message
    assert result.findings[0].technical  # the library's words, kept for support
