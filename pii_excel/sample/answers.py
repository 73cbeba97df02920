"""Realistic, complete answers for an agency's template (demo and tests start from these)."""

from __future__ import annotations

import random
from datetime import date

from pii_excel.duties import AgencyDuties
from pii_excel.plan.model import Period, Plan
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
        base = ind.baseline_value if ind.baseline_value is not None else (ind.target_value() or 10) * 0.8
        goal = ind.target_value() or base * 1.1
        value = round(base + (goal - base) * rng.uniform(0.5, 1.3), 2)
        answers.values[ind.code] = min(value, 100.0) if ind.is_percent else value
        answers.sources[ind.code] = f"Báo cáo số {rng.randint(10, 400)}/BC-{code} ngày {period.deadline:%d/%m/%Y}"
    statuses = list(L.TASK_STATUSES.values())
    for task, _role in duties.tasks:
        status = rng.choices(statuses, weights=(5, 4, 1))[0]
        result = "" if status == statuses[2] else rng.choice(RESULTS)
        answers.tasks[task.id] = (status, result, rng.choice(DIFFICULTIES))
    if duties.official_results:
        for ind in plan.indicators:
            base = ind.baseline_value if ind.baseline_value is not None else 30.0
            answers.official[ind.code] = round(min(base * rng.uniform(0.9, 1.6) + 1, 100), 2)
        scale = 10 if plan.index_kind.upper() == "PCI" else 100  # PCI sub-indices are scored out of 10
        for pillar in plan.pillars:
            base = pillar.baseline_score or rng.uniform(0.35, 0.6) * scale
            answers.pillars[pillar.code] = (round(base * rng.uniform(0.95, 1.1), 2), rng.randint(1, 20))
    return answers
