"""Tests for jixiao.workbook.sniff: every case is crafted from scratch in tmp_path."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.workbook.sniff import KINDS, Limits, Sniff, describe_kind, sniff

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSB_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_sniff(result: Sniff, path: Path, kind: str, ok: bool = False) -> None:
    assert result.kind == kind, (result.kind, result.message, result.detail)
    assert result.ok is ok
    assert path.name in result.message
    assert CJK.search(result.message)
    assert describe_kind(kind) and CJK.search(describe_kind(kind))


def real_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "项目支出绩效自评表"
    wb.active["A1"] = "项目名称"
    wb.save(path)
    return path


def content_types(main_part: str, main_type: str, extra: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/>{extra}</Types>')


def craft_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def craft_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """Minimal OLE2/CFB v3 writer: 512-byte sectors, one FAT sector, one directory sector, no mini stream."""
    assert 1 <= len(streams) <= 3
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat, data, dir_entries = [fatsect, end], b"", []
    for i, (name, payload) in enumerate(streams.items()):
        payload = payload.ljust(max(4096, -(-len(payload) // 512) * 512), b"\0")  # >= cutoff: regular FAT
        start, count = len(fat), len(payload) // 512
        fat += [start + k + 1 for k in range(count - 1)] + [end]
        right = i + 2 if i + 1 < len(streams) else nostream
        dir_entries.append((name, 2, nostream, right, nostream, start, len(payload)))
        data += payload
    assert len(fat) <= 128
    root = ("Root Entry", 5, nostream, nostream, 1, end, 0)
    unused = [("", 0, nostream, nostream, nostream, 0, 0)] * (3 - len(dir_entries))
    directory = b""
    for name, typ, left, right, child, start, size in [root, *dir_entries, *unused]:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        directory += (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), typ, 1, left, right, child)
                      + b"\0" * 36 + struct.pack("<IQ", start, size))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))
    path.write_bytes(header + fat_sector + directory + data)
    return path


def biff(rtype: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


BOF = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))


# --- OOXML -----------------------------------------------------------------------------------


def test_real_xlsx_ok(tmp_path):
    path = real_xlsx(tmp_path / "某单位绩效自评表.xlsx")
    result = sniff(path)
    assert_sniff(result, path, "xlsx", ok=True)
    assert result.detail["has_vba"] is False
    assert result.detail["sheets"] == ["项目支出绩效自评表"]
    assert result.detail["members"] >= 5 and result.detail["uncompressed_total"] > 0


def test_xlsx_with_wrong_extension_is_still_xlsx(tmp_path):
    path = real_xlsx(tmp_path / "报表.xls")
    result = sniff(path)
    assert_sniff(result, path, "xlsx", ok=True)
    assert result.detail["extension"] == ".xls"


def test_docx_like(tmp_path):
    path = craft_zip(tmp_path / "说明.xlsx", {"[Content_Types].xml": content_types("word/document.xml", DOCX_MAIN),
                                              "word/document.xml": "<w:document xmlns:w='x'/>"})
    assert_sniff(sniff(path), path, "docx")


def test_xlsm_like_with_vba(tmp_path):
    path = craft_zip(tmp_path / "带宏.xlsm", {"[Content_Types].xml": content_types("xl/workbook.xml", XLSM_MAIN),
                                            "xl/workbook.xml": "<workbook/>", "xl/vbaProject.bin": b"\x01" * 64})
    result = sniff(path)
    assert_sniff(result, path, "xlsm")
    assert result.detail["has_vba"] is True
    assert "宏不会被运行" in result.message and ".xlsx" in result.message


def test_xlsx_content_type_with_vba_project_is_xlsm(tmp_path):
    src = real_xlsx(tmp_path / "src.xlsx")
    path = tmp_path / "伪装.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    result = sniff(path)
    assert_sniff(result, path, "xlsm")
    assert result.detail["has_vba"] is True


def test_xlsb(tmp_path):
    path = craft_zip(tmp_path / "二进制.xlsb", {"[Content_Types].xml": content_types("xl/workbook.bin", XLSB_MAIN),
                                              "xl/workbook.bin": b"\0" * 32})
    result = sniff(path)
    assert_sniff(result, path, "xlsb")
    assert "宏不会被运行" in result.message


def test_plain_zip(tmp_path):
    path = craft_zip(tmp_path / "附件.zip", {"a.txt": "hello", "b/c.xlsx": b"PK"})
    assert_sniff(sniff(path), path, "zip")


def test_truncated_xlsx(tmp_path):
    data = real_xlsx(tmp_path / "src.xlsx").read_bytes()
    path = tmp_path / "下载中断.xlsx"
    path.write_bytes(data[: len(data) // 2])
    result = sniff(path)
    assert_sniff(result, path, "truncated")
    assert "损坏" in result.message or "不完整" in result.message


def test_xml_bomb_in_workbook_xml(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
            + ']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol9;</workbook>')
    src = real_xlsx(tmp_path / "src.xlsx")
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, bomb if info.filename == "xl/workbook.xml" else zin.read(info))
    assert_sniff(sniff(path), path, "xml_bomb")


@pytest.mark.parametrize("part, kind", [
    ('<!DOCTYPE w [<!ENTITY a "b">]><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&a;'
     '</workbook>', "xml_bomb"),
    ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet', "truncated"),
])
def test_the_reader_tells_a_broken_workbook_part_as_sniff_does(tmp_path, part, kind):
    """The reader sniffs only the container and parses the workbook part itself: a part it cannot parse is reported
    with the very message and kind sniff() gives."""
    from jixiao.workbook.reader import ReadError, vet
    src, path = real_xlsx(tmp_path / "src.xlsx"), tmp_path / "坏的工作簿部件.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, part if info.filename == "xl/workbook.xml" else zin.read(info))
    said = sniff(path)
    assert said.kind == kind
    with pytest.raises(ReadError) as read:
        vet(path)
    assert (read.value.kind, str(read.value)) == (kind, said.message)


def test_dtd_in_content_types(tmp_path):
    ct = content_types("xl/workbook.xml", XLSX_MAIN).replace("<Types", '<!DOCTYPE Types SYSTEM "http://x/t.dtd"><Types', 1)
    path = craft_zip(tmp_path / "dtd.xlsx", {"[Content_Types].xml": ct, "xl/workbook.xml": "<workbook/>"})
    assert_sniff(sniff(path), path, "xml_bomb")


def test_zip_bomb_ratio(tmp_path):
    path = tmp_path / "压缩炸弹.xlsx"
    chunk = b"\0" * (4 * 2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types("xl/workbook.xml", XLSX_MAIN))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(75):  # 300 MiB of zeros, compresses to ~300 KB
                member.write(chunk)
    assert path.stat().st_size < 2 * 2**20
    result = sniff(path)
    assert_sniff(result, path, "zip_bomb")
    assert result.detail["max_ratio"] > 200


def test_zip_bomb_declared_total(tmp_path):
    path = craft_zip(tmp_path / "大.xlsx", {"[Content_Types].xml": content_types("xl/workbook.xml", XLSX_MAIN),
                                          "xl/workbook.xml": "<workbook/>", "xl/media/a.bin": b"x" * 5000})
    limits = Limits(max_uncompressed_bytes=2000)
    assert_sniff(sniff(path, limits), path, "zip_bomb")


def test_zip_bomb_member_count(tmp_path):
    path = tmp_path / "成员过多.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(5000):
            zf.writestr(f"m/{i}.xml", b"")
    result = sniff(path)
    assert_sniff(result, path, "zip_bomb")
    assert result.detail["members"] == 5000


def test_duplicate_member_names(tmp_path):
    path = tmp_path / "重复.xlsx"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", content_types("xl/workbook.xml", XLSX_MAIN))
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert_sniff(sniff(path), path, "zip_bomb")


def test_missing_main_part_is_damaged(tmp_path):
    path = craft_zip(tmp_path / "缺部件.xlsx", {"[Content_Types].xml": content_types("xl/workbook.xml", XLSX_MAIN)})
    assert_sniff(sniff(path), path, "truncated")


# --- OLE2 ------------------------------------------------------------------------------------


def test_legacy_xls(tmp_path):
    path = craft_cfb(tmp_path / "旧表.xls", {"Workbook": BOF + biff(0x0085, b"\0" * 8) + biff(0x000A)})
    result = sniff(path)
    assert_sniff(result, path, "xls")
    assert "Workbook" in result.detail["streams"]
    assert "另存为 .xlsx" in result.message


def test_legacy_xls_with_password(tmp_path):
    path = craft_cfb(tmp_path / "加密旧表.xls", {"Workbook": BOF + biff(0x002F, b"\x01\0" + b"\0" * 52) + biff(0x000A)})
    assert_sniff(sniff(path), path, "encrypted")


def test_encrypted_crafted_cfb(tmp_path):
    path = craft_cfb(tmp_path / "加密.xlsx", {"EncryptionInfo": b"\x04\0\x04\0", "EncryptedPackage": b"\0" * 16})
    result = sniff(path)
    assert_sniff(result, path, "encrypted")
    assert "取消密码" in result.message


def test_encrypted_real_xlsx(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    src = real_xlsx(tmp_path / "src.xlsx")
    out = io.BytesIO()
    with open(src, "rb") as f:
        OOXMLFile(f).encrypt("123456", out)
    path = tmp_path / "有密码.xlsx"
    path.write_bytes(out.getvalue())
    assert_sniff(sniff(path), path, "encrypted")


def test_other_ole(tmp_path):
    path = craft_cfb(tmp_path / "通知.doc", {"WordDocument": b"\xec\xa5" + b"\0" * 100})
    assert_sniff(sniff(path), path, "ole")


def test_broken_ole(tmp_path):
    path = tmp_path / "坏.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)
    assert_sniff(sniff(path), path, "truncated")


# --- other content ---------------------------------------------------------------------------


def test_pdf(tmp_path):
    path = tmp_path / "盖章件.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert_sniff(sniff(path), path, "pdf")


@pytest.mark.parametrize("text", [
    "\ufeff  <html xmlns:o='urn:schemas-microsoft-com:office:office'><body><table><tr><td>1</td></tr></table>",
    "<!DOCTYPE html><html><body></body></html>",
    "\n\n<table border=1><tr><td>项目</td></tr></table>",
])
def test_html_disguised_as_xls(tmp_path, text):
    path = tmp_path / "系统导出.xls"
    path.write_text(text, encoding="utf-8")
    result = sniff(path)
    assert_sniff(result, path, "html")
    assert ".xls" in result.message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-16"])
def test_csv_renamed_xlsx(tmp_path, encoding):
    path = tmp_path / "数据.xlsx"
    path.write_text("项目名称,预算数,执行数\n办公经费,100,95\n", encoding=encoding)
    assert_sniff(sniff(path), path, "csv")


def test_tab_separated(tmp_path):
    path = tmp_path / "数据.xls"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert_sniff(sniff(path), path, "csv")


def test_non_zip_renamed_xlsx(tmp_path):
    path = tmp_path / "截图.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = sniff(path)
    assert_sniff(result, path, "not_zip")
    assert ".xlsx" in result.message


def test_unknown_binary(tmp_path):
    path = tmp_path / "图片.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert_sniff(sniff(path), path, "unknown")


def test_empty(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    result = sniff(path)
    assert_sniff(result, path, "empty")
    assert "重新发送" in result.message


def test_too_large_checked_before_reading(tmp_path):
    path = tmp_path / "超大.xlsx"
    with open(path, "wb") as f:
        f.truncate(2048)  # sparse; content never read
    result = sniff(path, Limits(max_file_bytes=1024))
    assert_sniff(result, path, "too_large")
    assert result.detail["size"] == 2048


def test_missing_file_does_not_raise(tmp_path):
    path = tmp_path / "不存在.xlsx"
    assert_sniff(sniff(path), path, "unknown")


def test_describe_kind_covers_all_kinds():
    labels = {kind: describe_kind(kind) for kind in KINDS}
    assert labels["xls"] == "旧版 .xls" and labels["encrypted"] == "加密文件" and labels["xlsm"] == "宏文件 .xlsm"
    assert all(CJK.search(label) for label in labels.values())
    assert describe_kind("no-such-kind") == "未知格式"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096),
       prefix=st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<table", b"a,b\n"]))
def test_never_raises_on_random_bytes(tmp_path, data, prefix):
    path = tmp_path / "随机.xlsx"
    path.write_bytes(prefix + data)
    result = sniff(path)
    assert result.kind in KINDS
    assert result.ok == (result.kind == "xlsx")
    assert path.name in result.message and CJK.search(result.message)
