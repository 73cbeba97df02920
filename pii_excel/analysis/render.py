"""Fill the analysis report template (docxtpl, in the report sandbox) with the analysis's words and native charts."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from pii_excel.analysis.context import build_analysis_context
from pii_excel.analysis.model import Analysis
from pii_excel.atomic import atomic_path
from pii_excel.model import Signing
from pii_excel.word.render import CHART_WIDTH_MM, ReportTemplate, open_template, render_sandboxed

TEMPLATE_NAME = "phan-tich.docx"


def packaged_analysis_template() -> ReportTemplate:
    path = Path(str(resources.files("pii_excel.analysis") / TEMPLATE_NAME))
    return ReportTemplate(path, path.read_bytes())


def find_analysis_template(cwd: Path | None = None) -> Path | None:
    """templates/phan-tich.docx of the working folder, where staff keep the copy they edit in Word."""
    local = (cwd or Path.cwd()) / "templates" / TEMPLATE_NAME
    return local if local.is_file() else None


def render_analysis(
    a: Analysis, target: Path, signing: Signing, report_date: date, template: ReportTemplate | None = None
) -> Path:
    from pii_excel.analysis.charts import pillar_profile, strengths_and_weaknesses
    from pii_excel.word.word_chart import InlineChart

    template = template or packaged_analysis_template()
    context = build_analysis_context(a, signing, report_date)
    tpl = open_template(template)
    for key, chart in (("bieu_do_tru_cot", pillar_profile(a)), ("bieu_do_chi_so", strengths_and_weaknesses(a))):
        context[key] = InlineChart(tpl, chart, CHART_WIDTH_MM, chart.height_mm) if chart else ""
    render_sandboxed(tpl, context, template)
    tpl.docx.core_properties.title = f"Báo cáo {context['trich_yeu']}"
    with atomic_path(target) as tmp:
        tpl.save(str(tmp))
    return target
