"""What a Word plan's body says besides its appendix: the overall result it starts from and the goals it sets
(«xếp thứ 27/34 … phấn đấu 23/34», «4/7 trụ cột cao hơn trung bình cả nước», a pillar «đạt trên 67,23 điểm, xếp
thứ hạng 04/63», «nằm trong top 10»), and each agency's duties («2.1. Sở Khoa học và Công nghệ: - Chủ trì …»)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from pii_excel.numbers import format_number
from pii_excel.plan.model import Plan
from pii_excel.textnorm import clean_text, fold

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_SCORE_RANK = re.compile(rf"đạt\s+{_NUMBER}\s*điểm[^.;]*?xếp\s+(?:thứ\s+)?(?:hạng\s+)?(\d{{1,2}})\s*/\s*(\d{{2}})")
_RANK = re.compile(r"(?:xếp\s+)?(?:thứ\s+(?:hạng\s+)?|hạng\s+)(\d{1,2})\s*/\s*(\d{2})")
_TOP = re.compile(r"top\s+(\d{1,2})")
_PILLARS_ABOVE = re.compile(r"(\d)\s*/\s*7\s+trụ\s+cột[^.;]*?cao\s+hơn\s+(?:mức\s+)?trung\s+bình")
_PILLAR = re.compile(r"trụ\s+cột\s+(?:số\s+)?(\d{1,2})\b")
_PILLAR_SCORE = re.compile(rf"(?:đạt\s+)?(trên|từ|tối thiểu|ít nhất)?\s*{_NUMBER}\s*điểm")
_GOAL_WORDS = ("phấn đấu", "mục tiêu", "đạt trên", "nằm trong")
_HEADING = re.compile(r"^[IVX]+\s*[.\-–]\s*\S")
_DUTY_HEAD = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)\s*[.)]\s*(.{3,150}?)\s*:\s*(.*)$")
_AGENCY_WORDS = (
    "sở ",
    "ban ",
    "văn phòng",
    "ubnd",
    "ủy ban",
    "uỷ ban",
    "công an",
    "ngân hàng",
    "cục ",
    "thống kê",
    "liên hiệp",
    "tỉnh đoàn",
    "hội ",
    "đài ",
    "báo ",
    "trường ",
    "bộ chỉ huy",
    "thanh tra",
    "trung tâm",
    "kho bạc",
    "bảo hiểm",
    "các sở",
)
_BULLET = re.compile(r"^\s*[-–—•+*]\s*")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


_NUMBERED_HEAD = re.compile(r"(?:trụ\s+cột|chỉ\s+số)\s+[\d.]+$|^[-–•+*]?\s*[\dIVX]+\.$", re.IGNORECASE)


def _sentences(body: list[str]) -> list[str]:
    """Sentences of the body; «Trụ cột 3.» or «2.» before a name does not end one."""
    out: list[str] = []
    for paragraph in body:
        pieces: list[str] = []
        for piece in re.split(r"(?<=\.)\s+", paragraph):
            if pieces and _NUMBERED_HEAD.search(pieces[-1]):
                pieces[-1] = f"{pieces[-1]} {piece}"
            else:
                pieces.append(piece)
        out += [clean_text(p) for p in pieces if p.strip()]
    return out


def read_body_goals(plan: Plan, body: list[str], guess: Callable[[str], None]) -> None:
    """The overall baseline and goal, and pillar goals the appendix did not give, from the body's sentences; each
    one read is listed for staff to check."""
    said: list[str] = []
    for sentence in _sentences(body):
        low = fold(sentence)
        goal = any(w in low for w in _GOAL_WORDS)
        pillar = _PILLAR.search(low)
        if pillar is not None:
            if goal:
                said += _pillar_goal(plan, pillar.group(1), low)
            continue
        if not goal and plan.overall_baseline_rank is None and (m := _SCORE_RANK.search(low)):
            plan.overall_baseline_score, plan.overall_baseline_rank = _number(m.group(1)), int(m.group(2))
            said.append(
                f"chỉ số chung năm cơ sở {format_number(plan.overall_baseline_score)} điểm, thứ "
                f"{m.group(2)}/{m.group(3)}"
            )
            continue
        if "phấn đấu" in low or "mục tiêu" in low:
            if plan.overall_goal.top_n is None and (m := _RANK.search(low) or _TOP.search(low)):
                plan.overall_goal.top_n = int(m.group(1))
                said.append(f"mục tiêu chỉ số chung: trong top {m.group(1)}")
            if plan.overall_goal.pillars_above_national is None and (m := _PILLARS_ABOVE.search(low)):
                plan.overall_goal.pillars_above_national = int(m.group(1))
                said.append(f"mục tiêu: {m.group(1)}/7 trụ cột cao hơn trung bình cả nước")
    if said:
        guess("Đọc từ phần nội dung của văn bản: " + "; ".join(said) + ". Kiểm tra ở «Thông tin chung» và «Trụ cột».")


def _pillar_goal(plan: Plan, code: str, low: str) -> list[str]:
    pillar = plan.pillar(code)
    if pillar is None or not pillar.goal.is_empty():  # the appendix's pillar row says it already
        return []
    said = []
    if (m := _PILLAR_SCORE.search(low)) is not None:
        pillar.goal.op = ">" if m.group(1) == "trên" else "≥"
        pillar.goal.score = _number(m.group(2))
        said.append(f"trụ cột {code} {pillar.goal.op} {format_number(pillar.goal.score)} điểm")
    if (m := _RANK.search(low) or _TOP.search(low)) is not None:
        pillar.goal.top_n = int(m.group(1))
        said.append(f"trụ cột {code} trong top {m.group(1)}")
    return said


_DEADLINE = re.compile(
    r"báo\s+cáo[^.]*?(?:trước|chậm nhất|không muộn hơn)\s+(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
)


def report_deadline(body: list[str], year: int) -> date | None:
    """The year report's deadline the plan states («… báo cáo kết quả … trước ngày 15/12/2026»), if it states one
    in its target year."""
    for sentence in _sentences(body):
        m = _DEADLINE.search(fold(sentence))
        if m is not None and int(m.group(3)) == year:
            try:
                return date(year, int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


def agency_duties(body: list[str]) -> list[tuple[str, list[str]]]:
    """(agency as written, its duties) for each numbered paragraph naming an agency and ending in a colon, with the
    bullets under it («1. Sở Khoa học và Công nghệ:» «- Chủ trì, theo dõi …»)."""
    found: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for paragraph in body:
        text = clean_text(paragraph)
        if not text:
            continue
        head = _DUTY_HEAD.match(text)
        if head and any(fold(head.group(2)).startswith(w) for w in _AGENCY_WORDS):
            current = []
            found.append((head.group(2), current))
            rest = _BULLET.sub("", head.group(3)).strip()
            if rest:
                current.append(rest)
            continue
        if _HEADING.match(text) or head:  # the next section, or a numbered paragraph of another kind
            current = None
            continue
        if current is not None:
            bullet = _BULLET.sub("", text).strip()
            if bullet:
                current.append(bullet)
    return [(name, duties) for name, duties in found if duties]
