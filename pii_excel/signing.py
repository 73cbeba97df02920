"""What the department head must know before signing the period report, worked out from the model once for every
output that says it (the report, run.json, the console): the department's own sections still to write, the
proposals agencies sent (grouped, and those addressed to the department itself), the issuing body's name as a
sentence writes it, and the checklist of what is blank, estimated or doubtful."""

from __future__ import annotations

from pii_excel.model import OWN_TEXT_FILE, Consolidation
from pii_excel.plan.model import Plan
from pii_excel.textnorm import fold
from pii_excel.vocab import Basis, SubmissionState, Verdict


def own_paragraphs(model: Consolidation, key: str) -> list[str]:
    """The department's own text for a section («noi-dung-cua-so.xlsx»), one paragraph per line, list marks
    dropped (the report's own marks are used)."""
    out: list[str] = []
    for own in model.intake.own_text:
        if own.key == key:
            out += [line.strip().lstrip("-–•+*").strip() for line in own.text.splitlines()]
    return [line for line in out if line]


def addressed_to_issuer(plan: Plan, text: str) -> bool:
    """A request to the department that issues the report ("đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn"):
    the department answers it itself; forwarding it to the Ministry would be a request to oneself."""
    folded = fold(text)
    names = {issuing_name(plan), plan.agency_name(plan.coordinator)}
    coordinator = plan.agency(plan.coordinator)
    if coordinator and coordinator.short_name:
        names.add(coordinator.short_name)
    return any(name and fold(name) in folded for name in names)


def proposals_by_text(model: Consolidation) -> dict[str, list[str]]:
    """Agencies' proposals, each text once with every agency that made it."""
    grouped: dict[str, list[str]] = {}
    for info in model.intake.infos:
        text = info.proposals.strip()
        if text and text.strip(". ").lower() not in ("không", "không có"):
            grouped.setdefault(text.rstrip("."), []).append(model.plan.require_agency(info.agency).display_name)
    return grouped


def unwritten_sections(model: Consolidation) -> list[str]:
    """The sections still left to the department (dotted lines in the report): II.3, III, IV."""
    names = {
        "nguyen_nhan": "II.3 (Nguyên nhân)",
        "giai_phap": "III (Nhiệm vụ, giải pháp)",
        "de_xuat": "IV (Đề xuất, kiến nghị)",
    }
    return [shown for key, shown in names.items() if not own_paragraphs(model, key)]


def issuing_name(plan: Plan) -> str:
    """The issuing body as written in a sentence ("Sở Khoa học và Công nghệ"), not in header capitals."""
    body = plan.report.issuing_body.strip()
    for name in [a.name for a in plan.agencies] + [plan.issuer]:
        if body and name.upper().startswith(body.upper()):
            return name[: len(body)]
    return plan.agency_name(plan.coordinator)


def _codes(codes: list[str]) -> str:
    return ", ".join(codes)


def signing_checklist(model: Consolidation) -> list[str]:
    plan = model.plan
    items = []
    if not model.signing.number:
        items.append(
            "Số văn bản để trống («Số:      /" + plan.report.doc_symbol + "»): văn thư điền khi ký, hoặc "
            "chạy lại với --so."
        )
    _, title, name = model.signer()
    if not name:
        items.append(
            "Chưa có họ tên người ký: chạy lại với --nguoi-ky, hoặc ghi «Báo cáo: họ tên người ký» trong tệp kế hoạch."
        )
    if not title:
        items.append("Chưa có chức vụ người ký: chạy lại với --chuc-vu.")
    if not plan.doc_number.split("/")[0].strip():
        items.append(
            f"Số của Kế hoạch chưa đầy đủ («{plan.doc_number or 'trống'}»): sửa «Số kế hoạch» trong tệp kế "
            "hoạch, vì số này in trong báo cáo và các mẫu gửi đơn vị."
        )
    unwritten = unwritten_sections(model)
    if unwritten:
        items.append(
            f"Mục {', '.join(unwritten)} còn dòng chấm để Sở viết: điền tệp «{OWN_TEXT_FILE}» (bản trong thư "
            "mục kết quả của kỳ), lưu vào thư mục input rồi chạy lại — nội dung được giữ cho mọi lần chạy "
            "sau; hoặc viết thẳng vào báo cáo Word và xoá dòng chấm."
        )
    ev = model.evaluation
    judged = (Verdict.EXCEEDED, Verdict.MET, Verdict.NOT_MET)
    estimated = [r.indicator for r in ev.indicators if r.status in judged and r.basis is Basis.ESTIMATE]
    if estimated:
        items.append(
            f"{len(estimated)} chỉ số được đánh giá theo điểm ước tính, chưa phải kết quả công bố: {_codes(estimated)}."
        )
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
        items.append(
            f"{len(own)} đề xuất các đơn vị gửi chính Sở không đưa vào mục IV (Sở tự xử lý): " + "; ".join(own) + "."
        )
    return items
