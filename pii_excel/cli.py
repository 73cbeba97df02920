"""Command line: the only module that knows click. Each command is a thin shell over the library."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pii_excel import __version__, cli_vietnamese
from pii_excel.cells import parse_date
from pii_excel.textnorm import lower_first

if TYPE_CHECKING:  # the finding catalogue is imported by the commands that use it: `--help` starts without it
    from pii_excel.findings import Finding

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CRASH_LOG = "nhat-ky-loi.log"
MAX_CONSOLE_FILES = 20  # rejected files listed on the console; the rest are in the summary workbook

cli_vietnamese.install()


class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TUỲ_CHỌN]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command
    group_class = type  # sub-groups are of this class too

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TUỲ_CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
vi_help = click.help_option("-h", "--help", help="Hiện hướng dẫn này và thoát.")
period_option = click.option(
    "--period", "-p", "period_id", required=True, metavar="KỲ", help="Kỳ báo cáo, ví dụ 2024 hoặc 2020-Q3."
)


def results_folder_option(*flags: str, help: str):
    """The output folder a run writes to (and where each plan's history lives), under the flags a command uses."""
    return click.option(
        *flags,
        "output_root",
        default="output",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        metavar="THƯ_MỤC",
        help=help,
    )


def plan_workbook_option(help: str):
    """-o: the plan workbook a plan command writes."""
    return click.option(
        "-o",
        "--output",
        "output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="TỆP",
        help=help,
    )


input_folder_option = click.option(
    "-i",
    "--input",
    "input_dir",
    default="input",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="THƯ_MỤC",
    help="Thư mục chứa tệp các đơn vị gửi về.",
)


def _period_and_input(p, period_id: str, input_dir: Path) -> str:
    """The period id as the plan knows it, and an input folder that exists; a usage error otherwise."""
    from pii_excel.template.generate import UnknownPeriod

    typed, period_id = period_id.strip(), period_id.strip().upper()
    if p.period(period_id) is None:  # said as typed: «abc», not «ABC»
        raise click.BadParameter(str(UnknownPeriod(p, typed)), param_hint="--period")
    if not input_dir.is_dir():
        raise click.BadParameter(f"Không có thư mục «{input_dir}».", param_hint="--input")
    return period_id


class _LogPlace:
    """Where a crash log goes: the output folder of the command being run, once the command knows it."""

    folder: Path | None = None


LOG_PLACE = _LogPlace()


def _user_log_dir() -> Path:
    """The user's own folder for the tool's logs (never the current folder, which may be anyone's): %LOCALAPPDATA%
    on Windows, ~/Library/Logs on macOS, $XDG_STATE_HOME or ~/.local/state elsewhere."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "pii-excel"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "pii-excel"
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "pii-excel"


def _crash_log(exc: BaseException) -> Path | None:
    """Write the technical detail of an unexpected failure where support can find it; None if nowhere."""
    import tempfile
    import traceback

    text = (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}  pii-excel {__version__}  {' '.join(sys.argv)}\n"
        + "".join(traceback.format_exception(exc))
        + "\n"
    )
    for folder in (LOG_PLACE.folder, _user_log_dir(), Path(tempfile.gettempdir())):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(folder / CRASH_LOG, "a", encoding="utf-8") as fh:
                fh.write(text)
            return (folder / CRASH_LOG).resolve()
        except OSError:
            continue
    return None


def explain_os_error(exc: OSError) -> str:
    """What went wrong with the machine (not with the data), in Vietnamese."""
    where = f" «{exc.filename}»" if exc.filename else ""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return f"Không có quyền ghi hoặc đọc{where}. Chọn thư mục khác (-o) hoặc nhờ quản trị máy cấp quyền."
    if exc.errno == errno.ENOSPC:
        return f"Ổ đĩa đã đầy, không ghi được{where}. Giải phóng dung lượng rồi chạy lại; kết quả cũ vẫn giữ nguyên."
    if exc.errno == errno.EROFS:
        return f"Ổ đĩa chỉ cho đọc, không ghi được{where}. Chọn thư mục khác (-o)."
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"Không tìm thấy đường dẫn{where}."
    if exc.errno == errno.EEXIST:
        return f"Đã có tệp trùng tên{where}, không tạo được thư mục."
    return f"Hệ thống báo lỗi khi đọc/ghi{where} (mã lỗi {exc.errno})."


def _os_error_inside(exc: BaseException) -> OSError | None:
    """The system's error a library wrapped in its own exception (xlsxwriter's FileCreateError when the disk fills
    while it writes), found in its arguments or its cause."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError) and item is not exc:
            return item
        todo += [*item.args, item.__cause__, item.__context__]
    return None


def run(argv: list[str] | None = None) -> None:
    """The console entry point: the CLI, with one handler so that no traceback ever reaches the user."""
    # Objects finalised late (a half-written workbook after a full disk) report to the log, not the console.
    sys.unraisablehook = lambda unraisable: _crash_log(unraisable.exc_value) if unraisable.exc_value else None
    _guard_streams()
    try:
        main.main(args=argv, prog_name="pii-excel")
    except OSError as exc:
        log = _crash_log(exc)
        _say(f"Lỗi: {explain_os_error(exc)}" + (f" Chi tiết kỹ thuật: {log}" if log else ""))
        sys.exit(EXIT_PROBLEMS)
    except MemoryError as exc:
        log = _crash_log(exc)
        _say("Lỗi: máy không đủ bộ nhớ để chạy xong." + (f" Chi tiết kỹ thuật: {log}" if log else ""))
        sys.exit(EXIT_PROBLEMS)
    except Exception as exc:
        from pii_excel.publish import OutputBusy, PublishBlocked

        if (inner := _os_error_inside(exc)) is not None:  # a library's own exception around the system's (a full disk)
            log = _crash_log(exc)
            _say(f"Lỗi: {explain_os_error(inner)}" + (f" Chi tiết kỹ thuật: {log}" if log else ""))
            sys.exit(EXIT_PROBLEMS)  # here, not at start-up: every command pays for it

        if isinstance(exc, (OutputBusy, PublishBlocked)):  # another run holds the folder; a file is open in Excel
            _say(f"Lỗi: {exc}")
            sys.exit(EXIT_PROBLEMS)
        # a bug of ours: say so plainly, keep the detail for support
        log = _crash_log(exc)
        where = f"đã ghi vào {log}" if log else "không ghi được ra tệp"
        _say(
            f"Lỗi của chương trình (không phải do dữ liệu của bạn); chi tiết kỹ thuật {where}. "
            "Gửi tệp này cho người hỗ trợ kỹ thuật."
        )
        sys.exit(EXIT_PROBLEMS)


def _say(message: str) -> None:
    """Messages for people go to stderr; stdout carries data only."""
    click.echo(message, err=True)


_closed_streams: set[str] = set()  # "stdout", "stderr": closed when the command started (`>&-`)


def _guard_streams() -> None:
    """A stream closed by the caller (`>&-`) is None in Python: writing to it must neither crash before any work
    nor silently lose data. Messages to a closed stderr are dropped; data to a closed stdout is an error (_out)."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            _closed_streams.add(name)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _out(text: str) -> None:
    """Data for stdout (JSON, a list): written and flushed now, so that a closed or failing stdout (`>&-`,
    `> /dev/full`, a closed pipe) is said truthfully — what was already written to disk stays written — with exit
    code 1, never a success that printed nothing or a claim that nothing was written."""
    problem = "đầu ra chuẩn (stdout) đã bị đóng" if "stdout" in _closed_streams else ""
    if not problem:
        try:
            click.echo(text)
            sys.stdout.flush()
        except OSError as exc:
            problem = (
                "ổ đĩa nhận đầu ra đã đầy"
                if exc.errno == errno.ENOSPC
                else "nơi nhận đầu ra đã đóng"
                if exc.errno == errno.EPIPE
                else f"hệ thống báo lỗi khi ghi (mã {exc.errno})"
            )
            with contextlib.suppress(OSError):  # nothing more goes there, not even Python's flush at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if problem:
        _say(
            f"Lỗi: không in được kết quả ra đầu ra chuẩn: {problem}. Các tệp kết quả (nếu có) đã được ghi như "
            "thông báo ở trên; chạy lại lệnh với đầu ra hợp lệ để nhận kết quả in ra."
        )
        sys.exit(EXIT_PROBLEMS)


def _print_findings(findings: list[Finding]) -> None:
    for f in findings:
        where = f.location.text()
        # people read the message; the code is for machines (--json, run.json, the workbooks)
        _say(f"[{f.severity.label}] {f.message}" + (f"  ({where})" if where else ""))


def _load_plan_or_exit(ref: str):
    from pii_excel.plan import builtin_plan_ids, check_plan, load_plan

    if ref in builtin_plan_ids():
        return load_plan(ref)
    result = check_plan(ref)
    if result.plan is None:
        _print_findings(result.findings)
        sys.exit(EXIT_USAGE if not Path(ref).exists() else EXIT_PROBLEMS)
    if not result.ok:
        _print_findings(result.findings)
        _say("Kế hoạch có lỗi; sửa các lỗi trên rồi chạy lại (kiểm tra bằng: pii-excel plan check).")
        sys.exit(EXIT_PROBLEMS)
    return result.plan


def _plan_workbook_target(output: Path, *, overwrite: bool = True) -> None:
    """A plan workbook a command writes is .xlsx; one made from nothing or from a Word plan never replaces a file
    staff may have filled (`overwrite=False`)."""
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("Tệp kế hoạch phải có đuôi .xlsx.")
    if not overwrite and output.exists():
        raise click.UsageError(f"Tệp {output} đã có; chọn tên khác để không ghi đè.")


def _claim_results_folder(p, output_root: Path, *, record: bool = True) -> None:
    """Stop before a plan writes into a results folder another plan with the same id has used."""
    from pii_excel.plan.owner import folder_owner_problem, record_folder_owner

    plan_root = output_root / p.id
    problem = folder_owner_problem(p, plan_root)
    if problem is not None:
        _print_findings([problem])
        sys.exit(EXIT_PROBLEMS)
    if record:
        record_folder_owner(p, plan_root)


@click.group(
    cls=_Group,
    context_settings=CONTEXT,
    help="""pii-excel: tổng hợp, kiểm tra và báo cáo kết quả thực hiện kế
hoạch nâng cao Chỉ số đổi mới sáng tạo (PII) và Chỉ số năng lực cạnh tranh (PCI) cấp tỉnh.

\b
Ví dụ:
  pii-excel plan list
  pii-excel plan show pii-2024-bac-giang
""",
)
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="pii-excel",
    message="%(prog)s %(version)s",
    help="Hiện phiên bản và thoát.",
)
@vi_help
def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles and redirected output may not default to UTF-8; Vietnamese must still print.
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")


@main.group(
    context_settings=CONTEXT,
    help="""Kế hoạch: xem, tạo mới, nhập từ Word, kiểm tra, xuất ra Excel.

\b
Ví dụ:
  pii-excel plan list
  pii-excel plan new -o ke-hoach.xlsx
  pii-excel plan import ke-hoach-41.docx -o ke-hoach.xlsx
  pii-excel plan export pii-2024-bac-giang -o ke-hoach.xlsx
  pii-excel plan check ke-hoach.xlsx
""",
)
@vi_help
def plan() -> None:
    pass


@plan.command(
    "list",
    context_settings=CONTEXT,
    help="""Liệt kê các kế hoạch có sẵn (mã và tên).

\b
Ví dụ:
  pii-excel plan list
""",
)
@vi_help
def plan_list() -> None:
    from pii_excel.plan import DEFAULT_PLAN, builtin_plan_heading, builtin_plan_ids

    for plan_id in builtin_plan_ids():
        index_kind, title = builtin_plan_heading(plan_id)
        mark = " (mặc định)" if plan_id == DEFAULT_PLAN else ""
        _out(f"{plan_id}\t{index_kind}\t{title}{mark}")


@plan.command(
    "show",
    context_settings=CONTEXT,
    help="""Hiện nội dung một kế hoạch: trụ cột, chỉ số, mục tiêu,
đơn vị, nhiệm vụ, kỳ báo cáo. KẾ_HOẠCH là mã kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch (.xlsx).

\b
Ví dụ:
  pii-excel plan show pii-2024-bac-giang
  pii-excel plan show ke-hoach-2025.xlsx --json > ke-hoach.json
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON (cho máy đọc).")
@vi_help
def plan_show(plan_ref: str, as_json: bool) -> None:
    import json

    from pii_excel.plan.describe import describe_plan

    p = _load_plan_or_exit(plan_ref)
    if as_json:
        from pii_excel.plan.fingerprint import plan_fingerprint
        from pii_excel.plan.serialize import plan_to_dict

        data = plan_to_dict(p)
        data["fingerprint"] = plan_fingerprint(p)
        _out(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _out(describe_plan(p))


@plan.command(
    "check",
    context_settings=CONTEXT,
    help="""Kiểm tra tệp kế hoạch; báo từng lỗi với trang, ô
và cách sửa. Mã thoát 1 khi có lỗi, 0 khi tệp dùng được.

\b
Ví dụ:
  pii-excel plan check ke-hoach-2025.xlsx
""",
)
@click.argument("plan_ref", metavar="TỆP")
@click.option("--json", "as_json", is_flag=True, help="In danh sách lỗi dạng JSON.")
@vi_help
def plan_check(plan_ref: str, as_json: bool) -> None:
    import json

    from pii_excel.plan import check_plan
    from pii_excel.vocab import Severity

    result = check_plan(plan_ref)
    if as_json:
        _out(
            json.dumps(
                {"ok": result.ok, "findings": [f.to_dict() for f in result.findings]}, ensure_ascii=False, indent=2
            )
        )
    else:
        _print_findings(result.findings)
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    warnings = sum(f.severity is Severity.WARNING for f in result.findings)
    if result.ok and result.plan is not None:
        p = result.plan
        _say(
            f"Kế hoạch «{p.id}» dùng được: {len(p.pillars)} trụ cột, {len(p.indicators)} chỉ số, "
            f"{len(p.agencies)} đơn vị, {len(p.tasks)} nhiệm vụ, {len(p.periods)} kỳ báo cáo"
            f"{f'; {warnings} cảnh báo' if warnings else ''}."
        )
        sys.exit(EXIT_OK)
    _say(f"Có {errors} lỗi, {warnings} cảnh báo. Sửa các lỗi rồi kiểm tra lại.")
    sys.exit(EXIT_PROBLEMS)


@plan.command(
    "export",
    context_settings=CONTEXT,
    help="""Xuất kế hoạch ra tệp Excel để sửa thành kế hoạch
mới (năm mới, tỉnh mới, chỉ số mới) mà không cần sửa chương trình.

\b
Ví dụ:
  pii-excel plan export pii-2024-bac-giang -o ke-hoach-2025.xlsx
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@plan_workbook_option(help="Tệp .xlsx sẽ ghi ra.")
@vi_help
def plan_export(plan_ref: str, output: Path) -> None:
    from pii_excel.plan.workbook_write import write_plan_workbook

    _plan_workbook_target(output)
    p = _load_plan_or_exit(plan_ref)
    write_plan_workbook(p, output)
    _say(f"Đã ghi kế hoạch «{p.id}» ra {output}")


@plan.command(
    "new",
    context_settings=CONTEXT,
    help="""Tạo tệp kế hoạch trống để lập một kế hoạch mới từ đầu:
đủ các trang, tiêu đề cột, danh sách thả xuống và hướng dẫn kèm ví dụ. Điền xong, kiểm tra bằng
«pii-excel plan check».

\b
Ví dụ:
  pii-excel plan new -o ke-hoach-2026.xlsx
""",
)
@plan_workbook_option(help="Tệp .xlsx sẽ ghi ra.")
@vi_help
def plan_new(output: Path) -> None:
    from pii_excel.plan.workbook_write import blank_plan, write_plan_workbook

    _plan_workbook_target(output, overwrite=False)
    write_plan_workbook(blank_plan(), output)
    _say(
        f"Đã tạo tệp kế hoạch trống {output}. Điền theo trang «Hướng dẫn», rồi kiểm tra: pii-excel plan check {output}"
    )


@plan.command(
    "import",
    context_settings=CONTEXT,
    help="""Lập tệp kế hoạch từ văn bản kế hoạch bằng Word: đọc
bảng phụ lục (chỉ số, điểm năm cơ sở, mục tiêu, đơn vị chủ trì, phối hợp, thời gian và các nhiệm vụ), số, ngày,
cơ quan ban hành và tên kế hoạch ở trang đầu. Những điểm chương trình phải đoán (tên đơn vị lạ, mục tiêu ghi
chưa rõ, lịch báo cáo...) được liệt kê ở đầu trang «Hướng dẫn» để kiểm tra. Tệp .doc, .odt, .rtf, .pdf được
chuyển sang .docx bằng LibreOffice trước (nếu máy có LibreOffice).

\b
Ví dụ:
  pii-excel plan import ke-hoach-41.docx -o ke-hoach.xlsx
""",
)
@click.argument("source", metavar="TỆP_WORD", type=click.Path(dir_okay=False, path_type=Path))
@plan_workbook_option(help="Tệp kế hoạch .xlsx sẽ ghi ra.")
@vi_help
def plan_import(source: Path, output: Path) -> None:
    import tempfile

    from pii_excel.plan import check_plan
    from pii_excel.plan.importer.run import ImportFailed, import_word_plan
    from pii_excel.vocab import Severity

    _plan_workbook_target(output, overwrite=False)
    if not source.is_file():
        raise click.BadParameter(f"không có tệp {source}.", param_hint="TỆP_WORD")
    with tempfile.TemporaryDirectory(prefix="pii-excel-import-") as work:
        try:
            imported = import_word_plan(source, output, Path(work))
        except ImportFailed as exc:
            _say(f"Không nhập được kế hoạch: {exc}")
            sys.exit(EXIT_PROBLEMS)
    p = imported.plan
    _say(
        f"Đã ghi kế hoạch «{p.id}» ra {output}: {len(p.indicators)} chỉ số, {len(p.tasks)} nhiệm vụ, "
        f"{len(p.agencies)} đơn vị."
    )
    _say(f"Những điểm chương trình phải đoán ({len(imported.guesses)}), cần kiểm tra (cũng ghi ở trang «Hướng dẫn»):")
    for n, guess in enumerate(imported.guesses, start=1):
        _say(f"  {n}. {guess}")
    check = check_plan(output)
    errors = [f for f in check.findings if f.severity is Severity.ERROR]
    warnings = [f for f in check.findings if f.severity is Severity.WARNING]
    if errors or warnings:
        _say(f"Kiểm tra tệp vừa ghi: {len(errors)} lỗi, {len(warnings)} cảnh báo (xem: pii-excel plan check {output}).")
    else:
        _say(f"Kiểm tra tệp vừa ghi: dùng được (pii-excel plan check {output}).")


@main.command(
    "templates",
    context_settings=CONTEXT,
    help="""Tạo mẫu báo cáo Excel cho từng đơn vị có nhiệm vụ
trong kỳ: mỗi đơn vị một tệp <kỳ>_<mã đơn vị>.xlsx, chỉ gồm các chỉ số và nhiệm vụ của đơn vị đó.
Mặc định ghi vào output/<mã kế hoạch>/<kỳ>/templates/.

\b
Ví dụ:
  pii-excel templates pii-2024-bac-giang --period 2024
  pii-excel templates pci-2020-skhcn --period 2020-Q3 -o mau-bao-cao
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@period_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="THƯ_MỤC",
    help="Thư mục ghi mẫu (mặc định output/<kế hoạch>/<kỳ>/templates).",
)
@vi_help
def templates(plan_ref: str, period_id: str, out_dir: Path | None) -> None:
    from pii_excel.atomic import sweep_stale_temp
    from pii_excel.history import lineage_paths
    from pii_excel.index.use import call_coverage
    from pii_excel.pipeline import imported_editions
    from pii_excel.publish import output_lock
    from pii_excel.template.generate import UnknownPeriod, default_templates_dir, make_templates

    p = _load_plan_or_exit(plan_ref)
    typed, period_id = period_id.strip(), period_id.strip().upper()
    if p.period(period_id) is None:
        raise click.BadParameter(str(UnknownPeriod(p, typed)), param_hint="--period")
    if out_dir is None:
        _claim_results_folder(p, Path("output"))
    target = out_dir or default_templates_dir(p, period_id)
    LOG_PLACE.folder = target
    # The default templates folder is sent to agencies as it is: its lock lives in the period's folder (the
    # same lock as consolidate's, so the two never overlap); a folder given with -o holds its own.
    with output_lock(target.parent if out_dir is None else target):
        sweep_stale_temp(target, everyone=True)
        coverage = call_coverage(p, imported_editions(lineage_paths(Path("output"), p)), period_id)
        made = make_templates(p, period_id, target, wording=coverage.wording if coverage else None)
    for m in made:
        d = m.duties
        extra = "; nhập kết quả công bố" if d.official_results else ""
        _say(f"  {m.path.name:<24} {d.agency.name}: {len(d.indicators)} chỉ số, {len(d.tasks)} nhiệm vụ{extra}")
    period = p.period(period_id)
    _say(f"Đã tạo {len(made)} mẫu báo cáo {period.label} (hạn nộp {period.deadline:%d/%m/%Y}) trong {target}")
    coordinator = p.agency(p.coordinator)
    if coordinator is not None and not coordinator.email:
        _say(
            f"Lưu ý: kế hoạch chưa ghi thư điện tử của {coordinator.name}, nên mẫu chưa ghi địa chỉ để các đơn vị gửi "
            "báo cáo về; bổ sung ở cột «Thư điện tử» của trang «Đơn vị» trong tệp kế hoạch rồi tạo lại mẫu."
        )
    if coverage is not None and coverage.not_followed:
        listed = "; ".join(f"{code} {name}" for code, name, _unit in coverage.not_followed)
        _say(
            f"Lưu ý: khung {coverage.edition} còn {len(coverage.not_followed)} chỉ số do tỉnh cung cấp số liệu mà kế "
            f"hoạch chưa có ({listed}). Thêm các chỉ số này vào trang «Chỉ số» của tệp kế hoạch, ghi đơn vị chủ trì, "
            "rồi tạo lại mẫu để hỏi đủ số liệu Bộ thu thập."
        )
    if coverage is not None and coverage.wording:
        _say(
            f"Khung {coverage.edition} ghi tên hoặc đơn vị tính khác kế hoạch ở {len(coverage.wording)} chỉ số "
            f"({', '.join(coverage.wording)}); mẫu ghi cả hai để đơn vị báo cáo đúng định nghĩa của khung."
        )
    for m in made:
        _out(str(m.path))


def _open_for_user(*paths: Path) -> None:
    """Open files and folders as a double-click would (Windows, macOS, Linux desktops); where nothing can open
    them (a server), say so instead of failing."""
    import subprocess

    for path in paths:
        try:
            if sys.platform.startswith("win"):
                os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
            else:
                opener = "open" if sys.platform == "darwin" else "xdg-open"
                subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            _say(f"Không mở được {path} trên máy này; mở bằng tay.")
            return


def _run_or_explain(run, *args, **kwargs):
    from pii_excel.publish import PublishBlocked
    from pii_excel.word.render import ReportTemplateError

    try:
        return run(*args, **kwargs)
    except ReportTemplateError as exc:
        _say(f"Lỗi mẫu báo cáo: {exc}")
        sys.exit(EXIT_PROBLEMS)
    except PublishBlocked as exc:  # a file of the previous set is open in Excel: nothing was published
        _say(f"Lỗi: {exc}")
        sys.exit(EXIT_PROBLEMS)


def _date_option(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise click.BadParameter(f"«{value}» không phải ngày dạng dd/mm/yyyy, ví dụ 05/01/2025.")
    return parsed


def _print_checklist(model) -> None:
    from pii_excel.signing import signing_checklist

    items = signing_checklist(model)
    if items:
        _say("")
        _say("TRƯỚC KHI KÝ BÁO CÁO, CẦN XEM LẠI:")
        for item in items:
            _say(f"  - {item}")


def _print_summary(run) -> None:
    from pii_excel.vocab import Severity, SubmissionState

    model = run.model
    c = model.counts
    _say(
        f"Tệp đã đọc: {c.files} — nhận {c.accepted}, loại {c.rejected}, bị thay thế {c.superseded}, bỏ qua {c.skipped}."
    )
    on_time, late, missing = (
        lower_first(s.label) for s in (SubmissionState.ON_TIME, SubmissionState.LATE, SubmissionState.MISSING)
    )
    _say(f"Đơn vị: {on_time} {c.on_time}, {late} {c.late}, {missing} {c.missing}.")
    _say(f"Vấn đề về số liệu: {c.errors} lỗi, {c.warnings} cảnh báo, {c.infos} thông tin.")
    for s in model.intake.submissions:
        if s.status is not SubmissionState.ON_TIME:
            state = missing if s.status is SubmissionState.MISSING else f"{late} {s.days_late} ngày"
            _say(f"  - {s.name}: {state}")
    unattributed = [f for f in model.findings if f.severity is Severity.ERROR and not f.agency]
    for f in unattributed[:MAX_CONSOLE_FILES]:
        _say(f"  ! {f.location.file}: {f.message}")
    if len(unattributed) > MAX_CONSOLE_FILES:
        _say(
            f"  ! ... và {len(unattributed) - MAX_CONSOLE_FILES} tệp khác không nhận được "
            "(xem trang «Lỗi dữ liệu» của tong-hop.xlsx hoặc run.json)."
        )
    for name, path in run.outputs.items():
        if not name.startswith("feedback:"):
            _say(f"Đã ghi: {path}")
    if model.report_template:
        _say(f"Mẫu báo cáo đã dùng: {model.report_template}")
    for note in run.notes:
        _say(note)
    feedback = [p for n, p in run.outputs.items() if n.startswith("feedback:")]
    if feedback:
        _say(f"Phản hồi cho {len(feedback)} đơn vị: {Path(feedback[0]).parent}")


@main.command(
    "consolidate",
    context_settings=CONTEXT,
    help="""Tổng hợp báo cáo của các đơn vị: đọc mọi tệp
trong thư mục input (kể cả thư mục con), nhận diện từng tệp theo thông tin ẩn của mẫu, kiểm tra từng số liệu,
đánh giá so với mục tiêu và ghi vào output/<kế hoạch>/<kỳ>/: báo cáo bao-cao.docx, bảng tổng hợp tong-hop.xlsx,
số liệu gửi Bộ so-lieu-gui-bo.xlsx (khi đơn vị báo cáo số liệu gốc), phản hồi cho từng đơn vị (phan-hoi/) và
run.json. Tệp đầu vào không bao giờ bị sửa.

\b
Ví dụ:
  pii-excel consolidate pii-2024-bac-giang --period 2024
  pii-excel consolidate pci-2020-skhcn --period 2020-Q3 -i thu-muc-nhan --json > ket-qua.json
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@period_option
@input_folder_option
@results_folder_option("-o", "--output", help="Thư mục ghi kết quả.")
@click.option("--json", "as_json", is_flag=True, help="In run.json ra stdout.")
@click.option("--strict", is_flag=True, help="Mã thoát 1 nếu có bất kỳ lỗi số liệu nào.")
@click.option(
    "--template",
    "report_template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="TỆP",
    help="Mẫu báo cáo .docx khác (mặc định templates/bao-cao.docx, nếu không có thì mẫu kèm chương trình).",
)
@click.option("--pdf", is_flag=True, help="Ghi thêm bao-cao.pdf (cần LibreOffice).")
@click.option("--so", "number", default="", metavar="SỐ", help="Số văn bản của báo cáo, ví dụ 05 (in «Số: 05/BC-…»).")
@click.option(
    "--ngay",
    "report_date",
    default=None,
    metavar="NGÀY",
    callback=_date_option,
    help="Ngày của báo cáo, dạng dd/mm/yyyy (mặc định: ngày chạy).",
)
@click.option("--nguoi-ky", "signer_name", default="", metavar="HỌ_TÊN", help="Họ tên người ký.")
@click.option(
    "--chuc-vu", "signer_title", default="", metavar="CHỨC_VỤ", help="Chức vụ người ký, ví dụ «PHÓ GIÁM ĐỐC»."
)
@click.option(
    "--tham-quyen", "signer_authority", default="", metavar="THẨM_QUYỀN", help="Thẩm quyền ký, ví dụ «KT. GIÁM ĐỐC»."
)
@click.option("--mo", "open_after", is_flag=True, help="Mở báo cáo và thư mục kết quả khi xong.")
@vi_help
def consolidate(
    plan_ref: str,
    period_id: str,
    input_dir: Path,
    output_root: Path,
    as_json: bool,
    strict: bool,
    report_template: Path | None,
    pdf: bool,
    number: str,
    report_date: date | None,
    signer_name: str,
    signer_title: str,
    signer_authority: str,
    open_after: bool,
) -> None:
    from pii_excel.model import Signing
    from pii_excel.pipeline import consolidate as run_consolidate
    from pii_excel.report.render import find_template
    from pii_excel.word.render import ReportTemplateError

    signing = Signing.as_typed(number, report_date, signer_name, signer_title, signer_authority)
    try:
        find_template(report_template)
    except ReportTemplateError as exc:
        raise click.BadParameter(str(exc), param_hint="--template") from None

    LOG_PLACE.folder = output_root
    p = _load_plan_or_exit(plan_ref)
    period_id = _period_and_input(p, period_id, input_dir)
    _claim_results_folder(p, output_root)
    show_bar = not as_json and sys.stderr.isatty()
    if show_bar:
        with click.progressbar(length=1, label="Đang đọc tệp", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            result = _run_or_explain(
                run_consolidate,
                p,
                period_id,
                input_dir,
                output_root,
                progress=progress,
                report_template=report_template,
                pdf=pdf,
                signing=signing,
            )
    else:
        result = _run_or_explain(
            run_consolidate,
            p,
            period_id,
            input_dir,
            output_root,
            report_template=report_template,
            pdf=pdf,
            signing=signing,
        )
    _print_summary(result)
    _print_checklist(result.model)
    folder = Path(result.outputs["run_json"]).parent
    _say(f"Báo cáo: {result.outputs['report']} — mọi kết quả trong {folder}")
    if open_after:
        _open_for_user(Path(result.outputs.get("report_pdf") or result.outputs["report"]), folder)
    if as_json:  # what was written, not worked out a second time; last, so a stdout that fails is said after
        _out(Path(result.outputs["run_json"]).read_text(encoding="utf-8"))
    sys.exit(EXIT_PROBLEMS if strict and result.model.counts.errors else EXIT_OK)


@main.command(
    "remind",
    context_settings=CONTEXT,
    help="""Đôn đốc các đơn vị còn nợ báo cáo: đọc thư mục
input như khi tổng hợp, rồi ghi vào output/<kế hoạch>/<kỳ>/don-doc/: công văn đôn đốc (cong-van-don-doc.docx, thể
thức Nghị định 30/2020), một thư soạn sẵn cho từng đơn vị (thu/<mã đơn vị>.eml: mở bằng Outlook hoặc
Thunderbird, kiểm tra rồi bấm Gửi) kèm mẫu báo cáo của đơn vị (đã điền sẵn và đánh dấu ô cần sửa nếu đơn vị đã
gửi), và danh sách gửi thư (danh-sach-gui-thu.xlsx) để trộn thư. Chương trình không tự gửi thư.

\b
Ví dụ:
  pii-excel remind pii-2024-bac-giang --period 2024 --han-moi 27/12/2024 --so 125 --ngay 20/12/2024
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@period_option
@click.option(
    "--han-moi",
    "new_deadline",
    default=None,
    metavar="NGÀY",
    callback=_date_option,
    help="Hạn mới, dạng dd/mm/yyyy (mặc định: sau 5 ngày làm việc).",
)
@input_folder_option
@results_folder_option("-o", "--output", help="Thư mục ghi kết quả.")
@click.option("--so", "number", default="", metavar="SỐ", help="Số công văn, ví dụ 125.")
@click.option(
    "--ngay",
    "letter_date",
    default=None,
    metavar="NGÀY",
    callback=_date_option,
    help="Ngày của công văn, dạng dd/mm/yyyy (mặc định: ngày chạy).",
)
@click.option("--nguoi-ky", "signer_name", default="", metavar="HỌ_TÊN", help="Họ tên người ký.")
@click.option("--chuc-vu", "signer_title", default="", metavar="CHỨC_VỤ", help="Chức vụ người ký.")
@click.option(
    "--tham-quyen", "signer_authority", default="", metavar="THẨM_QUYỀN", help="Thẩm quyền ký, ví dụ «KT. GIÁM ĐỐC»."
)
@vi_help
def remind(
    plan_ref: str,
    period_id: str,
    new_deadline: date | None,
    input_dir: Path,
    output_root: Path,
    number: str,
    letter_date: date | None,
    signer_name: str,
    signer_title: str,
    signer_authority: str,
) -> None:
    from pii_excel.model import Signing
    from pii_excel.plan.periods import format_date
    from pii_excel.remind import write_reminders

    LOG_PLACE.folder = output_root
    p = _load_plan_or_exit(plan_ref)
    period_id = _period_and_input(p, period_id, input_dir)
    _claim_results_folder(p, output_root)
    if new_deadline is not None and new_deadline < (letter_date or date.today()):
        raise click.BadParameter(
            f"Hạn mới {format_date(new_deadline)} sớm hơn ngày của công văn "
            f"({format_date(letter_date or date.today())}).",
            param_hint="--han-moi",
        )
    signing = Signing.as_typed(number, letter_date, signer_name, signer_title, signer_authority)
    done = _run_or_explain(write_reminders, p, period_id, input_dir, output_root, new_deadline, signing=signing)
    if not done.owed:
        _say(f"Các đơn vị đã gửi đủ báo cáo {lower_first(p.require_period(period_id).label)}; không cần đôn đốc.")
        return
    _say(f"{len(done.owed)} đơn vị cần đôn đốc (hạn mới {format_date(done.new_deadline)}):")
    for o in done.owed:
        _say(f"  - {o.name}: {o.sentence()}" + ("" if o.email else " (chưa có thư điện tử trong kế hoạch)"))
    _say(f"Công văn đôn đốc: {done.files['letter']}")
    _say(f"Thư soạn sẵn:     {Path(done.files['letter']).parent / 'thu'}")
    _say(f"Danh sách gửi:    {done.files['mailing_list']}")


@plan.command(
    "next",
    context_settings=CONTEXT,
    help="""Lập tệp kế hoạch năm sau từ kết quả một kỳ năm đã
tổng hợp: giá trị cơ sở là kết quả năm đó (điểm công bố; điểm ước tính được ghi rõ), các năm và kỳ báo cáo lùi
một năm, mục tiêu để trống cho Sở điền. Sau đó «plan check» cho biết còn mục tiêu nào chưa điền.

\b
Ví dụ:
  pii-excel plan next pii-2024-bac-giang --from 2024 -o ke-hoach-2025.xlsx
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@click.option("--from", "period_id", required=True, metavar="KỲ", help="Kỳ năm đã tổng hợp, ví dụ 2024.")
@plan_workbook_option(help="Tệp .xlsx kế hoạch mới sẽ ghi ra.")
@results_folder_option("--ket-qua", help="Thư mục kết quả đã dùng khi tổng hợp (nơi có lịch sử).")
@vi_help
def plan_next(plan_ref: str, period_id: str, output: Path, output_root: Path) -> None:
    from pii_excel.plan.periods import normalise_period_id, parse_period_id
    from pii_excel.roll_over import RollOverError, roll_over

    _plan_workbook_target(output)
    p = _load_plan_or_exit(plan_ref)
    _claim_results_folder(p, output_root, record=False)
    period_id = normalise_period_id(period_id)
    if parse_period_id(period_id) is None:
        raise click.BadParameter(f"«{period_id}» không phải mã kỳ (ví dụ 2024).", param_hint="--from")
    try:
        done = roll_over(p, period_id, output, output_root, plan_ref=plan_ref)
    except RollOverError as exc:
        _say(str(exc))
        sys.exit(EXIT_PROBLEMS)
    for line in done.messages:
        _say(line)


@main.group(
    "results",
    cls=_Group,
    context_settings=CONTEXT,
    help="""Kết quả công bố của chỉ số (hồ sơ PII của tỉnh): tạo tệp để
nhập theo hồ sơ, nhập vào lịch sử của kế hoạch sau khi kiểm tra, xem lại.

\b
Ví dụ:
  pii-excel results template pii-2024-bac-giang --edition 2025 -o ket-qua-pii-2025.xlsx
  pii-excel results import pii-2024-bac-giang ket-qua-pii-2025.xlsx
  pii-excel results show pii-2024-bac-giang --edition 2025
""",
)
@vi_help
def results() -> None:
    pass


edition_option = click.option(
    "--edition",
    "year",
    type=click.IntRange(2000, 2100),
    metavar="NĂM",
    help="Năm của kết quả công bố, ví dụ 2025 (PII 2025).",
)


@results.command(
    "template",
    context_settings=CONTEXT,
    help="""Tạo tệp Excel để nhập kết quả công bố của một năm theo hồ sơ
của tỉnh: thông tin công bố; mỗi chỉ số thành phần (giá trị của tỉnh, thấp nhất, cao nhất, điểm, thứ hạng); mỗi
nhóm, trụ cột, chỉ số đầu vào, đầu ra và chỉ số chung (điểm, thứ hạng, thứ hạng trong vùng).

\b
Ví dụ:
  pii-excel results template pii-2024-bac-giang --edition 2025 -o ket-qua-pii-2025.xlsx
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@click.option(
    "--edition",
    "year",
    required=True,
    type=click.IntRange(2000, 2100),
    metavar="NĂM",
    help="Năm của kết quả công bố, ví dụ 2025 (PII 2025).",
)
@plan_workbook_option(help="Tệp .xlsx sẽ ghi ra.")
@vi_help
def results_template(plan_ref: str, year: int, output: Path) -> None:
    from pii_excel.index.service import write_template

    _plan_workbook_target(output)
    p = _load_plan_or_exit(plan_ref)
    written = write_template(p, year, output)
    _say(f"Đã ghi tệp nhập kết quả {p.index_kind} {year} của {p.province}: {written}")
    _say(f"Điền theo hồ sơ công bố rồi nhập bằng: pii-excel results import {plan_ref} {written}")


@results.command(
    "import",
    context_settings=CONTEXT,
    help="""Nhập tệp kết quả công bố đã điền vào lịch sử của kế hoạch, sau khi
kiểm tra: điểm theo cách chuẩn hoá của Bộ (min–max), điểm nhóm, trụ cột, đầu vào, đầu ra và chỉ số chung, thứ
hạng, tỉnh và năm. Tệp có lỗi không được lưu (trừ khi dùng --force). Nhập lại cùng năm thì thay bản cũ và liệt kê
các giá trị đã đổi; năm khác không bị ghi đè.

\b
Ví dụ:
  pii-excel results import pii-2024-bac-giang ket-qua-pii-2025.xlsx
  pii-excel results import pii-2024-bac-giang ket-qua-pii-2025.xlsx -o ket-qua --json > kiem-tra.json
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@click.argument("source", metavar="TỆP", type=click.Path(dir_okay=False, path_type=Path))
@results_folder_option("-o", "--output", help="Thư mục kết quả của kế hoạch (nơi có lịch sử).")
@click.option("--force", is_flag=True, help="Lưu cả khi tệp còn lỗi (lỗi vẫn được liệt kê).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả kiểm tra dạng JSON.")
@vi_help
def results_import(plan_ref: str, source: Path, output_root: Path, force: bool, as_json: bool) -> None:
    import json

    from pii_excel.index.service import import_results
    from pii_excel.output.run_json import plain_data

    if not source.is_file():
        raise click.BadParameter(f"Không có tệp «{source}».", param_hint="TỆP")
    p = _load_plan_or_exit(plan_ref)
    _claim_results_folder(p, output_root)
    done = import_results(p, source, output_root, force=force)
    _print_findings(done.findings)
    if done.stored:
        r = done.results
        assert r is not None
        verb = "Đã thay" if done.replaced else "Đã lưu"
        _say(
            f"{verb} kết quả {r.label} của {r.province} ({len(r.indicators)} chỉ số thành phần, "
            f"{len(r.aggregates)} nhóm, trụ cột và chỉ số tổng hợp) vào lịch sử của kế hoạch «{p.id}»."
        )
        for line in done.changes:
            _say(f"  - {line}")
        if done.replaced and not done.changes:
            _say("  Không có giá trị nào thay đổi so với lần nhập trước.")
        if done.redefined:
            _say(
                f"Chỉ số đổi định nghĩa so với lần công bố trước ({len(done.redefined)}): không so sánh trực tiếp giá "
                "trị, điểm giữa hai năm của các chỉ số này."
            )
            for code, how in done.redefined.items():
                _say(f"  - {code}: {how}")
    else:
        _say(f"Chưa lưu: tệp có {len(done.errors)} lỗi. Sửa các lỗi rồi nhập lại (hoặc dùng --force để lưu kèm lỗi).")
    if as_json:
        _out(
            json.dumps(
                {
                    "plan": p.id,
                    "stored": done.stored,
                    "replaced": done.replaced,
                    "changes": done.changes,
                    "redefined": done.redefined,
                    "findings": plain_data(done.findings),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    sys.exit(EXIT_OK if done.stored else EXIT_PROBLEMS)


@results.command(
    "report",
    context_settings=CONTEXT,
    help="""Viết báo cáo phân tích kết quả công bố của một năm (sau khi đã
nhập bằng results import) vào output/<kế hoạch>/ket-qua-<năm>/: bao-cao-phan-tich.docx (thể thức Nghị định
30/2020: kết quả chung, thứ hạng trong vùng, trụ cột và nhóm, điểm mạnh và điểm yếu trên mọi chỉ số, chỉ số tăng,
giảm so với năm trước, mục tiêu của Kế hoạch, số liệu cần đạt của chỉ số yếu) và phan-tich.xlsx.

\b
Ví dụ:
  pii-excel results report pii-2024-bac-giang --edition 2025
  pii-excel results report pii-2024-bac-giang --edition 2025 --pdf --so 74 --top 5
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@click.option(
    "--edition",
    "year",
    required=True,
    type=click.IntRange(2000, 2100),
    metavar="NĂM",
    help="Năm của kết quả công bố cần phân tích, ví dụ 2025.",
)
@results_folder_option("-o", "--output", help="Thư mục kết quả (nơi có lịch sử của kế hoạch).")
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1, 60),
    metavar="SỐ",
    help="Số chỉ số mạnh nhất và yếu nhất được nêu.",
)
@click.option("--pdf", is_flag=True, help="Ghi thêm bao-cao-phan-tich.pdf (cần LibreOffice).")
@click.option("--so", "number", default="", metavar="SỐ", help="Số văn bản của báo cáo, ví dụ 74.")
@click.option(
    "--ngay",
    "report_date",
    default=None,
    metavar="NGÀY",
    callback=_date_option,
    help="Ngày của báo cáo, dạng dd/mm/yyyy (mặc định: ngày chạy).",
)
@click.option("--nguoi-ky", "signer_name", default="", metavar="HỌ_TÊN", help="Họ tên người ký.")
@click.option("--chuc-vu", "signer_title", default="", metavar="CHỨC_VỤ", help="Chức vụ người ký.")
@click.option(
    "--tham-quyen", "signer_authority", default="", metavar="THẨM_QUYỀN", help="Thẩm quyền ký, ví dụ «KT. GIÁM ĐỐC»."
)
@vi_help
def results_report(
    plan_ref: str,
    year: int,
    output_root: Path,
    top: int,
    pdf: bool,
    number: str,
    report_date: date | None,
    signer_name: str,
    signer_title: str,
    signer_authority: str,
) -> None:
    from pii_excel.analysis.service import AnalysisUnavailable, write_analysis
    from pii_excel.history import HistoryError
    from pii_excel.model import Signing

    signing = Signing.as_typed(number, report_date, signer_name, signer_title, signer_authority)
    p = _load_plan_or_exit(plan_ref)
    _claim_results_folder(p, output_root)
    try:
        done = _run_or_explain(write_analysis, p, year, output_root, pdf=pdf, signing=signing, top=top)
    except (AnalysisUnavailable, HistoryError) as exc:
        _say(str(exc))
        sys.exit(EXIT_PROBLEMS)
    for key, label in (("report", "Báo cáo phân tích"), ("report_pdf", "Báo cáo PDF"), ("workbook", "Bảng phân tích")):
        if key in done.outputs:
            _say(f"{label + ':':<19} {done.outputs[key]}")
    for note in done.notes:
        _say(note)
    if done.checklist:
        _say("")
        _say("TRƯỚC KHI KÝ BÁO CÁO, CẦN XEM LẠI:")
        for item in done.checklist:
            _say(f"  - {item}")


@results.command(
    "show",
    context_settings=CONTEXT,
    help="""Xem các kết quả công bố đã nhập của kế hoạch (hoặc một năm).

\b
Ví dụ:
  pii-excel results show pii-2024-bac-giang
  pii-excel results show pii-2024-bac-giang --edition 2025 --json
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@edition_option
@results_folder_option("-o", "--output", help="Thư mục kết quả của kế hoạch (nơi có lịch sử).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@vi_help
def results_show(plan_ref: str, year: int | None, output_root: Path, as_json: bool) -> None:
    import json

    from pii_excel.history import HistoryError
    from pii_excel.index.service import stored_editions
    from pii_excel.numbers import format_number
    from pii_excel.output.run_json import plain_data

    p = _load_plan_or_exit(plan_ref)
    _claim_results_folder(p, output_root, record=False)
    try:
        editions = [e for e in stored_editions(p, output_root) if year is None or e.year == year]
    except HistoryError as exc:
        _say(str(exc))
        sys.exit(EXIT_PROBLEMS)
    if as_json:
        _out(json.dumps({"plan": p.id, "editions": plain_data(editions)}, ensure_ascii=False, indent=2))
        return
    if not editions:
        which = f" năm {year}" if year else ""
        _say(f"Chưa nhập kết quả công bố{which} nào cho kế hoạch «{p.id}» (nhập bằng: pii-excel results import).")
        return
    for e in editions:
        overall = e.overall
        score = format_number(overall.score, 2) if overall and overall.score is not None else "chưa có"
        rank = f", xếp thứ {overall.rank}/{e.ranking_size}" if overall and overall.rank and e.ranking_size else ""
        region = (
            f", thứ {overall.region_rank}/{e.region_size} trong vùng {e.region}"
            if overall and overall.region_rank and e.region_size
            else ""
        )
        _say(
            f"{e.label} — {e.province}: {score} điểm{rank}{region}; {len(e.indicators)} chỉ số thành phần; "
            f"tệp {e.source_file}"
        )
        if e.others:
            standing = e.standing("index", p.region)
            mean = (
                f"; trung bình cả nước {format_number(standing.national_mean, 2)} điểm"
                if standing.national_mean is not None
                else f"; chưa đủ {e.ranking_size or '…'} tỉnh để tính trung bình cả nước"
            )
            _say(f"  Kết quả các tỉnh khác: {len(e.provinces())} tỉnh, {len(e.others)} dòng{mean}.")


@main.command(
    "history",
    context_settings=CONTEXT,
    help="""Liệt kê các kỳ đã tổng hợp của một kế hoạch (lưu trong
output/<kế hoạch>/lich-su.sqlite): kỳ, thời gian lấy số liệu, số tỉnh xếp hạng, điểm chỉ số chung, số chỉ số đạt
mục tiêu. Tổng hợp lại một kỳ thì kỳ đó được thay, không lặp.

\b
Ví dụ:
  pii-excel history pii-2024-bac-giang
  pii-excel history ke-hoach-2025.xlsx -o ket-qua --json
""",
)
@click.argument("plan_ref", metavar="KẾ_HOẠCH")
@results_folder_option("-o", "--output", help="Thư mục kết quả đã dùng khi tổng hợp.")
@click.option("--json", "as_json", is_flag=True, help="In danh sách dạng JSON.")
@vi_help
def history(plan_ref: str, output_root: Path, as_json: bool) -> None:
    import json

    from pii_excel.history import HistoryError, history_path, read_history, record_summary

    p = _load_plan_or_exit(plan_ref)
    _claim_results_folder(p, output_root, record=False)
    path = history_path(output_root, p)
    try:
        read = read_history(path)
    except HistoryError as exc:
        _say(str(exc))
        sys.exit(EXIT_PROBLEMS)
    rows = [record_summary(r) for r in read.records]
    if read.skipped:
        _say(read.note(path))
    if as_json:
        _out(
            json.dumps(
                {"plan": p.id, "file": str(path), "periods": rows, "skipped": read.skipped},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not rows:
        _say(f"Chưa có kỳ nào của kế hoạch «{p.id}» được lưu trong lịch sử ({path}).")
        return
    _say(f"Lịch sử tổng hợp của kế hoạch «{p.id}» ({path}): {len(rows)} kỳ")
    for row in rows:
        _say(
            f"  {row['id']:<9} {row['label']}: số liệu đến {row['data_end']}, xếp hạng trên {row['ranking_size']} "
            f"tỉnh; {row['index']}; {row['reached']}; lập lúc {row['generated_at']}"
        )


@main.command(
    "demo",
    context_settings=CONTEXT,
    help="""Chạy thử toàn bộ quy trình trên dữ liệu mẫu của kế hoạch
mặc định: tạo mẫu báo cáo, điền như các đơn vị (một đơn vị nộp muộn, một đơn vị chưa nộp, một đơn vị gõ sai số
liệu, một đơn vị lưu bằng LibreOffice), tổng hợp, và cho biết nơi ghi báo cáo, bảng tổng hợp, phản hồi.

\b
Ví dụ:
  pii-excel demo
  pii-excel demo --pdf -o thu-nghiem
""",
)
@click.option(
    "-o",
    "--output",
    "workdir",
    default="output/demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="THƯ_MỤC",
    help="Thư mục ghi dữ liệu mẫu và kết quả.",
)
@click.option("--pdf", is_flag=True, help="Ghi thêm bao-cao.pdf (cần LibreOffice).")
@vi_help
def demo(workdir: Path, pdf: bool) -> None:
    from pii_excel.sample.demo import run_demo

    LOG_PLACE.folder = workdir
    _say(f"Đang tạo dữ liệu mẫu trong {workdir} ...")
    run = _run_or_explain(run_demo, workdir, pdf=pdf)
    _say(f"Tệp các đơn vị gửi về (mẫu): {run.input_dir}")
    for note in run.notes:
        _say(note)
    _print_summary(run.result)
    out = run.result.outputs
    _say("")
    _say(f"Báo cáo:          {out['report']}")
    if "report_pdf" in out:
        _say(f"Báo cáo PDF:      {out['report_pdf']}")
    _say(f"Bảng tổng hợp:    {out['summary']}")
    _say(f"Nhiệm vụ:         {out['tasks']}")
    if "ministry_package" in out:
        _say(f"Số liệu gửi Bộ:   {out['ministry_package']}")
    _say(f"Kết quả cho máy:  {out['run_json']}")
    if "evidence_index" in out:
        _say(f"Minh chứng:       {Path(out['evidence_index']).parent}")
    _say(f"Nội dung Sở viết: {out['own_text_form']}")
    _say(
        f"Các lệnh khác dùng kết quả bản chạy thử với «-o {workdir}» (history) hoặc «--ket-qua {workdir}» (plan next)."
    )
    _print_checklist(run.result.model)
