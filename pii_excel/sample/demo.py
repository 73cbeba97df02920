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
from pii_excel.sample.results import SAMPLE_YEAR, sample_raw, write_sample_results
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


DEMO_PUBLISHED = ("3.1.1",)  # an indicator whose published score the coordinator has entered
RESULTS_FILE = "ket-qua-pii-2023 (mau minh hoa).xlsx"


def demo_plan() -> Plan:
    """The default plan as a department keeps it in its plan file, with last year's figures (the sample profile's raw
    values, so figures, scores and baselines agree); the bounds come from the imported results, not the plan."""
    plan = load_plan(DEFAULT_PLAN)
    for ind in plan.indicators:
        if ind.baseline_value is None or ind.code == "1.1.1":  # 1.1.1's raw value is the Ministry's assessment
            continue
        previous = sample_raw(ind.code, ind.baseline_value, ind.direction)
        if previous is not None:
            ind.figure.previous_value, ind.figure.previous_year = previous, SAMPLE_YEAR
    plan.notes.append(
        "Bản chạy thử: số liệu năm trước của các chỉ số và giá trị, giới hạn chuẩn hoá trong tệp kết quả PII 2023 "
        "mẫu là số minh hoạ, không phải số liệu công bố."
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
    answers.pillars.update(
        {
            L.TOTAL_INPUT: (mean_in, 9),
            L.TOTAL_OUTPUT: (mean_out, 7),
            L.TOTAL_OVERALL: (round((mean_in + mean_out) / 2, 2), 8),
        }
    )


def _with_typing_errors(answers: Answers) -> None:
    codes = list(answers.values)
    ratio, other = codes[0], codes[-1]
    numerator, denominator = answers.ratios.get(ratio, (None, None))
    if denominator is not None:  # «8,5» nghìn doanh nghiệp typed as text with a decimal comma
        answers.ratios[ratio] = (numerator, str(denominator).replace(".", ","))
    answers.values[ratio] = "≥ 30"  # a comparator typed into the figure
    answers.sources[ratio] = ""
    answers.values[other] = "khoảng 20"
    first_task = next(iter(answers.tasks))
    answers.tasks[first_task] = ("", answers.tasks[first_task][1], "")


def _save_with_libreoffice(path: Path, notes: list[str]) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        notes.append("Không có LibreOffice nên tệp mẫu của Sở GD&ĐT giữ nguyên dạng .xlsx.")
        return path
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(path.parent),
            str(path),
        ]
        done = subprocess.run(cmd, capture_output=True, timeout=300)
    converted = path.with_suffix(".ods")
    if done.returncode != 0 or not converted.exists():
        notes.append("LibreOffice không chuyển được tệp mẫu của Sở GD&ĐT; giữ nguyên dạng .xlsx.")
        return path
    path.unlink()
    return converted


def sample_pdf(title: str) -> bytes:
    """A one-page PDF standing for a scanned document (labelled as a sample in its properties)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # A4 in points
    writer.add_metadata({"/Title": f"Tệp mẫu: {title}", "/Producer": "pii-excel (tệp mẫu)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _send_evidence(folder: Path, answers) -> None:
    """The scans an agency sends in a folder named for it: each document its template lists (named as there), and
    the report behind each figure, named by its number («123-BC-SCT.pdf» for «Báo cáo số 123/BC-SCT»)."""
    scans = {str(d[4]): f"{d[0]} — {d[2]}" for d in answers.documents.values()}
    for source in answers.sources.values():
        number = str(source).removeprefix("Báo cáo số ").split(" ")[0]
        scans[number.replace("/", "-") + ".pdf"] = str(source)
    if scans:
        folder.mkdir(exist_ok=True)
    for name, title in scans.items():
        (folder / name).write_bytes(sample_pdf(title))


def sample_inputs(
    plan: Plan, period_id: str, workdir: Path, *, seed: int = 0, now: datetime | None = None, quirks: bool = True
) -> tuple[Path, list[str]]:
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
        _send_evidence(input_dir / code, answers)
        if quirks and code == LIBREOFFICE:
            path = _save_with_libreoffice(path, notes)
        late = quirks and code == LATE
        saved = deadline + timedelta(days=3) if late else deadline - timedelta(days=1 + n % 6, hours=n)
        set_saved_time(path, saved)
    return input_dir, notes


def run_demo(workdir: Path, pdf: bool = False, now: datetime | None = None) -> DemoRun:
    from pii_excel.index.service import import_results
    from pii_excel.pipeline import consolidate

    plan = demo_plan()
    input_dir, notes = sample_inputs(plan, DEMO_PERIOD, workdir, now=now)
    results_file = write_sample_results(plan, workdir / RESULTS_FILE)
    imported = import_results(plan, results_file, workdir, now=now)
    if imported.stored and imported.results is not None:
        notes.append(
            f"Đã nhập kết quả công bố {imported.results.label} từ tệp mẫu {results_file} "
            "(điểm theo Kế hoạch 41/KH-UBND; giá trị và giới hạn là số minh hoạ)."
        )
    else:
        notes += [f"Không nhập được tệp kết quả mẫu: {f.message}" for f in imported.errors]
    result = consolidate(plan, DEMO_PERIOD, input_dir, workdir, now=now, pdf=pdf)
    return DemoRun(result, input_dir, notes)
