"""A plan from what a Word plan says: indicator rows of the appendix (code and name, baseline, target, lead,
cooperating, timing) and the task bullets under each, agency names mapped to codes. Each guess is recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from pii_excel.numbers import format_number, parse_number
from pii_excel.plan.importer.agency_names import (
    UNKNOWN_MARK,
    code_for_unknown,
    known,
    match_agencies,
    written_as_catalogue,
)
from pii_excel.plan.importer.appendix import (
    WORDED_OPS,
    YEAR,
    Columns,
    bare_code,
    cell_at,
    columns_of,
    indicator_code,
    pci_component,
    pillar_heading,
    plain,
    split_tasks,
    words_of,
)
from pii_excel.plan.importer.body import agency_duties, read_body_goals, report_deadline
from pii_excel.plan.importer.word import Cell, Table, WordPlan
from pii_excel.plan.model import Agency, Goal, Group, Indicator, Period, Pillar, Plan, Target, Task
from pii_excel.plan.periods import make_period
from pii_excel.plan.vocab import parse_frequency
from pii_excel.textnorm import ascii_slug, clean_text, fold


class NoAppendix(Exception):
    """The document has no table of indicators with codes: nothing to import."""


@dataclass
class Imported:
    plan: Plan
    guesses: list[str] = field(default_factory=list)  # each guess, in Vietnamese, for the guide sheet
    unknown_agencies: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, word: WordPlan, source: str):
        self.word, self.source = word, source
        self.guesses: list[str] = []
        self.unknown: list[str] = []
        self.indicators: list[Indicator] = []
        self.tasks: dict[str, list[str]] = {}
        self.agency_codes: list[str] = []
        self.unknown_codes: dict[str, str] = {}  # name as written -> code given
        self.columns: Columns | None = None
        self.pillar_rows: dict[
            str, tuple[str, float | None, int | None, Target]
        ] = {}  # code -> name, score, rank, goal
        self.due: dict[str, str] = {}  # indicator code -> when its tasks are due, as the timing column says
        self.written: dict[str, str] = {}  # agency code -> its name as the document writes it
        head = fold(" ".join([word.first_page.title, *word.text[:30]]))
        self.pci = "pci" in head or "năng lực cạnh tranh" in head

    def guess(self, text: str) -> None:
        if text not in self.guesses:
            self.guesses.append(text)

    # --- the appendix ----------------------------------------------------------------------------------------
    def read_tables(self) -> None:
        for table in self.word.tables:
            self.read_table(table)
        if not self.indicators:
            raise NoAppendix()

    def read_table(self, table: Table) -> None:
        rows = table.grid or table.rows
        first = next((r for r, row in enumerate(rows) if self._is_indicator_row(row) or pillar_heading(row)), None)
        if first is None:
            self.read_pillar_table(rows)
            return
        columns = columns_of(rows[:first]) or self.columns
        if columns is None:
            columns = Columns()
            self.guess(
                "Bảng phụ lục không có dòng tiêu đề: các cột được hiểu theo thứ tự STT | Chỉ số | Điểm năm cơ "
                "sở | Mục tiêu | Chủ trì | Phối hợp | Thời gian."
            )
        if first < 1 or not any(self._is_indicator_row(row, columns) for row in rows[first:]):
            return
        self.columns = columns
        current: Indicator | None = None
        for row in rows[first:]:
            found = self._indicator_of(row, columns)
            if found is not None:
                current = self.indicator_row(row, columns, *found)
                continue
            pillar = pillar_heading(row)
            if pillar is not None:  # its baseline, rank and target; never a task of the indicator above
                self.pillar_row(row, columns, *pillar)
                current = None
                continue
            if columns.code is not None and bare_code(cell_at(row, columns.code)):
                current = None  # a group's row («1.1 | Nhóm …») between indicators
                continue
            if current is None:
                continue
            paragraphs = [
                p for c in _distinct(row) for p in c.paragraphs if clean_text(p) and not clean_text(p).isdigit()
            ]
            split_tasks(paragraphs, self.tasks.setdefault(current.code, []))

    def read_pillar_table(self, rows: list[list[Cell]]) -> None:
        """A table of the pillars' results and goals («TT | Trụ cột | Điểm năm 2025 | Thứ hạng | Mục tiêu 2026»),
        a pillar per row numbered 1–7 (or I–VII)."""
        header = next((r for r, row in enumerate(rows[:3]) if any("tru cot" in words_of(c.text) for c in row)), None)
        if header is None:
            return
        texts = [words_of(c.text) for c in rows[header]]
        name = next(i for i, w in enumerate(texts) if "tru cot" in w)
        columns = columns_of(rows[: header + 1])
        if columns is None or (columns.baseline is None and columns.target is None):
            return
        for row in rows[header + 1 :]:
            number = cell_at(row, 0)
            code = _pillar_number(number.text if number is not None else "")
            label = cell_at(row, name)
            if code is not None and label is not None and label.text:
                self.pillar_row(row, columns, code, label.text)

    def _indicator_of(self, row: list[Cell], columns: Columns) -> tuple[str, str] | None:
        """(code, name) of an indicator row: the code in its own column with the name beside it, or written with
        the name («Chỉ số: 2.2.3. …»)."""
        if columns.code is not None:
            code = bare_code(cell_at(row, columns.code))
            name_cell = cell_at(row, columns.indicator)
            if (
                code is not None
                and code.count(".") >= 2
                and name_cell is not None
                and name_cell is not cell_at(row, columns.code)
            ):
                return code, clean_text(name_cell.paragraphs[0] if name_cell.paragraphs else name_cell.text).strip(" .")
        found = indicator_code(cell_at(row, columns.indicator))
        if found is None and self.pci:  # PCI plans name their component indices without codes
            found = pci_component(cell_at(row, columns.indicator))
        return found

    def _is_indicator_row(self, row: list[Cell], columns: Columns | None = None) -> bool:
        if columns is not None:
            return self._indicator_of(row, columns) is not None
        if any(indicator_code(c) is not None for c in row[:3]):
            return True
        if self.pci and any(pci_component(c) is not None for c in row[:3]):
            return True
        # a column of bare codes: «1 | 2.2.3 | Chi cho …»
        return any(bare_code(c) and (bare_code(c) or "").count(".") >= 2 for c in row[:3])

    def pillar_row(self, row: list[Cell], columns: Columns, code: str, name: str) -> None:
        if code in self.pillar_rows:
            return
        where = f"Trụ cột {code}"
        score = self.number(cell_at(row, columns.baseline), where, "điểm năm cơ sở")
        rank_cell = cell_at(row, columns.rank)
        rank = self.number(rank_cell, where, "thứ hạng năm cơ sở") if rank_cell is not None else None
        goal = self.target(cell_at(row, columns.target), where, True)
        self.pillar_rows[code] = (name, score, int(rank) if rank is not None and rank.is_integer() else None, goal)

    def indicator_row(self, row: list[Cell], columns: Columns, code: str, name: str) -> Indicator:
        text = cell_at(row, columns.indicator)
        if text is not None and len(text.paragraphs) > 1:  # the code's paragraph first, tasks below it in the cell
            split_tasks(text.paragraphs[1:], self.tasks.setdefault(code, []))
            if columns.code is None:
                first = indicator_code(Cell(text.paragraphs[:1]))
                name = first[1] if first else name
        tasks_cell = cell_at(row, columns.tasks)
        if tasks_cell is not None and tasks_cell is not text:  # a column of its own, one bullet per line
            split_tasks(tasks_cell.paragraphs, self.tasks.setdefault(code, []))
        if any(i.code == code for i in self.indicators):
            self.guess(f"Chỉ số {code} xuất hiện hai lần trong bảng; giữ dòng đầu.")
            return next(i for i in self.indicators if i.code == code)
        ind = Indicator(code=code, name=name, unit="điểm" if columns.on_score else "")
        ind.baseline_year = columns.baseline_year
        ind.baseline_value = self.number(cell_at(row, columns.baseline), f"Chỉ số {code}", "giá trị năm cơ sở")
        rank_cell = cell_at(row, columns.rank)
        if rank_cell is not None and rank_cell.text:
            of = f"/{columns.ranked_of}" if columns.ranked_of else ""
            ind.note = f"Thứ hạng năm {columns.baseline_year or ''}: {rank_cell.text}{of}".replace("năm :", ":")
        ind.target = self.target(cell_at(row, columns.target), f"Chỉ số {code}", columns.on_score)
        ind.lead = self.agencies(cell_at(row, columns.lead), code, "chủ trì")
        ind.cooperating = [
            c for c in self.agencies(cell_at(row, columns.cooperating), code, "phối hợp") if c not in ind.lead
        ]
        timing = cell_at(row, columns.timing)
        frequency = parse_frequency(timing.text) if timing is not None and timing.text else None
        if frequency is None:
            ind.frequency = "ongoing"
            if timing is not None and timing.text:
                if is_deadline(timing.text):  # «Năm 2026», «Quý II/2026», «Trước 30/6/2026»: when the tasks are due
                    self.due[code] = timing.text
                else:
                    ind.note = "; ".join(filter(None, [ind.note, f"Thời gian thực hiện: {timing.text}"]))
                    self.guess(
                        f"Chỉ số {code}: thời gian «{timing.text}» không phải một tần suất hay một thời hạn; "
                        "ghi «Thường xuyên», thời gian ghi ở cột «Ghi chú»."
                    )
        else:
            ind.frequency = frequency
        if not columns.on_score:
            self.guess(
                f"Chỉ số {code}: tiêu đề bảng không nói giá trị là điểm số; kiểm tra «Đơn vị tính» và «Mục tiêu "
                "tính trên»."
            )
            ind.target_on = "figure"
        self.indicators.append(ind)
        return ind

    def number(self, cell: Cell | None, subject: str, what: str) -> float | None:
        """`subject`: «Chỉ số 2.2.3» or «Trụ cột 2», as the guide sheet names it."""
        if cell is None or not cell.text:
            return None
        parsed = parse_number(plain(cell.text))
        if parsed.value is None:
            self.guess(f"{subject}: {what} «{cell.text}» không phải một số; để trống.")
            return None
        if parsed.thousands_dot:
            self.guess(
                f"{subject}: {what} «{cell.text}» đọc là {format_number(parsed.value)} (dấu chấm hàng "
                "nghìn); nếu là số thập phân, sửa lại."
            )
        return parsed.value

    def target(self, cell: Cell | None, subject: str, on_score: bool) -> Target:
        if cell is None or not cell.text:
            return Target()
        shown = text = plain(cell.text)
        increase = None
        if (m := _INCREASE.search(text)) is not None:  # «≥ 7,61, tăng 0,83 điểm»: the value and the rise both count
            increase = parse_number(m.group(1)).value
            text = clean_text(text[: m.start()] + text[m.end() :]).rstrip(" ,;(")
        word, worded = next(((w, op) for w, op in WORDED_OPS if fold(text).startswith(w)), ("", None))
        text = text[len(word) :]
        parsed = parse_number(text.replace("điểm", "").strip())
        if parsed.value is None:
            self.guess(f"{subject}: mục tiêu «{shown}» không đọc được thành dấu so sánh và số; để trống.")
            return Target()
        op = parsed.comparator or worded
        if op is None:
            op = "≥"
            self.guess(f"{subject}: mục tiêu «{shown}» không có dấu so sánh; hiểu là «≥».")
        if parsed.percent_sign and on_score:
            self.guess(
                f"{subject}: mục tiêu ghi «{shown}» trong cột điểm số; đọc là {format_number(parsed.value)} "
                "điểm (bỏ dấu %)."
            )
        return Target(op=op, value=parsed.value, increase=increase)

    def agencies(self, cell: Cell | None, code: str, role: str) -> list[str]:
        if cell is None or not cell.text:
            return []
        match = match_agencies(cell.text, self.word.first_page.province)
        for known_code, name in match.written.items():
            self.written.setdefault(known_code, name)
        for g in match.guesses:
            self.guess(f"Chỉ số {code}, đơn vị {role}: {g}.")
        codes = []
        for found in match.codes:
            if not found.startswith(UNKNOWN_MARK):
                codes.append(found)
                continue
            name = found.removeprefix(UNKNOWN_MARK)
            if name not in self.unknown_codes:
                taken = set(self.agency_codes) | set(self.unknown_codes.values())
                self.unknown_codes[name] = code_for_unknown(name, taken)
                self.unknown.append(name)
                self.guess(
                    f"Đơn vị «{name}» (chỉ số {code}, {role}) không có trong danh mục; đặt mã tạm "
                    f"«{self.unknown_codes[name]}»: kiểm tra tên, mã và loại đơn vị ở trang «Đơn vị»."
                )
            codes.append(self.unknown_codes[name])
        for c in codes:
            if c not in self.agency_codes:
                self.agency_codes.append(c)
        return codes

    # --- the plan ---------------------------------------------------------------------------------------------
    def plan(self) -> Plan:
        page = self.word.first_page
        text = " ".join([page.title, *self.word.text[:60]])
        kind = "PCI" if "PCI" in text or "năng lực cạnh tranh" in fold(text) else "PII"
        years = [int(y) for y in YEAR.findall(page.title)]
        target_year = (self.columns.target_year if self.columns else None) or (years[0] if years else None)
        target_year = target_year or (page.date.year if page.date else date.today().year)
        baseline_year = (self.columns.baseline_year if self.columns else None) or target_year - 1
        province = page.province or ""
        if not page.number:
            self.guess("Không thấy số kế hoạch («Số: …/KH-UBND») ở trang đầu; điền ở «Thông tin chung».")
        if not page.date:
            self.guess("Không thấy ngày ban hành («…, ngày … tháng … năm …») ở trang đầu.")
        if not province:
            self.guess("Không thấy tên tỉnh ở trang đầu; điền «Tỉnh, thành phố» và «Cơ quan ban hành».")
        if not page.title:
            self.guess("Không thấy tên kế hoạch (dòng sau «KẾ HOẠCH»); điền «Tên kế hoạch».")
        ranked = (self.columns.ranked_of if self.columns else None) or (34 if target_year >= 2025 else 63)
        plan = Plan(
            id=self.plan_id(kind, target_year, province, page.number),
            title=page.title,
            index_kind=kind,
            province=province,
            issuer=page.issuer,
            doc_number=page.number,
            doc_date=page.date,
            ranking_size=ranked,
            baseline_year=baseline_year,
            target_year=target_year,
        )
        for ind in self.indicators:
            ind.baseline_year = ind.baseline_year or baseline_year
        plan.indicators = self.indicators
        plan.pillars, plan.groups = self.framework(kind)
        if kind == "PCI":
            plan.overall_scale = 10.0  # VCCI scores components out of 10 and the index out of 100
        plan.parent_body = page.parent_body
        pillar_codes = {p.code for p in plan.pillars}
        group_codes = {g.code for g in plan.groups}
        for ind in plan.indicators:
            head = ind.code.split(".")[0]
            ind.pillar = head if head in pillar_codes else ""
            group = ".".join(ind.code.split(".")[:2])
            ind.group = group if group in group_codes else ""
        self.apply_pillar_rows(plan)
        read_body_goals(plan, self.word.text, self.guess)
        plan.tasks = [
            Task(id=f"{ind.code}-{n:02d}", text=t, indicator=ind.code, due=self.due.get(ind.code, ""))
            for ind in plan.indicators
            for n, t in enumerate(self.tasks.get(ind.code, []), start=1)
        ]
        plan.tasks += self.duty_tasks(plan)
        plan.agencies = self.agency_rows(plan)
        plan.coordinator = "SKHCN"
        self.only_named(plan)
        self.guess("Đơn vị tổng hợp là Sở Khoa học và Công nghệ (SKHCN); đổi ở «Thông tin chung» nếu khác.")
        plan.periods = [self.year_period(target_year)]
        if kind == "PII":
            self.guess(
                "Giá trị cơ sở và mục tiêu được hiểu là điểm số PII («Mục tiêu tính trên: Điểm số»); số liệu gốc "
                "của từng chỉ số (tên, đơn vị tính) chưa có: điền ở trang «Chỉ số» để mẫu báo cáo hỏi đúng "
                "số liệu."
            )
        plan.notes = [f"Nhập từ tệp Word «{self.source}»; các điểm cần kiểm tra ghi ở trang «Hướng dẫn»."]
        return plan

    def apply_pillar_rows(self, plan: Plan) -> None:
        """Pillar rows of the appendix or a table of pillars: the pillar's baseline score and rank and its goal."""
        for code, (name, score, rank, goal) in self.pillar_rows.items():
            pillar = plan.pillar(code)
            if pillar is None:
                pillar = Pillar(code=code, name=name[:1].upper() + name[1:].lower() if name.isupper() else name)
                plan.pillars.append(pillar)
            pillar.baseline_score, pillar.baseline_rank = score, rank
            if goal.op is not None:
                pillar.goal = Goal(op=goal.op, score=goal.value)
        if self.pillar_rows:
            self.guess(
                f"Điểm, thứ hạng năm cơ sở và mục tiêu của {len(self.pillar_rows)} trụ cột lấy từ các bảng của "
                "văn bản (dòng trụ cột trong phụ lục, bảng kết quả các trụ cột)."
            )

    def duty_tasks(self, plan: Plan) -> list[Task]:
        """Section «Nhiệm vụ của các cơ quan, đơn vị»: each agency's duties («1. Sở Khoa học và Công nghệ: - Chủ
        trì …») are general tasks it leads."""
        tasks: list[Task] = []
        for name, duties in agency_duties(self.word.text):
            match = match_agencies(name, self.word.first_page.province)
            codes = [c for c in match.codes if not c.startswith(UNKNOWN_MARK)]
            if len(codes) != 1 or match.unknown:
                continue
            for c in codes:
                if c not in self.agency_codes:
                    self.agency_codes.append(c)
                self.written.setdefault(c, match.written.get(c, ""))
            for text in duties:
                tasks.append(Task(id=f"NV-{len(tasks) + 1:02d}", text=text, lead=codes))
        if tasks:
            self.guess(f"{len(tasks)} nhiệm vụ chung lấy từ phần nhiệm vụ của từng cơ quan, đơn vị trong văn bản.")
        return tasks

    def plan_id(self, kind: str, year: int, province: str, number: str) -> str:
        from pii_excel.plan import builtin_plan_ids

        base = f"{kind.lower()}-{year}-{ascii_slug(province).lower() or 'tinh'}"
        if base in builtin_plan_ids():  # never take a built-in plan's id (its results folder and history)
            suffix = re.sub(r"\D", "", number.split("/")[0]) or "nhap"
            self.guess(f"Mã «{base}» là mã của kế hoạch có sẵn; kế hoạch nhập được đặt mã «{base}-kh{suffix}».")
            return f"{base}-kh{suffix}"
        return base

    def framework(self, kind: str) -> tuple[list[Pillar], list[Group]]:
        """PII's seven pillars and its groups, as the framework names them (from the built-in PII plan);
        baselines and goals are left for staff."""
        if kind == "PCI":
            return self.pci_components(), []
        if kind != "PII":
            heads = sorted({i.code.split(".")[0] for i in self.indicators}, key=lambda c: (len(c), c))
            self.guess("Tên các trụ cột chưa có (chỉ biết mã từ mã chỉ số): điền ở trang «Trụ cột».")
            return [Pillar(code=h, name=f"Trụ cột {h}") for h in heads], []
        from pii_excel.plan import load_plan

        reference = load_plan("pii-2024-bac-giang")
        pillars = [
            Pillar(code=p.code, name=p.name, side=p.side, components=list(p.components)) for p in reference.pillars
        ]
        missing = [p.code for p in pillars if p.code not in self.pillar_rows]
        self.guess(
            "Tên, nhóm đầu vào/đầu ra của 7 trụ cột theo khung PII"
            + (
                f"; điểm, thứ hạng năm cơ sở và mục tiêu của trụ cột {', '.join(missing)} (phần Mục tiêu cụ thể "
                "của kế hoạch) điền ở trang «Trụ cột»."
                if missing
                else "."
            )
        )
        return pillars, [Group(g.code, g.name, g.pillar) for g in reference.groups]

    def pci_components(self) -> list[Pillar]:
        """A PCI plan's targets are its component indices: each is a «pillar» (VCCI publishes its score and rank)
        and an indicator its focal agency answers for (Plan.component_twins), scored by VCCI's survey, never
        reported by an agency."""
        pillars = []
        for ind in self.indicators:
            if "." in ind.code:
                continue
            ind.unit, ind.target_on, ind.figure_from = "điểm", "score", "published"
            ind.figure.source = "Điều tra doanh nghiệp PCI do VCCI công bố"
            goal = Goal(op=ind.target.op, score=ind.target.value) if ind.target.op else Goal()
            pillars.append(Pillar(code=ind.code, name=ind.name, baseline_score=ind.baseline_value, goal=goal))
        self.guess(
            "Các chỉ số thành phần PCI được đánh số theo thứ tự của VCCI (1. Gia nhập thị trường … 10. Thiết chế "
            "pháp lý); mỗi chỉ số vừa là chỉ số thành phần (trang «Trụ cột») vừa là mục tiêu của đơn vị đầu "
            "mối (trang «Chỉ số»); điểm do đơn vị tổng hợp nhập khi VCCI công bố. Trọng số các chỉ số thành "
            "phần chưa có: điền ở trang «Trụ cột» nếu muốn tính điểm PCI chung."
        )
        return pillars

    def only_named(self, plan: Plan) -> None:
        """Agencies the document names only beside indicators that have no tasks: they belong to this plan but have
        nothing to report in it, so they get no template (a listed guess, not a warning about leftover rows)."""
        busy = {c for i in plan.indicators for c in i.lead}
        busy |= {c for t in plan.tasks for c in t.lead + t.cooperating}
        busy |= {c for i in plan.indicators if plan.tasks_of_indicator(i.code) for c in i.cooperating}
        idle = [
            a
            for a in plan.agencies
            if a.reports and not a.is_group and a.code not in busy and a.code != plan.coordinator
        ]
        for a in idle:
            a.reports = False
        if idle:
            self.guess(
                f"{', '.join(a.display_name for a in idle)} chỉ có tên ở chỉ số không có nhiệm vụ nên không nộp "
                "mẫu báo cáo (cột «Nộp báo cáo» ghi «Không»); giao nhiệm vụ và ghi «Có» nếu cần."
            )

    def agency_rows(self, plan: Plan) -> list[Agency]:
        rows: list[Agency] = []
        codes = list(self.agency_codes)
        if "SKHCN" not in codes:
            codes.insert(0, "SKHCN")
        by_name = {v: k for k, v in self.unknown_codes.items()}
        issued = plan.doc_date or (date(plan.target_year, 1, 1) if plan.target_year else None)
        for code in codes:
            entry = known(code)
            if entry is not None:
                # the document's own wording of a full name («Văn hóa»), else the catalogue's as of the plan's date
                written = self.written.get(code, "")
                name = written or entry.name_on(issued)
                if not written and name.endswith(" tỉnh") and plan.province:
                    name = f"{name} {plan.province}"  # "Thống kê tỉnh" -> "Thống kê tỉnh Cà Mau"
                short = entry.short_on(issued) if not written or written_as_catalogue(written, entry) else ""
                # a department's own plan: other departments are focal points it cannot ask for reports
                elsewhere = bool(plan.parent_body) and code != "SKHCN"
                rows.append(
                    Agency(
                        code=code,
                        name=name,
                        short_name=short,
                        kind=entry.kind,
                        reports=entry.kind != "group" and not elsewhere,
                        all_members=entry.all_members,
                    )
                )
            else:
                name = by_name.get(code, code)
                kind = _unknown_kind(name, bool(plan.parent_body))
                rows.append(
                    Agency(code=code, name=name, kind=kind, reports=not plan.parent_body or kind == "internal_unit")
                )
        outside = [a.display_name for a in rows if plan.parent_body and not a.reports and a.kind != "group"]
        if outside:
            self.guess(
                f"Kế hoạch của {plan.issuer}: {', '.join(outside)} là đơn vị ngoài Sở, không nộp mẫu báo cáo "
                "cho Sở (cột «Nộp báo cáo» ghi «Không»); kết quả các chỉ số các đơn vị này đầu mối do đơn vị "
                "tổng hợp nhập."
            )
        empty = [a.display_name for a in rows if a.kind == "group" and not a.all_members and not a.members]
        if empty:  # «UBND các xã, phường»: which communes report is the department's choice, not the document's
            self.guess(
                f"Nhóm {', '.join(f'«{n}»' for n in empty)} chưa có đơn vị thành viên: ghi mã các đơn vị thành "
                "viên ở trang «Đơn vị», hoặc ghi «Có» ở cột «Đơn vị tổng hợp báo cáo thay»."
            )
        return rows

    def year_period(self, year: int) -> Period:
        from pii_excel.workdays import is_working_day

        period = make_period(str(year), date(year, 12, 20))
        stated = report_deadline(self.word.text, year)
        if stated is not None and stated.month >= 11:  # the document's own «trước ngày 15/12/2026»
            end = period.end
            # Nghị định 09/2019/NĐ-CP: at least one working day between the cut-off and the deadline
            while not any(is_working_day(end + timedelta(days=n)) for n in range(1, (stated - end).days)):
                end -= timedelta(days=1)
            moved = (
                f"; số liệu tính đến {end:%d/%m/%Y} để có ít nhất 01 ngày làm việc trước hạn"
                if end != period.end
                else ""
            )
            self.guess(
                f"Lịch báo cáo: một kỳ năm {year}, hạn nộp {stated:%d/%m/%Y} theo văn bản{moved}; thêm các kỳ "
                "quý, 6 tháng nếu văn bản yêu cầu báo cáo có."
            )
            return make_period(str(year), stated, None, end)
        deadline = date(year, 12, 20)
        while not is_working_day(deadline):
            deadline += timedelta(days=1)
        self.guess(
            f"Lịch báo cáo: một kỳ năm {year}, hạn nộp {deadline:%d/%m/%Y} (đoán); sửa theo văn bản yêu cầu "
            "báo cáo và thêm các kỳ quý, 6 tháng nếu có."
        )
        return make_period(str(year), deadline, None, None, None)


_ROMAN = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
}


def _pillar_number(text: str) -> str | None:
    """ "3", "3.", "III" -> "3"."""
    text = text.strip().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 10:
        return str(int(text))
    return _ROMAN.get(text.upper())


def _unknown_kind(name: str, departments_plan: bool) -> str:
    """A unit the catalogue does not know: in a department's own plan, its «Phòng …», «Văn phòng Sở», «Thanh tra
    Sở», «Trung tâm …» are its internal units; elsewhere a provincial agency."""
    low = fold(name)
    internal = low.startswith(("phòng ", "trung tâm ", "chi cục ")) or low.endswith(" sở")
    return "internal_unit" if departments_plan and internal else "department"


def _distinct(row: list[Cell]) -> list[Cell]:
    """A grid row's cells, a cell merged across columns once."""
    out: list[Cell] = []
    for cell in row:
        if not any(cell is c for c in out):
            out.append(cell)
    return out


_INCREASE = re.compile(
    r"[,;(]?\s*tăng\s+(?:thêm\s+)?(\d+(?:[.,]\d+)?)\s*(?:điểm)?\s*(?:trở lên)?\s*(?:so với[^)]*)?\)?", re.IGNORECASE
)
_DEADLINE = re.compile(
    r"(?:^|\s)(?:năm|quý|tháng|trước|trong|đến|hết|từ)\b|\d{1,2}/\d{1,2}/\d{4}|\b20\d\d\b", re.IGNORECASE
)


def is_deadline(text: str) -> bool:
    """A timing cell that says when («Năm 2026», «Quý II/2026», «Trước 30/6/2026»), not how often."""
    return bool(_DEADLINE.search(fold(text)))


def build_plan(word: WordPlan, source: str) -> Imported:
    builder = _Builder(word, source)
    builder.read_tables()
    plan = builder.plan()
    return Imported(plan, builder.guesses, builder.unknown)
