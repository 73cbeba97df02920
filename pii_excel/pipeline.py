"""`consolidate` as a library call: intake, then every writer, each output written atomically."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pii_excel.atomic import sweep_stale_temp, write_text_atomic
from pii_excel.intake.consolidate import run_intake
from pii_excel.plan.model import Plan
from pii_excel.result import RunResult

RUN_JSON = "run.json"
FEEDBACK_DIR = "phan-hoi"
SUMMARY_XLSX = "tong-hop.xlsx"
REPORT_DOCX = "bao-cao.docx"


def output_dir(output_root: Path, plan: Plan, period_id: str) -> Path:
    return output_root / plan.id / period_id


def run_json_text(result: RunResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def consolidate(
    plan: Plan,
    period_id: str,
    input_dir: Path,
    output_root: Path,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    report_template: Path | None = None,
    pdf: bool = False,
) -> RunResult:
    """Intake, evaluation, then every output. A broken report template raises ReportTemplateError
    before any output is written, so staff see the bad placeholder instead of a half-finished run."""
    from pii_excel.evaluate import evaluate
    from pii_excel.output.feedback import agencies_needing_feedback, write_feedback
    from pii_excel.output.summary import write_summary
    from pii_excel.report.render import convert_to_pdf, find_template, render_report

    template = find_template(report_template)
    sweep_stale_temp(output_dir(output_root, plan, period_id))
    result = run_intake(plan, period_id, input_dir, now=now, progress=progress)
    result.evaluation = evaluate(plan, result)
    out = output_dir(output_root, plan, period_id)
    report = render_report(result, plan, out / REPORT_DOCX, template)  # first: a bad template stops the run here
    result.outputs["report"] = str(report)
    result.outputs["summary"] = str(write_summary(result, plan, out / SUMMARY_XLSX))
    if pdf:
        try:
            result.outputs["report_pdf"] = str(convert_to_pdf(report))
        except RuntimeError as exc:
            result.notes.append(str(exc))
    for agency in agencies_needing_feedback(result):
        path = write_feedback(result, plan, agency, out / FEEDBACK_DIR / f"{agency}.xlsx")
        result.outputs[f"feedback:{agency}"] = str(path)
    result.outputs["run_json"] = str(out / RUN_JSON)
    write_text_atomic(out / RUN_JSON, run_json_text(result))
    return result
