"""Streaming MIME: capped, defused header blocks; multipart trees walked as they stream; bodies decoded into files."""
from __future__ import annotations

import binascii
import email.policy
import functools
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser

from ..workbook.safe import decode_legacy, printable
from .submission import BudgetSpent

_RAW_NAME = re.compile(r'(?i)(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))')
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
_NOT_B64 = bytes(c for c in range(256) if not (chr(c).isascii() and (chr(c).isalnum() or chr(c) in "+/=")))
_LINE = 1 << 16            # a longer line is read in pieces of this size
BLOCK = 1 << 20            # body bytes decoded and written at a time
HEADER_BYTES = 1 << 20     # one header block; the rest of a longer one is not parsed
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


class TooBig(Exception):
    """A message longer than the limit."""


class Lines:
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
            raise TooBig
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


def header_block(lines: Lines, stack: list[bytes]) -> tuple[EmailMessage, bool]:
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
        if size <= HEADER_BYTES:
            block.append(piece)
    return _PARSER.parsebytes(b"".join(block), headersonly=True), size > HEADER_BYTES


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


def decoder(msg: EmailMessage):
    """The part's Content-Transfer-Encoding as a function (data, final=False) → bytes, fed the body piece by piece."""
    cte = str(msg.get("content-transfer-encoding", "") or "").strip().lower()
    if cte == "base64":
        return _B64()
    if cte == "quoted-printable":
        return lambda data, final=False: binascii.a2b_qp(data)
    return lambda data, final=False: data


# --- walking the parts ----------------------------------------------------------------------------------------


def walk(msg: EmailMessage, lines: Lines, stack: list[bytes], leaf, problem):
    """One part (its headers read): a multipart is walked part by part, anything else given to
    leaf(msg, lines, stack), which reads its body with stream() and returns the boundary that ended it; problem(detail)
    hears of structure left unread. Returns the boundary that ended the part, or None at the end of the message."""
    boundary = msg.get_boundary() if msg.get_content_maintype() == "multipart" else None
    if not boundary:
        return leaf(msg, lines, stack)
    if len(stack) >= _NESTING:
        problem(f"邮件的多部分结构嵌套超过 {_NESTING} 层，更深的部分未读取")
        return stream(lines, stack)[0]
    inner, me = [*stack, boundary.encode("utf-8", "surrogateescape")], len(stack)
    hit = stream(lines, inner)[0]                             # the preamble
    while hit == (me, False):
        part, too_long = header_block(lines, inner)
        if too_long:
            problem("邮件某部分的头部过长，该部分未读取")
            hit = stream(lines, inner)[0]
            continue
        hit = walk(part, lines, inner, leaf, problem)
    if hit is not None and hit[0] == me:                      # closed: the epilogue runs to an outer boundary
        hit = stream(lines, stack)[0]
    return hit


def stream(lines: Lines, stack: list[bytes], out=None, decode=None):
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
        if size >= BLOCK:
            last = batch.pop()
            error = _emit(out, decode(b"".join(batch)))
            batch, size = [last], len(last)
            if error is not None:
                out = None
    if out is not None:
        if hit is not None and batch:          # the line break before a boundary belongs to the boundary
            batch[-1] = batch[-1][:-2] if batch[-1].endswith(b"\r\n") else batch[-1].rstrip(b"\n")
        error = _emit(out, decode(b"".join(batch), True))
    return hit, error


def _emit(out, data: bytes):
    try:
        out.write(data)
    except (BudgetSpent, OverflowError) as exc:          # the writer has removed its file
        return exc
    except OSError as exc:                                # e.g. the disk is full
        out.discard()
        return exc
    return None


# --- header values ------------------------------------------------------------------------------------------


def _raw_header(msg, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name:
            return value[:_HEADER_VALUE]
    return None


def text(msg, name: str) -> str | None:
    """A header as text; undeclared 8-bit (often GBK) bytes are recovered from the raw header."""
    try:
        value = msg[name]
        found = None if value is None else str(value)
    except Exception:
        found = None
    if found is None or "\ufffd" in found:
        raw = _raw_header(msg, name.lower())
        if raw is not None:
            found = words(decode_legacy(raw))
    return oneline(found) if found else None


def oneline(value: str) -> str | None:
    """Whitespace runs (folding, tabs, line breaks) as one space; other control characters shown as \\xNN."""
    return printable(" ".join(value.split())) or None


def words(value: str) -> str:
    """Decode RFC 2047 encoded words that a lenient path left in place."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def filename(part) -> str | None:
    """The part's file name (RFC 2231 or encoded words; raw 8-bit names recovered), or None."""
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
    return printable(words(name)).strip() or None if name else None
