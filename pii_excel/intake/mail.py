"""E-mails dropped into the input folder (.eml, Outlook .msg, .mbox): their workbook attachments, read in memory.

Nothing is written to disk. A message's sender and received time travel with each attachment; a forwarded
message attached to another is read with its own headers, because the agency's own message says who sent the
file and when. A mailbox is streamed one message at a time, each bounded, so its size never sets the memory.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from functools import partial
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.model import MailOrigin
from pii_excel.textnorm import clean_text, nfc
from pii_excel.untrusted.files import VN_TZ
from pii_excel.untrusted.scan import WORKBOOK_SUFFIXES, checked_descriptor, safe_name
from pii_excel.vocab import TimeSource

MAX_MESSAGE_BYTES = 50 * 1024 * 1024  # one message with its attachments; a filled template is well under 1 MB
MAX_ATTACHMENTS = 200  # per message
MAX_NESTING = 8  # messages forwarded as attachments inside each other
LIMIT_SHOWN = f"{MAX_MESSAGE_BYTES // (1024 * 1024)} MB"
SEP = " › "  # between the mail file, the message and the attachment in a shown path
_WORKBOOK_TYPES = {
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


@dataclass
class Attachment:
    """A workbook or an evidence file attached to a message, with where it came from."""

    path: str  # shown path: "<mail file> › [thư N ›] <attachment name>"
    data: bytes
    origin: MailOrigin
    evidence: bool = False  # not a workbook by its name: an evidence file (or something else, said when read)
    raw_name: str = ""  # the name as the message gives it (may carry folders: stored by its base name only)
    label: str = ""  # the message's shown label: where the evidence's agency is looked up


@dataclass
class MailContents:
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # about the messages, named by sender, subject, date
    messages: int = 0


class MailUnreadable(Exception):
    """The message could not be parsed at all (its library's words are the technical detail)."""


def attachment_name(raw: str | None) -> str:
    """The attachment's own file name, shown safely: no folders (a name may carry "..\\" or "/"), NFC."""
    name = nfc(raw or "").strip()
    name = PureWindowsPath(PurePosixPath(name).name).name
    return safe_name(name)[:200] if name else ""


def _address(raw: str) -> tuple[str, str]:
    name, addr = email.utils.parseaddr(raw or "")
    return clean_text(nfc(name)), addr.strip().lower()


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # a date without a zone is taken as Viet Nam's
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def _date(raw: str) -> datetime | None:
    try:
        return _local(email.utils.parsedate_to_datetime(raw.strip()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def message_time(received: list[str], date_header: str | None) -> tuple[datetime | None, TimeSource | None]:
    """When the department's server received the message: the topmost Received: header (added by the last hop),
    else the Date: the sender's program wrote."""
    for header in received:
        moment = _date(str(header).rpartition(";")[2])
        if moment is not None:
            return moment, TimeSource.MAIL_RECEIVED
    moment = _date(str(date_header)) if date_header else None
    return (moment, TimeSource.MAIL_SENT) if moment else (None, None)


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header is only unreadable, the message may still be read
        return ""
    return clean_text(nfc(str(value))) if value is not None else ""


def _origin(msg: EmailMessage, container: str, attachment: str = "", parent: MailOrigin | None = None) -> MailOrigin:
    name, addr = _address(_header(msg, "From"))
    try:
        received = [str(h) for h in msg.get_all("Received") or []]
    except Exception:
        received = []
    moment, source = message_time(received, _header(msg, "Date"))
    if moment is None and parent is not None:  # a forwarded message without dates: when its carrier came
        moment, source = parent.received_at, parent.time_source
    return MailOrigin(container, addr, name, _header(msg, "Subject"), moment, source, attachment)


def _is_workbook(name: str, content_type: str) -> bool:
    return PurePosixPath(name.lower()).suffix in WORKBOOK_SUFFIXES or (not name and content_type in _WORKBOOK_TYPES)


def read_rfc822(raw: bytes, container: str, label: str) -> MailContents:
    """The workbooks attached to one Internet message (RFC 5322) and what to tell staff about it."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:  # the parser's failure is the message's, reported with its words
        raise MailUnreadable(f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(msg, EmailMessage) or not msg.keys():
        # a message has headers; bytes without any are another kind of file under a mail name
        raise MailUnreadable("; ".join(type(d).__name__ for d in getattr(msg, "defects", [])) or "no headers")
    out = MailContents()
    _walk(msg, container, label, out, None, 0)
    return out


class _Message:
    """One message's attachments as they are met, for .eml and .msg alike: names made unique, what is not a
    workbook said, the limit kept, and a message without any attachment said once it is closed."""

    def __init__(self, out: MailContents, label: str, origin: MailOrigin):
        self.out, self.label, self.origin = out, label, origin
        self.names: dict[str, int] = {}
        self.found = 0

    def forwarded(self) -> str:
        """The label of a message attached to this one (its walk counts it)."""
        self.found += 1
        return f"{self.label}{SEP}thư chuyển tiếp"

    def attachment(self, raw_name: str | None, content_type: str, load: Callable[[], object]) -> bool:
        """Take one attachment; False when the limit is reached and the message's other attachments are left."""
        name = attachment_name(raw_name) or "(không tên)"
        self.found += 1
        self.names[name] = self.names.get(name, 0) + 1
        path = f"{self.label}{SEP}{name if self.names[name] == 1 else f'{name} ({self.names[name]})'}"
        notes, describe = self.out.notes, self.origin.describe()
        evidence = not _is_workbook(name, content_type)
        if len(self.out.attachments) >= MAX_ATTACHMENTS:
            notes.append(
                finding(
                    Code.MAIL_TOO_MANY_ATTACHMENTS,
                    at=Location(self.label),
                    message=describe,
                    limit=str(MAX_ATTACHMENTS),
                )
            )
            return False
        try:
            data = load()
        except Exception as exc:  # a broken transfer encoding spoils this attachment only
            notes.append(
                finding(
                    Code.MAIL_UNREADABLE,
                    at=Location(path),
                    message=describe,
                    detail="tệp đính kèm bị hỏng khi gửi",
                    technical=f"{type(exc).__name__}: {exc}",
                )
            )
            return True
        if not isinstance(data, (bytes, bytearray)):  # an Outlook attachment that is a link or an object
            notes.append(
                finding(Code.MAIL_ATTACHMENT_NOT_WORKBOOK, at=Location(path), attachment=name, message=describe)
            )
            return True
        origin = replace(self.origin, attachment=name)
        self.out.attachments.append(Attachment(path, bytes(data), origin, evidence, raw_name or "", self.label))
        return True

    def close(self) -> None:
        if not self.found:
            self.out.notes.append(
                finding(Code.MAIL_NO_ATTACHMENT, at=Location(self.label), message=self.origin.describe())
            )


def _walk(
    msg: EmailMessage, container: str, label: str, out: MailContents, parent: MailOrigin | None, depth: int
) -> None:
    out.messages += 1
    message = _Message(out, label, _origin(msg, container, parent=parent))
    for part in _parts(msg):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload(0) if part.is_multipart() else None
            if isinstance(inner, EmailMessage) and depth < MAX_NESTING:
                _walk(inner, container, message.forwarded(), out, message.origin, depth + 1)
            continue
        filename = part.get_filename()
        if filename is None and part.get_content_disposition() != "attachment":
            continue  # a body part, not an attachment
        if (
            part.get_content_disposition() != "attachment"
            and part.get("Content-ID")
            and part.get_content_maintype() == "image"
        ):
            continue  # a picture shown in the message's text (a logo, a signature), not evidence
        if not message.attachment(filename, part.get_content_type(), partial(_decoded, part)):
            return
    message.close()


def _parts(msg: EmailMessage) -> Iterator[EmailMessage]:
    """Every leaf part and every attached message, without descending into attached messages (they are walked
    with their own headers)."""
    if msg.get_content_type() == "message/rfc822":
        yield msg
        return
    if not msg.is_multipart():
        if msg.get_filename() or msg.get_content_disposition() == "attachment":
            yield msg
        return
    stack = list(reversed(msg.get_payload()))  # type: ignore[arg-type]
    while stack:
        part = stack.pop()
        if not isinstance(part, EmailMessage):
            continue
        if part.get_content_type() == "message/rfc822":
            yield part
        elif part.is_multipart():
            stack.extend(reversed(part.get_payload()))  # type: ignore[arg-type]
        else:
            yield part


# --- mailboxes (.mbox): streamed, one bounded message at a time ----------------------------------------------

_FROM_LINE = re.compile(rb"^From \S*.*\r?\n$")


def mbox_messages(stream: BinaryIO, limit: int | None = None) -> Iterator[tuple[int, bytes | None, bytes]]:
    """(number from 1, the message's bytes or None when it is over `limit`, its first header lines) for each
    message of an mbox, reading line by line so only one message is ever held."""
    limit = MAX_MESSAGE_BYTES if limit is None else limit
    number, size, head, too_big = 0, 0, b"", False
    lines: list[bytes] = []
    previous_blank = True
    for line in stream:
        if previous_blank and line.startswith(b"From ") and _FROM_LINE.match(line):
            if number:
                yield number, None if too_big else b"".join(lines), head
            number, lines, size, head, too_big = number + 1, [], 0, b"", False
            previous_blank = False
            continue
        previous_blank = line in (b"\n", b"\r\n")
        if not number:
            continue  # text before the first separator is not a message
        if len(head) < 4096:
            head += line[:4096]
        size += len(line)
        if too_big:
            continue
        if size > limit:
            too_big, lines = True, []
            continue
        lines.append(line[1:] if line.startswith(b">From ") else line)  # mboxrd/mboxo quoting of body lines
    if number:
        yield number, None if too_big else b"".join(lines), head


def describe_head(head: bytes, container: str) -> str:
    """Sender, subject and date of a message known only by its first lines (one too large to read)."""
    try:
        msg = email.message_from_bytes(head.split(b"\n\n", 1)[0] + b"\n\n", policy=email.policy.default)
        return _origin(msg, container).describe()
    except Exception:
        return "không rõ người gửi (phần đầu thư bị hỏng)"


def read_mbox(stream: BinaryIO, container: str) -> Iterator[MailContents]:
    """Each message of a mailbox in turn: only one is held at a time."""
    seen = False
    for number, raw, head in mbox_messages(stream):
        seen = True
        label = f"{container}{SEP}thư {number}"
        if raw is None:
            yield MailContents(
                notes=[
                    finding(
                        Code.MAIL_TOO_LARGE,
                        at=Location(label),
                        limit=LIMIT_SHOWN,
                        message=describe_head(head, container),
                    )
                ],
                messages=1,
            )
            continue
        try:
            yield read_rfc822(raw, container, label)
        except MailUnreadable as exc:
            yield MailContents(
                notes=[
                    finding(
                        Code.MAIL_UNREADABLE,
                        at=Location(label),
                        technical=str(exc),
                        message=describe_head(head, container),
                        detail="thư bị hỏng hoặc không đúng định dạng",
                    )
                ],
                messages=1,
            )
    if not seen:
        raise MailUnreadable("no 'From ' separator line: not an mbox mailbox")


# --- Outlook (.msg), through extract-msg -----------------------------------------------------------------------


def read_outlook(raw: bytes, container: str) -> MailContents:
    """An Outlook message: its workbook attachments and attached messages, read from the bytes in memory."""
    logging.getLogger("extract_msg").setLevel(logging.CRITICAL)  # its warnings are not staff's business
    import extract_msg  # imported here: only .msg files need it, and it is slow to import

    try:
        msg = extract_msg.openMsg(raw, delayAttachments=False)
    except Exception as exc:  # the library's failure is the file's, reported with its words
        raise MailUnreadable(f"{type(exc).__name__}: {exc}") from exc
    out = MailContents()
    try:
        _walk_outlook(msg, container, container, out, None, 0)
    finally:
        msg.close()
    return out


def _outlook_origin(msg, container: str, parent: MailOrigin | None) -> MailOrigin:
    name, addr = _address(str(getattr(msg, "sender", "") or ""))
    header = getattr(msg, "header", None)
    received = [str(h) for h in (header.get_all("Received") or [])] if header is not None else []
    moment, source = message_time(received, None)
    if moment is None:
        delivered = getattr(msg, "receivedTime", None)
        if isinstance(delivered, datetime):
            moment, source = _local(delivered), TimeSource.MAIL_RECEIVED
    if moment is None and isinstance(getattr(msg, "date", None), datetime):
        moment, source = _local(msg.date), TimeSource.MAIL_SENT
    if moment is None and parent is not None:
        moment, source = parent.received_at, parent.time_source
    subject = clean_text(nfc(str(getattr(msg, "subject", "") or "")))
    return MailOrigin(container, addr, name, subject, moment, source, "")


def _decoded(part: EmailMessage) -> object:
    return part.get_payload(decode=True) or b""  # an empty attachment is said as an empty file


def _given(data: object) -> object:
    return data


def _walk_outlook(msg, container: str, label: str, out: MailContents, parent: MailOrigin | None, depth: int) -> None:
    out.messages += 1
    message = _Message(out, label, _outlook_origin(msg, container, parent))
    for att in getattr(msg, "attachments", []) or []:
        data = getattr(att, "data", None)
        if data is not None and not isinstance(data, (bytes, bytearray)) and hasattr(data, "attachments"):
            forwarded = message.forwarded()
            if depth < MAX_NESTING:
                _walk_outlook(data, container, forwarded, out, message.origin, depth + 1)
            continue
        raw_name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
        if not message.attachment(raw_name, "", partial(_given, data)):
            return
    message.close()


_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_OUTLOOK_STREAM = "__substg1.0_".encode("utf-16-le")  # every Outlook message's property streams are named so
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:[ \t]")  # a header field name and its colon (RFC 5322 §2.2)
_MAIL_HEADERS = re.compile(rb"^(?:from|to|subject|date|received|message-id|return-path|mime-version):", re.I | re.M)


def mail_kind(head: bytes) -> str | None:
    """ "msg" (Outlook), "mbox" or "eml" by content, or None: a mail file is recognised as workbooks are, whatever
    its name says (an Outlook .msg saved as .eml, a message saved without an extension)."""
    if head.startswith(_OLE_MAGIC):
        return "msg" if _OUTLOOK_STREAM in head else None
    text = head.lstrip(b"\r\n\t ")
    if text.startswith(b"From ") and _FROM_LINE.match(text.split(b"\n", 1)[0] + b"\n"):
        return "mbox"
    if _HEADER_LINE.match(text) and len(_MAIL_HEADERS.findall(text[:16384])) >= 2:
        return "eml"
    return None


def read_mail(stream: io.BufferedReader[Any], size: int, container: str) -> Iterator[MailContents]:
    """The workbooks attached to a mail file, message by message, by its kind (.eml, .msg, .mbox) told by its
    content, else by its name.

    Raises MailUnreadable when the file as a whole is not a message (or a mailbox)."""
    suffix = PurePosixPath(container).suffix.lower()
    head = stream.peek(65536)[:65536]
    kind = mail_kind(head) or ("msg" if head.startswith(_OLE_MAGIC) else None)
    kind = kind or {".mbox": "mbox", ".msg": "msg"}.get(suffix, "eml")
    if kind == "mbox":
        yield from read_mbox(stream, container)
        return
    if size > MAX_MESSAGE_BYTES:
        head = stream.read(65536)
        yield MailContents(
            notes=[
                finding(
                    Code.MAIL_TOO_LARGE,
                    at=Location(container),
                    limit=LIMIT_SHOWN,
                    message=describe_head(head, container),
                )
            ],
            messages=1,
        )
        return
    raw = stream.read(MAX_MESSAGE_BYTES + 1)
    if kind == "msg" and not raw.startswith(_OLE_MAGIC):
        kind = "eml"  # named .msg but written as an Internet message
    yield read_outlook(raw, container) if kind == "msg" else read_rfc822(raw, container, container)


class HashedFile(io.RawIOBase):
    """A mail file read once: hashed as it is read, the rest hashed by `sha256()` if reading stopped early."""

    def __init__(self, path: os.PathLike):
        self.fd, self.info = checked_descriptor(path)  # never a link, FIFO or device
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = os.read(self.fd, len(buffer))
        buffer[: len(data)] = data
        self.hash.update(data)
        return len(data)

    def sha256(self) -> str:
        while chunk := os.read(self.fd, 1 << 20):
            self.hash.update(chunk)
        return self.hash.hexdigest()

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()
