"""Correction workbooks (an agency's own template, prefilled and marked) and what resubmissions changed."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from conftest import NOW, fill_like_agency

from pii_excel.intake.identify import open_workbook_file, read_identity
from pii_excel.pipeline import consolidate
from pii_excel.sample.fill import set_saved_time
from pii_excel.template import layout as L
from pii_excel.vocab import Severity
from pii_excel.xlsx_style import INPUT_FILL

AGENCY = "SKHCN"
SUBMISSION_LEVEL = {"SUBMISSION_LATE", "SUBMISSION_MISSING", "SUBMISSION_SUPERSEDED", "SUBMISSION_DUPLICATE"}


def _two_indicators(plan, made) -> tuple[str, str]:
    """An indicator whose figure is typed alone (not a ratio, else the first, typed without its parts), and another
    one."""
    codes = [i.code for i in made[AGENCY].duties.indicators]
    plain = next((c for c in codes if not plan.require_indicator(c).figure.is_ratio), codes[0])
    return plain, next(c for c in codes if c != plain)


def _problems(plan, made):
    """Three problems an agency makes: a figure typed as words, evidence left out, a task without its status."""
    typo, unsourced = _two_indicators(plan, made)
    task = made[AGENCY].duties.tasks[0][0].id

    def edit(a):
        a.values[typo] = "khoảng 20"
        a.sources[unsourced] = ""
        a.tasks[task] = ("", a.tasks[task][1], a.tasks[task][2])

    return edit, typo, unsourced, task


def _located(run, agency=AGENCY):
    return sorted(
        (f.code.value, f.location.sheet, f.location.cell)
        for f in run.model.findings
        if f.agency == agency and f.code.value not in SUBMISSION_LEVEL
    )


@pytest.fixture(scope="module")
def corrected(pii_2024, tmp_path_factory):
    plan, made = pii_2024
    root = tmp_path_factory.mktemp("corrections")
    edit, *keys = _problems(plan, made)
    fill_like_agency(plan, made, AGENCY, root / "in" / "skhcn.xlsx", edit=edit)
    run = consolidate(plan, "2024", root / "in", root / "out", now=NOW)
    return plan, made, root, run, keys


def _marked(ws):
    return {c.coordinate: c for row in ws.iter_rows() for c in row if c.comment is not None}


def test_the_correction_workbook_is_the_agencys_template_prefilled_and_marked(corrected):
    _plan, made, _, run, (_typo, _unsourced, _task) = corrected
    path = Path(run.outputs[f"feedback:{AGENCY}"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == openpyxl.load_workbook(made[AGENCY].path).sheetnames
    # identity intact: intake reads it as this agency's template of this plan and period
    identity = read_identity(open_workbook_file(path))
    original = read_identity(open_workbook_file(made[AGENCY].path))
    for key in ("plan_id", "plan_fingerprint", "agency", "period", "template_version", "locked_fingerprint"):
        assert getattr(identity, key) == getattr(original, key), key
    # every problem the run found at a cell of the submission is marked at that cell, with its message
    cells = [f for f in run.model.findings if f.agency == AGENCY and f.location.cell and f.location.sheet]
    assert {(f.code.value, f.location.sheet) for f in cells} >= {
        ("VALUE_NOT_NUMBER", L.SHEET_INDICATORS),
        ("VALUE_SOURCE_MISSING", L.SHEET_INDICATORS),
        ("TASK_STATUS_MISSING", L.SHEET_TASKS),
    }
    for f in cells:
        cell = wb[f.location.sheet][f.location.cell]
        assert cell.comment is not None and f.message in cell.comment.text, (f.code, f.location.cell)
        assert cell.fill.fgColor.rgb != "FF" + INPUT_FILL[1:], f.location.cell
    marked = {(ws.title, ref) for ws in wb.worksheets for ref in _marked(ws)}
    assert marked == {(f.location.sheet, f.location.cell) for f in cells}  # nothing else is marked
    # every value the agency typed is there, as typed
    entered = [e for e in run.model.intake.entered if e.agency == AGENCY and e.value is not None]
    assert len(entered) > 20
    for e in entered:
        typed = wb[e.sheet][e.cell].value
        typed = typed.date() if isinstance(typed, datetime) and not isinstance(e.value, datetime) else typed
        assert typed == e.value, (e.sheet, e.cell)  # a date cell reads back as midnight of that day
    assert (
        wb[L.SHEET_INDICATORS][next(f.location.cell for f in cells if f.code == "VALUE_NOT_NUMBER")].value
        == "khoảng 20"
    )
    # the guide lists every finding the old feedback list had, with its fix
    guide = "\n".join(str(c.value) for c in wb[L.SHEET_GUIDE]["A"] if c.value)
    for f in run.model.findings_of(AGENCY):
        if f.code.value not in ("SUBMISSION_LATE", "SUBMISSION_MISSING"):
            assert f.message in guide and f.fix in guide, f.code
    assert "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO" in guide and "MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in guide


def test_sent_back_unchanged_it_gives_the_same_findings_and_corrected_none(corrected):
    plan, _, root, run, (typo, unsourced, _task) = corrected
    back = root / "unchanged"
    back.mkdir()
    (back / "SKHCN-sua.xlsx").write_bytes(Path(run.outputs[f"feedback:{AGENCY}"]).read_bytes())
    again = consolidate(plan, "2024", back, root / "out-unchanged", now=NOW)
    assert _located(again) == _located(run) and _located(run)
    wb = openpyxl.load_workbook(back / "SKHCN-sua.xlsx")
    for f in run.model.findings_of(AGENCY):
        cell = wb[f.location.sheet][f.location.cell] if f.location.cell else None
        if f.code == "VALUE_NOT_NUMBER":
            cell.value = 20
        elif f.code == "VALUE_SOURCE_MISSING":
            cell.value = "Báo cáo số 15/BC-SKHCN ngày 05/12/2024"
        elif f.code == "TASK_STATUS_MISSING":
            cell.value = L.TASK_STATUSES["done"]
    fixed = root / "fixed"
    fixed.mkdir()
    wb.save(fixed / "SKHCN-sua.xlsx")
    set_saved_time(fixed / "SKHCN-sua.xlsx", datetime(2024, 12, 18, 2, tzinfo=timezone.utc))
    done = consolidate(plan, "2024", fixed, root / "out-fixed", now=NOW)
    left = [f for f in done.model.findings if f.agency == AGENCY and f.severity is not Severity.INFO]
    assert left == []
    values = {v.indicator: v for v in done.model.intake.values}
    assert values[typo].value == 20 and values[unsourced].evidence.startswith("Báo cáo số 15")
    assert f"feedback:{AGENCY}" not in done.outputs  # nothing left to correct


def test_an_agency_that_sent_nothing_gets_its_blank_template_with_a_cover_note(corrected):
    _plan, made, _, run, _ = corrected
    missing = next(s.agency for s in run.model.intake.submissions if s.status == "missing")
    wb = openpyxl.load_workbook(run.outputs[f"feedback:{missing}"])
    guide = [str(c.value) for c in wb[L.SHEET_GUIDE]["A"] if c.value]
    assert any("chưa nhận được báo cáo" in line for line in guide) and any(
        "điền mẫu báo cáo này" in line for line in guide
    )
    assert not any(line.startswith("1. [") for line in guide)  # no list of cells for a file never sent
    assert not any(_marked(ws) for ws in wb.worksheets)
    blank = openpyxl.load_workbook(made[missing].path)
    for name in (L.SHEET_INDICATORS, L.SHEET_TASKS):
        assert [[c.value for c in r] for r in wb[name].iter_rows()] == [
            [c.value for c in r] for r in blank[name].iter_rows()
        ]


def test_agency_text_stays_text_in_the_correction_workbook(pii_2024, tmp_path):
    plan, made = pii_2024
    path = fill_like_agency(
        plan, made, "BQLKCN", tmp_path / "in" / "bql.xlsx", edit=lambda a: a.values.update({"5.2.2": "@SUM(1)"})
    )
    wb = openpyxl.load_workbook(path)
    status = wb[L.SHEET_TASKS]["F4"]
    status.value, status.data_type = '=HYPERLINK("http://x","bấm")', "s"  # typed as text ('=...) in Excel
    wb.save(path)
    r = consolidate(plan, "2024", tmp_path / "in", tmp_path / "out", now=NOW)
    out = tmp_path / "out" / plan.id / "2024" / "phan-hoi" / "BQLKCN.xlsx"
    assert r.outputs["feedback:BQLKCN"] == str(out)
    book = openpyxl.load_workbook(out)
    assert (
        book[L.SHEET_TASKS]["F4"].value == '=HYPERLINK("http://x","bấm")' and book[L.SHEET_TASKS]["F4"].data_type == "s"
    )
    assert book[L.SHEET_INDICATORS]["K4"].value == "@SUM(1)"
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate  # nothing an agency typed became a formula
                assert not cell.hyperlink, cell.coordinate
    assert len([k for k in r.outputs if k.startswith("feedback:")]) == 12  # the other eleven have not submitted


def test_a_resubmission_lists_exactly_the_cells_it_changed(pii_2024, tmp_path):
    plan, made = pii_2024
    first, second = _two_indicators(plan, made)
    task = made[AGENCY].duties.tasks[1][0].id
    fill_like_agency(
        plan,
        made,
        AGENCY,
        tmp_path / "in" / "lan 1.xlsx",
        edit=lambda a: a.ratios.pop(first, None),  # the figure typed alone
        saved=datetime(2024, 12, 10, 2, tzinfo=timezone.utc),
    )

    def edit(a):
        a.values[first] = 7.25
        a.notes[second] = "Số liệu đã được Cục Thống kê xác nhận"
        other = next(v for v in L.TASK_STATUSES.values() if v != a.tasks[task][0])
        a.tasks[task] = (other, a.tasks[task][1], a.tasks[task][2])

    fill_like_agency(
        plan,
        made,
        AGENCY,
        tmp_path / "in" / "lan 2.xlsx",
        edit=edit,
        saved=datetime(2024, 12, 12, 2, tzinfo=timezone.utc),
    )
    r = consolidate(plan, "2024", tmp_path / "in", tmp_path / "out", now=NOW)
    changes = r.model.intake.changes
    assert sorted((c.sheet, c.key, c.column) for c in changes) == sorted(
        [(L.SHEET_INDICATORS, first, "value"), (L.SHEET_INDICATORS, second, "note"), (L.SHEET_TASKS, task, "status")]
    )
    assert all((c.older_file, c.newer_file, c.agency) == ("lan 1.xlsx", "lan 2.xlsx", AGENCY) for c in changes)
    value = next(c for c in changes if c.column == "value")
    assert value.new == 7.25 and value.old != 7.25 and value.what == f"{first} — Số liệu kỳ báo cáo"
    assert next(c for c in changes if c.column == "note").old is None
    doc = json.loads(Path(r.outputs["run_json"]).read_text(encoding="utf-8"))
    assert len(doc["corrections"]) == 3 and doc["summary"]["corrected_cells"] == 3
    assert {c["cell"] for c in doc["corrections"]} == {c.cell for c in changes}
    sheet = openpyxl.load_workbook(r.outputs["summary"])["Điều chỉnh số liệu"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5) if row[0].value]
    assert len(rows) == 3 and {row[4] for row in rows} == {c.cell for c in changes}
    assert any(row[6] == "(trống)" and row[7] == "Số liệu đã được Cục Thống kê xác nhận" for row in rows)
    from docx import Document

    text = "\n".join(p.text for p in Document(r.outputs["report"]).paragraphs)
    assert "1 đơn vị đã điều chỉnh 3 ô trong báo cáo, trong đó 1 số liệu chỉ số" in text
    assert doc["summary"]["corrected_figures"] == 1
    # the overview counts what it says (issue #36): three cells changed, one of them a figure
    overview = {
        row[0].value: row[1].value
        for row in openpyxl.load_workbook(r.outputs["summary"])["Tổng quan"].iter_rows()
        if isinstance(row[0].value, str)
    }
    assert overview["Ô đơn vị điều chỉnh khi nộp lại"] == 3 and overview["   trong đó số liệu chỉ số"] == 1


def test_many_resubmissions_list_each_cell_once_against_the_first_file(pii_2024, tmp_path):
    """Four files of one agency: a figure changed twice is one row (first value -> newest), a note changed and changed
    back is no row, a task status changed only in the last file is one row; the list follows the template, not the
    number of files."""
    plan, made = pii_2024
    first, second = _two_indicators(plan, made)
    task = made[AGENCY].duties.tasks[1][0].id
    base = fill_like_agency(
        plan,
        made,
        AGENCY,
        tmp_path / "in" / "lan 1.xlsx",
        edit=lambda a: a.ratios.pop(first, None),  # the figure typed alone, in every file
        saved=datetime(2024, 12, 10, 2, tzinfo=timezone.utc),
    )
    original = read_values(base, first)

    def step(n, value, note, status=None):
        def edit(a):
            a.values[first] = value
            if note is not None:
                a.notes[second] = note
            if status is not None:
                a.tasks[task] = (status, a.tasks[task][1], a.tasks[task][2])

        fill_like_agency(
            plan,
            made,
            AGENCY,
            tmp_path / "in" / f"lan {n}.xlsx",
            edit=edit,
            saved=datetime(2024, 12, 10 + n, 2, tzinfo=timezone.utc),
        )

    step(2, 7.25, "Tạm tính, chờ Cục Thống kê")
    step(3, 8.5, None)
    step(4, 9.75, None, next(v for v in L.TASK_STATUSES.values() if v != fill_status(plan, made, task)))
    r = consolidate(plan, "2024", tmp_path / "in", tmp_path / "out", now=NOW)
    changes = r.model.intake.changes
    assert sorted((c.sheet, c.key, c.column) for c in changes) == sorted(
        [(L.SHEET_INDICATORS, first, "value"), (L.SHEET_TASKS, task, "status")]
    )  # the note of `second` went back to what the first file had: not a change
    figure = next(c for c in changes if c.column == "value")
    assert (figure.old, figure.new) == (original, 9.75)
    assert all((c.older_file, c.newer_file) == ("lan 1.xlsx", "lan 4.xlsx") for c in changes)
    superseded = sorted(i.path for i in r.model.intake.inputs if i.status == "superseded")
    assert superseded == ["lan 1.xlsx", "lan 2.xlsx", "lan 3.xlsx"]
    sheet = openpyxl.load_workbook(r.outputs["summary"])["Điều chỉnh số liệu"]
    assert [c.value for c in sheet[4]][1:3] == ["Tệp nộp lần đầu", "Tệp dùng để tổng hợp"]


def read_values(path: Path, code: str) -> object:
    """The raw figure the agency typed for `code`, as the reader sees it."""
    book = open_workbook_file(path)
    rows = book.rows(L.SHEET_INDICATORS)
    header = next(r for r, row in enumerate(rows) if row and row[0] == L.TABLE_SHEETS[L.SHEET_INDICATORS][0].header)
    column = [c.key for c in L.TABLE_SHEETS[L.SHEET_INDICATORS]].index("value")
    return next(row[column] for row in rows[header + 1 :] if row and row[0] == code)


def fill_status(plan, made, task: str) -> str:
    """The status complete answers give the task (so a test can pick another)."""
    from pii_excel.sample.answers import complete_answers

    return complete_answers(plan, plan.period("2024"), made[AGENCY].duties).tasks[task][0]
