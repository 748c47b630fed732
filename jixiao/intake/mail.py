"""Saved mail → attachments: .eml (RFC 822), mbox files and Outlook .msg, recursing into attached messages.

A mail is read as a stream: one header block at a time (bounded, with comment nesting defused before the email
package parses it) and each attachment decoded straight into its file in work_dir, so memory does not grow with the
size of a mail or of its attachments.
"""
from __future__ import annotations

import binascii
import email.policy
import functools
import io
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
from .submission import SEP, BudgetSpent, clean_text, decode_legacy

_RAW_NAME = re.compile(r'(?i)(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))')
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
_NOT_B64 = bytes(c for c in range(256) if not (chr(c).isascii() and (chr(c).isalnum() or chr(c) in "+/=")))
_LINE = 1 << 16            # a longer line is read in pieces of this size
_BLOCK = 1 << 20           # body bytes decoded and written at a time
_HEADER_BYTES = 1 << 20    # one header block; the rest of a longer one is not parsed
_HEADER_VALUE = 8192       # characters of one header value given to the parser (a legal file name needs < 4000)
_NESTING = 50              # multipart levels within one message


def _defuse(value: str) -> str:
    """A header value the parser handles in linear time: cut to _HEADER_VALUE, and (comments) dropped when there are
    many of them (each '(' is a recursion in email._header_value_parser, and the parse goes quadratic)."""
    value = value[:_HEADER_VALUE]
    if value.count("(") <= 16:
        return value
    out, depth, quoted, escaped = [], 0, False, False
    for ch in value:
        if escaped:
            escaped = False
            if not depth:
                out.append(ch)
        elif ch == "\\":
            escaped = True
            if not depth:
                out.append(ch)
        elif depth:
            depth += (ch == "(") - (ch == ")")
        elif quoted:
            out.append(ch)
            quoted = ch != '"'
        elif ch == "(":
            depth = 1
            out.append(" ")
        else:
            quoted = ch == '"'
            out.append(ch)
    return "".join(out)


class _Policy(email.policy.EmailPolicy):
    """The default policy, with every header value defused before it is parsed, and parsed once (each accessor
    such as get_filename() or get_content_type() would parse it again)."""

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name"):
            return value
        return _parse_header(name, _defuse(value))


@functools.lru_cache(maxsize=64)
def _parse_header(name: str, value: str):
    return email.policy.default.header_fetch_parse(name, value)


_PARSER = BytesParser(policy=_Policy())


class _TooBig(Exception):
    """A message longer than the limit."""


def _error(exc: Exception) -> str:
    return clean_text(f"{type(exc).__name__}: {exc}"[:200])


def _too_big(sink, path: Path, origin: str) -> bool:
    size = path.stat().st_size
    if size > sink.limits.max_uncompressed_bytes:
        sink.finding(UNREADABLE_MAIL, origin, f"邮件文件 {size / 2**20:.0f} MiB，超过处理上限")
        return True
    return False


# --- reading a message as a stream --------------------------------------------------------------------------


class _Lines:
    """A message's lines (a longer line in pieces of _LINE bytes), with one piece of look-back and a size cap."""

    def __init__(self, f, cap: int):
        self.f, self.left = f, cap
        self.back: tuple[bytes, bool] | None = None
        self.fresh = True                  # the next piece read from f starts a line

    def read(self) -> tuple[bytes, bool]:
        """(piece, whether it starts a line); b"" at the end."""
        if self.back is not None:
            item, self.back = self.back, None
            return item
        start = self.fresh
        piece = self.f.readline(_LINE)
        self.left -= len(piece)
        if self.left < 0:
            raise _TooBig
        self.fresh = piece.endswith(b"\n")
        return piece, start

    def unread(self, piece: bytes, start: bool) -> None:
        self.back = (piece, start)


def _boundary(piece: bytes, stack: list[bytes]) -> tuple[int, bool] | None:
    """(level, closing) when the line is a boundary of one of the enclosing multiparts, innermost first."""
    line = piece.rstrip(b"\r\n").rstrip(b" \t")
    for level in range(len(stack) - 1, -1, -1):
        mark = b"--" + stack[level]
        if line == mark or line == mark + b"--":
            return level, line != mark
    return None


def _header_block(lines: _Lines, stack: list[bytes]) -> tuple[EmailMessage, bool]:
    """Parse the header lines up to the blank line (consumed); a boundary or a line that is no header ends them too
    (and is left for the body). Returns the headers and whether the block was too long to parse whole."""
    block, size, first = [], 0, True
    while True:
        piece, start = lines.read()
        if not piece:
            break
        if start:
            if piece.startswith(b"--") and _boundary(piece, stack) is not None:
                lines.unread(piece, start)
                break
            if piece in (b"\r\n", b"\n"):
                break
            if first and piece.startswith(b"From "):        # an mbox separator line saved with the mail
                first = False
                continue
            if piece[:1] not in (b" ", b"\t") and not _HEADER_LINE.match(piece):
                lines.unread(piece, start)
                break
        first = False
        size += len(piece)
        if size <= _HEADER_BYTES:
            block.append(piece)
    return _PARSER.parsebytes(b"".join(block), headersonly=True), size > _HEADER_BYTES


class _B64:
    """Streaming base64: characters outside the alphabet (line breaks, junk) are dropped, as the email package does."""

    def __init__(self):
        self.rest = b""

    def __call__(self, data: bytes, final: bool = False) -> bytes:
        data = self.rest + data.translate(None, _NOT_B64)
        cut = len(data) - len(data) % 4
        data, self.rest = data[:cut], data[cut:]
        if final and len(self.rest) > 1:          # a short last group: pad it (a single character is no byte)
            data += self.rest + b"=" * (4 - len(self.rest))
        try:
            return binascii.a2b_base64(data)
        except binascii.Error:                    # stray padding inside: decode group by group, skip bad groups
            return b"".join(_group(data[i:i + 4]) for i in range(0, len(data), 4))


def _group(quad: bytes) -> bytes:
    try:
        return binascii.a2b_base64(quad)
    except binascii.Error:
        return b""


def _decoder(msg: EmailMessage):
    cte = str(msg.get("content-transfer-encoding", "") or "").strip().lower()
    if cte == "base64":
        return _B64()
    if cte == "quoted-printable":
        return lambda data, final=False: binascii.a2b_qp(data)
    return lambda data, final=False: data


def _summary(meta: dict) -> str:
    return f"主题：{meta.get('subject') or '（无）'}；发件人：{meta.get('sender') or '（未知）'}"


class _Mail:
    """One message: parts are walked as they stream by; attachments go to the sink, attached mails are read in turn."""

    def __init__(self, sink, origin: str, depth: int, parent: dict):
        self.sink, self.origin, self.depth, self.parent = sink, origin, depth, parent
        self.index = self.sent = self.unnamed = 0
        self.meta: dict = parent

    def read(self, lines: _Lines) -> None:
        msg, too_long = _header_block(lines, [])
        self.meta = _headers(msg, self.parent)
        if too_long:
            self.sink.finding(UNREADABLE_MAIL, self.origin, f"邮件头超过 {_HEADER_BYTES // 2**20} MiB，只读取了前面部分")
        self._entity(msg, lines, [])
        if not self.sent:
            self.sink.finding(NO_ATTACHMENT, self.origin, _summary(self.meta))

    def _entity(self, msg: EmailMessage, lines: _Lines, stack: list[bytes]):
        """One part (its headers read); returns the boundary that ended it, or None at the end of the message."""
        boundary = msg.get_boundary() if msg.get_content_maintype() == "multipart" else None
        if not boundary:
            return self._leaf(msg, lines, stack)
        if len(stack) >= _NESTING:
            self.sink.finding(UNREADABLE_MAIL, self.origin, f"邮件的多部分结构嵌套超过 {_NESTING} 层，更深的部分未读取")
            return self._stream(lines, stack)[0]
        inner, me = [*stack, boundary.encode("utf-8", "surrogateescape")], len(stack)
        hit = self._stream(lines, inner)[0]                   # the preamble
        while hit == (me, False):
            part, too_long = _header_block(lines, inner)
            if too_long:
                self.sink.finding(UNREADABLE_MAIL, self.origin, "邮件某部分的头部过长，该部分未读取")
                hit = self._stream(lines, inner)[0]
                continue
            hit = self._entity(part, lines, inner)
        if hit is not None and hit[0] == me:                  # closed: the epilogue runs to an outer boundary
            hit = self._stream(lines, stack)[0]
        return hit

    def _stream(self, lines: _Lines, stack: list[bytes], out=None, decode=None):
        """Read a body up to the next boundary of `stack`, decoding it into `out` (None: skip it).
        Returns (boundary hit or None, the exception that stopped the writing or None)."""
        batch, size, hit, error = [], 0, None, None
        while True:
            piece, start = lines.read()
            if not piece:
                break
            if start and piece.startswith(b"--") and (hit := _boundary(piece, stack)) is not None:
                break
            if out is None:
                continue
            batch.append(piece)
            size += len(piece)
            if size >= _BLOCK:
                last = batch.pop()
                error = self._emit(out, decode(b"".join(batch)))
                batch, size = [last], len(last)
                if error is not None:
                    out = None
        if out is not None:
            if hit is not None and batch:          # the line break before a boundary belongs to the boundary
                batch[-1] = batch[-1][:-2] if batch[-1].endswith(b"\r\n") else batch[-1].rstrip(b"\n")
            error = self._emit(out, decode(b"".join(batch), True))
        return hit, error

    @staticmethod
    def _emit(out, data: bytes):
        try:
            out.write(data)
        except (BudgetSpent, OverflowError) as exc:          # the writer has removed its file
            return exc
        except OSError as exc:                                # e.g. the disk is full
            out.discard()
            return exc
        return None

    def _extract(self, name: str, msg: EmailMessage, lines: _Lines, stack: list[bytes], where: str):
        """Decode one part into a new file; returns (boundary hit, path or None when it could not be written)."""
        try:
            out = self.sink.extract(name)
        except BudgetSpent as exc:
            self.sink.over_budget(where, exc)
            return self._stream(lines, stack)[0], None
        except OSError as exc:
            self.sink.finding(UNREADABLE_MAIL, where, _error(exc))
            return self._stream(lines, stack)[0], None
        try:
            hit, error = self._stream(lines, stack, out, _decoder(msg))
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

    def _leaf(self, msg: EmailMessage, lines: _Lines, stack: list[bytes]):
        self.index += 1
        ctype, main = msg.get_content_type(), msg.get_content_maintype()
        disposition, name = msg.get_content_disposition(), _filename(msg)
        if ctype in ("message/rfc822", "message/global"):
            return self._attached_mail(msg, name, lines, stack)
        if disposition != "attachment" and not name:
            if main == "image":
                self.sink.count("inline_images")
            if main in ("text", "multipart", "message", "image"):
                return self._stream(lines, stack)[0]           # a body part
        elif main == "image" and disposition != "attachment" and msg["Content-ID"]:
            self.sink.count("inline_images")                  # a picture shown inside an HTML body
            return self._stream(lines, stack)[0]
        if not name:                                          # e.g. an xlsx part that came without a file name
            self.unnamed += 1
            name = f"未命名附件{self.unnamed}{mimetypes.guess_extension(ctype) or ''}"
        where = f"{self.origin}{SEP}附件 {name}"
        self.sent += 1
        hit, out = self._extract(name, msg, lines, stack, where)
        if out is not None:
            self.sink.dispatch(out.close(), name, where, self.depth + 1, self.meta, {"content_type": ctype})
        return hit

    def _attached_mail(self, msg: EmailMessage, name: str | None, lines: _Lines, stack: list[bytes]):
        """A forwarded mail (message/rfc822, in any transfer encoding): decoded to a file, then read as a mail."""
        self.sent += 1
        provisional = f"{self.origin}{SEP}附件 {name or f'转发邮件{self.index}'}"
        hit, out = self._extract(name or "转发邮件.eml", msg, lines, stack, provisional)
        if out is None:
            return hit
        path = out.close()
        try:
            with open(path, "rb") as f:
                inner = _header_block(_Lines(f, out.size + 1), [])[0] if out.size else None
            label = name or (_text(inner, "Subject") if inner is not None else None) or f"转发邮件{self.index}"
            where = f"{self.origin}{SEP}附件 {label}"
            if inner is None:
                self.sink.finding(UNREADABLE_MAIL, where, "附带的邮件为空或无法解析")
            elif not self.sink.too_deep(where, self.depth + 1):
                _read_file(self.sink, path, where, self.depth + 1, self.meta)
        finally:
            out.discard()                                     # only its attachments are kept
        return hit


def _read_file(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    with open(path, "rb", buffering=_BLOCK) as f:
        return _read_stream(sink, f, origin, depth, meta)


def _read_stream(sink, f, origin: str, depth: int, meta: dict) -> str:
    try:
        _Mail(sink, origin, depth, meta).read(_Lines(f, sink.limits.max_uncompressed_bytes))
    except _TooBig:
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
                f = io.BufferedReader(_Raw(box.get_file(key)), _BLOCK)
            except Exception as exc:
                sink.finding(UNREADABLE_MAIL, where, _error(exc))
                continue
            with f:
                _read_stream(sink, f, where, depth, meta)
    finally:
        box.close()
    return "opened"


# --- header values ------------------------------------------------------------------------------------------


def _raw_header(msg, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name:
            return value[:_HEADER_VALUE]
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
    return _oneline(text) if text else None


def _oneline(text: str) -> str | None:
    """Whitespace runs (folding, tabs, line breaks) as one space; other control characters shown as \\xNN."""
    return clean_text(" ".join(text.split())) or None


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
    own = {"sender": clean_text(address or "").strip().lower() or None, "sender_name": _text_or_none(name),
           "date": date, "subject": _text(msg, "Subject"), "message_id": _text(msg, "Message-ID")}
    merged = {**parent, **{k: v for k, v in own.items() if v is not None}, "message_id": own["message_id"]}
    if parent.get("sender"):
        merged["via"] = [*parent.get("via", []), parent["sender"]]
    return merged


def _text_or_none(value: str | None) -> str | None:
    return _oneline(_words(value)) if value else None


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
    return clean_text(_words(name)).strip() or None if name else None


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


def _msg_headers(msg, parent: dict) -> dict:
    name, address = parseaddr(getattr(msg, "sender", None) or "")
    date = getattr(msg, "date", None)
    if isinstance(date, datetime) and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    subject = getattr(msg, "subject", None)
    own = {"sender": clean_text(address).strip().lower() or None, "sender_name": clean_text(name).strip() or None,
           "date": date if isinstance(date, datetime) else None,
           "subject": _oneline(subject) if subject else None,
           "message_id": clean_text(getattr(msg, "messageId", None) or "").strip() or None}
    merged = {**parent, **{k: v for k, v in own.items() if v is not None}, "message_id": own["message_id"]}
    if parent.get("sender"):
        merged["via"] = [*parent.get("via", []), parent["sender"]]
    return merged


def _msg_file(sink, msg, origin: str, depth: int, parent: dict) -> None:
    meta = _msg_headers(msg, parent)
    sent = 0
    for index, att in enumerate(msg.attachments, 1):
        name = clean_text(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
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
