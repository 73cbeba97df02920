"""`results report`: the analysis of one imported edition, written as one consistent set into
`<output>/<plan>/ket-qua-<year>/` (bao-cao-phan-tich.docx, phan-tich.xlsx, the PDF on request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pii_excel.analysis.model import DEFAULT_TOP, Analysis, build_analysis
from pii_excel.history import lineage_paths
from pii_excel.model import Signing
from pii_excel.plan.model import Plan
from pii_excel.publish import DEFAULT_WAIT_SECONDS, Staging, new_run_id, output_lock
from pii_excel.word.render import ReportTemplate, ReportTemplateError

REPORT_DOCX, REPORT_PDF = "bao-cao-phan-tich.docx", "bao-cao-phan-tich.pdf"


class AnalysisUnavailable(Exception):
    """The edition asked for was not imported; the message says how to import it, in Vietnamese."""


@dataclass(frozen=True)
class AnalysisOutcome:
    analysis: Analysis
    folder: Path
    outputs: dict[str, str] = field(default_factory=dict)
    checklist: list[str] = field(default_factory=list)  # what to look at before signing
    notes: list[str] = field(default_factory=list)


def analysis_folder(output_root: Path, plan: Plan, year: int) -> Path:
    return output_root / plan.id / f"ket-qua-{year}"


def load_analysis_template(cwd: Path | None = None) -> ReportTemplate:
    """templates/phan-tich.docx of the working folder when staff keep one (read as the untrusted file it is),
    else the packaged template."""
    from pii_excel.analysis.render import find_analysis_template, packaged_analysis_template
    from pii_excel.untrusted.word_file import WordFileRefused, read_word_document

    local = find_analysis_template(cwd)
    if local is None:
        return packaged_analysis_template()
    try:
        return ReportTemplate(local, read_word_document(local))
    except WordFileRefused as exc:
        raise ReportTemplateError(f"Không dùng được mẫu báo cáo «{local.name}»: {exc}.") from None


def _checklist(a: Analysis, signing: Signing) -> list[str]:
    rs = a.plan.report
    items = []
    if not signing.number:
        items.append(f"Số văn bản để trống («Số:      /{rs.doc_symbol}»): văn thư điền khi ký, hoặc chạy lại với --so.")
    if not (signing.signer_name or rs.signer_name):
        items.append("Chưa có họ tên người ký: chạy lại với --nguoi-ky, hoặc ghi trong tệp kế hoạch.")
    items.append("Mục 7 (Đề xuất, nhiệm vụ thời gian tới) còn dòng chấm để Sở viết; xoá dòng chấm sau khi viết.")
    if a.unowned:
        items.append(
            f"{len(a.unowned)} chỉ số chưa có đơn vị phụ trách trong Kế hoạch: {', '.join(i.code for i in a.unowned)}."
        )
    if a.previous is None:
        items.append(f"Chưa nhập kết quả năm trước năm {a.edition.year}: mục 4 chưa so sánh được.")
    if a.edition.document and "MẪU" in a.edition.document.upper():
        items.append(f"Kết quả {a.edition.label} được nhập từ tệp mẫu minh hoạ, không phải số liệu công bố.")
    return items


def write_analysis(
    plan: Plan,
    year: int,
    output_root: Path,
    *,
    pdf: bool = False,
    signing: Signing | None = None,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
    template: ReportTemplate | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> AnalysisOutcome:
    from pii_excel.analysis.render import render_analysis
    from pii_excel.analysis.workbook import ANALYSIS_XLSX, write_analysis_workbook
    from pii_excel.pipeline import imported_editions
    from pii_excel.word.render import FONT_NOTE, convert_to_pdf, report_font_missing

    now = now or datetime.now().astimezone().replace(microsecond=0)
    signing = signing or Signing()
    analysis = build_analysis(plan, imported_editions(lineage_paths(output_root, plan)), year, top)
    if analysis is None:
        raise AnalysisUnavailable(
            f"Chưa nhập kết quả công bố {plan.index_kind} {year} cho kế hoạch «{plan.id}». Tạo tệp bằng «pii-excel "
            f"results template {plan.id} --edition {year}», điền theo hồ sơ công bố rồi «pii-excel results import»."
        )
    template = template or load_analysis_template()
    folder = analysis_folder(output_root, plan, year)
    folder.mkdir(parents=True, exist_ok=True)
    run_id = new_run_id(f"{now:%Y%m%dT%H%M%S}")
    outputs: dict[str, str] = {}
    notes: list[str] = []
    with output_lock(folder, wait_seconds):
        staging = Staging(folder, run_id)
        try:
            docx = render_analysis(analysis, staging.path(REPORT_DOCX), signing, signing.date or now.date(), template)
            outputs["report"] = str(staging.final(REPORT_DOCX))
            write_analysis_workbook(analysis, staging.path(ANALYSIS_XLSX), run_id)
            outputs["workbook"] = str(staging.final(ANALYSIS_XLSX))
            if pdf:
                try:
                    convert_to_pdf(docx, staging.path(REPORT_PDF))
                    outputs["report_pdf"] = str(staging.final(REPORT_PDF))
                    if report_font_missing():
                        notes.append(FONT_NOTE)
                except RuntimeError as exc:
                    notes.append(str(exc))
            staging.publish()
        finally:
            staging.discard()
    return AnalysisOutcome(analysis, folder, outputs, _checklist(analysis, signing), notes)
