"""Classify a submitted file by its bytes and vet OOXML zips before any spreadsheet library opens them."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from .ooxml import PartError, stream_xml

KINDS = ("xlsx", "xlsm", "xlsb", "xls", "encrypted", "docx", "pptx", "pdf", "zip", "ole", "empty",
         "truncated", "not_zip", "zip_bomb", "xml_bomb", "too_large", "html", "csv", "unknown")

_LABELS = dict(zip(KINDS, (
    "Excel 工作簿 .xlsx", "宏文件 .xlsm", "二进制工作簿 .xlsb", "旧版 .xls", "加密文件", "Word 文档",
    "PowerPoint 演示文稿", "PDF 文件", "压缩包", "旧版 Office 文件", "空文件", "文件损坏/不完整",
    "非 xlsx 内容", "异常压缩包", "异常 XML", "文件过大", "网页格式", "文本/CSV", "未知格式")))

_SAVE_AS = "请在 Excel/WPS 中打开后另存为“Excel 工作簿（*.xlsx）”再重新报送。"
_TEMPLATE = "请使用下发的 Excel 模板填报，另存为 .xlsx 后重新报送。"
_MESSAGES = {
    "xlsx": "文件「{name}」格式检查通过（.xlsx）。",
    "xlsm": "文件「{name}」是启用宏的工作簿（含 VBA 宏），出于安全考虑宏不会被运行、也不接收带宏文件。" + _SAVE_AS,
    "xlsb": "文件「{name}」是 Excel 二进制工作簿（.xlsb），无法校验，其中的宏不会被运行。" + _SAVE_AS,
    "xls": "文件「{name}」是旧版 Excel 97-2003 格式（.xls），请用 Excel/WPS 另存为 .xlsx 后重新报送。",
    "encrypted": "文件「{name}」已加密（设置了打开密码），无法读取内容。请取消密码后重新报送"
                 "（Excel：文件→信息→保护工作簿→用密码进行加密，清空密码并保存）。",
    "docx": "文件「{name}」实际是 Word 文档，不是 Excel 表格。" + _TEMPLATE,
    "pptx": "文件「{name}」实际是 PowerPoint 演示文稿，不是 Excel 表格。" + _TEMPLATE,
    "pdf": "文件「{name}」是 PDF 文件，无法读取其中的数据。" + _TEMPLATE + "（盖章扫描件可另行附送。）",
    "zip": "文件「{name}」是压缩包或其他非 Excel 文件，不是 Excel 工作簿。请解压后单独报送其中的 .xlsx 文件，或" + _TEMPLATE[1:],
    "ole": "文件「{name}」是旧版 Office 文件（如 Word .doc、Outlook 邮件 .msg），不是 Excel 工作簿。" + _TEMPLATE,
    "empty": "文件「{name}」是空文件（0 字节），可能是附件上传或传输失败，请重新发送。",
    "truncated": "文件「{name}」已损坏或不完整，无法打开，可能是下载或邮件传输中断所致。"
                 "请确认文件能在 Excel/WPS 中正常打开后重新发送。",
    "not_zip": "文件「{name}」的扩展名是 {ext}，但内容不是有效的 Excel 工作簿（可能是改了扩展名的其他文件或已损坏）。" + _SAVE_AS,
    "zip_bomb": "文件「{name}」的压缩结构异常（{reason}），出于安全考虑不予打开。" + _TEMPLATE,
    "xml_bomb": "文件「{name}」内部含有不允许的 XML 结构（DTD/实体声明），出于安全考虑不予打开。" + _TEMPLATE,
    "too_large": "文件「{name}」大小为 {size_mb:.1f} MB，超过上限 {limit_mb:.0f} MB，不予处理。"
                 "请删除无关的工作表、图片后另存为 .xlsx 重新报送。",
    "html": "文件「{name}」实际是网页（HTML）格式，只是扩展名为 {ext}（常见于业务系统导出），无法按 Excel 校验。" + _SAVE_AS,
    "csv": "文件「{name}」是纯文本（逗号/制表符分隔）格式，不是 Excel 工作簿，无法识别模板结构。" + _TEMPLATE,
    "unknown": "文件「{name}」的格式无法识别，不是 Excel 工作簿。" + _TEMPLATE,
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = ("<html", "<!doctype html", "<table", "<head", "<meta", "<body", "mime-version:")
_MiB = 2**20
# Main-part content types (lower case), most specific first; only <Override> elements are consulted.
_MAIN_TYPES = (
    ("xlsb", "ms-excel.sheet.binary.macroenabled.main"),
    ("xlsm", "ms-excel.sheet.macroenabled.main+xml"),
    ("xlsm", "ms-excel.template.macroenabled.main+xml"),
    ("xlsx", "spreadsheetml.sheet.main+xml"),
    ("xlsx", "spreadsheetml.template.main+xml"),
    ("docx", "wordprocessingml"),
    ("pptx", "presentationml"),
)


@dataclass(frozen=True)
class Sniff:
    kind: str
    ok: bool
    message: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * _MiB
    max_members: int = 2000
    max_uncompressed_bytes: int = 500 * _MiB
    max_ratio: float = 200.0  # per member uncompressed/compressed, for members > 1 MiB
    max_xml_member_bytes: int = 200 * _MiB
    # Checked by the reader (streamed) before a spreadsheet library opens the file:
    max_cells: int = 5_000_000                  # dense A1-based grid of one sheet (its last row × last column)
    max_shared_strings: int = 1_000_000         # <si> entries: every one becomes a string in memory on opening
    max_shared_strings_bytes: int = 100 * _MiB  # the shared-strings part, uncompressed


_PART_TOO_LARGE = "内部 XML 部件过大"


def describe_kind(kind: str) -> str:
    """Short Chinese label for a kind."""
    return _LABELS.get(kind, "未知格式")


def _result(kind: str, name: str, detail: dict, **fmt) -> Sniff:
    message = _MESSAGES[kind].format(name=name, ext=detail.get("extension") or "（无）", **fmt)
    return Sniff(kind, kind == "xlsx", message, detail)


def sniff(path: Path, limits: Limits = Limits(), *, container: bool = False) -> Sniff:
    """Classify `path` by content; ok is True only for a plain .xlsx that passed the safety checks. `container`: only
    what kind of file it is (intake's question), without reading the workbook part (the reader's vet does)."""
    path = Path(path)
    name = path.name
    detail: dict = {"extension": path.suffix.lower(), "size": None}
    try:
        size = path.stat().st_size
        detail["size"] = size
        if size > limits.max_file_bytes:  # decide before reading anything
            return _result("too_large", name, detail, size_mb=size / _MiB, limit_mb=limits.max_file_bytes / _MiB)
        if size == 0:
            return _result("empty", name, detail)
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as exc:
        detail["error"] = f"{type(exc).__name__}: {exc}"
        return _result("unknown", name, detail)
    if head.startswith(b"%PDF"):
        return _result("pdf", name, detail)
    if head.startswith(_OLE_MAGIC):
        return _result(_sniff_ole(path, detail), name, detail)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind, reason = _sniff_zip(path, limits, detail, container)
        return _result(kind, name, detail, reason=reason)
    kind = _sniff_text(head, len(head) == 8192, detail)
    if kind == "unknown" and detail["extension"] in (".xlsx", ".xlsm", ".xltx", ".xlsb"):
        kind = "not_zip"
    return _result(kind, name, detail)


def _sniff_ole(path: Path, detail: dict) -> str:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            detail["streams"] = sorted(streams)[:50]
            lower = {s.lower() for s in streams}
            if {"encryptioninfo", "encryptedpackage"} & lower:
                return "encrypted"
            book = next((s for s in streams if s.lower() in ("workbook", "book")), None)
            if book is None:
                return "ole"
            with ole.openstream(book) as stream:
                head = stream.read(4096)
    except Exception as exc:  # olefile raises assorted errors on malformed containers
        detail["error"] = f"{type(exc).__name__}: {exc}"
        return "truncated"
    detail["xls_encrypted"] = _xls_has_filepass(head)
    return "encrypted" if detail["xls_encrypted"] else "xls"


def _xls_has_filepass(data: bytes) -> bool:
    """True if the BIFF globals substream starts with a FILEPASS record (legacy .xls password)."""
    pos = 0
    while pos + 4 <= len(data):
        rtype, rlen = int.from_bytes(data[pos:pos + 2], "little"), int.from_bytes(data[pos + 2:pos + 4], "little")
        if rtype == 0x002F:
            return True
        if rtype in (0x000A, 0x0085, 0x00FC):  # EOF, BOUNDSHEET, SST: past where FILEPASS may sit
            return False
        pos += 4 + rlen
    return False


def _sniff_zip(path: Path, limits: Limits, detail: dict, container: bool = False) -> tuple[str, str]:
    # Pre-check the end-of-central-directory record so a huge directory is never loaded.
    end_rec = getattr(zipfile, "_EndRecData", None)
    if end_rec is not None:
        try:
            with open(path, "rb") as f:
                end = end_rec(f)
        except Exception:
            end = None
        if end is None:
            return "truncated", ""
        detail["members"] = end[4]
        if end[4] > limits.max_members:
            return "zip_bomb", "压缩包内文件数量过多"
        if end[5] > limits.max_members * 1024:
            return "zip_bomb", "压缩包目录异常庞大"
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, OSError, ValueError, ... on a broken central directory
        detail["error"] = f"{type(exc).__name__}: {exc}"
        return "truncated", ""
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        big = [i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > _MiB]
        detail.update(members=len(infos), uncompressed_total=total, max_ratio=max(big, default=0.0))
        if len(infos) > limits.max_members:
            return "zip_bomb", "压缩包内文件数量过多"
        if total > limits.max_uncompressed_bytes:
            return "zip_bomb", "解压后体积过大"
        if detail["max_ratio"] > limits.max_ratio:
            return "zip_bomb", "压缩比异常"
        if any(i.file_size > limits.max_xml_member_bytes for i in infos if i.filename.lower().endswith((".xml", ".rels"))):
            return "zip_bomb", _PART_TOO_LARGE
        parts = {i.filename.lower(): i for i in infos}
        if len(parts) != len(infos):  # readers disagree on which duplicate wins
            return "zip_bomb", "压缩包内有重复的文件名"
        detail["has_vba"] = "xl/vbaproject.bin" in parts
        ctypes_info = parts.get("[content_types].xml")
        if ctypes_info is None:
            return "zip", ""
        overrides: dict[str, str] = {}

        def collect(tag, attrs):
            if tag == "Override":
                overrides[attrs.get("PartName", "").lstrip("/").lower()] = attrs.get("ContentType", "").lower()

        failed = _parse(zf, ctypes_info, limits, collect)
        if failed:
            return failed
        detail["has_vba"] |= any("vbaproject" in ct for ct in overrides.values())
        kind, main = next(((k, part) for k, needle in _MAIN_TYPES for part, ct in overrides.items() if needle in ct),
                          ("zip", None))
        detail["main_part"], detail["content_type"] = main, overrides.get(main)
        if kind != "xlsx" or detail["has_vba"]:  # sheet.main content type + vbaProject.bin counts as xlsm
            return ("xlsm" if kind == "xlsx" else kind), ""
        if main not in parts:
            return "truncated", ""
        if container:
            return "xlsx", ""
        sheets: list[str] = []

        def collect_sheet(tag, attrs):
            if tag == "sheet":
                sheets.append(attrs.get("name", ""))

        failed = _parse(zf, parts[main], limits, collect_sheet)
        detail["sheets"] = sheets
        return failed or ("xlsx", "")


def unparsed(path: Path, kind: str, detail: dict) -> Sniff:
    """What sniff() says of a package whose workbook part fails to parse with PartError `kind` (the reader parses
    that part itself after a sniff(container=True))."""
    kind, reason = _part_failed(kind)
    return _result(kind, Path(path).name, detail, reason=reason)


def _part_failed(kind: str) -> tuple[str, str]:
    """(kind, reason) of a part that fails to parse with PartError `kind`."""
    return kind, (_PART_TOO_LARGE if kind == "zip_bomb" else "")


def _parse(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, on_start) -> tuple[str, str] | None:
    """Stream one member (ooxml.stream_xml: DTDs refused, byte cap) with on_start(local tag, attrs); return
    (kind, reason) on failure."""
    try:
        stream_xml(zf, info, limits.max_xml_member_bytes, on_start)
    except PartError as e:
        return _part_failed(e.kind)
    return None


def _sniff_text(head: bytes, partial: bool, detail: dict) -> str:
    """Recognise HTML disguised as a spreadsheet and delimited plain text."""
    encodings = ("utf-8", "gb18030")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head, encodings = head[len(bom):], (enc,)
            break
    lead = head[:4096].decode(encodings[0], errors="replace").lstrip().lower()
    if lead.startswith(_HTML_STARTS) or (lead.startswith("<?xml") and "<html" in lead):
        return "html"
    for enc in encodings:
        for cut in range(4 if partial else 1):  # a full head may end inside a multibyte character
            try:
                text = head[:len(head) - cut].decode(enc)
            except UnicodeDecodeError:
                continue
            detail["encoding"] = enc
            if not text.strip() or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
                return "unknown"
            lines = [ln for ln in text.splitlines() if ln.strip()][:20]
            return "csv" if any(d in ln for ln in lines for d in (",", "\t", "，")) else "unknown"
    return "unknown"
