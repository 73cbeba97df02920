"""Fill the report template (docxtpl) and optionally convert it to PDF with LibreOffice."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation
from pii_excel.word.render import CHART_WIDTH_MM, ReportTemplate, ReportTemplateError, open_template, render_sandboxed

TEMPLATE_NAME = "bao-cao.docx"


def find_template(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """--template FILE, else templates/bao-cao.docx of the working folder (staff edit it), else the packaged copy."""
    if explicit is not None:
        if not explicit.is_file():
            raise ReportTemplateError(f"Không tìm thấy mẫu báo cáo «{explicit}».")
        return explicit
    local = (cwd or Path.cwd()) / "templates" / TEMPLATE_NAME
    if local.is_file():
        return local
    return packaged_template()


def packaged_template() -> Path:
    return Path(str(resources.files("pii_excel.report") / TEMPLATE_NAME))


def packaged_report_template() -> ReportTemplate:
    """The template shipped with the program (trusted: it is part of the package)."""
    return ReportTemplate(packaged_template(), packaged_template().read_bytes(), packaged=True)


def render_report(
    model: Consolidation, target: Path, template: ReportTemplate | None = None, report_date: date | None = None
) -> Path:
    from pii_excel.report.charts import indicator_chart, pillar_chart
    from pii_excel.report.context import build_context
    from pii_excel.report.trend import trend_chart
    from pii_excel.word.word_chart import InlineChart

    template = template or packaged_report_template()
    context = build_context(model, report_date or model.report_date)
    tpl = open_template(template)
    for key, chart in (
        ("bieu_do_tru_cot", pillar_chart(model.evaluation, model.plan.pillar_noun)),
        ("bieu_do_chi_so", indicator_chart(model.evaluation)),
        ("bieu_do_dien_bien", trend_chart(model)),
    ):
        context[key] = InlineChart(tpl, chart, CHART_WIDTH_MM, chart.height_mm) if chart else ""
    render_sandboxed(tpl, context, template)
    tpl.docx.core_properties.identifier = model.run_id  # ties the report to its run.json
    tpl.docx.core_properties.title = f"Báo cáo {context['trich_yeu']}"  # what a PDF viewer shows as its title
    with atomic_path(target) as tmp:
        tpl.save(str(tmp))
    return target
