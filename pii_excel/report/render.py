"""Fill the report template (docxtpl) and optionally convert it to PDF with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.plan.model import Plan
from pii_excel.result import RunResult

TEMPLATE_NAME = "bao-cao.docx"
CHART_WIDTH_MM = 160


class ReportTemplateError(Exception):
    """The report template cannot be used; the message names the bad placeholder, in Vietnamese."""


def find_template(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """--template FILE, else templates/bao-cao.docx of the working folder (staff edit it), else the packaged copy."""
    if explicit is not None:
        if not explicit.is_file():
            raise ReportTemplateError(f"Không tìm thấy mẫu báo cáo «{explicit}».")
        return explicit
    local = (cwd or Path.cwd()) / "templates" / TEMPLATE_NAME
    if local.is_file():
        return local
    return Path(str(resources.files("pii_excel.report") / TEMPLATE_NAME))


def _explain(exc: Exception, template: Path, known: list[str]) -> str:
    text = str(exc)
    name = re.search(r"'([^']+)' is undefined", text)
    if name:
        return (f"Mẫu báo cáo «{template.name}» dùng chỗ giữ chỗ {{{{ {name.group(1)} }}}} không có. "
                f"Các chỗ giữ chỗ dùng được: {', '.join(sorted(known))}.")  # fmt: skip
    line = getattr(exc, "lineno", None)
    where = f" (gần dòng {line} của phần văn bản mẫu)" if line else ""
    return f"Mẫu báo cáo «{template.name}» có chỗ giữ chỗ viết sai{where}: {text}"


def render_report(result: RunResult, plan: Plan, target: Path, template: Path | None = None,
                  report_date: date | None = None) -> Path:  # fmt: skip
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from pii_excel.report.charts import indicator_chart, pillar_chart
    from pii_excel.report.context import build_context

    template = find_template(template)
    context = build_context(result, plan, report_date or result.generated_at.date())
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as exc:  # a file that is not a .docx
        raise ReportTemplateError(f"Không mở được mẫu báo cáo «{template.name}»: {exc}") from exc
    for key, chart in (("bieu_do_tru_cot", pillar_chart(plan, result.evaluation)),
                       ("bieu_do_chi_so", indicator_chart(result.evaluation))):  # fmt: skip
        context[key] = InlineImage(tpl, chart, width=Mm(CHART_WIDTH_MM)) if chart else ""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    try:
        # autoescape: agency text with "<" or "&" must not break the document's XML
        tpl.render(context, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, ValueError) as exc:
        raise ReportTemplateError(_explain(exc, template, list(context))) from exc
    with atomic_path(target) as tmp:
        tpl.save(str(tmp))
    return target


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path) -> Path:
    """Write a PDF next to the .docx through LibreOffice; raise RuntimeError with a Vietnamese message."""
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("Không tìm thấy LibreOffice (soffice) nên không tạo được PDF; mở bao-cao.docx bằng Word "
                           "và chọn Lưu thành PDF.")  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", work, str(docx)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, timeout=300)
        produced = Path(work) / f"{docx.stem}.pdf"
        if done.returncode != 0 or not produced.exists():
            raise RuntimeError(
                f"LibreOffice không chuyển được báo cáo sang PDF: {done.stderr.decode(errors='replace')[:200]}"
            )
        target = docx.with_suffix(".pdf")
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target
