"""run.json: the whole consolidation for machines, with the same names and values as before plus each finding's
agency and details. Dates and times are ISO 8601; vocabulary values are their stable English codes."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from pii_excel.findings import Finding, Location
from pii_excel.model import Consolidation, Evaluation
from pii_excel.signing import signing_checklist

_PLAIN = frozenset({str, int, float, bool, type(None)})


def plain_data(value: Any) -> Any:
    """JSON data of a model value: dataclasses as objects, enums as their values, times as ISO text."""
    if type(value) in _PLAIN:  # most values are already JSON (exact types: an enum may subclass str)
        return value
    if isinstance(value, Finding):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (time, timedelta)):  # a time-only or duration cell an agency typed
        return str(value)
    if isinstance(value, Location):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {name: plain_data(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(plain_data(k)): plain_data(v) for k, v in value.items()}
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _evaluation(ev: Evaluation) -> dict:
    return {
        "results": [
            {
                # "value" is what the verdict judged and "basis" what it rests on: a score target is judged on a
                # published or estimated score only, never on the raw figure (which is under "figure").
                "indicator": r.indicator,
                "target_on": r.target_on.value,
                "figure_from": r.figure_from.value,
                "unit": r.unit,
                "figure": plain_data(r.figure),
                "score": r.score,
                "score_basis": r.score_basis.value,
                "bounds_from": r.bounds_from or None,
                "redefined": r.redefined or None,
                "value": r.value,
                "basis": r.basis.value,
                "value_ref": plain_data(r.value_ref),
                "target": {"op": r.op, "value": r.target, "increase": r.increase},
                "status": r.status.value,
                "delta": r.delta,
                "delta_pct": r.delta_pct,
                "pct_of_target": r.pct_of_target,
                "improved": r.improved,
                "lead": list(r.lead),
                "required_figure": None
                if r.required_figure is None
                else {"op": r.required_op, "value": r.required_figure},
            }
            for r in ev.indicators
        ],
        "pillars": [
            {
                "code": p.code,
                "name": p.name,
                "kind": p.kind,
                "pillar": p.pillar or None,
                "score": p.score,
                "basis": p.basis.value,
                "rank": p.rank,
                "computed": p.computed,
                "status": p.status.value,
                "delta": p.delta,
                "baseline": {"score": p.baseline_score, "rank": p.baseline_rank},
                "goal": {
                    "op": p.goal.op,
                    "score": p.goal.score,
                    "top_n": p.goal.top_n,
                    "region_top_n": p.goal.region_top_n,
                    "above_national": p.goal.above_national,
                    "pillars_above_national": p.goal.pillars_above_national,
                    "indicators_above_national_pct": p.goal.indicators_above_national_pct,
                },
                "region_rank": p.region_rank,
                "national_mean": p.national_mean,
            }
            for p in (*ev.pillars, *ev.groups)
        ],
        "agencies": [
            {
                "agency": a.agency,
                "submission": a.submission.value,
                "days_late": a.days_late,
                "led": list(a.led),
                "met": list(a.met),
                "not_met": list(a.not_met),
                "no_data": list(a.no_data),
                "awaiting": list(a.awaiting),
                "tasks": plain_data(a.tasks),
            }
            for a in ev.agencies
        ],
        "task_progress": [{"indicator": t.indicator, "counts": plain_data(t.counts)} for t in ev.task_progress],
    }


def run_document(model: Consolidation, outputs: dict[str, str]) -> dict:
    intake = model.intake
    return {
        "run_id": model.run_id,
        "plan": {"id": model.plan.id, "title": model.plan.title},
        "period": {"id": model.period.id, "label": model.period.label, "deadline": model.period.deadline.isoformat()},
        "generated_at": plain_data(model.generated_at),
        "input_dir": model.input_dir,
        "inputs": plain_data(intake.inputs),
        "findings": plain_data(model.findings),
        "submissions": plain_data(intake.submissions),  # each with the e-mail it came in ("mail"), if any
        "corrections": plain_data(intake.changes),  # every cell a resubmission changed: old -> new
        "values": plain_data(intake.values),
        "tasks": plain_data(intake.tasks),
        "agency_reports": plain_data(intake.infos),
        "official": plain_data(intake.official),
        "summary": asdict(model.counts),
        "outputs": dict(outputs),
        "signing": plain_data(model.signing),
        "report_template": model.report_template,
        "checklist": signing_checklist(model),  # what is blank, estimated or doubtful before signing
        "history": _history(model),
        **_evaluation(model.evaluation),
    }


def _history(model: Consolidation) -> dict:
    """Which recorded periods this run was compared with, and the ranking base of each."""
    h = model.history

    def ref(record) -> dict | None:
        return (
            None
            if record is None
            else {
                "id": record.period_id,
                "label": record.label,
                "run_id": record.run_id,
                "ranking_size": record.ranking_size,
            }
        )

    return {
        "previous": ref(h.previous),
        "year_ago": ref(h.year_ago),
        "trend": [r.period_id for r in h.trend],
        "problem": h.problem,
        "notes": list(h.notes),
    }


def run_json_text(model: Consolidation, outputs: dict[str, str]) -> str:
    return _indented(run_document(model, outputs), 0, levels=2)


def _indented(value: Any, depth: int, levels: int) -> str:
    """JSON laid out as `json.dumps(indent=2)` lays it out for the first `levels` levels, each value below them on
    one line (a finding, a correction, a result per line): the indenting encoder is pure Python, and a run of
    thousands of files holds hundreds of thousands of values, which the C encoder writes many times faster."""
    if levels and isinstance(value, (dict, list)) and value:
        pad, inner = "  " * depth, "  " * (depth + 1)
        if isinstance(value, dict):
            items = [f"{inner}{_ENCODE(k)}: {_indented(v, depth + 1, levels - 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + f"\n{pad}}}"
        items = [inner + _indented(v, depth + 1, levels - 1) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return _ENCODE(value)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every value (each dumps() makes its own)
