"""The Ministry's data call as a period of its own (issue #34, part 1): «2025-DL» asks, by 31/7/2025 or the date of
the Ministry's letter, for the figures of calendar year 2024 (PII 2025 profiles carry 2024 population and GRDP,
DOMAIN.md; deadlines seen: 31/7/2023 for PII 2023, 30/8/2024 for PII 2024) — every figure the province supplies,
whatever its rhythm in the progress reports, and nothing that is another publisher's."""

from __future__ import annotations

import re
from datetime import date, datetime

import openpyxl
import pytest

from pii_excel.plan.duties import all_duties, indicator_due
from pii_excel.plan.periods import data_period, make_period, normalise_period_id, parse_period_id, period_label
from pii_excel.plan.validate import validate_plan
from pii_excel.sample.demo import demo_plan, sample_inputs
from pii_excel.template import layout as L


def test_a_data_call_period_asks_for_the_previous_calendar_year():
    assert normalise_period_id("2025-dl") == "2025-DL" and parse_period_id("2025DL") is not None
    assert data_period("2025-DL") == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_label("2025-DL") == "Thu thập số liệu năm 2025 (số liệu năm 2024)"
    moved = make_period("2025-DL", date(2025, 8, 30), start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert (moved.start, moved.end, moved.deadline) == (date(2024, 1, 1), date(2024, 12, 31), date(2025, 8, 30))


@pytest.fixture(scope="module")
def call_run(tmp_path_factory):
    from pii_excel.pipeline import consolidate

    plan = demo_plan()
    plan.periods.append(make_period("2025-DL", date(2025, 7, 31)))
    work = tmp_path_factory.mktemp("data-call")
    inputs, _ = sample_inputs(plan, "2025-DL", work, quirks=False)
    return plan, consolidate(plan, "2025-DL", inputs, work / "output", now=datetime(2025, 7, 25, 9))


def test_every_figure_the_province_supplies_is_due_and_no_other_publishers(call_run):
    plan, run = call_run
    assert all(indicator_due(i, "2025-DL") for i in plan.indicators)  # yearly ones too
    asked = {i.code for d in all_duties(plan, "2025-DL") for i in d.indicators}
    supplied = {i.code for i in plan.indicators if i.agency_reports_figure}
    assert asked == supplied and not {"1.1.1", "1.2.1", "3.1.1"} & asked
    assert not [f for f in validate_plan(plan) if f.code.value == "PLAN_YEARLY_IN_SHORTER_PERIODS"]
    model = run.model
    assert model.period.label == "Thu thập số liệu năm 2025 (số liệu năm 2024)"
    assert not [r for r in model.evaluation.indicators if r.status.value == "not_due"]
    wb = openpyxl.load_workbook(run.outputs["ministry_package"])
    codes = [r[1] for r in wb.worksheets[0].iter_rows(min_row=5, values_only=True) if r[0]]
    assert sorted(codes) == sorted(supplied)


def test_the_templates_say_the_data_period_and_deadline(call_run, tmp_path):
    from pii_excel.template.generate import make_templates

    plan, _ = call_run
    made = make_templates(plan, "2025-DL", tmp_path, now=datetime(2025, 7, 1, 9))
    wb = openpyxl.load_workbook(next(m.path for m in made if m.duties.agency.code == "SKHDT"))
    subtitle = wb[L.SHEET_INDICATORS]["A2"].value
    assert "Số liệu tính từ 01/01/2024 đến 31/12/2024" in subtitle and "31/07/2025" in subtitle


def test_the_covering_report_goes_with_the_data_call_only(call_run, demo_session):
    """bao-cao-gui-bo.docx (Nghị định 30/2020 form, like Cà Mau's Báo cáo 256/BC-SKHCN of 30/8/2024): what is
    supplied with its evidence, what is not yet and why, what the Ministry takes elsewhere; a progress report's
    period has none."""
    from docx import Document

    _plan, run = call_run
    doc = Document(run.outputs["covering_report"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Cung cấp số liệu xây dựng Chỉ số PII năm 2025 của tỉnh Bắc Giang" in text
    assert "số liệu năm 2024 (từ 01/01/2024 đến 31/12/2024)" in text
    supplied = re.search(r"1\. Số liệu đã có đủ tài liệu minh chứng \((\d+) chỉ số\)", text)
    assert supplied and int(supplied.group(1)) >= 10
    package = {r.indicator for r in run.model.evaluation.indicators if r.figure_from.value == "agency"}
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert all(any(line.startswith(f"- {code}.") for line in lines) for code in package)
    assert "- 1.1.1. " in text and "danh mục 3 văn bản chính sách kèm theo" in text
    assert (
        "- 1.2.1. Chi phí gia nhập thị trường: theo kết quả công bố của chỉ số nguồn (Kết quả PCI do VCCI công bố)."
        in text
    )
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text and "{{" not in text
    assert "covering_report" not in demo_session.result.outputs  # the year's progress report sends none


def test_the_call_names_what_its_edition_asks_beyond_the_plan_and_words_otherwise(tmp_path):
    """The framework changes every year («Nhân lực NC&PT/10.000 dân» became «(toàn thời gian)/10.000 dân» in 2025,
    DOMAIN.md): a data call whose edition is known shows the edition's wording beside the plan's, and lists the
    province-supplied indicators the plan does not follow (never asking an agency nobody assigned)."""
    from pii_excel.index.results import EditionResults, IndicatorResult
    from pii_excel.index.use import call_coverage
    from pii_excel.template.generate import make_templates
    from pii_excel.vocab import SourceKind

    plan = demo_plan()
    plan.periods.append(make_period("2025-DL", date(2025, 7, 31)))
    edition = EditionResults(
        "PII",
        2025,
        indicators=(
            IndicatorResult(
                "2.2.1", "Nhân lực nghiên cứu và phát triển (toàn thời gian)/10.000 dân", "người/10.000 dân"
            ),
            IndicatorResult("2.1.2", plan.require_indicator("2.1.2").name, plan.require_indicator("2.1.2").figure.unit),
            IndicatorResult("2.3.1", "Số lượng công bố khoa học quốc tế", "bài"),
            IndicatorResult("5.1.1", "Tỷ lệ hộ gia đình có kết nối Internet", "%", source=SourceKind.STATISTICS),
        ),
    )
    coverage = call_coverage(plan, [edition], "2025-DL")
    assert coverage is not None and coverage.edition == "PII 2025"
    assert coverage.not_followed == (("2.3.1", "Số lượng công bố khoa học quốc tế", "bài"),)  # not 5.1.1: statistics
    assert list(coverage.wording) == ["2.2.1"] and "(toàn thời gian)" in coverage.wording["2.2.1"]
    assert call_coverage(plan, [edition], plan.periods[0].id) is None  # a progress period: nothing to say
    made = make_templates(plan, "2025-DL", tmp_path, now=datetime(2025, 7, 1, 9), wording=coverage.wording)
    lead = next(m for m in made if any(i.code == "2.2.1" for i in m.duties.indicators))
    ws = openpyxl.load_workbook(lead.path)[L.SHEET_INDICATORS]
    figure = next(r[2] for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "2.2.1")
    assert figure.endswith(
        "Khung PII 2025: Nhân lực nghiên cứu và phát triển (toàn thời gian)/10.000 dân (người/10.000 dân)"
    )


def test_the_package_prints_legibly(call_run):
    """Issue #35: so-lieu-gui-bo.xlsx printed its 16 columns at about 7 pt on one page with the plan's internal
    code in the footer; it now goes on across pages at 9 pt or more, its number and code repeated."""
    _plan, run = call_run
    ws = openpyxl.load_workbook(run.outputs["ministry_package"])["Số liệu gửi Bộ"]
    assert ws.col_breaks.brk and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_cols.replace("$", "") == "A:B" and "pii-2024" not in (ws.oddFooter.left.text or "")
    assert ws.column_dimensions["A"].width >= 6  # «STT» on one line
