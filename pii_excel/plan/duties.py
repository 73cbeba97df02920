"""Who owes what in a period: the indicators an agency reports and the tasks it leads or cooperates on."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pii_excel.plan.model import Agency, Indicator, Plan, Task
from pii_excel.plan.periods import PeriodKind, period_kind
from pii_excel.vocab import Role


@dataclass
class AgencyDuties:
    agency: Agency
    indicators: list[Indicator] = field(default_factory=list)  # values this agency reports
    tasks: list[tuple[Task, Role]] = field(default_factory=list)  # (task, role)
    official_results: bool = False  # the coordinator enters the published scores and ranks
    documents: list[Indicator] = field(default_factory=list)  # indicators whose documents this agency lists
    on_behalf: dict[str, str] = field(default_factory=dict)  # task id -> the group the coordinator reports it for

    @property
    def owes_something(self) -> bool:
        return bool(self.indicators or self.tasks or self.official_results or self.documents)


# The period kinds in which an indicator of each frequency is reported; "ongoing" ones are reported every period.
DUE_IN: dict[str, frozenset[PeriodKind]] = {
    "yearly": frozenset({PeriodKind.YEAR}),
    "half_yearly": frozenset({PeriodKind.HALF_YEAR, PeriodKind.YEAR}),
    "quarterly": frozenset(PeriodKind) - {PeriodKind.MONTH},
}


def indicator_due(indicator: Indicator, period_id: str) -> bool:
    """Whether the indicator is reported in the period: a yearly one only in yearly periods, a half-yearly one in
    the 6-month and yearly reports, a quarterly one in every period but a month."""
    kind = period_kind(period_id)
    if kind is PeriodKind.DATA_CALL:  # the Ministry asks every figure the province supplies, whatever its rhythm
        return True
    return kind is None or kind in DUE_IN.get(indicator.frequency, frozenset(PeriodKind))


def _members(plan: Plan, codes: list[str], *, through_catch_all: bool) -> set[str]:
    """Agencies named directly or through a group.

    A catch-all group ("các sở, ngành và đơn vị liên quan") that cooperates on nearly every indicator is not
    expanded: it means "whoever is concerned", and listing every task for every agency would bury each
    agency's real duties. A catch-all group that *leads* (PII 1.1.1, 2.2.1) does reach every agency.
    """
    result: set[str] = set()
    for code in codes:
        agency = plan.agency(code)
        if agency is not None and agency.is_group and agency.all_members and not through_catch_all:
            continue
        result.update(plan.group_members(code))
    return result


def value_reporters(plan: Plan, indicator: Indicator) -> list[str]:
    """Agencies whose template carries a value row for this indicator.

    Named lead agencies that report; when the lead is a group or an agency outside the reporting circle,
    the coordinator enters the value.
    """
    direct = [c for c in indicator.lead if (a := plan.agency(c)) is not None and not a.is_group and a.reports]
    return direct or ([plan.coordinator] if plan.coordinator else [])


class TaskRoles:
    """Who reports each indicator's value and who leads or cooperates on each task, worked out once for a plan:
    asking it for every agency of a plan with hundreds of agencies and tasks is then a set look-up, not a walk
    through the plan."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.reporters = {i.code: set(value_reporters(plan, i)) for i in plan.indicators}
        self._reports: dict[str, list[Indicator]] = {}  # the indicators whose figure each agency reports, in order
        for indicator in plan.indicators:
            for code in self.reporters[indicator.code]:
                self._reports.setdefault(code, []).append(indicator)
        self._lead = {t.id: _members(plan, plan.task_lead(t), through_catch_all=True) for t in plan.tasks}
        self._cooperating = {
            t.id: _members(plan, plan.task_cooperating(t), through_catch_all=False) for t in plan.tasks
        }
        self._tasks_of: dict[str, list[tuple[Task, Role]]] = {}  # each agency's tasks in plan order
        for task in plan.tasks:
            for code in self._lead[task.id]:
                self._tasks_of.setdefault(code, []).append((task, Role.LEAD))
            for code in self._cooperating[task.id] - self._lead[task.id]:
                self._tasks_of.setdefault(code, []).append((task, Role.COOPERATING))
        self._due: dict[str, frozenset[str]] = {}

    def reports_of(self, agency_code: str) -> list[Indicator]:
        """The indicators whose value row is in the agency's template (in any period), in the plan's order."""
        return self._reports.get(agency_code, [])

    def tasks_of(self, agency_code: str) -> list[tuple[Task, Role]]:
        """The agency's tasks with its role in each, in the plan's order."""
        return self._tasks_of.get(agency_code, [])

    def due_codes(self, period_id: str) -> frozenset[str]:
        """The codes of the indicators reported in the period."""
        if period_id not in self._due:
            self._due[period_id] = frozenset(i.code for i in self.plan.indicators if indicator_due(i, period_id))
        return self._due[period_id]


_ON_BEHALF = " (thay "


def role_text(role: Role, group: str | None = None) -> str:
    """The role as the template shows it: "Chủ trì", or "Chủ trì (thay UBND các xã, phường)"."""
    return role.label + (f"{_ON_BEHALF}{group})" if group else "")


def role_of_text(text: str) -> Role | None:
    label = text.split(_ON_BEHALF, 1)[0].strip()
    return _roles_by_label().get(label)


@functools.cache
def _roles_by_label() -> dict[str, Role]:
    return {r.label: r for r in reversed(Role)}  # the first role of a label wins, as a search in order would


def reported_for(plan: Plan, task: Task, agency_code: str) -> Agency | None:
    """The group the coordinator reports a task for ("UBND các xã, phường"), when it is not a lead itself."""
    if agency_code != plan.coordinator:
        return None
    leads = plan.task_lead(task) + plan.task_cooperating(task)
    if agency_code in leads:
        return None
    return next((a for c in leads if (a := plan.agency(c)) is not None and a.is_group and a.by_coordinator), None)


def duties_of(plan: Plan, agency: Agency, period_id: str, roles: TaskRoles | None = None) -> AgencyDuties:
    """What `agency` owes in the period; `roles` when the caller asks for many agencies of one plan."""
    duties = AgencyDuties(agency)
    if agency.is_group or not agency.reports:
        return duties
    roles = roles if roles is not None and roles.plan is plan else TaskRoles(plan)
    due_codes = roles.due_codes(period_id)
    # an indicator only the publisher measures (a firm survey) has no figure for anyone to report
    duties.indicators = [i for i in roles.reports_of(agency.code) if i.code in due_codes and i.agency_reports_figure]
    duties.documents = [i for i in roles.reports_of(agency.code) if i.code in due_codes and i.agency_lists_documents]
    for task, role in roles.tasks_of(agency.code):
        if task.indicator is not None and task.indicator not in due_codes:
            continue
        duties.tasks.append((task, role))
        if (group := reported_for(plan, task, agency.code)) is not None:
            duties.on_behalf[task.id] = group.display_name
    duties.official_results = agency.code == plan.coordinator
    return duties


def all_duties(plan: Plan, period_id: str, roles: TaskRoles | None = None) -> list[AgencyDuties]:
    """Duties of every agency that owes something in the period, in the plan's agency order."""
    roles = roles if roles is not None and roles.plan is plan else TaskRoles(plan)
    return [d for a in plan.agencies if (d := duties_of(plan, a, period_id, roles)).owes_something]
