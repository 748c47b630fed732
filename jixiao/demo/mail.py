"""Mail containers of the sample inbox, byte-for-byte reproducible: .eml, Outlook .msg, one mbox, zips."""
from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from ..intake import write_msg
from .defects import ZIP_TIME

CST = timezone(timedelta(hours=8))
BUREAU = "jxk@czj.example.gov.cn"
MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".pdf": "application/pdf",
        ".xls": "application/vnd.ms-excel", ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
        ".zip": "application/zip"}


@dataclass
class Mail:
    kind: str                      # eml | msg | mbox | zip (a department's forwarded archive saved into the inbox)
    sender: str
    sender_name: str
    date: datetime | None
    subject: str
    body: str
    jobs: list = field(default_factory=list)     # samples.Job, one per attachment
    file: str = ""                               # name in inbox/
    number: int = 0                              # message number inside the mbox

    @property
    def message_id(self) -> str:
        return f"<{self.date:%Y%m%d%H%M%S}.{self.sender.replace('@', '=')}@mail.example.gov.cn>"


def eml(m: Mail, payloads: list[tuple[str, bytes]]) -> bytes:
    msg = EmailMessage()
    user, domain = m.sender.split("@")
    msg["From"] = Address(m.sender_name, user, domain)
    msg["To"], msg["Subject"], msg["Date"] = BUREAU, m.subject, format_datetime(m.date)
    msg["Message-ID"] = m.message_id
    msg.set_content(m.body)
    for name, data in payloads:
        maintype, subtype = MIME.get(Path(name).suffix, "application/octet-stream").split("/")
        msg.add_attachment(data, maintype, subtype, filename=name)
    if msg.is_multipart():
        msg.set_boundary(f"=_jixiao_{m.date:%Y%m%d%H%M%S}")
    return msg.as_bytes()


def msg_bytes(m: Mail, payloads: list[tuple[str, bytes]]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_msg(Path(tmp) / "m.msg", m.subject, m.sender, m.date, m.body, payloads,
                         sender_name=m.sender_name, message_id=m.message_id)
        return path.read_bytes()


def mbox(messages: list[tuple[Mail, bytes]]) -> bytes:
    out = b""
    for m, raw in messages:
        stamp = m.date.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
        body = re.sub(rb"(?m)^(>*From )", rb">\1", raw.replace(b"\r\n", b"\n"))
        out += f"From {m.sender} {stamp}\n".encode() + body.rstrip(b"\n") + b"\n\n"
    return out


def bomb(mib: int = 100) -> bytes:
    """A zip whose one member inflates to mib MiB of zeros (about 100 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("项目支出绩效自评表.xlsx", ZIP_TIME)
        info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
        with zf.open(info, "w", force_zip64=True) as f:
            for _ in range(mib):
                f.write(bytes(2**20))
    return out.getvalue()
