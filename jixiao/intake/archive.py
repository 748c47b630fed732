"""Plain zip archives → member files copied into work_dir under safe names, with bomb and encryption checks."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..workbook.sniff import sniff
from .rules import ARCHIVE_BOMB, BAD_ARCHIVE
from ..workbook.safe import printable
from .submission import SEP, BudgetSpent, is_junk

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


def read_zip(sink, path: Path, origin: str, depth: int, meta: dict) -> str:
    """Extract every member (in central-directory order), streaming it into work_dir within the run's budgets (shared
    with every enclosing archive and mail), and hand each to the sink."""
    checked = sniff(path, sink.limits)         # reads only the directory: counts, declared sizes, ratios
    if checked.kind == "zip_bomb":
        sink.finding(ARCHIVE_BOMB, origin, _bomb_detail(checked.detail))
        return f"failed:{ARCHIVE_BOMB}"
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:                   # BadZipFile, OSError, ValueError on a broken directory
        sink.finding(BAD_ARCHIVE, origin, f"压缩包已损坏，无法打开（{type(exc).__name__}）")
        return f"failed:{BAD_ARCHIVE}"
    with zf:
        # a name ending in "/" is a folder, unless it holds data: then it is a file with an odd name, and taken
        infos = [i for i in zf.infolist() if not (i.is_dir() and i.file_size == 0)]
        sink.count("archive_members", len(infos))
        for n, info in enumerate(infos):
            name = printable(member_name(info))
            where = f"{origin}{SEP}{name}"
            if is_junk(name):
                sink.skip(where)
                continue
            if info.flag_bits & _ENCRYPTED_FLAG:
                sink.finding(BAD_ARCHIVE, where, "压缩包内的文件设置了解压密码")
                continue
            shown = Path(name.replace("\\", "/").rstrip("/")).name or name.strip("/\\") or "未命名文件"
            if info.file_size > sink.budget.room():
                sink.over_budget(where, sink.budget.error(), len(infos) - n - 1)
                break
            try:
                with zf.open(info) as src:
                    target = sink.copy(shown, src, cap=info.file_size)
            except BudgetSpent as exc:
                sink.over_budget(where, exc, len(infos) - n - 1)
                break
            except OverflowError:
                sink.finding(ARCHIVE_BOMB, where, "解压出的内容多于压缩包声明的大小")
                break
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError,
                    ValueError) as exc:
                sink.finding(BAD_ARCHIVE, where, f"压缩包内的文件已损坏或压缩方式不受支持（{type(exc).__name__}）")
                continue
            facts = {"member": name, **({"folder_like_name": True} if info.is_dir() else {})}
            sink.dispatch(target, shown, where, depth + 1, meta, facts)
    return "opened"
