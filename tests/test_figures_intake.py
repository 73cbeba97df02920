"""Raw figures as agencies send them: numerator and denominator checked against the figure, computed when the
figure is blank, compared with last year's figure; evidence required."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import NOW, fill_like_agency

from pii_excel.intake.folder import run_intake
from pii_excel.plan import load_plan
from pii_excel.template import layout as L
from pii_excel.template.generate import make_templates


@pytest.fixture(scope="module")
def skhcn_run(tmp_path_factory):
    plan = load_plan("pii-2024-bac-giang")
    plan.require_indicator("6.1.1").figure.previous_value = 0.4  # last year's figure, as the plan file keeps it
    folder = tmp_path_factory.mktemp("figures")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", folder / "tpl", now=NOW)}

    def typed(a):
        a.values.update({"6.1.1": 5.0, "2.2.3": 0.5, "2.2.4": None, "2.2.1": 2.37})
        a.ratios.update(
            {
                "2.2.3": (700.0, 190_000.0),
                "2.2.4": (45, 190.0),
                "6.2.3": (13, None),
                "6.3.3": (57, 0),
                "2.2.1": (450, 190.0),
            }
        )
        a.sources["2.2.1"] = ""
        a.notes["2.2.1"] = "https://vanban.bacgiang.gov.vn/41"  # a link alone is not the evidence document

    fill_like_agency(plan, made, "SKHCN", folder / "in" / "skhcn.xlsx", edit=typed)
    result = run_intake(plan, "2024", folder / "in", now=NOW)
    return result, {v.indicator: v for v in result.values}


def _at(result):
    return sorted((f.code, f.location.cell) for f in result.findings if f.location.file == "skhcn.xlsx")


def test_each_figure_problem_is_found_at_its_cell(skhcn_run):
    result, _ = skhcn_run
    # rows: 2.2.3, 2.2.4, 6.1.1, 6.2.3, 6.3.3, 2.2.1 (1.1.1 is a list of documents); columns G numerator,
    # H denominator, I figure, J evidence
    assert _at(result) == sorted(
        [
            ("VALUE_RATIO_MISMATCH", "K4"),
            ("VALUE_FROM_RATIO", "K5"),
            ("VALUE_IMPLAUSIBLE", "K6"),
            ("VALUE_RATIO_PART_MISSING", "J7"),
            ("VALUE_RATIO_ZERO_DENOMINATOR", "J8"),
            ("VALUE_SOURCE_MISSING", "L9"),
        ]
    )
    implausible = next(f for f in result.findings if f.code == "VALUE_IMPLAUSIBLE")
    assert "số liệu năm trước (0,4)" in implausible.message


def test_the_figure_used_follows_its_numerator_and_denominator(skhcn_run):
    _, values = skhcn_run
    assert values["2.2.3"].value == pytest.approx(700 / 190_000 * 100)  # the typed 0,5 did not add up
    assert values["2.2.4"].value == pytest.approx(45 / 190)  # left blank: computed
    assert (values["2.2.4"].numerator, values["2.2.4"].denominator) == (45, 190)
    assert values["2.2.1"].value == 2.37  # typed to two decimals: matches 450 / 190 = 2,3684
    assert values["6.1.1"].value == 5.0  # implausible is a warning: the figure stands until the agency says


def test_a_rejected_numerator_is_named_once_at_its_own_cell(pii_2024, tmp_path):
    plan, made = pii_2024

    def typed(a):
        a.ratios.update({"2.2.3": ("khoảng 700", 190_000.0), "2.2.4": (-45, 190.0)})

    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=typed)
    result = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    found = _at(result)
    assert [c for c in found if c[1] in ("H4", "H5")] and all(c[0] != "VALUE_RATIO_PART_MISSING" for c in found)
    messages = " ".join(f.message for f in result.findings)
    assert "chưa có tử số" not in messages and "khoảng 700" in messages


def test_a_figure_worked_out_from_its_parts_is_checked_against_last_year_and_its_units(tmp_path):
    """The template promises a year-on-year check; it must hold for a figure computed from numerator and
    denominator too (issue #34: 2.2.1 came out 0,0002 người/10.000 dân against 2,36 last year, unflagged, because
    the population was typed in persons where «vạn người» is asked)."""
    plan = load_plan("pii-2024-bac-giang")
    plan.require_indicator("2.2.1").figure.previous_value = 2.36
    plan.require_indicator("6.1.1").figure.previous_value = 0.4
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", tmp_path / "tpl", now=NOW)}

    def typed(a):
        a.values.update({"2.2.1": None, "6.1.1": None})
        a.ratios.update({"2.2.1": (450, 1_890_000), "6.1.1": (380, 189.0)})  # persons; 2,01 đơn/10.000 dân

    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=typed)
    result = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    found = {f.code.value: f for f in result.findings if f.code.value in ("VALUE_UNIT_SUSPECTED", "VALUE_IMPLAUSIBLE")}
    slip = found["VALUE_UNIT_SUSPECTED"]
    assert slip.location.cell == "J9" and "mẫu số" in slip.message and "«vạn người»" in slip.message
    assert "2,36" in slip.message and "10.000" in slip.message
    far = found["VALUE_IMPLAUSIBLE"]
    assert far.location.cell == "K6" and "2,010582" in far.message and "(0,4)" in far.message


def test_one_quantity_reported_in_two_rows_must_agree_in_one_unit(tmp_path):
    """«Số doanh nghiệp đang hoạt động» is 4.2.1's denominator (nghìn doanh nghiệp) and 4.2.2's numerator
    (doanh nghiệp); «Dân số trung bình» is a denominator in «vạn người» (Sở KH&CN) and «nghìn người» (Sở KH&ĐT).
    Compared in one unit: 8,5 nghìn against 4.454 is a warning at the later cell naming the other; 189 vạn and
    1.890 nghìn people are the same figure."""
    plan = load_plan("pii-2024-bac-giang")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", tmp_path / "tpl", now=NOW)}

    def skhdt(a):
        a.values.update({"4.2.1": None, "4.2.2": None})
        a.ratios.update({"4.2.1": (230, 8.5), "4.2.2": (4454, 1890)})

    def skhcn(a):
        a.values.update({"2.2.1": None})
        a.ratios.update({"2.2.1": (450, 189)})

    fill_like_agency(plan, made, "SKHDT", tmp_path / "in" / "skhdt.xlsx", edit=skhdt)
    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=skhcn)
    result = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    found = [f for f in result.findings if f.code.value == "VALUE_QUANTITY_DISAGREES"]
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert (f.location.file, f.location.cell, f.agency) == ("skhdt.xlsx", "H5", "SKHDT")
    assert "«Số doanh nghiệp đang hoạt động» là 4.454 doanh nghiệp ở chỉ số 4.2.2" in f.message
    assert "8,5 nghìn doanh nghiệp ở chỉ số 4.2.1" in f.message


def test_the_parts_units_have_columns_and_older_templates_without_them_are_still_read(pii_2024, tmp_path):
    """Issue #34: each part's unit sits beside its cell («Đơn vị tính mẫu số: vạn người»), not only inside the
    figure's text; a file made before those columns existed (same template version) reads the same."""
    plan, made = pii_2024
    path = fill_like_agency(
        plan, made, "SKHCN", tmp_path / "new" / "skhcn.xlsx", edit=lambda a: a.ratios.update({"2.2.4": (45, 190.0)})
    )
    ws = openpyxl.load_workbook(path)[L.SHEET_INDICATORS]
    header = [c.value for c in ws[L.HEADER_ROW + 1]]
    row = next(r for r in ws.iter_rows(min_row=L.FIRST_DATA_ROW + 1, values_only=True) if r[0] == "2.2.4")
    assert row[header.index("Đơn vị tính mẫu số")] == "vạn người" and "(vạn người)" not in row[2]
    assert header.index("Đơn vị tính tử số") + 1 == header.index("Tử số")
    new = run_intake(plan, "2024", tmp_path / "new", now=NOW)
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    wb = openpyxl.load_workbook(path)
    sheet = wb[L.SHEET_INDICATORS]
    for title in ("Đơn vị tính mẫu số", "Đơn vị tính tử số"):  # as a version-2 template was laid out before
        sheet.delete_cols([c.value for c in sheet[L.HEADER_ROW + 1]].index(title) + 1)
    wb.save(old_dir / "skhcn.xlsx")
    old = run_intake(plan, "2024", old_dir, now=NOW)
    assert not [f for f in old.findings if f.code.value.startswith("TEMPLATE_")]
    assert [(v.indicator, v.value, v.numerator, v.denominator) for v in old.values] == [
        (v.indicator, v.value, v.numerator, v.denominator) for v in new.values
    ]
