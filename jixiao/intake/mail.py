"""Saved mail → attachments: .eml (RFC 822), mbox files and Outlook .msg, recursing into attached messages."""
from __future__ import annotations

import email.policy
import mailbox
import mimetypes
import re
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

from .rules import NO_ATTACHMENT, UNREADABLE_MAIL
from .submission import SEP, decode_legacy

_PARSER = BytesParser(policy=email.policy.default)
_RAW_NAME = re.compile(r'(?i)(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))')


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _too_big(sink, path: Path, origin: str) -> bool:
    size = path.stat().st_size
    if size > sink.limits.max_uncompressed_bytes:
        sink.finding(UNREADABLE_MAIL, origin, f"邮件文件 {size / 2**20:.0f} MiB，超过处理上限")
        return True
    return False


def read_eml(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """One saved message (.eml)."""
    if _too_big(sink, path, origin):
        return f"failed:{UNREADABLE_MAIL}"
    try:
        with open(path, "rb") as f:
            msg = _PARSER.parse(f)
    except Exception as exc:  # the parser is lenient; this is a guard, not a path
        sink.finding(UNREADABLE_MAIL, origin, _error(exc))
        return f"failed:{UNREADABLE_MAIL}"
    _message(sink, msg, origin, depth, meta)
    return "opened"


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
                raw = box.get_bytes(key)
                if len(raw) > sink.limits.max_uncompressed_bytes:
                    raise ValueError(f"邮件 {len(raw) / 2**20:.0f} MiB，超过处理上限")
                msg = _PARSER.parsebytes(raw)
            except Exception as exc:
                sink.finding(UNREADABLE_MAIL, where, _error(exc))
                continue
            _message(sink, msg, where, depth, meta)
    finally:
        box.close()
    return "opened"


def _raw_header(msg, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name:
            return value
    return None


def _text(msg, name: str) -> str | None:
    """A header as text; undeclared 8-bit (often GBK) bytes are recovered from the raw header."""
    try:
        value = msg[name]
        text = None if value is None else str(value)
    except Exception:
        text = None
    if text is None or "\ufffd" in text:
        raw = _raw_header(msg, name.lower())
        if raw is not None:
            text = _words(decode_legacy(raw))
    text = " ".join(text.split()) if text else None
    return text or None


def _words(text: str) -> str:
    """Decode RFC 2047 encoded words that a lenient path left in place."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except Exception:
        return text


def _headers(msg, parent: dict) -> dict:
    """Sender, date, subject and Message-ID of one message; a missing header falls back to the enclosing mail."""
    address = name = None
    try:
        found = msg["From"].addresses if msg["From"] is not None else ()
        if found:
            address, name = found[0].addr_spec, found[0].display_name
    except Exception:
        pass
    if not address:
        name, address = parseaddr(_text(msg, "From") or "")
    date = None
    try:
        date = msg["Date"].datetime if msg["Date"] is not None else None
    except Exception:
        pass
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)   # "-0000": zone unknown, read as UTC
    own = {"sender": (address or "").strip().lower() or None, "sender_name": _text_or_none(name), "date": date,
           "subject": _text(msg, "Subject"), "message_id": _text(msg, "Message-ID")}
    merged = {**parent, **{k: v for k, v in own.items() if v is not None}, "message_id": own["message_id"]}
    if parent.get("sender"):
        merged["via"] = [*parent.get("via", []), parent["sender"]]
    return merged


def _text_or_none(value: str | None) -> str | None:
    return _words(value).strip() or None if value else None


def _filename(part) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name is None or "\ufffd" in name:
        for header in ("content-disposition", "content-type"):
            match = _RAW_NAME.search(_raw_header(part, header) or "")
            if match:
                name = decode_legacy(match.group(1) if match.group(1) is not None else match.group(2))
                break
    return _words(name).strip() or None if name else None


def _leaves(part):
    """Non-multipart parts in order; attached messages are leaves (not walked into)."""
    if part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _leaves(sub)
    else:
        yield part


def _summary(meta: dict) -> str:
    return f"主题：{meta.get('subject') or '（无）'}；发件人：{meta.get('sender') or '（未知）'}"


def _message(sink, msg: EmailMessage, origin: str, depth: int, parent: dict) -> None:
    meta = _headers(msg, parent)
    sent = 0
    for index, part in enumerate(_leaves(msg), 1):
        ctype, disposition = part.get_content_type(), part.get_content_disposition()
        name = _filename(part)
        if part.get_content_maintype() == "message" and ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload()[0] if part.is_multipart() else None
            label = name or (_text(inner, "Subject") if inner is not None else None) or f"转发邮件{index}"
            where = f"{origin}{SEP}附件 {label}"
            sent += 1
            if inner is None:
                sink.finding(UNREADABLE_MAIL, where, "附带的邮件为空或无法解析")
            elif not sink.too_deep(where, depth + 1):
                _message(sink, inner, where, depth + 1, meta)
            continue
        if disposition != "attachment" and not name:
            if part.get_content_maintype() == "image":
                sink.count("inline_images")
            continue                                  # a body part
        if part.get_content_maintype() == "image" and disposition != "attachment" and part["Content-ID"]:
            sink.count("inline_images")               # a picture shown inside an HTML body
            continue
        name = name or f"附件{index}{mimetypes.guess_extension(ctype) or ''}"
        data = part.get_payload(decode=True) or b""
        sent += 1
        sink.dispatch(sink.store(name, data), name, f"{origin}{SEP}附件 {name}", depth + 1, meta,
                      {"content_type": ctype})
    if not sent:
        sink.finding(NO_ATTACHMENT, origin, _summary(meta))


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


def _msg_headers(msg, parent: dict) -> dict:
    name, address = parseaddr(getattr(msg, "sender", None) or "")
    date = getattr(msg, "date", None)
    if isinstance(date, datetime) and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    own = {"sender": address.strip().lower() or None, "sender_name": name.strip() or None,
           "date": date if isinstance(date, datetime) else None,
           "subject": getattr(msg, "subject", None) or None,
           "message_id": (getattr(msg, "messageId", None) or "").strip() or None}
    merged = {**parent, **{k: v for k, v in own.items() if v is not None}, "message_id": own["message_id"]}
    if parent.get("sender"):
        merged["via"] = [*parent.get("via", []), parent["sender"]]
    return merged


def _msg_file(sink, msg, origin: str, depth: int, parent: dict) -> None:
    meta = _msg_headers(msg, parent)
    sent = 0
    for index, att in enumerate(msg.attachments, 1):
        name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) \
            or getattr(att, "name", None) or f"附件{index}"
        where, data = f"{origin}{SEP}附件 {name}", att.data
        if isinstance(data, bytes):
            if getattr(att, "hidden", False) and getattr(att, "contentId", None):
                sink.count("inline_images")
                continue
            sent += 1
            sink.dispatch(sink.store(name, data), name, where, depth + 1, meta,
                          {"content_type": getattr(att, "mimetype", None)})
        elif hasattr(data, "attachments"):            # an embedded message
            sent += 1
            if not sink.too_deep(where, depth + 1):
                _msg_file(sink, data, where, depth + 1, meta)
        else:
            sent += 1
            sink.finding(UNREADABLE_MAIL, where, f"附件类型不支持（{type(att).__name__}）")
    if not sent:
        sink.finding(NO_ATTACHMENT, origin, _summary(meta))
