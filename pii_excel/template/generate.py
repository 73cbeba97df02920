"""Make the templates of one period: one workbook per agency that owes something."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pii_excel.plan.duties import AgencyDuties, all_duties
from pii_excel.plan.model import Plan
from pii_excel.template.content import build_template_content
from pii_excel.template.layout import template_file_name
from pii_excel.template.write import write_template


@dataclass
class MadeTemplate:
    duties: AgencyDuties
    path: Path


class UnknownPeriod(ValueError):
    def __init__(self, plan: Plan, period_id: str):
        self.known = [p.id for p in plan.periods]
        super().__init__(f"Kế hoạch «{plan.id}» không có kỳ «{period_id}»; các kỳ có: {', '.join(self.known)}")


def default_templates_dir(plan: Plan, period_id: str, output_root: Path = Path("output")) -> Path:
    return output_root / plan.id / period_id / "templates"


def make_templates(
    plan: Plan, period_id: str, out_dir: Path, now: datetime | None = None, wording: dict[str, str] | None = None
) -> list[MadeTemplate]:
    period = plan.period(period_id)
    if period is None:
        raise UnknownPeriod(plan, period_id)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    made = []
    for duties in all_duties(plan, period_id):
        content = build_template_content(plan, period, duties, now, wording=wording)
        path = write_template(content, out_dir / template_file_name(period_id, duties.agency.code))
        made.append(MadeTemplate(duties, path))
    return made
