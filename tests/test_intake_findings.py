"""Intake findings that only particular mistakes produce, each reached with a real workbook and located."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import NOW, fill_like_agency, set_identity

from pii_excel.intake.folder import run_intake
from pii_excel.template import layout as L


def _at(result, file: str) -> set[tuple[str, str, str]]:
    return {(f.code, f.location.sheet, f.location.cell) for f in result.findings if f.location.file == file}


def test_no_reporter_and_wrong_official_scores(pii_2024, tmp_path):
    plan, made = pii_2024

    def edit(a):
        a.info.update({"reporter": "", "phone": "", "email": ""})
        first, second = list(a.pillars)[:2]
        a.pillars[first] = (120.0, 3)  # a score out of 0-100
        a.pillars[second] = (50.0, 99)  # a rank beyond the 63 provinces

    fill_like_agency(plan, made, plan.coordinator, tmp_path / "skhcn.xlsx", edit=edit)
    found = _at(run_intake(plan, "2024", tmp_path, now=NOW), "skhcn.xlsx")
    codes = {code for code, _, _ in found}
    assert {"AGENCY_REPORTER_MISSING", "OFFICIAL_SCORE_OUT_OF_RANGE", "OFFICIAL_RANK_INVALID"} <= codes
    assert all(sheet for code, sheet, _ in found if code.startswith("OFFICIAL"))
    assert next(s for c, s, _ in found if c == "AGENCY_REPORTER_MISSING") == L.SHEET_INFO


def _edited(pii_2024, tmp_path, code: str, name: str, change) -> Path:
    """The input folder holding one agency's filled workbook, edited in openpyxl as a person would."""
    plan, made = pii_2024
    wb = openpyxl.load_workbook(fill_like_agency(plan, made, code, tmp_path / "src.xlsx"))
    change(wb)
    inp = tmp_path / "in"
    inp.mkdir()
    wb.save(inp / name)
    return inp


def test_a_deleted_sheet_and_a_renamed_column(pii_2024, tmp_path):
    def change(wb):
        del wb[L.SHEET_INFO]
        ws = wb[L.SHEET_INDICATORS]
        header = L.HEADER_ROW + 1
        column = next(
            c for c in range(1, ws.max_column + 1) if str(ws.cell(header, c).value).startswith("Tài liệu minh chứng")
        )
        ws.cell(header, column).value = "Ghi chép"

    inp = _edited(pii_2024, tmp_path, "STC", "stc.xlsx", change)
    found = _at(run_intake(pii_2024[0], "2024", inp, now=NOW), "stc.xlsx")
    assert ("TEMPLATE_SHEET_MISSING", L.SHEET_INFO, "") in found
    assert any(code == "TEMPLATE_COLUMN_MISSING" and sheet == L.SHEET_INDICATORS for code, sheet, _ in found)


def test_an_identity_naming_an_agency_outside_the_plan(pii_2024, tmp_path):
    inp = _edited(pii_2024, tmp_path, "SCT", "so-moi.xlsx", lambda wb: set_identity(wb, "agency", "SO_MOI"))
    result = run_intake(pii_2024[0], "2024", inp, now=NOW)
    assert [f.code for f in result.findings if f.location.file == "so-moi.xlsx"] == ["IDENTITY_AGENCY_UNKNOWN"]
    assert result.inputs[0].status == "rejected"


def test_macros_are_noted_never_run(pii_2024, tmp_path):
    plan, made = pii_2024
    source = fill_like_agency(plan, made, "SCT", tmp_path / "src.xlsx")
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(source, inp / "sct.xlsm")
    with zipfile.ZipFile(inp / "sct.xlsm", "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro project")
    result = run_intake(plan, "2024", inp, now=NOW)
    assert "FILE_MACROS_IGNORED" in {f.code for f in result.findings if f.location.file == "sct.xlsm"}
    assert result.inputs[0].status == "accepted"


def test_a_bug_of_ours_is_a_program_error_that_blames_nobody(pii_2024, tmp_path, monkeypatch):
    import multiprocessing

    from pii_excel.intake import read_file

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the bug is injected through fork; this platform starts workers with spawn")
    plan, made = pii_2024
    fill_like_agency(plan, made, "SCT", tmp_path / "sct.xlsx")
    fill_like_agency(plan, made, "STC", tmp_path / "stc.xlsx")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug of ours")

    original = read_file.read_checked
    monkeypatch.setattr(
        read_file, "read_checked", lambda o, s, c, *a: broken() if o.entry.path == "sct.xlsx" else original(o, s, c, *a)
    )
    result = run_intake(plan, "2024", tmp_path, now=NOW)
    bug = [f for f in result.findings if f.location.file == "sct.xlsx"]
    assert [f.code for f in bug] == ["PROGRAM_ERROR"] and bug[0].agency is None
    assert "ZeroDivisionError" in bug[0].technical and "ZeroDivisionError" not in bug[0].message
    assert {i.path: i.status for i in result.inputs}["stc.xlsx"] == "accepted"
