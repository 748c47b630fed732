"""Hostile inputs never crash or hang the intake: each bad input becomes that input's finding, nothing is dropped.

Every collect() here runs in a subprocess with a timeout (a FIFO or a device would otherwise hang the test run) and
prints its result as UTF-8 JSON, which fails if any name, origin or finding is not valid text.
"""
from __future__ import annotations

import functools
import hashlib
import json
import mailbox
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from jixiao.intake import safe_name
from tests.hostile import intake_cases as cases

MiB = 2**20
ROOT = Path(__file__).resolve().parents[2]

_RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
from jixiao.intake import collect
from jixiao.workbook.sniff import Limits
args = json.loads(sys.argv[1])
kw = dict(args.get("kw", {}))
if "limits" in kw:
    kw["limits"] = Limits(**kw["limits"])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
intake = collect([Path(p) for p in args["paths"]], Path(args["work"]), **kw)
seconds = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {
    "seconds": seconds, "rss_before_kib": before, "rss_after_kib": after,
    "submissions": [{"origin": s.origin, "name": s.name, "path": str(s.path), "sha256": s.sha256, "size": s.size,
                     "container": s.container, "sender": s.sender, "subject": s.subject, "facts": s.facts}
                    for s in intake.submissions],
    "findings": [{"code": f.code, "file": f.file, "detail": f.detail, "message": f.message} for f in intake.findings],
    "inputs": intake.inputs, "accounted": intake.accounted, "facts": intake.facts, "unaccounted": intake.unaccounted,
}
sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, default=str).encode("utf-8"))
"""


def run_collect(paths, work: Path, timeout: float = 60, **kw) -> dict:
    """collect() in a fresh interpreter; a hang fails the test (TimeoutExpired) instead of stalling the run."""
    args = json.dumps({"paths": [str(p) for p in paths], "work": str(work), "kw": kw})   # ASCII: surrogates survive
    proc = subprocess.run([sys.executable, "-c", _RUNNER, args], capture_output=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    return json.loads(proc.stdout.decode("utf-8"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def codes(out: dict, code: str) -> list[str]:
    return sorted(f["file"] for f in out["findings"] if f["code"] == code)


def by_origin(out: dict) -> dict[str, dict]:
    return {s["origin"]: s for s in out["submissions"]}


def work_files(work: Path) -> list[Path]:
    return [p for p in work.rglob("*") if p.is_file()]


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "收件"
    folder.mkdir()
    return folder


# --- 1. names that are not valid text -------------------------------------------------------------------------


def test_undecodable_file_names_become_text(inbox, tmp_path):
    raw = os.fsencode(inbox)
    data = {b"\xff\xfe.xlsx": cases.xlsx("甲"), "预算表.xlsx".encode("gbk"): cases.xlsx("乙")}
    for name, content in data.items():
        with open(os.path.join(raw, name), "wb") as f:
            f.write(content)
    os.mkdir(os.path.join(raw, b"\xff-dir"))
    with open(os.path.join(raw, b"\xff-dir", b"\x80\xff.xlsx"), "wb") as f:
        f.write(cases.xlsx("丙"))
    out = run_collect([inbox], tmp_path / "work")            # fails to print if anything is not valid text
    subs = by_origin(out)
    assert sorted(subs) == ["收件/\\xff-dir/\\x80\\xff.xlsx", "收件/\\xff\\xfe.xlsx", "收件/预算表.xlsx"]
    assert subs["收件/预算表.xlsx"]["name"] == "预算表.xlsx"               # GBK names are read as GBK
    assert subs["收件/\\xff\\xfe.xlsx"]["name"] == "\\xff\\xfe.xlsx"        # other bytes shown, not lost
    assert subs["收件/\\xff\\xfe.xlsx"]["sha256"] == sha(data[b"\xff\xfe.xlsx"])
    for sub in subs.values():
        path = Path(sub["path"])                                          # readable under a clean name
        assert path.is_file() and sha(path.read_bytes()) == sub["sha256"]
        os.fsencode(sub["path"]).decode("utf-8")
    assert len(out["accounted"]) == 3 and out["unaccounted"] == []
    assert set(out["accounted"].values()) == {"submission"}


def test_control_characters_in_names_are_shown_escaped(inbox, tmp_path):
    cases.control_and_markup_names(inbox)
    out = run_collect([inbox], tmp_path / "work")
    origins = sorted(by_origin(out))
    assert origins == sorted(["收件/\\x1b[2J清屏\\x07.xlsx", "收件/标记[bold].zip › [/]标记.xlsx",
                              "收件/标记[bold].zip › \\x1b]0;标题\\x07.xlsx"])
    for text in [*origins, *(s["name"] for s in out["submissions"]), *out["accounted"]]:
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text), repr(text)


# --- 2. header comment bombs ----------------------------------------------------------------------------------


def test_header_comment_bomb_is_bounded(inbox, tmp_path):
    cases.header_paren_bomb(inbox)
    out = run_collect([inbox], tmp_path / "work", timeout=60)
    assert out["seconds"] < 6, out["seconds"]
    names = {s["origin"].split(" › ")[0]: s["name"] for s in out["submissions"]}
    assert names == {"收件/括号炸弹-附件名.eml": "a.xlsx", "收件/括号炸弹-类型名.eml": "b.xlsx",
                     "收件/括号炸弹-发件人.eml": "c.xlsx"}
    assert set(out["accounted"].values()) == {"opened"}


def test_header_bomb_in_mbox_and_deep_multipart(inbox, tmp_path):
    """The same bomb inside an mbox, and 5000 nested multiparts: bounded, every sane part still taken."""
    box = mailbox.mbox(inbox / "收件箱.mbox")
    bomb = cases.raw_mail([cases.b64_part(b"Content-Type: application/octet-stream; name=\"d.xlsx\"" + b"(" * 30000,
                                          cases.xlsx("丁"))], subject="炸弹")
    box.add(bomb)
    box.add(cases.mail("正常", [("正常.xlsx", cases.xlsx("正常"))]))
    box.flush()
    box.close()
    nested = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(5000))
    (inbox / "深.eml").write_bytes(b"From: a@b.cn\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" + nested
                                  + b"Content-Type: text/plain\r\n\r\nhi\r\n")
    out = run_collect([inbox], tmp_path / "work", timeout=60)
    assert out["seconds"] < 6, out["seconds"]
    assert {s["name"] for s in out["submissions"]} == {"d.xlsx", "正常.xlsx"}
    assert out["accounted"] == {str(inbox / "收件箱.mbox"): "opened", str(inbox / "深.eml"): "opened"}
    assert any(f["code"] in ("B001", "B002") and f["file"].startswith("收件/深.eml") for f in out["findings"])


# --- 3. FIFOs, sockets, devices -------------------------------------------------------------------------------


def test_special_files_are_listed_and_never_opened(inbox, tmp_path):
    cases.fifo(inbox)
    cases.unix_socket(inbox)
    cases.device_links(inbox)
    (inbox / "正常.xlsx").write_bytes(cases.xlsx("正常"))
    started = time.monotonic()
    out = run_collect([inbox], tmp_path / "work", timeout=30)
    assert time.monotonic() - started < 30
    assert [s["origin"] for s in out["submissions"]] == ["收件/正常.xlsx"]
    special = ["收件/套接字.xlsx", "收件/管道.xlsx", *(["收件/设备.xlsx"] if (inbox / "设备.xlsx").exists() else [])]
    assert codes(out, "B008") == sorted(special)
    assert codes(out, "B009") == ["收件/随机.xlsx", "收件/零.xlsx"]          # links out of the tree: not followed
    for f in out["findings"]:
        assert "未读取" in f["message"] or "未跟随" in f["message"]
    assert out["accounted"][str(inbox / "管道.xlsx")] == "failed:B008"
    assert out["accounted"][str(inbox / "零.xlsx")] == "failed:B009"
    assert len(out["accounted"]) == len(os.listdir(inbox)) and out["unaccounted"] == []
    assert sum(p.stat().st_size for p in work_files(tmp_path / "work")) == 0


def test_a_special_file_given_by_name_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "管道.eml")
    out = run_collect([tmp_path / "管道.eml"], tmp_path / "work", timeout=30)
    assert codes(out, "B008") == [str(tmp_path / "管道.eml")] and not out["submissions"]


# --- 4. symlinks ----------------------------------------------------------------------------------------------


def test_symlinks_out_of_the_tree_are_never_followed(inbox, tmp_path):
    outside = tmp_path / "外部"
    outside.mkdir()
    secret = cases.xlsx("外部的秘密")
    (outside / "秘密.xlsx").write_bytes(secret)
    (outside / "套.zip").write_bytes(cases.zip_bytes({"秘密2.xlsx": secret}))
    os.symlink(outside / "秘密.xlsx", inbox / "外链-秘密.xlsx")
    os.symlink(outside, inbox / "外链-外部目录")
    os.symlink("../外部/套.zip", inbox / "外链-相对.zip")
    cases.links_out(inbox)
    cases.links_in(inbox)
    out = run_collect([inbox], tmp_path / "work", timeout=30)
    out_links = ["外链-上级", "外链-外部目录", "外链-密码.xlsx", "外链-相对.zip", "外链-目录", "外链-秘密.xlsx"]
    assert codes(out, "B009") == sorted(f"收件/{n}" for n in out_links)
    for f in out["findings"]:
        if f["code"] == "B009":
            assert "未跟随" in f["message"] and "未读取" in f["message"]
    assert all(s["sha256"] != sha(secret) for s in out["submissions"])
    for p in work_files(tmp_path / "work"):                           # nothing from outside was copied
        data = p.read_bytes()
        assert data != secret and b"root:" not in data
    # inside the tree: a link to a file is that file; a link to a folder is not walked twice; dead links listed
    subs = by_origin(out)
    assert sorted(subs) == ["收件/内链-文件.xlsx", "收件/内链-目标.xlsx"]
    assert subs["收件/内链-文件.xlsx"]["sha256"] == subs["收件/内链-目标.xlsx"]["sha256"]
    assert Path(subs["收件/内链-文件.xlsx"]["path"]).resolve().parent == inbox.resolve()
    assert out["facts"]["skipped"] == ["收件/内链-本目录（指向本文件夹内的文件夹「.」的符号链接，该文件夹按实际位置读取，不经链接重复读取）"]
    assert codes(out, "B007") == ["收件/内链-断链.xlsx", "收件/内链-自环.xlsx"]
    assert sorted(out["accounted"]) == sorted(str(inbox / n) for n in os.listdir(inbox))
    assert out["accounted"][str(inbox / "外链-秘密.xlsx")] == "failed:B009"
    assert out["accounted"][str(inbox / "内链-本目录")] == "skipped"


# --- 5. long names --------------------------------------------------------------------------------------------


def test_long_names_are_stored_short_and_shown_whole(inbox, tmp_path):
    cases.long_names(inbox)
    out = run_collect([inbox], tmp_path / "work")
    subs = out["submissions"]
    assert sorted(s["name"] for s in subs) == sorted(["表" * 300 + ".xlsx", "表" * 299 + "乙.xlsx", "附" * 300 + ".xlsx"])
    stored = [Path(s["path"]).name for s in subs]
    for s, name in zip(subs, stored):
        assert s["origin"].endswith(s["name"])                            # the full name is shown
        assert len(name.encode()) <= 200 and name.endswith(".xlsx") and name.startswith(s["name"][:20])
    assert len(set(stored)) == 3                                          # shortened names stay distinct


def test_safe_name_limits_bytes_fast_and_stays_unique():
    a, b = safe_name("表" * 300 + ".xlsx"), safe_name("表" * 299 + "乙.xlsx")
    assert a != b and len(a.encode()) <= 200 and len(b.encode()) <= 200 and a.endswith(".xlsx")
    assert safe_name("表" * 300 + ".xlsx") == a                          # deterministic
    ext = safe_name("表" * 300 + ".很长的中文扩展名称九十")
    assert len(ext.encode()) <= 200
    odd = safe_name(os.fsdecode(b"\xff" * 400 + b".xlsx"))                # surrogate escapes
    odd.encode("utf-8")
    assert len(odd.encode()) <= 200 and odd.endswith(".xlsx")
    started = time.monotonic()
    huge = safe_name("表" * 1_000_000 + ".xlsx")
    assert time.monotonic() - started < 1 and len(huge.encode()) <= 200


# --- 6. one extraction budget per run, streaming ---------------------------------------------------------------


def test_nested_archives_share_one_budget(inbox, tmp_path):
    cases.zip_of_zips(inbox, inner=4, size=1 * MiB)
    out = run_collect([inbox], tmp_path / "work", limits={"max_uncompressed_bytes": int(2.5 * MiB)})
    taken = [s["origin"] for s in out["submissions"]]
    assert taken == [f"收件/套娃炸弹.zip › 第{i}包.zip › 数据.xlsx" for i in (1, 2)]
    # the first item that did not fit has its own finding; the rest of that input is summed up in one more
    assert codes(out, "B004") == ["收件/套娃炸弹.zip", "收件/套娃炸弹.zip › 第3包.zip › 数据.xlsx"]
    summary = next(f for f in out["findings"] if f["file"] == "收件/套娃炸弹.zip")
    assert "第4包.zip › 数据.xlsx" in summary["message"] and "未取出" in summary["message"]
    assert out["facts"]["not_extracted"] == [f"收件/套娃炸弹.zip › 第{i}包.zip › 数据.xlsx" for i in (3, 4)]
    assert sum(p.stat().st_size for p in work_files(tmp_path / "work")) <= 2.5 * MiB


def test_many_small_attachments_share_the_input_file_budget(inbox, tmp_path):
    """A small mail with thousands of tiny attachments (a file-count bomb) yields at most the per-input number."""
    (inbox / "多.eml").write_bytes(cases.mail("多附件", [(f"{i}.xlsx", b"x") for i in range(80)]).as_bytes())
    out = run_collect([inbox], tmp_path / "work", limits={"max_members": 50})
    assert len(out["submissions"]) == 50
    assert codes(out, "B004") == ["收件/多.eml", "收件/多.eml › 附件 50.xlsx"]
    assert len(out["facts"]["not_extracted"]) == 30 and len(work_files(tmp_path / "work")) == 50


def test_one_budget_for_the_whole_run(inbox, tmp_path):
    for i in (1, 2, 3):
        (inbox / f"包{i}.zip").write_bytes(cases.zip_bytes({f"表{i}.xlsx": os.urandom(MiB)}))
    (inbox / "邮件.eml").write_bytes(cases.mail("附件", [("邮件附件.xlsx", os.urandom(MiB))]).as_bytes())
    out = run_collect([inbox], tmp_path / "work", max_extracted_bytes=int(2.5 * MiB))
    assert len(out["submissions"]) == 2
    spent = codes(out, "B010")
    assert len(spent) == 2 and all(f.startswith("收件/") for f in spent)
    for f in out["findings"]:
        assert f["code"] != "B010" or ("上限" in f["message"] and "未" in f["message"])
    assert sum(p.stat().st_size for p in work_files(tmp_path / "work")) <= 2.5 * MiB
    assert set(out["accounted"].values()) <= {"opened", "failed:B010"}


@pytest.mark.parametrize("kind", ["eml", "mbox"])
def test_a_big_attachment_streams_without_loading_the_mail(inbox, tmp_path, kind):
    size = 64 * MiB
    path = cases.big_attachment(inbox, size=size)
    if kind == "mbox":
        box = inbox / "大邮箱.mbox"
        with open(box, "wb") as f, open(path, "rb") as src:
            f.write(b"From unit@example.cn Mon Mar  2 09:30:00 2026\n")
            while chunk := src.read(MiB):
                f.write(chunk)
        path.unlink()
    out = run_collect([inbox], tmp_path / "work", timeout=120)
    (sub,) = out["submissions"]
    assert sub["name"] == "big.bin" and sub["size"] == size
    grew = (out["rss_after_kib"] - out["rss_before_kib"]) * 1024
    assert grew < size / 2, f"peak memory grew by {grew / MiB:.0f} MiB for a {size / MiB:.0f} MiB attachment"


# --- 7. nothing dropped silently ------------------------------------------------------------------------------


def test_unnamed_attachment_is_kept(inbox, tmp_path):
    cases.unnamed_attachment(inbox)
    out = run_collect([inbox], tmp_path / "work")
    assert sorted(s["name"] for s in out["submissions"]) == ["有名.xlsx", "未命名附件1.xlsx"]
    unnamed = next(s for s in out["submissions"] if s["name"] == "未命名附件1.xlsx")
    assert unnamed["size"] > 0 and unnamed["facts"]["content_type"] == cases.XLSX_TYPE


def test_forwarded_mail_in_base64_is_opened(inbox, tmp_path):
    cases.forwarded_base64(inbox)
    out = run_collect([inbox], tmp_path / "work")
    (sub,) = out["submissions"]
    assert sub["origin"] == "收件/转发base64.eml › 附件 原邮件.eml › 附件 转发内.xlsx"
    assert sub["sender"] == "inner@example.cn" and sub["subject"] == "被转发的自评表" and sub["facts"]["depth"] == 2
    shallow = run_collect([inbox], tmp_path / "work2", max_depth=1)
    assert codes(shallow, "B005") == ["收件/转发base64.eml › 附件 原邮件.eml"] and not shallow["submissions"]


def test_zip_entry_named_like_a_folder_but_holding_data(inbox, tmp_path):
    cases.zip_dir_entry_with_data(inbox)
    out = run_collect([inbox], tmp_path / "work")
    subs = by_origin(out)
    assert sorted(subs) == ["收件/目录条目.zip › 数据/", "收件/目录条目.zip › 正常.xlsx"]
    assert subs["收件/目录条目.zip › 数据/"]["size"] > 0 and subs["收件/目录条目.zip › 数据/"]["name"] == "数据"


def test_empty_folder_entries_in_a_zip_are_not_files(inbox, tmp_path):
    with zipfile.ZipFile(inbox / "a.zip", "w") as zf:
        zf.writestr("目录/", b"")
        zf.writestr("目录/表.xlsx", cases.xlsx("表"))
    out = run_collect([inbox], tmp_path / "work")
    assert [s["origin"] for s in out["submissions"]] == ["收件/a.zip › 目录/表.xlsx"] and not out["findings"]


# --- all cases together ---------------------------------------------------------------------------------------


def test_all_cases_in_one_folder_end_and_are_accounted_for(inbox, tmp_path):
    small = {**cases.CASES, "zip_of_zips": functools.partial(cases.zip_of_zips, inner=3, size=MiB),
             "big_attachment": functools.partial(cases.big_attachment, size=2 * MiB)}
    for build in small.values():
        build(inbox)
    out = run_collect([inbox], tmp_path / "work", timeout=60)
    assert out["seconds"] < 20
    assert out["unaccounted"] == []
    entries = 0                                                          # files, links and special files
    for root, dirs, files in os.walk(os.fsencode(inbox)):
        entries += len(files) + sum(os.path.islink(os.path.join(root, d)) for d in dirs)
    assert len(out["accounted"]) == entries
    allowed = {"submission", "opened", "skipped", "failed:B002", "failed:B004", "failed:B007", "failed:B008",
               "failed:B009"}
    assert set(out["accounted"].values()) <= allowed


# --- the streaming mail reader decodes what the email package decodes ----------------------------------------


def _reference_parts(raw: bytes) -> dict[str, bytes]:
    """Named leaf parts as the email package decodes them (whole mail in memory), keyed like our origins."""
    import email
    import email.policy

    found = {}

    def walk(part, trail):
        if part.get_content_type() == "message/rfc822":
            walk(part.get_payload()[0], [*trail, f"附件 {part.get_filename()}"])
        elif part.is_multipart():
            for sub in part.iter_parts():
                walk(sub, trail)
        elif part.get_filename():
            found[" › ".join([*trail, f"附件 {part.get_filename()}"])] = part.get_payload(decode=True)

    walk(email.message_from_bytes(raw, policy=email.policy.default), [])
    return found


def test_streamed_attachments_equal_what_the_email_package_decodes(tmp_path):
    import email.policy
    import random

    from jixiao.intake import collect

    rng = random.Random(20260302)
    for trial in range(24):
        msg = cases.mail(f"第{trial}封")
        if trial % 3 == 0:
            msg.add_alternative("<p>请查收</p>", subtype="html")
        for i in range(1 + trial % 3):
            size = rng.choice([0, 1, 2, 3, 57, 1000, 70_000, MiB + 3 if trial in (5, 11) else 10])
            text = "".join(rng.choice("ab =é中\t\n") for _ in range(size))
            cte = ("base64", "quoted-printable", "8bit", "bin")[(trial + i) % 4]
            if cte == "bin":
                msg.add_attachment(rng.randbytes(size), "application", "octet-stream", filename=f"f{i}.bin")
            else:
                msg.add_attachment(text, filename=f"f{i}.txt", cte=cte)
        if trial % 4 == 1:
            inner = cases.mail("内层", [("内.xlsx", b"inner" * 300)])
            msg.add_attachment(inner, filename="内层.eml")
        raw = msg.as_bytes(policy=email.policy.default.clone(linesep="\r\n" if trial % 2 else "\n"))
        folder = tmp_path / f"m{trial}"
        folder.mkdir()
        (folder / "m.eml").write_bytes(raw)
        intake = collect([folder], tmp_path / f"w{trial}")
        got = {s.origin.split(" › ", 1)[1]: s.path.read_bytes() for s in intake.submissions}
        assert got == _reference_parts(raw), trial


def test_msg_attachments_count_against_the_run_budget(tmp_path):
    from jixiao.intake import write_msg

    inbox = tmp_path / "in"
    inbox.mkdir()
    write_msg(inbox / "a.msg", "报送", "a@b.cn", None, "见附件",
              [("一.xlsx", os.urandom(MiB)), ("二.xlsx", os.urandom(MiB))])
    out = run_collect([inbox], tmp_path / "work", max_extracted_bytes=int(1.5 * MiB))
    assert [s["name"] for s in out["submissions"]] == ["一.xlsx"]
    assert codes(out, "B010") == ["in/a.msg › 附件 二.xlsx"]
