"""Intake: folders, zip, .eml, mbox and .msg in any nesting → submissions with provenance; every input accounted for."""
from __future__ import annotations

import base64
import hashlib
import io
import mailbox
import zipfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import extract_msg
import openpyxl
import pytest

from jixiao.batch import reconcile
from tests.hostile.intake_cases import xlsx
from jixiao.intake import Intake, classify, collect, is_junk, safe_name, write_msg
from jixiao.intake.submission import natural_key
from jixiao.rules.finding import FileReport
from jixiao.rules.registry import RULES
from jixiao.workbook.sniff import Limits

CST = timezone(timedelta(hours=8))
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")



def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mail(subject: str, sender: str, day: int, attachments=(), *, html_image: bool = False, body: str = "请查收。",
         message_id: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, sender, "jxk@czj.example.gov.cn"
    msg["Date"] = format_datetime(datetime(2024, 3, day, 9, 30, tzinfo=CST))
    msg["Message-ID"] = message_id or f"<m{day}-{abs(hash(subject)) % 10**6}@example.cn>"
    msg.set_content(body)
    if html_image:
        msg.add_alternative(f'<p>{body}<img src="cid:logo@x"></p>', subtype="html")
        msg.get_payload()[1].add_related(PNG, "image", "png", cid="<logo@x>")
    for name, data in attachments:
        if isinstance(data, EmailMessage):
            msg.add_attachment(data, filename=name)
        else:
            msg.add_attachment(data, *XLSX_TYPE, filename=name)
    return msg


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def gbk_zip(members: dict[str, bytes]) -> bytes:
    """Zip whose member names are GBK bytes without the UTF-8 flag (what Windows zip tools write)."""
    placeholders = {f"{i:0{len(n.encode('gbk'))}d}": n for i, n in enumerate(members)}
    data = zip_bytes({p: members[n] for p, n in placeholders.items()})
    for p, n in placeholders.items():
        data = data.replace(p.encode(), n.encode("gbk"))
    return data


def encrypted_zip(name: str, payload: bytes) -> bytes:
    """Set the 'encrypted' flag bit on the member (local and central headers); real encryption is not needed."""
    data = bytearray(zip_bytes({name: payload}))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(sig) + offset
        data[at] |= 0x01
    return bytes(data)


def zip_bomb(path: Path) -> Path:
    """200 MiB of zeros, deflated to a few hundred KiB, written in a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("自评表.xlsx", "w", force_zip64=True) as w:
        chunk = b"\0" * 2**20
        for _ in range(200):
            w.write(chunk)
    return path


def foxmail_eml(a: bytes, b: bytes) -> bytes:
    """Hand-written like Foxmail/Outlook CN: GB2312 RFC 2047 names inside quotes and a raw 8-bit GBK filename."""
    def words(text: str) -> str:
        return f"=?gb2312?B?{base64.b64encode(text.encode('gb2312')).decode()}?="
    head = (f"From: {words('卫健委')} <WJW@Example.cn>\r\nTo: jxk@czj.example.gov.cn\r\n"
            f"Subject: {words('卫健委报送自评表')}\r\nDate: Tue, 05 Mar 2024 10:00:00 +0800\r\n"
            "Message-ID: <fox-1@example.cn>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n'
            "--BB\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nhi\r\n"
            f'--BB\r\nContent-Type: application/octet-stream; name="{words("卫健委自评表")}.xlsx"\r\n'
            f'Content-Disposition: attachment; filename="{words("卫健委自评表")}.xlsx"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n").encode()
    raw_name = b'--BB\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="' \
        + "预算表.xlsx".encode("gbk") + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    return (head + base64.encodebytes(a) + b"\r\n" + raw_name + base64.encodebytes(b) + b"\r\n--BB--\r\n")


def tree_hashes(root: Path, exclude: Path | None = None) -> dict[str, str]:
    return {str(p): sha(p.read_bytes()) for p in sorted(root.rglob("*"))
            if p.is_file() and not (exclude and exclude in p.parents)}


@pytest.fixture(scope="module")
def books() -> dict[str, bytes]:
    return {k: xlsx(f"表{k}") for k in "ABCDEFGHIJ"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, books) -> Path:
    """A bureau's folder of everything it received, built only with the stdlib (and our .msg writer)."""
    root = tmp_path_factory.mktemp("in") / "收件"
    (root / "子目录").mkdir(parents=True)
    a, b, c, d, e, f, g, h, i, j = (books[k] for k in "ABCDEFGHIJ")
    inner_zip = zip_bytes({"卫生局.xlsx": c})
    material = gbk_zip({"教育局/项目支出绩效自评表.xlsx": b, "内层.zip": inner_zip})
    assert not any(m.flag_bits & 0x800 for m in zipfile.ZipFile(io.BytesIO(material)).infolist())
    edu = mail("关于报送2023年度项目支出绩效自评表的函", "教育局 张三 <Edu.Bureau@Example.CN>", 1,
               [("教育局绩效自评表.xlsx", a), ("材料.zip", material)], html_image=True, message_id="<edu-1@example.cn>")
    (root / "教育局.eml").write_bytes(edu.as_bytes())
    assert b"filename*0*=utf-8''" in edu.as_bytes()          # RFC 2231 with continuations

    box = mailbox.mbox(root / "收件箱.mbox")
    box.add(mail("交通局自评表", "jt@example.cn", 2, [("交通局自评表.xlsx", d)]))
    box.add(mail("自评表（忘带附件）", "Forgot@Example.cn", 3))
    box.add(mail("重发教育局自评表", "edu.bureau@example.cn", 4, [("自评表（重发）.xlsx", a)]))
    box.flush()
    box.close()

    when = datetime(2024, 3, 6, 8, 0, tzinfo=CST)
    inner_msg = dict(subject="转发：水务局自评", sender="sw@example.cn", date=when, body="转发",
                     attachments=[("水务局自评表.xlsx", f)])
    write_msg(root / "财政局.msg", "财政局报送自评表", "CZJ@Example.cn", when, "见附件",
              [("财政局自评表.xlsx", e), ("转发的邮件.msg", inner_msg)], sender_name="财政局 李四",
              message_id="<czj-1@example.cn>")

    original = mail("农业局自评表", "nyj@example.cn", 7, [("农业局自评表.xlsx", g)], message_id="<nyj-1@example.cn>")
    (root / "转发.eml").write_bytes(mail("转发：农业局自评表", "clerk@czj.example.gov.cn", 8,
                                         [("原邮件.eml", original)]).as_bytes())
    (root / "foxmail.eml").write_bytes(foxmail_eml(h, i))

    (root / "slip.zip").write_bytes(zip_bytes({"../../evil.xlsx": j, "/abs/evil2.xlsx": j + b" ",
                                               "..\\..\\evil3.xlsx": j + b"  "}))
    bomb = zip_bomb(root / "bomb.zip.tmp")
    (root / "炸弹.eml").write_bytes(mail("压缩包", "bomb@example.cn", 9, [("炸弹.zip", bomb.read_bytes())]).as_bytes())
    bomb.unlink()
    (root / "加密.zip").write_bytes(encrypted_zip("加密表.xlsx", b))
    (root / "损坏.zip").write_bytes(b"PK\x03\x04" + b"\x13\x37" * 200)
    (root / "坏邮件.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    level = zip_bytes({"最里层.xlsx": b})
    for n in (3, 2, 1):
        level = zip_bytes({f"第{n}层.zip": level})
    (root / "子目录" / "套娃.zip").write_bytes(level)
    (root / "子目录" / "说明.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")
    (root / "子目录" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "~$教育局绩效自评表.xlsx").write_bytes(b"lock")
    return root


@pytest.fixture(scope="module")
def result(inbox, tmp_path_factory):
    before = tree_hashes(inbox.parent)
    work = tmp_path_factory.mktemp("work")
    intake = collect([inbox], work)
    return intake, work, before


def by_name(intake: Intake, name: str):
    found = [s for s in intake.submissions if s.name == name]
    assert found, f"{name} not among {[s.name for s in intake.submissions]}"
    return found


def codes(intake: Intake, code: str) -> list[str]:
    return [f.file for f in intake.findings if f.code == code]


# --- the whole inbox ---------------------------------------------------------------------


def test_inputs_unchanged_and_nothing_written_outside_work_dir(inbox, result):
    intake, work, before = result
    assert tree_hashes(inbox.parent) == before
    for sub in intake.submissions:
        assert sub.path.is_file()
        assert sub.path.parent.parent == work or inbox in sub.path.parents
    assert not any(p.name.startswith("evil") for p in inbox.parent.parent.rglob("*") if work not in p.parents)


def test_every_input_file_is_accounted_for(inbox, result):
    intake, _, _ = result
    found = sorted(str(p) for p in inbox.rglob("*") if p.is_file())
    assert set(intake.accounted) == set(found) and len(intake.accounted) == len(found)
    assert intake.inputs[0] == str(inbox) and sorted(intake.inputs[1:]) == found
    assert intake.unaccounted == []
    status = intake.accounted
    assert status[str(inbox / "教育局.eml")] == "opened"
    assert status[str(inbox / "子目录" / "说明.pdf")] == "submission"
    assert status[str(inbox / "子目录" / ".DS_Store")] == "skipped"
    assert status[str(inbox / "~$教育局绩效自评表.xlsx")] == "skipped"
    assert status[str(inbox / "损坏.zip")] == "failed:B003"
    assert status[str(inbox / "坏邮件.msg")] == "failed:B002"
    assert status[str(inbox / "炸弹.eml")] == "opened"
    assert set(status.values()) <= {"opened", "submission", "skipped", "failed:B002", "failed:B003"}
    assert "收件/子目录/.DS_Store（以“.”开头的隐藏文件）" in intake.facts["skipped"]
    assert "收件/~$教育局绩效自评表.xlsx（Office/WPS 打开文件时生成的锁定文件）" in intake.facts["skipped"]


def test_eml_rfc2231_names_headers_and_inline_images(result, books):
    intake, _, _ = result
    (sub,) = by_name(intake, "教育局绩效自评表.xlsx")
    assert sub.origin == "收件/教育局.eml › 附件 教育局绩效自评表.xlsx"
    assert sub.container.endswith("收件")
    assert (sub.sender, sub.sender_name) == ("edu.bureau@example.cn", "教育局 张三")
    assert sub.subject == "关于报送2023年度项目支出绩效自评表的函"
    assert sub.date == datetime(2024, 3, 1, 9, 30, tzinfo=CST) and sub.date.tzinfo is not None
    assert sub.message_id == "<edu-1@example.cn>"
    assert sub.sha256 == sha(books["A"]) and sub.size == len(books["A"])
    assert sub.path.read_bytes() == books["A"]
    assert sub.facts["depth"] == 1 and sub.facts["content_type"].endswith("spreadsheetml.sheet")
    assert intake.facts["inline_images"] == 1
    assert not any(s.name.endswith(".png") for s in intake.submissions)


def test_zip_in_mail_gbk_names_and_nested_zip(result, books):
    intake, _, _ = result
    (b,) = [s for s in by_name(intake, "项目支出绩效自评表.xlsx") if "材料.zip" in s.origin]
    assert b.origin == "收件/教育局.eml › 附件 材料.zip › 教育局/项目支出绩效自评表.xlsx"
    assert b.facts["member"] == "教育局/项目支出绩效自评表.xlsx" and b.sha256 == sha(books["B"])
    assert b.sender == "edu.bureau@example.cn"                # mail provenance flows into archives
    (c,) = by_name(intake, "卫生局.xlsx")
    assert c.origin == "收件/教育局.eml › 附件 材料.zip › 内层.zip › 卫生局.xlsx" and c.facts["depth"] == 3


def test_mbox_numbering_missing_attachment_and_duplicate(result, books):
    intake, _, _ = result
    (d,) = by_name(intake, "交通局自评表.xlsx")
    assert d.origin == "收件/收件箱.mbox › 邮件#1 › 附件 交通局自评表.xlsx" and d.sha256 == sha(books["D"])
    assert codes(intake, "B001") == ["收件/收件箱.mbox › 邮件#2"]
    (no_att,) = [f for f in intake.findings if f.code == "B001"]
    assert "自评表（忘带附件）" in no_att.message and "forgot@example.cn" in no_att.message
    (again,) = by_name(intake, "自评表（重发）.xlsx")
    (first,) = by_name(intake, "教育局绩效自评表.xlsx")
    assert again.sha256 == first.sha256 and codes(intake, "B006") == []   # copies are decided by jixiao/batch/identity
    batch = reconcile([FileReport(file=s.origin, facts={"origin": s.origin, "sha256": s.sha256, "size": s.size,
                                                       "date": s.date}) for s in (first, again)], None)
    assert [(a.file, b.file) for a, b in batch.duplicates] == [(again.origin, first.origin)]


def test_msg_with_embedded_msg(result, books):
    intake, _, _ = result
    (e,) = by_name(intake, "财政局自评表.xlsx")
    assert e.origin == "收件/财政局.msg › 附件 财政局自评表.xlsx" and e.sha256 == sha(books["E"])
    assert (e.sender, e.sender_name, e.subject) == ("czj@example.cn", "财政局 李四", "财政局报送自评表")
    assert e.date == datetime(2024, 3, 6, 8, 0, tzinfo=CST) and e.message_id == "<czj-1@example.cn>"
    (f,) = by_name(intake, "水务局自评表.xlsx")
    assert f.origin == "收件/财政局.msg › 附件 转发的邮件.msg › 附件 水务局自评表.xlsx"
    assert f.sender == "sw@example.cn" and f.facts["via"] == ["czj@example.cn"] and f.facts["depth"] == 2


def test_eml_attached_inside_eml(result, books):
    intake, _, _ = result
    (g,) = by_name(intake, "农业局自评表.xlsx")
    assert g.origin == "收件/转发.eml › 附件 原邮件.eml › 附件 农业局自评表.xlsx"
    assert (g.sender, g.subject, g.message_id) == ("nyj@example.cn", "农业局自评表", "<nyj-1@example.cn>")
    assert g.facts["via"] == ["clerk@czj.example.gov.cn"] and g.sha256 == sha(books["G"])


def test_rfc2047_and_raw_gbk_names(result, books):
    intake, _, _ = result
    (h,) = by_name(intake, "卫健委自评表.xlsx")
    assert (h.sender, h.sender_name, h.subject) == ("wjw@example.cn", "卫健委", "卫健委报送自评表")
    assert h.sha256 == sha(books["H"])
    (i,) = by_name(intake, "预算表.xlsx")
    assert i.origin == "收件/foxmail.eml › 附件 预算表.xlsx" and i.sha256 == sha(books["I"])


def test_zip_slip_names_are_contained(result, books):
    intake, work, _ = result
    slips = [s for s in intake.submissions if "slip.zip" in s.origin]
    assert sorted(s.origin for s in slips) == sorted(f"收件/slip.zip › {n}" for n in
                                                     ("../../evil.xlsx", "/abs/evil2.xlsx", "..\\..\\evil3.xlsx"))
    assert {s.name for s in slips} == {"evil.xlsx", "evil2.xlsx", "evil3.xlsx"}
    for s in slips:
        assert s.path.resolve().parent.parent == work.resolve()
        assert s.path.name in ("evil.xlsx", "evil2.xlsx", "evil3.xlsx")


def test_bomb_encrypted_corrupt_and_depth_findings(result):
    intake, work, _ = result
    assert codes(intake, "B004") == ["收件/炸弹.eml › 附件 炸弹.zip"]
    (bomb,) = [f for f in intake.findings if f.code == "B004"]
    assert "压缩比" in bomb.message and "200 MiB" in bomb.message
    assert sum(p.stat().st_size for p in work.rglob("*") if p.is_file()) < 50 * 2**20  # nothing inflated
    assert not any("炸弹.zip ›" in s.origin for s in intake.submissions)
    assert sorted(codes(intake, "B003")) == ["收件/加密.zip › 加密表.xlsx", "收件/损坏.zip"]
    assert codes(intake, "B005") == ["收件/子目录/套娃.zip › 第1层.zip › 第2层.zip › 第3层.zip"]
    assert not any("最里层" in s.origin for s in intake.submissions)
    assert codes(intake, "B002") == ["收件/坏邮件.msg"]


def test_non_workbooks_are_included_and_sorted_by_date(result):
    intake, _, _ = result
    (pdf,) = by_name(intake, "说明.pdf")
    assert pdf.date is None and pdf.sender is None and "mtime" in pdf.facts and pdf.facts["depth"] == 0
    keys = [s.sort_key() for s in intake.submissions]
    assert keys == sorted(keys)
    assert intake.submissions[0].date is None                  # plain files first
    dated = [s.date for s in intake.submissions if s.date]
    assert dated == sorted(dated)


def test_findings_render_with_registered_severities(result):
    intake, _, _ = result
    expected = {"B001": "提示", "B002": "强制", "B003": "强制", "B004": "强制", "B005": "强制", "B006": "建议",
                "B007": "强制"}
    assert {c: RULES[c].severity for c in expected} == expected
    for code in expected:
        assert RULES[code].basis in ("安全规范：提交文件不受信任", "收件规范")
    for f in intake.findings:
        assert f.file and f.file in f.message and "{" not in f.message


# --- single features ---------------------------------------------------------------------


def test_write_msg_reads_back_with_extract_msg(tmp_path):
    when = datetime(2024, 3, 5, 9, 30, tzinfo=CST)
    path = write_msg(tmp_path / "a.msg", "关于报送绩效自评表", "Edu@Example.cn", when, "正文内容",
                     [("自评表.xlsx", b"PK\x03\x04data"), ("内.msg", dict(subject="内层", sender="x@y.cn", date=None,
                                                                        body="", attachments=[("b.pdf", b"%PDF")]))],
                     sender_name="教育局")
    with extract_msg.openMsg(str(path)) as msg:
        assert (msg.subject, msg.body, msg.date) == ("关于报送绩效自评表", "正文内容", when)
        assert msg.sender == "教育局 <Edu@Example.cn>"
        first, second = msg.attachments
        assert (first.longFilename, first.shortFilename, first.data) == ("自评表.xlsx", "自评表.xlsx", b"PK\x03\x04data")
        assert second.data.subject == "内层" and second.data.attachments[0].data == b"%PDF"


def test_plain_zip_at_top_level_and_explicit_files(tmp_path, books):
    src = tmp_path / "in"
    src.mkdir()
    (src / "报送.zip").write_bytes(zip_bytes({"a.xlsx": books["A"], "__MACOSX/._a.xlsx": b"x", "目录/": b""}))
    (src / "单独.xlsx").write_bytes(books["B"])
    intake = collect([src / "报送.zip", src / "单独.xlsx", src / "不存在.xlsx"], tmp_path / "work")
    assert [s.origin for s in intake.submissions] == ["单独.xlsx", "报送.zip › a.xlsx"]
    assert intake.submissions[0].path == src / "单独.xlsx"          # plain files are not copied
    assert intake.submissions[1].container == str(src / "报送.zip")
    assert intake.facts["skipped"] == ["报送.zip › __MACOSX/._a.xlsx（位于系统文件夹「__MACOSX」中）"]
    assert codes(intake, "B007") == [str(src / "不存在.xlsx")]
    assert intake.accounted == {str(src / "报送.zip"): "opened", str(src / "单独.xlsx"): "submission",
                                str(src / "不存在.xlsx"): "failed:B007"}


def test_max_depth_and_tiny_limits(tmp_path, books):
    (tmp_path / "a.zip").write_bytes(zip_bytes({"b.zip": zip_bytes({"c.xlsx": books["C"]})}))
    shallow = collect([tmp_path / "a.zip"], tmp_path / "w1", max_depth=1)
    assert codes(shallow, "B005") == ["a.zip › b.zip"] and not shallow.submissions
    many = collect([tmp_path / "a.zip"], tmp_path / "w2", limits=Limits(max_members=0))
    assert codes(many, "B004") == ["a.zip"]


def test_work_dir_inside_an_input_folder_is_refused(tmp_path):
    with pytest.raises(ValueError):
        collect([tmp_path], tmp_path / "work")


def test_classify_by_content_not_extension(tmp_path, books):
    cases = {
        "a.xlsx": books["A"], "renamed.dat": zip_bytes({"x.xlsx": books["A"]}), "mail.txt": mail("s", "a@b.cn", 1).as_bytes(),
        "box": b"From a@b.cn Sat Mar  2 09:00:00 2024\nFrom: a@b.cn\nSubject: x\n\nbody\n",
        "web.xls": b"MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=x\r\n\r\n",
        "notes.csv": b"From: a,To: b\n1,2\n",
    }
    got = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        got[name] = classify(tmp_path / name, name)
    assert got == {"a.xlsx": "file", "renamed.dat": "zip", "mail.txt": "eml", "box": "mbox", "web.xls": "file",
                   "notes.csv": "file"}


def test_safe_names_and_helpers():
    assert safe_name("../../evil.xlsx") == "evil.xlsx"
    assert safe_name("..\\..\\evil.xlsx") == "evil.xlsx"
    assert safe_name("/etc/passwd") == "passwd"
    assert safe_name("a\0b\x07.xlsx") == "ab_.xlsx"
    assert safe_name("..") == "附件" and safe_name("") == "附件"
    assert safe_name("CON.xlsx") == "附件_CON.xlsx"
    long = safe_name("表" * 200 + ".xlsx")
    assert long.endswith(".xlsx") and len(long.encode()) <= 200
    assert is_junk(".DS_Store") and is_junk("~$表.xlsx") and is_junk("__MACOSX/a.xlsx") and not is_junk("表.xlsx")
    assert sorted(["邮件#12", "邮件#2"], key=natural_key) == ["邮件#2", "邮件#12"]


def test_a_consolidation_dataset_beside_a_workbook_is_skipped_and_listed(tmp_path):
    """A department folder holds 汇总.xlsx and the dataset jixiao wrote beside it: the dataset is ours, not a
    submission, so it is skipped (and accounted for), while a stray CSV elsewhere is still reported."""
    folder = tmp_path / "部门汇总"
    data = folder / "教育局汇总_数据"
    data.mkdir(parents=True)
    for name in ("projects.csv", "projects.parquet", "indicators.csv", "字段说明.csv"):
        (data / name).write_bytes(b"x")
    (folder / "其他.csv").write_bytes(b"a,b\n")
    intake = collect([folder], tmp_path / "work")
    skipped = sorted(intake.facts["skipped"])
    assert skipped == sorted(f"部门汇总/教育局汇总_数据/{n}（jixiao 写出的汇总数据集中的文件）" for n in
                             ("projects.csv", "projects.parquet", "indicators.csv", "字段说明.csv"))
    assert [s.origin for s in intake.submissions] == ["部门汇总/其他.csv"]
    assert all(intake.accounted[str(data / n)] == "skipped" for n in ("projects.csv", "字段说明.csv"))
