"""Saved mail → submissions: .eml, mbox and Outlook .msg, read as streams (mime.py), attached mails recursed into."""
from __future__ import annotations

import io
import mailbox
import mimetypes
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from . import mime
from .mime import Lines
from .rules import NO_ATTACHMENT, UNREADABLE_MAIL
from ..workbook.safe import printable
from .submission import SEP, BudgetSpent


def _error(exc: Exception) -> str:
    return printable(f"{type(exc).__name__}: {exc}"[:200])


def _too_big(sink, path: Path, origin: str) -> bool:
    size = path.stat().st_size
    if size > sink.limits.max_uncompressed_bytes:
        sink.finding(UNREADABLE_MAIL, origin, f"邮件文件 {size / 2**20:.0f} MiB，超过处理上限")
        return True
    return False


def _summary(meta: dict) -> str:
    return f"主题：{meta.get('subject') or '（无）'}；发件人：{meta.get('sender') or '（未知）'}"


class _Mail:
    """One message: parts are walked as they stream by; attachments go to the sink, attached mails are read in turn."""

    def __init__(self, sink, origin: str, depth: int, parent: dict):
        self.sink, self.origin, self.depth, self.parent = sink, origin, depth, parent
        self.index = self.sent = self.unnamed = 0
        self.meta: dict = parent

    def read(self, lines: Lines) -> None:
        msg, too_long = mime.header_block(lines, [])
        self.meta = _headers(msg, self.parent)
        if too_long:
            self._problem(f"邮件头超过 {mime.HEADER_BYTES // 2**20} MiB，只读取了前面部分")
        mime.walk(msg, lines, [], self._leaf, self._problem)
        if not self.sent:
            self.sink.finding(NO_ATTACHMENT, self.origin, _summary(self.meta))

    def _problem(self, detail: str) -> None:
        self.sink.finding(UNREADABLE_MAIL, self.origin, detail)

    def _extract(self, name: str, msg: EmailMessage, lines: Lines, stack: list[bytes], where: str):
        """Decode one part into a new file; returns (boundary hit, the file or None when it could not be written)."""
        try:
            out = self.sink.extract(name)
        except BudgetSpent as exc:
            self.sink.over_budget(where, exc)
            return mime.stream(lines, stack)[0], None
        except OSError as exc:
            self.sink.finding(UNREADABLE_MAIL, where, _error(exc))
            return mime.stream(lines, stack)[0], None
        try:
            hit, error = mime.stream(lines, stack, out, mime.decoder(msg))
        except BaseException:
            out.discard()
            raise
        if isinstance(error, BudgetSpent):
            self.sink.over_budget(where, error)
            return hit, None
        if error is not None:
            self.sink.finding(UNREADABLE_MAIL, where, _error(error))
            return hit, None
        return hit, out

    def _leaf(self, msg: EmailMessage, lines: Lines, stack: list[bytes]):
        self.index += 1
        ctype, main = msg.get_content_type(), msg.get_content_maintype()
        disposition, name = msg.get_content_disposition(), mime.filename(msg)
        if ctype in ("message/rfc822", "message/global"):
            return self._attached_mail(msg, name, lines, stack)
        if disposition != "attachment" and not name:
            if main == "image":
                self.sink.count("inline_images")
            if main in ("text", "multipart", "message", "image"):
                return mime.stream(lines, stack)[0]           # a body part
        elif main == "image" and disposition != "attachment" and msg["Content-ID"]:
            self.sink.count("inline_images")                  # a picture shown inside an HTML body
            return mime.stream(lines, stack)[0]
        if not name:                                          # e.g. an xlsx part that came without a file name
            self.unnamed += 1
            name = f"未命名附件{self.unnamed}{mimetypes.guess_extension(ctype) or ''}"
        where = f"{self.origin}{SEP}附件 {name}"
        self.sent += 1
        hit, out = self._extract(name, msg, lines, stack, where)
        if out is not None:
            self.sink.dispatch(out.close(), name, where, self.depth + 1, self.meta, {"content_type": ctype})
        return hit

    def _attached_mail(self, msg: EmailMessage, name: str | None, lines: Lines, stack: list[bytes]):
        """A forwarded mail (message/rfc822, in any transfer encoding): decoded to a file, then read as a mail."""
        self.sent += 1
        provisional = f"{self.origin}{SEP}附件 {name or f'转发邮件{self.index}'}"
        hit, out = self._extract(name or "转发邮件.eml", msg, lines, stack, provisional)
        if out is None:
            return hit
        path = out.close()
        try:
            with open(path, "rb") as f:
                inner = mime.header_block(Lines(f, out.size + 1), [])[0] if out.size else None
            label = name or (mime.text(inner, "Subject") if inner is not None else None) or f"转发邮件{self.index}"
            where = f"{self.origin}{SEP}附件 {label}"
            if inner is None:
                self.sink.finding(UNREADABLE_MAIL, where, "附带的邮件为空或无法解析")
            elif not self.sink.too_deep(where, self.depth + 1):
                _read_file(self.sink, path, where, self.depth + 1, self.meta)
        finally:
            out.discard()                                     # only its attachments are kept
        return hit


def _read_file(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    with open(path, "rb", buffering=mime.BLOCK) as f:
        return _read_stream(sink, f, origin, depth, meta)


def _read_stream(sink, f, origin: str, depth: int, meta: dict) -> str:
    try:
        _Mail(sink, origin, depth, meta).read(Lines(f, sink.limits.max_uncompressed_bytes))
    except mime.TooBig:
        sink.finding(UNREADABLE_MAIL, origin, f"邮件超过 {sink.limits.max_uncompressed_bytes / 2**20:.0f} MiB 的处理上限")
        return f"failed:{UNREADABLE_MAIL}"
    except Exception as exc:  # a guard, not a path: the reader is lenient by design
        sink.finding(UNREADABLE_MAIL, origin, _error(exc))
        return f"failed:{UNREADABLE_MAIL}"
    return "opened"


def read_eml(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """One saved message (.eml)."""
    if _too_big(sink, path, origin):
        return f"failed:{UNREADABLE_MAIL}"
    return _read_file(sink, path, origin, depth, meta)


class _Raw(io.RawIOBase):
    """A mailbox message file (read with seeks on every call) as a raw stream, to be buffered."""

    def __init__(self, f):
        self.f = f

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.f.read(len(buf))
        buf[:len(data)] = data
        return len(data)


def read_mbox(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """An mbox file; messages are numbered from 1 in file order. mailbox.mbox only reads unless flushed."""
    try:
        box = mailbox.mbox(path, create=False)
        keys = list(box.keys())
    except Exception as exc:
        sink.finding(UNREADABLE_MAIL, origin, _error(exc))
        return f"failed:{UNREADABLE_MAIL}"
    try:
        sink.count("mbox_messages", len(keys))
        for number, key in enumerate(keys, 1):
            where = f"{origin}{SEP}邮件#{number}"
            try:
                f = io.BufferedReader(_Raw(box.get_file(key)), mime.BLOCK)
            except Exception as exc:
                sink.finding(UNREADABLE_MAIL, where, _error(exc))
                continue
            with f:
                _read_stream(sink, f, where, depth, meta)
    finally:
        box.close()
    return "opened"


# --- provenance: who sent it, when, about what ----------------------------------------------------------------


def _merge(own: dict, parent: dict) -> dict:
    """A message's own headers over the enclosing mail's (a missing one falls back to it); the chain of senders."""
    merged = {**parent, **{k: v for k, v in own.items() if v is not None}, "message_id": own["message_id"]}
    if parent.get("sender"):
        merged["via"] = [*parent.get("via", []), parent["sender"]]
    return merged


def _headers(msg, parent: dict) -> dict:
    """Sender, date, subject and Message-ID of one message."""
    address = name = None
    try:
        found = msg["From"].addresses if msg["From"] is not None else ()
        if found:
            address, name = found[0].addr_spec, found[0].display_name
    except Exception:
        pass
    if not address:
        name, address = parseaddr(mime.text(msg, "From") or "")
    date = None
    try:
        date = msg["Date"].datetime if msg["Date"] is not None else None
    except Exception:
        pass
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)   # "-0000": zone unknown, read as UTC
    return _merge({"sender": printable(address or "").strip().lower() or None,
                   "sender_name": mime.oneline(mime.words(name)) if name else None,
                   "date": date, "subject": mime.text(msg, "Subject"), "message_id": mime.text(msg, "Message-ID")},
                  parent)


def _msg_headers(msg, parent: dict) -> dict:
    name, address = parseaddr(getattr(msg, "sender", None) or "")
    date = getattr(msg, "date", None)
    if isinstance(date, datetime) and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    subject = getattr(msg, "subject", None)
    return _merge({"sender": printable(address).strip().lower() or None,
                   "sender_name": printable(name).strip() or None,
                   "date": date if isinstance(date, datetime) else None,
                   "subject": mime.oneline(subject) if subject else None,
                   "message_id": printable(getattr(msg, "messageId", None) or "").strip() or None}, parent)


# --- Outlook .msg ---------------------------------------------------------------------------------------------


def read_msg(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """An Outlook .msg; embedded .msg attachments are recursed into."""
    import extract_msg

    if _too_big(sink, path, origin):
        return f"failed:{UNREADABLE_MAIL}"
    try:
        msg = extract_msg.openMsg(str(path), strict=False)
    except Exception as exc:
        sink.finding(UNREADABLE_MAIL, origin, _error(exc))
        return f"failed:{UNREADABLE_MAIL}"
    try:
        _msg_file(sink, msg, origin, depth, meta)
    except Exception as exc:
        sink.finding(UNREADABLE_MAIL, origin, _error(exc))
        return f"failed:{UNREADABLE_MAIL}"
    finally:
        msg.close()
    return "opened"


def _msg_file(sink, msg, origin: str, depth: int, parent: dict) -> None:
    meta = _msg_headers(msg, parent)
    sent = 0
    for index, att in enumerate(msg.attachments, 1):
        name = printable(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
                          or getattr(att, "name", None) or f"附件{index}")
        where, data = f"{origin}{SEP}附件 {name}", att.data
        if isinstance(data, bytes):
            if getattr(att, "hidden", False) and getattr(att, "contentId", None):
                sink.count("inline_images")
                continue
            sent += 1
            try:
                stored = sink.copy(name, io.BytesIO(data))
            except BudgetSpent as exc:
                sink.over_budget(where, exc)
                continue
            sink.dispatch(stored, name, where, depth + 1, meta, {"content_type": getattr(att, "mimetype", None)})
        elif hasattr(data, "attachments"):            # an embedded message
            sent += 1
            if not sink.too_deep(where, depth + 1):
                _msg_file(sink, data, where, depth + 1, meta)
        else:
            sent += 1
            sink.finding(UNREADABLE_MAIL, where, f"附件类型不支持（{type(att).__name__}）")
    if not sent:
        sink.finding(NO_ATTACHMENT, origin, _summary(meta))
