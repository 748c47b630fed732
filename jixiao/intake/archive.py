"""Plain zip archives → member files copied into work_dir under safe names, with bomb and encryption checks."""
from __future__ import annotations

import shutil
import zipfile
import zlib
from pathlib import Path

from ..workbook.sniff import sniff
from .rules import ARCHIVE_BOMB, BAD_ARCHIVE
from .submission import SEP, is_junk

_MiB = 2**20
_UTF8_FLAG, _ENCRYPTED_FLAG = 0x800, 0x1


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the sender saw it: names without the UTF-8 flag are usually GBK (Windows zip tools)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")       # undo zipfile's cp437 reading
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _bomb_detail(detail: dict) -> str:
    parts = []
    if detail.get("members") is not None:
        parts.append(f"{detail['members']} 个文件")
    if detail.get("uncompressed_total") is not None:
        parts.append(f"解压后共 {detail['uncompressed_total'] / _MiB:.0f} MiB")
    if detail.get("max_ratio"):
        parts.append(f"最大压缩比 {detail['max_ratio']:.0f}:1")
    return "，".join(parts) or "压缩结构异常"


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, cap: int) -> int:
    """Stream one member to target, never writing more than cap bytes; returns the size written."""
    written = 0
    with zf.open(info) as src, open(target, "xb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > cap:
                raise OverflowError
            dst.write(chunk)
    return written


def read_zip(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """Extract every member (in central-directory order) and hand each to the sink."""
    limits = sink.limits
    checked = sniff(path, limits)              # reads only the directory: counts, declared sizes, ratios
    if checked.kind == "zip_bomb":
        sink.finding(ARCHIVE_BOMB, origin, _bomb_detail(checked.detail))
        return f"failed:{ARCHIVE_BOMB}"
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:                   # BadZipFile, OSError, ValueError on a broken directory
        sink.finding(BAD_ARCHIVE, origin, f"压缩包已损坏，无法打开（{type(exc).__name__}）")
        return f"failed:{BAD_ARCHIVE}"
    total = 0
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        sink.count("archive_members", len(infos))
        for info in infos:
            name = member_name(info)
            where = f"{origin}{SEP}{name}"
            if is_junk(name):
                sink.skip(where)
                continue
            if info.flag_bits & _ENCRYPTED_FLAG:
                sink.finding(BAD_ARCHIVE, where, "压缩包内的文件设置了解压密码")
                continue
            room = limits.max_uncompressed_bytes - total
            if info.file_size > room:
                sink.finding(ARCHIVE_BOMB, where, f"解压后累计超过 {limits.max_uncompressed_bytes / _MiB:.0f} MiB")
                break
            target = sink.reserve(name)
            try:
                total += _copy(zf, info, target, min(info.file_size, room))
            except OverflowError:
                shutil.rmtree(target.parent, ignore_errors=True)
                sink.finding(ARCHIVE_BOMB, where, "解压出的内容多于压缩包声明的大小")
                break
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError) as exc:
                shutil.rmtree(target.parent, ignore_errors=True)
                sink.finding(BAD_ARCHIVE, where, f"压缩包内的文件已损坏或压缩方式不受支持（{type(exc).__name__}）")
                continue
            sink.dispatch(target, Path(name.replace("\\", "/")).name or name, where, depth + 1, meta,
                          {"member": name})
    return "opened"
