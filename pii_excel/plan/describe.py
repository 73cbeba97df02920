"""Plain-text description of a plan, for `pii-excel plan show`."""

from __future__ import annotations

from pii_excel.numbers import format_number
from pii_excel.plan.model import Goal, Indicator, Plan
from pii_excel.plan.periods import format_date
from pii_excel.plan.vocab import AGENCY_KINDS, DIRECTIONS, FIGURES_FROM, FREQUENCIES, SIDES, TARGETS_ON
from pii_excel.scores import required_figure
from pii_excel.textnorm import fold, lower_first


def goal_parts(goal: Goal, plan: Plan) -> list[tuple[str, str]]:
    """Each judged part of a goal, keyed as evaluation keys its verdicts, with its wording."""
    parts = []
    if goal.score is not None:
        parts.append(("score", f"{goal.op or '≥'} {format_number(goal.score)} điểm"))
    if goal.top_n is not None:
        parts.append(("top_n", f"trong top {goal.top_n}/{plan.ranking_size} tỉnh, thành phố"))
    if goal.region_top_n is not None:
        parts.append(
            ("region_top_n", f"trong top {goal.region_top_n} của vùng{' ' + plan.region if plan.region else ''}")
        )
    if goal.above_national:
        parts.append(("above_national", "cao hơn trung bình cả nước"))
    if goal.pillars_above_national is not None:
        parts.append(
            (
                "pillars_above_national",
                f"{goal.pillars_above_national}/{len(plan.pillars)} trụ cột cao hơn trung bình cả nước",
            )
        )
    if goal.indicators_above_national_pct is not None:
        parts.append(
            (
                "indicators_above_national_pct",
                f"{format_number(goal.indicators_above_national_pct)} % chỉ số thành phần cao hơn trung bình cả nước",
            )
        )
    return parts


# what each part of a goal is about, to say which part failed («chưa đạt về thứ hạng»)
GOAL_PART_TOPICS = {
    "score": "điểm số",
    "top_n": "thứ hạng",
    "region_top_n": "thứ hạng trong vùng",
    "above_national": "so với trung bình cả nước",
    "pillars_above_national": "số trụ cột cao hơn trung bình cả nước",
    "indicators_above_national_pct": "tỷ lệ chỉ số cao hơn trung bình cả nước",
}


def goal_text(goal: Goal, plan: Plan) -> str:
    parts = [text for _key, text in goal_parts(goal, plan)]
    if goal.pillars_above_national is not None and goal.indicators_above_national_pct is not None:
        # one phrase for the two shares, as plans write it («4/7 trụ cột và 50 % chỉ số … cao hơn trung bình»)
        both = (
            f"{goal.pillars_above_national}/{len(plan.pillars)} trụ cột và "
            f"{format_number(goal.indicators_above_national_pct)} % chỉ số thành phần cao hơn trung bình cả nước"
        )
        parts = [*parts[:-2], both]
    if goal.note:
        parts.append(goal.note)
    return "; ".join(parts) or "—"


def target_cell(ind: Indicator) -> str:
    """The target as shown to agencies: "≥ 20", "> 45", "≥ 7,61 (tăng 0,83)"."""
    value, op = ind.target_value(), ind.target_op()
    text = f"{op} {format_number(value)}" if value is not None and op else ""
    if ind.target.increase is not None:
        verb = "giảm" if ind.direction == "lower" else "tăng"
        text += f" ({verb} {format_number(ind.target.increase)})"
    return text.strip()


def figure_text(ind: Indicator, units: bool = True) -> str:
    """What the lead agency must report: the figure, and its numerator and denominator when it is a ratio (with
    their units, unless they are shown beside their cells)."""
    f = ind.figure
    lines = [f.name or ind.name]
    if f.is_ratio:
        times = f" × {format_number(f.factor)}" if f.factor != 1 else ""
        lines.append(f"Tử số: {f.numerator}" + (f" ({f.numerator_unit})" if f.numerator_unit and units else ""))
        lines.append(f"Mẫu số: {f.denominator}" + (f" ({f.denominator_unit})" if f.denominator_unit and units else ""))
        if times:
            lines.append(f"Số liệu = tử số / mẫu số{times}")
    return "\n".join(lines)


def figure_target_text(ind: Indicator) -> str:
    """The target as a raw figure: the plan's own (target on the figure), or the figure an estimate needs to reach
    the score target ("≈ ≥ 12,4", labelled as estimated), or empty."""
    if not ind.target_on_score:
        return target_cell(ind)
    needed = required_figure(ind.figure, ind.target_op(), ind.target_value(), ind.direction)
    if needed is None:
        return ""
    return f"{needed[0]} {format_number(needed[1], 4)} (ước tính để đạt {format_number(ind.target_value())} điểm)"


def target_text(ind: Indicator) -> str:
    parts = []
    unit = "%" if ind.is_percent else ""
    if ind.target.value is not None:
        parts.append(f"{ind.target.op or ''} {format_number(ind.target.value)}{unit}".strip())
    if ind.target.increase is not None:
        verb = "giảm" if ind.direction == "lower" else "tăng"
        parts.append(f"{verb} {format_number(ind.target.increase)} so với {ind.baseline_year or 'năm cơ sở'}")
    return " (".join(parts) + (")" if len(parts) > 1 else "")


def _baseline_text(plan: Plan) -> str:
    """The index and, where the plan has them, its input and output sub-indices in the baseline year."""
    parts = []
    for name, score, rank in (
        (f"Chỉ số {plan.index_kind}", plan.overall_baseline_score, plan.overall_baseline_rank),
        ("đầu vào", plan.input_baseline_score, plan.input_baseline_rank),
        ("đầu ra", plan.output_baseline_score, plan.output_baseline_rank),
    ):
        if score is not None:
            parts.append(f"{name} {format_number(score)} điểm" + (f", hạng {plan.rank_text(rank)}" if rank else ""))
    return "; ".join(parts) or "chưa có điểm"


def describe_plan(plan: Plan) -> str:
    names = plan.agency_name
    lines = [
        f"{plan.title}",
        f"Mã: {plan.id} · Chỉ số: {plan.index_kind} · Tỉnh: {plan.province}",
        f"Văn bản: {plan.doc_number or '—'}, ngày {format_date(plan.doc_date) or '—'}, {plan.issuer}",
        f"Năm cơ sở {plan.baseline_year or '—'} → năm mục tiêu {plan.target_year or '—'}; "
        f"xếp hạng trên {plan.ranking_size} địa phương",
        f"Đơn vị tổng hợp: {names(plan.coordinator)}",
        f"Mục tiêu chung: {goal_text(plan.overall_goal, plan)}",
        f"Năm cơ sở: {_baseline_text(plan)}",
        "",
        f"TRỤ CỘT ({len(plan.pillars)})",
    ]
    for p in plan.pillars:
        base = "chưa có" if p.baseline_score is None else f"{format_number(p.baseline_score)} điểm"
        if p.baseline_rank is not None:
            base += f", hạng {plan.rank_text(p.baseline_rank)}"
        side = f" [{SIDES[p.side]}]" if p.side else ""
        weight = f", trọng số {format_number(p.weight)}%" if p.weight is not None else ""
        lines.append(f"  {p.code}. {p.name}{side}: cơ sở {base}; mục tiêu {goal_text(p.goal, plan)}{weight}")
    lines += ["", f"CHỈ SỐ ({len(plan.indicators)})"]
    for i in plan.indicators:
        base = format_number(i.baseline_value) if i.baseline_value is not None else "—"
        lines.append(f"  {i.code} {i.name} ({i.unit})")
        lines.append(
            f"      {i.baseline_year or 'cơ sở'}: {base} → mục tiêu {target_text(i)}"
            f"; {DIRECTIONS.get(i.direction, i.direction).lower()}; {FREQUENCIES.get(i.frequency, '')}"
        )
        on = TARGETS_ON.get(i.target_on, i.target_on).lower()
        lines.append(f"      Mục tiêu tính trên: {on}; số liệu: {FIGURES_FROM.get(i.figure_from, '').lower()}")
        if i.agency_reports_figure:
            lines.append(f"      Số liệu gốc: {i.figure.name or '—'} ({i.figure.unit or 'chưa ghi đơn vị'})")
        if i.figure.has_bounds:
            lines.append(
                f"      Giới hạn chuẩn hoá {i.figure.bounds_year or ''}: {format_number(i.figure.bounds_min)}"
                f" – {format_number(i.figure.bounds_max)}; cần đạt {figure_target_text(i) or '—'}"
            )
        lines.append(f"      Chủ trì: {', '.join(map(names, i.lead))}")
        if i.cooperating:
            lines.append(f"      Phối hợp: {', '.join(map(names, i.cooperating))}")
        lines.append(f"      Nhiệm vụ: {len(plan.tasks_of_indicator(i.code))}")
    general = plan.general_tasks()
    if general:
        lines += ["", f"NHIỆM VỤ CHUNG ({len(general)})"]
        for t in general:
            who = ", ".join(map(names, t.lead or t.cooperating))
            lines.append(f"  {t.id} [{who}] {t.text[:90]}{'…' if len(t.text) > 90 else ''}")
    lines += ["", f"ĐƠN VỊ ({len(plan.agencies)})"]
    for a in plan.agencies:
        extra = " — không nộp mẫu báo cáo" if not a.reports and not a.is_group else ""
        lines.append(f"  {a.code:<12} {a.name} ({AGENCY_KINDS.get(a.kind, a.kind)}){extra}")
    lines += ["", f"KỲ BÁO CÁO ({len(plan.periods)})"]
    for period in plan.periods:
        lines.append(
            f"  {period.id:<8} {period.label}: số liệu từ {format_date(period.start)} đến "
            f"{format_date(period.end)}, hạn nộp {format_date(period.deadline)}"
        )
    if plan.notes:
        lines += ["", "GHI CHÚ"] + [f"  - {n}" for n in plan.notes]
    return "\n".join(lines)


def plan_reference(plan: Plan) -> str:
    """The plan as a document is cited: "Kế hoạch số 41/KH-UBND ngày 09/07/2024"."""
    ref = f"Kế hoạch số {plan.doc_number}" if plan.numbered else "Kế hoạch"
    return ref + (f" ngày {format_date(plan.doc_date)}" if plan.doc_date else "")


def plan_phrase(plan: Plan) -> str:
    """ "Kế hoạch duy trì …" — the title once, never "Kế hoạch kế hoạch …"."""
    title = plan.title.strip()
    return title if fold(title).startswith(fold("Kế hoạch")) else f"Kế hoạch {lower_first(title)}"
