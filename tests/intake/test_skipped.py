"""Skipped inputs carry their reason from intake to every place a batch lists them (说明 sheet, terminal summary)."""
from __future__ import annotations

import os

from jixiao.batch import reconcile
from jixiao.cli import check as check_cli
from jixiao.cli.common import console
from jixiao.intake import collect
from jixiao.report.summary import info_rows


def test_a_folder_link_and_a_lock_file_are_each_listed_with_their_reason(tmp_path):
    inbox = tmp_path / "收件"
    (inbox / "材料").mkdir(parents=True)
    (inbox / "材料" / "自评表.xlsx").write_bytes(b"x")
    (inbox / "~$自评表.xlsx").write_bytes(b"x")
    os.symlink("材料", inbox / "材料-快捷方式")
    intake = collect([inbox], tmp_path / "work")
    link = "收件/材料-快捷方式（指向本文件夹内的文件夹「材料」的符号链接，该文件夹按实际位置读取，不经链接重复读取）"
    lock = "收件/~$自评表.xlsx（Office/WPS 打开文件时生成的锁定文件）"
    assert sorted(intake.facts["skipped"]) == sorted([link, lock])
    assert [s.origin for s in intake.submissions] == ["收件/材料/自评表.xlsx"]

    batch = reconcile([], None)
    batch.skipped = list(intake.facts["skipped"])               # as batch/pipeline.py hands them on
    info = {r["item"]: r["text"] for r in info_rows(batch)}
    assert info["跳过的文件"].startswith("2个，未作为报送文件审核")
    assert {info["跳过的文件1"], info["跳过的文件2"]} == {link, lock}
    with console.capture() as captured:
        check_cli._summary(batch, [])
    printed = "".join(captured.get().split())                   # rich wraps long lines
    assert "已跳过2个文件" in printed
    assert "".join(link.split()) in printed and "".join(lock.split()) in printed
