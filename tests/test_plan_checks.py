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
    (
        PII,
        [(S.SHEET_PERIODS, "2024", "deadline", "10/12/2024")],
        ("PLAN_DEADLINE_NOT_AFTER_CUT_OFF", S.SHEET_PERIODS, "B2"),
    ),
    # last year's deadline kept: an error now, not a warning
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "05/01/2023")], ("PLAN_DEADLINE_WRONG_YEAR", S.SHEET_PERIODS, "B2")),
    (PII, [(S.SHEET_PERIODS, "2025", "deadline", "19/12/2024")], ("PLAN_DEADLINE_WRONG_YEAR", S.SHEET_PERIODS, "B3")),
    # a comparator typed with the number, against the comparator column: found at the cell typed (K), not at J
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.3", "target_op", "≤"), (S.SHEET_INDICATORS, "2.2.3", "target_value", "≥1")],
        ("PLAN_COMPARATOR_CONFLICT", S.SHEET_INDICATORS, "K3"),
    ),
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.3", "baseline_value", "≥5")],
        ("PLAN_COMPARATOR_IN_NUMBER", S.SHEET_INDICATORS, "I3"),
    ),
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.3", "target_value", "20.000")],
        ("PLAN_NUMBER_THOUSANDS_DOT", S.SHEET_INDICATORS, "K3"),
    ),
    # a duplicate is reported at the repeat, not at the first use
    (PII, [(S.SHEET_INDICATORS, "2.2.4", "code", "2.2.3")], ("PLAN_CODE_DUPLICATE", S.SHEET_INDICATORS, "A4")),
    (
        PII,
        [(S.SHEET_AGENCIES, "UBND_HUYEN", "reports", "Có")],
        ("PLAN_GROUP_MARKED_REPORTING", S.SHEET_AGENCIES, "H14"),
    ),
    (
        PII,
        [(S.SHEET_AGENCIES, "UBND_HUYEN", "by_coordinator", "Có")],
        ("PLAN_GROUP_REPORTED_BY_COORDINATOR", S.SHEET_AGENCIES, "I14"),
    ),
    (PII, [(S.SHEET_PERIODS, "2025", "ranking_size", 63)], ("PLAN_RANKING_SIZE_OUTDATED", S.SHEET_PERIODS, "E3")),
    (PII, [(S.SHEET_INFO, "", "id", "pii-2019-bac-giang")], ("PLAN_ID_YEAR_MISMATCH", S.SHEET_INFO, "C2")),
    (
        PII,
        [(S.SHEET_INFO, "", "id", "pii-2024-bac-giang"), (S.SHEET_INDICATORS, "2.2.3", "target_value", 99)],
        ("PLAN_ID_TAKEN", S.SHEET_INFO, "C2"),
    ),
    (PCI, [(S.SHEET_INDICATORS, "1", "frequency", "Hằng năm")], ("PLAN_YEARLY_IN_SHORTER_PERIODS", "", "")),
    (
        PII,
        [(S.SHEET_PERIODS, "2024", "deadline", "16/12/2024")],
        ("PLAN_DEADLINE_NO_WORKING_DAY", S.SHEET_PERIODS, "B2"),
    ),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "21/12/2024")], ("PLAN_DEADLINE_DAY_OFF", S.SHEET_PERIODS, "B2")),
    (PII, [(S.SHEET_PERIODS, "2024", "start", "01/01/2025")], ("PLAN_DATA_PERIOD_INVALID", S.SHEET_PERIODS, "C2")),
    (PII, [(S.SHEET_PERIODS, "2024", "deadline", "31/02/2025")], ("PLAN_VALUE_NOT_DATE", S.SHEET_PERIODS, "B2")),
    (
        PCI,
        [(S.SHEET_INDICATORS, "1", "target_increase", -0.5)],
        ("PLAN_INCREASE_NOT_POSITIVE", S.SHEET_INDICATORS, "L2"),
    ),
    (
        PCI,
        [(S.SHEET_INDICATORS, "1", "baseline_value", None)],
        ("PLAN_INCREASE_BASELINE_MISSING", S.SHEET_INDICATORS, "I2"),
    ),
    (PCI, [(S.SHEET_PILLARS, "1", "weight", 50)], ("PLAN_WEIGHTS_NOT_100", "", "")),
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.3", "figure_bounds_min", 5), (S.SHEET_INDICATORS, "2.2.3", "figure_bounds_max", 1)],
        ("PLAN_BOUNDS_INVALID", S.SHEET_INDICATORS, "AB3"),
    ),
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.4", "figure_bounds_min", 0.1)],
        ("PLAN_BOUNDS_INCOMPLETE", S.SHEET_INDICATORS, "AB4"),
    ),
    (
        PII,
        [(S.SHEET_INDICATORS, "2.2.3", "figure_denominator", None)],
        ("PLAN_RATIO_INCOMPLETE", S.SHEET_INDICATORS, "U3"),
    ),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "group", "9.9")], ("PLAN_GROUP_UNKNOWN", S.SHEET_INDICATORS, "E3")),
    (PII, [(S.SHEET_GROUPS, "2.2", "pillar", "9")], ("PLAN_PILLAR_UNKNOWN", S.SHEET_GROUPS, "C5")),
    (PII, [(S.SHEET_INDICATORS, "2.2.3", "figure_name", None)], ("PLAN_FIGURE_UNNAMED", S.SHEET_INDICATORS, "Q3")),
]


@pytest.mark.parametrize(("plan_id", "edits", "expected"), CASES, ids=[c[2][0] for c in CASES])
def test_each_mistake_is_found_at_its_cell(exported_plans, tmp_path, plan_id, edits, expected):
    bad = edit_plan_workbook(exported_plans[plan_id], tmp_path / "ke-hoach.xlsx", edits)
    assert expected in _found(bad)


def _edit_rows(src, dst, sheet: str, change) -> None:
    wb = openpyxl.load_workbook(src)
    change(wb[sheet])
    wb.save(dst)


def test_a_renamed_header_is_named_at_its_cell_and_nothing_is_misread(exported_plans, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"
    _edit_rows(exported_plans[PII], bad, S.SHEET_INDICATORS, lambda ws: setattr(ws["B1"], "value", "Tên"))
    assert _found(bad) == {("PLAN_COLUMN_RENAMED", S.SHEET_INDICATORS, "B1")}
    # «Giá trị năm cơ sở» (I1, not a required column) renamed «Mục tiêu»: one error at I1, no error elsewhere
    _edit_rows(exported_plans[PII], bad, S.SHEET_INDICATORS, lambda ws: setattr(ws["I1"], "value", "Mục tiêu"))
    found = check_plan(bad).findings
    assert [(f.code, f.location.cell) for f in found] == [("PLAN_COLUMN_RENAMED", "I1")]
    assert "«Mục tiêu»" in found[0].message and "«Giá trị năm cơ sở»" in found[0].message


def test_a_missing_header_is_named_where_it_belongs(exported_plans, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"

    def drop_name_column(ws):
        ws.delete_cols(2)

    _edit_rows(exported_plans[PII], bad, S.SHEET_INDICATORS, drop_name_column)
    assert ("PLAN_COLUMN_MISSING", S.SHEET_INDICATORS, "B1") in _found(bad)


def test_headers_are_found_by_meaning(exported_plans, tmp_path):
    """Headers typed without diacritics, with «(bắt buộc)», reordered columns: the same plan is read."""
    edited = tmp_path / "ke-hoach.xlsx"

    def retype(ws):
        ws["A1"] = "Ma chi so (bat buoc)"
        ws["M1"] = "Đơn vị chủ trì"
        ws.move_range("B1:B40", rows=0, cols=40)  # the name column moved to the far right

    _edit_rows(exported_plans[PII], edited, S.SHEET_INDICATORS, retype)
    result = check_plan(edited)
    assert result.ok, [f.message for f in result.findings]
    original = check_plan(PII).plan
    assert [(i.code, i.name, i.lead) for i in result.plan.indicators] == [
        (i.code, i.name, i.lead) for i in original.indicators
    ]


def test_an_unknown_column_with_data_is_a_warning_naming_its_header(exported_plans, tmp_path):
    edited = tmp_path / "ke-hoach.xlsx"

    def add_note(ws):
        ws.cell(1, 40, "Ghi chú riêng của phòng")
        ws.cell(3, 40, "đã hỏi Cục Thống kê")

    _edit_rows(exported_plans[PII], edited, S.SHEET_INDICATORS, add_note)
    result = check_plan(edited)
    assert result.ok
    assert ("PLAN_COLUMN_UNKNOWN", S.SHEET_INDICATORS, "AN1") in _found(edited)


def test_info_rows_are_found_by_label_when_the_key_is_edited(exported_plans, tmp_path):
    edited = tmp_path / "ke-hoach.xlsx"
    _edit_rows(exported_plans[PII], edited, S.SHEET_INFO, lambda ws: setattr(ws["A2"], "value", "ma ke hoach"))
    assert check_plan(edited).plan.id == PII  # found by its label in column B
    both = tmp_path / "both.xlsx"

    def break_row(ws):
        ws["A2"] = "ma"
        ws["B2"] = "Mã"

    _edit_rows(exported_plans[PII], both, S.SHEET_INFO, break_row)
    found = check_plan(both).findings
    assert [(f.code, f.location.sheet, f.location.cell) for f in found] == [
        ("PLAN_INFO_ROW_MISSING", S.SHEET_INFO, "A2")
    ]
    assert "«id»" in found[0].message


def test_a_comparator_typed_with_the_target_is_taken_when_its_column_is_blank(exported_plans, tmp_path):
    edited = edit_plan_workbook(
        exported_plans[PII],
        tmp_path / "ke-hoach.xlsx",
        [(S.SHEET_INDICATORS, "2.2.3", "target_op", None), (S.SHEET_INDICATORS, "2.2.3", "target_value", "≥ 20")],
    )
    result = check_plan(edited)
    assert not any(f.code == "PLAN_TARGET_COMPARATOR_MISSING" for f in result.findings)
    indicator = result.plan.indicator("2.2.3")
    assert (indicator.target.op, indicator.target.value) == ("≥", 20)


def test_a_thousands_dot_says_how_it_was_read(exported_plans, tmp_path):
    edited = edit_plan_workbook(
        exported_plans[PII], tmp_path / "k.xlsx", [(S.SHEET_INDICATORS, "2.2.3", "target_value", "20.000")]
    )
    found = next(f for f in check_plan(edited).findings if f.code == "PLAN_NUMBER_THOUSANDS_DOT")
    assert "20 000" in found.message and "«20»" in found.message


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
        (
            "sai-kieu.json",
            b'{"id": "x", "title": "y", "indicators": [{"code": "1", "name": "a", "tasks": 5}]}',
            "cấu trúc",
        ),
        ("latin.json", '{"id": "ké"}'.encode("latin-1"), "UTF-8"),
        ("hong.xlsx", b"PK\x03\x04 not a workbook", "bị hỏng"),
    ],
)
def test_a_broken_plan_file_is_explained_in_vietnamese(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    result = check_plan(path)
    assert result.plan is None and [f.code for f in result.findings] == ["PLAN_UNREADABLE"]
    message = result.findings[0].message
    assert said in message and "Error" not in message and "__init__" not in message, message
    assert result.findings[0].technical  # the library's words, kept for support


@pytest.mark.parametrize("plan_id", [PII, PCI])
def test_builtin_plans_have_no_error(plan_id):
    """load_plan trusts the built-in plans without checking them again (start-up time); this is why it may."""
    assert not [f.message for f in check_plan(plan_id).findings if f.severity.value == "error"]
