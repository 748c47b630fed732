"""Write a minimal Outlook .msg (CFB + MAPI property streams) for tests and the sample inbox; read back by extract_msg."""
from __future__ import annotations

import struct
from datetime import datetime, timezone
from pathlib import Path

from extract_msg import OleWriter

_UNICODE_STORE = 0x00040000            # PR_STORE_SUPPORT_MASK: STORE_UNICODE_OK
_FLAGS = 0x00000006                    # property readable | writable
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)


def _filetime(moment: datetime) -> int:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    delta = moment - _FILETIME_EPOCH
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _fixed(tag: int, value: int) -> bytes:
    return struct.pack("<IIQ", tag, _FLAGS, value)


def _variable(tag: int, size: int) -> bytes:
    return struct.pack("<IIII", tag, _FLAGS, size, 0)


class _Node:
    """Streams of one MAPI object (message, attachment or embedded message) plus its property entries."""

    def __init__(self, writer: OleWriter, prefix: str):
        self.writer, self.prefix, self.props = writer, prefix, []

    def string(self, prop: int, text: str | None) -> None:
        if text is None:
            return
        data = text.encode("utf-16-le")
        self.writer.addEntry(f"{self.prefix}__substg1.0_{prop:04X}001F", data)
        self.props.append(_variable(prop << 16 | 0x001F, len(data) + 2))

    def binary(self, prop: int, data: bytes) -> None:
        self.writer.addEntry(f"{self.prefix}__substg1.0_{prop:04X}0102", data)
        self.props.append(_variable(prop << 16 | 0x0102, len(data)))

    def long(self, prop: int, value: int) -> None:
        self.props.append(_fixed(prop << 16 | 0x0003, value))

    def time(self, prop: int, moment: datetime) -> None:
        self.props.append(_fixed(prop << 16 | 0x0040, _filetime(moment)))

    def finish(self, header: bytes) -> None:
        self.writer.addEntry(f"{self.prefix}__properties_version1.0", header + b"".join(self.props))


def _message(writer: OleWriter, prefix: str, *, subject: str, sender: str, date: datetime | None, body: str,
             attachments, sender_name: str | None = None, message_id: str | None = None, top: bool) -> None:
    node = _Node(writer, prefix)
    node.string(0x001A, "IPM.Note")
    node.string(0x0037, subject)
    node.string(0x0C1A, sender_name)
    node.string(0x0C1F, sender)
    node.string(0x5D01, sender)
    node.string(0x1000, body)
    node.string(0x1035, message_id)
    node.long(0x0E07, 0x1)                       # PR_MESSAGE_FLAGS: read, sent (no MSGFLAG_UNSENT)
    node.long(0x340D, _UNICODE_STORE)
    if date is not None:
        node.time(0x0039, date)                  # PR_CLIENT_SUBMIT_TIME
        node.time(0x0E06, date)                  # PR_MESSAGE_DELIVERY_TIME
    if top:
        for stream in ("00020102", "00030102", "00040102"):
            writer.addEntry(f"{prefix}__nameid_version1.0/__substg1.0_{stream}", b"")
    for index, (name, payload) in enumerate(attachments):
        att_prefix = f"{prefix}__attach_version1.0_#{index:08X}/"
        writer.addEntry(att_prefix.rstrip("/"), storage=True)
        att = _Node(writer, att_prefix)
        att.string(0x3001, name)                 # display name
        att.string(0x3707, name)                 # long filename
        att.string(0x3704, name)                 # short filename (we do not bother with 8.3)
        att.long(0x0E21, index)                  # PR_ATTACH_NUM
        if isinstance(payload, dict):            # an embedded message
            att.long(0x3705, 5)                  # ATTACH_EMBEDDED_MSG
            inner = f"{att_prefix}__substg1.0_3701000D/"
            writer.addEntry(inner.rstrip("/"), storage=True)
            att.props.append(_variable(0x3701000D, 0xFFFFFFFF))
            _message(writer, inner, top=False, **payload)
        else:
            att.long(0x3705, 1)                  # ATTACH_BY_VALUE
            att.binary(0x3701, payload)
            att.long(0x0E20, len(payload))
        att.finish(b"\0" * 8)
    counts = struct.pack("<8xIIII", 0, len(attachments), 0, len(attachments))
    node.finish(counts + (b"\0" * 8 if top else b""))


def write_msg(path: Path, subject: str, sender: str, date: datetime | None, body: str,
              attachments: list[tuple[str, bytes | dict]], *, sender_name: str | None = None,
              message_id: str | None = None) -> Path:
    """Write an .msg; an attachment payload that is a dict (write_msg keywords without path) is an embedded message."""
    writer = OleWriter()
    _message(writer, "", subject=subject, sender=sender, date=date, body=body, attachments=attachments,
             sender_name=sender_name, message_id=message_id, top=True)
    writer.write(str(path))
    return Path(path)
