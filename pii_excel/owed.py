"""Who still owes what this period, worked out once from the model for every reminder output: the Công văn,
each agency's e-mail and the mailing list say the same thing in their own form."""

from __future__ import annotations

from dataclasses import dataclass

from pii_excel.findings import Code
from pii_excel.model import Consolidation
from pii_excel.plan.describe import plan_reference
from pii_excel.plan.model import Plan
from pii_excel.textnorm import lower_first
from pii_excel.vocab import Severity, SubmissionState, TaskStatus

# errors the letter names in their own words (nothing sent, figures missing, task status missing), not as "lỗi"
SAID_APART = (Code.SUBMISSION_MISSING, Code.VALUE_MISSING, Code.TASK_STATUS_MISSING)


@dataclass(frozen=True)
class Owed:
    """What one agency still owes this period, in words for the letter and the e-mail."""

    agency: str
    name: str
    email: str
    missing: bool  # nothing received
    items: tuple[str, ...]  # "số liệu 3 chỉ số (2.1.1, 2.2.3, 4.1.1)", "sửa 2 lỗi trong báo cáo đã gửi", …

    def sentence(self) -> str:
        return "; ".join(self.items)


def _codes(codes: tuple[str, ...]) -> str:
    return f"{len(codes)} chỉ số ({', '.join(codes)})"


def owed_by(model: Consolidation) -> list[Owed]:
    """Every agency that owes something, in the plan's order."""
    subs = {s.agency: s for s in model.intake.submissions}
    out = []
    for a in model.evaluation.agencies:
        sub = subs.get(a.agency)
        if sub is None:  # a group's summary line: its members are chased, each for itself
            continue
        not_reported = a.tasks.get(TaskStatus.NOT_REPORTED, 0)
        errors = sum(
            f.severity is Severity.ERROR and f.agency == a.agency and f.code not in SAID_APART for f in model.findings
        )
        missing = sub.status is SubmissionState.MISSING
        items = []
        if missing:
            owed = [
                p
                for n, p in (
                    (len(a.no_data), f"số liệu {_codes(a.no_data)}"),
                    (not_reported, f"tiến độ {not_reported} nhiệm vụ"),
                )
                if n
            ]
            items.append("chưa gửi báo cáo" + (f" ({' và '.join(owed)})" if owed else ""))
        else:
            if errors:
                items.append(f"sửa {errors} lỗi trong báo cáo đã gửi (các ô có lỗi được đánh dấu trong tệp gửi kèm)")
            if a.no_data:
                items.append(f"bổ sung số liệu {_codes(a.no_data)}")
            if not_reported:
                items.append(f"báo cáo tiến độ {not_reported} nhiệm vụ còn để trống")
        if items:
            out.append(Owed(a.agency, a.name, _addresses(model, a.agency), missing, tuple(items)))
    return out


def _addresses(model: Consolidation, code: str) -> str:
    """Where the agency is written to: the plan's address, and the contact the agency typed in its own report
    (the person who will fix it), each once."""
    agency = model.plan.agency(code)
    found = [a.strip() for a in (agency.email if agency else "").replace(";", ",").split(",") if a.strip()]
    typed = next((i.email for i in model.intake.infos if i.agency == code and i.email), "")
    for address in typed.replace(";", ",").split(","):
        address = address.strip()
        if "@" in address and " " not in address and address.casefold() not in {f.casefold() for f in found}:
            found.append(address)
    return ", ".join(found)


def letter_plan_ref(plan: Plan) -> str:
    return plan_reference(plan) + (f" của {plan.issuer}" if plan.issuer else "")


def subject_of(model: Consolidation) -> str:
    return f"đôn đốc báo cáo kết quả thực hiện {letter_plan_ref(model.plan)}, {lower_first(model.period.label)}"
