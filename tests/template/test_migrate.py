"""`jixiao template fill … --from 旧表/`: a folder of units' own layouts moves onto the official template; a file that
cannot be read is named with its reason and the others are still written."""

import shutil
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.workbook.reader import read

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
OLD = ["附1-区文化馆-公共文化服务体系建设-2024.xlsx", "四川式-区食品药品检验所-食品安全抽检-2024.xlsx"]


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    r.text = r.output.replace("\n", "")
    return r


def test_a_folder_moves_and_a_bad_file_is_named(tmp_path):
    inbox = tmp_path / "旧表"
    inbox.mkdir()
    for name in OLD:
        shutil.copy(REAL / name, inbox)
    (inbox / "坏文件.xlsx").write_bytes(b"not a workbook")
    (inbox / "说明.txt").write_text("不是来源", encoding="utf-8")
    r = run("template", "fill", "项目支出绩效自评表", "--from", inbox, "-o", tmp_path / "新表")
    assert r.exit_code == 1, r.output
    assert "未生成 坏文件.xlsx" in r.text and "共 3 份来源：生成 2 份，未生成 1 份" in r.text
    assert "按版式“项目支出绩效自评表（财预〔2020〕10号 附1 样式）”读取" in r.text and "national_self_eval" not in r.text
    assert "F19" in r.text                      # 「97-99」: said with its cell, not guessed
    made = sorted(p.name for p in (tmp_path / "新表").iterdir())
    assert len(made) == 2
    for name in OLD:
        old, new = read(REAL / name), read(tmp_path / "新表" / f"{Path(name).stem}-项目支出绩效自评表.xlsx")
        assert new.layout is None and new.form.id == "project_self_eval"
        for key in ("name", "nature", "target", "unit", "actual", "weight"):
            assert ([row.get(key) for row in new.data["tables"]["indicators"] if row]
                    == [row.get(key) for row in old.data["tables"]["indicators"] if row]), key


def test_a_single_unreadable_file_is_an_error(tmp_path):
    bad = tmp_path / "旧表.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    r = run("template", "fill", "项目支出绩效自评表", "--from", bad, "-o", tmp_path / "新表.xlsx")
    assert r.exit_code == 2 and "旧表.xlsx" in r.text
    assert not (tmp_path / "新表.xlsx").exists()
