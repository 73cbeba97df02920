"""Realistic, complete answers for an agency's template (demo and tests start from these)."""

from __future__ import annotations

import random
from datetime import date, datetime

from pii_excel.plan.duties import AgencyDuties
from pii_excel.plan.model import Indicator, Period, Plan
from pii_excel.sample.fill import Answers
from pii_excel.template import layout as L

REPORTERS = ("Nguyễn Thị Hương", "Trần Văn Minh", "Lê Thu Trang", "Phạm Đức Anh", "Hoàng Thị Lan", "Vũ Quang Huy")
RESULTS = (
    "Đã ban hành kế hoạch triển khai tại đơn vị; tổ chức 02 hội nghị tuyên truyền cho doanh nghiệp.",
    "Hoàn thành rà soát, cập nhật cơ sở dữ liệu; phối hợp với các sở, ngành tháo gỡ vướng mắc.",
    "Triển khai đúng tiến độ; kết quả được tổng hợp trong báo cáo định kỳ của đơn vị.",
    "Đang phối hợp với các đơn vị liên quan hoàn thiện hồ sơ, dự kiến hoàn thành trong quý tới.",
)
DIFFICULTIES = (
    "",
    "Kinh phí bố trí cho nhiệm vụ còn hạn chế.",
    "Số liệu thống kê của một số đơn vị gửi chậm.",
)
PROPOSALS = (
    "Đề nghị UBND tỉnh bố trí kinh phí thực hiện các nhiệm vụ năm sau.",
    "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn về phương pháp tính Chỉ số.",
)


# Plausible ranges of a province's raw figures by unit, and of denominators by their unit (Bắc Giang's scale:
# 1.9 million inhabitants, about 200 communes, 9 thousand active firms, GRDP about 200 thousand billion đồng).
FIGURE_RANGES = {
    "%": (0.2, 3.0),
    "đơn/10.000 dân": (0.1, 0.6),
    "tổ chức/10.000 dân": (0.1, 0.5),
    "người/10.000 dân": (3.0, 10.0),
    "doanh nghiệp/1.000 doanh nghiệp": (20.0, 60.0),
    "doanh nghiệp/1.000 dân": (3.0, 6.0),
    "dự án/1.000 doanh nghiệp": (40.0, 150.0),
    "tỷ đồng/1.000 lao động": (60.0, 150.0),
    "sản phẩm/xã": (0.1, 0.5),
    "văn bản": (3, 12),
    "điểm (thang 10)": (6.0, 7.5),
}
DENOMINATOR_RANGES = {
    "vạn người": (185.0, 195.0),
    "nghìn người": (1000.0, 1950.0),
    "tỷ đồng": (180_000.0, 200_000.0),
    "nghìn doanh nghiệp": (8.0, 9.5),
    "doanh nghiệp": (1500, 2500),
    "học sinh": (200_000, 250_000),
    "xã": (200, 210),
}


POLICIES = (
    (
        "15/{year}/NQ-HĐND",
        "Nghị quyết quy định chính sách hỗ trợ phát triển khoa học, công nghệ và đổi mới sáng tạo",
        "HĐND tỉnh",
    ),
    ("1234/QĐ-UBND", "Quyết định phê duyệt Đề án hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo", "UBND tỉnh"),
    ("86/KH-UBND", "Kế hoạch thực hiện chuyển đổi số và đổi mới sáng tạo trong doanh nghiệp", "UBND tỉnh"),
    ("22/{year}/QĐ-UBND", "Quyết định ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh", "UBND tỉnh"),
    ("09/CT-UBND", "Chỉ thị về đẩy mạnh ứng dụng, chuyển giao tiến bộ khoa học và công nghệ", "UBND tỉnh"),
)


# One province's shared quantities, in base units: every row that reports one of them (population in «vạn người» for
# 2.2.1, in «nghìn người» for 4.2.2) reports the same figure, as a careful province does (Bắc Giang's scale).
PROVINCE_FACTS = {
    "Dân số trung bình": 1_890_000.0,
    "Số doanh nghiệp đang hoạt động": 8_600.0,
    "Tổng sản phẩm trên địa bàn (GRDP)": 190_000e9,
}


def _fact(name: str, unit: str) -> float | None:
    """A shared quantity in the row's unit (189 vạn người, 1.890 nghìn người), or None for a quantity of its own."""
    from pii_excel.intake.checks import unit_scale

    base = PROVINCE_FACTS.get(name)
    if base is None:
        return None
    return round(base / unit_scale(unit)[1], 2)


def _figure(ind: Indicator, rng: random.Random, answers: Answers) -> None:
    """A raw figure in the indicator's own unit (with its numerator and denominator), as an agency types it."""
    f = ind.figure
    if f.previous_value is not None:
        low, high = f.previous_value * 0.9, f.previous_value * 1.3
    elif f.has_bounds:
        low, high = f.bounds_min + 0.3 * (f.bounds_max - f.bounds_min), f.bounds_max * 0.9  # type: ignore[operator]
    else:
        low, high = FIGURE_RANGES.get(f.unit, (40.0, 70.0))
    if isinstance(low, int):
        answers.values[ind.code] = rng.randint(low, int(high))
        return
    value = rng.uniform(low, high)
    if f.is_ratio:
        d_low, d_high = DENOMINATOR_RANGES.get(f.denominator_unit, (100.0, 1000.0))
        denominator = _fact(f.denominator, f.denominator_unit)
        if denominator is None:
            denominator = round(rng.uniform(d_low, d_high), 1 if isinstance(d_low, float) else None)
        whole = f.numerator_unit != "tỷ đồng"
        numerator = _fact(f.numerator, f.numerator_unit)
        if numerator is None:
            numerator = round(value * denominator / f.factor, None if whole else 1)
        answers.ratios[ind.code] = (numerator, denominator)
        value = numerator / denominator * f.factor
    answers.values[ind.code] = round(value, 2)


def complete_answers(plan: Plan, period: Period, duties: AgencyDuties, seed: int = 0) -> Answers:
    """Every yellow cell filled the way a careful agency fills it; deterministic for a given seed."""
    rng = random.Random(f"{plan.id}/{period.id}/{duties.agency.code}/{seed}")
    code = duties.agency.code
    answers = Answers()
    answers.info = {
        "reporter": rng.choice(REPORTERS),
        "position": "Chuyên viên",
        "phone": f"0204.38{rng.randint(10000, 99999)}",
        "email": f"{code.lower()}@bacgiang.gov.vn",
        "report_date": date.fromordinal(period.deadline.toordinal() - rng.randint(1, 8)).strftime("%d/%m/%Y"),
        "results": rng.choice(RESULTS),
        "difficulties": rng.choice(DIFFICULTIES) or "Không có.",
        "proposals": rng.choice(PROPOSALS),
    }
    for ind in duties.indicators:
        _figure(ind, rng, answers)
        answers.sources[ind.code] = f"Báo cáo số {rng.randint(10, 400)}/BC-{code} ngày {period.deadline:%d/%m/%Y}"
    for ind in duties.documents:  # policies a province issues in a year (illustrative numbers and titles)
        for n, (number, title, issuer) in enumerate(rng.sample(POLICIES, 3), 1):
            issued = datetime(period.deadline.year, rng.randint(1, 11), rng.randint(1, 28))
            answers.documents[f"{ind.code}-{n:02d}"] = (
                number.format(year=issued.year),
                issued,
                title,
                issuer,
                f"{number.format(year=issued.year).split('/')[0]}.pdf",
            )
    statuses = list(L.TASK_STATUSES.values())
    for task, _role in duties.tasks:
        status = rng.choices(statuses, weights=(5, 4, 1))[0]
        result = "" if status == statuses[2] else rng.choice(RESULTS)
        answers.tasks[task.id] = (status, result, rng.choice(DIFFICULTIES))
    if duties.official_results:
        for ind in plan.indicators:
            base = ind.baseline_value if ind.baseline_value is not None else 30.0
            answers.official[ind.code] = round(min(base * rng.uniform(0.9, 1.6) + 1, 100), 2)
        for ind in plan.indicators:
            if ind.figure_published_elsewhere:  # the PCI or DTI value, typed when that index is published
                scratch = Answers()
                _figure(ind, rng, scratch)
                answers.source_values[ind.code] = scratch.values[ind.code]
        scale = 10 if plan.index_kind.upper() == "PCI" else 100  # PCI sub-indices are scored out of 10
        for pillar in plan.pillars:
            base = pillar.baseline_score or rng.uniform(0.35, 0.6) * scale
            answers.pillars[pillar.code] = (round(base * rng.uniform(0.95, 1.1), 2), rng.randint(1, 20))
        for code in plan.component_twins():  # a component index (PCI): its score is typed once, as a pillar's
            answers.official.pop(code, None)
    return answers
