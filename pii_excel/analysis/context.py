"""The analysis report's words: the `Analysis` turned into the placeholders of its Word template. Every sentence
says a figure of the imported results with its base (ranks «6/34»), never a cause the data does not give."""

from __future__ import annotations

from datetime import date

from pii_excel.analysis.model import AggregateLine, Analysis, IndicatorLine
from pii_excel.model import Signing
from pii_excel.numbers import fixed, format_number
from pii_excel.signing import issuing_name
from pii_excel.vocab import ResultKind, Verdict
from pii_excel.word.wording import DOTS, NUMBER_BLANK, copy_to, date_parts, signed

NO_OWNER = "chưa có đơn vị phụ trách"


def _rank(rank: int | None, size: int | None) -> str:
    if rank is None:
        return ""
    return f"{rank}/{size}" if size else str(rank)


def _score(score: float | None) -> str:
    return f"{fixed(score)} điểm" if score is not None else "chưa có điểm"


def _owners(line: IndicatorLine) -> str:
    return ", ".join(line.owners) if line.owners else NO_OWNER


def _value(value: float | None, unit: str = "") -> str:
    return f"{format_number(value, 4)} {unit}".strip() if value is not None else ""


def _means(a: AggregateLine) -> str:
    parts = []
    if a.national_mean is not None:
        side = (
            "cao hơn"
            if (a.score or 0) > a.national_mean + 1e-9
            else "thấp hơn"
            if (a.score or 0) < a.national_mean - 1e-9
            else "bằng"
        )
        parts.append(f"{side} trung bình cả nước ({fixed(a.national_mean)} điểm)")
    if a.region_mean is not None:
        parts.append(f"trung bình vùng {fixed(a.region_mean)} điểm")
    return "; ".join(parts)


def _change(
    a: Analysis,
    score: float | None,
    before: float | None,
    rank: int | None,
    before_rank: int | None,
    say_base: bool = True,
) -> str:
    """«tăng 2,25 điểm so với năm 2024 (46,51 điểm, thứ 11/63), tăng 4 bậc» — a rank change only over the same
    number of provinces ranked; across 63 → 34 it is said as such, once (`say_base`: in the overall result)."""
    if a.previous is None or before is None or score is None:
        return ""
    year = a.previous.year
    diff = score - before
    moved = "không đổi" if abs(diff) < 0.005 else f"{'tăng' if diff > 0 else 'giảm'} {fixed(abs(diff))} điểm"
    then = f"{fixed(before)} điểm" + (f", thứ {_rank(before_rank, a.previous_size)}" if before_rank else "")
    text = f"{moved} so với năm {year} ({then})"
    if rank is not None and before_rank is not None:
        if a.same_base:
            step = before_rank - rank
            text += ", giữ nguyên thứ hạng" if step == 0 else f", {'tăng' if step > 0 else 'giảm'} {abs(step)} bậc"
        elif say_base:
            text += (
                f"; năm {year} xếp hạng {a.previous_size} tỉnh, thành phố, năm {a.edition.year} xếp hạng "
                f"{a.size} nên thứ hạng của tỉnh, các trụ cột và chỉ số không so sánh trực tiếp"
            )
    return text


def _overall(a: Analysis) -> list[str]:
    e, o = a.edition, a.overall
    out = []
    if o is not None:
        parts = [f"Chỉ số {e.index} năm {e.year} của tỉnh {e.province or a.plan.province} đạt {_score(o.score)}"]
        if o.rank is not None:
            parts.append(f"xếp thứ {_rank(o.rank, a.size)} tỉnh, thành phố")
        if o.region_rank is not None:
            region = e.region or a.plan.region
            parts.append(f"thứ {_rank(o.region_rank, e.region_size)} trong vùng{' ' + region if region else ''}")
        means = _means(o)
        if means:
            parts.append(means)
        out.append(", ".join(parts) + ".")
        change = _change(a, o.score, o.previous_score, o.rank, o.previous_rank)
        if change:
            out.append(f"Kết quả {change}.")
        if o.goal and o.verdict is not None:
            said = "đạt" if o.verdict is Verdict.MET else "chưa đạt"
            out.append(f"So với mục tiêu của Kế hoạch ({o.goal}): {said}.")
    sides = [
        f"chỉ số {'đầu vào' if s.code == 'input' else 'đầu ra'} đạt {_score(s.score)}"
        + (f", thứ {_rank(s.rank, a.size)}" if s.rank is not None else "")
        for s in a.sides
        if s.score is not None
    ]
    if sides:
        out.append(f"Trong đó {'; '.join(sides)}.")
    return out


def _aggregate_sentence(a: Analysis, p: AggregateLine) -> str:
    name = f"Trụ cột {p.code}. {p.name}" if p.kind is ResultKind.PILLAR else f"Nhóm {p.code}. {p.name}"
    parts = [_score(p.score)]
    if p.rank is not None:
        parts.append(f"thứ {_rank(p.rank, a.size)}")
    change = _change(a, p.score, p.previous_score, p.rank, p.previous_rank, say_base=False)
    if change:
        parts.append(change)
    means = _means(p)
    if means:
        parts.append(means)
    if p.goal and p.verdict is not None:
        parts.append(f"{'đạt' if p.verdict is Verdict.MET else 'chưa đạt'} mục tiêu ({p.goal})")
    return f"- {name}: " + ", ".join(parts) + "."


def _pillar_sentences(a: Analysis) -> list[str]:
    shown = [_aggregate_sentence(a, p) for p in a.pillars if p.score is not None]
    blank = [p.code for p in a.pillars if p.score is None]
    if blank:
        shown.append(f"Trụ cột {', '.join(blank)}: tệp kết quả đã nhập chưa có điểm.")
    return shown + _extremes(a, a.pillars, "Trụ cột")


def _extremes(a: Analysis, lines: tuple[AggregateLine, ...], what: str) -> list[str]:
    ranked = [p for p in lines if p.rank is not None]
    if len(ranked) < 2:
        return []
    best = min(ranked, key=lambda p: (p.rank, -(p.score or 0)))
    worst = max(ranked, key=lambda p: (p.rank, -(p.score or 0)))
    return [
        f"{what} xếp hạng cao nhất: {best.code}. {best.name} (thứ {_rank(best.rank, a.size)}); thấp nhất: "
        f"{worst.code}. {worst.name} (thứ {_rank(worst.rank, a.size)})."
    ]


def _indicator_sentence(a: Analysis, i: IndicatorLine) -> str:
    parts = [f"thứ {_rank(i.rank, a.size)}"]
    if i.raw is not None:
        bounds = (
            f" (thấp nhất {_value(i.low)}, cao nhất {_value(i.high)})"
            if i.low is not None and i.high is not None
            else ""
        )
        parts.append(f"giá trị {_value(i.raw, i.unit)}{bounds}")
    parts.append(_score(i.score))
    return f"- {i.code}. {i.name}: {', '.join(parts)}; {_owners(i)}."


def _movers(a: Analysis) -> list[str]:
    if a.previous is None:
        return [f"Chưa nhập kết quả công bố năm trước năm {a.edition.year} nên chưa so sánh được mức tăng, giảm."]
    out = []
    for lines, verb in ((a.risers, "Tăng điểm"), (a.fallers, "Giảm điểm")):
        shown = lines[: a.top]
        if shown:
            listed = "; ".join(f"{i.code}. {i.name} ({signed(i.change)} điểm)" for i in shown)
            more = f" và {len(lines) - len(shown)} chỉ số khác" if len(lines) > len(shown) else ""
            out.append(f"{verb} ({len(lines)} chỉ số): {listed}{more}.")
    same = [i for i in a.indicators if i.change is not None and abs(i.change) < 0.005]
    if same:
        out.append(f"Không đổi điểm: {len(same)} chỉ số.")
    aggregates = [p for p in (*a.pillars, *a.groups) if p.change is not None and abs(p.change) >= 0.005]
    for sign, verb in ((1, "Trụ cột, nhóm tăng điểm"), (-1, "Trụ cột, nhóm giảm điểm")):
        moved = sorted((p for p in aggregates if (p.change or 0) * sign > 0), key=lambda p: -abs(p.change or 0))
        if moved:
            out.append(f"{verb}: " + "; ".join(f"{p.code}. {p.name} ({signed(p.change)} điểm)" for p in moved) + ".")
    if a.redefined:
        out.append(
            "Chỉ số đổi định nghĩa giữa hai năm, không so sánh điểm: "
            + "; ".join(f"{i.code} ({i.redefined})" for i in a.redefined)
            + "."
        )
    return out or [f"Các chỉ số có kết quả cả hai năm {a.previous.year} và {a.edition.year} không thay đổi điểm."]


def _targets(a: Analysis) -> list[str]:
    judged = [i for i in a.indicators if i.verdict is not None]
    pillars = [p for p in a.pillars if p.verdict is not None]
    if a.plan.baseline_year is not None and a.edition.year <= a.plan.baseline_year:
        return [
            f"Năm {a.edition.year} là năm cơ sở của Kế hoạch: kết quả năm {a.edition.year} là điểm xuất phát "
            f"của các mục tiêu năm {a.plan.target_year or a.plan.baseline_year + 1}, chưa phải kết quả so với mục tiêu."
        ]
    if not judged and not pillars:
        return [f"Kế hoạch không đặt mục tiêu điểm số cho các chỉ số có kết quả năm {a.edition.year}."]
    out = []
    plan_year = a.plan.target_year
    year_note = f" (mục tiêu của Kế hoạch đặt cho năm {plan_year})" if plan_year and plan_year != a.edition.year else ""
    if judged:
        met = [i for i in judged if i.verdict is Verdict.MET]
        missed = [i for i in judged if i.verdict is Verdict.NOT_MET]
        share = f"{len(met)}/{len(judged)} chỉ số đạt" if met else f"chưa chỉ số nào trong {len(judged)} chỉ số đạt"
        text = f"Chỉ số thành phần{year_note}: {share} mục tiêu theo điểm công bố"
        if missed:
            text += "; chưa đạt: " + "; ".join(f"{i.code} ({fixed(i.score)} điểm, mục tiêu {i.target})" for i in missed)
        out.append(text + ".")
    if pillars:
        met_p = [p for p in pillars if p.verdict is Verdict.MET]
        share = f"{len(met_p)}/{len(pillars)} trụ cột đạt" if met_p else f"chưa trụ cột nào trong {len(pillars)} đạt"
        out.append(
            f"Trụ cột: {share} mục tiêu"
            + (
                ""
                if len(met_p) == len(pillars)
                else "; chưa đạt: "
                + ", ".join(f"trụ cột {p.code} ({p.goal})" for p in pillars if p.verdict is Verdict.NOT_MET)
            )
            + "."
        )
    return out


def _needed(a: Analysis) -> list[str]:
    weak = {i.code for i in a.weaknesses}
    rows = [i for i in a.indicators if i.needed is not None and i.owners and (i.code in weak or i.verdict)]
    if not rows:
        return ["Không có chỉ số yếu do đơn vị phụ trách có đủ giới hạn công bố để tính số liệu cần đạt."]
    out = []
    for i in rows:
        n = i.needed
        assert n is not None
        now = f"; năm {a.edition.year} đạt {_value(i.raw, i.unit)}" if i.raw is not None else ""
        out.append(
            f"- {i.code}. {i.name} ({_owners(i)}): cần {n.op} {_value(n.figure, i.unit)} để đạt "
            f"{fixed(n.score)} điểm ({n.reason}){now}."
        )
    return out


def _indicator_rows(a: Analysis) -> list[dict]:
    return [
        {
            "stt": str(n),
            "ma": i.code,
            "ten": i.name,
            "gia_tri": _value(i.raw, i.unit),
            "thap_nhat": _value(i.low),
            "cao_nhat": _value(i.high),
            "diem": fixed(i.score),
            "hang": _rank(i.rank, a.size),
            "thay_doi": "đổi định nghĩa" if i.redefined else signed(i.change),
            "phu_trach": _owners(i),
        }
        for n, i in enumerate(a.indicators, 1)
    ]


def _agency_rows(a: Analysis) -> list[dict]:
    strong, weak = {i.code for i in a.strengths}, {i.code for i in a.weaknesses}
    owners: dict[str, list[IndicatorLine]] = {}
    for i in a.indicators:
        for name in i.owners or (NO_OWNER,):
            owners.setdefault(name, []).append(i)
    rows = []
    for n, (name, lines) in enumerate(sorted(owners.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0])), 1):
        rows.append(
            {
                "stt": str(n),
                "ten": name[0].upper() + name[1:],
                "chi_so": ", ".join(i.code for i in lines),
                "manh": ", ".join(i.code for i in lines if i.code in strong) or "—",
                "yeu": ", ".join(i.code for i in lines if i.code in weak) or "—",
                "chua_dat": ", ".join(i.code for i in lines if i.verdict is Verdict.NOT_MET) or "—",
            }
        )
    return rows


def _listed(lead: str, items: list[str]) -> list[str]:
    """A lead-in line and its items, or nothing at all: never a lead-in with nothing under it."""
    return [lead, *items] if items else []


def _unowned(a: Analysis) -> str:
    if not a.unowned:
        return ""
    return f"Chỉ số chưa có đơn vị phụ trách trong Kế hoạch ({len(a.unowned)}): {', '.join(i.code for i in a.unowned)}."


def build_analysis_context(a: Analysis, signing: Signing, report_date: date) -> dict:
    plan, e = a.plan, a.edition
    rs = plan.report
    day, month, year = date_parts(report_date)
    published = f"Ngày {date.fromisoformat(e.published_on):%d/%m/%Y}, " if e.published_on else ""
    document = f" ({e.document})" if e.document else ""
    authority = (
        signing.signer_authority or rs.signer_authority,
        signing.signer_title or rs.signer_title,
        signing.signer_name or rs.signer_name,
    )
    title = f"Phân tích kết quả Chỉ số {e.index} năm {e.year} của tỉnh {e.province or plan.province}"
    # fmt: off
    return {
        "co_quan_chu_quan": rs.parent_body.upper(), "co_quan_ban_hanh": rs.issuing_body.upper(),
        "ky_hieu": rs.doc_symbol, "dia_danh": rs.place or plan.province, "ngay": day, "thang": month, "nam": year,
        "so": signing.number or NUMBER_BLANK, "trich_yeu": title, "kinh_gui": rs.recipients or ["UBND tỉnh"],
        "mo_dau": (f"{published}{e.publisher or 'Bộ Khoa học và Công nghệ'} công bố kết quả Chỉ số {e.index} năm "
                   f"{e.year}{document}, xếp hạng {e.ranking_size or '…'} tỉnh, thành phố. {issuing_name(plan)} "
                   "phân tích kết quả của tỉnh như sau:"),
        "ket_qua_chung": _overall(a),
        "tru_cot": _pillar_sentences(a),
        "nhom": _extremes(a, a.groups, "Nhóm chỉ số"),
        "so_chi_so": f"{len(a.indicators)} chỉ số thành phần",
        "diem_manh": _listed("Các chỉ số xếp hạng cao nhất:", [_indicator_sentence(a, i) for i in a.strengths])
        or ["Tệp kết quả đã nhập chưa có thứ hạng của các chỉ số thành phần."],
        "diem_yeu": _listed("Các chỉ số xếp hạng thấp nhất:", [_indicator_sentence(a, i) for i in a.weaknesses]),
        "chua_phu_trach": _unowned(a),
        "tang_giam": _movers(a),
        "muc_tieu": _targets(a),
        "can_dat": _needed(a),
        "cho_trong": DOTS,
        "ket_luan": (f"Trên đây là báo cáo phân tích kết quả Chỉ số {e.index} năm {e.year} của tỉnh. "
                     f"{issuing_name(plan)} báo cáo {', '.join(rs.recipients) or 'UBND tỉnh'} xem xét, chỉ đạo./."),
        "noi_nhan": copy_to(rs.copy_to),
        "tham_quyen": authority[0], "chuc_vu": authority[1], "nguoi_ky": authority[2],
        "phu_luc_can_cu": (f"(Kèm theo Báo cáo số {signing.number or NUMBER_BLANK}/{rs.doc_symbol} ngày "
                           f"{day}/{month}/{year} của {issuing_name(plan)})"),
        "loai_chi_so": e.index, "nam_ket_qua": str(e.year),
        "chi_so": _indicator_rows(a), "don_vi_bang": _agency_rows(a),
    }
    # fmt: on
