"""Everything the report says, as plain data for the template: sentences, table rows, lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pii_excel.model import Consolidation, IndicatorResult, PillarResult
from pii_excel.numbers import agreeing_round, fixed, format_number
from pii_excel.plan.describe import GOAL_PART_TOPICS, goal_parts, goal_text, plan_phrase, plan_reference
from pii_excel.plan.model import COMPOSITE_OVERALL, Period, Plan
from pii_excel.plan.periods import data_period_text, format_date
from pii_excel.report.charts import PCT_CAP, capped_indicators, charted_indicators
from pii_excel.report.trend import trend_paragraphs
from pii_excel.signing import addressed_to_issuer, issuing_name, own_paragraphs, proposals_by_text, unwritten_sections
from pii_excel.textnorm import fold, lower_first
from pii_excel.vocab import Basis, FigureFrom, SubmissionState, TaskStatus, Verdict, judged_label
from pii_excel.word.wording import DOTS, NUMBER_BLANK, copy_to, date_parts, signed

EXCEEDED, MET, NOT_MET, NO_DATA, AWAITING, UNVERIFIED, NOT_DUE = (
    Verdict.EXCEEDED,
    Verdict.MET,
    Verdict.NOT_MET,
    Verdict.NO_DATA,
    Verdict.AWAITING,
    Verdict.UNVERIFIED,
    Verdict.NOT_DUE,
)

MAX_QUOTED_RESULTS = 3  # task results quoted per agency in section I.4


def _sentence_list(items: list[str]) -> str:
    return "; ".join(items)


def _corrections_sentence(model: Consolidation) -> str:
    """How many cells, and how many indicator figures among them, agencies corrected by sending their file again
    (each listed in the summary workbook): a reporter's name corrected is not a figure."""
    c = model.counts
    if not c.corrected_cells:
        return ""
    figures = f", trong đó {c.corrected_figures} số liệu chỉ số" if c.corrected_figures else ""
    return (
        f" Qua các lần nộp lại, so với báo cáo gửi lần đầu, {c.correcting_agencies} đơn vị đã điều chỉnh {c.corrected_cells} ô trong báo cáo"
        f"{figures} (chi tiết tại trang «Điều chỉnh số liệu» của bảng tổng hợp)."
    )


def _count_of(codes: list[str], numbered: bool = True) -> str:
    """ "chỉ số 2.1.2" for one, "3 chỉ số: 2.1.2, 4.1.1, 5.2.2" (or "các chỉ số …") for several."""
    if len(codes) == 1:
        return f"chỉ số {codes[0]}"
    return f"{len(codes)} chỉ số: {', '.join(codes)}" if numbered else f"các chỉ số {', '.join(codes)}"


def _counted(pairs: list[tuple[int, str]], noun: str = "chỉ số") -> str:
    """ "1 chỉ số vượt mục tiêu, 5 chỉ số chưa đạt và 11 chỉ số chờ …" — zero counts left out; `noun` empty
    where the sentence already names what is counted."""
    parts = [f"{n} {noun} {words}".replace("  ", " ") for n, words in pairs if n]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return parts[0] if parts else "chưa có chỉ số nào được đánh giá"


def _pillar_sentence(p: PillarResult, plan: Plan, period: Period) -> str:
    name = (
        (
            f"{plan.pillar_noun.capitalize()} {p.code}. {p.name}"
            if plan.pillar_noun == "trụ cột"
            else f"{p.code}. {p.name}"
        )
        if p.kind == "pillar"
        else p.name
    )
    if p.score is None:
        return f"- {name}: chưa có kết quả công bố."
    parts = []
    if p.basis is Basis.OFFICIAL:
        parts.append(f"đạt {fixed(p.score)} điểm (kết quả công bố)")
    else:
        parts.append(f"ước tính {fixed(p.score)} điểm (tính từ điểm các thành phần, chưa phải kết quả công bố)")
    if p.rank is not None:
        parts.append(f"xếp thứ {plan.rank_text(p.rank, period)}")
    if p.region_rank is not None:
        parts.append(f"thứ {p.region_rank} trong vùng{' ' + plan.region if plan.region else ''}")
    if p.national_mean is not None:
        side = "cao hơn" if p.score > p.national_mean + 1e-9 else "không cao hơn"
        parts.append(f"{side} trung bình cả nước ({fixed(p.national_mean)} điểm)")
    same_base = plan.ranking_base(period) == plan.ranking_size  # the baseline was ranked among the plan's count
    if p.baseline_score is not None and p.score is not None:
        diff = p.score - p.baseline_score
        if abs(diff) < 0.005:
            parts.append("không đổi so với năm cơ sở")
        else:
            parts.append(f"{'tăng' if diff > 0 else 'giảm'} {fixed(abs(diff))} điểm so với năm cơ sở")
    if p.baseline_rank is not None and p.rank is not None and not same_base:
        parts.append(
            f"năm cơ sở xếp thứ {plan.rank_text(p.baseline_rank)} (số tỉnh xếp hạng khác nhau, không so "
            "sánh trực tiếp thứ hạng)"
        )
    elif p.baseline_rank is not None and p.rank is not None and p.rank != p.baseline_rank:
        step = p.baseline_rank - p.rank
        parts.append(f"{'tăng' if step > 0 else 'giảm'} {abs(step)} bậc")
    text = f"- {name}: " + ", ".join(parts)
    if not p.goal.is_empty():
        verdict = {
            EXCEEDED: "vượt mục tiêu",
            MET: "đạt mục tiêu",
            NOT_MET: "chưa đạt mục tiêu",
            AWAITING: "chờ kết quả công bố để đánh giá mục tiêu",
        }.get(p.status, "")
        if p.basis is Basis.ESTIMATE and p.status in (EXCEEDED, MET, NOT_MET):
            verdict = f"theo ước tính, {verdict}"
        base_note = (
            ""
            if same_base or p.goal.top_n is None
            else (
                f"; mục tiêu thứ hạng đặt khi xếp hạng trên {plan.ranking_size} tỉnh, kỳ này trên "
                f"{plan.ranking_base(period)} tỉnh"
            )
        )
        text += f" — {verdict} ({goal_text(p.goal, plan)}{base_note})"
        text += _which_parts(p, plan, period)
    return text + "."


def _which_parts(p: PillarResult, plan: Plan, period: Period) -> str:
    """A compound goal that failed says which part failed, and which held: a score far above its bar beside
    «chưa đạt» reads as a mistake unless the rank is named."""
    parts = goal_parts(p.goal, plan)
    if p.status is not NOT_MET or len(parts) < 2 or not p.failed:
        return ""
    failed = [GOAL_PART_TOPICS[k] for k, _ in parts if k in p.failed]
    held = [GOAL_PART_TOPICS[k] for k, _ in parts if k not in p.failed]
    shown = {
        "top_n": f"xếp thứ {plan.rank_text(p.rank, period)}" if p.rank is not None else "",
        "region_top_n": f"thứ {p.region_rank} trong vùng" if p.region_rank is not None else "",
        "score": f"{fixed(p.score)} điểm" if p.score is not None else "",
    }
    facts = [shown[k] for k in p.failed if shown.get(k)]
    text = f": chưa đạt về {_and_list(failed)}" + (f" ({', '.join(facts)})" if facts else "")
    return text + (f", đạt về {_and_list(held)}" if held else "")


def _and_list(items: list[str]) -> str:
    """ "điểm số", "điểm số và thứ hạng", "a, b và c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _indicator_heading(plan: Plan) -> str:
    """PII's indicators are its «chỉ số thành phần»; a PCI plan's are targets (its component indices are I.2)."""
    return (
        "3. Kết quả các chỉ số thành phần" if plan.pillar_noun == "trụ cột" else "3. Kết quả các chỉ tiêu của Kế hoạch"
    )


def _pillar_lines(model: Consolidation) -> list[str]:
    """Section I.2: a line per pillar (or PCI component index) with a result or a goal to say; while none has a
    published or estimated score, one sentence instead of a line per part saying the same."""
    plan, ev = model.plan, model.evaluation
    shown = [p for p in ev.pillars if p.kind == "pillar" or (p.score is not None and p.code != COMPOSITE_OVERALL)]
    if shown and all(p.score is None for p in shown):
        return [f"Chưa có kết quả công bố của các {plan.pillar_noun} {plan.index_kind} cho kỳ này."]
    return [_pillar_sentence(p, plan, model.period) for p in shown]


def _task_counts(t: dict) -> str:
    """ "hoàn thành 5/12 nhiệm vụ, đang thực hiện 6, chưa thực hiện 1" — parts that are zero are left out."""
    total = sum(t.values())
    parts = [f"hoàn thành {t[TaskStatus.DONE]}/{total} nhiệm vụ"]
    for status, words in (
        (TaskStatus.IN_PROGRESS, "đang thực hiện"),
        (TaskStatus.NOT_STARTED, "chưa thực hiện"),
        (TaskStatus.NOT_REPORTED, "chưa báo cáo"),
    ):
        if t[status]:
            parts.append(f"{words} {t[status]}")
    return ", ".join(parts)


def _agency_progress(model: Consolidation) -> list[dict]:
    """Section I.4: each agency's task counts and results; a sentence already stated in the section (agencies
    paste the same text under every task, or copy each other's) is not stated again."""
    plan = model.plan
    ev = model.evaluation
    infos = {i.agency: i for i in model.intake.infos}
    reports: dict[str, list] = {}
    for report in model.intake.tasks:
        reports.setdefault(report.agency, []).append(report)
    out = []
    said: dict[str, str] = {}  # folded sentence -> the agency that said it first
    # a main result several agencies wrote word for word is said once, after the list, with who wrote it
    sharing: dict[str, list[str]] = {}
    for a in ev.agencies:
        info = infos.get(a.agency)
        if a.tasks and a.submission is not SubmissionState.MISSING and info and info.results:
            sharing.setdefault(_key(info.results), []).append(a.agency)
    shared_texts: dict[str, str] = {}
    for key, codes in sharing.items():  # a main result is never quoted again as another agency's task result
        said[key] = plan.require_agency(codes[0]).display_name
    for a in ev.agencies:
        if not sum(a.tasks.values()):  # no task to report on (the coordinator may owe only the published results)
            continue
        agency = plan.require_agency(a.agency)
        if a.submission is SubmissionState.MISSING:
            out.append({"ten": agency.name, "cau": "chưa gửi báo cáo kỳ này."})
            continue
        text = _task_counts(dict(a.tasks)) + "."
        info = infos.get(a.agency)
        if info and info.results:
            said.setdefault(_key(info.results), agency.display_name)
            if len(sharing[_key(info.results)]) > 1:
                shared_texts.setdefault(_key(info.results), info.results.rstrip("."))
            else:
                text += f" Kết quả chủ yếu: {info.results.rstrip('.')}."
        quoted: list[str] = []
        for r in reports.get(a.agency, []):
            if r.status is TaskStatus.DONE and r.result and _key(r.result) not in said:
                said[_key(r.result)] = agency.display_name
                quoted.append(r.result.rstrip("."))
            if len(quoted) >= MAX_QUOTED_RESULTS:
                break
        if quoted:
            text += " Một số kết quả cụ thể: " + "; ".join(quoted) + "."
        out.append({"ten": agency.name, "cau": text})
    for key, results in shared_texts.items():
        names = [plan.require_agency(code).display_name for code in sharing[key]]
        out.append({"ten": f"Kết quả chủ yếu {len(names)} đơn vị cùng nêu ({', '.join(names)})", "cau": f"{results}."})
    return out


def _accountability(model: Consolidation) -> list[str]:
    """The plan's sanction for missed targets (Plan.accountability) and where each unit it reaches stands, on
    final verdicts only; nothing when the plan sets none."""
    plan = model.plan
    reached = [a for a in model.evaluation.agencies if a.accountable]
    if not reached:
        return []
    names = {i.indicator: i.name for i in model.evaluation.indicators}

    def owned(codes: tuple[str, ...]) -> str:
        return "; ".join(f"{c}. {names.get(c, '')}".rstrip(". ") for c in codes)

    lines = [f"Theo Kế hoạch, {lower_first(plan.accountability.strip()).rstrip('.')}."]
    missed = [a for a in reached if a.missed]
    if missed:
        lines.append(
            "Căn cứ kết quả kỳ này, đơn vị chưa đạt mục tiêu được giao chủ trì: "
            + "; ".join(f"{plan.require_agency(a.agency).display_name} ({owned(a.missed)})" for a in missed)
            + "."
        )
    clear = [plan.require_agency(a.agency).display_name for a in reached if not a.missed and not a.undecided]
    if clear:
        lines.append(f"Đạt các mục tiêu được giao chủ trì: {', '.join(clear)}.")
    open_ = [a for a in reached if a.undecided and not a.missed]
    if open_:
        lines.append(
            "Chưa đủ căn cứ kết luận (chờ kết quả công bố hoặc số liệu cần xác minh): "
            + "; ".join(f"{plan.require_agency(a.agency).display_name} ({', '.join(a.undecided)})" for a in open_)
            + "."
        )
    return lines


def _key(text: str) -> str:
    return fold(text).rstrip(". ")


def _shortcomings(model: Consolidation) -> list[str]:
    plan = model.plan
    ev = model.evaluation
    items = []
    for r in ev.indicators:
        if r.status == NOT_MET:
            lead = ", ".join(plan.agency_name(c) for c in r.lead)
            items.append(
                f"Chỉ số {r.indicator} ({r.name}) {_judged_value(r)}, chưa đạt mục tiêu "
                f"{r.target_text} {r.unit}; đơn vị chủ trì: {lead}."
            )
    doubted = [r for r in ev.indicators if r.status is UNVERIFIED]
    if doubted:  # one sentence: the cell-level detail is the department's (checklist, summary, correction workbooks)
        leads = list(dict.fromkeys(plan.agency_name(c) for r in doubted for c in r.lead))
        items.append(
            f"Số liệu {_count_of([r.indicator for r in doubted], numbered=False)} đang được xác minh với "
            f"đơn vị chủ trì ({', '.join(leads)}), chưa tính vào kết quả."
        )
    missing_data = [r.indicator for r in ev.indicators if r.status == NO_DATA]
    if missing_data:
        items.append(f"Chưa có số liệu để đánh giá {_count_of(missing_data)}.")
    late = [s for s in model.intake.submissions if s.status is SubmissionState.LATE]
    missing = [s for s in model.intake.submissions if s.status is SubmissionState.MISSING]
    if late:
        items.append(
            "Đơn vị nộp báo cáo muộn: " + _sentence_list([f"{s.name} ({s.days_late} ngày)" for s in late]) + "."
        )
    if missing:
        items.append("Đơn vị chưa nộp báo cáo: " + _sentence_list([s.name for s in missing]) + ".")
    return items or ["Không có chỉ số nào chưa đạt mục tiêu; các đơn vị nộp báo cáo đầy đủ, đúng hạn."]


def _difficulties(model: Consolidation) -> list[dict]:
    plan = model.plan
    out: list[dict] = []
    grouped: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    tasks_by_agency: dict[str, list[str]] = {}
    for t in model.intake.tasks:
        if t.difficulty and t.difficulty.strip(". ").lower() not in ("không", "không có"):
            tasks_by_agency.setdefault(t.agency, []).append(t.difficulty.rstrip("."))
    for info in model.intake.infos:
        texts = []
        if info.difficulties and info.difficulties.strip(". ").lower() not in ("không", "không có"):
            texts.append(info.difficulties.rstrip("."))
        for d in tasks_by_agency.get(info.agency, []):
            if d not in texts:
                texts.append(d)
        if texts:
            said = [t.strip() for text in texts[:4] for t in text.split(";") if t.strip()]
            key = tuple(sorted(dict.fromkeys(_key(t) for t in said)))
            if key in grouped:
                grouped[key][0].append(info.agency)
            else:
                grouped[key] = ([info.agency], list(dict.fromkeys(said)))
    # the same difficulties (in any order) from several agencies: said once, with every agency that raised them
    for agencies, said in grouped.values():
        names = (
            [plan.agency_name(a) for a in agencies]
            if len(agencies) == 1
            else [plan.require_agency(a).display_name for a in agencies]
        )
        out.append({"ten": ", ".join(names), "noi_dung": "; ".join(said) + "."})
    return out or [{"ten": "Các đơn vị", "noi_dung": "không nêu khó khăn, vướng mắc."}]


def _causes(model: Consolidation) -> list[str]:
    # Causes are the department's to write (its own text, else dotted lines); a count of tasks is not a cause
    # (it is said in I.4 and III).
    return own_paragraphs(model, "nguyen_nhan")


def _next_steps(model: Consolidation) -> list[str]:
    plan = model.plan
    ev = model.evaluation
    steps = []
    not_met = [r for r in ev.indicators if r.status in (NOT_MET, NO_DATA)]
    owners: dict[str, list[str]] = {}
    for r in not_met:
        for c in r.lead:
            owners.setdefault(plan.agency_name(c), []).append(r.indicator)
    n = 1
    if owners:
        steps.append(
            f"{n}. Tập trung cải thiện các chỉ số chưa đạt hoặc chưa có số liệu: "
            + _sentence_list([f"{a} chủ trì {_count_of(c, numbered=False)}" for a, c in owners.items()])
            + "; các đơn vị chủ trì phân tích nguyên nhân, đề ra giải pháp cụ thể."
        )
        n += 1
    counts = {TaskStatus.IN_PROGRESS: 0, TaskStatus.NOT_STARTED: 0}
    for a in ev.agencies:
        for k in counts:
            counts[k] += a.tasks.get(k, 0)
    if counts[TaskStatus.IN_PROGRESS] or counts[TaskStatus.NOT_STARTED]:
        steps.append(
            f"{n}. Tiếp tục triển khai {counts[TaskStatus.IN_PROGRESS]} lượt nhiệm vụ đang thực hiện và "
            f"{counts[TaskStatus.NOT_STARTED]} lượt nhiệm vụ chưa thực hiện theo Kế hoạch."
        )
        n += 1
    lagging = [s.name for s in model.intake.submissions if s.status is not SubmissionState.ON_TIME]
    if lagging:
        steps.append(
            f"{n}. Đôn đốc các đơn vị nộp báo cáo muộn hoặc chưa nộp ({', '.join(lagging)}) báo cáo đầy đủ, "
            "đúng hạn; sửa các lỗi số liệu theo phản hồi."
        )
        n += 1
    steps.append(
        f"{n}. Tiếp tục thu thập số liệu, tài liệu minh chứng phục vụ đánh giá Chỉ số {plan.index_kind} "
        "theo yêu cầu của cơ quan có thẩm quyền."
    )
    return steps


def _proposals(model: Consolidation) -> list[dict]:
    plan = model.plan
    own = [{"ten": issuing_name(plan), "noi_dung": text} for text in own_paragraphs(model, "de_xuat")]
    return own + [
        {"ten": ", ".join(agencies), "noi_dung": text + "."}
        for text, agencies in proposals_by_text(model).items()
        if not addressed_to_issuer(plan, text)
    ]


def _bounds_sources(indicators: Sequence[IndicatorResult]) -> str:
    """ "của kết quả công bố PII 2023": the editions the estimates' bounds came from, named."""
    editions = sorted({r.bounds_from for r in indicators if r.score_basis is Basis.ESTIMATE and r.bounds_from})
    published = [e for e in editions if e != "kế hoạch"]
    parts = [f"của kết quả công bố {', '.join(published)}"] if published else []
    if "kế hoạch" in editions:
        parts.append("do kế hoạch quy định")
    return " và ".join(parts) or "của kết quả công bố gần nhất"


def _judged_value(r: IndicatorResult) -> str:
    """ "đạt 23,40 điểm (ước tính)" — the judged value with its unit and basis."""
    return f"đạt {fixed(r.value)} {r.unit} ({r.basis.label})".replace("  ", " ")


def _figure_text(r: IndicatorResult) -> str:
    """The raw figure with its unit ("0,42 đơn/10.000 dân"), or why there is none."""
    f = r.figure
    if f.value is not None:
        return f"{format_number(f.value, 4)} {f.unit}".strip()
    if r.figure_from is FigureFrom.DOCUMENTS:
        return f"đã kê {len(f.documents)} văn bản chính sách" if f.documents else "chưa kê văn bản chính sách"
    if r.status is NOT_DUE:
        return "không báo cáo kỳ này"
    return "theo kết quả công bố" if r.figure_from is FigureFrom.PUBLISHED else "chưa có"


def _result_text(r: IndicatorResult) -> str:
    """The judged value with its basis ("16,95 (ước tính)"); a dash while there is none (the verdict says why)."""
    return "—" if r.value is None else f"{fixed(r.value)} ({r.basis.label})"


def _indicator_rows(model: Consolidation) -> list[dict]:
    plan = model.plan
    rows = []
    for n, r in enumerate(model.evaluation.indicators, 1):
        lead = ", ".join(a.display_name if (a := plan.agency(c)) else c for c in r.lead)
        f = r.figure
        previous = "" if f.previous_value is None else f"{format_number(f.previous_value, 4)} ({f.previous_year or ''})"
        needed = "" if r.required_figure is None else f"{r.required_op} {format_number(r.required_figure, 4)}"
        rows.append(
            {
                "stt": str(n),
                "ma": r.indicator,
                "ten": r.name,
                "don_vi_tinh": r.unit,
                "so_lieu": _figure_text(r),
                "nam_truoc": previous.replace(" ()", ""),
                "co_so": fixed(r.baseline),
                "co_so_nam": f"{fixed(r.baseline)} ({r.baseline_year})" if r.baseline is not None else "",
                "muc_tieu": f"{r.target_text} {r.unit}".strip(),
                "gia_tri": _result_text(r),
                "danh_gia": judged_label(r.status, r.basis),
                "thay_doi": signed(r.delta) + (" (đổi định nghĩa)" if r.redefined and r.delta is not None else ""),
                "pct": ""
                if r.pct_of_target is None
                else f"{fixed(agreeing_round(r.pct_of_target, 1, r.status.reached), 1)}%",
                "can_dat": needed,
                "chu_tri": lead,
            }
        )
    return rows


def _agency_rows(model: Consolidation) -> list[dict]:
    plan = model.plan
    labels = {
        SubmissionState.ON_TIME: SubmissionState.ON_TIME.label,
        SubmissionState.LATE: "Muộn {d} ngày",
        SubmissionState.MISSING: SubmissionState.MISSING.label,
        SubmissionState.NOT_REQUIRED: "—",
    }
    rows = []
    for n, a in enumerate(model.evaluation.agencies, 1):
        t = a.tasks
        tasks = (
            f"{t[TaskStatus.DONE]} / {t[TaskStatus.IN_PROGRESS]} / {t[TaskStatus.NOT_STARTED]} / {t[TaskStatus.NOT_REPORTED]}"
            if t and sum(t.values())
            else "—"
        )
        rows.append(
            {
                "stt": str(n),
                "ten": plan.require_agency(a.agency).name,
                "bao_cao": labels[a.submission].format(d=a.days_late),
                "chu_tri": ", ".join(a.led),
                "dat": ", ".join(a.met),
                "chua_dat": ", ".join(a.not_met),
                "khong_so_lieu": ", ".join(a.no_data),
                "nhiem_vu": tasks,
            }
        )
    return rows


def _beaten_by(r: IndicatorResult) -> str:
    """ "; vượt 19,2% so với mục tiêu" — by how much an exceeded target was beaten."""
    if r.status is not EXCEEDED or r.pct_of_target is None or r.pct_of_target <= 100:
        return ""
    return f"; vượt {format_number(round(r.pct_of_target - 100, 1))}% so với mục tiêu"


def _indicator_overview(model: Consolidation) -> list[str]:
    """Section I.3 in sentences; the full table is Phụ lục I. A PCI plan's component indices were I.2: here only
    its other targets."""
    ev = model.evaluation
    own = [r for r in ev.indicators if r.indicator not in ev.components]
    if ev.components:
        noun = model.plan.pillar_noun
        if not own:
            return [f"Các mục tiêu của Kế hoạch đặt trên các {noun}, nêu tại mục 2; chi tiết tại Phụ lục I."]
        lines = [
            f"Ngoài các {noun} nêu tại mục 2, Kế hoạch đặt mục tiêu cho {len(own)} chỉ tiêu; kết quả chi tiết "
            "tại Phụ lục I."
        ]
        waiting = [r.indicator for r in own if r.status is AWAITING]
        if waiting:
            lines.append(
                f"Chờ kết quả công bố: {'chỉ tiêu' if len(waiting) == 1 else f'{len(waiting)} chỉ tiêu'} "
                f"{', '.join(waiting)}."
            )
    else:
        lines = [
            f"Kết quả {len(ev.indicators)} chỉ số so với mục tiêu của Kế hoạch được nêu chi tiết tại Phụ lục I "
            "(số liệu gốc của đơn vị, điểm và căn cứ đánh giá)."
        ]
    for verdict, words in ((EXCEEDED, "vượt mục tiêu"), (MET, "đạt mục tiêu"), (NOT_MET, "chưa đạt mục tiêu")):
        if verdict is NOT_MET and not ev.components:  # a PII plan's missed targets are II.1's, with their leads
            continue
        rows = [r for r in own if r.status is verdict]
        if rows:
            shown = "; ".join(
                f"{r.indicator} ({fixed(r.value)} {r.unit}, {r.basis.label}{_beaten_by(r)})" for r in rows
            )
            lines.append(f"{'Chỉ số' if len(rows) == 1 else f'{len(rows)} chỉ số'} {words}: {shown}.")
    drawn = charted_indicators(ev)
    if drawn:
        left = [r.indicator for r in ev.indicators if r.status is UNVERIFIED]
        line = f"Biểu đồ dưới đây thể hiện mức đạt mục tiêu của {len(drawn)} chỉ số đã có kết quả để so sánh"
        if left:
            line += f"; chưa thể hiện {_count_of(left, numbered=False)} có số liệu cần xác minh"
        capped = [r.indicator for r in capped_indicators(ev)]
        if capped:
            line += (
                f"; {_count_of(capped, numbered=False)} vượt quá {PCT_CAP:.0f}% mục tiêu được vẽ ở mức {PCT_CAP:.0f}%"
            )
        lines.append(line + ".")
    return lines


def _scored_not_judged(indicators) -> str:
    """ "(1 chỉ số khác đã có điểm ước tính nhưng số liệu cần xác minh nên chưa được đánh giá)": the summary
    workbook counts every indicator that has a score, the bases above only those judged; said, the two agree."""
    waiting = [r for r in indicators if r.status is UNVERIFIED and r.score_basis in (Basis.OFFICIAL, Basis.ESTIMATE)]
    parts = [
        f"{n} chỉ số khác đã có điểm {b.label}"
        for b in (Basis.OFFICIAL, Basis.ESTIMATE)
        if (n := sum(r.score_basis is b for r in waiting))
    ]
    return f" ({' và '.join(parts)} nhưng số liệu cần xác minh nên chưa được đánh giá)" if parts else ""


def build_context(model: Consolidation, report_date: date) -> dict:
    plan = model.plan
    ev = model.evaluation
    rs = plan.report
    day, month, year = date_parts(report_date)
    counts = ev.counts()
    subs = model.intake.submissions
    doc_ref = plan_reference(plan)
    period = model.period.label
    total = next((p for p in ev.pillars if p.code == COMPOSITE_OVERALL), None)
    general = []
    if total and total.score is not None:
        general.append(_pillar_sentence(total, plan, model.period)[2:])
    else:
        general.append(
            f"Chưa có kết quả Chỉ số {plan.index_kind} chính thức do cơ quan có thẩm quyền công bố cho kỳ "
            "này; các đánh giá dưới đây dựa trên số liệu do các đơn vị báo cáo."
        )
    general.append(
        f"{data_period_text(model.period)}; hạn các đơn vị gửi báo cáo: ngày {format_date(model.period.deadline)}. "
        f"Có {len(subs)} đơn vị phải báo cáo: {model.counts.on_time} đơn vị nộp đúng hạn, "
        f"{model.counts.late} đơn vị nộp muộn, {model.counts.missing} đơn vị chưa nộp." + _corrections_sentence(model)
    )
    counted_pairs = [
        (counts[EXCEEDED], "vượt mục tiêu"),
        (counts[MET], "đạt mục tiêu"),
        (counts[NOT_MET], "chưa đạt"),
        (counts[UNVERIFIED], "có số liệu cần xác minh"),
        (counts[AWAITING], "chờ kết quả công bố để đánh giá"),
        (counts[NO_DATA], "chưa có số liệu"),
        (counts[NOT_DUE], "không thuộc kỳ báo cáo này"),
    ]
    counted = _counted(counted_pairs)
    others = len(ev.indicators) - len(ev.components)
    if ev.components and others:  # PCI: its targets are mostly the component indices themselves (I.2), the rest I.3
        general.append(
            f"Trong {len(ev.indicators)} mục tiêu của Kế hoạch ({len(ev.components)} {plan.pillar_noun}, "
            f"{others} chỉ tiêu khác): {_counted(counted_pairs, '')}."
        )
    elif ev.components:
        general.append(f"Trong {len(ev.components)} {plan.pillar_noun} có mục tiêu: {_counted(counted_pairs, '')}.")
    else:
        general.append(f"Trong {len(ev.indicators)} chỉ số theo dõi: {counted}.")
    judged = [r for r in ev.indicators if r.status in (EXCEEDED, MET, NOT_MET)]
    bases = {b: sum(r.basis is b for r in judged) for b in Basis}
    if any(bases.values()):
        general.append(
            "Căn cứ đánh giá: "
            + ", ".join(
                f"{n} chỉ số theo {b.label if b is not Basis.OFFICIAL else 'kết quả công bố'}"
                for b, n in bases.items()
                if n
            )
            + _scored_not_judged(ev.indicators)
            + "."
            # how an estimate is made, only where one is shown
            + (
                " Điểm ước tính dựa trên số liệu gốc và giới hạn chuẩn hoá (giá trị thấp nhất, cao nhất giữa các "
                f"tỉnh) {_bounds_sources(ev.indicators)}, chỉ để tham khảo; số liệu gốc không được so trực tiếp với "
                "mục tiêu tính bằng điểm số."
                if any(r.score_basis is Basis.ESTIMATE for r in ev.indicators)
                else ""
            )
        )
    redefined = [r for r in ev.indicators if r.redefined]
    if redefined:
        general.append(
            "Chỉ số đã đổi định nghĩa so với năm cơ sở nên thay đổi so với năm cơ sở không phải so sánh cùng một "
            "cách tính: " + "; ".join(f"{r.indicator} ({r.redefined})" for r in redefined) + "."
        )
    return {
        "co_quan_chu_quan": rs.parent_body.upper(),
        "co_quan_ban_hanh": rs.issuing_body.upper(),
        "ky_hieu": rs.doc_symbol,
        "dia_danh": rs.place or plan.province,
        "ngay": day,
        "thang": month,
        "nam": year,
        "trich_yeu": f"Kết quả thực hiện {lower_first(plan_phrase(plan))}, kỳ báo cáo {lower_first(period)}",
        "kinh_gui": rs.recipients or ["UBND tỉnh"],
        "mo_dau": (
            f"Thực hiện {doc_ref} của {plan.issuer}, {issuing_name(plan)} tổng hợp kết quả thực hiện "
            f"{lower_first(period)} trên cơ sở báo cáo của các đơn vị, như sau:"
        ),
        "ket_qua_chung": general,
        # the overall index is stated once, in 1. Kết quả chung
        "tru_cot": _pillar_lines(model),
        # the section titles name the index's own parts: PCI has component indices, not pillars
        "tieu_de_tru_cot": f"2. Kết quả các {plan.pillar_noun}",
        "tieu_de_chi_so": _indicator_heading(plan),
        "gioi_thieu_chi_so": _indicator_overview(model),
        "chu_thich_bang": (
            "Ghi chú: «Số liệu» là số liệu gốc đơn vị chủ trì báo cáo, theo đơn vị tính của số liệu; "
            "«Kết quả» là điểm công bố (chính thức), hoặc điểm ước tính từ số liệu gốc, hoặc số liệu "
            "khi mục tiêu đặt trên số liệu; chỉ số chưa có căn cứ thì chờ kết quả công bố. «Vượt» là "
            f"tốt hơn mục tiêu từ {format_number(plan.exceed_margin_pct)}% trở lên."
        ),
        "chi_so": _indicator_rows(model),
        "nhiem_vu_don_vi": _agency_progress(model),
        "trach_nhiem": _accountability(model),
        "dien_bien": trend_paragraphs(model),
        "ton_tai": _shortcomings(model),
        "kho_khan": _difficulties(model),
        "nguyen_nhan": _causes(model),
        "giai_phap": _next_steps(model) + own_paragraphs(model, "giai_phap"),
        "de_xuat": _proposals(model),
        # dotted lines where the department has not written its own text (noi-dung-cua-so.xlsx); «cho_trong» for
        # report templates made before the sections had their own
        "cho_trong": DOTS if unwritten_sections(model) else "",
        **{
            f"cho_trong_{key}": "" if own_paragraphs(model, key) else DOTS
            for key in ("nguyen_nhan", "giai_phap", "de_xuat")
        },
        "ket_luan": (
            f"Trên đây là báo cáo kết quả thực hiện {doc_ref}, {lower_first(period)}. "
            f"{issuing_name(plan)} báo cáo {', '.join(rs.recipients) or 'UBND tỉnh'} xem xét, chỉ đạo./."
        ),
        "noi_nhan": copy_to(rs.copy_to),
        "tham_quyen": model.signer()[0],
        "chuc_vu": model.signer()[1],
        "nguoi_ky": model.signer()[2],
        "so": model.signing.number or NUMBER_BLANK,
        "loai_chi_so": plan.index_kind,
        "ky_bao_cao_hoa": period.upper(),
        "phu_luc_can_cu": f"(Kèm theo Báo cáo số {model.signing.number or NUMBER_BLANK}/{rs.doc_symbol} ngày "
        f"{day}/{month}/{year} của "
        f"{issuing_name(plan)})",
        "don_vi_bang": _agency_rows(model),
    }
