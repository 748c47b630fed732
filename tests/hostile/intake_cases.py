"""Hostile inputs for the intake: CASES maps a case name to a builder that writes that input into a given folder.

Each builder adds its own entries (names prefixed so that all cases can share one folder) and nothing outside the
folder. Drop them all into one folder and run `jixiao check` on it: the run must end, quickly, and every entry is
either a submission or listed with the reason. Builders are cheap; the big cases take a size argument (the tests use
other sizes than CASES does).
"""
from __future__ import annotations

import base64
import io
import os
import socket
import stat
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MiB = 2**20
_CST = timezone(timedelta(hours=8))


def xlsx(text: str) -> bytes:
    """A small real workbook with `text` in A1 (so that different texts give different SHA-256)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mail(subject: str, attachments=(), sender: str = "unit@example.cn") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, sender, "jxk@czj.example.gov.cn"
    msg["Date"] = format_datetime(datetime(2026, 3, 2, 9, 30, tzinfo=_CST))
    msg["Message-ID"] = f"<{zlib.crc32(subject.encode())}@example.cn>"
    msg.set_content("请查收。")
    for name, data in attachments:
        msg.add_attachment(data, *XLSX_TYPE.split("/"), filename=name)
    return msg


def raw_mail(parts: list[bytes], *, subject: str = "报送", head: bytes = b"") -> bytes:
    """A hand-written multipart/mixed mail (for headers the email package would refuse to write)."""
    words = f"=?utf-8?B?{base64.b64encode(subject.encode()).decode()}?="
    out = (b"From: unit@example.cn\r\nTo: jxk@czj.example.gov.cn\r\nSubject: " + words.encode()
           + b"\r\nDate: Mon, 02 Mar 2026 09:30:00 +0800\r\nMessage-ID: <raw-" + str(zlib.crc32(subject.encode())).encode()
           + b"@example.cn>\r\n" + head + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BB\"\r\n\r\n"
           b"--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + "请查收。".encode() + b"\r\n")
    for part in parts:
        out += b"--BB\r\n" + part + b"\r\n"
    return out + b"--BB--\r\n"


def b64_part(headers: bytes, data: bytes) -> bytes:
    return headers + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data).replace(b"\n", b"\r\n")


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- the cases ---------------------------------------------------------------------------------------------


def undecodable_names(folder: Path) -> None:
    """File and folder names that are not UTF-8: random bytes, and GBK (a Windows zip unpacked on Linux)."""
    raw = os.fsencode(folder)
    Path(os.path.join(raw, b"\xff\xfe.xlsx").decode("utf-8", "surrogateescape")).write_bytes(xlsx("非UTF-8文件名"))
    gbk = os.path.join(raw, "预算表.xlsx".encode("gbk"))
    with open(gbk, "wb") as f:
        f.write(xlsx("GBK文件名"))
    sub = os.path.join(raw, b"\xc0\xaf-dir")
    os.mkdir(sub)
    with open(os.path.join(sub, b"\xfa\xfb\xfc.xlsx"), "wb") as f:
        f.write(xlsx("非UTF-8目录"))


def control_and_markup_names(folder: Path) -> None:
    """Names with terminal escapes and rich/console markup: printed to a terminal and written to reports."""
    (folder / "\x1b[2J清屏\x07.xlsx").write_bytes(xlsx("控制字符"))
    (folder / "标记[bold].zip").write_bytes(zip_bytes({"[/]标记.xlsx": xlsx("标记"), "\x1b]0;标题\x07.xlsx": xlsx("OSC")}))


def header_paren_bomb(folder: Path, n: int = 50000) -> None:
    """Headers with tens of thousands of '(' (comment nesting): the email header parser recurses or goes quadratic."""
    parens = b" (" * n
    disposition = b64_part(b"Content-Type: " + XLSX_TYPE.encode()
                           + b'\r\nContent-Disposition: attachment; filename="a.xlsx"' + parens, xlsx("括号A"))
    (folder / "括号炸弹-附件名.eml").write_bytes(raw_mail([disposition], subject="括号炸弹1"))
    ctype = b64_part(b'Content-Type: application/octet-stream; name="b.xlsx"' + b"(" * n
                     + b"\r\nContent-Disposition: attachment", xlsx("括号B"))
    (folder / "括号炸弹-类型名.eml").write_bytes(raw_mail([ctype], subject="括号炸弹2"))
    normal = b64_part(b"Content-Type: " + XLSX_TYPE.encode() + b'\r\nContent-Disposition: attachment; filename="c.xlsx"',
                      xlsx("括号C"))
    third = raw_mail([normal], subject="括号炸弹3", head=b"Reply-To: x" + b"(" * n + b"\r\nCc: (" + b"(" * n + b"\r\n")
    third = third.replace(b"From: unit@example.cn\r\n", b"", 1)          # From last, so the file still looks like mail
    third = third.replace(b"MIME-Version:", b"From: unit@example.cn " + b"(" * n + b"\r\nMIME-Version:", 1)
    (folder / "括号炸弹-发件人.eml").write_bytes(third)


def fifo(folder: Path) -> None:
    """A named pipe: opening it for reading blocks until a writer comes."""
    os.mkfifo(folder / "管道.xlsx")


def unix_socket(folder: Path) -> None:
    """A Unix socket file (bound with a relative name: socket paths are limited to ~108 bytes)."""
    here = os.getcwd()
    s = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(folder)
        s.bind("套接字.xlsx")
    finally:
        os.chdir(here)
        s.close()


def device_links(folder: Path) -> None:
    """Links to endless devices, and a device node itself when we may create one."""
    os.symlink("/dev/zero", folder / "零.xlsx")
    os.symlink("/dev/urandom", folder / "随机.xlsx")
    try:
        os.mknod(folder / "设备.xlsx", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except OSError:                    # not root / no CAP_MKNOD: the links above still make the point
        pass


def links_out(folder: Path) -> None:
    """Symlinks that leave the input tree: a system file, a system folder, the folder's own parent."""
    os.symlink("/etc/passwd", folder / "外链-密码.xlsx")
    os.symlink("/etc", folder / "外链-目录")
    os.symlink("..", folder / "外链-上级")


def links_in(folder: Path) -> None:
    """Symlinks that stay inside: to a file, to the folder itself (a loop), dangling, and to itself."""
    (folder / "内链-目标.xlsx").write_bytes(xlsx("内链目标"))
    os.symlink("内链-目标.xlsx", folder / "内链-文件.xlsx")
    os.symlink(".", folder / "内链-本目录")
    os.symlink("不存在.xlsx", folder / "内链-断链.xlsx")
    os.symlink("内链-自环.xlsx", folder / "内链-自环.xlsx")


def long_names(folder: Path, n: int = 300) -> None:
    """Names of n Chinese characters (3 bytes each in UTF-8, over the 255-byte limit of a file name)."""
    long_a, long_b = "表" * n + ".xlsx", "表" * (n - 1) + "乙.xlsx"
    (folder / "长名.zip").write_bytes(zip_bytes({long_a: xlsx("长名A"), long_b: xlsx("长名B")}))
    (folder / "长名.eml").write_bytes(mail("长附件名", [("附" * n + ".xlsx", xlsx("长名C"))]).as_bytes())


def _spread(size: int) -> bytes:
    """Data that deflates about 100:1 (below the per-member ratio limit, so every single archive looks fine)."""
    block = os.urandom(size // 257 + 1)
    return b"".join(b"\0" * 256 + block[i:i + 1] for i in range(len(block)))[:size]


def zip_of_zips(folder: Path, inner: int = 6, size: int = 90 * MiB) -> None:
    """A small zip of zips: each level passes the per-archive limits, together they expand to inner × size."""
    one = zip_bytes({"数据.xlsx": _spread(size)})
    (folder / "套娃炸弹.zip").write_bytes(zip_bytes({f"第{i}包.zip": one for i in range(1, inner + 1)},
                                                    zipfile.ZIP_STORED))


def big_attachment(folder: Path, size: int = 64 * MiB, name: str = "大附件.eml") -> Path:
    """A mail with one big base64 attachment, written in a stream (never the whole attachment in memory)."""
    path = folder / name
    head = raw_mail([], subject="大附件").rsplit(b"--BB--", 1)[0]
    chunk = (bytes(range(256)) * (57 * 64))[: 57 * 1024]      # 57 bytes make one 76-character base64 line
    with open(path, "wb") as f:
        f.write(head + b"--BB\r\nContent-Type: application/octet-stream\r\n"
                       b'Content-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n')
        left = size
        while left > 0:
            part = chunk[:left]
            f.write(base64.encodebytes(part).replace(b"\n", b"\r\n"))
            left -= len(part)
        f.write(b"--BB--\r\n")
    return path


def unnamed_attachment(folder: Path) -> None:
    """Beside a named attachment, an xlsx part with neither a file name nor a Content-Disposition."""
    named = b64_part(b"Content-Type: " + XLSX_TYPE.encode() + '\r\nContent-Disposition: attachment; filename="有名.xlsx"'.encode(),
                     xlsx("有名"))
    unnamed = b64_part(b"Content-Type: " + XLSX_TYPE.encode(), xlsx("无名"))
    (folder / "无名附件.eml").write_bytes(raw_mail([named, unnamed], subject="无名附件"))


def forwarded_base64(folder: Path) -> None:
    """A forwarded mail attached as message/rfc822 with Content-Transfer-Encoding: base64 (some webmail does this)."""
    inner = mail("被转发的自评表", [("转发内.xlsx", xlsx("转发内"))], sender="inner@example.cn").as_bytes()
    part = b64_part('Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="原邮件.eml"'.encode(), inner)
    (folder / "转发base64.eml").write_bytes(raw_mail([part], subject="转发"))


def zip_dir_entry_with_data(folder: Path) -> None:
    """A zip entry whose name ends with '/' (a folder, by its name) that holds a workbook."""
    data = zip_bytes({"数据_": xlsx("目录条目"), "正常.xlsx": xlsx("正常条目")})
    (folder / "目录条目.zip").write_bytes(data.replace("数据_".encode(), "数据/".encode()))


CASES: dict[str, Callable[[Path], None]] = {
    "undecodable_names": undecodable_names,
    "control_and_markup_names": control_and_markup_names,
    "header_paren_bomb": header_paren_bomb,
    "fifo": fifo,
    "unix_socket": unix_socket,
    "device_links": device_links,
    "links_out": links_out,
    "links_in": links_in,
    "long_names": long_names,
    "zip_of_zips": zip_of_zips,
    "big_attachment": big_attachment,
    "unnamed_attachment": unnamed_attachment,
    "forwarded_base64": forwarded_base64,
    "zip_dir_entry_with_data": zip_dir_entry_with_data,
}


def build_all(folder: Path) -> Path:
    """Every case in one folder (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for build in CASES.values():
        build(folder)
    return folder
