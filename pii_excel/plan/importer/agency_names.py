"""Agency names as plans write them, mapped to agency codes: full names, the abbreviations documents use ("Sở
KH&CN", "Ban Quản lý các KCN") and the catch-all phrases ("các sở, ngành và các đơn vị liên quan")."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from datetime import date

from pii_excel.textnorm import ascii_slug, clean_text, fold


@dataclass(frozen=True)
class KnownAgency:
    code: str
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()
    kind: str = "department"
    all_members: bool = False
    # its name in a plan issued after the reorganisation of 1/7/2025 (districts abolished, statistics offices
    # renamed), when it changed
    merged_name: str = ""
    merged_short: str = ""

    def name_on(self, day: date | None) -> str:
        return self.merged_name if self.merged_name and day is not None and day >= REORGANISED else self.name

    def short_on(self, day: date | None) -> str:
        return self.merged_short if self.merged_short and day is not None and day >= REORGANISED else self.short_name


# Provinces merged and district level abolished from this day (Nghị quyết 202/2025/QH15; Luật Tổ chức chính quyền
# địa phương 2025); the General Statistics Office's provincial offices became «Thống kê tỉnh» on 1/3/2025.
REORGANISED = date(2025, 7, 1)


# Codes follow the built-in plans so an imported plan and a built-in one name agencies alike. Names before and after
# the 2025 mergers are both here (a 2024 plan names Sở Kế hoạch và Đầu tư; a 2026 plan the merged Sở Tài chính).
CATALOGUE: tuple[KnownAgency, ...] = (
    KnownAgency("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", ("sở khcn", "sở kh và cn", "skhcn")),
    KnownAgency("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ("sở khđt", "sở kh và đt", "skhđt")),
    KnownAgency("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ("sở gdđt", "sở gd và đt")),
    KnownAgency("SCT", "Sở Công Thương", "Sở Công Thương", ("sở công thương",)),
    KnownAgency("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", ("sở nn và ptnt",)),
    KnownAgency("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ("sở nn và mt",)),
    KnownAgency("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", ("sở tn và mt",)),
    KnownAgency("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", ("sở tt và tt",)),
    KnownAgency("STC", "Sở Tài chính", "Sở Tài chính"),
    KnownAgency("SNV", "Sở Nội vụ", "Sở Nội vụ"),
    KnownAgency("STP", "Sở Tư pháp", "Sở Tư pháp"),
    KnownAgency("SYT", "Sở Y tế", "Sở Y tế"),
    KnownAgency("SXD", "Sở Xây dựng", "Sở Xây dựng"),
    KnownAgency("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    KnownAgency(
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐ-TB&XH",
        ("sở lao động, thương binh và xã hội", "sở lđtbxh"),
    ),
    KnownAgency(
        "SVHTTDL", "Sở Văn hoá, Thể thao và Du lịch", "Sở VH,TT&DL", ("sở văn hóa, thể thao và du lịch", "sở vhttdl")
    ),
    KnownAgency("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG"),
    KnownAgency(
        "BQLKCN",
        "Ban Quản lý các Khu công nghiệp tỉnh",
        "BQL các KCN",
        ("ban quản lý các kcn", "bql các kcn", "ban quản lý các khu công nghiệp", "bql các khu công nghiệp"),
    ),
    KnownAgency(
        "NHNN",
        "Ngân hàng Nhà nước chi nhánh tỉnh",
        "NHNN chi nhánh tỉnh",
        (
            "ngân hàng nhà nước việt nam chi nhánh",
            "ngân hàng nhà nước chi nhánh",
            "ngân hàng nhà nước khu vực",
            "nhnn chi nhánh",
        ),
    ),
    KnownAgency(
        "NHCSXH",
        "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
        "NHCSXH chi nhánh tỉnh",
        ("ngân hàng chính sách xã hội chi nhánh", "nhcsxh chi nhánh"),
    ),
    KnownAgency(
        "CTK",
        "Cục Thống kê tỉnh",
        "Cục Thống kê",
        ("cục thống kê", "chi cục thống kê", "thống kê tỉnh"),
        merged_name="Thống kê tỉnh",
        merged_short="Thống kê tỉnh",
    ),
    KnownAgency(
        "VPUBND",
        "Văn phòng UBND tỉnh",
        "VP UBND tỉnh",
        ("văn phòng ủy ban nhân dân tỉnh", "văn phòng uỷ ban nhân dân tỉnh"),
    ),
    KnownAgency("LHH", "Liên hiệp các hội Khoa học và Kỹ thuật tỉnh", "Liên hiệp các hội KH&KT"),
    KnownAgency("TDTN", "Tỉnh đoàn", "Tỉnh đoàn", ("tỉnh đoàn thanh niên",)),
    KnownAgency(
        "UBND_HUYEN",
        "UBND các huyện, thị xã, thành phố",
        "UBND cấp huyện",
        (
            "ubnd các huyện, thành phố",
            "ubnd các huyện, thị xã, thành phố",
            "ủy ban nhân dân các huyện",
            "uỷ ban nhân dân các huyện",
            "ubnd cấp huyện",
        ),
        kind="group",
    ),
    KnownAgency(
        "UBND_XA",
        "UBND các xã, phường",
        "UBND cấp xã",
        (
            "ubnd các xã, phường, đặc khu",
            "ubnd các xã, phường",
            "ủy ban nhân dân các xã, phường",
            "uỷ ban nhân dân các xã, phường",
            "ubnd cấp xã",
        ),
        kind="group",
    ),
    KnownAgency(
        "SBN_ALL",
        "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố và các đơn vị liên quan",
        "Các sở, ngành và đơn vị liên quan",
        (
            "các sở, ban, ngành, ubnd các huyện, thị xã, thành phố và các đơn vị liên quan",
            "các sở, ban, ngành tỉnh, ubnd các xã, phường và các đơn vị liên quan",
            "các sở, ban, ngành, ubnd các xã, phường, đặc khu và các đơn vị liên quan",
            "các sở, ban, ngành, ubnd các xã, phường và các đơn vị liên quan",
            "các sở, ngành, ubnd các xã, phường và các đơn vị liên quan",
            "các sở, ngành, ubnd các huyện, thị xã, thành phố và các đơn vị liên quan",
            "các sở, ngành, ubnd các huyện, thành phố và các đơn vị liên quan",
            "các sở, ban, ngành và các đơn vị liên quan",
            "các sở, ngành và các đơn vị liên quan",
            "các sở, ngành và đơn vị liên quan",
            "các sở, ban, ngành",
            "các sở, ngành",
            "các cơ quan, đơn vị liên quan",
            "các đơn vị liên quan",
            "các cơ quan liên quan",
            "đơn vị liên quan",
        ),
        kind="group",
        all_members=True,
        merged_name="Các sở, ban, ngành, UBND các xã, phường và các đơn vị liên quan",
    ),
)
# Words that join names and mean nothing alone ("Sở A; Sở B và các đơn vị liên quan").
_GLUE = {"va", "voi", "cung", "cac", "va cac", "tinh", "cua tinh", "co lien quan"}
_SEPARATORS = {",", ";", "va"}
FUZZY_AT_LEAST = 0.82
UNKNOWN_MARK = "?"
_TOKEN = re.compile(r"[;,&]|[^\s;,&]+")


def _word_key(word: str) -> str:
    """One word compared without case or diacritics (typed without Unikey), «hoá» and «hóa», «uỷ» and «ủy» alike."""
    word = fold(word).replace("uỷ", "ủy").replace("hoá", "hóa")
    return " ".join(ascii_slug(word).lower().replace("-", " ").replace(".", " ").split())


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each word and separator of `text`, so a match found on keys maps back to the words as
    written: «&» is «và», «,» and «;» are kept as separators."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        if raw == "&":
            out.append(("va", m.start(), m.end()))
        elif raw in ",;":
            out.append((raw, m.start(), m.end()))
        else:
            out += [(k, m.start(), m.end()) for k in _word_key(raw).split()]
    return out


def _key(text: str) -> str:
    return " ".join(k for k, _, _ in _tokens(text))


@functools.cache
def _patterns() -> list[tuple[tuple[str, ...], KnownAgency, bool]]:
    """(words, agency, is its full name), longest first: the catch-all phrase before «UBND huyện»."""
    found: dict[tuple[str, ...], tuple[KnownAgency, bool]] = {}
    for agency in CATALOGUE:
        for text in (agency.name, agency.short_name, *agency.aliases):
            words = tuple(k for k, _, _ in _tokens(text))
            full = words == tuple(k for k, _, _ in _tokens(agency.name))
            if words not in found or full:
                found[words] = (agency, full)
    return sorted(((w, a, f) for w, (a, f) in found.items()), key=lambda p: -len(p[0]))


@dataclass
class NameMatch:
    """What a cell naming agencies came to: codes in order, guesses made and names not recognised."""

    codes: list[str] = field(default_factory=list)  # in the cell's order; an unknown name as UNKNOWN_MARK + name
    guesses: list[str] = field(default_factory=list)  # "«Sở KHCN» đọc là Sở Khoa học và Công nghệ (SKHCN)"
    unknown: list[str] = field(default_factory=list)  # names as written
    # a known agency's name as the document writes it, when it wrote the full name (its own spelling: «Văn hóa»)
    # or a numbered one («Ngân hàng Nhà nước Khu vực 14»)
    written: dict[str, str] = field(default_factory=dict)


def match_agencies(text: str, province: str = "") -> NameMatch:
    """Find every agency a cell names. Known names and abbreviations are matched whole, word by word; what is left
    is split at separators («,», «;», «và») and matched loosely (a guess, listed), else reported as unknown with its
    words as written. The province's own name after an agency ("Ngân hàng Nhà nước chi nhánh Bắc Giang") belongs
    to that agency; a number after a name is part of it («Khu vực 14»)."""
    result = NameMatch()
    tokens = _tokens(text)
    keys = [k for k, _, _ in tokens]
    used = [False] * len(tokens)
    if province:
        mine = [k for k, _, _ in _tokens(province)]
        for i in range(len(keys) - len(mine) + 1):
            if keys[i : i + len(mine)] == mine:
                start = i - 1 if i > 0 and keys[i - 1] == "tinh" else i
                for n in range(start, i + len(mine)):
                    used[n] = True
    found: list[tuple[int, str]] = []
    for words, agency, full in _patterns():
        n = len(words)
        i = 0
        while i <= len(keys) - n:
            if not any(used[i : i + n]) and tuple(keys[i : i + n]) == words:
                end = i + n
                numbered = end < len(keys) and keys[end].isdigit() and not used[end]
                if numbered:
                    end += 1
                for m in range(i, end):
                    used[m] = True
                found.append((i, agency.code))
                if full or numbered:
                    result.written.setdefault(agency.code, clean_text(text[tokens[i][1] : tokens[end - 1][2]]))
                i = end
            else:
                i += 1
    for piece in _leftover_pieces(tokens, used):
        key = " ".join(keys[n] for n in piece)
        if not key or key in _GLUE or all(keys[n] in _SEPARATORS for n in piece):
            continue
        name = clean_text(text[tokens[piece[0]][1] : tokens[piece[-1]][2]]).strip(" .")
        best = max(
            ((difflib.SequenceMatcher(None, key, " ".join(w)).ratio(), a) for w, a, _ in _patterns()),
            key=lambda x: x[0],
        )
        if best[0] >= FUZZY_AT_LEAST:
            found.append((piece[0], best[1].code))
            result.guesses.append(f"«{name}» đọc là {best[1].name} ({best[1].code})")
        else:
            found.append((piece[0], UNKNOWN_MARK + name))
            result.unknown.append(name)
    for _, code in sorted(found, key=lambda x: x[0]):
        if code not in result.codes:
            result.codes.append(code)
    return result


# Words an agency's name starts with: «và» before one of them joins two names; before anything else it is inside
# a name («Phòng Quản lý Công nghệ và Thị trường công nghệ»).
NAME_STARTS = (
    "so ",
    "ban ",
    "phong ",
    "van phong",
    "ubnd",
    "uy ban",
    "trung tam",
    "thanh tra",
    "cong an",
    "cuc ",
    "chi cuc",
    "hoi ",
    "hiep hoi",
    "ngan hang",
    "dai ",
    "bao hiem",
    "bao ",
    "truong ",
    "lien hiep",
    "tinh doan",
    "bo chi huy",
    "kho bac",
    "cac ",
    "doanh nghiep",
    "vien ",
    "quy ",
)


def _leftover_pieces(tokens: list[tuple[str, int, int]], used: list[bool]) -> list[list[int]]:
    """Runs of words no known name took, split at «,», «;» and at a «và» that starts another name; a leading
    «các», «và» is glue, not a name."""
    pieces: list[list[int]] = []
    current: list[int] = []
    for n, (key, _, _) in enumerate(tokens):
        after = " ".join(k for k, _, _ in tokens[n + 1 : n + 3]) + " "
        joins = key == "va" and (n + 1 >= len(tokens) or used[n + 1] or after.startswith(NAME_STARTS))
        if used[n] or key in (",", ";") or joins:
            if current:
                pieces.append(current)
            current = []
            continue
        if not current and key in ("cac", "voi", "cung"):
            continue
        current.append(n)
    if current:
        pieces.append(current)
    return pieces


def written_as_catalogue(written: str, agency: KnownAgency) -> bool:
    """Whether a name as written is the catalogue's name in another spelling («Văn hóa» / «Văn hoá»), not another
    office («Ngân hàng Nhà nước Khu vực 14» for the former «chi nhánh tỉnh»)."""
    return _key(written) in (_key(agency.name), _key(agency.merged_name))


def known(code: str) -> KnownAgency | None:
    return next((a for a in CATALOGUE if a.code == code), None)


def code_for_unknown(name: str, taken: set[str]) -> str:
    """A code for a name the catalogue does not know: the initials of its words ("Công an tỉnh" -> CAT)."""
    words = [w for w in ascii_slug(name).replace("-", " ").split() if w]
    base = ("".join(w[0] for w in words).upper() or "DV")[:12]
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code
