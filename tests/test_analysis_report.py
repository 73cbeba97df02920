"""`results report`: the analysis after publication, from imported results only.

Real figures: Bắc Giang's PII 2023 profile as Kế hoạch 41/KH-UBND quotes it (the 17 indicators' scores, pillars 1, 3,
5, 7 and PII 46,51, 11th of 63) and its PII 2024 rank (10th of 63, DOMAIN.md). The raw values and bounds behind
the 2023 scores are the demo's illustrative ones (consistent with the min–max normalisation), and the 2024 and 2025
scores other than that rank are made up — 2025 ranked over 34 provinces after the July 2025 merger."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import soffice
from test_results_import import _fill

from pii_excel.analysis.model import build_analysis
from pii_excel.analysis.service import write_analysis
from pii_excel.cli import main
from pii_excel.index.service import import_results, stored_editions, write_template
from pii_excel.model import Signing
from pii_excel.plan import load_plan
from pii_excel.sample.results import SAMPLE_BOUNDS, sample_raw
from pii_excel.scores import normalised

REGION = "Trung du và miền núi phía Bắc"
PILLARS_2023 = {"1": (67.23, 4), "3": (69.32, 5), "5": (43.96, 7), "7": (66.21, 1)}


def _edition(
    plan, folder: Path, year: int, size: int, scores: dict[str, tuple[float, int]], aggregates: dict[str, tuple]
) -> None:
    path = write_template(plan, year, folder / f"ket-qua-{year}.xlsx")
    indicators = {}
    for code, (score, rank) in scores.items():
        low, high = SAMPLE_BOUNDS[code]
        indicators[code] = (sample_raw(code, score), low, high, score, rank)
    info = {
        "Số tỉnh, thành phố được xếp hạng": size,
        "Vùng kinh tế - xã hội": REGION,
        "Số tỉnh, thành phố trong vùng": 14 if size == 63 else 9,
    }
    _fill(path, indicators=indicators, aggregates=aggregates, info=info)
    done = import_results(plan, path, folder / "out")
    assert done.stored and not done.errors, [f.message for f in done.findings]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    plan = load_plan("pii-2024-bac-giang")
    plan.region = REGION
    folder = tmp_path_factory.mktemp("analysis")
    ranks_2023 = {
        "1.1.1": 40,
        "1.2.1": 50,
        "2.1.2": 62,
        "2.2.1": 45,
        "2.2.2": 30,
        "2.2.3": 61,
        "2.2.4": 38,
        "3.1.1": 21,
        "4.1.1": 55,
        "4.2.1": 51,
        "4.2.2": 50,
        "5.2.2": 33,
        "5.2.3": 60,
        "6.1.1": 25,
        "6.2.3": 61,
        "6.3.3": 63,
        "7.1.2": 28,
    }
    real = {i.code: (i.baseline_value, ranks_2023[i.code]) for i in plan.indicators}
    _edition(plan, folder, 2023, 63, real, {**PILLARS_2023, "PII": (46.51, 11)})
    moved = {code: (round(min(100.0, score + 3.0), 2), max(1, rank - 4)) for code, (score, rank) in real.items()}
    moved["6.3.3"] = (0.0, 63)  # still last
    _edition(plan, folder, 2024, 63, moved, {"1": (69.10, 3), "3": (70.00, 5), "PII": (47.80, 10)})
    late = {code: (score, max(1, round(rank * 34 / 63))) for code, (score, rank) in moved.items()}
    late["2.2.3"] = (5.2, 33)  # below its 2024 target of ≥ 10 points
    _edition(plan, folder, 2025, 34, late, {"1": (70.2, 2, 1), "3": (71.0, 4, 2), "PII": (48.20, 6, 2)})
    return plan, folder / "out"


def test_the_overall_result_states_ranks_with_their_base_and_never_compares_63_with_34(imported):
    plan, out = imported
    editions = stored_editions(plan, out)
    a2024 = build_analysis(plan, editions, 2024)
    a2025 = build_analysis(plan, editions, 2025)
    assert a2024 is not None and a2025 is not None
    assert a2024.same_base and not a2025.same_base
    from pii_excel.analysis.context import build_analysis_context

    same = " ".join(build_analysis_context(a2024, Signing(), date(2025, 1, 5))["ket_qua_chung"])
    assert (
        "47,80 điểm, xếp thứ 10/63" in same
        and "tăng 1,29 điểm so với năm 2023 (46,51 điểm, thứ 11/63), tăng 1 bậc" in same
    )
    text = " ".join(build_analysis_context(a2025, Signing(), date(2025, 10, 5))["ket_qua_chung"])
    assert "48,20 điểm, xếp thứ 6/34 tỉnh, thành phố, thứ 2/9 trong vùng Trung du và miền núi phía Bắc" in text
    assert (
        "năm 2024 xếp hạng 63 tỉnh, thành phố, năm 2025 xếp hạng 34 nên thứ hạng của tỉnh, các trụ cột và chỉ số không so sánh trực tiếp"
        in text
    )
    assert "bậc" not in text  # a move from 10/63 to 6/34 is not «tăng 4 bậc»


def test_strengths_weaknesses_and_what_it_would_take_follow_the_published_arithmetic(imported):
    plan, out = imported
    a = build_analysis(plan, stored_editions(plan, out), 2025, top=3)
    assert a is not None and len(a.indicators) == 17
    ranks = sorted(i.rank for i in a.indicators)
    assert [i.rank for i in a.strengths] == ranks[:3]
    assert [i.rank for i in a.weaknesses] == sorted(ranks[-3:], reverse=True)
    assert a.weaknesses[0].code == "6.3.3" and a.weaknesses[0].rank == 34
    weak = next(i for i in a.indicators if i.code == "2.2.3")
    assert weak.target == "≥ 10 điểm" and weak.verdict is not None and weak.verdict.value == "not_met"
    low, high = SAMPLE_BOUNDS["2.2.3"]
    assert weak.needed is not None and weak.needed.figure == pytest.approx(low + 0.10 * (high - low))
    assert normalised(weak.needed.figure, low, high, "higher") == pytest.approx(10.0)  # the inverse, exactly
    assert weak.owners == ("Sở KH&CN",)
    moved = {i.code: i.change for i in a.indicators}
    assert moved["2.2.3"] == pytest.approx(5.2 - 5.43) and a.fallers[0].code == "2.2.3"


def test_the_report_and_workbook_say_the_figures_and_print_without_a_blank_page(imported, tmp_path):
    plan, out = imported
    done = write_analysis(plan, 2025, out, pdf=bool(soffice()), signing=Signing("74", date(2025, 10, 10)), top=5)
    from docx import Document

    doc = Document(done.outputs["report"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Số: 74/BC-KHCN" in "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    for phrase in (
        "1. Kết quả chung",
        "3. Điểm mạnh, điểm yếu trong 17 chỉ số thành phần",
        "- 6.3.3. Tỷ lệ doanh nghiệp khởi nghiệp sáng tạo",
        "cần ≥ ",
        "(mục tiêu của Kế hoạch)",
        "Giảm điểm",
        "Trụ cột: 2/2 trụ cột đạt mục tiêu",
        "Trụ cột, nhóm tăng điểm: 1. Thể chế (+1,10 điểm)",
    ):
        assert phrase in text, phrase
    assert "{{" not in text and "None" not in text
    assert not re.search(r"(^|\s)0(/\d+)? (chỉ số|trụ cột|đơn vị)", text)  # never «0 …»
    appendix = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[3].text == "Giá trị của tỉnh"
    )
    assert len(appendix.rows) == 18 and appendix.rows[1].cells[1].text == "1.1.1"  # every indicator, code order
    charts = [n for n in doc.part.package.parts if "/charts/" in str(n.partname)]
    assert len(charts) == 2  # native Word charts, no pictures
    wb = openpyxl.load_workbook(done.outputs["workbook"])
    assert wb.sheetnames == ["Tổng quan", "Chỉ số", "Mạnh, yếu", "Trách nhiệm"]
    rows = {r[0]: r for r in wb["Chỉ số"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["2.2.3"][6] == 5.2 and rows["2.2.3"][7] == "33/34" and rows["2.2.3"][12] == "Chưa đạt"
    if soffice():
        pdf = Path(done.outputs["report_pdf"])
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        blank = [n for n, page in enumerate(pages.split("\f")[:-1], 1) if len(re.sub(r"\s+|\d", "", page)) < 20]
        assert not blank, f"trang trắng: {blank}"


def test_results_report_on_the_command_line(imported):
    plan, out = imported
    missing = CliRunner().invoke(main, ["results", "report", plan.id, "--edition", "2022", "-o", str(out)])
    assert missing.exit_code == 1 and "Chưa nhập kết quả công bố PII 2022" in missing.stderr
    assert "Traceback" not in missing.output
    done = CliRunner().invoke(main, ["results", "report", plan.id, "--edition", "2024", "-o", str(out), "--top", "4"])
    assert done.exit_code == 0, done.output
    assert "bao-cao-phan-tich.docx" in done.stderr and "Mục 7 (Đề xuất, nhiệm vụ thời gian tới)" in done.stderr
    assert (out / plan.id / "ket-qua-2024" / "phan-tich.xlsx").is_file()


def test_a_template_staff_keep_is_used_and_cannot_run_code(imported, tmp_path):
    """templates/phan-tich.docx of the working folder is read as the untrusted file it is and rendered in the
    report sandbox: a placeholder reaching into the program is refused, naming it, and nothing is published."""
    from docx import Document

    from pii_excel.analysis.service import load_analysis_template
    from pii_excel.word.render import ReportTemplateError

    plan, out = imported
    (tmp_path / "templates").mkdir()
    doc = Document()
    doc.add_paragraph("{{ trich_yeu }} — {{ ket_qua_chung[0] }}")
    doc.save(tmp_path / "templates" / "phan-tich.docx")
    own = load_analysis_template(tmp_path)
    done = write_analysis(plan, 2024, out, template=own)
    text = "\n".join(p.text for p in Document(done.outputs["report"]).paragraphs)
    assert text.startswith("Phân tích kết quả Chỉ số PII năm 2024 của tỉnh Bắc Giang — Chỉ số PII năm 2024")
    doc.add_paragraph("{{ trich_yeu.__class__.__mro__ }}")
    doc.save(tmp_path / "templates" / "phan-tich.docx")
    before = Path(done.outputs["report"]).read_bytes()
    with pytest.raises(ReportTemplateError, match="không được phép"):
        write_analysis(plan, 2024, out, template=load_analysis_template(tmp_path))
    assert Path(done.outputs["report"]).read_bytes() == before


def test_a_profile_entered_without_indicator_ranks_says_so_instead_of_empty_lists(tmp_path):
    from pii_excel.analysis.context import build_analysis_context

    plan = load_plan("pii-2024-bac-giang")
    _edition(plan, tmp_path, 2023, 63, {}, {"PII": (46.51, 11)})
    a = build_analysis(plan, stored_editions(plan, tmp_path / "out"), 2023)
    assert a is not None and not a.strengths
    context = build_analysis_context(a, Signing(), date(2024, 3, 20))
    assert context["diem_manh"] == ["Tệp kết quả đã nhập chưa có thứ hạng của các chỉ số thành phần."]
    assert context["diem_yeu"] == [] and context["tang_giam"][0].startswith("Chưa nhập kết quả công bố năm trước")
    assert (
        context["ket_qua_chung"][0]
        == "Chỉ số PII năm 2023 của tỉnh Bắc Giang đạt 46,51 điểm, xếp thứ 11/63 tỉnh, thành phố."
    )
