"""`remind`: chase the agencies that still owe something — a reminder letter, one draft e-mail per agency with its
workbook (the correction workbook, or its blank template with a cover note), and a mailing list — written into
`<output>/<plan>/<period>/don-doc/` as one set, under the output folder's lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pii_excel.history import lineage_paths
from pii_excel.model import Signing
from pii_excel.output.reminder_mail import write_mailing_list, write_reminder_mail
from pii_excel.owed import Owed, owed_by
from pii_excel.pipeline import assess, imported_editions, output_dir
from pii_excel.plan.model import Plan
from pii_excel.publish import DEFAULT_WAIT_SECONDS, Staging, output_lock
from pii_excel.report.reminder import write_reminder_letter
from pii_excel.template.correction import write_correction
from pii_excel.template.layout import template_file_name
from pii_excel.workdays import is_working_day

REMIND_DIR = "don-doc"
LETTER = "cong-van-don-doc.docx"
MAILING_LIST = "danh-sach-gui-thu.xlsx"
DEFAULT_WORKING_DAYS = 5  # the new deadline when staff give none


@dataclass(frozen=True)
class Reminders:
    folder: Path
    owed: tuple[Owed, ...]
    new_deadline: date
    files: dict[str, str] = field(default_factory=dict)  # key -> path


def default_new_deadline(today: date, working_days: int = DEFAULT_WORKING_DAYS) -> date:
    day, left = today, working_days
    while left:
        day += timedelta(days=1)
        left -= is_working_day(day)
    return day


def write_reminders(
    plan: Plan,
    period_id: str,
    input_dir: Path,
    output_root: Path,
    new_deadline: date | None = None,
    now: datetime | None = None,
    signing: Signing | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> Reminders:
    """Read the input folder as `consolidate` does (nothing published there), then write the reminders."""
    plan.require_period(period_id)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    new_deadline = new_deadline or default_new_deadline(now.date())
    out = output_dir(output_root, plan, period_id)
    with output_lock(out, wait_seconds):
        model, duties = assess(
            plan,
            period_id,
            input_dir,
            now,
            signing=signing,
            editions=imported_editions(lineage_paths(output_root, plan)),
        )
        owed = owed_by(model)
        folder = out / REMIND_DIR
        # published as one set through the output folder's journal, with a manifest of its own (a killed run is
        # finished or swept by the next one; publishing never touches the period's other outputs)
        staging = Staging(out, model.run_id, scope=REMIND_DIR)
        try:
            files: dict[str, str] = {}
            by_code = {d.agency.code: d for d in duties}
            rows = []
            for o in owed:
                attachment = staging.path(f"{REMIND_DIR}/tep-gui-kem/{template_file_name(period_id, o.agency)}")
                write_correction(model, by_code[o.agency], attachment)
                draft = staging.path(f"{REMIND_DIR}/thu/{o.agency}.eml")
                write_reminder_mail(model, o, new_deadline, attachment, draft)
                files[f"mail:{o.agency}"] = str(folder / "thu" / draft.name)
                rows.append((o, f"tep-gui-kem/{attachment.name}", f"thu/{draft.name}"))
            if owed:
                write_reminder_letter(
                    model, owed, new_deadline, staging.path(f"{REMIND_DIR}/{LETTER}"), model.report_date
                )
                write_mailing_list(model, rows, new_deadline, staging.path(f"{REMIND_DIR}/{MAILING_LIST}"))
                files["letter"], files["mailing_list"] = str(folder / LETTER), str(folder / MAILING_LIST)
            staging.publish()
        finally:
            staging.discard()
    return Reminders(folder, tuple(owed), new_deadline, files)
