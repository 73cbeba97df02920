"""`consolidate` as a library call: intake, evaluation, then every writer; the outputs published as one set."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pii_excel.checkpoints import reached
from pii_excel.intake.consolidate import LOG_NAME, run_intake
from pii_excel.intake.workers import DEFAULT_TASK_SECONDS
from pii_excel.plan.model import Plan
from pii_excel.publish import DEFAULT_WAIT_SECONDS, Staging, new_run_id, output_lock
from pii_excel.result import RunResult

RUN_JSON = "run.json"
FEEDBACK_DIR = "phan-hoi"
SUMMARY_XLSX = "tong-hop.xlsx"
REPORT_DOCX = "bao-cao.docx"
REPORT_PDF = "bao-cao.pdf"


def output_dir(output_root: Path, plan: Plan, period_id: str) -> Path:
    return output_root / plan.id / period_id


def run_json_text(result: RunResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def technical_log_text(result: RunResult) -> str:
    """Technical detail of the run's findings (library messages, tracebacks) for support staff."""
    lines = [f"pii-excel — lượt tổng hợp {result.run_id}, {result.plan_id} kỳ {result.period}", ""]
    for f in result.findings:
        if f.technical:
            lines += [f"[{f.code}] {f.file} {f.sheet} {f.cell}".rstrip(), f.technical.rstrip(), ""]
    return "\n".join(lines)


def consolidate(
    plan: Plan,
    period_id: str,
    input_dir: Path,
    output_root: Path,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    report_template: Path | None = None,
    pdf: bool = False,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    task_seconds: float | None = None,
) -> RunResult:
    """Intake, evaluation, then every output, published together under the output folder's lock.

    A broken report template raises ReportTemplateError before anything is published, so staff see the bad
    placeholder instead of a half-finished run; any failure while writing leaves the previous set in place.
    """
    from pii_excel.evaluate import evaluate
    from pii_excel.output.feedback import agencies_needing_feedback, write_feedback
    from pii_excel.output.summary import write_summary
    from pii_excel.report.render import convert_to_pdf, find_template, render_report

    template = find_template(report_template)
    out = output_dir(output_root, plan, period_id)
    with output_lock(out, wait_seconds):
        result = run_intake(plan, period_id, input_dir, now=now, progress=progress,
                            task_seconds=task_seconds or DEFAULT_TASK_SECONDS)  # fmt: skip
        reached("intake-done")
        result.run_id = new_run_id(f"{result.generated_at:%Y%m%dT%H%M%S}")
        result.evaluation = evaluate(plan, result)
        staging = Staging(out, result.run_id)
        try:
            # the report first: a bad template stops the run before anything else is written
            report = render_report(result, plan, staging.path(REPORT_DOCX), template)
            result.outputs["report"] = str(staging.final(REPORT_DOCX))
            reached("report-staged")
            write_summary(result, plan, staging.path(SUMMARY_XLSX))
            result.outputs["summary"] = str(staging.final(SUMMARY_XLSX))
            if pdf:
                try:
                    convert_to_pdf(report, staging.path(REPORT_PDF))
                    result.outputs["report_pdf"] = str(staging.final(REPORT_PDF))
                except RuntimeError as exc:
                    result.notes.append(str(exc))
            for agency in agencies_needing_feedback(result):
                name = f"{FEEDBACK_DIR}/{agency}.xlsx"
                write_feedback(result, plan, agency, staging.path(name))
                result.outputs[f"feedback:{agency}"] = str(staging.final(name))
            if any(f.technical for f in result.findings):
                staging.path(LOG_NAME).write_text(technical_log_text(result), encoding="utf-8")
                result.outputs["technical_log"] = str(staging.final(LOG_NAME))
            result.outputs["run_json"] = str(staging.final(RUN_JSON))
            staging.path(RUN_JSON).write_text(run_json_text(result), encoding="utf-8")
            reached("all-staged")
            staging.publish()
            reached("published")
        finally:
            staging.discard()
    return result
