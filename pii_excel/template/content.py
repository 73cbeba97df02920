"""What goes into one agency's template for one period, as plain rows (no formatting)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pii_excel.numbers import format_number
from pii_excel.plan.describe import figure_target_text, figure_text, goal_text, target_cell
from pii_excel.plan.duties import AgencyDuties, role_text
from pii_excel.plan.fingerprint import plan_fingerprint
from pii_excel.plan.model import Indicator, Period, Plan
from pii_excel.plan.periods import data_period_text, format_date
from pii_excel.plan.vocab import FREQUENCIES
from pii_excel.template import layout as L


@dataclass
class TemplateContent:
    plan: Plan
    period: Period
    duties: AgencyDuties
    generated_at: datetime
    tables: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    info: dict[str, object] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def agency(self):
        return self.duties.agency


def _previous(ind: Indicator) -> str:
    f = ind.figure
    if f.previous_value is None:
        return ""
    return format_number(f.previous_value) + (f" ({f.previous_year})" if f.previous_year else "")


def _indicator_rows(plan: Plan, duties: AgencyDuties, wording: dict[str, str] | None = None) -> list[dict]:
    return [
        {
            "code": i.code,
            "name": i.name,
            # the parts' units have columns of their own; a data call adds the edition's wording where it differs
            "figure": "\n".join(t for t in (figure_text(i, units=False), (wording or {}).get(i.code, "")) if t),
            "unit": i.figure.unit,
            "numerator_unit": i.figure.numerator_unit if i.figure.is_ratio else "",
            "denominator_unit": i.figure.denominator_unit if i.figure.is_ratio else "",
            "previous": _previous(i),
            "required": figure_target_text(i),
            "ratio": i.figure.is_ratio,
            "percent": i.figure.is_percent,
        }
        for i in duties.indicators
    ]


def _document_rows(duties: AgencyDuties) -> list[dict]:
    return [
        {"id": f"{i.code}-{n:02d}", "indicator": i.code}
        for i in duties.documents
        for n in range(1, L.DOCUMENT_ROWS + 1)
    ]


def _rhythm(plan: Plan, indicator: str | None) -> str:
    ind = plan.indicator(indicator) if indicator else None
    return FREQUENCIES.get(ind.frequency, "") if ind is not None else ""


def _task_rows(plan: Plan, duties: AgencyDuties) -> list[dict]:
    return [
        {
            "id": t.id,
            "indicator": t.indicator or "Chung",
            "text": t.text,
            "role": role_text(role, duties.on_behalf.get(t.id)),
            # a task without a date of its own runs at its indicator's rhythm, as plans' appendices write it
            # («Thường xuyên», «Hằng năm»)
            "due": t.due or _rhythm(plan, t.indicator),
        }
        for t, role in duties.tasks
    ]


def _official_indicator_rows(plan: Plan, period: Period) -> list[dict]:
    """Published indicator scores; a component index that is also a pillar is typed once, on the pillars' sheet
    (two sheets asking for one number invite two different numbers)."""
    from pii_excel.plan.duties import indicator_due

    twins = set(plan.component_twins())
    return [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "baseline_value": i.baseline_value,
            "target": target_cell(i),
            "percent": i.is_percent,
            L.NOT_APPLICABLE: () if i.figure_published_elsewhere else ("source_value",),
        }
        for i in plan.indicators
        if indicator_due(i, period.id) and i.code not in twins
    ]


def _official_pillar_rows(plan: Plan) -> list[dict]:
    rows: list[dict] = []
    for p in plan.pillars:
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "baseline_score": p.baseline_score,
                "baseline_rank": plan.rank_text(p.baseline_rank),
                "goal": goal_text(p.goal, plan) if not p.goal.is_empty() else "",
            }
        )
        rows += [{"code": g.code, "name": f"Nhóm {g.code}. {g.name}"} for g in plan.groups if g.pillar == p.code]
    if plan.side_pillars("input") and plan.side_pillars("output"):
        rows.append({"code": L.TOTAL_INPUT, "name": "Chỉ số đầu vào (bình quân các trụ cột đầu vào)"})
        rows.append({"code": L.TOTAL_OUTPUT, "name": "Chỉ số đầu ra (bình quân các trụ cột đầu ra)"})
    rows.append(
        {
            "code": L.TOTAL_OVERALL,
            "name": f"Chỉ số {plan.index_kind} của tỉnh (chung)",
            "baseline_score": plan.overall_baseline_score,
            "baseline_rank": plan.rank_text(plan.overall_baseline_rank),
            "goal": goal_text(plan.overall_goal, plan) if not plan.overall_goal.is_empty() else "",
        }
    )
    return rows


def fingerprint_rows(tables: dict[str, list[dict]]) -> dict[str, list[list[object]]]:
    """The locked key cells of every table, in the form `layout.locked_fingerprint` hashes."""
    return {
        sheet: [[row.get(key) for key in L.fingerprint_columns(L.TABLE_SHEETS[sheet])] for row in rows]
        for sheet, rows in tables.items()
    }


def build_template_content(
    plan: Plan,
    period: Period,
    duties: AgencyDuties,
    generated_at: datetime,
    fingerprint: str | None = None,
    wording: dict[str, str] | None = None,
) -> TemplateContent:
    """What one agency's template holds; `fingerprint` is the plan's when the caller has it (hashing the plan for
    every agency of a large plan cost more than reading its files); `wording`: a data call's edition's name and unit
    of an indicator, shown under the plan's where they differ."""
    content = TemplateContent(plan, period, duties, generated_at)
    content.tables[L.SHEET_INDICATORS] = _indicator_rows(plan, duties, wording)
    content.tables[L.SHEET_TASKS] = _task_rows(plan, duties)
    if duties.documents:
        content.tables[L.SHEET_DOCUMENTS] = _document_rows(duties)
    if duties.official_results:
        official = _official_indicator_rows(plan, period)
        if official:  # a PCI plan whose every target is a component index types them all on the pillars' sheet
            content.tables[L.SHEET_OFFICIAL_INDICATORS] = official
        content.tables[L.SHEET_OFFICIAL_PILLARS] = _official_pillar_rows(plan)
    doc = f"Kế hoạch số {plan.doc_number}" if plan.numbered else "Kế hoạch"
    content.info = {
        "agency_name": duties.agency.name,
        "agency_code": duties.agency.code,
        "plan": f"{doc}: {plan.title}",
        "period": period.label,
        "deadline": format_date(period.deadline),
        "data_period": data_period_text(period),
    }
    content.meta = {
        "format": L.TEMPLATE_FORMAT,
        "plan_id": plan.id,
        "plan_fingerprint": fingerprint or plan_fingerprint(plan),
        "agency": duties.agency.code,
        "period": period.id,
        "template_version": L.TEMPLATE_VERSION,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "locked_fingerprint": L.locked_fingerprint(fingerprint_rows(content.tables)),
    }
    return content
