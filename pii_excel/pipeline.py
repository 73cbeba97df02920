"""`consolidate` as a library call: intake, evaluation, the one consolidation model, then every writer; the
outputs published as one set."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pii_excel.checkpoints import reached
from pii_excel.history import HistoryError, history_path, lineage_paths, load_history, record_period
from pii_excel.intake.folder import run_intake
from pii_excel.intake.read_file import LOG_NAME
from pii_excel.model import OWN_TEXT_FILE, Consolidation, Signing, build_consolidation
from pii_excel.output.run_json import run_json_text
from pii_excel.plan.duties import AgencyDuties, all_duties
from pii_excel.plan.model import Plan
from pii_excel.publish import DEFAULT_WAIT_SECONDS, STAGING_PREFIX, Staging, new_run_id, output_lock
from pii_excel.untrusted.workers import DEFAULT_TASK_SECONDS

if TYPE_CHECKING:
    from pii_excel.index.results import EditionResults
    from pii_excel.word.render import ReportTemplate

RUN_JSON = "run.json"
FEEDBACK_DIR = "phan-hoi"
SUMMARY_XLSX = "tong-hop.xlsx"
REPORT_DOCX = "bao-cao.docx"
REPORT_PDF = "bao-cao.pdf"


def output_dir(output_root: Path, plan: Plan, period_id: str) -> Path:
    return output_root / plan.id / period_id


@dataclass(frozen=True)
class RunOutcome:
    """A finished run: its model, the files it published (key -> final path) and notes for the console."""

    model: Consolidation
    outputs: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def technical_log_text(model: Consolidation) -> str:
    """Technical detail of the run's findings (library messages, tracebacks) for support staff."""
    lines = [f"pii-excel — lượt tổng hợp {model.run_id}, {model.plan.id} kỳ {model.period.id}", ""]
    for f in model.findings:
        if f.technical:
            at = f.location
            lines += [f"[{f.code}] {at.file} {at.sheet} {at.cell}".rstrip(), f.technical.rstrip(), ""]
    if model.history.technical:
        lines += ["[HISTORY] lich-su.sqlite", model.history.technical, ""]
    return "\n".join(lines)


def assess(
    plan: Plan,
    period_id: str,
    input_dir: Path,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    task_seconds: float | None = None,
    signing: Signing | None = None,
    editions: list[EditionResults] | None = None,
    evidence_dir: Path | None = None,
) -> tuple[Consolidation, list[AgencyDuties]]:
    """Intake and evaluation of the input folder, as one model, and the period's duties (worked out once: intake,
    evaluation and the agencies' workbooks share them). `editions`: the published results imported for the plan —
    the period's year's gives official scores, the latest up to that year estimation bounds. `evidence_dir`: where
    evidence files wait until written (None: examined only). Nothing else is written."""
    from pii_excel.evaluate import evaluate
    from pii_excel.index.use import (
        bounds_editions,
        edition_of_year,
        period_year,
        redefined_since_baseline,
        with_bounds,
        with_official,
    )

    period = plan.require_period(period_id)
    duties = all_duties(plan, period_id)
    intake = run_intake(
        plan,
        period_id,
        input_dir,
        now=now,
        progress=progress,
        duties=duties,
        task_seconds=task_seconds or DEFAULT_TASK_SECONDS,
        evidence_dir=evidence_dir,
    )
    reached("intake-done")
    year = period_year(period_id)
    intake = with_official(intake, edition_of_year(plan, editions or [], year), plan.region)
    judged = with_bounds(plan, bounds_editions(plan, editions or [], year))  # the templates were made from `plan`
    evaluation = evaluate(judged, intake, duties, period_id)
    redefined = redefined_since_baseline(plan, editions or [], year)
    if redefined:
        evaluation = replace(
            evaluation,
            indicators=tuple(replace(r, redefined=redefined.get(r.indicator, "")) for r in evaluation.indicators),
        )
    model = build_consolidation(
        new_run_id(f"{now:%Y%m%dT%H%M%S}"), now, str(input_dir), judged, period, intake, evaluation, signing
    )
    return model, duties


def imported_editions(lineage: list[Path]) -> list[EditionResults]:
    """The published results imported for the plan and the plans it continues (an edition imported under this plan
    wins); an unreadable history gives none (its note comes from the history itself)."""
    from pii_excel.index.store import read_editions

    found: dict[tuple[str, int], EditionResults] = {}
    for path in lineage:
        try:
            for edition in read_editions(path):
                found.setdefault((edition.index, edition.year), edition)
        except HistoryError:
            continue
    return sorted(found.values(), key=lambda e: (e.index, e.year))


def load_report_template(explicit: Path | None = None) -> ReportTemplate:
    """The report template this run uses (--template, else templates/bao-cao.docx of the working folder, else the
    packaged one), read and checked as the untrusted file it is: ReportTemplateError says why it cannot be used."""
    from pii_excel.report.render import find_template, packaged_template
    from pii_excel.untrusted.word_file import WordFileRefused, read_word_document
    from pii_excel.word.render import ReportTemplate, ReportTemplateError

    path = find_template(explicit)
    if path == packaged_template():
        return ReportTemplate(path, path.read_bytes(), packaged=True)
    try:
        return ReportTemplate(path, read_word_document(path))
    except WordFileRefused as exc:
        raise ReportTemplateError(f"Không dùng được mẫu báo cáo «{path.name}»: {exc}.") from None


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
    signing: Signing | None = None,
) -> RunOutcome:
    """Intake, evaluation, then every output, published together under the output folder's lock.

    A broken report template raises ReportTemplateError before anything is published, so staff see the bad
    placeholder instead of a half-finished run; any failure while writing leaves the previous set in place.
    Evidence files wait in a private folder beside the outputs (removed after the run, or by the next run's
    recovery if this one is killed) until they are placed in minh-chung/.
    """
    template = load_report_template(report_template)
    out = output_dir(output_root, plan, period_id)
    plan.require_period(period_id)
    with output_lock(out, wait_seconds):
        now = now or datetime.now().astimezone().replace(microsecond=0)
        evidence_dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}minh-chung-", dir=out))
        try:
            run = _Run(
                plan,
                period_id,
                input_dir,
                out,
                output_root,
                now,
                template,
                evidence_dir,
                pdf,
                progress,
                task_seconds,
                signing,
            )
            return _consolidate(run)
        finally:
            shutil.rmtree(evidence_dir, ignore_errors=True)


@dataclass(frozen=True)
class ModelOutput:
    """An output written from the model alone, `write(model, path)`, when `wanted(model)`: published under `name`
    and listed in run.json as `key`."""

    key: str
    name: str
    write: Callable[[Consolidation, Path], Path]
    wanted: Callable[[Consolidation], bool] = lambda model: True


def model_outputs() -> tuple[ModelOutput, ...]:
    """Every output written from the model alone, in the order they are written and listed: a new output of that
    kind is registered here and nowhere else. (The report with its template, evidence files, the PDF, correction
    workbooks per agency, the technical log and run.json are written around these.)"""
    from pii_excel.output.covering_report import COVERING_DOCX, write_covering_report
    from pii_excel.output.ministry_package import PACKAGE_XLSX, package_indicators, write_ministry_package
    from pii_excel.output.summary import TASKS_XLSX, write_summary, write_task_details
    from pii_excel.plan.periods import PeriodKind, period_kind
    from pii_excel.template.own_text import write_own_text_form

    def data_call(model: Consolidation) -> bool:  # the Sở's covering report goes with the Ministry's upload
        return bool(package_indicators(model)) and period_kind(model.period.id) is PeriodKind.DATA_CALL

    return (
        ModelOutput("summary", SUMMARY_XLSX, write_summary),
        ModelOutput("tasks", TASKS_XLSX, write_task_details),
        # only plans whose agencies supply raw figures (not a firm survey)
        ModelOutput("ministry_package", PACKAGE_XLSX, write_ministry_package, lambda m: bool(package_indicators(m))),
        ModelOutput("covering_report", COVERING_DOCX, write_covering_report, data_call),
        # the department's own text, to fill and keep in input/
        ModelOutput("own_text_form", OWN_TEXT_FILE, write_own_text_form),
    )


@dataclass(frozen=True)
class _Run:
    """One consolidation's settings, as `consolidate` resolved them under the lock."""

    plan: Plan
    period_id: str
    input_dir: Path
    out: Path  # the period's folder
    output_root: Path
    now: datetime
    template: ReportTemplate
    evidence_dir: Path  # where evidence files wait until they are written
    pdf: bool = False
    progress: Callable[[int, int], None] | None = None
    task_seconds: float | None = None
    signing: Signing | None = None


def _consolidate(run: _Run) -> RunOutcome:
    """consolidate's work under the lock, evidence files kept in `run.evidence_dir` until they are written."""
    plan, period_id, out, output_root, template, pdf = (
        run.plan,
        run.period_id,
        run.out,
        run.output_root,
        run.template,
        run.pdf,
    )
    from pii_excel.output.evidence_tree import EVIDENCE_INDEX, write_evidence
    from pii_excel.report.render import render_report
    from pii_excel.template.correction import agencies_needing_correction, write_correction
    from pii_excel.word.render import FONT_NOTE, convert_to_pdf, report_font_missing

    history_file = history_path(output_root, plan)
    lineage = lineage_paths(output_root, plan)
    model, duties = assess(
        plan,
        period_id,
        run.input_dir,
        run.now,
        run.progress,
        run.task_seconds,
        run.signing,
        imported_editions(lineage),
        run.evidence_dir,
    )
    model = replace(model, history=load_history(lineage, model), report_template=template.label)
    outputs: dict[str, str] = {}
    notes: list[str] = [model.history.problem] if model.history.problem else []
    notes += model.history.notes
    staging = Staging(out, model.run_id)
    try:
        # the report first: a bad template stops the run before anything else is written
        report = render_report(model, staging.path(REPORT_DOCX), template)
        outputs["report"] = str(staging.final(REPORT_DOCX))
        reached("report-staged")
        for output in model_outputs():
            if output.wanted(model):
                output.write(model, staging.path(output.name))
                outputs[output.key] = str(staging.final(output.name))
        evidence = write_evidence(model, staging.path)
        if evidence:
            outputs["evidence_index"] = str(staging.final(EVIDENCE_INDEX))
        if pdf:
            try:
                convert_to_pdf(report, staging.path(REPORT_PDF))
                outputs["report_pdf"] = str(staging.final(REPORT_PDF))
                if report_font_missing():
                    notes.append(FONT_NOTE)
            except RuntimeError as exc:
                notes.append(str(exc))
        owed = {d.agency.code: d for d in duties}
        for agency in agencies_needing_correction(model):
            if agency not in owed:
                continue
            name = f"{FEEDBACK_DIR}/{agency}.xlsx"  # the agency's own template again, to correct in place
            write_correction(model, owed[agency], staging.path(name))
            outputs[f"feedback:{agency}"] = str(staging.final(name))
        if model.history.technical or any(f.technical for f in model.findings):
            staging.path(LOG_NAME).write_text(technical_log_text(model), encoding="utf-8")
            outputs["technical_log"] = str(staging.final(LOG_NAME))
        outputs["run_json"] = str(staging.final(RUN_JSON))
        staging.path(RUN_JSON).write_text(run_json_text(model, outputs), encoding="utf-8")
        reached("all-staged")
        staging.publish()
        reached("published")
        try:  # after publication: the history never holds a period whose outputs were not published
            if not model.history.problem:  # a file we could not read is never written over
                record_period(history_file, model, datetime.now().astimezone())
        except HistoryError as exc:
            notes.append(str(exc))
    finally:
        staging.discard()
    return RunOutcome(model, outputs, tuple(notes))
