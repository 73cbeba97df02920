"""The main job on a bundled sample: templates of the default plan, realistic answers, consolidation."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pii_excel.pipeline import RunOutcome
from pii_excel.plan import DEFAULT_PLAN, load_plan
from pii_excel.plan.model import Plan
from pii_excel.sample.answers import complete_answers
from pii_excel.sample.fill import Answers, fill_template, set_saved_time
from pii_excel.scores import figure_for_score
from pii_excel.template import layout as L
from pii_excel.template.generate import make_templates

DEMO_PERIOD = "2024"
LATE, MISSING, TYPOS, LIBREOFFICE = "CTK", "NHCSXH", "SKHDT", "SGDDT"
FILE_NAMES = {  # what agencies really call the files they send
    "SKHCN": "Báo cáo PII năm 2024 - Sở KH&CN.xlsx",
    "SKHDT": "SKHDT bao cao chi so PII 2024 (gui lai).xlsx",
    "SGDDT": "Sở GD&ĐT - báo cáo PII.xlsx",
    "STTTT": unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông báo cáo.xlsx"),  # sent from a Mac
}


@dataclass
class DemoRun:
    result: RunOutcome
    input_dir: Path
    notes: list[str] = field(default_factory=list)


# Normalisation bounds (lowest and highest figure among provinces) a department would copy from the latest published
# profiles into its plan, so that scores can be estimated. Illustrative numbers for the demo, not published data.
DEMO_BOUNDS = {
    "2.2.1": (0.5, 30.0),
    "2.2.4": (0.02, 1.2),
    "6.1.1": (0.0, 2.5),
    "6.2.3": (0.0, 1.8),
    "4.1.1": (20.0, 400.0),
    "4.2.1": (5.0, 120.0),
}
DEMO_PREVIOUS = {"7.1.2": 0.27}  # last year's figure; for indicators with bounds it follows from the baseline score
DEMO_PUBLISHED = ("3.1.1",)  # an indicator whose published score the coordinator has entered


def demo_plan() -> Plan:
    """The default plan as a department keeps it in its plan file: with the latest bounds and last year's figures."""
    plan = load_plan(DEFAULT_PLAN)
    previous = dict(DEMO_PREVIOUS)
    for code, (low, high) in DEMO_BOUNDS.items():
        ind = plan.require_indicator(code)
        figure = ind.figure
        figure.bounds_min, figure.bounds_max, figure.bounds_year = low, high, 2023
        # the figure that gave last year's published score, so figures, scores and baseline agree
        previous[code] = round(figure_for_score(figure, ind.baseline_value or 0.0, ind.direction) or 0.0, 4)
    for code, value in previous.items():
        figure = plan.require_indicator(code).figure
        figure.previous_value, figure.previous_year = value, 2023
    plan.notes.append(
        "Bản chạy thử: giới hạn chuẩn hoá và số liệu năm trước của các chỉ số "
        + ", ".join(previous)
        + " là số minh hoạ, không phải số liệu công bố."
    )
    return plan


def _official_results(plan: Plan, answers: Answers) -> None:
    """The Ministry's published scores: pillars and composites (consistent with each other), and one indicator's
    score; the other indicators are estimated from their raw figures or wait for publication."""
    answers.official = {code: answers.official[code] for code in DEMO_PUBLISHED if code in answers.official}
    scores = {code: score for code, (score, _) in answers.pillars.items()}
    inputs = [scores[p.code] for p in plan.side_pillars("input")]
    outputs = [scores[p.code] for p in plan.side_pillars("output")]
    if not (inputs and outputs):  # an index without sides (PCI): the weighted mean of its sub-indices, scaled
        weights = [p.weight or 1.0 for p in plan.pillars]
        overall = sum(scores[p.code] * w for p, w in zip(plan.pillars, weights, strict=True)) / sum(weights)
        answers.pillars[L.TOTAL_OVERALL] = (round(overall * plan.overall_scale, 2), 8)
        return
    mean_in, mean_out = round(sum(inputs) / len(inputs), 2), round(sum(outputs) / len(outputs), 2)
    answers.pillars.update({
        L.TOTAL_INPUT: (mean_in, 9), L.TOTAL_OUTPUT: (mean_out, 7), L.TOTAL_OVERALL: (round((mean_in + mean_out) / 2, 2), 8),
    })  # fmt: skip


def _with_typing_errors(answers: Answers) -> None:
    codes = list(answers.values)
    answers.values[codes[0]] = str(answers.values[codes[0]]).replace(".", ",")  # decimal comma typed as text
    answers.values[codes[1]] = "≥ 30"  # a comparator typed into the figure
    answers.values[codes[2]] = "khoảng 20"
    answers.sources[codes[1]] = ""
    first_task = next(iter(answers.tasks))
    answers.tasks[first_task] = ("", answers.tasks[first_task][1], "")


def _save_with_libreoffice(path: Path, notes: list[str]) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        notes.append("Không có LibreOffice nên tệp mẫu của Sở GD&ĐT giữ nguyên dạng .xlsx.")
        return path
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "ods", "--outdir",
               str(path.parent), str(path)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, timeout=300)
    converted = path.with_suffix(".ods")
    if done.returncode != 0 or not converted.exists():
        notes.append("LibreOffice không chuyển được tệp mẫu của Sở GD&ĐT; giữ nguyên dạng .xlsx.")
        return path
    path.unlink()
    return converted


def sample_inputs(plan: Plan, period_id: str, workdir: Path, *, seed: int = 0, now: datetime | None = None,
                  quirks: bool = True) -> tuple[Path, list[str]]:  # fmt: skip
    """The period's templates filled as the agencies would and saved in `workdir/input`: with `quirks`, one agency
    sends nothing, one is late, one types badly and one saves with LibreOffice. Returns the folder and notes."""
    period = plan.require_period(period_id)
    input_dir = workdir / "input"
    if input_dir.exists():
        shutil.rmtree(input_dir)  # the sample's own folder, rebuilt on every run
    made = make_templates(plan, period_id, workdir / plan.id / period_id / "templates", now=now)
    notes: list[str] = []
    deadline = datetime(period.deadline.year, period.deadline.month, period.deadline.day, 9, 0, tzinfo=timezone.utc)
    for n, m in enumerate(made):
        code = m.duties.agency.code
        if quirks and code == MISSING:
            continue
        answers = complete_answers(plan, period, m.duties, seed=seed)
        if m.duties.official_results:
            _official_results(plan, answers)
        if quirks and code == TYPOS:
            _with_typing_errors(answers)
        path = fill_template(m.path, input_dir / FILE_NAMES.get(code, f"{code}_{period_id}.xlsx"), answers)
        if quirks and code == LIBREOFFICE:
            path = _save_with_libreoffice(path, notes)
        late = quirks and code == LATE
        saved = deadline + timedelta(days=3) if late else deadline - timedelta(days=1 + n % 6, hours=n)
        set_saved_time(path, saved)
    return input_dir, notes


def run_demo(workdir: Path, pdf: bool = False, now: datetime | None = None) -> DemoRun:
    from pii_excel.pipeline import consolidate

    plan = demo_plan()
    input_dir, notes = sample_inputs(plan, DEMO_PERIOD, workdir, now=now)
    result = consolidate(plan, DEMO_PERIOD, input_dir, workdir, now=now, pdf=pdf)
    return DemoRun(result, input_dir, notes)
