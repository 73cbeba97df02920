"""What is still blank, estimated or doubtful in the report before a department head signs it.

Printed at the end of a run and kept in run.json (`checklist`), in Vietnamese, one line per point.
"""

from __future__ import annotations

from pii_excel.model import OWN_TEXT_FILE, Consolidation
from pii_excel.report.context import addressed_to_issuer, proposals_by_text, unwritten_sections
from pii_excel.vocab import Basis, SubmissionState, Verdict


def _codes(codes: list[str]) -> str:
    return ", ".join(codes)


def signing_checklist(model: Consolidation) -> list[str]:
    plan = model.plan
    items = []
    if not model.signing.number:
        items.append("Số văn bản để trống («Số:      /" + plan.report.doc_symbol + "»): văn thư điền khi ký, hoặc "
                     "chạy lại với --so.")  # fmt: skip
    _, title, name = model.signer()
    if not name:
        items.append("Chưa có họ tên người ký: chạy lại với --nguoi-ky, hoặc ghi «Báo cáo: họ tên người ký» trong "
                     "tệp kế hoạch.")  # fmt: skip
    if not title:
        items.append("Chưa có chức vụ người ký: chạy lại với --chuc-vu.")
    if not plan.doc_number.split("/")[0].strip():
        items.append(f"Số của Kế hoạch chưa đầy đủ («{plan.doc_number or 'trống'}»): sửa «Số kế hoạch» trong tệp kế "
                     "hoạch, vì số này in trong báo cáo và các mẫu gửi đơn vị.")  # fmt: skip
    unwritten = unwritten_sections(model)
    if unwritten:
        items.append(f"Mục {', '.join(unwritten)} còn dòng chấm để Sở viết: điền tệp «{OWN_TEXT_FILE}» (bản trong thư "
                     "mục kết quả của kỳ), lưu vào thư mục input rồi chạy lại — nội dung được giữ cho mọi lần chạy "
                     "sau; hoặc viết thẳng vào báo cáo Word và xoá dòng chấm.")  # fmt: skip
    ev = model.evaluation
    judged = (Verdict.EXCEEDED, Verdict.MET, Verdict.NOT_MET)
    estimated = [r.indicator for r in ev.indicators if r.status in judged and r.basis is Basis.ESTIMATE]
    if estimated:
        items.append(f"{len(estimated)} chỉ số được đánh giá theo điểm ước tính, chưa phải kết quả công bố: "
                     f"{_codes(estimated)}.")  # fmt: skip
    composites = [p.name for p in ev.pillars if p.score is not None and p.basis is Basis.ESTIMATE]
    if composites:
        items.append(f"Điểm ước tính (tính từ các thành phần, chưa công bố): {', '.join(composites)}.")
    unverified = [r.indicator for r in ev.indicators if r.status is Verdict.UNVERIFIED]
    if unverified:
        items.append(f"{len(unverified)} chỉ số có số liệu cần xác minh, chưa được tính: {_codes(unverified)}.")
    missing = [s.name for s in model.intake.submissions if s.status is SubmissionState.MISSING]
    if missing:
        items.append(f"{len(missing)} đơn vị chưa nộp báo cáo: {'; '.join(missing)}.")
    own = [text for text in proposals_by_text(model) if addressed_to_issuer(plan, text)]
    if own:
        items.append(f"{len(own)} đề xuất các đơn vị gửi chính Sở không đưa vào mục IV (Sở tự xử lý): "
                     + "; ".join(own) + ".")  # fmt: skip
    return items
