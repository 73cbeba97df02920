"""Agency templates: exactly each agency's duties, protected, validated, identifiable after any save."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import convert_with_libreoffice

from pii_excel.cli import main
from pii_excel.intake.identify import open_workbook_file as open_workbook
from pii_excel.intake.identify import read_identity, read_locked_fingerprint
from pii_excel.plan import load_plan
from pii_excel.plan.workbook_write import write_plan_workbook
from pii_excel.template import layout as L
from pii_excel.template.generate import make_templates

NOW = datetime(2024, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def pii_templates(tmp_path_factory):
    plan = load_plan("pii-2024-bac-giang")
    made = make_templates(plan, "2024", tmp_path_factory.mktemp("pii"), now=NOW)
    return plan, {m.duties.agency.code: m.path for m in made}


@pytest.fixture(scope="module")
def pci_templates(tmp_path_factory):
    plan = load_plan("pci-2020-skhcn")
    made = make_templates(plan, "2020-Q3", tmp_path_factory.mktemp("pci"), now=NOW)
    return plan, {m.duties.agency.code: m.path for m in made}


def _column(ws, header: str) -> list:
    """Values under a header in a template table, down to the end of the table."""
    for row in ws.iter_rows(min_row=1, max_row=6):
        for cell in row:
            if cell.value == header:
                values = [ws.cell(r, cell.column).value for r in range(cell.row + 1, ws.max_row + 1)]
                return [v for v in values if v not in (None, "")]
    raise AssertionError(f"no column {header!r} in {ws.title}")


def expected_indicators(plan, code):
    """Indicators whose value this agency reports, derived from the plan independently of the code under test."""
    agency = plan.agency(code)
    supplied = [i for i in plan.indicators if i.figure_from == "agency"]  # published-only: no agency figure
    own = [i.code for i in supplied if code in i.lead]
    if code == plan.coordinator:  # indicators led by a group or by an agency that does not report
        own += [i.code for i in supplied if all(plan.agency(c).is_group or not plan.agency(c).reports for c in i.lead)]
    order = [i.code for i in plan.indicators]
    return sorted(set(own), key=order.index) if agency.reports else []


def expected_tasks(plan, code):
    result = []
    for t in plan.tasks:
        lead, coop = plan.task_lead(t), plan.task_cooperating(t)
        if code in lead or any(code in plan.group_members(g) for g in lead if plan.agency(g).is_group):
            result.append((t.id, "Chủ trì"))
        elif code in coop or any(
            code in plan.agency(g).members for g in coop if plan.agency(g).is_group and not plan.agency(g).all_members
        ):
            result.append((t.id, "Phối hợp"))
    return result


def test_every_pii_agency_with_duties_gets_exactly_its_duties(pii_templates):
    plan, paths = pii_templates
    reporting = [a.code for a in plan.agencies if a.reports and not a.is_group]
    assert list(paths) == reporting  # all 12 agencies of section II, in plan order
    for code, path in paths.items():
        assert path.name == f"2024_{code}.xlsx"
        wb = openpyxl.load_workbook(path)
        assert _column(wb[L.SHEET_INDICATORS], "Mã chỉ số") == expected_indicators(plan, code), code
        tasks = wb[L.SHEET_TASKS]
        assert list(zip(_column(tasks, "Mã nhiệm vụ"), _column(tasks, "Vai trò"), strict=True)) == expected_tasks(
            plan, code
        ), code
        official = L.SHEET_OFFICIAL_INDICATORS in wb.sheetnames
        assert official == (code == "SKHCN")


def test_pii_examples_spelled_out(pii_templates):
    plan, paths = pii_templates
    sheet = openpyxl.load_workbook(paths["SGDDT"])[L.SHEET_INDICATORS]
    assert _column(sheet, "Mã chỉ số") == ["2.1.2"]
    # the raw figure in its unit, with its numerator and denominator; no score, no score target
    assert _column(sheet, "Đơn vị tính") == ["%"]
    figure = _column(sheet, "Số liệu cần báo cáo")[0]
    assert "Tử số: Số học sinh trung học" in figure and "Mẫu số: Tổng số học sinh trung học" in figure
    assert "× 100" in figure
    assert _column(sheet, "Mục tiêu về số liệu") == []  # a score target, and no bounds: no raw figure to aim at
    headers = {c.value for row in sheet.iter_rows(max_row=4) for c in row}
    assert not {h for h in headers if h and ("điểm" in h.lower() or h == "Mục tiêu")}
    # Sở Nội vụ leads no indicator but has its section II duty and the tasks every agency shares
    snv = openpyxl.load_workbook(paths["SNV"])
    assert _column(snv[L.SHEET_INDICATORS], "Mã chỉ số") == []
    ids = _column(snv[L.SHEET_TASKS], "Mã nhiệm vụ")
    assert "II-SNV-01" in ids and "1.1.1-01" in ids and "2.2.1-04" in ids and "II-CHUNG-01" in ids
    # the coordinator enters official results for all 17 indicators and 7 pillars plus the composites
    sk = openpyxl.load_workbook(paths["SKHCN"])
    assert len(_column(sk[L.SHEET_OFFICIAL_INDICATORS], "Mã chỉ số")) == 17
    groups = {p.code: [g.code for g in plan.groups if g.pillar == p.code] for p in plan.pillars}
    assert _column(sk[L.SHEET_OFFICIAL_PILLARS], "Mã") == [
        *[code for p in "1234567" for code in (p, *groups[p])],
        "DAU_VAO",
        "DAU_RA",
        "TONG",
    ]  # the published score of every pillar and of every group (x.y) under it


def test_only_input_cells_are_unlocked_and_numbers_are_validated(pii_templates):
    _, paths = pii_templates
    wb = openpyxl.load_workbook(paths["SKHCN"])
    assert wb.security is not None and wb.security.lockStructure
    for sheet in (
        L.SHEET_INFO,
        L.SHEET_INDICATORS,
        L.SHEET_TASKS,
        L.SHEET_OFFICIAL_INDICATORS,
        L.SHEET_OFFICIAL_PILLARS,
    ):
        ws = wb[sheet]
        assert ws.protection.sheet, sheet
        assert not ws.protection.password  # protected without a password
        unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
        assert unlocked, sheet
        for coord in unlocked:  # every unlocked cell is visibly an input cell
            assert ws[coord].fill.fgColor.rgb in ("FFFFF2CC", "00FFF2CC"), (sheet, coord)
    ws = wb[L.SHEET_INDICATORS]
    header = next(r for r in ws.iter_rows(max_row=5) if r[0].value == "Mã chỉ số")
    value_col = next(c.column_letter for c in header if c.value == "Số liệu kỳ báo cáo")
    unit_col = next(c.column for c in header if c.value == "Đơn vị tính")
    validated = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated[str(rng)] = dv
    for r in range(header[0].row + 1, ws.max_row + 1):
        coord = f"{value_col}{r}"
        assert coord in validated, coord
        dv = validated[coord]
        assert dv.type == "decimal" and dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert dv.error and dv.prompt  # Vietnamese stop alert and input message
        unit = ws.cell(r, unit_col).value
        assert (dv.operator, dv.formula1, dv.formula2) == (
            (None, "0", "100") if unit == "%" else ("greaterThanOrEqual", "0", None)
        )
    status_cells = {
        str(r) for dv in wb[L.SHEET_TASKS].data_validations.dataValidation if dv.type == "list" for r in dv.sqref.ranges
    }
    assert len(status_cells) == len(_column(wb[L.SHEET_TASKS], "Mã nhiệm vụ"))


def test_print_ready(pii_templates):
    _, paths = pii_templates
    wb = openpyxl.load_workbook(paths["SKHDT"])
    ws = wb[L.SHEET_TASKS]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$3"
    assert "Sở Kế hoạch và Đầu tư" in ws.oddHeader.left.text and "Năm 2024" in ws.oddHeader.right.text
    assert wb[L.SHEET_GUIDE].page_setup.paperSize == 9


def test_pci_quarter_templates_per_internal_unit(pci_templates):
    plan, paths = pci_templates
    assert set(paths) == {"VP", "QLCN", "TTUD", "TTRS", "KHTC"}
    guide = [c.value for c in openpyxl.load_workbook(paths["QLCN"])[L.SHEET_GUIDE]["A"] if c.value]
    assert any("Quý III năm 2020 (số liệu tính từ 15/06/2020 đến 14/09/2020)" in line for line in guide)
    assert any("chậm nhất ngày 05/10/2020" in line for line in guide)
    for code in paths:  # the sub-indices and survey percentages come from VCCI: units report tasks only
        assert _column(openpyxl.load_workbook(paths[code])[L.SHEET_INDICATORS], "Mã chỉ số") == []
    khtc = openpyxl.load_workbook(paths["KHTC"])
    official = khtc[L.SHEET_OFFICIAL_INDICATORS]
    # the component indices are typed once, with their ranks, on the pillars' sheet (issue #35); the indicators'
    # sheet keeps the survey percentages VCCI publishes under «Dịch vụ hỗ trợ doanh nghiệp»
    assert _column(official, "Mã chỉ số") == ["8.1", "8.2", "8.3"]
    assert _column(official, "Đơn vị tính") == ["%", "%", "%"]
    pillars = khtc[L.SHEET_OFFICIAL_PILLARS]
    assert _column(pillars, "Mã") == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "TONG"]
    for code in paths:
        assert expected_tasks(plan, code) == list(
            zip(
                *(_column(openpyxl.load_workbook(paths[code])[L.SHEET_TASKS], h) for h in ("Mã nhiệm vụ", "Vai trò")),
                strict=True,
            )
        )


def test_identity_and_locked_fingerprint_read_back(pci_templates):
    plan, paths = pci_templates
    for code, path in paths.items():
        wb = open_workbook(path)
        ident = read_identity(wb)
        assert (ident.plan_id, ident.agency, ident.period, ident.source) == (plan.id, code, "2020-Q3", "sheet")
        assert ident.generated_at == "2024-11-20T09:30:00"
        assert read_locked_fingerprint(wb) == ident.locked_fingerprint


def test_changed_target_changes_the_locked_fingerprint(pii_templates, tmp_path):
    _, paths = pii_templates
    wb = openpyxl.load_workbook(paths["STC"])
    ws = wb[L.SHEET_INDICATORS]
    ws.protection.sheet = False
    ws["E4"] = "≥ 5"  # someone lowers their own target
    wb.save(tmp_path / "changed.xlsx")
    book = open_workbook(tmp_path / "changed.xlsx")
    assert read_locked_fingerprint(book) != read_identity(book).locked_fingerprint


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_identified_after_saving_in_libreoffice(pii_templates, tmp_path, fmt):
    plan, paths = pii_templates
    converted = convert_with_libreoffice(paths["SKHDT"], fmt, tmp_path / fmt)
    wb = open_workbook(converted)
    ident = read_identity(wb)
    assert (ident.plan_id, ident.agency, ident.period) == (plan.id, "SKHDT", "2024")
    assert read_locked_fingerprint(wb) == ident.locked_fingerprint


def test_identified_from_properties_when_the_hidden_sheet_is_gone(pii_templates, tmp_path):
    _, paths = pii_templates
    wb = openpyxl.load_workbook(paths["SCT"])
    del wb[L.SHEET_META]
    wb.save(tmp_path / "no-meta.xlsx")
    ident = read_identity(open_workbook(tmp_path / "no-meta.xlsx"))
    assert ident is not None and (ident.agency, ident.source) == ("SCT", "properties")


def test_templates_from_a_plan_workbook_are_the_same(tmp_path):
    plan = load_plan("pci-2020-skhcn")
    wb_path = write_plan_workbook(plan, tmp_path / "plan.xlsx")
    a = make_templates(plan, "2020-Q3", tmp_path / "a", now=NOW)
    b = make_templates(load_plan(wb_path), "2020-Q3", tmp_path / "b", now=NOW)
    assert [m.path.name for m in a] == [m.path.name for m in b]
    for ma, mb in zip(a, b, strict=True):
        wa, wb_ = openpyxl.load_workbook(ma.path), openpyxl.load_workbook(mb.path)
        assert wa.sheetnames == wb_.sheetnames
        for name in wa.sheetnames:
            assert [[c.value for c in r] for r in wa[name].iter_rows()] == [
                [c.value for c in r] for r in wb_[name].iter_rows()
            ]


def test_templates_command_default_folder_and_bad_period(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["templates", "pci-2020-skhcn", "--period", "2020-q3"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "pci-2020-skhcn" / "2020-Q3" / "templates"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"2020-Q3_{c}.xlsx" for c in ("VP", "QLCN", "TTUD", "TTRS", "KHTC")
    )
    assert result.stdout.splitlines()[0].endswith("2020-Q3_VP.xlsx")
    assert "05/10/2020" in result.stderr
    bad = CliRunner().invoke(main, ["templates", "pci-2020-skhcn", "--period", "2021"])
    assert bad.exit_code == 2 and "2020-Q3" in bad.stderr


def test_tasks_show_their_rhythm_and_a_plan_without_number_is_not_cited_by_one(tmp_path):
    """Issue #35: «Thời hạn» was empty for every PII task (the plan's appendix gives «Thường xuyên»/«Hằng năm» per
    indicator), and «Kế hoạch số /KH-KHCN» was printed for a plan whose number is not given yet."""
    plan = load_plan("pii-2024-bac-giang")
    plan.doc_number = "/KH-UBND"
    made = {m.duties.agency.code: m.path for m in make_templates(plan, "2024", tmp_path, now=NOW)}
    wb = openpyxl.load_workbook(made["SKHCN"])
    due = _column(wb[L.SHEET_TASKS], "Thời hạn")
    assert due and set(due) <= {"Thường xuyên", "Hằng năm"} and "Hằng năm" in due
    info = [c.value for row in wb[L.SHEET_INFO].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("Kế hoạch số" in v for v in info) and any(v.startswith("Kế hoạch: ") for v in info)


def test_a_unit_with_tasks_only_is_not_told_about_figures_and_a_missing_address_is_said(tmp_path, monkeypatch):
    """Issue #35: agencies with no indicator still got the ratio and evidence instructions; the built-in plan has
    no e-mail for the Sở, so `templates` says the templates cannot name where to send them."""
    plan = load_plan("pii-2024-bac-giang")
    made = {m.duties.agency.code: m.path for m in make_templates(plan, "2024", tmp_path, now=NOW)}
    guide = "\n".join(str(c.value) for c in openpyxl.load_workbook(made["SNV"])[L.SHEET_GUIDE]["A"] if c.value)
    assert "tử số" not in guide and "tài liệu minh chứng" not in guide and "Mỗi nhiệm vụ cần chọn tình trạng" in guide
    lead = "\n".join(str(c.value) for c in openpyxl.load_workbook(made["SKHCN"])[L.SHEET_GUIDE]["A"] if c.value)
    assert "tử số" in lead and "tài liệu minh chứng" in lead
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["templates", "pii-2024-bac-giang", "--period", "2024"])
    assert result.exit_code == 0 and "chưa ghi thư điện tử của Sở Khoa học và Công nghệ" in result.output
